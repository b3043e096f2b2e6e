"""The scheme and location pages: who sees which schemes, searching, and the lists."""

import re

import pytest
from django.urls import reverse

from caselog.accounts.models import Relationship, User

pytestmark = pytest.mark.django_db


@pytest.fixture
def org(make_organisation):
    return make_organisation(name="Riverside Homes")


@pytest.fixture
def provider(make_user, org):
    return make_user(name="Pat Provider", organisation=org)


@pytest.fixture
def coordinator(make_user, org):
    return make_user(name="Cora Ordinator", organisation=org, role=User.Role.DATA_COORDINATOR)


def page(client, name, *args, **query) -> str:
    response = client.get(reverse(name, args=args), query)
    assert response.status_code == 200
    return response.content.decode()


def test_a_provider_sees_their_own_their_stock_owners_and_supported_schemes_only(
    client, make_organisation, make_scheme, org, provider, sign_in
):
    owner = make_organisation(name="Stock Owner Trust")
    Relationship.objects.create(stock_owner=owner, managing_agent=org)
    stranger = make_organisation(name="Elsewhere Homes")
    make_scheme(service_name="Our Own House", owning_organisation=org)
    make_scheme(service_name="Owners Hostel", owning_organisation=owner)
    make_scheme(service_name="We Support It", owning_organisation=stranger, managing_organisation=org)
    make_scheme(service_name="Not Ours At All", owning_organisation=stranger)

    sign_in(client, provider)
    listed = page(client, "schemes:list")
    assert "Our Own House" in listed and "Owners Hostel" in listed and "We Support It" in listed
    assert "Not Ours At All" not in listed
    assert "3 schemes" in listed


def test_another_organisations_scheme_and_its_locations_are_not_found(
    client, make_location, make_scheme, coordinator, sign_in
):
    scheme = make_scheme(service_name="Not Ours")
    location = make_location(scheme=scheme)
    sign_in(client, coordinator)
    for name, args in [
        ("schemes:detail", [scheme.pk]),
        ("schemes:check-answers", [scheme.pk]),
        ("schemes:question", [scheme.pk, "support"]),
        ("schemes:deactivate", [scheme.pk]),
        ("schemes:locations", [scheme.pk]),
        ("schemes:location-new", [scheme.pk]),
        ("schemes:location", [scheme.pk, location.pk]),
        ("schemes:location-question", [scheme.pk, location.pk, "name"]),
        ("schemes:location-deactivate", [scheme.pk, location.pk]),
    ]:
        assert client.get(reverse(name, args=args)).status_code == 404, name
    response = client.post(reverse("schemes:question", args=[scheme.pk, "edit-name"]), {"service_name": "Taken"})
    assert response.status_code == 404
    scheme.refresh_from_db()
    assert scheme.service_name == "Not Ours"


def test_a_location_of_one_scheme_is_not_found_under_another(client, make_location, make_scheme, org, provider, sign_in):
    ours = make_scheme(owning_organisation=org)
    theirs = make_location(scheme=make_scheme())
    sign_in(client, provider)
    assert client.get(reverse("schemes:location", args=[ours.pk, theirs.pk])).status_code == 404


def test_support_sees_every_scheme_and_can_narrow_the_list_to_one_owner(
    client, make_organisation, make_scheme, make_user, sign_in
):
    first, second = make_organisation(name="First Homes"), make_organisation(name="Second Homes")
    make_scheme(service_name="Alpha Court", owning_organisation=first)
    make_scheme(service_name="Beta Lodge", owning_organisation=second)
    sign_in(client, make_user(role=User.Role.SUPPORT))
    everything = page(client, "schemes:list")
    assert "Alpha Court" in everything and "Beta Lodge" in everything
    narrowed = page(client, "schemes:list", organisation=second.pk)
    assert "Beta Lodge" in narrowed and "Alpha Court" not in narrowed
    assert "1 of 2 schemes owned by Second Homes" in narrowed


def test_deleted_schemes_are_not_listed_or_found(client, make_scheme, org, provider, sign_in):
    from django.utils import timezone

    scheme = make_scheme(service_name="Gone House", owning_organisation=org, deleted_at=timezone.now())
    sign_in(client, provider)
    assert "Gone House" not in page(client, "schemes:list")
    assert client.get(reverse("schemes:detail", args=[scheme.pk])).status_code == 404


def test_search_finds_schemes_by_name_code_and_postcode(client, make_location, make_scheme, org, provider, sign_in):
    hope = make_scheme(service_name="Hope House", owning_organisation=org)
    make_location(scheme=hope, postcode="LS1 4AP", name="Hope flats")
    other = make_scheme(service_name="Cedar Court", owning_organisation=org)
    make_location(scheme=other, postcode="M1 1AE", name="Cedar flats")
    sign_in(client, provider)

    by_name = page(client, "schemes:list", q="hope")
    assert f'<a class="govuk-link" href="/schemes/{hope.pk}">Hope House</a>' in by_name
    assert "Cedar Court" not in by_name
    by_code = page(client, "schemes:list", q=other.code.lower())
    assert "Cedar Court" in by_code and "Hope House" not in by_code
    by_postcode = page(client, "schemes:list", q="ls14ap")
    assert "Hope House" in by_postcode and "Cedar Court" not in by_postcode
    assert "No schemes match ‘Nowhere’" in page(client, "schemes:list", q="Nowhere")


def test_locations_are_searched_by_postcode_and_name(client, make_location, make_scheme, org, provider, sign_in):
    scheme = make_scheme(owning_organisation=org)
    make_location(scheme=scheme, postcode="LS1 4AP", name="Riverside flats")
    make_location(scheme=scheme, postcode="LS2 7EY", name="Park house")
    sign_in(client, provider)
    listed = page(client, "schemes:locations", scheme.pk)
    assert "LS1 4AP" in listed and "LS2 7EY" in listed
    by_postcode = page(client, "schemes:locations", scheme.pk, q="ls2 7")
    assert "LS2 7EY" in by_postcode and "LS1 4AP" not in by_postcode
    by_name = page(client, "schemes:locations", scheme.pk, q="riverside")
    assert "LS1 4AP" in by_name and "LS2 7EY" not in by_name


def test_the_list_pages_through_many_schemes_keeping_the_search(client, make_scheme, org, provider, sign_in):
    for n in range(25):
        make_scheme(service_name=f"Hostel {n:02}", owning_organisation=org)
    sign_in(client, provider)
    first = page(client, "schemes:list", q="hostel")
    assert "Hostel 19" in first and "Hostel 20" not in first
    assert "?q=hostel&amp;page=2" in first
    second = page(client, "schemes:list", q="hostel", page=2)
    assert "Hostel 24" in second and "Hostel 00" not in second


def test_status_tags_show_incomplete_and_active(client, make_location, make_scheme, org, provider, sign_in):
    make_scheme(service_name="Unfinished", owning_organisation=org, confirmed=False)
    active = make_scheme(service_name="Ready", owning_organisation=org)
    make_location(scheme=active)
    sign_in(client, provider)
    listed = page(client, "schemes:list")
    tags = dict((text, colour) for colour, text in re.findall(r'govuk-tag--(\w+)">\s*([\w ]+?)\s*<', listed))
    assert tags == {"Incomplete": "red", "Active": "green"}


def test_schemes_is_in_the_navigation_for_people_in_an_organisation(client, make_user, provider, sign_in):
    sign_in(client, provider)
    assert f'href="{reverse("schemes:list")}"' in page(client, "accounts:home")
    loner = make_user(organisation=None)
    sign_in(client, loner)
    assert f'href="{reverse("schemes:list")}"' not in page(client, "accounts:home")
    assert client.get(reverse("schemes:list")).status_code == 404


def test_a_data_provider_sees_a_scheme_but_cannot_create_or_change_one(
    client, make_location, make_scheme, org, provider, sign_in
):
    scheme = make_scheme(service_name="Hope House", owning_organisation=org)
    location = make_location(scheme=scheme)
    sign_in(client, provider)
    assert "Create a new supported housing scheme" not in page(client, "schemes:list")
    detail = page(client, "schemes:detail", scheme.pk)
    assert "Hope House" in detail and ">Change<" not in detail and "Deactivate this scheme" not in detail
    assert "Add a location" not in page(client, "schemes:locations", scheme.pk)

    assert client.get(reverse("schemes:new")).status_code == 404
    assert client.post(reverse("schemes:new"), {"service_name": "Sneaky"}).status_code == 404
    assert client.post(reverse("schemes:question", args=[scheme.pk, "edit-name"]),
                       {"service_name": "Renamed"}).status_code == 404
    assert client.post(reverse("schemes:location-question", args=[scheme.pk, location.pk, "name"]),
                       {"name": "Renamed"}).status_code == 404
    assert client.post(reverse("schemes:deactivate-confirm", args=[scheme.pk]),
                       {"date": "2026-12-01"}).status_code == 404
    scheme.refresh_from_db()
    location.refresh_from_db()
    assert scheme.service_name == "Hope House" and location.name == "Hope House flats"
    assert not scheme.deactivations.exists()
    from caselog.schemes.models import Scheme

    assert not Scheme.objects.filter(service_name="Sneaky").exists()


def test_a_coordinator_of_a_managing_agent_may_change_its_stock_owners_scheme(
    client, make_organisation, make_scheme, coordinator, org, sign_in
):
    owner = make_organisation(name="Stock Owner Trust")
    Relationship.objects.create(stock_owner=owner, managing_agent=org)
    scheme = make_scheme(owning_organisation=owner)
    sign_in(client, coordinator)
    assert ">Change<" in page(client, "schemes:detail", scheme.pk)
