"""Uploaded files are read as people save them, and files that cannot be read say why and
what to do, in words for the person uploading."""

import io
import zipfile

import pytest

from caselog.channels.upload.reading import FileProblem, read_table, sheet_names
from tests.reference import reference_file


def test_the_official_2026_template_csv_reads_with_its_byte_order_mark_and_header_rows():
    table = read_table(reference_file("core", "bulk_upload", "2026_27_lettings_bulk_upload.csv").read_bytes())
    assert table.encoding == "utf-8-sig" and table.delimiter == ","
    assert table.rows[0][:2] == ["Section", "Setting up this lettings log"]  # not "\ufeffSection"
    assert any(row and row[0].startswith("Field number") for row in table.rows[:10])


def test_a_workbook_reads_as_text_with_whole_numbers_and_dates_as_people_see_them():
    data = reference_file("alpha_provider_exports", "housing_association_extract.xlsx").read_bytes()
    table = read_table(data, sheet="Sharepoint")
    assert table.sheet == "Sharepoint" and len(table.rows) > 10
    assert table.rows[0][3] == "5) Contract Start Date:" and table.rows[1][3] == "2021-02-01"  # a date cell
    cells = [c for row in table.rows[1:] for c in row if c]
    assert not any(c.endswith(".0") for c in cells), "whole numbers keep no decimal point"


def test_a_provider_csv_and_its_xlsx_give_the_same_rows():
    from_csv = read_table(reference_file("alpha_provider_exports", "complex_test_data.csv").read_bytes())
    workbook = reference_file("alpha_provider_exports", "complex_test_data.xlsx").read_bytes()
    from_xlsx = read_table(workbook, sheet=sheet_names(workbook)[0])
    assert from_csv.rows[0] == from_xlsx.rows[0]
    assert len(from_csv.rows) == len(from_xlsx.rows)


@pytest.mark.parametrize("delimiter", [",", ";", "\t"])
def test_comma_semicolon_and_tab_separated_files_read_alike(delimiter):
    text = delimiter.join(["Tenant code", "Age"]) + "\r\n" + delimiter.join(["T1", "34"]) + "\r\n"
    assert read_table(text.encode()).rows == [["Tenant code", "Age"], ["T1", "34"]]


def test_a_windows_1252_file_keeps_its_pound_signs_and_accents():
    data = "Name,Rent\r\nRenée,£95.50\r\n".encode("cp1252")
    table = read_table(data)
    assert table.encoding == "windows-1252" and table.rows[1] == ["Renée", "£95.50"]


def zipped(entries: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in entries.items():
            archive.writestr(name, content)
    return buffer.getvalue()


@pytest.mark.parametrize(("data", "says"), [
    (b"", "The selected file is empty"),
    (b"\r\n\r\n  \r\n", "The selected file is empty"),
    (b",,,\r\n,,,\r\n", "The selected file is empty"),
    (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3 binary", "The selected file is a PDF"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 64 + "EncryptionInfo".encode("utf-16-le"), "protected with a password"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 64, "old Excel (XLS) file"),
    (zipped({"xl/workbook.xml": b"<" + b" " * 50_000_000 + b">"}), "too large once opened"),
    (zipped({"notes.txt": b"hello"}), "zip archive"),
    (b"PK\x03\x04 not really a zip", "damaged"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "is not a CSV, Excel (XLSX) or OpenDocument (ODS) spreadsheet"),
])
def test_a_file_that_cannot_be_read_says_what_is_wrong_and_what_to_do(data, says):
    with pytest.raises(FileProblem) as problem:
        read_table(data)
    assert says in str(problem.value)


def test_too_many_rows_says_how_many_and_to_split_the_file():
    data = ("Tenant code\r\n" + "T\r\n" * 11).encode()
    with pytest.raises(FileProblem, match="has 11 rows. A file can have up to 10: split it"):
        read_table(data, max_rows=10)


def test_a_workbook_with_several_sheets_asks_which():
    data = reference_file("alpha_provider_exports", "housing_association_extract.xlsx").read_bytes()
    assert sheet_names(data) == ["Export Summary", "Background", "Sharepoint", "OneSanctuary", "BO WEBI"]
    with pytest.raises(FileProblem, match="more than one sheet. Choose the sheet with the logs"):
        read_table(data)
    with pytest.raises(FileProblem, match="no sheet called “Nope”. Choose one of: Export Summary, Background"):
        read_table(data, sheet="Nope")
    assert read_table(data, sheet="Sharepoint").sheet == "Sharepoint"
