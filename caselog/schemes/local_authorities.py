"""Which local authority a location is in on a date, across boundary changes.

A location keeps the local authority code its postcode had when it was added. When local
authorities merge (Northamptonshire 2021, Cumbria, North Yorkshire and Somerset 2023) or
change code (Barnsley and Sheffield 2025), CORE links the old and new codes and uses the
one active on the collection's start date (Location#linked_local_authorities,
LettingsLog#effective_la). The links are CORE's config/local_authorities_data/
local_authority_links_{2022,2023,2025}.csv, in local_authority_links.csv beside this file
(each pair once; a link works both ways). The codes, names and dates come from the
definition's tables/local_authorities.csv.
"""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Iterable, Mapping
from functools import lru_cache
from pathlib import Path
from typing import Any

LINKS_FILE = Path(__file__).with_name("local_authority_links.csv")


@lru_cache(maxsize=1)
def links() -> dict[str, frozenset[str]]:
    """Each code and the codes linked to it, both ways."""
    linked: dict[str, set[str]] = {}
    with LINKS_FILE.open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            a, b = row["local_authority_code"].strip(), row["linked_local_authority_code"].strip()
            linked.setdefault(a, set()).add(b)
            linked.setdefault(b, set()).add(a)
    return {code: frozenset(others) for code, others in linked.items()}


def active_on(row: Mapping[str, Any], day: dt.date) -> bool:
    start, end = row.get("start_date"), row.get("end_date")
    return (start is None or start <= day) and (end is None or day <= end)


def linked_code_active_on(
    code: str | None, day: dt.date, table: Iterable[Mapping[str, Any]]
) -> str | None:
    """The code among `code` and the codes linked to it that is active on the day, by the
    table's rows (code, start_date, end_date); None when none is (CORE then falls back to
    the location's own code)."""
    if not code:
        return None
    candidates = {code} | links().get(code, frozenset())
    active = sorted(
        row["code"] for row in table if row.get("code") in candidates and active_on(row, day)
    )
    # The location's own code first, when it is still active.
    return code if code in active else (active[0] if active else None)
