"""POST /logs/batch: up to 1,000 logs in one request, with an outcome for each.

New logs go through the gateway's table path, as the rows of an uploaded file do, so a large
batch costs little more than a small one (fewer than TABLE_FROM go one by one, as POST /logs,
which is quicker for a handful); changes to existing logs go through submit(), as PATCH does
(an answer sent as null is cleared). Either way each log is judged and stored exactly as if
it had been sent alone. A change is made only when the log is still at the version the client
read (the batch's If-Match); a change that cannot be made is rejected on its own, and the
rest of the batch is stored. Everything stored is stored in one transaction.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import polars as pl
from django.db import transaction
from django.http import HttpRequest, JsonResponse
from ninja import Field, Router, Schema
from pydantic import ConfigDict, StrictInt

from caselog.accounts import permissions
from caselog.engine.answers import as_text
from caselog.gateway import Source, create_log, submit
from caselog.gateway.table import check_table, stored_values, write_logs
from caselog.logs import window

from . import idempotency
from .answers import changes_closed, new_logs_closed, sorted_out
from .collections import CollectionName, Year, definition_or_404
from .logs import ANSWERS, Finding, etag, findings
from .problems import problem_responses
from .writes import writer

MAX_LOGS = 1000
TABLE_FROM = 20  # new logs a batch sends through the table path from; fewer go one by one, as POST /logs
router = Router(tags=["logs"])  # mounted at /logs/batch, ahead of /logs/{log_id}


class BatchLog(Schema):
    model_config = ConfigDict(extra="forbid")

    id: StrictInt | None = Field(None, description="The log to change; leave out for a new log")
    version: StrictInt | None = Field(None, description="The version of the log you read (its ETag): needed with `id`")
    answers: dict[str, Any] = Field({}, description=ANSWERS)


class Batch(Schema):
    model_config = ConfigDict(extra="forbid")

    collection: CollectionName
    year: Year
    logs: list[BatchLog] = Field(..., min_length=1, max_length=MAX_LOGS)


class ItemOutcome(Schema):
    index: int = Field(..., description="The log's place in the request's `logs`, from 0")
    outcome: str = Field(..., description="created, updated or rejected (nothing stored)")
    id: int | None = None
    version: int | None = None
    status: str | None = None
    location: str | None = None
    errors: list[Finding]
    warnings: list[Finding]


class BatchOutcome(Schema):
    created: int
    updated: int
    rejected: int
    items: list[ItemOutcome]


def _rejected(index: int, log_id: int | None, rule: str, message: str) -> dict[str, Any]:
    return {"index": index, "outcome": "rejected", "id": log_id, "version": None, "status": None, "location": None,
            "errors": [{"field": "", "rule": rule, "message": message, "severity": "error"}], "warnings": []}


def _stored(index: int, outcome: str, log_id: int, version: int, status: str, errors, warnings) -> dict[str, Any]:
    return {"index": index, "outcome": outcome, "id": log_id, "version": version, "status": status,
            "location": f"/api/v1/logs/{log_id}", "errors": findings([e.as_dict() for e in errors], "error"),
            "warnings": findings([w.as_dict() for w in warnings], "warning")}


@router.post("", response=BatchOutcome, summary=f"Create or change up to {MAX_LOGS:,} logs, with an outcome for each",
             openapi_extra=problem_responses(
                 403, 404, parameters=[idempotency.parameter("this batch")],
                 descriptions={404: "There is no such collection year.",
                               422: "The request is not in the form this operation takes (more than 1,000 logs, or an "
                                    "answer name the year does not have), or its Idempotency-Key was used before with "
                                    "a different request."},
                 responses={200: {"headers": idempotency.REPLAYED_HEADER}}))
def batch(request: HttpRequest, payload: Batch):
    source = writer(request)
    compiled = definition_or_404(payload.collection, payload.year)
    return idempotency.once(request, payload, lambda: run_batch(request, payload, compiled, source))


def run_batch(request: HttpRequest, payload: Batch, compiled, source: Source) -> JsonResponse:
    today = window.today()
    items: dict[int, dict[str, Any]] = {}
    new = [i for i, item in enumerate(payload.logs) if item.id is None]
    changes = [i for i, item in enumerate(payload.logs) if item.id is not None]
    closed = new_logs_closed(payload.collection, payload.year, today)
    if closed:
        items.update({i: _rejected(i, None, "request.closed", closed) for i in new})
        new = []
    sent = [sorted_out(compiled, item.answers) for item in payload.logs]
    answers = [kept for kept, _ in sent]
    with transaction.atomic():
        items.update(_create(payload, answers, new, compiled, source, request.actor.organisation, today))
        items.update(_change(request, payload, answers, changes, source, today))
    ordered = [items[i] for i in range(len(payload.logs))]
    for item, (_, unknown) in zip(ordered, sent, strict=True):
        if item["outcome"] != "rejected":
            item["errors"] = unknown + item["errors"]
    counts = {kind: sum(1 for item in ordered if item["outcome"] == kind) for kind in ("created", "updated", "rejected")}
    return JsonResponse({**counts, "items": ordered})


def _create(payload: Batch, answers: list[dict], indexes: list[int], compiled, source: Source, organisation,
            today: dt.date) -> dict[int, dict]:
    if not indexes:
        return {}
    if len(indexes) < TABLE_FROM:  # the table path costs about 0.7 s whatever the size (docs/benchmarks.md)
        out = {}
        for index in indexes:
            log, outcome = create_log(payload.collection, payload.year, source, owning_organisation=organisation,
                                      answers=answers[index], today=today)
            out[index] = _stored(index, "created", log.pk, log.version, log.status, outcome.errors, outcome.warnings)
        return out
    logs = [answers[i] for i in indexes]
    # as the rows of a file: each answer as text, judged by the table path exactly as one log is
    # (a batch of logs with no answers still has one column: a table has rows only with columns)
    names = sorted({name for given in logs for name in given}) or [
        compiled.definition.date_question]
    frame = pl.DataFrame({name: [as_text(given.get(name)) for given in logs] for name in names},
                         schema={name: pl.String for name in names}, height=len(logs))
    check = check_table(payload.collection, payload.year, frame, source, organisation=organisation, today=today)
    found = check.findings(today)
    stored = write_logs(check.compiled, stored_values(check, list(range(check.rows)), today), source)
    statuses = check.statuses()
    return {index: _stored(index, "created", stored.created[row], 1, statuses[row], *found.get(row, ([], [])))
            for row, index in enumerate(indexes)}


def _change(request: HttpRequest, payload: Batch, answers: list[dict], indexes: list[int], source: Source,
            today: dt.date) -> dict[int, dict]:
    out: dict[int, dict] = {}
    ids = [payload.logs[i].id for i in indexes]
    logs = {log.pk: log for log in permissions.logs_for(request.actor).select_for_update(of=("self",)).filter(pk__in=ids)}
    seen: set[int] = set()
    for index in indexes:
        item = payload.logs[index]
        log = logs.get(item.id)  # type: ignore[arg-type]
        if log is None:
            out[index] = _rejected(index, item.id, "request.not_found", f"There is no log {item.id} that your key can see")
        elif item.id in seen:
            out[index] = _rejected(index, item.id, "request.repeated",
                                   f"Log {item.id} is changed earlier in this batch. Send each log once")
        elif item.version is None:
            out[index] = _rejected(index, item.id, "request.version_required",
                                   f"Send the version of log {item.id} you read (its ETag, {etag(log)}), so a change "
                                   "made meanwhile is not overwritten")
        elif item.version != log.version:
            out[index] = _rejected(index, item.id, "request.stale",
                                   f"Log {item.id} has changed since you read it: its version is now {log.version}. "
                                   "GET it again first")
        elif closed := changes_closed(log, today):
            out[index] = _rejected(index, item.id, "request.closed", closed)
        elif log.collection != payload.collection or log.year != payload.year:
            out[index] = _rejected(index, item.id, "request.other_collection",
                                   f"Log {item.id} is a {log.collection} log of {log.year}, not {payload.collection} "
                                   f"{payload.year}. Send it in a batch of its own collection year")
        else:
            outcome = submit(log, answers[index], source, today=today)
            out[index] = _stored(index, "updated", log.pk, log.version, log.status, outcome.errors, outcome.warnings)
            seen.add(log.pk)
    return out

