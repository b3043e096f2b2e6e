"""Options the definition does not list: those from the service's own records (a question
with `options_source` and no options) and those from a reference table (`options_table`).

Who may choose what is caselog/accounts/permissions.py's answer, the same the gateway
checks (caselog/gateway/choices.py): the web form only offers what the gateway would
accept. Each option is a definition Option, so pages draw them like any other.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db.models import Count, Q

from caselog.accounts import permissions
from caselog.accounts.models import Organisation, User
from caselog.definitions.model import Option, Question
from caselog.gateway.context import organisation_named, scheme_named

if TYPE_CHECKING:
    from .state import LogForm

# The questions whose options are the service's records, by answer id (as in
# caselog/gateway/choices.py).
RECORD_QUESTIONS = ("owning_organisation_id", "managing_organisation_id", "assigned_to_id", "scheme_id", "location_id")

# Questions that offer only the rent periods the managing organisation has chosen, when it
# has chosen some (the question's hint says so; rules.yaml refuses any other).
RENT_PERIOD_QUESTIONS = ("period",)


def options_for(form: LogForm, question: Question) -> tuple[Option, ...]:
    """The options a question offers this user on this log."""
    if question.id in RECORD_QUESTIONS and not question.options:
        return record_options(form, question.id)
    if question.options_table and not question.options:
        return table_options(form, question)
    if question.id in RENT_PERIOD_QUESTIONS:
        return rent_period_options(form, question)
    return question.options


def owner_and_manager(form: LogForm) -> tuple[Organisation | None, Organisation | None]:
    values, log = form.outcome.values, form.log
    return (organisation_named(values.get("owning_organisation_id"), log.owning_organisation),
            organisation_named(values.get("managing_organisation_id"), log.managing_organisation))


def record_options(form: LogForm, question_id: str) -> tuple[Option, ...]:
    user = form.user
    owner, manager = owner_and_manager(form)
    if question_id == "owning_organisation_id":
        orgs = permissions.owning_organisations_for(user).order_by("name")
        return tuple(Option(str(o.pk), o.name) for o in orgs)
    if question_id == "managing_organisation_id":
        if owner is None:
            return ()
        return tuple(Option(str(o.pk), o.name) for o in permissions.managing_organisations_for(user, owner).order_by("name"))
    if question_id == "assigned_to_id":
        orgs = {o.pk for o in (owner, manager) if o is not None}
        people = User.objects.filter(organisation_id__in=orgs, is_active=True).order_by("name", "email")
        return tuple(Option(str(p.pk), f"{p.name} ({p.email})" if p.name else p.email) for p in people)
    if question_id == "scheme_id":
        return scheme_options(form, owner, manager)
    if question_id == "location_id":
        return location_options(form)
    return ()


def scheme_options(form: LogForm, owner, manager) -> tuple[Option, ...]:
    """The schemes of the log's organisations the user may see, with a location to choose:
    "S123 Hope House", with the postcodes of its locations as the hint (CORE shows them)."""
    orgs = {o.pk for o in (owner, manager) if o is not None}
    schemes = (permissions.schemes_for(form.user)
               .filter(Q(owning_organisation_id__in=orgs) | Q(managing_organisation_id__in=orgs), confirmed=True)
               .annotate(live_locations=Count("locations", filter=Q(locations__deleted_at__isnull=True)))
               .filter(live_locations__gt=0)
               .prefetch_related("locations")
               .order_by("service_name", "pk"))
    options = []
    for scheme in schemes:
        postcodes = sorted({loc.postcode for loc in scheme.locations.all() if loc.deleted_at is None and loc.postcode})
        options.append(Option(scheme.code, f"{scheme.code} {scheme.service_name}", ", ".join(postcodes) or None))
    return tuple(options)


def location_options(form: LogForm) -> tuple[Option, ...]:
    """The chosen scheme's locations: the location code, its postcode, its name as the hint."""
    scheme = scheme_named(form.outcome.values.get("scheme_id"))
    if scheme is None:
        return ()
    locations = scheme.locations.filter(deleted_at__isnull=True).order_by("postcode", "name", "pk")
    return tuple(Option(loc.code, loc.postcode or loc.name or loc.code, loc.name or None) for loc in locations)


def table_options(form: LogForm, question: Question) -> tuple[Option, ...]:
    """The rows of the question's table in use on the collection's start date (and the
    answer the log has, whatever its dates), by label."""
    table = form.definition.tables.get(question.options_table)
    if table is None:
        return ()
    start = form.definition.dates.start
    current = str(form.outcome.values.get(question.id) or "")
    rows = []
    for row in table.rows:
        code = row.get("code")
        if code is None:
            continue
        began, ended = row.get("start_date"), row.get("end_date")
        in_use = (began is None or began <= start) and (ended is None or ended >= start)
        if in_use or str(code) == current:
            rows.append(Option(str(code), str(row.get("label") or code)))
    return tuple(sorted(rows, key=lambda o: o.label))


def table_label(form: LogForm, question: Question, code: Any) -> str | None:
    table = form.definition.tables.get(question.options_table or "")
    if table is None:
        return None
    for row in table.rows:
        if str(row.get("code")) == str(code):
            return str(row.get("label") or code)
    return None


def rent_period_options(form: LogForm, question: Question) -> tuple[Option, ...]:
    _, manager = owner_and_manager(form)
    chosen = {str(p) for p in (manager.rent_periods if manager else None) or ()}
    if not chosen:
        return question.options
    current = str(form.outcome.values.get(question.id, ""))
    return tuple(o for o in question.options if str(o.code) in chosen or str(o.code) == current)


def record_label(form: LogForm, question_id: str, value: Any) -> str | None:
    """What an answer naming a record shows: the organisation's or person's name, the
    scheme's code and name, the location's postcode."""
    if value in (None, ""):
        return None
    if question_id in ("owning_organisation_id", "managing_organisation_id"):
        org = organisation_named(value)
        return org.name if org else str(value)
    if question_id == "assigned_to_id":
        person = User.objects.filter(pk=int(value)).first() if str(value).isdigit() else None
        return (person.name or person.email) if person else str(value)
    if question_id == "scheme_id":
        scheme = scheme_named(value)
        return f"{scheme.code} {scheme.service_name}" if scheme else str(value)
    if question_id == "location_id":
        scheme = scheme_named(form.outcome.values.get("scheme_id"))
        location = scheme.locations.filter(pk=int(value)).first() if scheme and str(value).isdigit() else None
        if location is None:
            return str(value)
        return " ".join(part for part in (location.postcode, location.name) if part) or str(value)
    return None


def user_chooses(form: LogForm, question_id: str) -> bool:
    """Whether a setup page (channel_hint web_setup) is shown to this user: as CORE, only
    when they have a real choice. Otherwise the service fills the answer in (the gateway
    does when a log is created)."""
    user = form.user
    if user.is_support:
        return True
    if question_id == "assigned_to_id":
        return user.is_coordinator
    return len(record_options(form, question_id)) > 1
