"""Choosing a scheme or location fills in the answers CORE fills in, and clears the address
that belonged to the previous location."""

import datetime as dt

import pytest

from caselog.definitions.registry import get_definition
from caselog.engine import evaluate_log
from caselog.schemes.context import location_values, prefill_answers, scheme_values

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 5, 1)
ADDRESS_CLEARED = {
    "uprn": None,
    "address_line1": None,
    "address_line2": None,
    "town_or_city": None,
    "county": None,
    "postcode_full": None,
    "la": None,
}


def test_a_scheme_with_one_location_available_gets_that_location(make_location):
    location = make_location()

    answers = prefill_answers(location.scheme, today=TODAY)

    assert answers == {
        "scheme_id": location.scheme.code,
        "location_id": location.code,
        **ADDRESS_CLEARED,
    }


def test_a_scheme_with_two_locations_available_leaves_the_location_to_the_user(
    make_location, make_scheme
):
    scheme = make_scheme()
    make_location(scheme=scheme)
    make_location(scheme=scheme, postcode="LS2 7EW")

    assert prefill_answers(scheme, today=TODAY)["location_id"] is None


@pytest.mark.parametrize(
    "other",
    [
        {"startdate": dt.date(2026, 5, 16)},  # starts more than 14 days from today
        {"units": None},  # incomplete
        {"deleted_at": dt.datetime(2026, 4, 1, tzinfo=dt.UTC)},
    ],
    ids=["starts-later", "incomplete", "deleted"],
)
def test_only_locations_available_within_14_days_count_towards_the_one(
    make_location, make_scheme, other
):
    scheme = make_scheme()
    chosen = make_location(scheme=scheme)
    make_location(scheme=scheme, postcode="LS2 7EW", **other)

    assert prefill_answers(scheme, today=TODAY)["location_id"] == chosen.code


def test_choosing_a_location_fills_in_its_code(make_location, make_scheme):
    scheme = make_scheme()
    make_location(scheme=scheme)
    chosen = make_location(scheme=scheme, postcode="LS2 7EW")

    answers = prefill_answers(scheme, chosen)

    assert (answers["scheme_id"], answers["location_id"]) == (scheme.code, chosen.code)


def test_a_location_of_another_scheme_cannot_be_chosen(make_location):
    location = make_location()

    with pytest.raises(ValueError, match="is not one of scheme"):
        prefill_answers(make_location().scheme, location)


def test_the_prefilled_answers_are_answers_of_core_lettings_2026(make_location, make_scheme):
    lettings = get_definition("core-lettings", 2026)
    scheme = make_scheme()
    chosen = make_location(scheme=scheme)
    make_location(scheme=scheme, postcode="LS2 7EW")
    answers = {
        "owning_organisation_id": str(scheme.owning_organisation.pk),
        "needstype": 2,
        "startdate": "2026-05-20",
    }
    answers.update(prefill_answers(scheme, chosen))
    context = {
        **scheme_values(scheme, dt.date(2026, 5, 20), today=TODAY),
        **location_values(chosen, dt.date(2026, 5, 20), today=TODAY, definition=lettings),
    }

    outcome = evaluate_log(lettings, answers, context, today=TODAY)

    assert outcome.unknown == ()
    assert outcome.answers["scheme_id"] == scheme.code
    assert outcome.answers["location_id"] == chosen.code
