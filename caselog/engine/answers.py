"""Turn what a channel sends (text from a file, JSON values, form fields) into typed answers.

The same rules are written once per path, side by side, so one log and a whole table are
read alike: whole numbers, numbers, codes, dates and text. A value that cannot be an answer
to its question is dropped and reported; the log keeps no half-valid answer.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import polars as pl

from caselog.definitions.model import Definition, Question

NUMBER_RE = r"^-?[0-9]+(\.[0-9]+)?$"
INTEGER_RE = r"^-?[0-9]+(\.0+)?$"
ISO_DATE_RE = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"
_NUMBER = re.compile(NUMBER_RE)
_INTEGER = re.compile(INTEGER_RE)
_ISO_DATE = re.compile(ISO_DATE_RE)


@dataclass(frozen=True)
class AnswerSpec:
    """How one answer is read: its kind and the bounds it must keep to."""

    id: str
    question: Question
    kind: str  # integer | number | code_text | text | date | boolean
    codes: tuple[Any, ...] | None = None  # allowed codes, when the answer is chosen from a list
    minimum: float | None = None
    maximum: float | None = None
    max_length: int | None = None


def answer_specs(defn: Definition, allowed_table_codes: dict[str, tuple[str, ...]]) -> dict[str, AnswerSpec]:
    specs: dict[str, AnswerSpec] = {}
    for q in defn.questions.values():
        if q.type == "checkbox":
            for option in q.options:
                specs[str(option.code)] = AnswerSpec(str(option.code), q, "integer", codes=(0, 1))
        elif q.type in {"radio", "select", "confirmation"} and q.options:
            codes = tuple(o.code for o in q.options)
            kind = "code_text" if q.codes_are_text else "integer"
            specs[q.id] = AnswerSpec(q.id, q, kind, codes=codes)
        elif q.type == "select" and q.options_table:
            specs[q.id] = AnswerSpec(q.id, q, "code_text", codes=allowed_table_codes.get(q.options_table))
        elif q.type in {"numeric", "output"}:
            kind = "integer" if q.whole_numbers else "number"
            specs[q.id] = AnswerSpec(q.id, q, kind, minimum=q.min, maximum=q.max)
        elif q.type == "date":
            specs[q.id] = AnswerSpec(q.id, q, "date")
        else:
            specs[q.id] = AnswerSpec(q.id, q, "text", max_length=q.max_length)
    for name, kind in defn.hidden_types.items():
        hidden = Question(id=name, type="hidden", text=name)
        specs[name] = AnswerSpec(name, hidden, HIDDEN_KINDS[kind])
    return specs


HIDDEN_KINDS = {"number": "number", "text": "text", "date": "date", "bool": "boolean"}
TRUE_WORDS = ("1", "TRUE", "YES", "Y")
FALSE_WORDS = ("0", "FALSE", "NO", "N")


# one log ------------------------------------------------------------------------------------

def as_text(value: Any) -> str | None:
    """The canonical text of a value as a channel sent it; None for no answer."""
    if value is None:
        return None
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return repr(value) if not value.is_integer() else str(int(value))
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    text = str(value).strip()
    return text or None


def read_answer(spec: AnswerSpec, raw: Any) -> tuple[Any, str | None]:
    """(typed value, None) or (None, problem) where problem names an answer message."""
    text = as_text(raw)
    if text is None:
        return None, None
    kind = spec.kind
    if kind in ("integer", "number"):
        text = text.replace(",", "")
        if not _NUMBER.match(text):
            return None, "not_an_option" if spec.codes is not None else "not_a_number"
        if kind == "integer":
            if not _INTEGER.match(text):
                return None, "not_an_option" if spec.codes is not None else "step"
            value: Any = int(float(text))
        else:
            value = float(text)
        if spec.codes is not None and value not in spec.codes:
            return None, "not_an_option"
        if spec.minimum is not None and value < spec.minimum:
            return None, "below_min"
        if spec.maximum is not None and value > spec.maximum:
            return None, "above_max"
        return value, None
    if kind == "code_text":
        if spec.codes is None:
            return text, None
        upper = text.upper()
        for code in spec.codes:
            if str(code).upper() == upper:
                return code, None
        return None, "not_an_option"
    if kind == "boolean":
        word = text.upper()
        if word in TRUE_WORDS or word in FALSE_WORDS:
            return word in TRUE_WORDS, None
        return None, "not_an_option"
    if kind == "date":
        if not _ISO_DATE.match(text):
            return None, "not_a_date"
        try:
            return dt.date.fromisoformat(text), None
        except ValueError:
            return None, "not_a_date"
    if spec.max_length is not None and len(text) > spec.max_length:
        return None, "too_long"
    return text, None


def read_answers(specs: Mapping[str, AnswerSpec], raw: Mapping[str, Any]) -> tuple[dict[str, Any], dict[str, str], list[str]]:
    """Typed answers, problems by answer id, and the keys that are not answers at all."""
    values: dict[str, Any] = {}
    problems: dict[str, str] = {}
    unknown: list[str] = []
    for key, value in raw.items():
        spec = specs.get(key)
        if spec is None:
            if as_text(value) is not None:
                unknown.append(key)
            continue
        typed, problem = read_answer(spec, value)
        if problem:
            problems[key] = problem
        elif typed is not None:
            values[key] = typed
    return values, problems, unknown


# a table of logs --------------------------------------------------------------------------

POLARS_TYPES = {"integer": pl.Int64, "number": pl.Float64, "code_text": pl.String, "text": pl.String, "date": pl.Date,
                "boolean": pl.Boolean}


def read_column(spec: AnswerSpec, column: pl.Expr) -> tuple[pl.Expr, pl.Expr]:
    """(typed value, problem name or null) for a column of raw text, as read_answer does."""
    text = column.cast(pl.String).str.strip_chars()
    text = pl.when(text == "").then(None).otherwise(text)
    kind = spec.kind
    present = text.is_not_null()
    if kind in ("integer", "number"):
        text = text.str.replace_all(",", "", literal=True)
        is_number = text.str.contains(NUMBER_RE)
        not_number = "not_an_option" if spec.codes is not None else "not_a_number"
        if kind == "integer":
            is_whole = text.str.contains(INTEGER_RE)
            value = pl.when(is_whole).then(text.cast(pl.Float64, strict=False).cast(pl.Int64, strict=False))
            step_problem = "not_an_option" if spec.codes is not None else "step"
        else:
            is_whole = pl.lit(True)
            value = pl.when(is_number).then(text.cast(pl.Float64, strict=False))
            step_problem = "step"
        checks: list[tuple[pl.Expr, str]] = [(present & ~is_number, not_number), (present & ~is_whole, step_problem)]
        if spec.codes is not None:
            checks.append((value.is_not_null() & ~value.is_in(list(spec.codes)), "not_an_option"))
        if spec.minimum is not None:
            checks.append((value < spec.minimum, "below_min"))
        if spec.maximum is not None:
            checks.append((value > spec.maximum, "above_max"))
        return _apply(value, checks)
    if kind == "code_text":
        if spec.codes is None:
            return text, pl.lit(None, dtype=pl.String)
        upper = text.str.to_uppercase()
        mapping = {str(c).upper(): c for c in spec.codes}
        value = upper.replace_strict(mapping, default=None, return_dtype=pl.String)
        return _apply(value, [(present & value.is_null(), "not_an_option")])
    if kind == "boolean":
        word = text.str.to_uppercase()
        value = pl.when(word.is_in(TRUE_WORDS)).then(pl.lit(True)).when(word.is_in(FALSE_WORDS)).then(pl.lit(False))
        return _apply(value, [(present & value.is_null(), "not_an_option")])
    if kind == "date":
        value = pl.when(text.str.contains(ISO_DATE_RE)).then(text.str.to_date("%Y-%m-%d", strict=False))
        return _apply(value, [(present & value.is_null(), "not_a_date")])
    if spec.max_length is not None:
        return _apply(text, [(text.str.len_chars() > spec.max_length, "too_long")])
    return text, pl.lit(None, dtype=pl.String)


def _apply(value: pl.Expr, checks: list[tuple[pl.Expr, str]]) -> tuple[pl.Expr, pl.Expr]:
    """The first failing check names the problem; a value with a problem is dropped."""
    problem = pl.lit(None, dtype=pl.String)
    for condition, name in reversed(checks):
        problem = pl.when(condition.fill_null(False)).then(pl.lit(name)).otherwise(problem)
    return pl.when(problem.is_null()).then(value), problem
