"""One log: `compile_row(node, env)` turns an expression into a Python function of one
log's values, built once from nested closures (no tree walking when it runs)."""

from __future__ import annotations

import datetime as dt
import operator
from collections.abc import Callable, Mapping
from functools import partial
from typing import Any

from .ast import Node, to_source
from .environment import Environment, EvalContext
from .errors import EvaluationError, ExpressionError
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
    walk,
)
from .lookup import column_index, row_key, table_index
from .resolve import resolve
from .types import ANY, BOOL, type_of_value

RowFn = Callable[[Mapping[str, Any], Any], Any]
EMPTY: Mapping[str, Any] = {}
MAX_LIST = 100_000
NUMBERS = frozenset([int, float])
def _divide(x, y):
    return None if y == 0 else x / y  # dividing by zero gives null, as in the table path


ARITHMETIC = {"+": operator.add, "-": operator.sub, "*": operator.mul, "/": _divide}
CAUGHT = (TypeError, ValueError, ArithmeticError, AttributeError, KeyError, IndexError, RecursionError)


def compile_row(node: Node, env: Environment) -> Callable[..., Any]:
    """A function `fn(values, ctx=None)` of one log's values (a mapping; a missing key is
    null) returning None, bool, int, float, str, datetime.date, dict (a looked-up row) or list.
    Raises CompileError now for an expression that does not fit `env`; the function raises
    EvaluationError when a log's values cannot be evaluated (a value of the wrong type)."""
    ir = resolve(node, env, fold=fold)
    fn = RowBuilder().build(ir)
    try:
        source = to_source(node)
    except Exception:
        source = "expression"

    def evaluate(values: Mapping[str, Any], ctx: EvalContext | None = None) -> Any:
        try:
            return fn(values, ctx)
        except ExpressionError:
            raise
        except CAUGHT as exc:
            raise EvaluationError(f"cannot evaluate {source}: {exc}") from exc

    evaluate.__qualname__ = evaluate.__name__ = "expression"
    evaluate.source = source  # type: ignore[attr-defined]
    return evaluate


def names_used(node: Node, env: Environment) -> set[str]:
    """The variables an expression reads once its macros and quantifiers are expanded."""
    ir = resolve(node, env)
    return {n.name for n in walk(ir) if isinstance(n, Var)}


def fold(ir: IR) -> IR | None:
    """A literal for a node whose inputs are all literals, or None to keep the node."""
    try:
        value = RowBuilder().build(ir)(EMPTY, None)
    except Exception:  # folding is only an optimisation: the error will show when evaluated
        return None
    if value is None or isinstance(value, (bool, int, float, str)) or (
        isinstance(value, dt.date) and not isinstance(value, dt.datetime)
    ):
        t = ir.type if ir.type != ANY or value is None else type_of_value(value)
        return Lit(value, t)
    return None


def not_numbers(op: str, x: Any, y: Any) -> EvaluationError:
    bad = x if x.__class__ not in NUMBERS else y
    return EvaluationError(f"'{op}' needs numbers, not {type(bad).__name__} {bad!r:.40}")


class RowBuilder:
    def __init__(self) -> None:
        self.memo: dict[int, RowFn] = {}

    def build(self, ir: IR) -> RowFn:
        fn = self.memo.get(id(ir))
        if fn is None:
            fn = self.memo[id(ir)] = getattr(self, "b_" + type(ir).__name__)(ir)
        return fn

    # ---------------------------------------------------------------- leaves

    def b_Lit(self, ir: Lit) -> RowFn:
        value = ir.value

        def lit(v, c):
            return value

        return lit

    def b_Var(self, ir: Var) -> RowFn:
        name = ir.name

        def var(v, c):
            return v.get(name)

        return var

    # ---------------------------------------------------------------- arithmetic

    def b_Neg(self, ir: Neg) -> RowFn:
        a = self.build(ir.operand)

        def neg(v, c):
            x = a(v, c)
            if x is None:
                return None
            if x.__class__ not in NUMBERS:
                raise not_numbers("-", x, 0)
            return -x

        return neg

    def b_Arith(self, ir: Arith) -> RowFn:
        a, b = self.build(ir.left), self.build(ir.right)
        op = ir.op
        apply = ARITHMETIC[op]

        def arith(v, c):
            x = a(v, c)
            if x is None:
                return None
            y = b(v, c)
            if y is None:
                return None
            if x.__class__ is str and y.__class__ is str and op == "+":
                return x + y  # text + text joins them
            if x.__class__ not in NUMBERS or y.__class__ not in NUMBERS:
                raise not_numbers(op, x, y)
            return apply(x, y)

        return arith

    def b_DateShift(self, ir: DateShift) -> RowFn:
        d, n = self.build(ir.date), self.build(ir.amount)
        shift = ir.helper.row
        sign = ir.sign

        def date_shift(v, c):
            x = d(v, c)
            if x is None:
                return None
            k = n(v, c)
            if k is None:
                return None
            return shift(x, k if sign > 0 else -k)

        return date_shift

    # ---------------------------------------------------------------- comparisons, logic

    def b_Compare(self, ir: Compare) -> RowFn:
        op = ir.op
        if op in ("==", "!="):
            if isinstance(ir.left, Var) and isinstance(ir.right, Lit):
                name, value = ir.left.name, ir.right.value
                if op == "==":
                    def eq_var_lit(v, c):
                        return v.get(name) == value
                    return eq_var_lit

                def ne_var_lit(v, c):
                    return v.get(name) != value
                return ne_var_lit
            a, b = self.build(ir.left), self.build(ir.right)
            if op == "==":
                def eq(v, c):
                    return a(v, c) == b(v, c)
                return eq

            def ne(v, c):
                return a(v, c) != b(v, c)
            return ne
        a, b = self.build(ir.left), self.build(ir.right)
        if op == "<":
            def lt(v, c):
                x = a(v, c)
                if x is None:
                    return False
                y = b(v, c)
                return y is not None and x < y
            return lt
        if op == "<=":
            def le(v, c):
                x = a(v, c)
                if x is None:
                    return False
                y = b(v, c)
                return y is not None and x <= y
            return le
        if op == ">":
            def gt(v, c):
                x = a(v, c)
                if x is None:
                    return False
                y = b(v, c)
                return y is not None and x > y
            return gt

        def ge(v, c):
            x = a(v, c)
            if x is None:
                return False
            y = b(v, c)
            return y is not None and x >= y
        return ge

    def b_Logic(self, ir: Logic) -> RowFn:
        fns = tuple(self.build(i) for i in ir.items)
        if ir.op == "and":
            if len(fns) == 2:
                a, b = fns

                def and2(v, c):
                    return a(v, c) is True and b(v, c) is True
                return and2

            def and_n(v, c):
                for f in fns:
                    if f(v, c) is not True:
                        return False
                return True
            return and_n
        if len(fns) == 2:
            a, b = fns

            def or2(v, c):
                return a(v, c) is True or b(v, c) is True
            return or2

        def or_n(v, c):
            for f in fns:
                if f(v, c) is True:
                    return True
            return False
        return or_n

    def b_Not(self, ir: Not) -> RowFn:
        a = self.build(ir.operand)

        def not_(v, c):
            return a(v, c) is not True

        return not_

    def b_InList(self, ir: InList) -> RowFn:
        x = self.build(ir.value)
        negated = ir.negated
        normalise = ir.value.type in (BOOL, ANY)
        consts = frozenset(
            (row_key(i.value) if normalise else i.value)
            for i in ir.items
            if isinstance(i, Lit) and i.value is not None
        )
        others = tuple(self.build(i) for i in ir.items if not isinstance(i, Lit))
        ranges = tuple((self.build(lo), self.build(hi)) for lo, hi in ir.ranges)
        if not others and not ranges and not normalise:
            if negated:
                def not_in_set(v, c):
                    y = x(v, c)
                    return y is None or y not in consts
                return not_in_set

            def in_set(v, c):
                y = x(v, c)
                return y is not None and y in consts
            return in_set

        def member(v, c):
            y = x(v, c)
            if y is None:
                return negated
            hit = (row_key(y) if normalise else y) in consts
            if not hit:
                for f in others:
                    if f(v, c) == y:
                        hit = True
                        break
            if not hit:
                for lo, hi in ranges:
                    a, b = lo(v, c), hi(v, c)
                    if a is not None and b is not None and a <= y <= b:
                        hit = True
                        break
            return hit != negated

        return member

    # ---------------------------------------------------------------- helpers

    def b_HelperCall(self, ir: HelperCall) -> RowFn:
        h = ir.helper
        fns = tuple(self.build(a) for a in ir.args)
        if h.lazy:
            return h.row(fns)
        row = h.row
        if h.prepare is not None:
            row = partial(row, ir.prepared)
        if h.needs_ctx:
            def with_ctx(v, c):
                return row(c, *[f(v, c) for f in fns])
            return with_ctx
        n = len(fns)
        if h.strict:
            if n == 1:
                (a,) = fns

                def strict1(v, c):
                    x = a(v, c)
                    return None if x is None else row(x)
                return strict1
            if n == 2:
                a, b = fns

                def strict2(v, c):
                    x = a(v, c)
                    if x is None:
                        return None
                    y = b(v, c)
                    return None if y is None else row(x, y)
                return strict2

            def strict_n(v, c):
                values = [f(v, c) for f in fns]
                for value in values:
                    if value is None:
                        return None
                return row(*values)
            return strict_n
        if n == 1:
            (a,) = fns

            def call1(v, c):
                return row(a(v, c))
            return call1

        def call_n(v, c):
            return row(*[f(v, c) for f in fns])
        return call_n

    def b_Count(self, ir: Count) -> RowFn:
        fns = tuple(self.build(i) for i in ir.items)

        def count(v, c):
            n = 0
            for f in fns:
                if f(v, c) is True:
                    n += 1
            return n

        return count

    # ---------------------------------------------------------------- lookups

    def _key(self, keys: tuple[IR, ...]) -> Callable:
        fns = tuple(self.build(k) for k in keys)
        normalise = any(k.type in (BOOL, ANY) for k in keys)
        if len(fns) == 1 and not normalise:
            (a,) = fns

            def key1(v, c):
                x = a(v, c)
                return None if x is None else (x,)
            return key1
        if len(fns) == 2 and not normalise:
            a, b = fns

            def key2(v, c):
                x = a(v, c)
                if x is None:
                    return None
                y = b(v, c)
                return None if y is None else (x, y)
            return key2

        def key_n(v, c):
            parts = []
            for f in fns:
                x = f(v, c)
                if x is None:
                    return None
                parts.append(row_key(x) if normalise else x)
            return tuple(parts)

        return key_n

    def b_TableRow(self, ir: TableRow) -> RowFn:
        index = table_index(ir.table, ir.columns)
        key = self._key(ir.keys)

        def table_row(v, c):
            k = key(v, c)
            if k is None:
                return None
            row = index.get(k)
            return None if row is None else dict(row)

        return table_row

    def b_TableCell(self, ir: TableCell) -> RowFn:
        index = column_index(ir.row.table, ir.row.columns, ir.column)
        key = self._key(ir.row.keys)

        def table_cell(v, c):
            k = key(v, c)
            return None if k is None else index.get(k)

        return table_cell

    def b_Field(self, ir: Field) -> RowFn:
        base = self.build(ir.base)
        name = ir.name

        def field(v, c):
            record = base(v, c)
            if record is None:
                return None
            if not isinstance(record, Mapping):
                raise EvaluationError(f"'.{name}' needs a looked-up row, not {type(record).__name__}")
            return record.get(name)

        return field

    def b_ListValue(self, ir: ListValue) -> RowFn:
        fns = tuple(self.build(i) for i in ir.items)
        ranges = tuple((self.build(lo), self.build(hi)) for lo, hi in ir.ranges)

        def list_value(v, c):
            out = [f(v, c) for f in fns]
            for lo, hi in ranges:
                a, b = lo(v, c), hi(v, c)
                if b - a > MAX_LIST:
                    raise EvaluationError(f"the range {a}..{b} is too long to list")
                out.extend(range(a, b + 1))
            return out

        return list_value

    def b_MapValue(self, ir: MapValue) -> RowFn:
        pairs = tuple((k, self.build(value)) for k, value in zip(ir.keys, ir.values, strict=True))

        def map_value(v, c):
            return {k: f(v, c) for k, f in pairs}

        return map_value

    def b_MapGet(self, ir: MapGet) -> RowFn:
        key = self.build(ir.key)
        normalise = ir.key.type in (BOOL, ANY) or any(k is True or k is False for k in ir.map.keys)
        if all(isinstance(value, Lit) for value in ir.map.values):
            table = {row_key(k): value.value for k, value in zip(ir.map.keys, ir.map.values, strict=True)}

            def map_get(v, c):
                x = key(v, c)
                if x is None:
                    return None
                return table.get(row_key(x) if normalise else x)

            return map_get
        fns = {row_key(k): self.build(value) for k, value in zip(ir.map.keys, ir.map.values, strict=True)}

        def map_case(v, c):
            x = key(v, c)
            if x is None:
                return None
            f = fns.get(row_key(x) if normalise else x)
            return None if f is None else f(v, c)

        return map_case
