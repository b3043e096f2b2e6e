"""An upload from file to logs, through the background tasks (run inline in tests): every
file in CORE's bulk_upload folder gives the outcome a user would expect, a provider's own
export is mapped, checked and stored, a corrected file updates the logs it created, and a
failure part way leaves nothing stored."""

import csv
import io

import pytest
from django.core import mail

from caselog.channels.upload import processing
from caselog.channels.upload.models import SavedMapping, Upload
from caselog.channels.upload.tasks import enqueue_check, enqueue_store
from caselog.definitions.registry import get_definition
from caselog.logs.models import AuditEvent, Log
from tests.reference import BULK_UPLOAD, reference_file

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("during_the_year")]

TODAY = "2026-10-01"






def receive(org, user, path, collection="core-lettings"):
    return processing.receive(org, user, get_definition(collection, 2026), path.name, path.read_bytes())


def checked(upload):
    enqueue_check(upload)
    upload.refresh_from_db()
    return upload


def stored(upload, **choices):
    for name, value in choices.items():
        setattr(upload, name, value)
    upload.save()
    enqueue_store(upload)
    upload.refresh_from_db()
    return upload


@pytest.mark.parametrize("name,collection", [("2026_27_lettings_bulk_upload.csv", "core-lettings"),
                                             ("2026_27_sales_bulk_upload.csv", "core-sales")])
def test_this_years_template_creates_its_logs_with_no_errors(core_org, name, collection):
    org, user = core_org
    upload = receive(org, user, reference_file("core", "bulk_upload", name), collection)
    assert upload.layout == Upload.Layout.TEMPLATE and upload.collection == collection
    upload = checked(upload)
    assert upload.status == Upload.Status.CHECKED, upload.message
    assert upload.summary["errors"] == 0, upload.summary["listed"]
    assert (upload.summary["rows"], upload.summary["create"]) == (1, 1)
    upload = stored(upload)
    assert upload.status == Upload.Status.STORED
    log = Log.objects.get(collection=collection)
    assert log.owning_organisation == org and log.assigned_to == user
    assert log.error_count == 0
    assert AuditEvent.objects.get(log=log).reference == f"upload {upload.pk}"
    assert [m.subject for m in mail.outbox][-2:] == [f"Your file {name} has been checked", f"Logs from {name} have been saved"]


@pytest.mark.parametrize("name", sorted(p.name for p in BULK_UPLOAD.glob("2023_24_*")))
def test_a_2023_to_2024_template_says_its_year_is_closed(core_org, name):
    org, user = core_org
    path = reference_file("core", "bulk_upload", name)
    collection = "core-sales" if "sales" in name else "core-lettings"
    with pytest.raises(processing.UploadProblem) as problem:
        receive(org, user, path, collection)
    message = str(problem.value)
    assert "2023 to 2024" in message
    assert "closed" in message or "no logs" in message
    assert not Upload.objects.exists()


def invalid_copy(tmp_path, changes: dict[int, str]):
    """CORE's 2026 lettings template with its example row twice, the second with cells changed
    (field number -> value)."""
    text = reference_file("core", "bulk_upload", "2026_27_lettings_bulk_upload.csv").read_text(encoding="utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    numbers = rows[7]
    second = list(rows[8])
    for number, value in changes.items():
        second[numbers.index(str(number))] = value
    rows.append(second)
    out = io.StringIO()
    csv.writer(out).writerows(rows)
    path = tmp_path / "lettings_with_errors.csv"
    path.write_text(out.getvalue(), encoding="utf-8")
    return path


def test_errors_are_reported_by_row_and_cell_and_downloadable(core_org, tmp_path):
    org, user = core_org
    path = invalid_copy(tmp_path, {4: "7", 13: "T-2"})  # needs type 7 is not an answer CORE knows
    upload = checked(receive(org, user, path))
    assert upload.summary["rows_with_errors"] == 1
    listed = upload.summary["listed"]
    assert listed[0]["row"] == 10 and listed[0]["severity"] == "error"
    assert listed[0]["cell"].endswith("10")
    assert upload.report_xlsx and upload.report_csv
    report = upload.report_csv.open("rb").read().decode("utf-8-sig")
    assert "Errors" in report.splitlines()[0] or "Errors" in report


def test_a_date_that_is_not_a_real_date_is_an_error_of_its_cells(core_org, tmp_path):
    org, user = core_org
    upload = checked(receive(org, user, invalid_copy(tmp_path, {8: "31", 9: "2", 10: "27", 13: "T-2"})))
    [problem] = [p for p in upload.summary["listed"] if p["field"] == "startdate"]
    assert problem["row"] == 10 and problem["cell"] == "I10"  # column A holds the template's row labels
    assert problem["message"].startswith("“31/2/27” is not a real date")


def test_fixing_the_file_stores_nothing_and_blanking_stores_the_rest(core_org, tmp_path):
    org, user = core_org
    upload = checked(receive(org, user, invalid_copy(tmp_path, {4: "7", 13: "T-2"})))
    upload = stored(upload, blank_errors=True)
    assert upload.summary["created"] == 2
    assert Log.objects.filter(error_count=0).count() == 2


def test_a_corrected_file_uploaded_again_updates_the_logs_instead_of_duplicating_them(core_org, tmp_path):
    org, user = core_org
    path = reference_file("core", "bulk_upload", "2026_27_lettings_bulk_upload.csv")
    stored(checked(receive(org, user, path)))
    again = checked(receive(org, user, path))
    assert (again.summary["create"], again.summary["update"]) == (0, 1)
    stored(again)
    assert Log.objects.count() == 1
    assert Log.objects.get().version >= 2


def test_the_same_log_twice_in_one_file_is_reported_not_stored_twice(core_org, tmp_path):
    org, user = core_org
    upload = checked(receive(org, user, invalid_copy(tmp_path, {})))
    assert any("same log as row 9" in p["message"] for p in upload.summary["listed"])
    stored(upload, blank_errors=True)
    assert Log.objects.count() == 1


def test_a_provider_export_is_mapped_checked_and_stored(core_org):
    org, user = core_org
    path = reference_file("alpha_provider_exports", "complex_test_data.csv")
    upload = receive(org, user, path)
    assert upload.layout == Upload.Layout.OWN and upload.status == Upload.Status.MAPPING
    fields = {m["header"]: m["field"] for m in upload.columns}
    assert fields["5) Contract Start Date:"] == "startdate"
    upload = checked(upload)
    assert upload.status == Upload.Status.CHECKED, upload.message
    assert upload.summary["rows"] == 467
    # the lettings began in February 2021: outside the 2026 to 2027 collection year
    assert upload.summary["rows_with_errors"] == 467
    assert any(f["field"] == "startdate" for f in upload.summary["by_field"])
    upload = stored(upload, blank_errors=True)
    assert upload.summary["created"] == 467
    assert SavedMapping.objects.filter(organisation=org, collection="core-lettings", year=2026).exists()
    # the next upload of the same layout starts from the saved mapping
    again = receive(org, user, path)
    assert {m["header"]: m["field"] for m in again.columns} == fields


def test_a_worker_that_dies_while_storing_leaves_no_logs_and_can_run_again(core_org, monkeypatch):
    org, user = core_org
    upload = checked(receive(org, user, reference_file("core", "bulk_upload", "2026_27_lettings_bulk_upload.csv")))

    def die(*args, **kwargs):
        raise SystemExit("worker killed")

    # the new logs are written first, then the updated ones: fail between the two
    monkeypatch.setattr("caselog.gateway.table._update_logs", die)
    enqueue_store(upload)  # the task fails as a killed worker's would, part way through storing
    assert Log.objects.count() == 0
    upload.refresh_from_db()
    assert upload.status == Upload.Status.STORING
    Upload.objects.filter(pk=upload.pk).update(updated_at=upload.updated_at - processing.STALE_AFTER * 2)
    upload.refresh_from_db()
    assert processing.is_stale(upload)
    monkeypatch.undo()
    enqueue_store(upload)
    upload.refresh_from_db()
    assert upload.status == Upload.Status.STORED and Log.objects.count() == 1


def test_headers_only_and_empty_files_say_there_are_no_logs(core_org):
    org, user = core_org
    compiled = get_definition("core-lettings", 2026)
    with pytest.raises(processing.UploadProblem, match="no logs"):
        processing.receive(org, user, compiled, "headings.csv", b"Tenancy start date,Postcode\r\n")
    with pytest.raises(processing.FileProblem, match="empty"):
        processing.receive(org, user, compiled, "empty.csv", b"")
    assert not Upload.objects.exists()
