"""Syntax tree of an expression, and `to_source`, which prints a tree back as text.

Nodes are frozen dataclasses, so two trees compare equal when they have the same shape
and values. `pos` (line, column) is kept for messages and ignored by comparison.
`parse(to_source(node)) == node` for every tree the parser can produce.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal


@dataclass(frozen=True)
class Node:
    pos: tuple[int, int] | None = field(default=None, compare=False, repr=False, kw_only=True)


@dataclass(frozen=True)
class Number(Node):
    value: int | float


@dataclass(frozen=True)
class String(Node):
    value: str


@dataclass(frozen=True)
class Bool(Node):
    value: bool


@dataclass(frozen=True)
class Null(Node):
    pass


@dataclass(frozen=True)
class Name(Node):
    """A name; inside a quantifier it may hold the loop variable in braces: `age{N}`."""

    name: str


@dataclass(frozen=True)
class RangeItem(Node):
    """`2..8` as an item of a list literal: every number from lo to hi."""

    lo: int
    hi: int


@dataclass(frozen=True)
class ListLit(Node):
    items: tuple[Node, ...]


@dataclass(frozen=True)
class MapLit(Node):
    """`{2: 1, 0: 0}`: keys are literals (Number, String, Bool), values expressions."""

    entries: tuple[tuple[Node, Node], ...]


@dataclass(frozen=True)
class Unary(Node):
    op: str  # "-" or "not"
    operand: Node


@dataclass(frozen=True)
class Binary(Node):
    op: str  # + - * / == != < <= > >= and or
    left: Node
    right: Node


@dataclass(frozen=True)
class Range(Node):
    """`lo..hi` after `in`: every value from lo to hi, inclusive."""

    lo: Node
    hi: Node


@dataclass(frozen=True)
class In(Node):
    value: Node
    collection: Node  # a Range, a ListLit or any other expression naming a list
    negated: bool = False


@dataclass(frozen=True)
class Attr(Node):
    """`base.name`: a column of a looked-up row (or part of a dotted variable name)."""

    base: Node
    name: str


@dataclass(frozen=True)
class Arg:
    value: Node
    name: str | None = None  # keyword arguments: lookup(table, la = la)


@dataclass(frozen=True)
class Call(Node):
    name: str
    args: tuple[Arg, ...]


@dataclass(frozen=True)
class Quantifier(Node):
    kind: str  # any, all, count, sum
    var: str
    lo: int
    hi: int
    body: Node


@dataclass(frozen=True)
class Where(Node):
    body: Node
    bindings: tuple[tuple[str, Node], ...]


# ---------------------------------------------------------------- printing

# Precedence levels, loosest first; a child printed at a level below the one its
# position requires gets parentheses.
WHERE, OR, AND, NOT, COMPARE, ADD, MUL, UNARY, POSTFIX, ATOM = range(10)
BINARY_LEVEL = {"or": OR, "and": AND, "+": ADD, "-": ADD, "*": MUL, "/": MUL}
COMPARE_OPS = frozenset(["==", "!=", "<", "<=", ">", ">="])


def level(node: Node) -> int:
    if isinstance(node, Where):
        return WHERE
    if isinstance(node, Binary):
        return COMPARE if node.op in COMPARE_OPS else BINARY_LEVEL[node.op]
    if isinstance(node, In):
        return COMPARE
    if isinstance(node, Unary):
        return NOT if node.op == "not" else UNARY
    if isinstance(node, Attr):
        return POSTFIX
    return ATOM


def number_source(value: int | float) -> str:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise ValueError(f"not a number literal: {value!r}")
    if isinstance(value, int):
        return str(value)
    text = repr(value)
    if "e" in text or "E" in text:
        text = format(Decimal(text), "f")
    if "." not in text:
        text += ".0"
    return text


def string_source(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def to_source(node: Node) -> str:
    """Print a tree as expression text that parses back to an equal tree."""
    return _src(node, WHERE)


def _src(node: Node, need: int) -> str:
    text = _plain(node)
    return f"({text})" if level(node) < need else text


def _item(node: Node) -> str:
    """An expression in a list, argument or binding position: a `where` needs brackets."""
    return _src(node, OR)


def _plain(node: Node) -> str:
    if isinstance(node, Number):
        return number_source(node.value)
    if isinstance(node, String):
        return string_source(node.value)
    if isinstance(node, Bool):
        return "true" if node.value else "false"
    if isinstance(node, Null):
        return "null"
    if isinstance(node, Name):
        return node.name
    if isinstance(node, RangeItem):
        return f"{node.lo}..{node.hi}"
    if isinstance(node, ListLit):
        return "[" + ", ".join(_item(i) for i in node.items) + "]"
    if isinstance(node, MapLit):
        return "{" + ", ".join(f"{_map_key(k)}: {_item(v)}" for k, v in node.entries) + "}"
    if isinstance(node, Unary):
        if node.op == "not":
            return "not " + _src(node.operand, NOT)
        return "-" + _src(node.operand, UNARY)
    if isinstance(node, Binary):
        mine = level(node)
        if mine == COMPARE:
            return f"{_src(node.left, ADD)} {node.op} {_src(node.right, ADD)}"
        return f"{_src(node.left, mine)} {node.op} {_src(node.right, mine + 1)}"
    if isinstance(node, In):
        op = "not in" if node.negated else "in"
        coll = node.collection
        if isinstance(coll, Range):
            right = f"{_src(coll.lo, ADD)}..{_src(coll.hi, ADD)}"
        else:
            right = _src(coll, ADD)
        return f"{_src(node.value, ADD)} {op} {right}"
    if isinstance(node, Range):  # only meaningful after `in`; printed in brackets elsewhere
        return f"{_src(node.lo, ADD)}..{_src(node.hi, ADD)}"
    if isinstance(node, Attr):
        return f"{_src(node.base, POSTFIX)}.{node.name}"
    if isinstance(node, Call):
        args = ", ".join(
            _item(a.value) if a.name is None else f"{a.name} = {_item(a.value)}" for a in node.args
        )
        return f"{node.name}({args})"
    if isinstance(node, Quantifier):
        return f"{node.kind}({node.var} in {node.lo}..{node.hi}: {_item(node.body)})"
    if isinstance(node, Where):
        binds = ", ".join(f"{name} = {_src(value, OR)}" for name, value in node.bindings)
        return f"{_src(node.body, OR)} where {binds}"
    raise TypeError(f"not an expression node: {node!r}")


def _map_key(node: Node) -> str:
    if isinstance(node, Number) and node.value < 0:
        return "-" + number_source(-node.value)
    return _plain(node)


def children(node: Node) -> list[Node]:
    """The direct sub-expressions of a node (in source order)."""
    if isinstance(node, ListLit):
        return list(node.items)
    if isinstance(node, MapLit):
        return [part for entry in node.entries for part in entry]
    if isinstance(node, Unary):
        return [node.operand]
    if isinstance(node, (Binary,)):
        return [node.left, node.right]
    if isinstance(node, Range):
        return [node.lo, node.hi]
    if isinstance(node, In):
        return [node.value, node.collection]
    if isinstance(node, Attr):
        return [node.base]
    if isinstance(node, Call):
        return [a.value for a in node.args]
    if isinstance(node, Quantifier):
        return [node.body]
    if isinstance(node, Where):
        return [node.body] + [value for _, value in node.bindings]
    return []
