"""Evaluate one log: read answers, derive, route, apply rules and checks, work out status."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from .answers import coerce, read_answers, tidy
from .compiled import CompiledDefinition, CompiledRule
from .completeness import log_status, subsection_statuses
from .expressions import EvalContext, EvaluationError
from .messages import answer_problem_finding, render
from .outcome import Finding, Outcome


def evaluate_log(
    compiled: CompiledDefinition,
    raw_answers: Mapping[str, Any],
    context: Mapping[str, Any] | None = None,
    today: dt.date | None = None,
) -> Outcome:
    """The outcome for one log's answers. `context` holds what the service knows about the
    log's organisations, scheme and location; `today` is the date rules measure from."""
    ctx = EvalContext(today=today or dt.date.today())
    answers, problems, unknown = read_answers(compiled.specs, raw_answers)
    given = dict(answers)
    known = {k: v for k, v in (context or {}).items() if k in compiled.env.variables}
    values: dict[str, Any] = {**answers, **known}

    derive(compiled, values, ctx)
    shown = route(compiled, values, ctx)
    pages = list(shown)
    applicable = {aid for aids in shown.values() for aid in aids}
    for aid in list(answers):
        if aid not in applicable and aid in compiled.paged_answers:
            del answers[aid]
    cleared = tuple(aid for aid in given if aid not in answers)
    values = {**answers, **known}  # derived values are worked out afresh from what still applies
    derive(compiled, values, ctx)

    errors = [answer_problem_finding(compiled, aid, raw_answers.get(aid), problem) for aid, problem in problems.items()]
    errors.extend(f for rule in compiled.rules if (f := check_rule(compiled, rule, values, ctx)) is not None)
    warnings = [f for rule in compiled.checks if (f := check_rule(compiled, rule, values, ctx)) is not None]

    derived = {name: tidy(values.get(name)) for name in compiled.derived_names}
    subsections = subsection_statuses(compiled, values, shown, errors, ctx)
    return Outcome(
        values={k: tidy(v) for k, v in values.items() if v is not None},
        answers=answers,
        derived=derived,
        cleared=cleared,
        errors=tuple(errors),
        warnings=tuple(warnings),
        pages=tuple(pages),
        questions=tuple(aid for aid in compiled.answer_ids if aid in applicable or aid not in compiled.paged_answers),
        subsections=subsections,
        status=log_status(subsections, given, compiled.definition.set_on_creation),
        unknown=tuple(unknown),
    )


def _run(expr, values, ctx) -> Any:
    try:
        return expr.row(values, ctx)
    except EvaluationError:
        return None


def derive(compiled: CompiledDefinition, values: dict[str, Any], ctx: EvalContext) -> None:
    """Set derived variables in order; each sees the ones before it."""
    kinds = compiled.kinds
    for d in compiled.derivations:
        name = d.derivation.sets
        if d.when is None or _run(d.when, values, ctx) is True:
            values[name] = coerce(_run(d.value, values, ctx), kinds.get(name, "number"))
        elif not d.keep:
            values[name] = None


def route(compiled: CompiledDefinition, values: dict[str, Any], ctx: EvalContext) -> dict[str, tuple[str, ...]]:
    """The pages that apply, in form order, each with the answers it asks for. An answer whose
    pages have all been passed without asking it is cleared before later pages are decided."""
    shown: dict[str, tuple[str, ...]] = {}
    applicable: set[str] = set()
    sub_ok: dict[str, bool] = {}
    for page in compiled.pages:
        sub = page.subsection
        if sub not in sub_ok:
            cond = compiled.subsection_conditions[sub]
            sub_ok[sub] = cond is None or _run(cond, values, ctx) is True
        cond = compiled.page_conditions[page.id]
        if sub_ok[sub] and (cond is None or _run(cond, values, ctx) is True):
            asked = []
            for aid in compiled.page_questions[page.id]:
                reveal = compiled.reveal_conditions.get((page.id, aid))
                if reveal is None or _run(reveal, values, ctx) is True:
                    asked.append(aid)
            shown[page.id] = tuple(asked)
            applicable.update(asked)
        for aid in compiled.clear_after.get(page.id, ()):
            if aid not in applicable:
                values.pop(aid, None)
    return shown


def check_rule(compiled: CompiledDefinition, rule: CompiledRule, values: Mapping[str, Any], ctx: EvalContext) -> Finding | None:
    if _run(rule.when, values, ctx) is not True:
        return None
    return make_finding(compiled, rule, values, ctx)


def make_finding(compiled: CompiledDefinition, rule: CompiledRule, values: Mapping[str, Any], ctx: EvalContext) -> Finding:
    """The finding of a failing rule, its messages written out in the definition's words."""
    params = {name: _run(expr, values, ctx) for name, expr in rule.params.items()}
    r = rule.rule
    questions = compiled.definition.questions
    message = render(r.message, values, params, questions)
    field_messages = {f: render(text, values, params, questions) for f, text in r.messages.items()}
    if r.severity == "warning":
        confirmed = values.get(r.confirmation) == 0
        text = render(r.text, values, params, questions) if r.text else None
        return Finding(r.id, "warning", r.fields, message, field_messages, r.confirmation, confirmed, text)
    return Finding(r.id, "error", r.fields, message, field_messages)
