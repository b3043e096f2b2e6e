"""A table of logs: `compile_polars(node, env, ctx)` turns an expression into a polars
expression over a DataFrame with one column per variable, meaning what `compile_row` means
for each row."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from functools import reduce
from typing import Any

import polars as pl

from .ast import Node
from .environment import Environment, EvalContext
from .errors import CompileError
from .evaluate import fold
from .helpers import PolarsCall, dtype_of
from .ir import (
    IR,
    Arith,
    Compare,
    Count,
    DateShift,
    Field,
    HelperCall,
    InList,
    ListValue,
    Lit,
    Logic,
    MapGet,
    MapValue,
    Neg,
    Not,
    TableCell,
    TableRow,
    Var,
)
from .lookup import coded_column, coded_key, encode_expr, encode_value
from .resolve import resolve
from .types import ANY, BOOL, DATE, NULL, NUMBER, TEXT, VarType, type_of_value

INT64 = (-(2**63), 2**63 - 1)
LONG_LIST = 8  # longer literal lists use is_in, shorter ones a chain of ==


def compile_polars(node: Node, env: Environment, ctx: EvalContext | None = None,
                   columns: Mapping[str, str] | None = None) -> pl.Expr:
    """A polars expression with one value per row of a DataFrame whose columns are the
    variables (Int64/Float64 numbers, String text, Date dates, Boolean true/false), or the
    columns named in `columns` for the variables it lists.
    Raises CompileError for what the table path does not support (a bare lookup(...)
    without .column, lists or rows as results, mixed-type table columns)."""
    today = ctx.today if ctx is not None else None
    ir = resolve(node, env, fold=fold, today=today)
    expr = PolarsBuilder(ctx, columns).build(ir)
    # One value per row, always: a constant is repeated, and polars sometimes simplifies a
    # partly literal expression (`lit(5) == when(lit(false) & ...)`) to a single value that
    # it then refuses to broadcast. The guard costs nothing measurable.
    return pl.when(pl.repeat(True, pl.len())).then(expr)


NEVER_NULL = (Compare, Logic, Not, InList, Count)


@dataclass(frozen=True)
class RowMatch:
    """A bare table lookup in a table of logs: only whether a row matched."""

    found: pl.Expr


def literal(value: Any, t: VarType) -> pl.Expr:
    if value is None:
        dtype = dtype_of(t)
        return pl.lit(None) if dtype is None else pl.lit(None, dtype=dtype)
    if isinstance(value, bool):
        return pl.lit(value, dtype=pl.Boolean)
    if isinstance(value, int):
        if INT64[0] <= value <= INT64[1]:
            return pl.lit(value, dtype=pl.Int64)
        return pl.lit(float(value), dtype=pl.Float64)
    if isinstance(value, float):
        return pl.lit(value, dtype=pl.Float64)
    if isinstance(value, str):
        return pl.lit(value, dtype=pl.String)
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return pl.lit(value, dtype=pl.Date)
    raise CompileError(f"{type(value).__name__} values cannot be used in a table of logs")


def value_dtype(t: VarType, values: list[Any], what: str) -> pl.DataType:
    if t == ANY:
        raise CompileError(f"{what} mixes types, which a table of logs cannot hold")
    if t == NUMBER:
        present = [v for v in values if v is not None]
        return pl.Int64 if all(isinstance(v, int) for v in present) else pl.Float64
    if t == NULL:
        return pl.Null
    return dtype_of(t)


class PolarsBuilder:
    """Polars expressions for IR nodes; comparisons, and/or/not, membership and counts never
    give null (see `truth`)."""

    def __init__(self, ctx: EvalContext | None, columns: Mapping[str, str] | None = None):
        self.ctx = ctx
        self.columns = columns or {}
        self.memo: dict[int, Any] = {}

    def build(self, ir: IR) -> Any:
        expr = self.memo.get(id(ir))
        if expr is None:
            expr = self.memo[id(ir)] = getattr(self, "b_" + type(ir).__name__)(ir)
        return expr

    def b_Lit(self, ir: Lit) -> pl.Expr:
        return literal(ir.value, ir.type)

    def b_Var(self, ir: Var) -> pl.Expr:
        return pl.col(self.columns.get(ir.name, ir.name))

    def b_Neg(self, ir: Neg) -> pl.Expr:
        return -self.build(ir.operand)

    def b_Arith(self, ir: Arith) -> pl.Expr:
        a, b = self.build(ir.left), self.build(ir.right)
        if ir.op == "+":
            return a + b
        if ir.op == "-":
            return a - b
        if ir.op == "*":
            return a * b
        if isinstance(ir.right, Lit):
            if ir.right.value == 0:
                return pl.lit(None, dtype=pl.Float64)
            # polars divides a column by a single value by multiplying with its reciprocal,
            # which is not always the correctly rounded quotient Python gives (219.42 / 52).
            # Tying the divisor to the column makes it a column/column division, which is.
            return a / (b + a * 0)
        return pl.when(b == 0).then(None).otherwise(a / b)

    def b_DateShift(self, ir: DateShift) -> pl.Expr:
        date, n = self.build(ir.date), self.build(ir.amount)
        if ir.sign < 0:
            n = -n
        return ir.helper.polars(PolarsCall([date, n], [DATE, NUMBER], None, self.ctx))

    def b_Compare(self, ir: Compare) -> pl.Expr:
        a, b = self.build(ir.left), self.build(ir.right)
        op = ir.op
        if op == "==":
            return a.eq_missing(b)
        if op == "!=":
            return a.ne_missing(b)
        result = {"<": a < b, "<=": a <= b, ">": a > b, ">=": a >= b}[op]
        return result.fill_null(False)

    def truth(self, ir: IR) -> pl.Expr:
        """A true/false column with no nulls (a missing answer is not true). Only what can be
        null is filled: every node is planned again in each polars step, and the big
        conditions are mostly ands and ors of comparisons."""
        expr = self.build(ir)
        if isinstance(ir, NEVER_NULL) or (isinstance(ir, Lit) and ir.value is not None):
            return expr
        return expr.fill_null(False)

    def b_Logic(self, ir: Logic) -> pl.Expr:
        items = [self.truth(i) for i in ir.items]
        if ir.op == "and":
            return reduce(lambda x, y: x & y, items)
        return reduce(lambda x, y: x | y, items)

    def b_Not(self, ir: Not) -> pl.Expr:
        return ~self.truth(ir.operand)

    def b_InList(self, ir: InList) -> pl.Expr:
        x = self.build(ir.value)
        t = ir.value.type
        parts: list[pl.Expr] = []
        consts = [i.value for i in ir.items if isinstance(i, Lit) and i.value is not None]
        if len(consts) > LONG_LIST and t in (NUMBER, TEXT, DATE, BOOL):
            if t == NUMBER:
                series = pl.Series([float(v) for v in consts], dtype=pl.Float64)
                parts.append(x.cast(pl.Float64).is_in(pl.lit(series).implode()))
            else:
                series = pl.Series(consts, dtype=dtype_of(t))
                parts.append(x.is_in(pl.lit(series).implode()))
        else:
            parts.extend(x == literal(v, type_of_value(v)) for v in consts)
        parts.extend(x == self.build(i) for i in ir.items if not isinstance(i, Lit))
        for lo, hi in ir.ranges:
            parts.append((x >= self.build(lo)) & (x <= self.build(hi)))
        if not parts:
            hit = x.is_null() & pl.lit(False)
        else:
            hit = reduce(lambda p, q: p.fill_null(False) | q.fill_null(False), parts).fill_null(False)
        return ~hit if ir.negated else hit

    def b_HelperCall(self, ir: HelperCall) -> pl.Expr:
        h = ir.helper
        args = []
        for i, a in enumerate(ir.args):
            if isinstance(a, TableRow):
                args.append(self.row_match(a))
            elif isinstance(a, Lit) and a.value is None:
                wanted = [t for t in h.param(i) if dtype_of(t) is not None]
                args.append(literal(None, wanted[0] if len(wanted) == 1 else a.type))
            else:
                args.append(self.build(a))
        return h.polars(PolarsCall(args, [a.type for a in ir.args], ir.prepared, self.ctx))

    def b_Count(self, ir: Count) -> pl.Expr:
        items = [self.truth(i).cast(pl.Int64) for i in ir.items]
        return reduce(lambda x, y: x + y, items)

    # ---------------------------------------------------------------- lookups

    def key(self, row: TableRow) -> pl.Expr:
        types = [k.type for k in row.keys]
        if ANY in types:
            raise CompileError(f"a key of lookup({row.table.name}, ...) has no single type, which a table of logs needs")
        return coded_key([self.build(k) for k in row.keys], types, row.table, row.columns)

    def row_match(self, row: TableRow) -> RowMatch:
        keys, _ = coded_column(row.table, row.columns, None)
        found = self.key(row).replace_strict(
            pl.Series(keys, dtype=pl.Int64), [True] * len(keys), default=False, return_dtype=pl.Boolean
        ).fill_null(False) if keys else self.key(row).is_null() & pl.lit(False)
        return RowMatch(found)

    def b_TableRow(self, ir: TableRow) -> pl.Expr:
        raise CompileError(
            f"lookup({ir.table.name}, ...) without .column is not supported for a table of logs "
            "(use lookup(...).column, or is_answered(lookup(...)))"
        )

    def b_TableCell(self, ir: TableCell) -> pl.Expr:
        table = ir.row.table
        keys, values = coded_column(table, ir.row.columns, ir.column)
        dtype = value_dtype(ir.type, values, f"column {ir.column} of {table.name}")
        if not keys:
            return pl.lit(None, dtype=dtype)
        return self.key(ir.row).replace_strict(
            pl.Series(keys, dtype=pl.Int64), pl.Series(values, dtype=dtype, strict=False), default=None,
            return_dtype=dtype,
        )

    def b_MapGet(self, ir: MapGet) -> pl.Expr:
        kt = ir.key.type
        if kt == ANY:
            raise CompileError("a lookup(map, key) key has no single type, which a table of logs needs")
        key = encode_expr(self.build(ir.key), kt)
        encoded = [encode_value(k) for k in ir.map.keys]
        if all(isinstance(v, Lit) for v in ir.map.values):
            values = [v.value for v in ir.map.values]
            dtype = value_dtype(ir.type, values, "the map's values")
            return key.replace_strict(
                encoded, pl.Series(values, dtype=dtype, strict=False), default=None, return_dtype=dtype
            )
        if ir.type == ANY:
            raise CompileError("the map's values mix types, which a table of logs cannot hold")
        chain = None
        for k, v in zip(encoded, ir.map.values, strict=True):
            value = self.build(v)
            chain = pl.when(key == k).then(value) if chain is None else chain.when(key == k).then(value)
        return chain.otherwise(None)

    def b_Field(self, ir: Field) -> pl.Expr:
        raise CompileError(f"'.{ir.name}' of a record is not supported for a table of logs")

    def b_ListValue(self, ir: ListValue) -> pl.Expr:
        raise CompileError("a list is not a value a table of logs can hold")

    def b_MapValue(self, ir: MapValue) -> pl.Expr:
        raise CompileError("a map can only be used in lookup(map, key)")


