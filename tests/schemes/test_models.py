"""Schemes and locations keep CORE's codes, tidy what users type, and know when they are
complete; deactivation periods cannot run backwards or overlap as two open ones."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from caselog.schemes.models import (
    ArrangementType,
    ClientGroup,
    IntendedStay,
    LocationDeactivation,
    MobilityType,
    RegisteredUnderCareAct,
    SchemeDeactivation,
    SchemeType,
    SupportType,
    TypeOfUnit,
    YesNo,
    normalise_postcode,
)

pytestmark = pytest.mark.django_db


def test_a_scheme_code_is_s_and_its_id_and_a_location_code_is_its_id(make_location):
    location = make_location()

    assert location.scheme.code == f"S{location.scheme.pk}"
    assert location.code == str(location.pk)


@pytest.mark.parametrize(
    "typed, stored",
    [
        ("ls1 4ap", "LS1 4AP"),
        ("LS14AP", "LS1 4AP"),
        (" sw1a   1aa ", "SW1A 1AA"),
        ("M1 1AE", "M1 1AE"),
        ("", ""),
    ],
)
def test_a_postcode_is_stored_upper_case_with_one_space(typed, stored, make_location):
    assert normalise_postcode(typed) == stored
    if typed:
        assert make_location(postcode=typed).postcode == stored


def test_a_postcode_in_the_wrong_format_is_refused_with_an_example(make_location):
    location = make_location(postcode="abc123")

    with pytest.raises(ValidationError) as refused:
        location.full_clean()

    assert refused.value.message_dict["postcode"] == [
        "Enter a postcode in the correct format, for example AA1 1AA."
    ]


def test_names_are_trimmed_and_spaces_inside_made_single(make_location, make_scheme):
    scheme = make_scheme(service_name="  Hope   House ")
    location = make_location(scheme=scheme, name=" Block  A ")

    assert (scheme.service_name, location.name) == ("Hope House", "Block A")


def test_a_location_is_complete_once_postcode_local_authority_units_unit_type_and_mobility_are_given(
    make_location,
):
    location = make_location(units=None)
    assert location.confirmed is False

    location.units = 4
    location.save()

    assert location.confirmed is True


def test_a_location_needs_no_name_or_start_date_to_be_complete(make_location):
    assert make_location(name="", startdate=None).confirmed is True


def test_a_location_has_at_least_one_unit(make_location):
    with pytest.raises(ValidationError) as refused:
        make_location(units=0).full_clean()

    assert "units" in refused.value.message_dict


def test_a_scheme_missing_an_answer_cannot_stay_confirmed(make_scheme):
    scheme = make_scheme(support_type=None, confirmed=True)

    assert scheme.confirmed is False
    scheme.confirmed = True
    with pytest.raises(ValidationError) as refused:
        scheme.full_clean()
    assert list(refused.value.message_dict) == ["support_type"]


def test_a_scheme_with_another_client_group_needs_it_named_to_be_confirmed(make_scheme):
    scheme = make_scheme(has_other_client_group=YesNo.YES, secondary_client_group="")
    assert scheme.confirmed is False

    scheme.secondary_client_group = ClientGroup.DRUG_PROBLEMS
    scheme.confirmed = True
    scheme.save()

    assert scheme.confirmed is True


def test_answering_no_other_client_group_drops_the_secondary_group(make_scheme):
    scheme = make_scheme(
        has_other_client_group=YesNo.NO, secondary_client_group=ClientGroup.TEENAGE_PARENTS
    )

    assert scheme.secondary_client_group == ""


def test_confidential_information_is_no_unless_said(make_scheme):
    assert make_scheme().get_sensitive_display() == "No"


def test_reactivation_cannot_come_before_deactivation(make_scheme):
    scheme = make_scheme()
    period = SchemeDeactivation(
        scheme=scheme, deactivation_date=dt.date(2026, 6, 1), reactivation_date=dt.date(2026, 5, 1)
    )

    with pytest.raises(ValidationError) as refused:
        period.full_clean()
    assert refused.value.message_dict["reactivation_date"] == [
        "The reactivation date must be on or after the deactivation date."
    ]
    with pytest.raises(IntegrityError), transaction.atomic():
        period.save()


def test_a_location_has_one_open_deactivation_at_a_time(make_location):
    location = make_location()
    LocationDeactivation.objects.create(location=location, deactivation_date=dt.date(2026, 6, 1))
    LocationDeactivation.objects.create(
        location=location,
        deactivation_date=dt.date(2026, 4, 10),
        reactivation_date=dt.date(2026, 4, 20),
    )

    with pytest.raises(IntegrityError), transaction.atomic():
        LocationDeactivation.objects.create(
            location=location, deactivation_date=dt.date(2026, 9, 1)
        )


def test_a_deactivation_period_reads_as_dates_on_screen(make_scheme):
    period = SchemeDeactivation(
        deactivation_date=dt.date(2026, 6, 1), reactivation_date=dt.date(2026, 9, 1)
    )

    assert str(period) == "Deactivated from 1 June 2026 to 1 September 2026"


# CORE's stored codes and labels (app/models/scheme.rb, app/models/location.rb): exports and
# schemes moved from CORE depend on them.
CORE_CHOICES = [
    (
        SchemeType,
        {
            5: "Direct Access Hostel",
            4: "Foyer",
            7: "Housing for older people",
            6: "Other Supported Housing",
            0: "Missing",
        },
    ),
    (
        RegisteredUnderCareAct,
        {
            4: "Yes – registered care home providing nursing care",
            3: "Yes – registered care home providing personal care",
            2: "Yes – part registered as a care home",
            1: "No",
        },
    ),
    (
        SupportType,
        {
            0: "Missing",
            2: "Low level",
            3: "Medium level",
            4: "High level",
            5: "Nursing care in a care home",
            6: "Floating support",
        },
    ),
    (
        IntendedStay,
        {
            "V": "Very short stay",
            "S": "Short stay",
            "M": "Medium stay",
            "P": "Permanent",
            "X": "Missing",
        },
    ),
    (
        ArrangementType,
        {
            "D": "The same organisation that owns the housing stock",
            "R": "Another registered stock owner",
            "V": "A registered charity or voluntary organisation",
            "O": "Another organisation",
            "X": "Missing",
        },
    ),
    (
        MobilityType,
        {
            "W": "Wheelchair-user standard",
            "A": "Fitted with equipment and adaptations",
            "M": "Property designed to accessible general standard",
            "N": "None",
            "X": "Missing",
        },
    ),
    (
        TypeOfUnit,
        {
            6: "Bungalow",
            1: "Self-contained flat or bedsit",
            2: "Self-contained flat or bedsit with common facilities",
            7: "Self-contained house",
            3: "Shared flat",
            4: "Shared house or hostel",
        },
    ),
    (YesNo, {0: "No", 1: "Yes"}),
]


@pytest.mark.parametrize("choices, core", CORE_CHOICES, ids=[c.__name__ for c, _ in CORE_CHOICES])
def test_codes_and_labels_are_cores(choices, core):
    assert dict(choices.choices) == core


def test_client_groups_are_cores_17_letter_codes():
    assert dict(ClientGroup.choices) == {
        "O": "Homeless families with support needs",
        "H": "Offenders and people at risk of offending",
        "M": "Older people with support needs",
        "L": "People at risk of domestic violence",
        "A": "People with a physical or sensory disability",
        "G": "People with alcohol problems",
        "F": "People with drug problems",
        "B": "People with HIV or AIDS",
        "D": "People with learning disabilities",
        "E": "People with mental health problems",
        "I": "Refugees (permanent)",
        "S": "Rough sleepers",
        "N": "Single homeless people with support needs",
        "R": "Teenage parents",
        "Q": "Young people at risk",
        "P": "Young people leaving care",
        "X": "Missing",
    }
