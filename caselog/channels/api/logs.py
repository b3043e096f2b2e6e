"""Logs: list, get, and validate (a dry run: the outcome the service would give, nothing
stored). Each log's ETag is its version, for the writes that will require If-Match."""

from __future__ import annotations

import base64
import datetime as dt
import re
from typing import Annotated, Any

from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from ninja import Query, Router, Schema
from ninja.errors import HttpError
from pydantic import ConfigDict, Field, WithJsonSchema, field_validator

from caselog.accounts import permissions
from caselog.engine.outcome import Outcome
from caselog.gateway import validate
from caselog.gateway.choices import initial_answers
from caselog.logs.models import Log

from .answers import sorted_out
from .collections import CollectionName, Year, definition_or_404
from .problems import problem_responses

router = Router(tags=["logs"])
MAX_PAGE = 200
# RFC 3339's date-time, as OpenAPI's format date-time means: a date, a time and an offset
DATE_TIME = re.compile(r"\d{4}-\d\d-\d\d[Tt]\d\d:\d\d:\d\d(\.\d+)?([Zz]|[+-]\d\d:\d\d)")


# inline, not a component: ninja names components by class, and other enums are called Status too
LogStatus = Annotated[Log.Status, WithJsonSchema({"type": "string", "enum": list(Log.Status.values),
                                                  "description": "not_started, in_progress or completed"})]


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
    status: LogStatus
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
    collection: str | None = Field(None, description="Only this collection's logs: core-lettings, for example")
    year: int | None = Field(None, description="Only this collection year's logs: 2026 for 2026 to 2027")
    status: LogStatus | None = Field(None, description="Only logs with this status")
    updated_since: dt.datetime | None = Field(None, description="Only logs changed at or after this date and time, "
                                                                "with its offset: 2026-04-01T09:00:00Z, for example")
    cursor: str | None = Field(None, description="Where the page starts: leave it out for the first page, then follow "
                                                 "each page's `next` link")
    limit: int = Field(50, description=f"How many logs a page has, up to {MAX_PAGE} (a larger number gives {MAX_PAGE}, "
                                       "a smaller one 1)")

    @field_validator("updated_since", mode="before")
    @classmethod
    def _date_and_time(cls, value):
        """A date, a time and its offset, as the document says: not a number or a date alone,
        which pydantic would otherwise take."""
        if value is not None and not (isinstance(value, str) and DATE_TIME.fullmatch(value)):
            raise ValueError("Enter a date and time with its offset from UTC, like 2026-04-01T09:00:00Z")
        return value


ANSWERS = ("Answers keyed by CORE's variable names, as the collection year's schema (GET "
           "/collections/{collection}/{year}/schema) describes them. An answer that cannot be stored is reported in "
           "`errors`, not refused with the request.")


class ValidateIn(Schema):
    model_config = ConfigDict(extra="forbid")

    collection: CollectionName
    year: Year
    answers: dict[str, Any] = Field(description=ANSWERS)


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


def log_or_404(logs: QuerySet[Log], log_id: int) -> Log:
    try:
        return logs.get(pk=log_id)
    except Log.DoesNotExist:
        raise Http404(f"There is no log {log_id} that your key can see. GET /api/v1/logs lists the logs it can "
                      "see.") from None


def etag(log: Log) -> str:
    return f'"{log.version}"'


ETAG = {"ETag": {"description": "The log's version, to send as If-Match when changing or deleting it",
                 "required": True, "schema": {"type": "string", "pattern": '^"[0-9]+"$'}}}


@router.get("", response=LogPage, summary="Logs your key can see, newest first", openapi_extra=problem_responses(
    400, descriptions={400: "The cursor is not one this API gave: use the `next` link of the page before."}))
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
        raise HttpError(400, "The cursor is not one this API gave. Use the `next` link of the page before.") from None


@router.post("/validate", response=OutcomeOut, summary="Check answers as a new log would be checked; nothing is stored",
             openapi_extra=problem_responses(404))
def validate_log(request: HttpRequest, payload: ValidateIn):
    compiled = definition_or_404(payload.collection, payload.year)
    sent, unknown = sorted_out(compiled, payload.answers)
    organisation = request.actor.organisation
    log = Log(collection=payload.collection, year=payload.year, owning_organisation=organisation,
              managing_organisation=organisation)
    answers = {**initial_answers(compiled.definition, organisation, organisation, None), **sent}
    out = outcome_json(validate(log, answers, actor=request.actor))
    return {**out, "errors": unknown + out["errors"]}


@router.get("/{log_id}", response=LogDetail, summary="One log: its answers, derived values and findings",
            openapi_extra=problem_responses(404, responses={200: {"headers": ETAG}}))
def get_log(request: HttpRequest, response: HttpResponse, log_id: int):
    log = log_or_404(permissions.logs_for(request.actor), log_id)
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
