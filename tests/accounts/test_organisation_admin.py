"""Changing an organisation's details and rent periods, and support creating organisations."""

import pytest
from django.urls import reverse

from caselog.accounts.models import Organisation, SecurityEvent, User
from caselog.accounts.organisation_forms import rent_period_choices

pytestmark = pytest.mark.django_db


@pytest.fixture
def org(make_organisation):
    return make_organisation(name="Riverside Homes", provider_code="RH1")


@pytest.fixture
def coordinator(make_user, org):
    return make_user(name="Cora Ordinator", organisation=org, role=User.Role.DATA_COORDINATOR)


@pytest.fixture
def support(make_user):
    return make_user(name="Sam Support", role=User.Role.SUPPORT)


def text(response) -> str:
    return " ".join(response.content.decode().split())


DETAILS = {"name": "Riverside Homes", "address_line1": "", "address_line2": "", "postcode": "", "phone": ""}


# changing details -------------------------------------------------------------------------------

def test_a_coordinator_changes_the_name_address_and_phone_and_the_change_is_recorded(client, coordinator, org, sign_in):
    sign_in(client, coordinator)
    page = text(client.get(reverse("accounts:organisation", args=[org.pk])))
    assert f'href="{reverse("accounts:change-organisation", args=[org.pk])}#id_name"' in page
    response = client.post(reverse("accounts:change-organisation", args=[org.pk]), {
        "name": " Riverside  Housing ", "address_line1": "1 High Street", "address_line2": "Leeds",
        "postcode": "ls1 4ap", "phone": "0113 496 0000",
    })
    assert response["Location"] == reverse("accounts:organisation", args=[org.pk])
    org.refresh_from_db()
    assert (org.name, org.postcode, org.phone) == ("Riverside Housing", "LS1 4AP", "0113 496 0000")
    page = text(client.get(reverse("accounts:organisation", args=[org.pk])))
    assert "1 High Street<br>Leeds<br>LS1 4AP" in page and "0113 496 0000" in page
    event = SecurityEvent.objects.get(kind="organisation_changed", organisation=org)
    assert event.actor == coordinator
    assert event.detail["name"] == ["Riverside Homes", "Riverside Housing"]
    assert event.detail["postcode"] == ["", "LS1 4AP"]


def test_a_coordinator_cannot_change_the_type_or_provider_code(client, coordinator, org, sign_in):
    sign_in(client, coordinator)
    page = text(client.get(reverse("accounts:change-organisation", args=[org.pk])))
    assert "Provider code" not in page and "Type of provider" not in page
    client.post(reverse("accounts:change-organisation", args=[org.pk]),
                {**DETAILS, "provider_code": "HACK1", "type": "local_authority"})
    org.refresh_from_db()
    assert (org.provider_code, org.type) == ("RH1", "private_registered_provider")


def test_wrong_postcode_phone_and_a_missing_name_say_how_to_fix_them(client, coordinator, org, sign_in):
    sign_in(client, coordinator)
    page = text(client.post(reverse("accounts:change-organisation", args=[org.pk]),
                            {**DETAILS, "name": "", "postcode": "NOT A CODE", "phone": "call us"}))
    assert "There is a problem" in page
    assert "Enter the organisation’s name" in page
    assert "Enter a real postcode, like AA1 1AA" in page
    assert "Enter a telephone number, like 01632 960 001" in page
    assert Organisation.objects.get(pk=org.pk).name == "Riverside Homes"


def test_a_coordinator_changes_rent_periods_chosen_from_the_lettings_definition(client, coordinator, org, sign_in):
    sign_in(client, coordinator)
    assert 'Rent periods </dt> <dd class="govuk-summary-list__value"> All </dd>' in text(
        client.get(reverse("accounts:organisation", args=[org.pk])))
    page = text(client.get(reverse("accounts:rent-periods", args=[org.pk])))
    for _code, label in rent_period_choices():
        assert label in page
    assert "Weekly for 52 weeks" in page and "Every calendar month" in page

    client.post(reverse("accounts:rent-periods", args=[org.pk]), {"rent_periods": ["1", "4"]})
    org.refresh_from_db()
    assert org.rent_periods == [1, 4]
    page = text(client.get(reverse("accounts:organisation", args=[org.pk])))
    assert "Every calendar month, Weekly for 52 weeks" in page  # in the question's order
    event = SecurityEvent.objects.get(kind="organisation_changed", organisation=org)
    assert event.detail == {"rent_periods": [[], [1, 4]]}


def test_ticking_no_rent_period_asks_for_one(client, coordinator, org, sign_in):
    sign_in(client, coordinator)
    page = text(client.post(reverse("accounts:rent-periods", args=[org.pk]), {}))
    assert "Select at least one rent period" in page
    page = text(client.post(reverse("accounts:rent-periods", args=[org.pk]), {"rent_periods": ["99"]}))
    assert "Select rent periods from the list" in page


def test_a_coordinator_cannot_change_another_organisations_details_or_rent_periods(
        client, coordinator, make_organisation, org, sign_in):
    from caselog.accounts.models import Relationship

    agent = make_organisation(name="Agent Lettings")
    Relationship.objects.create(stock_owner=org, managing_agent=agent)  # they can see it, not change it
    stranger = make_organisation(name="Elsewhere Homes")
    sign_in(client, coordinator)
    assert client.get(reverse("accounts:organisation", args=[agent.pk])).status_code == 200
    assert "Change<span class=\"govuk-visually-hidden\"> rent periods" not in client.get(
        reverse("accounts:organisation", args=[agent.pk])).content.decode()
    for other in (agent, stranger):
        for name in ("accounts:change-organisation", "accounts:rent-periods"):
            assert client.get(reverse(name, args=[other.pk])).status_code == 404
            assert client.post(reverse(name, args=[other.pk]), {**DETAILS, "rent_periods": ["1"]}).status_code == 404
    agent.refresh_from_db()
    assert agent.rent_periods == [] and agent.name == "Agent Lettings"


def test_a_data_provider_sees_no_change_links_and_cannot_change_anything(client, make_user, org, sign_in):
    sign_in(client, make_user(organisation=org))
    page = client.get(reverse("accounts:organisation", args=[org.pk])).content.decode()
    assert reverse("accounts:change-organisation", args=[org.pk]) not in page
    assert reverse("accounts:rent-periods", args=[org.pk]) not in page
    assert client.post(reverse("accounts:rent-periods", args=[org.pk]), {"rent_periods": ["1"]}).status_code == 404


def test_support_changes_type_provider_code_and_parent(client, make_organisation, org, sign_in, support):
    group = make_organisation(name="Big Group", provider_code="GRP1")
    sign_in(client, support)
    client.post(reverse("accounts:change-organisation", args=[org.pk]),
                {**DETAILS, "type": "local_authority", "provider_code": " rh 2 ", "parent": "grp1"})
    org.refresh_from_db()
    assert (org.type, org.provider_code, org.parent) == ("local_authority", "RH2", group)
    event = SecurityEvent.objects.get(kind="organisation_changed", organisation=org)
    assert event.detail["provider_code"] == ["RH1", "RH2"] and event.detail["parent"] == [None, "Big Group"]
    assert "Big Group" in text(client.get(reverse("accounts:organisation", args=[org.pk])))


def test_another_organisations_provider_code_is_refused_with_its_name(client, make_organisation, org, sign_in, support):
    make_organisation(name="Hillside Council", provider_code="HC9")
    sign_in(client, support)
    page = text(client.post(reverse("accounts:change-organisation", args=[org.pk]),
                            {**DETAILS, "type": "local_authority", "provider_code": "hc9"}))
    assert "Hillside Council already has the provider code HC9. Enter this organisation’s own provider code" in page
    assert Organisation.objects.get(pk=org.pk).provider_code == "RH1"


def test_an_organisation_cannot_be_its_own_parent_nor_its_childs_child(client, make_organisation, org, sign_in, support):
    child = make_organisation(name="Small Subsidiary", provider_code="SUB1", parent=org)
    sign_in(client, support)
    url = reverse("accounts:change-organisation", args=[org.pk])
    base = {**DETAILS, "type": "private_registered_provider", "provider_code": "RH1"}
    assert "An organisation cannot submit logs on its own behalf" in text(client.post(url, {**base, "parent": "RH1"}))
    page = text(client.post(url, {**base, "parent": "SUB1"}))
    assert "Riverside Homes already submits logs on behalf of Small Subsidiary" in page
    assert "No organisation has this provider code" in text(client.post(url, {**base, "parent": "NOPE"}))
    org.refresh_from_db()
    child.refresh_from_db()
    assert org.parent is None and child.parent == org


# creating organisations -------------------------------------------------------------------------

def test_support_creates_an_organisation(client, make_organisation, sign_in, support):
    group = make_organisation(name="Big Group", provider_code="GRP1")
    sign_in(client, support)
    assert reverse("accounts:new-organisation") in client.get(reverse("accounts:organisations")).content.decode()
    response = client.post(reverse("accounts:new-organisation"), {
        "name": "Brand New Homes", "type": "private_registered_provider", "provider_code": "bnh1",
        "parent": "GRP1", "rent_periods": ["1", "2"], "address_line1": "2 Low Road", "postcode": "LS2 7EY",
        "address_line2": "", "phone": "",
    })
    new = Organisation.objects.get(name="Brand New Homes")
    assert response["Location"] == reverse("accounts:organisation", args=[new.pk])
    assert (new.provider_code, new.parent, new.rent_periods, new.active) == ("BNH1", group, [1, 2], True)
    event = SecurityEvent.objects.get(kind="organisation_created", organisation=new)
    assert event.actor == support and event.detail["provider_code"] == "BNH1"
    assert "Brand New Homes has been created" in text(client.get(response["Location"]))


def test_a_new_organisation_needs_a_name_type_unique_provider_code_and_rent_periods(client, org, sign_in, support):
    sign_in(client, support)
    page = text(client.post(reverse("accounts:new-organisation"), {"name": "", "provider_code": "rh1"}))
    assert "Enter the organisation’s name" in page
    assert "Select the type of provider" in page
    assert "Riverside Homes already has the provider code RH1" in page
    assert "Select at least one rent period" in page
    assert Organisation.objects.count() == 2  # org and support's own


def test_a_coordinator_cannot_create_organisations(client, coordinator, sign_in):
    sign_in(client, coordinator)
    assert client.get(reverse("accounts:new-organisation")).status_code == 404
    response = client.post(reverse("accounts:new-organisation"), {
        "name": "Sneaky", "type": "other", "provider_code": "SN1", "rent_periods": ["1"]})
    assert response.status_code == 404
    assert not Organisation.objects.filter(name="Sneaky").exists()
