"""One set of rules for every channel: the same 200 generated lettings checked through the
API, through `caselog validate` (what suppliers run offline) and through the bulk upload's
table path get identical errors, warnings and derived values."""

import datetime as dt
import json

import polars as pl
import pytest

from caselog.cli.validate import report, validate_file
from caselog.definitions.registry import get_definition
from caselog.engine.answers import as_text
from caselog.gateway import Source
from caselog.gateway.context import log_context
from caselog.gateway.table import check_table, stored_values
from caselog.logs.models import Log
from tests.api.generated import generated_lettings

pytestmark = pytest.mark.django_db

LOGS = 200


def findings(items) -> set[tuple]:
    return {(i["field"], i["rule"], i["message"]) for i in items}


def whole(values: dict) -> dict:
    return {k: int(v) if isinstance(v, float) and v.is_integer() else v for k, v in values.items()}


def test_the_api_the_offline_checker_and_bulk_upload_agree_on_200_logs(client, key, organisation, person, tmp_path):
    compiled = get_definition("core-lettings", 2026)
    today = dt.date.today()
    context = log_context(Log(owning_organisation=organisation, managing_organisation=organisation),
                          {"assigned_to_id": str(person.pk)}, compiled)
    logs = generated_lettings(organisation, person, LOGS, today=today)

    # the API
    by_api = []
    for answers in logs:
        response = client.post("/api/v1/logs/validate", {"collection": "core-lettings", "year": 2026, "answers": answers},
                               content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {key}")
        assert response.status_code == 200, response.content
        by_api.append(response.json())

    # caselog validate, given what the service knows of the organisation
    path = tmp_path / "logs.json"
    path.write_text(json.dumps(logs))
    by_cli = [json.loads(json.dumps(report(row, outcome, columns), default=str))
              for row, outcome, columns in validate_file(compiled, path, today, context)]

    # the bulk upload's table path
    names = sorted({k for answers in logs for k in answers})
    frame = pl.DataFrame({n: [as_text(a.get(n)) for a in logs] for n in names}, schema={n: pl.String for n in names})
    check = check_table("core-lettings", 2026, frame, Source("upload", person), organisation=organisation, today=today)
    found = check.findings(today)
    stored = stored_values(check, list(range(LOGS)), today)

    failing = 0
    for i in range(LOGS):
        errors, warnings = found.get(i, ([], []))
        upload_errors = {(f, e.rule, e.message_for(f)) for e in errors for f in e.fields}
        upload_warnings = {(f, w.rule, w.message_for(f)) for w in warnings for f in w.fields}
        assert findings(by_api[i]["errors"]) == findings(by_cli[i]["errors"]) == upload_errors, f"log {i}"
        assert findings(by_api[i]["warnings"]) == findings(by_cli[i]["warnings"]) == upload_warnings, f"log {i}"
        assert whole(by_api[i]["derived"]) == whole(by_cli[i]["derived"]) == whole(json.loads(stored.derived[i])), f"log {i}"
        assert by_api[i]["status"] == by_cli[i]["status"] == check.statuses()[i]
        failing += bool(upload_errors or upload_warnings)
    # the comparison means something: the generated logs break rules and checks
    assert failing >= LOGS // 8, failing  # 34 of the 200 break a rule or a check
