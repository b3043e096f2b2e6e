"""The resolved, typed form of an expression that both back ends compile.

`resolve.py` turns a syntax tree into this form: names are resolved to variables or
literals, macros, `where` bindings and quantifiers are expanded, and every node carries
its static type. Nodes compare by identity; a subtree may be shared.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .types import BOOL, DATE, LIST, MAP, NUMBER, RECORD, VarType


@dataclass(frozen=True, eq=False)
class IR:
    pass


@dataclass(frozen=True, eq=False)
class Lit(IR):
    value: Any
    type: VarType


@dataclass(frozen=True, eq=False)
class Var(IR):
    name: str
    type: VarType


@dataclass(frozen=True, eq=False)
class Neg(IR):
    operand: IR
    type: VarType = NUMBER


@dataclass(frozen=True, eq=False)
class Arith(IR):
    op: str  # + - * /
    left: IR
    right: IR
    type: VarType = NUMBER


@dataclass(frozen=True, eq=False)
class DateShift(IR):
    """`date + days(n)`, `date - years(n)`: `helper` is days or years, `sign` +1 or -1."""

    date: IR
    helper: Any  # helpers.Helper
    amount: IR
    sign: int
    type: VarType = DATE


@dataclass(frozen=True, eq=False)
class Compare(IR):
    op: str  # == != < <= > >=
    left: IR
    right: IR
    type: VarType = BOOL


@dataclass(frozen=True, eq=False)
class Logic(IR):
    op: str  # and, or
    items: tuple[IR, ...]
    type: VarType = BOOL


@dataclass(frozen=True, eq=False)
class Not(IR):
    operand: IR
    type: VarType = BOOL


@dataclass(frozen=True, eq=False)
class InList(IR):
    """`value in [items..., lo..hi ...]` or `value in lo..hi`."""

    value: IR
    items: tuple[IR, ...]
    ranges: tuple[tuple[IR, IR], ...]
    negated: bool
    type: VarType = BOOL


@dataclass(frozen=True, eq=False)
class HelperCall(IR):
    helper: Any  # helpers.Helper
    args: tuple[IR, ...]
    type: VarType
    prepared: Any = None  # what helper.prepare made of the literal arguments


@dataclass(frozen=True, eq=False)
class Count(IR):
    items: tuple[IR, ...]
    type: VarType = NUMBER


@dataclass(frozen=True, eq=False)
class TableRow(IR):
    """`lookup(table, col = key, ...)`: the first row whose columns equal the keys."""

    table: Any  # environment.Table
    columns: tuple[str, ...]
    keys: tuple[IR, ...]
    type: VarType = RECORD


@dataclass(frozen=True, eq=False)
class TableCell(IR):
    row: TableRow
    column: str
    type: VarType


@dataclass(frozen=True, eq=False)
class Field(IR):
    """`.name` of a record that is not a table lookup (a RECORD variable): row path only."""

    base: IR
    name: str
    type: VarType


@dataclass(frozen=True, eq=False)
class ListValue(IR):
    items: tuple[IR, ...]
    ranges: tuple[tuple[IR, IR], ...] = ()
    type: VarType = LIST


@dataclass(frozen=True, eq=False)
class MapValue(IR):
    keys: tuple[Any, ...]  # Python literals
    values: tuple[IR, ...]
    type: VarType = MAP


@dataclass(frozen=True, eq=False)
class MapGet(IR):
    map: MapValue
    key: IR
    type: VarType


def children(ir: IR) -> tuple[IR, ...]:
    if isinstance(ir, (Lit, Var)):
        return ()
    if isinstance(ir, (Neg, Not)):
        return (ir.operand,)
    if isinstance(ir, (Arith, Compare)):
        return (ir.left, ir.right)
    if isinstance(ir, DateShift):
        return (ir.date, ir.amount)
    if isinstance(ir, (Logic, Count)):
        return ir.items
    if isinstance(ir, InList):
        return (ir.value, *ir.items, *(part for r in ir.ranges for part in r))
    if isinstance(ir, HelperCall):
        return ir.args
    if isinstance(ir, TableRow):
        return ir.keys
    if isinstance(ir, TableCell):
        return (ir.row,)
    if isinstance(ir, Field):
        return (ir.base,)
    if isinstance(ir, ListValue):
        return (*ir.items, *(part for r in ir.ranges for part in r))
    if isinstance(ir, MapValue):
        return ir.values
    if isinstance(ir, MapGet):
        return (ir.map, ir.key)
    raise TypeError(f"not an IR node: {ir!r}")


def depth(root: IR) -> int:
    best = 0
    stack = [(root, 1)]
    seen: dict[int, int] = {}
    while stack:
        node, d = stack.pop()
        if seen.get(id(node), 0) >= d:
            continue
        seen[id(node)] = d
        best = max(best, d)
        stack.extend((child, d + 1) for child in children(node))
    return best


def walk(root: IR):
    """Every node once (shared subtrees once)."""
    seen: set[int] = set()
    stack = [root]
    while stack:
        node = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        yield node
        stack.extend(children(node))


__all__ = [
    "IR", "Lit", "Var", "Neg", "Arith", "DateShift", "Compare", "Logic", "Not", "InList",
    "HelperCall", "Count", "TableRow", "TableCell", "Field", "ListValue", "MapValue", "MapGet",
    "children", "depth", "walk",
]
