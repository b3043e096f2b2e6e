"""The JSON Schema of a collection year's answers, generated from its definition, as the web
form's pages are: one property per answer (CORE's variable names), with its type, its codes
and their labels, its bounds, and when the form asks it. A yearly change to the definition
changes the schema; no code changes."""

from __future__ import annotations

from typing import Any

from caselog.engine.compiled import CompiledDefinition

JSON_TYPES = {"integer": "integer", "number": "number", "code_text": "string", "text": "string", "date": "string",
              "boolean": "boolean"}


def answers_schema(compiled: CompiledDefinition) -> dict[str, Any]:
    defn = compiled.definition
    asked = _asked_when(compiled)
    properties = {aid: _property(compiled, aid, asked.get(aid, [])) for aid in compiled.specs}
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": f"{defn.title}, {defn.year_label}: answers",
        "description": (f"The answers of one {defn.log_type} log, keyed by CORE's variable names. Send the answers you "
                        "have; the service says which are still needed. A property's x-asked-when lists the conditions "
                        "under which the form asks it (none: always); an answer given when it is not asked is removed."),
        "type": "object",
        "properties": properties,
        "additionalProperties": False,
    }


def _property(compiled: CompiledDefinition, aid: str, conditions: list[str]) -> dict[str, Any]:
    spec = compiled.specs[aid]
    question = spec.question
    out: dict[str, Any] = {"type": [JSON_TYPES[spec.kind], "null"]}
    if question.type == "checkbox":
        option = next(o for o in question.options if str(o.code) == aid)
        out.update(title=f"{question.label}: {option.label}", description="1 when ticked, 0 when not", enum=[0, 1, None])
        out["x-question"] = question.id
    else:
        out["title"] = question.label
        if question.text and question.text != question.label:
            out["description"] = question.text
        if question.hint:
            out["x-hint"] = question.hint
    if spec.kind == "date":
        out["format"] = "date"
    if question.type != "checkbox" and question.options:
        out["oneOf"] = [{"const": o.code, "title": o.label} for o in question.options] + [{"type": "null"}]
    elif spec.codes is not None and question.type != "checkbox":
        out["enum"] = [*spec.codes, None]
    if spec.minimum is not None:
        out["minimum"] = spec.minimum
    if spec.maximum is not None:
        out["maximum"] = spec.maximum
    if spec.max_length is not None:
        out["maxLength"] = spec.max_length
    if question.optional:
        out["x-optional"] = True
    if conditions:
        out["x-asked-when"] = conditions
    if question.type == "hidden":
        out["x-not-asked"] = "Not a question of the form: set by bulk upload or by the service."
    return out


def _asked_when(compiled: CompiledDefinition) -> dict[str, list[str]]:
    """answer -> the conditions (in the definition's expression language) of each page that
    asks it, with its subsection's; an answer on a page with no condition has none."""
    defn = compiled.definition
    subsections = {s.id: s for s in defn.subsections}
    out: dict[str, list[str]] = {}
    always: set[str] = set()
    for page in defn.pages:
        sub = subsections[page.subsection]
        parts = [c for c in (sub.depends_on, page.depends_on) if c]
        condition = " and ".join(f"({c})" for c in parts)
        for aid in compiled.page_questions[page.id]:
            if not condition:
                always.add(aid)
            elif condition not in out.setdefault(aid, []):
                out[aid].append(condition)
    return {aid: conditions for aid, conditions in out.items() if aid not in always}
