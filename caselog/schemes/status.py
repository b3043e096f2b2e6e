"""The status of a scheme or location on a date, as CORE works it out (Scheme#status_at and
Location#status_at), with the date that goes with it (CORE's inactive_status in
app/models/validations/shared_validations.rb).

Pure functions of the model fields: they read the scheme, its locations, its owner and the
deactivation periods through the related managers (so prefetch_related saves the queries),
never the clock. The order of the checks is CORE's, and it differs between schemes and
locations on purpose: an incomplete scheme whose owner is merged is "deactivated", an
incomplete location is "incomplete" whatever its scheme.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import models


class Status(models.TextChoices):
    DELETED = "deleted", "Deleted"
    INCOMPLETE = "incomplete", "Incomplete"
    ACTIVE = "active", "Active"
    DEACTIVATING_SOON = "deactivating_soon", "Deactivating soon"
    DEACTIVATED = "deactivated", "Deactivated"
    ACTIVATING_SOON = "activating_soon", "Activating soon"
    REACTIVATING_SOON = "reactivating_soon", "Reactivating soon"


@dataclass(frozen=True)
class StatusOn:
    """A status on a date, and the date that goes with it: when it was (or will be)
    deactivated (deactivated, deactivating soon), when it reactivates (reactivating soon)
    or when it becomes available (activating soon). None for the other statuses, and for
    a deactivation that comes only from the owner having been deactivated."""

    status: Status
    date: dt.date | None = None


def scheme_status(scheme, on: dt.date) -> StatusOn:
    """Scheme#status_at: deleted, deactivated (by its owner or its own open deactivation),
    incomplete (not confirmed, or no confirmed location), deactivating soon, reactivating
    soon, activating soon, or active."""
    on = _day(on)
    if scheme.deleted_at is not None:
        return StatusOn(Status.DELETED)
    periods = _periods(scheme.deactivations)
    open_period = _open(periods)
    if open_period and on >= open_period.deactivation_date:
        return StatusOn(Status.DEACTIVATED, open_period.deactivation_date)
    owner = scheme.owning_organisation
    if _owner_inactive(owner, on):
        return StatusOn(Status.DEACTIVATED, _merge_date(owner, on))
    # A deleted location is not counted (CORE counts discarded locations too).
    if not (
        scheme.confirmed
        and any(loc.confirmed and loc.deleted_at is None for loc in scheme.locations.all())
    ):
        return StatusOn(Status.INCOMPLETE)
    if open_period:
        return StatusOn(Status.DEACTIVATING_SOON, open_period.deactivation_date)
    reactivation = _pending_reactivation(periods, on)
    if reactivation:
        return StatusOn(Status.REACTIVATING_SOON, reactivation)
    if scheme.startdate and on < scheme.startdate:
        return StatusOn(Status.ACTIVATING_SOON, scheme.startdate)
    return StatusOn(Status.ACTIVE)


def location_status(location, on: dt.date, *, of_scheme: StatusOn | None = None) -> StatusOn:
    """Location#status_at: deleted, incomplete (not confirmed), deactivated (by itself, its
    scheme or the scheme's owner), deactivating soon (itself or its scheme), activating
    soon (before its start date), reactivating soon (itself or its scheme), or active.

    `of_scheme` is the scheme's status on the same date, when the caller has it already.
    """
    on = _day(on)
    if location.deleted_at is not None:
        return StatusOn(Status.DELETED)
    if not location.confirmed:
        return StatusOn(Status.INCOMPLETE)
    scheme = location.scheme
    of_scheme = of_scheme or scheme_status(scheme, on)
    periods = _periods(location.deactivations)
    open_period = _open(periods)
    if open_period and on >= open_period.deactivation_date:
        return StatusOn(Status.DEACTIVATED, open_period.deactivation_date)
    if of_scheme.status == Status.DEACTIVATED:
        return of_scheme
    owner = scheme.owning_organisation
    if _owner_inactive(owner, on):  # reached when the scheme itself is deleted
        return StatusOn(Status.DEACTIVATED, _merge_date(owner, on))
    if open_period:
        return StatusOn(Status.DEACTIVATING_SOON, open_period.deactivation_date)
    if of_scheme.status == Status.DEACTIVATING_SOON:
        return of_scheme
    if location.startdate and on < location.startdate:
        return StatusOn(Status.ACTIVATING_SOON, location.startdate)
    reactivation = _pending_reactivation(periods, on)
    if reactivation:
        return StatusOn(Status.REACTIVATING_SOON, reactivation)
    if of_scheme.status == Status.REACTIVATING_SOON:
        return of_scheme
    return StatusOn(Status.ACTIVE)


def is_available_soon(location, today: dt.date) -> bool:
    """Confirmed, and starting within 14 days of today or with no start date (CORE
    Location.active_in_2_weeks; LocationQuerySet.available_soon is the same in SQL)."""
    return location.confirmed and (
        location.startdate is None or location.startdate <= _day(today) + dt.timedelta(days=14)
    )


def _day(value: dt.date) -> dt.date:
    # CORE compares beginning_of_day: a time on the day counts as the day.
    return value.date() if isinstance(value, dt.datetime) else value


def _periods(manager) -> list:
    # In the order they were recorded: CORE takes the first open period and the last
    # period recorded before a date, by creation.
    return sorted(manager.all(), key=lambda period: period.pk)


def _open(periods: list):
    return next((p for p in periods if p.reactivation_date is None), None)


def _pending_reactivation(periods: list, on: dt.date) -> dt.date | None:
    """The reactivation date still to come of the last period recorded that started on or
    before the date (CORE last_deactivation_before)."""
    started = [p for p in periods if p.deactivation_date <= on]
    if started and started[-1].reactivation_date and on < started[-1].reactivation_date:
        return started[-1].reactivation_date
    return None


def _owner_inactive(organisation, on: dt.date) -> bool:
    """Organisation#status_at is merged (merge date before the day) or deactivated."""
    return _merge_date(organisation, on) is not None or not organisation.active


def _merge_date(organisation, on: dt.date) -> dt.date | None:
    # merge_date arrives with organisation merges; an organisation without one is not merged.
    merged = getattr(organisation, "merge_date", None)
    return merged if merged is not None and merged < on else None
