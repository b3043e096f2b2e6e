"""Synthetic logs made from a definition alone: for the demo, tests and benchmarks.

Values are drawn for every answer from its question (codes, bounds, examples, dates in the
collection year). Then the engine is asked which rules fail and which questions that apply
are still unanswered, and those are drawn again, a few rounds over. Nothing here knows
CORE: a new definition gets synthetic logs too.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Mapping
from typing import Any

from .answers import AnswerSpec
from .compiled import CompiledDefinition
from .completeness import unanswered
from .expressions import EvalContext
from .log import evaluate_log

ROUNDS = 10


def draw_value(spec: AnswerSpec, compiled: CompiledDefinition, rng: random.Random, today: dt.date) -> Any:
    q = spec.question
    defn = compiled.definition
    if q.examples:
        return rng.choice(q.examples)
    if spec.codes:
        return rng.choice(spec.codes)
    if spec.kind in ("integer", "number"):
        low = q.min if q.min is not None else 0
        high = q.max if q.max is not None else low + 400
        high = min(high, low + (70 if spec.kind == "integer" else 400))
        if spec.kind == "integer":
            return rng.randint(int(low), int(high))
        return round(rng.uniform(low, high), 2)
    if spec.kind == "date":
        if spec.id == defn.date_question:
            first, last = defn.dates.start, min(defn.dates.end, today)
        else:
            first, last = defn.dates.start - dt.timedelta(days=700), min(defn.dates.end, today)
        return first + dt.timedelta(days=rng.randint(0, max((last - first).days, 0)))
    if spec.kind == "boolean":
        return rng.random() < 0.5
    return f"{spec.id[:3].upper()}{rng.randint(1000, 99999)}"


def draw_question(qid: str, compiled: CompiledDefinition, rng: random.Random, today: dt.date) -> dict[str, Any]:
    """Answers for one question: a checkbox question ticks one of its options."""
    q = compiled.definition.questions[qid]
    if q.type == "checkbox":
        ticked = rng.choice(q.options).code
        return {str(o.code): 1 if o.code == ticked else 0 for o in q.options}
    if qid in compiled.specs:
        return {qid: draw_value(compiled.specs[qid], compiled, rng, today)}
    return {}


def synthetic_log(
    compiled: CompiledDefinition,
    rng: random.Random,
    today: dt.date,
    context: Mapping[str, Any] | None = None,
    fixed: Mapping[str, Any] | None = None,
    confirm_checks: bool = True,
) -> dict[str, Any]:
    """Answers for one log that break as few hard rules, and leave as few questions
    unanswered, as the rounds allow."""
    fixed = dict(fixed or {})
    ctx = EvalContext(today=today)
    answers: dict[str, Any] = {}
    for qid, q in compiled.definition.questions.items():
        if q.type not in ("confirmation", "output"):
            answers.update(draw_question(qid, compiled, rng, today))
    answers.update(fixed)
    outcome = evaluate_log(compiled, answers, context, today)
    for _ in range(ROUNDS):
        # in a fixed order, so that one seed always gives the same logs
        failing = dict.fromkeys(f for e in outcome.errors for f in e.fields if f in compiled.specs and f not in fixed)
        missing = [q for q in unanswered(compiled, outcome, ctx) if compiled.definition.questions[q].type != "confirmation"]
        if not failing and not missing:
            break
        for aid in failing:
            answers[aid] = draw_value(compiled.specs[aid], compiled, rng, today)
        for qid in missing:
            answers.update(draw_question(qid, compiled, rng, today))
        outcome = evaluate_log(compiled, answers, context, today)
    for e in outcome.errors:  # what still fails is left unanswered: the log stays in progress
        for f in e.fields:
            if f not in fixed:
                answers.pop(f, None)
    if confirm_checks:
        outcome = evaluate_log(compiled, answers, context, today)
        for w in outcome.warnings:
            if w.confirmation:
                answers[w.confirmation] = 0
    return dict(evaluate_log(compiled, answers, context, today).answers)
