"""Recursive-descent parser: `parse(text) -> Node`. See docs/expressions.md for the grammar.

Any text either parses or raises `ParseError` (with line and column); nothing else.
"""

from __future__ import annotations

from . import ast as A
from .errors import ParseError
from .tokens import Token, tokenize

MAX_NESTING = 48  # brackets, calls, `not` and unary minus nested inside each other
MAX_DEPTH = 200  # depth of the resulting tree (long chains like a + b + c count too)
COMPARE_OPS = ("==", "!=", "<", "<=", ">", ">=")
QUANTIFIERS = ("any", "all", "count", "sum")


def parse(text: str) -> A.Node:
    parser = _Parser(text)
    node = parser.parse_all()
    depth, deepest = _depth(node)
    if depth > MAX_DEPTH:
        line, column = deepest.pos or (1, 1)
        raise ParseError(
            f"expression is nested too deeply (more than {MAX_DEPTH} levels)", line, column, text
        )
    return node


def _depth(root: A.Node) -> tuple[int, A.Node]:
    best, best_node = 0, root
    stack = [(root, 1)]
    while stack:
        node, d = stack.pop()
        if d > best:
            best, best_node = d, node
        for child in A.children(node):
            stack.append((child, d + 1))
    return best, best_node


class _Parser:
    def __init__(self, text: str):
        self.text = text
        self.tokens = tokenize(text)
        self.i = 0
        self.nesting = 0

    # ---------------------------------------------------------------- helpers

    @property
    def tok(self) -> Token:
        return self.tokens[self.i]

    def peek(self, k: int = 1) -> Token:
        return self.tokens[min(self.i + k, len(self.tokens) - 1)]

    def advance(self) -> Token:
        tok = self.tokens[self.i]
        if tok.kind != "eof":
            self.i += 1
        return tok

    def error(self, message: str, tok: Token | None = None) -> ParseError:
        tok = tok or self.tok
        return ParseError(message, tok.line, tok.column, self.text)

    def is_op(self, value: str, tok: Token | None = None) -> bool:
        tok = tok or self.tok
        return tok.kind == "op" and tok.value == value

    def is_kw(self, value: str, tok: Token | None = None) -> bool:
        tok = tok or self.tok
        return tok.kind == "keyword" and tok.value == value

    def expect_op(self, value: str, context: str) -> Token:
        if not self.is_op(value):
            raise self.error(f"expected '{value}' {context}, found {self.tok.describe()}")
        return self.advance()

    def expect_name(self, what: str) -> Token:
        tok = self.tok
        if tok.kind == "name":
            return self.advance()
        if tok.kind == "keyword":
            raise self.error(f"'{tok.value}' is a keyword and cannot be used as {what}")
        raise self.error(f"expected {what}, found {tok.describe()}")

    def expect_int(self, what: str) -> int:
        tok = self.tok
        if tok.kind == "number" and isinstance(tok.value, int):
            self.advance()
            return tok.value
        raise self.error(f"expected a whole number for {what}, found {tok.describe()}")

    def enter(self) -> None:
        self.nesting += 1
        if self.nesting > MAX_NESTING:
            raise self.error(f"expression is nested too deeply (more than {MAX_NESTING} levels)")

    def leave(self) -> None:
        self.nesting -= 1

    @staticmethod
    def at(tok: Token) -> tuple[int, int]:
        return (tok.line, tok.column)

    # ---------------------------------------------------------------- grammar

    def parse_all(self) -> A.Node:
        if self.tok.kind == "eof":
            raise self.error("empty expression")
        node = self.expression()
        if self.tok.kind != "eof":
            raise self.error(f"unexpected {self.tok.describe()}")
        return node

    def expression(self) -> A.Node:
        self.enter()
        start = self.tok
        body = self.or_expr()
        if self.is_kw("where"):
            self.advance()
            bindings = [self.binding()]
            while (
                self.is_op(",")
                and self.peek().kind == "name"
                and self.is_op("=", self.peek(2))
            ):
                self.advance()
                bindings.append(self.binding())
            body = A.Where(body, tuple(bindings), pos=self.at(start))
        self.leave()
        return body

    def binding(self) -> tuple[str, A.Node]:
        name = self.expect_name("a name after 'where'")
        self.expect_op("=", f"after '{name.value}' in 'where'")
        return name.value, self.or_expr()

    def or_expr(self) -> A.Node:
        left = self.and_expr()
        while self.is_kw("or"):
            tok = self.advance()
            left = A.Binary("or", left, self.and_expr(), pos=self.at(tok))
        return left

    def and_expr(self) -> A.Node:
        left = self.not_expr()
        while self.is_kw("and"):
            tok = self.advance()
            left = A.Binary("and", left, self.not_expr(), pos=self.at(tok))
        return left

    def not_expr(self) -> A.Node:
        if self.is_kw("not"):
            tok = self.advance()
            self.enter()
            operand = self.not_expr()
            self.leave()
            return A.Unary("not", operand, pos=self.at(tok))
        return self.comparison()

    def comparison(self) -> A.Node:
        left = self.additive()
        tok = self.tok
        if tok.kind == "op" and tok.value in COMPARE_OPS:
            self.advance()
            right = self.additive()
            node: A.Node = A.Binary(tok.value, left, right, pos=self.at(tok))
        elif self.is_kw("in") or (self.is_kw("not") and self.is_kw("in", self.peek())):
            negated = self.is_kw("not")
            if negated:
                self.advance()
            self.advance()
            node = A.In(left, self.collection(), negated, pos=self.at(tok))
        else:
            return left
        after = self.tok
        if (after.kind == "op" and after.value in COMPARE_OPS) or self.is_kw("in"):
            raise self.error(
                "comparisons cannot be chained: join them with 'and' or use brackets", after
            )
        return node

    def collection(self) -> A.Node:
        lo = self.additive()
        if self.is_op(".."):
            tok = self.advance()
            return A.Range(lo, self.additive(), pos=self.at(tok))
        return lo

    def additive(self) -> A.Node:
        left = self.term()
        while self.tok.kind == "op" and self.tok.value in ("+", "-"):
            tok = self.advance()
            left = A.Binary(tok.value, left, self.term(), pos=self.at(tok))
        return left

    def term(self) -> A.Node:
        left = self.unary()
        while self.tok.kind == "op" and self.tok.value in ("*", "/"):
            tok = self.advance()
            left = A.Binary(tok.value, left, self.unary(), pos=self.at(tok))
        return left

    def unary(self) -> A.Node:
        if self.is_op("-"):
            tok = self.advance()
            self.enter()
            operand = self.unary()
            self.leave()
            return A.Unary("-", operand, pos=self.at(tok))
        return self.postfix()

    def postfix(self) -> A.Node:
        node = self.primary()
        while self.is_op("."):
            dot = self.advance()
            tok = self.tok
            if tok.kind not in ("name", "keyword"):
                raise self.error(f"expected a column name after '.', found {tok.describe()}")
            self.advance()
            node = A.Attr(node, tok.value, pos=self.at(dot))
        if self.is_op("("):
            raise self.error("only helpers and functions can be called, by name: name(...)")
        return node

    def primary(self) -> A.Node:
        tok = self.tok
        pos = self.at(tok)
        if tok.kind == "number":
            self.advance()
            return A.Number(tok.value, pos=pos)
        if tok.kind == "string":
            self.advance()
            return A.String(tok.value, pos=pos)
        if tok.kind == "keyword":
            if tok.value == "null":
                self.advance()
                return A.Null(pos=pos)
            if tok.value in ("true", "false"):
                self.advance()
                return A.Bool(tok.value == "true", pos=pos)
            if tok.value in QUANTIFIERS and self.is_op("(", self.peek()):
                return self.quantifier()
            raise self.error(f"unexpected keyword '{tok.value}'")
        if tok.kind == "name":
            self.advance()
            if self.is_op("("):
                return self.call(tok)
            return A.Name(tok.value, pos=pos)
        if self.is_op("("):
            self.advance()
            node = self.expression()
            self.expect_op(")", "to close '('")
            return node
        if self.is_op("["):
            return self.list_literal()
        if self.is_op("{"):
            return self.map_literal()
        if tok.kind == "eof":
            raise self.error("expression ends too early")
        raise self.error(f"unexpected {tok.describe()}")

    def call(self, name: Token) -> A.Call:
        self.advance()  # (
        self.enter()
        args: list[A.Arg] = []
        if not self.is_op(")"):
            while True:
                if self.tok.kind in ("name", "keyword") and self.is_op("=", self.peek()):
                    key = self.advance().value
                    self.advance()
                    args.append(A.Arg(self.expression(), key))
                else:
                    args.append(A.Arg(self.expression()))
                if self.is_op(","):
                    self.advance()
                    continue
                break
        self.expect_op(")", f"to close the arguments of {name.value}(")
        self.leave()
        return A.Call(name.value, tuple(args), pos=self.at(name))

    def quantifier(self) -> A.Quantifier:
        kind = self.advance()
        self.advance()  # (
        self.enter()
        var = self.expect_name("a loop variable")
        if not self.is_kw("in"):
            raise self.error(f"expected 'in' after the loop variable {var.value}")
        self.advance()
        lo = self.expect_int("the start of the loop")
        self.expect_op("..", "between the loop bounds")
        hi = self.expect_int("the end of the loop")
        self.expect_op(":", "after the loop bounds")
        body = self.expression()
        self.expect_op(")", f"to close {kind.value}(")
        self.leave()
        return A.Quantifier(kind.value, var.value, lo, hi, body, pos=self.at(kind))

    def list_literal(self) -> A.ListLit:
        start = self.advance()
        self.enter()
        items: list[A.Node] = []
        if not self.is_op("]"):
            while True:
                tok = self.tok
                if (
                    tok.kind == "number"
                    and isinstance(tok.value, int)
                    and self.is_op("..", self.peek())
                ):
                    self.advance()
                    self.advance()
                    hi = self.expect_int("the end of a range in a list")
                    items.append(A.RangeItem(tok.value, hi, pos=self.at(tok)))
                else:
                    items.append(self.expression())
                    if self.is_op(".."):
                        raise self.error("a range in a list needs whole numbers: [1..5]")
                if self.is_op(","):
                    self.advance()
                    continue
                break
        self.expect_op("]", "to close '['")
        self.leave()
        return A.ListLit(tuple(items), pos=self.at(start))

    def map_literal(self) -> A.MapLit:
        start = self.advance()
        self.enter()
        entries: list[tuple[A.Node, A.Node]] = []
        if not self.is_op("}"):
            while True:
                key = self.map_key()
                self.expect_op(":", "after a key in '{'")
                entries.append((key, self.expression()))
                if self.is_op(","):
                    self.advance()
                    continue
                break
        self.expect_op("}", "to close '{'")
        self.leave()
        return A.MapLit(tuple(entries), pos=self.at(start))

    def map_key(self) -> A.Node:
        tok = self.tok
        pos = self.at(tok)
        if tok.kind == "number":
            self.advance()
            return A.Number(tok.value, pos=pos)
        if self.is_op("-") and self.peek().kind == "number":
            self.advance()
            number = self.advance()
            return A.Number(-number.value, pos=pos)
        if tok.kind == "string":
            self.advance()
            return A.String(tok.value, pos=pos)
        if self.is_kw("true") or self.is_kw("false"):
            self.advance()
            return A.Bool(tok.value == "true", pos=pos)
        if self.is_kw("null"):
            self.advance()
            return A.Null(pos=pos)
        raise self.error(f"a key in '{{...}}' must be a number, text, true, false or null; found {tok.describe()}")
