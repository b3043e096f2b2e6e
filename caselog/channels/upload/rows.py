"""An uploaded file's rows as answers: CORE's template read by field number, or a provider's
own layout translated as the user's mapping says; and how to point at the cells they came
from, for the error report."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import polars as pl

from caselog.definitions.registry import get_definition
from caselog.engine.compiled import CompiledDefinition
from caselog.logs import window

from . import mapping, values
from .mapping import LOG_ID
from .models import Upload
from .reading import Table, read_table
from .report import Problem
from .template import answers_frame, fields_by_answer, parse_template, recognise_template


class UploadProblem(Exception):
    """The upload cannot go on; the message is for the person uploading."""


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


def column_matches(upload: Upload) -> list:
    return [mapping.ColumnMatch(**m) for m in upload.columns]


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
    today = today or window.today()
    if upload.layout == Upload.Layout.TEMPLATE:
        match = recognise_template(table.rows, [compiled])
        parsed = parse_template(table.rows, compiled)
        frame = answers_frame(compiled, parsed, today)
        by_number = {number: index for index, number in parsed.columns.items()}
        sources = {answer: tuple(by_number[n] for n in numbers if n in by_number)
                   for answer, numbers in fields_by_answer(compiled).items()}
        data = list(zip(parsed.numbers, parsed.cells, strict=True))
        header = table.rows[: match.header_rows] if match else table.rows[: upload.header_rows]
        names_row = match.question_row if match and match.question_row is not None else len(header) - 1
        rows = Rows(compiled, header, names_row, data, frame, sources, [None] * len(data))
        rows.problems = _cells_without_answers(rows)
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


def _cells_without_answers(rows: Rows) -> list[Problem]:
    """A template date given as day, month and year cells that make no real date: the engine
    never sees a value, so the row says it here."""
    out = []
    for target, numbers in fields_by_answer(rows.compiled).items():
        spec = rows.compiled.specs.get(target)
        columns = rows.sources.get(target, ())
        if len(numbers) < 2 or spec is None or spec.kind != "date" or not columns or target not in rows.answers.columns:
            continue
        label = label_of(rows.compiled, target)
        for (number, cells), value in zip(rows.data, rows.answers[target].to_list(), strict=True):
            given = [_cell(cells, c) for c in columns]
            if value is None and any(given):
                out.append(Problem(number, columns[0], target, label,
                                   f"“{'/'.join(given)}” is not a real date. Enter the day, month and year of the "
                                   f"{label.lower()} as numbers, for example 1, 4 and 26", "error"))
    return out


def _cell(row: list[str], column: int) -> str:
    return row[column].strip() if column < len(row) else ""


def file_bytes(upload: Upload) -> bytes:
    with upload.file.open("rb") as handle:
        return handle.read()


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
