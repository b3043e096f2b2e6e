"""`caselog validate`: one JSON line per log with its errors, warnings, derived values and status."""

from __future__ import annotations

import datetime as dt
import json
import sys
from pathlib import Path
from typing import Any

from caselog.definitions.registry import get_definition
from caselog.definitions.source import DefinitionError
from caselog.engine import evaluate_log, evaluate_table, outcomes
from caselog.engine.outcome import Outcome


class InputError(ValueError):
    """The file cannot be read as answers; the message says where."""


def run_validate(collection: str, year: int, file: str, today: str | None, context: list[str] | None = None) -> int:
    try:
        when = dt.date.fromisoformat(today) if today else dt.date.today()
    except ValueError:
        print(f"--today: '{today}' is not a date: write it as YYYY-MM-DD, for example 2026-06-01", file=sys.stderr)
        return 2
    try:
        compiled = get_definition(collection, year)
        values = parse_context(compiled, context or [])
        results = validate_file(compiled, Path(file), when, values)
    except (DefinitionError, InputError) as exc:
        print(str(exc), file=sys.stderr)
        return 2
    failed = False
    for row, outcome, columns in results:
        failed |= bool(outcome.errors)
        print(json.dumps(report(row, outcome, columns), default=_json_default, ensure_ascii=False))
    return 1 if failed else 0


def parse_context(compiled, items: list[str]) -> dict[str, Any]:
    """--context NAME=VALUE pairs, typed as the definition's context.yaml says."""
    types = compiled.definition.context_types
    values: dict[str, Any] = {}
    for item in items:
        name, sep, raw = item.partition("=")
        if not sep or name not in types:
            known = ", ".join(sorted(types)) or "none"
            raise InputError(f"--context {item}: give NAME=VALUE with a name from the definition's context.yaml ({known})")
        kind = types[name]
        try:
            values[name] = (float(raw) if kind == "number" else dt.date.fromisoformat(raw) if kind == "date"
                            else raw.lower() in ("1", "true", "yes") if kind == "bool" else raw)
        except ValueError:
            raise InputError(f"--context {item}: {name} is a {kind}; '{raw}' is not one") from None
    return values


def validate_file(compiled, path: Path, today: dt.date, context: dict[str, Any] | None = None) -> list[tuple[int, Outcome, dict[str, str]]]:
    if not path.exists():
        raise InputError(f"{path}: no such file")
    if path.suffix.lower() == ".json":
        return _validate_json(compiled, path, today, context)
    return _validate_template(compiled, path, today, context)


def _validate_json(compiled, path: Path, today: dt.date, context: dict[str, Any] | None):
    try:
        data = json.loads(path.read_text(encoding="utf-8-sig"))
    except UnicodeDecodeError:
        raise InputError(f"{path}: the file is not UTF-8 text: save it as UTF-8 and try again") from None
    except json.JSONDecodeError as exc:
        raise InputError(f"{path}, line {exc.lineno}, column {exc.colno}: not valid JSON ({exc.msg})") from None
    logs = data if isinstance(data, list) else [data]
    out = []
    for i, answers in enumerate(logs, start=1):
        if not isinstance(answers, dict):
            raise InputError(f"{path}: log {i} is not an object of answers keyed by question id, such as {{\"needstype\": 1}}")
        out.append((i, evaluate_log(compiled, answers, context, today=today), {}))
    return out


def _validate_template(compiled, path: Path, today: dt.date, context: dict[str, Any] | None):
    from caselog.channels.upload.template import TemplateError, answers_frame, parse_template

    try:
        rows = parse_template(_template_rows(path), compiled)
    except TemplateError as exc:
        raise InputError(f"{path}: {exc}") from None
    if not rows.rows:
        raise InputError(f"{path}: the file has the template's header rows but no logs below them")
    frame = answers_frame(compiled, rows, today)
    table = evaluate_table(compiled, frame, context=context, today=today)
    columns = _columns_by_question(compiled)
    found = outcomes(compiled, table, frame, today=today)
    return [(number, outcome, columns) for (number, _), outcome in zip(rows.rows, found, strict=True)]


def _template_rows(path: Path) -> list[list[str]]:
    """The rows of a CSV, XLSX or ODS file, as the upload page reads them; in a workbook of
    several sheets, the one with the template's field numbers."""
    from caselog.channels.upload.reading import FileProblem, read_table, sheet_names
    from caselog.channels.upload.template import field_number_row

    data = path.read_bytes()
    try:
        names = sheet_names(data)
        if len(names) <= 1:
            return read_table(data).rows
    except FileProblem as exc:
        raise InputError(f"{path}: {exc}") from None
    for name in names:
        try:
            rows = read_table(data, name).rows
        except FileProblem:  # an empty sheet, such as one left for notes
            continue
        if field_number_row(rows) is not None:
            return rows
    raise InputError(f"{path}: none of its sheets ({', '.join(names)}) has the 'Field number' row of the bulk upload template")


def _columns_by_question(compiled) -> dict[str, str]:
    """question id -> the template field that sets it, to point at the cell."""
    from caselog.channels.upload.template import fields_by_answer

    return {answer: f"field_{numbers[0]}" for answer, numbers in fields_by_answer(compiled).items()}


def report(row: int, outcome: Outcome, columns: dict[str, str]) -> dict[str, Any]:
    def items(findings, soft=False):
        out = []
        for f in findings:
            for field in f.fields:
                item = {"field": field, "rule": f.rule, "message": f.message_for(field)}
                if field in columns:
                    item["column"] = columns[field]
                if soft:
                    item["confirmed"] = f.confirmed
                out.append(item)
        return out

    return {
        "row": row,
        "status": outcome.status,
        "errors": items(outcome.errors),
        "warnings": items(outcome.warnings, soft=True),
        "derived": {k: v for k, v in outcome.derived.items() if v is not None},
        **({"unknown": list(outcome.unknown)} if outcome.unknown else {}),
    }


def _json_default(value: Any) -> Any:
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    raise TypeError(type(value).__name__)
