"""The official 2026/27 bulk upload templates, read by field number, give real logs."""

import csv
import io
import json

import pytest

from caselog.cli.main import main
from tests.definitions.core import TEMPLATES, TODAY, evaluate


@pytest.mark.parametrize("collection", ["core-lettings", "core-sales"])
def test_the_templates_example_row_has_no_hard_errors(collection, capsys):
    code = main(["validate", collection, "2026", str(TEMPLATES[collection]), "--today", TODAY.isoformat()])
    [line] = capsys.readouterr().out.splitlines()
    result = json.loads(line)
    assert result["errors"] == [], result["errors"]
    assert result["row"] == 9
    assert code == 0


def test_the_lettings_example_row_reads_its_fields_into_answers():
    answers = evaluate("core-lettings").answers
    assert answers["needstype"] == 1
    assert answers["startdate"].isoformat() == "2026-04-01"  # fields 8, 9 and 10: day, month, year


def test_needs_type_3_is_refused_naming_the_field_and_the_allowed_values(tmp_path, capsys):
    rows = list(csv.reader(io.StringIO(TEMPLATES["core-lettings"].read_text(encoding="utf-8-sig"))))
    rows[8][4] = "3"  # field 4 is in the fifth column: the first column holds the row labels
    bad = tmp_path / "bad.csv"
    with bad.open("w", newline="", encoding="utf-8") as fh:
        csv.writer(fh).writerows(rows)
    code = main(["validate", "core-lettings", "2026", str(bad), "--today", TODAY.isoformat()])
    result = json.loads(capsys.readouterr().out)
    [error] = [e for e in result["errors"] if e["field"] == "needstype"]
    assert error["column"] == "field_4"
    assert "1 (General needs)" in error["message"] and "2 (Supported housing)" in error["message"]
    assert code == 1


def test_needs_type_3_in_json_answers_is_refused_the_same_way():
    outcome = evaluate("core-lettings", needstype=3)
    [error] = [e for e in outcome.errors if "needstype" in e.fields]
    assert error.rule == "answer.not_an_option"
    assert "1 (General needs), 2 (Supported housing)" in error.message
