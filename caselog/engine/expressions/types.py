"""The small static type set of the expression language, and how types combine."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Any

from .errors import CompileError


class VarType(StrEnum):
    NUMBER = "number"
    TEXT = "text"
    DATE = "date"
    BOOL = "bool"
    RECORD = "record"  # a row of a reference table (a dict)
    LIST = "list"
    MAP = "map"
    DURATION = "duration"  # days(n) or years(n): only added to or taken from a date
    ANY = "any"  # not known until the expression runs
    NULL = "null"  # the literal null


NUMBER, TEXT, DATE, BOOL = VarType.NUMBER, VarType.TEXT, VarType.DATE, VarType.BOOL
RECORD, LIST, MAP, DURATION = VarType.RECORD, VarType.LIST, VarType.MAP, VarType.DURATION
ANY, NULL = VarType.ANY, VarType.NULL

SCALARS = frozenset([NUMBER, TEXT, DATE, BOOL])
ORDERED = frozenset([NUMBER, TEXT, DATE])
# Types a value may have wherever an ordinary value (a number, text, date or true/false) is expected.
VALUE = frozenset([NUMBER, TEXT, DATE, BOOL, NULL, ANY])


def as_type(value: Any) -> VarType:
    """A VarType from a VarType or its name ("number", "TEXT", ...)."""
    if isinstance(value, VarType):
        return value
    if isinstance(value, str):
        try:
            return VarType(value.lower())
        except ValueError:
            pass
    raise ValueError(f"not a variable type: {value!r} (use one of {', '.join(t.value for t in VarType)})")


def type_of_value(value: Any) -> VarType:
    """The type of a Python value from a constant or a table cell."""
    if value is None:
        return NULL
    if isinstance(value, bool):
        return BOOL
    if isinstance(value, (int, float)):
        return NUMBER
    if isinstance(value, str):
        return TEXT
    if isinstance(value, dt.datetime):
        return ANY
    if isinstance(value, dt.date):
        return DATE
    if isinstance(value, (list, tuple)):
        return LIST
    if isinstance(value, dict):
        return MAP
    return ANY


WORDS = {
    NUMBER: "a number", TEXT: "text", DATE: "a date", BOOL: "true/false", RECORD: "a looked-up row",
    LIST: "a list", MAP: "a map", DURATION: "a duration (days() or years())", ANY: "a value",
    NULL: "null",
}


def unify(a: VarType, b: VarType) -> VarType | None:
    """The type of a value that is either an `a` or a `b`, or None when they clash."""
    if a == b:
        return a
    if a == NULL:
        return b
    if b == NULL:
        return a
    if a == ANY or b == ANY:
        return ANY
    return None


def unify_all(types: list[VarType], what: str) -> VarType:
    result = NULL
    for t in types:
        joined = unify(result, t)
        if joined is None:
            raise CompileError(f"{what} mix {WORDS[result]} and {WORDS[t]}")
        result = joined
    return result


def comparable(a: VarType, b: VarType) -> bool:
    return unify(a, b) is not None
