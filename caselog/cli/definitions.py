"""`caselog definitions check` and `caselog definitions coverage`."""

from __future__ import annotations

import csv
import json
import sys
import time

from caselog.definitions.registry import available, definitions_root, get_definition
from caselog.definitions.source import DefinitionError


def run_check(collection: str | None, year: int | None) -> int:
    targets = [(collection, year)] if collection and year else available()
    if collection and not year:
        targets = [t for t in available() if t[0] == collection]
    if not targets:
        print(f"No definitions found under {definitions_root()}", file=sys.stderr)
        return 1
    failed = 0
    for coll, yr in targets:
        started = time.perf_counter()
        try:
            compiled = get_definition(coll, yr)
        except DefinitionError as exc:
            failed += 1
            print(f"{coll} {yr}: {exc}")
            continue
        d = compiled.definition
        print(
            f"{coll} {yr}: ok — {len(d.questions)} questions, {len(d.pages)} pages, {len(d.rules)} rules, "
            f"{len(d.checks)} checks, {len(d.derivations)} derivations, {len(d.conditions)} conditions "
            f"({time.perf_counter() - started:.2f} s)"
        )
    return 1 if failed else 0


def coverage(collection: str, year: int) -> list[dict]:
    """Every message of the source service for this collection, and the rules of ours that
    implement it."""
    compiled = get_definition(collection, year)
    d = compiled.definition
    implemented: dict[str, list[str]] = {}
    for rule in (*d.rules, *d.checks):
        for key in rule.source_keys:
            implemented.setdefault(key, []).append(rule.id)
    for name, wording in d.answer_messages.items():
        for key in wording.source_keys:
            implemented.setdefault(key, []).append(f"answer.{name}")
    # the copy of a soft check's confirmation question lives on the question itself
    for q in d.questions.values():
        if q.type != "confirmation":
            continue
        for part, present in (("question_text", q.text), ("hint_text", q.hint), ("check_answer_label", q.check_answers_label)):
            if present:
                implemented.setdefault(f"forms.{year}.{d.log_type}.soft_validations.{q.id}.{part}", []).append(f"question.{q.id}")
    path = definitions_root() / collection / str(year) / "source_messages.csv"
    if not path.exists():
        return []
    with path.open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    for row in rows:
        row["rules"] = sorted(set(implemented.get(row["key"], [])))
    return rows


def run_coverage(collection: str, year: int, as_json: bool = False, missing_only: bool = False) -> int:
    try:
        rows = coverage(collection, year)
    except DefinitionError as exc:
        print(str(exc), file=sys.stderr)
        return 2
    if not rows:
        print(f"{collection} {year} has no source_messages.csv: there is nothing to measure coverage against")
        return 0
    shown = [r for r in rows if not r["rules"]] if missing_only else rows
    if as_json:
        print(json.dumps(shown, indent=1, ensure_ascii=False))
        return 0
    for r in shown:
        mark = "yes" if r["rules"] else "no "
        print(f"{mark}  {r['kind']:<11} {r['key']}  {', '.join(r['rules'])}")
    print()
    for kind in ("hard", "soft", "bulk_upload"):
        group = [r for r in rows if r["kind"] == kind]
        if group:
            done = sum(1 for r in group if r["rules"])
            print(f"{kind}: {done} of {len(group)} messages implemented")
    done = sum(1 for r in rows if r["rules"])
    print(f"all: {done} of {len(rows)} messages implemented ({100 * done / len(rows):.0f}%)")
    return 0
