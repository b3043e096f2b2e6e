"""A set of duplicate logs side by side (caselog/logs/duplicates.py finds them): keep one and
delete the others, as CORE does, or say they are not duplicates so they stop showing.

The set is the duplicates the user can see. Keeping one needs the right to delete each of the
others (permissions.can_delete_log) and asks first; anyone who can see the set may say the
logs are not duplicates.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from caselog.accounts import permissions
from caselog.accounts.models import Organisation, User
from caselog.definitions.registry import get_definition
from caselog.logs.deletion import delete_logs
from caselog.logs.duplicates import compared_fields, dismiss, dismissal_of, duplicates_of
from caselog.logs.models import Log
from caselog.schemes.dates import govuk_date

from .common import status_tag

# answers that hold the id of one of the service's records, shown by name
RECORD_ANSWERS = {"owning_organisation_id": Organisation, "managing_organisation_id": Organisation,
                  "assigned_to_id": User}


def _int(value: Any) -> int | None:
    return int(value) if str(value or "").isdigit() else None


def _names_of(logs: list[Log], fields) -> dict[str, dict[str, str]]:
    wanted: dict[type, set[int]] = {}
    for field in fields:
        if field in RECORD_ANSWERS:
            ids = {_int(log.answers.get(field)) for log in logs} - {None}
            wanted.setdefault(RECORD_ANSWERS[field], set()).update(ids)
    names = {model: {str(k): v for k, v in model.objects.filter(pk__in=ids).values_list("pk", "name")}
             for model, ids in wanted.items()}
    return {field: names.get(model, {}) for field, model in RECORD_ANSWERS.items()}


def shown(question, field: str, value: Any, names: dict[str, dict[str, str]]) -> str:
    """An answer as people read it: an option's label, a name for an id, a date in words."""
    if value is None or value == "":
        return "Not answered"
    if str(value) in names.get(field, {}):
        return names[field][str(value)]
    if question is not None:
        for option in question.options or ():
            if str(option.code) == str(value):
                return option.label
        if question.type == "date":
            try:
                return govuk_date(dt.date.fromisoformat(str(value)))
            except ValueError:
                return str(value)
        suffix = question.suffix if isinstance(question.suffix, str) else ""
        return f"{question.prefix or ''}{value}{suffix}".strip()
    return str(value)


def comparison(logs: list[Log]) -> list[dict[str, Any]]:
    """One row per duplicate-check question that any of the logs answers."""
    definition = get_definition(logs[0].collection, logs[0].year).definition
    fields = compared_fields(definition)
    names = _names_of(logs, fields)
    rows = []
    for field in fields:
        question = definition.questions.get(field)
        values = [log.answers.get(field, log.derived.get(field)) for log in logs]
        if all(v in (None, "") for v in values):
            continue
        label = (question.check_answers_label or question.text) if question else field
        rows.append({"label": label, "values": [shown(question, field, v, names) for v in values]})
    return rows


def can_keep(user, group: list[Log], keep: int) -> bool:
    return all(permissions.can_delete_log(user, log) for log in group if log.pk != keep)


@login_required
@require_http_methods(["GET", "POST"])
def duplicate_logs(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    visible = permissions.logs_for(user).select_related("created_by", "assigned_to")
    log = get_object_or_404(visible, pk=pk)
    group = sorted([log, *duplicates_of(log, visible)], key=lambda item: (item.created_at, item.pk))
    ids = [item.pk for item in group]
    keepable = {item.pk for item in group if len(group) > 1 and can_keep(user, group, item.pk)}

    if request.method == "POST":
        action = request.POST.get("action")
        if action == "dismiss" and len(group) > 1:
            dismiss(log.duplicate_key, ids, user)
            messages.success(request, f"Logs {_and(ids)} are no longer shown as duplicates.")
            return redirect("web:logs")
        keep = _int(request.POST.get("keep"))
        if action == "keep" and keep in keepable:
            deleted = delete_logs([item for item in group if item.pk != keep], user, reference=f"duplicate of log {keep}")
            noun = "Log" if len(deleted) == 1 else "Logs"
            messages.success(request, f"{noun} {_and(deleted)} {'has' if len(deleted) == 1 else 'have'} been deleted. "
                                      f"Log {keep} is kept.")
            return redirect("web:log", keep)
        if action == "keep":
            raise Http404
        return redirect("web:duplicates", log.pk)

    keep = _int(request.GET.get("keep"))
    if keep is not None:
        if keep not in keepable:
            raise Http404
        return render(request, "web/logs/duplicates_delete.html", {
            "log": log, "keep": keep, "deleting": [i for i in ids if i != keep]})
    dismissal = dismissal_of(log.duplicate_key, ids) if len(group) > 1 else None
    return render(request, "web/logs/duplicates.html", {
        "log": log, "group": group, "rows": comparison(group) if len(group) > 1 else [],
        "tags": [status_tag(item.status) for item in group], "keepable": keepable,
        "created": [govuk_date(timezone.localdate(item.created_at)) for item in group],
        "dismissal": dismissal, "dismissed_on": govuk_date(timezone.localdate(dismissal.at)) if dismissal else "",
    })


def _and(ids: list[int]) -> str:
    words = [str(i) for i in ids]
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]
