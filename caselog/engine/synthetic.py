"""Synthetic logs made from a definition alone: for the demo, tests and benchmarks.

Values are drawn for every answer from its question (codes, bounds, dates in the
collection year), then the engine is asked which rules fail and those answers are drawn
again, a few rounds over. Nothing here knows CORE: a new definition gets synthetic logs too.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Mapping
from typing import Any

from .answers import AnswerSpec
from .compiled import CompiledDefinition
from .log import evaluate_log

REDRAW_ROUNDS = 8


def draw_value(spec: AnswerSpec, compiled: CompiledDefinition, rng: random.Random, today: dt.date) -> Any:
    q = spec.question
    defn = compiled.definition
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
        span = max((last - first).days, 0)
        return first + dt.timedelta(days=rng.randint(0, span))
    return f"{spec.id[:3].upper()}{rng.randint(1000, 99999)}"


def synthetic_log(
    compiled: CompiledDefinition,
    rng: random.Random,
    today: dt.date,
    context: Mapping[str, Any] | None = None,
    fixed: Mapping[str, Any] | None = None,
    confirm_checks: bool = True,
) -> dict[str, Any]:
    """Answers for one log that break as few hard rules as the rounds allow."""
    answers = {aid: draw_value(spec, compiled, rng, today) for aid, spec in compiled.specs.items()
               if spec.question.type not in ("confirmation", "output")}
    answers.update(fixed or {})
    outcome = evaluate_log(compiled, answers, context, today)
    for _ in range(REDRAW_ROUNDS):
        failing = {f for e in outcome.errors for f in e.fields if f in compiled.specs and f not in (fixed or {})}
        if not failing:
            break
        for aid in failing:
            answers[aid] = draw_value(compiled.specs[aid], compiled, rng, today)
        outcome = evaluate_log(compiled, answers, context, today)
    for e in outcome.errors:  # what still fails is left unanswered: the log stays in progress
        for f in e.fields:
            if f not in (fixed or {}):
                answers.pop(f, None)
    if confirm_checks:
        outcome = evaluate_log(compiled, answers, context, today)
        for w in outcome.warnings:
            if w.confirmation:
                answers[w.confirmation] = 0
    return {k: v for k, v in evaluate_log(compiled, answers, context, today).answers.items()}
