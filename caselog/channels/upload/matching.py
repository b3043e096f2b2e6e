"""Which log each row of an upload is: the one its log ID names, or the one with the same
references and date; None for a new log. A re-uploaded file updates what it stored."""

from __future__ import annotations

from typing import Any

from caselog.accounts import permissions

from .mapping import LOG_ID
from .models import Upload
from .report import Problem
from .rows import Rows, label_of


def match_logs(rows: Rows, upload: Upload) -> tuple[list[int | None], list[Problem]]:
    """The log each row updates: the one its log ID names, or the one with the same tenant
    code, property reference and start date (sales: purchaser code and sale date) among the
    logs the uploader may see; None for a new log. Two rows of the file that are the same
    log, or a log ID that names no log of theirs, are problems of those rows."""
    defn = rows.compiled.definition
    visible = permissions.logs_for(upload.uploaded_by).filter(collection=defn.collection)
    keys_of = _row_keys(rows)
    ids: list[int | None] = [None] * len(rows.data)
    problems: list[Problem] = []
    given = {int(v) for v in rows.given_log_ids if v and v.isdigit()}
    known = set(visible.filter(pk__in=given).values_list("pk", flat=True)) if given else set()
    references = {k[0] for k in keys_of if k}
    existing: dict[tuple, int] = {}
    if references:
        for pk, provider_ref, property_ref, answers_date in visible.filter(provider_reference__in=references).values_list(
                "pk", "provider_reference", "property_reference", f"answers__{defn.date_question}"):
            key = (provider_ref, property_ref if len(defn.reference_fields) > 1 else "", str(answers_date or "")[:10])
            existing.setdefault(key, pk)
    first_row_of: dict[Any, int] = {}
    for i, ((number, _), key) in enumerate(zip(rows.data, keys_of, strict=True)):
        log_id = rows.given_log_ids[i] if rows.given_log_ids else None
        if log_id:
            if not log_id.isdigit() or int(log_id) not in known:
                problems.append(Problem(number, rows.column_of(LOG_ID), LOG_ID, "Log ID",
                                        f"There is no log {log_id} that you can change. Check the log ID, or leave it "
                                        "blank to create a new log", "error"))
                continue
            ids[i] = int(log_id)
        elif key:
            ids[i] = existing.get(key)
        same = ("id", ids[i]) if ids[i] else ("key", key) if key else None
        if same is None:
            continue
        if same in first_row_of:
            field_name = defn.reference_fields[0] if defn.reference_fields else LOG_ID
            problems.append(Problem(number, rows.column_of(field_name), field_name, label_of(rows.compiled, field_name),
                                    f"This row is the same log as row {first_row_of[same]}. Remove one of the two rows, "
                                    "or correct their references", "error"))
            ids[i] = None
        else:
            first_row_of[same] = number
    return ids, problems


def _row_keys(rows: Rows) -> list[tuple | None]:
    """(tenant code, property reference, date) of each row, or None when one is blank."""
    defn = rows.compiled.definition
    names = list(defn.reference_fields) + [defn.date_question]
    frame = rows.answers
    if not all(n in frame.columns for n in names):
        return [None] * frame.height
    out: list[tuple | None] = []
    for values_ in frame.select(names).rows():
        cells = [(v or "").strip() for v in values_]
        if not all(cells):
            out.append(None)
            continue
        reference, date = cells[0], cells[-1][:10]
        out.append((reference[:50], cells[1][:50] if len(names) > 2 else "", date))
    return out
