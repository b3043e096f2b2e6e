"""A scheme's locations: the list, a location's page, and the questions that add or change one.

As CORE: a location is saved from its first answer (the postcode) and is complete as soon as
it has a postcode, local authority, units, type of unit and mobility standards
(Location.save); check your answers then confirms it was added.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.html import format_html
from django.views.decorators.http import require_http_methods

from caselog.accounts import permissions
from caselog.channels.web.govuk import pagination
from caselog.logs import window

from .. import forms as questions
from ..context import definition_for
from ..dates import govuk_date, location_available_from, scheme_available_from
from ..deactivation import availability_lines, may_deactivate, may_reactivate
from ..local_authorities import active_on
from ..models import Location, Scheme
from ..search import search_locations
from ..status import location_status, scheme_status
from .common import (
    PER_PAGE,
    changeable_scheme_or_404,
    history,
    location_or_404,
    posted,
    returning_to_check_answers,
    scheme_or_404,
    status_note,
    tag,
)

STEPS = ["postcode", "local-authority", "name", "units", "type-of-unit", "mobility-standards", "availability"]
FIELDS = {"postcode": "postcode", "local-authority": "la_code", "name": "name", "units": "units",
          "type-of-unit": "type_of_unit", "mobility-standards": "mobility_type", "availability": "startdate"}


@login_required
def location_list(request: HttpRequest, pk: int) -> HttpResponse:
    scheme = scheme_or_404(request, pk)
    locations = scheme.locations.visible()
    total = locations.count()
    query = " ".join(request.GET.get("q", "").split())
    found = search_locations(locations, query).order_by("postcode", "id").prefetch_related("deactivations")
    page = Paginator(found, PER_PAGE).get_page(request.GET.get("page"))
    on = window.today()
    of_scheme = scheme_status(scheme, on)
    rows = []
    for location in page:
        location.scheme = scheme
        status = location_status(location, on, of_scheme=of_scheme)
        rows.append({"location": location, "tag": tag(status, location.deactivations.all()),
                     "link": format_html('<a class="govuk-link" href="{}">{}</a>',
                                         reverse("schemes:location", args=[scheme.pk, location.pk]),
                                         location.postcode or "No postcode yet"),
                     "available_from": govuk_date(location_available_from(location))})
    return render(request, "schemes/locations.html", {
        "scheme": scheme, "page": page, "rows": rows, "query": query, "total": total,
        "pagination": pagination(page, request),
        "can_change": permissions.can_change_scheme(request.user, scheme),
    })


@login_required
def location_detail(request: HttpRequest, pk: int, loc_pk: int) -> HttpResponse:
    scheme = scheme_or_404(request, pk)
    location = location_or_404(scheme, loc_pk)
    on = window.today()
    status = location_status(location, on)
    periods = list(location.deactivations.all())
    can_change = permissions.can_change_scheme(request.user, scheme)
    return render(request, "schemes/location.html", {
        "scheme": scheme, "location": location, "status": status, "tag": tag(status, periods),
        "status_note": status_note(status, "location"),
        "rows": location_rows(location, changes=can_change, check_answers=False),
        "availability": availability_lines(location_available_from(location), periods),
        "history": history(periods),
        "can_change": can_change,
        "can_deactivate": can_change and may_deactivate(status.status, periods, on),
        "can_reactivate": can_change and may_reactivate(status.status, periods, on),
    })


# the questions ------------------------------------------------------------------------------------

def local_authorities() -> dict[str, str]:
    """England's local authorities on today's date, code to name, from the lettings
    definition's table (CORE Location.local_authorities_for_current_year)."""
    on = window.today()
    table = definition_for(on).tables["local_authorities"].rows
    return {row["code"]: row["label"] for row in table if str(row["code"]).startswith("E") and active_on(row, on)}


def local_authority_of(postcode: str, choices: dict[str, str]) -> str | None:
    """The local authority already recorded for this postcode at another location, when it is
    one of today's: the service's own lookup, as there is no postcode table."""
    codes = (Location.objects.filter(postcode=postcode).exclude(la_code="")
             .order_by("-updated_at").values_list("la_code", flat=True))
    return next((code for code in codes if code in choices), None)


def _form(location: Location, step: str, data):
    initial = {"postcode": location.postcode, "la_code": location.la_code, "name": location.name,
               "units": location.units, "type_of_unit": location.type_of_unit,
               "mobility_type": location.mobility_type, "startdate": location.startdate}
    if step == "postcode":
        return questions.PostcodeForm(data, initial=initial)
    if step == "local-authority":
        choices = local_authorities()
        if location.la_code and location.la_code not in choices:
            choices[location.la_code] = location.la_name or location.la_code
        found = bool(location.la_code) and local_authority_of(location.postcode, choices) == location.la_code
        return questions.LocalAuthorityForm(data, initial=initial, local_authorities=choices, found=found)
    if step == "name":
        return questions.LocationNameForm(data, initial=initial)
    if step == "units":
        return questions.UnitsForm(data, initial=initial)
    if step == "type-of-unit":
        return questions.TypeOfUnitForm(data, initial=initial)
    if step == "mobility-standards":
        return questions.MobilityForm(data, initial=initial)
    if step == "availability":
        return questions.AvailabilityForm(data, initial=initial, earliest=scheme_available_from(location.scheme))
    raise Http404


def _url(location: Location, step: str, check_answers: bool = False) -> str:
    url = reverse("schemes:location-question", args=[location.scheme_id, location.pk, step])
    return url + "?check_answers=1" if check_answers else url


def _next_url(location: Location, step: str, check_answers: bool) -> str:
    if check_answers:
        # A new postcode may need its local authority choosing again.
        if step == "postcode" and not location.la_code:
            return _url(location, "local-authority", True)
        return reverse("schemes:location-check-answers", args=[location.scheme_id, location.pk])
    following = STEPS[STEPS.index(step) + 1:]
    return _url(location, following[0]) if following else reverse(
        "schemes:location-check-answers", args=[location.scheme_id, location.pk])


def _back_url(scheme: Scheme, location: Location | None, step: str, check_answers: bool) -> str:
    if location is None:
        return reverse("schemes:locations", args=[scheme.pk])
    if check_answers:
        return reverse("schemes:location-check-answers", args=[scheme.pk, location.pk])
    earlier = STEPS[:STEPS.index(step)]
    return _url(location, earlier[-1]) if earlier else reverse("schemes:location", args=[scheme.pk, location.pk])


def _set_postcode(location: Location, postcode: str) -> None:
    """A new postcode brings its local authority when the service knows it; otherwise the
    user chooses it again."""
    if postcode == location.postcode and location.la_code:
        return
    location.postcode = postcode
    choices = local_authorities()
    code = local_authority_of(postcode, choices)
    location.la_code, location.la_name = (code, choices[code]) if code else ("", "")


@login_required
@require_http_methods(["GET", "POST"])
def new_location(request: HttpRequest, pk: int) -> HttpResponse:
    scheme = changeable_scheme_or_404(request, pk)
    form = questions.PostcodeForm(posted(request))
    if request.method == "POST" and form.is_valid():
        location = Location(scheme=scheme)
        _set_postcode(location, form.cleaned_data["postcode"])
        location.save()
        return redirect(_next_url(location, "postcode", False))
    return render(request, "schemes/question.html", {
        "form": form, "scheme": scheme, "location": None, "caption": f"Add a location to {scheme.service_name}",
        "back": _back_url(scheme, None, "postcode", False), "button": "Save and continue",
    })


@login_required
@require_http_methods(["GET", "POST"])
def location_question(request: HttpRequest, pk: int, loc_pk: int, step: str) -> HttpResponse:
    scheme = changeable_scheme_or_404(request, pk)
    location = location_or_404(scheme, loc_pk)
    if step not in STEPS:
        raise Http404
    check_answers = returning_to_check_answers(request)
    form = _form(location, step, posted(request))
    if request.method == "POST" and form.is_valid():
        if step == "postcode":
            _set_postcode(location, form.cleaned_data["postcode"])
        else:
            form.apply(location)
        location.save()
        return redirect(_next_url(location, step, check_answers))
    return render(request, "schemes/question.html", {
        "form": form, "scheme": scheme, "location": location,
        "caption": str(location) if location.postcode else f"Add a location to {scheme.service_name}",
        "check_answers": check_answers, "back": _back_url(scheme, location, step, check_answers),
        "button": "Save changes" if check_answers else "Save and continue",
        "warn_confirmed": location.confirmed and location.startdate is not None,
    })


@login_required
@require_http_methods(["GET", "POST"])
def location_check_answers(request: HttpRequest, pk: int, loc_pk: int) -> HttpResponse:
    scheme = scheme_or_404(request, pk)
    location = location_or_404(scheme, loc_pk)
    can_change = permissions.can_change_scheme(request.user, scheme)
    missing = [step for step in STEPS if step != "name" and getattr(location, FIELDS[step]) in (None, "")]
    if request.method == "POST":
        if not can_change:
            raise Http404
        if not missing:
            started = location.startdate <= window.today()
            messages.success(request, f"{location.postcode} {'has been' if started else 'will be'} added to this scheme.")
            return redirect("schemes:locations", scheme.pk)
    return render(request, "schemes/location_check_answers.html", {
        "scheme": scheme, "location": location, "can_change": can_change,
        "rows": location_rows(location, changes=can_change, check_answers=True),
        "missing": [_label(step) for step in missing] if request.method == "POST" else [],
        "first_missing": _url(location, missing[0], True) if missing else None,
    })


LABELS = {"postcode": "Postcode", "local-authority": "Local authority", "name": "Location name",
          "units": "Number of units", "type-of-unit": "Most common type of unit",
          "mobility-standards": "Mobility standards", "availability": "Available from"}


def _label(step: str) -> str:
    return LABELS[step]


def location_rows(location: Location, *, changes: bool, check_answers: bool) -> list[dict]:
    """govukSummaryList rows of the location's answers, with change links where allowed."""
    values = {
        "postcode": location.postcode,
        "local-authority": location.la_name,
        "name": location.name,
        "units": str(location.units) if location.units is not None else "",
        "type-of-unit": location.get_type_of_unit_display() if location.type_of_unit is not None else "",
        "mobility-standards": location.get_mobility_type_display() if location.mobility_type else "",
        "availability": govuk_date(location.startdate),
    }
    rows = []
    if location.confirmed and not check_answers:
        rows.append({"key": {"text": "Location code"}, "value": {"text": location.code}})
    for step in STEPS:
        value = values[step]
        rows.append({
            "key": {"text": LABELS[step]},
            "value": {"text": value} if value else {"html": '<span class="govuk-hint">You did not answer this question</span>'},
            "actions": {"items": [{"href": _url(location, step, check_answers), "text": "Change",
                                   "visuallyHiddenText": LABELS[step].lower()}]} if changes else None,
        })
    return rows
