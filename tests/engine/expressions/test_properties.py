"""Properties that hold for every input, checked with hypothesis:

1. any text parses to a tree or raises ParseError (and compiles or raises CompileError);
2. printing a tree and parsing it again gives the same tree;
3. evaluation is total: a compiled expression returns a value or raises EvaluationError;
4. parity: one log at a time (compile_row) and a table of logs (compile_polars) agree.
"""

from __future__ import annotations

import datetime as dt

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from caselog.engine.expressions import (
    CompileError,
    EvaluationError,
    Node,
    ParseError,
    compile_polars,
    compile_row,
    parse,
    to_source,
)
from caselog.engine.expressions import ast as A
from caselog.engine.expressions.tokens import KEYWORDS

from . import generate, support
from .support import CTX, ENV, polars_values, row_values, same

FAST = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# ---------------------------------------------------------------- 1. text -> tree or ParseError

TOKENS = [
    "(", ")", "[", "]", "{", "}", ",", ":", ".", "..", "=", "==", "!=", "<", "<=", ">", ">=",
    "+", "-", "*", "/", "and", "or", "not", "in", "where", "null", "true", "false", "any", "all",
    "count", "sum", "n", "t", "d", "b", "x{N}", "N", "lookup", "rent", "periods", "la", "upper", "if",
    "1", "2.5", "0", "'a'", '"b\\""', "supported?", "__class__", "\n", " ", "!", "?", "#", "é",
]
TEXTS = st.one_of(
    st.text(max_size=40),
    st.lists(st.sampled_from(TOKENS), max_size=30).map(" ".join),
    st.lists(st.sampled_from(TOKENS), max_size=30).map("".join),
)
ALLOWED = (int, float, str, bool, dt.date, dict, list, type(None))


@FAST
@given(TEXTS)
def test_any_text_parses_or_raises_parse_error(text):
    try:
        node = parse(text)
    except ParseError as exc:
        assert exc.line >= 1 and exc.column >= 1
        str(exc)
        return
    assert isinstance(node, Node)
    assert parse(to_source(node)) == node
    try:
        fn = compile_row(node, ENV)
    except CompileError:
        return
    try:
        assert isinstance(fn({}, CTX), ALLOWED)
    except EvaluationError:
        pass
    try:
        compile_polars(node, ENV, CTX)
    except CompileError:
        pass


DUNDER = st.from_regex(r"__[a-z]{2,8}__", fullmatch=True)


@FAST
@given(DUNDER, st.sampled_from(["{0}", "t.{0}", "lookup(rent, la = t).{0}", "{0}()", "{0}(t)", "t.{0}()", "x{{N}}.{0}"]))
def test_python_attributes_cannot_be_reached(dunder, shape):
    text = shape.format(dunder)
    try:
        node = parse(text)
    except ParseError:
        return
    try:
        compile_row(node, ENV)
    except CompileError:
        return
    raise AssertionError(f"{text} compiled")


# ---------------------------------------------------------------- 2. tree -> text -> same tree

NAMES = st.from_regex(r"[A-Za-z_][A-Za-z0-9_]{0,6}\??", fullmatch=True).filter(lambda s: s not in KEYWORDS)
TEMPLATED = st.from_regex(r"[a-z]{1,4}\{N\}[a-z0-9_]{0,3}\??", fullmatch=True)
WORDS = st.one_of(NAMES, st.sampled_from(sorted(KEYWORDS)))
NUMBERS = st.one_of(
    st.integers(0, 2**63 - 1),
    st.floats(min_value=0, allow_nan=False, allow_infinity=False),
)
KEYS = st.one_of(
    st.integers(-(2**62), 2**62).map(A.Number),
    st.floats(allow_nan=False, allow_infinity=False).map(A.Number),
    st.text(max_size=5).map(A.String), st.booleans().map(A.Bool), st.just(A.Null()),
)
LEAVES = st.one_of(
    NUMBERS.map(A.Number), st.text(max_size=6).map(A.String), st.booleans().map(A.Bool),
    st.just(A.Null()), NAMES.map(A.Name), TEMPLATED.map(A.Name),
)
BOUND = st.integers(0, 2**63 - 1)


def _compound(children):
    items = st.lists(st.one_of(children, st.builds(A.RangeItem, BOUND, BOUND)), max_size=3)
    args = st.lists(st.builds(A.Arg, children, st.one_of(st.none(), WORDS)), max_size=3)
    return st.one_of(
        st.builds(A.Unary, st.sampled_from(["-", "not"]), children),
        st.builds(
            A.Binary,
            st.sampled_from(["+", "-", "*", "/", "==", "!=", "<", "<=", ">", ">=", "and", "or"]),
            children, children,
        ),
        st.builds(A.In, children, st.one_of(children, st.builds(A.Range, children, children)), st.booleans()),
        st.builds(A.Attr, children, st.one_of(WORDS, TEMPLATED)),
        st.builds(A.Call, st.one_of(NAMES, TEMPLATED), args.map(tuple)),
        st.builds(A.Quantifier, st.sampled_from(["any", "all", "count", "sum"]), NAMES, BOUND, BOUND, children),
        st.builds(A.Where, children, st.lists(st.tuples(NAMES, children), min_size=1, max_size=2).map(tuple)),
        items.map(lambda xs: A.ListLit(tuple(xs))),
        st.lists(st.tuples(KEYS, children), max_size=2).map(lambda es: A.MapLit(tuple(es))),
    )


TREES = st.recursive(LEAVES, _compound, max_leaves=12)


@FAST
@given(TREES)
def test_printing_a_tree_and_parsing_it_gives_the_same_tree(tree):
    text = to_source(tree)
    assert parse(text) == tree, text
    assert to_source(parse(text)) == text


# ---------------------------------------------------------------- 3. evaluation is total

ANY_VALUE = st.one_of(
    st.none(), st.booleans(), st.integers(), st.floats(), st.text(max_size=10),
    st.dates(), st.lists(st.integers(), max_size=2),
)
WIDE_ROW = st.fixed_dictionaries(
    {
        "n": st.one_of(st.none(), st.integers()), "m": st.one_of(st.none(), st.integers()),
        "f": st.one_of(st.none(), st.floats()), "g": st.one_of(st.none(), st.floats()),
        "x1": st.one_of(st.none(), st.integers()), "x2": st.one_of(st.none(), st.integers()),
        "x3": st.one_of(st.none(), st.integers()),
        "t": st.one_of(st.none(), st.text(max_size=12)), "u": st.one_of(st.none(), st.text(max_size=12)),
        "d": st.one_of(st.none(), st.dates()), "e": st.one_of(st.none(), st.dates()),
        "b": st.one_of(st.none(), st.booleans()), "c": st.one_of(st.none(), st.booleans()),
    }
)
WRONG_ROW = st.dictionaries(st.sampled_from(["n", "m", "f", "g", "t", "u", "d", "e", "b", "c", "x1", "x2"]), ANY_VALUE)


@FAST
@given(generate.expressions(), st.one_of(WIDE_ROW, WRONG_ROW))
def test_evaluation_returns_a_value_or_raises_evaluation_error(expr, values):
    fn = compile_row(parse(expr), ENV)
    try:
        result = fn(values, CTX)
    except EvaluationError:
        return
    assert isinstance(result, ALLOWED), (expr, result)


# ---------------------------------------------------------------- 4. parity


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(generate.expressions(), st.lists(generate.row_strategy(), min_size=1, max_size=6))
def test_one_log_and_a_table_of_logs_agree(expr, rows):
    one = row_values(expr, rows)
    table = polars_values(expr, rows)
    for values, a, b in zip(rows, one, table, strict=True):
        assert same(a, b), f"{expr}\nvalues: {values}\none log: {a!r}\ntable:   {b!r}"


PARSED_FOCUSED = [(text, parse(text)) for text in generate.FOCUSED]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(generate.focused_row_strategy(), min_size=1, max_size=25))
def test_every_operator_and_helper_agrees_between_one_log_and_a_table(rows):
    frame = support.frame(rows)
    compiled = [compile_polars(node, ENV, CTX).alias(f"r{i}") for i, (_, node) in enumerate(PARSED_FOCUSED)]
    table = frame.select(compiled)
    for i, (text, node) in enumerate(PARSED_FOCUSED):
        fn = compile_row(node, ENV)
        for values, b in zip(rows, table[f"r{i}"].to_list(), strict=True):
            a = fn(values, CTX)
            assert same(a, b), f"{text}\nvalues: {values}\none log: {a!r}\ntable:   {b!r}"


@FAST
@given(st.lists(generate.row_strategy(), min_size=1, max_size=6), st.integers(1, 3))
def test_quantifier_expansion_agrees_with_writing_it_out(rows, lo):
    quantified = f"count(N in {lo}..3: x{{N}} > n)"
    written = " + ".join(f"if(x{i} > n, 1, 0)" for i in range(lo, 4))
    assert row_values(quantified, rows) == row_values(written, rows) == polars_values(quantified, rows)


