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

# what a change that is not an answer changed (AuditEvent action "moved": an organisation merge)
RECORD_LABELS = {"owning_organisation": "Owning organisation", "managing_organisation": "Managing organisation"}


def _label(questions, field: str) -> str:
    q = questions.get(field)
    if q is None:
        return RECORD_LABELS.get(field, field)
    return q.check_answers_label or q.text


# "Updated by Jo Bloggs <how>"
HOW = {"web": "online", "upload": "by bulk upload", "api": "through the API", "cli": "from the command line",
       "system": "by the service"}


def _shown(question, value, names: dict) -> str:
    """An answer as the check answers page shows it: an option's label, the name of the
    organisation or person an id stands for, or the value itself."""
    if value is None or value == "":
        return "(no answer)"
    if str(value) in names:
        return names[str(value)]
    for option in getattr(question, "options", None) or ():
        if str(option.code) == str(value):
            return option.label
    return str(value)


def _names(events, field_kinds) -> dict[str, dict[str, str]]:
    """field -> {id: name} for the answers that name an organisation or a person."""
    from caselog.accounts.models import Organisation, User

    wanted: dict[str, set[str]] = {"organisation": set(), "user": set()}
    for event in events:
        for field, values in event.changes.items():
            if field in field_kinds:
                wanted[field_kinds[field]] |= {str(v) for v in values if str(v or "").isdigit()}
    organisations = dict(Organisation.objects.filter(pk__in=wanted["organisation"]).values_list("pk", "name"))
    users = dict(User.objects.filter(pk__in=wanted["user"]).values_list("pk", "name"))
    found = {"organisation": {str(k): v for k, v in organisations.items()}, "user": {str(k): v for k, v in users.items()}}
    return {field: found[kind] for field, kind in field_kinds.items()}


# answers that hold the id of one of the service's records
RECORD_ANSWERS = {"owning_organisation_id": "organisation", "managing_organisation_id": "organisation",
                  "assigned_to_id": "user"}


@login_required
def log_history(request: HttpRequest, pk: int) -> HttpResponse:
    log = get_object_or_404(permissions.logs_for(request.user).select_related("owning_organisation"), pk=pk)
    questions = get_definition(log.collection, log.year).definition.questions
    audit = list(log.audit_events.select_related("actor").order_by("-at", "-id"))
    names = _names(audit, RECORD_ANSWERS)
    events = []
    for event in audit:
        changes = []
        for field, (old, new) in sorted(event.changes.items()):
            question, known = questions.get(field), names.get(field, {})
            changes.append({"field": field, "label": _label(questions, field),
                            "old": _shown(question, old, known), "new": _shown(question, new, known)})
        events.append({"event": event, "changes": changes, "how": HOW.get(event.channel, event.channel)})
    return render(request, "web/log_history.html", {"log": log, "events": events})
