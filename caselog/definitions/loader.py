"""Read a definition folder, check it, and build a Definition.

read (YAML and CSV, with line numbers) → check (keys and kinds) → build (frozen objects).
Expressions are compiled by the engine (caselog.engine.compiled), which reports problems
at the same file, line and key through `Definition.origins`.
"""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path
from typing import Any

from .model import (
    ANSWER_TYPES,
    AnswerMessage,
    Dates,
    Definition,
    Derivation,
    NamedExpression,
    Option,
    Page,
    PageQuestion,
    Question,
    Rule,
    Section,
    Subsection,
    Template,
    TemplateField,
)
from .schema import check_kind, check_mapping
from .source import DefinitionError, SourceFile, read_yaml
from .tables import read_table

VALUE_TYPES = {"number", "text", "date", "bool"}
_LOOP_NAME = re.compile(r"^[A-Z]$")


class Origins(dict):
    """Where each expression of a definition was written: key → (file, line, key path)."""


def load_definition(folder: Path, root: Path | None = None) -> Definition:
    folder = Path(folder)
    shown = _shown_name(folder, root)
    origins: Origins = Origins()

    def source(name: str, required: bool = False) -> SourceFile | None:
        path = folder / name
        if not path.exists():
            if required:
                raise DefinitionError(f"{shown}/{name}", None, "", "file is missing")
            return None
        return read_yaml(path, f"{shown}/{name}")

    collection = source("collection.yaml", required=True)
    assert collection is not None
    meta = check_mapping(
        collection,
        (),
        {"collection": "text", "year": "int", "title": "text", "log_type": "text", "dates": "map", "date_question": "text"},
        {"reference_fields": "list", "duplicate_check": "list", "description": "text", "set_on_creation": "list",
         "postcode_question": "text"},
    )
    dates = check_mapping(
        collection,
        ("dates",),
        {k: "date" for k in ("start", "end", "new_logs_end", "submission_deadline", "edit_end")},
        {},
    )
    if folder.name != str(meta["year"]) or folder.parent.name != meta["collection"]:
        raise collection.error(("collection",), f"must match the folder name {folder.parent.name}/{folder.name}")

    questions_src = source("questions.yaml", required=True)
    assert questions_src is not None
    questions = _questions(questions_src, origins)
    questions, abbreviations = _synonyms(source("synonyms.yaml"), questions)
    declared = _hidden_declarations(questions_src)
    sections = _sections(source("form.yaml", required=True), questions, origins)
    constants = _constants(source("constants.yaml"))
    context_types = _typed_names(source("context.yaml"), "context")
    functions = _named(source("functions.yaml"), "functions", origins, with_params=True)
    conditions = _named(source("conditions.yaml"), "conditions", origins)
    derivations = _derivations(source("derivations.yaml"), origins)
    rules = _rules(source("rules.yaml"), "rules", origins)
    checks = _rules(source("checks.yaml"), "checks", origins)
    answer_messages = _answer_messages(source("answer_messages.yaml"))
    template = _template(source("template.yaml"), origins)
    tables = _tables(folder / "tables", shown)

    derived_types: dict[str, str] = {}
    for d in derivations:
        if d.sets in questions or d.sets in derived_types:
            continue
        derived_types[d.sets] = d.type or declared.get(d.sets) or "number"
    # declared but set by no derivation: answers that arrive without a page (from upload or the service)
    named = {c.name for c in conditions} | {f.name for f in functions}
    hidden_types = {
        n: t for n, t in declared.items()
        if n not in derived_types and n not in questions and n not in named and t != "record"
    }

    for key in ("date_question", "postcode_question"):
        if key in meta and meta[key] not in questions:
            raise collection.error((key,), f"unknown question '{meta[key]}'")
    answerable = set(questions) | {str(o.code) for q in questions.values() if q.type == "checkbox" for o in q.options}
    for key in ("reference_fields", "duplicate_check", "set_on_creation"):
        for i, ref in enumerate(meta.get(key, [])):
            if ref not in answerable and ref not in derived_types:
                raise collection.error((key, i), f"unknown question '{ref}'")

    defn = Definition(
        collection=meta["collection"],
        year=meta["year"],
        title=meta["title"],
        log_type=meta["log_type"],
        dates=Dates(**dates),
        date_question=meta["date_question"],
        reference_fields=tuple(meta.get("reference_fields", [])),
        duplicate_check=tuple(meta.get("duplicate_check", [])),
        set_on_creation=tuple(meta.get("set_on_creation", [])),
        postcode_question=meta.get("postcode_question"),
        abbreviations=abbreviations,
        questions=questions,
        sections=sections,
        derived_types=derived_types,
        hidden_types=hidden_types,
        context_types=context_types,
        functions=functions,
        conditions=conditions,
        derivations=derivations,
        rules=rules,
        checks=checks,
        constants=constants,
        tables=tables,
        answer_messages=answer_messages,
        template=template,
        folder=shown,
    )
    object.__setattr__(defn, "origins", origins)
    return defn


def _shown_name(folder: Path, root: Path | None) -> str:
    try:
        return str(folder.resolve().relative_to((root or folder.parents[2]).resolve()))
    except ValueError:
        return str(folder)


def _remember(origins: Origins, key: str, src: SourceFile, path: tuple) -> None:
    origins[key] = (src.name, src.line(path), path)


# questions.yaml ---------------------------------------------------------------------------

QUESTION_KEYS = {
    "text": "text_or_null", "hint": "text_or_null", "check_answers_label": "text_or_null",
    "question_number": "int_or_null", "options": "list", "options_table": "text", "options_source": "text",
    "min": "number_or_null", "max": "number_or_null", "step": "number_or_null", "prefix": "text_or_null",
    "suffix": "any", "width": "int_or_null", "max_length": "int_or_null", "optional": "bool", "synonyms": "list",
    "note": "text", "person_index": "int_or_null", "derived": "bool", "copy_key": "text", "readonly": "bool",
    "hidden_in_check_answers": "any", "inferred_answers": "any", "guidance": "any", "error_label": "text",
    "strip_commas": "bool", "is_buyer": "bool", "optional_when": "expression", "total_of": "list",
    "check_answers_card": "any", "check_answers_value": "any", "examples": "list",
}
DISPLAY_KEYS = ("person_index", "guidance", "hidden_in_check_answers", "check_answers_card", "check_answers_value",
                "total_of", "is_buyer", "readonly", "error_label", "strip_commas")
PAGE_QUESTION_KEYS = {
    "depends_on": "expression_or_null", "options": "list", "text": "text_or_null", "hint": "text_or_null",
    "check_answers_card": "any", "check_answers_label": "text_or_null", "guidance": "any", "is_buyer": "bool",
    "min": "number_or_null", "max": "number_or_null", "question_number": "int_or_null", "suffix": "any",
    "type": "text", "width": "int_or_null",
}


def _questions(src: SourceFile, origins: Origins) -> dict[str, Question]:
    top = check_mapping(src, (), {"questions": "map"}, {"derived": "map"})
    for name in top.get("derived", {}):
        check_mapping(src, ("derived", name), {"type": "text"}, {"meaning": "text", "note": "text"})
    out: dict[str, Question] = {}
    for qid, spec in top["questions"].items():
        path = ("questions", qid)
        check_mapping(src, path, {"type": "text"}, QUESTION_KEYS)
        if spec["type"] not in ANSWER_TYPES:
            raise src.error(path + ("type",), f"unknown type '{spec['type']}' (allowed: {', '.join(sorted(ANSWER_TYPES))})")
        options = []
        for i, opt in enumerate(spec.get("options", [])):
            check_mapping(
                src, path + ("options", i), {"code": "any", "label": "text"},
                {"hint": "text_or_null", "divider_before": "bool", "exclusive": "bool", "derived_when": "expression", "synonyms": "list"},
            )
            options.append(Option(opt["code"], opt["label"], opt.get("hint"), opt.get("divider_before", False),
                                  opt.get("exclusive", False), _names(src, path + ("options", i, "synonyms"), opt)))
        codes = [o.code for o in options]
        if len(set(map(str, codes))) != len(codes):
            raise src.error(path + ("options",), "two options have the same code")
        if spec["type"] == "confirmation" and not options:
            options = [Option(0, "Yes"), Option(1, "No")]
        out[qid] = Question(
            id=qid,
            type=spec["type"],
            text=spec.get("text") or "",
            hint=spec.get("hint"),
            check_answers_label=spec.get("check_answers_label"),
            question_number=spec.get("question_number"),
            options=tuple(options),
            options_table=spec.get("options_table"),
            options_source=spec.get("options_source"),
            min=spec.get("min"),
            max=spec.get("max"),
            step=spec.get("step"),
            prefix=spec.get("prefix"),
            suffix=spec.get("suffix"),
            width=spec.get("width"),
            max_length=spec.get("max_length"),
            optional=spec.get("optional", False),
            optional_when=None if spec.get("optional_when") is None else str(spec["optional_when"]),
            synonyms=_names(src, path + ("synonyms",), spec),
            examples=tuple(spec.get("examples", [])),
            display={k: spec[k] for k in DISPLAY_KEYS if k in spec},
        )
        if spec.get("optional_when") is not None:
            _remember(origins, f"optional:{qid}", src, path + ("optional_when",))
    return out


def _names(src: SourceFile, path: tuple, item: dict) -> tuple[str, ...]:
    """A list of names (synonyms), each of them text."""
    names = item.get(path[-1], [])
    for i, name in enumerate(names):
        check_kind(src, path + (i,), name, "text")
    return tuple(names)


# synonyms.yaml ----------------------------------------------------------------------------

def _synonyms(src: SourceFile | None, questions: dict[str, Question]) -> tuple[dict[str, Question], dict[str, str]]:
    """Other names for questions and options, added to those questions.yaml gives, and the
    abbreviations of headings: how providers' own spreadsheets name them."""
    if src is None:
        return questions, {}
    top = check_mapping(src, (), {}, {"abbreviations": "map", "questions": "map", "options": "map", "option_labels": "map"})
    abbreviations = {}
    for short, word in top.get("abbreviations", {}).items():
        check_kind(src, ("abbreviations", short), word, "text")
        abbreviations[str(short).lower()] = word
    extra_names: dict[str, list[str]] = {}
    for qid in top.get("questions", {}):
        if qid not in questions:
            raise src.error(("questions", qid), f"unknown question '{qid}'")
        check_kind(src, ("questions", qid), top["questions"][qid], "list")
        extra_names[qid] = list(_names(src, ("questions", qid), top["questions"]))
    option_names: dict[tuple[str, str], list[str]] = {}
    for qid, by_code in top.get("options", {}).items():
        if qid not in questions or not questions[qid].options:
            raise src.error(("options", qid), f"unknown question '{qid}', or it has no options listed")
        check_kind(src, ("options", qid), by_code, "map")
        codes = {str(o.code) for o in questions[qid].options}
        for code, names in by_code.items():
            if str(code) not in codes:
                raise src.error(("options", qid, code), f"question '{qid}' has no option with code {code}")
            check_kind(src, ("options", qid, code), names, "list")
            option_names[(qid, str(code))] = list(_names(src, ("options", qid, code), by_code))
    by_label: dict[str, list[str]] = {}
    labels = {o.label for q in questions.values() for o in q.options}
    for label, names in top.get("option_labels", {}).items():
        if label not in labels:
            raise src.error(("option_labels", label), f"no option is labelled '{label}'")
        check_kind(src, ("option_labels", label), names, "list")
        by_label[label] = list(_names(src, ("option_labels", label), top["option_labels"]))
    out = {}
    for qid, q in questions.items():
        options = tuple(
            dataclasses.replace(o, synonyms=_unique(o.synonyms, option_names.get((qid, str(o.code)), []), by_label.get(o.label, [])))
            for o in q.options
        )
        out[qid] = dataclasses.replace(q, synonyms=_unique(q.synonyms, extra_names.get(qid, [])), options=options)
    return out, abbreviations


def _unique(*lists) -> tuple[str, ...]:
    return tuple(dict.fromkeys(name for names in lists for name in names))


def _hidden_declarations(src: SourceFile) -> dict[str, str]:
    """Variables questions.yaml declares without asking them: name -> type."""
    out = {}
    for name, spec in src.data.get("derived", {}).items():
        kind = {"boolean": "bool"}.get(spec["type"], spec["type"])
        if kind not in VALUE_TYPES | {"record"}:
            raise src.error(("derived", name, "type"), f"unknown type '{spec['type']}' (allowed: {', '.join(sorted(VALUE_TYPES))})")
        out[name] = kind
    return out


# form.yaml --------------------------------------------------------------------------------

def _sections(src: SourceFile, questions: dict[str, Question], origins: Origins) -> tuple[Section, ...]:
    check_mapping(src, (), {"sections": "list"}, {})
    sections = []
    seen_pages: set[str] = set()
    for si, section in enumerate(src.data["sections"]):
        sp = ("sections", si)
        check_mapping(src, sp, {"id": "text", "label": "text", "subsections": "list"}, {})
        subs = []
        for ui, sub in enumerate(section["subsections"]):
            up = sp + ("subsections", ui)
            check_mapping(
                src, up, {"id": "text", "label": "text", "pages": "list"},
                {"depends_on": "expression_or_null", "unreachable": "bool", "note": "text", "listed_when": "expression"},
            )
            if sub.get("depends_on") not in (None, True):
                _remember(origins, f"subsection:{sub['id']}", src, up + ("depends_on",))
            if sub.get("listed_when") is not None:
                _remember(origins, f"listed:{sub['id']}", src, up + ("listed_when",))
            pages = []
            for pi, page in enumerate(sub["pages"]):
                pp = up + ("pages", pi)
                check_mapping(
                    src, pp, {"id": "text", "questions": "list"},
                    {"depends_on": "expression_or_null", "header": "text_or_null", "check": "text",
                     "channel_hint": "text", "note": "text", "person_index": "int_or_null", "title": "text_or_null",
                     "informative_text": "text_or_null", "web_skip_when": "expression"},
                )
                if page["id"] in seen_pages:
                    raise src.error(pp + ("id",), f"page id '{page['id']}' is used twice")
                seen_pages.add(page["id"])
                pqs = []
                for qi, item in enumerate(page["questions"]):
                    qp = pp + ("questions", qi)
                    if isinstance(item, str):
                        item = {"id": item}
                    else:
                        check_mapping(src, qp, {"id": "text"}, PAGE_QUESTION_KEYS)
                    if item["id"] not in questions:
                        raise src.error(qp, f"unknown question '{item['id']}': add it to questions.yaml")
                    reveal = item.get("depends_on")
                    if reveal is not None:
                        _remember(origins, f"reveal:{page['id']}:{item['id']}", src, qp + ("depends_on",))
                    display = {k: v for k, v in item.items() if k not in ("id", "depends_on", "options")}
                    offered = tuple(item["options"]) if "options" in item else None
                    pqs.append(PageQuestion(item["id"], None if reveal is None else str(reveal), offered, display))
                depends = page.get("depends_on")
                if depends is True:
                    depends = None
                if depends is not None:
                    _remember(origins, f"page:{page['id']}", src, pp + ("depends_on",))
                skip = page.get("web_skip_when")
                if skip is not None:
                    _remember(origins, f"web_skip:{page['id']}", src, pp + ("web_skip_when",))
                pages.append(
                    Page(page["id"], sub["id"], depends, tuple(pqs), page.get("header"), page.get("check"),
                         page.get("channel_hint"), page.get("note"), None if skip is None else str(skip))
                )
            sub_depends = sub.get("depends_on")
            subs.append(Subsection(sub["id"], sub["label"], section["id"], None if sub_depends is True else sub_depends,
                                   tuple(pages), sub.get("unreachable", False),
                                   None if sub.get("listed_when") is None else str(sub["listed_when"])))
        sections.append(Section(section["id"], section["label"], tuple(subs)))
    return tuple(sections)


# named expressions, derivations, rules ----------------------------------------------------

def _named(src: SourceFile | None, key: str, origins: Origins, with_params: bool = False) -> tuple[NamedExpression, ...]:
    if src is None:
        return ()
    check_mapping(src, (), {key: "list"}, {})
    out, seen = [], set()
    for i, item in enumerate(src.data[key]):
        path = (key, i)
        optional = {"meaning": "text", "type": "text", "source": "text", "note": "text"}
        if with_params:
            optional["params"] = "list"
        check_mapping(src, path, {"name": "text", "expression": "expression"}, optional)
        name = item["name"]
        if name in seen:
            raise src.error(path + ("name",), f"'{name}' is defined twice")
        seen.add(name)
        kind = item.get("type", "bool")
        if kind not in VALUE_TYPES | {"any"}:
            raise src.error(path + ("type",), f"unknown type '{kind}' (allowed: {', '.join(sorted(VALUE_TYPES))})")
        _remember(origins, f"{key}:{name}", src, path + ("expression",))
        out.append(NamedExpression(name, str(item["expression"]), tuple(item.get("params", [])), kind, item.get("meaning", "")))
    return tuple(out)


def _derivations(src: SourceFile | None, origins: Origins) -> tuple[Derivation, ...]:
    if src is None:
        return ()
    check_mapping(src, (), {"derivations": "list"}, {})
    out = []
    for i, item in enumerate(src.data["derivations"]):
        path = ("derivations", i)
        check_mapping(
            src, path, {"sets": "text", "value": "expression"},
            {"type": "text", "when": "expression", "otherwise": "text", "meaning": "text", "source": "text", "note": "text"},
        )
        if item.get("type") and item["type"] not in VALUE_TYPES:
            raise src.error(path + ("type",), f"unknown type '{item['type']}' (allowed: {', '.join(sorted(VALUE_TYPES))})")
        if item.get("otherwise", "null") not in ("keep", "null"):
            raise src.error(path + ("otherwise",), "must be 'keep' or 'null'")
        _remember(origins, f"derivation:{i}:value", src, path + ("value",))
        if "when" in item:
            _remember(origins, f"derivation:{i}:when", src, path + ("when",))
        out.append(
            Derivation(item["sets"], str(item["value"]), item.get("type"), None if item.get("when") is None else str(item["when"]),
                       item.get("otherwise", "null"), item.get("meaning", ""))
        )
    return tuple(out)


def _rules(src: SourceFile | None, key: str, origins: Origins) -> tuple[Rule, ...]:
    if src is None:
        return ()
    check_mapping(src, (), {key: "list"}, {})
    soft = key == "checks"
    out: list[Rule] = []
    seen: set[str] = set()
    for i, item in enumerate(src.data[key]):
        path = (key, i)
        required = {"id": "text", "fields": "list", "when": "expression"}
        required["title" if soft else "message"] = "text"
        optional = {"meaning": "text", "messages": "map", "params": "map", "source_keys": "list", "for_each": "map",
                    "source": "text", "note": "text", "status": "text"}
        if soft:
            required["confirmation"] = "text"
            optional["text"] = "text_or_null"
        check_mapping(src, path, required, optional)
        for variant in _expand(src, path, item):
            rid = variant["id"]
            if rid in seen:
                raise src.error(path + ("id",), f"rule id '{rid}' is used twice")
            seen.add(rid)
            _remember(origins, f"{key}:{rid}:when", src, path + ("when",))
            for pname in variant.get("params", {}):
                _remember(origins, f"{key}:{rid}:param:{pname}", src, path + ("params", pname))
            out.append(
                Rule(
                    id=rid,
                    severity="warning" if soft else "error",
                    fields=tuple(variant["fields"]),
                    when=str(variant["when"]),
                    message=variant["title"] if soft else variant["message"],
                    messages=dict(variant.get("messages", {})),
                    params={k: str(v) for k, v in variant.get("params", {}).items()},
                    source_keys=tuple(variant.get("source_keys", [])),
                    confirmation=variant.get("confirmation"),
                    text=variant.get("text"),
                    meaning=variant.get("meaning", ""),
                )
            )
    return tuple(out)


def _expand(src: SourceFile, path: tuple, item: dict) -> list[dict]:
    """One rule per value of for_each, with {N} substituted in every text of the rule."""
    loops = item.get("for_each")
    if not loops:
        return [item]
    if len(loops) != 1:
        raise src.error(path + ("for_each",), "give exactly one loop, such as {N: [2, 3, 4]}")
    (name, values), = loops.items()
    if not _LOOP_NAME.match(str(name)):
        raise src.error(path + ("for_each",), "the loop name must be one capital letter, such as N")
    check_kind(src, path + ("for_each", name), values, "list")
    marker = "{" + str(name) + "}"

    def sub(value: Any, n: Any) -> Any:
        if isinstance(value, str):
            return value.replace(marker, str(n))
        if isinstance(value, list):
            return [sub(v, n) for v in value]
        if isinstance(value, dict):
            return {sub(k, n): sub(v, n) for k, v in value.items()}
        return value

    return [{k: sub(v, n) for k, v in item.items() if k != "for_each"} for n in values]


# the rest ---------------------------------------------------------------------------------

def _constants(src: SourceFile | None) -> dict[str, Any]:
    if src is None:
        return {}
    check_mapping(src, (), {"constants": "map"}, {})
    return dict(src.data["constants"])


def _typed_names(src: SourceFile | None, key: str) -> dict[str, str]:
    if src is None:
        return {}
    check_mapping(src, (), {key: "list"}, {})
    out = {}
    for i, item in enumerate(src.data[key]):
        check_mapping(src, (key, i), {"name": "text", "type": "text"}, {"meaning": "text"})
        if item["type"] not in VALUE_TYPES:
            raise src.error((key, i, "type"), f"unknown type '{item['type']}' (allowed: {', '.join(sorted(VALUE_TYPES))})")
        out[item["name"]] = item["type"]
    return out


def _answer_messages(src: SourceFile | None) -> dict[str, AnswerMessage]:
    if src is None:
        return {}
    check_mapping(src, (), {"answer_messages": "map"}, {})
    out = {}
    for name, item in src.data["answer_messages"].items():
        check_mapping(src, ("answer_messages", name), {"message": "text"}, {"source_keys": "list", "note": "text"})
        out[name] = AnswerMessage(item["message"], tuple(item.get("source_keys", [])))
    return out


def _template(src: SourceFile | None, origins: Origins) -> Template | None:
    if src is None:
        return None
    check_mapping(src, (), {"template": "map"}, {})
    check_mapping(src, ("template",), {"header_rows": "int", "field_number_row": "int", "fields": "list"},
                  {"note": "text", "headings": "list"})
    fields = []
    seen: set[int] = set()
    for i, item in enumerate(src.data["template"]["fields"]):
        path = ("template", "fields", i)
        check_mapping(src, path, {"number": "int"},
                      {"label": "text", "question": "text", "sets": "map", "note": "text", "part_of": "int", "cells": "map"})
        if item["number"] in seen:
            raise src.error(path + ("number",), f"field {item['number']} is given twice")
        seen.add(item["number"])
        for name in item.get("sets", {}):
            _remember(origins, f"template:{item['number']}:{name}", src, path + ("sets", name))
        fields.append(
            TemplateField(item["number"], item.get("label", ""), item.get("question"),
                          {k: str(v) for k, v in item.get("sets", {}).items()}, item.get("note"), item.get("part_of"),
                          {str(k): str(v) for k, v in item.get("cells", {}).items()})
        )
    t = src.data["template"]
    headings = tuple(str(h) for h in t.get("headings", ()))
    if headings and len(headings) != t["field_number_row"]:
        raise src.error(("template", "headings"), f"give one heading for each of the {t['field_number_row']} rows down to "
                                                  f"the field number row, not {len(headings)}")
    for i, item in enumerate(t["fields"]):
        unknown = set(item.get("cells", {})) - set(headings)
        if unknown:
            raise src.error(("template", "fields", i, "cells"), f"{', '.join(sorted(unknown))}: not one of the template's "
                                                                "headings")
    return Template(t["header_rows"], t["field_number_row"], tuple(fields), headings)


def _tables(folder: Path, shown: str) -> dict[str, Any]:
    from caselog.engine.expressions import Table

    out: dict[str, Any] = {}
    if folder.is_dir():
        for path in sorted(folder.glob("*.csv")):
            columns, rows = read_table(path, f"{shown}/tables/{path.name}")
            out[path.stem] = Table(name=path.stem, columns=columns, rows=rows)
    return out
