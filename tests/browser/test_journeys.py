"""Whole logs in real Chromium, the way a housing officer makes them: from the logs list,
create a log, then work down the task list answering each page the form shows, until the
log is complete. The answers are the official bulk-upload template's example log (changed
where the letting is supported housing); at the end the stored answers and the values the
engine derives from them are checked. The general needs letting is done twice: with
JavaScript, and with JavaScript switched off."""

from __future__ import annotations

import datetime as dt
import os
import re

import pytest
from playwright.sync_api import Page, expect

from caselog.accounts.models import DataSharingAgreement, Organisation
from caselog.gateway.submit import to_json
from caselog.logs import window
from caselog.logs.models import Log
from tests.definitions.core import template_row

PASSWORD = "correct horse battery staple"
TODAY = dt.date(2026, 10, 1)

# every input of the page's form: what it is, what it is called and what it holds
INPUTS = """() => [...document.querySelectorAll('main form[method=post] input, main form[method=post] select')]
  .filter(e => e.name && e.name !== 'csrfmiddlewaretoken' && e.type !== 'hidden' && e.type !== 'submit'
               && e.getAttribute('role') !== 'combobox')
  .map(e => ({tag: e.tagName.toLowerCase(), type: e.type, name: e.name, id: e.id, value: e.value}))"""


# inside a conditional reveal that is closed (without JavaScript every reveal is open)
HIDDEN = """e => { const c = e.closest('.govuk-radios__conditional, .govuk-checkboxes__conditional');
                   return !!c && getComputedStyle(c).display === 'none'; }"""


@pytest.fixture
def provider(make_organisation, make_user, monkeypatch):
    monkeypatch.setattr(window, "today", lambda: TODAY)
    org = make_organisation(name="Hill Council", type=Organisation.Type.LOCAL_AUTHORITY)
    DataSharingAgreement.objects.create(organisation=org, signatory_name="Dee", signatory_email="d@example.com",
                                        version="2026")
    return make_user(name="Pat Provider", email="pat@example.com", organisation=org, password=PASSWORD)


def sign_in(page: Page, base: str) -> None:
    page.goto(base + "/sign-in")
    page.get_by_label("Email address").fill("pat@example.com")
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()


def enter(page: Page, answers: dict, javascript: bool) -> None:
    """Type this page's answers into its inputs, as a person would."""
    for field in page.evaluate(INPUTS):
        name, kind = field["name"], field["type"]
        if page.locator(f'[name="{name}"]').first.evaluate(HIDDEN):
            continue  # revealed only by an answer not given on this page
        if kind == "checkbox":
            if answers.get(field["value"]) == 1:
                page.locator(f'input[name="{name}"][value="{field["value"]}"]').check()
        elif kind == "radio":
            value = answers.get(name, 0 if name.endswith("_check") else None)  # interruption screens: yes
            if value is not None and str(value) == field["value"]:
                page.locator(f'input[name="{name}"][value="{field["value"]}"]').check()
        elif field["tag"] == "select":
            value = answers.get(name)
            if value in (None, ""):
                continue
            combobox = page.locator(f'input[role="combobox"]#{field["id"].removesuffix("-select")}')
            if javascript and combobox.count():  # accessible-autocomplete: type, then pick
                label = page.evaluate(f"""() => [...document.querySelector('select[name="{name}"]').options]
                    .find(o => o.value === {str(value)!r})?.text""")
                combobox.fill(label)
                # an option's name may go on with its hint (a scheme's postcodes)
                page.get_by_role("option", name=re.compile("^" + re.escape(label))).first.click()
            else:
                page.locator(f'select[name="{name}"]').select_option(str(value))
        else:
            base, _, part = name.rpartition("-")
            if part in ("day", "month", "year") and answers.get(base):
                day = dt.date.fromisoformat(str(answers[base]))
                page.locator(f'input[name="{name}"]').fill(str(getattr(day, part)))
            elif answers.get(name) not in (None, ""):
                page.locator(f'input[name="{name}"]').fill(str(answers[name]))


# pages of the journey kept as screenshots, by the end of their address
SHOTS = {"tenancy-start-date": "question-date", "tenant-code": "question-text", "lead-tenant-age": "question-number"}


def complete(page: Page, base: str, log_url: str, answers: dict, javascript: bool = True, check=None) -> list[str]:
    """Work down the log's task list until every part is complete; the pages visited. With
    `check` (check_accessibility), every question page is checked with axe-core."""
    visited: list[str] = []
    while len(visited) < int(os.environ.get("JOURNEY_MAX_PAGES", "300")):
        page.goto(log_url)
        todo = page.locator(".govuk-task-list__item").filter(
            has_not=page.locator(".govuk-task-list__status", has_text="Completed")).locator("a.govuk-task-list__link")
        if todo.count() == 0:
            return visited
        with page.expect_navigation():
            todo.first.click()
        if "/check-answers" in page.url:
            missing = page.get_by_role("link", name="Answer the missing questions")
            assert missing.count(), f"{page.url}: not complete and nothing to answer"
            with page.expect_navigation():
                missing.click()
        while "/check-answers" not in page.url:
            if check:
                check(page, SHOTS.get(page.url.rsplit("/", 1)[1]))
            enter(page, answers, javascript)
            here = page.url
            with page.expect_navigation():
                page.get_by_role("button", name="Save and continue").click()
            errors = page.locator(".govuk-error-summary")
            assert errors.count() == 0, f"{here}: {errors.inner_text()}"
            visited.append(here.rsplit("/", 1)[1])
    raise AssertionError(f"still not complete after {len(visited)} pages: {visited[-15:]}")


def plain(value):
    """An answer to compare: numbers as numbers whether stored as 100, 100.0 or "100"."""
    try:
        return float(value)
    except (TypeError, ValueError):
        return value


def start_log(page: Page, base: str, kind: str) -> str:
    page.goto(base + "/logs")
    page.get_by_role("button", name=f"Create a new {kind} log").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Log ")
    return page.url


def test_a_general_needs_letting_from_the_logs_list_to_complete(live_server, page, provider, check_accessibility):
    base = live_server.url
    sign_in(page, base)
    log_url = start_log(page, base, "lettings")
    answers = template_row(provider)
    visited = complete(page, base, log_url, answers, check=check_accessibility)

    log = Log.objects.get(pk=int(log_url.rstrip("/").rsplit("/", 1)[1]))
    assert log.status == "completed", (visited, log.errors)
    assert len(visited) > 40
    for field in ("startdate", "tenancycode", "age1", "ecstat1", "beds", "brent", "period", "la", "needstype"):
        assert plain(log.answers[field]) == plain(to_json(answers[field])), field
    # what the engine works out from them: a social rent general needs letting by a local
    # authority (letting type 3), £100 a week for 52 weeks, one adult
    assert (log.derived["renttype"], log.derived["lettype"]) == (1, 3)
    assert (log.derived["wrent"], log.derived["tcharge"], log.derived["totadult"]) == (100, 100, 1)
    page.goto(log_url)
    check_accessibility(page, "log-completed")
    page.get_by_role("link", name="Check your answers for the whole log").click()
    check_accessibility(page, "review")
    page.goto(log_url)
    expect(page.get_by_text("This log is complete.")).to_be_visible()


@pytest.mark.browser_context_args(java_script_enabled=False)
def test_the_same_letting_with_javascript_switched_off(live_server, page, provider):
    base = live_server.url
    sign_in(page, base)
    log_url = start_log(page, base, "lettings")
    complete(page, base, log_url, template_row(provider), javascript=False)
    log = Log.objects.get(pk=int(log_url.rstrip("/").rsplit("/", 1)[1]))
    assert log.status == "completed", log.errors


def test_a_supported_housing_letting_from_the_logs_list_to_complete(live_server, page, provider, make_scheme,
                                                                     make_location):
    base = live_server.url
    scheme = make_scheme(owning_organisation=provider.organisation, service_name="Hope House")
    make_location(scheme=scheme, postcode="LS1 4AP", name="Park View")
    flat = make_location(scheme=scheme, postcode="LS6 2UE", name="Hyde Court", la_code="E08000035")
    sign_in(page, base)
    log_url = start_log(page, base, "lettings")
    answers = {**template_row(provider), "needstype": 2, "scheme_id": scheme.code, "location_id": flat.code,
               "postcode_full": "LS6 2UE", "la": "E08000035", "sheltered": 3,
               "household_charge": 0}
    visited = complete(page, base, log_url, answers)

    log = Log.objects.get(pk=int(log_url.rstrip("/").rsplit("/", 1)[1]))
    assert log.status == "completed", (visited, log.errors)
    assert "location" in visited, "a scheme with two locations asks which"
    assert (log.answers["scheme_id"], log.answers["location_id"]) == (scheme.code, flat.code)
    # supported housing by a local authority at social rent: letting type 4
    assert (log.derived["renttype"], log.derived["lettype"]) == (1, 4)


def test_a_sale_from_the_logs_list_to_complete(live_server, page, provider):
    base = live_server.url
    sign_in(page, base)
    log_url = start_log(page, base, "sales")
    answers = template_row(provider, "core-sales")
    visited = complete(page, base, log_url, answers)

    log = Log.objects.get(pk=int(log_url.rstrip("/").rsplit("/", 1)[1]))
    assert log.status == "completed", (visited, log.errors)
    assert log.collection == "core-sales" and len(visited) > 30
    for field in ("saledate", "purchid", "ownershipsch", "type", "age1", "value"):
        if field in answers:
            assert plain(log.answers[field]) == plain(to_json(answers[field])), field
