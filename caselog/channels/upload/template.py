"""The official bulk upload template: header rows, then one log per row, read by field number.

The definition's template.yaml says which header row holds the field numbers and how each
field sets answers, so no year has a parser of its own. An uploaded file is recognised as
the template of a collection and year by its own header rows, so last year's template is
refused with a message that says so instead of being read as this year's.
"""

from __future__ import annotations

import csv
import io
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import polars as pl

from caselog.definitions.model import year_label
from caselog.engine.compiled import CompiledDefinition
from caselog.engine.expressions import EvalContext, EvaluationError, compile_polars

from .report import column_letter

FIELD_NUMBER_LABEL = "field number"  # "Field number"; earlier years say "Bulk upload field number"
QUESTION_LABEL = "question"
VALUES_LABEL = "values"  # the row that gives each column's allowed values: "26 - 27" under the year
HEADER_SEARCH_ROWS = 12  # the templates have 7 to 8 header rows; look a little further
SAME_TEMPLATE_SHARE = 0.8  # of the questions in the file that must be this template's questions
# One year's template shares about 70% of its questions with the next; the other collection's
# template about 15%. Above this share the file is that collection's template, of some year.
SAME_COLLECTION_SHARE = 0.4
COLLECTION_YEAR_START_MONTH = 4  # CORE's collection years run from April to March
DATE_PART = re.compile(r"date\?? - (day|month|year)\b")  # "What is the tenancy start date? - year YY"


class TemplateError(ValueError):
    """The file is not in the template's layout; the message says where and how to fix it."""


class TemplateYearError(TemplateError):
    """The file is the template of a year whose logs cannot be uploaded."""

    def __init__(self, message: str, *, log_type: str, year: int, state: str):
        super().__init__(message)
        self.log_type = log_type  # "lettings" | "sales"
        self.year = year
        self.state = state  # "closed" | "not_open" | "not_collected"


@dataclass(frozen=True)
class TemplateMatch:
    """An uploaded file recognised as the official template of a definition we have."""

    collection: str
    year: int
    compiled: CompiledDefinition = field(repr=False)
    header_rows: int  # rows above the logs: the first log is table_rows[header_rows]
    question_row: int | None  # index of the "Question" header row: the columns' names people read
    logs: int  # rows below the header rows with something in them

    @property
    def first_data_row(self) -> int:
        """The first log's row number as the spreadsheet shows it."""
        return self.header_rows + 1

    @property
    def no_logs_message(self) -> str:
        defn = self.compiled.definition
        return (f"The selected file is the {defn.year_label} {defn.log_type} bulk upload template with no logs in it. "
                f"Add a row for each log under the header rows, starting at row {self.first_data_row}, "
                "then upload the file again")


@dataclass(frozen=True)
class TemplateRows:
    columns: dict[int, int]  # column index in the file -> field number
    numbers: list[int]  # each log's row number in the file
    cells: list[list[str]]  # each log's cells, as in the file

    @property
    def rows(self) -> list[tuple[int, dict[str, str]]]:
        """(row number in the file, {field_N: cell}) for each log."""
        return [(number, {f"field_{n}": (row[i].strip() if i < len(row) else "") for i, n in self.columns.items()})
                for number, row in zip(self.numbers, self.cells, strict=True)]


def recognise_template(table_rows: list[list[str]], definitions: Iterable[CompiledDefinition]) -> TemplateMatch | None:
    """Which definition's template the file is, or None when it is not in the template's layout
    (a provider's own export, to be mapped column by column).

    `definitions` are those open for upload. The file says its own year, so the template of a
    year not among them raises TemplateYearError, saying whether that year is closed or not
    open yet, rather than being read as this year's.
    """
    number_row = field_number_row(table_rows, HEADER_SEARCH_ROWS)
    if number_row is None:
        return None
    question_row = _question_row(table_rows[:number_row])
    asked = _questions(table_rows[question_row]) if question_row is not None else {}
    shares = [(_share(asked.values(), c), c) for c in definitions if c.definition.template is not None]
    if not asked or not shares:
        raise TemplateError("The selected file has the field numbers of a bulk upload template but not its 'Question' "
                            "row. Download the template again and copy your data into it, keeping its header rows")
    best_share, best = max(shares, key=lambda pair: (pair[0], pair[1].definition.year))
    if best_share < SAME_COLLECTION_SHARE:
        raise TemplateError("The selected file has the field numbers of a bulk upload template, but its questions are not "
                            "those of a template we know. Download the template for the year of your logs and copy your "
                            "data into it")
    defn = best.definition
    same = [(share, c) for share, c in shares if c.definition.collection == defn.collection]
    year = template_year(table_rows, number_row)
    if year is None:  # no year in the file: the questions alone must say which template it is
        chosen = max(same, key=lambda pair: (pair[0], pair[1].definition.year))
    else:
        chosen = next((pair for pair in same if pair[1].definition.year == year), None)
        if chosen is None:
            raise _year_not_open(defn.log_type, year, sorted(c.definition.year for _, c in same))
    share, compiled = chosen
    if share < SAME_TEMPLATE_SHARE:
        found = compiled.definition
        raise TemplateError(f"The selected file is not the {found.year_label} {found.log_type} bulk upload template: "
                            f"{1 - share:.0%} of its questions are not that template's questions. Download the "
                            f"{found.year_label} template and copy your data into it")
    logs = sum(1 for row in table_rows[number_row + 1:] if any(cell.strip() for cell in row))
    return TemplateMatch(compiled.definition.collection, compiled.definition.year, compiled,
                         number_row + 1, question_row, logs)


def template_year(table_rows: list[list[str]], number_row: int | None = None) -> int | None:
    """The collection year a template is for: from its "Values" row under the year of the log's
    date ("26 - 27" is 2026; 2023/24 sales says "20 - 24"), or else from the dates of its logs."""
    if number_row is None:
        number_row = field_number_row(table_rows, HEADER_SEARCH_ROWS)
        if number_row is None:
            return None
    header = table_rows[:number_row]
    question_row = _question_row(header)
    if question_row is None:
        return None
    parts: dict[str, int] = {}
    for index, label in _questions(table_rows[question_row]).items():
        found = DATE_PART.search(label)
        if found:
            parts.setdefault(found.group(1), index)  # the first date is the log's own
    if "year" not in parts:
        return None
    for row in header:
        if row and row[0].strip().lower() == VALUES_LABEL and parts["year"] < len(row):
            numbers = [int(n) % 100 for n in re.findall(r"\d{2,4}", row[parts["year"]])]
            if len(numbers) >= 2:  # a range of two-digit years: the collection year ends in the later
                return 2000 + max(numbers) - 1
    if "month" not in parts:
        return None
    years: Counter[int] = Counter()
    for row in table_rows[number_row + 1:]:
        year, month = (_number(row, parts["year"]), _number(row, parts["month"]))
        if year is not None and month in range(1, 13):
            year = 2000 + year if year < 100 else year
            years[year if month >= COLLECTION_YEAR_START_MONTH else year - 1] += 1
    return years.most_common(1)[0][0] if years else None


def _year_not_open(log_type: str, year: int, years: list[int]) -> TemplateYearError:
    newest = year_label(years[-1])
    if year < years[0]:
        state, why = "closed", f"The {year_label(year)} collection year is closed, so its logs can no longer be uploaded."
    elif year > years[-1]:
        state, why = "not_open", f"The {year_label(year)} collection year is not open yet, so its logs cannot be uploaded yet."
    else:
        state, why = "not_collected", f"Logs for {year_label(year)} are not collected, so they cannot be uploaded."
    message = (f"This is the {year_label(year)} {log_type} bulk upload template. {why} To upload logs for {newest}, "
               f"download the {newest} template and copy your data into it.")
    return TemplateYearError(message, log_type=log_type, year=year, state=state)


def read_template_csv(path: Path | str, compiled: CompiledDefinition) -> TemplateRows:
    data = Path(path).read_bytes()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("cp1252")
    return parse_template(list(csv.reader(io.StringIO(text, newline=""))), compiled)


def parse_template(table: list[list[str]], compiled: CompiledDefinition) -> TemplateRows:
    """The logs of a file in `compiled`'s template layout: a CSV's rows, or a reading.Table's."""
    template = compiled.definition.template
    if template is None:
        raise TemplateError(f"{compiled.definition.title} {compiled.definition.year_label} has no bulk upload template")
    number_row = field_number_row(table, max(template.field_number_row + 2, HEADER_SEARCH_ROWS))
    if number_row is None:
        raise TemplateError(f"Row {template.field_number_row}: expected the 'Field number' row of the bulk upload "
                            "template; none was found in the first rows")
    _check_same_template(table, number_row, compiled)
    known = {f.number for f in template.fields}
    columns: dict[int, int] = {}
    for index, cell in enumerate(table[number_row]):
        cell = cell.strip()
        if not cell or cell.lower().endswith(FIELD_NUMBER_LABEL):
            continue
        if not cell.isdigit() or int(cell) not in known:
            raise TemplateError(f"Row {number_row + 1}, column {column_letter(index)}: '{cell}' is not a field number of this template")
        if int(cell) in columns.values():
            raise TemplateError(f"Row {number_row + 1}, column {column_letter(index)}: field {cell} appears twice")
        columns[index] = int(cell)
    numbers, cells = [], []
    for offset, row in enumerate(table[number_row + 1:], start=number_row + 2):
        if any(cell.strip() for cell in row):
            numbers.append(offset)
            cells.append(row)
    return TemplateRows(columns, numbers, cells)


def field_number_row(table: list[list[str]], limit: int = HEADER_SEARCH_ROWS) -> int | None:
    """The index of the template's "Field number" row, or None when the rows have none."""
    for index, row in enumerate(table[:limit]):
        if any(cell.strip().lower().endswith(FIELD_NUMBER_LABEL) for cell in row[:2]):
            return index
    return None


def _question_row(header: list[list[str]]) -> int | None:
    return next((i for i, row in enumerate(header) if row and row[0].strip().lower() == QUESTION_LABEL), None)


def _questions(row: list[str]) -> dict[int, str]:
    """Column index -> the question, normalised, for each column that has one."""
    return {i: _normal(cell) for i, cell in enumerate(row) if i and cell.strip()}


def _share(asked: Iterable[str], compiled: CompiledDefinition) -> float:
    asked = list(asked)
    ours = {_normal(f.label) for f in compiled.definition.template.fields}  # type: ignore[union-attr]
    return sum(q in ours for q in asked) / len(asked) if asked else 0.0


def _check_same_template(table: list[list[str]], number_row: int, compiled: CompiledDefinition) -> None:
    """A template of another year has field numbers too, meaning other things: its questions
    must be this template's questions."""
    defn = compiled.definition
    question_row = _question_row(table[:number_row])
    if question_row is None:
        return
    asked = _questions(table[question_row]).values()
    if asked and _share(asked, compiled) < SAME_TEMPLATE_SHARE:
        year = template_year(table, number_row)
        why = (f"it is the {year_label(year)} template" if year is not None and year != defn.year
               else f"its questions are not the {defn.year_label} template's questions")
        raise TemplateError(
            f"this is not the {defn.year_label} {defn.log_type} bulk upload template: {why}. Download the "
            f"{defn.year_label} template and copy your data into it, or check the file against the year it was made for"
        )


def _number(row: list[str], index: int) -> int | None:
    cell = row[index].strip() if index < len(row) else ""
    return int(cell) if cell.isdigit() else None


def _normal(text: str) -> str:
    return " ".join(text.lower().replace("’", "'").split())


def fields_by_answer(compiled: CompiledDefinition) -> dict[str, tuple[int, ...]]:
    """answer -> the numbers of the template fields whose cells give it, its own field first
    (a date's day, then its month and year cells): to point an error at the cells."""
    fields = compiled.definition.template.fields  # type: ignore[union-attr]
    out: dict[str, tuple[int, ...]] = {}
    for f in fields:
        numbers = (f.number, *[g.number for g in fields if g.part_of == f.number])
        for target in ([f.question] if f.question else []) + list(f.sets):
            out.setdefault(target, numbers)
    return out


def answers_from_fields(compiled: CompiledDefinition, fields: dict[str, str], today) -> dict[str, Any]:
    """One row's answers, from its cells by field number."""
    ctx = EvalContext(today=today)
    answers: dict[str, Any] = {}
    for target, expr in compiled.template_sets:
        try:
            value = expr.row(fields, ctx)
        except EvaluationError:
            value = None
        if value is not None or target not in answers:
            answers[target] = value
    return answers


def answers_frame(compiled: CompiledDefinition, rows: TemplateRows, today) -> pl.DataFrame:
    """Every row's answers at once, as answers_from_fields gives them one by one."""
    ctx = EvalContext(today=today)
    names = [f.column for f in compiled.definition.template.fields]  # type: ignore[union-attr]
    # column by column from the file's rows: a field the file lacks is blank
    width = max((len(r) for r in rows.cells), default=0)
    by_index = pl.DataFrame([r + [""] * (width - len(r)) for r in rows.cells], schema=[f"c{i}" for i in range(width)],
                            orient="row") if rows.cells else pl.DataFrame()
    by_number = {n: i for i, n in rows.columns.items()}
    frame = pl.DataFrame([pl.Series(n, [], pl.String) for n in names]) if not rows.cells else by_index.select([
        (pl.col(f"c{by_number[int(n[6:])]}").str.strip_chars() if int(n[6:]) in by_number else pl.lit("")).cast(pl.String).alias(n)
        for n in names])
    exprs: dict[str, pl.Expr] = {}
    for target, expr in compiled.template_sets:
        new = compile_polars(expr.node, compiled.template_env, ctx).cast(pl.String)
        exprs[target] = pl.coalesce([new, exprs[target]]) if target in exprs else new
    return frame.select([e.alias(t) for t, e in exprs.items()])
