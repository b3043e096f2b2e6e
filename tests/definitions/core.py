"""Helpers for tests of the CORE 2026 definitions: the template's own example row is the
starting point, so tests follow the real field list."""

import datetime as dt
import functools

from caselog.channels.upload.template import answers_from_fields, read_template_csv
from caselog.definitions.registry import get_definition
from caselog.engine import evaluate_log
from tests.reference import BULK_UPLOAD

TODAY = dt.date(2026, 10, 1)
TEMPLATES = {
    "core-lettings": BULK_UPLOAD / "2026_27_lettings_bulk_upload.csv",
    "core-sales": BULK_UPLOAD / "2026_27_sales_bulk_upload.csv",
}


@functools.cache
def template_answers(collection: str) -> dict:
    """The answers of the official template's example data row."""
    compiled = get_definition(collection, 2026)
    rows = read_template_csv(TEMPLATES[collection], compiled)
    [(_, fields)] = rows.rows
    return answers_from_fields(compiled, fields, TODAY)


def evaluate(collection: str, context: dict | None = None, **changes):
    compiled = get_definition(collection, 2026)
    answers = {**template_answers(collection), **changes}
    return evaluate_log(compiled, answers, context or {}, TODAY)


def rule_ids(outcome) -> set[str]:
    return {e.rule for e in outcome.errors}


def template_row(user, collection: str = "core-lettings") -> dict:
    """The template's example answers, with its organisation code and user email replaced by
    the user's organisation and the user, as the upload channel does."""
    return {**template_answers(collection), "owning_organisation_id": str(user.organisation_id),
            "managing_organisation_id": str(user.organisation_id), "assigned_to_id": str(user.pk)}
