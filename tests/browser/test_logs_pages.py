"""The logs pages in real Chromium: the list with its filters and notices, creating a log,
deleting one, the duplicates pages, the home page and the footer pages all pass axe-core;
and the filters work with JavaScript switched off."""

import datetime as dt

import pytest
from playwright.sync_api import expect

from caselog.accounts.models import DataSharingAgreement
from caselog.gateway import Source, create_log
from caselog.logs import window
from caselog.logs.models import Log
from tests.definitions.core import template_row

PASSWORD = "correct horse battery staple"
TODAY = dt.date(2027, 5, 20)  # the 2026 deadline is near: its notice shows


@pytest.fixture
def provider(make_organisation, make_user, monkeypatch):
    monkeypatch.setattr(window, "today", lambda: TODAY)
    org = make_organisation(name="Riverside Homes")
    DataSharingAgreement.objects.create(organisation=org, signatory_name="Dee", signatory_email="d@example.com", version="2026")
    return make_user(name="Pat Provider", email="pat@example.com", organisation=org, password=PASSWORD)


def make_log(user, collection="core-lettings", **changes) -> Log:
    answers = {**template_row(user, collection), **changes}
    log, _ = create_log(collection, 2026, Source("web", user), owning_organisation=user.organisation, answers=answers,
                        today=dt.date(2026, 10, 1))
    return log


def sign_in(page, base):
    page.goto(base + "/sign-in")
    page.get_by_label("Email address").fill("pat@example.com")
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()


def test_the_logs_pages_pass_axe(live_server, page, provider, check_accessibility):
    base = live_server.url
    first, second = make_log(provider), make_log(provider)  # duplicates
    make_log(provider, "core-sales", purchid="P-1")
    sign_in(page, base)
    for path, shot in [("/", "start"), ("/home", "home"), ("/logs", "logs-list"), ("/logs?q=zzz", "logs-list-no-match"),
                       ("/logs/new", "logs-new"), (f"/logs/{first.pk}/delete", "logs-delete"),
                       (f"/logs/{first.pk}/duplicates", "logs-duplicates"),
                       (f"/logs/{first.pk}/duplicates?keep={second.pk}", "logs-duplicates-delete"),
                       ("/accessibility-statement", None), ("/privacy-notice", None), ("/cookies", None),
                       ("/help", None)]:
        response = page.goto(base + path)
        assert response.status == 200, path
        check_accessibility(page, shot)
    page.goto(base + "/logs/new")
    page.get_by_role("button", name="Create log").click()
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    check_accessibility(page, "logs-new-error")


def test_filters_and_search_work_without_javascript(live_server, browser, provider):
    base = live_server.url
    make_log(provider, tenancycode="FIND-ME")
    make_log(provider, "core-sales", purchid="P-1")
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    sign_in(page, base)
    page.goto(base + "/logs")
    expect(page.get_by_role("heading", name="2 logs")).to_be_visible()
    page.get_by_label("Sales", exact=True).check()
    page.get_by_role("button", name="Apply filters").click()
    expect(page.get_by_role("heading", name="1 log matches your filters")).to_be_visible()
    page.get_by_role("link", name="Clear filters").click()
    page.get_by_label("Search by log ID").fill("find-me")
    page.get_by_role("button", name="Search").click()
    expect(page.get_by_role("heading", name="1 log matches your filters")).to_be_visible()
    expect(page.get_by_role("cell", name="FIND-ME")).to_be_visible()
    context.close()
