"""What the home page says needs doing: counts of the logs still to finish, each linking to the
logs list filtered to them, the submission deadline, and where to go next.

As CORE's home page: a data provider sees the logs assigned to them; a coordinator (and
support) the logs of their organisations. Only logs of years that can still be changed count.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Q
from django.http import HttpRequest

from caselog.accounts import permissions
from caselog.logs import window
from caselog.schemes.dates import govuk_date

from .common import (
    deadline_notices,
    editable_years,
    logs_url,
    new_logs,
    next_deadline,
    optional_url,
    year_label,
)

# the bulk upload pages, once they exist
UPLOAD_ROUTES = ("upload:new", "upload:start", "upload:list", "web:upload")


def home_context(request: HttpRequest) -> dict[str, Any]:
    user = request.user
    if not permissions.can_see_logs(user):
        return {"can_see_logs": False}
    on = window.today()
    years = editable_years(on)
    own = not (user.is_support or user.is_coordinator)
    logs = permissions.logs_listed(request).filter(year__in=years)
    base: dict[str, Any] = {"year": years}
    if own:
        logs = logs.filter(assigned_to=user)
        base["assigned"] = "me"
    counts = logs.aggregate(
        in_progress=Count("id", filter=Q(status="in_progress")),
        errors=Count("id", filter=Q(error_count__gt=0)),
        not_started=Count("id", filter=Q(status="not_started")),
    )
    work = [
        {"count": counts["in_progress"], "text": "in progress", "href": logs_url(**base, status="in_progress")},
        {"count": counts["errors"], "text": "with errors to fix", "href": logs_url(**base, errors="yes")},
        {"count": counts["not_started"], "text": "not started", "href": logs_url(**base, status="not_started")},
    ]
    upcoming = next_deadline(on)
    return {
        "can_see_logs": True,
        "own_logs": own,
        "years": [year_label(y) for y in years],
        "work": work,
        "deadlines": deadline_notices(on),
        "next_deadline": {"date": govuk_date(upcoming[0]), "year": year_label(upcoming[1])} if upcoming else None,
        "new_logs": new_logs(on),
        "upload_url": optional_url(*UPLOAD_ROUTES),
    }
