"""What the scheme and location pages share: looking things up within the user's scope
(permissions.py), status tags, and the count of logs a change affects."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Prefetch, TextField
from django.db.models.fields.json import KeyTextTransform
from django.db.models.functions import Cast
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404

from caselog.accounts import permissions
from caselog.logs import window

from ..context import COLLECTION
from ..dates import govuk_date
from ..deactivation import open_period, reactivation_due
from ..models import Location, Scheme
from ..status import Status, StatusOn

PER_PAGE = 20

# CORE's TagHelper colours.
TAG_COLOURS = {
    Status.ACTIVE: "green",
    Status.INCOMPLETE: "red",
    Status.DEACTIVATING_SOON: "yellow",
    Status.ACTIVATING_SOON: "blue",
    Status.REACTIVATING_SOON: "blue",
    Status.DEACTIVATED: "grey",
    Status.DELETED: "red",
}


def schemes_with_status(queryset):
    """What status_on() reads, in a few queries for a whole page."""
    return queryset.select_related("owning_organisation", "managing_organisation").prefetch_related(
        "deactivations", Prefetch("locations", queryset=Location.objects.only("id", "scheme_id", "confirmed", "deleted_at"))
    )


def scheme_or_404(request: HttpRequest, pk: int) -> Scheme:
    if not permissions.can_see_schemes(request.user):
        raise Http404
    return get_object_or_404(schemes_with_status(permissions.schemes_for(request.user)), pk=pk)


def changeable_scheme_or_404(request: HttpRequest, pk: int) -> Scheme:
    """A scheme the user may change; any other is not found (data providers only look)."""
    scheme = scheme_or_404(request, pk)
    if not permissions.can_change_scheme(request.user, scheme):
        raise Http404
    return scheme


def location_or_404(scheme: Scheme, loc_pk: int) -> Location:
    location = get_object_or_404(scheme.locations.visible().prefetch_related("deactivations"), pk=loc_pk)
    location.scheme = scheme  # the scheme as looked up, with what its status needs
    return location


def tag(status: StatusOn, periods: list = ()) -> dict[str, Any]:
    """govukTag params. A deactivation more than six months away still shows as active
    (CORE status_tag_from_resource)."""
    shown = status.status
    if shown == Status.DEACTIVATING_SOON and open_period(list(periods)) and not reactivation_due(list(periods), window.today()):
        shown = Status.ACTIVE
    return {"text": Status(shown).label, "classes": f"govuk-tag--{TAG_COLOURS[Status(shown)]}"}


def status_note(status: StatusOn, noun: str) -> str:
    """The sentence under a status tag that says when."""
    day = govuk_date(status.date)
    return {
        Status.DEACTIVATING_SOON: f"This {noun} deactivates on {day}." if day else "",
        Status.DEACTIVATED: f"This {noun} was deactivated on {day}." if day else f"This {noun}'s owner is no longer active.",
        Status.REACTIVATING_SOON: f"This {noun} reactivates on {day}." if day else "",
        Status.ACTIVATING_SOON: f"This {noun} is available from {day}." if day else "",
        Status.INCOMPLETE: f"This {noun} cannot be used in logs until it is complete.",
    }.get(status.status, "")


def history(periods: list) -> list[list[dict[str, str]]]:
    """govukTable rows of the deactivation periods, earliest first."""
    return [
        [{"text": govuk_date(p.deactivation_date)},
         {"text": govuk_date(p.reactivation_date) if p.reactivation_date else "Not reactivated"}]
        for p in sorted(periods, key=lambda p: (p.deactivation_date, p.pk))
    ]


def logs_on_or_after(answer: str, code: str, day: dt.date) -> int:
    """How many live logs name this scheme (answer "scheme_id") or location ("location_id")
    with a tenancy start date on or after the day."""
    from caselog.logs.models import Log

    return (
        Log.objects.live()
        .filter(collection=COLLECTION)
        # Cast: compared as text on SQLite and PostgreSQL alike (ISO dates sort as text).
        .annotate(_code=Cast(KeyTextTransform(answer, "answers"), TextField()),
                  _start=Cast(KeyTextTransform("startdate", "answers"), TextField()))
        .filter(_code=code, _start__gte=day.isoformat())
        .count()
    )


def posted(request: HttpRequest):
    """The submitted answers, or None on a GET: a form posted empty is still bound, so that
    it says what to answer."""
    return request.POST if request.method == "POST" else None


def returning_to_check_answers(request: HttpRequest) -> bool:
    return (request.GET.get("check_answers") or request.POST.get("check_answers")) == "1"
