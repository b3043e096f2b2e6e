"""What the service knows about a log that its answers do not hold: its organisations, the
user it is assigned to, and its scheme and location, given to the engine under the names a
definition's context.yaml declares. The engine keeps only the names its definition declares,
so one context serves lettings and sales.

The organisations, log owner, scheme and location are the ones the answers name
(owning_organisation_id, managing_organisation_id, assigned_to_id, scheme_id, location_id),
so a change and its consequences are judged together in one submission.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from caselog.accounts.models import DataSharingAgreement, Organisation, User
from caselog.schemes.context import location_values, scheme_values
from caselog.schemes.models import Location, Scheme
from caselog.schemes.search import find_location, find_scheme

PROVIDER_TYPES = {"local_authority": "LA", "private_registered_provider": "PRP"}


def organisation_values(prefix: str, organisation: Organisation | None) -> dict[str, Any]:
    if organisation is None:
        return {}
    absorbing = organisation.absorbed_by
    return {
        f"{prefix}.provider_type": PROVIDER_TYPES.get(organisation.type),
        f"{prefix}.provider_code": organisation.provider_code,
        f"{prefix}.name": organisation.name,
        f"{prefix}.merge_date": organisation.merge_date,
        f"{prefix}.absorbing_organisation_id": str(absorbing.pk) if absorbing else None,
        f"{prefix}.absorbing_organisation_name": absorbing.name if absorbing else None,
        f"{prefix}.available_from": organisation.available_from,
        f"{prefix}.has_absorbed_organisations": organisation.absorbed.exists(),
        f"{prefix}.data_protection_confirmed": DataSharingAgreement.objects.filter(organisation=organisation).exists(),
        f"{prefix}.rent_periods": ",".join(str(p) for p in organisation.rent_periods) or None,
    }


def log_context(log, answers: Mapping[str, Any], compiled=None) -> dict[str, Any]:
    """The context for `log` with these answers (the stored ones with any changes applied).
    `compiled` is the log's definition for its year: it says which answer is the log's date."""
    values: dict[str, Any] = {}
    owner = organisation_named(answers.get("owning_organisation_id"), log.owning_organisation)
    manager = organisation_named(answers.get("managing_organisation_id"), log.managing_organisation)
    values.update(organisation_values("owning_organisation", owner))
    if manager is not None and owner is not None and manager.pk == owner.pk:  # most logs: the facts are looked up once
        values.update({f"managing_organisation.{k.split('.', 1)[1]}": v for k, v in values.items()
                       if k.startswith("owning_organisation.")})
    else:
        values.update(organisation_values("managing_organisation", manager))

    assignee = user_named(answers.get("assigned_to_id"))
    if assignee is not None:
        values["assigned_to.organisation_id"] = str(assignee.organisation_id) if assignee.organisation_id else None

    scheme = scheme_named(answers.get("scheme_id"))
    if scheme is not None:
        startdate = log_date(compiled.definition, answers) if compiled else None
        values.update(scheme_values(scheme, startdate))
        location = location_named(scheme, answers.get("location_id"))
        values.update(location_values(location, startdate, definition=compiled))
    return values


# What the answers name. Ids that name nothing give None: the engine then has no context for
# them, and the gateway refuses such answers before they are stored (choices.py).

def organisation_named(value: Any, default: Organisation | None = None) -> Organisation | None:
    if value in (None, ""):
        return default
    if default is not None and str(default.pk) == str(value):
        return default
    pk = _id(value)
    return Organisation.objects.select_related("absorbed_by").filter(pk=pk).first() if pk else None


def user_named(value: Any) -> User | None:
    pk = _id(value)
    return User.objects.filter(pk=pk).first() if pk else None


def scheme_named(value: Any) -> Scheme | None:
    return find_scheme(Scheme.objects.select_related("owning_organisation"), None if value is None else str(value))


def location_named(scheme: Scheme, value: Any) -> Location | None:
    return find_location(scheme.locations.all(), None if value is None else str(value))


def _id(value: Any) -> int | None:
    text = str(value).strip() if value is not None else ""
    return int(text) if text.isdigit() else None


def log_date(definition, answers: Mapping[str, Any]) -> dt.date | None:
    """The log's date: its answer to the definition's date question (a letting's tenancy
    start date, a sale's completion date), or None when it is not given or not a date."""
    value = answers.get(definition.date_question)
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value)[:10]) if value else None
    except ValueError:
        return None
