"""`caselog validate`: the offline checker. Bad input gets a message that says where."""

import json

from caselog.cli.main import main
from tests.reference import BULK_UPLOAD

TODAY = ["--today", "2026-10-01"]


def run(capsys, *args):
    code = main(["validate", *args])
    out = capsys.readouterr()
    return code, out.out, out.err


def test_a_json_log_prints_its_status_errors_warnings_and_derived_values(tmp_path, capsys):
    answers = tmp_path / "log.json"
    answers.write_text(json.dumps({"needstype": 1, "startdate": "2026-05-01", "hhmemb": 2, "age1": 15}))
    code, out, _ = run(capsys, "core-lettings", "2026", str(answers), *TODAY)
    result = json.loads(out)
    assert result["row"] == 1 and result["status"] == "in_progress"
    assert [e["field"] for e in result["errors"]] == ["age1"]
    assert code == 1


def test_a_list_of_logs_gives_one_line_each_and_a_key_that_is_not_a_question_is_reported(tmp_path, capsys):
    answers = tmp_path / "logs.json"
    answers.write_text(json.dumps([{"needstype": 1}, {"needstype": 2, "bedss": 3}]))
    code, out, _ = run(capsys, "core-lettings", "2026", str(answers), *TODAY)
    lines = [json.loads(line) for line in out.splitlines()]
    assert [line["row"] for line in lines] == [1, 2]
    assert lines[1]["unknown"] == ["bedss"]
    assert code == 0


def test_json_that_does_not_parse_is_reported_with_line_and_column(tmp_path, capsys):
    broken = tmp_path / "broken.json"
    broken.write_text('{"needstype": 1,\n "age1": }')
    code, out, err = run(capsys, "core-lettings", "2026", str(broken))
    assert code == 2 and out == ""
    assert "broken.json, line 2, column" in err and "not valid JSON" in err


def test_another_years_template_is_refused_with_a_message_that_says_so(capsys):
    code, out, err = run(capsys, "core-lettings", "2026", str(BULK_UPLOAD / "2023_24_lettings_bulk_upload.csv"))
    assert code == 2 and out == ""
    assert "not the 2026 to 2027 lettings bulk upload template" in err


def test_a_template_with_no_logs_says_so(tmp_path, capsys):
    rows = (BULK_UPLOAD / "2026_27_lettings_bulk_upload.csv").read_text(encoding="utf-8-sig")
    header_only = tmp_path / "empty.csv"
    header_only.write_text(rows[: rows.rindex("\n", 0, len(rows) - 1) + 1], encoding="utf-8")
    code, _, err = run(capsys, "core-lettings", "2026", str(header_only))
    assert code == 2 and "no logs below them" in err


def test_an_unknown_collection_or_year_names_the_ones_we_have(tmp_path, capsys):
    answers = tmp_path / "log.json"
    answers.write_text("{}")
    code, _, err = run(capsys, "core-lettings", "2019", str(answers))
    assert code == 2 and "no definition for core-lettings 2019" in err and "core-lettings 2026" in err


def test_definitions_check_reports_both_core_definitions(capsys):
    assert main(["definitions", "check"]) == 0
    out = capsys.readouterr().out
    assert "core-lettings 2026: ok" in out and "core-sales 2026: ok" in out


def test_coverage_counts_the_core_messages_our_rules_implement(capsys):
    assert main(["definitions", "coverage", "core-lettings", "2026"]) == 0
    out = capsys.readouterr().out
    assert "yes  hard        validations.lettings.financial.brent.above_hard_max" in out
    assert "all: " in out and " of 402 messages implemented" in out


def test_context_lets_the_offline_check_apply_rules_that_need_the_organisations_type(tmp_path, capsys):
    from tests.definitions.core import template_answers

    answers = {**template_answers("core-lettings"), "brent": 5000}
    log = tmp_path / "log.json"
    log.write_text(json.dumps(answers, default=str))
    _, without, _ = run(capsys, "core-lettings", "2026", str(log), *TODAY)
    code, with_type, _ = run(capsys, "core-lettings", "2026", str(log), *TODAY,
                             "--context", "owning_organisation.provider_type=PRP")
    assert "validate_rent_amount.rent_above_hard_max" not in without
    assert "validate_rent_amount.rent_above_hard_max" in with_type and code == 1


def test_an_unknown_context_name_is_refused_with_the_names_allowed(tmp_path, capsys):
    log = tmp_path / "log.json"
    log.write_text("{}")
    code, _, err = run(capsys, "core-lettings", "2026", str(log), "--context", "owner.kind=PRP")
    assert code == 2 and "owning_organisation.provider_type" in err
