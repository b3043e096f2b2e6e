"""`caselog map-columns` and `caselog upload`: what a script sees."""

import datetime as dt
import json

import pytest

from caselog.cli.main import main
from caselog.logs.models import Log
from tests.reference import reference_file


def test_map_columns_prints_each_columns_field_confidence_and_reason_as_json(capsys):
    path = reference_file("alpha_provider_exports", "complex_test_data.csv")
    assert main(["map-columns", str(path), "--collection", "core-lettings", "--year", "2026", "--json"]) == 0
    items = json.loads(capsys.readouterr().out)
    assert [i["column"] for i in items][:2] == ["5) Contract Start Date:",
                                                "9) What was the housing situation for this household immediately before this letting?:"]
    assert all(set(i) >= {"column", "field", "confidence", "reason"} for i in items)
    first = items[0]
    assert first["field"] == "startdate" and 0 < first["confidence"] <= 1 and first["reason"]
    postcode = {i["column"]: i.get("part") for i in items if i["field"] == "postcode_full"}
    assert postcode == {"First part of Postcode": "outward", "Second part of Postcode": "inward"}


def test_map_columns_says_an_unmapped_column_has_no_field(capsys, tmp_path):
    path = tmp_path / "export.csv"
    path.write_text("Contract Start Date,Zzqx internal flag\n01/05/2026,A\n", encoding="utf-8")
    main(["map-columns", str(path), "--json"])
    items = json.loads(capsys.readouterr().out)
    assert items[1]["column"] == "Zzqx internal flag" and items[1]["field"] is None


def test_map_columns_recognises_cores_template(capsys):
    path = reference_file("core", "bulk_upload", "2026_27_lettings_bulk_upload.csv")
    main(["map-columns", str(path), "--json"])
    items = json.loads(capsys.readouterr().out)
    assert items[3] == {"column": "What is the needs type?", "field": "needstype", "confidence": 1.0,
                        "reason": "CORE's 2026 to 2027 template, field 4"}


def test_map_columns_explains_a_file_it_cannot_read(capsys, tmp_path):
    path = tmp_path / "logs.csv"
    path.write_bytes(b"%PDF-1.4")
    assert main(["map-columns", str(path)]) == 2
    assert "The selected file is a PDF" in capsys.readouterr().err


@pytest.mark.django_db
def test_upload_checks_and_saves_a_template_for_an_organisation(capsys, make_organisation, make_user, monkeypatch):
    from django.utils import timezone

    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: dt.date(2026, 10, 1))
    org = make_organisation(agreed=True, provider_code="ORG1")
    make_user(email="support@example.com", organisation=org, role="coordinator")
    path = reference_file("core", "bulk_upload", "2026_27_lettings_bulk_upload.csv")
    assert main(["upload", str(path), "--org", "org1", "--as", "SUPPORT@example.com", "--check-only"]) == 0
    assert "1 logs: 1 new, 0 to update, 0 with errors" in capsys.readouterr().out
    assert not Log.objects.exists()
    assert main(["upload", str(path), "--org", "ORG1", "--as", "support@example.com"]) == 0
    assert "Saved: 1 logs created, 0 updated" in capsys.readouterr().out
    assert Log.objects.get().owning_organisation == org


@pytest.mark.django_db
def test_upload_refuses_someone_who_cannot_upload_for_the_organisation(capsys, make_organisation, make_user):
    make_organisation(agreed=True, provider_code="ORG1")
    make_user(email="someone@example.com")
    path = reference_file("core", "bulk_upload", "2026_27_lettings_bulk_upload.csv")
    assert main(["upload", str(path), "--org", "ORG1", "--as", "someone@example.com"]) == 2
    assert "cannot upload logs for" in capsys.readouterr().err
