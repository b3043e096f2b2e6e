"""One log and a table of logs are evaluated by different code paths; they must agree."""

import datetime as dt

import polars as pl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from caselog.engine import evaluate_log, evaluate_table, outcomes

TODAY = dt.date(2026, 6, 1)


def _answer_values(spec):
    """Valid answers, near-misses and junk, as text the way a file gives them."""
    options = []
    if spec.codes:
        options.append(st.sampled_from([str(c) for c in spec.codes]))
    if spec.kind in ("integer", "number"):
        options.append(st.integers(-5, 200).map(str))
        options.append(st.floats(-5, 1000, allow_nan=False).map(lambda x: f"{x:.2f}"))
    if spec.kind == "date":
        options.append(st.dates(dt.date(2025, 1, 1), dt.date(2027, 12, 31)).map(dt.date.isoformat))
        options.append(st.just("2026-02-30"))
    options.append(st.sampled_from(["", "x", "R", "m", " 2 "]))
    return st.one_of(options)


def logs_strategy(compiled):
    fields = {aid: st.one_of(st.none(), _answer_values(spec)) for aid, spec in compiled.specs.items()}
    return st.fixed_dictionaries({}, optional=fields)


def summary(outcome):
    return (
        outcome.status,
        outcome.subsections,
        sorted((e.rule, e.fields, e.message, tuple(sorted(e.field_messages.items()))) for e in outcome.errors),
        sorted((w.rule, w.fields, w.message, w.confirmed) for w in outcome.warnings),
        {k: v for k, v in outcome.derived.items() if v is not None},
        outcome.values,
        outcome.pages,
        sorted(outcome.cleared),
    )


def assert_paths_agree(compiled, logs):
    names = list(compiled.specs)
    frame = pl.DataFrame({n: [log.get(n) for log in logs] for n in names}, schema={n: pl.String for n in names})
    table = outcomes(compiled, evaluate_table(compiled, frame, today=TODAY), frame, today=TODAY)
    for log, from_table in zip(logs, table, strict=True):
        from_log = evaluate_log(compiled, {k: v for k, v in log.items() if v is not None}, today=TODAY)
        assert summary(from_table) == summary(from_log), log


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(data=st.data())
def test_one_log_and_a_table_of_logs_give_the_same_outcomes(mini, data):
    logs = data.draw(st.lists(logs_strategy(mini), min_size=1, max_size=8))
    assert_paths_agree(mini, logs)


CORE_CONTEXT = {"owning_organisation.provider_type": "PRP", "managing_organisation.provider_type": "PRP"}


def _core(collection):
    from caselog.definitions.registry import get_definition

    return get_definition(collection, 2026)


def assert_core_paths_agree(compiled, logs):
    from caselog.engine.answers import as_text

    names = list(compiled.specs)
    frame = pl.DataFrame({n: [as_text(log.get(n)) for log in logs] for n in names}, schema={n: pl.String for n in names})
    table = outcomes(compiled, evaluate_table(compiled, frame, context=CORE_CONTEXT, today=TODAY), frame, today=TODAY)
    for log, from_table in zip(logs, table, strict=True):
        from_log = evaluate_log(compiled, {k: as_text(v) for k, v in log.items()}, CORE_CONTEXT, TODAY)
        assert summary(from_table) == summary(from_log), log


@pytest.mark.parametrize("collection", ["core-lettings", "core-sales"])
@settings(max_examples=12, deadline=None, suppress_health_check=list(HealthCheck))
@given(data=st.data())
def test_core_2026_logs_get_the_same_outcome_one_by_one_and_as_a_table(collection, data):
    compiled = _core(collection)
    logs = data.draw(st.lists(logs_strategy(compiled), min_size=1, max_size=4))
    assert_core_paths_agree(compiled, logs)


@pytest.mark.parametrize("collection", ["core-lettings", "core-sales"])
@settings(max_examples=6, deadline=None, suppress_health_check=list(HealthCheck))
@given(seed=st.integers(0, 10_000), redraws=st.integers(0, 6))
def test_realistic_core_2026_logs_with_a_few_answers_changed_agree_on_both_paths(collection, seed, redraws):
    import random

    from caselog.engine.synthetic import draw_value, synthetic_log

    compiled = _core(collection)
    rng = random.Random(seed)
    log = synthetic_log(compiled, rng, TODAY, context=CORE_CONTEXT)
    logs = [log]
    for _ in range(3):
        changed = dict(log)
        for spec in rng.sample(list(compiled.specs.values()), redraws):
            changed[spec.id] = draw_value(spec, compiled, rng, TODAY)
        logs.append(changed)
    assert_core_paths_agree(compiled, logs)
