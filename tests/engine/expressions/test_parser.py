"""The grammar: what parses to what, what does not (with line, column and a caret), and
printing a tree back as text."""

from __future__ import annotations

import pytest

from caselog.engine.expressions import ParseError, parse, to_source
from caselog.engine.expressions.ast import (
    Arg,
    Attr,
    Binary,
    Bool,
    Call,
    In,
    ListLit,
    MapLit,
    Name,
    Null,
    Number,
    Quantifier,
    Range,
    RangeItem,
    String,
    Unary,
    Where,
)

PARSES = [
    ("needstype == 2", Binary("==", Name("needstype"), Number(2))),
    ("12.5", Number(12.5)),
    ("'F'", String("F")),
    (r'"a \"b\" \\ \n c"', String('a "b" \\ \n c')),
    (r"'it\'s'", String("it's")),
    ("null", Null()),
    ("true and false", Binary("and", Bool(True), Bool(False))),
    ("is_supported_housing?", Name("is_supported_housing?")),
    ("a or b and c", Binary("or", Name("a"), Binary("and", Name("b"), Name("c")))),
    ("not a and b", Binary("and", Unary("not", Name("a")), Name("b"))),
    ("not x == 1", Unary("not", Binary("==", Name("x"), Number(1)))),
    ("1 - 2 - 3", Binary("-", Binary("-", Number(1), Number(2)), Number(3))),
    ("1 + 2 * 3", Binary("+", Number(1), Binary("*", Number(2), Number(3)))),
    ("-x.y", Unary("-", Attr(Name("x"), "y"))),
    ("- - x", Unary("-", Unary("-", Name("x")))),
    ("x in [1, 2..5]", In(Name("x"), ListLit((Number(1), RangeItem(2, 5))))),
    ("x not in 1..8", In(Name("x"), Range(Number(1), Number(8)), negated=True)),
    ("x in a + 1..b", In(Name("x"), Range(Binary("+", Name("a"), Number(1)), Name("b")))),
    ("x in london", In(Name("x"), Name("london"))),
    ("{2: 1, -9: 'r', \"a\": x}", MapLit(((Number(2), Number(1)), (Number(-9), String("r")), (String("a"), Name("x"))))),
    ("[]", ListLit(())),
    ("f()", Call("f", ())),
    ("lookup(t, la = la, beds = 1).soft_min",
     Attr(Call("lookup", (Arg(Name("t")), Arg(Name("la"), "la"), Arg(Number(1), "beds"))), "soft_min")),
    ("any(N in 2..8: age{N} < 16)", Quantifier("any", "N", 2, 8, Binary("<", Name("age{N}"), Number(16)))),
    ("count(N in 1..8: person_{N}_retired?)", Quantifier("count", "N", 1, 8, Name("person_{N}_retired?"))),
    ("a where a = 1, b = a", Where(Name("a"), (("a", Number(1)), ("b", Name("a"))))),
    ("f(x where x = 1, y = 2)", Call("f", (Arg(Where(Name("x"), (("x", Number(1)), ("y", Number(2))))),))),
    ("f(x where x = 1, y)", Call("f", (Arg(Where(Name("x"), (("x", Number(1)),))), Arg(Name("y"))))),
    ("owning_organisation.provider_type", Attr(Name("owning_organisation"), "provider_type")),
    ("r.count", Attr(Name("r"), "count")),
    ("lookup(t, count = 1)", Call("lookup", (Arg(Name("t")), Arg(Number(1), "count")))),
    ("  1\n +\t2  ", Binary("+", Number(1), Number(2))),
    ("1..2", None),  # not an expression on its own: see FAILS
]
PARSES = [p for p in PARSES if p[1] is not None]


@pytest.mark.parametrize("text, tree", PARSES, ids=[p[0] for p in PARSES])
def test_parses_to(text, tree):
    assert parse(text) == tree


@pytest.mark.parametrize("text, tree", PARSES, ids=[p[0] for p in PARSES])
def test_prints_back_to_the_same_tree(text, tree):
    assert parse(to_source(tree)) == tree


# (text, message fragment, line, column)
FAILS = [
    ("", "empty expression", 1, 1),
    ("a +", "ends too early", 1, 4),
    ("(a", "expected ')'", 1, 3),
    ("a )", "unexpected ')'", 1, 3),
    ("a\n  + * b", "unexpected '*'", 2, 5),
    ("'abc", "text is not closed", 1, 1),
    (r"'a\tb'", "unknown escape", 1, 3),
    ("a # comment", "unexpected character #", 1, 3),
    ("a ! b", "unexpected character !", 1, 3),
    ("a < b < c", "cannot be chained", 1, 7),
    ("a == b in c", "cannot be chained", 1, 8),
    ("1..2", "unexpected '..'", 1, 2),
    ("x in [a..b]", "whole numbers", 1, 8),
    ("any(N in a..3: x)", "whole number", 1, 10),
    ("any(N in 1.5..3: x)", "whole number", 1, 10),
    ("any(N 1..3: x)", "expected 'in'", 1, 7),
    ("any(and in 1..3: x)", "keyword", 1, 5),
    ("any + 1", "unexpected keyword 'any'", 1, 1),
    ("where = 1", "unexpected keyword 'where'", 1, 1),
    ("x where in = 1", "keyword", 1, 9),
    ("x where y == 1", "expected '='", 1, 11),
    ("{a: 1}", "key in '{...}'", 1, 2),
    ("{1 2}", "expected ':'", 1, 4),
    ("f(a b)", "expected ')'", 1, 5),
    ("f()()", "only helpers and functions can be called", 1, 4),
    ("(a)(b)", "only helpers and functions can be called", 1, 4),
    ("x.1", "column name", 1, 3),
    ("a.", "column name", 1, 3),
    ("99999999999999999999", "too large", 1, 1),
    ("1" * 400 + ".5", "too large", 1, 1),
    ("1" * 300 + ".5", None, 1, 1),  # a float this long is fine
    ("x ? y", "unexpected character ?", 1, 3),
    ("é", "unexpected character é", 1, 1),
    ("a\n\n   $", "unexpected character $", 3, 4),
]


@pytest.mark.parametrize("text, fragment, line, column", FAILS, ids=[repr(f[0])[:40] for f in FAILS])
def test_parse_errors_show_where(text, fragment, line, column):
    if fragment is None:
        parse(text)
        return
    with pytest.raises(ParseError) as info:
        parse(text)
    err = info.value
    assert fragment in err.message
    assert (err.line, err.column) == (line, column)
    shown = str(err)
    assert f"line {line}, column {column}" in shown
    source_line = text.split("\n")[line - 1]
    caret_line = shown.splitlines()[-1]
    assert shown.splitlines()[-2].strip() == source_line.strip()
    assert caret_line.index("^") - 4 == column - 1


def test_deep_nesting_is_a_parse_error_not_a_crash():
    with pytest.raises(ParseError, match="nested too deeply"):
        parse("(" * 500 + "1" + ")" * 500)
    with pytest.raises(ParseError, match="nested too deeply"):
        parse("not " * 500 + "x")
    with pytest.raises(ParseError, match="nested too deeply"):
        parse(" + ".join(["x"] * 500))


def test_long_but_shallow_lists_parse():
    assert len(parse("[" + ", ".join(str(i) for i in range(2000)) + "]").items) == 2000


def test_not_text_is_a_parse_error():
    with pytest.raises(ParseError):
        parse(None)  # type: ignore[arg-type]


PRINTS = [
    ("a  ==  2", "a == 2"),
    ("(a + b) * c", "(a + b) * c"),
    ("a + (b * c)", "a + b * c"),
    ("a - (b - c)", "a - (b - c)"),
    ("(a - b) - c", "a - b - c"),
    ("not (a and b)", "not (a and b)"),
    ("(not a) and b", "not a and b"),
    ("(a == b) == c", "(a == b) == c"),
    ("-(a + b)", "-(a + b)"),
    ("x in [1,2..3]", "x in [1, 2..3]"),
    ("lookup(t,la=la).x", "lookup(t, la = la).x"),
    ("f((x where x = 1))", "f((x where x = 1))"),
    ("(x where x = 1) + 1", "(x where x = 1) + 1"),
    ("x where x = (y where y = 1)", "x where x = (y where y = 1)"),
    ("'say \"hi\"'", '"say \\"hi\\""'),
    ("1.50", "1.5"),
    ("100000000000000000000.0", "100000000000000000000.0"),
    ("0.0000001", "0.0000001"),
    ("{-1: 2}", "{-1: 2}"),
    ("any(N in 1..3: (x where x = N))", "any(N in 1..3: (x where x = N))"),
]


@pytest.mark.parametrize("text, printed", PRINTS, ids=[p[0] for p in PRINTS])
def test_to_source_prints_minimal_brackets(text, printed):
    assert to_source(parse(text)) == printed
    assert parse(printed) == parse(text)


def test_positions_are_kept_but_do_not_affect_equality():
    a, b = parse("x + 1"), parse("x   +   1")
    assert a == b
    assert a.pos == (1, 3) and b.pos == (1, 5)
