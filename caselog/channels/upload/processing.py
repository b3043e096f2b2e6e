"""An upload from file to logs: read it, recognise CORE's template or map the provider's own
columns, turn each row into answers, have the gateway check every row (nothing stored), then
store the rows the user chose, all of them or none.

Checking and storing run as background tasks (tasks.py) and report progress on the Upload
(rows done of rows in the file). Both read the stored file again from the start, so a worker
that dies can simply be run again: storing is one transaction, so it leaves no logs behind.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass, field
from typing import Any

from django.core.files.base import ContentFile
from django.utils import timezone

from caselog.accounts.emails import send_upload_finished
from caselog.definitions.registry import available, get_definition
from caselog.engine.compiled import CompiledDefinition
from caselog.gateway import Source
from caselog.gateway.table import ToStore, check_table, stored_values, write_logs
from caselog.logs import window
from caselog.logs.models import Log

from . import mapping
from .matching import match_logs
from .models import SavedMapping, Upload
from .reading import FileProblem, read_table, sheet_names
from .report import Problem, cell_ref, report_csv, report_workbook, summarise
from .rows import (
    Rows,
    UploadProblem,
    column_matches,
    file_bytes,
    label_of,
    own_layout,
    read_rows,
)
from .template import TemplateError, recognise_template

CHUNK = 25_000  # rows checked at a time: progress moves, and memory stays flat for big files
STALE_AFTER = dt.timedelta(minutes=10)  # a task that has not moved for this long has stopped


def open_collections() -> list[CompiledDefinition]:
    """The definitions that take uploads today (window.accepts_uploads)."""
    today = window.today()
    return [get_definition(c, y) for c, y in available() if window.accepts_uploads(c, y, today)]


# starting an upload --------------------------------------------------------------------------

def receive(organisation, user, compiled: CompiledDefinition, filename: str, data: bytes) -> Upload:
    """Take a file: keep it with its proposed mapping, or ask which sheet when a workbook has
    several. Raises FileProblem (the file cannot be read) or UploadProblem (it can, but cannot
    be uploaded); nothing is kept then."""
    upload = Upload(organisation=organisation, uploaded_by=user, collection=compiled.definition.collection,
                    year=compiled.definition.year, filename=filename[:255], size=len(data))
    if len(sheet_names(data)) > 1:
        upload.status = Upload.Status.SHEET
        _keep_file(upload, data)
        upload.save()
        return upload
    return prepare(upload, data)


def prepare(upload: Upload, data: bytes, sheet: str | None = None) -> Upload:
    """Read the file (the sheet chosen): recognise CORE's template, or propose a mapping of
    the provider's own columns, helped by the organisation's saved mapping."""
    table = read_table(data, sheet or None)
    compiled = get_definition(upload.collection, upload.year)
    upload.sheet = table.sheet or ""
    try:
        match = recognise_template(table.rows, open_collections() or [compiled])
    except TemplateError as error:
        raise UploadProblem(str(error)) from None
    if match is not None:
        if match.logs == 0:
            raise UploadProblem(match.no_logs_message)
        upload.collection, upload.year = match.collection, match.year
        upload.layout = Upload.Layout.TEMPLATE
        upload.header_rows = match.header_rows
        upload.rows_total = match.logs
    else:
        headers, rows = own_layout(table)
        upload.layout = Upload.Layout.OWN
        upload.header_rows = 1
        upload.rows_total = len(rows)
        saved = saved_mapping(upload.organisation, compiled)
        matches = mapping.propose_mapping(compiled, headers, [r for _, r in rows[:500]], saved)
        upload.columns = [asdict(m) for m in matches]
        upload.values = dict(saved.get("values", {})) if saved else {}
    upload.status = Upload.Status.MAPPING
    if not upload.file:
        _keep_file(upload, data)
    upload.save()
    return upload


def _keep_file(upload: Upload, data: bytes) -> None:
    upload.file.save(f"{timezone.now():%Y%m%d%H%M%S}-{upload.uploaded_by_id}.upload", ContentFile(data), save=False)


def saved_mapping(organisation, compiled: CompiledDefinition) -> dict | None:
    """The organisation's mapping for this collection year; failing that, its latest earlier
    year's, carried forward to the fields this year still has."""
    defn = compiled.definition
    found = SavedMapping.objects.filter(organisation=organisation, collection=defn.collection, year__lte=defn.year).order_by("-year").first()
    if found is None:
        return None
    if found.year == defn.year:
        return found.mapping
    return mapping.carry_forward(found.mapping, compiled)


def remember_mapping(upload: Upload) -> None:
    saved, _ = SavedMapping.objects.get_or_create(organisation=upload.organisation, collection=upload.collection, year=upload.year)
    saved.mapping = mapping.remember(saved.mapping or None, column_matches(upload), upload.values)
    saved.updated_by = upload.uploaded_by
    saved.save()


# checking ------------------------------------------------------------------------------------

@dataclass
class Checked:
    problems: list[Problem]
    log_ids: list[int | None]
    skipped: set[int]  # row indexes not to store: the same log twice, or a log ID not theirs
    statuses: list[str]
    rows_with_warnings: int
    values: ToStore = field(default_factory=ToStore)  # when storing


def check_rows(upload: Upload, rows: Rows, *, storing: bool = False, progress=None, today: dt.date | None = None) -> Checked:
    """Every row judged by the gateway, CHUNK rows at a time; when storing, with the user's
    choices (soft checks confirmed, wrong answers left blank) and the values to store."""
    today = today or window.today()
    log_ids, problems = match_logs(rows, upload)
    skipped = {i for i, (number, _) in enumerate(rows.data) if any(p.row == number for p in problems)}
    problems += rows.problems
    source = Source("upload", upload.uploaded_by, f"upload {upload.pk}")
    numbers = [n for n, _ in rows.data]
    chosen_rows = set(upload.confirmed_rows or [])
    confirmed = {i for i, n in enumerate(numbers) if n in chosen_rows}
    statuses: list[str] = []
    out_values = ToStore()
    with_warnings = 0
    for start_at in range(0, len(rows.data), CHUNK):
        end = min(start_at + CHUNK, len(rows.data))
        confirm: Any = True if (storing and upload.confirm_all_checks) else (
            {i - start_at for i in confirmed if start_at <= i < end} if storing else False)
        check = check_table(upload.collection, upload.year, rows.answers.slice(start_at, end - start_at), source,
                            organisation=upload.organisation, log_ids=log_ids[start_at:end], confirm=confirm,
                            blank_errors=storing and upload.blank_errors, today=today)
        statuses += check.statuses()
        for local, (errors, warnings) in sorted(check.findings(today).items()):
            number = numbers[start_at + local]
            for finding in errors:
                problems += _problems(rows, number, finding, "error")
            if warnings:
                with_warnings += 1
            for finding in warnings:
                if not finding.confirmed:
                    problems += _problems(rows, number, finding, "warning")
        if storing:
            chosen = [local for local in range(end - start_at) if start_at + local not in skipped]
            out_values.extend(stored_values(check, chosen, today))
        if progress:
            progress(end)
    return Checked(problems, log_ids, skipped, statuses, with_warnings, out_values)


def _problems(rows: Rows, number: int, finding, severity: str) -> list[Problem]:
    out = []
    for answer in finding.fields or ("",):
        out.append(Problem(number, rows.column_of(answer), answer, label_of(rows.compiled, answer),
                           finding.message_for(answer) if answer else finding.message, severity))
    return out


def run_check(upload: Upload) -> None:
    """The check task: every row judged, the preview and error report kept; nothing stored."""
    _begin(upload, Upload.Status.CHECKING)
    try:
        rows = read_rows(upload)
        checked = check_rows(upload, rows, progress=lambda done: _progress(upload, done))
    except (FileProblem, TemplateError, UploadProblem) as error:
        return _fail(upload, str(error))
    summary = summarise(checked.problems)
    new = sum(1 for i, log_id in enumerate(checked.log_ids) if log_id is None and i not in checked.skipped)
    upload.summary = {
        "rows": len(rows.data),
        "create": new,
        "update": sum(1 for log_id in checked.log_ids if log_id is not None),
        "rows_with_errors": summary.rows_with_errors,
        "rows_with_warnings": checked.rows_with_warnings,
        "errors": summary.errors,
        "warnings": summary.warnings,
        "completed": checked.statuses.count("completed"),
        "by_field": [asdict(f) for f in summary.by_field],
        "listed": [asdict(p) | {"cell": cell_ref(p.row, p.column), "header": rows.header(p.column)} for p in summary.listed],
        "not_listed": summary.not_listed,
        "warning_rows": sorted({p.row for p in checked.problems if p.severity == "warning"})[:1000],
    }
    if checked.problems:
        name = upload.filename.rsplit(".", 1)[0]
        upload.report_xlsx.save(f"{name}-errors.xlsx", ContentFile(
            report_workbook(rows.header_rows, rows.data, checked.problems, sheet_name=upload.sheet or "Your file",
                            names_row=rows.names_row)), save=False)
        upload.report_csv.save(f"{name}-errors.csv", ContentFile(
            report_csv(rows.header_rows, rows.data, checked.problems, names_row=rows.names_row)), save=False)
    _finish(upload, Upload.Status.CHECKED)


def run_store(upload: Upload) -> None:
    """The store task: the rows checked again with the user's choices, then stored in one go."""
    _begin(upload, Upload.Status.STORING)
    try:
        rows = read_rows(upload)
        checked = check_rows(upload, rows, storing=True, progress=lambda done: _progress(upload, done))
    except (FileProblem, TemplateError, UploadProblem) as error:
        return _fail(upload, str(error))
    items = checked.values.storable(upload.blank_errors)
    stored = write_logs(rows.compiled, items, Source("upload", upload.uploaded_by, f"upload {upload.pk}"))
    upload.summary = {**upload.summary, "created": len(stored.created), "updated": len(stored.updated),
                      "not_stored": len(rows.data) - len(items)}
    if upload.layout == Upload.Layout.OWN:
        remember_mapping(upload)
    _finish(upload, Upload.Status.STORED)


def _begin(upload: Upload, status: str) -> None:
    upload.status = status
    upload.rows_done = 0
    upload.message = ""
    upload.save(update_fields=["status", "rows_done", "message", "updated_at"])


def _progress(upload: Upload, done: int) -> None:
    upload.rows_done = done
    upload.save(update_fields=["rows_done", "updated_at"])


def _fail(upload: Upload, message: str) -> None:
    upload.message = message
    _finish(upload, Upload.Status.FAILED)


def _finish(upload: Upload, status: str) -> None:
    upload.status = status
    upload.finished_at = timezone.now()
    upload.rows_done = upload.rows_total
    upload.save()
    send_upload_finished(upload)


def is_stale(upload: Upload) -> bool:
    """Checking or storing, but not moved for a while: the worker stopped. Nothing was
    stored (storing is one transaction), so it can be run again."""
    return upload.status in Upload.ACTIVE and timezone.now() - upload.updated_at > STALE_AFTER


def logs_of(upload: Upload):
    return Log.objects.filter(audit_events__reference=f"upload {upload.pk}").distinct()


__all__ = ["FileProblem", "UploadProblem", "check_rows", "column_matches", "file_bytes",
           "label_of", "own_layout", "prepare", "read_rows", "receive", "run_check", "run_store", "sheet_names"]
