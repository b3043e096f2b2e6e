"""Regular expressions that mean the same in Python's `re` (one log) and Rust's `regex`
(polars, a table of logs).

A pattern is accepted only if both engines compile it and it uses nothing whose meaning
differs between them. Rejected: look-around and back-references (Rust has none), flags
other than `i`, nested or set-operation character classes (`[[:alpha:]]`, `[a&&b]`),
and anything either engine refuses (`\\Z`, `\\z`, `\\p{L}`, possessive quantifiers...).
`$` means the very end of the text in both (Python's pattern gets `\\Z` for it).
"""

from __future__ import annotations

import re
from functools import lru_cache

from .errors import CompileError

_LOOKAROUND = ("(?=", "(?!", "(?<=", "(?<!")


@lru_cache(maxsize=512)
def translate(pattern: str) -> tuple[re.Pattern[str], str]:
    """(compiled Python pattern, pattern for polars) or CompileError."""
    python = _python_form(pattern)
    try:
        compiled = re.compile(python)
    except (re.error, OverflowError, RecursionError) as exc:
        raise CompileError(f"bad regular expression {pattern!r}: {exc}") from None
    _check_rust(pattern)
    return compiled, pattern


def _python_form(pattern: str) -> str:
    out: list[str] = []
    i, n = 0, len(pattern)
    in_class = False
    class_start = False
    while i < n:
        ch = pattern[i]
        if ch == "\\":
            if i + 1 >= n:
                raise CompileError(f"bad regular expression {pattern!r}: ends with a backslash")
            nxt = pattern[i + 1]
            if nxt.isdigit() and nxt != "0":
                raise CompileError(f"regular expression {pattern!r}: back-references are not supported")
            if nxt in "gkZzG":
                raise CompileError(f"regular expression {pattern!r}: \\{nxt} is not supported")
            out.append(pattern[i : i + 2])
            i += 2
            continue
        if in_class:
            if ch == "[" or pattern.startswith(("&&", "--", "~~", "||"), i):
                raise CompileError(
                    f"regular expression {pattern!r}: nested classes and class operations are not supported"
                )
            if ch == "]" and not class_start:
                in_class = False
            class_start = False
            out.append(ch)
            i += 1
            continue
        if ch == "[":
            in_class = True
            out.append(ch)
            i += 1
            if i < n and pattern[i] == "^":
                out.append("^")
                i += 1
            class_start = True  # a ']' straight after '[' or '[^' is a literal
            continue
        if ch == "(" and pattern.startswith("(?", i):
            rest = pattern[i:]
            if rest.startswith(_LOOKAROUND):
                raise CompileError(f"regular expression {pattern!r}: look-ahead and look-behind are not supported")
            if rest.startswith("(?P<"):
                out.append("(?P<")
                i += 4
                continue
            m = re.match(r"\(\?([A-Za-z-]*)([:)])", rest)
            if not m or set(m.group(1)) - {"i", "-"}:
                raise CompileError(
                    f"regular expression {pattern!r}: only the flag (?i) and groups (...), (?:...), "
                    "(?P<name>...) are supported"
                )
            out.append(m.group(0))
            i += len(m.group(0))
            continue
        if ch == "$":
            out.append(r"\Z")
            i += 1
            continue
        if ch in "*+?}" and i + 1 < n and pattern[i + 1] == "+":
            raise CompileError(f"regular expression {pattern!r}: possessive quantifiers are not supported")
        out.append(ch)
        i += 1
    return "".join(out)


def _check_rust(pattern: str) -> None:
    import polars as pl

    try:
        pl.select(pl.lit("", dtype=pl.String).str.contains(pattern))
    except Exception as exc:  # polars reports its regex errors with several exception types
        first = str(exc).strip().splitlines()
        detail = " ".join(line.strip() for line in first[:6] if line.strip())
        raise CompileError(f"bad regular expression {pattern!r} for tables: {detail}") from None


def word_pattern(phrases: tuple[str, ...]) -> tuple[re.Pattern[str] | None, str | None]:
    """`matches_any_word`: some phrase, case-insensitive, ending at a word boundary."""
    if not phrases:
        return None, None
    import polars as pl

    python = "(?i)(?:" + "|".join(re.escape(p) for p in phrases) + r")\b"
    rust = "(?i)(?:" + "|".join(pl.escape_regex(p) for p in phrases) + r")\b"
    try:
        compiled = re.compile(python)
    except re.error as exc:  # pragma: no cover - escaped phrases always compile
        raise CompileError(f"bad phrase list: {exc}") from None
    return compiled, rust
