"""What each operator and helper means, null cases included. Every case runs both ways:
for one log (compile_row) and for a table of logs (compile_polars), with the same answer."""

from __future__ import annotations

import datetime as dt

import pytest

from .support import polars_values, row_values, same

D = dt.date

# (behaviour, expression, values, expected)
CASES = [
    # ---- equality: null is a value
    ("equal numbers are equal", "n == 2", {"n": 2}, True),
    ("an int equals the same float", "n == 2.0", {"n": 2}, True),
    ("a float column equals an int", "f == 2", {"f": 2.0}, True),
    ("null equals null", "n == null", {}, True),
    ("two missing answers are equal", "n == m", {}, True),
    ("null does not equal a number", "n == 1", {}, False),
    ("null differs from a number", "n != 1", {}, True),
    ("null does not differ from null", "n != null", {}, False),
    ("text equality is exact", 't == "F"', {"t": "f"}, False),
    ("text equals itself", 't == "F"', {"t": "F"}, True),
    ("empty text is not null", "t == null", {"t": ""}, False),
    ("dates compare by day", "d == date(2024, 1, 31)", {"d": D(2024, 1, 31)}, True),
    ("true equals true", "b == true", {"b": True}, True),
    ("null is not false", "b == false", {}, False),
    # ---- ordering: false when either side is null
    ("less than on numbers", "n < 3", {"n": 2}, True),
    ("less than or equal includes equal", "n <= 2", {"n": 2}, True),
    ("greater than on floats", "f > 2.5", {"f": 2.5}, False),
    ("greater or equal on mixed int and float", "n >= f", {"n": 3, "f": 2.5}, True),
    ("ordering with a null left side is false", "n < 3", {}, False),
    ("ordering with a null right side is false", "3 > n", {}, False),
    ("ordering with literal null is false", "n >= null", {"n": 1}, False),
    ("the negation of a null comparison is true", "not (n < 3)", {}, True),
    ("text orders by character", 't < "b"', {"t": "a"}, True),
    ("upper case orders before lower case", 't < "a"', {"t": "Z"}, True),
    ("dates order in time", "d > e", {"d": D(2024, 1, 2), "e": D(2024, 1, 1)}, True),
    ("a null date never orders", "d > e", {"e": D(2024, 1, 1)}, False),
    # ---- arithmetic: null in, null out; division by zero is null
    ("adding numbers", "n + m", {"n": 2, "m": 3}, 5),
    ("adding null gives null", "n + 1", {}, None),
    ("subtracting", "n - f", {"n": 2, "f": 0.5}, 1.5),
    ("multiplying with null gives null", "n * m", {"n": 2}, None),
    ("dividing ints gives a fraction", "n / m", {"n": 7, "m": 2}, 3.5),
    ("dividing exactly gives a whole number", "n / m", {"n": 4, "m": 2}, 2),
    ("division by zero is null", "n / m", {"n": 5, "m": 0}, None),
    ("division by a zero float is null", "f / g", {"f": 5.0, "g": 0.0}, None),
    ("division of null by zero is null", "n / 0", {}, None),
    ("negation", "-n", {"n": 3}, -3),
    ("negation of null is null", "-n", {}, None),
    ("float arithmetic is IEEE", "f + g", {"f": 0.1, "g": 0.2}, 0.1 + 0.2),
    ("multiplication binds tighter than addition", "n + m * 2", {"n": 1, "m": 3}, 7),
    ("brackets group", "(n + m) * 2", {"n": 1, "m": 3}, 8),
    ("subtraction is left associative", "n - m - 1", {"n": 10, "m": 3}, 6),
    # ---- dates
    ("adding days to a date", "d + days(3)", {"d": D(2024, 2, 28)}, D(2024, 3, 2)),
    ("days first then the date", "days(3) + d", {"d": D(2024, 2, 28)}, D(2024, 3, 2)),
    ("taking days from a date", "d - days(n)", {"d": D(2024, 3, 1), "n": 1}, D(2024, 2, 29)),
    ("a null number of days gives null", "d - days(n)", {"d": D(2024, 3, 1)}, None),
    ("days of a null date is null", "d + days(1)", {}, None),
    ("days truncate toward zero", "d + days(f)", {"d": D(2024, 1, 1), "f": 2.7}, D(2024, 1, 3)),
    ("negative fractional days truncate toward zero", "d - days(f)", {"d": D(2024, 1, 10), "f": 2.7}, D(2024, 1, 8)),
    ("adding years keeps day and month", "d + years(2)", {"d": D(2023, 7, 15)}, D(2025, 7, 15)),
    ("29 February plus a year is 28 February", "d + years(1)", {"d": D(2024, 2, 29)}, D(2025, 2, 28)),
    ("29 February minus four years stays 29 February", "d - years(4)", {"d": D(2024, 2, 29)}, D(2020, 2, 29)),
    ("years of null is null", "d + years(n)", {"d": D(2024, 2, 29)}, None),
    ("days between two dates", "days_between(d, e)", {"d": D(2024, 2, 1), "e": D(2024, 3, 1)}, 29),
    ("days between is negative backwards", "days_between(e, d)", {"d": D(2024, 2, 1), "e": D(2024, 3, 1)}, -29),
    ("days between with null is null", "days_between(d, e)", {"d": D(2024, 2, 1)}, None),
    ("date builds a date", "date(n, m, 29)", {"n": 2024, "m": 2}, D(2024, 2, 29)),
    ("date of an impossible day is null", "date(n, m, 29)", {"n": 2023, "m": 2}, None),
    ("date of month 13 is null", "date(2024, n, 1)", {"n": 13}, None),
    ("date of year 0 is null", "date(n, 1, 1)", {"n": 0}, None),
    ("date of year 10000 is null", "date(n, 1, 1)", {"n": 10000}, None),
    ("date with null is null", "date(n, 1, 1)", {}, None),
    ("date truncates fractions", "date(2024, f, 1)", {"f": 2.9}, D(2024, 2, 1)),
    ("year month and day", "year(d) * 10000 + month(d) * 100 + day(d)", {"d": D(2024, 7, 9)}, 20240709),
    ("year of null is null", "year(d)", {}, None),
    ("today comes from the context", "today()", {}, D(2025, 3, 1)),
    ("today in arithmetic", "days_between(d, today())", {"d": D(2025, 2, 1)}, 28),
    ("a date constant", "d < start", {"d": D(2024, 3, 31)}, True),
    # ---- logic: null counts as false
    ("and with null is false", "b and true", {}, False),
    ("or with null and true is true", "b or true", {}, True),
    ("or with null and false is false", "b or false", {}, False),
    ("not null is true", "not b", {}, True),
    ("not true is false", "not b", {"b": True}, False),
    ("and chains", "n > 1 and m > 1 and f > 1", {"n": 2, "m": 2, "f": 2.0}, True),
    ("or chains", "n > 1 or m > 1 or f > 1", {"f": 2.0}, True),
    ("and binds tighter than or", "b or c and false", {"b": True}, True),
    ("not binds tighter than and", "not b and c", {"c": True}, True),
    ("not applies to a whole comparison", "not n == 1", {"n": 1}, False),
    # ---- membership
    ("in a list", "n in [1, 2]", {"n": 2}, True),
    ("not in a list", "n in [1, 2]", {"n": 3}, False),
    ("null in a list is false", "n in [1, 2]", {}, False),
    ("null not in a list is true", "n not in [1, 2]", {}, True),
    ("null is not found even next to a null item", "n in [null, 1]", {}, False),
    ("a float found among ints", "f in [1, 2]", {"f": 2.0}, True),
    ("in an inclusive range, upper end", "n in 1..8", {"n": 8}, True),
    ("outside a range", "n in 1..8", {"n": 9}, False),
    ("null is not in a range", "n in 1..8", {}, False),
    ("null not in a range is true", "n not in 1..8", {}, True),
    ("a range with computed ends", "n in m..m + 2", {"n": 4, "m": 2}, True),
    ("a range with a null end holds nothing", "n in m..5", {"n": 4}, False),
    ("a range is an interval, not only whole numbers", "f in 1..3", {"f": 2.5}, True),
    ("ranges inside a list", "n in [1..3, 7]", {"n": 7}, True),
    ("ranges inside a list are intervals too", "f in [1..3, 7]", {"f": 1.5}, True),
    ("items may be expressions", "n in [m, 3]", {"n": 2, "m": 2}, True),
    ("a null item never matches", "n in [m, 3]", {"n": 2}, False),
    ("text in a list constant", "t in london", {"t": "E09000002"}, True),
    ("text not in a list constant", "t not in london", {"t": "E09"}, True),
    ("a number in a long list", "n in codes", {"n": 10}, True),
    ("a float in a long list of ints", "f in codes", {"f": 3.0}, True),
    ("not in a long list", "n not in codes", {"n": 11}, True),
    ("null not in a long list", "n not in codes", {}, True),
    ("in an empty list is false", "n in []", {"n": 1}, False),
    ("not in an empty list is true", "n not in []", {"n": 1}, True),
    ("dates in a date range", "d in date(2024, 1, 1)..date(2024, 12, 31)", {"d": D(2024, 6, 1)}, True),
    ("text in a text range", 't in "a".."c"', {"t": "b"}, True),
    # ---- is_answered, is_blank
    ("a number is answered", "is_answered(n)", {"n": 0}, True),
    ("null is not answered", "is_answered(n)", {}, False),
    ("empty text is not answered", "is_answered(t)", {"t": ""}, False),
    ("a space is answered", "is_answered(t)", {"t": " "}, True),
    ("a date is answered", "is_answered(d)", {"d": D(2024, 1, 1)}, True),
    ("false is answered", "is_answered(b)", {"b": False}, True),
    ("is_blank of null", "is_blank(t)", {}, True),
    ("is_blank of empty text", "is_blank(t)", {"t": ""}, True),
    ("is_blank of text", "is_blank(t)", {"t": "x"}, False),
    ("is_answered of a computed null", "is_answered(n / 0)", {"n": 1}, False),
    # ---- if, coalesce, between, min, max
    ("if picks the first branch when true", "if(b, 1, 2)", {"b": True}, 1),
    ("if picks the second branch when false", "if(b, 1, 2)", {"b": False}, 2),
    ("if treats null as false", "if(b, 1, 2)", {}, 2),
    ("if mixes int and float branches", "if(b, n, f)", {"b": False, "n": 1, "f": 2.5}, 2.5),
    ("if with a null branch", "if(b, null, t)", {"b": True, "t": "x"}, None),
    ("if of text", 'if(n == 1, "one", "other")', {"n": 1}, "one"),
    ("coalesce takes the first non-null", "coalesce(n, m, 3)", {"m": 2}, 2),
    ("coalesce falls back", "coalesce(n, m, 3)", {}, 3),
    ("coalesce keeps empty text", 'coalesce(t, "x")', {"t": ""}, ""),
    ("coalesce of all null is null", "coalesce(n, m)", {}, None),
    ("between is inclusive", "between(n, 1, 5)", {"n": 5}, True),
    ("between outside", "between(n, 1, 5)", {"n": 6}, False),
    ("between with null value is false", "between(n, 1, 5)", {}, False),
    ("between with a null bound is false", "between(n, m, 5)", {"n": 3}, False),
    ("between dates", "between(d, e, today())", {"d": D(2025, 1, 1), "e": D(2024, 1, 1)}, True),
    ("min of numbers", "min(n, m, f)", {"n": 3, "m": 2, "f": 2.5}, 2),
    ("min ignores nulls", "min(n, m)", {"m": 4}, 4),
    ("min of all null is null", "min(n, m)", {}, None),
    ("max of dates", "max(d, e)", {"d": D(2024, 1, 1), "e": D(2023, 1, 1)}, D(2024, 1, 1)),
    ("max ignores nulls", "max(n, m, 1)", {"n": -5}, 1),
    ("max of text", "max(t, u)", {"t": "apple", "u": "banana"}, "banana"),
    # ---- number helpers
    ("abs", "abs(n)", {"n": -3}, 3),
    ("abs of null", "abs(n)", {}, None),
    ("floor of a negative fraction", "floor(f)", {"f": -2.5}, -3),
    ("floor of an int", "floor(n)", {"n": 7}, 7),
    ("int truncates toward zero", "int(f)", {"f": -2.7}, -2),
    ("int of a positive fraction", "int(f)", {"f": 2.7}, 2),
    ("round half away from zero", "round(f)", {"f": 2.5}, 3),
    ("round negative half away from zero", "round(f)", {"f": -2.5}, -3),
    ("round to two places", "round(f, 2)", {"f": 1.234}, 1.23),
    ("round an exact half to two places", "round(f, 2)", {"f": 0.125}, 0.13),
    ("round where the float is just below the half", "round(f, 2)", {"f": 1.005}, 1.0),
    ("round of an int", "round(n, 2)", {"n": 7}, 7),
    ("round of null", "round(f, 1)", {}, None),
    ("mod of ints", "mod(n, m)", {"n": 7, "m": 3}, 1),
    ("mod takes the sign of the divisor", "mod(n, m)", {"n": -7, "m": 2}, 1),
    ("mod with a negative divisor", "mod(n, m)", {"n": 7, "m": -2}, -1),
    ("mod of floats", "mod(f, g)", {"f": 7.5, "g": 2.0}, 1.5),
    ("mod by zero is null", "mod(n, m)", {"n": 7, "m": 0}, None),
    ("mod of null", "mod(n, 2)", {}, None),
    # ---- text helpers
    ("upper", "upper(t)", {"t": "ab c"}, "AB C"),
    ("lower", "lower(t)", {"t": "AB"}, "ab"),
    ("upper of sharp s", "upper(t)", {"t": "straße"}, "STRASSE"),
    ("upper of null", "upper(t)", {}, None),
    ("length counts characters", "length(t)", {"t": "é a"}, 3),
    ("length of empty text", "length(t)", {"t": ""}, 0),
    ("length of null", "length(t)", {}, None),
    ("remove_spaces removes all white space", "remove_spaces(t)", {"t": " SW1A\t1AA \n"}, "SW1A1AA"),
    ("number of text", "number(t)", {"t": "12"}, 12),
    ("number strips white space", "number(t)", {"t": " 12.50 "}, 12.5),
    ("number of a negative", "number(t)", {"t": "-3"}, -3),
    ("number of a leading point", "number(t)", {"t": ".5"}, 0.5),
    ("number of a trailing point", "number(t)", {"t": "12."}, 12),
    ("number of words is null", "number(t)", {"t": "twelve"}, None),
    ("number of empty text is null", "number(t)", {"t": ""}, None),
    ("number refuses exponents", "number(t)", {"t": "1e3"}, None),
    ("number refuses inf", "number(t)", {"t": "inf"}, None),
    ("number refuses thousands separators", "number(t)", {"t": "1,000"}, None),
    ("number refuses inner spaces", "number(t)", {"t": "1 000"}, None),
    ("number of a number passes through", "number(f)", {"f": 2.5}, 2.5),
    ("number of null", "number(t)", {}, None),
    ("text of an int", "text(n)", {"n": 12}, "12"),
    ("text of a whole float has no point", "text(f)", {"f": 12.0}, "12"),
    ("text of a fraction", "text(f)", {"f": 12.5}, "12.5"),
    ("text of a tiny number", "text(f)", {"f": 1e-07}, "1e-7"),
    ("text of a small number", "text(f)", {"f": 2.5e-05}, "0.000025"),
    ("text of a large number", "text(f)", {"f": 1.5e20}, "1.5e+20"),
    ("text of a date is ISO", "text(d)", {"d": D(2024, 3, 9)}, "2024-03-09"),
    ("text of true", "text(b)", {"b": True}, "true"),
    ("text of text", "text(t)", {"t": "x"}, "x"),
    ("text of null", "text(n)", {}, None),
    # ---- regular expressions
    ("matches searches anywhere", 'matches(t, "b+")', {"t": "abbc"}, True),
    ("matches anchors", 'matches(t, "^[A-Z]{2}[0-9]$")', {"t": "AB1"}, True),
    ("dollar is the very end, not before a newline", 'matches(t, "1$")', {"t": "AB1\n"}, False),
    ("matches case-insensitively with (?i)", 'matches(t, "(?i)^ab")', {"t": "aB"}, True),
    ("matches of null is false", 'matches(t, "a")', {}, False),
    ("whole phrase ignores case and edges", "matches_whole_phrase(t, phrases)", {"t": "  homeless!! "}, True),
    ("whole phrase needs the whole text", "matches_whole_phrase(t, phrases)", {"t": "homeless family"}, False),
    ("whole phrase with inner words", "matches_whole_phrase(t, phrases)", {"t": "(temporary ACCOMMODATION)"}, True),
    ("whole phrase trims digits too", "matches_whole_phrase(t, phrases)", {"t": "1. TA"}, True),
    ("whole phrase of null is false", "matches_whole_phrase(t, phrases)", {}, False),
    ("whole phrase with a literal list", 'matches_whole_phrase(t, ["a b"])', {"t": "A B."}, True),
    ("any word finds a phrase ending at a word boundary", "matches_any_word(t, words)", {"t": "we were DECANTED"}, False),
    ("any word finds a whole word", "matches_any_word(t, words)", {"t": "we were decant."}, True),
    ("any word only needs the end at a boundary", "matches_any_word(t, words)", {"t": "Canada"}, True),
    ("any word does not match inside a word", "matches_any_word(t, words)", {"t": "Dad"}, False),
    ("any word with spaces in the phrase", "matches_any_word(t, words)", {"t": "X Y"}, True),
    ("any word of null is false", "matches_any_word(t, words)", {}, False),
    ("any word of an empty list is false", "matches_any_word(t, [])", {"t": "x"}, False),
    # ---- lookups
    ("lookup reads a column of the matching row", "lookup(rent, la = t, beds = n).soft_min", {"t": "a", "n": 2}, 90.0),
    ("lookup with no matching row is null", "lookup(rent, la = t, beds = n).soft_min", {"t": "a", "n": 9}, None),
    ("lookup with a null key is null", "lookup(rent, la = t, beds = n).soft_min", {"n": 4}, None),
    ("lookup takes the first matching row", "lookup(rent, la = t, beds = n).label", {"t": "a", "n": 1}, "one"),
    ("lookup matches a float key to an int column", "lookup(rent, la = t, beds = f).label", {"t": "a", "f": 2.0}, "two"),
    ("lookup does not match a fractional key", "lookup(rent, la = t, beds = f).label", {"t": "a", "f": 2.5}, None),
    ("lookup reads a null cell", "lookup(rent, la = t, beds = n).label", {"t": "B", "n": 1}, None),
    ("lookup reads a date column", "lookup(rent, la = t, beds = n).since", {"t": "a", "n": 2}, D(2021, 6, 30)),
    ("lookup reads a true/false column", "lookup(rent, la = t, beds = n).active", {"t": "a", "n": 1}, True),
    ("text that looks like a number is text", 'lookup(rent, la = t, beds = 3).label', {"t": "12.5"}, "text key"),
    ("lookup keys in any order", "lookup(rent, beds = n, la = t).soft_min", {"t": "B", "n": 1}, 70.25),
    ("lookup by a true/false key", "lookup(flags, on = b).code", {"b": False}, 0),
    ("lookup in an empty table is null", "lookup(empty, k = n).v", {"n": 1}, None),
    ("is_answered of a lookup is true when a row matches", "is_answered(lookup(rent, la = t, beds = n))", {"t": "a", "n": 1}, True),
    ("is_answered of a lookup without a match", "is_answered(lookup(rent, la = t, beds = n))", {"t": "zz", "n": 1}, False),
    ("is_blank of a lookup without a match", "is_blank(lookup(rent, la = t, beds = n))", {"n": 1}, True),
    ("a lookup bound by where", "r.soft_min > 80 and r.label == \"one\" where r = lookup(rent, la = t, beds = n)", {"t": "a", "n": 1}, True),
    ("a map literal", "lookup({2: 1, 0: 0}, n)", {"n": 2}, 1),
    ("a map literal without the key", "lookup({2: 1, 0: 0}, n)", {"n": 1}, None),
    ("a map literal with a null key", "lookup({2: 1, 0: 0}, n)", {}, None),
    ("a map literal with an int-valued float key", "lookup({2: 1, 0: 0}, f)", {"f": 2.0}, 1),
    ("a map literal with expression values", "lookup({1: t, 2: u}, n)", {"n": 2, "t": "x", "u": "y"}, "y"),
    ("a map literal with text keys", 'lookup({"a": 1, "B": 2}, t)', {"t": "B"}, 2),
    ("a map literal with negative keys", "lookup({-9: \"refused\", 1: \"yes\"}, n)", {"n": -9}, "refused"),
    ("a map constant", "lookup(periods, n)", {"n": 3}, 13.5),
    ("a map constant with a null value", "lookup(periods, n)", {"n": 4}, None),
    ("a map constant with text keys", "lookup(letters, t)", {"t": "a"}, 1),
    ("a map keyed by true/false", "lookup(flagged, b)", {"b": True}, "yes"),
    ("a number key never matches text keys", "lookup(letters, t)", {"t": "1"}, None),
    # ---- names
    ("a zero-parameter macro", "supported?", {"n": 2}, True),
    ("a macro with parameters", "weekly(f, n)", {"f": 104.0, "n": 2}, 4.0),
    ("a macro parameter shadows a variable", "double(m)", {"n": 100, "m": 3}, 6),
    ("a macro body sees variables, not the caller's bindings", "uses_outer(1) where m = 100", {"m": 2}, 3),
    ("where binds a name", "k * k where k = n + 1", {"n": 2}, 9),
    ("where bindings see earlier ones", "k2 where k1 = n, k2 = k1 * 10", {"n": 2}, 20),
    ("a where binding shadows a variable", "n where n = 5", {"n": 1}, 5),
    ("a dotted variable", 'org.kind == "LA"', {"org.kind": "LA"}, True),
    ("a number constant", "n < max_age", {"n": 119}, True),
    # ---- quantifiers
    ("any over templated names", "any(N in 1..3: x{N} > 10)", {"x2": 11}, True),
    ("any with nothing true", "any(N in 1..3: x{N} > 10)", {}, False),
    ("all over templated names", "all(N in 1..3: x{N} > 10)", {"x1": 11, "x2": 12, "x3": 13}, True),
    ("all fails on a null", "all(N in 1..3: x{N} > 10)", {"x1": 11, "x2": 12}, False),
    ("count with the loop variable as a number", "count(N in 1..3: N <= n and x{N} < 16)", {"n": 2, "x1": 30, "x2": 10, "x3": 1}, 1),
    ("sum of templated names", "sum(N in 1..3: x{N})", {"x1": 1, "x2": 2, "x3": 3}, 6),
    ("sum with a null is null", "sum(N in 1..3: x{N})", {"x1": 1, "x2": 2}, None),
    ("sum with coalesce skips nulls", "sum(N in 1..3: coalesce(x{N}, 0))", {"x1": 1, "x3": 3}, 4),
    ("sum of the loop variable", "sum(N in 1..4: N)", {}, 10),
    ("templated macro names", "count(N in 1..3: person_{N}_adult?)", {"x1": 30, "x2": 18, "x3": 17}, 2),
    ("an empty any is false", "any(N in 3..1: x{N} > 0)", {}, False),
    ("an empty all is true", "all(N in 3..1: x{N} > 0)", {}, True),
    ("nested quantifiers", "count(I in 1..3: any(J in 1..3: x{I} == x{J} and I != J))", {"x1": 1, "x2": 1, "x3": 2}, 2),
]


@pytest.mark.parametrize("expr, values, expected", [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_one_log(expr, values, expected):
    (got,) = row_values(expr, [values])
    assert same(got, expected), f"{expr} with {values}: {got!r}, expected {expected!r}"


@pytest.mark.parametrize("expr, values, expected", [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_table_of_logs(expr, values, expected):
    (got,) = polars_values(expr, [values])
    assert same(got, expected), f"{expr} with {values}: {got!r}, expected {expected!r}"


def test_many_rows_at_once_match_row_by_row():
    rows = [values for _, _, values, _ in CASES]
    for _, expr, _, _ in CASES:
        assert all(map(same, row_values(expr, rows), polars_values(expr, rows))), expr


def test_a_bare_lookup_gives_the_row_for_one_log():
    (got,) = row_values("lookup(rent, la = t, beds = n)", [{"t": "a", "n": 2}])
    assert got == {"la": "a", "beds": 2, "soft_min": 90.0, "label": "two", "since": D(2021, 6, 30), "active": False}


def test_a_bare_lookup_without_a_match_is_null():
    assert row_values("lookup(rent, la = t, beds = n)", [{"t": "zz", "n": 2}]) == [None]


def test_a_constant_expression_fills_every_row():
    assert polars_values("1 + 2", [{}, {}, {}]) == [3, 3, 3]
    assert polars_values("null", [{}, {}]) == [None, None]


def test_a_list_constant_is_a_list_for_one_log():
    assert row_values("london", [{}]) == [["E09000001", "E09000002", "E09000003"]]
