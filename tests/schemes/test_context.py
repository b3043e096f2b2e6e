"""The scheme.* and location.* values a log's rules read, and what those rules then tell the
user: run through the core-lettings 2026 definition itself."""

import datetime as dt

import pytest

from caselog.definitions.registry import get_definition
from caselog.engine import evaluate_log
from caselog.schemes.context import location_values, scheme_values
from caselog.schemes.models import LocationDeactivation, MobilityType, SchemeDeactivation

pytestmark = pytest.mark.django_db

D = dt.date
TODAY = D(2026, 5, 1)
JUNE_1 = D(2026, 6, 1)


@pytest.fixture(scope="module")
def lettings():
    return get_definition("core-lettings", 2026)


def declared(lettings, prefix: str) -> dict[str, str]:
    return {
        name: kind
        for name, kind in lettings.definition.context_types.items()
        if name.startswith(prefix)
    }


PYTHON_TYPES = {"text": str, "date": dt.date, "number": int, "bool": bool}


def test_scheme_values_are_exactly_the_scheme_names_context_yaml_declares_with_their_types(
    lettings, make_location
):
    location = make_location()
    SchemeDeactivation.objects.create(scheme=location.scheme, deactivation_date=JUNE_1)

    values = scheme_values(location.scheme, D(2026, 7, 1), today=TODAY)

    assert set(values) == set(declared(lettings, "scheme."))
    for name, kind in declared(lettings, "scheme.").items():
        assert isinstance(values[name], PYTHON_TYPES[kind]), name


def test_location_values_are_exactly_the_location_names_context_yaml_declares_with_their_types(
    lettings, make_location
):
    location = make_location(startdate=D(2026, 8, 1))

    values = location_values(location, D(2026, 7, 1), today=TODAY, definition=lettings)

    assert set(values) == set(declared(lettings, "location."))
    for name, kind in declared(lettings, "location.").items():
        assert isinstance(values[name], PYTHON_TYPES[kind]), name


def test_a_scheme_counts_its_confirmed_locations_those_available_soon_and_those_active_on_the_start_date(
    make_location, make_scheme
):
    scheme = make_scheme()
    make_location(scheme=scheme)  # no start date: available now
    make_location(scheme=scheme, startdate=D(2026, 5, 11))  # within 14 days of today
    make_location(scheme=scheme, startdate=D(2026, 5, 31))  # later
    make_location(scheme=scheme, units=None)  # incomplete
    make_location(scheme=scheme, deleted_at=dt.datetime(2026, 4, 1, tzinfo=dt.UTC))

    values = scheme_values(scheme, D(2026, 5, 20), today=TODAY)

    assert values["scheme.confirmed_locations"] == 3
    assert values["scheme.locations_available_soon"] == 2
    assert values["scheme.locations_active_on_startdate"] == 2


def test_a_scheme_gives_its_status_today_and_on_the_start_date_with_the_date(make_location):
    scheme = make_location().scheme
    SchemeDeactivation.objects.create(scheme=scheme, deactivation_date=JUNE_1)

    values = scheme_values(scheme, D(2026, 7, 1), today=TODAY)

    assert values["scheme.status"] == "deactivating_soon"
    assert values["scheme.status_on_startdate"] == "deactivated"
    assert values["scheme.status_date_on_startdate"] == JUNE_1
    assert values["scheme.locations_active_on_startdate"] == 0
    assert values["scheme.name"] == "Hope House"
    assert values["scheme.owning_organisation_id"] == str(scheme.owning_organisation.pk)


def test_without_a_start_date_only_todays_status_is_known(make_location):
    location = make_location()

    scheme = scheme_values(location.scheme, None, today=TODAY)
    here = location_values(location, None, today=TODAY)

    assert scheme["scheme.status"] == "active"
    assert here["location.status"] == "active"
    for values, prefix in ((scheme, "scheme"), (here, "location")):
        assert values[f"{prefix}.status_on_startdate"] is None
        assert values[f"{prefix}.status_date_on_startdate"] is None
    assert scheme["scheme.locations_active_on_startdate"] is None


def test_a_log_without_a_scheme_or_location_has_no_values_for_them():
    assert scheme_values(None, TODAY) == {}
    assert location_values(None, TODAY) == {}


def test_a_location_gives_its_postcode_mobility_and_status_from_its_scheme(lettings, make_location):
    location = make_location(
        postcode="ls1 4ap", mobility_type=MobilityType.WHEELCHAIR_USER_STANDARD
    )
    SchemeDeactivation.objects.create(
        scheme=location.scheme, deactivation_date=JUNE_1, reactivation_date=D(2026, 9, 1)
    )

    values = location_values(location, D(2026, 7, 1), today=TODAY, definition=lettings)

    assert values["location.postcode"] == "LS1 4AP"
    assert values["location.mobility_type"] == "W"
    assert values["location.status"] == "active"
    assert values["location.status_on_startdate"] == "reactivating_soon"
    assert values["location.status_date_on_startdate"] == D(2026, 9, 1)


@pytest.mark.parametrize(
    "la_code, la_on_1_april_2026",
    [
        ("E08000035", "E08000035"),  # Leeds: unchanged
        ("E07000030", "E06000064"),  # Eden: part of Westmorland and Furness from 2023
        ("E07000163", "E06000065"),  # Craven: part of North Yorkshire from 2023
        ("E08000016", "E08000038"),  # Barnsley: new code from 2025
        ("W06000015", "W06000015"),  # Cardiff: unchanged (and not in England)
        ("E99999999", None),  # not a local authority: the rules fall back to location.location_code
    ],
)
def test_a_location_is_in_the_local_authority_its_code_became_by_the_collection_start(
    lettings, make_location, la_code, la_on_1_april_2026
):
    values = location_values(
        make_location(la_code=la_code), D(2026, 7, 1), today=TODAY, definition=lettings
    )

    assert values["location.la"] == la_on_1_april_2026
    assert values["location.location_code"] == la_code


def test_without_a_definition_the_collection_year_of_the_start_date_is_used(make_location):
    values = location_values(make_location(la_code="E07000030"), D(2026, 7, 1), today=TODAY)

    assert values["location.la"] == "E06000064"


# The rules of core-lettings 2026 read these values: what the user sees.


def setup_answers(scheme, location, startdate: dt.date) -> dict:
    return {
        "owning_organisation_id": str(scheme.owning_organisation.pk),
        "needstype": 2,
        "scheme_id": scheme.code,
        "location_id": location.code,
        "startdate": startdate.isoformat(),
    }


def evaluate(lettings, location, startdate: dt.date):
    scheme = location.scheme
    context = {
        **scheme_values(scheme, startdate, today=TODAY),
        **location_values(location, startdate, today=TODAY, definition=lettings),
    }
    return evaluate_log(lettings, setup_answers(scheme, location, startdate), context, today=TODAY)


def errors_by_rule(outcome) -> dict[str, str]:
    return {finding.rule: finding.message for finding in outcome.errors}


@pytest.fixture
def two_locations(make_location, make_scheme):
    """A scheme with two locations, so the log names its location."""
    scheme = make_scheme()
    first = make_location(
        scheme=scheme, postcode="LS1 4AP", mobility_type=MobilityType.WHEELCHAIR_USER_STANDARD
    )
    make_location(scheme=scheme, postcode="LS2 7EW")
    return first


def test_a_letting_after_its_scheme_was_deactivated_is_refused_naming_the_scheme_and_date(
    lettings, two_locations
):
    SchemeDeactivation.objects.create(scheme=two_locations.scheme, deactivation_date=JUNE_1)

    errors = errors_by_rule(evaluate(lettings, two_locations, D(2026, 7, 1)))

    assert errors["validate_scheme.scheme_inactive_on_startdate"] == (
        "The scheme Hope House was deactivated on 1 June 2026 and was not available on the day you entered. "
        "Select another scheme or edit the tenancy start date."
    )
    assert "validate_location.location_inactive_on_startdate" in errors


def test_a_letting_before_its_location_is_available_is_refused_with_the_date_it_is(
    lettings, two_locations
):
    two_locations.startdate = D(2026, 5, 10)  # within 14 days of today, so it can be chosen
    two_locations.save()

    errors = errors_by_rule(evaluate(lettings, two_locations, D(2026, 5, 5)))

    assert errors["validate_location.location_inactive_on_startdate.activating_soon"] == (
        "The location LS1 4AP is not available until 10 May 2026. Enter a tenancy start date after 10 May 2026."
    )


def test_a_letting_while_its_location_is_deactivated_is_refused_until_it_reactivates(
    lettings, two_locations
):
    LocationDeactivation.objects.create(
        location=two_locations, deactivation_date=JUNE_1, reactivation_date=D(2026, 9, 1)
    )

    during = errors_by_rule(evaluate(lettings, two_locations, D(2026, 7, 1)))
    after = errors_by_rule(evaluate(lettings, two_locations, D(2026, 9, 1)))

    assert during["validate_location.location_inactive_on_startdate.reactivating_soon"] == (
        "The location LS1 4AP is not available until 1 September 2026. Enter a tenancy start date after 1 September 2026."
    )
    assert not any(rule.startswith(("validate_location", "validate_scheme")) for rule in after)


def test_an_incomplete_scheme_cannot_be_chosen(lettings, two_locations):
    scheme = two_locations.scheme
    scheme.confirmed = False
    scheme.save()

    errors = errors_by_rule(evaluate(lettings, two_locations, D(2026, 5, 20)))

    assert (
        errors["validate_scheme.incomplete"]
        == "This scheme is incomplete. Select another scheme or update this one."
    )


def test_a_letting_at_an_active_location_has_no_scheme_or_location_errors(lettings, two_locations):
    errors = errors_by_rule(evaluate(lettings, two_locations, D(2026, 5, 20)))

    assert not any(rule.startswith(("validate_location", "validate_scheme")) for rule in errors)


def test_the_wheelchair_standard_and_local_authority_come_from_the_location(
    lettings, two_locations
):
    two_locations.la_code = "E07000030"  # Eden, now Westmorland and Furness
    two_locations.save()

    outcome = evaluate(lettings, two_locations, D(2026, 5, 20))

    assert outcome.values["wchair"] == 1  # wheelchair-user standard
    assert outcome.values["effective_la"] == "E06000064"
    assert outcome.values["effective_postcode_full"] == "LS1 4AP"
