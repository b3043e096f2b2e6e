"""Deactivating and reactivating a scheme or a location: which of the two it is offered, the
dates CORE allows (app/models/scheme_deactivation_period.rb and
location_deactivation_period.rb), and writing the period.

One open period (no reactivation date) at most: deactivating again moves its date, and
reactivating closes it, as in CORE.
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass

from .dates import earliest_editable_start, govuk_date

LAST_DATE = dt.date(2200, 1, 1)  # CORE's upper limit for either date


@dataclass(frozen=True)
class Subject:
    """What is being deactivated, in words and periods: "scheme" or "location"."""

    noun: str
    available_from: dt.date
    periods: list  # its SchemeDeactivation or LocationDeactivation rows


def open_period(periods: list):
    """The period with no reactivation date, first recorded first (CORE open_deactivation)."""
    return next((p for p in sorted(periods, key=lambda p: p.pk) if p.reactivation_date is None), None)


def months_later(day: dt.date, months: int) -> dt.date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def reactivation_due(periods: list, today: dt.date) -> bool:
    """True when the open period starts within six months: the user may then reactivate
    rather than deactivate (CORE's six-month rule)."""
    period = open_period(periods)
    return period is not None and period.deactivation_date <= months_later(today, 6)


def may_deactivate(status: str, periods: list, today: dt.date) -> bool:
    """Active, or deactivating more than six months from now (CORE toggle_scheme_link)."""
    return status == "active" or (status == "deactivating_soon" and not reactivation_due(periods, today)
                                  and open_period(periods) is not None)


def may_reactivate(status: str, periods: list, today: dt.date) -> bool:
    """Deactivated by its own open period (not only by its scheme or owner)."""
    period = open_period(periods)
    return status == "deactivated" and period is not None and period.deactivation_date <= today


def deactivation_problem(subject: Subject, day: dt.date, today: dt.date) -> str | None:
    """Why the day cannot be the deactivation date, or None."""
    for period in subject.periods:
        if period.reactivation_date and period.deactivation_date <= day < period.reactivation_date:
            return (f"The {subject.noun} is already deactivated on {govuk_date(day)}. "
                    f"Enter a date on or after {govuk_date(period.reactivation_date)}")
    earliest = earliest_editable_start(today)
    if day < earliest:
        return (f"The date must be on or after {govuk_date(earliest)}, the start of the earliest "
                f"collection year still open")
    if day < subject.available_from:
        return (f"The {subject.noun} cannot be deactivated before {govuk_date(subject.available_from)}, "
                f"when it became available")
    if day >= LAST_DATE:
        return f"The date must be before {govuk_date(LAST_DATE)}"
    return None


def reactivation_problem(subject: Subject, day: dt.date) -> str | None:
    """Why the day cannot be the reactivation date, or None."""
    if day < subject.available_from:
        return f"The date must be on or after {govuk_date(subject.available_from)}"
    period = open_period(subject.periods)
    if period is not None and day < period.deactivation_date:
        return (f"This {subject.noun} was deactivated on {govuk_date(period.deactivation_date)}. "
                f"The reactivation date must be on or after that date")
    if day >= LAST_DATE:
        return f"The date must be before {govuk_date(LAST_DATE)}"
    return None


def deactivate(manager, day: dt.date):
    """Moves the open period to the day, or opens one from it. `manager` is the scheme's or
    location's `deactivations`."""
    period = open_period(list(manager.all()))
    if period is None:
        return manager.create(deactivation_date=day)
    period.deactivation_date = day
    period.save(update_fields=["deactivation_date"])
    return period


def reactivate(manager, day: dt.date):
    """Closes the open period on the day."""
    period = open_period(list(manager.all()))
    period.reactivation_date = day
    period.save(update_fields=["reactivation_date"])
    return period


def availability_lines(available_from: dt.date, periods: list) -> list[str]:
    """When it was active and deactivated, in order (CORE's availability row)."""
    lines = []
    start: dt.date | None = available_from
    for period in sorted(periods, key=lambda p: (p.deactivation_date, p.pk)):
        if start is not None and period.deactivation_date > start:
            lines.append(f"Active from {govuk_date(start)} to "
                         f"{govuk_date(period.deactivation_date - dt.timedelta(days=1))}")
        lines.append(f"Deactivated on {govuk_date(period.deactivation_date)}")
        start = period.reactivation_date
    if start is not None:
        lines.append(f"Active from {govuk_date(start)}")
    return lines
