"""Every email the service sends: its subject and words, in one place. Sent through
whichever backend the settings choose (files in var/email/, SMTP, or GOV.UK Notify)."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mail
from django.urls import reverse

from .tokens import invitation_tokens, password_reset_tokens, uid_of


def _send(to: str, subject: str, body: str) -> None:
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [to])


def send_invitation(request, user, invited_by) -> None:
    link = request.build_absolute_uri(
        reverse("accounts:invitation", args=[uid_of(user), invitation_tokens.make_token(user)])
    )
    organisation = user.organisation.name if user.organisation else settings.SERVICE_NAME
    _send(
        user.email,
        f"You have been invited to submit data for {organisation}",
        f"""Dear {user.name},

{invited_by.name} has invited you to submit social housing data for {organisation} using {settings.SERVICE_NAME}.

To set your password and sign in, open this link:

{link}

The link works once and expires in {settings.INVITATION_DAYS} days. If it has expired, ask {invited_by.name} to invite you again, or use "Forgotten your password?" on the sign-in page.
""",
    )


def send_password_reset(request, user) -> None:
    link = request.build_absolute_uri(
        reverse("accounts:reset-password", args=[uid_of(user), password_reset_tokens.make_token(user)])
    )
    minutes = settings.PASSWORD_RESET_TIMEOUT // 60
    _send(
        user.email,
        f"Reset your {settings.SERVICE_NAME} password",
        f"""Dear {user.name},

Someone asked to reset the password for {user.email} on {settings.SERVICE_NAME}. To choose a new password, open this link:

{link}

The link works once and expires in {minutes} minutes.

If you did not ask for this, you do not need to do anything: your password has not changed.
""",
    )


def send_deactivated(user, by) -> None:
    _send(
        user.email,
        f"Your {settings.SERVICE_NAME} account has been deactivated",
        f"""Dear {user.name},

{by.name} has deactivated your {settings.SERVICE_NAME} account. You have been signed out and cannot sign in again.

If you think this is a mistake, contact {by.name} at {by.email}.
""",
    )


def send_two_factor_reset(user, by) -> None:
    _send(
        user.email,
        f"Your {settings.SERVICE_NAME} two-factor authentication has been reset",
        f"""Dear {user.name},

{by.name} from the {settings.SERVICE_NAME} support team has reset your two-factor authentication: your authenticator app and recovery codes no longer work, and you have been signed out.

The next time you sign in, you will be asked to set up an authenticator app again and given new recovery codes.

If you did not ask for this, contact {by.name} at {by.email} straight away.
""",
    )


def send_upload_finished(upload) -> None:
    """Tells the person who uploaded a file that it has been checked or saved, or could not be,
    with a link to it (sent from a background task, so the link is built from SERVICE_URL)."""
    link = settings.SERVICE_URL + reverse("uploads:detail", args=[upload.pk])
    summary = upload.summary or {}
    if upload.status == upload.Status.CHECKED:
        subject = f"Your file {upload.filename} has been checked"
        found = (f"It has {summary.get('rows', 0):,} logs: {summary.get('rows_with_errors', 0):,} with errors and "
                 f"{summary.get('rows_with_warnings', 0):,} with answers to confirm.")
        then = "Open the link to see what was found and choose which logs to create."
    elif upload.status == upload.Status.STORED:
        subject = f"Logs from {upload.filename} have been saved"
        found = f"{summary.get('created', 0):,} logs were created and {summary.get('updated', 0):,} were updated."
        then = "Open the link to see them."
    else:
        subject = f"There was a problem with your file {upload.filename}"
        found = upload.message or "It could not be checked."
        then = "Open the link to see what to do next."
    body = f"""Dear {upload.uploaded_by.name},

{found}

{then}

{link}
"""
    _send(upload.uploaded_by.email, subject, body)
