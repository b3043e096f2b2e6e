"""Hypothesis strategies: expressions of a given type over the variables of support.ENV,
and values for them.

Generated expressions are well typed, so they always compile. Numbers keep track of how
large a whole number can get, so that whole-number arithmetic stays below 2**50: one log
computes with exact Python ints, a table of logs with 64-bit integers and floats, and the
two agree only while whole numbers are exactly representable (docs/expressions.md,
"Limits")."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from hypothesis import strategies as st

LIMIT = 2**50
INTS = st.integers(-50, 50)
FLOATS = st.one_of(
    st.sampled_from([0.0, -0.0, 0.5, -2.5, 2.5, 0.1, 1.005, 2.675, 12.0, 1e-07, 2.5e-05, 99.5]),
    st.floats(-1000, 1000, allow_nan=False, allow_infinity=False),
)
TEXT_SAMPLES = ["", "a", "B", " 12 ", "12.5", "-3", "x y", "homeless!!", "Dad", "decant", "E09000002", "straße", "ΑΣ"]
ALPHABET = "aAbBxXyY zZ019.-_!é\n\tßΣςσ"
TEXTS = st.one_of(st.sampled_from(TEXT_SAMPLES), st.text(alphabet=ALPHABET, max_size=8))
DATES = st.dates(dt.date(1950, 1, 1), dt.date(2050, 12, 31))
PATTERNS = ["a", "^[A-Z]", "(?i)b", "[0-9]+$", "^$", "x|y", "\\s", "\\bab", "^.{2}$", "(?i)^(dad|mum)\\b", "[^a-z]"]


WORD_PARTS = ["decant", "DA", "x y", "Dad", "Canada", "homeless", "TA", "temporary accommodation", " ", ".", "!", "-", "1"]
TRICKY_FLOATS = st.one_of(
    st.integers(-40, 40).map(lambda k: k / 2),
    st.integers(-4000, 4000).map(lambda k: k / 8),
    st.floats(-1000, 1000, allow_nan=False).map(lambda x: round(x, 3)),
    st.sampled_from([1e-07, 2.5e-05, 9.99e-06, 1.5e16, 1e20, 0.1 + 0.2, 2.675, 1.005, -0.0]),
    st.floats(-1e6, 1e6, allow_nan=False),
)
WORDY_TEXTS = st.one_of(st.lists(st.sampled_from(WORD_PARTS), max_size=4).map("".join), TEXTS)


def maybe(strategy):
    """Mostly a value, sometimes null."""
    return st.integers(0, 4).flatmap(lambda k: st.none() if k == 0 else strategy)


def row_strategy():
    return st.fixed_dictionaries(
        {
            "n": maybe(INTS), "m": maybe(INTS), "x1": maybe(INTS), "x2": maybe(INTS), "x3": maybe(INTS),
            "f": maybe(FLOATS), "g": maybe(FLOATS),
            "t": maybe(TEXTS), "u": maybe(TEXTS), "org.kind": maybe(TEXTS),
            "d": maybe(DATES), "e": maybe(DATES),
            "b": maybe(st.booleans()), "c": maybe(st.booleans()),
        }
    )


def focused_row_strategy():
    """Values that make the helpers' edge cases likely: halves, tiny and huge floats, words."""
    return st.fixed_dictionaries(
        {
            "n": maybe(INTS), "m": maybe(INTS), "x1": maybe(INTS), "x2": maybe(INTS), "x3": maybe(INTS),
            "f": maybe(TRICKY_FLOATS), "g": maybe(TRICKY_FLOATS),
            "t": maybe(WORDY_TEXTS), "u": maybe(TEXTS),
            "d": maybe(DATES), "e": maybe(DATES),
            "b": maybe(st.booleans()), "c": maybe(st.booleans()),
        }
    )


# Every operator and helper over variables only (nothing folds away to a constant).
FOCUSED = [
    *(f"{a} {op} {b}" for a, b in (("n", "m"), ("f", "g"), ("n", "f")) for op in "+-*/"),
    "f / 52", "f / 3", "n / 3", "f / 0.1", "f / 3.25", "52 / f", "f / 52 * 13", "f / 0", "n / 0.0",
    "f / -7", "(f + g) / 3",
    *(f"{a} {op} {b}" for a, b in (("n", "m"), ("f", "g"), ("n", "f")) for op in ("==", "!=", "<", "<=", ">", ">=")),
    "-n", "-f", "mod(n, m)", "mod(f, g)", "mod(n, f)", "mod(f, n)", "floor(f)", "int(f)", "abs(f)",
    "round(f)", "round(f, 1)", "round(f, 2)", "round(f, 3)", "round(n, 2)", "round(f / g, 2)",
    "min(n, f)", "max(n, m, f)", "min(f, g)", "coalesce(n, f)", "coalesce(f, g, n)",
    "between(n, m, f)", "between(f, n, m)", "n in [1, 2.5, m]", "f in [1, 2.5, m]", "n in codes",
    "f in codes", "n not in codes", "f in n..m", "f not in n..m", "n in [1..3, 7]", "f in [1..3, 7]",
    "text(n)", "text(f)", "text(f / g)", "text(f * g)", "text(n / m)", "number(text(f))", "number(t)",
    "lookup(periods, n)", "lookup(periods, f)", "lookup({1: g, 2: 2.5, -3: n}, f)",
    "lookup({1: g, 2: 2.5, -3: n}, n)", "lookup(rent, la = t, beds = n).soft_min",
    "lookup(rent, la = t, beds = f).label", "is_answered(lookup(rent, la = t, beds = n))",
    "is_answered(n)", "is_blank(f)", "is_answered(t)", "is_blank(t)",
    "upper(t)", "lower(t)", "length(t)", "remove_spaces(t)", "is_listed(n, t)", "is_listed(f, t)",
    "is_listed(t, u)", 'is_listed(n, "1,2,4")', "t == u", "t < u", "t >= u",
    "min(t, u)", "max(t, u)", "coalesce(t, u)", "t in london", 't in ["a", "B", ""]', 't in "a".."c"',
    "text(t)", "lookup(letters, t)", "lookup({\"a\": n, \"B\": f}, t)",
    'matches(t, "a")', 'matches(t, "^[A-Z]")', 'matches(t, "(?i)da$")', 'matches(t, "[0-9]+")',
    'matches(t, "\\\\bTA\\\\b")', 'matches(t, "^.{2,4}$")', 'matches(t, "(?i)^(dad|mum)\\\\b")',
    "matches_whole_phrase(t, phrases)", "matches_any_word(t, words)", "matches_any_word(t, phrases)",
    "d + days(n)", "d - days(f)", "days(m) + d", "d + years(n)", "d - years(m)", "days_between(d, e)",
    "year(d)", "month(d)", "day(d)", "text(d)", "date(n + 2000, m, n)", "date(2024, 2, n)", "d < e",
    "d == e", "max(d, e)", "min(d, e)", "between(d, e, today())", "coalesce(d, e)", "d in e..today()",
    "lookup(rent, la = t, beds = n).since", "b and c", "b or c", "not b", "if(b, n, f)",
    "if(c, t, u)", "if(b, d, e)", "b == c", "b != c", "lookup(flagged, b)",
    "lookup(rent, la = t, beds = n).active", "count(N in 1..3: x{N} > n)", "sum(N in 1..3: x{N})",
    "any(N in 1..3: person_{N}_adult?)", "all(N in 1..3: x{N} >= N)", "weekly(f, n)",
    "k * k where k = f - g", "org.kind == t",
]


@dataclass(frozen=True)
class Num:
    src: str
    bound: float  # the largest size a whole-number result can have; inf: never a whole number


def _int_leaf(draw, loop: bool) -> Num:
    options = ["var", "lit", "x"]
    if loop:
        options += ["N", "xN"]
    kind = draw(st.sampled_from(options))
    if kind == "var":
        return Num(draw(st.sampled_from(["n", "m"])), 50)
    if kind == "lit":
        return Num(str(draw(st.integers(0, 20))), 20)
    if kind == "x":
        return Num(draw(st.sampled_from(["x1", "x2", "x3"])), 50)
    if kind == "N":
        return Num("N", 3)
    return Num("x{N}", 50)


def number(draw, depth: int, loop: bool = False) -> Num:
    if depth <= 0 or draw(st.integers(0, 3)) == 0:
        if draw(st.booleans()):
            return _int_leaf(draw, loop)
        if draw(st.booleans()):
            return Num(draw(st.sampled_from(["f", "g"])), float("inf"))
        if draw(st.integers(0, 9)) == 0:
            return Num("null", 0)
        return Num(draw(st.sampled_from(["0.5", "0.1", "2.675", "1.005", "12.0", "3.25"])), float("inf"))
    d = depth - 1
    k = draw(st.integers(0, 24))
    if k <= 5:
        op = draw(st.sampled_from(["+", "-", "*", "/"]))
        a, b = number(draw, d, loop), number(draw, d, loop)
        if op == "/":
            return Num(f"({a.src} / {b.src})", float("inf"))
        if op == "*" and a.bound * b.bound > LIMIT:
            op = "+"
        bound = a.bound * b.bound if op == "*" else a.bound + b.bound
        return Num(f"({a.src} {op} {b.src})", bound)
    if k == 6:
        a = number(draw, d, loop)
        return Num(f"-{a.src}", a.bound)
    if k == 7:
        a, b = number(draw, d, loop), number(draw, d, loop)
        return Num(f"if({boolean(draw, d, loop)}, {a.src}, {b.src})", max(a.bound, b.bound))
    if k == 8:
        fn = draw(st.sampled_from(["coalesce", "min", "max"]))
        a, b = number(draw, d, loop), number(draw, d, loop)
        return Num(f"{fn}({a.src}, {b.src})", max(a.bound, b.bound))
    if k == 9:
        fn = draw(st.sampled_from(["abs", "floor", "int"]))
        a = number(draw, d, loop)
        return Num(f"{fn}({a.src})", a.bound)
    if k == 10:
        a = number(draw, d, loop)
        return Num(f"round({a.src}, {draw(st.integers(0, 3))})", a.bound)
    if k == 11:
        a, b = number(draw, d, loop), number(draw, d, loop)
        return Num(f"mod({a.src}, {b.src})", max(a.bound, b.bound))
    if k == 12:
        fn = draw(st.sampled_from(["year", "month", "day"]))
        return Num(f"{fn}({date(draw, d, loop)})", 10_000)
    if k == 13:
        return Num(f"days_between({date(draw, d, loop)}, {date(draw, d, loop)})", 4_000_000)
    if k == 14:
        return Num(f"number({text(draw, d, loop)})", 10**8)
    if k == 15:
        return Num(f"length({text(draw, d, loop)})", 1000)
    if k == 16:
        return Num(f"lookup(rent, la = {text(draw, d, loop)}, beds = {number(draw, d, loop).src}).soft_min", float("inf"))
    if k == 17:
        return Num(f"lookup(periods, {number(draw, d, loop).src})", 52)
    if k == 18:
        a, b = number(draw, d, loop), number(draw, d, loop)
        key = number(draw, d, loop)
        return Num(f"lookup({{1: {a.src}, 2: {b.src}, -3: 7}}, {key.src})", max(a.bound, b.bound, 7))
    if k == 19:
        return Num(f"count(N in 1..3: {boolean(draw, d, True)})", 3)
    if k == 20:
        body = number(draw, d, True)
        return Num(f"sum(N in 1..3: {body.src})", body.bound * 3)
    if k == 21:
        a, b = number(draw, d, loop), number(draw, d, loop)
        return Num(f"weekly({a.src}, {b.src})", float("inf"))
    if k == 22:
        a = number(draw, d, loop)
        if a.bound * a.bound > LIMIT:
            return Num(f"(w + w where w = {a.src})", 2 * a.bound)
        return Num(f"(w * w where w = {a.src})", a.bound * a.bound)
    if k == 23:
        return Num(f"lookup(letters, {text(draw, d, loop)})", 2)
    return _int_leaf(draw, loop)


def text(draw, depth: int, loop: bool = False) -> str:
    if depth <= 0 or draw(st.integers(0, 3)) == 0:
        k = draw(st.integers(0, 4))
        if k <= 1:
            return draw(st.sampled_from(["t", "u", "org.kind"]))
        if k == 2 and draw(st.integers(0, 5)) == 0:
            return "null"
        value = draw(st.sampled_from(TEXT_SAMPLES))
        return '"' + value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'
    d = depth - 1
    k = draw(st.integers(0, 9))
    if k <= 2:
        fn = draw(st.sampled_from(["upper", "lower", "remove_spaces"]))
        return f"{fn}({text(draw, d, loop)})"
    if k == 3:
        return f"text({number(draw, d, loop).src})"
    if k == 4:
        return f"text({date(draw, d, loop)})"
    if k == 5:
        return f"text({boolean(draw, d, loop)})"
    if k == 6:
        return f"if({boolean(draw, d, loop)}, {text(draw, d, loop)}, {text(draw, d, loop)})"
    if k == 7:
        fn = draw(st.sampled_from(["coalesce", "min", "max"]))
        return f"{fn}({text(draw, d, loop)}, {text(draw, d, loop)})"
    if k == 8:
        return f"lookup(rent, la = {text(draw, d, loop)}, beds = {number(draw, d, loop).src}).label"
    return f"lookup({{1: {text(draw, d, loop)}, 2: \"two\"}}, {number(draw, d, loop).src})"


def _small(draw, loop: bool, limit: float) -> str:
    """A number of days or years small enough to keep dates within years 1 to 9999."""
    a = number(draw, 1, loop)
    return a.src if a.bound <= limit else draw(st.sampled_from(["n", "m", "1", "12"]))


def date(draw, depth: int, loop: bool = False) -> str:
    if depth <= 0 or draw(st.integers(0, 3)) == 0:
        k = draw(st.integers(0, 5))
        if k <= 2:
            return draw(st.sampled_from(["d", "e"]))
        if k == 3:
            return "today()"
        if k == 4:
            return "start"
        return f"date({draw(st.integers(1990, 2030))}, {draw(st.integers(0, 13))}, {draw(st.integers(0, 32))})"
    d = depth - 1
    k = draw(st.integers(0, 6))
    if k <= 1:
        sign = draw(st.sampled_from(["+", "-"]))
        return f"({date(draw, d, loop)} {sign} days({_small(draw, loop, 5000)}))"
    if k == 2:
        sign = draw(st.sampled_from(["+", "-"]))
        return f"({date(draw, d, loop)} {sign} years({_small(draw, loop, 60)}))"
    if k == 3:
        return f"date({number(draw, d, loop).src}, {number(draw, d, loop).src}, {number(draw, d, loop).src})"
    if k == 4:
        return f"if({boolean(draw, d, loop)}, {date(draw, d, loop)}, {date(draw, d, loop)})"
    if k == 5:
        fn = draw(st.sampled_from(["coalesce", "min", "max"]))
        return f"{fn}({date(draw, d, loop)}, {date(draw, d, loop)})"
    return f"lookup(rent, la = {text(draw, d, loop)}, beds = {number(draw, d, loop).src}).since"


def boolean(draw, depth: int, loop: bool = False) -> str:
    if depth <= 0 or draw(st.integers(0, 4)) == 0:
        options = ["b", "c", "true", "false", "null", "supported?"]
        if loop:
            options += ["person_{N}_adult?"]
        return draw(st.sampled_from(options))
    d = depth - 1
    k = draw(st.integers(0, 15))
    if k <= 3:
        op = draw(st.sampled_from(["==", "!=", "<", "<=", ">", ">="]))
        kind = draw(st.sampled_from(["number", "text", "date", "bool"]))
        if kind == "bool":
            op = draw(st.sampled_from(["==", "!="]))
            return f"({boolean(draw, d, loop)} {op} {boolean(draw, d, loop)})"
        gen = {"number": lambda: number(draw, d, loop).src, "text": lambda: text(draw, d, loop),
               "date": lambda: date(draw, d, loop)}[kind]
        return f"({gen()} {op} {gen()})"
    if k == 4:
        op = draw(st.sampled_from(["and", "or"]))
        return f"({boolean(draw, d, loop)} {op} {boolean(draw, d, loop)})"
    if k == 5:
        return f"(not {boolean(draw, d, loop)})"
    if k == 6:
        neg = draw(st.sampled_from(["in", "not in"]))
        x = number(draw, d, loop).src
        coll = draw(st.sampled_from(["[1, 2, 7]", "[1..3, 7]", "codes", "[]", "[null, 0]"]))
        if draw(st.booleans()):
            coll = f"[{number(draw, d, loop).src}, 5]"
        if draw(st.booleans()):
            coll = f"{number(draw, d, loop).src}..{number(draw, d, loop).src}"
        return f"({x} {neg} {coll})"
    if k == 7:
        neg = draw(st.sampled_from(["in", "not in"]))
        coll = draw(st.sampled_from(['london', '["a", "B", ""]', '"a".."c"']))
        return f"({text(draw, d, loop)} {neg} {coll})"
    if k == 8:
        gen = draw(st.sampled_from([lambda: number(draw, d, loop).src, lambda: date(draw, d, loop)]))
        return f"between({gen()}, {gen()}, {gen()})"
    if k == 9:
        fn = draw(st.sampled_from(["is_answered", "is_blank"]))
        gen = draw(st.sampled_from([
            lambda: number(draw, d, loop).src, lambda: text(draw, d, loop), lambda: date(draw, d, loop),
            lambda: boolean(draw, d, loop),
            lambda: f"lookup(rent, la = {text(draw, d, loop)}, beds = {number(draw, d, loop).src})",
        ]))
        return f"{fn}({gen()})"
    if k == 10:
        pattern = draw(st.sampled_from(PATTERNS)).replace("\\", "\\\\")
        return f'matches({text(draw, d, loop)}, "{pattern}")'
    if k == 11:
        fn = draw(st.sampled_from(["matches_whole_phrase", "matches_any_word"]))
        phrases = draw(st.sampled_from(["phrases", "words", '["dad", "x y"]', "[]"]))
        return f"{fn}({text(draw, d, loop)}, {phrases})"
    if k == 12:
        fn = draw(st.sampled_from(["any", "all"]))
        return f"{fn}(N in 1..3: {boolean(draw, d, True)})"
    if k == 13:
        return f"lookup(rent, la = {text(draw, d, loop)}, beds = {number(draw, d, loop).src}).active"
    if k == 14:
        return f"if({boolean(draw, d, loop)}, {boolean(draw, d, loop)}, {boolean(draw, d, loop)})"
    return f"(lookup(flagged, {boolean(draw, d, loop)}) == \"yes\")"


GENERATORS = {
    "number": lambda draw, depth: number(draw, depth).src,
    "text": text,
    "date": date,
    "bool": boolean,
}


@st.composite
def expressions(draw, max_depth: int = 3) -> str:
    kind = draw(st.sampled_from(sorted(GENERATORS)))
    return GENERATORS[kind](draw, draw(st.integers(0, max_depth)))
