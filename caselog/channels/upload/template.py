"""The official bulk upload template: header rows, then one log per row, read by field number.

The definition's template.yaml says which header row holds the field numbers and how each
field sets answers, so no year has a parser of its own.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import polars as pl

from caselog.engine.compiled import CompiledDefinition
from caselog.engine.expressions import EvalContext, EvaluationError, compile_polars

FIELD_NUMBER_LABEL = "field number"  # "Field number"; earlier years say "Bulk upload field number"
QUESTION_LABEL = "question"
SAME_TEMPLATE_SHARE = 0.8  # of the questions in the file that must be this template's questions


class TemplateError(ValueError):
    """The file is not in the template's layout; the message says where and how to fix it."""


@dataclass(frozen=True)
class TemplateRows:
    columns: dict[int, int]  # column index in the file -> field number
    rows: list[tuple[int, dict[str, str]]]  # (row number in the file, {field_N: cell})


def read_template_csv(path: Path | str, compiled: CompiledDefinition) -> TemplateRows:
    data = Path(path).read_bytes()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("cp1252")
    return parse_template(list(csv.reader(io.StringIO(text, newline=""))), compiled)


def parse_template(table: list[list[str]], compiled: CompiledDefinition) -> TemplateRows:
    template = compiled.definition.template
    if template is None:
        raise TemplateError(f"{compiled.definition.title} {compiled.definition.year_label} has no bulk upload template")
    number_row = _find_field_number_row(table, template.field_number_row)
    _check_same_template(table[:number_row], compiled)
    known = {f.number for f in template.fields}
    columns: dict[int, int] = {}
    for index, cell in enumerate(table[number_row]):
        cell = cell.strip()
        if not cell or cell.lower().endswith(FIELD_NUMBER_LABEL):
            continue
        if not cell.isdigit() or int(cell) not in known:
            raise TemplateError(f"Row {number_row + 1}, column {_column_letter(index)}: '{cell}' is not a field number of this template")
        if int(cell) in columns.values():
            raise TemplateError(f"Row {number_row + 1}, column {_column_letter(index)}: field {cell} appears twice")
        columns[index] = int(cell)
    rows = []
    for offset, row in enumerate(table[number_row + 1:], start=number_row + 2):
        if not any(cell.strip() for cell in row):
            continue
        rows.append((offset, {f"field_{n}": (row[i].strip() if i < len(row) else "") for i, n in columns.items()}))
    return TemplateRows(columns, rows)


def _find_field_number_row(table: list[list[str]], expected: int) -> int:
    for index, row in enumerate(table[: max(expected + 2, 12)]):
        if any(cell.strip().lower().endswith(FIELD_NUMBER_LABEL) for cell in row[:2]):
            return index
    raise TemplateError(f"Row {expected}: expected the 'Field number' row of the bulk upload template; none was found in the first rows")


def _check_same_template(header: list[list[str]], compiled: CompiledDefinition) -> None:
    """A template of another year has field numbers too, meaning other things: its questions
    must be this template's questions."""
    defn = compiled.definition
    rows = [row for row in header if row and row[0].strip().lower() == QUESTION_LABEL]
    if not rows:
        return
    asked = [_normal(cell) for cell in rows[0][1:] if cell.strip()]
    ours = {_normal(f.label) for f in defn.template.fields}  # type: ignore[union-attr]
    if asked and sum(q in ours for q in asked) < SAME_TEMPLATE_SHARE * len(asked):
        raise TemplateError(
            f"this is not the {defn.year_label} {defn.log_type} bulk upload template: its questions are not "
            f"this year's. Download the {defn.year_label} template, or upload the file against the year it was made for"
        )


def _normal(text: str) -> str:
    return " ".join(text.lower().replace("’", "'").split())


def _column_letter(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


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
    frame = pl.DataFrame({n: [r[1].get(n, "") for r in rows.rows] for n in names}, schema={n: pl.String for n in names})
    exprs: dict[str, pl.Expr] = {}
    for target, expr in compiled.template_sets:
        new = compile_polars(expr.node, compiled.template_env, ctx).cast(pl.String)
        exprs[target] = pl.coalesce([new, exprs[target]]) if target in exprs else new
    return frame.select([e.alias(t) for t, e in exprs.items()])
