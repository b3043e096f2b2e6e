"""The email that tells the person uploading that their upload has finished."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mail
from django.urls import reverse


def send_upload_finished(upload) -> None:
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
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [upload.uploaded_by.email])
