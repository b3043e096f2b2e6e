"""`lookup(...)`: matching keys against reference tables and maps, in both back ends.

Keys compare like `==`: numbers as numbers (an int-valued float equals the int), text as
text, dates as dates, true/false as themselves; a number never equals text. A null key
matches nothing. When several table rows match, the first wins.

One log: a dict from the key tuple to the row. A table of logs (polars, no joins): each key
becomes its position among the table column's distinct values, the positions are combined
into one whole number, and `replace_strict` maps it to the wanted column. Map lookups
(`lookup({..}, x)`) encode their key as text that is equal exactly when the keys are equal.
"""

from __future__ import annotations

import datetime as dt
import struct
from typing import Any

import polars as pl

from .types import BOOL, DATE, NUMBER, TEXT, VarType

_BIG = 2.0**63


def row_key(value: Any) -> Any:
    """A Python dict key for one key value (bools must not collide with 1 and 0)."""
    if value is True or value is False:
        return ("bool", value)
    return value


def table_index(table, columns: tuple[str, ...]) -> dict[tuple, Any]:
    def build() -> dict[tuple, Any]:
        index: dict[tuple, Any] = {}
        for row in table.rows:
            key = tuple(row_key(row.get(c)) for c in columns)
            if any(k is None for k in key):
                continue
            index.setdefault(key, row)
        return index

    return table.cached(("rows", columns), build)


def column_index(table, columns: tuple[str, ...], column: str) -> dict[tuple, Any]:
    """key tuple -> the column's value in the first matching row."""
    return table.cached(
        ("cell", columns, column),
        lambda: {key: row.get(column) for key, row in table_index(table, columns).items()},
    )


# ---------------------------------------------------------------- polars encoding


def encode_value(value: Any) -> str | None:
    """The text encoding of one key value, as `encode_expr` computes it in polars."""
    if value is None:
        return None
    if value is True or value is False:
        return "b1" if value else "b0"
    if isinstance(value, int):
        return "i" + str(value)
    if isinstance(value, float):
        if value == value and abs(value) < _BIG and value == int(value):
            return "i" + str(int(value))
        return "f" + str(struct.unpack("<q", struct.pack("<d", value))[0])
    if isinstance(value, str):
        return f"s{len(value)}:{value}"
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return "d" + value.isoformat()
    return "?" + repr(value)  # never produced by encode_expr: such a key matches nothing


def encode_expr(expr: pl.Expr, vartype: VarType) -> pl.Expr:
    if vartype == NUMBER:
        f = expr.cast(pl.Float64)
        whole = (f.floor() == f) & (f.abs() < _BIG)
        return (
            pl.when(whole)
            .then(pl.lit("i") + expr.cast(pl.Int64, strict=False).cast(pl.String))
            .otherwise(pl.lit("f") + f.reinterpret(dtype=pl.Int64).cast(pl.String))
        )
    if vartype == TEXT:
        return pl.concat_str([pl.lit("s"), expr.str.len_chars().cast(pl.String), pl.lit(":"), expr])
    if vartype == DATE:
        return pl.lit("d") + expr.cast(pl.String)
    if vartype == BOOL:
        return pl.when(expr).then(pl.lit("b1")).when(~expr).then(pl.lit("b0")).otherwise(None)
    # NULL: no key at all; ANY is refused before we get here
    return pl.lit(None, dtype=pl.String)


# ---------------------------------------------------------------- polars: whole-number keys
#
# Joining text encodings row by row is the slow part of a lookup over many logs. For a
# reference table the distinct values of each key column are few, so each key is first
# turned into its position among them, and the positions are combined into one whole
# number: equal exactly when every key is equal, as the text encoding is.


def _column_value(value: Any) -> Any:
    """A table cell as the polars key column compares it (numbers as floats)."""
    if value is True or value is False:
        return value
    if isinstance(value, (int, float)):
        return float(value)
    return value


def coded_table(table, columns: tuple[str, ...]):
    """(per-column {value: position}, radices, {combined key: first row})."""

    def build():
        positions: list[dict[Any, int]] = [{} for _ in columns]
        for row in table.rows:
            key = [row.get(c) for c in columns]
            if any(k is None for k in key):
                continue
            for i, k in enumerate(key):
                positions[i].setdefault(_column_value(k), len(positions[i]))
        radices = [max(len(p), 1) for p in positions]
        rows: dict[int, Any] = {}
        for row in table.rows:
            key = [row.get(c) for c in columns]
            if any(k is None for k in key):
                continue
            combined = 0
            for i, k in enumerate(key):
                combined = combined * radices[i] + positions[i][_column_value(k)]
            rows.setdefault(combined, row)
        return positions, radices, rows

    return table.cached(("coded", columns), build)


def coded_key(exprs: list[pl.Expr], types: list[VarType], table, columns: tuple[str, ...]) -> pl.Expr:
    """The combined whole-number key of each log's lookup keys; null when any key is null
    or is not in the table."""
    positions, radices, _ = coded_table(table, columns)
    combined: pl.Expr | None = None
    for expr, vartype, position, radix in zip(exprs, types, positions, radices, strict=True):
        if vartype == NUMBER:
            values = [v for v in position if isinstance(v, float)]
            source = expr.cast(pl.Float64)
            old = pl.Series(values, dtype=pl.Float64)
        elif vartype == TEXT:
            values = [v for v in position if isinstance(v, str)]
            source, old = expr, pl.Series(values, dtype=pl.String)
        elif vartype == DATE:
            values = [v for v in position if isinstance(v, dt.date)]
            source, old = expr, pl.Series(values, dtype=pl.Date)
        elif vartype == BOOL:
            values = [v for v in position if isinstance(v, bool)]
            source, old = expr, pl.Series(values, dtype=pl.Boolean)
        else:
            return pl.lit(None, dtype=pl.Int64)
        new = pl.Series([position[v] for v in values], dtype=pl.Int64)
        part = source.replace_strict(old, new, default=None, return_dtype=pl.Int64) if values else pl.lit(None, dtype=pl.Int64)
        combined = part if combined is None else combined * radix + part
    assert combined is not None
    return combined


def coded_column(table, columns: tuple[str, ...], column: str | None) -> tuple[list[int], list[Any]]:
    """(combined keys, the column's values) for each distinct key; True for "a row matched"."""
    _, _, rows = coded_table(table, columns)
    keys = list(rows)
    values = [True if column is None else rows[k].get(column) for k in keys]
    return keys, values
