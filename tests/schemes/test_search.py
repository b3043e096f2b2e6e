"""Users find a scheme by its code, its name, or a location's postcode or name, typed any
way round; and a location by its postcode, name or code."""

import pytest

from caselog.schemes.models import Location, Scheme
from caselog.schemes.search import find_location, find_scheme, search_locations, search_schemes

pytestmark = pytest.mark.django_db


@pytest.fixture
def schemes(make_location, make_scheme):
    """Hope House (LS1 4AP "Hope House flats", LS2 7EW "Garden block") and Riverside Court
    (M1 1AE "Riverside")."""
    hope = make_scheme(service_name="Hope House")
    make_location(scheme=hope, postcode="LS1 4AP", name="Hope House flats")
    make_location(scheme=hope, postcode="LS2 7EW", name="Garden block")
    riverside = make_scheme(service_name="Riverside Court")
    make_location(scheme=riverside, postcode="M1 1AE", name="Riverside")
    return hope, riverside


def found(text: str) -> list[str]:
    return sorted(s.service_name for s in search_schemes(Scheme.objects.all(), text))


def test_a_scheme_is_found_by_its_code_with_or_without_the_s(schemes):
    hope, _ = schemes

    assert found(f"S{hope.pk}") == found(f"s{hope.pk}") == ["Hope House"]
    # The number alone also matches postcodes with that number in them, as in CORE.
    assert "Hope House" in found(str(hope.pk))


@pytest.mark.parametrize("text", ["hope", "HOUSE", "  hope   house ", "Hope House"])
def test_a_scheme_is_found_by_part_of_its_name_in_any_case(schemes, text):
    assert found(text) == ["Hope House"]


@pytest.mark.parametrize("text", ["LS1 4AP", "ls14ap", "ls1 4ap", "LS1", "4ap", "M1 1AE"])
def test_a_scheme_is_found_by_a_locations_postcode_with_or_without_the_space(schemes, text):
    assert found(text) == (["Riverside Court"] if text == "M1 1AE" else ["Hope House"])


def test_a_scheme_is_found_by_a_locations_name(schemes):
    assert found("garden") == ["Hope House"]


def test_a_scheme_with_several_matching_locations_is_listed_once(schemes):
    assert found("LS") == ["Hope House"]


def test_a_search_matches_every_scheme_it_fits(schemes):
    assert found("e") == ["Hope House", "Riverside Court"]


def test_nothing_is_found_for_text_no_scheme_has(schemes):
    assert found("Sunnyside") == []


def test_blank_text_lists_every_scheme(schemes):
    assert found("  ") == ["Hope House", "Riverside Court"]


@pytest.mark.parametrize("text", ["%", "_", "100%"])
def test_wildcards_are_read_as_the_characters_typed(schemes, text):
    assert found(text) == []


def test_the_search_stays_within_the_schemes_given(schemes):
    hope, riverside = schemes

    assert list(search_schemes(Scheme.objects.filter(pk=riverside.pk), "hope")) == []


def test_a_long_number_finds_nothing_rather_than_failing(schemes):
    assert found("S" + "9" * 30) == []


def locations_found(text: str) -> list[str]:
    return sorted(location.postcode for location in search_locations(Location.objects.all(), text))


@pytest.mark.parametrize("text", ["ls2 7ew", "LS27EW", "garden", "GARDEN BLOCK"])
def test_a_location_is_found_by_its_postcode_or_name(schemes, text):
    assert locations_found(text) == ["LS2 7EW"]


def test_a_location_is_found_by_its_code(schemes):
    location = Location.objects.get(postcode="M1 1AE")

    assert locations_found(location.code) == ["M1 1AE"]


def test_a_location_search_stays_within_the_locations_given(schemes):
    hope, _ = schemes

    assert sorted(loc.postcode for loc in search_locations(hope.locations.all(), "1")) == [
        "LS1 4AP"
    ]


def test_an_uploaded_scheme_code_is_read_with_or_without_the_s(schemes):
    hope, _ = schemes
    owned = Scheme.objects.filter(owning_organisation=hope.owning_organisation)

    assert find_scheme(owned, f"S{hope.pk}") == hope
    assert find_scheme(owned, f" s{hope.pk} ") == hope
    assert find_scheme(owned, str(hope.pk)) == hope
    assert find_scheme(owned, "Hope House") is None
    assert find_scheme(owned, None) is None


def test_an_uploaded_location_code_is_found_only_among_its_schemes_locations(schemes):
    hope, riverside = schemes
    theirs = riverside.locations.get()

    assert find_location(riverside.locations.all(), theirs.code) == theirs
    assert find_location(hope.locations.all(), theirs.code) is None
    assert find_location(hope.locations.all(), "L1") is None
