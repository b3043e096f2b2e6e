"""A housing system follows its organisation's bulk uploads through the API: the status and
progress of each, what checking found by question, and the error report; never another
organisation's uploads."""

import csv
import datetime as dt
import io

import pytest

from caselog.channels.api.models import ApiKey
from caselog.channels.upload import processing
from caselog.channels.upload.models import Upload
from caselog.channels.upload.tasks import enqueue_check
from caselog.definitions.registry import get_definition
from tests.reference import reference_file

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("during_the_year")]




@pytest.fixture
def core_key(core_org):
    """The organisation and user CORE's own example rows name, and the organisation's key."""
    org, user = core_org
    return org, user, ApiKey.issue(org, "Housing system", ApiKey.Access.READ, user)[1]


def get(client, url, key):
    return client.get(url, HTTP_AUTHORIZATION=f"Bearer {key}")


def with_needs_type_7() -> bytes:
    """CORE's 2026 lettings template with its example row twice, the second with a needs type of 7."""
    rows = list(csv.reader(io.StringIO(reference_file("core", "bulk_upload", "2026_27_lettings_bulk_upload.csv")
                                       .read_text(encoding="utf-8-sig"))))
    second = list(rows[8])
    second[rows[7].index("4")], second[rows[7].index("13")] = "7", "T-2"
    out = io.StringIO()
    csv.writer(out).writerows([*rows, second])
    return out.getvalue().encode()


def uploaded(org, user, data: bytes, name="lettings.csv") -> Upload:
    upload = processing.receive(org, user, get_definition("core-lettings", 2026), name, data)
    enqueue_check(upload)  # run at once in tests
    upload.refresh_from_db()
    return upload


def test_a_checked_upload_shows_its_counts_problems_by_question_and_error_report(client, core_key):
    org, user, key = core_key
    upload = uploaded(org, user, with_needs_type_7())
    response = get(client, f"/api/v1/uploads/{upload.pk}", key)
    assert response.status_code == 200
    body = response.json()
    assert (body["status"], body["status_text"], body["stopped"]) == ("checked", "Ready to create logs", False)
    assert (body["rows_total"], body["percent_done"]) == (2, 100)
    counts = body["counts"]
    assert (counts["rows"], counts["to_create"], counts["rows_with_errors"], counts["created"]) == (2, 2, 1, None)
    [needs] = [p for p in body["problems_by_question"] if p["field"] == "needstype"]
    assert (needs["severity"], needs["count"], needs["rows"]) == ("error", 1, [10])
    assert body["page_url"] == f"/uploads/{upload.pk}"
    report = get(client, body["report_urls"]["csv"], key)
    assert report.status_code == 200
    assert 'filename="lettings - errors.csv"' in report["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(b"".join(report.streaming_content).decode("utf-8-sig"))))
    assert [r[-1] for r in rows[:2]] == ["", "Errors"]  # headed on the template's Question row
    assert rows[8][-1] == ""
    assert rows[9][-1] == ("What is the needs type?: Needs type: “7” is not one of the answers. "  # the file's row 10
                           "Enter one of: 1 (General needs), 2 (Supported housing).")
    assert get(client, body["report_urls"]["xlsx"], key).status_code == 200


def test_an_upload_with_no_problems_has_no_report_and_says_so(client, core_key):
    org, user, key = core_key
    data = reference_file("core", "bulk_upload", "2026_27_lettings_bulk_upload.csv").read_bytes()
    upload = uploaded(org, user, data)
    body = get(client, f"/api/v1/uploads/{upload.pk}", key).json()
    assert body["counts"]["errors"] == 0 and body["report_urls"] == {}
    missing = get(client, f"/api/v1/uploads/{upload.pk}/report.csv", key)
    assert missing.status_code == 404
    assert missing.json()["detail"].startswith("This upload has no error report")


def test_uploads_are_listed_newest_first_in_pages_and_another_organisations_are_never_seen(client, core_key,
                                                                                          make_organisation, make_user):
    org, user, key = core_key
    data = reference_file("core", "bulk_upload", "2026_27_lettings_bulk_upload.csv").read_bytes()
    mine = [uploaded(org, user, data, f"file {i}.csv") for i in range(3)]
    other = make_organisation(agreed=True)
    theirs = uploaded(other, make_user(organisation=other), data)
    first = get(client, "/api/v1/uploads?limit=2", key).json()
    assert [u["filename"] for u in first["items"]] == ["file 2.csv", "file 1.csv"]
    rest = get(client, first["next"], key).json()
    assert [u["filename"] for u in rest["items"]] == ["file 0.csv"] and rest["next"] is None
    assert get(client, f"/api/v1/uploads/{theirs.pk}", key).status_code == 404
    assert get(client, f"/api/v1/uploads/{theirs.pk}/report.csv", key).status_code == 404
    assert [u["id"] for u in get(client, "/api/v1/uploads?status=checked", key).json()["items"]] == [
        u.pk for u in reversed(mine)]
    assert get(client, "/api/v1/uploads?status=lost", key).status_code == 422


def test_an_upload_whose_worker_stopped_says_so(client, core_key):
    org, user, key = core_key
    upload = uploaded(org, user, reference_file("core", "bulk_upload", "2026_27_lettings_bulk_upload.csv").read_bytes())
    long_ago = dt.datetime(2026, 9, 1, tzinfo=dt.UTC)
    Upload.objects.filter(pk=upload.pk).update(status=Upload.Status.STORING, updated_at=long_ago)
    body = get(client, f"/api/v1/uploads/{upload.pk}", key).json()
    assert (body["status"], body["stopped"]) == ("storing", True)
