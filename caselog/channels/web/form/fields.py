"""A page's questions as GOV.UK Design System components, and the posted form as answers.

Each question of a page becomes a Field: its kind says which component draws it (radios,
checkboxes, select, date, input, output, address) and `params` are that macro's parameters,
worded by the definition (the page's rewording first). A question revealed on the same
page by one option (`depends_on: tenancy == 3` in the page's question list) is drawn inside
that option (GOV.UK conditional reveal; with JavaScript off it is simply shown), and is
cleared when another option is chosen.

Input names are the answer ids: `age1`, a date's `startdate-day`/`-month`/`-year`, and a
checkbox question's name with each ticked option's code (each option is its own answer,
1 when ticked and 0 when not, as the engine models it).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from markupsafe import Markup, escape

from caselog.definitions.model import Option, Page, Question

from .state import LogForm

KINDS = {"radio": "radios", "confirmation": "radios", "checkbox": "checkboxes", "select": "select", "date": "date",
         "numeric": "input", "text": "input", "output": "output", "address": "address"}
INPUT_WIDTHS = (2, 3, 4, 5, 10, 20, 30)
# `question == code` (or `question == "code"`): a reveal GOV.UK radios can draw
SIMPLE_REVEAL = re.compile(r'^\s*([A-Za-z_][A-Za-z0-9_]*)\s*==\s*("?)([^"\s]+)\2\s*$')


@dataclass
class Field:
    question: Question  # as the page words it
    kind: str
    options: tuple[Option, ...] = ()
    trigger: tuple[str, str] | None = None  # (question id, option code) that reveals it on this page
    revealed: bool = False  # drawn inside the option that reveals it
    number: bool = False  # shown as "Q12 - ..."
    heading: bool = False  # its label or legend is the page heading
    reveals: dict[str, list[Field]] = field(default_factory=dict)  # option code -> fields it reveals
    parts: list[Field] = field(default_factory=list)  # an address: the address lines asked by hand
    params: dict[str, Any] = field(default_factory=dict)

    @property
    def id(self) -> str:
        return self.question.id

    @property
    def answer_ids(self) -> tuple[str, ...]:
        if self.kind == "checkboxes":
            return tuple(str(o.code) for o in self.options)
        return (self.id,)

    @property
    def anchor(self) -> str:
        """The id of the element the error summary links to: the first input."""
        return f"{self.id}-day" if self.kind == "date" else self.id

    @property
    def label(self) -> str:
        q = self.question
        if self.number and q.question_number is not None:
            return f"Q{q.question_number} - {q.text}"
        return q.text or q.label


def walk(fields: list[Field]) -> Iterator[Field]:
    for f in fields:
        yield f
        for children in f.reveals.values():
            yield from walk(children)
        yield from walk(f.parts)


# building a page's fields ------------------------------------------------------------------------

def page_fields(form: LogForm, page: Page) -> list[Field]:
    """The page's questions as fields: those revealed by an option are inside it."""
    by_id: dict[str, Field] = {}
    order: list[Field] = []
    for pq in page.questions:
        f = _field(form, form.question(page, pq.id))
        if pq.depends_on:
            match = SIMPLE_REVEAL.match(pq.depends_on)
            if match:
                f.trigger = (match.group(1), match.group(3))
        by_id[pq.id] = f
        order.append(f)
    top = []
    for f in order:
        parent = by_id.get(f.trigger[0]) if f.trigger else None
        if parent is not None and parent.kind == "radios" and any(str(o.code) == f.trigger[1] for o in parent.options):
            parent.reveals.setdefault(f.trigger[1], []).append(f)
            f.revealed = True
        else:
            top.append(f)
    for f in top:
        if f.kind == "address":
            f.parts = address_parts(form, page)
    numbers = Counter(f.question.question_number for f in top if f.question.question_number is not None)
    for f in top:
        f.number = not page.check and f.kind != "address" and numbers[f.question.question_number] == 1
    if len(top) == 1 and top[0].kind != "address" and not page.check:
        top[0].heading = True  # an interruption screen's heading is its check's title
    return top


def _field(form: LogForm, question: Question) -> Field:
    kind = KINDS.get(question.type, "input")
    options = form.options(question) if kind in ("radios", "checkboxes", "select") else ()
    return Field(question, kind, options)


def address_parts(form: LogForm, page: Page) -> list[Field]:
    """There is no address search: an address question is answered with the address lines
    the definition asks on its next page of the same heading (the manual entry page)."""
    pages = form.subsection_of(page).pages
    for following in pages[pages.index(page) + 1:]:
        if page.header and following.header == page.header:
            parts = [_field(form, form.question(following, pq.id)) for pq in following.questions]
            for part in parts:
                part.revealed = True
            return parts
    return []


def heading_of(page: Page, subsection_label: str, fields: list[Field]) -> tuple[str | None, str]:
    """(the page's own h1, or None when a question's label or legend is the heading;
    the caption above it)."""
    single = next((f for f in fields if f.heading), None)
    if single is not None:
        caption = page.header if page.header and page.header != single.question.text else subsection_label
        return None, caption
    return page.header or subsection_label, subsection_label


# values shown in the inputs -------------------------------------------------------------------

def initial_values(fields: list[Field], values: Mapping[str, Any]) -> dict[str, Any]:
    """What the inputs show for the log's answers (typed, from the engine)."""
    out: dict[str, Any] = {}
    for f in walk(fields):
        if f.kind == "checkboxes":
            out[f.id] = [str(o.code) for o in f.options if values.get(str(o.code)) == 1]
        elif f.kind == "date":
            value = values.get(f.id)
            if hasattr(value, "day"):
                out.update({f"{f.id}-day": str(value.day), f"{f.id}-month": str(value.month), f"{f.id}-year": str(value.year)})
        else:
            out[f.id] = shown_value(f.question, values.get(f.id))
    return out


def posted_values(fields: list[Field], data) -> dict[str, Any]:
    """What the inputs show again for a form that was not saved: what the user sent."""
    out: dict[str, Any] = {}
    for f in walk(fields):
        if f.kind == "checkboxes":
            out[f.id] = data.getlist(f.id)
        elif f.kind == "date":
            out.update({f"{f.id}-{part}": data.get(f"{f.id}-{part}", "") for part in ("day", "month", "year")})
        else:
            out[f.id] = data.get(f.id, "")
    return out


def shown_value(question: Question, value: Any) -> str:
    """An answer as its input shows it: money in pounds and pence."""
    if value is None:
        return ""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if question.step is not None and 0 < question.step < 1:
            return f"{value:.2f}"
        if isinstance(value, float) and value.is_integer():
            return str(int(value))
    return str(value)


# posted data as answers -------------------------------------------------------------------------

def answers_from_post(fields: list[Field], data) -> dict[str, Any]:
    """The answers a page sends the gateway. Empty inputs clear their answers; a question
    revealed by an option that is not chosen is cleared."""
    answers: dict[str, Any] = {}
    for f in walk(fields):
        if f.kind == "output":
            continue
        if f.kind == "checkboxes":
            ticked = set(data.getlist(f.id))
            codes = [str(o.code) for o in f.options]
            any_ticked = bool(ticked & set(codes))
            for code in codes:
                answers[code] = (1 if code in ticked else 0) if any_ticked else None
        elif f.kind == "date":
            answers[f.id] = date_answer(data, f.id)
        else:
            answers[f.id] = (data.get(f.id) or "").strip() or None
    for f in walk(fields):
        if f.revealed and f.trigger and str(answers.get(f.trigger[0])) != f.trigger[1]:
            for aid in f.answer_ids:
                answers[aid] = None
    return answers


def date_answer(data, name: str) -> str | None:
    """A GOV.UK date input as "YYYY-MM-DD". What cannot be a date is sent as typed, so the
    engine answers with the definition's words for it (answer_messages.yaml `not_a_date`)."""
    day, month, year = ((data.get(f"{name}-{part}") or "").strip() for part in ("day", "month", "year"))
    if not (day or month or year):
        return None
    if day.isdigit() and month.isdigit() and year.isdigit() and len(year) == 4:
        return f"{year}-{int(month):02d}-{int(day):02d}"
    return f"{day}/{month}/{year}"


# GOV.UK macro parameters --------------------------------------------------------------------------

def bind(fields: list[Field], form: LogForm, values: Mapping[str, Any], errors: Mapping[str, list[str]]) -> None:
    """Fill in each field's macro parameters with the values to show and its errors."""
    for f in walk(fields):
        messages = list(dict.fromkeys(m for aid in f.answer_ids for m in errors.get(aid, ())))
        f.params = _params(f, form, values, " ".join(messages) or None)


def hint_html(text: str | None) -> Markup | None:
    """A hint as the definition writes it: paragraphs apart by blank lines, "- " items."""
    if not text:
        return None
    paragraph = Markup('<p class="govuk-!-margin-top-0 govuk-!-margin-bottom-2">{}</p>')
    bullets = Markup('<ul class="govuk-list govuk-list--bullet govuk-hint govuk-!-margin-bottom-2">{}</ul>')
    blocks = []
    for block in re.split(r"\n\s*\n", text.strip()):
        lines = [line.strip() for line in block.splitlines() if line.strip()]
        intro = [line for line in lines if not line.startswith("- ")]
        items = [line[2:] for line in lines if line.startswith("- ")]
        if intro:
            blocks.append(paragraph.format(" ".join(intro)))
        if items:
            blocks.append(bullets.format(Markup("").join(Markup("<li>{}</li>").format(i) for i in items)))
    if len(blocks) == 1 and not any(line.strip().startswith("- ") for line in text.splitlines()):
        return escape(" ".join(text.split()))
    return Markup("").join(blocks)


def suffix_text(form: LogForm, question: Question) -> str | None:
    """A suffix may depend on another answer: the first whose `when` holds."""
    suffix = question.suffix
    if isinstance(suffix, list):
        for item in suffix:
            if isinstance(item, dict) and form.holds_text(item.get("when", False)):
                return str(item.get("label", "")).strip() or None
        return None
    return str(suffix).strip() if suffix else None


def width_class(width: int | None) -> str | None:
    if not width:
        return None
    chosen = next((w for w in INPUT_WIDTHS if w >= width), INPUT_WIDTHS[-1])
    return f"govuk-input--width-{chosen}"


def _size(f: Field, prefix: str) -> str | None:
    if f.heading:
        return f"{prefix}--l"
    return None if f.revealed else f"{prefix}--m"


def _params(f: Field, form: LogForm, values: Mapping[str, Any], error: str | None) -> dict[str, Any]:
    q = f.question
    hint = hint_html(q.hint)
    params: dict[str, Any] = {}
    if hint:
        params["hint"] = {"html": hint}
    if error:
        params["errorMessage"] = {"text": error}
    if f.kind in ("radios", "checkboxes", "date"):
        legend = {"text": f.label, "isPageHeading": f.heading}
        if _size(f, "govuk-fieldset__legend"):
            legend["classes"] = _size(f, "govuk-fieldset__legend")
        params["fieldset"] = {"legend": legend}
    else:
        label = {"text": f.label, "isPageHeading": f.heading}
        if _size(f, "govuk-label"):
            label["classes"] = _size(f, "govuk-label")
        params["label"] = label
    if f.kind == "radios":
        chosen = str(values.get(f.id) or "")
        params.update(idPrefix=f.id, name=f.id, items=_items(f, lambda o: str(o.code) == chosen))
    elif f.kind == "checkboxes":
        ticked = {str(v) for v in values.get(f.id) or ()}
        params.update(idPrefix=f.id, name=f.id, items=_items(f, lambda o: str(o.code) in ticked))
    elif f.kind == "select":
        chosen = str(values.get(f.id) or "")
        items = [{"value": "", "text": "Select an option", "selected": not chosen}]
        for o in f.options:
            item = {"value": str(o.code), "text": o.label, "selected": str(o.code) == chosen}
            if o.hint:  # a scheme's postcodes: the autocomplete shows and searches them
                item["attributes"] = {"data-hint": o.hint}
            items.append(item)
        params.update(id=f.id, name=f.id, items=items, attributes={"data-app-autocomplete": "true"})
    elif f.kind == "date":
        classes = " govuk-input--error" if error else ""
        params.update(id=f.id, namePrefix=f.id, items=[
            {"name": "day", "classes": "govuk-input--width-2" + classes, "value": values.get(f"{f.id}-day", "")},
            {"name": "month", "classes": "govuk-input--width-2" + classes, "value": values.get(f"{f.id}-month", "")},
            {"name": "year", "classes": "govuk-input--width-4" + classes, "value": values.get(f"{f.id}-year", "")},
        ])
    else:  # input, output, address (its UPRN)
        params.update(id=f.id, name=f.id, value=values.get(f.id, ""))
        if q.type == "numeric" or q.type == "output":
            params["spellcheck"] = False
            if q.step is None or float(q.step).is_integer():
                # GOV.UK: a numeric keypad for whole numbers only; some have no decimal point
                params["inputmode"] = "numeric"
            if q.prefix:
                params["prefix"] = {"text": q.prefix}
            suffix = suffix_text(form, q)
            if suffix:
                params["suffix"] = {"text": suffix}
        elif f.kind == "address":
            params.update(spellcheck=False, autocomplete="off")
        if width_class(q.width):
            params["classes"] = width_class(q.width)
    return params


def _items(f: Field, checked) -> list[dict[str, Any]]:
    items: list[dict[str, Any]] = []
    for option in f.options:
        if option.divider_before:
            items.append({"divider": "or"})
        item: dict[str, Any] = {"value": str(option.code), "text": option.label, "checked": checked(option)}
        if option.hint:
            item["hint"] = {"text": option.hint}
        if option.exclusive and f.kind == "checkboxes":
            item["behaviour"] = "exclusive"
        if str(option.code) in f.reveals:
            item["reveal"] = f.reveals[str(option.code)]
        items.append(item)
    return items
