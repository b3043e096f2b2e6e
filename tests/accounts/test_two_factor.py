"""Coordinators and support users give a code from an authenticator app after their password."""

import re

import pytest
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from caselog.accounts.models import User

pytestmark = pytest.mark.django_db


def code_for(device: TOTPDevice, shift: int = 0) -> str:
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits, drift=shift):06d}"


def sign_in_with_password(client, email="coordinator@example.com", password="a long pass phrase"):
    return client.post(reverse("accounts:sign-in"), {"email": email, "password": password})


@pytest.fixture
def coordinator(make_user):
    return make_user(email="coordinator@example.com", password="a long pass phrase", role=User.Role.DATA_COORDINATOR)


def test_a_coordinator_sets_up_an_app_then_gets_recovery_codes(client, coordinator):
    response = sign_in_with_password(client)
    assert response["Location"] == reverse("accounts:two-factor-set-up")
    # every other page waits until the code is given
    assert client.get(reverse("accounts:users"))["Location"] == reverse("accounts:two-factor-set-up")
    page = client.get(reverse("accounts:two-factor-set-up")).content.decode()
    assert "<svg" in page and "Scan this QR code" in page
    device = TOTPDevice.objects.get(user=coordinator, confirmed=False)
    wrong = client.post(reverse("accounts:two-factor-set-up"), {"code": "000000" if code_for(device) != "000000" else "111111"})
    assert "The code is not right" in wrong.content.decode()
    # wrong codes slow down further tries (django-otp's throttling); wait that out
    TOTPDevice.objects.filter(pk=device.pk).update(throttling_failure_count=0, throttling_failure_timestamp=None)
    done = client.post(reverse("accounts:two-factor-set-up"), {"code": code_for(device)})
    codes = re.findall(r"<li><code>([0-9a-f-]+)</code></li>", done.content.decode())
    assert len(codes) == 10
    assert client.get(reverse("accounts:users")).status_code == 200


def test_next_time_the_coordinator_enters_a_code_or_a_recovery_code_once(client, coordinator):
    from django_otp.plugins.otp_static.models import StaticDevice, StaticToken

    device = TOTPDevice.objects.create(user=coordinator, name="app", confirmed=True)
    static = StaticDevice.objects.create(user=coordinator, name="Recovery codes")
    StaticToken.objects.create(device=static, token="ab12-cd34-ef56")

    assert sign_in_with_password(client)["Location"] == reverse("accounts:two-factor")
    assert client.get(reverse("accounts:account"))["Location"] == reverse("accounts:two-factor")
    assert client.post(reverse("accounts:two-factor"), {"code": code_for(device)}).status_code == 302
    assert client.get(reverse("accounts:account")).status_code == 200

    client.post(reverse("accounts:sign-out"))
    sign_in_with_password(client)
    used = client.post(reverse("accounts:two-factor"), {"code": "AB12-CD34-EF56"})
    assert used.status_code == 302
    assert "You have 0 left" in client.get(reverse("accounts:account")).content.decode()

    client.post(reverse("accounts:sign-out"))
    sign_in_with_password(client)
    again = client.post(reverse("accounts:two-factor"), {"code": "ab12-cd34-ef56"})
    assert "The code is not right" in again.content.decode()


def test_a_data_provider_needs_no_second_step(client, make_user):
    make_user(email="officer@example.com", password="a long pass phrase")
    response = sign_in_with_password(client, "officer@example.com")
    assert response["Location"] == reverse("accounts:home")


def test_a_signed_in_coordinator_can_set_up_a_new_phone_from_their_account(client, coordinator, sign_in):
    sign_in(client, coordinator)
    old = TOTPDevice.objects.get(user=coordinator)
    page = client.get(reverse("accounts:account")).content.decode()
    assert "Set up your authenticator app again" in page
    client.get(reverse("accounts:two-factor-set-up"))
    new = TOTPDevice.objects.get(user=coordinator, confirmed=False)
    done = client.post(reverse("accounts:two-factor-set-up"), {"code": code_for(new)})
    assert "Save your recovery codes" in done.content.decode()
    assert list(TOTPDevice.objects.filter(user=coordinator)) == [new] and old.pk != new.pk
