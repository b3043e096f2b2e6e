"""Write out a rule's message in the definition's words, with the log's own values.

Placeholders are `{name}` (a param of the rule, or an answer shown as the user would read
it: an option's label, a date as "1 April 2026") and `{name:money}` (£1,234.56).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from .outcome import Finding

if TYPE_CHECKING:
    from caselog.definitions.model import Question

    from .compiled import CompiledDefinition

PLACEHOLDER = re.compile(r"\{([A-Za-z_][A-Za-z0-9_.?]*)(?::(money|date|label|number))?\}")
MAX_LISTED_OPTIONS = 20


def placeholders(template: str) -> list[str]:
    return [m.group(1) for m in PLACEHOLDER.finditer(template or "")]


def render(template: str, values: Mapping[str, Any], params: Mapping[str, Any], questions: Mapping[str, Question]) -> str:
    def replace(match: re.Match) -> str:
        name, style = match.group(1), match.group(2)
        value = params[name] if name in params else values.get(name)
        return show(value, style, questions.get(name) if name not in params else None)

    return PLACEHOLDER.sub(replace, template or "")


def show(value: Any, style: str | None = None, question: Question | None = None) -> str:
    if value is None:
        return ""
    if style == "money" and isinstance(value, (int, float)) and not isinstance(value, bool):
        return f"£{value:,.2f}"
    if isinstance(value, dt.date):
        return f"{value.day} {value:%B %Y}"
    if question is not None and style != "number":
        label = question.option_label(value)
        if label is not None:
            return label
    if isinstance(value, float):
        return f"{value:.2f}".rstrip("0").rstrip(".") if not value.is_integer() else str(int(value))
    return str(value)


def allowed_values(question: Question, aid: str) -> str:
    """The answers allowed, in the definition's words: a checkbox option is ticked with 1."""
    options = question.options
    if question.type == "checkbox":
        label = question.option_label(aid)
        return f"1 ({label})" if label else "1"
    if not options or len(options) > MAX_LISTED_OPTIONS:
        return ", ".join(str(o.code) for o in options) if options else ""
    return ", ".join(f"{o.code} ({o.label})" for o in options)


def answer_problem_finding(compiled: CompiledDefinition, aid: str, raw: Any, problem: str) -> Finding:
    """The error for an answer that cannot be read as its question's answer."""
    defn = compiled.definition
    spec = compiled.specs[aid]
    q = spec.question
    template = defn.answer_messages[problem].message  # every problem's wording is checked when compiling
    params = {
        "question": q.label,
        "value": "" if raw is None else str(raw),
        "allowed": allowed_values(q, aid),
        "min": show(q.min),
        "max": show(q.max),
        "step": show(q.step),
    }
    message = render(template, {}, params, {})
    return Finding(f"answer.{problem}", "error", (aid,), message)


def not_answered_finding(compiled: CompiledDefinition, question_id: str) -> Finding:
    """The error for a question that applies, must be answered and was left blank, where a
    channel asks for all of a page or a row at once (the web form's "Save and continue")."""
    q = compiled.definition.questions[question_id]
    label = q.label
    # "Sheltered accommodation" reads "You must answer sheltered accommodation"; "UPRN" stays
    if len(label) > 1 and not label[1].isupper():
        label = label[0].lower() + label[1:]
    message = render(compiled.definition.answer_messages["not_answered"].message, {}, {"question": label}, {})
    ids = tuple(str(o.code) for o in q.options) if q.type == "checkbox" else (question_id,)
    return Finding("answer.not_answered", "error", ids, message)
