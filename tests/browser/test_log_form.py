"""The log form in real Chromium: a data provider answers questions of each kind, meets an
error and an interruption screen, checks their answers, with every page passing axe-core;
and the same form works with JavaScript switched off."""

import datetime as dt
import re

import pytest
from playwright.sync_api import expect

from caselog.accounts.models import DataSharingAgreement, Organisation
from caselog.gateway import Source, create_log
from caselog.logs import window
from caselog.logs.models import Log
from tests.definitions.core import template_row

PASSWORD = "correct horse battery staple"


@pytest.fixture
def provider(make_organisation, make_user, monkeypatch):
    monkeypatch.setattr(window, "today", lambda: dt.date(2026, 10, 1))
    org = make_organisation(name="Hill Council", type=Organisation.Type.LOCAL_AUTHORITY)
    DataSharingAgreement.objects.create(organisation=org, signatory_name="Dee", signatory_email="d@example.com", version="2026")
    return make_user(name="Pat Provider", email="pat@example.com", organisation=org, password=PASSWORD)


def example_log(user) -> Log:
    log, _ = create_log("core-lettings", 2026, Source("web", user), owning_organisation=user.organisation,
                        answers=template_row(user), today=dt.date(2026, 10, 1))
    return log


def sign_in(page, base):
    page.goto(base + "/sign-in")
    page.get_by_label("Email address").fill("pat@example.com")
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()


def test_a_provider_answers_questions_and_checks_them(live_server, page, provider, check_accessibility):
    base = live_server.url
    log, _ = create_log("core-lettings", 2026, Source("web", provider), owning_organisation=provider.organisation)
    sign_in(page, base)
    page.goto(f"{base}/logs/{log.pk}")
    check_accessibility(page, "log")
    page.get_by_role("link", name="Set up this lettings log").click()

    expect(page.get_by_role("heading", name="Q3 - What is the needs type?")).to_be_visible()
    check_accessibility(page, "question-radios")
    page.get_by_label("General needs").check()
    page.get_by_role("button", name="Save and continue").click()
    page.get_by_label("No").check()
    page.get_by_role("button", name="Save and continue").click()

    expect(page.get_by_role("heading", name="Q7 - What is the tenancy start date?")).to_be_visible()
    page.get_by_label("Day").fill("31")
    page.get_by_label("Month").fill("2")
    page.get_by_label("Year").fill("2026")
    page.get_by_role("button", name="Save and continue").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_focused()
    expect(summary).to_contain_text("Enter a date in the correct format, for example 31/1/2024.")
    check_accessibility(page, "question-error")
    page.get_by_label("Day").fill("1")
    page.get_by_label("Month").fill("9")
    page.get_by_role("button", name="Save and continue").click()

    # a revealed question, with JavaScript: shown when its option is chosen
    expect(page.get_by_label("Name of rent product")).to_be_hidden()
    page.get_by_label("Other intermediate rent product").check()
    expect(page.get_by_label("Name of rent product")).to_be_visible()
    check_accessibility(page)
    page.get_by_label("Name of rent product").fill("Key worker rent")
    page.get_by_role("button", name="Save and continue").click()
    assert Log.objects.get(pk=log.pk).answers["irproduct_other"] == "Key worker rent"


def test_long_lists_autocomplete_and_a_soft_check_interrupts(live_server, page, provider, check_accessibility,
                                                             make_scheme, make_location):
    base = live_server.url
    log = example_log(provider)
    sign_in(page, base)
    scheme = make_scheme(owning_organisation=provider.organisation, service_name="Hope House")
    make_location(scheme=scheme, postcode="LS2 7EY")
    supported, _ = create_log("core-lettings", 2026, Source("web", provider), owning_organisation=provider.organisation,
                              answers={"needstype": 2})
    page.goto(f"{base}/logs/{supported.pk}/scheme")
    page.get_by_role("combobox", name="Q4 - What scheme is this log for?").fill("LS2")  # a postcode finds its scheme
    option = page.get_by_role("option", name=re.compile(f"S{scheme.pk} Hope House"))
    expect(option).to_contain_text("LS2 7EY")
    option.click()
    page.get_by_role("button", name="Save and continue").click()
    assert Log.objects.get(pk=supported.pk).answers["scheme_id"] == f"S{scheme.pk}"

    page.goto(f"{base}/logs/{log.pk}/property-local-authority")
    box = page.get_by_role("combobox", name="Q18 - What is the property’s local authority?")
    box.fill("Leed")
    page.get_by_role("option", name="Leeds").click()
    check_accessibility(page, "question-autocomplete")
    page.get_by_role("button", name="Save and continue").click()
    assert Log.objects.get(pk=log.pk).answers["la"] == "E08000035"

    page.goto(f"{base}/logs/{log.pk}/reasonable-preference-reason")
    check_accessibility(page, "question-checkboxes")
    page.get_by_label("Don’t know").check()
    expect(page.get_by_label("They were homeless or about to lose their home (within 56 days)")).not_to_be_checked()

    page.goto(f"{base}/logs/{log.pk}/rent-weekly")
    check_accessibility(page, "question-money")
    page.get_by_label("Q100 - What is the basic rent?").fill("900")
    page.get_by_role("button", name="Save and continue").click()
    expect(page.get_by_role("heading", name=re.compile("You told us the rent is £900.00 every week"))).to_be_visible()
    check_accessibility(page, "interruption")
    page.get_by_label("Yes").check()
    page.get_by_role("button", name="Save and continue").click()
    assert Log.objects.get(pk=log.pk).answers["rent_value_check"] == 0

    page.goto(f"{base}/logs/{log.pk}/income-and-benefits/check-answers")
    check_accessibility(page, "check-answers")
    page.goto(f"{base}/logs/{log.pk}/review")
    check_accessibility(page)


@pytest.mark.browser_context_args(java_script_enabled=False)
def test_the_form_works_with_javascript_off(live_server, page, provider):
    base = live_server.url
    log = example_log(provider)
    sign_in(page, base)
    page.goto(f"{base}/logs/{log.pk}/rent-type")
    expect(page.get_by_label("Name of rent product")).to_be_visible()  # no reveal without JavaScript
    page.get_by_label("Other intermediate rent product").check()
    page.get_by_label("Name of rent product").fill("Key worker rent")
    page.get_by_role("button", name="Save and continue").click()
    assert Log.objects.get(pk=log.pk).answers["irproduct_other"] == "Key worker rent"

    page.goto(f"{base}/logs/{log.pk}/property-local-authority")
    page.get_by_label("Q18 - What is the property’s local authority?").select_option(label="Leeds")
    page.get_by_role("button", name="Save and continue").click()
    assert Log.objects.get(pk=log.pk).answers["la"] == "E08000035"
