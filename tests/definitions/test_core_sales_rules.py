"""Representative CORE 2026 sales rules and checks, from the official template's example
log: a joint discounted ownership sale (type 8) in Westminster, E09000033, for £180,000."""

import pytest

from tests.definitions.core import evaluate

PRP = {"owning_organisation.provider_type": "PRP", "managing_organisation.provider_type": "PRP"}
CONFIRMED = {"value_value_check": 0}  # the example's price is outside Westminster's usual range

HARD_RULES = [
    ("validate_grant_amount.out_of_range", {"grant"}, {"grant": 20000}),
    ("validate_person_age_matches_economic_status.child_over_16.person_4", {"ecstat4", "age4"}, {"ecstat4": 9}),
    ("validate_saledate_two_weeks.next_two_weeks", {"saledate"}, {"saledate": "2026-12-01"}),
    ("validate_discounted_ownership_value", {"mortgage", "value", "deposit"}, {"deposit": 10}),
]


def fired(outcome, rule_id):
    return [f for f in (*outcome.errors, *outcome.warnings) if f.rule == rule_id]


def test_the_example_sale_has_no_hard_error_and_completes_once_its_price_check_is_confirmed():
    assert evaluate("core-sales", PRP).errors == ()
    outcome = evaluate("core-sales", PRP, **CONFIRMED)
    assert outcome.status == "completed", outcome.subsections


@pytest.mark.parametrize(("rule", "fields", "changes"), HARD_RULES, ids=[c[0] for c in HARD_RULES])
def test_sales_hard_rule_fires_and_names_its_fields(rule, fields, changes):
    outcome = evaluate("core-sales", PRP, **CONFIRMED, **changes)
    found = fired(outcome, rule)
    assert found, f"{rule} did not fire; errors were {[e.rule for e in outcome.errors]}"
    assert fields <= set(found[0].fields)
    assert outcome.status == "in_progress"


def test_the_purchase_price_check_shows_the_price_the_user_gave():
    [warning] = fired(evaluate("core-sales", PRP), "soft.value_value_check")
    assert warning.message == "You told us the purchase price is £180,000.00."
    assert not warning.confirmed


def test_a_sale_type_decides_which_subsections_are_part_of_the_log():
    discounted = evaluate("core-sales", PRP, **CONFIRMED)
    assert "discounted_ownership_scheme" in discounted.subsections
    assert "shared_ownership_initial_purchase" not in discounted.subsections


def test_a_bedsit_has_one_bedroom_so_the_bedrooms_question_no_longer_applies():
    outcome = evaluate("core-sales", PRP, **CONFIRMED, proptype=2, beds=3)
    assert "beds" in outcome.cleared and outcome.derived["beds"] == 1
    assert not fired(outcome, "validate_bedsit_number_of_beds")


def test_buyer_1_cannot_be_a_child_under_16_the_option_is_not_offered():
    [error] = [e for e in evaluate("core-sales", PRP, **CONFIRMED, ecstat1=9).errors if "ecstat1" in e.fields]
    assert error.rule == "answer.not_an_option"


def test_buyer_totals_are_derived():
    outcome = evaluate("core-sales", PRP, **CONFIRMED)
    assert outcome.derived["hhmemb"] == 4
    assert outcome.derived["totchild"] == 1  # person 3 is 14
