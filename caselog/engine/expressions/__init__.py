"""The expression language of definitions: parsed by our own parser, never by eval.

See docs/expressions.md. An expression is parsed once (`parse`), then compiled for one log
(`compile_row`) or for a table of logs (`compile_polars`), with the same meaning.

    tokens.py          text -> tokens with line and column
    parser.py, ast.py  tokens -> syntax tree (frozen dataclasses); to_source prints it back
    environment.py     variables and their types, macros, constants, tables, EvalContext
    resolve.py         tree -> typed, expanded form (ir.py): names, macros, where, quantifiers,
                       type checks; every CompileError about the environment comes from here
    simplify.py        what a literal operand decides (`if(true, a, b)` is a)
    helpers.py         the helper registry: arity, types, row and polars implementations
    lookup.py          table and map lookups, both ways
    patterns.py        regular expressions both engines read the same way
    evaluate.py        compile_row: nested Python closures; names_used
    polars_compile.py  compile_polars: one polars expression

Nothing here imports Django or the rest of caselog.
"""

from .ast import Node, to_source
from .environment import Environment, EvalContext, Macro, Table
from .errors import CompileError, EvaluationError, ExpressionError, ParseError
from .evaluate import compile_row, names_used
from .helpers import HELPERS
from .parser import parse
from .polars_compile import compile_polars
from .types import VarType

__all__ = [
    "parse", "Node", "to_source", "names_used", "Environment", "Table", "Macro", "EvalContext",
    "compile_row", "compile_polars", "ParseError", "CompileError", "EvaluationError",
    "ExpressionError", "VarType", "HELPERS",
]
