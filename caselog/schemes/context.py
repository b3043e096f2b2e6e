"""What the service knows about a log's scheme and location, under the `scheme.*` and
`location.*` names a definition's context.yaml declares, and the answers CORE fills in
when a scheme or location is chosen.

The gateway (caselog/gateway/context.py) adds these to a log's context. Dates are
datetime.date, counts are ints, ids and codes are text, as context.yaml says.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from caselog.definitions.registry import available, get_definition

from .local_authorities import linked_code_active_on
from .status import Status, StatusOn, is_available_soon, location_status, scheme_status

# Schemes and locations belong to the lettings collection.
COLLECTION = "core-lettings"

# The address answers CORE clears when the log's location changes (2026: the address is
# asked for supported housing too, and must match the location's postcode).
ADDRESS_ANSWERS = (
    "uprn",
    "address_line1",
    "address_line2",
    "town_or_city",
    "county",
    "postcode_full",
    "la",
)


def scheme_values(
    scheme, startdate: dt.date | None, *, today: dt.date | None = None
) -> dict[str, Any]:
    """The scheme.* context values for a log with this scheme and tenancy start date."""
    if scheme is None:
        return {}
    today = today or timezone.localdate()
    # Locations and their periods in two queries; each knows its scheme without another.
    locations = [
        loc for loc in scheme.locations.prefetch_related("deactivations") if loc.deleted_at is None
    ]
    on_start = scheme_status(scheme, startdate) if startdate else None
    return {
        "scheme.owning_organisation_id": str(scheme.owning_organisation_id),
        "scheme.name": scheme.service_name,
        "scheme.status": scheme_status(scheme, today).status.value,
        "scheme.status_on_startdate": on_start.status.value if on_start else None,
        "scheme.status_date_on_startdate": on_start.date if on_start else None,
        "scheme.confirmed_locations": sum(1 for loc in locations if loc.confirmed),
        "scheme.locations_available_soon": sum(
            1 for loc in locations if is_available_soon(loc, today)
        ),
        "scheme.locations_active_on_startdate": (
            sum(
                1
                for loc in locations
                if location_status(loc, startdate, of_scheme=on_start).status == Status.ACTIVE
            )
            if startdate
            else None
        ),
    }


def location_values(
    location, startdate: dt.date | None, *, today: dt.date | None = None, definition=None
) -> dict[str, Any]:
    """The location.* context values for a log with this location and tenancy start date.

    `definition` (the log's, compiled or not) gives the collection's start date and its
    local authorities table; by default, the core-lettings definition of the collection
    year the start date (or today) falls in.
    """
    if location is None:
        return {}
    today = today or timezone.localdate()
    definition = getattr(definition, "definition", definition) or definition_for(startdate or today)
    local_authorities = definition.tables["local_authorities"].rows
    on_start: StatusOn | None = location_status(location, startdate) if startdate else None
    return {
        "location.postcode": location.postcode or None,
        # CORE: the linked local authority active on the form's start date (1 April).
        "location.la": linked_code_active_on(
            location.la_code, definition.dates.start, local_authorities,
            definition.tables["local_authority_links"].rows,
        ),
        "location.location_code": location.la_code or None,
        "location.mobility_type": location.mobility_type or None,
        "location.status": location_status(location, today).status.value,
        "location.status_on_startdate": on_start.status.value if on_start else None,
        "location.status_date_on_startdate": on_start.date if on_start else None,
    }


def prefill_answers(scheme, location=None, *, today: dt.date | None = None) -> dict[str, Any]:
    """The answers to submit when the user chooses this scheme (and location), as CORE sets
    them when the choice changes: the scheme and location codes; with no location given,
    the scheme's only location available within 14 days if it has exactly one, else none;
    and the property address cleared, since it must be the new location's.

    Send them only when the choice changes. What CORE derives from the location
    (wheelchair standard `wchair`, and the local authority and postcode the rules use
    while the address is blank) the definition derives from location.* in the context.
    """
    if location is not None and location.scheme_id != scheme.pk:
        raise ValueError(f"location {location.code} is not one of scheme {scheme.code}'s locations")
    if location is None:
        today = today or timezone.localdate()
        soon = [loc for loc in scheme.locations.visible() if is_available_soon(loc, today)]
        location = soon[0] if len(soon) == 1 else None
    answers: dict[str, Any] = {
        "scheme_id": scheme.code,
        "location_id": location.code if location else None,
    }
    answers.update(dict.fromkeys(ADDRESS_ANSWERS))
    return answers


def definition_for(day: dt.date):
    """The core-lettings definition whose collection year the day falls in: the latest that
    has started by then, else the earliest there is."""
    years = sorted(
        (year for collection, year in available() if collection == COLLECTION), reverse=True
    )
    if not years:
        raise LookupError(f"there is no {COLLECTION} definition")
    for year in years:
        if year <= day.year:
            definition = get_definition(COLLECTION, year).definition
            if definition.dates.start <= day:
                return definition
    return get_definition(COLLECTION, years[-1]).definition
