"""An uploaded file is recognised as the official bulk upload template by its own header rows:
this year's template as its definition, another year's with a message that says which year it
is and why it cannot be uploaded, and a provider's own export not at all."""

import copy
import datetime as dt
import io
import json

import pytest
import xlsxwriter

from caselog.channels.upload.reading import read_table
from caselog.channels.upload.template import (
    TemplateError,
    TemplateYearError,
    answers_frame,
    parse_template,
    recognise_template,
    template_year,
)
from caselog.cli.main import main
from caselog.definitions.registry import available, get_definition
from caselog.engine import evaluate_table, outcomes
from tests.reference import BULK_UPLOAD, reference_file

TODAY = dt.date(2026, 10, 1)
THIS_YEAR = {  # reference file -> the definition it is the template of
    "2026_27_lettings_bulk_upload.csv": "core-lettings",
    "2026_27_sales_bulk_upload.csv": "core-sales",
}
CLOSED_YEAR = {  # reference file -> what its message calls it
    "2023_24_lettings_bulk_upload.csv": "lettings",
    "2023_24_lettings_bulk_upload.xlsx": "lettings",
    "2023_24_lettings_bulk_upload_invalid.csv": "lettings",
    "2023_24_lettings_bulk_upload_empty_with_headers.csv": "lettings",
    "2023_24_sales_bulk_upload.csv": "sales",
    "2023_24_sales_bulk_upload_invalid.csv": "sales",
}


def definitions():
    return [get_definition(collection, year) for collection, year in available()]


def rows_of(name: str) -> list[list[str]]:
    return read_table(reference_file("core", "bulk_upload", name).read_bytes()).rows


def cell(rows, label: str, question: str) -> tuple[int, int]:
    """(row, column) of the header row starting `label`, under the column asking `question`."""
    [question_row] = [r for r in rows[:10] if r[0] == "Question"]
    [row] = [i for i, r in enumerate(rows[:10]) if r[0] == label]
    return row, question_row.index(question)


def test_every_reference_template_is_covered_by_these_tests():
    assert sorted(p.name for p in BULK_UPLOAD.iterdir()) == sorted([*THIS_YEAR, *CLOSED_YEAR])


@pytest.mark.parametrize(("name", "collection"), THIS_YEAR.items())
def test_this_years_template_is_recognised_as_its_definition_and_its_example_log_has_no_errors(name, collection):
    rows = rows_of(name)
    match = recognise_template(rows, definitions())
    assert (match.collection, match.year) == (collection, 2026)
    assert match.compiled is get_definition(collection, 2026)
    assert (match.header_rows, match.first_data_row, match.logs) == (8, 9, 1)
    assert rows[match.question_row][0] == "Question"
    parsed = parse_template(rows, match.compiled)
    frame = answers_frame(match.compiled, parsed, TODAY)
    [outcome] = outcomes(match.compiled, evaluate_table(match.compiled, frame, today=TODAY), frame, today=TODAY)
    assert [number for number, _ in parsed.rows] == [9]
    assert outcome.errors == (), [e.message for e in outcome.errors]


@pytest.mark.parametrize(("name", "log_type"), CLOSED_YEAR.items())
def test_a_2023_to_2024_template_says_which_year_it_is_and_that_the_year_is_closed(name, log_type):
    with pytest.raises(TemplateYearError) as raised:
        recognise_template(rows_of(name), definitions())
    assert str(raised.value) == (
        f"This is the 2023 to 2024 {log_type} bulk upload template. The 2023 to 2024 collection year is closed, "
        "so its logs can no longer be uploaded. To upload logs for 2026 to 2027, download the 2026 to 2027 "
        "template and copy your data into it."
    )
    assert (raised.value.year, raised.value.state, raised.value.log_type) == (2023, "closed", log_type)


def test_the_2023_to_2024_sales_template_is_read_as_2023_from_its_year_range_20_to_24():
    rows = rows_of("2023_24_sales_bulk_upload.csv")
    row, column = cell(rows, "Values", "What is the sale completion date? - year YY")
    assert rows[row][column] == "20 - 24"
    assert template_year(rows) == 2023


def test_a_template_of_a_year_newer_than_ours_says_that_year_is_not_open_yet():
    rows = copy.deepcopy(rows_of("2026_27_lettings_bulk_upload.csv"))
    row, column = cell(rows, "Values", "What is the tenancy start date? - year YY")
    rows[row][column] = "27 - 28"
    with pytest.raises(TemplateYearError) as raised:
        recognise_template(rows, definitions())
    assert str(raised.value).startswith(
        "This is the 2027 to 2028 lettings bulk upload template. The 2027 to 2028 collection year is not open yet"
    )
    assert raised.value.state == "not_open"


@pytest.mark.parametrize(("day_month_year", "year"), [
    (("1", "4", "26"), 2026),
    (("15", "2", "27"), 2026),  # February 2027 is in the 2026 to 2027 collection year
    (("31", "3", "2026"), 2025),
])
def test_without_its_values_row_the_year_is_read_from_the_dates_of_the_logs(day_month_year, year):
    rows = copy.deepcopy(rows_of("2026_27_lettings_bulk_upload.csv"))
    values_row, year_column = cell(rows, "Values", "What is the tenancy start date? - year YY")
    rows[values_row][year_column] = ""
    rows[8][year_column - 2: year_column + 1] = list(day_month_year)
    assert template_year(rows) == year


def test_a_2023_template_with_its_values_row_cleared_is_still_known_by_its_logs_dates():
    rows = copy.deepcopy(rows_of("2023_24_lettings_bulk_upload.csv"))
    values_row, year_column = cell(rows, "Values", "What is the tenancy start date? - year YY")
    rows[values_row][year_column] = ""
    with pytest.raises(TemplateYearError, match="This is the 2023 to 2024 lettings bulk upload template"):
        recognise_template(rows, definitions())


def test_this_years_template_with_no_logs_is_recognised_and_gives_the_no_logs_message():
    match = recognise_template(rows_of("2026_27_sales_bulk_upload.csv")[:8], definitions())
    assert match.collection == "core-sales" and match.logs == 0
    assert match.no_logs_message == (
        "The selected file is the 2026 to 2027 sales bulk upload template with no logs in it. Add a row for each "
        "log under the header rows, starting at row 9, then upload the file again"
    )


def test_a_providers_own_export_is_not_the_template():
    rows = read_table(reference_file("alpha_provider_exports", "simple_test_data.csv").read_bytes()).rows
    assert recognise_template(rows, definitions()) is None


def test_field_numbers_under_questions_of_no_template_we_know_are_refused():
    rows = copy.deepcopy(rows_of("2026_27_lettings_bulk_upload.csv"))
    question_row, _ = cell(rows, "Question", "What is the needs type?")
    rows[question_row][1:] = [f"Question {i}" for i in range(1, len(rows[question_row]))]
    with pytest.raises(TemplateError, match="its questions are not those of a template we know"):
        recognise_template(rows, definitions())


def test_parse_template_against_another_year_names_the_year_the_file_is_for():
    with pytest.raises(TemplateError) as raised:
        parse_template(rows_of("2023_24_sales_bulk_upload.csv"), get_definition("core-sales", 2026))
    assert str(raised.value).startswith(
        "this is not the 2026 to 2027 sales bulk upload template: it is the 2023 to 2024 template"
    )


def as_xlsx(rows: list[list[str]]) -> bytes:
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer)
    sheet = book.add_worksheet("Template")
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            if value:
                sheet.write(r, c, int(value) if value.isdigit() and len(value) < 6 else value)  # numbers as Excel keeps them
    book.close()
    return buffer.getvalue()


def test_the_template_saved_as_xlsx_reads_like_its_csv():
    rows = rows_of("2026_27_lettings_bulk_upload.csv")
    from_xlsx = read_table(as_xlsx(rows)).rows
    match = recognise_template(from_xlsx, definitions())
    assert match.collection == "core-lettings"
    assert parse_template(from_xlsx, match.compiled) == parse_template(rows, match.compiled)


def test_caselog_validate_checks_an_xlsx_template_as_it_checks_the_csv(tmp_path, capsys):
    csv_path = BULK_UPLOAD / "2026_27_lettings_bulk_upload.csv"
    xlsx_path = tmp_path / "lettings.xlsx"
    xlsx_path.write_bytes(as_xlsx(rows_of(csv_path.name)))
    results = []
    for path in (csv_path, xlsx_path):
        code = main(["validate", "core-lettings", "2026", str(path), "--today", TODAY.isoformat()])
        results.append((code, [json.loads(line) for line in capsys.readouterr().out.splitlines()]))
    assert results[0] == results[1]
    code, [line] = results[1]
    assert code == 0 and line["row"] == 9 and line["errors"] == []


def test_caselog_validate_of_a_file_that_is_not_a_spreadsheet_says_so(tmp_path, capsys):
    pdf = tmp_path / "logs.pdf"
    pdf.write_bytes(b"%PDF-1.7 ...")
    code = main(["validate", "core-lettings", "2026", str(pdf)])
    assert code == 2 and "The selected file is a PDF" in capsys.readouterr().err
