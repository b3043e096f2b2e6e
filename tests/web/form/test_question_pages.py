"""Each kind of question is drawn by its GOV.UK component, in the definition's words."""

import pytest

from caselog.definitions.registry import get_definition

from .conftest import main, page_url

pytestmark = pytest.mark.django_db

LETTINGS = get_definition("core-lettings", 2026).definition


def test_a_radio_question_is_a_fieldset_whose_legend_is_the_page_heading_with_its_core_question_number(signed_in, new_log):
    page = main(signed_in.get(page_url(new_log(), "needs_type")))
    assert ('<legend class="govuk-fieldset__legend govuk-fieldset__legend--l"> <h1 class="govuk-fieldset__heading">'
            " Q3 - What is the needs type? </h1> </legend>") in page
    assert 'type="radio" value="1"' in page and "General needs" in page and "Supported housing" in page
    assert '<span class="govuk-caption-l">Needs type</span>' in page  # the page's header


def test_options_keep_their_hints_and_the_definitions_or_divider(signed_in, new_log, example):
    log = new_log(**example)
    first_let = main(signed_in.get(page_url(log, "first_time_property_let_as_social_housing")))
    assert "This property was previously used for other purposes or is a new-build." in first_let
    assert 'class="govuk-hint govuk-radios__hint"' in first_let
    let_type = main(signed_in.get(page_url(log, "property_let_type")))
    assert '<div class="govuk-radios__divider">or</div>' in let_type
    assert let_type.index("govuk-radios__divider") < let_type.index("Don’t know")


def test_a_revealed_question_is_drawn_inside_the_option_that_reveals_it(signed_in, new_log, example):
    page = main(signed_in.get(page_url(new_log(**example), "rent_type")))
    other = page.index('value="5" data-aria-controls="conditional-rent_type-6"')
    reveal = page.index('<div class="govuk-radios__conditional govuk-radios__conditional--hidden" id="conditional-rent_type-6">')
    assert other < reveal < page.index('for="irproduct_other"> Name of rent product </label>')


def test_checkboxes_are_one_answer_each_and_dont_know_is_exclusive(signed_in, new_log, example):
    page = main(signed_in.get(page_url(new_log(**example), "reasonable_preference_reason")))
    assert "Q89 - Why was the household given ‘reasonable preference’?" in page
    assert 'name="reasonable_preference_reason" type="checkbox" value="rp_homeless" checked' in page
    assert 'value="rp_dontknow" data-behaviour="exclusive"' in page
    assert '<div class="govuk-checkboxes__divider">or</div>' in page


def test_a_date_is_a_govuk_date_input_with_the_answer_in_its_parts(signed_in, new_log, example):
    page = main(signed_in.get(page_url(new_log(**example), "tenancy_start_date")))
    assert '<fieldset class="govuk-fieldset" role="group" aria-describedby="startdate-hint">' in page
    assert 'id="startdate-day" name="startdate-day" type="text" value="1" inputmode="numeric"' in page
    assert 'name="startdate-month" type="text" value="4"' in page and 'name="startdate-year" type="text" value="2026"' in page
    assert "The tenancy start date can be up to 14 days from today." in page


def test_money_has_a_pound_prefix_a_suffix_a_width_and_a_numeric_keyboard(signed_in, new_log, example):
    page = main(signed_in.get(page_url(new_log(**example), "rent_weekly")))
    assert '<h1 class="govuk-heading-l">Household rent and charges</h1>' in page  # several questions: the header
    assert '<label class="govuk-label govuk-label--m" for="brent"> Q100 - What is the basic rent? </label>' in page
    assert ('<div class="govuk-input__prefix" aria-hidden="true">£</div> <input class="govuk-input govuk-input--width-5" '
            'id="brent" name="brent" type="text" spellcheck="false" value="100.00"') in page
    assert 'aria-describedby="brent-hint"> <div class="govuk-input__suffix" aria-hidden="true">every week</div>' in page
    assert 'inputmode' not in page.split('id="brent"')[1].split(">")[0]  # money has pence: no number pad


def test_a_page_can_reword_a_suffix(signed_in, new_log, example):
    page = main(signed_in.get(page_url(new_log(**{**example, "period": 2}), "rent_bi_weekly")))
    assert '<div class="govuk-input__suffix" aria-hidden="true">every 2 weeks</div>' in page


def test_a_suffix_can_follow_another_answer(signed_in, new_log, example):
    log = new_log(**{**example, "net_income_known": 0, "incfreq": 2, "earnings": 1200})
    page = main(signed_in.get(page_url(log, "income_amount")))
    assert 'id="earnings" name="earnings" type="text" spellcheck="false" value="1200.00"' in page
    assert '<div class="govuk-input__suffix" aria-hidden="true">every month</div>' in page


def test_a_derived_total_is_shown_read_only(signed_in, new_log, example):
    page = main(signed_in.get(page_url(new_log(**{**example, "scharge": 10.5}), "rent_weekly")))
    assert '<output id="tcharge" aria-describedby="tcharge-hint">£110.50 every week</output>' in page
    assert 'name="tcharge"' not in page


def test_a_text_question_is_an_input_whose_label_is_the_heading(signed_in, new_log):
    page = main(signed_in.get(page_url(new_log(), "tenant_code")))
    assert ('<label class="govuk-label govuk-label--l" for="tenancycode"> Q9 - What is the tenant code? </label>') in page
    assert '<h1 class="govuk-label-wrapper">' in page
    assert 'class="govuk-input govuk-input--width-10" id="tenancycode" name="tenancycode" type="text"' in page
    assert "This is how you usually refer to this tenancy on your own systems." in page


def test_a_long_list_is_a_select_that_javascript_may_turn_into_an_autocomplete(signed_in, new_log, example):
    response = signed_in.get(page_url(new_log(**example), "property_local_authority"))
    page = main(response)
    assert '<select class="govuk-select" id="la" name="la" data-app-autocomplete="true">' in page
    assert '<option value="E09000001" selected>City of London</option>' in page
    assert '<option value="E08000035">Leeds</option>' in page
    assert "Corby" not in page  # abolished before the collection year began
    html = response.content.decode()
    assert "autocomplete/accessible-autocomplete.min.js" in html and "enhanceSelectElement" in html


def test_pages_without_a_select_load_no_autocomplete(signed_in, new_log):
    assert "accessible-autocomplete" not in signed_in.get(page_url(new_log(), "needs_type")).content.decode()


def test_an_address_is_entered_by_hand_as_there_is_no_address_search(signed_in, new_log, example):
    manual = {"address_line1": None, "address_line2": None, "town_or_city": None, "county": None, "postcode_full": None}
    page = main(signed_in.get(page_url(new_log(**{**example, **manual}), "address_search")))
    assert '<h1 class="govuk-heading-l">What is the property’s address?</h1>' in page
    for label in ("Address line 1", "Address line 2 (optional)", "Town or city", "County (optional)", "Postcode"):
        assert f"> {label} </label>" in page
    assert 'name="uprn"' in page and "UPRN (optional)" in page


def test_a_page_rewords_a_question_and_offers_only_some_options(signed_in, new_log, example):
    log = new_log(**{**example, "first_time_property_let_as_social_housing": 1, "rsnvac": 16})
    page = main(signed_in.get(page_url(log, "property_vacancy_reason_first_let")))
    assert "Q13 - What is the reason for the property being vacant?" in page  # the page's question number
    assert "First let of conversion, rehabilitation or acquired property" in page
    assert "Tenant died with no succession" not in page


def test_multi_paragraph_and_listed_hints_keep_their_shape(signed_in, new_log, example):
    page = main(signed_in.get(page_url(new_log(**{**example, "brent": 900}), "brent_rent_value_check")))
    assert ('<ul class="govuk-list govuk-list--bullet govuk-hint govuk-!-margin-bottom-2"><li>the decimal point</li>') in page


def test_a_page_that_does_not_apply_sends_the_user_to_the_log(signed_in, new_log, example):
    log = new_log(**example)  # general needs: no scheme
    response = signed_in.get(page_url(log, "scheme"))
    assert response.status_code == 302 and response.url == f"/logs/{log.pk}"


def test_an_unknown_page_is_not_found(signed_in, new_log):
    assert signed_in.get(page_url(new_log(), "no_such_page")).status_code == 404
