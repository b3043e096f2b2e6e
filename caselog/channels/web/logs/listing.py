"""The logs list: the logs the user may see (permissions.logs_listed), newest first, with
search, filters, sort and pages; the duplicates and deadline notices; and the buttons that
create a log while a collection year takes new ones."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.html import format_html
from django.views.decorators.http import require_safe

from caselog.accounts import permissions
from caselog.channels.web.govuk import pagination
from caselog.logs import window
from caselog.logs.duplicates import duplicate_sets
from caselog.schemes.dates import govuk_date

from . import filters as f
from .common import (
    PER_PAGE,
    deadline_notices,
    kinds,
    new_logs,
    status_tag,
    year_label,
)


def duplicates_notice(request: HttpRequest) -> dict | None:
    """"You have 2 sets of duplicate logs", linking to the first set, or None. A data
    provider hears about the sets with a log assigned to them, others about all they see."""
    user = request.user
    mine = user if not (user.is_support or user.is_coordinator) else None
    sets = duplicate_sets(permissions.logs_listed(request), assigned_to=mine)
    if not sets:
        return None
    noun = "set" if len(sets) == 1 else "sets"
    return {"count": len(sets), "text": f"You have {len(sets)} {noun} of duplicate logs",
            "href": reverse("web:duplicates", args=[sets[0][0]])}


@login_required
@require_safe
def log_list(request: HttpRequest) -> HttpResponse:
    if not permissions.can_see_logs(request.user):
        raise Http404
    scope = permissions.logs_listed(request)
    options = f.filter_options(request)
    chosen = f.read_filters(request, options)
    found = f.apply(scope, chosen, request.user, options)
    page = Paginator(f.listed(found), PER_PAGE).get_page(request.GET.get("page"))
    matching = page.paginator.count
    total = scope.count() if chosen.active else matching
    on = window.today()
    by_collection = {k.collection: k for k in options["kinds"]}
    rows = [_row(log, by_collection) for log in page]
    kind = by_collection.get(chosen.collection)
    return render(request, "web/logs/list.html", {
        "page": page, "rows": rows, "filters": chosen, "options": options,
        "total": total, "matching": matching, "pagination": pagination(page, request),
        "reference_label": kind.reference_label if kind else " or ".join(k.reference_label.lower() for k in kinds()).capitalize(),
        "date_label": kind.date_label if kind else "Start or sale date",
        "sorts": [(key, label) for key, (label, _) in f.SORTS.items()],
        "can_create": permissions.can_create_logs(request.user),
        "new_logs": new_logs(on),
        "deadlines": deadline_notices(on),
        "duplicates": duplicates_notice(request),
        "is_support": request.user.is_support,
    })


def _kind(log, kind) -> str:
    return f"{kind.log_type.capitalize() if kind else log.collection}, {year_label(log.year)}"


def _row(log, by_collection) -> dict:
    kind = by_collection.get(log.collection)
    try:
        day = dt.date.fromisoformat(log._date) if log._date else None
    except (TypeError, ValueError):
        day = None
    return {
        "log": log,
        "link": format_html('<a class="govuk-link" href="{}">Log {}</a>'
                            '<span class="govuk-body-s govuk-!-display-block govuk-!-margin-bottom-0">{}</span>',
                            reverse("web:log", args=[log.pk]), log.pk, _kind(log, kind)),
        "kind": _kind(log, kind),
        "date": govuk_date(day),
        "tag": status_tag(log.status),
        "owner": log.owning_organisation.name if log.owning_organisation else "",
    }
