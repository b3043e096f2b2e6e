"""What the API asks of the answers a request sends, besides what the gateway judges: names
the collection year has (a misspelt name is reported, not dropped without a word), and a
year that takes what is sent (new logs while the year is open for them, changes until its
edit end date), as in the web form."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ninja.errors import HttpError

from caselog.definitions.registry import get_definition
from caselog.engine.compiled import CompiledDefinition
from caselog.logs import window
from caselog.schemes.dates import govuk_date

NUL = "\x00"


def sorted_out(compiled: CompiledDefinition, answers: Mapping[str, Any]) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """The answers to send to the gateway, and an error for each name that is neither an answer
    nor a derived variable of the collection year: reported and not stored, as an answer that
    cannot be stored is. A derived variable sent (a full CORE export has them) is left out: the
    service works it out, as for the web form and the bulk upload."""
    defn = compiled.definition
    schema = f"/api/v1/collections/{defn.collection}/{defn.year}/schema"
    derived = set(compiled.derived_names)
    kept, refused = {}, []
    for name, value in answers.items():
        shown = name.replace(NUL, "\\u0000")
        if name not in compiled.specs and name not in derived:
            refused.append({"field": shown, "rule": "answer.unknown", "severity": "error",
                            "message": f"There is no answer called “{shown}” in {defn.log_type} logs of "
                                       f"{defn.year_label}, so it was not stored. The answers are listed in the "
                                       f"year's schema: GET {schema}"})
        elif _has_nul(value):
            label = compiled.specs[name].question.label if name in compiled.specs else name
            refused.append({"field": name, "rule": "answer.nul_character", "severity": "error",
                            "message": f"{label} has the NUL character (\\u0000), which cannot be stored, so it was "
                                       "not stored. Remove the character and send the answer again"})
        elif name in compiled.specs:
            kept[name] = value
    return kept, refused


def _has_nul(value: Any) -> bool:
    """Whether any text in the value holds U+0000, which PostgreSQL's text and JSON cannot store."""
    if isinstance(value, str):
        return NUL in value
    if isinstance(value, dict):
        return any(_has_nul(k) or _has_nul(v) for k, v in value.items())
    if isinstance(value, list):
        return any(_has_nul(v) for v in value)
    return False


def new_logs_closed(collection: str, year: int, today) -> str:
    """Why a new log of this year cannot be started today; "" when it can."""
    if window.accepts_new_logs(collection, year, today):
        return ""
    dates = window.dates_of(collection, year)
    defn = get_definition(collection, year).definition
    return (f"New {defn.log_type} logs for {defn.year_label} can be started from {govuk_date(dates.start)} to "
            f"{govuk_date(dates.new_logs_end)}")


def changes_closed(log, today) -> str:
    """Why this log's answers cannot change today; "" when they can."""
    if window.is_editable(log, today):
        return ""
    return f"Logs of {log.year_label} could be changed until {govuk_date(window.dates_of(log.collection, log.year).edit_end)}"


def check_new_logs_open(collection: str, year: int) -> None:
    reason = new_logs_closed(collection, year, window.today())
    if reason:
        raise HttpError(409, reason)


def check_changes_open(log) -> None:
    reason = changes_closed(log, window.today())
    if reason:
        raise HttpError(409, reason)
