"""A definition made ready to run: every expression parsed and compiled once.

Compiling is also how a definition is checked: an unknown name, helper or question is
reported at the file, line and key where the expression was written.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from caselog.definitions.model import Definition, Derivation, Page, Rule
from caselog.definitions.source import DefinitionError, key_name

from .answers import AnswerSpec, answer_specs
from .expressions import (
    Environment,
    ExpressionError,
    Macro,
    Node,
    VarType,
    compile_row,
    names_used,
    parse,
)

VAR_TYPES = {"number": VarType.NUMBER, "text": VarType.TEXT, "date": VarType.DATE, "bool": VarType.BOOL}
SPEC_TYPES = {"integer": VarType.NUMBER, "number": VarType.NUMBER, "code_text": VarType.TEXT, "text": VarType.TEXT,
              "date": VarType.DATE, "boolean": VarType.BOOL}

RowFn = Callable[..., Any]


@dataclass
class CompiledExpression:
    key: str  # where it was written, in Definition.origins
    source: str
    node: Node
    row: RowFn
    reads: frozenset[str] = frozenset()  # the variables it reads, macros expanded


@dataclass
class CompiledRule:
    rule: Rule
    when: CompiledExpression
    params: dict[str, CompiledExpression]
    kind: str  # rules | checks


@dataclass
class CompiledDerivation:
    derivation: Derivation
    value: CompiledExpression
    when: CompiledExpression | None
    keep: bool  # when the condition fails: keep the answer (True) or clear (False)


@dataclass
class CompiledDefinition:
    definition: Definition
    env: Environment
    specs: dict[str, AnswerSpec]
    derivations: list[CompiledDerivation]
    subsection_conditions: dict[str, CompiledExpression | None]
    page_conditions: dict[str, CompiledExpression | None]
    reveal_conditions: dict[tuple[str, str], CompiledExpression]  # (page, answer) -> shown on the page when it holds
    optional_conditions: dict[str, CompiledExpression]  # question -> may be left blank when it holds
    listed_conditions: dict[str, CompiledExpression]  # subsection -> part of this log only when it holds
    rules: list[CompiledRule]
    checks: list[CompiledRule]
    # page -> the web form passes over it while this holds (its answers still apply)
    web_skip_conditions: dict[str, CompiledExpression] = field(default_factory=dict)
    template_env: Environment | None = None
    template_sets: list[tuple[str, CompiledExpression]] = field(default_factory=list)
    polars_cache: dict = field(default_factory=dict)  # (expression key, today) -> polars expression

    @cached_property
    def pages(self) -> tuple[Page, ...]:
        return self.definition.pages

    @cached_property
    def page_questions(self) -> dict[str, tuple[str, ...]]:
        """The answers each page asks for (a checkbox question asks for each of its options)."""
        out = {}
        for page in self.pages:
            ids: list[str] = []
            for qid in page.question_ids:
                q = self.definition.questions[qid]
                ids.extend(str(o.code) for o in q.options) if q.type == "checkbox" else ids.append(qid)
            out[page.id] = tuple(ids)
        return out

    @cached_property
    def cleared_only_with_subsection(self) -> dict[str, str]:
        """answer -> subsection, for answers asked only on pages of one subsection that ask them
        unconditionally: such an answer is cleared only when its whole subsection does not
        apply, which no page of that subsection can notice."""
        pages_of: dict[str, list] = {}
        for page in self.pages:
            for aid in self.page_questions[page.id]:
                pages_of.setdefault(aid, []).append(page)
        out = {}
        for aid, pages in pages_of.items():
            subs = {p.subsection for p in pages}
            if len(subs) == 1 and all(
                self.page_conditions[p.id] is None and (p.id, aid) not in self.reveal_conditions for p in pages
            ):
                out[aid] = subs.pop()
        return out

    @cached_property
    def page_question_ids(self) -> dict[str, tuple[str, ...]]:
        return {page.id: page.question_ids for page in self.pages}

    @cached_property
    def clear_after(self) -> dict[str, tuple[str, ...]]:
        """page id -> answers whose last page it is: once it is passed, they are kept only if
        one of their pages applied."""
        last: dict[str, str] = {}
        for page in self.pages:
            for aid in self.page_questions[page.id]:
                last[aid] = page.id
        out: dict[str, list[str]] = {}
        for aid, pid in last.items():
            out.setdefault(pid, []).append(aid)
        return {pid: tuple(ids) for pid, ids in out.items()}

    @cached_property
    def paged_answers(self) -> frozenset[str]:
        """Answers some page asks for; the others (hidden answers) always apply."""
        return frozenset(a for ids in self.page_questions.values() for a in ids)

    @cached_property
    def derived_names(self) -> tuple[str, ...]:
        seen: dict[str, None] = {}
        for d in self.derivations:
            seen.setdefault(d.derivation.sets, None)
        return tuple(seen)

    @cached_property
    def kinds(self) -> dict[str, str]:
        """Every variable's kind (integer, number, code_text, text, date, boolean)."""
        from .answers import KIND_OF_TYPE

        out = {name: KIND_OF_TYPE[t] for name, t in self.definition.derived_types.items() if t in KIND_OF_TYPE}
        out.update({aid: spec.kind for aid, spec in self.specs.items()})
        return out

    @cached_property
    def answer_ids(self) -> tuple[str, ...]:
        return tuple(self.specs)


def _error(defn: Definition, key: str, exc: Exception) -> DefinitionError:
    origin = getattr(defn, "origins", {}).get(key)
    if origin is None:
        return DefinitionError(defn.folder, None, key, str(exc))
    file, line, path = origin
    return DefinitionError(file, line, key_name(path), str(exc))


def _compile(defn: Definition, env: Environment, key: str, text: str) -> CompiledExpression:
    try:
        node = parse(str(text))
        return CompiledExpression(key, str(text), node, compile_row(node, env), frozenset(names_used(node, env)))
    except ExpressionError as exc:
        raise _error(defn, key, exc) from exc


def build_environment(defn: Definition, specs: dict[str, AnswerSpec]) -> Environment:
    variables: dict[str, Any] = {aid: SPEC_TYPES[s.kind] for aid, s in specs.items()}
    for name, kind in defn.derived_types.items():
        variables.setdefault(name, VAR_TYPES[kind])
    for name, kind in defn.context_types.items():
        variables[name] = VAR_TYPES[kind]
    macros: dict[str, Macro] = {}
    for named in (*defn.functions, *defn.conditions):
        try:
            macros[named.name] = Macro(params=named.params, body=parse(named.expression))
        except ExpressionError as exc:
            kind = "functions" if named.params or named in defn.functions else "conditions"
            raise _error(defn, f"{kind}:{named.name}", exc) from exc
    return Environment(variables=variables, macros=macros, constants=defn.constants, tables=defn.tables)


ANSWER_PROBLEMS = ("not_an_option", "not_a_number", "below_min", "above_max", "step", "not_a_date", "too_long",
                   "not_answered")


def compile_definition(defn: Definition) -> CompiledDefinition:
    table_codes = {
        name: tuple(str(row.get("code")) for row in table.rows if row.get("code") is not None)
        for name, table in defn.tables.items()
        if "code" in table.columns
    }
    specs = answer_specs(defn, table_codes)
    env = build_environment(defn, specs)
    missing = [name for name in ANSWER_PROBLEMS if name not in defn.answer_messages]
    if missing:
        raise DefinitionError(f"{defn.folder}/answer_messages.yaml", None, "answer_messages",
                              f"give the wording for {', '.join(missing)}")

    # each condition must compile on its own, so a mistake is shown where it was written
    for named in defn.conditions:
        _compile(defn, env, f"conditions:{named.name}", named.expression)

    derivations = []
    for i, d in enumerate(defn.derivations):
        derivations.append(
            CompiledDerivation(
                d,
                _compile(defn, env, f"derivation:{i}:value", d.value),
                _compile(defn, env, f"derivation:{i}:when", d.when) if d.when is not None else None,
                keep=d.otherwise == "keep",
            )
        )
    subsection_conditions = {
        sub.id: _compile(defn, env, f"subsection:{sub.id}", sub.depends_on) if sub.depends_on is not None else None
        for sub in defn.subsections
    }
    page_conditions = {
        page.id: _compile(defn, env, f"page:{page.id}", page.depends_on) if page.depends_on is not None else None
        for page in defn.pages
    }
    reveal_conditions = {}
    for page in defn.pages:
        for pq in page.questions:
            if pq.depends_on is None:
                continue
            expr = _compile(defn, env, f"reveal:{page.id}:{pq.id}", pq.depends_on)
            q = defn.questions[pq.id]
            for aid in ([str(o.code) for o in q.options] if q.type == "checkbox" else [pq.id]):
                reveal_conditions[(page.id, aid)] = expr
    optional_conditions = {
        q.id: _compile(defn, env, f"optional:{q.id}", q.optional_when) for q in defn.questions.values() if q.optional_when
    }
    listed_conditions = {
        sub.id: _compile(defn, env, f"listed:{sub.id}", sub.listed_when) for sub in defn.subsections if sub.listed_when
    }
    rules = [_compile_rule(defn, env, rule, "rules") for rule in defn.rules]
    checks = [_compile_rule(defn, env, rule, "checks") for rule in defn.checks]
    for check in checks:
        if check.rule.confirmation not in defn.questions:
            raise _error(defn, f"checks:{check.rule.id}:when", ValueError(f"unknown confirmation question '{check.rule.confirmation}'"))
    check_ids = [c.rule.id for c in checks]
    for page in defn.pages:
        if page.check and not any(cid == page.check or cid.startswith(page.check + ".") for cid in check_ids):
            raise _error(defn, f"page:{page.id}", ValueError(f"page '{page.id}' shows the check '{page.check}', which checks.yaml does not define"))
    web_skip_conditions = {
        page.id: _compile(defn, env, f"web_skip:{page.id}", page.web_skip_when) for page in defn.pages if page.web_skip_when
    }
    compiled = CompiledDefinition(defn, env, specs, derivations, subsection_conditions, page_conditions,
                                  reveal_conditions, optional_conditions, listed_conditions, rules, checks,
                                  web_skip_conditions=web_skip_conditions)
    if defn.template is not None:
        _compile_template(compiled)
    return compiled


def _compile_rule(defn: Definition, env: Environment, rule: Rule, kind: str) -> CompiledRule:
    known = set(env.variables) | set(defn.questions)
    for fid in rule.fields:
        if fid not in known:
            raise _error(defn, f"{kind}:{rule.id}:when", ValueError(f"unknown field '{fid}' in fields"))
    return CompiledRule(
        rule,
        _compile(defn, env, f"{kind}:{rule.id}:when", rule.when),
        {name: _compile(defn, env, f"{kind}:{rule.id}:param:{name}", text) for name, text in rule.params.items()},
        kind,
    )


def _compile_template(compiled: CompiledDefinition) -> None:
    defn = compiled.definition
    assert defn.template is not None
    variables = {f.column: VarType.TEXT for f in defn.template.fields}
    env = Environment(variables=variables, macros={}, constants=defn.constants, tables=defn.tables)
    compiled.template_env = env
    for f in defn.template.fields:
        if f.question:
            if f.question not in compiled.specs:
                raise _error(defn, f"template:{f.number}", ValueError(f"unknown question '{f.question}'"))
            compiled.template_sets.append((f.question, _compile(defn, env, f"template:{f.number}", f.column)))
        for target, text in f.sets.items():
            if target not in compiled.specs and target not in compiled.env.variables:
                raise _error(defn, f"template:{f.number}:{target}", ValueError(f"unknown question '{target}'"))
            compiled.template_sets.append((target, _compile(defn, env, f"template:{f.number}:{target}", text)))
