"""An organisation's API keys: the list, creating a key (its secret shown once, on the page
that answers the form, and never again) and revoking one. Who may is
permissions.can_manage_api_keys; to anyone else the pages do not exist (404).

The secret is never stored, put in the session or in an address: the model keeps its hash
(caselog/channels/api/models.py), and the page showing it is not cached.
"""

from __future__ import annotations

import datetime as dt

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from caselog.accounts import permissions
from caselog.accounts.audit import record
from caselog.accounts.models import Organisation, SecurityEvent
from caselog.accounts.organisation_forms import DateForm
from caselog.channels.api.models import KEY_START, ApiKey
from caselog.schemes.dates import govuk_date, govuk_datetime

from ..govuk import error_summary, radios_params

NAME_MAX = ApiKey._meta.get_field("name").max_length
LONGEST_YEARS = 10  # how far ahead an expiry date may be
ACCESS_HINTS = {
    ApiKey.Access.READ: "For example, to copy logs into a reporting tool",
    ApiKey.Access.WRITE: "For example, for a housing management system that sends its lettings to the service",
}


def _organisation_or_404(request: HttpRequest, pk: int) -> Organisation:
    org = get_object_or_404(permissions.organisations_for(request.user), pk=pk)
    if not permissions.can_manage_api_keys(request.user, org):
        raise Http404
    return org


# what the pages show ----------------------------------------------------------------------------

def last_day(expires_at: dt.datetime) -> dt.date:
    """The last day a key works: it stops at the midnight that ends that day."""
    return timezone.localtime(expires_at - dt.timedelta(microseconds=1)).date()


def status(key: ApiKey) -> str:
    if key.revoked_at is not None:
        return "Revoked"
    return "Active" if key.is_usable else "Expired"


def shown(key: ApiKey) -> dict:
    """A key as the list shows it: never its secret, only its first characters."""
    return {
        "key": key, "start": f"{KEY_START}{key.prefix}…", "access": key.get_access_display(),
        "created_by": key.created_by.name if key.created_by else "Unknown", "created": govuk_datetime(key.created_at),
        "last_used": govuk_datetime(key.last_used_at) if key.last_used_at else "Never",
        "expires": govuk_date(last_day(key.expires_at)) if key.expires_at else "Does not expire",
        "status": status(key),
        "revoked": f"Revoked by {key.revoked_by.name if key.revoked_by else 'someone'} on {govuk_datetime(key.revoked_at)}"
                   if key.revoked_at else "",
    }


# the list ---------------------------------------------------------------------------------------

@login_required
def key_list(request: HttpRequest, pk: int) -> HttpResponse:
    org = _organisation_or_404(request, pk)
    keys = ApiKey.objects.filter(organisation=org).select_related("created_by", "revoked_by")
    return render(request, "web/api_keys/list.html", {"org": org, "keys": [shown(k) for k in keys]})


# creating a key ---------------------------------------------------------------------------------

class ApiKeyForm(forms.Form):
    name = forms.CharField(
        label="Name", max_length=NAME_MAX,
        help_text="Say what the key is for, so you know which key to revoke. For example, Northgate housing system",
        error_messages={"required": "Enter a name for the key",
                        "max_length": f"Name must be {NAME_MAX} characters or fewer"},
    )
    access = forms.ChoiceField(
        label="What can the key do?", choices=ApiKey.Access.choices, widget=forms.RadioSelect,
        error_messages={"required": "Select what the key can do", "invalid_choice": "Select what the key can do"},
    )

    def __init__(self, organisation: Organisation, *args, **kwargs):
        self.organisation = organisation
        super().__init__(*args, **kwargs)

    def clean_name(self) -> str:
        name = " ".join(self.cleaned_data["name"].split())
        if not name:
            raise forms.ValidationError(self.fields["name"].error_messages["required"])
        if ApiKey.objects.usable().filter(organisation=self.organisation, name__iexact=name).exists():
            raise forms.ValidationError(f"{self.organisation.name} already has a key called ‘{name}’. Enter a different name")
        return name

    def radios(self) -> dict:
        params = radios_params(self["access"])
        for item in params["items"]:
            item["hint"] = {"text": ACCESS_HINTS[item["value"]]}
        return params


class ExpiryForm(DateForm):
    """The optional expiry date: left blank, the key does not expire; given, it must be a real
    date after today, and the key works until the end of that day."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, what="the expiry date", id="expires", **kwargs)

    def clean(self):
        parts = [(self.cleaned_data.get(k) or "").strip() for k in ("day", "month", "year")]
        if not any(parts):
            self.cleaned_data["date"] = None
            return self.cleaned_data
        super().clean()
        day = self.cleaned_data.get("date")
        today = timezone.localdate()
        if day is not None and day <= today:
            self._wrong(["day", "month", "year"], "The expiry date must be in the future")
        elif day is not None and day > today + dt.timedelta(days=365 * LONGEST_YEARS):
            self._wrong(["day", "month", "year"], f"The expiry date must be within {LONGEST_YEARS} years from today")
        return self.cleaned_data

    def expires_at(self) -> dt.datetime | None:
        day = self.cleaned_data.get("date")
        if day is None:
            return None
        return timezone.make_aware(dt.datetime.combine(day + dt.timedelta(days=1), dt.time()))

    def input_params(self) -> dict:
        params = self.params("Expiry date (optional)",
                             "The key stops working at the end of this day. Leave it blank for a key that does not expire. "
                             f"For example, {(timezone.localdate() + dt.timedelta(days=90)):%-d %-m %Y}")
        params["fieldset"]["legend"] = {"text": "Expiry date (optional)", "classes": "govuk-fieldset__legend--m"}
        return params


def _summary(*forms_: forms.Form) -> dict | None:
    items = [item for form in forms_ for item in ((error_summary(form) or {}).get("errorList") or [])]
    return {"titleText": "There is a problem", "errorList": items} if items else None


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def new_key(request: HttpRequest, pk: int) -> HttpResponse:
    org = _organisation_or_404(request, pk)
    data = request.POST if request.method == "POST" else None
    form, expiry = ApiKeyForm(org, data), ExpiryForm(data)
    if request.method == "POST" and all([form.is_valid(), expiry.is_valid()]):
        with transaction.atomic():
            key, secret = ApiKey.issue(org, form.cleaned_data["name"], form.cleaned_data["access"], request.user,
                                       expires_at=expiry.expires_at())
            record(SecurityEvent.Kind.API_KEY_CREATED, request=request, organisation=org, name=key.name,
                   key=f"{KEY_START}{key.prefix}", access=key.access,
                   expires=last_day(key.expires_at).isoformat() if key.expires_at else None)
        # Shown here, on the answer to the form, and nowhere else: never_cache keeps it out
        # of the browser's and any proxy's cache, so going back does not show it again.
        return render(request, "web/api_keys/created.html", {"org": org, "key": shown(key), "secret": secret})
    return render(request, "web/api_keys/new.html", {
        "org": org, "form": form, "expiry": expiry, "errors": _summary(form, expiry),
    })


# revoking a key ---------------------------------------------------------------------------------

@login_required
@require_http_methods(["GET", "POST"])
def revoke_key(request: HttpRequest, pk: int, key_pk: int) -> HttpResponse:
    org = _organisation_or_404(request, pk)
    key = get_object_or_404(ApiKey.objects.select_related("created_by"), pk=key_pk, organisation=org)
    if key.revoked_at is not None:
        messages.info(request, f"The key ‘{key.name}’ has already been revoked.")
        return redirect("api-keys:list", org.pk)
    if request.method == "POST":
        with transaction.atomic():
            # only if nobody revoked it a moment ago, so it is recorded once
            revoked = ApiKey.objects.filter(pk=key.pk, revoked_at__isnull=True).update(
                revoked_at=timezone.now(), revoked_by=request.user)
            if revoked:
                record(SecurityEvent.Kind.API_KEY_REVOKED, request=request, organisation=org, name=key.name,
                       key=f"{KEY_START}{key.prefix}")
        messages.success(request, f"The key ‘{key.name}’ has been revoked. Systems using it can no longer use the service.")
        return redirect("api-keys:list", org.pk)
    return render(request, "web/api_keys/revoke.html", {"org": org, "key": shown(key)})
