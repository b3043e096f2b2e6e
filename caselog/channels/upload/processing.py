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

import polars as pl
from django.core.files.base import ContentFile
from django.utils import timezone

from caselog.accounts import permissions
from caselog.definitions.registry import available, get_definition
from caselog.engine.compiled import CompiledDefinition
from caselog.gateway import Source
from caselog.gateway.table import ToStore, check_table, stored_values, write_logs
from caselog.logs.models import Log

from . import mapping, values
from .models import SavedMapping, Upload
from .reading import FileProblem, Table, read_table, sheet_names
from .report import Problem, report_csv, report_workbook, summarise
from .template import TemplateError, answers_frame, parse_template, recognise_template

CHUNK = 25_000  # rows checked at a time: progress moves, and memory stays flat for big files
LOG_ID = "log_id"  # the mapping target of a column holding the service's log IDs
LOG_ID_LABEL = "Log ID (to update a log already in the service)"
LOG_ID_HEADERS = {"log id", "log", "caselog id", "id", "log reference"}
STALE_AFTER = dt.timedelta(minutes=10)  # a task that has not moved for this long has stopped


class UploadProblem(Exception):
    """The upload cannot go on; the message is for the person uploading."""


def open_collections() -> list[CompiledDefinition]:
    """The definitions that take uploads today: their year is open for new logs or edits."""
    today = timezone.localdate()
    out = []
    for collection, year in available():
        compiled = get_definition(collection, year)
        if compiled.definition.dates.start <= today + dt.timedelta(days=62) and today <= compiled.definition.dates.edit_end:
            out.append(compiled)
    return out


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
        upload.columns = [asdict(m) for m in _with_log_ids(matches, headers)]
        upload.values = dict(saved.get("values", {})) if saved else {}
    upload.status = Upload.Status.MAPPING
    if not upload.file:
        _keep_file(upload, data)
    upload.save()
    return upload


def _keep_file(upload: Upload, data: bytes) -> None:
    upload.file.save(f"{timezone.now():%Y%m%d%H%M%S}-{upload.uploaded_by_id}.upload", ContentFile(data), save=False)


def own_layout(table: Table) -> tuple[list[str], list[tuple[int, list[str]]]]:
    """A provider's file: a header row, then a row for each log (blank rows passed over)."""
    first = next((i for i, row in enumerate(table.rows) if any(cell.strip() for cell in row)), 0)
    headers = [cell.strip() for cell in table.rows[first]]
    named = [h for h in headers if h]
    if not named:
        raise UploadProblem("The selected file has no header row. Add a row of column headings above the logs")
    rows = [(first + 2 + i, row) for i, row in enumerate(table.rows[first + 1:]) if any(cell.strip() for cell in row)]
    if not rows:
        raise UploadProblem("The selected file has column headings but no logs under them. Add a row for each log "
                            "and upload the file again")
    return headers, rows


def _with_log_ids(matches: list, headers: list[str]) -> list:
    """A column of the service's own log IDs (from an earlier download) updates those logs."""
    out = []
    for m in matches:
        if m.field is None and " ".join(headers[m.column].lower().replace("_", " ").split()) in LOG_ID_HEADERS:
            m = mapping.ColumnMatch(m.column, m.header, LOG_ID, None, 1.0, "The heading says it holds log IDs")
        out.append(m)
    return out


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
    saved.mapping = mapping.remember(saved.mapping or None, [m for m in column_matches(upload) if m.field != LOG_ID], upload.values)
    saved.updated_by = upload.uploaded_by
    saved.save()


def column_matches(upload: Upload) -> list:
    return [mapping.ColumnMatch(**m) for m in upload.columns]


# rows to answers ----------------------------------------------------------------------------

@dataclass
class Rows:
    """The file's rows as answers, and how to point at the cells they came from."""

    compiled: CompiledDefinition
    header_rows: list[list[str]]  # the file's rows above the logs
    names_row: int  # which header row names the columns
    data: list[tuple[int, list[str]]]  # (row number in the file, cells)
    answers: pl.DataFrame  # one row per log, text, one column per answer id
    sources: dict[str, tuple[int, ...]]  # answer id -> file columns
    given_log_ids: list[str | None] = field(default_factory=list)
    unknown: dict[str, dict[str, int]] = field(default_factory=dict)
    suggestions: dict[str, dict[str, str]] = field(default_factory=dict)  # unknown value -> a close answer's code
    problems: list[Problem] = field(default_factory=list)  # cells that make no answer at all

    def column_of(self, answer: str) -> int | None:
        found = self.sources.get(answer)
        return found[0] if found else None

    def header(self, column: int | None) -> str:
        if column is None or not self.header_rows:
            return ""
        row = self.header_rows[self.names_row]
        return row[column] if column < len(row) else ""


def read_rows(upload: Upload, table: Table | None = None, today: dt.date | None = None) -> Rows:
    """The stored file, read again and turned into answers as the user's mapping says."""
    table = table or read_table(file_bytes(upload), upload.sheet or None)
    compiled = get_definition(upload.collection, upload.year)
    today = today or timezone.localdate()
    if upload.layout == Upload.Layout.TEMPLATE:
        match = recognise_template(table.rows, [compiled])
        parsed = parse_template(table.rows, compiled)
        frame = answers_frame(compiled, parsed, today)
        by_number = {number: index for index, number in parsed.columns.items()}
        sources: dict[str, tuple[int, ...]] = {}
        for f in compiled.definition.template.fields:  # type: ignore[union-attr]
            columns = tuple(by_number[n] for n in (f.number, *[g.number for g in compiled.definition.template.fields
                                                                if g.part_of == f.number]) if n in by_number)
            for target in ([f.question] if f.question else []) + list(f.sets):
                sources.setdefault(target, columns)
        numbers = set(parsed.numbers)
        data = [(i + 1, row) for i, row in enumerate(table.rows) if i + 1 in numbers]
        header = table.rows[: match.header_rows] if match else table.rows[: upload.header_rows]
        names_row = match.question_row if match and match.question_row is not None else len(header) - 1
        rows = Rows(compiled, header, names_row, data, frame, sources, [None] * len(data))
        rows.problems = _cells_without_answers(rows, parsed)
        return rows
    headers, data = own_layout(table)
    matches = column_matches(upload)
    log_id_columns = [m.column for m in matches if m.field == LOG_ID]
    translated = values.translate(compiled, [r for _, r in data], [m for m in matches if m.field != LOG_ID], upload.values)
    given = [(_cell(r, log_id_columns[0]) or None) if log_id_columns else None for _, r in data]
    if log_id_columns:
        translated.sources[LOG_ID] = (log_id_columns[0],)
    return Rows(compiled, [headers], 0, data, translated.frame, dict(translated.sources), given, translated.unknown,
                translated.suggestions)


def _cells_without_answers(rows: Rows, parsed) -> list[Problem]:
    """A template answer made of several cells (a date as day, month and year) that the cells
    do not make: the engine never sees a value, so the row says it here."""
    out = []
    template = rows.compiled.definition.template
    split = [f for f in template.fields if f.sets and any(g.part_of == f.number for g in template.fields)]  # type: ignore[union-attr]
    for f in split:
        for target in f.sets:
            spec = rows.compiled.specs.get(target)
            columns = rows.sources.get(target, ())
            if spec is None or spec.kind != "date":
                continue
            if target not in rows.answers.columns or not columns:
                continue
            made = rows.answers[target].to_list()
            for (number, cells), value in zip(rows.data, made, strict=True):
                given = [_cell(cells, c) for c in columns]
                if value is None and any(given):
                    out.append(Problem(number, columns[0], target, label_of(rows.compiled, target),
                                       f"“{'/'.join(given)}” is not a real date. Enter the day, month and year of the "
                                       f"{label_of(rows.compiled, target).lower()} as numbers, for example 1, 4 and 26",
                                       "error"))
    return out


def _cell(row: list[str], column: int) -> str:
    return row[column].strip() if column < len(row) else ""


def file_bytes(upload: Upload) -> bytes:
    with upload.file.open("rb") as handle:
        return handle.read()


# which log each row is -----------------------------------------------------------------------

def match_logs(rows: Rows, upload: Upload) -> tuple[list[int | None], list[Problem]]:
    """The log each row updates: the one its log ID names, or the one with the same tenant
    code, property reference and start date (sales: purchaser code and sale date) among the
    logs the uploader may see; None for a new log. Two rows of the file that are the same
    log, or a log ID that names no log of theirs, are problems of those rows."""
    defn = rows.compiled.definition
    visible = permissions.logs_for(upload.uploaded_by).filter(collection=defn.collection)
    keys_of = _row_keys(rows)
    ids: list[int | None] = [None] * len(rows.data)
    problems: list[Problem] = []
    given = {int(v) for v in rows.given_log_ids if v and v.isdigit()}
    known = set(visible.filter(pk__in=given).values_list("pk", flat=True)) if given else set()
    references = {k[0] for k in keys_of if k}
    existing: dict[tuple, int] = {}
    if references:
        for pk, provider_ref, property_ref, answers_date in visible.filter(provider_reference__in=references).values_list(
                "pk", "provider_reference", "property_reference", f"answers__{defn.date_question}"):
            key = (provider_ref, property_ref if len(defn.reference_fields) > 1 else "", str(answers_date or "")[:10])
            existing.setdefault(key, pk)
    first_row_of: dict[Any, int] = {}
    for i, ((number, _), key) in enumerate(zip(rows.data, keys_of, strict=True)):
        log_id = rows.given_log_ids[i] if rows.given_log_ids else None
        if log_id:
            if not log_id.isdigit() or int(log_id) not in known:
                problems.append(Problem(number, rows.column_of(LOG_ID), LOG_ID, "Log ID",
                                        f"There is no log {log_id} that you can change. Check the log ID, or leave it "
                                        "blank to create a new log", "error"))
                continue
            ids[i] = int(log_id)
        elif key:
            ids[i] = existing.get(key)
        same = ("id", ids[i]) if ids[i] else ("key", key) if key else None
        if same is None:
            continue
        if same in first_row_of:
            field_name = defn.reference_fields[0] if defn.reference_fields else LOG_ID
            problems.append(Problem(number, rows.column_of(field_name), field_name, label_of(rows.compiled, field_name),
                                    f"This row is the same log as row {first_row_of[same]}. Remove one of the two rows, "
                                    "or correct their references", "error"))
            ids[i] = None
        else:
            first_row_of[same] = number
    return ids, problems


def _row_keys(rows: Rows) -> list[tuple | None]:
    """(tenant code, property reference, date) of each row, or None when one is blank."""
    defn = rows.compiled.definition
    names = list(defn.reference_fields) + [defn.date_question]
    frame = rows.answers
    if not all(n in frame.columns for n in names):
        return [None] * frame.height
    out: list[tuple | None] = []
    for values_ in frame.select(names).rows():
        cells = [(v or "").strip() for v in values_]
        if not all(cells):
            out.append(None)
            continue
        reference, date = cells[0], _iso(cells[-1])
        out.append((reference[:50], cells[1][:50] if len(names) > 2 else "", date))
    return out


def _iso(text: str) -> str:
    return text[:10]


def label_of(compiled: CompiledDefinition, answer: str) -> str:
    if answer == LOG_ID:
        return "Log ID"
    spec = compiled.specs.get(answer)
    question = spec.question if spec else compiled.definition.questions.get(answer)
    if question is None:
        return answer
    if spec is not None and question.type == "checkbox" and answer != question.id:
        option = next((o.label for o in question.options if str(o.code) == answer), answer)
        return f"{question.label}: {option}"
    return question.label


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
    today = today or timezone.localdate()
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
        "listed": [asdict(p) | {"cell": _cell_ref(p), "header": rows.header(p.column)} for p in summary.listed],
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
    values = checked.values
    items = values.select(i for i in range(len(values)) if upload.blank_errors or not values.error_counts[i])
    stored = write_logs(rows.compiled, items, Source("upload", upload.uploaded_by, f"upload {upload.pk}"))
    upload.summary = {**upload.summary, "created": len(stored.created), "updated": len(stored.updated),
                      "not_stored": len(rows.data) - len(items)}
    if upload.layout == Upload.Layout.OWN:
        remember_mapping(upload)
    _finish(upload, Upload.Status.STORED)


def _cell_ref(problem: Problem) -> str:
    from .report import cell_ref

    return cell_ref(problem.row, problem.column)


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
    from .emails import send_upload_finished

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


__all__ = ["FileProblem", "UploadProblem", "receive", "prepare", "read_rows", "check_rows", "run_check", "run_store", "sheet_names"]
