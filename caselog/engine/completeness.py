"""Status of each subsection and of the log.

A missing answer is never an error: it keeps its subsection, and so the log, in progress.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .expressions import EvaluationError
from .outcome import CANNOT_START_YET, COMPLETED, IN_PROGRESS, NOT_STARTED, Finding


def is_answered(value: Any) -> bool:
    return value is not None and value != ""


def question_answered(question, values: Mapping[str, Any]) -> bool:
    if question.type == "checkbox":
        return any(values.get(str(o.code)) == 1 for o in question.options)
    if question.type == "confirmation":
        return values.get(question.id) == 0  # only "Yes, this is correct" lets the log complete
    return is_answered(values.get(question.id))


def answer_ids_of(question) -> tuple[str, ...]:
    return tuple(str(o.code) for o in question.options) if question.type == "checkbox" else (question.id,)


def _holds(expr, values, ctx) -> bool:
    try:
        return expr.row(values, ctx) is True
    except EvaluationError:
        return False


def subsection_statuses(compiled, values: Mapping[str, Any], shown: Mapping[str, tuple[str, ...]],
                        errors: list[Finding], ctx) -> dict[str, str]:
    """The status of each subsection that is part of this log. `shown` is route()'s answer:
    page -> answers asked."""
    defn = compiled.definition
    error_fields = {f for e in errors for f in e.fields}
    out: dict[str, str] = {}
    for sub in defn.subsections:
        if sub.unreachable:
            continue
        listed = compiled.listed_conditions.get(sub.id)
        if listed is not None and not _holds(listed, values, ctx):
            continue  # not part of this log (another sale type's questions)
        sub_pages = [p for p in sub.pages if p.id in shown]
        if not sub_pages:
            cond = compiled.subsection_conditions[sub.id]
            out[sub.id] = CANNOT_START_YET if cond is not None and not _holds(cond, values, ctx) else COMPLETED
            continue
        asked = {aid for p in sub_pages for aid in shown[p.id]}
        qids = dict.fromkeys(q for p in sub_pages for q in p.question_ids)
        questions = [defn.questions[q] for q in qids if defn.questions[q].type != "output"]
        questions = [q for q in questions if set(answer_ids_of(q)) & asked]
        required = [
            q for q in questions
            if not q.optional and not (q.id in compiled.optional_conditions and _holds(compiled.optional_conditions[q.id], values, ctx))
        ]
        if not any(question_answered(q, values) for q in questions):
            out[sub.id] = NOT_STARTED
        elif all(question_answered(q, values) for q in required) and not (asked & error_fields):
            out[sub.id] = COMPLETED
        else:
            out[sub.id] = IN_PROGRESS
    return out


def log_status(subsections: Mapping[str, str], given: Mapping[str, Any], set_on_creation=()) -> str:
    if not any(is_answered(v) for k, v in given.items() if k not in set_on_creation):
        return NOT_STARTED
    if all(status == COMPLETED for status in subsections.values()):
        return COMPLETED
    return IN_PROGRESS


def unanswered(compiled, outcome, ctx) -> list[str]:
    """Questions that apply and must be answered before the log is complete, in form order."""
    defn = compiled.definition
    asked = set(outcome.questions)
    out: dict[str, None] = {}
    for page_id in outcome.pages:
        for qid in compiled.page_question_ids[page_id]:
            q = defn.questions[qid]
            if q.type == "output" or q.optional or not set(answer_ids_of(q)) & asked:
                continue
            optional_when = compiled.optional_conditions.get(qid)
            if optional_when is not None and _holds(optional_when, outcome.values, ctx):
                continue
            if not question_answered(q, outcome.values):
                out[qid] = None
    return list(out)
