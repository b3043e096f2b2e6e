"""Every kind of page a coordinator or support user works through passes axe-core's WCAG 2.2
AA and best-practice checks in real Chromium, including pages showing errors."""

import pytest
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from caselog.accounts.models import DataSharingAgreement, Relationship, User

PASSWORD = "correct horse battery staple"
# pages kept as screenshots (one of each kind), by path with ids as N
SHOTS = {"/organisations/N": "organisation", "/organisations/N/rent-periods": "organisation-rent-periods",
         "/organisations/N/merge": "merge-choose", "/users/N": "user", "/schemes": "schemes-list",
         "/schemes/N": "scheme", "/schemes/N/locations/N": "location", "/schemes/N/deactivate": "scheme-deactivate"}


@pytest.fixture
def support(make_organisation, make_user, make_scheme, make_location):
    own = make_organisation(name="Riverside Homes", provider_code="RIV1")
    owner = make_organisation(name="Northtown Council", provider_code="NTC1", type="local_authority")
    Relationship.objects.create(stock_owner=owner, managing_agent=own)
    DataSharingAgreement.objects.create(organisation=own, signatory_name="Dee", signatory_email="d@example.com", version="2026")
    make_user(name="Pat Provider", email="pat@example.com", organisation=own)
    scheme = make_scheme(owning_organisation=own, service_name="Hope House")
    make_location(scheme=scheme)
    user = make_user(name="Sam Support", email="sam@example.com", organisation=make_organisation(name="Helpdesk"),
                     role=User.Role.SUPPORT, password=PASSWORD)
    device = TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=True)
    return user, device, own, scheme


def test_the_pages_of_organisations_users_and_schemes_pass_axe(live_server, page, support, check_accessibility):
    user, device, org, scheme = support
    base = live_server.url
    page.goto(base + "/sign-in")
    page.get_by_label("Email address").fill(user.email)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.get_by_label("Code").fill(f"{totp(device.bin_key, device.step, device.t0, device.digits):06d}")
    page.get_by_role("button", name="Continue").click()

    pat = User.objects.get(email="pat@example.com")
    location = scheme.locations.get()
    paths = [
        "/home", "/account", "/organisations", "/organisations?q=river", f"/organisations/{org.pk}",
        f"/organisations/{org.pk}/change", f"/organisations/{org.pk}/rent-periods", f"/organisations/{org.pk}/relationships",
        f"/organisations/{org.pk}/data-sharing-agreement", f"/organisations/{org.pk}/merge", "/organisations/new",
        "/users", "/users/invite", f"/users/{pat.pk}", f"/users/{pat.pk}/change", f"/users/{pat.pk}/deactivate",
        "/schemes", "/schemes?q=hope", f"/schemes/{scheme.pk}", f"/schemes/{scheme.pk}/locations",
        f"/schemes/{scheme.pk}/locations/{location.pk}", f"/schemes/{scheme.pk}/deactivate", "/schemes/new",
    ]
    for path in paths:
        response = page.goto(base + path)
        assert response.status == 200, path
        check_accessibility(page, SHOTS.get(path.split("?")[0].rstrip("/").replace(str(org.pk), "N")
                                            .replace(str(scheme.pk), "N").replace(str(pat.pk), "N")))

    # pages with errors: a form sent back empty
    for path in (f"/organisations/{org.pk}/change", "/organisations/new", "/schemes/new",
                 f"/schemes/{scheme.pk}/deactivate", "/users/invite"):
        page.goto(base + path)
        for field in page.locator("main form input[type=text]:visible").all():
            field.fill("")
        with page.expect_navigation():  # the form's answer, not the page it was sent from
            page.locator("main form button[type=submit]").first.click()
        assert page.locator(".govuk-error-summary").is_visible(), path
        check_accessibility(page)
