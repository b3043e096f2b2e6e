"""The error report a person downloads after an upload: their own file back, with each row's
problems in an "Errors" column named by their own headers, the cells at fault highlighted,
and a sheet listing every problem with the cell it is in."""

import csv
import io
import re
import zipfile
from xml.etree import ElementTree

import pytest
from python_calamine import CalamineWorkbook

from caselog.channels.upload.report import Problem, cell_ref, report_csv, report_workbook, summarise

HEADERS = [["Tenant code", "Contract Start Date", "Weekly rent", "Bedrooms"]]
ROWS = [
    (2, ["T1", "2026-05-01", "95.50", "2"]),
    (3, ["T2", "2025-01-01", "1200", ""]),
    (4, ["T3", "2026-06-01", "80", "3"]),
]
PROBLEMS = [
    Problem(3, 1, "startdate", "Tenancy start date", "Enter a date within the 2026 to 2027 collection year", "error"),
    Problem(3, 2, "brent", "Basic rent", "You told us the rent is £1,200 a week. Check this is right", "warning"),
    Problem(3, 3, "beds", "Number of bedrooms", "Enter the number of bedrooms", "error"),
    Problem(4, None, "hhmemb", "Number of household members", "Enter the ages of all 3 people in the household", "error"),
]
NS = {"x": "http://schemas.openxmlformats.org/spreadsheetml/2006/main"}


def sheets(data: bytes) -> dict[str, list[list]]:
    book = CalamineWorkbook.from_filelike(io.BytesIO(data))
    return {name: book.get_sheet_by_name(name).to_python() for name in book.sheet_names}


def at(rows: list[list], ref: str):
    """The value at an A1 reference, the way a person finds it."""
    letters, number = re.fullmatch(r"([A-Z]+)(\d+)", ref).groups()
    column = 0
    for letter in letters:
        column = column * 26 + ord(letter) - 64
    return rows[int(number) - 1][column - 1]


def xml(data: bytes, part: str) -> ElementTree.Element:
    return ElementTree.fromstring(zipfile.ZipFile(io.BytesIO(data)).read(part))


def fill(data: bytes, ref: str) -> str | None:
    """The background colour of a cell on the first sheet, None when it has none."""
    cell = xml(data, "xl/worksheets/sheet1.xml").find(f".//x:c[@r='{ref}']", NS)
    if cell is None or cell.get("s") is None:
        return None
    styles = xml(data, "xl/styles.xml")
    fill_id = int(styles.find("x:cellXfs", NS)[int(cell.get("s"))].get("fillId"))
    colour = styles.find("x:fills", NS)[fill_id].find(".//x:fgColor", NS)
    return colour.get("rgb")[-6:] if colour is not None else None


def test_cell_references_are_as_a_spreadsheet_names_cells():
    assert cell_ref(12, 2) == "C12"
    assert cell_ref(1, 26) == "AA1"
    assert cell_ref(12, None) == "row 12"


def test_the_report_is_the_users_own_file_with_an_errors_column_in_their_words():
    your_file = sheets(report_workbook(HEADERS, ROWS, PROBLEMS))["Your file"]
    assert your_file[0] == [*HEADERS[0], "Errors"]
    assert [row[:4] for row in your_file[1:]] == [cells for _, cells in ROWS]
    assert your_file[1][4] == ""
    assert your_file[2][4] == (
        "Contract Start Date: Enter a date within the 2026 to 2027 collection year\n"
        "Bedrooms: Enter the number of bedrooms\n"
        "Weekly rent (warning): You told us the rent is £1,200 a week. Check this is right"
    )
    assert your_file[3][4] == "Number of household members: Enter the ages of all 3 people in the household"


def test_the_errors_sheet_lists_each_problem_with_a_reference_to_the_cell_at_fault():
    report = sheets(report_workbook(HEADERS, ROWS, PROBLEMS))
    errors = report["Errors"]
    assert errors[0] == ["Cell", "Row", "Column", "Question", "Error or warning", "Message"]
    assert errors[1] == ["B3", 3, "Contract Start Date", "Tenancy start date", "Error",
                         "Enter a date within the 2026 to 2027 collection year"]
    assert [row[0] for row in errors[1:]] == ["B3", "C3", "D3", "row 4"]
    assert [row[4] for row in errors[1:]] == ["Error", "Warning", "Error", "Error"]
    assert at(report["Your file"], "B3") == "2025-01-01"  # the reference finds the user's value
    assert at(report["Your file"], "C3") == "1200"


def test_cells_with_an_error_are_highlighted_and_warnings_in_another_colour():
    data = report_workbook(HEADERS, ROWS, PROBLEMS)
    assert fill(data, "B3") == "F6D7D2"
    assert fill(data, "D3") == "F6D7D2"  # a blank answer at fault is highlighted too
    assert fill(data, "C3") == "FFF2CC"
    assert fill(data, "A3") is None and fill(data, "B2") is None


def test_a_template_keeps_its_header_rows_and_row_numbers_with_blank_rows_in_place():
    header = [["Section", "Setting up this lettings log", ""], ["Question", "What is the needs type?", "What is the rent type?"],
              ["Field number", "4", "11"]]
    rows = [(4, ["", "1", "1"]), (6, ["", "3", "1"])]
    problems = [Problem(6, 1, "needstype", "Needs type", "Needs type must be 1 (General needs) or 2 (Supported housing)", "error")]
    report = sheets(report_workbook(header, rows, problems, names_row=1))
    your_file = report["Your file"]
    assert [row[:3] for row in your_file[:3]] == header
    assert your_file[1][3] == "Errors" and your_file[2][3] == ""
    assert your_file[4] == ["", "", "", ""]  # the blank row 5 stays, so row 6 is still row 6
    assert your_file[5][3] == "What is the needs type?: Needs type must be 1 (General needs) or 2 (Supported housing)"
    assert report["Errors"][1][:3] == ["B6", 6, "What is the needs type?"]
    assert at(your_file, "B6") == "3"


def test_values_that_look_like_formulas_stay_text_in_the_workbook():
    rows = [(2, ["=HYPERLINK(\"http://example.com\")", "+44 20 7946 0000", "-2+3", "@SUM(A1)"])]
    headers = [["=cmd|' /C calc'!A0", "Phone", "Sum", "At"]]
    problems = [Problem(2, 0, "tenancycode", "Tenant code", "Enter a tenant code of 13 characters or fewer", "error")]
    data = report_workbook(headers, rows, problems)
    sheet = xml(data, "xl/worksheets/sheet1.xml")
    assert sheet.findall(".//x:f", NS) == []  # no formulas anywhere
    your_file = sheets(data)["Your file"]
    assert your_file[0][0] == "=cmd|' /C calc'!A0"
    assert your_file[1][:4] == rows[0][1]
    assert your_file[1][4] == "=cmd|' /C calc'!A0: Enter a tenant code of 13 characters or fewer"
    assert xml(data, "xl/worksheets/sheet2.xml").findall(".//x:f", NS) == []


def test_the_csv_report_is_the_users_file_with_an_errors_column_and_opens_in_excel_as_utf8():
    data = report_csv(HEADERS, ROWS, PROBLEMS)
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    assert rows[0] == [*HEADERS[0], "Errors"]
    assert [row[:4] for row in rows[1:]] == [cells for _, cells in ROWS]
    assert rows[2][4].splitlines()[0] == "Contract Start Date: Enter a date within the 2026 to 2027 collection year"
    assert "£1,200" in rows[2][4]


def test_values_that_look_like_formulas_get_an_apostrophe_in_the_csv_but_numbers_do_not():
    rows = [(2, ["=1+2", "+44 20 7946 0000", "@SUM(A1)", "-5", "-2+3", "\tx"])]
    data = report_csv([["A", "B", "C", "D", "E", "F"]], rows, [])
    [_, written] = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    assert written[:6] == ["'=1+2", "'+44 20 7946 0000", "'@SUM(A1)", "-5", "'-2+3", "'\tx"]


def many_problems(count: int) -> list[Problem]:
    return [Problem(2 + i // 2, i % 3, "brent" if i % 3 else "age1", "Basic rent" if i % 3 else "Lead tenant’s age",
                    "Enter a number", "warning" if i % 5 == 0 else "error") for i in range(count)]


def test_a_summary_of_10000_problems_lists_100_and_says_how_many_more_errors_first():
    summary = summarise(many_problems(10_000))
    assert (summary.errors, summary.warnings) == (8_000, 2_000)
    assert len(summary.listed) == 100 and summary.not_listed == 9_900
    assert summary.not_listed_message.startswith("9,900 more problems not listed here")
    assert {p.severity for p in summary.listed} == {"error"}
    assert [p.row for p in summary.listed] == sorted(p.row for p in summary.listed)
    first = summary.by_field[0]
    assert (first.field, first.label, first.severity) == ("brent", "Basic rent", "error")
    assert first.rows == (2, 3, 4, 5, 6)
    assert sum(s.count for s in summary.by_field) == 10_000
    assert summary.by_field[-1].severity == "warning"


def test_a_short_summary_lists_every_problem_and_says_nothing_more():
    summary = summarise(PROBLEMS)
    assert len(summary.listed) == 4 and summary.not_listed == 0 and summary.not_listed_message == ""
    assert [p.field for p in summary.listed] == ["startdate", "beds", "hhmemb", "brent"]
    assert summary.rows_with_errors == 2


@pytest.mark.parametrize("make", [report_workbook, report_csv])
def test_100000_rows_with_10000_problems_make_a_whole_report(make):
    rows = [(number, [f"T{number}", "2026-05-01", "95"]) for number in range(2, 100_002)]
    problems = many_problems(10_000)
    data = make([["Tenant code", "Start date", "Rent"]], rows, problems)
    if make is report_workbook:
        report = sheets(data)
        assert len(report["Your file"]) == 100_001 and len(report["Errors"]) == 10_001
        assert at(report["Your file"], "A5001") == "T5001"
        assert report["Your file"][5000][3].startswith("Tenant code: Enter a number")
    else:
        assert data.decode("utf-8-sig").count("\r\n") == 100_001


def test_rows_given_twice_are_refused():
    with pytest.raises(ValueError, match="row 2 is given twice"):
        report_csv([["A"]], [(2, ["x"]), (2, ["y"])], [])
