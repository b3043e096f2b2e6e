"""A broken definition fails with the file, line and key of the mistake."""

import pytest

from caselog.definitions.source import DefinitionError
from tests.engine.minidef import QUESTIONS, RULES, mini_definition


def error_for(tmp_path, **files) -> DefinitionError:
    with pytest.raises(DefinitionError) as caught:
        mini_definition(tmp_path, **files)
    return caught.value


def test_an_unknown_question_in_a_rule_is_reported_at_its_file_line_and_key(tmp_path):
    rules = RULES.replace("is_answered(age1) and age1 < 18", "is_answered(age1) and agee1 < 18")
    error = error_for(tmp_path, **{"rules.yaml": rules})
    assert error.file.endswith("test-lettings/2026/rules.yaml")
    assert error.line == 4
    assert error.key == "rules[0].when"
    assert "agee1" in error.message


def test_a_misspelt_key_is_reported_with_the_keys_allowed(tmp_path):
    questions = QUESTIONS.replace("check_answers_label: Needs type", "check_answer_label: Needs type")
    error = error_for(tmp_path, **{"questions.yaml": questions})
    assert error.key == "questions.needstype.check_answer_label"
    assert "unknown key 'check_answer_label'" in error.message and "check_answers_label" in error.message
    assert str(error).startswith(f"{error.file}, line {error.line}, key ")


def test_an_expression_that_does_not_parse_shows_where(tmp_path):
    rules = RULES.replace("age2 > age1 + 60", "age2 > > age1")
    error = error_for(tmp_path, **{"rules.yaml": rules})
    assert error.key == "rules[1].when"
    assert error.line == 9


def test_a_page_asking_an_unknown_question_is_reported(tmp_path):
    from tests.engine.minidef import FORM

    error = error_for(tmp_path, **{"form.yaml": FORM.replace("questions: [hhmemb]", "questions: [hhmem]")})
    assert error.file.endswith("form.yaml")
    assert "unknown question 'hhmem'" in error.message


def test_yaml_that_does_not_parse_is_reported_with_its_line(tmp_path):
    error = error_for(tmp_path, **{"conditions.yaml": "conditions:\n  - {name: x?, expression: [\n"})
    assert error.file.endswith("conditions.yaml")
    assert error.line is not None and "not valid YAML" in error.message


def test_the_same_rule_id_twice_is_refused(tmp_path):
    rules = RULES.replace("id: child_older_than_lead", "id: lead_tenant_under_16")
    error = error_for(tmp_path, **{"rules.yaml": rules})
    assert "lead_tenant_under_16" in error.message and "twice" in error.message


def test_every_answer_check_needs_its_wording_in_the_definition(tmp_path):
    from tests.engine.minidef import ANSWER_MESSAGES

    without_step = "\n".join(line for line in ANSWER_MESSAGES.splitlines() if not line.strip().startswith("step:"))
    error = error_for(tmp_path, **{"answer_messages.yaml": without_step})
    assert error.file.endswith("answer_messages.yaml") and "step" in error.message


def test_a_web_skip_condition_naming_an_unknown_answer_is_reported_where_it_is(tmp_path):
    from tests.engine.minidef import FORM

    form = FORM.replace("{id: scheme, depends_on: needstype == 2,",
                        "{id: scheme, depends_on: needstype == 2, web_skip_when: is_answered(schem),")
    error = error_for(tmp_path, **{"form.yaml": form})
    assert error.file.endswith("form.yaml") and error.key.endswith("web_skip_when")
    assert "schem" in error.message
