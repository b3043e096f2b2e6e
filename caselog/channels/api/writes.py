"""Creating, changing and deleting logs: POST /logs (with an optional Idempotency-Key),
PATCH and DELETE /logs/{id} (If-Match required). A key that only reads gets 403; every change goes through
the gateway and is audited with the key's name."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.http import HttpRequest, JsonResponse
from ninja import Schema, Status
from ninja.errors import HttpError
from pydantic import ConfigDict, Field

from caselog.accounts import permissions
from caselog.gateway import Source, create_log, submit
from caselog.logs import window
from caselog.logs.deletion import delete_logs
from caselog.logs.models import Log

from . import idempotency
from .answers import check_changes_open, check_new_logs_open, sorted_out
from .collections import CollectionName, Year, definition_or_404
from .logs import (  # one router: a path's methods share its URL
    ANSWERS,
    ETAG,
    LogDetail,
    detail,
    etag,
    findings,
    log_or_404,
    router,
)
from .problems import problem_responses

IF_MATCH = {
    "in": "header", "name": "If-Match", "required": True,
    "description": "The log's ETag, from GET /logs/{id} or the last change (or * for whatever it is now).",
    "schema": {"type": "string", "minLength": 1},
}


class NewLog(Schema):
    model_config = ConfigDict(extra="forbid")

    collection: CollectionName
    year: Year
    answers: dict[str, Any] = Field({}, description=ANSWERS)


class Changes(Schema):
    model_config = ConfigDict(extra="forbid")

    answers: dict[str, Any] = Field(description=ANSWERS + " A null answer clears it.")


def writer(request: HttpRequest):
    key = request.auth
    if not key.can_write:
        raise HttpError(403, f"The key “{key.name}” can only read logs. Ask your data coordinator for a key that can "
                             "submit them.")
    return Source("api", request.actor, f"API key {key.name}"[:100])


def _with_outcome(log: Log, outcome, unknown: list[dict[str, Any]]) -> dict[str, Any]:
    """The log as stored, with this request's findings: those of answers that were refused
    (not stored) come first, as in the web form, after any names the year has no answer for."""
    return {**detail(log), "errors": unknown + findings([e.as_dict() for e in outcome.errors], "error"),
            "warnings": findings([w.as_dict() for w in outcome.warnings], "warning")}


@router.post("", response={201: LogDetail}, summary="Create a log with the answers you have now",
             openapi_extra=problem_responses(
                 400, 403, 404, 409, parameters=[idempotency.parameter("this new log")],
                 descriptions={400: "The body is not JSON, or the Idempotency-Key is empty or longer than 255 "
                                    "characters.",
                               409: "The collection year does not take new logs today.",
                               422: "The request is not in the form this operation takes, or its Idempotency-Key was "
                                    "used before with a different request."},
                 responses={201: {"headers": {
                     **ETAG,
                     "Location": {"description": "The new log's address", "required": True,
                                  "schema": {"type": "string"}},
                     **idempotency.REPLAYED_HEADER}}}))
def create(request: HttpRequest, payload: NewLog):
    source = writer(request)
    return idempotency.once(request, payload, lambda: _create(request, payload, source))


def _create(request: HttpRequest, payload: NewLog, source: Source) -> JsonResponse:
    answers, unknown = sorted_out(definition_or_404(payload.collection, payload.year), payload.answers)
    check_new_logs_open(payload.collection, payload.year)
    organisation = request.actor.organisation
    log, outcome = create_log(payload.collection, payload.year, source, owning_organisation=organisation,
                              answers=answers)
    response = JsonResponse(_with_outcome(log, outcome, unknown), status=201)
    response["ETag"] = etag(log)
    response["Location"] = f"/api/v1/logs/{log.pk}"
    return response


def _at_etag(request: HttpRequest, log_id: int, why: str) -> Log:
    """The log, locked, when the request's If-Match is (or lists) its ETag, or is "*"; 428 without one,
    412 when the log has changed since the client read it. Call inside a transaction."""
    expected = request.headers.get("If-Match", "").strip()
    if not expected:
        raise HttpError(428, f"Send If-Match with the log's ETag (from GET /logs/{{id}}), {why}")
    log = log_or_404(permissions.logs_for(request.actor).select_for_update(of=("self",)), log_id)
    tags = [tag.strip() for tag in expected.split(",")]  # If-Match may list several (RFC 9110)
    if "*" not in tags and etag(log) not in tags:
        raise HttpError(412, f"The log has changed since you read it: its ETag is now {etag(log)}. GET it again first")
    return log


@router.patch("/{log_id}", response=LogDetail, summary="Change some of a log's answers (send If-Match: its ETag)",
              openapi_extra=problem_responses(403, 404, 409, 412, 428, parameters=[IF_MATCH],
                                              descriptions={409: "The log's collection year is closed to changes."},
                                              responses={200: {"headers": ETAG}}))
def change(request: HttpRequest, log_id: int, payload: Changes):
    source = writer(request)
    with transaction.atomic():
        log = _at_etag(request, log_id, "so a change made meanwhile is not overwritten")
        answers, unknown = sorted_out(definition_or_404(log.collection, log.year), payload.answers)
        check_changes_open(log)
        outcome = submit(log, answers, source)
    response = JsonResponse(_with_outcome(log, outcome, unknown))
    response["ETag"] = etag(log)
    return response


@router.delete("/{log_id}", response={204: None}, summary="Delete a log (send If-Match: its ETag)",
               openapi_extra=problem_responses(403, 404, 409, 412, 428, parameters=[IF_MATCH]))
def remove(request: HttpRequest, log_id: int):
    source = writer(request)
    with transaction.atomic():
        log = _at_etag(request, log_id, "so a log changed meanwhile is not deleted by mistake")
        if not window.is_editable(log, window.today()):
            raise HttpError(409, f"Logs of {log.year_label} can no longer be changed or deleted")
        delete_logs([log], source.person, channel="api", reference=source.reference)
    return Status(204, None)
