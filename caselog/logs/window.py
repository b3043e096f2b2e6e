"""What a collection year's dates allow, from its definition (collection.yaml `dates`):

- new logs for the year until `new_logs_end`;
- logs of the year can be changed until `edit_end`, then they are read-only;
- `submission_deadline` is the date providers are asked to have finished by: a notice warns
  when it is near.

Every channel asks here, so the web form, upload and API agree.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils import timezone

from caselog.definitions.registry import available, get_definition

# how long before the submission deadline the service starts reminding people
DEADLINE_NOTICE_DAYS = 28


def today() -> dt.date:
    """The date pages judge the windows on: the service's local date. Callers use
    window.today() (not a copy of it), so tests can replace it."""
    return timezone.localdate()


def dates_of(collection: str, year: int):
    return get_definition(collection, year).definition.dates


def years_open_for_new_logs(collection: str, today: dt.date) -> list[int]:
    """The collection years a new log may be started in today, newest first: those that
    have started and whose new-logs end date has not passed."""
    years = [y for c, y in available() if c == collection]
    return sorted((y for y in years if dates_of(collection, y).start <= today <= dates_of(collection, y).new_logs_end),
                  reverse=True)


def accepts_new_logs(collection: str, year: int, today: dt.date) -> bool:
    dates = dates_of(collection, year)
    return dates.start <= today <= dates.new_logs_end


def accepts_uploads(collection: str, year: int, today: dt.date) -> bool:
    """A file of logs may be uploaded for the year from its start until its logs can no
    longer be changed (a corrected file updates the logs it made)."""
    dates = dates_of(collection, year)
    return dates.start <= today <= dates.edit_end


def is_editable(log, today: dt.date) -> bool:
    """Whether the log's answers may still change: until its year's edit end date."""
    return today <= dates_of(log.collection, log.year).edit_end


@dataclass(frozen=True)
class Deadline:
    collection: str
    year: int
    date: dt.date
    days_left: int


def deadline_near(collection: str, today: dt.date) -> Deadline | None:
    """The submission deadline of a year of this collection that falls within the next
    DEADLINE_NOTICE_DAYS days (today included), if there is one."""
    for c, year in sorted(available()):
        if c != collection:
            continue
        deadline = dates_of(c, year).submission_deadline
        days = (deadline - today).days
        if 0 <= days <= DEADLINE_NOTICE_DAYS:
            return Deadline(c, year, deadline, days)
    return None
