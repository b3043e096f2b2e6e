"""Writing many new logs at once, with their "created" audit events.

On PostgreSQL the rows go in with COPY, their JSON already text: Django's bulk_create turns
each value into a Python object and back, and escapes every array element, which made a file
of 20,000 logs take a minute to write. Ids are drawn from the table's sequence first, so the
audit events can name their logs. Elsewhere (SQLite, the one-machine default) bulk_create
does it. Both run inside the caller's transaction.
"""

from __future__ import annotations

import json

from django.db import connection

from caselog.logs.models import AuditEvent, Log

from .submit import Source

BATCH = 2000


def insert_logs(defn, rows, source: Source, now) -> list[int]:
    """Insert `rows` (a table.ToStore of new logs) and audit each as created; their ids."""
    if connection.vendor == "postgresql":
        return _copy(defn, rows, source, now)
    return _bulk_create(defn, rows, source, now)


def _log_values(defn, rows, i: int, source: Source, now) -> dict:
    return {
        "collection": defn.collection, "year": defn.year, "owning_organisation_id": rows.owners[i],
        "managing_organisation_id": rows.managers[i], "created_by_id": getattr(source.person, "pk", None),
        "assigned_to_id": rows.assignees[i], "status": rows.statuses[i], "error_count": rows.error_counts[i],
        "warning_count": rows.warning_counts[i], "provider_reference": rows.provider_references[i],
        "property_reference": rows.property_references[i], "postcode": rows.postcodes[i],
        "duplicate_key": rows.duplicate_keys[i], "version": 1, "created_at": now, "updated_at": now, "deleted_at": None,
    }


def _bulk_create(defn, rows, source: Source, now) -> list[int]:
    logs = []
    for i in range(len(rows)):
        log = Log(**_log_values(defn, rows, i, source, now), answers=json.loads(rows.answers[i]),
                  derived=json.loads(rows.derived[i]), errors=json.loads(rows.errors[i]),
                  warnings=json.loads(rows.warnings[i]), sources={})
        logs.append(log)
    Log.objects.bulk_create(logs, batch_size=500)
    AuditEvent.objects.bulk_create([
        AuditEvent(log=log, actor_id=getattr(source.person, "pk", None), channel=source.channel, action="created",
                   changes=json.loads(rows.created_changes[i]), reference=source.reference, at=now)
        for i, log in enumerate(logs)], batch_size=500)
    return [log.pk for log in logs]


LOG_COLUMNS = ("id", "collection", "year", "owning_organisation_id", "managing_organisation_id", "created_by_id",
               "assigned_to_id", "status", "answers", "derived", "sources", "errors", "warnings", "error_count",
               "warning_count", "provider_reference", "property_reference", "postcode", "duplicate_key", "version",
               "created_at", "updated_at", "deleted_at")
AUDIT_COLUMNS = ("log_id", "actor_id", "channel", "action", "changes", "reference", "at")


def _copy(defn, rows, source: Source, now) -> list[int]:
    count = len(rows)
    log_table, audit_table = Log._meta.db_table, AuditEvent._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT nextval(pg_get_serial_sequence('{log_table}', 'id')) FROM generate_series(1, %s)", [count])
        ids = [row[0] for row in cursor.fetchall()]
        raw = cursor.cursor  # psycopg's own cursor: Django's wrapper has no COPY
        with raw.copy(f"COPY {log_table} ({', '.join(LOG_COLUMNS)}) FROM STDIN") as copy:
            for i, log_id in enumerate(ids):
                v = _log_values(defn, rows, i, source, now)
                copy.write_row((log_id, *[v[c] if c in v else _json_of(rows, c, i) for c in LOG_COLUMNS[1:]]))
        actor = getattr(source.person, "pk", None)
        with raw.copy(f"COPY {audit_table} ({', '.join(AUDIT_COLUMNS)}) FROM STDIN") as copy:
            for i, log_id in enumerate(ids):
                copy.write_row((log_id, actor, source.channel, "created", rows.created_changes[i], source.reference, now))
    return ids


def _json_of(rows, column: str, i: int) -> str:
    if column == "sources":
        return "{}"  # the answers of a new log are its creation's (its audit event)
    return getattr(rows, column)[i]
