"""Factories for schemes and locations: complete by default, so a test names only what it
is about. make_scheme() saves a confirmed scheme; make_location() a confirmed location
(Leeds, LS1 4AP, 10 self-contained flats, no mobility adaptations, no start date)."""

import pytest

from caselog.schemes.models import (
    ArrangementType,
    ClientGroup,
    IntendedStay,
    Location,
    MobilityType,
    RegisteredUnderCareAct,
    Scheme,
    SchemeType,
    SupportType,
    TypeOfUnit,
    YesNo,
)


@pytest.fixture
def make_scheme(db, make_organisation):
    """make_scheme(**fields) -> a saved, confirmed Scheme owned by a new organisation."""

    def make(**fields):
        fields.setdefault("service_name", "Hope House")
        if "owning_organisation" not in fields:
            fields["owning_organisation"] = make_organisation()
        fields.setdefault("scheme_type", SchemeType.FOYER)
        fields.setdefault("registered_under_care_act", RegisteredUnderCareAct.NO)
        fields.setdefault("arrangement_type", ArrangementType.SAME_ORGANISATION)
        fields.setdefault("primary_client_group", ClientGroup.YOUNG_PEOPLE_AT_RISK)
        fields.setdefault("has_other_client_group", YesNo.NO)
        fields.setdefault("support_type", SupportType.MEDIUM_LEVEL)
        fields.setdefault("intended_stay", IntendedStay.MEDIUM_STAY)
        fields.setdefault("confirmed", True)
        return Scheme.objects.create(**fields)

    return make


@pytest.fixture
def make_location(db, make_scheme):
    """make_location(scheme=..., **fields) -> a saved, complete Location."""

    def make(scheme=None, **fields):
        fields.setdefault("name", "Hope House flats")
        fields.setdefault("postcode", "LS1 4AP")
        fields.setdefault("la_code", "E08000035")
        fields.setdefault("la_name", "Leeds")
        fields.setdefault("units", 10)
        fields.setdefault("type_of_unit", TypeOfUnit.SELF_CONTAINED_FLAT_OR_BEDSIT)
        fields.setdefault("mobility_type", MobilityType.NONE)
        return Location.objects.create(scheme=scheme or make_scheme(), **fields)

    return make
