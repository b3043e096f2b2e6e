"""Bulk uploads over the API: the status of the organisation's uploads, what checking found,
and the error report, so a system that hands files to the service can follow them. Choices
about an upload (columns, unknown answers, what to store) are made by a person in the service."""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from django.http import FileResponse, Http404, HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Field, Query, Router, Schema

from caselog.channels.upload import processing
from caselog.channels.upload.models import Upload

from .problems import problem_responses

router = Router(tags=["uploads"])
MAX_PAGE = 100
REPORT_TYPES = {"csv": "text/csv", "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}


class Counts(Schema):
    rows: int | None = Field(None, description="Logs in the file")
    to_create: int | None = Field(None, description="Rows that would make new logs")
    to_update: int | None = Field(None, description="Rows that would change logs already in the service")
    rows_with_errors: int | None = None
    rows_with_warnings: int | None = None
    errors: int | None = None
    warnings: int | None = None
    completed: int | None = Field(None, description="Rows that would make a completed log")
    created: int | None = Field(None, description="Logs created, once stored")
    updated: int | None = Field(None, description="Logs changed, once stored")
    not_stored: int | None = Field(None, description="Rows not stored (they had errors), once stored")


class QuestionProblems(Schema):
    field: str
    question: str
    severity: str
    count: int
    rows: list[int] = Field(..., description="The first rows with this problem, as the spreadsheet numbers them")


class UploadOut(Schema):
    id: int
    collection: str
    year: int
    filename: str
    status: str = Field(..., description="mapping, sheet, checking, checked, storing, stored, not_stored or failed")
    status_text: str
    stopped: bool = Field(..., description="The check or store stopped before it finished; nothing was stored. "
                                           "Someone can try again in the service")
    message: str = Field(..., description="Why the upload failed, when it did")
    rows_total: int
    rows_done: int
    percent_done: int
    counts: Counts
    problems_by_question: list[QuestionProblems]
    report_urls: dict[str, str] = Field(..., description="The error report (the file with an Errors column), by format")
    page_url: str = Field(..., description="Where a person continues with this upload in the service")
    created_at: dt.datetime
    finished_at: dt.datetime | None


class UploadPage(Schema):
    items: list[UploadOut]
    next: str | None


class UploadFilters(Schema):
    status: Upload.Status | None = None
    before: int | None = Field(None, description="The id of the last upload of the page before (from `next`)")
    limit: int = Field(20, ge=1, le=MAX_PAGE)


def _uploads(request: HttpRequest):
    """The uploads of the organisations the key's organisation logs for, as its people see them."""
    return Upload.objects.of_organisations_of(request.actor).order_by("-pk")


def _counts(summary: dict[str, Any]) -> dict[str, Any]:
    named = {"to_create": "create", "to_update": "update"}
    return {name: summary.get(named.get(name, name)) for name in Counts.model_fields}


def upload_json(upload: Upload) -> dict[str, Any]:
    summary = upload.summary or {}
    return {
        "id": upload.pk, "collection": upload.collection, "year": upload.year, "filename": upload.filename,
        "status": upload.status, "status_text": upload.get_status_display(), "stopped": processing.is_stale(upload),
        "message": upload.message, "rows_total": upload.rows_total, "rows_done": upload.rows_done,
        "percent_done": upload.percent_done, "counts": _counts(summary),
        "problems_by_question": [{"field": f["field"], "question": f["label"], "severity": f["severity"],
                                  "count": f["count"], "rows": list(f["rows"])} for f in summary.get("by_field", [])],
        "report_urls": {kind: f"/api/v1/uploads/{upload.pk}/report.{kind}" for kind in REPORT_TYPES
                        if upload.report_file(kind)},
        "page_url": f"/uploads/{upload.pk}",
        "created_at": upload.created_at, "finished_at": upload.finished_at,
    }


@router.get("", response=UploadPage, summary="Your organisation's bulk uploads, newest first")
def list_uploads(request: HttpRequest, filters: Query[UploadFilters]):
    uploads = _uploads(request)
    if filters.status:
        uploads = uploads.filter(status=filters.status)
    if filters.before:
        uploads = uploads.filter(pk__lt=filters.before)
    page = list(uploads[: filters.limit + 1])
    next_url = None
    if len(page) > filters.limit:
        page = page[: filters.limit]
        query = request.GET.copy()
        query["before"] = str(page[-1].pk)
        next_url = f"{request.path}?{query.urlencode()}"
    return {"items": [upload_json(u) for u in page], "next": next_url}


@router.get("/{upload_id}", response=UploadOut, summary="One upload: its status, progress and what checking found",
            openapi_extra=problem_responses(404))
def get_upload(request: HttpRequest, upload_id: int):
    return upload_json(get_object_or_404(_uploads(request), pk=upload_id))


@router.get("/{upload_id}/report.{kind}", summary="An upload's error report: your file with an Errors column",
            openapi_extra=problem_responses(404, descriptions={404: "No such upload, or it has no error report"},
                                            responses={200: {"description": "The error report",
                                                             "content": {t: {"schema": {"type": "string", "format": "binary"}}
                                                                         for t in REPORT_TYPES.values()}}}))
def upload_report(request: HttpRequest, upload_id: int, kind: Literal["csv", "xlsx"]):
    upload = get_object_or_404(_uploads(request), pk=upload_id)
    file = upload.report_file(kind)
    if not file:
        raise Http404("This upload has no error report: it has not been checked, or checking found no problems.")
    return FileResponse(file.open("rb"), as_attachment=True, filename=upload.report_name(kind),
                        content_type=REPORT_TYPES[kind])
