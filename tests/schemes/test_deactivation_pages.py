"""Deactivating and reactivating schemes and locations through their pages."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from caselog.accounts.models import User
from caselog.logs.models import Log
from caselog.schemes.dates import earliest_editable_start, govuk_date
from caselog.schemes.models import LocationDeactivation, SchemeDeactivation

pytestmark = pytest.mark.django_db


@pytest.fixture
def org(make_organisation):
    return make_organisation(name="Riverside Homes")


@pytest.fixture
def signed_in(client, make_user, org, sign_in):
    return sign_in(client, make_user(organisation=org, role=User.Role.DATA_COORDINATOR))


@pytest.fixture
def scheme(make_location, make_scheme, org):
    scheme = make_scheme(owning_organisation=org, service_name="Hope House")
    make_location(scheme=scheme)
    return scheme


def date_fields(day: dt.date) -> dict:
    return {"date_type": "other", "date_day": day.day, "date_month": day.month, "date_year": day.year}


def detail(client, scheme) -> str:
    return client.get(reverse("schemes:detail", args=[scheme.pk])).content.decode()


def test_deactivating_a_scheme_from_a_later_date_shows_it_is_deactivating_soon(signed_in, scheme):
    later = timezone.localdate() + dt.timedelta(days=30)
    assert "Deactivate this scheme" in detail(signed_in, scheme)
    response = signed_in.post(reverse("schemes:deactivate", args=[scheme.pk]), date_fields(later))
    confirm_url = response["Location"]
    assert confirm_url == reverse("schemes:deactivate-confirm", args=[scheme.pk]) + f"?date={later.isoformat()}"
    confirm = signed_in.get(confirm_url).content.decode()
    assert "This change will affect 0 logs and 1 location" in confirm
    assert not SchemeDeactivation.objects.exists()  # nothing changes until confirmed

    done = signed_in.post(confirm_url, {"date": later.isoformat()}, follow=True).content.decode()
    assert f"Hope House will deactivate on {govuk_date(later)}" in done
    [period] = scheme.deactivations.all()
    assert (period.deactivation_date, period.reactivation_date) == (later, None)
    page = detail(signed_in, scheme)
    assert "Deactivating soon" in page and f">This scheme deactivates on {govuk_date(later)}.</p>" in page
    assert "Deactivation history" in page and "Not reactivated" in page


def test_deactivating_from_today_deactivates_and_it_can_be_reactivated(signed_in, scheme):
    today = timezone.localdate()
    signed_in.post(reverse("schemes:deactivate-confirm", args=[scheme.pk]) + f"?date={today.isoformat()}",
                   {"date": today.isoformat()})
    page = detail(signed_in, scheme)
    assert "Deactivated" in page and "govuk-tag--grey" in page and "Reactivate this scheme" in page
    assert f"Deactivated on {govuk_date(today)}" in page  # the availability row

    later = today + dt.timedelta(days=10)
    response = signed_in.post(reverse("schemes:reactivate", args=[scheme.pk]), date_fields(later), follow=True)
    assert f"Hope House will reactivate on {govuk_date(later)}" in response.content.decode()
    [period] = scheme.deactivations.all()
    assert (period.deactivation_date, period.reactivation_date) == (today, later)
    assert "Reactivating soon" in detail(signed_in, scheme)


def test_the_preset_today_choice_is_today(signed_in, scheme):
    response = signed_in.post(reverse("schemes:deactivate", args=[scheme.pk]), {"date_type": "today"})
    assert response["Location"].endswith(f"?date={timezone.localdate().isoformat()}")


def test_the_deactivation_date_is_checked_as_core_checks_it(signed_in, scheme):
    url = reverse("schemes:deactivate", args=[scheme.pk])
    nothing = signed_in.post(url, {}).content.decode()
    assert "There is a problem" in nothing and "Select when this should happen" in nothing
    assert "Enter the date" in signed_in.post(url, {"date_type": "other"}).content.decode()
    assert "The date must be a real date" in signed_in.post(url, {"date_type": "other", "date_day": "30",
                                                                  "date_month": "2", "date_year": "2027"}).content.decode()
    earliest = earliest_editable_start(timezone.localdate())
    too_early = signed_in.post(url, date_fields(earliest - dt.timedelta(days=1))).content.decode()
    assert f"The date must be on or after {govuk_date(earliest)}" in too_early
    assert not SchemeDeactivation.objects.exists()


def test_a_date_inside_an_earlier_deactivation_is_refused(signed_in, scheme):
    today = timezone.localdate()
    SchemeDeactivation.objects.create(scheme=scheme, deactivation_date=today - dt.timedelta(days=20),
                                      reactivation_date=today - dt.timedelta(days=5))
    page = signed_in.post(reverse("schemes:deactivate", args=[scheme.pk]),
                          date_fields(today - dt.timedelta(days=10))).content.decode()
    assert "The scheme is already deactivated on" in page
    assert f"Enter a date on or after {govuk_date(today - dt.timedelta(days=5))}" in page
    # the confirm page cannot be used to get round it
    signed_in.post(reverse("schemes:deactivate-confirm", args=[scheme.pk]),
                   {"date": (today - dt.timedelta(days=10)).isoformat()})
    assert scheme.deactivations.count() == 1


def test_a_reactivation_date_before_the_deactivation_is_refused(signed_in, scheme):
    today = timezone.localdate()
    SchemeDeactivation.objects.create(scheme=scheme, deactivation_date=today)
    page = signed_in.post(reverse("schemes:reactivate", args=[scheme.pk]),
                          date_fields(today - dt.timedelta(days=1))).content.decode()
    assert f"This scheme was deactivated on {govuk_date(today)}. The reactivation date must be on or after that date" in page
    assert scheme.deactivations.get().reactivation_date is None


def test_the_confirmation_counts_the_logs_the_deactivation_affects(signed_in, scheme):
    day = timezone.localdate() + dt.timedelta(days=7)
    for start in (day, day + dt.timedelta(days=1), day - dt.timedelta(days=1)):
        Log.objects.create(collection="core-lettings", year=2026,
                           answers={"scheme_id": scheme.code, "startdate": start.isoformat()})
    Log.objects.create(collection="core-lettings", year=2026, answers={"scheme_id": "S999999", "startdate": day.isoformat()})
    page = signed_in.get(reverse("schemes:deactivate-confirm", args=[scheme.pk]), {"date": day.isoformat()}).content.decode()
    assert "This change will affect 2 logs" in page
    assert f"2 existing logs use this scheme and have a tenancy start date on or after {govuk_date(day)}" in page


def test_an_incomplete_scheme_cannot_be_deactivated(signed_in, make_scheme, org):
    scheme = make_scheme(owning_organisation=org, confirmed=False)
    assert "Deactivate this scheme" not in detail(signed_in, scheme)
    assert signed_in.get(reverse("schemes:deactivate", args=[scheme.pk])).status_code == 404


def test_a_location_is_deactivated_and_reactivated(signed_in, scheme):
    location = scheme.locations.get()
    today = timezone.localdate()
    location_url = reverse("schemes:location", args=[scheme.pk, location.pk])
    assert "Deactivate this location" in signed_in.get(location_url).content.decode()
    confirm_url = signed_in.post(reverse("schemes:location-deactivate", args=[scheme.pk, location.pk]),
                                 {"date_type": "today"})["Location"]
    assert "This change will affect 0 logs" in signed_in.get(confirm_url).content.decode()
    signed_in.post(confirm_url, {"date": today.isoformat()})
    assert LocationDeactivation.objects.get(location=location).deactivation_date == today
    page = signed_in.get(location_url).content.decode()
    assert "Deactivated" in page and "Reactivate this location" in page
    listed = signed_in.get(reverse("schemes:locations", args=[scheme.pk])).content.decode()
    assert "govuk-tag--grey" in listed

    signed_in.post(reverse("schemes:location-reactivate", args=[scheme.pk, location.pk]), {"date_type": "today"})
    assert LocationDeactivation.objects.get(location=location).reactivation_date == today
    assert "govuk-tag--green" in signed_in.get(location_url).content.decode()


def test_a_deactivated_schemes_locations_show_as_deactivated(signed_in, scheme):
    SchemeDeactivation.objects.create(scheme=scheme, deactivation_date=timezone.localdate())
    listed = signed_in.get(reverse("schemes:locations", args=[scheme.pk])).content.decode()
    assert "govuk-tag--grey" in listed and "Deactivated" in listed
    location = scheme.locations.get()
    # Reactivating the location would not help: its scheme is deactivated.
    assert "Reactivate this location" not in signed_in.get(
        reverse("schemes:location", args=[scheme.pk, location.pk])).content.decode()
