"""The collection dates that limit when schemes and locations may start or be deactivated,
as CORE's FormHandler works them out, read from the lettings definitions' dates
(definitions/core-lettings/<year>/collection.yaml): no year is written in code.

A collection is open for new logs from its start until `new_logs_end`, and logs in it can
be changed until `edit_end`; for a few months after 1 April two collections are open.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from caselog.definitions.registry import available, get_definition

from .context import COLLECTION


def _collection_dates() -> list:
    return [
        get_definition(collection, year).definition.dates
        for collection, year in available()
        if collection == COLLECTION
    ]


def collection_start(day: dt.date) -> dt.date:
    """The start of the collection year the day falls in: the definition's whose start and
    end surround it, or, beyond the definitions there are, 1 April (CORE's collection year)."""
    starts = [d.start for d in _collection_dates() if d.start <= day <= d.end]
    return max(starts, default=dt.date(day.year if day.month >= 4 else day.year - 1, 4, 1))


def earliest_open_start(day: dt.date) -> dt.date:
    """The start of the earliest collection still open for new logs on the day (CORE
    start_date_of_earliest_open_collection_period)."""
    open_starts = [d.start for d in _collection_dates() if d.start <= day <= d.new_logs_end]
    return min(open_starts, default=collection_start(day))


def earliest_editable_start(day: dt.date) -> dt.date:
    """The start of the earliest collection whose logs can still be changed on the day (CORE
    start_date_of_earliest_open_for_editing_collection_period): nothing before it can be
    affected by deactivating a scheme or location."""
    open_starts = [d.start for d in _collection_dates() if d.start <= day <= d.edit_end]
    return min(open_starts, default=collection_start(day))


def scheme_available_from(scheme) -> dt.date:
    """When the scheme became available: its start date, or the start of the earliest
    collection open when it was created (CORE Scheme#available_from)."""
    return scheme.startdate or earliest_open_start(_created_on(scheme))


def location_available_from(location) -> dt.date:
    """When the location became available: its start date, or the start of the earliest
    collection open when it was added (CORE Location#available_from)."""
    return location.startdate or earliest_open_start(_created_on(location))


def govuk_date(day: dt.date | None) -> str:
    """"1 April 2026"."""
    return f"{day.day} {day:%B %Y}" if day else ""


def govuk_datetime(moment: dt.datetime) -> str:
    """"23 November 2026 at 4:05pm", as GOV.UK writes a time, in the service's time zone."""
    when = timezone.localtime(moment)
    return f"{govuk_date(when.date())} at {when.hour % 12 or 12}:{when:%M}{'am' if when.hour < 12 else 'pm'}"


def _created_on(obj) -> dt.date:
    created = obj.created_at or timezone.now()
    return timezone.localdate(created) if timezone.is_aware(created) else created.date()
