"""The logs list's search, filters and sort, read from the query string (a GET form, so they
work without JavaScript and a filtered list can be linked to).

Search (as CORE's search_by): a log ID ("123" or "Log 123"), or part of a tenant or purchaser
code, property reference or postcode (spaces and case ignored). The postcode is the
postcode_full answer; JSON key lookups that SQLite and PostgreSQL both run.

"From a bulk upload" means the log was created by an upload (its "created" audit event came
through the upload channel): a log started online and finished by upload is not one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Case, Exists, F, OuterRef, Q, QuerySet, TextField, Value, When
from django.db.models.fields.json import KeyTextTransform
from django.db.models.functions import Cast
from django.http import HttpRequest

from caselog.accounts import permissions
from caselog.accounts.models import Organisation
from caselog.definitions.registry import get_definition
from caselog.logs.models import AuditEvent, compact_postcode

from .common import STATUS_LABELS, Kind, kinds

SORTS = {
    "updated": ("Recently updated", ("-updated_at", "-id")),
    "created": ("Recently created", ("-created_at", "-id")),
    "date": ("Start or sale date, latest first", None),
}
NEEDS_TYPE = "needstype"  # the lettings answer CORE filters on


def answer_text(key: str) -> Cast:
    """An answer as text, the same on SQLite and PostgreSQL."""
    return Cast(KeyTextTransform(key, "answers"), TextField())


def log_date(all_kinds: list[Kind]) -> Case:
    """Each log's date answer (its definition's date question): ISO text, which sorts as dates."""
    return Case(*[When(collection=k.collection, then=answer_text(k.date_question)) for k in all_kinds],
                default=Value(None), output_field=TextField())


@dataclass
class LogFilters:
    query: str = ""
    collection: str = ""
    years: list[int] = field(default_factory=list)
    statuses: list[str] = field(default_factory=list)
    needs_types: list[int] = field(default_factory=list)
    owning_organisation: int | None = None
    managing_organisation: int | None = None
    assigned_to_me: bool = False
    created_by_me: bool = False
    from_upload: bool = False
    with_errors: bool = False
    sort: str = "updated"

    @property
    def active(self) -> bool:
        """Whether anything narrows the list (the sort does not)."""
        return any([self.query, self.collection, self.years, self.statuses, self.needs_types,
                    self.owning_organisation, self.managing_organisation, self.assigned_to_me,
                    self.created_by_me, self.from_upload, self.with_errors])


def _ints(values: list[str]) -> list[int]:
    return sorted({int(v) for v in values if v.strip().isdigit()})


def read_filters(request: HttpRequest, options: dict[str, Any]) -> LogFilters:
    """The filters asked for, keeping only values that are among the options offered."""
    get = request.GET
    collections = {k.collection for k in options["kinds"]}
    organisations = {o.pk for o in options["organisations"]}
    owner = _ints([get.get("owning_organisation", "")])
    manager = _ints([get.get("managing_organisation", "")])
    sort = get.get("sort", "updated")
    return LogFilters(
        query=" ".join(get.get("q", "").split())[:100],
        collection=get.get("collection", "") if get.get("collection", "") in collections else "",
        years=[y for y in _ints(get.getlist("year")) if y in options["years"]],
        statuses=[s for s in STATUS_LABELS if s in get.getlist("status")],
        needs_types=[n for n in _ints(get.getlist("needstype")) if n in dict(options["needs_types"])],
        owning_organisation=owner[0] if owner and owner[0] in organisations else None,
        managing_organisation=manager[0] if manager and manager[0] in organisations else None,
        assigned_to_me=get.get("assigned") == "me",
        created_by_me=get.get("created") == "me",
        from_upload=get.get("upload") == "yes",
        with_errors=get.get("errors") == "yes",
        sort=sort if sort in SORTS else "updated",
    )


def filter_options(request: HttpRequest) -> dict[str, Any]:
    """What the filter panel offers this user."""
    all_kinds = kinds()
    needs_types: list[tuple[int, str]] = []
    for kind in all_kinds:
        question = get_definition(kind.collection, max(kind.years)).definition.questions.get(NEEDS_TYPE)
        if question is not None and not needs_types:
            needs_types = [(int(o.code), o.label) for o in question.options]
    return {
        "kinds": all_kinds,
        "years": sorted({y for k in all_kinds for y in k.years}, reverse=True),
        "needs_types": needs_types,
        "needs_type_collections": [k.collection for k in all_kinds
                                   if NEEDS_TYPE in get_definition(k.collection, max(k.years)).definition.questions],
        "organisations": list(_organisations(request).order_by("name").only("id", "name")),
    }


def _organisations(request: HttpRequest) -> QuerySet[Organisation]:
    """Whose logs the user can narrow to: support, every organisation (or, viewing as one, its
    own and related ones); others, their organisations and their stock owners and agents."""
    scope = permissions.viewed_scope(request)
    if scope is not None:
        return Organisation.objects.filter(id__in=scope | permissions.related_to(scope))
    return permissions.organisations_for(request.user)


def search(logs: QuerySet, query: str) -> QuerySet:
    if not query:
        return logs
    found = Q(provider_reference__icontains=query) | Q(property_reference__icontains=query)
    compact = compact_postcode(query)
    if compact:
        found |= Q(postcode__contains=compact)
    number = re.sub(r"(?i)^log\s*", "", query)
    if number.isdigit():
        found |= Q(pk=int(number))
    return logs.filter(found)


def apply(logs: QuerySet, filters: LogFilters, user, options: dict[str, Any]) -> QuerySet:
    """The logs that match the filters and search, in the chosen order."""
    logs = search(logs, filters.query)
    if filters.collection:
        logs = logs.filter(collection=filters.collection)
    if filters.years:
        logs = logs.filter(year__in=filters.years)
    if filters.statuses:
        logs = logs.filter(status__in=filters.statuses)
    if filters.needs_types:
        logs = logs.filter(collection__in=options["needs_type_collections"],
                           **{f"answers__{NEEDS_TYPE}__in": filters.needs_types})
    if filters.owning_organisation:
        logs = logs.filter(owning_organisation_id=filters.owning_organisation)
    if filters.managing_organisation:
        logs = logs.filter(managing_organisation_id=filters.managing_organisation)
    if filters.assigned_to_me:
        logs = logs.filter(assigned_to=user)
    if filters.created_by_me:
        logs = logs.filter(created_by=user)
    if filters.from_upload:
        uploaded = AuditEvent.objects.filter(log=OuterRef("pk"), action=AuditEvent.Action.CREATED,
                                             channel=AuditEvent.Channel.UPLOAD)
        logs = logs.filter(Exists(uploaded))
    if filters.with_errors:
        logs = logs.filter(error_count__gt=0)
    return order(logs.annotate(_date=log_date(options["kinds"])), filters.sort)


def order(logs: QuerySet, sort: str) -> QuerySet:
    ordering = SORTS[sort][1]
    if ordering is None:
        return logs.order_by(F("_date").desc(nulls_last=True), "-id")
    return logs.order_by(*ordering)


def listed(logs: QuerySet) -> QuerySet:
    """What a row shows, in one query: no answers beyond the date (annotated), no findings."""
    return logs.select_related("owning_organisation").for_listing()
