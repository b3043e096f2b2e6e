"""Which answer each column of a provider's own spreadsheet gives (bulk upload, issue #5).

Evidence, strongest first: the organisation's earlier choice for the same heading; the
heading is a question's id, text, short label or bulk upload template heading; a name the
question is also known by (its synonyms, in the definition); a similar heading (fuzzy
match on the question's names and hint); and, throughout, what the column holds (dates,
postcodes, numbers, a question's options). Each column gets one proposal with a confidence
and a reason in plain words; below THRESHOLD the user decides.

No two columns give the same answer, except a column whose heading repeats an earlier
one's exactly (a file can hold a column twice): it gets the same field, with a confidence
below THRESHOLD and a reason naming the other column, and the first column with a value
wins (values.translate).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from caselog.engine.answers import FALSE_WORDS, TRUE_WORDS
from caselog.engine.compiled import CompiledDefinition

from .report import column_letter
from .values import POSTCODE, date_part, is_postcode, normalise, parse_date, similarity, vocabulary

THRESHOLD = 0.8  # from here a proposal stands unless the user changes it; below, the user decides
FLOOR = 0.65  # below this the best question is too unlike the column to propose at all
SAMPLE_ROWS = 1000  # rows read to see what a column holds, spread over the file
DISTINCT_VALUES = 50  # the most common values of a column that are looked at
VALUE_WEIGHT = 0.4  # how far what a column holds moves the heading's confidence
ENOUGH_CELLS = 20  # fewer cells than this say less about a column
NEUTRAL_FIT = 0.8  # values fitting this well leave the heading's confidence as it is
EXACT = {"id": 1.0, "text": 1.0, "label": 1.0, "template": 1.0, "synonym": 0.95}
FUZZY_WEIGHT = 0.95  # a similar heading is never surer than a known name
FUZZY_CEILING = 0.98  # nor, with the values' support, as sure as the question's own words
HINT_WEIGHT = 0.8  # a heading like a question's hint is weaker still
PLAUSIBLE = 0.7  # the weight of a value close to an option's name, as evidence of the question
OWN_WORDING = 0.5  # the weight of other words: neither for nor against the question
FALLBACK_GAP = 0.1  # a column whose closest question is taken may have its next, if nearly as close
VALUES_ONLY = 0.7  # a column known only by its values: one question's options and no other's
WHY_EXACT = {
    "id": "The heading is this question's id",
    "text": "The heading is this question's text",
    "label": "The heading is this question's short label",
    "template": "The heading is this question's heading in the bulk upload template",
    "synonym": "A name this question is also known by",
}
PART_WORDS = {
    "day": ("day", "dd"), "month": ("month", "mm"), "year": ("year", "yy", "yyyy"),
    "outward": ("first part", "1st part", "part 1", "part one", "outward code", "outward", "outcode"),
    "inward": ("second part", "2nd part", "part 2", "part two", "inward code", "inward", "incode"),
}
PART_NAMES = {"day": "day", "month": "month", "year": "year", "outward": "first part", "inward": "second part"}
# a question number before a heading: "5) ", "5)", "Q12. ", "12a: " (not "2nd part" or "1.5 beds")
_NUMBERING = re.compile(r"^\s*(?:q(?:uestion)?\s*)?\d+[a-z]?\s*(?:\)\s*|[.:\-]\s+)", re.IGNORECASE)


@dataclass(frozen=True)
class ColumnMatch:
    column: int  # 0-based index of the column in the file
    header: str  # the heading as written in the file
    field: str | None  # an answer id, or a checkbox question listing its options in one cell; None: ignored
    part: str | None = None  # "day" | "month" | "year" of a date; "outward" | "inward" of a postcode
    confidence: float = 0.0  # 0..1
    reason: str = ""  # for the user, in plain words

    @property
    def value(self) -> str:
        """The target as the mapping page's select names it: "startdate", "startdate:day"."""
        return target_value(self.field, self.part) if self.field else ""


# A column of the service's own log IDs (from an earlier download) is not an answer: it says
# which log a row updates (matching.py).
LOG_ID = "log_id"
LOG_ID_LABEL = "Log ID (to update a log already in the service)"
LOG_ID_HEADINGS = {"log id", "log", "caselog id", "id", "log reference"}


def target_value(field: str, part: str | None = None) -> str:
    return f"{field}:{part}" if part else field


def parse_target(value: str) -> tuple[str | None, str | None]:
    """(field, part) from a target value; ("", None) and None are (None, None): not mapped."""
    if not value:
        return None, None
    field, _, part = value.partition(":")
    return field, part or None


def heading_key(header: str) -> str:
    """A heading as compared with others and remembered: "5) Contract Start Date:" is
    "contract start date"."""
    return normalise(_NUMBERING.sub("", header))


# what a column can be -----------------------------------------------------------------------

@dataclass(frozen=True)
class Target:
    field: str
    part: str | None
    label: str  # shown to the user
    kind: str  # what its values look like: coded, ticked, listed, date, date_part, postcode, postcode_part, number, text
    names: tuple[tuple[str, str, str], ...]  # (how it is known: id, text, ..., name as written, normalised)
    # the answers (and parts) a column mapped here writes: no two columns may share one
    claims: frozenset[tuple[str, str | None]] = frozenset()

    @property
    def value(self) -> str:
        return target_value(self.field, self.part)


def targets(compiled: CompiledDefinition) -> list[tuple[str, str]]:
    """Every (value, label) a column can be mapped to: the service's log ID, then the
    answers in the order of the questions."""
    return [(LOG_ID, LOG_ID_LABEL)] + [(t.value, t.label) for t in _targets(compiled)]


def _targets(compiled: CompiledDefinition) -> list[Target]:
    cached = compiled.polars_cache.get(("upload.targets",))
    if cached is None:
        cached = compiled.polars_cache[("upload.targets",)] = _build_targets(compiled)
    return cached


def _build_targets(compiled: CompiledDefinition) -> list[Target]:
    defn = compiled.definition
    template = _template_names(compiled)
    labels = [q.label for q in defn.questions.values()]
    out: list[Target] = []
    for q in defn.questions.values():
        if q.type in ("confirmation", "output") or (q.id not in compiled.specs and q.type != "checkbox"):
            continue  # checks' confirmations and computed totals are not columns of a file
        label = q.label if labels.count(q.label) == 1 else f"{q.label} ({q.id})"
        names = [("id", q.id), ("text", q.text), ("label", q.check_answers_label or ""),
                 *(("template", t) for t in template.get(q.id, ())), *(("synonym", s) for s in q.synonyms),
                 ("hint", q.hint or "")]
        if q.type == "checkbox":
            answers = frozenset((str(o.code), None) for o in q.options)
            out.append(Target(q.id, None, f"{label} (several in one cell)", "listed", _named(names), answers))
            for o in q.options:
                option_names = [("id", str(o.code)), ("text", o.label), ("label", f"{q.label} {o.label}"),
                                *(("template", t) for t in template.get(str(o.code), ())),
                                *(("synonym", s) for s in o.synonyms)]
                out.append(Target(str(o.code), None, f"{label}: {o.label}", "ticked", _named(option_names),
                                  frozenset({(str(o.code), None)})))
            continue
        kind = _kind(compiled, q)
        parts = ("day", "month", "year") if kind == "date" else ("outward", "inward") if kind == "postcode" else ()
        out.append(Target(q.id, None, label, kind, _named(names), frozenset((q.id, p) for p in parts or (None,))))
        for part in parts:
            out.append(Target(q.id, part, f"{label}: {PART_NAMES[part]}", f"{kind}_part",
                              _named([n for n in names if n[0] != "id"]), frozenset({(q.id, part)})))
    return out


def _named(names) -> tuple[tuple[str, str, str], ...]:
    return tuple((how, name, normalise(name)) for how, name in names if name and normalise(name))


def _kind(compiled: CompiledDefinition, q) -> str:
    if q.type == "date":
        return "date"
    if is_postcode(q):
        return "postcode"
    spec = compiled.specs[q.id]
    if spec.codes is not None or q.options_table:
        return "coded"
    return "number" if spec.kind in ("integer", "number") else "text"


def _template_names(compiled: CompiledDefinition) -> dict[str, list[str]]:
    """answer -> the bulk upload template's headings for it (whole answers, not parts)."""
    template = compiled.definition.template
    out: dict[str, list[str]] = {}
    for f in template.fields if template else ():
        target = f.question or next(iter(f.sets), None)
        if target and f.part_of is None and _part_of(normalise(f.label))[1] is None:
            out.setdefault(target, []).append(f.label.replace("\n", " "))
    return out


def _part_of(key: str) -> tuple[str, str | None]:
    """(the heading without its part words, the part) for "postcode 1st part" or "start date day"."""
    padded = f" {key} "
    for part, words in PART_WORDS.items():
        for word in words:
            if f" {word} " in padded:
                return " ".join(padded.replace(f" {word} ", " ").split()), part
    return key, None


# what a column holds ------------------------------------------------------------------------

class Profile:
    """What a column holds, from a sample of its cells (each distinct value looked at once)."""

    def __init__(self, cells: list[str]):
        counts = Counter(c.strip() for c in cells if c and c.strip())
        self.distinct = len(counts)
        self.counts = dict(counts.most_common(DISTINCT_VALUES))  # an id column's thousands say nothing more
        self.total = sum(self.counts.values())
        self.fits: dict[str, float | None] = {}

    def share(self, weight) -> float | None:
        """The share of cells for which weight(value) holds (True) or how far (0..1)."""
        if not self.total:
            return None
        return sum(n * float(weight(value)) for value, n in self.counts.items()) / self.total

    def fit(self, compiled: CompiledDefinition, target: Target) -> float | None:
        """0..1: how well the cells fit the target's answers; None when nothing can be said."""
        if target.value not in self.fits:
            self.fits[target.value] = self._fit(compiled, target)
        return self.fits[target.value]

    def recognised(self, compiled: CompiledDefinition, target: Target) -> float:
        """The share of cells that are a coded target's answers exactly."""
        vocab = vocabulary(compiled, target.field)
        return (self.share(lambda c: vocab.read(c) is not None) or 0.0) if vocab else 0.0

    def _fit(self, compiled: CompiledDefinition, target: Target) -> float | None:
        kind = target.kind
        if kind == "date":
            return self.share(lambda c: parse_date(c) is not None or parse_date(c, True) is not None)
        if kind == "date_part":
            return self.share(lambda c: date_part(c, target.part) is not None)
        if kind == "postcode":
            return self.share(lambda c: POSTCODE.match(c.upper()) is not None)
        if kind == "postcode_part":
            pattern = OUTWARD if target.part == "outward" else INWARD
            return self.share(lambda c: pattern.match(c.upper()) is not None)
        if kind == "number":
            return self.share(lambda c: NUMBER.match(c.replace(",", "").lstrip("£")) is not None)
        if kind in ("coded", "ticked", "listed"):
            vocab = vocabulary(compiled, target.field)
            if vocab is None:
                return None
            if kind == "ticked":  # yes or no words, not the provider's own wording of an option
                return self.share(lambda c: vocab.read(c) is not None)
            if kind == "listed":
                return self.share(lambda c: max(_plausible(vocab, i) for i in re.split(r";#|;|\|", c)))
            return self.share(lambda c: _plausible(vocab, c))
        # free text: unlikely to be dates or yes/no words (references may well be numbers)
        looks_coded = self.share(lambda c: parse_date(c) is not None or c.upper() in YES_NO_WORDS)
        return None if looks_coded is None or looks_coded < 0.8 else 0.2


def _plausible(vocab, value: str) -> float:
    """1 for a recognised value; some weight for one close to an option (evidence of the
    question, though not a decision on the value), less for other words (the provider's own
    wording, perhaps), none for numbers and dates that are not its codes."""
    if vocab.read(value.strip()) is not None:
        return 1.0
    if vocab.suggest(value) is not None:
        return PLAUSIBLE
    return OWN_WORDING if re.search(r"[^\W\d_]{2}", value) and parse_date(value) is None else 0.0


YES_NO_WORDS = frozenset(w for w in TRUE_WORDS + FALSE_WORDS if w.isalpha())
OUTWARD = re.compile(r"^[A-Z]{1,2}[0-9][A-Z0-9]?$")
INWARD = re.compile(r"^[0-9][A-Z]{2}$")
NUMBER = re.compile(r"^-?[0-9]+(\.[0-9]+)?$")
WHY_VALUES = {"date": "the values look like dates", "date_part": "the values look like parts of dates",
              "postcode": "the values look like postcodes", "postcode_part": "the values look like parts of postcodes",
              "number": "the values are numbers", "coded": "the values are this question's answers",
              "ticked": "the values say yes or no", "listed": "the values list this question's answers"}


def _sample(rows: list[list[str]], column: int) -> list[str]:
    step = max(1, len(rows) // SAMPLE_ROWS)
    return [r[column] for r in rows[::step] if column < len(r)]


# scoring ------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Candidate:
    target: Target
    confidence: float
    reason: str


def _heading_score(key: str, target: Target) -> tuple[float, str]:
    best, why, known = 0.0, "", False
    for how, name, normal in target.names:
        if normal == key:
            if how == "hint":
                continue
            if EXACT[how] > best or (EXACT[how] == best and not known):  # a known name is the better reason
                best, why, known = EXACT[how], WHY_EXACT[how], True
            continue
        if how == "id":
            continue
        alike = similarity(key, normal)
        score = alike * (HINT_WEIGHT if how == "hint" else FUZZY_WEIGHT)
        if score > best:
            best, known = score, False
            why = f"Similar to “{_shown(name)}” ({round(alike * 100)}%)" if alike < 0.995 else \
                f"The heading has the words of “{_shown(name)}”"
    return best, why


def _shown(name: str) -> str:
    return name if len(name) <= 80 else name[:77].rstrip() + "…"


def _candidates(compiled: CompiledDefinition, all_targets: list[Target], header: str, profile: Profile) -> list[Candidate]:
    keys = _heading_keys(header, compiled.definition.abbreviations)
    scored = []
    for target in all_targets:
        score, why = 0.0, ""
        for key in keys:
            base, part = _part_of(key) if target.part else (key, None)
            if target.part == part and base:
                s, w = _heading_score(base, target)
                if s > score:
                    score, why = s, w + (f"; this column is the {PART_NAMES[part]}" if part else "")
        if score >= FLOOR * 0.8:
            scored.append((score, target, why))
    scored.sort(key=lambda s: -s[0])
    out = []
    for score, target, why in scored[:12]:
        fit = profile.fit(compiled, target)
        if fit is not None:  # fitting values add a little, values of another kind take away more
            weight = VALUE_WEIGHT * min(1.0, profile.total / ENOUGH_CELLS)
            score = score + weight * score * score * (fit - NEUTRAL_FIT)
            if fit >= 0.8:
                why += f"; {WHY_VALUES[target.kind]}"
            elif fit <= 0.2:
                why += "; but few of its values fit this question"
        ceiling = 1.0 if score >= 1.0 and why.startswith("The heading is") else FUZZY_CEILING
        out.append(Candidate(target, round(min(score, ceiling), 3), why))
    out += _values_only(compiled, all_targets, profile, {c.target.value for c in out})
    out.sort(key=lambda c: -c.confidence)
    return [c for c in out if c.confidence >= FLOOR]


def _values_only(compiled, all_targets, profile: Profile, seen: set[str]) -> list[Candidate]:
    """A question whose options are (nearly) all of a column's values, when no other question's
    are: "Flat", "House", "Bungalow" are the unit type whatever the heading."""
    if len({c.lower() for c in profile.counts}) < 3 or profile.distinct > DISTINCT_VALUES:
        return []  # yes/no and a few codes fit too many questions; references fit none
    fitting = [t for t in all_targets if t.kind in ("coded", "listed") and profile.recognised(compiled, t) >= 0.9]
    if len(fitting) != 1 or fitting[0].value in seen:
        return []
    return [Candidate(fitting[0], VALUES_ONLY, f"Most of the values are answers to “{fitting[0].label}”")]


def _heading_keys(header: str, abbreviations: Mapping[str, str]) -> list[str]:
    """The heading normalised, and without its brackets ("(tick any which apply)"), as known."""
    raw = _NUMBERING.sub("", header)
    variants = [raw, _ASIDE.sub("", raw)]
    keys = [_expanded(normalise(v), abbreviations) for v in variants]
    return [k for i, k in enumerate(keys) if k and k not in keys[:i]]


_ASIDE = re.compile(r"\s*\([^)]*(\)|$)")


def _expanded(key: str, abbreviations: Mapping[str, str]) -> str:
    """Shortened words spelled out ("no of bedrooms" is "number of bedrooms"); the definition
    gives them, as words or phrases."""
    padded = f" {key} "
    for short, word in abbreviations.items():
        padded = padded.replace(f" {normalise(short)} ", f" {normalise(word)} ")
    return " ".join(padded.split())


# the whole file -----------------------------------------------------------------------------

def propose_mapping(compiled: CompiledDefinition, headers: list[str], rows: list[list[str]],
                    saved: Mapping[str, Any] | None = None) -> list[ColumnMatch]:
    """One proposal per column, in the file's order."""
    all_targets = _targets(compiled)
    by_value = {t.value: t for t in all_targets}
    remembered = (saved or {}).get("columns", {})
    first_of: dict[str, int] = {}
    for column, header in enumerate(headers):
        first_of.setdefault(heading_key(header), column)

    chosen: dict[int, ColumnMatch] = {}
    taken: dict[tuple[str, str | None], int] = {}
    options: dict[int, list[Candidate]] = {}
    for column, header in enumerate(headers):
        key = heading_key(header)
        if first_of[key] != column or not key:
            continue
        entry = remembered.get(key)
        target = by_value.get(target_value(entry["field"], entry.get("part"))) if entry and entry.get("field") else None
        if entry is not None and (target is None) == (entry.get("field") is None) and \
                not (target and any(claim in taken for claim in target.claims)):
            chosen[column] = _remembered(column, header, entry)
            taken.update((claim, column) for claim in (target.claims if target else ()))
            continue  # an earlier choice wins (unless its field is gone, or two headings chose one field)
        options[column] = _candidates(compiled, all_targets, header, Profile(_sample(rows, column)))

    # the surest proposals first; a column whose best question is given elsewhere takes its next
    ranked = sorted(((c.confidence, column, i) for column, cs in options.items() for i, c in enumerate(cs)),
                    key=lambda r: (-r[0], r[1], r[2]))
    for _, column, i in ranked:
        if column in chosen:
            continue
        candidate, best = options[column][i], options[column][0]
        if any(claim in taken for claim in candidate.target.claims) or best.confidence - candidate.confidence > FALLBACK_GAP:
            continue
        confidence, reason = candidate.confidence, candidate.reason
        if i:  # the question it looks most like is given by another column: the user decides
            confidence = min(confidence, THRESHOLD - 0.05)
            reason += f"; “{best.target.label}” is given by column {column_letter(_taker(best, taken))}"
        chosen[column] = ColumnMatch(column, headers[column], candidate.target.field, candidate.target.part,
                                     confidence, reason)
        for claim in candidate.target.claims:
            taken[claim] = column
    for column, cs in options.items():
        if column not in chosen:
            chosen[column] = ColumnMatch(column, headers[column], None, None, 0.0, _why_not(cs, taken, headers))

    out = []
    for column, header in enumerate(headers):
        first = first_of[heading_key(header)]
        if column in chosen:
            out.append(chosen[column])
        elif not heading_key(header):
            out.append(ColumnMatch(column, header, None, None, 0.0, "The column has no heading"))
        else:
            out.append(_repeated(chosen[first], column, header, rows))
    return [_log_ids(m) for m in out]


def _log_ids(match: ColumnMatch) -> ColumnMatch:
    """An unmatched column headed as the service's log IDs is the log ID column."""
    if match.field is None and " ".join(match.header.lower().replace("_", " ").split()) in LOG_ID_HEADINGS:
        return ColumnMatch(match.column, match.header, LOG_ID, None, 1.0, "The heading says it holds log IDs")
    return match


def _remembered(column: int, header: str, entry: Mapping[str, Any]) -> ColumnMatch:
    if entry.get("field") is None:
        return ColumnMatch(column, header, None, None, 1.0, "You chose to ignore this column in an earlier upload")
    return ColumnMatch(column, header, entry["field"], entry.get("part"), 1.0, "You chose this field in an earlier upload")


def _why_not(candidates: list[Candidate], taken: dict, headers: list[str]) -> str:
    if not candidates:
        return "No question matches this heading"
    best = candidates[0]
    other = _taker(best, taken)
    return f"The closest question, “{best.target.label}”, is given by column {column_letter(other)} ({headers[other]})"


def _taker(candidate: Candidate, taken: dict) -> int:
    return next(taken[c] for c in candidate.target.claims if c in taken)


def _repeated(first: ColumnMatch, column: int, header: str, rows: list[list[str]]) -> ColumnMatch:
    """A heading given twice: the same field, for the user to check which column to use."""
    where = f"column {column_letter(first.column)}"
    if first.field is None:
        return ColumnMatch(column, header, None, None, 0.0, f"Same heading as {where}, which is not used")
    same = all((r[column] if column < len(r) else "").strip() == (r[first.column] if first.column < len(r) else "").strip()
               for r in rows)
    if same:
        reason = f"Same heading and values as {where}: either gives the answer"
        confidence = min(first.confidence, THRESHOLD - 0.05)
    else:
        reason = f"Same heading as {where} but different values: {where} is used where it has a value; check which is right"
        confidence = min(first.confidence, THRESHOLD) / 2
    return ColumnMatch(column, header, first.field, first.part, round(confidence, 3), reason)


# saved mappings -----------------------------------------------------------------------------

def remember(saved: dict | None, matches: list[ColumnMatch], confirmed_values: Mapping[str, Mapping[str, str | None]]) -> dict:
    """The organisation's saved mapping with this upload's choices added (JSON-able): each
    heading's field, and what the user said unrecognised values mean."""
    columns = dict((saved or {}).get("columns", {}))
    seen: set[str] = set()
    for m in sorted(matches, key=lambda m: m.column):
        key = heading_key(m.header)
        if m.field == LOG_ID:  # found again from its heading each time
            continue
        if key and key not in seen:  # a repeated heading is remembered by its first column
            columns[key] = {"field": m.field, "part": m.part}
            seen.add(key)
    values = {f: dict(v) for f, v in (saved or {}).get("values", {}).items()}
    for field, chosen in confirmed_values.items():
        values.setdefault(field, {}).update(chosen)
    return {"columns": columns, "values": values}


def carry_forward(saved: Mapping[str, Any], compiled_next: CompiledDefinition) -> dict:
    """A saved mapping for another year's definition: only fields and codes it still has."""
    known = {t.value for t in _targets(compiled_next)}
    columns = {k: v for k, v in saved.get("columns", {}).items()
               if v.get("field") is None or target_value(v["field"], v.get("part")) in known}
    values = {}
    for field, chosen in saved.get("values", {}).items():
        vocab = vocabulary(compiled_next, field)
        if vocab is None:
            continue
        codes = {code for code, _ in vocab.choices}
        kept = {value: code for value, code in chosen.items() if code is None or code in codes}
        if kept:
            values[field] = kept
    return {"columns": columns, "values": values}
