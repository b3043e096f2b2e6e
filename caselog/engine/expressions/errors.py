"""Errors raised by the expression language.

Every failure is one of three kinds, all subclasses of `ExpressionError`:

- `ParseError`: the text is not an expression (with line, column and a caret);
- `CompileError`: the expression does not make sense in its environment (unknown
  name or helper, wrong number of arguments, mismatched types, ...);
- `EvaluationError`: a compiled expression could not be evaluated for one log.
"""

from __future__ import annotations


class ExpressionError(Exception):
    """Base class of every error raised by the expression language."""


class ParseError(ExpressionError):
    def __init__(self, message: str, line: int, column: int, source: str | None = None):
        super().__init__(message, line, column)
        self.message = message
        self.line = line
        self.column = column
        self.source = source

    def __str__(self) -> str:
        text = f"{self.message} (line {self.line}, column {self.column})"
        if self.source is not None:
            lines = self.source.split("\n")
            if 1 <= self.line <= len(lines):
                shown = lines[self.line - 1].replace("\t", " ")
                text += f"\n    {shown}\n    {' ' * (self.column - 1)}^"
        return text


class CompileError(ExpressionError):
    def __init__(self, message: str):
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


class EvaluationError(ExpressionError):
    def __init__(self, message: str):
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message
