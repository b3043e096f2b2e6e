"""The gateway for many logs at once (an uploaded file): check_table judges every row as
submit() judges one log, and store_table stores them, all or none, in one transaction.

The same rules run: the engine's table path (held to the one-log path by a property test),
the same permissions on the answers that name organisations, owners, schemes and locations
(records.py), the same context and scheme prefill, and a row that updates a log is judged
with the answers the log has, its own non-blank cells replacing them. What differs is only
speed: each record is looked up once, and stored values are built column by column.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, field
from types import SimpleNamespace
from typing import Any

import polars as pl
from django.db import transaction
from django.utils import timezone

from caselog.definitions.registry import get_definition
from caselog.engine import evaluate_table
from caselog.engine.answers import as_text, tidy
from caselog.engine.compiled import CompiledDefinition
from caselog.engine.expressions import EvalContext
from caselog.engine.log import make_finding
from caselog.engine.messages import PLACEHOLDER, answer_problem_finding
from caselog.engine.outcome import Finding
from caselog.engine.table import APPLIES, CHECK, LOG_STATUS, ORIGINAL, PROBLEM, RULE
from caselog.logs.duplicates import compared_fields, deciders, duplicate_key
from caselog.logs.models import AuditEvent, Log

from .choices import CHECKED, initial_answers
from .context import log_date
from .records import Records
from .submit import Source

BLANKING_PASSES = 3  # blanking one wrong answer can make another rule fail; CORE's rules settle in two


@dataclass
class TableCheck:
    """What the gateway found in every row; nothing is stored yet."""

    compiled: CompiledDefinition
    raw: pl.DataFrame  # the answers judged, as text (a log's stored answers under a row's cells)
    table: pl.DataFrame  # evaluate_table's result
    log_ids: list[int | None]  # the log each row updates, None for a new log
    refused: dict[int, list[Finding]] = field(default_factory=dict)  # record answers refused, by row
    blanked: dict[int, set[str]] = field(default_factory=dict)  # answers left blank because they were wrong
    _found: dict = field(default_factory=dict, repr=False)  # findings(), worked out once per table
    _found_for: pl.DataFrame | None = field(default=None, repr=False)

    @property
    def rows(self) -> int:
        return self.table.height

    def statuses(self) -> list[str]:
        return self.table[LOG_STATUS].to_list()

    def findings(self, today: dt.date | None = None) -> dict[int, tuple[list[Finding], list[Finding]]]:
        """(errors, warnings) of each row that has any, in the words of the definition."""
        return _findings(self, today)


def check_table(
    collection: str,
    year: int,
    answers: pl.DataFrame,
    source: Source,
    *,
    organisation,
    log_ids: list[int | None] | None = None,
    confirm: Collection[int] | bool = False,
    blank_errors: bool = False,
    today: dt.date | None = None,
) -> TableCheck:
    """Judge every row of `answers` (text, one column per answer id) as a log of `organisation`
    sent by `source`. `log_ids` says which rows update a log; `confirm` confirms the soft
    checks of every row (True) or of the rows given; with `blank_errors` the answers a hard
    rule names are left blank instead, as the person uploading chose."""
    compiled = get_definition(collection, year)
    defn = compiled.definition
    today = today or timezone.localdate()
    ids = list(log_ids) if log_ids is not None else [None] * answers.height
    existing = {log.pk: log for log in Log.objects.filter(pk__in=[i for i in ids if i])}
    first = initial_answers(defn, organisation, organisation, source.actor)
    befores = [existing[i].answers if i in existing else first for i in ids]

    raw = _as_text(compiled, answers)
    raw = _under(raw, compiled, befores, [i in existing for i in ids], first)
    records = Records(source.actor, defn)
    raw, refused = _records(raw, compiled, befores, records)
    raw = _confirmed(raw, compiled, confirm)
    raw = raw.hstack(_context(raw, compiled, records))

    check = TableCheck(compiled, raw, evaluate_table(compiled, raw, None, today), ids, refused)
    _keep_what_logs_had(check, befores, existing, today)
    if blank_errors:
        _blank_errors(check, today)
    return check


# building the table to judge ------------------------------------------------------------------

def _as_text(compiled: CompiledDefinition, answers: pl.DataFrame) -> pl.DataFrame:
    known = [c for c in answers.columns if c in compiled.specs]
    return answers.select([pl.col(c).cast(pl.String).str.strip_chars().replace("", None).alias(c) for c in known])


def _under(raw: pl.DataFrame, compiled, befores: list[dict], updates: list[bool], first: dict) -> pl.DataFrame:
    """Each row's cells over the answers its log has: a blank cell leaves the answer alone."""
    names = list(compiled.specs)
    stored = {n: [as_text(b.get(n)) for b in befores] for n in names} if any(updates) else {
        n: [first.get(n)] * raw.height for n in first}
    columns = []
    for n in names:
        given = raw[n] if n in raw.columns else None
        if n not in stored:
            columns.append(given if given is not None else pl.Series(n, [None] * raw.height, pl.String))
            continue
        kept = pl.Series(n, stored[n], pl.String)
        columns.append(kept if given is None else given.fill_null(kept))
    return pl.DataFrame(columns)


def _records(raw: pl.DataFrame, compiled, befores: list[dict], records: Records) -> tuple[pl.DataFrame, dict]:
    """The answers naming records, judged row by row (each record looked up once), and what
    choosing a scheme fills in."""
    names = [n for n in CHECKED if n in compiled.specs]
    if not names:
        return raw, {}
    from caselog.schemes.context import ADDRESS_ANSWERS

    address = [a for a in ADDRESS_ANSWERS if a in raw.columns]
    given_rows = raw.select(names + address).rows()
    resolved: dict[str, list] = {n: [] for n in names}
    filled: dict[str, dict[int, Any]] = {}
    refused: dict[int, list[Finding]] = {}
    for i, row in enumerate(given_rows):
        before = befores[i]
        given = dict(zip(names, row[: len(names)], strict=True))
        changed = {n: v for n, v in given.items() if v is not None and str(v) != str(before.get(n) or "")}
        named = records.judge(changed, before)
        if named.refused:
            refused[i] = named.refused
        for n in names:
            resolved[n].append(named.answers[n] if n in named.answers else _str(before.get(n)))
        choice = {n: named.answers[n] for n in ("scheme_id", "location_id") if n in named.answers}
        if choice:
            gives = {a for a, v in zip(address, row[len(names):], strict=True) if v is not None}
            for answer, value in records.prefilled(choice, before).items():
                if answer not in gives and answer not in choice:
                    filled.setdefault(answer, {})[i] = value
    columns = [pl.Series(n, resolved[n], pl.String) for n in names]
    for answer, by_row in filled.items():
        if answer in raw.columns:
            values = raw[answer].to_list()
            for i, value in by_row.items():
                values[i] = as_text(value)
            columns.append(pl.Series(answer, values, pl.String))
    return raw.with_columns(columns), refused


def _confirmed(raw: pl.DataFrame, compiled, confirm: Collection[int] | bool) -> pl.DataFrame:
    """The soft checks confirmed for the rows chosen: each check's confirmation answered "yes"
    (routing clears it wherever its check does not ask)."""
    if confirm is False or not compiled.checks:
        return raw
    rows = pl.int_range(0, raw.height)
    chosen = pl.lit(True) if confirm is True else rows.is_in(list(confirm))
    names = {c.rule.confirmation for c in compiled.checks if c.rule.confirmation in raw.columns}
    return raw.with_columns([pl.when(chosen).then(pl.lit("0")).otherwise(pl.col(n)).alias(n) for n in names])


def _context(raw: pl.DataFrame, compiled, records: Records) -> pl.DataFrame:
    """What the service knows about each row's records, as columns (log_context)."""
    defn = compiled.definition
    names = [n for n in CHECKED if n in raw.columns]
    keys = names + ([defn.date_question] if defn.date_question in raw.columns else [])
    rows = raw.select(keys).rows()
    contexts = []
    for row in rows:
        answers = dict(zip(keys, row, strict=True))
        if answers.get(defn.date_question):
            answers[defn.date_question] = log_date(defn, answers)
        contexts.append(records.context(answers, compiled))
    from caselog.engine.table import DTYPES

    return pl.DataFrame(
        {name: [c.get(name) for c in contexts] for name in defn.context_types},
        schema={name: DTYPES[kind] for name, kind in defn.context_types.items()},
    )


def _str(value: Any) -> str | None:
    return None if value in (None, "") else str(value)


# as submit() does after judging --------------------------------------------------------------

def _keep_what_logs_had(check: TableCheck, befores: list[dict], existing: Mapping[int, Log], today) -> None:
    """A cell that cannot be an answer does not replace the answer the log had."""
    updates = [i for i, log_id in enumerate(check.log_ids) if log_id in existing]
    if not updates:
        return
    problems = [c for c in check.table.columns if c.startswith(PROBLEM)]
    flagged = check.table.select(pl.int_range(0, check.rows).alias("i"), *problems).filter(
        pl.int_range(0, check.rows).is_in(updates) & pl.any_horizontal(pl.col(problems).is_not_null()))
    if flagged.height == 0:
        return
    raw = check.raw
    changes: dict[str, list] = {}
    for row in flagged.iter_rows(named=True):
        for column in problems:
            if row[column] is not None:
                aid = column[len(PROBLEM):]
                changes.setdefault(aid, raw[aid].to_list())[row["i"]] = as_text(befores[row["i"]].get(aid))
    check.raw = raw.with_columns([pl.Series(a, v, pl.String) for a, v in changes.items()])
    check.table = evaluate_table(check.compiled, check.raw, None, today)
    # the errors for the refused cells are still reported: judged again, they are the log's old answers
    for row in flagged.iter_rows(named=True):
        for column in problems:
            if row[column] is not None:
                aid = column[len(PROBLEM):]
                finding = answer_problem_finding(check.compiled, aid, None, row[column])
                check.refused.setdefault(row["i"], []).append(finding)


def _blank_errors(check: TableCheck, today) -> None:
    """Leave blank each answer a hard rule names, in the rows that break one, until none do."""
    for _ in range(BLANKING_PASSES):
        fields_by_row: dict[int, set[str]] = {}
        for i, (errors, _warnings) in check.findings(today).items():
            for finding in errors:
                fields_by_row.setdefault(i, set()).update(f for f in finding.fields if f in check.raw.columns)
        for i, found in check.refused.items():
            fields_by_row.setdefault(i, set()).update(f for f in (x for e in found for x in e.fields) if f in check.raw.columns)
        fields_by_row = {i: f for i, f in fields_by_row.items() if f - check.blanked.get(i, set())}
        if not fields_by_row:
            return
        columns: dict[str, list] = {}
        for i, found in fields_by_row.items():
            for aid in found:
                columns.setdefault(aid, check.raw[aid].to_list())[i] = None
            check.blanked.setdefault(i, set()).update(found)
        check.raw = check.raw.with_columns([pl.Series(a, v, pl.String) for a, v in columns.items()])
        check.table = evaluate_table(check.compiled, check.raw, None, today)


# findings, worded ------------------------------------------------------------------------------

def _findings(check: TableCheck, today) -> dict[int, tuple[list[Finding], list[Finding]]]:
    """As outcomes() words them, reading for each failing rule only the rows it fails and the
    values its message reads (a file where every row breaks a rule stays quick)."""
    if check._found_for is check.table:
        return check._found
    compiled = check.compiled
    table = check.table.with_row_index("__row")
    ctx = EvalContext(today=today or timezone.localdate())
    errors: dict[int, list[Finding]] = {i: list(found) for i, found in check.refused.items()}
    warnings: dict[int, list[Finding]] = {}

    problem_names = [a for a in compiled.specs]
    counts = table.select([pl.col(PROBLEM + a).is_not_null().sum() for a in problem_names]).row(0)
    for aid, count in zip(problem_names, counts, strict=True):
        if count:
            rows = table.filter(pl.col(PROBLEM + aid).is_not_null()).select("__row", PROBLEM + aid)
            raw = check.raw[aid].gather(rows["__row"]).to_list() if aid in check.raw.columns else [None] * rows.height
            for (i, problem), given in zip(rows.iter_rows(), raw, strict=True):
                errors.setdefault(i, []).append(answer_problem_finding(compiled, aid, given, problem))

    for rules, flag, out in ((compiled.rules, RULE, errors), (compiled.checks, CHECK, warnings)):
        failing = table.select([pl.col(flag + r.rule.id).sum() for r in rules]).row(0) if rules else ()
        for rule, count in zip(rules, failing, strict=True):
            if not count:
                continue
            names = [n for n in _reads_for_words(rule) if n in table.columns]
            for row in table.filter(pl.col(flag + rule.rule.id)).select("__row", *names).iter_rows(named=True):
                values = {n: tidy(v) for n, v in row.items() if v is not None and n != "__row"}
                out.setdefault(row["__row"], []).append(make_finding(compiled, rule, values, ctx))
    found = {i: (errors.get(i, []), warnings.get(i, [])) for i in sorted(set(errors) | set(warnings))}
    check._found, check._found_for = found, check.table
    return found


_READS: dict[int, tuple[str, ...]] = {}


def _reads_for_words(rule) -> tuple[str, ...]:
    """The values a rule's finding is worded from: its parameters' variables, the names its
    messages show, and the confirmation a check reads."""
    found = _READS.get(id(rule))
    if found is None:
        r = rule.rule
        names = set().union(*(p.reads for p in rule.params.values())) if rule.params else set()
        for text in (r.message, r.text or "", *r.messages.values()):
            names |= {m.group(1) for m in PLACEHOLDER.finditer(text or "")}
        if r.confirmation:
            names.add(r.confirmation)
        found = _READS[id(rule)] = tuple(sorted(names))
    return found


# storing --------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Stored:
    created: list[int]
    updated: list[int]


@dataclass
class ToStore:
    """Rows ready to be written as logs: what submit() would store for each, column by column
    (JSON already as text, so 100,000 logs are not turned into Python objects and back)."""

    log_ids: list[int | None] = field(default_factory=list)  # the log a row updates, or None
    answers: list[str] = field(default_factory=list)
    derived: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    error_counts: list[int] = field(default_factory=list)
    warning_counts: list[int] = field(default_factory=list)
    statuses: list[str] = field(default_factory=list)
    duplicate_keys: list[str | None] = field(default_factory=list)
    owners: list[int | None] = field(default_factory=list)
    managers: list[int | None] = field(default_factory=list)
    assignees: list[int | None] = field(default_factory=list)
    provider_references: list[str] = field(default_factory=list)
    property_references: list[str] = field(default_factory=list)
    postcodes: list[str] = field(default_factory=list)
    created_changes: list[str] = field(default_factory=list)  # a new log's audit: {answer: [null, value]}

    def __len__(self) -> int:
        return len(self.answers)

    def extend(self, other: ToStore) -> None:
        for name in self.__dataclass_fields__:
            getattr(self, name).extend(getattr(other, name))

    def storable(self, blank_errors: bool) -> ToStore:
        """The rows an upload stores: every row when the person chose to leave wrong answers
        blank (they are blank by now), otherwise those with no error."""
        return self.select(i for i in range(len(self)) if blank_errors or not self.error_counts[i])

    def select(self, keep: Iterable[int]) -> ToStore:
        keep = list(keep)
        return ToStore(**{name: [getattr(self, name)[i] for i in keep] for name in self.__dataclass_fields__})


def store_table(check: TableCheck, source: Source, rows: Iterable[int] | None = None, today: dt.date | None = None) -> Stored:
    """Store the rows chosen (all by default) as logs, all of them or none: one transaction.
    Each log is stored as submit() stores one, and audited as created or updated by `source`."""
    chosen = sorted(set(range(check.rows) if rows is None else rows))
    return write_logs(check.compiled, stored_values(check, chosen, today), source)


def stored_values(check: TableCheck, chosen: list[int], today=None) -> ToStore:
    """For each chosen row: the answers, derived values, errors, warnings, status, duplicate
    key, organisations, owner and references submit() would store."""
    compiled = check.compiled
    defn = compiled.definition
    table = check.table[chosen] if len(chosen) != check.rows else check.table
    # the answers given that still apply, as read (a derivation may rewrite one, e.g. a
    # postcode tidied: that is a derived value, as in evaluate_log)
    given = table.select([
        (pl.when(pl.col(APPLIES + a)).then(pl.col(ORIGINAL + a)) if APPLIES + a in table.columns else pl.col(ORIGINAL + a)).alias(a)
        for a in compiled.specs])
    answers_json = _json_objects(given, list(compiled.specs))
    findings = check.findings(today)
    out = ToStore(log_ids=[check.log_ids[i] for i in chosen], answers=answers_json.to_list(),
                  derived=_json_objects(table, list(compiled.derived_names)).to_list(),
                  statuses=table[LOG_STATUS].to_list(), duplicate_keys=_duplicate_keys(check, table, chosen),
                  created_changes=_as_created(answers_json).to_list())
    for i in chosen:
        errors, warnings = findings.get(i, ([], []))
        # a cell that cannot be an answer, or names a record the sender may not, is reported
        # to them and not stored: the log holds no such answer, so no such error either
        errors = [e for e in errors if not e.rule.startswith("answer.")]
        out.errors.append(json.dumps([e.as_dict() for e in errors], ensure_ascii=False) if errors else "[]")
        out.warnings.append(json.dumps([w.as_dict() for w in warnings], ensure_ascii=False) if warnings else "[]")
        out.error_counts.append(len(errors))
        out.warning_counts.append(sum(1 for w in warnings if not w.confirmed))
    for name, values in (("owning_organisation_id", out.owners), ("managing_organisation_id", out.managers),
                         ("assigned_to_id", out.assignees)):
        values.extend(given[name].cast(pl.Int64, strict=False).to_list() if name in given.columns else [None] * len(chosen))
    refs = list(defn.reference_fields) + [None, None]
    for name, values in ((refs[0], out.provider_references), (refs[1], out.property_references)):
        column = given[name].cast(pl.String).fill_null("").str.slice(0, 50) if name in given.columns else None
        values.extend(column.to_list() if column is not None else [""] * len(chosen))
    if defn.postcode_question in given.columns:
        out.postcodes.extend(given[defn.postcode_question].cast(pl.String).fill_null("").str.replace_all(r"\s", "")
                             .str.to_uppercase().str.slice(0, 16).to_list())
    else:
        out.postcodes.extend([""] * len(chosen))
    return out


def _json_objects(table: pl.DataFrame, names: list[str]) -> pl.Series:
    """Each row's non-null values as a JSON object, as submit() stores them (dates as ISO
    text, whole numbers without ".0")."""
    present = [n for n in names if n in table.columns]
    if not present:
        return pl.Series(["{}"] * table.height, dtype=pl.String)
    floats = [n for n in present if table.schema[n] == pl.Float64]
    exprs = []
    for n in present:
        col = pl.col(n)
        if n in floats:
            # a whole number is stored as one (tidy()); the struct keeps one type per column,
            # so numbers go in as text and are made numbers again below
            col = pl.when(col == col.round(0)).then(col.cast(pl.Int64).cast(pl.String)).otherwise(col.cast(pl.String))
        exprs.append(col.alias(n))
    text = table.select(pl.struct(exprs).struct.json_encode().alias("j"))["j"]
    for n in floats:
        text = text.str.replace(f'"{n}":"(-?[0-9.e+-]+)"', f'"{n}":${{1}}')
    # nulls are not stored; a key follows "{" or "," (never inside a string, where quotes are escaped)
    return text.str.replace_all(r',"[^"\\]*":null', "").str.replace_all(r'\{"[^"\\]*":null,?', "{")


def _as_created(answers_json: pl.Series) -> pl.Series:
    """{"a": 1, "b": "x"} -> {"a": [null, 1], "b": [null, "x"]}: a new log's audited changes."""
    pair = r'([{,])"([^"\\]+)":("(?:[^"\\]|\\.)*"|[^,}"]+)'
    return answers_json.str.replace_all(pair, r'${1}"${2}":[null,${3}]')


def write_logs(compiled: CompiledDefinition, rows: ToStore, source: Source) -> Stored:
    """Write the logs worked out by stored_values(), audited as `source`'s. One transaction:
    a failure, or a worker stopped part way, leaves no log written."""
    from .writing import insert_logs

    defn = compiled.definition
    now = timezone.now()
    actor_id = getattr(source.person, "pk", None)
    new = [i for i, log_id in enumerate(rows.log_ids) if log_id is None]
    with transaction.atomic():
        created = insert_logs(defn, rows.select(new), source, now) if new else []
        updated = _update_logs(defn, rows.select([i for i, log_id in enumerate(rows.log_ids) if log_id]), source, now, actor_id)
    return Stored(created, updated)


def _update_logs(defn, rows: ToStore, source: Source, now, actor_id) -> list[int]:
    """Rows that update a log: few, so through the ORM, each change audited as in submit()."""
    if not len(rows):
        return []
    logs = {log.pk: log for log in Log.objects.select_for_update().filter(pk__in=rows.log_ids)}
    changed, audits = [], []
    for i, log_id in enumerate(rows.log_ids):
        log = logs.get(log_id)
        if log is None:
            continue
        answers = json.loads(rows.answers[i])
        changes = {k: [log.answers.get(k), answers.get(k)] for k in sorted(set(log.answers) | set(answers))
                   if log.answers.get(k) != answers.get(k)}
        given = {"channel": source.channel, "actor_id": actor_id, "at": now.isoformat()}
        log.sources = {**{k: v for k, v in log.sources.items() if k in answers}, **{k: given for k in changes if k in answers}}
        for k in changes:
            if k not in answers:
                log.sources.pop(k, None)
        log.answers = answers
        log.derived = json.loads(rows.derived[i])
        log.errors = json.loads(rows.errors[i])
        log.warnings = json.loads(rows.warnings[i])
        log.error_count, log.warning_count = rows.error_counts[i], rows.warning_counts[i]
        log.status = rows.statuses[i]
        log.duplicate_key = rows.duplicate_keys[i]
        log.owning_organisation_id = rows.owners[i] or log.owning_organisation_id
        log.managing_organisation_id = rows.managers[i] or log.managing_organisation_id
        log.assigned_to_id = rows.assignees[i] or log.assigned_to_id
        log.provider_reference, log.property_reference = rows.provider_references[i], rows.property_references[i]
        log.postcode = rows.postcodes[i]
        log.version += 1
        log.updated_at = now
        changed.append(log)
        if changes:
            audits.append(AuditEvent(log=log, actor_id=actor_id, channel=source.channel, action="updated",
                                     changes=changes, reference=source.reference, at=now))
    Log.objects.bulk_update(changed, [*STORED_FIELDS, "sources", "version", "updated_at"], batch_size=500)
    AuditEvent.objects.bulk_create(audits, batch_size=500)
    return [log.pk for log in changed]


STORED_FIELDS = ("owning_organisation_id", "managing_organisation_id", "assigned_to_id", "status", "answers", "derived",
                 "errors", "warnings", "error_count", "warning_count", "provider_reference", "property_reference",
                 "postcode", "duplicate_key")


def _duplicate_keys(check: TableCheck, table: pl.DataFrame, chosen: list[int]) -> list[str | None]:
    """duplicate_key() for each row, reading only the answers it compares and what decides
    whether they are asked."""
    compiled = check.compiled
    defn = compiled.definition
    if not defn.duplicate_check:
        return [None] * table.height
    deciding = deciders(compiled)
    needed = set(compared_fields(defn)) | {defn.date_question}
    todo = list(needed)
    while todo:
        for name in deciding.get(todo.pop(), ()):
            if name not in needed:
                needed.add(name)
                todo.append(name)
    names = [n for n in needed if n in table.columns]
    applies = [n for n in needed if APPLIES + n in table.columns]
    frame = table.select([*names, *[pl.col(APPLIES + n) for n in applies]])
    owners = table["owning_organisation_id"].to_list() if "owning_organisation_id" in table.columns else [None] * table.height
    always = {a for a in compiled.answer_ids if a not in compiled.paged_answers}
    out = []
    for row, owner in zip(frame.iter_rows(named=True), owners, strict=True):
        values = {n: tidy(row[n]) for n in names if row[n] is not None}
        questions = always | {n for n in applies if row[APPLIES + n]}
        out.append(duplicate_key(compiled, defn.year, int(owner) if owner else None, SimpleNamespace(values=values, questions=questions)))
    return out
