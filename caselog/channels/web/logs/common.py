"""What the logs pages share: each collection's words from its definition, status tags, the
collection dates (who may start a log now, the deadline notices), and pagination."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from django.urls import NoReverseMatch, reverse

from caselog.definitions.model import year_label
from caselog.definitions.registry import available, get_definition
from caselog.logs import window
from caselog.schemes.dates import govuk_date

PER_PAGE = 20

STATUS_COLOURS = {"not_started": "grey", "in_progress": "blue", "completed": "green"}
STATUS_LABELS = {"not_started": "Not started", "in_progress": "In progress", "completed": "Completed"}


def status_tag(status: str) -> dict[str, str]:
    """govukTag params for a log's status."""
    return {"text": STATUS_LABELS.get(status, status), "classes": f"govuk-tag--{STATUS_COLOURS.get(status, 'grey')}"}


@dataclass(frozen=True)
class Kind:
    """A collection as the pages name it, from its newest definition."""

    collection: str
    log_type: str  # "lettings"
    title: str  # "Social housing lettings"
    years: tuple[int, ...]
    date_question: str
    date_label: str  # "Tenancy start date"
    reference_label: str  # "Tenant code"


def kinds() -> list[Kind]:
    """Every collection with a definition, lettings before sales (as CORE lists them)."""
    years: dict[str, list[int]] = {}
    for collection, year in available():
        years.setdefault(collection, []).append(year)
    out = []
    for collection, found in sorted(years.items()):
        newest = get_definition(collection, max(found)).definition
        date_question = newest.questions.get(newest.date_question)
        reference = newest.questions.get(newest.reference_fields[0]) if newest.reference_fields else None
        out.append(Kind(collection, newest.log_type, newest.title, tuple(sorted(found)), newest.date_question,
                        _label(date_question, "Date"), _label(reference, "Reference")))
    return out


def kind_of(collection: str) -> Kind | None:
    return next((k for k in kinds() if k.collection == collection), None)


def _label(question, default: str) -> str:
    if question is None:
        return default
    return question.check_answers_label or question.text


# collection dates -----------------------------------------------------------------------------

@dataclass(frozen=True)
class NewLogs:
    """Whether a log of this collection can be started today, and if not, why."""

    kind: Kind
    year: int | None  # the year a new log starts in (the newest open one)
    closed_text: str  # what to say when none is open


def new_logs(on: dt.date) -> list[NewLogs]:
    out = []
    for kind in kinds():
        open_years = window.years_open_for_new_logs(kind.collection, on)
        out.append(NewLogs(kind, open_years[0] if open_years else None, "" if open_years else _closed(kind, on)))
    return out


def _closed(kind: Kind, on: dt.date) -> str:
    upcoming = sorted((window.dates_of(kind.collection, y).start, y) for y in kind.years
                      if window.dates_of(kind.collection, y).start > on)
    if upcoming:
        start, year = upcoming[0]
        return f"You can create {kind.log_type} logs for {year_label(year)} from {govuk_date(start)}."
    last = max(kind.years)
    ended = window.dates_of(kind.collection, last).new_logs_end
    return (f"The {year_label(last)} collection year closed to new {kind.log_type} logs on {govuk_date(ended)}. "
            f"You cannot create {kind.log_type} logs until the next collection year opens.")


def deadline_notices(on: dt.date) -> list[str]:
    """The submission deadlines within the next four weeks, as sentences: one per deadline,
    naming every collection that shares it."""
    near: dict[tuple[int, dt.date], list[str]] = {}
    names = {k.collection: k.log_type for k in kinds()}
    for collection in names:
        deadline = window.deadline_near(collection, on)
        if deadline is not None:
            near.setdefault((deadline.year, deadline.date), []).append(names[collection])
    out = []
    for (year, date), types in sorted(near.items()):
        days = (date - on).days
        left = "today" if days == 0 else "tomorrow" if days == 1 else f"in {days} days"
        out.append(f"Complete your {year_label(year)} {' and '.join(types)} logs by {govuk_date(date)}. "
                   f"The deadline is {left}.")
    return out


def next_deadline(on: dt.date) -> tuple[dt.date, int] | None:
    """The earliest submission deadline still to come, and its collection year."""
    upcoming = sorted((window.dates_of(c, y).submission_deadline, y) for c, y in available()
                      if window.dates_of(c, y).submission_deadline >= on)
    return upcoming[0] if upcoming else None


def editable_years(on: dt.date) -> list[int]:
    """Collection years whose logs can still be changed (in any collection)."""
    return sorted({y for c, y in available() if window.dates_of(c, y).edit_end >= on})


# links -------------------------------------------------------------------------------------------

def optional_url(*names: str, args: tuple = ()) -> str | None:
    """The first of these pages that exists, or None (a page another part of the service
    has not added yet)."""
    for name in names:
        try:
            return reverse(name, args=args or None)
        except NoReverseMatch:
            continue
    return None


def logs_url(**query: Any) -> str:
    """The logs list with these filters: logs_url(status="in_progress", year=[2026])."""
    pairs = []
    for key, value in query.items():
        for v in value if isinstance(value, (list, tuple)) else [value]:
            pairs.append((key, v))
    return reverse("web:logs") + ("?" + urlencode(pairs) if pairs else "")
