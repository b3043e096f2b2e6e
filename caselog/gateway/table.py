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
from caselog.engine.log import make_finding
from caselog.engine.messages import answer_problem_finding
from caselog.engine.outcome import Finding
from caselog.engine.table import APPLIES, CHECK, LOG_STATUS, ORIGINAL, PROBLEM, RULE
from caselog.logs.duplicates import _deciders, compared_fields, duplicate_key
from caselog.logs.models import AuditEvent, Log, compact_postcode

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
    raw, refused = _records(raw, compiled, befores, Records(source.actor, defn))
    raw = _confirmed(raw, compiled, confirm)
    raw = raw.hstack(_context(raw, compiled, Records(source.actor, defn)))

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
    from caselog.engine.expressions import EvalContext

    compiled = check.compiled
    table = check.table
    flags = [RULE + r.rule.id for r in compiled.rules] + [CHECK + c.rule.id for c in compiled.checks]
    problems = [PROBLEM + a for a in compiled.specs]
    marked = pl.any_horizontal([pl.col(c) for c in flags] + [pl.col(p).is_not_null() for p in problems])
    index = table.select(pl.int_range(0, table.height).alias("__row"), marked.alias("__marked")).filter(pl.col("__marked"))["__row"]
    out: dict[int, tuple[list[Finding], list[Finding]]] = {}
    for i, found in check.refused.items():
        out[i] = (list(found), [])
    if index.len():
        ctx = EvalContext(today=today or timezone.localdate())
        names = list(dict.fromkeys([*compiled.specs, *compiled.derived_names, *compiled.definition.context_types]))
        rows = table[index.to_list()]
        raw_rows = check.raw[index.to_list()]
        for i, row, raw_row in zip(index.to_list(), rows.iter_rows(named=True), raw_rows.iter_rows(named=True), strict=True):
            values = {n: tidy(row[n]) for n in names if row.get(n) is not None}
            errors = [answer_problem_finding(compiled, a, raw_row.get(a), row[PROBLEM + a]) for a in compiled.specs if row[PROBLEM + a] is not None]
            errors += [make_finding(compiled, r, values, ctx) for r in compiled.rules if row[RULE + r.rule.id]]
            warnings = [make_finding(compiled, c, values, ctx) for c in compiled.checks if row[CHECK + c.rule.id]]
            before = out.get(i, ([], []))
            out[i] = (before[0] + errors, warnings)
    return {i: v for i, v in out.items() if v[0] or v[1]}


# storing --------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Stored:
    created: list[int]
    updated: list[int]


def store_table(check: TableCheck, source: Source, rows: Iterable[int] | None = None, today: dt.date | None = None) -> Stored:
    """Store the rows chosen (all by default) as logs, all of them or none: one transaction.
    Each log is stored as submit() stores one, and audited as created or updated by `source`."""
    chosen = sorted(set(range(check.rows) if rows is None else rows))
    return write_logs(check.compiled, list(zip([check.log_ids[i] for i in chosen], stored_values(check, chosen, today),
                                               strict=True)), source)


def write_logs(compiled: CompiledDefinition, items: list[tuple[int | None, dict[str, Any]]], source: Source) -> Stored:
    """Write logs worked out by stored_values(): (the log a row updates or None, its values).
    One transaction: a failure, or a worker stopped part way, leaves no log written."""
    defn = compiled.definition
    now = timezone.now()
    actor_id = getattr(source.actor, "pk", None)
    with transaction.atomic():
        updating = {log.pk: log for log in Log.objects.select_for_update().filter(pk__in=[i for i, _ in items if i])}
        new_logs, audits_new, changed_logs, audits_changed = [], [], [], []
        for log_id, v in items:
            log = updating.get(log_id) if log_id else None
            if log is None:
                log = Log(collection=defn.collection, year=defn.year, created_by_id=actor_id)
                log.sources = _sources({}, v["answers"], {}, source, now)
                _apply(log, v, defn, now)
                new_logs.append(log)
                audits_new.append(AuditEvent(actor_id=actor_id, channel=source.channel, action="created",
                                             changes=_changes({}, v["answers"]), reference=source.reference, at=now))
            else:
                changes = _changes(log.answers, v["answers"])
                log.sources = _sources(log.answers, v["answers"], log.sources, source, now)
                _apply(log, v, defn, now)
                log.version += 1
                changed_logs.append(log)
                if changes:
                    audits_changed.append(AuditEvent(log=log, actor_id=actor_id, channel=source.channel, action="updated",
                                                     changes=changes, reference=source.reference, at=now))
        Log.objects.bulk_create(new_logs, batch_size=1000)
        for log, audit in zip(new_logs, audits_new, strict=True):
            audit.log = log
        if changed_logs:
            Log.objects.bulk_update(changed_logs, [*STORED_FIELDS, "sources", "version", "updated_at"], batch_size=1000)
        AuditEvent.objects.bulk_create(audits_new + audits_changed, batch_size=1000)
    return Stored([log.pk for log in new_logs], [log.pk for log in changed_logs])


STORED_FIELDS = ("owning_organisation_id", "managing_organisation_id", "assigned_to_id", "status", "answers", "derived",
                 "errors", "warnings", "error_count", "warning_count", "provider_reference", "property_reference",
                 "postcode", "duplicate_key")


def _apply(log: Log, v: dict[str, Any], defn, now) -> None:
    answers = v["answers"]
    for name, attr in (("owning_organisation_id", "owning_organisation_id"), ("managing_organisation_id", "managing_organisation_id"),
                       ("assigned_to_id", "assigned_to_id")):
        if answers.get(name):
            setattr(log, attr, int(answers[name]))
    refs = [answers.get(f) for f in defn.reference_fields] + [None, None]
    log.status = v["status"]
    log.answers = answers
    log.derived = v["derived"]
    log.errors = v["errors"]
    log.warnings = v["warnings"]
    log.error_count = len(v["errors"])
    log.warning_count = sum(1 for w in v["warnings"] if not w.get("confirmed"))
    log.provider_reference = str(refs[0] or "")[:50]
    log.property_reference = str(refs[1] or "")[:50]
    log.postcode = compact_postcode(answers.get(defn.postcode_question)) if defn.postcode_question else ""
    log.duplicate_key = v["duplicate_key"]
    log.updated_at = now


def _sources(before: Mapping[str, Any], after: Mapping[str, Any], kept: Mapping[str, Any], source: Source, now) -> dict[str, Any]:
    """Who gave each answer, as submit() records it: the changed ones are this source's."""
    given = {"channel": source.channel, "actor_id": getattr(source.actor, "pk", None), "at": now.isoformat()}
    sources = {k: v for k, v in kept.items() if k in after}
    sources.update({k: given for k in after if before.get(k) != after.get(k)})
    return sources


def _changes(before: Mapping[str, Any], after: Mapping[str, Any]) -> dict[str, list]:
    return {k: [before.get(k), after.get(k)] for k in sorted(set(before) | set(after)) if before.get(k) != after.get(k)}


def stored_values(check: TableCheck, chosen: list[int], today=None) -> list[dict[str, Any]]:
    """For each chosen row: the answers, derived values, errors, warnings, status and
    duplicate key submit() would store, built column by column."""
    compiled = check.compiled
    table = check.table[chosen] if len(chosen) != check.rows else check.table
    # the answers given that still apply, as read (a derivation may rewrite one, e.g. a
    # postcode tidied: that is a derived value, as in evaluate_log)
    given = table.select([
        (pl.when(pl.col(APPLIES + a)).then(pl.col(ORIGINAL + a)) if APPLIES + a in table.columns else pl.col(ORIGINAL + a)).alias(a)
        for a in compiled.specs])
    answers_json = _json_objects(given, list(compiled.specs))
    derived_json = _json_objects(table, list(compiled.derived_names))
    findings = check.findings(today)
    statuses = table[LOG_STATUS].to_list()
    keys = _duplicate_keys(check, table, chosen)
    out = []
    for position, i in enumerate(chosen):
        errors, warnings = findings.get(i, ([], []))
        # a cell that cannot be an answer, or names a record the sender may not, is reported
        # to them and not stored: the log holds no such answer, so no such error either
        errors = [e for e in errors if not e.rule.startswith("answer.")]
        out.append({
            "answers": json.loads(answers_json[position]),
            "derived": json.loads(derived_json[position]),
            "errors": [dict(e.as_dict()) for e in errors],
            "warnings": [dict(w.as_dict()) for w in warnings],
            "status": statuses[position],
            "duplicate_key": keys[position],
        })
    return out


def _json_objects(table: pl.DataFrame, names: list[str]) -> list[str]:
    """Each row's non-null values as a JSON object, as submit() stores them (dates as ISO
    text, whole numbers without ".0")."""
    present = [n for n in names if n in table.columns]
    if not present:
        return ["{}"] * table.height
    exprs = []
    for n in present:
        col = pl.col(n)
        if table.schema[n] == pl.Float64:
            # a whole number is stored as one (tidy()); the struct keeps one type per column
            col = pl.when(col == col.round(0)).then(col.cast(pl.Int64).cast(pl.String)).otherwise(col.cast(pl.String))
            exprs.append(col.alias(n))
        else:
            exprs.append(col)
    encoded = table.select(pl.struct(exprs).struct.json_encode().alias("j"))["j"]
    # numbers written as text above become numbers again; nulls are dropped
    floats = [n for n in present if table.schema[n] == pl.Float64]
    text = encoded
    if floats:
        for n in floats:
            text = text.str.replace(f'"{n}":"(-?[0-9.e+-]+)"', f'"{n}":${{1}}')
    text = text.str.replace_all(r',"[^"\\]*":null', "").str.replace_all(r'\{"[^"\\]*":null,?', "{")
    return text.to_list()


def _duplicate_keys(check: TableCheck, table: pl.DataFrame, chosen: list[int]) -> list[str | None]:
    """duplicate_key() for each row, reading only the answers it compares and what decides
    whether they are asked."""
    compiled = check.compiled
    defn = compiled.definition
    if not defn.duplicate_check:
        return [None] * table.height
    deciders = _deciders(compiled)
    needed = set(compared_fields(defn)) | {defn.date_question}
    todo = list(needed)
    while todo:
        for name in deciders.get(todo.pop(), ()):
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
