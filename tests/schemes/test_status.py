"""A scheme's or location's status on a date, as CORE works it out: what a user sees in the
scheme list, and what decides whether a letting on that date may use it."""

import datetime as dt

import pytest

from caselog.schemes.models import LocationDeactivation, SchemeDeactivation
from caselog.schemes.status import (
    Status,
    StatusOn,
    is_available_soon,
    location_status,
    scheme_status,
)

pytestmark = pytest.mark.django_db

D = dt.date
JUNE_1 = D(2026, 6, 1)
SEPTEMBER_1 = D(2026, 9, 1)


@pytest.fixture
def scheme(make_location):
    """A confirmed scheme with one confirmed location."""
    return make_location().scheme


# A deactivation on 1 June, reactivated on 1 September, read on each side of both dates.
AROUND_A_DEACTIVATION_WITH_A_REACTIVATION = [
    (D(2026, 5, 31), StatusOn(Status.ACTIVE)),
    (JUNE_1, StatusOn(Status.REACTIVATING_SOON, SEPTEMBER_1)),
    (D(2026, 8, 31), StatusOn(Status.REACTIVATING_SOON, SEPTEMBER_1)),
    (SEPTEMBER_1, StatusOn(Status.ACTIVE)),
]

# A deactivation on 1 June with no reactivation date.
AROUND_AN_OPEN_DEACTIVATION = [
    (D(2026, 4, 1), StatusOn(Status.DEACTIVATING_SOON, JUNE_1)),
    (D(2026, 5, 31), StatusOn(Status.DEACTIVATING_SOON, JUNE_1)),
    (JUNE_1, StatusOn(Status.DEACTIVATED, JUNE_1)),
    (D(2027, 3, 31), StatusOn(Status.DEACTIVATED, JUNE_1)),
]


@pytest.mark.parametrize("on, expected", AROUND_AN_OPEN_DEACTIVATION)
def test_a_scheme_deactivating_on_1_june_is_deactivating_soon_before_and_deactivated_from_that_day(
    scheme, on, expected
):
    SchemeDeactivation.objects.create(scheme=scheme, deactivation_date=JUNE_1)

    assert scheme_status(scheme, on) == expected


@pytest.mark.parametrize("on, expected", AROUND_A_DEACTIVATION_WITH_A_REACTIVATION)
def test_a_scheme_deactivated_from_1_june_to_1_september_is_reactivating_soon_in_between(
    scheme, on, expected
):
    SchemeDeactivation.objects.create(
        scheme=scheme, deactivation_date=JUNE_1, reactivation_date=SEPTEMBER_1
    )

    assert scheme_status(scheme, on) == expected


@pytest.mark.parametrize("on, expected", AROUND_AN_OPEN_DEACTIVATION)
def test_a_location_deactivating_on_1_june_is_deactivating_soon_before_and_deactivated_from_that_day(
    make_location, on, expected
):
    location = make_location()
    LocationDeactivation.objects.create(location=location, deactivation_date=JUNE_1)

    assert location_status(location, on) == expected
    # The scheme is not affected.
    assert scheme_status(location.scheme, on) == StatusOn(Status.ACTIVE)


@pytest.mark.parametrize("on, expected", AROUND_A_DEACTIVATION_WITH_A_REACTIVATION)
def test_a_location_deactivated_from_1_june_to_1_september_is_reactivating_soon_in_between(
    make_location, on, expected
):
    location = make_location()
    LocationDeactivation.objects.create(
        location=location, deactivation_date=JUNE_1, reactivation_date=SEPTEMBER_1
    )

    assert location_status(location, on) == expected


@pytest.mark.parametrize(
    "on, expected",
    [
        (D(2026, 5, 9), StatusOn(Status.ACTIVATING_SOON, D(2026, 5, 10))),
        (D(2026, 5, 10), StatusOn(Status.ACTIVE)),
    ],
)
def test_a_location_available_from_10_may_is_activating_soon_until_that_day(
    make_location, on, expected
):
    assert location_status(make_location(startdate=D(2026, 5, 10)), on) == expected


@pytest.mark.parametrize(
    "on, expected",
    [
        (D(2026, 6, 30), StatusOn(Status.ACTIVATING_SOON, D(2026, 7, 1))),
        (D(2026, 7, 1), StatusOn(Status.ACTIVE)),
    ],
)
def test_a_scheme_available_from_1_july_is_activating_soon_until_that_day(
    make_location, make_scheme, on, expected
):
    scheme = make_scheme(startdate=D(2026, 7, 1))
    make_location(scheme=scheme)

    assert scheme_status(scheme, on) == expected


@pytest.mark.parametrize("on, expected", AROUND_AN_OPEN_DEACTIVATION)
def test_a_location_takes_its_schemes_deactivation_and_its_date(make_location, on, expected):
    location = make_location()
    SchemeDeactivation.objects.create(scheme=location.scheme, deactivation_date=JUNE_1)

    assert location_status(location, on) == expected


@pytest.mark.parametrize("on, expected", AROUND_A_DEACTIVATION_WITH_A_REACTIVATION)
def test_a_location_is_reactivating_soon_while_its_scheme_is(make_location, on, expected):
    location = make_location()
    SchemeDeactivation.objects.create(
        scheme=location.scheme, deactivation_date=JUNE_1, reactivation_date=SEPTEMBER_1
    )

    assert location_status(location, on) == expected


def test_a_location_deactivated_before_its_scheme_shows_its_own_date(make_location):
    location = make_location()
    LocationDeactivation.objects.create(location=location, deactivation_date=D(2026, 5, 1))
    SchemeDeactivation.objects.create(scheme=location.scheme, deactivation_date=JUNE_1)

    assert location_status(location, D(2026, 7, 1)) == StatusOn(Status.DEACTIVATED, D(2026, 5, 1))


def test_a_location_not_yet_started_in_a_scheme_deactivating_later_reads_deactivating_soon(
    make_location,
):
    # CORE checks "deactivating soon" (from the scheme) before "activating soon".
    location = make_location(startdate=D(2026, 5, 10))
    SchemeDeactivation.objects.create(scheme=location.scheme, deactivation_date=JUNE_1)

    assert location_status(location, D(2026, 5, 1)) == StatusOn(Status.DEACTIVATING_SOON, JUNE_1)


def test_a_past_break_does_not_count_once_the_scheme_is_reactivated(scheme):
    SchemeDeactivation.objects.create(
        scheme=scheme, deactivation_date=D(2026, 4, 10), reactivation_date=D(2026, 4, 20)
    )

    assert scheme_status(scheme, D(2026, 4, 9)) == StatusOn(Status.ACTIVE)
    assert scheme_status(scheme, D(2026, 4, 15)) == StatusOn(
        Status.REACTIVATING_SOON, D(2026, 4, 20)
    )
    assert scheme_status(scheme, D(2026, 5, 1)) == StatusOn(Status.ACTIVE)


def test_the_last_break_recorded_before_a_date_decides_reactivating_soon(scheme):
    SchemeDeactivation.objects.create(
        scheme=scheme, deactivation_date=D(2026, 4, 10), reactivation_date=D(2026, 4, 20)
    )
    SchemeDeactivation.objects.create(
        scheme=scheme, deactivation_date=D(2026, 7, 1), reactivation_date=D(2026, 8, 1)
    )

    assert scheme_status(scheme, D(2026, 5, 1)) == StatusOn(Status.ACTIVE)
    assert scheme_status(scheme, D(2026, 7, 15)) == StatusOn(
        Status.REACTIVATING_SOON, D(2026, 8, 1)
    )


def test_a_booked_deactivation_reads_deactivating_soon_even_during_an_earlier_break(scheme):
    # CORE checks "deactivating soon" before "reactivating soon"; kept as CORE has it.
    SchemeDeactivation.objects.create(
        scheme=scheme, deactivation_date=D(2026, 4, 10), reactivation_date=D(2026, 4, 20)
    )
    SchemeDeactivation.objects.create(scheme=scheme, deactivation_date=JUNE_1)

    assert scheme_status(scheme, D(2026, 4, 15)) == StatusOn(Status.DEACTIVATING_SOON, JUNE_1)


def test_a_scheme_not_confirmed_is_incomplete(make_location, make_scheme):
    scheme = make_scheme(confirmed=False)
    make_location(scheme=scheme)

    assert scheme_status(scheme, JUNE_1) == StatusOn(Status.INCOMPLETE)


def test_a_scheme_without_a_complete_location_is_incomplete(make_location, make_scheme):
    scheme = make_scheme()
    assert scheme_status(scheme, JUNE_1) == StatusOn(Status.INCOMPLETE)

    make_location(scheme=scheme, mobility_type="")
    assert scheme_status(scheme, JUNE_1) == StatusOn(Status.INCOMPLETE)

    make_location(scheme=scheme)
    assert scheme_status(scheme, JUNE_1) == StatusOn(Status.ACTIVE)


def test_a_scheme_whose_only_complete_location_is_deleted_is_incomplete(make_location):
    location = make_location(deleted_at=dt.datetime(2026, 5, 1, tzinfo=dt.UTC))

    assert scheme_status(location.scheme, JUNE_1) == StatusOn(Status.INCOMPLETE)


def test_an_incomplete_scheme_is_still_deactivated_once_its_deactivation_date_passes(make_scheme):
    # CORE checks deactivation before completeness for schemes.
    scheme = make_scheme(confirmed=False)
    SchemeDeactivation.objects.create(scheme=scheme, deactivation_date=JUNE_1)

    assert scheme_status(scheme, D(2026, 5, 1)) == StatusOn(Status.INCOMPLETE)
    assert scheme_status(scheme, JUNE_1) == StatusOn(Status.DEACTIVATED, JUNE_1)


def test_an_incomplete_location_is_incomplete_even_in_a_deactivated_scheme(make_location):
    # ...and completeness before deactivation for locations.
    location = make_location(units=None)
    SchemeDeactivation.objects.create(scheme=location.scheme, deactivation_date=D(2026, 4, 1))

    assert location_status(location, JUNE_1) == StatusOn(Status.INCOMPLETE)


def test_a_location_is_active_in_an_incomplete_scheme(make_location, make_scheme):
    location = make_location(scheme=make_scheme(confirmed=False))

    assert location_status(location, JUNE_1) == StatusOn(Status.ACTIVE)


def test_deleted_comes_before_everything(make_location):
    location = make_location(units=None, deleted_at=dt.datetime(2026, 5, 1, tzinfo=dt.UTC))
    scheme = location.scheme
    scheme.deleted_at = dt.datetime(2026, 5, 1, tzinfo=dt.UTC)
    scheme.save()

    assert location_status(location, JUNE_1) == StatusOn(Status.DELETED)
    assert scheme_status(scheme, JUNE_1) == StatusOn(Status.DELETED)


def test_the_schemes_of_a_deactivated_organisation_and_their_locations_are_deactivated(
    make_location, make_scheme, make_organisation
):
    location = make_location(
        scheme=make_scheme(owning_organisation=make_organisation(active=False))
    )

    assert scheme_status(location.scheme, JUNE_1) == StatusOn(Status.DEACTIVATED)
    assert location_status(location, JUNE_1) == StatusOn(Status.DEACTIVATED)


@pytest.mark.parametrize(
    "on, expected",
    [
        (D(2026, 6, 30), StatusOn(Status.ACTIVE)),
        (D(2026, 7, 1), StatusOn(Status.ACTIVE)),  # CORE: merged only after the merge date
        (D(2026, 7, 2), StatusOn(Status.DEACTIVATED, D(2026, 7, 1))),
    ],
)
def test_the_schemes_of_a_merged_organisation_are_deactivated_after_the_merge_date(
    make_location, on, expected
):
    location = make_location()
    location.scheme.owning_organisation.merge_date = D(2026, 7, 1)

    assert scheme_status(location.scheme, on) == expected
    assert location_status(location, on) == expected


def test_a_time_on_the_deactivation_day_counts_as_that_day(scheme):
    SchemeDeactivation.objects.create(scheme=scheme, deactivation_date=JUNE_1)

    assert scheme_status(scheme, dt.datetime(2026, 6, 1, 0, 0)).status == Status.DEACTIVATED
    assert (
        scheme_status(scheme, dt.datetime(2026, 5, 31, 23, 59)).status == Status.DEACTIVATING_SOON
    )


@pytest.mark.parametrize(
    "startdate, available",
    [(None, True), (D(2026, 5, 1), True), (D(2026, 5, 15), True), (D(2026, 5, 16), False)],
)
def test_a_location_can_be_chosen_from_14_days_before_it_starts(
    make_location, startdate, available
):
    today = D(2026, 5, 1)

    assert is_available_soon(make_location(startdate=startdate), today) is available


def test_an_incomplete_location_cannot_be_chosen(make_location):
    assert is_available_soon(make_location(units=None), D(2026, 5, 1)) is False
