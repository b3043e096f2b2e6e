"""submit(log, answers, source) -> Outcome: run the engine, store what it says, audit it.

Answers sent with a value replace the stored ones; a None clears one. The engine decides
the rest: answers that stop applying are removed, a value that cannot be an answer is not
stored and the log keeps the answer it had (the error is returned), derived values and
status are recomputed. The whole
change is one transaction, so a failure leaves the log as it was.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Any

from django.db import transaction
from django.utils import timezone

from caselog.accounts.models import User
from caselog.definitions.registry import available, get_definition
from caselog.engine import Outcome, evaluate_log
from caselog.logs.duplicates import duplicate_key
from caselog.logs.models import AuditEvent, Log, compact_postcode

from . import choices
from .context import log_context, log_date

CHANNELS = {"web", "upload", "api", "cli", "system"}


@dataclass(frozen=True)
class Source:
    """Who sent the answers and through which channel."""

    channel: str
    actor: Any = None  # a User; an API key's actor (caselog/channels/api/actor.py); None for the system
    reference: str = ""  # e.g. the upload id or the API key's name

    def __post_init__(self) -> None:
        if self.channel not in CHANNELS:
            raise ValueError(f"unknown channel '{self.channel}'")

    @property
    def person(self):
        """The User to record as having made the change: none for the system or an API key,
        whose name is the reference instead. The actor itself is what permissions judge."""
        return self.actor if isinstance(self.actor, User) else None


def to_json(value: Any) -> Any:
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    return value


def create_log(collection: str, year: int, source: Source, *, owning_organisation=None, managing_organisation=None,
               answers: Mapping[str, Any] | None = None, today: dt.date | None = None) -> tuple[Log, Outcome]:
    defn = get_definition(collection, year).definition  # fails clearly if there is no such definition
    first = choices.initial_answers(defn, owning_organisation, managing_organisation, source.actor)
    with transaction.atomic():
        log = Log.objects.create(
            collection=collection,
            year=year,
            owning_organisation=owning_organisation,
            managing_organisation=managing_organisation or owning_organisation,
            created_by=source.person,
            assigned_to=source.person,
        )
        outcome = _submit(log, {**first, **(answers or {})}, source, today, created=True)
    return log, outcome


def validate(log: Log, answers: Mapping[str, Any], today: dt.date | None = None, *, actor=None) -> Outcome:
    """The outcome submit() would give, with nothing stored."""
    merged, refused = choices.merge(log, log.answers, answers, actor)
    compiled = get_definition(log.collection, _year_for(log, merged))
    outcome = evaluate_log(compiled, merged, log_context(log, merged, compiled), today)
    return replace(outcome, errors=(*refused, *outcome.errors)) if refused else outcome


def submit(log: Log, answers: Mapping[str, Any], source: Source, *, today: dt.date | None = None) -> Outcome:
    return _submit(log, answers, source, today)


def _submit(log: Log, answers: Mapping[str, Any], source: Source, today: dt.date | None, created: bool = False) -> Outcome:
    """submit(); a new log's first answers are audited as its creation."""
    with transaction.atomic():
        locked = Log.objects.select_for_update().get(pk=log.pk)
        before = dict(locked.answers)
        merged, not_permitted = choices.merge(locked, before, answers, source.actor)
        year = _year_for(locked, merged)
        compiled = get_definition(locked.collection, year)
        outcome = evaluate_log(compiled, merged, log_context(locked, merged, compiled), today)
        refused = [e for e in outcome.errors if e.rule.startswith("answer.")]
        if refused:
            # a value that cannot be an answer does not replace the answer the log had
            for field in {f for e in refused for f in e.fields}:
                if field in before:
                    merged[field] = before[field]
                else:
                    merged.pop(field, None)
            outcome = evaluate_log(compiled, merged, log_context(locked, merged, compiled), today)
        refused = not_permitted + refused

        stored = {k: to_json(v) for k, v in outcome.answers.items()}
        changes = {
            k: [before.get(k), stored.get(k)]
            for k in sorted(set(before) | set(stored))
            if before.get(k) != stored.get(k)
        }
        now = timezone.now()
        # who gave each answer changed since the log was created; an answer not listed came
        # with the log's creation, whose audit event says by whom, when and how
        sources = {} if created else dict(locked.sources)
        for field in changes if not created else ():
            if field in stored:
                sources[field] = {"channel": source.channel, "actor_id": getattr(source.person, "pk", None), "at": now.isoformat()}
            else:
                sources.pop(field, None)

        defn = compiled.definition
        refs = [stored.get(f) for f in defn.reference_fields] + [None, None]
        locked.year = year
        locked.answers = stored
        locked.derived = {k: to_json(v) for k, v in outcome.derived.items() if v is not None}
        locked.sources = sources
        locked.status = outcome.status
        locked.errors = [dict(e.as_dict()) for e in outcome.errors]
        locked.warnings = [dict(w.as_dict()) for w in outcome.warnings]
        locked.error_count = len(outcome.errors)
        locked.warning_count = len(outcome.unconfirmed_warnings)
        locked.provider_reference = str(refs[0] or "")[:50]
        locked.property_reference = str(refs[1] or "")[:50]
        locked.postcode = compact_postcode(stored.get(defn.postcode_question)) if defn.postcode_question else ""
        locked.version += 1
        choices.follow_answers(locked, stored)
        locked.duplicate_key = duplicate_key(compiled, year, locked.owning_organisation_id, outcome)
        locked.save()
        if changes or created:
            AuditEvent.objects.create(log=locked, actor=source.person, channel=source.channel,
                                      action="created" if created else "updated", changes=changes,
                                      reference=source.reference)
    if refused:
        outcome = replace(outcome, errors=(*refused, *outcome.errors))
    # the caller's object reflects what was stored
    for attr in ("owning_organisation", "managing_organisation", "assigned_to", "year", "answers", "derived", "sources", "status", "errors", "warnings", "error_count",
                 "warning_count", "provider_reference", "property_reference", "postcode", "duplicate_key", "version", "updated_at"):
        setattr(log, attr, getattr(locked, attr))
    return outcome


def _year_for(log: Log, answers: Mapping[str, Any]) -> int:
    """The collection year follows the log's date question (CORE: the tenancy start date)."""
    when = log_date(get_definition(log.collection, log.year).definition, answers)
    if when is None:
        return log.year
    for collection, year in available():
        if collection != log.collection:
            continue
        dates = get_definition(collection, year).definition.dates
        if dates.start <= when <= dates.end:
            return year
    return log.year
