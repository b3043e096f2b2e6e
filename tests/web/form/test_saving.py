"""Saving a page: through the gateway, only when no error names one of its questions, then
on to the next page that applies."""

import pytest

from caselog.logs.models import AuditEvent, Log

from .conftest import main, page_url

pytestmark = pytest.mark.django_db


def stored(log) -> dict:
    return Log.objects.get(pk=log.pk).answers


def test_a_valid_answer_is_saved_and_the_form_goes_to_the_next_page_that_applies(signed_in, new_log):
    log = new_log()
    response = signed_in.post(page_url(log, "needs_type"), {"needstype": "1"})
    assert response.status_code == 302
    assert response.url == page_url(log, "renewal")  # general needs: no scheme or location
    assert stored(log)["needstype"] == 1
    assert AuditEvent.objects.filter(log=log, channel="web", action="updated").exists()


def test_supported_housing_goes_on_to_the_scheme(signed_in, new_log):
    log = new_log()
    assert signed_in.post(page_url(log, "needs_type"), {"needstype": "2"}).url == page_url(log, "scheme")


def test_routing_passes_over_pages_that_do_not_apply(signed_in, new_log, example):
    log = new_log(**example)
    response = signed_in.post(page_url(log, "first_time_property_let_as_social_housing"),
                              {"first_time_property_let_as_social_housing": "1"})
    assert response.url == page_url(log, "property_vacancy_reason_first_let")


def test_the_last_page_of_a_subsection_goes_to_its_check_answers(signed_in, new_log, example):
    log = new_log(**example)
    response = signed_in.post(page_url(log, "declaration"), {"declaration": "declaration"})
    assert response.url == f"/logs/{log.pk}/setup/check-answers"


def test_an_age_out_of_range_shows_the_engines_message_and_saves_nothing(signed_in, new_log, example):
    log = new_log(**example)
    response = signed_in.post(page_url(log, "lead_tenant_age"), {"age1_known": "0", "age1": "150"})
    assert response.status_code == 200
    page = main(response)
    assert '<div class="govuk-error-summary" data-module="govuk-error-summary">' in page
    assert '<a href="#age1">Lead tenant’s age must be between 16 and 120.</a>' in page
    assert ('<p id="age1-error" class="govuk-error-message"> <span class="govuk-visually-hidden">Error:</span> '
            "Lead tenant’s age must be between 16 and 120. </p>") in page
    assert 'name="age1" type="text" spellcheck="false" value="150"' in page  # what the user typed
    assert "<title>Error: " in response.content.decode()
    assert stored(log)["age1"] == 20


def test_a_date_that_does_not_exist_is_refused_with_the_engines_words(signed_in, new_log, example):
    log = new_log(**example)
    response = signed_in.post(page_url(log, "tenancy_start_date"),
                              {"startdate-day": "31", "startdate-month": "2", "startdate-year": "2026"})
    page = main(response)
    assert '<a href="#startdate-day">Enter a date in the correct format, for example 31/1/2024.</a>' in page
    assert 'class="govuk-input govuk-date-input__input govuk-input--width-2 govuk-input--error" id="startdate-day"' in page
    assert 'name="startdate-day" type="text" value="31"' in page
    assert stored(log)["startdate"] == "2026-04-01"


def test_a_date_is_saved_from_its_three_parts(signed_in, new_log, example):
    log = new_log(**example)
    response = signed_in.post(page_url(log, "tenancy_start_date"),
                              {"startdate-day": "5", "startdate-month": "9", "startdate-year": "2026"})
    assert response.status_code == 302
    assert stored(log)["startdate"] == "2026-09-05"


def test_a_rule_across_answers_names_the_field_on_this_page(signed_in, new_log, example):
    response = signed_in.post(page_url(new_log(**example), "void_date"),
                              {"voiddate-day": "1", "voiddate-month": "5", "voiddate-year": "2026"})
    page = main(response)
    assert response.status_code == 200 and 'href="#voiddate-day"' in page


def test_a_revealed_answer_is_saved_with_its_option_and_cleared_with_another(signed_in, new_log, example):
    log = new_log(**example)
    # JavaScript off: the revealed input is always there; it counts only with its option
    response = signed_in.post(page_url(log, "rent_type"), {"rent_type": "5", "irproduct_other": "Key worker rent"})
    assert response.status_code == 302
    assert stored(log)["irproduct_other"] == "Key worker rent"
    signed_in.post(page_url(log, "rent_type"), {"rent_type": "1", "irproduct_other": "Key worker rent"})
    assert stored(log)["rent_type"] == 1 and "irproduct_other" not in stored(log)


def test_ticked_options_are_1_and_the_others_0(signed_in, new_log, example):
    log = new_log(**example)
    signed_in.post(page_url(log, "reasonable_preference_reason"), {"reasonable_preference_reason": ["rp_medwel", "rp_hardship"]})
    answers = stored(log)
    assert (answers["rp_medwel"], answers["rp_hardship"], answers["rp_homeless"], answers["rp_dontknow"]) == (1, 1, 0, 0)


def test_the_address_is_saved_from_the_address_search_page_and_its_own_page_is_passed_over(signed_in, new_log, example):
    manual = {"address_line1": None, "address_line2": None, "town_or_city": None, "county": None, "postcode_full": None}
    log = new_log(**{**example, **manual, "la": None})
    response = signed_in.post(page_url(log, "address_search"), {
        "address_line1": "1 Hill Road", "town_or_city": "Leeds", "postcode_full": "LS1 4AP", "uprn": ""})
    answers = stored(log)
    assert (answers["address_line1"], answers["town_or_city"], answers["postcode_full"]) == ("1 Hill Road", "Leeds", "LS1 4AP")
    assert response.url == page_url(log, "property_local_authority")


def test_save_and_come_back_later_keeps_the_valid_answers_and_returns_to_the_log(signed_in, new_log, example):
    log = new_log(**example)
    response = signed_in.post(page_url(log, "rent_weekly"),
                              {"brent": "120", "scharge": "lots", "pscharge": "0", "supcharg": "0", "action": "later"})
    assert response.url == f"/logs/{log.pk}"
    answers = stored(log)
    assert answers["brent"] == 120 and answers["scharge"] == 0


def test_a_high_rent_shows_an_interruption_screen_and_yes_confirms_it(signed_in, new_log, example):
    log = new_log(**example)
    response = signed_in.post(page_url(log, "rent_weekly"), {"brent": "900", "scharge": "0", "pscharge": "0", "supcharg": "0"})
    assert response.url == page_url(log, "brent_rent_value_check")
    page = main(signed_in.get(response.url))
    assert '<div class="app-interruption">' in page
    assert '<h1 class="govuk-heading-l">You told us the rent is £900.00 every week.</h1>' in page
    assert "This is higher than we would expect." in page
    assert "Basic rent </dt> <dd class=\"govuk-summary-list__value\"> £900.00 every week </dd>" in page
    assert f'href="/logs/{log.pk}/rent-weekly?referrer=interruption_screen&amp;interruption=brent-rent-value-check"' in page
    assert "Are you sure this is correct?" in page
    response = signed_in.post(page_url(log, "brent_rent_value_check"), {"rent_value_check": "0"})
    assert response.status_code == 302 and "brent-rent-value-check" not in response.url
    saved = Log.objects.get(pk=log.pk)
    assert saved.answers["rent_value_check"] == 0 and saved.warning_count == 0


def test_no_on_an_interruption_screen_goes_back_to_change_the_answer(signed_in, new_log, example):
    log = new_log(**{**example, "brent": 900})
    response = signed_in.post(page_url(log, "brent_rent_value_check"), {"rent_value_check": "1"})
    assert response.url == page_url(log, "rent_weekly")


def test_a_change_from_the_interruption_screen_returns_to_it_while_the_check_holds(signed_in, new_log, example):
    log = new_log(**{**example, "brent": 900})
    url = page_url(log, "rent_weekly", referrer="interruption_screen", interruption="brent-rent-value-check")
    rent = {"scharge": "0", "pscharge": "0", "supcharg": "0"}
    assert signed_in.post(url, {**rent, "brent": "950"}).url == page_url(log, "brent_rent_value_check")
    assert signed_in.post(url, {**rent, "brent": "100"}).url != page_url(log, "brent_rent_value_check")


def test_changing_an_answer_a_check_is_about_asks_for_the_check_again(signed_in, new_log, example):
    log = new_log(**{**example, "brent": 900, "rent_value_check": 0})
    signed_in.post(page_url(log, "rent_weekly"), {"brent": "950", "scharge": "0", "pscharge": "0", "supcharg": "0"})
    assert "rent_value_check" not in stored(log)


def test_a_change_from_check_answers_goes_back_to_check_answers(signed_in, new_log, example):
    log = new_log(**example)
    response = signed_in.post(page_url(log, "tenant_code", referrer="check_answers"), {"tenancycode": "T99"})
    assert response.url == f"/logs/{log.pk}/setup/check-answers"
    assert stored(log)["tenancycode"] == "T99"


def test_a_change_that_asks_a_new_question_goes_on_to_it_keeping_the_referrer(signed_in, new_log, example):
    log = new_log(**{**example, "armedforces": 2, "leftreg": None, "reservist": None})
    response = signed_in.post(page_url(log, "armed_forces", referrer="check_answers"), {"armedforces": "1"})
    assert response.url == page_url(log, "armed_forces_serving", referrer="check_answers")
    response = signed_in.post(response.url, {"leftreg": "6"})
    assert response.url == page_url(log, "armed_forces_injured", referrer="check_answers")
    response = signed_in.post(response.url, {"reservist": "2"})
    assert response.url == f"/logs/{log.pk}/household-needs/check-answers"


def back_link(response) -> str:
    html = response.content.decode()
    start = html.index('<nav aria-label="Back">')
    return " ".join(html[start:html.index("</nav>", start)].split())


def test_the_back_link_goes_to_the_previous_page_that_applies(signed_in, new_log, example):
    log = new_log(**example)
    assert f'<a href="/logs/{log.pk}/needs-type" class="govuk-back-link">Back</a>' in back_link(
        signed_in.get(page_url(log, "renewal")))


def test_the_back_link_of_a_subsections_first_page_goes_to_the_log(signed_in, new_log):
    log = new_log()
    assert f'<a href="/logs/{log.pk}" class="govuk-back-link">Back</a>' in back_link(signed_in.get(page_url(log, "needs_type")))


def test_the_back_link_from_a_change_goes_to_check_answers(signed_in, new_log, example):
    log = new_log(**example)
    response = signed_in.get(page_url(log, "renewal", referrer="check_answers"))
    assert f'<a href="/logs/{log.pk}/setup/check-answers" class="govuk-back-link">Back</a>' in back_link(response)


def test_save_and_continue_with_a_question_left_blank_says_it_must_be_answered(signed_in, new_log):
    log = new_log()
    response = signed_in.post(page_url(log, "needs_type"), {})
    page = " ".join(response.content.decode().split())
    assert response.status_code == 200
    assert 'href="#needstype">You must answer needs type</a>' in page
    # coming back later is fine: nothing is asked of the page
    assert signed_in.post(page_url(log, "needs_type"), {"action": "later"}).status_code == 302
