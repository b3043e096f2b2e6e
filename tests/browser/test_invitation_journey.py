"""The account journey in real Chromium: a coordinator invites a data provider, who sets a
password from the emailed link and signs in; another organisation's log is not found; and
repeated wrong passwords lock sign-in without saying whether the address has an account."""

import re

import pytest
from django.core import mail
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from caselog.accounts.models import DataSharingAgreement, User
from caselog.gateway import Source, create_log

PASSWORD = "correct horse battery staple"


@pytest.fixture
def coordinator(make_organisation, make_user):
    org = make_organisation(name="Riverside Homes", provider_code="RIV1")
    DataSharingAgreement.objects.create(organisation=org, signatory_name="Dee", signatory_email="dpo@example.com", version="2026")
    user = make_user(name="Cora Coordinator", email="cora@example.com", organisation=org,
                     role=User.Role.DATA_COORDINATOR, password=PASSWORD)
    TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=True)
    return user


def current_code(user) -> str:
    device = TOTPDevice.objects.get(user=user, confirmed=True)
    return f"{totp(device.bin_key, device.step, device.t0, device.digits):06d}"


def sign_in(page, base, email, password):
    page.goto(base + "/sign-in")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password", exact=True).fill(password)
    page.get_by_role("button", name="Sign in").click()


def test_a_coordinator_invites_a_provider_who_sets_a_password_and_signs_in(
        live_server, page, coordinator, make_organisation, check_accessibility):
    base = live_server.url
    other = make_organisation(name="Elsewhere Housing")
    their_log, _ = create_log("core-lettings", 2026, Source("web", None), owning_organisation=other)
    own_log, _ = create_log("core-lettings", 2026, Source("web", None), owning_organisation=coordinator.organisation)

    # The coordinator signs in with a code from their authenticator app.
    sign_in(page, base, "cora@example.com", PASSWORD)
    expect(page.get_by_role("heading", name="Enter the code from your authenticator app")).to_be_visible()
    check_accessibility(page, "two-factor-code")
    page.get_by_label("Code").fill(current_code(coordinator))
    page.get_by_role("button", name="Continue").click()

    # They invite a data provider from the users page.
    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Users").click()
    check_accessibility(page, "users-list")
    page.get_by_role("button", name="Invite a user").click()
    page.get_by_role("button", name="Send invitation").click()
    expect(page.get_by_role("alert")).to_contain_text("Enter their full name")  # the error summary
    check_accessibility(page, "invite-user-with-errors")
    page.get_by_label("Full name").fill("Pat Provider")
    page.get_by_label("Email address").fill("Pat@Example.com")
    page.get_by_label("Data provider").check()
    page.get_by_role("button", name="Send invitation").click()
    expect(page.get_by_text("pat@example.com")).to_be_visible()
    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Sign out").click()
    page.get_by_role("button", name="Sign out").click()

    # Pat opens the link in the email and sets a password.
    assert [m.to for m in mail.outbox] == [["pat@example.com"]]
    link = re.search(r"http\S+/invitation/\S+", mail.outbox[0].body).group(0)
    page.goto(link)
    assert "/set" in page.url, "the token moves from the address into the session"
    check_accessibility(page, "set-password")
    page.get_by_label("Create a password").fill(PASSWORD)
    page.get_by_label("Confirm your password").fill(PASSWORD)
    page.get_by_role("button", name="Save password").click()
    expect(page.get_by_text("Your password is set")).to_be_visible()

    # The link works once.
    page.goto(link)
    expect(page.get_by_role("heading", level=1)).to_contain_text("expired")

    # Pat signs in: no two-factor step for a data provider.
    sign_in(page, base, "pat@example.com", PASSWORD)
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    assert page.url.endswith("/home")
    check_accessibility(page, "home")

    # Their organisation's log is there; another organisation's is not found.
    assert page.goto(f"{base}/logs/{own_log.pk}/history").status == 200
    response = page.goto(f"{base}/logs/{their_log.pk}/history")
    assert response.status == 404
    expect(page.get_by_role("heading", name="Page not found")).to_be_visible()
    check_accessibility(page, "page-not-found")


def test_five_wrong_passwords_lock_sign_in_with_the_message_an_unknown_email_gets(
        live_server, page, make_user, check_accessibility):
    base = live_server.url
    make_user(email="pat@example.com", password=PASSWORD)

    sign_in(page, base, "nobody@example.com", "wrong password")
    unknown = page.get_by_role("alert").inner_text()
    assert "Enter a correct email address and password" in unknown
    check_accessibility(page, "sign-in-with-errors")

    for _ in range(5):
        sign_in(page, base, "pat@example.com", "wrong password")
        assert page.get_by_role("alert").inner_text() == unknown

    # Locked: even the right password gets the same message, and no session starts.
    sign_in(page, base, "pat@example.com", PASSWORD)
    assert page.get_by_role("alert").inner_text() == unknown
    assert page.url.endswith("/sign-in")
    page.goto(base + "/home")
    assert "/sign-in" in page.url
