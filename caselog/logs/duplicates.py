"""Duplicate logs: two live logs of the same collection and year, owned by the same
organisation, whose duplicate-check answers (the definition's collection.yaml
`duplicate_check`) are all given and equal.

As CORE's `duplicate_logs` scopes:
- a question that does not apply to a log (age1 when the tenant's age is refused, tcharge
  when there are no charges) is compared as "no answer"; one that applies but has no answer
  yet keeps the log out of every set, and so does an unanswered date question;
- an optional question left blank (the tenant code) is compared as blank;
- supported housing lettings are told apart by their scheme and location too (CORE compares
  `location_id` when the needs type is 2): those answers are compared whenever the
  definition has them, and are blank in a general needs letting.

The gateway stores each log's duplicate key (a hash of what is compared, or None) with its
answers, so finding a log's duplicates, or every set in an organisation, is one indexed query.
Someone who looks at a set and says "these are not duplicates" is recorded as a
DuplicateDismissal of that set: it stops showing until another log joins it.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections import defaultdict
from typing import Any

from django.db.models import Count, QuerySet

from caselog.engine.completeness import is_answered

from .models import DuplicateDismissal, Log

# answers compared whenever the definition has them (CORE: location_for_log_answered)
ALSO_COMPARED = ("scheme_id", "location_id")


def compared_fields(definition) -> tuple[str, ...]:
    extra = tuple(f for f in ALSO_COMPARED if f in definition.questions and f not in definition.duplicate_check)
    return tuple(definition.duplicate_check) + extra


def _plain(value: Any) -> Any:
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def duplicate_key(compiled, year: int, owning_organisation_id: int | None, outcome) -> str | None:
    """What a log is compared on, as one hash; None while it cannot be a duplicate: no owner,
    no date, or a duplicate-check question that applies (or may yet apply) has no answer."""
    definition = compiled.definition
    if not definition.duplicate_check or owning_organisation_id is None:
        return None
    values = outcome.values
    if not is_answered(values.get(definition.date_question)):
        return None
    applies = set(outcome.questions)
    compared = []
    for field in compared_fields(definition):
        value = values.get(field)
        question = definition.questions.get(field)
        if not is_answered(value):
            if question is None:  # a derived value that cannot be worked out yet
                return None
            if field in applies and not question.optional:
                return None
            if field not in applies and not _decided(compiled, field, values, applies, {field}):
                return None  # not asked only because what decides it is not answered yet
            value = None
        compared.append([field, _plain(value)])
    payload = json.dumps([definition.collection, year, owning_organisation_id, compared], default=str, sort_keys=True)
    return hashlib.sha256(payload.encode()).hexdigest()


def _decided(compiled, field: str, values, applies: set[str], seen: set[str]) -> bool:
    """Whether every answer that decides if `field` is asked (its page's and subsection's
    conditions) is given, or is itself decidedly not asked. Values the service supplies (its
    records, not answers) always count as given."""
    for name in deciders(compiled).get(field, ()):
        if name in seen or name not in compiled.specs or is_answered(values.get(name)):
            continue
        if name in applies or not _decided(compiled, name, values, applies, seen | {name}):
            return False
    return True


_DECIDERS: dict[int, dict[str, frozenset[str]]] = {}


def deciders(compiled) -> dict[str, frozenset[str]]:
    """answer -> the variables the conditions of the pages asking it read (once per definition)."""
    found = _DECIDERS.get(id(compiled))
    if found is None:
        reads: dict[str, set[str]] = defaultdict(set)
        for page in compiled.pages:
            shared = [compiled.subsection_conditions.get(page.subsection), compiled.page_conditions.get(page.id)]
            for aid in compiled.page_questions[page.id]:
                for condition in (*shared, compiled.reveal_conditions.get((page.id, aid))):
                    if condition is not None:
                        reads[aid] |= condition.reads
        found = _DECIDERS[id(compiled)] = {k: frozenset(v) for k, v in reads.items()}
    return found


def duplicates_of(log: Log, logs: QuerySet | None = None) -> QuerySet:
    """The other live logs of `logs` (by default every log) that duplicate this one, oldest first."""
    if not log.duplicate_key:
        return Log.objects.none()
    logs = Log.objects.all() if logs is None else logs
    return logs.live().filter(duplicate_key=log.duplicate_key).exclude(pk=log.pk).order_by("created_at", "id")


def is_dismissed(key: str, log_ids) -> bool:
    """Whether someone has said that these logs (all of them) are not duplicates."""
    wanted = set(log_ids)
    return any(wanted <= set(d.log_ids) for d in DuplicateDismissal.objects.filter(duplicate_key=key))


def dismissal_of(key: str, log_ids) -> DuplicateDismissal | None:
    wanted = set(log_ids)
    for dismissal in DuplicateDismissal.objects.filter(duplicate_key=key).select_related("dismissed_by").order_by("-at"):
        if wanted <= set(dismissal.log_ids):
            return dismissal
    return None


def dismiss(key: str, log_ids, user) -> DuplicateDismissal:
    return DuplicateDismissal.objects.create(duplicate_key=key, log_ids=sorted(log_ids), dismissed_by=user)


def duplicate_sets(logs: QuerySet, *, assigned_to=None) -> list[list[int]]:
    """Each set of duplicates among `logs` (a user's logs: an organisation's, or everyone's for
    support) as log ids, oldest first; sets someone has dismissed are left out. With
    `assigned_to`, only the sets with a log assigned to that person (CORE shows a data
    provider their own)."""
    keyed = logs.live().filter(duplicate_key__isnull=False)
    shared = keyed.values("duplicate_key").annotate(n=Count("id")).filter(n__gt=1).values("duplicate_key")
    members: dict[str, list[tuple[int, int | None]]] = defaultdict(list)
    for key, pk, person in (keyed.filter(duplicate_key__in=shared).order_by("id")
                            .values_list("duplicate_key", "id", "assigned_to_id")):
        members[key].append((pk, person))
    dismissed: dict[str, list[set[int]]] = defaultdict(list)
    for key, ids in DuplicateDismissal.objects.filter(duplicate_key__in=list(members)).values_list("duplicate_key", "log_ids"):
        dismissed[key].append(set(ids))
    sets = []
    for key, rows in members.items():
        ids = [pk for pk, _ in rows]
        if any(set(ids) <= seen for seen in dismissed[key]):
            continue
        if assigned_to is not None and not any(person == assigned_to.pk for _, person in rows):
            continue
        sets.append(ids)
    return sorted(sets)
