"""Bulk upload in real Chromium, as a data provider does it (issue #5): from the logs list,
upload a file exported from the provider's own housing system, correct how one column is
matched, watch the file being checked by a background worker, read the error report on the
page and download it, then choose to fix the file, which saves nothing.

The file is the alpha's complex test data: 467 lettings from 2021, so every row fails the
tenancy start date rule and the error report has something to say about each.

Tasks run in a real database worker here, not inline as in the rest of the suite: the test
switches TASKS to django-tasks-db, and once the page shows the check waiting at 0% it runs
`db_worker --batch` in the test's own thread. The live server and the worker share the test
database, so the page then moves on by itself: its JavaScript polls the progress and reloads
it, or without JavaScript the meta refresh in its <noscript> does.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import signal

import pytest
from django.core import mail
from django.core.management import call_command
from playwright.sync_api import Page, expect

from caselog.channels.upload.models import Upload
from caselog.logs import window
from caselog.logs.models import Log
from tests.reference import reference_file

PASSWORD = "correct horse battery staple"
TODAY = dt.date(2026, 10, 1)
FILE = ("alpha_provider_exports", "complex_test_data.csv")
ROWS = 467
LISTED = 100  # problems the page lists (report.summarise); the rest are in the error report
HEADERS = ["5) Contract Start Date:", "2) Rental Object Reference:", "First part of Postcode", "Unknown"]


@pytest.fixture
def provider(make_organisation, make_user, monkeypatch, settings, tmp_path):
    """A data provider whose organisation has agreed to share data, during 2026 to 2027's
    collection; uploads go to a database queue, and files to a folder of the test's own."""
    from django.utils import timezone

    monkeypatch.setattr(window, "today", lambda: TODAY)
    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: TODAY)
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}  # django_tasks resets its backends
    settings.STORAGES = {**settings.STORAGES, "default": {
        "BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": str(tmp_path / "media")}}}
    org = make_organisation(agreed=True, provider_code="ORG1", name="Hill Housing")
    return make_user(name="Pat Provider", email="pat@example.com", organisation=org, password=PASSWORD)


def sign_in(page: Page, base: str) -> None:
    page.goto(base + "/sign-in")
    page.get_by_label("Email address").fill("pat@example.com")
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("link", name="Sign out")).to_be_visible()


UPLOAD_PAGE = re.compile(r"/uploads/\d+(/progress)?$")  # the upload's page and its progress numbers


def hold_requests_while_busy(page: Page) -> None:
    """The page's requests for the upload's page and progress go through a route. Playwright's
    sync API runs route handlers only inside its own calls, so while the test thread runs the
    worker they wait: the live server's threads share the test's in-memory SQLite connection
    with the worker, and must not be in a transaction on it at the same time."""
    page.route(UPLOAD_PAGE, lambda route: route.continue_())


def run_worker(page: Page) -> None:
    """What `manage.py db_worker --batch` does: run every queued task, then stop. First the
    page's request in flight is let finish (see hold_requests_while_busy)."""
    from django_tasks_db.models import DBTaskResult

    with page.expect_response(UPLOAD_PAGE):
        pass

    handlers = {s: signal.getsignal(s) for s in (signal.SIGINT, signal.SIGTERM, signal.SIGQUIT)}
    try:
        call_command("db_worker", batch=True, startup_delay=False, reload=False, interval=0.1, verbosity=0,
                     stdout=io.StringIO())
    finally:
        for s, handler in handlers.items():  # the worker takes over Ctrl+C; give it back to pytest
            signal.signal(s, handler)
    failed = DBTaskResult.objects.failed().first()
    assert failed is None, failed.traceback
    assert DBTaskResult.objects.successful().exists()


def upload_the_file(page: Page, base: str, check=None) -> None:
    """From the logs list to the columns page; with `check`, the upload page is checked with
    axe-core, empty and with its errors."""
    page.goto(base + "/logs")
    page.get_by_role("button", name="Upload logs").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Upload a file of logs")
    if check:
        check(page, "upload-new")
        page.get_by_role("button", name="Upload file").click()
        summary = page.locator(".govuk-error-summary")
        expect(summary).to_contain_text("Select whether the file has lettings or sales")
        expect(summary).to_contain_text("Select a file")
        expect(page).to_have_title(re.compile("^Error: "))
        check(page, "upload-new-errors")
    page.get_by_label("Lettings, 2026 to 2027").check()
    page.get_by_label("Upload a file").set_input_files(str(reference_file(*FILE)))
    page.get_by_role("button", name="Upload file").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Check how your columns match our questions")


def column_select(page: Page, header: str):
    """The select for the column with this heading."""
    upload = Upload.objects.get()
    column = next(c["column"] for c in upload.columns if c["header"] == header)
    return page.locator(f"select#column-{column}")


def save_columns(page: Page, check=None) -> tuple[str, str] | None:
    """Save the columns. If the values page asks what answers in the file mean, say what one
    means (the rest are left blank) and save that: the value and the answer chosen."""
    page.get_by_role("button", name="Save and check the file").click()
    heading = page.get_by_role("heading", level=1)
    expect(heading).not_to_have_text("Check how your columns match our questions")
    if heading.inner_text() != "Tell us what these answers mean":
        return None
    if check:
        check(page, "upload-values")
    prison = page.get_by_label("“Prison / Approved Probation Hostel”")
    if prison.count():  # the previous housing situation, in the provider's words
        value, answer = "Prison / Approved Probation Hostel", "Prison or approved probation hostel"
        prison.select_option(label=answer)
    else:
        first = page.locator("main select").first
        value = first.evaluate("e => e.labels[0].textContent.trim().slice(1, -1)")
        answer = first.locator("option").nth(1).inner_text()  # the first answer after "Leave blank"
        first.select_option(label=answer)
    page.get_by_role("button", name="Save and check the file").click()
    return value, answer


def test_a_provider_uploads_its_own_file_corrects_a_column_and_reads_the_error_report(
        live_server, page, provider, check_accessibility, tmp_path):
    base = live_server.url
    sign_in(page, base)
    upload_the_file(page, base, check=check_accessibility)
    check_accessibility(page, "upload-columns")

    # the columns: the file's headings, with the question each is matched to
    expect(page.get_by_text("Column A: “5) Contract Start Date:”")).to_be_visible()
    unknown = column_select(page, "Unknown")
    unknown.select_option(label="Do not upload this column")
    chosen = save_columns(page, check=check_accessibility)
    upload = Upload.objects.get()
    assert next(c for c in upload.columns if c["header"] == "Unknown")["field"] is None
    if chosen:  # the answer chosen for the value is kept with the upload
        value, _ = chosen
        assert any(found.get(value) for found in upload.values.values()), upload.values

    # the check waits for a worker: the page shows it at 0%, and says how it will move on
    expect(page.get_by_role("heading", level=1)).to_have_text("Checking your file")
    expect(page.get_by_role("status")).to_have_text(f"Checked 0 of {ROWS} rows (0%)")
    assert '<noscript><meta http-equiv="refresh" content="2"></noscript>' in page.content()
    assert page.url.endswith(f"/uploads/{upload.pk}")
    check_accessibility(page, "upload-checking")
    hold_requests_while_busy(page)

    run_worker(page)
    # the page's JavaScript sees the check has finished and shows what it found
    expect(page.get_by_role("heading", level=1)).to_have_text("Your file has been checked", timeout=15_000)
    upload.refresh_from_db()
    assert upload.status == Upload.Status.CHECKED
    assert mail.outbox[-1].to == ["pat@example.com"]  # "we will email … when it has finished"

    # what saving would do, and what is wrong: every row, by question and by row
    main = page.locator("main")
    expect(main.get_by_role("heading", name="Problems by question")).to_be_visible()
    by_question = main.get_by_role("table", name="Problems by question")
    by_row = main.get_by_role("table", name=re.compile("problems, in row order"))
    expect(by_row.locator("tbody tr").first.locator("td, th")).to_have_text([
        "A2", "5) Contract Start Date:", "Error",
        "Enter a date within the 2026 to 2027 collection year, which is between 1 April 2026 and 31 March 2027."])
    expect(by_row.locator("tbody tr")).to_have_count(LISTED)
    expect(main).to_contain_text(f"{ROWS - LISTED} more problems are not listed here")
    question = by_question.locator("tbody tr").first.locator("td, th")
    expect(question).to_have_text(["Tenancy start date", "Error", str(ROWS), re.compile(r"^2, 3, 4, 5, 6")])
    check_accessibility(page, "upload-checked")

    # the error report: the user's own file, with a column saying what is wrong in each row
    with page.expect_download() as download:
        page.get_by_role("link", name="Download the error report (Excel)").click()
    assert download.value.suggested_filename == "complex_test_data - errors.xlsx"
    saved = tmp_path / download.value.suggested_filename
    download.value.save_as(saved)
    from python_calamine import CalamineWorkbook

    book = CalamineWorkbook.from_path(str(saved))
    rows = book.get_sheet_by_index(0).to_python()
    header = [str(cell) for cell in rows[0]]
    assert all(h in header for h in HEADERS), header
    assert header[-1] == "Errors"
    assert len(rows) == ROWS + 1
    assert rows[1][:4] == ["02/02/2021", "Lifetime Local Authority General Needs tenancy",
                           "Just moved to the local authority area", "1010/100823/10000013"]
    assert str(rows[1][-1]).startswith("5) Contract Start Date:")
    assert "Enter a date within the 2026 to 2027 collection year" in str(rows[1][-1])
    problems = [[str(cell) for cell in row] for row in book.get_sheet_by_name("Errors").to_python()]
    assert any("A2" in row for row in problems), problems[:3]

    # a choice is needed before going on
    page.get_by_role("button", name="Continue").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "Select whether to create the logs with the wrong answers left blank, or fix the file")
    check_accessibility(page, "upload-checked-errors")

    page.get_by_label("Fix the file and upload it again").check()
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your logs have not been saved")
    expect(page.get_by_role("link", name="Download the error report (Excel)")).to_be_visible()
    check_accessibility(page, "upload-not-stored")
    assert not Log.objects.exists()
    upload.refresh_from_db()
    assert upload.status == Upload.Status.NOT_STORED


@pytest.mark.browser_context_args(java_script_enabled=False)
def test_the_upload_moves_on_by_itself_with_javascript_switched_off(live_server, page, provider):
    base = live_server.url
    sign_in(page, base)
    upload_the_file(page, base)
    column_select(page, "Unknown").select_option(label="Do not upload this column")
    save_columns(page)

    expect(page.get_by_role("heading", level=1)).to_have_text("Checking your file")
    expect(page.get_by_text(f"Checked 0 of {ROWS} rows (0%)")).to_be_visible()
    # without JavaScript the <noscript> is part of the page: its meta refresh reloads it
    expect(page.locator('meta[http-equiv="refresh"]')).to_have_attribute("content", "2")
    hold_requests_while_busy(page)

    run_worker(page)
    expect(page.get_by_role("heading", level=1)).to_have_text("Your file has been checked", timeout=15_000)
    expect(page.locator('meta[http-equiv="refresh"]')).to_have_count(0)
    expect(page.get_by_role("heading", name="Problems by row")).to_be_visible()
    assert Upload.objects.get().status == Upload.Status.CHECKED
