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


def coerce(value: Any, kind: str) -> Any:
    """A derived value in its variable's type, as polars' non-strict cast gives it."""
    if value is None:
        return None
    if kind in ("integer", "number"):
        if isinstance(value, bool):
            number: Any = int(value)
        elif isinstance(value, (int, float)):
            number = value
        elif isinstance(value, str) and (_INTEGER_STRICT.match(value) if kind == "integer" else _NUMBER.match(value)):
            number = int(value) if kind == "integer" else float(value)
        else:
            return None
        return int(number) if kind == "integer" else float(number)
    if kind == "boolean":
        return value if isinstance(value, bool) else None
    if kind == "date":
        return value if isinstance(value, dt.date) else None
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return repr(value)
    return str(value) if isinstance(value, int) else None


_INTEGER_STRICT = re.compile(r"^-?[0-9]+$")
KIND_OF_TYPE = {"number": "number", "text": "text", "date": "date", "bool": "boolean"}


def tidy(value: Any) -> Any:
    """Whole numbers shown as whole numbers: 2.0 is 2."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


# a table of logs --------------------------------------------------------------------------

POLARS_TYPES = {"integer": pl.Int64, "number": pl.Float64, "code_text": pl.String, "text": pl.String, "date": pl.Date,
                "boolean": pl.Boolean}


def read_series(spec: AnswerSpec, column: pl.Series) -> tuple[pl.Series, pl.Series]:
    """(typed values, problem names) for a whole column. Each distinct value is read once by
    read_answer, the one-log reader, so both paths read answers identically. Columns hold few
    distinct values (codes, dates, amounts); where every one of them reads as a plain cast
    would, the cast does the work."""
    dtype = POLARS_TYPES[spec.kind]
    uniques = [u for u in column.unique().to_list() if u is not None]
    results = [read_answer(spec, raw) for raw in uniques]
    no_problems = nulls(len(column), pl.String)
    if not uniques:
        return nulls(len(column), dtype), no_problems
    if all(problem is None for _, problem in results):
        cast = _plain_cast(spec.kind, column, uniques, [value for value, _ in results])
        if cast is not None:
            return cast, no_problems
    old = pl.Series(uniques, dtype=column.dtype)
    typed = column.replace_strict(old, pl.Series([v for v, _ in results], dtype=dtype), default=None, return_dtype=dtype)
    if all(problem is None for _, problem in results):
        return typed, no_problems
    problem = column.replace_strict(old, pl.Series([p for _, p in results], dtype=pl.String), default=None,
                                    return_dtype=pl.String)
    return typed, problem


def nulls(length: int, dtype: pl.DataType) -> pl.Series:
    """A column of no answers (built without a Python list: a file has many empty columns)."""
    return pl.Series(dtype=dtype).extend_constant(None, length)


def _plain_cast(kind: str, column: pl.Series, uniques: list, values: list) -> pl.Series | None:
    """The column cast to its type, when that gives exactly what read_answer gave."""
    if column.dtype != pl.String or any(v is None for v in values):
        return None  # blanks ("", spaces) read as no answer: the general path handles them
    if kind in ("text", "code_text") and all(v == u for u, v in zip(uniques, values, strict=True)):
        return column
    if kind == "integer" and all(str(v) == u for u, v in zip(uniques, values, strict=True)):
        return column.cast(pl.Int64)
    if kind == "number" and all(_NUMBER.match(u) and float(u) == v for u, v in zip(uniques, values, strict=True)):
        return column.cast(pl.Float64)
    if kind == "date" and all(v.isoformat() == u for u, v in zip(uniques, values, strict=True)):
        return column.str.to_date("%Y-%m-%d")
    return None
