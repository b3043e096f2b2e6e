"""Synthetic bulk upload files of 2026 lettings: the same logs in CORE's official template
layout and in a provider's own layout, for bench/upload.py (and tests that want big files).

Logs are made from the definition (caselog.engine.synthetic), as bench/engine.py makes them:
a couple of hundred drawn so most rules pass, then copied with three answers redrawn in each
copy. All are general needs lettings of one organisation, each with its own tenant code.

- Template layout: the 8 header rows of CORE's 2026/27 lettings template, then one row per
  log, cells by field number. The cells are the inverse of definitions/core-lettings/2026/
  template.yaml: a field with `question:` holds the answer's code as text; the fields with
  `sets:` are written by TEMPLATE_CELLS (dates as day, month and 2-digit year, rent type
  code + 1, yes/no as 1/2, ticks as 1, the person fields, ...).
- Provider layout: one heading row, then one row per log; a column per question headed by
  its check-answers label (the question's text where two share a label), a few headings as
  housing systems write them, dates as dd/mm/yyyy, yes/no as Y/N, option labels instead of
  codes for some coded questions, the conditions' effects listed in one cell.

Each layout also gives a Frictionless Table Schema with the same per-cell checks (types,
options, minimum and maximum), so bench/upload.py can time Frictionless on the same files.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import random
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from caselog.channels.upload.mapping import ColumnMatch
from caselog.channels.upload.values import is_yes_no
from caselog.engine.answers import as_text
from caselog.engine.compiled import CompiledDefinition
from caselog.engine.synthetic import draw_value, synthetic_log

ROOT = Path(__file__).resolve().parents[1]
TEMPLATE_2026 = ROOT.parent / "shared" / "reference" / "core" / "bulk_upload" / "2026_27_lettings_bulk_upload.csv"
TODAY = dt.date(2026, 11, 1)
FIXED = {"needstype": 1}  # general needs: no scheme or location to set up
NOT_REDRAWN = frozenset({"needstype", "owning_organisation_id", "managing_organisation_id", "assigned_to_id",
                         "scheme_id", "location_id", "tenancycode", "status"})
NOT_IN_FILES = frozenset({"scheme_id", "location_id", "status"})


# logs ----------------------------------------------------------------------------------------

def make_logs(compiled: CompiledDefinition, rows: int, base: int = 200, seed: int = 1) -> list[dict[str, Any]]:
    """`rows` general needs lettings: `base` synthetic logs, copied with three answers
    redrawn in each copy, and a tenant code of its own in every row (T000001, ...)."""
    rng = random.Random(seed)
    bases = [synthetic_log(compiled, rng, TODAY, fixed=FIXED) for _ in range(base)]
    specs = [s for s in compiled.specs.values() if s.id not in NOT_REDRAWN]
    logs = []
    for n in range(rows):
        log = dict(rng.choice(bases))
        for spec in rng.sample(specs, 3):
            log[spec.id] = draw_value(spec, compiled, rng, TODAY)
        log["tenancycode"] = f"T{n + 1:06d}"
        logs.append(log)
    return logs


# the template layout ---------------------------------------------------------------------------

@dataclass(frozen=True)
class Who:
    """What a file says for the log's organisations and owner."""

    organisation: str  # "ORG12" or a provider code
    user_email: str


def template_header_rows() -> list[list[str]]:
    text = TEMPLATE_2026.read_text(encoding="utf-8-sig")
    rows = list(csv.reader(io.StringIO(text, newline="")))
    return rows[:8]


def _t(value: Any) -> str:
    return "" if value is None or value == "" else as_text(value)


def _date(value: Any) -> tuple[str, str, str]:
    if value in (None, ""):
        return "", "", ""
    d = value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value)[:10])
    return str(d.day), str(d.month), f"{d.year % 100:02d}"


def _postcode(value: Any) -> tuple[str, str]:
    if not value:
        return "", ""
    outward, _, inward = str(value).strip().rpartition(" ")
    return (outward, inward) if outward else (inward, "")


def _lookup(table: dict, value: Any) -> str:
    return str(table[value]) if value in table else ""


def _person(p: int) -> Callable[[dict, Who], dict[int, str]]:
    """Person p's age (R: refused) and partner (1 P, 2 X, 3 R); the rest are `question:` fields.
    The template has no "details not known": such a person is written as refusing every answer."""
    first = 48 + 6 * (p - 2)

    def cells(a: dict, who: Who) -> dict[int, str]:
        known = a.get(f"details_known_{p}")
        if known == 1:
            return dict(zip(range(first, first + 6), ("R", "3", "R", "3", "", "10"), strict=True))
        if known != 0:
            return {}
        age = "R" if a.get(f"age{p}_known") == 1 else _t(a.get(f"age{p}"))
        return {first: age, first + 1: _lookup({"P": 1, "X": 2, "R": 3}, a.get(f"relat{p}"))}

    return cells


def _ticks(numbers_to_answers: dict[int, str]) -> Callable[[dict, Who], dict[int, str]]:
    return lambda a, who: {n: "1" for n, answer in numbers_to_answers.items() if a.get(answer) == 1}


def _yes_no_2(number: int, answer: str) -> Callable[[dict, Who], dict[int, str]]:
    return lambda a, who: {number: _lookup({1: 1, 0: 2}, a.get(answer))}


def _housing_needs(a: dict, who: Who) -> dict[int, str]:
    needs = a.get("housingneeds")
    if needs == 2:
        return {98: "1"}
    if needs == 3:
        return {99: "1"}
    out = {}
    if needs == 1:
        kind = {0: 94, 1: 95, 2: 96}.get(a.get("housingneeds_type"))
        if kind:
            out[kind] = "1"
        if a.get("housingneeds_other") == 1 or not out:
            out[97] = "1"
    return out


def _charges(a: dict, who: Who) -> dict[int, str]:
    return {n: _t(a.get(answer)) for n, answer in ((142, "brent"), (143, "scharge"), (144, "pscharge"), (145, "supcharg"))}


def _nationality(a: dict, who: Who) -> dict[int, str]:
    group = a.get("nationality_all_group")
    code = a.get("nationality_all")
    if code is None and group in (0, 826):
        code = group
    return {46: _t(code)}


def _referral(a: dict, who: Who) -> dict[int, str]:
    code = a.get("referral_register")
    if code is None:
        return {}
    return {131 if code in (1, 2, 3, 4) else 132: _t(code)}


# The fields whose answers the template sets by an expression (`sets:`), written back from the
# answers: field number -> the cells of that field and of the fields that are part of it.
TEMPLATE_CELLS: dict[int, Callable[[dict, Who], dict[int, str]]] = {
    1: lambda a, who: {1: who.organisation},
    2: lambda a, who: {2: who.organisation},
    3: lambda a, who: {3: who.user_email},
    5: lambda a, who: {},  # scheme: general needs lettings have none
    6: lambda a, who: {},
    7: lambda a, who: {7: _lookup({1: 1, 0: 2}, a.get("renewal"))},
    8: lambda a, who: dict(zip((8, 9, 10), _date(a.get("startdate")), strict=True)),
    11: lambda a, who: {11: _t(a["rent_type"] + 1) if a.get("rent_type") is not None else ""},
    12: lambda a, who: {12: _t(a.get("irproduct_other")) if a.get("rent_type") == 5 else ""},
    15: lambda a, who: {15: "1" if a.get("declaration") == 1 else ""},
    16: lambda a, who: {16: _t(a.get("rsnvac"))},
    18: lambda a, who: {18: _t(a.get("uprn")) if a.get("uprn_known") == 1 else ""},
    23: lambda a, who: dict(zip((23, 24), _postcode(a.get("postcode_full")), strict=True)),
    25: lambda a, who: {25: _t(a.get("la"))},
    28: lambda a, who: {28: _t(a.get("beds"))},
    29: lambda a, who: dict(zip((29, 30, 31), _date(a.get("voiddate")), strict=True)),
    32: lambda a, who: dict(zip((32, 33, 34), _date(a.get("mrcdate")), strict=True)),
    41: lambda a, who: {41: "R" if a.get("age1_known") == 1 else _t(a.get("age1"))},
    45: lambda a, who: {45: "17" if a.get("ethnic_group") == 17 else _t(a.get("ethnic"))},
    46: _nationality,
    **{48 + 6 * (p - 2): _person(p) for p in range(2, 9)},
    **{49 + 6 * (p - 2): (lambda a, who: {}) for p in range(2, 9)},  # written with the person's age
    94: _housing_needs,
    **{n: _ticks({n: answer}) for n, answer in (
        (101, "illness_type_4"), (102, "illness_type_5"), (103, "illness_type_2"), (104, "illness_type_6"),
        (105, "illness_type_7"), (106, "illness_type_3"), (107, "illness_type_9"), (108, "illness_type_8"),
        (109, "illness_type_1"), (110, "illness_type_10"), (122, "rp_homeless"), (123, "rp_insan_unsat"),
        (124, "rp_medwel"), (125, "rp_hardship"), (126, "rp_dontknow"))},
    114: lambda a, who: {114: _t(a.get("reasonother")) if a.get("reason") == 20 else ""},
    117: lambda a, who: {117: _lookup({0: 1, 1: 2}, a.get("ppcodenk"))},
    118: lambda a, who: dict(zip((118, 119), _postcode(a.get("ppostcode_full")), strict=True)),
    120: lambda a, who: {120: _t(a.get("prevloc")) if a.get("previous_la_known") == 1 else ""},
    127: _yes_no_2(127, "cbl"),
    128: _yes_no_2(128, "cap"),
    129: _yes_no_2(129, "chr"),
    130: _yes_no_2(130, "accessible_register"),
    131: _referral,
    135: lambda a, who: {135: _lookup({0: 1, 1: 2, 2: 3}, a.get("net_income_known"))},
    137: lambda a, who: {137: _t(round(a["earnings"])) if a.get("earnings") is not None else ""},
    140: lambda a, who: {140: _t(a.get("household_charge")) if a.get("needstype") == 2 else ""},
    142: _charges,
    143: lambda a, who: {},  # written with field 142
    144: lambda a, who: {},
    145: lambda a, who: {},
    146: lambda a, who: {146: _t(a.get("hbrentshortfall"))},
}

# What a `sets:` field's cells may hold, as Frictionless constraints (a `question:` field's come
# from its question): field number -> Table Schema field (without its name).
_DAY = {"type": "integer", "constraints": {"minimum": 1, "maximum": 31}}
_MONTH = {"type": "integer", "constraints": {"minimum": 1, "maximum": 12}}
_YEAR = {"type": "integer", "constraints": {"minimum": 0, "maximum": 99}}
_TICK = {"type": "integer", "constraints": {"enum": [1]}}
_ONE_TWO = {"type": "integer", "constraints": {"enum": [1, 2]}}
_AGE = {"type": "string", "constraints": {"pattern": "R|r|[0-9]{1,3}"}}
TEMPLATE_SCHEMA: dict[int, dict] = {
    7: _ONE_TWO, 8: _DAY, 9: _MONTH, 10: _YEAR, 11: {"type": "integer", "constraints": {"minimum": 1, "maximum": 7}},
    15: _TICK, 16: {"type": "integer"}, 28: {"type": "integer", "constraints": {"minimum": 1, "maximum": 12}},
    29: _DAY, 30: _MONTH, 31: _YEAR, 32: _DAY, 33: _MONTH, 34: _YEAR, 41: _AGE,
    45: {"type": "integer", "constraints": {"minimum": 1, "maximum": 20}}, 46: {"type": "integer"},
    **{48 + 6 * (p - 2): _AGE for p in range(2, 9)},
    **{49 + 6 * (p - 2): {"type": "integer", "constraints": {"enum": [1, 2, 3]}} for p in range(2, 9)},
    **{n: _TICK for n in (*range(94, 100), *range(101, 111), *range(122, 127))},
    117: _ONE_TWO, 127: _ONE_TWO, 128: _ONE_TWO, 129: _ONE_TWO, 130: _ONE_TWO,
    131: {"type": "integer", "constraints": {"minimum": 1, "maximum": 4}},
    132: {"type": "integer", "constraints": {"minimum": 5, "maximum": 9}},
    135: {"type": "integer", "constraints": {"enum": [1, 2, 3]}},
    137: {"type": "number", "constraints": {"minimum": 0}}, 140: {"type": "integer", "constraints": {"enum": [0, 1]}},
    **{n: {"type": "number", "constraints": {"minimum": 0}} for n in (142, 143, 144, 145)},
    146: {"type": "integer", "constraints": {"enum": [1, 2, 3]}},
}


def template_rows(compiled: CompiledDefinition, logs: list[dict], who: Who) -> list[list[str]]:
    """One row of cells per log, by field number, in the template's column order."""
    fields = compiled.definition.template.fields  # type: ignore[union-attr]
    missing = [f.number for f in fields if f.sets and f.number not in TEMPLATE_CELLS]
    if missing:
        raise ValueError(f"no cell writer for template fields {missing}: add them to TEMPLATE_CELLS")
    width = max(f.number for f in fields)
    questions = [(f.number, f.question) for f in fields if f.question]
    writers = [TEMPLATE_CELLS[f.number] for f in fields if f.number in TEMPLATE_CELLS]
    out = []
    for a in logs:
        cells = [""] * (width + 1)  # column 0 is the header rows' labels, blank in data rows
        for number, question in questions:
            value = a.get(question)
            if value is not None:
                cells[number] = as_text(value)
        for write in writers:
            for number, text in write(a, who).items():
                cells[number] = text
        out.append(cells)
    return out


def write_template_csv(path: Path, compiled: CompiledDefinition, logs: list[dict], who: Who) -> None:
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerows(template_header_rows())
        writer.writerows(template_rows(compiled, logs, who))


def template_schema(compiled: CompiledDefinition) -> dict:
    """A Frictionless Table Schema of the template's data rows (header: the "Field number" row)."""
    fields = [{"name": "Field number", "type": "string"}]
    for f in compiled.definition.template.fields:  # type: ignore[union-attr]
        if f.question and f.question in compiled.specs:
            spec = _answer_schema(compiled, f.question)
        else:
            spec = TEMPLATE_SCHEMA.get(f.number, {"type": "string"})
        fields.append({"name": str(f.number), **spec})
    return {"fields": fields, "missingValues": [""]}


# the provider's own layout ---------------------------------------------------------------------

PROVIDER_HEADINGS = {  # as housing management systems head these columns
    "owning_organisation_id": "Owning Organisation",
    "managing_organisation_id": "Managing Organisation",
    "assigned_to_id": "Housing Officer Email",
    "tenancycode": "Tenancy Ref",
    "propcode": "Property Ref",
    "startdate": "Tenancy Start Date",
    "postcode_full": "Property Postcode",
    "beds": "No. of Bedrooms",
    "voiddate": "Void Date",
    "hhmemb": "Household Size",
    "earnings": "Net Income",
    "brent": "Basic Rent",
}
LABELLED = frozenset({"rent_type", "unittype_gn", "tenancy", "prevten", "reason", "layear", "hb", "period", "incfreq",
                      "needstype", *(f"ecstat{p}" for p in range(1, 9)), *(f"sexrab{p}" for p in range(1, 9))})
LISTED = frozenset({"condition_effects"})  # checkbox questions written as one cell: "Hearing; Mobility"
LIST_SEPARATOR = "; "
YES, NO = "Y", "N"


@dataclass
class Column:
    header: str
    field: str  # the answer id, or a checkbox question listing its options in one cell
    write: Callable[[dict, Who], str]
    schema: dict = field(default_factory=dict)  # Frictionless field (without its name)
    single_option: bool = False  # a checkbox question of one option, written Y/N


def provider_columns(compiled: CompiledDefinition) -> list[Column]:
    """The columns of the provider layout, in the order of the questions."""
    defn = compiled.definition
    columns: list[Column] = []
    for q in defn.questions.values():
        if q.type in ("confirmation", "output") or q.id in NOT_IN_FILES:
            continue
        if q.type == "checkbox":
            columns += _checkbox_columns(q)
            continue
        if q.id not in compiled.specs:
            continue
        columns.append(_column(compiled, q))
    labels = [c.header for c in columns]
    for c in columns:
        q = defn.questions.get(c.field)
        if q is not None and labels.count(c.header) > 1 and c.field not in PROVIDER_HEADINGS:
            c.header = q.text  # two columns with one label: the question's own words
    seen: set[str] = set()
    for c in columns:
        if c.header in seen:
            c.header = f"{c.header} ({c.field})"
        seen.add(c.header)
    return columns


def _column(compiled: CompiledDefinition, q) -> Column:
    spec = compiled.specs[q.id]
    header = PROVIDER_HEADINGS.get(q.id) or q.check_answers_label or q.label
    aid = q.id
    if aid in ("owning_organisation_id", "managing_organisation_id"):
        return Column(header, aid, lambda a, who: who.organisation, {"type": "string"})
    if aid == "assigned_to_id":
        return Column(header, aid, lambda a, who: who.user_email, {"type": "string", "format": "email"})
    if spec.kind == "date":
        def write_date(a: dict, who: Who, aid=aid) -> str:
            value = a.get(aid)
            if value in (None, ""):
                return ""
            d = value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value)[:10])
            return f"{d.day:02d}/{d.month:02d}/{d.year}"
        return Column(header, aid, write_date, {"type": "date", "format": "%d/%m/%Y"})
    if q.options and (aid in LABELLED or is_yes_no(q)):
        words = {o.code: o.label for o in q.options}
        if is_yes_no(q):
            words.update({o.code: YES if o.label.lower() == "yes" else NO for o in q.options
                          if o.label.lower() in ("yes", "no")})
        return Column(header, aid, lambda a, who, aid=aid, words=words: _t(words.get(a.get(aid), a.get(aid))),
                      {"type": "string", "constraints": {"enum": sorted(set(words.values()))}})
    return Column(header, aid, lambda a, who, aid=aid: _t(a.get(aid)), _answer_schema(compiled, aid))


def _checkbox_columns(q) -> list[Column]:
    if q.id in LISTED:
        def write_listed(a: dict, who: Who, q=q) -> str:
            return LIST_SEPARATOR.join(o.label for o in q.options if a.get(str(o.code)) == 1)
        return [Column(q.check_answers_label or q.label, q.id, write_listed, {"type": "string"})]
    out = []
    for o in q.options:
        answer = str(o.code)
        header = o.label if len(q.options) > 1 else (q.check_answers_label or q.label)
        out.append(Column(header, answer, lambda a, who, answer=answer: {1: YES, 0: NO}.get(a.get(answer), ""),
                          {"type": "string", "constraints": {"enum": [YES, NO]}}, single_option=len(q.options) == 1))
    return out


def _answer_schema(compiled: CompiledDefinition, aid: str) -> dict:
    """Table Schema for an answer written as its code: the question's options, or its kind and
    bounds."""
    spec = compiled.specs[aid]
    q = spec.question
    if spec.codes:
        if spec.kind == "integer":
            return {"type": "integer", "constraints": {"enum": sorted(int(c) for c in spec.codes)}}
        return {"type": "string", "constraints": {"enum": sorted(str(c) for c in spec.codes)}}
    if q.options_table and q.options_table in compiled.definition.tables:
        codes = sorted({str(r["code"]) for r in compiled.definition.tables[q.options_table].rows if r.get("code") is not None})
        return {"type": "string", "constraints": {"enum": codes}}
    if spec.kind in ("integer", "number"):
        bounds = {k: v for k, v in (("minimum", q.min), ("maximum", q.max)) if v is not None}
        return {"type": spec.kind, **({"constraints": bounds} if bounds else {})}
    if spec.kind == "date":
        return {"type": "date"}
    return {"type": "string"}


def provider_rows(columns: list[Column], logs: list[dict], who: Who) -> list[list[str]]:
    writers = [c.write for c in columns]
    return [[w(a, who) for w in writers] for a in logs]


def write_provider_csv(path: Path, compiled: CompiledDefinition, logs: list[dict], who: Who) -> list[Column]:
    columns = provider_columns(compiled)
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow([c.header for c in columns])
        writer.writerows(provider_rows(columns, logs, who))
    return columns


def provider_schema(columns: list[Column]) -> dict:
    return {"fields": [{"name": c.header, **c.schema} for c in columns], "missingValues": [""]}


def provider_values(columns: list[Column]) -> dict[str, dict[str, str | None]]:
    """The values the user confirms when asked (values.translate's `unknown`): none, now that
    a one-option checkbox written Y/N (the privacy notice) is read as that option ticked or not."""
    return {}


def provider_matches(columns: list[Column]) -> list[ColumnMatch]:
    """The mapping a user confirms for the provider layout: each column to its answer."""
    return [ColumnMatch(i, c.header, c.field, None, 1.0, "bench: the column's answer") for i, c in enumerate(columns)]
