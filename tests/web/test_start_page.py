"""The start page at / tells people what the service is for, in the GOV.UK layout."""

import pytest
from django.contrib.staticfiles import finders

pytestmark = pytest.mark.django_db


def test_start_page_uses_the_gov_uk_template_with_the_service_name(client):
    response = client.get("/")
    html = response.content.decode()

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    assert '<html lang="en" class="govuk-template' in html
    assert 'class="govuk-skip-link"' in html
    assert 'class="govuk-service-navigation' in html
    assert 'class="govuk-service-navigation__link"> Caselog </a>' in " ".join(html.split())
    assert 'class="govuk-footer' in html
    assert 'id="main-content"' in html


def test_start_page_has_one_heading_and_a_title_naming_the_service(client):
    html = client.get("/").content.decode()

    assert html.count("<h1") == 1
    assert (
        "<title>Send data about social housing lettings and sales - Caselog - GOV.UK</title>"
        in html
    )


def test_start_page_lists_the_three_ways_to_send_logs(client):
    text = " ".join(client.get("/").content.decode().split())

    assert "one log at a time online" in text
    assert "CSV, Excel or OpenDocument spreadsheet" in text
    assert "through the API" in text


def test_start_page_loads_gov_uk_frontend_from_static(client):
    html = client.get("/").content.decode()

    assert 'href="/static/govuk/govuk-frontend.min.css"' in html
    assert 'src="/static/govuk/govuk-frontend.min.js"' in html
    assert 'href="/static/govuk/assets/images/favicon.ico"' in html


def test_the_start_button_leads_to_sign_in(client):
    html = client.get("/").content.decode()
    assert "govuk-button--start" in html and 'href="/sign-in"' in html


@pytest.mark.skipif(
    finders.find("govuk/govuk-frontend.min.css") is None,
    reason="GOV.UK Frontend not fetched (make govuk)",
)
def test_fetched_gov_uk_css_points_at_its_fonts_relatively():
    css = open(finders.find("govuk/govuk-frontend.min.css"), encoding="utf-8").read()

    assert "url(/assets/" not in css
    assert "url(assets/fonts/" in css
    assert finders.find("govuk/assets/images/favicon.ico")
