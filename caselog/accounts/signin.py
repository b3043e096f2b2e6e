"""Signing in: email and password, then (for coordinators and support) a two-factor code.

A wrong password, an unknown email and a locked sign-in all get the same message, so the
page never tells anyone whether an address has an account.
"""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.contrib.auth import authenticate

from .models import normalise_email

SIGN_IN_FAILED = (
    "Enter a correct email address and password. After {limit} wrong attempts you must wait "
    "{minutes} minutes before you try again."
)


def sign_in_failed_message() -> str:
    return SIGN_IN_FAILED.format(limit=settings.AXES_FAILURE_LIMIT, minutes=round(settings.AXES_COOLOFF_TIME * 60))


def second_step(user) -> str | None:
    """Where a signed-in user who still owes a two-factor code goes: the challenge, or
    setting up an app if they have none. None when they owe nothing."""
    # django-otp's middleware gives request.user is_verified(); a user just signed in has
    # not given a code in this request
    if not user.needs_two_factor or getattr(user, "is_verified", lambda: False)():
        return None
    from django_otp.plugins.otp_totp.models import TOTPDevice

    has_app = TOTPDevice.objects.filter(user=user, confirmed=True).exists()
    return "accounts:two-factor" if has_app else "accounts:two-factor-set-up"


def typed_email(request, credentials) -> str:
    """The email address failures are counted against (django-axes AXES_USERNAME_CALLABLE)."""
    value = (credentials or {}).get("username") or (credentials or {}).get("email")
    if value is None and request is not None:
        value = request.POST.get("email", "")
    return normalise_email(str(value or ""))


def locked_out_response(request, response, credentials):
    """django-axes AXES_LOCKOUT_CALLABLE: keep the sign-in page's own answer, which already
    says what it says for any failure."""
    return response


class SignInForm(forms.Form):
    email = forms.EmailField(
        label="Email address", max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        error_messages={"required": "Enter your email address",
                        "invalid": "Enter an email address in the correct format, like name@example.com"},
    )
    password = forms.CharField(
        label="Password", strip=False, widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        error_messages={"required": "Enter your password"},
    )

    def __init__(self, request, *args, **kwargs):
        self.request = request
        self.user = None
        super().__init__(*args, **kwargs)

    def clean(self):
        cleaned = super().clean()
        email, password = cleaned.get("email"), cleaned.get("password")
        if email and password:
            self.user = authenticate(self.request, username=normalise_email(email), password=password)
            if self.user is None:
                raise forms.ValidationError(sign_in_failed_message(), code="sign_in_failed")
        return cleaned
