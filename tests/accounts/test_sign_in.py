"""Signing in and out, lockout, password resets, invitations, session limits."""

import re
import time

import pytest
from django.core import mail
from django.test import override_settings
from django.urls import reverse

from caselog.accounts.models import SecurityEvent, UserSession
from caselog.accounts.signin import sign_in_failed_message

pytestmark = pytest.mark.django_db


def post_sign_in(client, email, password, **extra):
    return client.post(reverse("accounts:sign-in"), {"email": email, "password": password, **extra})


def test_a_data_provider_signs_in_with_email_and_password_and_lands_on_home(client, make_user):
    user = make_user(email="officer@example.com", password="a long pass phrase")
    response = post_sign_in(client, "Officer@Example.com ", "a long pass phrase")
    assert response.status_code == 302 and response["Location"] == reverse("accounts:home")
    assert client.get(reverse("accounts:home")).wsgi_request.user == user
    assert SecurityEvent.objects.filter(kind="signed_in", user=user).exists()


def test_a_wrong_password_and_an_unknown_email_get_the_same_message(client, make_user):
    make_user(email="officer@example.com", password="a long pass phrase")
    wrong = post_sign_in(client, "officer@example.com", "not it")
    unknown = post_sign_in(client, "nobody@example.com", "not it")
    message = sign_in_failed_message()
    for response in (wrong, unknown):
        assert response.status_code == 200
        assert message in response.content.decode()
    assert SecurityEvent.objects.filter(kind="sign_in_failed").count() == 2


def test_five_wrong_passwords_lock_sign_in_with_the_same_message_even_for_the_right_password(client, make_user):
    make_user(email="officer@example.com", password="a long pass phrase")
    for _ in range(5):
        post_sign_in(client, "officer@example.com", "wrong password")
    locked = post_sign_in(client, "officer@example.com", "a long pass phrase")
    assert locked.status_code == 200
    assert sign_in_failed_message() in locked.content.decode()
    assert "_auth_user_id" not in client.session
    # an unknown address locks the same way, so locking reveals nothing
    for _ in range(6):
        unknown = post_sign_in(client, "nobody@example.com", "wrong password")
    assert unknown.content.decode().count(sign_in_failed_message()) == locked.content.decode().count(sign_in_failed_message())


def test_the_lock_lifts_after_the_cool_off(client, make_user):
    from axes.models import AccessAttempt
    from django.utils import timezone

    make_user(email="officer@example.com", password="a long pass phrase")
    for _ in range(5):
        post_sign_in(client, "officer@example.com", "wrong password")
    AccessAttempt.objects.update(attempt_time=timezone.now() - timezone.timedelta(minutes=16))
    assert post_sign_in(client, "officer@example.com", "a long pass phrase").status_code == 302


def test_a_deactivated_user_cannot_sign_in(client, make_user):
    make_user(email="gone@example.com", password="a long pass phrase", is_active=False)
    response = post_sign_in(client, "gone@example.com", "a long pass phrase")
    assert sign_in_failed_message() in response.content.decode()


def test_signing_in_only_redirects_to_pages_of_this_service(client, make_user):
    make_user(email="officer@example.com", password="a long pass phrase")
    response = post_sign_in(client, "officer@example.com", "a long pass phrase", next="https://evil.example/")
    assert response["Location"] == reverse("accounts:home")


def test_pages_need_sign_in(client):
    response = client.get(reverse("accounts:account"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("accounts:sign-in"))


def test_signing_out_ends_the_session(client, make_user, sign_in):
    user = make_user()
    sign_in(client, user)
    client.post(reverse("accounts:sign-out"))
    assert client.get(reverse("accounts:account")).status_code == 302
    assert SecurityEvent.objects.filter(kind="signed_out", user=user).exists()


@override_settings(SESSION_MAX_AGE=60)
def test_a_session_ends_a_fixed_time_after_sign_in_however_busy(client, make_user):
    make_user(email="officer@example.com", password="a long pass phrase")
    post_sign_in(client, "officer@example.com", "a long pass phrase")
    assert client.get(reverse("accounts:account")).status_code == 200
    session = client.session
    session["caselog_signed_in_at"] = time.time() - 61
    session.save()
    response = client.get(reverse("accounts:account"))
    assert response.status_code == 302 and "timed_out=1" in response["Location"]
    assert "signed out because it has been a long time" in client.get(response["Location"]).content.decode()


def test_the_idle_limit_is_the_session_cookie_age_renewed_on_every_request(settings):
    assert settings.SESSION_SAVE_EVERY_REQUEST is True
    assert settings.SESSION_COOKIE_AGE == 30 * 60


# forgotten password ---------------------------------------------------------------------

def _link(message) -> str:
    return re.search(r"https?://\S+", message.body).group(0)


def test_forgotten_password_sends_a_link_that_works_once(client, make_user):
    user = make_user(email="officer@example.com", password="old pass phrase one")
    page = client.post(reverse("accounts:forgotten-password"), {"email": "officer@example.com"})
    assert "Check your email" in page.content.decode()
    [message] = mail.outbox
    assert message.to == ["officer@example.com"] and "Reset your" in message.subject
    link = _link(message)
    set_page = client.get(link, follow=True)
    assert "Choose a new password" in set_page.content.decode()
    done = client.post(set_page.redirect_chain[-1][0], {"password": "new pass phrase two", "confirm": "new pass phrase two"})
    assert done.status_code == 302
    user.refresh_from_db()
    assert user.check_password("new pass phrase two")
    again = client.get(link)
    assert again.status_code == 404 and "expired or has already been used" in again.content.decode()


def test_forgotten_password_for_an_unknown_email_looks_the_same_and_sends_nothing(client):
    page = client.post(reverse("accounts:forgotten-password"), {"email": "nobody@example.com"})
    assert "Check your email" in page.content.decode()
    assert mail.outbox == []


@override_settings(PASSWORD_RESET_TIMEOUT=60)
def test_a_reset_link_expires(client, make_user, monkeypatch):
    from caselog.accounts.tokens import password_reset_tokens

    make_user(email="officer@example.com")
    client.post(reverse("accounts:forgotten-password"), {"email": "officer@example.com"})
    link = _link(mail.outbox[0])
    later = password_reset_tokens._now() + __import__("datetime").timedelta(seconds=120)
    monkeypatch.setattr(password_reset_tokens, "_now", lambda: later)
    assert client.get(link).status_code == 404


def test_a_new_password_must_not_be_common_or_short_but_needs_no_symbols(client, make_user):
    make_user(email="officer@example.com")
    client.post(reverse("accounts:forgotten-password"), {"email": "officer@example.com"})
    set_url = client.get(_link(mail.outbox[0]))["Location"]
    common = client.post(set_url, {"password": "password123", "confirm": "password123"}).content.decode()
    assert "too common" in common
    short = client.post(set_url, {"password": "abc", "confirm": "abc"}).content.decode()
    assert "at least 10 characters" in short
    plain_words = client.post(set_url, {"password": "purple giraffe tuesday", "confirm": "purple giraffe tuesday"})
    assert plain_words.status_code == 302


def test_a_password_reset_signs_the_user_out_everywhere(client, make_user, sign_in):
    from django.test import Client

    user = make_user(email="officer@example.com")
    elsewhere = Client()
    elsewhere.post(reverse("accounts:sign-in"), {"email": "officer@example.com", "password": "password"})
    assert elsewhere.get(reverse("accounts:account")).status_code == 200
    client.post(reverse("accounts:forgotten-password"), {"email": "officer@example.com"})
    set_url = client.get(_link(mail.outbox[0]))["Location"]
    client.post(set_url, {"password": "purple giraffe tuesday", "confirm": "purple giraffe tuesday"})
    assert elsewhere.get(reverse("accounts:account")).status_code == 302
    assert not UserSession.objects.filter(user=user).exists()
