"""One log through the engine: routing, clearing, rules, checks, derivations, status."""

import datetime as dt

from caselog.engine import evaluate_log

TODAY = dt.date(2026, 6, 1)
COMPLETE = {
    "startdate": "2026-05-01", "needstype": 1, "hhmemb": 2, "age1": 40, "sex1": "F", "age2": 12, "brent": 120.5,
}


def test_a_complete_log_with_nothing_wrong_is_completed(mini):
    outcome = evaluate_log(mini, COMPLETE, today=TODAY)
    assert outcome.errors == ()
    assert outcome.status == "completed"
    assert set(outcome.subsections.values()) == {"completed"}


def test_a_log_with_no_answers_is_not_started_and_later_subsections_cannot_start_yet(mini):
    outcome = evaluate_log(mini, {}, today=TODAY)
    assert outcome.status == "not_started"
    assert outcome.subsections["setup"] == "not_started"
    assert outcome.subsections["household"] == "cannot_start_yet"


def test_a_missing_answer_is_not_an_error_but_keeps_the_log_in_progress(mini):
    answers = {k: v for k, v in COMPLETE.items() if k != "age1"}
    outcome = evaluate_log(mini, answers, today=TODAY)
    assert outcome.errors == ()
    assert outcome.subsections["household"] == "in_progress"
    assert outcome.status == "in_progress"


def test_scheme_is_asked_only_for_supported_housing(mini):
    general = evaluate_log(mini, {**COMPLETE, "scheme": "S1"}, today=TODAY)
    supported = evaluate_log(mini, {**COMPLETE, "needstype": 2, "scheme": "S1"}, today=TODAY)
    assert "scheme" not in general.questions and "scheme" in general.cleared
    assert "scheme" not in general.answers
    assert supported.answers["scheme"] == "S1"


def test_person_questions_apply_only_up_to_the_household_size_and_others_are_cleared(mini):
    outcome = evaluate_log(mini, {**COMPLETE, "hhmemb": 2, "age3": 30}, today=TODAY)
    assert "age2" in outcome.questions and "age3" not in outcome.questions
    assert outcome.cleared == ("age3",)
    assert outcome.derived == {"totadult": 1, "totchild": 1}


def test_hard_rule_names_every_field_involved_with_the_definitions_message(mini):
    outcome = evaluate_log(mini, {**COMPLETE, "age1": 20, "age2": 90}, today=TODAY)
    [error] = outcome.errors
    assert error.rule == "child_older_than_lead"
    assert error.fields == ("age1", "age2")
    assert error.message_for("age1") == "Person 2 is much older than the lead tenant."
    assert error.message_for("age2") == "Check person 2's age, 90."
    assert outcome.status == "in_progress"


def test_a_value_that_is_not_an_option_is_dropped_and_the_error_lists_the_allowed_codes(mini):
    outcome = evaluate_log(mini, {**COMPLETE, "needstype": 3}, today=TODAY)
    [error] = outcome.errors
    assert (error.rule, error.fields) == ("answer.not_an_option", ("needstype",))
    assert error.message == "Needs type must be one of: 1 (General needs), 2 (Supported housing). You gave 3."
    assert "needstype" not in outcome.answers


def test_text_codes_are_matched_without_regard_to_case(mini):
    assert evaluate_log(mini, {**COMPLETE, "sex1": "m"}, today=TODAY).answers["sex1"] == "M"


def test_numbers_outside_the_bounds_and_impossible_dates_are_reported(mini):
    outcome = evaluate_log(mini, {**COMPLETE, "age1": 130, "startdate": "2026-02-30", "hhmemb": "two"}, today=TODAY)
    problems = {e.fields[0]: e.rule for e in outcome.errors}
    assert problems == {"age1": "answer.above_max", "startdate": "answer.not_a_date", "hhmemb": "answer.not_a_number"}


def test_soft_check_warns_until_confirmed_and_the_confirmation_is_an_answer(mini):
    high = evaluate_log(mini, {**COMPLETE, "brent": 650}, today=TODAY)
    [warning] = high.warnings
    assert warning.rule == "soft.rent_value_check"
    assert warning.message == "You told us the rent is £650.00."
    assert not warning.confirmed
    assert high.subsections["rent"] == "in_progress"
    confirmed = evaluate_log(mini, {**COMPLETE, "brent": 650, "rent_value_check": 0}, today=TODAY)
    assert confirmed.warnings[0].confirmed
    assert confirmed.status == "completed"


def test_a_confirmation_is_cleared_when_the_check_no_longer_applies(mini):
    outcome = evaluate_log(mini, {**COMPLETE, "brent": 100, "rent_value_check": 0}, today=TODAY)
    assert outcome.warnings == ()
    assert "rent_value_check" in outcome.cleared


def test_keys_that_are_not_questions_are_reported_as_unknown(mini):
    outcome = evaluate_log(mini, {**COMPLETE, "bedss": 2}, today=TODAY)
    assert outcome.unknown == ("bedss",)
