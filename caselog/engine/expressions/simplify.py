"""Decisions a literal operand makes, taken when compiling: `if(true, a, b)` is a,
`false and x` is false, `coalesce(null, x)` is x, `lookup({1: a}, 1)` is a.

Besides saving work, this keeps polars from seeing a `when(<literal>)`, which it sometimes
simplifies into a single value it then refuses to broadcast to every row.
"""

from __future__ import annotations

from .ir import IR, HelperCall, ListValue, Lit, Logic, MapGet, MapValue, TableRow, children
from .lookup import row_key
from .types import BOOL, type_of_value


def is_constant(ir: IR) -> bool:
    if isinstance(ir, Lit):
        return True
    if isinstance(ir, (ListValue, MapValue, TableRow)):
        return all(is_constant(c) for c in children(ir))
    return False


def _null(ir: IR) -> bool:
    return isinstance(ir, Lit) and ir.value is None


def simplify(ir: IR) -> IR:
    """What a literal operand decides, decided now: `if(true, a, b)` is a, `false and x` is
    false, `coalesce(null, x)` is x, `lookup({1: a}, 1)` is a."""
    if isinstance(ir, HelperCall) and ir.helper.name == "if" and isinstance(ir.args[0], Lit):
        chosen = ir.args[1] if ir.args[0].value is True else ir.args[2]
        return Lit(None, ir.type) if _null(chosen) else chosen
    if isinstance(ir, HelperCall) and ir.helper.name in ("coalesce", "min", "max"):
        args = [a for a in ir.args if not _null(a)]
        if not args:
            return Lit(None, ir.type)
        if ir.helper.name == "coalesce" and isinstance(args[0], Lit):
            return args[0]
        if len(args) != len(ir.args):
            return HelperCall(ir.helper, tuple(args), ir.type, ir.prepared)
        return ir
    if isinstance(ir, Logic):
        absorbing = ir.op == "or"  # true decides an or; false (or null) decides an and
        kept: list[IR] = []
        for item in ir.items:
            if isinstance(item, Lit):
                if (item.value is True) == absorbing:
                    return Lit(absorbing, BOOL)
                continue
            kept.append(item)
        if not kept:
            return Lit(not absorbing, BOOL)
        return ir if len(kept) == len(ir.items) else Logic(ir.op, tuple(kept))
    if isinstance(ir, MapGet) and isinstance(ir.key, Lit):
        for k, value in zip(ir.map.keys, ir.map.values, strict=True):
            if type_of_value(k) == type_of_value(ir.key.value) and row_key(k) == row_key(ir.key.value):
                return Lit(None, ir.type) if _null(value) else value
        return Lit(None, ir.type)
    return ir
