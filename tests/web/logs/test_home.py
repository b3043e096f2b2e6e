"""The home page says what needs doing: logs in progress, with errors and not started, each
linking to the logs list filtered to them, and the next submission deadline."""

import datetime as dt

import pytest
from django.urls import reverse

from caselog.logs import window
from tests.web.logs.conftest import make_log, text

pytestmark = pytest.mark.django_db


def home(client) -> str:
    response = client.get(reverse("accounts:home"))
    assert response.status_code == 200
    return text(response)


def test_a_data_provider_sees_counts_of_their_own_logs_with_links_to_them(client, provider, coordinator, sign_in):
    make_log(provider, tenancycode="A"), make_log(provider, tenancycode="B")  # in progress
    make_log(provider)  # not started
    make_log(provider, complete=True, brent=5000)  # in progress, with errors
    make_log(coordinator, tenancycode="C")  # someone else's
    sign_in(client, provider)
    page = home(client)
    assert "Your logs to finish" in page
    assert '<span class="govuk-!-font-weight-bold">3</span> logs in progress' in page
    assert '<span class="govuk-!-font-weight-bold">1</span> log with errors to fix' in page
    assert '<span class="govuk-!-font-weight-bold">1</span> log not started' in page
    assert 'href="/logs?year=2026&amp;assigned=me&amp;status=in_progress"' in page
    assert 'href="/logs?year=2026&amp;assigned=me&amp;errors=yes"' in page


def test_a_coordinator_sees_counts_for_their_organisation(client, provider, coordinator, sign_in):
    make_log(provider, tenancycode="A"), make_log(coordinator, tenancycode="B")
    sign_in(client, coordinator)
    page = home(client)
    assert "Your organisation’s logs to finish" in page
    assert '<span class="govuk-!-font-weight-bold">2</span> logs in progress' in page
    assert 'href="/logs?year=2026&amp;status=in_progress"' in page


def test_the_counted_links_give_the_same_logs_in_the_list(client, provider, sign_in):
    make_log(provider, tenancycode="A"), make_log(provider)
    sign_in(client, provider)
    listing = text(client.get("/logs?year=2026&assigned=me&status=in_progress"))
    assert "1 log matches your filters" in listing


def test_the_next_deadline_is_given_and_a_banner_comes_in_the_last_four_weeks(client, provider, sign_in, monkeypatch):
    sign_in(client, provider)
    page = home(client)
    assert "The next submission deadline is 4 June 2027, for 2026 to 2027 logs." in page
    assert "govuk-notification-banner" not in page
    monkeypatch.setattr(window, "today", lambda: dt.date(2027, 5, 20))
    page = home(client)
    assert "Complete your 2026 to 2027 lettings and sales logs by 4 June 2027. The deadline is in 15 days." in page
    assert "Complete your 2026 to 2027" in text(client.get(reverse("web:logs")))


def test_home_links_to_the_logs_creating_a_log_uploads_and_schemes(client, provider, sign_in):
    sign_in(client, provider)
    page = home(client)
    assert f'href="{reverse("web:logs")}">Logs</a>' in page
    assert "Create a new lettings log" in page and f'href="{reverse("web:new-log")}"' in page
    assert "Upload logs" in page and f'href="{reverse("schemes:list")}"' in page


def test_someone_in_no_organisation_sees_no_logs(client, make_user, sign_in):
    sign_in(client, make_user(organisation=None))
    page = home(client)
    assert "logs to finish" not in page and f'href="{reverse("web:logs")}"' not in page
