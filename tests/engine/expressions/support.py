"""A small environment shared by the expression tests, and helpers that evaluate an
expression both ways (one log with compile_row, a table of logs with compile_polars)."""

from __future__ import annotations

import datetime as dt
import math
from typing import Any

import polars as pl

from caselog.engine.expressions import (
    Environment,
    EvalContext,
    Macro,
    Table,
    VarType,
    compile_polars,
    compile_row,
    parse,
)

N, T, D, B = VarType.NUMBER, VarType.TEXT, VarType.DATE, VarType.BOOL

# name -> (type, polars dtype of its column)
COLUMNS: dict[str, tuple[VarType, Any]] = {
    "n": (N, pl.Int64), "m": (N, pl.Int64), "f": (N, pl.Float64), "g": (N, pl.Float64),
    "x1": (N, pl.Int64), "x2": (N, pl.Int64), "x3": (N, pl.Int64),
    "t": (T, pl.String), "u": (T, pl.String),
    "d": (D, pl.Date), "e": (D, pl.Date),
    "b": (B, pl.Boolean), "c": (B, pl.Boolean),
    "org.kind": (T, pl.String),
}

RENT = Table(
    name="rent",
    columns=["la", "beds", "soft_min", "label", "since", "active"],
    rows=[
        {"la": "a", "beds": 1, "soft_min": 80.5, "label": "one", "since": dt.date(2020, 1, 1), "active": True},
        {"la": "a", "beds": 2, "soft_min": 90.0, "label": "two", "since": dt.date(2021, 6, 30), "active": False},
        {"la": "B", "beds": 1, "soft_min": 70.25, "label": None, "since": None, "active": None},
        {"la": "a", "beds": 1, "soft_min": 1.0, "label": "shadowed", "since": None, "active": None},
        {"la": "12.5", "beds": 3, "soft_min": 12.0, "label": "text key", "since": None, "active": True},
        {"la": None, "beds": 4, "soft_min": 5.0, "label": "null key", "since": None, "active": None},
    ],
)
FLAGS = Table(name="flags", columns=["on", "code"], rows=[{"on": True, "code": 1}, {"on": False, "code": 0}])
EMPTY = Table(name="empty", columns=["k", "v"], rows=[])

MACROS = {
    "supported?": Macro(params=(), body=parse("n == 2")),
    "weekly": Macro(params=("amount", "period"), body=parse("round(amount / lookup(periods, period), 2)")),
    "person_1_adult?": Macro(params=(), body=parse("x1 >= 18")),
    "person_2_adult?": Macro(params=(), body=parse("x2 >= 18")),
    "person_3_adult?": Macro(params=(), body=parse("x3 >= 18")),
    "double": Macro(params=("n",), body=parse("n * 2")),  # its parameter shadows the variable n
    "uses_outer": Macro(params=("k",), body=parse("k + m")),  # m is the variable m, never the caller's
    "loop?": Macro(params=(), body=parse("loop? or true")),
    "ping?": Macro(params=(), body=parse("pong?")),
    "pong?": Macro(params=(), body=parse("ping?")),
}

CONSTANTS = {
    "london": ["E09000001", "E09000002", "E09000003"],
    "codes": list(range(1, 11)),  # long enough for is_in in polars
    "periods": {1: 52, 2: 26, 3: 13.5, 4: None},
    "letters": {"a": 1, "B": 2},
    "flagged": {True: "yes", False: "no"},
    "max_age": 120,
    "phrases": ["Homeless", "Temporary accommodation", "TA"],
    "words": ["decant", "da", "x y"],
    "start": dt.date(2024, 4, 1),
}

ENV = Environment(
    variables={name: t for name, (t, _) in COLUMNS.items()},
    macros=MACROS,
    constants=CONSTANTS,
    tables={"rent": RENT, "flags": FLAGS, "empty": EMPTY},
)
TODAY = dt.date(2025, 3, 1)
CTX = EvalContext(today=TODAY)


def frame(rows: list[dict[str, Any]]) -> pl.DataFrame:
    return pl.DataFrame(
        {name: [r.get(name) for r in rows] for name in COLUMNS},
        schema={name: dtype for name, (_, dtype) in COLUMNS.items()},
    )


def row_values(expr: str, rows: list[dict[str, Any]]) -> list[Any]:
    fn = compile_row(parse(expr), ENV)
    return [fn(r, CTX) for r in rows]


def polars_values(expr: str, rows: list[dict[str, Any]]) -> list[Any]:
    compiled = compile_polars(parse(expr), ENV, CTX)
    return frame(rows).with_columns(compiled.alias("__result"))["__result"].to_list()


def same(a: Any, b: Any) -> bool:
    """Equal values of the same kind: true/false only equals true/false; an int equals an
    equal float (a Float64 column cannot hold ints); text, dates and null exactly."""
    if a is None or b is None:
        return a is None and b is None
    if isinstance(a, bool) or isinstance(b, bool):
        return isinstance(a, bool) and isinstance(b, bool) and a == b
    if isinstance(a, (int, float)) and isinstance(b, (int, float)):
        if isinstance(a, float) and math.isnan(a):
            return isinstance(b, float) and math.isnan(b)
        return a == b
    return type(a) is type(b) and a == b
