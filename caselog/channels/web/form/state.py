"""One log as the web form sees it: its definition, what the engine says of its answers
now, and which pages the web form shows this user.

A page is shown when the engine says it applies (Outcome.pages), and, for the setup pages
only the web asks (`channel_hint: web_setup`), when the user has a real choice. The form
passes over a page while its `web_skip_when` holds (the service has filled its answers in);
such a page can still be opened from check your answers.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from functools import cached_property
from typing import Any

from caselog.definitions.model import Page, Question, Subsection
from caselog.definitions.registry import get_definition
from caselog.engine import Outcome
from caselog.engine.completeness import unanswered
from caselog.engine.expressions import (
    EvalContext,
    EvaluationError,
    ExpressionError,
    compile_row,
    parse,
)
from caselog.gateway import validate
from caselog.logs.window import is_editable

from . import choices

logger = logging.getLogger(__name__)

WEB_SETUP = "web_setup"

# expressions the definition writes for display only (suffixes, check answers values),
# compiled once per definition: (definition folder, text) -> row function
_DISPLAY_EXPRESSIONS: dict[tuple[str, str], Callable[..., Any] | None] = {}


@dataclass
class LogForm:
    log: Any  # caselog.logs.models.Log
    user: Any
    today: dt.date
    outcome: Outcome
    _cache: dict = field(default_factory=dict, repr=False)

    @classmethod
    def load(cls, log, user, today: dt.date) -> LogForm:
        """The log's form with the engine's verdict on its stored answers."""
        return cls(log, user, today, validate(log, {}, today, actor=user))

    # the definition ------------------------------------------------------------------------

    @cached_property
    def compiled(self):
        return get_definition(self.log.collection, self.log.year)

    @property
    def definition(self):
        return self.compiled.definition

    @cached_property
    def pages(self) -> dict[str, Page]:
        return {page.id: page for page in self.definition.pages}

    @cached_property
    def subsections(self) -> dict[str, Subsection]:
        return {sub.id: sub for sub in self.definition.subsections}

    def page(self, page_id: str) -> Page | None:
        return self.pages.get(page_id)

    def subsection_of(self, page: Page) -> Subsection:
        return self.subsections[page.subsection]

    @cached_property
    def ctx(self) -> EvalContext:
        return EvalContext(today=self.today)

    @property
    def editable(self) -> bool:
        return is_editable(self.log, self.today)

    # what applies ------------------------------------------------------------------------

    @cached_property
    def applying(self) -> frozenset[str]:
        return frozenset(self.outcome.pages)

    def holds(self, expr) -> bool:
        """A compiled expression of the definition, on the log's values."""
        try:
            return expr.row(self.outcome.values, self.ctx) is True
        except EvaluationError:
            return False

    def holds_text(self, text: Any) -> bool:
        """A display expression written in questions.yaml (`when` of a suffix or check
        answers value, `hidden_in_check_answers`): true, false or an expression."""
        if isinstance(text, bool):
            return text
        key = (self.definition.folder, str(text))
        if key not in _DISPLAY_EXPRESSIONS:
            try:
                _DISPLAY_EXPRESSIONS[key] = compile_row(parse(str(text)), self.compiled.env)
            except ExpressionError:
                logger.warning("cannot compile display expression %r of %s", text, self.definition.key)
                _DISPLAY_EXPRESSIONS[key] = None
        fn = _DISPLAY_EXPRESSIONS[key]
        if fn is None:
            return False
        try:
            return fn(self.outcome.values, self.ctx) is True
        except EvaluationError:
            return False

    def offered(self, page: Page) -> bool:
        """The page applies and this user is asked it on the web."""
        if page.id not in self.applying:
            return False
        if page.channel_hint == WEB_SETUP:
            key = ("chooses", page.id)
            if key not in self._cache:
                self._cache[key] = all(choices.user_chooses(self, qid) for qid in page.question_ids)
            return self._cache[key]
        return True

    def skipped(self, page: Page) -> bool:
        expr = self.compiled.web_skip_conditions.get(page.id)
        return expr is not None and self.holds(expr)

    def in_flow(self, page: Page) -> bool:
        """The form lands on this page when it comes to it."""
        return self.offered(page) and not self.skipped(page)

    def asked(self, page: Page) -> tuple[str, ...]:
        """The answers the page asks for now (a revealed question only while it is revealed)."""
        if page.id not in self.applying:
            return ()
        out = []
        for aid in self.compiled.page_questions[page.id]:
            reveal = self.compiled.reveal_conditions.get((page.id, aid))
            if reveal is None or self.holds(reveal):
                out.append(aid)
        return tuple(out)

    def unanswered(self) -> list[str]:
        """Questions that apply and still need an answer, in form order."""
        return unanswered(self.compiled, self.outcome, self.ctx)

    # questions as a page shows them --------------------------------------------------------

    def question(self, page: Page, question_id: str) -> Question:
        """The question as this page words it (its display overrides and offered options)."""
        key = ("question", page.id, question_id)
        if key not in self._cache:
            pq = next(q for q in page.questions if q.id == question_id)
            self._cache[key] = reworded(self.definition.questions[question_id], pq)
        return self._cache[key]

    def options(self, question: Question):
        key = ("options", question.id, question.options)
        if key not in self._cache:
            self._cache[key] = choices.options_for(self, question)
        return self._cache[key]


REWORDING = ("text", "hint", "check_answers_label", "question_number", "suffix", "type", "width", "min", "max")
DISPLAY_REWORDING = ("check_answers_card", "guidance", "is_buyer")


def reworded(question: Question, pq) -> Question:
    """The question with a page's rewording: display overrides and the options offered."""
    from caselog.definitions.model import Option

    changes: dict[str, Any] = {k: pq.display[k] for k in REWORDING if k in pq.display}
    display = {**question.display, **{k: pq.display[k] for k in DISPLAY_REWORDING if k in pq.display}}
    if pq.options is not None:
        by_code = {str(o.code): o for o in question.options}
        offered = []
        for item in pq.options:
            if isinstance(item, dict):
                offered.append(Option(item["code"], item["label"], item.get("hint"), item.get("divider_before", False),
                                      item.get("exclusive", False)))
            elif str(item) in by_code:
                offered.append(by_code[str(item)])
        changes["options"] = tuple(offered)
    return replace(question, display=display, **changes)
