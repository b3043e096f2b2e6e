"""Coordinators invite and manage their people; providers cannot see the users page."""

import re

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from caselog.accounts.models import SecurityEvent, User

pytestmark = pytest.mark.django_db


@pytest.fixture
def org(make_organisation):
    return make_organisation(name="Riverside Homes")


@pytest.fixture
def coordinator(make_user, org):
    return make_user(name="Cora Ordinator", role=User.Role.DATA_COORDINATOR, organisation=org)


def test_a_data_provider_cannot_see_the_users_page(client, make_user, org, sign_in):
    sign_in(client, make_user(organisation=org))
    assert client.get(reverse("accounts:users")).status_code == 404
    assert client.get(reverse("accounts:invite")).status_code == 404


def test_a_coordinator_sees_only_their_own_organisations_people(client, coordinator, make_user, org, sign_in):
    colleague = make_user(name="Colin League", organisation=org)
    stranger = make_user(name="Stan Ranger")
    sign_in(client, coordinator)
    page = client.get(reverse("accounts:users")).content.decode()
    assert "Colin League" in page and "Stan Ranger" not in page
    assert client.get(reverse("accounts:user", args=[colleague.pk])).status_code == 200
    assert client.get(reverse("accounts:user", args=[stranger.pk])).status_code == 404


def test_a_coordinator_invites_a_provider_who_sets_a_password_and_signs_in(client, coordinator, org, sign_in):
    sign_in(client, coordinator)
    response = client.post(reverse("accounts:invite"), {
        "name": "Ivy Invitee", "email": "Ivy@Example.com", "organisation": str(org.pk), "role": "data_provider",
    })
    person = User.objects.get(email="ivy@example.com")
    assert response["Location"] == reverse("accounts:user", args=[person.pk])
    assert not person.has_usable_password() and person.organisation == org
    [message] = mail.outbox
    assert message.to == ["ivy@example.com"] and "Riverside Homes" in message.subject
    link = re.search(r"https?://\S+", message.body).group(0)

    invitee = Client()
    set_url = invitee.get(link)["Location"]
    assert "Set your password" in invitee.get(set_url).content.decode()
    invitee.post(set_url, {"password": "purple giraffe tuesday", "confirm": "purple giraffe tuesday"})
    signed_in = invitee.post(reverse("accounts:sign-in"), {"email": "ivy@example.com", "password": "purple giraffe tuesday"})
    assert signed_in["Location"] == reverse("accounts:home")
    assert invitee.get(link).status_code == 404  # the link worked once
    assert SecurityEvent.objects.filter(kind="invited", user=person, actor=coordinator).exists()


def test_inviting_someone_who_already_has_an_account_says_so(client, coordinator, make_user, org, sign_in):
    make_user(email="taken@example.com")
    sign_in(client, coordinator)
    page = client.post(reverse("accounts:invite"), {
        "name": "Dup", "email": "TAKEN@example.com", "organisation": str(org.pk), "role": "data_provider",
    }).content.decode()
    assert "Someone already has an account with this email address" in page
    assert mail.outbox == []


def test_a_coordinator_cannot_grant_support(client, coordinator, make_user, org, sign_in):
    person = make_user(organisation=org)
    sign_in(client, coordinator)
    form = client.get(reverse("accounts:change-user", args=[person.pk])).content.decode()
    assert 'value="support"' not in form
    refused = client.post(reverse("accounts:change-user", args=[person.pk]), {
        "name": person.name, "email": person.email, "organisation": str(org.pk), "role": "support",
    })
    assert refused.status_code == 200 and "Select a valid choice" in refused.content.decode()
    person.refresh_from_db()
    assert person.role == User.Role.DATA_PROVIDER
    invited = client.post(reverse("accounts:invite"), {
        "name": "Sup", "email": "sup@example.com", "organisation": str(org.pk), "role": "support",
    })
    assert invited.status_code == 200 and not User.objects.filter(email="sup@example.com").exists()


def test_a_role_change_is_recorded(client, coordinator, make_user, org, sign_in):
    person = make_user(organisation=org)
    sign_in(client, coordinator)
    client.post(reverse("accounts:change-user", args=[person.pk]), {
        "name": person.name, "email": person.email, "organisation": str(org.pk), "role": "data_coordinator",
    })
    event = SecurityEvent.objects.get(kind="role_changed", user=person)
    assert event.actor == coordinator and event.detail == {"role": ["data_provider", "data_coordinator"]}


def test_deactivating_a_user_ends_their_open_sessions(client, coordinator, make_user, org, sign_in):
    person = make_user(email="leaver@example.com", organisation=org)
    theirs = Client()
    theirs.post(reverse("accounts:sign-in"), {"email": "leaver@example.com", "password": "password"})
    assert theirs.get(reverse("accounts:account")).status_code == 200

    sign_in(client, coordinator)
    client.post(reverse("accounts:deactivate", args=[person.pk]))
    person.refresh_from_db()
    assert not person.is_active
    response = theirs.get(reverse("accounts:account"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("accounts:sign-in"))
    assert any("deactivated" in m.subject for m in mail.outbox)


def test_nobody_deactivates_themselves(client, coordinator, sign_in):
    sign_in(client, coordinator)
    assert client.post(reverse("accounts:deactivate", args=[coordinator.pk])).status_code == 404


def test_support_can_make_a_support_user_in_any_organisation(client, make_user, org, sign_in):
    support = make_user(role=User.Role.SUPPORT)
    person = make_user(organisation=org)
    sign_in(client, support)
    client.post(reverse("accounts:change-user", args=[person.pk]), {
        "name": person.name, "email": person.email, "organisation": str(org.pk), "role": "support",
    })
    person.refresh_from_db()
    assert person.role == User.Role.SUPPORT
