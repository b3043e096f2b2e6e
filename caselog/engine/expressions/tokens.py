"""Tokenizer: expression text to a list of tokens, each with its line and column."""

from __future__ import annotations

import re
from dataclasses import dataclass

from .errors import ParseError

KEYWORDS = frozenset(
    ["and", "or", "not", "in", "where", "null", "true", "false", "any", "all", "count", "sum"]
)

# Longest first, so "==" wins over "=" and ".." over ".".
OPERATORS = (
    "==", "!=", "<=", ">=", "..",
    "<", ">", "+", "-", "*", "/", "(", ")", "[", "]", "{", "}", ",", ":", ".", "=",
)

NAME_RE = re.compile(
    r"[A-Za-z_][A-Za-z0-9_]*(?:\{[A-Za-z_][A-Za-z0-9_]*\}[A-Za-z0-9_]*)*\??"
)
NUMBER_RE = re.compile(r"[0-9]+(?:\.[0-9]+)?")
SPACE_RE = re.compile(r"[ \t\r\n]+")
ESCAPES = {'"': '"', "'": "'", "\\": "\\", "n": "\n"}
INT_LIMIT = 2**63  # integer literals must fit a 64-bit integer column


@dataclass(frozen=True, slots=True)
class Token:
    kind: str  # "number", "string", "name", "keyword", "op", "eof"
    value: object  # int | float | str
    text: str
    line: int
    column: int

    def describe(self) -> str:
        if self.kind == "eof":
            return "end of input"
        if self.kind == "string":
            return "text " + self.text
        return f"'{self.text}'"


class _Positions:
    """Turns an offset into (line, column), both 1-based."""

    def __init__(self, text: str):
        self.starts = [0] + [m.end() for m in re.finditer("\n", text)]

    def at(self, offset: int) -> tuple[int, int]:
        lo, hi = 0, len(self.starts) - 1
        while lo < hi:
            mid = (lo + hi + 1) // 2
            if self.starts[mid] <= offset:
                lo = mid
            else:
                hi = mid - 1
        return lo + 1, offset - self.starts[lo] + 1


def tokenize(text: str) -> list[Token]:
    if not isinstance(text, str):
        raise ParseError("an expression must be text", 1, 1)
    positions = _Positions(text)
    tokens: list[Token] = []
    i, n = 0, len(text)

    def fail(message: str, offset: int) -> ParseError:
        line, column = positions.at(offset)
        return ParseError(message, line, column, text)

    while i < n:
        ch = text[i]
        m = SPACE_RE.match(text, i)
        if m:
            i = m.end()
            continue
        line, column = positions.at(i)
        if ch.isascii() and (ch.isalpha() or ch == "_"):
            m = NAME_RE.match(text, i)
            word = m.group()
            kind = "keyword" if word in KEYWORDS else "name"
            tokens.append(Token(kind, word, word, line, column))
            i = m.end()
        elif "0" <= ch <= "9":
            m = NUMBER_RE.match(text, i)
            literal = m.group()
            if "." in literal:
                value: int | float = float(literal)
                if value in (float("inf"), float("-inf")):
                    raise fail(f"number {literal[:20]}... is too large", i)
            else:
                if len(literal.lstrip("0")) > 19 or int(literal) >= INT_LIMIT:
                    raise fail(f"number {literal[:20]} is too large", i)
                value = int(literal)
            tokens.append(Token("number", value, literal, line, column))
            i = m.end()
        elif ch in "\"'":
            value_chars: list[str] = []
            j = i + 1
            while True:
                if j >= n:
                    raise fail("text is not closed: missing " + ch, i)
                c = text[j]
                if c == ch:
                    break
                if c == "\\":
                    if j + 1 >= n or text[j + 1] not in ESCAPES:
                        raise fail('unknown escape in text: use \\" \\\' \\\\ or \\n', j)
                    value_chars.append(ESCAPES[text[j + 1]])
                    j += 2
                    continue
                value_chars.append(c)
                j += 1
            tokens.append(Token("string", "".join(value_chars), text[i : j + 1], line, column))
            i = j + 1
        else:
            for op in OPERATORS:
                if text.startswith(op, i):
                    tokens.append(Token("op", op, op, line, column))
                    i += len(op)
                    break
            else:
                shown = ch if ch.isprintable() else repr(ch)
                raise fail(f"unexpected character {shown}", i)
    line, column = positions.at(n)
    tokens.append(Token("eof", None, "", line, column))
    return tokens
