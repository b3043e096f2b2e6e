"""The questions of the scheme and location pages, one form per page, with GOV.UK wording.

Each form knows how it is drawn (`components()`: GOV.UK macro names and their parameters,
built with caselog/channels/web/govuk.py), so one template shows every question page. The
words follow CORE's pages (app/views/schemes, app/views/locations).
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from django import forms

from caselog.channels.web import govuk

from .dates import govuk_date
from .models import (
    UK_POSTCODE,
    ArrangementType,
    ClientGroup,
    IntendedStay,
    MobilityType,
    RegisteredUnderCareAct,
    SchemeType,
    SupportType,
    TypeOfUnit,
    YesNo,
    normalise_postcode,
)

SELECT_AN_OPTION = ("", "Select an option")


def _choices(choices_class, *leave_out) -> list[tuple[Any, str]]:
    return [(value, label) for value, label in choices_class.choices if value not in leave_out]


def _radios(label: str, choices, message: str, *, coerce=str, hints: dict | None = None) -> forms.Field:
    field = forms.TypedChoiceField(
        label=label, choices=choices, coerce=coerce, widget=forms.RadioSelect,
        error_messages={"required": message, "invalid_choice": message},
    )
    field.item_hints = hints or {}
    return field


# dates ------------------------------------------------------------------------------------------

class DateInput(forms.MultiWidget):
    """Day, month and year boxes: a GOV.UK date input. Its value is the three texts."""

    def __init__(self):
        super().__init__({"day": forms.TextInput, "month": forms.TextInput, "year": forms.TextInput})

    def decompress(self, value):
        return [value.day, value.month, value.year] if isinstance(value, dt.date) else [None, None, None]


class DateField(forms.Field):
    """A date typed into a GOV.UK date input, with the Design System's messages."""

    widget = DateInput

    def __init__(self, *, required_message: str, **kwargs):
        self.required_message = required_message
        super().__init__(**kwargs)

    def clean(self, value) -> dt.date | None:
        parts = [str(p or "").strip() for p in (value or [None, None, None])]
        if not any(parts):
            if self.required:
                raise forms.ValidationError(self.required_message, code="required")
            return None
        missing = [name for name, part in zip(("day", "month", "year"), parts, strict=True) if not part]
        if missing:
            raise forms.ValidationError(f"The date must include a {' and a '.join(missing)}", code="incomplete")
        if not all(re.fullmatch(r"\d+", part) for part in parts):
            raise forms.ValidationError("The date must be a real date, for example 27 3 2027", code="invalid")
        day, month, year = (int(p) for p in parts)
        if len(parts[2]) != 4:
            raise forms.ValidationError("The year must include 4 numbers, for example 2027", code="invalid")
        try:
            return dt.date(year, month, day)
        except ValueError:
            raise forms.ValidationError("The date must be a real date, for example 27 3 2027", code="invalid") from None


def date_params(bf: forms.BoundField, **extra: Any) -> dict[str, Any]:
    """govukDateInput params. The day box has the field's id, so the error summary's link
    lands in it."""
    value = bf.value()
    if isinstance(value, dt.date) or value is None:
        value = bf.field.widget.decompress(value)
    day, month, year = (value or [None, None, None])
    params: dict[str, Any] = {
        "id": bf.auto_id + "-date",
        "fieldset": {"legend": {"text": bf.label, "classes": "govuk-fieldset__legend--m"}},
        "hint": {"text": bf.help_text or "For example, 27 3 2027"},
        "errorMessage": {"text": " ".join(bf.errors)} if bf.errors else None,
        "items": [
            {"id": bf.auto_id, "name": f"{bf.html_name}_day", "label": "Day", "value": day,
             "classes": "govuk-input--width-2" + (" govuk-input--error" if bf.errors else "")},
            {"id": bf.auto_id + "_month", "name": f"{bf.html_name}_month", "label": "Month", "value": month,
             "classes": "govuk-input--width-2" + (" govuk-input--error" if bf.errors else "")},
            {"id": bf.auto_id + "_year", "name": f"{bf.html_name}_year", "label": "Year", "value": year,
             "classes": "govuk-input--width-4" + (" govuk-input--error" if bf.errors else "")},
        ],
    }
    return govuk._merge(params, extra)


# question pages ---------------------------------------------------------------------------------

class QuestionForm(forms.Form):
    """One page of questions. With one question, the question is the page's heading; with
    more, `heading` is."""

    heading: str | None = None

    def page_heading(self) -> str:
        return self.heading or next(iter(self)).label

    def components(self) -> list[tuple[str, dict[str, Any]]]:
        single = len(self.fields) == 1 and not self.heading
        out = []
        for bf in self:
            widget = bf.field.widget
            if isinstance(widget, forms.RadioSelect):
                params = govuk.radios_params(bf)
                hints = getattr(bf.field, "item_hints", {})
                for item in params["items"]:
                    if str(item["value"]) in hints:
                        item["hint"] = {"text": hints[str(item["value"])]}
                if single:
                    params["fieldset"]["legend"].update(isPageHeading=True, classes="govuk-fieldset__legend--l")
                out.append(("radios", params))
            elif isinstance(widget, forms.Select):
                params = govuk.select_params(bf)
                if single:
                    params["label"].update(isPageHeading=True, classes="govuk-label--l")
                else:
                    params["label"]["classes"] = "govuk-label--m"
                if bf.help_text:
                    params["hint"] = {"text": bf.help_text}
                out.append(("select", params))
            elif isinstance(widget, forms.CheckboxInput):
                out.append(("checkboxes", govuk.checkbox_params(bf)))
            elif isinstance(widget, DateInput):
                params = date_params(bf)
                if single:
                    params["fieldset"]["legend"].update(isPageHeading=True, classes="govuk-fieldset__legend--l")
                out.append(("date", params))
            else:
                params = govuk.input_params(bf, classes=getattr(bf.field, "input_classes", None))
                params["label"]["classes"] = "govuk-label--l" if single else "govuk-label--m"
                if single:
                    params["label"]["isPageHeading"] = True
                if isinstance(widget, forms.NumberInput):
                    params.update(type="text", inputmode="numeric", spellcheck=False)
                out.append(("input", params))
        return out

    def apply(self, obj) -> None:
        """Put the answers on the scheme or location (not saved)."""
        for name, value in self.cleaned_data.items():
            setattr(obj, name, value)


# schemes ----------------------------------------------------------------------------------------

class SchemeNameForm(QuestionForm):
    """The scheme's name and confidentiality, and (when the user may choose) its owner."""

    heading = "Scheme details"
    service_name = forms.CharField(
        label="Scheme name", max_length=255,
        help_text="This is how you refer to this supported housing scheme within your organisation. "
                  "For example, the name could relate to the address or location. You will be able to "
                  "see the client group when selecting it.",
        error_messages={"required": "Enter the scheme name",
                        "max_length": "Scheme name must be 255 characters or fewer"},
    )
    sensitive = forms.BooleanField(label="This scheme contains confidential information", required=False)
    owning_organisation = forms.ChoiceField(
        label="Which organisation owns the housing stock for this scheme?",
        error_messages={"required": "Select the organisation that owns the housing stock for this scheme",
                        "invalid_choice": "Select the organisation that owns the housing stock for this scheme"},
    )

    def __init__(self, *args, owners=None, **kwargs):
        super().__init__(*args, **kwargs)
        owners = list(owners or [])
        self.owners = {str(o.pk): o for o in owners}
        # With one possible owner there is nothing to ask (CORE sets a coordinator's own).
        self.only_owner = owners[0] if len(owners) == 1 else None
        if len(owners) < 2:
            del self.fields["owning_organisation"]
        else:
            self.fields["owning_organisation"].choices = [SELECT_AN_OPTION] + [(str(o.pk), o.name) for o in owners]

    def clean(self):
        cleaned = super().clean()
        if self.only_owner is not None:
            cleaned["owning_organisation"] = self.only_owner
        return cleaned

    def clean_service_name(self) -> str:
        name = " ".join(self.cleaned_data["service_name"].split())
        if not name:
            raise forms.ValidationError("Enter the scheme name")
        return name

    def clean_sensitive(self) -> int:
        return YesNo.YES if self.cleaned_data["sensitive"] else YesNo.NO

    def clean_owning_organisation(self):
        return self.owners[self.cleaned_data["owning_organisation"]]


class SchemeDetailsForm(SchemeNameForm):
    heading = "Create a new supported housing scheme"
    scheme_type = _radios(
        "What is this type of scheme?", _choices(SchemeType, SchemeType.MISSING),
        "Select the type of scheme", coerce=int,
    )
    registered_under_care_act = _radios(
        "Is this scheme registered under the Care Standards Act 2000?", RegisteredUnderCareAct.choices,
        "Select whether this scheme is registered under the Care Standards Act 2000", coerce=int,
    )
    arrangement_type = _radios(
        "Who provides the support services used by this scheme?",
        _choices(ArrangementType, ArrangementType.MISSING),
        "Select who provides the support services used by this scheme",
    )


class SupportProviderForm(QuestionForm):
    managing_organisation = forms.ChoiceField(
        label="Which organisation provides the support services used by this scheme?",
        error_messages={"required": "Select the organisation that provides the support services",
                        "invalid_choice": "Select the organisation that provides the support services"},
    )

    def __init__(self, *args, organisations=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.organisations = {str(o.pk): o for o in organisations}
        self.fields["managing_organisation"].choices = [SELECT_AN_OPTION] + [
            (str(o.pk), o.name) for o in organisations
        ]

    def clean_managing_organisation(self):
        return self.organisations[self.cleaned_data["managing_organisation"]]


class PrimaryClientGroupForm(QuestionForm):
    primary_client_group = _radios(
        "What client group is this scheme intended for?", _choices(ClientGroup, ClientGroup.MISSING),
        "Select the client group this scheme is intended for",
    )


class ConfirmSecondaryForm(QuestionForm):
    has_other_client_group = _radios(
        "Does this scheme provide for another client group?", [(YesNo.YES, "Yes"), (YesNo.NO, "No")],
        "Select whether this scheme provides for another client group", coerce=int,
    )


class SecondaryClientGroupForm(QuestionForm):
    secondary_client_group = _radios(
        "What is the other client group?", _choices(ClientGroup, ClientGroup.MISSING),
        "Select the other client group",
    )

    def __init__(self, *args, primary: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["secondary_client_group"]
        field.choices = [(v, label) for v, label in field.choices if v != primary]


class SupportForm(QuestionForm):
    heading = "What support does this scheme provide?"
    support_type = _radios(
        "Level of support given", _choices(SupportType, SupportType.MISSING, SupportType.FLOATING_SUPPORT),
        "Select the level of support given", coerce=int,
    )
    intended_stay = _radios(
        "Intended length of stay", _choices(IntendedStay, IntendedStay.MISSING),
        "Select the intended length of stay",
        hints={
            IntendedStay.VERY_SHORT_STAY: "Up to one month.",
            IntendedStay.SHORT_STAY: "Up to 2 years.",
            IntendedStay.MEDIUM_STAY: "More than 2 years but with an expectation to move on.",
            IntendedStay.PERMANENT: "Provides a home for life with no requirement for the tenant to move.",
        },
    )

    def __init__(self, *args, current_support_type=None, **kwargs):
        super().__init__(*args, **kwargs)
        # A scheme that already holds floating support keeps it as a choice (CORE offers it
        # no longer for new schemes).
        if current_support_type == SupportType.FLOATING_SUPPORT:
            field = self.fields["support_type"]
            field.choices = [*field.choices, (SupportType.FLOATING_SUPPORT, SupportType.FLOATING_SUPPORT.label)]


# locations --------------------------------------------------------------------------------------

class PostcodeForm(QuestionForm):
    postcode = forms.CharField(
        label="What is the postcode?", max_length=10, help_text="For example, SW1P 4DF.",
        error_messages={"required": "Enter the postcode",
                        "max_length": "Enter a postcode in the correct format, for example AA1 1AA"},
    )
    postcode.input_classes = "govuk-input--width-10"

    def clean_postcode(self) -> str:
        postcode = normalise_postcode(self.cleaned_data["postcode"])
        if not UK_POSTCODE.match(postcode):
            raise forms.ValidationError("Enter a postcode in the correct format, for example AA1 1AA")
        return postcode


class LocalAuthorityForm(QuestionForm):
    la_code = forms.ChoiceField(
        label="What is the local authority of this postcode?",
        error_messages={"required": "Select the local authority",
                        "invalid_choice": "Select the local authority"},
    )

    def __init__(self, *args, local_authorities: dict[str, str], found: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.local_authorities = local_authorities
        field = self.fields["la_code"]
        field.choices = [SELECT_AN_OPTION] + sorted(local_authorities.items(), key=lambda item: item[1])
        if found:
            field.help_text = "We found this from the postcode. Change it if it is not right."

    def apply(self, obj) -> None:
        obj.la_code = self.cleaned_data["la_code"]
        obj.la_name = self.local_authorities[obj.la_code]


class LocationNameForm(QuestionForm):
    name = forms.CharField(
        label="What is the name of this location?", max_length=255, required=False,
        help_text="This is how you refer to this location within your organisation.",
        error_messages={"max_length": "Location name must be 255 characters or fewer"},
    )

    def clean_name(self) -> str:
        return " ".join(self.cleaned_data["name"].split())


class UnitsForm(QuestionForm):
    units = forms.IntegerField(
        label="How many units are at this location?", min_value=1, max_value=2_147_483_647,
        widget=forms.NumberInput,
        help_text="A unit can be a bedroom in a shared house or flat, or a house with 4 bedrooms. "
                  "Do not include bedrooms used for wardens, managers, volunteers or sleep-in staff.",
        error_messages={"required": "Enter the number of units at this location",
                        "invalid": "The number of units must be a whole number, for example 10",
                        "min_value": "The number of units must be 1 or more",
                        "max_value": "The number of units must be a whole number, for example 10"},
    )
    units.input_classes = "govuk-input--width-5"


class TypeOfUnitForm(QuestionForm):
    type_of_unit = _radios(
        "What is the most common type of unit at this location?", TypeOfUnit.choices,
        "Select the most common type of unit at this location", coerce=int,
    )


class MobilityForm(QuestionForm):
    mobility_type = _radios(
        "What are the mobility standards for the majority of units in this location?",
        _choices(MobilityType, MobilityType.MISSING),
        "Select the mobility standards for the majority of units in this location",
        hints={
            MobilityType.WHEELCHAIR_USER_STANDARD: "Suitable for someone who uses a wheelchair and offers "
                                                   "the full use of all rooms and facilities.",
            MobilityType.FITTED_WITH_ADAPTATIONS: "Fitted with stairlifts, ramps, level access showers or "
                                                  "grab rails.",
            MobilityType.NONE: "Not designed to wheelchair-user standards or fitted with any equipment or "
                               "adaptations.",
        },
    )


class AvailabilityForm(QuestionForm):
    startdate = DateField(
        label="When did the first property in this location become available under this scheme?",
        required_message="Enter the date the first property in this location became available",
    )

    def __init__(self, *args, earliest: dt.date, **kwargs):
        super().__init__(*args, **kwargs)
        self.earliest = earliest

    def clean_startdate(self) -> dt.date:
        day = self.cleaned_data["startdate"]
        if day < self.earliest:
            raise forms.ValidationError(
                f"The date must be on or after {govuk_date(self.earliest)}, when this scheme became available"
            )
        if day.year >= 2200:
            raise forms.ValidationError("The date must be before 1 January 2200")
        return day


# deactivating and reactivating --------------------------------------------------------------------

class ToggleForm(forms.Form):
    """When to deactivate or reactivate: a choice of dates, or another date. `check(day)`
    returns the message for a date the rules do not allow, or None."""

    date_type = forms.ChoiceField(widget=forms.RadioSelect, error_messages={})
    date = DateField(label="Date", required=False, required_message="Enter the date")

    def __init__(self, *args, legend: str, presets: list[tuple[str, str, dt.date]], check, **kwargs):
        super().__init__(*args, **kwargs)
        self.presets = {value: day for value, _, day in presets}
        field = self.fields["date_type"]
        field.label = legend
        field.choices = [(value, text) for value, text, _ in presets] + [("other", "Another date")]
        message = "Select when this should happen"
        field.error_messages = {"required": message, "invalid_choice": message}
        self.check = check

    def clean(self):
        cleaned = super().clean()
        date_type = cleaned.get("date_type")
        if date_type is None:
            return cleaned
        if date_type == "other":
            if "date" in self.errors:
                return cleaned
            day = cleaned.get("date")
            if day is None:
                self.add_error("date", "Enter the date")
                return cleaned
            field = "date"
        else:
            day = self.presets[date_type]
            field = "date_type"
        problem = self.check(day)
        if problem:
            self.add_error(field, problem)
        cleaned["day"] = day
        return cleaned

    def radios(self, conditional_html: str) -> dict[str, Any]:
        params = govuk.radios_params(self["date_type"])
        params["fieldset"]["legend"].update(isPageHeading=True, classes="govuk-fieldset__legend--l")
        for item in params["items"]:
            if item["value"] == "other":
                item["conditional"] = {"html": conditional_html}
        return params

    def date_input(self) -> dict[str, Any]:
        return date_params(self["date"], fieldset={"legend": {"text": "Date", "classes": "govuk-fieldset__legend--s"}})
