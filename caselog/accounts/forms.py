"""Forms for the account, users and organisation pages, with GOV.UK error wording."""

from __future__ import annotations

from django import forms
from django.contrib.auth import password_validation

from .models import User, normalise_email


class EmailForm(forms.Form):
    email = forms.EmailField(
        label="Email address", max_length=254, widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        error_messages={"required": "Enter your email address",
                        "invalid": "Enter an email address in the correct format, like name@example.com"},
    )


class SetPasswordForm(forms.Form):
    """A new password, typed twice. Long enough and not a common one; no other rules (paste
    is welcome: password managers make the best passwords)."""

    password = forms.CharField(
        label="Create a password", strip=False,
        help_text="Use at least 10 characters. A few unrelated words make a good password.",
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        error_messages={"required": "Enter a password"},
    )
    confirm = forms.CharField(
        label="Confirm your password", strip=False, widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        error_messages={"required": "Enter the password again to confirm it"},
    )

    def __init__(self, user: User, *args, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)

    def clean_password(self) -> str:
        password = self.cleaned_data["password"]
        try:
            password_validation.validate_password(password, self.user)
        except forms.ValidationError as exc:
            raise forms.ValidationError([_plain(m) for m in exc.messages]) from exc
        return password

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("password") and cleaned.get("confirm") is not None and cleaned["password"] != cleaned["confirm"]:
            self.add_error("confirm", "The passwords do not match. Type the same password in both boxes")
        return cleaned


def _plain(message: str) -> str:
    """Django's validator messages in the service's voice."""
    replacements = {
        "This password is too common.": "This password is too common. Choose one that is harder to guess",
        "This password is too short. It must contain at least 10 characters.": "Use at least 10 characters",
    }
    if message.startswith("The password is too similar"):
        return "Your password is too like your name or email address. Choose a different one"
    return replacements.get(message, message)


class ChangePasswordForm(SetPasswordForm):
    current = forms.CharField(
        label="Current password", strip=False, widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        error_messages={"required": "Enter your current password"},
    )
    field_order = ["current", "password", "confirm"]

    def clean_current(self) -> str:
        current = self.cleaned_data["current"]
        if not self.user.check_password(current):
            raise forms.ValidationError("Your current password is not right. Check it and try again")
        return current


class NameForm(forms.Form):
    name = forms.CharField(label="Full name", max_length=255, error_messages={"required": "Enter your full name"})


ROLE_HINTS = {
    User.Role.DATA_PROVIDER: "Can add and change logs for the organisation.",
    User.Role.DATA_COORDINATOR: "Can also invite and manage users and change the organisation's details.",
    User.Role.SUPPORT: "Helpdesk staff: can see and change every organisation.",
}


class UserForm(forms.Form):
    """Inviting someone, or changing their details."""

    name = forms.CharField(label="Full name", max_length=255, error_messages={"required": "Enter their full name"})
    email = forms.EmailField(
        label="Email address", max_length=254, widget=forms.EmailInput(attrs={"autocomplete": "off"}),
        error_messages={"required": "Enter their email address",
                        "invalid": "Enter an email address in the correct format, like name@example.com"},
    )
    organisation = forms.ChoiceField(label="Organisation", error_messages={"required": "Select their organisation"})
    role = forms.ChoiceField(label="Role", error_messages={"required": "Select a role"})
    is_dpo = forms.BooleanField(label="Data protection officer", required=False,
                                help_text="Accepts the data sharing agreement for the organisation.")
    is_key_contact = forms.BooleanField(label="Key contact", required=False,
                                        help_text="Gets news about the collection and deadlines.")

    def __init__(self, *args, roles: list[str], organisations, person: User | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.person = person
        self.fields["role"].choices = [(r, User.Role(r).label) for r in roles]
        self.fields["organisation"].choices = [("", "Select an organisation")] + [(str(o.pk), o.name) for o in organisations]
        self.organisations = {str(o.pk): o for o in organisations}
        if len(self.organisations) == 1:
            self.fields["organisation"].initial = next(iter(self.organisations))

    def clean_email(self) -> str:
        email = normalise_email(self.cleaned_data["email"])
        others = User.objects.filter(email=email)
        if self.person is not None:
            others = others.exclude(pk=self.person.pk)
        if others.exists():
            raise forms.ValidationError("Someone already has an account with this email address")
        return email

    def clean_organisation(self):
        value = self.cleaned_data["organisation"]
        if value not in self.organisations:
            raise forms.ValidationError("Select their organisation")
        return self.organisations[value]
