"""How compiled expressions run: laziness, values of the wrong type, constants, and what
the table path returns for every row."""

from __future__ import annotations

import datetime as dt

import pytest

from caselog.engine.expressions import (
    Environment,
    EvalContext,
    EvaluationError,
    Macro,
    Table,
    VarType,
    compile_polars,
    compile_row,
    names_used,
    parse,
)

from .support import CTX, ENV, polars_values, row_values


def run(expr: str, values: dict, ctx=CTX):
    return compile_row(parse(expr), ENV)(values, ctx)


def test_if_evaluates_only_the_branch_taken():
    assert run("if(b, 1, n + 1)", {"b": True, "n": "not a number"}) == 1


def test_coalesce_stops_at_the_first_value():
    assert run("coalesce(m, n + 1)", {"m": 1, "n": "not a number"}) == 1


def test_and_stops_at_the_first_false():
    assert run("b and n + 1 > 0", {"b": False, "n": "not a number"}) is False


@pytest.mark.parametrize(
    "expr, values",
    [
        ("n + 1", {"n": "x"}),
        ("-n", {"n": "x"}),
        ("n * m", {"n": "ab", "m": 10**9}),  # no huge repeated text
        ("n < 1", {"n": "x"}),
        ("upper(t)", {"t": 5}),
        ("length(t)", {"t": 5}),
        ("year(d)", {"d": "2024-01-01"}),
        ("d + days(1)", {"d": "2024-01-01"}),
        ("days_between(d, e)", {"d": 1, "e": 2}),
        ("n in [1, 2]", {"n": [1]}),
        ("lookup(rent, la = t, beds = n).label", {"t": ["a"], "n": 1}),
        ("text(n)", {"n": object()}),
        ("min(n, m)", {"n": 1, "m": "a"}),
    ],
)
def test_values_of_the_wrong_type_raise_evaluation_error(expr, values):
    with pytest.raises(EvaluationError):
        run(expr, values)


def test_a_wrong_type_in_an_equality_is_simply_unequal():
    assert run("n == 1", {"n": "1"}) is False
    assert run("n != 1", {"n": "1"}) is True


def test_missing_values_are_null():
    assert run("is_answered(n)", {}) is False


def test_the_context_is_optional_unless_today_is_used():
    fn = compile_row(parse("n + 1"), ENV)
    assert fn({"n": 1}) == 2


def test_today_is_the_context_date_never_the_clock():
    ctx = EvalContext(today=dt.date(1999, 12, 31))
    assert run("today()", {}, ctx) == dt.date(1999, 12, 31)
    df_expr = compile_polars(parse("today()"), ENV, ctx)
    import polars as pl

    assert pl.DataFrame({"n": [1, 2]}).select(df_expr)["literal"].to_list() == [dt.date(1999, 12, 31)] * 2


def test_a_compiled_function_is_reusable_and_shows_its_source():
    fn = compile_row(parse("n   +  1"), ENV)
    assert [fn({"n": i}) for i in range(3)] == [1, 2, 3]
    assert fn.source == "n + 1"


def test_every_row_gets_a_value_even_when_polars_simplifies_to_a_constant():
    rows = [{"n": None, "f": None}, {"n": 1, "f": 2.0}, {"n": 3, "f": 4.0}]
    assert polars_values("today() == date(0.5, n, f)", rows) == [False, False, False]
    assert polars_values("if(false, between(2025, 1, n), true)", rows) == [True, True, True]
    assert polars_values('"x"', rows) == ["x", "x", "x"]


def test_the_table_path_works_with_select_as_well():

    from .support import frame

    out = frame([{"n": 1}, {"n": 2}]).select(compile_polars(parse("1 + 1"), ENV, CTX).alias("r"))
    assert out["r"].to_list() == [2, 2]


@pytest.mark.parametrize(
    "expr, rows, expected",
    [
        ("if(true, n, m)", [{"n": 1, "m": 2}], [1]),
        ("false and b", [{"b": True}], [False]),
        ("null or b", [{"b": True}], [True]),
        ("coalesce(null, n, 3)", [{"n": None}], [3]),
        ("lookup({1: n, 2: m}, 2)", [{"n": 1, "m": 2}], [2]),
        ("lookup({1: n, 2: m}, 3)", [{"n": 1, "m": 2}], [None]),
    ],
)
def test_literal_decisions_are_made_when_compiling(expr, rows, expected):
    assert row_values(expr, rows) == expected == polars_values(expr, rows)


def test_names_used_still_sees_names_a_literal_rules_out():
    assert names_used(parse("if(true, n, m)"), ENV) == {"n", "m"}


def test_tables_are_indexed_once():
    table = Table(name="codes", columns=["k", "v"], rows=[{"k": i, "v": str(i)} for i in range(1000)])
    env = Environment(variables={"x": VarType.NUMBER}, tables={"codes": table})
    fn = compile_row(parse("lookup(codes, k = x).v"), env)
    assert [fn({"x": i}) for i in (0, 999, 1000)] == ["0", "999", None]
    assert compile_row(parse("lookup(codes, k = x).v"), env)({"x": 5}) == "5"


def test_variable_types_may_be_given_by_name():
    env = Environment(variables={"x": "number", "s": "TEXT"})
    assert env.variables == {"x": VarType.NUMBER, "s": VarType.TEXT}
    with pytest.raises(ValueError):
        Environment(variables={"x": "numeric"})


def test_a_macro_body_may_be_given_as_text():
    env = Environment(variables={"x": VarType.NUMBER}, macros={"big?": Macro((), "x > 10")})
    assert compile_row(parse("big?"), env)({"x": 11}) is True


def test_dividing_by_a_number_is_the_correctly_rounded_quotient_in_both_ways():
    # polars divides a column by a single value with its reciprocal: 219.42 * (1 / 52)
    # is 4.219615384615385, but 219.42 / 52 is 4.219615384615384
    rows = [{"f": 219.42}] * 3 + [{"f": x / 7} for x in range(1, 200)]
    for expr in ("f / 52", "round(f / 52 * 13, 2)", "f / 3", "f / 0.1"):
        assert row_values(expr, rows) == polars_values(expr, rows), expr
    assert row_values("round(f / 52 * 13, 2)", rows[:1]) == [54.85]
