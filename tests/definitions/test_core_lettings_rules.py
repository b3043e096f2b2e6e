"""Representative CORE 2026 lettings rules and checks, starting from the official
template's example log (a general needs letting in the City of London, E09000001, 1
bedroom, start date 1 April 2026) and changing the answers each case is about."""

import datetime as dt

import pytest

from tests.definitions.core import evaluate

PRP = {"owning_organisation.provider_type": "PRP", "managing_organisation.provider_type": "PRP"}

# (rule or check id, the fields it must name, answers changed from the example log)
HARD_RULES = [
    ("validate_rent_amount.rent_above_hard_max", {"brent", "beds", "la"}, {"brent": 1200}),
    ("validate_rent_amount.rent_below_hard_min", {"brent", "la"}, {"brent": 20}),
    ("validate_rent_amount.charge_over_maximum.scharge", {"scharge"}, {"scharge": 900}),
    ("validate_rent_amount.tcharge_under_10", {"tcharge"}, {"brent": 5}),
    ("validate_property_void_date.before_tenancy_start", {"voiddate", "startdate"}, {"voiddate": "2026-04-20"}),
    ("validate_property_void_date.twenty_years", {"voiddate", "startdate"}, {"voiddate": "2005-01-01"}),
    ("validate_property_major_repairs.before_tenancy_start", {"mrcdate", "startdate"},
     {"majorrepairs": 1, "mrcdate": "2026-05-01"}),
    ("validate_property_void_date.after_mrcdate", {"voiddate", "mrcdate"},
     {"majorrepairs": 1, "mrcdate": "2025-01-01", "voiddate": "2025-06-01"}),
    ("validate_net_income.over_hard_max", {"earnings", "ecstat1"},
     {"net_income_known": 0, "incfreq": 1, "earnings": 5000}),
    ("validate_net_income.under_hard_min", {"earnings", "ecstat1"},
     {"net_income_known": 0, "incfreq": 1, "earnings": 20}),
    ("validate_shared_housing_rooms.single_tenant_1_to_3_bedrooms", {"unittype_gn", "beds", "hhmemb"},
     {"unittype_gn": 4, "beds": 5}),
    ("validate_joint_tenancy.sole_tenancy", {"joint", "hhmemb"}, {"joint": 1}),
    ("validate_person_age_matches_economic_status.child_over_16.person_2", {"ecstat2", "age2"},
     {"hhmemb": 2, "details_known_2": 0, "age2_known": 0, "age2": 30, "relat2": "R", "sexrab2": "M", "ecstat2": 9}),
    ("validate_startdate_setup.next_two_weeks", {"startdate"}, {"startdate": "2026-10-30"}),
    ("validate_startdate_setup.outside_collection_window", {"startdate"}, {"startdate": "2025-03-01"}),
    ("validate_reason_for_leaving_last_settled_home.other_field_missing", {"reason", "reasonother"}, {"reason": 20}),
    ("validate_previous_housing_situation.over_25_foster_care", {"prevten", "age1"}, {"prevten": 13, "age1": 30}),
    ("validate_property_postcode.invalid", {"postcode_full"}, {"postcode_full": "NOT A POSTCODE"}),
    ("validate_general_needs_fixed_tenancy_length_affordable_social_rent", {"tenancylength", "tenancy"},
     {"tenancy": 6, "tenancylength": 1}),
    ("validate_rent_amount.shortfall_more_than_total_charge", {"tshortfall"},
     {"hb": 1, "hbrentshortfall": 1, "tshortfall_known": 0, "tshortfall": 500}),
    ("validate_layear.renewal_just_moved", {"layear", "renewal"},
     {"renewal": 1, "layear": 1}),
]

SOFT_CHECKS = [
    ("soft.rent_value_check", {"brent"}, {"brent": 60}),  # between the hard and the soft minimum
    ("soft.void_date_value_check", {"voiddate"}, {"voiddate": "2023-01-01"}),
    ("soft.net_income_value_check", {"earnings"}, {"net_income_known": 0, "incfreq": 1, "earnings": 1000}),
    ("soft.retirement_value_check.not_retired_over_66.person_1", {"age1", "ecstat1"}, {"age1": 70}),
    ("soft.scharge_value_check", {"scharge"}, {"scharge": 50}),
    ("soft.pregnancy_value_check", {"preg_occ"}, {"sexrab1": "M", "gender_same_as_sex1": 1}),
]


def fired(outcome, rule_id):
    return [f for f in (*outcome.errors, *outcome.warnings) if f.rule == rule_id]


def test_the_example_log_itself_breaks_no_rule_and_raises_no_check():
    outcome = evaluate("core-lettings", PRP)
    assert outcome.errors == () and outcome.warnings == ()
    assert outcome.status == "completed"


@pytest.mark.parametrize(("rule", "fields", "changes"), HARD_RULES, ids=[c[0] for c in HARD_RULES])
def test_hard_rule_fires_and_names_its_fields(rule, fields, changes):
    outcome = evaluate("core-lettings", PRP, **changes)
    found = fired(outcome, rule)
    assert found, f"{rule} did not fire; errors were {[e.rule for e in outcome.errors]}"
    assert fields <= set(found[0].fields)
    assert "%{" not in found[0].message and "{" not in found[0].message
    assert outcome.status == "in_progress"


@pytest.mark.parametrize(("check", "fields", "changes"), SOFT_CHECKS, ids=[c[0] for c in SOFT_CHECKS])
def test_soft_check_warns_until_its_confirmation_is_answered_yes(check, fields, changes):
    outcome = evaluate("core-lettings", PRP, **changes)
    [warning] = fired(outcome, check)
    assert fields <= set(warning.fields)
    assert not warning.confirmed and outcome.status == "in_progress"
    assert outcome.errors == ()
    confirmed = evaluate("core-lettings", PRP, **changes, **{warning.confirmation: 0})
    assert fired(confirmed, check)[0].confirmed


def test_lead_tenant_under_16_is_refused_with_the_bound_in_the_message():
    outcome = evaluate("core-lettings", PRP, age1=15)
    [error] = [e for e in outcome.errors if "age1" in e.fields]
    assert error.rule == "answer.below_min"
    assert "16" in error.message
    assert "age1" not in outcome.answers


def test_the_rent_check_shows_the_rent_and_its_period_in_cores_words():
    [warning] = fired(evaluate("core-lettings", PRP, brent=60), "soft.rent_value_check")
    assert warning.message == "You told us the rent is £60.00 every week."
    assert warning.text == "This is lower than we would expect."


def test_rent_checks_use_the_weekly_equivalent_of_the_rent_period():
    # £450 every 4 weeks is £112.50 a week: inside the City of London 1 bedroom range
    monthly = evaluate("core-lettings", PRP, period=3, brent=450)
    assert not fired(monthly, "validate_rent_amount.rent_above_hard_max")
    assert monthly.derived["wrent"] == 112.5


def test_supported_housing_questions_apply_only_when_needs_type_is_2():
    general = evaluate("core-lettings", PRP)
    supported = evaluate("core-lettings", PRP, needstype=2, scheme_id="S1", location_id="L1")
    assert "scheme_id" not in general.questions
    assert "scheme_id" in supported.questions


def test_person_questions_apply_only_up_to_the_household_size_and_extra_answers_are_cleared():
    two = evaluate("core-lettings", PRP, hhmemb=2, details_known_2=0, age2_known=0, age2=30, age3=40, ecstat3=1)
    assert "age2" in two.questions and "age3" not in two.questions
    assert {"age3", "ecstat3"} <= set(two.cleared)
    assert "age3" not in two.answers


def test_household_totals_and_type_are_derived():
    outcome = evaluate(
        "core-lettings", PRP, hhmemb=3,
        details_known_2=0, age2_known=0, age2=35, relat2="P", sexrab2="M", gender_same_as_sex2=1, ecstat2=1,
        details_known_3=0, age3_known=0, age3=5, relat3="X", sexrab3="F", gender_same_as_sex3=1, ecstat3=9,
    )
    assert (outcome.derived["totadult"], outcome.derived["totchild"], outcome.derived["totelder"]) == (2, 1, 0)
    assert outcome.derived["hhtype"] is not None


def test_void_days_rent_type_and_weekly_charges_are_derived():
    outcome = evaluate("core-lettings", PRP, period=2, brent=200, scharge=20)
    assert outcome.derived["vacdays"] == (dt.date(2026, 4, 1) - dt.date(2025, 4, 1)).days
    assert outcome.derived["renttype"] == 1  # rent type 0 (social rent) is CORE's renttype 1
    assert outcome.derived["wrent"] == 100 and outcome.derived["wscharge"] == 10
    assert outcome.derived["tcharge"] == 220 and outcome.derived["wtcharge"] == 110


def test_a_rent_period_the_managing_organisation_does_not_use_names_both_with_core_wording():
    context = {**PRP, "managing_organisation.name": "Riverside Homes", "managing_organisation.rent_periods": "1,2"}
    outcome = evaluate("core-lettings", context, period=4)
    [error] = [e for e in outcome.errors if e.rule == "validate_rent_period.invalid_period_for_org"]
    assert error.message_for("period") == (
        "Riverside Homes does not use every calendar month as a rent period. Choose another rent period, "
        "or a data coordinator can add rent periods to your organisation.")
    assert error.message_for("managing_organisation_id").endswith("add rent periods to this organisation.")
    assert "validate_rent_period.invalid_period_for_org" not in {e.rule for e in evaluate("core-lettings", context, period=2).errors}
    # an organisation that has not chosen its rent periods allows every one
    assert "validate_rent_period.invalid_period_for_org" not in {e.rule for e in evaluate("core-lettings", PRP, period=4).errors}
