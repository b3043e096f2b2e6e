"""Evaluate a whole table of logs at once, column by column, with the same compiled rules.

This is the path for files and exports: polars runs each expression over every row in one
go. It follows `log.py` step for step (read, derive, route and clear, derive again, rules,
checks, status), and a property test holds the two paths to the same outcomes.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import polars as pl

from .answers import POLARS_TYPES, nulls, read_series, tidy
from .compiled import CompiledDefinition, CompiledExpression
from .completeness import answer_ids_of
from .expressions import EvalContext, compile_polars
from .log import make_finding
from .outcome import CANNOT_START_YET, COMPLETED, IN_PROGRESS, NOT_STARTED, Finding, Outcome

ORIGINAL = "__answer__"
PROBLEM = "__problem__"
PAGE = "__page__"
SUBSECTION = "__sub__"
RULE = "__rule__"
CHECK = "__check__"
STATUS = "__status__"
LOG_STATUS = "__status"
SHOWN = "__shown__"
APPLIES = "__applies__"


def evaluate_table(
    compiled: CompiledDefinition,
    raw: pl.DataFrame,
    context: Mapping[str, Any] | None = None,
    today: dt.date | None = None,
) -> pl.DataFrame:
    """One row per log in, one row per log out: final values, derived values, a column per
    page (applies), rule and check (fails), answer problem, subsection and log status."""
    ctx = EvalContext(today=today or dt.date.today())
    pe = _PolarsCompiler(compiled, ctx)
    present = set(raw.columns)

    # read answers: typed value (kept as given, too), and the problem if it could not be read
    read: list[pl.Series | pl.Expr] = []
    blank = nulls(raw.height, pl.String)
    for aid, spec in compiled.specs.items():
        value, problem = read_series(spec, raw[aid] if aid in present else blank)
        read += [value.alias(aid), value.alias(ORIGINAL + aid), problem.alias(PROBLEM + aid)]
    context_names = set(compiled.definition.context_types)
    derived_only = [n for n in compiled.derived_names if n not in compiled.specs and n not in context_names]
    blank_derived = [_typed_null(compiled, n).alias(n) for n in derived_only]
    frame = _step(raw, read + _context_columns(compiled, context, present) + blank_derived)

    frame = _derive(frame, compiled, pe)
    frame = _route(frame, compiled, pe)
    frame = _step(frame, [_applies(compiled, aid).alias(APPLIES + aid) for aid in compiled.paged_answers])

    # start again from the answers that still apply; derived values are worked out afresh
    frame = _step(
        frame,
        [pl.when(_asked(compiled, aid)).then(pl.col(ORIGINAL + aid)).otherwise(None).alias(aid) for aid in compiled.specs]
        + blank_derived,
    )
    frame = _derive(frame, compiled, pe)

    frame = _step(
        frame,
        [pe.expr(r.when).fill_null(False).alias(RULE + r.rule.id) for r in compiled.rules]
        + [pe.expr(c.when).fill_null(False).alias(CHECK + c.rule.id) for c in compiled.checks],
    )
    return _statuses(frame, compiled, pe)


def _step(frame: pl.DataFrame, exprs) -> pl.DataFrame:
    """Add columns now, one step at a time: a single lazy plan of hundreds of steps costs
    more to plan than to run."""
    return frame.with_columns(exprs)


DTYPES = {"number": pl.Float64, "text": pl.String, "date": pl.Date, "bool": pl.Boolean}


def _dtype(compiled: CompiledDefinition, name: str) -> pl.DataType:
    """The column type a variable keeps through every step, so a null never loses its type."""
    spec = compiled.specs.get(name)
    if spec is not None:
        return POLARS_TYPES[spec.kind]
    return DTYPES.get(compiled.definition.derived_types.get(name, "number"), pl.Float64)


def _typed_null(compiled: CompiledDefinition, name: str) -> pl.Expr:
    return pl.lit(None, dtype=_dtype(compiled, name))


def _context_columns(compiled: CompiledDefinition, context: Mapping[str, Any] | None, present: set[str]) -> list[pl.Expr]:
    out = []
    for name, kind in compiled.definition.context_types.items():
        dtype = DTYPES[kind]
        if name in present:
            out.append(pl.col(name).cast(dtype))
        else:
            out.append(pl.lit((context or {}).get(name), dtype=dtype).alias(name))
    return out


class _PolarsCompiler:
    """Polars expressions for a definition's compiled expressions, made once per date."""

    def __init__(self, compiled: CompiledDefinition, ctx: EvalContext):
        self.compiled, self.ctx = compiled, ctx
        self.cache = compiled.polars_cache

    def expr(self, c: CompiledExpression, columns: Mapping[str, str] | None = None) -> pl.Expr:
        """`columns` names other columns to read some variables from."""
        renamed = tuple(sorted((k, v) for k, v in (columns or {}).items() if k in c.reads))
        key = (c.key, c.source, self.ctx.today, renamed)
        if key not in self.cache:
            if len(self.cache) > 20_000:  # a long-running process sees many dates
                self.cache.clear()
            self.cache[key] = compile_polars(c.node, self.compiled.env, self.ctx, dict(renamed))
        return self.cache[key]

    def condition(self, c: CompiledExpression | None, columns: Mapping[str, str] | None = None) -> pl.Expr:
        return pl.lit(True) if c is None else (self.expr(c, columns) == True).fill_null(False)  # noqa: E712


def _derive(frame: pl.DataFrame, compiled: CompiledDefinition, pe: _PolarsCompiler) -> pl.DataFrame:
    """Derivations as log.derive does them, in order, each in the step _derivation_levels
    gives it."""
    levels = _derivation_levels(compiled)
    for level in range(max(levels, default=-1) + 1):
        batch = []
        for d, at in zip(compiled.derivations, levels, strict=True):
            if at != level:
                continue
            name = d.derivation.sets
            value = pe.expr(d.value)
            if d.when is None:
                new = value
            else:
                otherwise = pl.col(name) if d.keep else pl.lit(None)
                new = pl.when(pe.condition(d.when)).then(value).otherwise(otherwise)
            batch.append(new.cast(_dtype(compiled, name), strict=False).alias(name))
        frame = _step(frame, batch)
    return frame


def _per_definition(plan):
    """A plan depends on the definition alone: it is made on first use and kept with the
    definition's compiled polars expressions."""
    key = ("plan", plan.__name__)

    @functools.wraps(plan)
    def planned(compiled: CompiledDefinition):
        if key not in compiled.polars_cache:
            compiled.polars_cache[key] = plan(compiled)
        return compiled.polars_cache[key]

    return planned


@_per_definition
def _derivation_levels(compiled: CompiledDefinition) -> list[int]:
    """The polars step of each derivation. In one step every expression reads the columns as
    they were before it, so a derivation comes one step after the last earlier one that
    writes what it reads (or writes the same variable), and no earlier than the steps of the
    derivations that read the value it replaces."""
    levels: list[int] = []
    written_at: dict[str, int] = {}
    read_at: dict[str, int] = {}
    for d in compiled.derivations:
        name = d.derivation.sets
        reads = d.value.reads | ({name} if d.keep else set()) | (d.when.reads if d.when is not None else set())
        at = max([written_at[r] + 1 for r in reads | {name} if r in written_at] + [read_at.get(name, 0)])
        for r in reads:
            read_at[r] = max(read_at.get(r, 0), at)
        written_at[name] = at
        levels.append(at)
    return levels


def _route(frame: pl.DataFrame, compiled: CompiledDefinition, pe: _PolarsCompiler) -> pl.DataFrame:
    """Pages and clearing as log.route does them in form order, in as few polars steps as
    the form allows (see RoutingPlan). Within a step, a page or clearing that needs another
    decided in the same step uses that one's expression rather than its column."""
    plan = _routing_plan(compiled)
    for level in range(plan.steps):
        pending: dict[str, pl.Expr] = {}

        def col(name: str, pending: dict[str, pl.Expr] = pending) -> pl.Expr:
            return pending.get(name, pl.col(name))

        exprs = [pl.col(aid).alias(BEFORE + aid) for aid in plan.kept_before] if level == 0 else []
        for page in compiled.pages:
            if plan.level[page.id] != level:
                continue
            sub, columns = page.subsection, plan.columns[page.id]
            if plan.first_page[sub] == page.id:
                pending[SUBSECTION + sub] = pe.condition(compiled.subsection_conditions[sub], columns)
                exprs.append(pending[SUBSECTION + sub].alias(SUBSECTION + sub))
            pending[PAGE + page.id] = col(SUBSECTION + sub) & pe.condition(compiled.page_conditions[page.id], columns)
            exprs.append(pending[PAGE + page.id].alias(PAGE + page.id))
            for aid in compiled.page_questions[page.id]:
                reveal = compiled.reveal_conditions.get((page.id, aid))
                if reveal is not None:
                    name = _shown_name(page.id, aid)
                    pending[name] = pending[PAGE + page.id] & pe.condition(reveal, columns)
                    exprs.append(pending[name].alias(name))
        frame = _step(frame, exprs)
        # clearing reads the page columns just written: written out within the same step,
        # each clearing would repeat the expressions of every page that asks its answer
        clear = [
            pl.when(_applies(compiled, aid)).then(pl.col(aid)).otherwise(None).alias(aid)
            for aid, at in plan.clear_level.items() if at == level
        ]
        if clear:
            frame = _step(frame, clear)
    return frame.drop([BEFORE + aid for aid in plan.kept_before])


BEFORE = "__before__"


@dataclass(frozen=True)
class RoutingPlan:
    """The polars step (level) in which each page, and each answer's clearing, is decided.

    log.route goes page by page: a page sees the answers cleared at earlier pages and not
    those cleared at later ones. Here a page comes one step after the clearing of each
    earlier-cleared answer it reads, and reads answers that are cleared only after it from a
    copy kept from before routing (`columns`), so a clearing never waits for the pages that
    read the answer before it. Pages that do not wait on each other share a step: the eight
    people of a household are routed side by side rather than one after another."""

    level: dict[str, int]  # page id -> step
    clear_level: dict[str, int]  # answer id -> step its clearing is written in
    first_page: dict[str, str]  # subsection -> the page at which it is decided
    columns: dict[str, dict[str, str]]  # page id -> {answer: column of its value before routing}
    kept_before: tuple[str, ...]  # answers copied before routing

    @property
    def steps(self) -> int:
        return max([*self.level.values(), *self.clear_level.values()], default=-1) + 1


@_per_definition
def _routing_plan(compiled: CompiledDefinition) -> RoutingPlan:
    clearable = {aid for aids in compiled.clear_after.values() for aid in aids}
    level: dict[str, int] = {}
    clear_level: dict[str, int] = {}
    first_page: dict[str, str] = {}
    columns: dict[str, dict[str, str]] = {}
    asked_at: dict[str, int] = {}
    for page in compiled.pages:
        sub = page.subsection
        first = sub not in first_page
        conds = [compiled.page_conditions[page.id]]
        conds += [compiled.reveal_conditions[(page.id, a)] for a in compiled.page_questions[page.id] if (page.id, a) in compiled.reveal_conditions]
        if first:
            first_page[sub] = page.id
            conds.append(compiled.subsection_conditions[sub])
        reads = set().union(*(c.reads for c in conds if c is not None))
        at = 0 if first else level[first_page[sub]]
        for aid in reads:
            if aid in clear_level and _may_differ(compiled, aid, sub):
                at = max(at, clear_level[aid] + 1)
        level[page.id] = at
        # the first step reads the columns as they are (the copies are written in it)
        columns[page.id] = {aid: BEFORE + aid for aid in sorted(reads & clearable) if aid not in clear_level} if at else {}
        for aid in compiled.page_questions[page.id]:
            asked_at[aid] = max(asked_at.get(aid, 0), at)
        for aid in compiled.clear_after.get(page.id, ()):
            clear_level[aid] = asked_at[aid]
    kept = tuple(sorted({aid for cols in columns.values() for aid in cols}))
    return RoutingPlan(level, clear_level, first_page, columns, kept)


def _may_differ(compiled: CompiledDefinition, aid: str, sub: str) -> bool:
    """Whether a page of subsection `sub` could see a different value of `aid` once the
    batch's clearing is done (if not, the page need not wait for it)."""
    only_with = compiled.cleared_only_with_subsection.get(aid)
    if only_with is None:
        return True
    return only_with != sub and compiled.subsection_conditions[only_with] is not None


def _shown_name(page_id: str, aid: str) -> str:
    return f"{SHOWN}{page_id}__{aid}"


def _shown(compiled: CompiledDefinition, page_id: str, aid: str) -> pl.Expr:
    """Whether the page applies and asks for this answer."""
    if (page_id, aid) in compiled.reveal_conditions:
        return pl.col(_shown_name(page_id, aid))
    return pl.col(PAGE + page_id)


def _applies(compiled: CompiledDefinition, aid: str, pages: Iterable | None = None) -> pl.Expr:
    if aid not in compiled.paged_answers:
        return pl.lit(True)
    pages = compiled.pages if pages is None else pages
    cols = [_shown(compiled, p.id, aid) for p in pages if aid in compiled.page_questions[p.id]]
    return pl.any_horizontal(cols) if cols else pl.lit(False)


def _asked(compiled: CompiledDefinition, aid: str, sub_pages: Iterable | None = None) -> pl.Expr:
    """As _applies, from the column written once routing is done, where it says the same."""
    if aid not in compiled.paged_answers:
        return pl.lit(True)
    if sub_pages is not None:
        within = {p.id for p in sub_pages}
        if any(aid in compiled.page_questions[p.id] for p in compiled.pages if p.id not in within):
            return _applies(compiled, aid, sub_pages)
    return pl.col(APPLIES + aid)


def _answered(q) -> pl.Expr:
    """As completeness.question_answered, for a column."""
    if q.type == "checkbox":
        return pl.any_horizontal([(pl.col(str(o.code)) == 1).fill_null(False) for o in q.options])
    if q.type == "confirmation":
        return (pl.col(q.id) == 0).fill_null(False)
    return pl.col(q.id).is_not_null()


def _statuses(frame: pl.DataFrame, compiled: CompiledDefinition, pe: _PolarsCompiler) -> pl.DataFrame:
    """As completeness.subsection_statuses and log_status, for every row."""
    defn = compiled.definition
    exprs = []
    subs = [s for s in defn.subsections if not s.unreachable]
    for sub in subs:
        any_page = pl.any_horizontal([pl.col(PAGE + p.id) for p in sub.pages]) if sub.pages else pl.lit(False)
        qids = dict.fromkeys(q for p in sub.pages for q in p.question_ids)
        questions = [defn.questions[q] for q in qids if defn.questions[q].type != "output"]

        def asked(q, pages=sub.pages) -> pl.Expr:
            return pl.any_horizontal([_asked(compiled, a, pages) for a in answer_ids_of(q)])

        answered_any = pl.any_horizontal([asked(q) & _answered(q) for q in questions] or [pl.lit(False)])
        required_terms = []
        for q in questions:
            if q.optional:
                continue
            term = ~asked(q) | _answered(q)
            if q.id in compiled.optional_conditions:
                term = term | pe.condition(compiled.optional_conditions[q.id])
            required_terms.append(term)
        required_ok = pl.all_horizontal(required_terms or [pl.lit(True)])
        sub_answers = {a for p in sub.pages for a in compiled.page_questions[p.id]}
        error_terms = []
        for r in compiled.rules:
            involved = [f for f in r.rule.fields if f in sub_answers]
            if involved:
                error_terms.append(pl.col(RULE + r.rule.id) & pl.any_horizontal([_asked(compiled, f, sub.pages) for f in involved]))
        for aid in sub_answers:
            error_terms.append(pl.col(PROBLEM + aid).is_not_null() & _asked(compiled, aid, sub.pages))
        has_error = pl.any_horizontal(error_terms) if error_terms else pl.lit(False)
        blocked = ~pe.condition(compiled.subsection_conditions[sub.id])
        listed = pe.condition(compiled.listed_conditions.get(sub.id))
        exprs.append(
            pl.when(~listed).then(pl.lit(None, dtype=pl.String))
            .when(~any_page).then(pl.when(blocked).then(pl.lit(CANNOT_START_YET)).otherwise(pl.lit(COMPLETED)))
            .when(~answered_any).then(pl.lit(NOT_STARTED))
            .when(required_ok & ~has_error).then(pl.lit(COMPLETED))
            .otherwise(pl.lit(IN_PROGRESS))
            .alias(STATUS + sub.id)
        )
    frame = _step(frame, exprs)
    started_by = [a for a in compiled.specs if a not in compiled.definition.set_on_creation]
    given = pl.any_horizontal([pl.col(ORIGINAL + a).is_not_null() for a in started_by])
    all_done = pl.all_horizontal([(pl.col(STATUS + s.id) == COMPLETED).fill_null(True) for s in subs])
    return _step(frame,
        pl.when(~given).then(pl.lit(NOT_STARTED)).when(all_done).then(pl.lit(COMPLETED)).otherwise(pl.lit(IN_PROGRESS)).alias(LOG_STATUS)
    )


# from the table back to outcomes ------------------------------------------------------------

def outcomes(compiled: CompiledDefinition, table: pl.DataFrame, raw: pl.DataFrame | None = None, today: dt.date | None = None) -> list[Outcome]:
    """Outcome objects for each row of an evaluated table (for channels that show them one by
    one, and for the test that holds both paths to the same answers)."""
    from .messages import answer_problem_finding

    defn = compiled.definition
    ctx = EvalContext(today=today or dt.date.today())
    names = list(compiled.specs) + [n for n in compiled.derived_names if n not in compiled.specs] + list(defn.context_types)
    names = list(dict.fromkeys(names))
    out = []
    rows = table.to_dicts()
    raw_rows = raw.to_dicts() if raw is not None else [{}] * len(rows)
    for row, raw_row in zip(rows, raw_rows, strict=True):
        values = {n: tidy(row[n]) for n in names if row.get(n) is not None}
        answers = {a: values[a] for a in compiled.specs if a in values}
        pages = tuple(p.id for p in compiled.pages if row[PAGE + p.id])
        applicable = {
            a for p in pages for a in compiled.page_questions[p]
            if (p, a) not in compiled.reveal_conditions or row[_shown_name(p, a)]
        }
        errors: list[Finding] = [
            answer_problem_finding(compiled, aid, raw_row.get(aid), row[PROBLEM + aid])
            for aid in compiled.specs if row[PROBLEM + aid] is not None
        ]
        errors += [make_finding(compiled, r, values, ctx) for r in compiled.rules if row[RULE + r.rule.id]]
        warnings = [make_finding(compiled, c, values, ctx) for c in compiled.checks if row[CHECK + c.rule.id]]
        out.append(
            Outcome(
                values=values,
                answers=answers,
                derived={n: tidy(values.get(n)) for n in compiled.derived_names},
                cleared=tuple(a for a in compiled.specs
                              if row[ORIGINAL + a] is not None and a not in applicable and a in compiled.paged_answers),
                errors=tuple(errors),
                warnings=tuple(warnings),
                pages=pages,
                questions=tuple(a for a in compiled.answer_ids if a in applicable or a not in compiled.paged_answers),
                subsections={s.id: row[STATUS + s.id] for s in defn.subsections
                             if not s.unreachable and row[STATUS + s.id] is not None},
                status=row[LOG_STATUS],
            )
        )
    return out
