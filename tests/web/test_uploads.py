"""The bulk upload pages, as a person uploading sees them (the tasks run inline in tests):
choose a file, check the columns, say what unknown answers mean, read the preview and the
error report, choose what to save, and find the upload in the list."""

import re

import pytest
from django.core import mail
from django.urls import reverse

from caselog.channels.upload.models import Upload
from caselog.logs.models import Log
from tests.reference import reference_file

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("during_the_year")]




@pytest.fixture
def officer(client, make_organisation, make_user, sign_in):
    org = make_organisation(agreed=True, provider_code="ORG1")
    user = make_user(email="support@example.com", organisation=org)
    sign_in(client, user)
    return user


def upload_file(client, path, collection="core-lettings/2026"):
    with open(path, "rb") as handle:
        return client.post(reverse("uploads:new"), {"collection": collection, "file": handle})


def text(response) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


def test_the_upload_page_states_what_files_it_takes(client, officer):
    page = text(client.get(reverse("uploads:new")))
    assert "CSV, Excel (XLSX) or OpenDocument (ODS)" in page
    assert "smaller than 50 MB" in page and "200,000 logs" in page


def test_the_template_downloaded_from_the_upload_page_filled_in_is_checked_with_no_mapping(client, officer, tmp_path):
    page = client.get(reverse("uploads:new")).content.decode()
    links = re.findall(r'href="(/uploads/template/[^"]+)"', page)
    assert links == ["/uploads/template/core-lettings/2026.xlsx", "/uploads/template/core-lettings/2026.csv",
                     "/uploads/template/core-sales/2026.xlsx", "/uploads/template/core-sales/2026.csv"]
    client.logout()  # the template is for anyone, as CORE's collection resources are
    response = client.get(links[1])
    assert response["Content-Disposition"] == 'attachment; filename="2026_27_core-lettings_bulk_upload_template.csv"'
    example = reference_file("core", "bulk_upload", "2026_27_lettings_bulk_upload.csv").read_text(encoding="utf-8-sig")
    filled = tmp_path / "our logs.csv"
    filled.write_bytes(response.content + example.splitlines(keepends=True)[-1].encode())
    officer.refresh_from_db()
    client.force_login(officer)
    response = upload_file(client, filled)
    upload = Upload.objects.get()
    assert response.url == reverse("uploads:detail", args=[upload.pk])  # no columns to check: it is the template
    assert "New logs 1" in text(client.get(response.url)) and upload.summary["errors"] == 0
    assert client.get("/uploads/template/core-lettings/2025.xlsx").status_code == 404


def test_choosing_nothing_says_what_to_do(client, officer):
    response = client.post(reverse("uploads:new"), {})
    assert response.status_code == 400
    page = text(response)
    assert "Select whether the file has lettings or sales" in page and "Select a file" in page


def test_a_file_that_cannot_be_read_is_refused_with_the_reason_and_nothing_kept(client, officer, tmp_path):
    pdf = tmp_path / "logs.csv"
    pdf.write_bytes(b"%PDF-1.7 not a spreadsheet")
    response = upload_file(client, pdf)
    assert response.status_code == 400
    assert "The selected file is a PDF" in text(response)
    assert not Upload.objects.exists()


def test_a_closed_years_template_names_its_year(client, officer):
    response = upload_file(client, reference_file("core", "bulk_upload", "2023_24_lettings_bulk_upload.csv"))
    assert response.status_code == 400
    assert "2023 to 2024" in text(response) and "closed" in text(response)


def test_the_template_goes_straight_to_checking_then_saving(client, officer):
    response = upload_file(client, reference_file("core", "bulk_upload", "2026_27_lettings_bulk_upload.csv"))
    upload = Upload.objects.get()
    assert response.url == reverse("uploads:detail", args=[upload.pk])
    page = text(client.get(response.url))
    assert "Your file has been checked" in page
    assert "New logs 1" in page and "Logs with errors 0" in page
    response = client.post(reverse("uploads:store", args=[upload.pk]), {})
    page = text(client.get(response.url))
    assert "Your logs have been saved" in page and "1 created, 0 updated" in page
    assert Log.objects.get().answers["tenancycode"]
    assert mail.outbox[-1].subject.startswith("Logs from 2026_27_lettings_bulk_upload.csv")
    assert f"/uploads/{upload.pk}" in mail.outbox[-1].body


def test_a_provider_export_is_mapped_on_a_page_the_user_can_correct(client, officer):
    response = upload_file(client, reference_file("alpha_provider_exports", "simple_test_data.csv"))
    upload = Upload.objects.get()
    assert response.url == reverse("uploads:columns", args=[upload.pk])
    page = client.get(response.url)
    body = text(page)
    assert "Check how your columns match our questions" in body
    assert "Column A: “5) Contract Start Date:”" in body
    selected = dict(re.findall(r'<select[^>]*name="(column-\d+)".*?<option value="([^"]*)" selected', page.content.decode(), re.S))
    assert selected["column-0"] == "startdate"
    # two columns for one question: the page says which and asks again
    wrong = {name: value for name, value in selected.items()}
    wrong["column-1"] = "startdate"
    response = client.post(reverse("uploads:columns", args=[upload.pk]), wrong)
    assert response.status_code == 400
    assert "Columns A and B are both mapped to" in text(response)
    # leave the second column out: it is not uploaded
    chosen = {**selected, "column-1": ""}
    response = client.post(reverse("uploads:columns", args=[upload.pk]), chosen)
    upload.refresh_from_db()
    assert next(c for c in upload.columns if c["column"] == 1)["field"] is None
    if response.url == reverse("uploads:values", args=[upload.pk]):
        page = client.get(response.url)
        assert "Tell us what these answers mean" in text(page)
        response = client.post(response.url, {})
    assert response.url == reverse("uploads:detail", args=[upload.pk])
    page = text(client.get(response.url))
    assert "Your file has been checked" in page
    assert "Problems by question" in page and "Problems by row" in page
    assert "Download the error report (Excel)" in page


def test_storing_needs_a_choice_about_errors_and_fixing_the_file_saves_nothing(client, officer):
    upload_file(client, reference_file("alpha_provider_exports", "simple_test_data.csv"))
    upload = Upload.objects.get()
    client.post(reverse("uploads:columns", args=[upload.pk]), {})
    upload.refresh_from_db()
    if upload.status == Upload.Status.MAPPING:
        client.post(reverse("uploads:values", args=[upload.pk]), {})
    response = client.post(reverse("uploads:store", args=[upload.pk]), {})
    assert response.status_code == 400
    assert "Select whether to create the logs with the wrong answers left blank, or fix the file" in text(response)
    response = client.post(reverse("uploads:store", args=[upload.pk]), {"errors": "fix"})
    assert "Your logs have not been saved" in text(client.get(response.url))
    assert not Log.objects.exists()


def test_the_error_report_downloads_as_the_users_file_with_an_errors_column(client, officer):
    upload_file(client, reference_file("alpha_provider_exports", "simple_test_data.csv"))
    upload = Upload.objects.get()
    client.post(reverse("uploads:columns", args=[upload.pk]), {})
    upload.refresh_from_db()
    if upload.status == Upload.Status.MAPPING:
        client.post(reverse("uploads:values", args=[upload.pk]), {})
    response = client.get(reverse("uploads:report", args=[upload.pk, "csv"]))
    assert response.status_code == 200
    assert 'filename="simple_test_data - errors.csv"' in response["Content-Disposition"]
    report = b"".join(response.streaming_content).decode("utf-8-sig")
    header = report.splitlines()[0]
    assert header.startswith("5) Contract Start Date:") and header.endswith("Errors")
    assert "5) Contract Start Date:" in report.splitlines()[1].split(",", 6)[-1] or "Contract Start Date" in report


def test_the_uploads_list_shows_who_when_which_file_and_outcome(client, officer):
    upload_file(client, reference_file("core", "bulk_upload", "2026_27_lettings_bulk_upload.csv"))
    page = text(client.get(reverse("uploads:list")))
    assert "2026_27_lettings_bulk_upload.csv" in page
    assert officer.name in page
    assert "Ready to create logs" in page


def test_progress_is_shown_while_a_file_is_checked(client, officer):
    upload_file(client, reference_file("core", "bulk_upload", "2026_27_lettings_bulk_upload.csv"))
    upload = Upload.objects.get()
    Upload.objects.filter(pk=upload.pk).update(status=Upload.Status.CHECKING, rows_done=0, rows_total=4)
    page = client.get(reverse("uploads:detail", args=[upload.pk])).content.decode()
    assert '<noscript><meta http-equiv="refresh" content="2"></noscript>' in page
    assert "Checked 0 of 4 rows (0%)" in page
    Upload.objects.filter(pk=upload.pk).update(rows_done=3)
    progress = client.get(reverse("uploads:progress", args=[upload.pk])).json()
    assert progress["percent"] == 75 and progress["text"] == "Checked 3 of 4 rows (75%)"
