"""Small inline definitions for engine tests: a few lines of YAML per file, written to a
temporary folder and loaded the way real definitions are."""

from __future__ import annotations

import textwrap
from pathlib import Path

from caselog.definitions.loader import load_definition
from caselog.engine import compile_definition

COLLECTION = """
collection: test-lettings
year: 2026
title: Test lettings
log_type: lettings
date_question: startdate
dates: {start: 2026-04-01, end: 2027-03-31, new_logs_end: 2027-07-03, submission_deadline: 2027-06-04, edit_end: 2027-07-31}
reference_fields: [tenancycode]
"""

QUESTIONS = """
questions:
  startdate: {type: date, text: When did the tenancy start?, check_answers_label: Tenancy start date}
  tenancycode: {type: text, text: What is the tenant code?, optional: true}
  needstype:
    type: radio
    text: What is the needs type?
    check_answers_label: Needs type
    options: [{code: 1, label: General needs}, {code: 2, label: Supported housing}]
  scheme: {type: text, text: Which scheme?}
  hhmemb: {type: numeric, text: How many people live in the household?, min: 1, max: 3, step: 1}
  age1: {type: numeric, text: Lead tenant's age, check_answers_label: Lead tenant's age, min: 16, max: 120, step: 1}
  age2: {type: numeric, text: Person 2's age, min: 0, max: 120, step: 1}
  age3: {type: numeric, text: Person 3's age, min: 0, max: 120, step: 1}
  sex1:
    type: radio
    text: Lead tenant's sex
    options: [{code: F, label: Female}, {code: M, label: Male}, {code: R, label: Tenant prefers not to say}]
  brent: {type: numeric, text: Basic rent, check_answers_label: Basic rent, min: 0, step: 0.01, prefix: "£"}
  rent_value_check: {type: confirmation, text: Are you sure?}
"""

FORM = """
sections:
  - id: setup
    label: Before you start
    subsections:
      - id: setup
        label: Set up this log
        pages:
          - {id: start, questions: [startdate, tenancycode]}
          - {id: needs, questions: [needstype]}
          - {id: scheme, depends_on: needstype == 2, questions: [scheme]}
  - id: household
    label: Household
    subsections:
      - id: household
        label: Household characteristics
        depends_on: is_answered(needstype)
        pages:
          - {id: size, questions: [hhmemb]}
          - {id: lead, questions: [age1, sex1]}
          - {id: person2, depends_on: hhmemb >= 2, questions: [age2]}
          - {id: person3, depends_on: hhmemb >= 3, questions: [age3]}
      - id: rent
        label: Rent
        pages:
          - {id: rent, questions: [brent]}
          - {id: rent_check, depends_on: rent_high?, check: soft.rent_value_check, questions: [rent_value_check]}
"""

CONDITIONS = """
conditions:
  - {name: rent_high?, expression: "is_answered(brent) and brent > 500"}
"""

DERIVATIONS = """
derivations:
  - {sets: totadult, type: number, value: "count(N in 1..3: N <= coalesce(hhmemb, 0) and coalesce(age{N}, 0) >= 16)"}
  - {sets: totchild, type: number, value: "count(N in 1..3: N <= coalesce(hhmemb, 0) and is_answered(age{N}) and age{N} < 16)"}
"""

RULES = """
rules:
  - id: lead_tenant_under_16
    fields: [age1]
    when: is_answered(age1) and age1 < 18 and hhmemb == 1
    message: The lead tenant must be 18 or over when they live alone; you told us they are {age1}.
    source_keys: [validations.test.age1.alone]
  - id: child_older_than_lead
    fields: [age1, age2]
    when: is_answered(age2) and is_answered(age1) and age2 > age1 + 60
    message: Person 2 is much older than the lead tenant.
    messages:
      age2: "Check person 2's age, {age2}."
"""

CHECKS = """
checks:
  - id: soft.rent_value_check
    confirmation: rent_value_check
    fields: [brent]
    when: rent_high?
    title: You told us the rent is {brent:money}.
    text: This is higher than we would expect.
    source_keys: [soft.rent]
"""

ANSWER_MESSAGES = """
answer_messages:
  not_an_option: {message: "{question} must be one of: {allowed}. You gave {value}."}
  not_a_number: {message: "{question} must be a number. You gave {value}."}
  below_min: {message: "{question} must be {min} or more."}
  above_max: {message: "{question} must be {max} or less."}
  step: {message: "{question} must be a whole number."}
  not_a_date: {message: "{question} must be a real date, written as YYYY-MM-DD."}
  too_long: {message: "{question} is too long."}
  not_answered: {message: "You must answer {question}"}
"""

FILES = {
    "collection.yaml": COLLECTION,
    "questions.yaml": QUESTIONS,
    "form.yaml": FORM,
    "conditions.yaml": CONDITIONS,
    "derivations.yaml": DERIVATIONS,
    "rules.yaml": RULES,
    "checks.yaml": CHECKS,
    "answer_messages.yaml": ANSWER_MESSAGES,
}


def write_definition(root: Path, **overrides: str) -> Path:
    folder = root / "definitions" / "test-lettings" / "2026"
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in {**FILES, **overrides}.items():
        (folder / name).write_text(textwrap.dedent(text).lstrip(), encoding="utf-8")
    return folder


def mini_definition(root: Path, **overrides: str):
    folder = write_definition(root, **overrides)
    return compile_definition(load_definition(folder, root))
