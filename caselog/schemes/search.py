"""Finding schemes and locations by what users type: a scheme code (with or without its
"S"), a scheme name, a location's postcode (with or without its space) or name.

As CORE's Scheme.search_by and Location.search_by, but written with Django lookups, so the
same search runs on SQLite and PostgreSQL: `icontains` is case-insensitive on both, and
postcodes are compared with their spaces taken out on both sides.
"""

from __future__ import annotations

import re

from django.db.models import Q, QuerySet, Value
from django.db.models.functions import Replace

from .models import Location

# Up to 18 digits: longer numbers cannot be ids (a 64-bit integer) and would fail in SQL.
_SCHEME_CODE = re.compile(r"^[Ss]?(\d{1,18})$")
_LOCATION_CODE = re.compile(r"^\d{1,18}$")


def search_schemes(queryset: QuerySet, text: str) -> QuerySet:
    """The schemes of `queryset` whose code, name, or one of whose locations' postcode or
    name matches the text. Blank text leaves the queryset as it is."""
    text = " ".join((text or "").split())
    if not text:
        return queryset
    by_location = Location.objects.filter(_postcode_or_name(text)).values("scheme_id")
    found = Q(service_name__icontains=text) | Q(pk__in=by_location)
    code = _SCHEME_CODE.match(text)
    if code:
        found |= Q(pk=int(code.group(1)))
    # A subquery, not a join, so a scheme with many matching locations is listed once.
    return queryset.filter(found)


def search_locations(queryset: QuerySet, text: str) -> QuerySet:
    """The locations of `queryset` whose postcode or name matches the text, or whose
    location code is the text."""
    text = " ".join((text or "").split())
    if not text:
        return queryset
    found = _postcode_or_name(text)
    if _LOCATION_CODE.match(text):
        found |= Q(pk=int(text))
    return queryset.filter(found)


def find_scheme(queryset: QuerySet, code: str | None):
    """The scheme of `queryset` with this code ("S12", "s12" or "12"), or None: how a
    scheme_id answer from an upload or the API is read."""
    match = _SCHEME_CODE.match((code or "").strip())
    return queryset.filter(pk=int(match.group(1))).first() if match else None


def find_location(queryset: QuerySet, code: str | None):
    """The location of `queryset` with this code (its id, as text), or None."""
    code = (code or "").strip()
    return queryset.filter(pk=int(code)).first() if _LOCATION_CODE.match(code) else None


def _postcode_or_name(text: str) -> Q:
    found = Q(name__icontains=text)
    compact = text.replace(" ", "")
    # Postcodes are stored upper case with one space ("LS1 4AP"); "ls14ap" and "LS1 4" match.
    location_ids = Location.objects.annotate(
        compact_postcode=Replace("postcode", Value(" "), Value(""))
    ).filter(compact_postcode__icontains=compact)
    return found | Q(pk__in=location_ids.values("pk"))
