"""Merging organisations into one, as CORE does (app/services/merge/merge_organisations_service.rb
in communitiesuk/submit-social-housing-lettings-and-sales-data).

From the merge date the merged organisations' work belongs to the absorbing organisation:
- logs dated on or after the merge date (a letting's tenancy start date, a sale's completion
  date: the definition's date question) that they own or manage move to it; earlier logs and
  logs without a date stay theirs, and the absorbing organisation's people look after them
  (permissions.organisation_scope);
- their people, parent-of links and rent periods move; their stock owner and managing agent
  relationships are copied to it (never twice, never to itself), and their links to it or to
  each other are removed;
- their schemes that are not deactivated are copied to it, with their locations, available
  from the merge date, and the originals are deactivated from that date: earlier logs keep
  naming the scheme their owner had, moved logs name the copy;
- each is marked merged: absorbed_by, merge_date and inactive.

All in one transaction. Each moved log gets an AuditEvent (action "moved", old and new
organisation), and is checked again by the gateway, since the rules depend on the owner;
each merged organisation gets one SecurityEvent MERGED with the counts.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from .audit import record
from .models import Organisation, Relationship, SecurityEvent, User


class MergeRefused(Exception):
    """The merge cannot be done; `problems` says why, in words for the page."""

    def __init__(self, problems: list[str]):
        super().__init__("; ".join(problems))
        self.problems = problems


@dataclass(frozen=True)
class Moving:
    """What moves from one merging organisation to the absorbing one."""

    organisation: Organisation
    users: int
    logs: int  # owned or managed, dated on or after the merge date
    logs_staying: int  # dated before the merge date, or not dated yet
    schemes: int
    relationships: int  # stock owners and managing agents the absorbing organisation gains


def _date(value: dt.date) -> str:
    return f"{value.day} {value:%B %Y}"


def refusals(absorbing: Organisation, merging: list[Organisation]) -> list[str]:
    """Why these organisations cannot be merged into `absorbing`; empty when they can."""
    problems = [p for p in [absorbing_refusal(absorbing)] if p]
    if not merging:
        problems.append(f"Select at least one organisation to merge into {absorbing.name}")
    ancestors = _ancestors(absorbing)
    for org in merging:
        problem = refusal(absorbing, org, ancestors)
        if problem:
            problems.append(problem)
    return problems


def absorbing_refusal(absorbing: Organisation) -> str | None:
    """Why nothing can be merged into `absorbing`, or None."""
    if absorbing.absorbed_by_id is not None:
        return (f"{absorbing.name} was merged into {absorbing.absorbed_by.name} on {_date(absorbing.merge_date)}. "
                f"Merge organisations into {absorbing.absorbed_by.name} instead")
    if not absorbing.active:
        return f"{absorbing.name} is inactive. Merge organisations into an active organisation"
    return None


def refusal(absorbing: Organisation, org: Organisation, ancestors: set[int] | None = None) -> str | None:
    """Why `org` cannot be merged into `absorbing`, or None."""
    if org.pk == absorbing.pk:
        return f"You cannot merge {absorbing.name} into itself. Choose another organisation"
    if org.absorbed_by_id is not None:
        return f"{org.name} was already merged into {org.absorbed_by.name} on {_date(org.merge_date)}. Choose another organisation"
    if org.pk in (ancestors if ancestors is not None else _ancestors(absorbing)):
        return (f"{org.name} submits logs on behalf of {absorbing.name}, so it cannot be merged into it. "
                f"Remove {absorbing.name}’s parent organisation first, or merge {absorbing.name} into {org.name}")
    return None


def _ancestors(org: Organisation) -> set[int]:
    """The organisations that submit logs on `org`'s behalf, directly or through others."""
    seen: set[int] = set()
    parent_id = org.parent_id
    while parent_id is not None and parent_id not in seen and parent_id != org.pk:
        seen.add(parent_id)
        parent_id = Organisation.objects.filter(pk=parent_id).values_list("parent_id", flat=True).first()
    return seen


def plan(absorbing: Organisation, merging: list[Organisation], merge_date: dt.date) -> list[Moving]:
    """What a merge would move, for the check page (and for the record, after it)."""
    from caselog.schemes.models import Scheme
    from caselog.schemes.status import Status, scheme_status

    ids = {o.pk for o in merging}
    dated = _logs(ids)
    result, gained = [], set()
    for org in merging:
        pairs = {(owner.pk, agent.pk) for owner, agent in _relationships_gained(absorbing, org, ids)} - gained
        gained |= pairs
        mine = [(when, row) for when, row in dated if org.pk in (row["owning_organisation_id"], row["managing_organisation_id"])]
        moving = sum(1 for when, _ in mine if when is not None and when >= merge_date)
        result.append(Moving(
            organisation=org,
            users=User.objects.filter(organisation=org).count(),
            logs=moving,
            logs_staying=len(mine) - moving,
            schemes=sum(1 for s in Scheme.objects.visible().filter(owning_organisation=org).prefetch_related("locations")
                        if scheme_status(s, merge_date).status != Status.DEACTIVATED),
            relationships=len(pairs),
        ))
    return result


def merge_organisations(absorbing: Organisation, merging: list[Organisation], merge_date: dt.date, actor, *,
                        request=None, channel: str = "web") -> list[Moving]:
    """Merge `merging` into `absorbing` from `merge_date`. Raises MergeRefused, changing
    nothing, when the merge cannot be done."""
    with transaction.atomic():
        ids = sorted({o.pk for o in merging} | {absorbing.pk})
        locked = {o.pk: o for o in Organisation.objects.select_for_update(of=("self",)).filter(pk__in=ids).select_related("absorbed_by")}
        absorbing = locked[absorbing.pk]
        merging = [locked[pk] for pk in dict.fromkeys(o.pk for o in merging)]
        problems = refusals(absorbing, merging)
        if problems:
            raise MergeRefused(problems)
        moving = plan(absorbing, merging, merge_date)
        merging_ids = {o.pk for o in merging}
        copies: dict[str, tuple[str, dict[str, str]]] = {}
        for org in merging:
            _merge_rent_periods(absorbing, org)
            for owner, agent in _relationships_gained(absorbing, org, merging_ids):
                Relationship.objects.get_or_create(stock_owner=owner, managing_agent=agent)
            # links within the merged whole would now be to itself (CORE removes them too)
            inside = merging_ids | {absorbing.pk}
            Relationship.objects.filter(Q(stock_owner=org, managing_agent_id__in=inside)
                                        | Q(managing_agent=org, stock_owner_id__in=inside)).delete()
            Organisation.objects.filter(parent=org).exclude(pk__in=merging_ids | {absorbing.pk}).update(
                parent=absorbing, updated_at=timezone.now())
            User.objects.filter(organisation=org).update(organisation=absorbing, updated_at=timezone.now())
            copies.update(_copy_schemes(absorbing, org, merge_date))
        absorbing.save()
        _move_logs(absorbing, merging, merge_date, actor, channel, copies)
        for org, counts in zip(merging, moving, strict=True):
            org.absorbed_by, org.merge_date, org.active = absorbing, merge_date, False
            org.save(update_fields=["absorbed_by", "merge_date", "active", "updated_at"])
            record(SecurityEvent.Kind.MERGED, request=request, actor=actor, organisation=org,
                   absorbed_by=absorbing.name, absorbed_by_id=absorbing.pk, merge_date=merge_date.isoformat(),
                   users=counts.users, logs=counts.logs, logs_staying=counts.logs_staying,
                   schemes=counts.schemes, relationships=counts.relationships)
    return moving


def _merge_rent_periods(absorbing: Organisation, org: Organisation) -> None:
    """The absorbing organisation charges by every period either did. None set means all."""
    if not absorbing.rent_periods:
        return
    if not org.rent_periods:
        absorbing.rent_periods = []
        return
    absorbing.rent_periods = sorted(set(absorbing.rent_periods) | set(org.rent_periods))


def _relationships_gained(absorbing: Organisation, org: Organisation, merging_ids: set[int]) -> list[tuple]:
    """(stock owner, managing agent) pairs of `org`'s that the absorbing organisation does not
    have yet. Links to the absorbing organisation or another merging one would be to itself."""
    gained = []
    for link in Relationship.objects.filter(Q(stock_owner=org) | Q(managing_agent=org)).select_related(
            "stock_owner", "managing_agent"):
        other = link.managing_agent if link.stock_owner_id == org.pk else link.stock_owner
        if other.pk == absorbing.pk or other.pk in merging_ids:
            continue
        pair = (absorbing, other) if link.stock_owner_id == org.pk else (other, absorbing)
        if not Relationship.objects.filter(stock_owner=pair[0], managing_agent=pair[1]).exists():
            gained.append(pair)
    return gained


def _copy_schemes(absorbing: Organisation, org: Organisation, merge_date: dt.date) -> dict[str, tuple[str, dict[str, str]]]:
    """CORE's merge_schemes_and_locations: each scheme of `org` not deactivated on the merge
    date is copied to the absorbing organisation with its locations that are not, available
    from the merge date (or later, if they start later); the original is deactivated from the
    merge date. Returns old scheme code -> (new scheme code, {old location code: new}).
    Schemes whose support `org` provides name the absorbing organisation instead."""
    from caselog.schemes.models import Scheme, SchemeDeactivation
    from caselog.schemes.status import Status, location_status, scheme_status

    copies = {}
    for scheme in Scheme.objects.visible().filter(owning_organisation=org).prefetch_related("locations"):
        if scheme_status(scheme, merge_date).status == Status.DEACTIVATED:
            continue
        copy = _copied(scheme, owning_organisation=absorbing, startdate=max(filter(None, [scheme.startdate, merge_date])))
        if copy.managing_organisation_id in (org.pk, absorbing.pk):
            copy.managing_organisation = None  # the owner itself provides the support now
        copy.save()
        locations = {}
        for location in scheme.locations.all():
            if location.deleted_at is not None or location_status(location, merge_date).status == Status.DEACTIVATED:
                continue
            new = _copied(location, scheme=copy, startdate=max(filter(None, [location.startdate, merge_date])))
            new.save()
            locations[location.code] = new.code
        SchemeDeactivation.objects.create(scheme=scheme, deactivation_date=merge_date)
        copies[scheme.code] = (copy.code, locations)
    Scheme.objects.filter(managing_organisation=org).exclude(owning_organisation=org).update(
        managing_organisation=absorbing, updated_at=timezone.now())
    return copies


def _copied(record, **changes):
    """An unsaved copy of a scheme or location: every field but its id, times and deletion."""
    skip = {"id", "created_at", "updated_at", "deleted_at"}
    fields = {f.attname: getattr(record, f.attname) for f in record._meta.concrete_fields if f.attname not in skip}
    copy = type(record)(**fields)
    for name, value in changes.items():
        setattr(copy, name, value)
    return copy


def _logs(organisation_ids: set[int]) -> list[tuple[dt.date | None, dict]]:
    """The live logs these organisations own or manage, each with its date."""
    from caselog.definitions.registry import get_definition
    from caselog.gateway.context import log_date
    from caselog.logs.models import Log

    rows = Log.objects.live().filter(
        Q(owning_organisation_id__in=organisation_ids) | Q(managing_organisation_id__in=organisation_ids)
    ).values("id", "collection", "year", "answers", "owning_organisation_id", "managing_organisation_id")
    return [(log_date(get_definition(row["collection"], row["year"]).definition, row["answers"]), row)
            for row in rows]


def _move_logs(absorbing: Organisation, merging: list[Organisation], merge_date: dt.date, actor, channel: str,
               copies: dict[str, tuple[str, dict[str, str]]]) -> int:
    """Point each log dated from the merge date at the absorbing organisation, record that,
    then give the gateway the matching answers (owning_organisation_id and
    managing_organisation_id, where the definition has them, and the copies of its scheme
    and location): it audits them and checks the log again, since the rules depend on the
    organisations."""
    from caselog.definitions.registry import get_definition
    from caselog.gateway import Source, submit
    from caselog.gateway.context import scheme_named
    from caselog.logs.models import AuditEvent, Log
    from caselog.schemes.context import ADDRESS_ANSWERS

    names = {o.pk: o.name for o in merging}
    reference = (", ".join(names.values()) + f" merged into {absorbing.name}")[:100]
    source = Source(channel, actor, reference)
    moved = 0
    for when, row in _logs(set(names)):
        if when is None or when < merge_date:
            continue
        questions = get_definition(row["collection"], row["year"]).definition.questions
        changes, fields, answers = {}, {}, {}
        for role in ("owning_organisation", "managing_organisation"):
            old = row[f"{role}_id"]
            if old in names:
                changes[role] = [names[old], absorbing.name]
                fields[f"{role}_id"] = absorbing.pk
                if f"{role}_id" in questions:
                    answers[f"{role}_id"] = str(absorbing.pk)
        scheme = scheme_named(row["answers"].get("scheme_id")) if "owning_organisation_id" in fields else None
        if scheme is not None and scheme.code in copies:
            new_scheme, locations = copies[scheme.code]
            answers["scheme_id"] = new_scheme
            answers["location_id"] = locations.get(str(row["answers"].get("location_id") or "").strip())
            # the same home: its address is kept, not cleared as for a newly chosen location
            answers.update({k: row["answers"][k] for k in ADDRESS_ANSWERS if k in row["answers"]})
        owner = fields.get("owning_organisation_id", row["owning_organisation_id"])
        if "managing_organisation_id" in fields and owner not in (None, absorbing.pk):
            # it managed this owner's homes, so the absorbing organisation now does
            Relationship.objects.get_or_create(stock_owner_id=owner, managing_agent=absorbing)
        Log.objects.filter(pk=row["id"]).update(**fields, version=F("version") + 1, updated_at=timezone.now())
        log = Log.objects.get(pk=row["id"])
        AuditEvent.objects.create(log=log, actor=actor, channel=channel, action=AuditEvent.Action.MOVED,
                                  changes=changes, reference=reference)
        submit(log, answers, source)
        moved += 1
    return moved
