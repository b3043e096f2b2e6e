"""From a syntax tree to the typed, expanded form (ir.py) that both back ends compile.

Resolution looks names up, in this order: loop variables, `where` bindings and macro
parameters (innermost first); variables (a dotted name such as `owning_organisation.type`
is one variable); macros; constants; tables (only as lookup's first argument). Macros,
`where` bindings and quantifiers are expanded here, and every problem the expression
has in its environment is reported here as a CompileError.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from collections.abc import Callable
from typing import Any

from . import ast as A
from .environment import Environment, Macro, Table
from .errors import CompileError
from .helpers import HELPERS, Helper
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
    children,
    depth,
)
from .simplify import is_constant, simplify
from .types import (
    ANY,
    BOOL,
    DATE,
    DURATION,
    LIST,
    MAP,
    NULL,
    NUMBER,
    ORDERED,
    RECORD,
    TEXT,
    VALUE,
    WORDS,
    comparable,
    type_of_value,
    unify,
)

MAX_LOOP = 1000  # iterations of one quantifier
MAX_IR_DEPTH = 400
TEMPLATE = re.compile(r"\{([A-Za-z_][A-Za-z0-9_]*)\}")
NUMERIC = frozenset([NUMBER, NULL, ANY])
TYPE_WORDS = WORDS

Fold = Callable[[IR], "IR | None"]


class LoopValue:
    __slots__ = ("value",)

    def __init__(self, value: int):
        self.value = value


class Thunk:
    """A `where` binding or a macro argument: an expression resolved in the scope it was
    written in (once; the result is shared wherever the name is used)."""

    __slots__ = ("node", "scope", "stack", "ir")

    def __init__(self, node: A.Node, scope: dict, stack: list[str]):
        self.node, self.scope, self.stack = node, scope, stack
        self.ir: IR | None = None


def resolve(node: A.Node, env: Environment, fold: Fold | None = None, today: dt.date | None = None) -> IR:
    return Resolver(env, fold, today).top(node)


class Resolver:
    def __init__(self, env: Environment, fold: Fold | None = None, today: dt.date | None = None):
        self.env = env
        self.fold = fold
        self.today = today  # when given, today() is this literal
        self.stack: list[str] = []  # macros being expanded
        self.macro_memo: dict[str, IR] = {}
        self.const_memo: dict[str, IR] = {}

    # ---------------------------------------------------------------- entry

    def top(self, node: A.Node) -> IR:
        if not isinstance(node, A.Node):
            raise CompileError(f"not an expression: {node!r} (use parse(text))")
        try:
            ir = self.resolve(node, {})
        except RecursionError:
            raise CompileError("expression is nested too deeply once its functions are expanded") from None
        if ir.type in (DURATION, MAP):
            raise self.error(f"{self.src(node)} is {TYPE_WORDS[ir.type]}, which is not a value on its own", node)
        if depth(ir) > MAX_IR_DEPTH:
            raise CompileError("expression is nested too deeply once its functions are expanded")
        return ir

    # ---------------------------------------------------------------- helpers

    def error(self, message: str, node: A.Node | None = None) -> CompileError:
        where = []
        if self.stack:
            where.append(f"in {self.stack[-1]}")
        if node is not None and node.pos is not None:
            where.append(f"line {node.pos[0]}, column {node.pos[1]}")
        return CompileError(message + (f" ({', '.join(where)})" if where else ""))

    @staticmethod
    def src(node: A.Node) -> str:
        try:
            text = A.to_source(node)
        except Exception:  # a hand-built tree that cannot be printed
            text = type(node).__name__
        return f"'{text}'" if len(text) <= 60 else f"'{text[:57]}...'"

    def make(self, ir: IR) -> IR:
        """Fold a node whose inputs are all literals, and drop what a literal decides (when
        folding is on; names_used resolves without it, so it sees every name written)."""
        if self.fold is None or isinstance(ir, (Lit, Var, ListValue, MapValue, TableRow, Field)):
            return ir
        ir = simplify(ir)
        if isinstance(ir, (Lit, Var, ListValue, MapValue, TableRow, Field)):
            return ir
        if ir.type in (DURATION, RECORD, LIST, MAP):
            return ir
        if isinstance(ir, HelperCall) and ir.helper.needs_ctx:
            return ir
        if all(is_constant(c) for c in children(ir)):
            folded = self.fold(ir)
            if folded is not None:
                return folded
        return ir

    def expect(self, ir: IR, allowed, node: A.Node, what: str) -> IR:
        if ir.type not in allowed and ir.type not in (NULL, ANY):
            raise self.error(f"{what}, but {self.src(node)} is {TYPE_WORDS[ir.type]}", node)
        return ir

    def subst(self, name: str, scope: dict, node: A.Node) -> str:
        if "{" not in name:
            return name

        def one(m: re.Match) -> str:
            var = m.group(1)
            bound = scope.get(var)
            if not isinstance(bound, LoopValue):
                raise self.error(
                    f"'{{{var}}}' in {name} is not a loop variable here: names with {{N}} work only "
                    "inside any/all/count/sum(N in a..b: ...)",
                    node,
                )
            return str(bound.value)

        return TEMPLATE.sub(one, name)

    def force(self, thunk: Thunk) -> IR:
        if thunk.ir is None:
            saved, self.stack = self.stack, thunk.stack
            try:
                thunk.ir = self.resolve(thunk.node, thunk.scope)
            finally:
                self.stack = saved
        return thunk.ir

    def suggest(self, name: str, options) -> str:
        close = difflib.get_close_matches(name, list(options), n=1)
        return f"; did you mean '{close[0]}'?" if close else ""

    # ---------------------------------------------------------------- dispatch

    def resolve(self, node: A.Node, scope: dict) -> IR:
        method = getattr(self, "r_" + type(node).__name__, None)
        if method is None:
            raise self.error(f"{type(node).__name__} cannot be used here", node)
        return method(node, scope)

    def r_Number(self, node: A.Number, scope: dict) -> IR:
        if isinstance(node.value, bool) or not isinstance(node.value, (int, float)):
            raise self.error(f"not a number: {node.value!r}", node)
        return Lit(node.value, NUMBER)

    def r_String(self, node: A.String, scope: dict) -> IR:
        return Lit(str(node.value), TEXT)

    def r_Bool(self, node: A.Bool, scope: dict) -> IR:
        return Lit(bool(node.value), BOOL)

    def r_Null(self, node: A.Null, scope: dict) -> IR:
        return Lit(None, NULL)

    # ---------------------------------------------------------------- names

    def r_Name(self, node: A.Name, scope: dict) -> IR:
        name = self.subst(node.name, scope, node)
        bound = scope.get(name)
        if isinstance(bound, LoopValue):
            return Lit(bound.value, NUMBER)
        if isinstance(bound, Thunk):
            return self.force(bound)
        env = self.env
        if name in env.variables:
            return Var(name, env.variables[name])
        if name in env.macros:
            return self.macro(name, env.macros[name], (), scope, node)
        if name in env.constants:
            return self.constant(name, node)
        if name in env.tables:
            raise self.error(
                f"{name} is a table: read it with lookup({name}, column = value, ...).column", node
            )
        if name in HELPERS or name == "lookup":
            raise self.error(f"{name} is a helper: call it as {name}(...)", node)
        known = [*scope, *env.variables, *env.macros, *env.constants]
        raise self.error(f"unknown name '{name}'{self.suggest(name, known)}", node)

    def constant(self, name: str, node: A.Node) -> IR:
        if name not in self.const_memo:
            self.const_memo[name] = self.value_ir(self.env.constants[name], f"constant {name}", node)
        return self.const_memo[name]

    def value_ir(self, value: Any, what: str, node: A.Node) -> IR:
        t = type_of_value(value)
        if t in (NUMBER, TEXT, DATE, BOOL, NULL):
            if isinstance(value, float) and value != value:
                raise self.error(f"{what} is not a number (NaN)", node)
            return Lit(value, t)
        if t == LIST:
            items = [self.value_ir(v, what, node) for v in value]
            if any(not isinstance(i, Lit) for i in items):
                raise self.error(f"{what}: a list may hold only numbers, text, dates and true/false", node)
            return ListValue(tuple(items))
        if t == MAP:
            keys, values = [], []
            for k, v in value.items():
                if type_of_value(k) not in (NUMBER, TEXT, DATE, BOOL):
                    raise self.error(f"{what}: map keys must be numbers, text, dates or true/false", node)
                keys.append(k)
                values.append(self.value_ir(v, what, node))
            return self.map_value(keys, values, what, node)
        raise self.error(f"{what} has a value of unsupported type {type(value).__name__}", node)

    def map_value(self, keys: list, values: list[IR], what: str, node: A.Node) -> MapValue:
        from .lookup import row_key

        seen: set = set()
        kept_keys, kept_values = [], []
        for k, v in zip(keys, values, strict=True):
            if v.type not in VALUE:
                raise self.error(f"{what}: map values must be numbers, text, dates or true/false", node)
            if k is None:
                continue  # a null key matches nothing
            rk = row_key(k)
            if rk in seen:
                raise self.error(f"{what}: the key {k!r} is given twice", node)
            seen.add(rk)
            kept_keys.append(k)
            kept_values.append(v)
        return MapValue(tuple(kept_keys), tuple(kept_values))

    def macro(self, name: str, macro: Macro, args: tuple[A.Node, ...], scope: dict, node: A.Node) -> IR:
        params = tuple(macro.params)
        if name in self.stack:
            chain = self.stack[self.stack.index(name):] + [name]
            raise self.error(f"{name} refers to itself: {' -> '.join(chain)}", node)
        if len(args) != len(params):
            shown = f"{name}({', '.join(params)})" if params else name
            if not params:
                raise self.error(f"{name} takes no arguments: write {name}", node)
            raise self.error(f"{name} needs {len(params)} argument(s): {shown}", node)
        if len(set(params)) != len(params):
            raise self.error(f"{name} has a parameter named twice", node)
        if not params and name in self.macro_memo:
            return self.macro_memo[name]
        body = macro.body
        if isinstance(body, str):
            from .parser import parse

            body = parse(body)
        thunks = {p: Thunk(a, scope, list(self.stack)) for p, a in zip(params, args, strict=True)}
        for thunk in thunks.values():
            self.force(thunk)
        self.stack.append(name)
        try:
            ir = self.resolve(body, thunks)
        finally:
            self.stack.pop()
        if not params:
            self.macro_memo[name] = ir
        return ir

    # ---------------------------------------------------------------- columns

    def r_Attr(self, node: A.Attr, scope: dict) -> IR:
        parts = self.dotted(node, scope)
        if parts is not None and parts[0] not in scope:
            for k in range(len(parts), 1, -1):
                dotted = ".".join(parts[:k])
                if dotted in self.env.variables:
                    ir: IR = Var(dotted, self.env.variables[dotted])
                    for col in parts[k:]:
                        ir = self.column(ir, col, node)
                    return ir
        base = self.resolve(node.base, scope)
        return self.column(base, self.subst(node.name, scope, node), node)

    def dotted(self, node: A.Node, scope: dict) -> list[str] | None:
        parts: list[str] = []
        while isinstance(node, A.Attr):
            parts.append(self.subst(node.name, scope, node))
            node = node.base
        if not isinstance(node, A.Name):
            return None
        parts.append(self.subst(node.name, scope, node))
        return parts[::-1]

    def column(self, base: IR, col: str, node: A.Attr) -> IR:
        if isinstance(base, TableRow):
            table = base.table
            if col not in table.columns:
                raise self.error(
                    f"table {table.name} has no column '{col}'{self.suggest(col, table.columns)}", node
                )
            ctype = table.column_type(col)
            if ctype == NULL:
                return Lit(None, NULL)
            return self.make(TableCell(base, col, ctype))
        if base.type in (RECORD, ANY):
            return Field(base, col, ANY)
        raise self.error(
            f"'.{col}' reads a column of a looked-up row, but {self.src(node.base)} is {TYPE_WORDS[base.type]}",
            node,
        )

    # ---------------------------------------------------------------- operators

    def r_Unary(self, node: A.Unary, scope: dict) -> IR:
        operand = self.resolve(node.operand, scope)
        if node.op == "not":
            self.expect(operand, (BOOL,), node.operand, "'not' needs true/false")
            return self.make(Not(operand))
        self.expect(operand, (NUMBER,), node.operand, "'-' needs a number")
        if isinstance(operand, Lit) and operand.value is None:
            return Lit(None, NUMBER)
        return self.make(Neg(operand))

    def r_Binary(self, node: A.Binary, scope: dict) -> IR:
        op = node.op
        left = self.resolve(node.left, scope)
        right = self.resolve(node.right, scope)
        if op in ("and", "or"):
            for ir, sub in ((left, node.left), (right, node.right)):
                self.expect(ir, (BOOL,), sub, f"'{op}' needs true/false on both sides")
            items: list[IR] = []
            for ir in (left, right):
                items.extend(ir.items if isinstance(ir, Logic) and ir.op == op else (ir,))
            return self.make(Logic(op, tuple(items)))
        if op in ("+", "-", "*", "/"):
            return self.arith(op, left, right, node)
        return self.compare(op, left, right, node)

    def arith(self, op: str, left: IR, right: IR, node: A.Binary) -> IR:
        lt, rt = left.type, right.type
        if op in ("+", "-") and (DURATION in (lt, rt)):
            date, span, sign = left, right, (1 if op == "+" else -1)
            if lt == DURATION and op == "+":
                date, span = right, left
            if span.type != DURATION or date.type not in (DATE, NULL, ANY):
                verb = "added to" if op == "+" else "taken from"
                raise self.error(f"days() and years() can only be {verb} a date: {self.src(node)}", node)
            if self.is_null(date) or self.is_null(span):
                return Lit(None, DATE)
            return self.make(DateShift(date, span.helper, span.args[0], sign))
        if op == "+" and lt in (TEXT, NULL) and rt in (TEXT, NULL) and TEXT in (lt, rt):
            # text + text joins them (a postcode given in two cells)
            if self.is_null(left) or self.is_null(right):
                return Lit(None, TEXT)
            return self.make(Arith(op, left, right, TEXT))
        if lt not in NUMERIC or rt not in NUMERIC:
            if op == "-" and lt == DATE and rt == DATE:
                raise self.error(f"to subtract dates use days_between(a, b): {self.src(node)}", node)
            if op in ("+", "-") and DATE in (lt, rt) and (self.is_null(left) or self.is_null(right)):
                return Lit(None, DATE)
            words = {"+": "add", "-": "subtract", "*": "multiply", "/": "divide"}[op]
            raise self.error(
                f"cannot {words} {TYPE_WORDS[lt]} and {TYPE_WORDS[rt]}: {self.src(node)}", node
            )
        if self.is_null(left) or self.is_null(right):
            return Lit(None, NUMBER)
        return self.make(Arith(op, left, right))

    @staticmethod
    def is_null(ir: IR) -> bool:
        return isinstance(ir, Lit) and ir.value is None

    def compare(self, op: str, left: IR, right: IR, node: A.Binary) -> IR:
        allowed = VALUE if op in ("==", "!=") else ORDERED | {NULL, ANY}
        for ir, sub in ((left, node.left), (right, node.right)):
            if ir.type not in allowed:
                what = "compared" if op in ("==", "!=") else "ordered"
                raise self.error(f"{TYPE_WORDS[ir.type]} cannot be {what}: {self.src(sub)}", node)
        if not comparable(left.type, right.type):
            raise self.error(
                f"{self.src(node)} compares {TYPE_WORDS[left.type]} with {TYPE_WORDS[right.type]}", node
            )
        if op not in ("==", "!=") and (self.is_null(left) or self.is_null(right)):
            return Lit(False, BOOL)
        return self.make(Compare(op, left, right))

    def r_In(self, node: A.In, scope: dict) -> IR:
        value = self.resolve(node.value, scope)
        if value.type not in VALUE:
            raise self.error(f"{TYPE_WORDS[value.type]} cannot be looked for in a list: {self.src(node.value)}", node)
        coll = node.collection
        items: list[IR] = []
        ranges: list[tuple[IR, IR]] = []
        if isinstance(coll, A.Range):
            lo, hi = self.resolve(coll.lo, scope), self.resolve(coll.hi, scope)
            for ir, sub in ((lo, coll.lo), (hi, coll.hi)):
                self.expect(ir, ORDERED, sub, "a range needs numbers, text or dates at both ends")
            ranges.append((lo, hi))
        elif isinstance(coll, A.ListLit):
            got = self.r_ListLit(coll, scope)
            items, ranges = list(got.items), list(got.ranges)
        else:
            got = self.resolve(coll, scope)
            if not isinstance(got, ListValue):
                raise self.error(
                    f"'in' needs a list [..], a range a..b or a list constant, but {self.src(coll)} is "
                    f"{TYPE_WORDS[got.type]}",
                    node,
                )
            items, ranges = list(got.items), list(got.ranges)
        for ir in items + [part for r in ranges for part in r]:
            if not comparable(ir.type, value.type):
                raise self.error(
                    f"{self.src(node)} looks for {TYPE_WORDS[value.type]} among {TYPE_WORDS[ir.type]}", node
                )
        if ranges and value.type not in ORDERED | {NULL, ANY}:
            raise self.error(f"a range holds numbers, text or dates, not {TYPE_WORDS[value.type]}", node)
        if self.is_null(value):
            return Lit(node.negated, BOOL)
        return self.make(InList(value, tuple(items), tuple(ranges), node.negated))

    def r_Range(self, node: A.Range, scope: dict) -> IR:
        raise self.error("a range a..b can only follow 'in'", node)

    def r_RangeItem(self, node: A.RangeItem, scope: dict) -> IR:
        raise self.error("a range a..b can only be an item of a list", node)

    def r_ListLit(self, node: A.ListLit, scope: dict) -> ListValue:
        items: list[IR] = []
        ranges: list[tuple[IR, IR]] = []
        for item in node.items:
            if isinstance(item, A.RangeItem):
                ranges.append((Lit(item.lo, NUMBER), Lit(item.hi, NUMBER)))
                continue
            ir = self.resolve(item, scope)
            if ir.type not in VALUE:
                raise self.error(f"a list may hold only values, but {self.src(item)} is {TYPE_WORDS[ir.type]}", item)
            items.append(ir)
        return ListValue(tuple(items), tuple(ranges))

    def r_MapLit(self, node: A.MapLit, scope: dict) -> MapValue:
        keys, values = [], []
        for key_node, value_node in node.entries:
            if not isinstance(key_node, (A.Number, A.String, A.Bool, A.Null)):
                raise self.error("a key in {...} must be a number, text, true, false or null", key_node)
            keys.append(None if isinstance(key_node, A.Null) else key_node.value)
            values.append(self.resolve(value_node, scope))
        return self.map_value(keys, values, "a {key: value} map", node)

    # ---------------------------------------------------------------- where, quantifiers

    def r_Where(self, node: A.Where, scope: dict) -> IR:
        inner = dict(scope)
        for name, value in node.bindings:
            thunk = Thunk(value, dict(inner), list(self.stack))
            self.force(thunk)
            inner[name] = thunk
        return self.resolve(node.body, inner)

    def r_Quantifier(self, node: A.Quantifier, scope: dict) -> IR:
        if node.hi - node.lo + 1 > MAX_LOOP:
            raise self.error(f"{node.kind}(...) runs at most {MAX_LOOP} times", node)
        bodies: list[IR] = []
        for n in range(node.lo, node.hi + 1):
            inner = dict(scope)
            inner[node.var] = LoopValue(n)
            body = self.resolve(node.body, inner)
            if node.kind == "sum":
                self.expect(body, (NUMBER,), node.body, "sum(...) adds numbers")
            else:
                self.expect(body, (BOOL,), node.body, f"{node.kind}(...) needs a true/false condition")
            bodies.append(body)
        if node.kind in ("any", "all"):
            if not bodies:
                return Lit(node.kind == "all", BOOL)
            op = "or" if node.kind == "any" else "and"
            items: list[IR] = []
            for b in bodies:
                items.extend(b.items if isinstance(b, Logic) and b.op == op else (b,))
            return self.make(Logic(op, tuple(items)))
        if node.kind == "count":
            return self.make(Count(tuple(bodies))) if bodies else Lit(0, NUMBER)
        total: IR | None = None
        for b in bodies:
            if self.is_null(b):
                return Lit(None, NUMBER)
            total = b if total is None else self.make(Arith("+", total, b))
        return total if total is not None else Lit(0, NUMBER)

    # ---------------------------------------------------------------- calls

    def r_Call(self, node: A.Call, scope: dict) -> IR:
        name = self.subst(node.name, scope, node)
        if name == "lookup":
            return self.lookup(node, scope)
        if name in scope:
            raise self.error(f"{name} is not a function", node)
        macro = self.env.macros.get(name)
        if macro is not None:
            if any(a.name is not None for a in node.args):
                raise self.error(f"{name}(...) takes no keyword arguments", node)
            return self.macro(name, macro, tuple(a.value for a in node.args), scope, node)
        h = HELPERS.get(name)
        if h is None:
            if name in self.env.variables or name in self.env.constants or name in self.env.tables:
                raise self.error(f"{name} is not a helper or function and cannot be called", node)
            options = [*HELPERS, "lookup", *(m for m, v in self.env.macros.items() if v.params)]
            raise self.error(f"unknown helper '{name}'{self.suggest(name, options)}", node)
        return self.call(h, node, scope)

    def call(self, h: Helper, node: A.Call, scope: dict) -> IR:
        if any(a.name is not None for a in node.args):
            raise self.error(f"{h.name}(...) takes no keyword arguments", node)
        n = len(node.args)
        if n < h.min_args or (h.max_args is not None and n > h.max_args):
            if h.max_args is None:
                want = f"at least {h.min_args}"
            elif h.min_args == h.max_args:
                want = str(h.min_args)
            else:
                want = f"{h.min_args} to {h.max_args}"
            raise self.error(f"{h.name}() takes {want} argument(s), not {n}", node)
        args: list[IR] = []
        literals: list[Any] = []
        for i, arg in enumerate(node.args):
            ir = self.resolve(arg.value, scope)
            if i in h.literal:
                literals.append(self.literal_value(ir, h, i, arg.value))
                continue
            allowed = h.param(i)
            if ir.type not in allowed and ir.type not in (NULL, ANY):
                words = " or ".join(sorted(TYPE_WORDS[t] for t in allowed)) if len(allowed) < 4 else "a value"
                raise self.error(
                    f"{h.name}() needs {words} here, but {self.src(arg.value)} is {TYPE_WORDS[ir.type]}", node
                )
            args.append(ir)
        try:
            rtype = h.result_type([a.type for a in args])
            prepared = h.prepare(*literals) if h.prepare is not None else None
        except CompileError as exc:
            raise self.error(str(exc), node) from None
        if h.needs_ctx and self.today is not None:
            return Lit(self.today, DATE)
        if h.strict and any(self.is_null(a) for a in args):
            return Lit(None, rtype)
        return self.make(HelperCall(h, tuple(args), rtype, prepared))

    def literal_value(self, ir: IR, h: Helper, i: int, node: A.Node) -> Any:
        if isinstance(ir, Lit):
            return ir.value
        if isinstance(ir, ListValue) and all(isinstance(x, Lit) for x in ir.items) and not ir.ranges:
            return [x.value for x in ir.items]
        raise self.error(
            f"argument {i + 1} of {h.name}() must be written out (text in quotes, a number or a "
            f"list of them), not computed: {self.src(node)}",
            node,
        )

    def lookup(self, node: A.Call, scope: dict) -> IR:
        args = node.args
        if not args or args[0].name is not None:
            raise self.error("lookup() needs a table or a map first: lookup(table, column = value)", node)
        table = self.table_named(args[0].value, scope)
        if table is not None:
            return self.table_lookup(table, node, scope)
        if len(args) != 2 or args[1].name is not None:
            raise self.error("lookup(map, key) takes a map and one key", node)
        mapping = self.resolve(args[0].value, scope)
        if not isinstance(mapping, MapValue):
            raise self.error(
                f"the first argument of lookup() must be a table, a {{key: value}} map or a map constant, "
                f"not {TYPE_WORDS[mapping.type]}",
                node,
            )
        key = self.resolve(args[1].value, scope)
        if key.type not in VALUE:
            raise self.error(f"a map key must be a value, not {TYPE_WORDS[key.type]}", node)
        key_types = {type_of_value(k) for k in mapping.keys}
        if mapping.keys and key.type not in (NULL, ANY) and not any(comparable(key.type, t) for t in key_types):
            shown = " or ".join(sorted(TYPE_WORDS[t] for t in key_types))
            raise self.error(f"the map's keys are {shown}, but the key {self.src(args[1].value)} is {TYPE_WORDS[key.type]}", node)
        vtype = NULL
        for v in mapping.values:
            joined = unify(vtype, v.type)
            vtype = ANY if joined is None else joined
        if self.is_null(key) or not mapping.keys:
            return Lit(None, vtype)
        return self.make(MapGet(mapping, key, vtype))

    def table_named(self, node: A.Node, scope: dict) -> Table | None:
        if not isinstance(node, A.Name):
            return None
        name = self.subst(node.name, scope, node)
        env = self.env
        if name in scope or name in env.variables or name in env.macros or name in env.constants:
            return None
        return env.tables.get(name)

    def table_lookup(self, table: Table, node: A.Call, scope: dict) -> IR:
        keys = node.args[1:]
        if not keys:
            raise self.error(f"lookup({table.name}, column = value, ...) needs at least one key", node)
        columns: list[str] = []
        irs: list[IR] = []
        for arg in keys:
            if arg.name is None:
                raise self.error(
                    f"the keys of lookup({table.name}, ...) are written column = value", arg.value
                )
            col = arg.name
            if col not in table.columns:
                raise self.error(
                    f"table {table.name} has no column '{col}'{self.suggest(col, table.columns)}", node
                )
            if col in columns:
                raise self.error(f"the column {col} is given twice in lookup({table.name}, ...)", node)
            ir = self.resolve(arg.value, scope)
            if ir.type not in VALUE:
                raise self.error(f"a lookup key must be a value, not {TYPE_WORDS[ir.type]}", arg.value)
            ctype = table.column_type(col)
            if not comparable(ir.type, ctype):
                raise self.error(
                    f"column {col} of {table.name} holds {TYPE_WORDS[ctype]}, but the key "
                    f"{self.src(arg.value)} is {TYPE_WORDS[ir.type]}",
                    node,
                )
            columns.append(col)
            irs.append(ir)
        return TableRow(table, tuple(columns), tuple(irs))
