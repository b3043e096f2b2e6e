"""What each cell of a provider's spreadsheet means: the text the engine reads for an answer.

Codes or labels become codes, yes and no words become the yes or no option, dates become ISO
dates, amounts lose their pound signs and commas. Each distinct value of a column is worked out
once and applied to the whole column by polars, so a large file takes about a second.
A value that is not recognised is never guessed: it is listed in `unknown`, once with its
number of rows, for the user to confirm (with a suggestion when one option is close).
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any

import polars as pl
from rapidfuzz import fuzz, process

from caselog.definitions.model import Option, Question
from caselog.engine.answers import FALSE_WORDS, TRUE_WORDS
from caselog.engine.compiled import CompiledDefinition

REFUSED_WORDS = ("R", "REFUSED")  # the "prefers not to say" option, where a question has one
REFUSED_LABEL = re.compile(r"prefers? not to say|refused")
SEPARATORS = (";#", ";", "|", ",")  # between the options listed in one cell (";#" is SharePoint's)
SUGGEST_FROM = 80  # a fuzzy score (0-100) from which an option is offered as a suggestion
TICKED, NOT_TICKED = "1", "0"

_QUOTES = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"', "–": "-", "—": "-", "…": " "})
_NOT = re.compile(r"(?<=\w)n't\b")
_POSSESSIVE = re.compile(r"(?<=\w)'s\b")
_PUNCTUATION = re.compile(r"[\W_]+")
_PARENTHESES = re.compile(r"\s*\([^)]*\)")
_ACRONYM = re.compile(r"\(([A-Z]{2,6})\)")
_WHOLE_NUMBER = re.compile(r"^-?\d+\.0+$")
ARTICLES = frozenset({"the", "a", "an"})


@functools.lru_cache(maxsize=100_000)
def normalise(text: str) -> str:
    """Text as people mean it: no case, curly quotes, punctuation or articles, so "Don’t
    know", "Do not know" and "do not know." are one value."""
    t = text.translate(_QUOTES).lower().replace("can't", "can not").replace("won't", "will not")
    words = _PUNCTUATION.sub(" ", _POSSESSIVE.sub("", _NOT.sub(" not", t))).split()
    kept = [w for w in words if w not in ARTICLES]
    return " ".join(kept or words)


# Words that say little about which question or option a text is, left out of fuzzy comparison.
# Nor do the instructions of a form's headings ("If you responded 'Other' to Q6, please state").
STOP_WORDS = frozenset("what is was were are be been this that these of for to in on at by with from do does did "
                       "has have how which who when where any you your if their there it as or and s "
                       "please enter state give select tick responded answered applicable".split())
_QUESTION_NUMBER = re.compile(r"^q\d+[a-z]?$")


SUBSET = 0.85  # one text's words all in the other: like, but the words left over may matter ("void")


def content_words(key: str) -> str:
    """A normalised text's words that carry meaning, plurals made singular ("allocations
    systems" is "allocation system")."""
    words = [w[:-1] if len(w) > 3 and w.endswith("s") and not w.endswith("ss") else w
             for w in key.split() if w not in STOP_WORDS and not _QUESTION_NUMBER.match(w)]
    return " ".join(words or key.split())


def similarity(a: str, b: str) -> float:
    """0..1 for two normalised texts: the whole wording, and the content words in any order
    (one text's words all in the other counts only when the two are of like length)."""
    ca, cb = content_words(a), content_words(b)
    subset = SUBSET * fuzz.token_set_ratio(ca, cb) if _like_length(ca, cb) else 0
    return max(fuzz.ratio(a, b), fuzz.token_sort_ratio(ca, cb), subset) / 100


def _like_length(a: str, b: str) -> bool:
    return min(len(a), len(b)) >= 0.6 * max(len(a), len(b))


# options: the names each code is known by -------------------------------------------------

@dataclass
class Vocabulary:
    """How one coded answer's values are read: normalised name -> code as text."""

    names: dict[str, str] = field(default_factory=dict)
    ambiguous: set[str] = field(default_factory=set)  # names of two options: never decided
    choices: list[tuple[str, str]] = field(default_factory=list)  # (code, label) to choose from
    _wordy: list[str] | None = None  # the names that are words, and their content words, for suggestions
    _contents: list[str] = field(default_factory=list)
    _suggested: dict[str, str | None] = field(default_factory=dict)

    def add(self, name: str, code: str, tier: dict[str, str]) -> None:
        key = normalise(name)
        if not key or key in self.names:
            return  # an earlier, stronger name wins (a code, then a label, then a synonym)
        if tier.get(key, code) != code:
            self.ambiguous.add(key)
        tier[key] = code

    def commit(self, tier: dict[str, str]) -> None:
        for key, code in tier.items():
            if key not in self.ambiguous:
                self.names[key] = code

    def read(self, value: str) -> str | None:
        key = normalise(value)
        if key in self.names:
            return self.names[key]
        if _WHOLE_NUMBER.match(value):  # "2.0", as a spreadsheet may write code 2
            return self.names.get(str(int(float(value))))
        bare = normalise(_PARENTHESES.sub("", value))  # "Flat (ground floor)" is "Flat"
        return self.names.get(bare) if bare and bare != key else None

    def suggest(self, value: str) -> str | None:
        """The code of the option whose name is close to the value, to offer (never to decide)."""
        if value not in self._suggested:
            if len(self._suggested) > 10_000:
                self._suggested.clear()  # kept with the definition: not to grow for ever
            self._suggested[value] = self._closest(normalise(value))
        return self._suggested[value]

    def _closest(self, key: str) -> str | None:
        """similarity() against every name, done by rapidfuzz's own loops."""
        if self._wordy is None:
            self._wordy = [n for n in self.names if not n.isdigit()]
            self._contents = [content_words(n) for n in self._wordy]
        words = content_words(key)
        found = [process.extractOne(key, self._wordy, scorer=fuzz.ratio, score_cutoff=SUGGEST_FROM),
                 process.extractOne(words, self._contents, scorer=fuzz.token_sort_ratio, score_cutoff=SUGGEST_FROM)]
        found += [(name, SUBSET * score, i) for name, score, i in
                  process.extract(words, self._contents, scorer=fuzz.token_set_ratio, score_cutoff=SUGGEST_FROM, limit=5)
                  if _like_length(words, name) and SUBSET * score >= SUGGEST_FROM]
        best = max((f for f in found if f), key=lambda f: f[1], default=None)
        return self.names[self._wordy[best[2]]] if best else None


def label_names(option: Option) -> list[str]:
    """An option's label, the label without its brackets, and the acronym in them ("CBL")."""
    return [option.label, _PARENTHESES.sub("", option.label), *_ACRONYM.findall(option.label)]


def synonym_names(option: Option) -> list[str]:
    """An option's other names, with and without their brackets."""
    return [name for synonym in option.synonyms for name in (synonym, _PARENTHESES.sub("", synonym))]


def is_yes_no(question: Question) -> bool:
    labels = {normalise(o.label) for o in question.options}
    return {"yes", "no"} <= labels


def vocabulary(compiled: CompiledDefinition, answer: str) -> Vocabulary | None:
    """The vocabulary of a coded answer (None for numbers, dates and free text). `answer` is
    a question id, or a checkbox option's own answer id (its values say ticked or not).
    Made once per definition, and kept with its compiled expressions."""
    key = ("upload.vocabulary", answer)
    if key not in compiled.polars_cache:
        compiled.polars_cache[key] = _vocabulary(compiled, answer)
    return compiled.polars_cache[key]


def _vocabulary(compiled: CompiledDefinition, answer: str) -> Vocabulary | None:
    question, option = question_of(compiled, answer)
    if question is None:
        return None
    if option is not None:
        return _ticked_vocabulary(option)
    vocab = Vocabulary()
    if question.options:
        codes = [str(o.code) for o in question.options]
        vocab.choices = [(str(o.code), o.label) for o in question.options]
        labels = [(name, str(o.code)) for o in question.options for name in label_names(o)]
        synonyms = [(name, str(o.code)) for o in question.options for name in synonym_names(o)]
        words = []
        if is_yes_no(question):
            yes, no = (next(str(o.code) for o in question.options if normalise(o.label) == w) for w in ("yes", "no"))
            words += [(w, yes) for w in TRUE_WORDS] + [(w, no) for w in FALSE_WORDS]
        refused = [str(o.code) for o in question.options if REFUSED_LABEL.search(normalise(o.label))]
        if len(refused) == 1:
            words += [(w, refused[0]) for w in REFUSED_WORDS]
        _tiers(vocab, [[(c, c) for c in codes], labels, synonyms, words])
        return vocab
    table = compiled.definition.tables.get(question.options_table or "")
    if table is None or question.type == "checkbox":
        return None
    start = compiled.definition.dates.start.isoformat()
    rows = [(str(r["code"]), str(r.get("label") or r["code"]), str(r.get("end_date") or "9999") >= start)
            for r in table.rows if r.get("code") is not None]
    vocab.choices = [(code, label) for code, label, _ in rows]
    # a name shared by an ended row and its successor (Sheffield's new code) is the current row's
    _tiers(vocab, [[(code, code) for code, _, _ in rows], [(label, code) for code, label, current in rows if current],
                   [(label, code) for code, label, current in rows if not current]])
    return vocab


def _ticked_vocabulary(option: Option) -> Vocabulary:
    """One checkbox option: ticked or not."""
    vocab = Vocabulary()
    vocab.choices = [(TICKED, "Yes"), (NOT_TICKED, "No")]
    _tiers(vocab, [[(w, TICKED) for w in TRUE_WORDS] + [(w, NOT_TICKED) for w in FALSE_WORDS],
                   [(name, TICKED) for name in label_names(option) + synonym_names(option)]])
    return vocab


def _tiers(vocab: Vocabulary, tiers: list[list[tuple[str, str]]]) -> None:
    for names in tiers:
        tier: dict[str, str] = {}
        for name, code in names:
            vocab.add(name, code, tier)
        vocab.commit(tier)


def question_of(compiled: CompiledDefinition, answer: str) -> tuple[Question | None, Option | None]:
    """The question an answer belongs to and, for a checkbox option's answer, the option."""
    question = compiled.definition.questions.get(answer)
    if question is not None:
        return question, None
    spec = compiled.specs.get(answer)
    if spec is not None and spec.question.type == "checkbox":
        return spec.question, next(o for o in spec.question.options if str(o.code) == answer)
    return None, None


def value_options(compiled: CompiledDefinition, field: str) -> list[tuple[str, str]]:
    """(code as text, label) the user can choose for a value that was not recognised."""
    vocab = vocabulary(compiled, field)
    return list(vocab.choices) if vocab else []


# dates --------------------------------------------------------------------------------------

_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T][0-9:.]*)?$")
_NUMERIC_DATE = re.compile(r"^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4}|\d{2})(?:\s+[0-9:.]+)?$")
_NAMED_MONTH = re.compile(r"^(\d{1,2})[ \-/]+([A-Za-z]{3,9})[ \-/,]+(\d{4}|\d{2})$")
MONTHS = {m: i for i, m in enumerate(("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), 1)}


def month_first(values: list[str]) -> bool:
    """Whether a column writes dates month first (2/13/21). Any first number over 12 makes it
    day first, any second number over 12 month first; the UK's day first otherwise."""
    pairs = [(int(m[1]), int(m[2])) for v in values if (m := _NUMERIC_DATE.match(v))]
    return any(b > 12 for _, b in pairs) and not any(a > 12 for a, _ in pairs)


def parse_date(text: str, month_first: bool = False) -> str | None:
    """An ISO date (YYYY-MM-DD) from the ways spreadsheets write dates; None if it is not one."""
    text = text.strip()
    if m := _ISO.match(text):
        y, mo, d = int(m[1]), int(m[2]), int(m[3])
    elif m := _NUMERIC_DATE.match(text):
        a, b, y = int(m[1]), int(m[2]), full_year(m[3])
        d, mo = (b, a) if month_first else (a, b)
    elif (m := _NAMED_MONTH.match(text)) and m[2][:3].lower() in MONTHS:
        d, mo, y = int(m[1]), MONTHS[m[2][:3].lower()], full_year(m[3])
    else:
        return None
    try:
        return dt.date(y, mo, d).isoformat()
    except ValueError:
        return None


def full_year(text: str) -> int:
    return 2000 + int(text) if len(text) == 2 else int(text)  # CORE's logs are all this century


def date_part(text: str, part: str) -> int | None:
    """A day, month (number or name) or year from its own column."""
    t = text.strip().lower()
    if part == "month" and t[:3] in MONTHS and t.isalpha():
        return MONTHS[t[:3]]
    if not re.fullmatch(r"\d{1,4}(\.0+)?", t):
        return None
    n = int(float(t))
    limits = {"day": (1, 31), "month": (1, 12)}
    if part == "year":
        return full_year(str(n)) if len(str(n)) in (2, 4) else None
    low, high = limits[part]
    return n if low <= n <= high else None


# a whole file -------------------------------------------------------------------------------

@dataclass
class Translation:
    frame: pl.DataFrame  # one row per data row; a text column per answer the columns give
    sources: dict[str, tuple[int, ...]]  # answer id -> the file's columns it came from
    unknown: dict[str, dict[str, int]]  # field -> {value as written: rows} not recognised
    suggestions: dict[str, dict[str, str]] = field(default_factory=dict)  # field -> {value: a close code}


def translate(compiled: CompiledDefinition, rows: list[list[str]], matches: list[Any],
              confirmed: Mapping[str, Mapping[str, str | None]] | None = None) -> Translation:
    """The answers of every row, as the text the engine reads. `matches` are the columns'
    ColumnMatch (mapping.py); columns with no field are left out. `confirmed` holds the
    user's choices for values that were not recognised: {field: {value: code or None}}.
    Where several columns give one answer, the first column with a value wins."""
    confirmed = confirmed or {}
    used = [m for m in matches if m.field]
    raw = _raw_frame(rows, sorted({m.column for m in used}))
    out = _Output(raw)
    groups: dict[str, list[Any]] = {}
    for m in used:
        groups.setdefault(m.field, []).append(m)
    for name, group in groups.items():
        whole = [m for m in group if m.part is None]
        parts = [m for m in group if m.part is not None]
        question, option = question_of(compiled, name)
        choices = _choices(confirmed.get(name, {}))
        for m in whole:
            _translate_column(compiled, raw, m, question, option, choices, out)
        if parts:
            _translate_parts(raw, name, parts, out)
    return out.finish()


def _choices(confirmed: Mapping[str, str | None]) -> dict[str, str | None]:
    """The user's choices keyed by the value as written and by its normalised form."""
    out: dict[str, str | None] = {}
    for value, code in confirmed.items():
        out.setdefault(value.strip(), code)
        out.setdefault(normalise(value), code)
    return out


def _confirmed(choices: dict[str, str | None], value: str) -> tuple[bool, str | None]:
    for key in (value, normalise(value)):
        if key in choices:
            return True, choices[key]
    return False, None


class _Output:
    """The answers so far: polars expressions on the file's columns, combined at the end."""

    def __init__(self, raw: pl.DataFrame):
        self.raw = raw
        self.exprs: dict[str, list[pl.Expr]] = {}
        self.sources: dict[str, list[int]] = {}
        self.unknown: dict[str, dict[str, int]] = {}
        self.suggestions: dict[str, dict[str, str]] = {}

    def add(self, answer: str, expr: pl.Expr, columns: tuple[int, ...]) -> None:
        self.exprs.setdefault(answer, []).append(expr)
        self.sources.setdefault(answer, [])
        self.sources[answer] += [c for c in columns if c not in self.sources[answer]]

    def note_unknown(self, field: str, value: str, rows: int, vocab: Vocabulary) -> None:
        counts = self.unknown.setdefault(field, {})
        counts[value] = counts.get(value, 0) + rows
        suggestion = vocab.suggest(value)
        if suggestion is not None:
            self.suggestions.setdefault(field, {})[value] = suggestion

    def finish(self) -> Translation:
        columns = [pl.coalesce(e).alias(a) if len(e) > 1 else e[0].alias(a) for a, e in self.exprs.items()]
        frame = self.raw.select(columns)
        return Translation(frame, {a: tuple(c) for a, c in self.sources.items()}, self.unknown, self.suggestions)


def _raw_frame(rows: list[list[str]], columns: list[int]) -> pl.DataFrame:
    """The used columns as written (a list per column is the fastest way from Python rows to
    polars); blanks and spaces are dealt with per distinct value, or per column for free text."""
    width = max(columns, default=-1) + 1
    if rows and min(map(len, rows)) < width:
        rows = [r + [""] * (width - len(r)) if len(r) < width else r for r in rows]
    return pl.DataFrame({f"c{i}": pl.Series([r[i] for r in rows], dtype=pl.String) for i in columns},
                        schema={f"c{i}": pl.String for i in columns})


def _distinct(raw: pl.DataFrame, column: str) -> list[tuple[str, str, int]]:
    """(as written, without spaces around it, rows) for each distinct value that is not blank."""
    counts = raw[column].value_counts()
    return [(v, v.strip(), n) for v, n in zip(counts[column].to_list(), counts["count"].to_list(), strict=True)
            if v is not None and v.strip()]


def _mapped(column: str, mapping: dict[str, str | None]) -> pl.Expr:
    """The column with each distinct value replaced once (blanks and values not in `mapping`
    are null)."""
    if not mapping:
        return pl.lit(None, dtype=pl.String)
    return pl.col(column).replace_strict(pl.Series(list(mapping), dtype=pl.String),
                                         pl.Series(list(mapping.values()), dtype=pl.String),
                                         default=None, return_dtype=pl.String)


def _text(column: str) -> pl.Expr:
    """Free text as written, without spaces around it; null when blank."""
    stripped = pl.col(column).str.strip_chars()
    return pl.when(stripped != "").then(stripped)


def _translate_column(compiled, raw, match, question, option, choices, out: _Output) -> None:
    column = f"c{match.column}"
    if question is not None and question.type == "checkbox" and option is None and len(question.options) == 1:
        # a checkbox of one option (the privacy notice): its column says yes or no to that option
        option = question.options[0]
        match = replace(match, field=str(option.code))
        vocab = _ticked_vocabulary(option)
    else:
        vocab = vocabulary(compiled, match.field)
    if question is not None and question.type == "checkbox" and option is None:
        _translate_listed(raw, column, match, question, vocab, choices, out)
        return
    if vocab is not None:
        mapping: dict[str, str | None] = {}
        for written, value, rows in _distinct(raw, column):
            chosen, code = _confirmed(choices, value)
            if not chosen:
                code = vocab.read(value)
                if code is None:
                    out.note_unknown(match.field, value, rows, vocab)
            mapping[written] = code
        out.add(match.field, _mapped(column, mapping), (match.column,))
        return
    spec = compiled.specs.get(match.field)
    kind = spec.kind if spec is not None else "text"
    distinct = _distinct(raw, column) if choices or kind == "date" else []
    # the user may have said what some values mean (a placeholder such as "#" is blank)
    override = {w: found[1] for w, v, _ in distinct if (found := _confirmed(choices, v))[0]} if choices else {}
    if kind == "date":
        first = month_first([v for _, v, _ in distinct])
        # a date that cannot be read goes on as written: the engine says it is not a date
        out.add(match.field, _mapped(column, {w: parse_date(v, first) or v for w, v, _ in distinct} | override),
                (match.column,))
        return
    if kind in ("integer", "number"):
        amount = pl.col(column).str.replace_all(r"[£,\s]", "")
        expr = pl.when(amount != "").then(amount)
    elif is_postcode(question):
        expr = _text(column).str.to_uppercase().str.replace_all(r"\s+", " ")
    else:
        expr = _text(column)
    if override:
        expr = pl.when(pl.col(column).is_in(list(override))).then(_mapped(column, override)).otherwise(expr)
    out.add(match.field, expr, (match.column,))


def _translate_listed(raw, column, match, question, vocab, choices, out: _Output) -> None:
    """A checkbox question written in one cell ("A;#B"): each option ticked or not."""
    answers = [str(o.code) for o in question.options]
    per_value: dict[str, dict[str, str | None]] = {}
    for written, value, rows in _distinct(raw, column):
        ticked: set[str] = set()
        complete = True
        for item in _items(value, vocab, choices):
            chosen, code = _confirmed(choices, item)
            if not chosen:
                code = vocab.read(item)
                if code is None:
                    out.note_unknown(match.field, item, rows, vocab)
                    complete = False
            if code is not None:
                ticked.add(code)
        # with a value not yet known, the options not listed stay blank: it may be one of them
        per_value[written] = {a: TICKED if a in ticked else (NOT_TICKED if complete else None) for a in answers}
    for answer in answers:
        out.add(answer, _mapped(column, {w: t[answer] for w, t in per_value.items()}), (match.column,))


def _items(value: str, vocab: Vocabulary, choices: dict[str, str | None]) -> list[str]:
    """The options listed in a cell, split at the strongest separator in it; pieces are joined
    again where together they are one option (a label may hold a comma)."""
    def known(item: str) -> bool:
        return vocab.read(item) is not None or _confirmed(choices, item)[0]

    separator = next((s for s in SEPARATORS if s in value), None)
    if separator is None or known(value):
        return [value]
    pieces = value.split(separator)
    items, start = [], 0
    while start < len(pieces):
        end = next((e for e in range(len(pieces), start + 1, -1) if known(separator.join(pieces[start:e]))), start + 1)
        items.append(separator.join(pieces[start:end]).strip())
        start = end
    return [i for i in items if i]


def _translate_parts(raw, answer, parts, out: _Output) -> None:
    """An answer spread over columns: a date's day, month and year; a postcode's two halves."""
    by_part = {m.part: m for m in parts}
    columns = tuple(m.column for m in parts)
    if set(by_part) <= {"outward", "inward"}:
        halves = [_text(f"c{by_part[p].column}").str.to_uppercase() for p in ("outward", "inward") if p in by_part]
        out.add(answer, pl.concat_str(halves, separator=" ", ignore_nulls=True).replace("", None), columns)
        return
    numbers = {}
    for part in ("day", "month", "year"):
        if part not in by_part:
            numbers[part] = pl.lit(None, dtype=pl.String)
            continue
        column = f"c{by_part[part].column}"
        numbers[part] = _mapped(column, {w: (str(n) if (n := date_part(v, part)) is not None else None)
                                         for w, v, _ in _distinct(raw, column)})
    iso = pl.format("{}-{}-{}", numbers["year"], numbers["month"].str.zfill(2), numbers["day"].str.zfill(2))
    given = [_text(f"c{m.column}") for m in parts]
    # a part missing or unreadable: the cells as written, so the engine says it is not a date
    as_written = pl.concat_str(given, separator="/", ignore_nulls=True)
    expr = pl.when(pl.all_horizontal([n.is_not_null() for n in numbers.values()])).then(iso) \
        .when(pl.any_horizontal([g.is_not_null() for g in given])).then(as_written)
    out.add(answer, expr, columns)


POSTCODE = re.compile(r"^[A-Z]{1,2}[0-9][A-Z0-9]? ?[0-9][A-Z]{2}$")


def is_postcode(question: Question | None) -> bool:
    """A text question whose realistic answers (examples) are all postcodes."""
    return (question is not None and question.type == "text" and bool(question.examples)
            and all(POSTCODE.match(str(e)) for e in question.examples))
