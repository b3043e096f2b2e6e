"""Support resets the two-factor authentication of someone who has lost their phone."""

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from caselog.accounts.models import SecurityEvent, User

pytestmark = pytest.mark.django_db


@pytest.fixture
def person(make_user):
    """A coordinator with an authenticator app and recovery codes, signed in elsewhere."""
    person = make_user(name="Lou Stphone", email="lou@example.com", password="a long pass phrase",
                       role=User.Role.DATA_COORDINATOR)
    static = StaticDevice.objects.create(user=person, name="Recovery codes")
    StaticToken.objects.create(device=static, token="ab12-cd34-ef56")
    return person


@pytest.fixture
def support(make_user):
    return make_user(name="Sam Support", role=User.Role.SUPPORT)


def test_resetting_removes_the_app_and_codes_ends_sessions_and_asks_for_set_up_at_next_sign_in(
        client, person, sign_in, support):
    theirs = sign_in(Client(), person)  # also gives them an app
    assert theirs.get(reverse("accounts:account")).status_code == 200

    sign_in(client, support)
    page = client.get(reverse("accounts:user", args=[person.pk])).content.decode()
    assert "Reset two-factor authentication" in page
    confirm = client.get(reverse("accounts:reset-two-factor", args=[person.pk])).content.decode()
    assert "Are you sure you want to reset Lou Stphone’s two-factor authentication?" in confirm
    response = client.post(reverse("accounts:reset-two-factor", args=[person.pk]))
    assert response["Location"] == reverse("accounts:user", args=[person.pk])
    assert "They will set up an authenticator app the next time they sign in" in client.get(
        response["Location"]).content.decode()

    assert not TOTPDevice.objects.filter(user=person).exists()
    assert not StaticDevice.objects.filter(user=person).exists() and not StaticToken.objects.exists()
    event = SecurityEvent.objects.get(kind="two_factor_reset", user=person)
    assert event.actor == support and event.detail == {"sessions_ended": 1}
    assert [m.to for m in mail.outbox] == [["lou@example.com"]]
    assert "two-factor authentication has been reset" in mail.outbox[0].subject

    # their open session has ended; signing in again leads to setting up an app
    assert theirs.get(reverse("accounts:account"))["Location"].startswith(reverse("accounts:sign-in"))
    signed_in = theirs.post(reverse("accounts:sign-in"), {"email": "lou@example.com", "password": "a long pass phrase"})
    assert signed_in["Location"] == reverse("accounts:two-factor-set-up")
    assert theirs.get(reverse("accounts:users"))["Location"] == reverse("accounts:two-factor-set-up")


def test_a_coordinator_cannot_reset_two_factor_authentication(client, make_user, person, sign_in):
    coordinator = make_user(organisation=person.organisation, role=User.Role.DATA_COORDINATOR)
    sign_in(client, coordinator)
    assert "Reset two-factor" not in client.get(reverse("accounts:user", args=[person.pk])).content.decode()
    assert client.get(reverse("accounts:reset-two-factor", args=[person.pk])).status_code == 404
    assert client.post(reverse("accounts:reset-two-factor", args=[person.pk])).status_code == 404
    assert StaticDevice.objects.filter(user=person).exists()


def test_there_is_nothing_to_reset_for_someone_without_an_app(client, make_user, sign_in, support):
    provider = make_user(name="Pat Provider")
    sign_in(client, support)
    assert "Reset two-factor" not in client.get(reverse("accounts:user", args=[provider.pk])).content.decode()
    assert client.post(reverse("accounts:reset-two-factor", args=[provider.pk])).status_code == 404
    assert not SecurityEvent.objects.filter(kind="two_factor_reset").exists()
