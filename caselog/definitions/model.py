"""The objects a definition is built into. Plain, frozen data: the engine compiles them."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

# Question types, as written in questions.yaml
CODED_TYPES = {"radio", "select"}
ANSWER_TYPES = {"radio", "select", "checkbox", "numeric", "text", "date", "address", "confirmation", "output"}


def year_label(year: int) -> str:
    """A collection year as people say it: 2026 is "2026 to 2027"."""
    return f"{year} to {year + 1}"


@dataclass(frozen=True)
class Option:
    code: Any  # int when every code of the question is a whole number, otherwise text
    label: str
    hint: str | None = None
    divider_before: bool = False
    exclusive: bool = False
    synonyms: tuple[str, ...] = ()  # other names for the option, to read providers' own values


@dataclass(frozen=True)
class Question:
    id: str
    type: str
    text: str = ""
    hint: str | None = None
    check_answers_label: str | None = None
    question_number: int | None = None
    options: tuple[Option, ...] = ()
    options_table: str | None = None
    options_source: str | None = None
    min: float | None = None
    max: float | None = None
    step: float | None = None
    prefix: str | None = None
    suffix: Any = None
    width: int | None = None
    max_length: int | None = None
    optional: bool = False
    optional_when: str | None = None  # an expression: the question may be left blank when it holds
    synonyms: tuple[str, ...] = ()
    examples: tuple[Any, ...] = ()  # realistic answers, for synthetic logs and documentation
    display: dict[str, Any] = field(default_factory=dict)  # for the web form only: cards, guidance, totals

    @property
    def label(self) -> str:
        return self.check_answers_label or self.text or self.id

    @property
    def is_coded(self) -> bool:
        return self.type in CODED_TYPES and bool(self.options)

    @property
    def codes_are_text(self) -> bool:
        return any(isinstance(o.code, str) for o in self.options)

    @property
    def whole_numbers(self) -> bool:
        """Stored as integers: coded answers, confirmations, and counts with a whole step."""
        if self.type in {"radio", "select", "confirmation", "checkbox"}:
            return not self.codes_are_text
        if self.type in {"numeric", "output"}:
            return self.step is None or float(self.step).is_integer()
        return False

    def option_label(self, code: Any) -> str | None:
        for option in self.options:
            if option.code == code:
                return option.label
        return None


@dataclass(frozen=True)
class PageQuestion:
    id: str
    depends_on: str | None = None  # revealed on this page only when it holds
    options: tuple[Any, ...] | None = None  # the codes this page offers, if not all of them
    display: dict[str, Any] = field(default_factory=dict)  # rewording on this page: text, hint, number, suffix


@dataclass(frozen=True)
class Page:
    id: str
    subsection: str
    depends_on: str | None
    questions: tuple[PageQuestion, ...]
    header: str | None = None
    check: str | None = None
    channel_hint: str | None = None
    note: str | None = None
    # The web form passes over the page while this holds (the service has filled its answers);
    # the page still applies, so its answers are kept and other channels must give them.
    web_skip_when: str | None = None

    @property
    def question_ids(self) -> tuple[str, ...]:
        return tuple(q.id for q in self.questions)


@dataclass(frozen=True)
class Subsection:
    id: str
    label: str
    section: str
    depends_on: str | None
    pages: tuple[Page, ...]
    unreachable: bool = False
    listed_when: str | None = None  # shown in the task list only when it holds


@dataclass(frozen=True)
class Section:
    id: str
    label: str
    subsections: tuple[Subsection, ...]


@dataclass(frozen=True)
class Derivation:
    sets: str
    value: str
    type: str | None = None
    when: str | None = None
    otherwise: str = "null"  # keep | null
    meaning: str = ""


@dataclass(frozen=True)
class Rule:
    """A hard rule (severity error) or a soft check (severity warning)."""

    id: str
    severity: str  # error | warning
    fields: tuple[str, ...]
    when: str
    message: str
    messages: dict[str, str] = field(default_factory=dict)
    params: dict[str, str] = field(default_factory=dict)
    source_keys: tuple[str, ...] = ()
    confirmation: str | None = None  # soft checks: the question that confirms them
    text: str | None = None  # soft checks: the informative text under the title
    meaning: str = ""


@dataclass(frozen=True)
class NamedExpression:
    name: str
    expression: str
    params: tuple[str, ...] = ()
    type: str = "bool"
    meaning: str = ""


@dataclass(frozen=True)
class TemplateField:
    number: int
    label: str
    question: str | None = None
    sets: dict[str, str] = field(default_factory=dict)
    note: str | None = None
    part_of: int | None = None  # another cell of the answer that field `part_of` sets
    cells: dict[str, str] = field(default_factory=dict)  # heading -> what the template shows above the field

    def cell(self, heading: str) -> str:
        """What the downloadable template shows in a header row above this field."""
        return self.cells.get(heading, "")

    @property
    def column(self) -> str:
        return f"field_{self.number}"


@dataclass(frozen=True)
class Template:
    header_rows: int
    field_number_row: int
    fields: tuple[TemplateField, ...]
    # the header rows' headings, top to bottom (in the first column): the row headed
    # "Question" shows each field's label and the field number row its number
    headings: tuple[str, ...] = ()


@dataclass(frozen=True)
class Dates:
    start: dt.date
    end: dt.date
    new_logs_end: dt.date
    submission_deadline: dt.date
    edit_end: dt.date


@dataclass(frozen=True)
class AnswerMessage:
    message: str
    source_keys: tuple[str, ...] = ()


@dataclass(frozen=True)
class Definition:
    collection: str
    year: int
    title: str
    log_type: str
    dates: Dates
    date_question: str
    reference_fields: tuple[str, ...]
    duplicate_check: tuple[str, ...]
    questions: dict[str, Question]
    sections: tuple[Section, ...]
    derived_types: dict[str, str]  # derived variable -> number | text | date | bool
    hidden_types: dict[str, str]  # answers no page asks for (set by upload or the service) -> type
    context_types: dict[str, str]  # service-supplied values -> type
    functions: tuple[NamedExpression, ...]
    conditions: tuple[NamedExpression, ...]
    derivations: tuple[Derivation, ...]
    rules: tuple[Rule, ...]
    checks: tuple[Rule, ...]
    constants: dict[str, Any]
    tables: dict[str, Any]  # name -> engine Table
    answer_messages: dict[str, AnswerMessage]
    template: Template | None
    folder: str = ""
    # answers the service fills in when it creates a log (its organisations, its owner);
    # they alone do not start a log
    set_on_creation: tuple[str, ...] = ()
    # the answer that is the home's postcode, which logs are searched by
    postcode_question: str | None = None
    # words shortened in the headings of providers' spreadsheets, spelled out before matching
    abbreviations: dict[str, str] = field(default_factory=dict)

    @property
    def key(self) -> str:
        return f"{self.collection}/{self.year}"

    @property
    def year_label(self) -> str:
        return year_label(self.year)

    @property
    def subsections(self) -> tuple[Subsection, ...]:
        return tuple(sub for section in self.sections for sub in section.subsections)

    @property
    def pages(self) -> tuple[Page, ...]:
        return tuple(page for sub in self.subsections for page in sub.pages)

    def answer_ids(self) -> list[str]:
        """Every answer a log can hold: questions, and each checkbox option's own answer."""
        ids: list[str] = []
        for q in self.questions.values():
            if q.type == "checkbox":
                ids.extend(str(o.code) for o in q.options)
            else:
                ids.append(q.id)
        return ids
