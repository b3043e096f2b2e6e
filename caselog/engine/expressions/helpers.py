"""The registry of named helpers: for each, its arity and types, its implementation for one
log (plain Python values) and its implementation for a table of logs (polars), side by side.

Row implementations take argument values (None for null) and return a value. Arguments
that must be literals (a pattern, a phrase list, round's digits) are not passed as values:
`prepare` turns them into one object once, passed first to both implementations. Unless a helper
says `strict=False`, a null argument gives a null result and the implementation never sees it.
`lazy` helpers instead get compiled argument functions and return a function (so `if` and
`coalesce` evaluate only what they need). Polars implementations take a `PolarsCall`.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import polars as pl

from .errors import CompileError, EvaluationError
from .patterns import translate, word_pattern
from .types import (
    ANY,
    BOOL,
    DATE,
    DURATION,
    LIST,
    NUMBER,
    ORDERED,
    RECORD,
    SCALARS,
    TEXT,
    VarType,
    unify_all,
)

TypeSet = frozenset
NUM, TXT, DAT, BOO = TypeSet([NUMBER]), TypeSet([TEXT]), TypeSet([DATE]), TypeSet([BOOL])
ORD, VAL = TypeSet(ORDERED), TypeSet(SCALARS)
LST = TypeSet([LIST])
ANSWERABLE = TypeSet(SCALARS | {RECORD})


@dataclass(frozen=True)
class PolarsCall:
    args: list[Any]  # pl.Expr (or a lookup's RowMatch for is_answered)
    types: list[VarType]
    prepared: Any
    ctx: Any


@dataclass(frozen=True)
class Helper:
    name: str
    min_args: int
    max_args: int | None  # None: any number
    params: tuple[TypeSet, ...]  # allowed types per argument; the last repeats
    result: VarType | Callable[[list[VarType]], VarType]
    row: Callable[..., Any]
    polars: Callable[[PolarsCall], pl.Expr]
    strict: bool = True  # null in, null out (checked before `row` is called)
    lazy: bool = False  # row(fns) -> fn(values, ctx)
    needs_ctx: bool = False  # row(ctx, *values)
    literal: tuple[int, ...] = ()  # arguments that must be written as literals
    prepare: Callable[..., Any] | None = None  # prepare(*literal values) -> passed to row and polars
    meaning: str = ""

    def param(self, i: int) -> TypeSet:
        return self.params[min(i, len(self.params) - 1)]

    def result_type(self, types: list[VarType]) -> VarType:
        return self.result(types) if callable(self.result) else self.result


HELPERS: dict[str, Helper] = {}


def helper(**kwargs) -> None:
    h = Helper(**kwargs)
    HELPERS[h.name] = h


# ---------------------------------------------------------------- shared pieces


def dtype_of(t: VarType) -> pl.DataType | None:
    return {NUMBER: pl.Float64, TEXT: pl.String, DATE: pl.Date, BOOL: pl.Boolean}.get(t)


def _same(what: str) -> Callable[[list[VarType]], VarType]:
    return lambda types: unify_all(types, what)


def number_text(x: int | float) -> str:
    """A number as text, as polars casts it: whole numbers without a decimal point."""
    if isinstance(x, int):
        return str(x)
    if x != x:
        return "NaN"
    if x.is_integer() and abs(x) < 2.0**63:
        return str(int(x))
    r = repr(x)
    if "e" in r:
        mantissa, exponent = r.split("e")
        e = int(exponent)
        if e == -5:
            return format(Decimal(r), "f")
        return f"{mantissa}e{e}" if e < 0 else f"{mantissa}e+{e}"
    return r


def _number_text_pl(x: pl.Expr) -> pl.Expr:
    f = x.cast(pl.Float64)
    whole = (f.floor() == f) & (f.abs() < 2.0**63)
    return pl.when(whole).then(x.cast(pl.Int64, strict=False).cast(pl.String)).otherwise(x.cast(pl.String))


NUMBER_TEXT = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)")
NUMBER_TEXT_RUST = r"^[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)$"
WHITESPACE = " \t\n\r\f\v"
SPACES = " \t\n\r\f\v\u00a0"
_REMOVE_SPACES = str.maketrans("", "", SPACES)


def _to_number(x: Any) -> int | float | None:
    if not isinstance(x, str):
        return x
    s = x.strip(WHITESPACE)
    if not NUMBER_TEXT.fullmatch(s):
        return None
    if "." in s:
        return float(s)
    return int(s)


def _to_number_pl(c: PolarsCall) -> pl.Expr:
    (x,), (t,) = c.args, c.types
    if t != TEXT:
        return x
    s = x.str.strip_chars(WHITESPACE)
    return pl.when(s.str.contains(NUMBER_TEXT_RUST)).then(s.cast(pl.Float64, strict=False)).otherwise(None)


def _to_text(x: Any) -> str:
    if isinstance(x, str):
        return x
    if x is True or x is False:
        return "true" if x else "false"
    if isinstance(x, (int, float)):
        return number_text(x)
    if isinstance(x, dt.date):
        return x.isoformat()
    raise EvaluationError(f"text() cannot show {type(x).__name__}")


def _to_text_pl(c: PolarsCall) -> pl.Expr:
    (x,), (t,) = c.args, c.types
    if t == TEXT:
        return x
    if t == NUMBER:
        return _number_text_pl(x)
    return x.cast(pl.String)


def _trunc(x: int | float) -> int:
    return x if isinstance(x, int) else int(x)


def _trunc_pl(x: pl.Expr) -> pl.Expr:
    return x.cast(pl.Int64, strict=False)


def round_half_away(x: int | float, digits: int) -> int | float:
    """Round half away from zero, computed as polars computes it."""
    if isinstance(x, int):
        return x
    m = 10.0**digits
    r = x * m
    if not math.isfinite(r):
        return x
    a = abs(r)
    f = float(math.floor(a))
    if a - f >= 0.5:
        f += 1.0
    return math.copysign(f, r) / m


def _round_prepare(digits: Any = 0) -> int:
    if isinstance(digits, bool) or not isinstance(digits, int) or not 0 <= digits <= 15:
        raise CompileError("round(x, n): n must be a whole number from 0 to 15, written as a number")
    return digits


def _mod(a: int | float, b: int | float) -> int | float | None:
    if b == 0:
        return None
    if isinstance(a, int) and isinstance(b, int):
        return a % b
    q = a / b  # as polars computes a float remainder
    return a - b * (float(math.floor(q)) if math.isfinite(q) else q)


def _date(y: Any, m: Any, d: Any) -> dt.date | None:
    try:
        return dt.date(_trunc(y), _trunc(m), _trunc(d))
    except (ValueError, OverflowError, TypeError):
        return None


def _date_pl(c: PolarsCall) -> pl.Expr:
    y, m, d = (_trunc_pl(a) for a in c.args)
    ym_ok = y.is_between(1, 9999) & m.is_between(1, 12)
    first = pl.date(pl.when(ym_ok).then(y).otherwise(2000), pl.when(ym_ok).then(m).otherwise(1), 1)
    ok = ym_ok & (d >= 1) & (d <= first.dt.days_in_month())
    safe = [pl.when(ok).then(v).otherwise(default) for v, default in ((y, 2000), (m, 1), (d, 1))]
    return pl.when(ok).then(pl.date(*safe)).otherwise(None)


def shift_days(date: dt.date, n: int | float) -> dt.date | None:
    """The date n days later (n truncated toward zero); null outside years 1 to 9999."""
    try:
        return date + dt.timedelta(days=_trunc(n))
    except (OverflowError, ValueError):
        return None


def shift_years(date: dt.date, n: int | float) -> dt.date | None:
    """The same day and month n years later; 29 February becomes 28 February when the year
    has none. Null outside years 1 to 9999."""
    year = date.year + _trunc(n)
    day = date.day
    if date.month == 2 and day == 29 and not (year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)):
        day = 28
    if not 1 <= year <= 9999:
        return None
    return dt.date(year, date.month, day)


def _in_range(date: pl.Expr) -> pl.Expr:
    return pl.when(date.dt.year().is_between(1, 9999)).then(date).otherwise(None)


def _shift_days_pl(date: pl.Expr, n: pl.Expr) -> pl.Expr:
    return _in_range(date + pl.duration(days=_trunc_pl(n)))


def _shift_years_pl(date: pl.Expr, n: pl.Expr) -> pl.Expr:
    return _in_range(date.dt.offset_by(pl.format("{}y", _trunc_pl(n))))


def _today(ctx: Any) -> dt.date:
    if ctx is None or getattr(ctx, "today", None) is None:
        raise EvaluationError("today() needs an EvalContext with today's date")
    return ctx.today


def _today_pl(c: PolarsCall) -> pl.Expr:
    if c.ctx is None or getattr(c.ctx, "today", None) is None:
        raise CompileError("today() needs an EvalContext with today's date")
    return pl.lit(c.ctx.today, dtype=pl.Date)


def _phrases(value: Any, name: str) -> tuple[str, ...]:
    if not isinstance(value, (list, tuple)) or not all(isinstance(p, str) for p in value):
        raise CompileError(f"{name}(x, phrases): phrases must be a list of texts")
    return tuple(value)


def _strip_non_letters(x: str) -> str:
    i, j = 0, len(x)
    while i < j and not x[i].isalpha():
        i += 1
    while j > i and not x[j - 1].isalpha():
        j -= 1
    return x[i:j]


def _whole_phrase_prepare(phrases: Any) -> tuple[frozenset[str], list[str]]:
    lowered = [p.lower() for p in _phrases(phrases, "matches_whole_phrase")]
    return frozenset(lowered), sorted(set(lowered))


def _whole_phrase_pl(c: PolarsCall) -> pl.Expr:
    x = c.args[0]
    trimmed = x.str.replace(r"^\P{L}+", "").str.replace(r"\P{L}+$", "")
    options = pl.lit(pl.Series(c.prepared[1], dtype=pl.String)).implode()
    return trimmed.str.to_lowercase().is_in(options).fill_null(False)


def _any_word_prepare(phrases: Any) -> tuple[Any, Any]:
    return word_pattern(_phrases(phrases, "matches_any_word"))


def _any_word_pl(c: PolarsCall) -> pl.Expr:
    rust = c.prepared[1]
    if rust is None:
        return c.args[0].is_null() & pl.lit(False)
    return c.args[0].str.contains(rust).fill_null(False)


def _pattern_prepare(pattern: Any) -> tuple[Any, str]:
    if not isinstance(pattern, str):
        raise CompileError("matches(x, pattern): the pattern must be written as text in quotes")
    return translate(pattern)


def _is_answered(x: Any) -> bool:
    return x is not None and x != ""


def _is_answered_pl(c: PolarsCall) -> pl.Expr:
    (x,), (t,) = c.args, c.types
    if hasattr(x, "found"):  # a table lookup: a row matched
        return x.found
    if t in (TEXT, ANY):
        return (x.is_not_null() & (x.cast(pl.String) != "")).fill_null(False)
    return x.is_not_null()


def _if_row(fns: Sequence[Callable]) -> Callable:
    cond, then, otherwise = fns

    def f(v, c):
        return then(v, c) if cond(v, c) is True else otherwise(v, c)

    return f


def _coalesce_row(fns: Sequence[Callable]) -> Callable:
    fns = tuple(fns)
    if len(fns) == 2:
        a, b = fns

        def f2(v, c):
            x = a(v, c)
            return b(v, c) if x is None else x

        return f2

    def f(v, c):
        for fn in fns:
            x = fn(v, c)
            if x is not None:
                return x
        return None

    return f


def _between_type(types: list[VarType]) -> VarType:
    unify_all(types, "between(x, lo, hi): x, lo and hi")
    return BOOL


def _min(*xs):
    present = [x for x in xs if x is not None]
    return min(present) if present else None


def _max(*xs):
    present = [x for x in xs if x is not None]
    return max(present) if present else None


def _between(x, lo, hi) -> bool:
    return x is not None and lo is not None and hi is not None and lo <= x <= hi


def _matches(prepared, x) -> bool:
    return x is not None and prepared[0].search(x) is not None


def _whole_phrase(prepared, x) -> bool:
    return x is not None and _strip_non_letters(x).lower() in prepared[0]


def _any_word(prepared, x) -> bool:
    return x is not None and prepared[0] is not None and prepared[0].search(x) is not None


def _floor(x):
    """Whole numbers stay as they are; a float stays a float (as in a Float64 column)."""
    return float(math.floor(x)) if isinstance(x, float) and math.isfinite(x) else x


def _int(x):
    return float(math.trunc(x)) if isinstance(x, float) and math.isfinite(x) else x


# ---------------------------------------------------------------- the registry

helper(name="is_answered", min_args=1, max_args=1, params=(ANSWERABLE,), result=BOOL, strict=False,
       row=_is_answered, polars=_is_answered_pl,
       meaning="x is not null and not an empty string (a lookup: a row matched)")
helper(name="is_blank", min_args=1, max_args=1, params=(ANSWERABLE,), result=BOOL, strict=False,
       row=lambda x: not _is_answered(x), polars=lambda c: ~_is_answered_pl(c),
       meaning="not is_answered(x)")
helper(name="if", min_args=3, max_args=3, params=(BOO, VAL, VAL), strict=False, lazy=True,
       result=lambda ts: unify_all(ts[1:], "if(c, a, b): a and b"),
       row=_if_row,
       polars=lambda c: pl.when(c.args[0].fill_null(False)).then(c.args[1]).otherwise(c.args[2]),
       meaning="a when c is true, else b (null counts as false)")
helper(name="coalesce", min_args=1, max_args=None, params=(VAL,), strict=False, lazy=True,
       result=_same("coalesce(...): the arguments"), row=_coalesce_row,
       polars=lambda c: pl.coalesce(c.args), meaning="the first argument that is not null")
helper(name="between", min_args=3, max_args=3, params=(ORD,), strict=False,
       result=_between_type,
       row=_between,
       polars=lambda c: ((c.args[0] >= c.args[1]) & (c.args[0] <= c.args[2])).fill_null(False),
       meaning="lo <= x <= hi; false when any is null")
helper(name="min", min_args=1, max_args=None, params=(ORD,), strict=False,
       result=_same("min(...): the arguments"), row=_min,
       polars=lambda c: pl.min_horizontal(c.args), meaning="the smallest, ignoring nulls")
helper(name="max", min_args=1, max_args=None, params=(ORD,), strict=False,
       result=_same("max(...): the arguments"), row=_max,
       polars=lambda c: pl.max_horizontal(c.args), meaning="the largest, ignoring nulls")
helper(name="abs", min_args=1, max_args=1, params=(NUM,), result=NUMBER,
       row=abs, polars=lambda c: c.args[0].abs())
helper(name="floor", min_args=1, max_args=1, params=(NUM,), result=NUMBER,
       row=_floor, polars=lambda c: c.args[0].floor())
helper(name="int", min_args=1, max_args=1, params=(NUM,), result=NUMBER,
       row=_int, polars=lambda c: c.args[0].truncate(), meaning="truncates toward zero")
helper(name="round", min_args=1, max_args=2, params=(NUM, NUM), result=NUMBER, literal=(1,),
       prepare=_round_prepare,
       row=lambda digits, x: round_half_away(x, digits),
       polars=lambda c: c.args[0].round(c.prepared, mode="half_away_from_zero"),
       meaning="half away from zero, to n decimal places (n written as a number, 0 to 15)")
helper(name="mod", min_args=2, max_args=2, params=(NUM, NUM), result=NUMBER,
       row=_mod,
       polars=lambda c: pl.when(c.args[1] == 0).then(None).otherwise(c.args[0] % c.args[1]),
       meaning="remainder with the sign of b; null when b is 0")
helper(name="date", min_args=3, max_args=3, params=(NUM,), result=DATE,
       row=_date, polars=_date_pl, meaning="a date; null when there is no such day")
helper(name="year", min_args=1, max_args=1, params=(DAT,), result=NUMBER,
       row=lambda d: d.year, polars=lambda c: c.args[0].dt.year().cast(pl.Int64))
helper(name="month", min_args=1, max_args=1, params=(DAT,), result=NUMBER,
       row=lambda d: d.month, polars=lambda c: c.args[0].dt.month().cast(pl.Int64))
helper(name="day", min_args=1, max_args=1, params=(DAT,), result=NUMBER,
       row=lambda d: d.day, polars=lambda c: c.args[0].dt.day().cast(pl.Int64))
# days(n) and years(n) are only ever added to or taken from a date: their implementations
# shift a date (see ir.DateShift), with n truncated toward zero.
helper(name="days", min_args=1, max_args=1, params=(NUM,), result=DURATION,
       row=shift_days, polars=lambda c: _shift_days_pl(*c.args))
helper(name="years", min_args=1, max_args=1, params=(NUM,), result=DURATION,
       row=shift_years, polars=lambda c: _shift_years_pl(*c.args),
       meaning="keeps day and month; 29 February becomes 28 February")
helper(name="days_between", min_args=2, max_args=2, params=(DAT, DAT), result=NUMBER,
       row=lambda a, b: (b - a).days,
       polars=lambda c: (c.args[1] - c.args[0]).dt.total_days().cast(pl.Int64))
helper(name="today", min_args=0, max_args=0, params=(DAT,), result=DATE, needs_ctx=True,
       row=_today, polars=_today_pl)
helper(name="matches", min_args=2, max_args=2, params=(TXT, TXT), result=BOOL, strict=False,
       literal=(1,), prepare=_pattern_prepare,
       row=_matches,
       polars=lambda c: c.args[0].str.contains(c.prepared[1]).fill_null(False))
helper(name="matches_whole_phrase", min_args=2, max_args=2, params=(TXT, LST), result=BOOL,
       strict=False, literal=(1,), prepare=_whole_phrase_prepare,
       row=_whole_phrase, polars=_whole_phrase_pl)
helper(name="matches_any_word", min_args=2, max_args=2, params=(TXT, LST), result=BOOL,
       strict=False, literal=(1,), prepare=_any_word_prepare,
       row=_any_word, polars=_any_word_pl)
helper(name="upper", min_args=1, max_args=1, params=(TXT,), result=TEXT,
       row=str.upper, polars=lambda c: c.args[0].str.to_uppercase())
helper(name="lower", min_args=1, max_args=1, params=(TXT,), result=TEXT,
       row=str.lower, polars=lambda c: c.args[0].str.to_lowercase())
helper(name="length", min_args=1, max_args=1, params=(TXT,), result=NUMBER,
       row=len, polars=lambda c: c.args[0].str.len_chars().cast(pl.Int64))
helper(name="remove_spaces", min_args=1, max_args=1, params=(TXT,), result=TEXT,
       row=lambda x: x.translate(_REMOVE_SPACES),
       polars=lambda c: c.args[0].str.replace_all("[" + SPACES + "]", ""))
helper(name="number", min_args=1, max_args=1, params=(TypeSet([NUMBER, TEXT]),), result=NUMBER,
       row=_to_number, polars=_to_number_pl,
       meaning="text to a number (null if it is not one); numbers pass through")
helper(name="text", min_args=1, max_args=1, params=(VAL,), result=TEXT,
       row=_to_text, polars=_to_text_pl)



def _is_listed(x: Any, items: str) -> bool:
    return f",{_to_text(x)}," in f",{items},"


def _is_listed_pl(c: PolarsCall) -> pl.Expr:
    x = _to_text_pl(PolarsCall([c.args[0]], [c.types[0]], None, c.ctx))
    comma = pl.lit(",")
    return pl.concat_str([comma, c.args[1], comma]).str.contains(pl.concat_str([comma, x, comma]), literal=True)


helper(name="is_listed", min_args=2, max_args=2, params=(TypeSet([NUMBER, TEXT]), TXT), result=BOOL,
       row=_is_listed, polars=_is_listed_pl,
       meaning="x, as text, is one of the comma-separated items of the text `items` (\"1,2,4\")")

# `lookup` is not in the registry: its first argument is a table or a map, not a value.
# See lookup.py and resolve.py.
SPECIAL = frozenset(["lookup"])
