"""Which local authority a location is in on a date, across boundary changes.

A location keeps the local authority code its postcode had when it was added. When local
authorities merge (Northamptonshire 2021, Cumbria, North Yorkshire and Somerset 2023) or
change code (Barnsley and Sheffield 2025), CORE links the old and new codes and uses the
one active on the collection's start date (Location#linked_local_authorities,
LettingsLog#effective_la). The links are CORE's config/local_authorities_data/
local_authority_links_{2022,2023,2025}.csv, kept in the lettings definition as
tables/local_authority_links.csv (each pair once; a link works both ways), beside the
codes, names and dates of tables/local_authorities.csv.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any


def linked_codes(code: str, links: Iterable[Mapping[str, Any]]) -> set[str]:
    """The codes linked to `code` by the links table's rows, either way round."""
    out = set()
    for row in links:
        a, b = row["local_authority_code"], row["linked_local_authority_code"]
        if code == a:
            out.add(b)
        elif code == b:
            out.add(a)
    return out


def active_on(row: Mapping[str, Any], day: dt.date) -> bool:
    start, end = row.get("start_date"), row.get("end_date")
    return (start is None or start <= day) and (end is None or day <= end)


def linked_code_active_on(
    code: str | None, day: dt.date, table: Iterable[Mapping[str, Any]], links: Iterable[Mapping[str, Any]]
) -> str | None:
    """The code among `code` and the codes `links` ties to it that is active on the day, by
    the local authorities table's rows (code, start_date, end_date); None when none is (CORE
    then falls back to the location's own code)."""
    if not code:
        return None
    candidates = {code} | linked_codes(code, links)
    active = sorted(
        row["code"] for row in table if row.get("code") in candidates and active_on(row, day)
    )
    # The location's own code first, when it is still active.
    return code if code in active else (active[0] if active else None)
