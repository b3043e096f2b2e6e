"""Answers chosen from the service's own records: the log's organisations, its owner (the
user it is assigned to), its scheme and its location.

Whoever sends them, through whichever channel, may only name what they may use
(caselog/accounts/permissions.py); a value they may not use is refused like any answer
that cannot be read, worded by the definition (answer_messages.yaml, not_permitted.*), and
the log keeps what it had. Choosing a scheme fills in the answers CORE fills in
(caselog/schemes/context.py). The Log's own organisation and owner fields follow the stored
answers, so who can see a log and what it says agree.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from caselog.accounts import permissions
from caselog.definitions.registry import get_definition
from caselog.engine.outcome import Finding
from caselog.schemes.context import prefill_answers

from .context import location_named, organisation_named, scheme_named, user_named

ORGANISATION_ANSWERS = ("owning_organisation_id", "managing_organisation_id")

# the answers that name the service's records, in the order they are judged (a refused owner
# does not admit its agents); each one's wording is the definition's not_permitted.<answer>
CHECKED = ("owning_organisation_id", "managing_organisation_id", "assigned_to_id", "scheme_id", "location_id")


def initial_answers(definition, owner, manager, actor) -> dict[str, str]:
    """The answers a new log starts with, of those its definition says the service sets on
    creation: the organisations it was created for and the person who created it."""
    values = {
        "owning_organisation_id": owner.pk if owner else None,
        "managing_organisation_id": (manager or owner).pk if (manager or owner) else None,
        "assigned_to_id": getattr(actor, "pk", None),
    }
    return {k: str(v) for k, v in values.items() if v is not None and k in definition.set_on_creation}


def merge(log, before: Mapping[str, Any], changes: Mapping[str, Any], actor) -> tuple[dict[str, Any], list[Finding]]:
    """The answers the engine is to judge, and the errors for changes refused: the stored
    answers with the changes the actor may make, and what those changes fill in."""
    merged = {**before, **changes}
    findings = refuse(log, changes, merged, before, actor)
    refused = {f for finding in findings for f in finding.fields}
    merged.update(prefilled({k: v for k, v in changes.items() if k not in refused}, before))
    return merged, findings


def refuse(log, changes: Mapping[str, Any], merged: dict[str, Any], before: Mapping[str, Any], actor) -> list[Finding]:
    """Errors for the changed answers that name something the actor may not use. Each is
    judged against the answers as they will be; a refused one goes back to what the log had
    in `merged` before the next is judged (a refused owner does not admit its agents)."""
    findings = []
    definition = get_definition(log.collection, log.year).definition
    judge = Judge(actor)
    for field in CHECKED:
        value = changes.get(field)
        if field in changes and value not in (None, "") and not _allowed(field, value, log, merged, judge):
            findings.append(not_permitted(definition, field))
            if field in before:
                merged[field] = before[field]
            else:
                merged.pop(field, None)
    return findings


def not_permitted(definition, field: str) -> Finding:
    """The error for an answer naming a record its sender may not use, worded by the definition."""
    message = definition.answer_messages[f"not_permitted.{field}"].message
    return Finding(f"answer.not_permitted.{field}", "error", (field,), message)


class Judge:
    """Whether an actor may name a record in a log's answers: the one rule for a log sent
    alone (refuse) and for a file of them (records.Records). Each permission look-up is
    made once and kept, so a file's rows share them."""

    def __init__(self, actor) -> None:
        self.actor = actor  # a User or an API key's actor; None for the system, which may name anything
        self._owners: set[int] | None = None
        self._managers: dict[int, set[int]] = {}

    def may_own(self, organisation) -> bool:
        if organisation is None:
            return False
        if self.actor is None:
            return True
        if organisation.pk == getattr(self.actor, "organisation_id", None) and organisation.active:
            return True  # the actor's own organisation, as owning_organisations_for has it, without asking
        if self._owners is None:
            self._owners = set(permissions.owning_organisations_for(self.actor).values_list("pk", flat=True))
        return organisation.pk in self._owners

    def may_manage(self, owner, organisation) -> bool:
        """`organisation` as the managing organisation of `owner`'s home (any, while the owner is unknown)."""
        if organisation is None or owner is None:
            return organisation is not None
        if (self.actor is not None and organisation.pk == owner.pk and organisation.active
                and (self.actor.is_support or owner.pk in permissions.acting_for(self.actor))):
            return True  # an owner managing its own home, as managing_organisations_for has it, without asking
        if owner.pk not in self._managers:
            if self.actor is None:
                agents = set(owner.managing_agents().values_list("pk", flat=True)) | {owner.pk}
            else:
                agents = set(permissions.managing_organisations_for(self.actor, owner).values_list("pk", flat=True))
            self._managers[owner.pk] = agents
        return organisation.pk in self._managers[owner.pk]

    @staticmethod
    def may_assign(person, their_organisations: set[int]) -> bool:
        return person is not None and person.is_active and person.organisation_id in their_organisations

    @staticmethod
    def may_use_scheme(scheme, their_organisations: set[int]) -> bool:
        return scheme is not None and scheme.deleted_at is None and (
            scheme.owning_organisation_id in their_organisations or scheme.managing_organisation_id in their_organisations)

    @staticmethod
    def may_use_location(location) -> bool:
        return location is not None and location.deleted_at is None


def _allowed(field: str, value: Any, log, merged: Mapping[str, Any], judge: Judge) -> bool:
    owner = organisation_named(merged.get("owning_organisation_id"), log.owning_organisation)
    manager = organisation_named(merged.get("managing_organisation_id"), log.managing_organisation)
    if field == "owning_organisation_id":
        return judge.may_own(organisation_named(value, log.owning_organisation))
    if field == "managing_organisation_id":
        return judge.may_manage(owner, organisation_named(value, log.managing_organisation))
    their_orgs = {o.pk for o in (owner, manager) if o is not None}
    if field == "assigned_to_id":
        return judge.may_assign(user_named(value), their_orgs)
    scheme = scheme_named(merged.get("scheme_id"))
    if field == "scheme_id":
        return judge.may_use_scheme(scheme, their_orgs)
    return judge.may_use_location(location_named(scheme, value) if scheme is not None else None)


def prefilled(changes: Mapping[str, Any], before: Mapping[str, Any]) -> dict[str, Any]:
    """What choosing a new scheme or location fills in or clears, as CORE does, except what
    the same submission gives itself (an upload row gives the address with the scheme)."""
    scheme_changed = "scheme_id" in changes and changes["scheme_id"] != before.get("scheme_id")
    location_changed = "location_id" in changes and changes["location_id"] != before.get("location_id")
    if not (scheme_changed or location_changed):
        return {}
    scheme = scheme_named(changes.get("scheme_id", before.get("scheme_id")))
    if scheme is None:
        return {}
    location = location_named(scheme, changes["location_id"]) if "location_id" in changes else None
    filled = prefill_answers(scheme, location)
    return {k: v for k, v in filled.items() if k not in changes}


def follow_answers(log, answers: Mapping[str, Any]) -> None:
    """Point the log's organisation and owner fields at what the stored answers name."""
    owner = organisation_named(answers.get("owning_organisation_id"))
    if owner is not None:
        log.owning_organisation = owner
    manager = organisation_named(answers.get("managing_organisation_id"))
    if manager is not None:
        log.managing_organisation = manager
    person = user_named(answers.get("assigned_to_id"))
    if person is not None:
        log.assigned_to = person
