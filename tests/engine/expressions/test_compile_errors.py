"""What an expression may not do in its environment: each is a CompileError that names the
problem, raised when the expression is compiled, never when it runs."""

from __future__ import annotations

import pytest

from caselog.engine.expressions import (
    CompileError,
    Environment,
    EvaluationError,
    Macro,
    ParseError,
    compile_polars,
    compile_row,
    names_used,
    parse,
)

from .support import CTX, ENV

# (behaviour, expression, fragment of the message)
ERRORS = [
    ("an unknown name is named", "foo + 1", "unknown name 'foo'"),
    ("a near miss is suggested", "tt == 'a'", "did you mean 't'"),
    ("an unknown helper is named", "frobnicate(n)", "unknown helper 'frobnicate'"),
    ("a helper needs its arguments", "upper()", "upper() takes 1 argument(s), not 0"),
    ("too many arguments", "abs(n, m)", "abs() takes 1 argument(s), not 2"),
    ("if takes three arguments", "if(b, 1)", "if() takes 3"),
    ("a macro needs its arguments", "weekly(n)", "weekly needs 2 argument(s): weekly(amount, period)"),
    ("a macro with parameters cannot be used bare", "weekly", "weekly needs 2"),
    ("a zero-parameter macro takes no arguments", "supported?(1)", "supported? takes no arguments"),
    ("a macro that uses itself", "loop?", "loop? refers to itself: loop? -> loop?"),
    ("macros that use each other", "ping?", "ping? refers to itself: ping? -> pong? -> ping?"),
    ("a loop variable outside its quantifier", "N + 1", "unknown name 'N'"),
    ("a templated name outside a quantifier", "x{N} > 1", "'{N}' in x{N} is not a loop variable here"),
    ("a templated name with the wrong loop variable", "any(I in 1..3: x{N} > 1)", "'{N}' in x{N}"),
    ("a templated name that names nothing", "any(N in 1..4: x{N} > 1)", "unknown name 'x4'"),
    ("a where binding is not a loop variable", "x{k} where k = 1", "'{k}' in x{k} is not a loop variable"),
    ("a quantifier body must be true/false", "any(N in 1..3: x{N})", "any(...) needs a true/false condition"),
    ("a sum adds numbers", 'sum(N in 1..3: "a")', "sum(...) adds numbers"),
    ("quantifiers have a limit", "count(N in 1..5000: N > 1)", "at most 1000"),
    ("text compared with a number", "t == 1", "compares text with a number"),
    ("a number compared with text", 'n != "1"', "compares a number with text"),
    ("a date compared with a number", "d < 3", "compares a date with a number"),
    ("true/false cannot be ordered", "b < c", "true/false cannot be ordered"),
    ("text in a list of numbers", "t in [1, 2]", "looks for text among a number"),
    ("a number in a list constant of text", "n in london", "looks for a number among text"),
    ("in needs a list", "n in m", "'in' needs a list"),
    ("adding text to a number", 't + 1', "cannot add text and a number"),
    ("adding a number to a date", "d + 1", "cannot add a date and a number"),
    ("subtracting dates", "d - e", "use days_between"),
    ("days on their own", "days(3)", "is a duration"),
    ("days added to a number", "n + days(3)", "can only be added to a date"),
    ("days taken from days", "days(1) - d", "can only be taken from a date"),
    ("and needs true/false", "n and b", "'and' needs true/false"),
    ("not needs true/false", "not t", "'not' needs true/false"),
    ("minus needs a number", "-t", "'-' needs a number"),
    ("upper needs text", "upper(n)", "upper() needs text here, but 'n' is a number"),
    ("year needs a date", "year(n)", "year() needs a date"),
    ("if branches must agree", 'if(b, 1, "a")', "if(c, a, b): a and b mix a number and text"),
    ("if needs a true/false condition", "if(n, 1, 2)", "if() needs true/false"),
    ("coalesce arguments must agree", "coalesce(n, t)", "coalesce(...): the arguments mix"),
    ("min arguments must agree", "min(n, d)", "mix a number and a date"),
    ("round's places must be written out", "round(f, n)", "argument 2 of round() must be written out"),
    ("round's places are limited", "round(f, 99)", "from 0 to 15"),
    ("a regex must be written out", "matches(t, u)", "argument 2 of matches() must be written out"),
    ("a bad regex", 'matches(t, "(")', "bad regular expression"),
    ("no look-ahead", 'matches(t, "a(?=b)")', "look-ahead and look-behind are not supported"),
    ("no look-behind", 'matches(t, "(?<!a)b")', "look-ahead and look-behind are not supported"),
    ("no back-references", 'matches(t, "(a)\\\\1")', "back-references are not supported"),
    ("no multi-line flag", 'matches(t, "(?m)^a")', "only the flag (?i)"),
    ("no POSIX classes", 'matches(t, "[[:alpha:]]")', "nested classes"),
    ("no Python-only end anchor", 'matches(t, "a\\\\Z")', "\\Z is not supported"),
    ("no Rust-only classes", 'matches(t, "\\\\p{L}")', "bad regular expression"),
    ("no possessive quantifiers", 'matches(t, "a++")', "possessive"),
    ("phrases must be a list", 'matches_whole_phrase(t, "a")', "phrases must be a list of texts"),
    ("phrases must be texts", "matches_any_word(t, [1])", "phrases must be a list of texts"),
    ("phrases must be written out", "matches_any_word(t, [u])", "must be written out"),
    ("an unknown table column", "lookup(rent, la = t).nope", "table rent has no column 'nope'"),
    ("an unknown key column", "lookup(rent, town = t).label", "table rent has no column 'town'"),
    ("a key of the wrong type", "lookup(rent, la = n).label", "column la of rent holds text, but the key 'n' is a number"),
    ("a key given twice", "lookup(rent, la = t, la = u).label", "given twice"),
    ("a table lookup needs keys", "lookup(rent).label", "needs at least one key"),
    ("table keys are named", "lookup(rent, t).label", "written column = value"),
    ("a map lookup takes one key", "lookup(periods, n, m)", "takes a map and one key"),
    ("a map key of the wrong type", "lookup(periods, t)", "the map's keys are a number"),
    ("lookup needs a table or map", "lookup(n, 1)", "must be a table"),
    ("a map literal key is a literal", "lookup({n: 1}, 1)", None),  # ParseError
    ("a map literal key given twice", "lookup({1: 1, 1.0: 2}, n)", "given twice"),
    ("a map on its own", "periods", "is a map"),
    ("a table on its own", "rent", "rent is a table"),
    ("a helper without brackets", "today", "today is a helper"),
    ("a column of a number", "n.x", "'.x' reads a column of a looked-up row, but 'n' is a number"),
    ("calling a variable", "n(1)", "n is not a helper or function"),
    ("calling a where binding", "k(1) where k = 1", "k is not a function"),
    ("keyword arguments only for lookup", "abs(x = 1)", "takes no keyword arguments"),
    ("a range only after in", "[1..2] == 1", "cannot be compared"),
]


@pytest.mark.parametrize("expr, fragment", [e[1:] for e in ERRORS], ids=[e[0] for e in ERRORS])
def test_compile_error(expr, fragment):
    if fragment is None:
        with pytest.raises(ParseError):
            parse(expr)
        return
    node = parse(expr)
    with pytest.raises(CompileError) as info:
        compile_row(node, ENV)
    assert fragment in str(info.value)
    with pytest.raises(CompileError):
        compile_polars(node, ENV, CTX)


def test_errors_say_where_in_the_text():
    with pytest.raises(CompileError, match=r"unknown name 'foo' \(line 2, column 5\)"):
        compile_row(parse("n == 1 and\n    foo"), ENV)


def test_errors_inside_a_macro_name_the_macro():
    env = Environment(variables={"a": "number"}, macros={"broken": Macro((), parse("a + nope"))})
    with pytest.raises(CompileError, match=r"unknown name 'nope' \(in broken, line 1, column 5\)"):
        compile_row(parse("broken"), env)


def test_unused_where_bindings_are_checked_too():
    with pytest.raises(CompileError, match="unknown name 'nope'"):
        compile_row(parse("1 where k = nope"), ENV)


def test_unused_macro_arguments_are_checked_too():
    env = Environment(variables={}, macros={"first": Macro(("a", "b"), parse("a"))})
    with pytest.raises(CompileError, match="unknown name 'nope'"):
        compile_row(parse("first(1, nope)"), env)


def test_a_macro_may_call_itself_in_its_own_argument():
    env = Environment(variables={"a": "number"}, macros={"twice": Macro(("x",), parse("x * 2"))})
    assert compile_row(parse("twice(twice(a))"), env)({"a": 3}) == 12


# ---- what only one log can do


def test_a_bare_lookup_is_refused_for_a_table_of_logs():
    node = parse("lookup(rent, la = t, beds = n)")
    compile_row(node, ENV)
    with pytest.raises(CompileError, match=r"without \.column is not supported"):
        compile_polars(node, ENV, CTX)


def test_a_list_result_is_refused_for_a_table_of_logs():
    with pytest.raises(CompileError, match="list"):
        compile_polars(parse("london"), ENV, CTX)


def test_today_needs_a_context_for_a_table_of_logs():
    with pytest.raises(CompileError, match="today"):
        compile_polars(parse("today()"), ENV, None)


def test_today_needs_a_context_for_one_log():
    fn = compile_row(parse("today()"), ENV)
    with pytest.raises(EvaluationError, match="today"):
        fn({}, None)


# ---- no way to reach Python


REACH_PYTHON = [
    "__class__", "a.__dict__", "x()()", "(1).__class__", "''.__class__", "t.__class__.__mro__",
    "[].__class__", "__import__('os')", "eval('1')", "exec('x')", "getattr(t, 'upper')",
    "open('/etc/passwd')", "lookup.__call__", "upper.__globals__", "compile('1', 'x', 'eval')",
    "t.upper()", "lookup(rent, la = t).__dict__", "lookup(rent, la = t).__class__",
    "{1: 2}.keys()", "[1][0]", "t[0]", "n.real", "periods.get", "lookup(periods, n).__class__",
]


@pytest.mark.parametrize("text", REACH_PYTHON)
def test_python_attributes_are_unreachable(text):
    try:
        node = parse(text)
    except ParseError:
        return
    with pytest.raises(CompileError):
        compile_row(node, ENV)
    with pytest.raises(CompileError):
        compile_polars(node, ENV, CTX)


# ---- names_used


@pytest.mark.parametrize(
    "expr, names",
    [
        ("n == 2 and is_answered(m)", {"n", "m"}),
        ("supported?", {"n"}),
        ("weekly(f, m)", {"f", "m"}),
        ("count(N in 1..3: x{N} > 1)", {"x1", "x2", "x3"}),
        ("count(N in 1..3: person_{N}_adult?)", {"x1", "x2", "x3"}),
        ("k where k = t", {"t"}),
        ("n where n = 1", set()),
        ("lookup(rent, la = t, beds = n).label", {"t", "n"}),
        ('org.kind == "LA"', {"org.kind"}),
        ("london", set()),
        ("1 + 2", set()),
    ],
)
def test_names_used_lists_the_variables_read(expr, names):
    assert names_used(parse(expr), ENV) == names


def test_names_used_reports_unknown_names():
    with pytest.raises(CompileError, match="unknown name 'nope'"):
        names_used(parse("nope"), ENV)
