"""Where the form goes next, and where its back link goes.

Forward: the first page after this one, in form order and within the subsection, that the
engine says applies and the web form shows (LogForm.in_flow); after the subsection's last,
its check your answers page. A page whose every answer was just given on the page saved is
passed over (the address search page gives the address lines when there is no search).

Changing an answer from check your answers (`?referrer=check_answers`, or `review` for the
whole log) goes back there, unless the next page now asks a question that still needs an
answer (the change made it apply, or made a check ask for confirmation): the form then
goes on to it, keeping the referrer, as CORE does. A change made from an
interruption screen (`?referrer=interruption_screen&interruption=<page>`) returns to that
screen while its check still holds.
"""

from __future__ import annotations

from collections.abc import Iterable
from urllib.parse import urlencode

from django.urls import reverse

from caselog.definitions.model import Page

from .state import LogForm

CHECK_ANSWERS = "check_answers"
REVIEW = "review"
INTERRUPTION = "interruption_screen"
REFERRERS = (CHECK_ANSWERS, REVIEW, INTERRUPTION)


def slug(identifier: str) -> str:
    """A page or subsection id as it appears in URLs: underscores become hyphens."""
    return identifier.replace("_", "-")


def unslug(text: str) -> str:
    return text.replace("-", "_")


# URLs ------------------------------------------------------------------------------------------

def page_url(form: LogForm, page_id: str, referrer: str | None = None, interruption: str | None = None) -> str:
    url = reverse("web:question", args=[form.log.pk, slug(page_id)])
    query = {}
    if referrer in REFERRERS:
        query["referrer"] = referrer
        if referrer == INTERRUPTION and interruption:
            query["interruption"] = slug(interruption)
    return f"{url}?{urlencode(query)}" if query else url


def check_answers_url(form: LogForm, subsection_id: str) -> str:
    return reverse("web:check-answers", args=[form.log.pk, slug(subsection_id)])


def log_url(form: LogForm) -> str:
    return reverse("web:log", args=[form.log.pk])


def review_url(form: LogForm) -> str:
    return reverse("web:review", args=[form.log.pk])


# forward and back -------------------------------------------------------------------------------

def _pages_of_subsection(form: LogForm, page: Page) -> tuple[Page, ...]:
    return form.subsection_of(page).pages


def next_page(form: LogForm, page: Page, answered_here: Iterable[str] = ()) -> Page | None:
    """The next page of the subsection the form lands on, or None at its end."""
    given = set(answered_here)
    pages = _pages_of_subsection(form, page)
    for candidate in pages[pages.index(page) + 1:]:
        if not form.in_flow(candidate):
            continue
        asked = form.asked(candidate)
        if asked and given.issuperset(asked):
            continue
        return candidate
    return None


def previous_page(form: LogForm, page: Page) -> Page | None:
    pages = _pages_of_subsection(form, page)
    for candidate in reversed(pages[:pages.index(page)]):
        if form.in_flow(candidate):
            return candidate
    return None


def first_page(form: LogForm, subsection_id: str) -> Page | None:
    for page in form.subsections[subsection_id].pages:
        if form.in_flow(page):
            return page
    return None


def page_asking(form: LogForm, question_id: str, subsection_id: str | None = None) -> Page | None:
    """The first page the web form shows (skipped ones included) that asks the question now."""
    answer_ids = set(_answer_ids(form, question_id))
    for page in form.definition.pages:
        if subsection_id is not None and page.subsection != subsection_id:
            continue
        if form.offered(page) and answer_ids & set(form.asked(page)):
            return page
    return None


def _answer_ids(form: LogForm, question_id: str) -> tuple[str, ...]:
    q = form.definition.questions[question_id]
    return tuple(str(o.code) for o in q.options) if q.type == "checkbox" else (question_id,)


def after_saving(after: LogForm, page: Page, answered_here: Iterable[str], referrer: str | None,
                 interruption: Page | None = None) -> str:
    """The URL to go to once a page's answers are saved; `after` is the log as it is now."""
    subsection = page.subsection
    if referrer in (CHECK_ANSWERS, REVIEW):
        following = next_page(after, page, answered_here)
        if following is not None and _needs_answer(after, following):
            return page_url(after, following.id, referrer)
        return review_url(after) if referrer == REVIEW else check_answers_url(after, subsection)
    if referrer == INTERRUPTION and interruption is not None:
        if interruption.id in after.applying:
            return page_url(after, interruption.id)
        page = interruption
    following = next_page(after, page, answered_here)
    if following is None:
        return check_answers_url(after, page.subsection)
    return page_url(after, following.id)


def _needs_answer(form: LogForm, page: Page) -> bool:
    """The page asks a question that still needs an answer (a check not yet confirmed too)."""
    asked = set(form.asked(page))
    return any(set(_answer_ids(form, q)) & asked for q in form.unanswered())


def back_url(form: LogForm, page: Page, referrer: str | None, interruption: Page | None = None) -> str:
    if referrer == CHECK_ANSWERS:
        return check_answers_url(form, page.subsection)
    if referrer == REVIEW:
        return review_url(form)
    if referrer == INTERRUPTION and interruption is not None:
        return page_url(form, interruption.id)
    previous = previous_page(form, page)
    return page_url(form, previous.id) if previous else log_url(form)
