"""Organisation details, the data sharing agreement, and stock owner / agent relationships."""

import pytest
from django.urls import reverse

from caselog.accounts import permissions
from caselog.accounts.models import DataSharingAgreement, Relationship, SecurityEvent, User

pytestmark = pytest.mark.django_db


@pytest.fixture
def org(make_organisation):
    return make_organisation(name="Riverside Homes", provider_code="RH1")


def test_nobody_creates_logs_until_the_data_protection_officer_accepts_the_agreement(client, make_user, org, sign_in):
    officer = make_user(organisation=org)
    dpo = make_user(name="Dee Pio", organisation=org, is_dpo=True)
    assert not permissions.can_create_logs(officer)

    sign_in(client, officer)
    page = client.get(reverse("accounts:organisation", args=[org.pk])).content.decode()
    assert "until its data protection officer accepts" in page and "Dee Pio" in page
    assert client.post(reverse("accounts:data-sharing", args=[org.pk])).status_code == 404
    assert not DataSharingAgreement.objects.exists()

    sign_in(client, dpo)
    client.post(reverse("accounts:data-sharing", args=[org.pk]))
    agreement = DataSharingAgreement.objects.get(organisation=org)
    assert agreement.accepted_by == dpo and agreement.signatory_name == "Dee Pio"
    assert permissions.can_create_logs(officer)
    assert "Accepted by Dee Pio" in client.get(reverse("accounts:organisation", args=[org.pk])).content.decode()
    assert SecurityEvent.objects.filter(kind="data_sharing_accepted", organisation=org, actor=dpo).exists()


def test_a_coordinator_adds_a_managing_agent_and_both_see_each_others_details(client, make_user, make_organisation, org, sign_in):
    agent = make_organisation(name="Agent Lettings", provider_code="AG7")
    coordinator = make_user(organisation=org, role=User.Role.DATA_COORDINATOR)
    sign_in(client, coordinator)
    client.post(reverse("accounts:relationships", args=[org.pk]), {"kind": "managing_agent", "provider_code": "ag7"})
    assert Relationship.objects.filter(stock_owner=org, managing_agent=agent).exists()
    assert SecurityEvent.objects.filter(kind="relationship_added", actor=coordinator).exists()

    agent_user = make_user(organisation=agent)
    sign_in(client, agent_user)
    assert client.get(reverse("accounts:organisation", args=[org.pk])).status_code == 200
    assert list(permissions.owning_organisations_for(agent_user)) == sorted([org, agent], key=lambda o: o.name)


def test_adding_an_unknown_provider_code_says_what_to_do(client, make_user, org, sign_in):
    sign_in(client, make_user(organisation=org, role=User.Role.DATA_COORDINATOR))
    page = client.post(reverse("accounts:relationships", args=[org.pk]), {"kind": "stock_owner", "provider_code": "NOPE"})
    assert "No active organisation has this provider code" in page.content.decode()


def test_a_data_provider_sees_relationships_but_cannot_change_them(client, make_user, make_organisation, org, sign_in):
    agent = make_organisation()
    Relationship.objects.create(stock_owner=org, managing_agent=agent)
    sign_in(client, make_user(organisation=org))
    page = client.get(reverse("accounts:relationships", args=[org.pk])).content.decode()
    assert agent.name in page and "Add a stock owner" not in page
    assert client.post(reverse("accounts:remove-relationship", args=[org.pk, agent.pk])).status_code == 404
    assert Relationship.objects.exists()


def test_an_unrelated_organisation_is_not_found(client, make_user, make_organisation, org, sign_in):
    sign_in(client, make_user(organisation=make_organisation()))
    for name in ("accounts:organisation", "accounts:data-sharing", "accounts:relationships"):
        assert client.get(reverse(name, args=[org.pk])).status_code == 404


def test_support_lists_and_searches_every_organisation(client, make_user, make_organisation, org, sign_in):
    make_organisation(name="Hillside Council")
    sign_in(client, make_user(role=User.Role.SUPPORT))
    page = client.get(reverse("accounts:organisations"), {"q": "rh1"}).content.decode()
    assert "Riverside Homes" in page and "Hillside Council" not in page


def test_others_go_to_their_own_organisation(client, make_user, org, sign_in):
    sign_in(client, make_user(organisation=org))
    assert client.get(reverse("accounts:organisations"))["Location"] == reverse("accounts:organisation", args=[org.pk])


def test_a_parent_submits_for_its_children_and_sees_their_logs(make_user, make_organisation, org):
    child = make_organisation(name="Riverside Subsidiary", parent=org)
    parent_user = make_user(organisation=org)
    assert permissions.acting_for(parent_user) == {org.pk, child.pk}
    assert child in permissions.owning_organisations_for(parent_user)
