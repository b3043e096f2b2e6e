"""Deactivating and reactivating schemes and locations (CORE's toggle_active pages).

Deactivating asks for the date, then shows what the change affects and asks to confirm it;
reactivating asks for the date and does it. The rules are in caselog/schemes/deactivation.py.
"""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from caselog.logs import window

from .. import deactivation
from ..dates import (
    earliest_editable_start,
    govuk_date,
    location_available_from,
    scheme_available_from,
)
from ..forms import ToggleForm
from ..status import location_status, scheme_status
from .common import changeable_scheme_or_404, location_or_404, logs_on_or_after, posted


class _Target:
    """The scheme or location a toggle page is about, and the words for it."""

    def __init__(self, request: HttpRequest, pk: int, loc_pk: int | None):
        self.scheme = changeable_scheme_or_404(request, pk)
        self.location = location_or_404(self.scheme, loc_pk) if loc_pk is not None else None
        obj = self.location or self.scheme
        self.obj = obj
        self.noun = "location" if self.location else "scheme"
        self.name = (str(self.location) if self.location else self.scheme.service_name)
        self.periods = list(obj.deactivations.all())
        available = location_available_from(obj) if self.location else scheme_available_from(obj)
        self.subject = deactivation.Subject(self.noun, available, self.periods)
        on = window.today()
        self.status = (location_status(obj, on) if self.location else scheme_status(obj, on)).status
        self.page_url = (reverse("schemes:location", args=[pk, loc_pk]) if self.location
                         else reverse("schemes:detail", args=[pk]))

    def url(self, name: str) -> str:
        if self.location:
            return reverse(f"schemes:location-{name}", args=[self.scheme.pk, self.location.pk])
        return reverse(f"schemes:{name}", args=[self.scheme.pk])


def _deactivation_form(target: _Target, data) -> ToggleForm:
    on = window.today()
    start = earliest_editable_start(on)
    return ToggleForm(
        data, legend="When should this change apply?",
        presets=[("start", f"From the start of the open collection period ({govuk_date(start)})", start),
                 ("today", f"From today ({govuk_date(on)})", on)],
        check=lambda day: deactivation.deactivation_problem(target.subject, day, on),
    )


@login_required
@require_http_methods(["GET", "POST"])
def deactivate(request: HttpRequest, pk: int, loc_pk: int | None = None) -> HttpResponse:
    target = _Target(request, pk, loc_pk)
    if not deactivation.may_deactivate(target.status, target.periods, window.today()):
        raise Http404
    form = _deactivation_form(target, posted(request))
    if request.method == "POST" and form.is_valid():
        return redirect(target.url("deactivate-confirm") + "?date=" + form.cleaned_data["day"].isoformat())
    return render(request, "schemes/toggle.html", {
        "form": form, "target": target, "action": "Deactivate",
        "hint": f"The date must be on or after {govuk_date(max(earliest_editable_start(window.today()), target.subject.available_from))}.",
    })


@login_required
@require_http_methods(["GET", "POST"])
def deactivate_confirm(request: HttpRequest, pk: int, loc_pk: int | None = None) -> HttpResponse:
    target = _Target(request, pk, loc_pk)
    if not deactivation.may_deactivate(target.status, target.periods, window.today()):
        raise Http404
    try:
        day = dt.date.fromisoformat(request.GET.get("date") or request.POST.get("date") or "")
    except ValueError:
        return redirect(target.url("deactivate"))
    if deactivation.deactivation_problem(target.subject, day, window.today()):
        return redirect(target.url("deactivate"))
    if request.method == "POST":
        with transaction.atomic():
            deactivation.deactivate(target.obj.deactivations, day)
        when = "has been deactivated" if day <= window.today() else f"will deactivate on {govuk_date(day)}"
        messages.success(request, f"{target.name} {when}.")
        return redirect(target.page_url)
    answer = "location_id" if target.location else "scheme_id"
    locations = 0
    if not target.location:
        locations = sum(1 for loc in target.scheme.locations.visible().prefetch_related("deactivations")
                        if deactivation.open_period(list(loc.deactivations.all())) is None)
    return render(request, "schemes/deactivate_confirm.html", {
        "target": target, "day": day, "date": govuk_date(day),
        "logs": logs_on_or_after(answer, target.obj.code, day), "locations": locations,
    })


@login_required
@require_http_methods(["GET", "POST"])
def reactivate(request: HttpRequest, pk: int, loc_pk: int | None = None) -> HttpResponse:
    target = _Target(request, pk, loc_pk)
    on = window.today()
    if not deactivation.may_reactivate(target.status, target.periods, on):
        raise Http404
    form = ToggleForm(
        posted(request), legend="When should this change apply?",
        presets=[("today", f"From today ({govuk_date(on)})", on)],
        check=lambda day: deactivation.reactivation_problem(target.subject, day),
    )
    if request.method == "POST" and form.is_valid():
        day = form.cleaned_data["day"]
        with transaction.atomic():
            deactivation.reactivate(target.obj.deactivations, day)
        when = "has been reactivated" if day <= on else f"will reactivate on {govuk_date(day)}"
        messages.success(request, f"{target.name} {when}.")
        return redirect(target.page_url)
    period = deactivation.open_period(target.periods)
    return render(request, "schemes/toggle.html", {
        "form": form, "target": target, "action": "Reactivate",
        "hint": f"This {target.noun} was deactivated on {govuk_date(period.deactivation_date)}. "
                f"The date must be on or after that date.",
    })
