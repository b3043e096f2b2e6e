"""The dates CORE allows when deactivating or reactivating, and the availability they give.
Dates are named, so these stay true whatever today is."""

import datetime as dt
from types import SimpleNamespace

import pytest
from django.urls import reverse
from django.utils import timezone

from caselog.accounts.models import User
from caselog.schemes.dates import earliest_editable_start, earliest_open_start
from caselog.schemes.deactivation import (
    Subject,
    availability_lines,
    deactivation_problem,
    months_later,
    reactivation_problem,
)
from caselog.schemes.models import SchemeDeactivation


def period(pk, deactivated, reactivated=None):
    return SimpleNamespace(pk=pk, deactivation_date=deactivated, reactivation_date=reactivated)


D = dt.date


@pytest.mark.parametrize(("today", "earliest"), [
    (D(2026, 11, 23), D(2026, 4, 1)),   # within the 2026 collection
    (D(2027, 5, 1), D(2026, 4, 1)),     # 2026 logs can still be changed until its edit end
    (D(2027, 8, 1), D(2027, 4, 1)),     # after it, only the collection the day falls in
])
def test_the_earliest_deactivation_date_follows_the_open_collections(today, earliest):
    assert earliest_editable_start(today) == earliest


def test_a_collection_stops_taking_new_logs_before_it_stops_taking_changes():
    assert earliest_open_start(D(2027, 7, 10)) == D(2027, 4, 1)  # after 2026's new logs end
    assert earliest_editable_start(D(2027, 7, 10)) == D(2026, 4, 1)


def test_deactivation_dates_as_core_checks_them():
    subject = Subject("scheme", D(2026, 6, 1), [period(1, D(2026, 7, 1), D(2026, 8, 1))])
    today = D(2026, 11, 23)
    assert deactivation_problem(subject, D(2026, 7, 15), today) == (
        "The scheme is already deactivated on 15 July 2026. Enter a date on or after 1 August 2026")
    assert deactivation_problem(subject, D(2026, 3, 31), today).startswith("The date must be on or after 1 April 2026")
    assert deactivation_problem(subject, D(2026, 5, 31), today) == (
        "The scheme cannot be deactivated before 1 June 2026, when it became available")
    assert deactivation_problem(subject, D(2026, 8, 1), today) is None
    assert deactivation_problem(subject, D(2200, 1, 1), today) == "The date must be before 1 January 2200"


def test_reactivation_dates_as_core_checks_them():
    subject = Subject("location", D(2026, 4, 1), [period(1, D(2026, 9, 1))])
    assert reactivation_problem(subject, D(2026, 8, 31)) == (
        "This location was deactivated on 1 September 2026. The reactivation date must be on or after that date")
    assert reactivation_problem(subject, D(2026, 3, 1)) == "The date must be on or after 1 April 2026"
    assert reactivation_problem(subject, D(2026, 9, 1)) is None


def test_availability_lists_active_and_deactivated_spells_in_order():
    periods = [period(2, D(2026, 9, 1)), period(1, D(2026, 6, 1), D(2026, 7, 1))]
    assert availability_lines(D(2026, 4, 1), periods) == [
        "Active from 1 April 2026 to 31 May 2026",
        "Deactivated on 1 June 2026",
        "Active from 1 July 2026 to 31 August 2026",
        "Deactivated on 1 September 2026",
    ]


def test_six_months_later_keeps_to_the_end_of_a_short_month():
    assert months_later(D(2026, 8, 31), 6) == D(2027, 2, 28)
    assert months_later(D(2026, 11, 23), 6) == D(2027, 5, 23)


@pytest.mark.django_db
def test_a_deactivation_far_ahead_shows_active_and_can_be_brought_forward(
    client, make_location, make_scheme, make_user, sign_in
):
    coordinator = make_user(role=User.Role.DATA_COORDINATOR)
    scheme = make_scheme(owning_organisation=coordinator.organisation)
    make_location(scheme=scheme)
    today = timezone.localdate()
    SchemeDeactivation.objects.create(scheme=scheme, deactivation_date=months_later(today, 8))
    sign_in(client, coordinator)
    page = client.get(reverse("schemes:detail", args=[scheme.pk])).content.decode()
    assert "govuk-tag--green" in page and "Deactivate this scheme" in page
    client.post(reverse("schemes:deactivate-confirm", args=[scheme.pk]), {"date": today.isoformat()})
    [moved] = scheme.deactivations.all()
    assert moved.deactivation_date == today
