"""Logs: list, get, and validate (a dry run: the outcome the service would give, nothing
stored). Each log's ETag is its version, for the writes that will require If-Match."""

from __future__ import annotations

import base64
import datetime as dt
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from ninja import Query, Router, Schema

from caselog.accounts import permissions
from caselog.engine.outcome import Outcome
from caselog.gateway import validate
from caselog.gateway.choices import initial_answers
from caselog.logs.models import Log

from .collections import definition_or_404

router = Router(tags=["logs"])
MAX_PAGE = 200


class Finding(Schema):
    field: str
    rule: str
    message: str
    severity: str
    confirmation: str | None = None
    confirmed: bool | None = None


class LogSummary(Schema):
    id: int
    collection: str
    year: int
    status: str
    owning_organisation_id: int | None
    managing_organisation_id: int | None
    tenant_code: str
    property_reference: str
    error_count: int
    warning_count: int
    version: int
    updated_at: dt.datetime


class LogDetail(LogSummary):
    answers: dict[str, Any]
    derived: dict[str, Any]
    errors: list[Finding]
    warnings: list[Finding]


class LogPage(Schema):
    items: list[LogSummary]
    next: str | None


class LogFilters(Schema):
    collection: str | None = None
    year: int | None = None
    status: str | None = None
    updated_since: dt.datetime | None = None
    cursor: str | None = None
    limit: int = 50


class ValidateIn(Schema):
    collection: str
    year: int
    answers: dict[str, Any]


class OutcomeOut(Schema):
    status: str
    errors: list[Finding]
    warnings: list[Finding]
    answers: dict[str, Any]
    derived: dict[str, Any]


def findings(items: list[dict], severity: str) -> list[dict]:
    """A log's stored findings, one per field, as the API words them everywhere."""
    out = []
    for f in items:
        for field in f.get("fields") or [""]:
            item = {"field": field, "rule": f["rule"], "message": (f.get("field_messages") or {}).get(field, f["message"]),
                    "severity": severity}
            if severity == "warning":
                item.update(confirmation=f.get("confirmation"), confirmed=f.get("confirmed"))
            out.append(item)
    return out


def summary(log: Log) -> dict[str, Any]:
    return {"id": log.pk, "collection": log.collection, "year": log.year, "status": log.status,
            "owning_organisation_id": log.owning_organisation_id, "managing_organisation_id": log.managing_organisation_id,
            "tenant_code": log.provider_reference, "property_reference": log.property_reference,
            "error_count": log.error_count, "warning_count": log.warning_count, "version": log.version,
            "updated_at": log.updated_at}


def etag(log: Log) -> str:
    return f'"{log.version}"'


@router.get("", response=LogPage, summary="Logs your key can see, newest first")
def list_logs(request: HttpRequest, filters: Query[LogFilters]):
    logs = permissions.logs_for(request.actor).for_listing()
    if filters.collection:
        logs = logs.filter(collection=filters.collection)
    if filters.year:
        logs = logs.filter(year=filters.year)
    if filters.status:
        logs = logs.filter(status=filters.status)
    if filters.updated_since:
        logs = logs.filter(updated_at__gte=filters.updated_since)
    after = _cursor(filters.cursor)
    if after is not None:
        logs = logs.filter(pk__lt=after)
    limit = max(1, min(filters.limit, MAX_PAGE))
    page = list(logs.order_by("-pk")[: limit + 1])
    next_url = None
    if len(page) > limit:
        page = page[:limit]
        query = request.GET.copy()
        query["cursor"] = base64.urlsafe_b64encode(str(page[-1].pk).encode()).decode()
        next_url = f"{request.path}?{query.urlencode()}"
    return {"items": [summary(log) for log in page], "next": next_url}


def _cursor(text: str | None) -> int | None:
    """The opaque cursor is the last id of the page before (pages go by id, newest first, so
    logs added meanwhile never shift a page)."""
    if not text:
        return None
    try:
        return int(base64.urlsafe_b64decode(text.encode()).decode())
    except ValueError:
        from ninja.errors import HttpError

        raise HttpError(400, "The cursor is not one this API gave. Use the `next` link of the page before.") from None


@router.post("/validate", response=OutcomeOut, summary="Check answers as a new log would be checked; nothing is stored")
def validate_log(request: HttpRequest, payload: ValidateIn):
    compiled = definition_or_404(payload.collection, payload.year)
    organisation = request.actor.organisation
    log = Log(collection=payload.collection, year=payload.year, owning_organisation=organisation,
              managing_organisation=organisation)
    answers = {**initial_answers(compiled.definition, organisation, organisation, None), **payload.answers}
    return outcome_json(validate(log, answers, actor=request.actor))


@router.get("/{log_id}", response=LogDetail, summary="One log: its answers, derived values and findings")
def get_log(request: HttpRequest, response: HttpResponse, log_id: int):
    log = get_object_or_404(permissions.logs_for(request.actor), pk=log_id)
    response["ETag"] = etag(log)
    return detail(log)


def detail(log: Log) -> dict[str, Any]:
    return {**summary(log), "updated_at": log.updated_at.isoformat() if log.updated_at else None, "answers": log.answers,
            "derived": log.derived, "errors": findings(log.errors, "error"), "warnings": findings(log.warnings, "warning")}


def outcome_json(outcome: Outcome) -> dict[str, Any]:
    return {
        "status": outcome.status,
        "errors": findings([e.as_dict() for e in outcome.errors], "error"),
        "warnings": findings([w.as_dict() for w in outcome.warnings], "warning"),
        "answers": {k: _json(v) for k, v in outcome.answers.items()},
        "derived": {k: _json(v) for k, v in outcome.derived.items() if v is not None},
    }


def _json(value: Any) -> Any:
    return value.isoformat() if isinstance(value, dt.date) else value
