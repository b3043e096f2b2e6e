"""The expression language of definitions: parsed by our own parser, never by eval.

See docs/expressions.md. An expression is parsed once (`parse`), then compiled for one log
(`compile_row`) or for a table of logs (`compile_polars`), with the same meaning.
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
