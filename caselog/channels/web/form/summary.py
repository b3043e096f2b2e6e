"""Check your answers: each question that applies, with its answer as people read it.

Labels are the definition's `check_answers_label`; answers are option labels, names of the
organisations, people, schemes and locations an id stands for, money as "£100.00 every
week", dates as "1 April 2026". A question's `check_answers_value` replaces the answer while
its `when` holds ("Not known"), and `hidden_in_check_answers` leaves a row out.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from markupsafe import Markup

from caselog.definitions.model import Page, Question, Subsection
from caselog.engine.completeness import answer_ids_of
from caselog.engine.messages import show

from . import choices
from .fields import suffix_text
from .navigation import page_url
from .state import LogForm


@dataclass(frozen=True)
class Row:
    question: Question  # as the page that asks it words it
    page: Page
    lines: tuple[str, ...] | None  # the answer, line by line; None when there is none

    @property
    def answered(self) -> bool:
        return self.lines is not None

    @property
    def label(self) -> str:
        return self.question.label


def answer_lines(form: LogForm, question: Question) -> tuple[str, ...] | None:
    """The answer to a question as its lines of words, or None when it has none."""
    values = form.outcome.values
    for item in question.display.get("check_answers_value") or ():
        if isinstance(item, dict) and form.holds_text(item.get("when", False)):
            return (str(item.get("value")),)
    if question.type == "checkbox":
        ticked = tuple(o.label for o in question.options if values.get(str(o.code)) == 1)
        return ticked or None
    value = values.get(question.id)
    if value is None or value == "":
        return None
    return tuple(answer_text(form, question, value).splitlines()) or None


def answer_text(form: LogForm, question: Question, value: Any) -> str:
    if question.id in choices.RECORD_QUESTIONS and not question.options:
        return choices.record_label(form, question.id, value) or str(value)
    if question.options:
        label = question.option_label(value)
        if label is None:  # a page narrowed the options: the question's own list has it
            label = form.definition.questions[question.id].option_label(value)
        return label if label is not None else str(value)
    if question.options_table:
        return choices.table_label(form, question, value) or str(value)
    if isinstance(value, dt.date):
        return show(value)
    if question.type in ("numeric", "output") and isinstance(value, (int, float)) and not isinstance(value, bool):
        text = f"£{value:,.2f}" if question.prefix == "£" else f"{question.prefix or ''}{show(value, 'number')}"
        suffix = suffix_text(form, question)
        return f"{text} {suffix}" if suffix else text
    return str(value)


def hidden(form: LogForm, question: Question) -> bool:
    flag = question.display.get("hidden_in_check_answers")
    return bool(flag) and form.holds_text(flag)


def subsection_rows(form: LogForm, subsection: Subsection) -> list[Row]:
    """A row for each question of the subsection that applies, in form order, once each."""
    rows: list[Row] = []
    seen: set[str] = set()
    for page in subsection.pages:
        if not form.offered(page):
            continue
        asked = set(form.asked(page))
        for pq in page.questions:
            question = form.question(page, pq.id)
            if question.id in seen or question.type == "output" or hidden(form, question):
                continue
            lines = answer_lines(form, question)
            if not (asked & set(answer_ids_of(question))) and not (question.display.get("check_answers_value") and lines):
                continue
            seen.add(question.id)
            rows.append(Row(question, page, lines))
    return rows


def summary_list(form: LogForm, rows: list[Row], referrer: str, interruption: str | None = None) -> dict[str, Any]:
    """govukSummaryList params: Change links go to the page and back (`referrer`); a missing
    answer is a link to answer it. A read-only log has no links."""
    items = []
    for row in rows:
        url = page_url(form, row.page.id, referrer, interruption)
        item: dict[str, Any] = {"key": {"text": row.label}}
        if row.answered:
            item["value"] = {"html": Markup("<br>").join(row.lines)}
            if form.editable:
                item["actions"] = {"items": [{"href": url, "text": "Change", "visuallyHiddenText": _lower_first(row.label)}]}
        elif form.editable:
            item["value"] = {"html": Markup('<a class="govuk-link" href="{}">Enter {}</a>').format(url, _lower_first(row.label))}
        else:
            item["value"] = {"text": "Not answered"}
        items.append(item)
    return {"rows": items}


def _lower_first(text: str) -> str:
    """"Tenant code" -> "tenant code"; "UPRN" stays."""
    if len(text) > 1 and text[1].isupper():
        return text
    return text[:1].lower() + text[1:]
