"""A data coordinator creates an API key in real Chromium: from the organisation's page to the
list, the form sent back with errors, the page showing the key once; every page passes
axe-core."""

import re

from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from caselog.accounts.models import User
from caselog.channels.api.models import ApiKey

PASSWORD = "correct horse battery staple"


def test_a_coordinator_creates_an_api_key(live_server, page, make_organisation, make_user, check_accessibility):
    org = make_organisation(name="Northgate Homes", agreed=True)
    user = make_user(name="Cara Coordinator", email="cara@example.com", organisation=org,
                     role=User.Role.DATA_COORDINATOR, password=PASSWORD)
    device = TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=True)
    ApiKey.issue(org, "Old export", ApiKey.Access.READ, user)
    base = live_server.url
    page.goto(base + "/sign-in")
    page.get_by_label("Email address").fill(user.email)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.get_by_label("Code").fill(f"{totp(device.bin_key, device.step, device.t0, device.digits):06d}")
    page.get_by_role("button", name="Continue").click()

    page.goto(f"{base}/organisations/{org.pk}")
    page.get_by_role("link", name="Manage API keys").click()
    expect(page.get_by_role("heading", name="API keys")).to_be_visible()
    expect(page.get_by_role("cell", name="Old export")).to_be_visible()
    check_accessibility(page, "api-keys-list")

    page.get_by_role("button", name="Create an API key").click()
    page.get_by_label("Day").fill("1")
    page.get_by_label("Month").fill("1")
    page.get_by_label("Year").fill("2020")
    page.get_by_role("button", name="Create key").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter a name for the key")
    expect(page.locator(".govuk-error-summary")).to_contain_text("The expiry date must be in the future")
    check_accessibility(page, "api-keys-new-errors")

    page.get_by_label("Name").fill("Housing system")
    page.get_by_label("Read and submit logs").check()
    for part in ("Day", "Month", "Year"):
        page.get_by_label(part).fill("")
    page.get_by_role("button", name="Create key").click()
    expect(page.get_by_role("heading", name="API key created")).to_be_visible()
    expect(page.get_by_text("Copy this key now. You will not be able to see it again.")).to_be_visible()
    secret = page.locator("#api-key").inner_text()
    assert re.fullmatch(r"cl_[0-9a-f]{8}_\S+", secret)
    assert ApiKey.find(secret).name == "Housing system"
    check_accessibility(page, "api-keys-created")

    page.get_by_role("link", name="Go to Northgate Homes’s API keys").click()
    expect(page.get_by_role("cell", name="Housing system")).to_be_visible()
    assert secret not in page.content()
