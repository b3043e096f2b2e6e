"""A log's history: every change, by whom, when, through which channel, old → new.

Only those who can see the log can see its history (permissions.logs_for); anyone else gets
404, as if the log did not exist.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from caselog.accounts import permissions
from caselog.definitions.registry import get_definition


def _label(questions, field: str) -> str:
    q = questions.get(field)
    if q is None:
        return field
    return q.check_answers_label or q.text


# "Updated by Jo Bloggs <how>"
HOW = {"web": "online", "upload": "by bulk upload", "api": "through the API", "cli": "from the command line",
       "system": "by the service"}


def _shown(value) -> str:
    if value is None or value == "":
        return "(no answer)"
    return str(value)


@login_required
def log_history(request: HttpRequest, pk: int) -> HttpResponse:
    log = get_object_or_404(permissions.logs_for(request.user).select_related("owning_organisation"), pk=pk)
    questions = get_definition(log.collection, log.year).definition.questions
    events = []
    for event in log.audit_events.select_related("actor").order_by("-at", "-id"):
        changes = [
            {"field": field, "label": _label(questions, field), "old": _shown(old), "new": _shown(new)}
            for field, (old, new) in sorted(event.changes.items())
        ]
        events.append({"event": event, "changes": changes, "how": HOW.get(event.channel, event.channel)})
    return render(request, "web/log_history.html", {"log": log, "events": events})
