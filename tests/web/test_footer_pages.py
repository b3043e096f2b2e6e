"""The footer's pages: accessibility statement, privacy notice, cookies and help, open to
everyone and linked from every page."""

import pytest
from django.conf import settings
from django.urls import reverse

pytestmark = pytest.mark.django_db

PAGES = [
    ("web:accessibility-statement", "Accessibility statement for Caselog"),
    ("web:privacy-notice", "Privacy notice"),
    ("web:cookies", "Cookies"),
    ("web:help", "Help and contact"),
]


@pytest.mark.parametrize("name, heading", PAGES)
def test_each_footer_page_is_open_to_everyone_with_its_heading(client, name, heading):
    response = client.get(reverse(name))
    assert response.status_code == 200
    assert f'<h1 class="govuk-heading-l">{heading}</h1>' in response.content.decode()


def test_every_page_links_to_them_in_the_footer(client):
    page = client.get(reverse("web:start")).content.decode()
    footer = page[page.index('class="govuk-footer"'):]
    for name, _ in PAGES:
        assert f'href="{reverse(name)}"' in footer


def test_the_cookies_page_lists_the_essential_cookies_by_name_with_their_lifetimes(client):
    page = " ".join(client.get(reverse("web:cookies")).content.decode().split())
    assert "only uses essential cookies" in page
    assert f'<td class="govuk-table__cell">{settings.SESSION_COOKIE_NAME}</td>' in page
    assert f'<td class="govuk-table__cell">{settings.CSRF_COOKIE_NAME}</td>' in page
    assert "After 30 minutes without using the service" in page and "12 hours after you signed in" in page
    assert "1 year" in page  # the CSRF cookie


def test_help_and_accessibility_give_the_support_email_from_settings(client, settings):
    settings.SUPPORT_EMAIL = "helpdesk@example.gov.uk"
    for name in ("web:help", "web:accessibility-statement", "web:privacy-notice"):
        assert 'href="mailto:helpdesk@example.gov.uk"' in client.get(reverse(name)).content.decode()


def test_the_accessibility_statement_follows_the_gov_uk_model(client):
    page = " ".join(client.get(reverse("web:accessibility-statement")).content.decode().split())
    for heading in ("How accessible this service is", "Reporting accessibility problems with this service",
                    "Enforcement procedure", "Compliance status", "Non-accessible content"):
        assert heading in page
    assert "Web Content Accessibility Guidelines version 2.2</a> AA standard" in page and "None known." in page


def test_the_privacy_notice_gives_the_lawful_basis_retention_and_rights(client):
    page = " ".join(client.get(reverse("web:privacy-notice")).content.decode().split())
    assert "necessary for a task carried out in the public interest" in page
    assert "How long we keep it" in page and "Your rights" in page
