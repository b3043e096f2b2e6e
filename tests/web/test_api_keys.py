"""An organisation's API keys, as its data coordinator sees them: create a key and see it
once, find it in the list by its first characters, revoke it. Data providers and other
organisations' coordinators find no such pages."""

import datetime as dt
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from caselog.accounts.models import Relationship, SecurityEvent, User
from caselog.channels.api.models import ApiKey

pytestmark = pytest.mark.django_db

KEY = re.compile(r"cl_[0-9a-f]{8}_[A-Za-z0-9_-]{20,}")


def text(response) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode())).replace("&#39;", "'")


@pytest.fixture
def org(make_organisation):
    return make_organisation(name="Northgate Homes", agreed=True)


@pytest.fixture
def coordinator(client, org, make_user, sign_in):
    user = make_user(name="Cara Coordinator", email="cara@northgate.example", organisation=org,
                     role=User.Role.DATA_COORDINATOR)
    sign_in(client, user)
    return user


def create(client, org, name="Housing system", access="write", **expiry):
    data = {"name": name, "access": access}
    data.update({f"expires-{k}": v for k, v in expiry.items()})
    return client.post(reverse("api-keys:new", args=[org.pk]), data)


def test_a_coordinator_creates_a_key_and_sees_it_once(client, org, coordinator):
    page = text(client.get(reverse("api-keys:list", args=[org.pk])))
    assert "API keys" in page and "Northgate Homes has no API keys." in page
    assert "acts for Northgate Homes" in page

    response = create(client, org, name="Housing system", access="write")
    assert response.status_code == 200
    assert "no-store" in response.headers["Cache-Control"]
    page = text(response)
    assert "API key created" in page and "Copy this key now. You will not be able to see it again." in page
    assert "Read and submit logs" in page and "Does not expire" in page
    secret = KEY.search(response.content.decode()).group()

    # the service keeps only its hash: the key is found by it, but is nowhere in the database
    key = ApiKey.objects.get()
    assert ApiKey.find(secret) == key
    assert key.hashed != secret and secret not in key.hashed and secret not in key.name
    assert (key.organisation, key.access, key.created_by, key.expires_at) == (org, "write", coordinator, None)
    assert secret not in str(list(ApiKey.objects.values())) + str(list(SecurityEvent.objects.values()))
    assert secret not in str(dict(client.session))

    # the list shows which key it is, never the key
    listed = client.get(reverse("api-keys:list", args=[org.pk]))
    assert secret not in listed.content.decode() and "&lt;" not in listed.content.decode()
    page = text(listed)
    assert f"cl_{key.prefix}…" in page
    assert "Housing system" in page and "Read and submit logs" in page and "Cara Coordinator" in page
    assert "Never" in page and "Does not expire" in page and "Active" in page

    # and the organisation's page leads to it
    page = text(client.get(reverse("accounts:organisation", args=[org.pk])))
    assert "API keys 1 active" in page and reverse("api-keys:list", args=[org.pk]) in client.get(
        reverse("accounts:organisation", args=[org.pk])).content.decode()


def test_a_key_with_an_expiry_date_works_until_the_end_of_that_day(client, org, coordinator):
    day = timezone.localdate() + dt.timedelta(days=30)
    response = create(client, org, name="Export", access="read", day=day.day, month=day.month, year=day.year)
    expected = f"{day.day} {day:%B %Y}"
    assert expected in text(response) and "Read logs" in text(response)
    key = ApiKey.objects.get()
    assert timezone.localtime(key.expires_at) == timezone.make_aware(dt.datetime.combine(day + dt.timedelta(days=1), dt.time()))
    page = text(client.get(reverse("api-keys:list", args=[org.pk])))
    assert expected in page and "Read logs" in page


def test_expired_and_revoked_keys_are_listed_as_such(client, org, coordinator):
    old, _ = ApiKey.issue(org, "Old export", "read", coordinator, expires_at=timezone.now() - dt.timedelta(days=1))
    gone, _ = ApiKey.issue(org, "Gone", "read", coordinator)
    gone.revoked_at, gone.revoked_by = timezone.now(), coordinator
    gone.save()
    response = client.get(reverse("api-keys:list", args=[org.pk]))
    page = text(response)
    assert "Expired" in page and "Revoked" in page and "Revoked by Cara Coordinator" in page
    assert reverse("api-keys:revoke", args=[org.pk, old.pk]) not in response.content.decode()
    assert reverse("api-keys:revoke", args=[org.pk, gone.pk]) not in response.content.decode()


def test_a_coordinator_revokes_a_key(client, org, coordinator):
    key, secret = ApiKey.issue(org, "Housing system", "write", coordinator)
    listed = client.get(reverse("api-keys:list", args=[org.pk])).content.decode()
    assert reverse("api-keys:revoke", args=[org.pk, key.pk]) in listed

    page = text(client.get(reverse("api-keys:revoke", args=[org.pk, key.pk])))
    assert "Are you sure you want to revoke this API key?" in page and "Housing system" in page
    assert "You will not be able to undo this action." in page and "Revoke this key" in page
    assert ApiKey.find(secret) == key  # nothing happens until the button is pressed

    response = client.post(reverse("api-keys:revoke", args=[org.pk, key.pk]))
    assert response.status_code == 302 and response.url == reverse("api-keys:list", args=[org.pk])
    assert ApiKey.find(secret) is None
    key.refresh_from_db()
    assert key.revoked_by == coordinator and key.revoked_at is not None
    page = text(client.get(response.url))
    assert "The key ‘Housing system’ has been revoked." in page and "Revoked" in page

    # revoking it again changes nothing and records nothing more
    response = client.post(reverse("api-keys:revoke", args=[org.pk, key.pk]))
    assert response.status_code == 302
    assert SecurityEvent.objects.filter(kind=SecurityEvent.Kind.API_KEY_REVOKED).count() == 1


def test_creating_and_revoking_are_recorded(client, org, coordinator):
    create(client, org, name="Housing system", access="read")
    key = ApiKey.objects.get()
    client.post(reverse("api-keys:revoke", args=[org.pk, key.pk]))
    created, revoked = SecurityEvent.objects.filter(kind__startswith="api_key").order_by("at", "id")
    assert created.kind == SecurityEvent.Kind.API_KEY_CREATED and revoked.kind == SecurityEvent.Kind.API_KEY_REVOKED
    for event in (created, revoked):
        assert (event.actor, event.organisation) == (coordinator, org)
        assert event.detail["name"] == "Housing system" and event.detail["key"] == f"cl_{key.prefix}"
    assert created.detail["access"] == "read" and created.detail["expires"] is None


@pytest.mark.parametrize("data, message", [
    ({"name": "", "access": "read"}, "Enter a name for the key"),
    ({"name": "   ", "access": "read"}, "Enter a name for the key"),
    ({"name": "x" * 101, "access": "read"}, "Name must be 100 characters or fewer"),
    ({"name": "Export"}, "Select what the key can do"),
    ({"name": "Export", "access": "admin"}, "Select what the key can do"),
    ({"name": "Export", "access": "read", "expires-day": "1", "expires-month": "1", "expires-year": "2020"},
     "The expiry date must be in the future"),
    ({"name": "Export", "access": "read", "expires-day": "31", "expires-month": "2", "expires-year": "2030"},
     "The expiry date must be a real date"),
    ({"name": "Export", "access": "read", "expires-day": "1", "expires-year": "2030"},
     "The expiry date must include a month"),
    ({"name": "Export", "access": "read", "expires-day": "1", "expires-month": "1", "expires-year": "9999"},
     "The expiry date must be within 10 years from today"),
])
def test_what_is_wrong_is_said_in_the_summary_and_by_the_field(client, org, coordinator, data, message):
    response = client.post(reverse("api-keys:new", args=[org.pk]), data)
    assert response.status_code == 200
    page = text(response)
    assert page.count(message) == 2  # in the error summary and by the field
    assert "There is a problem" in page and "Error: Create an API key" in page
    assert ApiKey.objects.count() == 0 and "API key created" not in page
    assert not SecurityEvent.objects.filter(kind=SecurityEvent.Kind.API_KEY_CREATED).exists()


def test_today_is_not_a_future_expiry_date(client, org, coordinator):
    today = timezone.localdate()
    response = create(client, org, day=today.day, month=today.month, year=today.year)
    assert "The expiry date must be in the future" in text(response) and not ApiKey.objects.exists()


def test_two_usable_keys_cannot_have_the_same_name(client, org, coordinator):
    ApiKey.issue(org, "Housing system", "read", coordinator)
    response = create(client, org, name="housing  system")
    page = text(response)
    assert "Northgate Homes already has a key called ‘housing system’. Enter a different name" in page
    assert ApiKey.objects.count() == 1
    # once the old key is revoked, its name is free again
    ApiKey.objects.update(revoked_at=timezone.now())
    assert "API key created" in text(create(client, org, name="Housing system"))


def test_what_was_typed_is_kept_when_the_form_is_shown_again(client, org, coordinator):
    page = client.post(reverse("api-keys:new", args=[org.pk]),
                       {"name": "Export", "access": "", "expires-day": "1", "expires-month": "1",
                        "expires-year": "2020"}).content.decode()
    assert 'value="Export"' in page and 'value="2020"' in page


def test_support_manages_any_organisations_keys(client, org, make_organisation, make_user, sign_in):
    support = make_user(organisation=make_organisation(name="Helpdesk"), role=User.Role.SUPPORT)
    sign_in(client, support)
    assert client.get(reverse("api-keys:list", args=[org.pk])).status_code == 200
    create(client, org, name="Set up for them")
    assert ApiKey.objects.get().organisation == org


def test_a_data_provider_finds_no_such_pages(client, org, coordinator, make_user, sign_in):
    key, secret = ApiKey.issue(org, "Housing system", "write", coordinator)
    provider = make_user(organisation=org)
    client.logout()
    sign_in(client, provider)
    for url in (reverse("api-keys:list", args=[org.pk]), reverse("api-keys:new", args=[org.pk]),
                reverse("api-keys:revoke", args=[org.pk, key.pk])):
        assert client.get(url).status_code == 404
        assert client.post(url, {"name": "Mine", "access": "write"}).status_code == 404
    assert ApiKey.objects.count() == 1 and ApiKey.find(secret) == key
    assert "API keys" not in text(client.get(reverse("accounts:organisation", args=[org.pk])))


def test_another_organisations_coordinator_finds_no_such_pages(client, org, coordinator, make_organisation, make_user,
                                                                sign_in):
    key, secret = ApiKey.issue(org, "Housing system", "write", coordinator)
    agent = make_organisation(name="Agent Lettings", agreed=True)
    Relationship.objects.create(stock_owner=org, managing_agent=agent)  # sees Northgate's details, not its keys
    other = make_user(organisation=agent, role=User.Role.DATA_COORDINATOR)
    client.logout()
    sign_in(client, other)
    assert client.get(reverse("accounts:organisation", args=[org.pk])).status_code == 200
    for url in (reverse("api-keys:list", args=[org.pk]), reverse("api-keys:new", args=[org.pk]),
                reverse("api-keys:revoke", args=[org.pk, key.pk])):
        assert client.get(url).status_code == 404
        assert client.post(url, {"name": "Mine", "access": "write"}).status_code == 404
    assert ApiKey.find(secret) == key
    # nor can a key of one organisation be revoked through another's address
    assert client.get(reverse("api-keys:revoke", args=[agent.pk, key.pk])).status_code == 404


def test_anyone_signed_out_is_sent_to_sign_in(client, org):
    response = client.get(reverse("api-keys:list", args=[org.pk]))
    assert response.status_code == 302 and response.url.startswith(reverse("accounts:sign-in"))
