"""Forms for creating and changing organisations and for merging them, with GOV.UK wording.

Rent periods are CORE's: the answers of the lettings `period` question, read from the newest
lettings definition, so the codes and labels are the ones logs use.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from django import forms

from caselog.definitions.registry import collections, get_definition

from .models import Organisation
from .permissions import organisation_scope

LETTINGS = "core-lettings"


def rent_period_choices() -> list[tuple[int, str]]:
    """(code, label) of each rent period, in the order the lettings question lists them."""
    year = max(collections()[LETTINGS])
    question = get_definition(LETTINGS, year).definition.questions["period"]
    return [(int(o.code), o.label) for o in question.options]


def rent_period_labels(codes: list[int]) -> list[str]:
    """Labels of the organisation's rent periods; an organisation with none set uses them all."""
    labels = dict(rent_period_choices())
    return [labels[c] for c in labels if c in set(codes)] or ["All"]


def checkboxes_params(bf: forms.BoundField, legend: str, **extra: Any) -> dict[str, Any]:
    """govukCheckboxes params for a MultipleChoiceField."""
    chosen = {str(v) for v in (bf.value() or [])}
    params: dict[str, Any] = {
        "idPrefix": bf.auto_id,
        "name": bf.html_name,
        "fieldset": {"legend": {"text": legend, "classes": "govuk-fieldset__legend--m"}},
        "items": [{"value": str(v), "text": t, "checked": str(v) in chosen} for v, t in bf.field.choices],
    }
    if bf.help_text:
        params["hint"] = {"text": bf.help_text}
    if bf.errors:
        params["errorMessage"] = {"text": " ".join(bf.errors)}
    return {**params, **extra}


PHONE = re.compile(r"^\+?[0-9 ()\-]+$")


def _rent_periods_field() -> forms.TypedMultipleChoiceField:
    return forms.TypedMultipleChoiceField(
        label="Rent periods", coerce=int, choices=rent_period_choices(),
        help_text="Select every period the organisation charges rent by. Logs can only use these.",
        error_messages={"required": "Select at least one rent period",
                        "invalid_choice": "Select rent periods from the list"},
    )


class OrganisationForm(forms.Form):
    """A new organisation (support), or an organisation's details. Type of provider, provider
    code and parent organisation are only on the form for support users."""

    name = forms.CharField(label="Name", max_length=255, widget=forms.TextInput(attrs={"autocomplete": "organization"}),
                           error_messages={"required": "Enter the organisation’s name"})
    address_line1 = forms.CharField(label="Address line 1", max_length=255, required=False,
                                    widget=forms.TextInput(attrs={"autocomplete": "address-line1"}))
    address_line2 = forms.CharField(label="Address line 2", max_length=255, required=False,
                                    widget=forms.TextInput(attrs={"autocomplete": "address-line2"}))
    postcode = forms.CharField(label="Postcode", max_length=16, required=False,
                               widget=forms.TextInput(attrs={"autocomplete": "postal-code"}))
    phone = forms.CharField(label="Telephone number", max_length=32, required=False,
                            widget=forms.TextInput(attrs={"autocomplete": "tel", "type": "tel"}))
    type = forms.ChoiceField(label="Type of provider", choices=Organisation.Type.choices,
                             error_messages={"required": "Select the type of provider"})
    provider_code = forms.CharField(
        label="Provider code", max_length=32, help_text="The code in CORE and the regulator’s register, for example L1234.",
        error_messages={"required": "Enter the organisation’s provider code"},
    )
    parent = forms.CharField(
        label="Parent organisation’s provider code (optional)", max_length=32, required=False,
        help_text="An organisation that submits logs on this one’s behalf, such as the group it belongs to. "
                  "Leave this empty if the organisation submits its own logs.",
    )

    def __init__(self, *args, organisation: Organisation | None = None, provider_fields: bool = False,
                 rent_periods: bool = False, **kwargs):
        self.organisation = organisation
        if organisation is not None:
            kwargs.setdefault("initial", {
                **{f: getattr(organisation, f) for f in ("name", "address_line1", "address_line2", "postcode",
                                                         "phone", "type", "provider_code")},
                "parent": organisation.parent.provider_code if organisation.parent else "",
            })
        super().__init__(*args, **kwargs)
        if not provider_fields:
            for name in ("type", "provider_code", "parent"):
                del self.fields[name]
        if rent_periods:
            self.fields["rent_periods"] = _rent_periods_field()

    def clean_name(self) -> str:
        return " ".join(self.cleaned_data["name"].split())

    def clean_postcode(self) -> str:
        from caselog.schemes.models import UK_POSTCODE, normalise_postcode

        postcode = normalise_postcode(self.cleaned_data["postcode"])
        if postcode and not UK_POSTCODE.match(postcode):
            raise forms.ValidationError("Enter a real postcode, like AA1 1AA")
        return postcode

    def clean_phone(self) -> str:
        phone = " ".join(self.cleaned_data["phone"].split())
        digits = re.sub(r"\D", "", phone)
        if phone and (not PHONE.match(phone) or not 10 <= len(digits) <= 15):
            raise forms.ValidationError("Enter a telephone number, like 01632 960 001, 07700 900 982 or +44 808 157 0192")
        return phone

    def clean_provider_code(self) -> str:
        code = "".join(self.cleaned_data["provider_code"].split()).upper()
        others = Organisation.objects.filter(provider_code__iexact=code)
        if self.organisation is not None:
            others = others.exclude(pk=self.organisation.pk)
        other = others.first()
        if other is not None:
            raise forms.ValidationError(f"{other.name} already has the provider code {code}. "
                                        "Enter this organisation’s own provider code")
        return code

    def clean_parent(self) -> Organisation | None:
        code = "".join(self.cleaned_data["parent"].split())
        if not code:
            return None
        parent = Organisation.objects.filter(provider_code__iexact=code).first()
        if parent is None:
            raise forms.ValidationError("No organisation has this provider code. Check it, or leave this empty")
        if not parent.active:
            raise forms.ValidationError(f"{parent.name} is no longer active. Enter an active organisation’s provider code")
        if self.organisation is not None:
            if parent.pk == self.organisation.pk:
                raise forms.ValidationError("An organisation cannot submit logs on its own behalf. "
                                            "Enter another organisation’s provider code, or leave this empty")
            if parent.pk in organisation_scope(self.organisation.pk):
                raise forms.ValidationError(f"{self.organisation.name} already submits logs on behalf of {parent.name}. "
                                            "Enter another organisation’s provider code, or leave this empty")
        return parent


class RentPeriodsForm(forms.Form):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["rent_periods"] = _rent_periods_field()


class DateForm(forms.Form):
    """A GOV.UK date input: day, month and year boxes named `<id>-day` and so on. `what` names
    the date in the messages ("the merge date")."""

    day = forms.CharField(required=False, max_length=4)
    month = forms.CharField(required=False, max_length=4)
    year = forms.CharField(required=False, max_length=6)

    def __init__(self, *args, what: str, id: str, **kwargs):
        self.what, self.id = what, id
        kwargs.setdefault("auto_id", "%s")  # ids are the names: merge_date-day
        kwargs.setdefault("prefix", id)
        super().__init__(*args, **kwargs)
        self.wrong: list[str] = []

    def clean(self):
        parts = {k: (self.cleaned_data.get(k) or "").strip() for k in ("day", "month", "year")}
        missing = [k for k, v in parts.items() if not v]
        if len(missing) == 3:
            return self._wrong(list(parts), f"Enter {self.what}")
        if missing:
            return self._wrong(missing, f"{self.what.capitalize()} must include a {' and a '.join(missing)}")
        not_numbers = [k for k, v in parts.items() if not v.isdigit()]
        if not_numbers:
            return self._wrong(not_numbers, f"{self.what.capitalize()} must be a real date")
        if len(parts["year"]) != 4:
            return self._wrong(["year"], "Year must include 4 numbers")
        try:
            self.cleaned_data["date"] = dt.date(int(parts["year"]), int(parts["month"]), int(parts["day"]))
        except ValueError:
            wrong = ["day"] if 1 <= int(parts["month"]) <= 12 else ["month"]
            return self._wrong(wrong, f"{self.what.capitalize()} must be a real date")
        return self.cleaned_data

    def _wrong(self, parts: list[str], message: str):
        self.wrong = parts
        self.add_error(parts[0], message)
        return self.cleaned_data

    def params(self, legend: str, hint: str = "") -> dict[str, Any]:
        """govukDateInput params, with the boxes that are wrong marked."""
        message = next((e for bf in (self["day"], self["month"], self["year"]) for e in bf.errors), None)
        widths = {"day": 2, "month": 2, "year": 4}
        params: dict[str, Any] = {
            "id": self.id,
            "fieldset": {"legend": {"text": legend, "isPageHeading": True, "classes": "govuk-fieldset__legend--l"}},
            "items": [{"name": f"{self.id}-{k}", "id": f"{self.id}-{k}", "label": k.capitalize(), "value": self[k].value() or "",
                       "classes": f"govuk-input--width-{w}" + (" govuk-input--error" if k in self.wrong else "")}
                      for k, w in widths.items()],
        }
        if hint:
            params["hint"] = {"text": hint}
        if message:
            params["errorMessage"] = {"text": message}
        return params
