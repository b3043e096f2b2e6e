"""Creating, changing and deleting logs: POST /logs (with an optional Idempotency-Key),
PATCH and DELETE /logs/{id} (If-Match required). A key that only reads gets 403; every change goes through
the gateway and is audited with the key's name."""

from __future__ import annotations

import hashlib
import json
from typing import Any

from django.db import IntegrityError, transaction
from django.http import HttpRequest, JsonResponse
from django.shortcuts import get_object_or_404
from ninja import Schema, Status
from ninja.errors import HttpError

from caselog.accounts import permissions
from caselog.gateway import Source, create_log, submit
from caselog.logs import window
from caselog.logs.deletion import delete_logs
from caselog.logs.models import Log

from .collections import definition_or_404
from .logs import (  # one router: a path's methods share its URL
    LogDetail,
    detail,
    etag,
    findings,
    router,
)
from .models import IdempotentRequest


class NewLog(Schema):
    collection: str
    year: int
    answers: dict[str, Any] = {}


class Changes(Schema):
    answers: dict[str, Any]


def _writer(request: HttpRequest):
    key = request.auth
    if not key.can_write:
        raise HttpError(403, f"The key “{key.name}” can only read logs. Ask your data coordinator for a key that can "
                             "submit them.")
    return Source("api", request.actor, f"API key {key.name}"[:100])


def _with_outcome(log: Log, outcome) -> dict[str, Any]:
    """The log as stored, with this request's findings: those of answers that were refused
    (not stored) come first, as in the web form."""
    return {**detail(log), "errors": findings([e.as_dict() for e in outcome.errors], "error"),
            "warnings": findings([w.as_dict() for w in outcome.warnings], "warning")}


@router.post("", response={201: LogDetail}, summary="Create a log with the answers you have now")
def create(request: HttpRequest, payload: NewLog):
    source = _writer(request)
    idempotency = request.headers.get("Idempotency-Key", "").strip()
    if not idempotency:
        return _create(request, payload, source)
    if len(idempotency) > 255:
        raise HttpError(400, "The Idempotency-Key must be at most 255 characters")
    digest = hashlib.sha256(json.dumps([request.path, payload.dict()], sort_keys=True, default=str).encode()).hexdigest()
    try:
        with transaction.atomic():
            # the row is claimed first: a request racing this one waits on the key's
            # uniqueness until this transaction ends, then finds the response below
            claim = IdempotentRequest.objects.create(api_key=request.auth, key=idempotency, request_hash=digest,
                                                     status=0, response={})
            response = _create(request, payload, source)
            claim.status, claim.response = response.status_code, json.loads(response.content)
            claim.headers = {h: response[h] for h in ("ETag", "Location") if h in response}
            claim.save(update_fields=["status", "response", "headers"])
            return response
    except IntegrityError:
        earlier = IdempotentRequest.objects.get(api_key=request.auth, key=idempotency)
    if earlier.request_hash != digest:
        raise HttpError(422, "This Idempotency-Key was used before with a different request. Use a new key for a new log")
    replay = JsonResponse(earlier.response, status=earlier.status)
    for header, value in earlier.headers.items():
        replay[header] = value
    replay["Idempotent-Replayed"] = "true"
    return replay


def _create(request: HttpRequest, payload: NewLog, source: Source) -> JsonResponse:
    definition_or_404(payload.collection, payload.year)
    organisation = request.actor.organisation
    log, outcome = create_log(payload.collection, payload.year, source, owning_organisation=organisation,
                              answers=payload.answers)
    response = JsonResponse(_with_outcome(log, outcome), status=201)
    response["ETag"] = etag(log)
    response["Location"] = f"/api/v1/logs/{log.pk}"
    return response


def _at_etag(request: HttpRequest, log_id: int, why: str) -> Log:
    """The log, locked, when the request's If-Match is its ETag (or "*"); 428 without one,
    412 when the log has changed since the client read it. Call inside a transaction."""
    expected = request.headers.get("If-Match", "").strip()
    if not expected:
        raise HttpError(428, f"Send If-Match with the log's ETag (from GET /logs/{{id}}), {why}")
    log = get_object_or_404(permissions.logs_for(request.actor).select_for_update(of=("self",)), pk=log_id)
    if expected != "*" and expected != etag(log):
        raise HttpError(412, f"The log has changed since you read it: its ETag is now {etag(log)}. GET it again first")
    return log


@router.patch("/{log_id}", response=LogDetail, summary="Change some of a log's answers (send If-Match: its ETag)")
def change(request: HttpRequest, log_id: int, payload: Changes):
    source = _writer(request)
    with transaction.atomic():
        log = _at_etag(request, log_id, "so a change made meanwhile is not overwritten")
        outcome = submit(log, payload.answers, source)
    response = JsonResponse(_with_outcome(log, outcome))
    response["ETag"] = etag(log)
    return response


@router.delete("/{log_id}", response={204: None}, summary="Delete a log (send If-Match: its ETag)")
def remove(request: HttpRequest, log_id: int):
    source = _writer(request)
    with transaction.atomic():
        log = _at_etag(request, log_id, "so a log changed meanwhile is not deleted by mistake")
        if not window.is_editable(log, window.today()):
            raise HttpError(409, f"Logs of {log.year_label} can no longer be changed or deleted")
        delete_logs([log], source.person, channel="api", reference=source.reference)
    return Status(204, None)
