"""Reading an uploaded file into rows of text, whatever the provider's system saved it as:
CSV (UTF-8 with or without a byte order mark, or Windows-1252; comma, semicolon or tab),
Excel (XLSX) or OpenDocument (ODS), with a workbook's sheet chosen when it has several.

The file's bytes decide what it is, not its name. A file that cannot be read raises
FileProblem with a message that says what is wrong and how to fix it; nothing is stored
before a file has been read whole.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import zipfile
from dataclasses import dataclass

MAX_ROWS = 200_000  # data rows, not counting headers: the limit the upload page states
MAX_UNPACKED_BYTES = 500 * 1024 * 1024  # a workbook larger than this once unzipped is refused
MAX_PACKING_RATIO = 200  # real spreadsheets pack 5-20 times; a zip bomb thousands of times

ENCRYPTED_OFFICE = "EncryptionInfo".encode("utf-16-le")  # the stream a password-protected XLSX holds
OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # old .xls, or an encrypted .xlsx
FORMATS = "a CSV, Excel (XLSX) or OpenDocument (ODS) spreadsheet"


class FileProblem(Exception):
    """The file cannot be read; `str(problem)` is the message for the person uploading it."""


@dataclass(frozen=True)
class Table:
    rows: list[list[str]]  # every cell as text, "" when empty; trailing empty rows dropped
    sheet: str | None = None  # the workbook sheet read, None for CSV
    encoding: str | None = None  # CSV only
    delimiter: str | None = None  # CSV only


def sheet_names(data: bytes) -> list[str]:
    """The sheets of a workbook, to ask which one when there are several; [] for CSV."""
    if _kind(data) not in ("xlsx", "ods"):
        return []
    return list(_workbook(data).sheet_names)


def read_table(data: bytes, sheet: str | None = None, *, max_rows: int = MAX_ROWS) -> Table:
    kind = _kind(data)
    table = _read_csv(data) if kind == "csv" else _read_workbook(data, sheet)
    if not any(any(cell.strip() for cell in row) for row in table.rows):
        raise FileProblem("The selected file is empty. Choose a file with a header row and a row for each log")
    if len(table.rows) - 1 > max_rows:
        raise FileProblem(f"The selected file has {len(table.rows) - 1:,} rows. A file can have up to {max_rows:,}: "
                          "split it into smaller files and upload each one")
    return table


def _kind(data: bytes) -> str:
    if not data.strip():
        raise FileProblem("The selected file is empty. Choose a file with a header row and a row for each log")
    if data.startswith(b"%PDF"):
        raise FileProblem(f"The selected file is a PDF. Upload {FORMATS}: save or export it as CSV from your system")
    if data.startswith(OLE2):
        if ENCRYPTED_OFFICE in data:
            raise FileProblem("The selected file is protected with a password. Open it, remove the password, "
                              "save it and upload it again")
        raise FileProblem("The selected file is an old Excel (XLS) file. Open it and save it as Excel Workbook "
                          "(XLSX) or CSV, then upload it again")
    if data.startswith(b"PK\x03\x04"):
        return _zip_kind(data)
    if b"\x00" in data[:8192]:
        raise FileProblem(f"The selected file is not {FORMATS}. Save or export it as CSV and upload it again")
    return "csv"


def _zip_kind(data: bytes) -> str:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            entries = archive.infolist()
            unpacked = sum(e.file_size for e in entries)
            packed = max(1, sum(e.compress_size for e in entries))
            if unpacked > MAX_UNPACKED_BYTES or unpacked / packed > MAX_PACKING_RATIO:
                raise FileProblem("The selected file is too large once opened. Check it is the spreadsheet you "
                                  "meant to upload, or save it as CSV and upload that")
            names = {e.filename for e in entries}
            if "xl/workbook.xml" in names:
                return "xlsx"
            if "mimetype" in names and archive.read("mimetype").strip() == b"application/vnd.oasis.opendocument.spreadsheet":
                return "ods"
    except zipfile.BadZipFile as error:
        raise FileProblem(f"The selected file is damaged and cannot be opened. Save it again as {FORMATS}") from error
    raise FileProblem(f"The selected file is a zip archive, not {FORMATS}. Upload the spreadsheet itself")


def _read_csv(data: bytes) -> Table:
    text, encoding = _decode(data)
    sample = text[:20_000]
    counts = {d: sample.splitlines()[0].count(d) if sample else 0 for d in (",", ";", "\t")}
    delimiter = max(counts, key=lambda d: counts[d]) if any(counts.values()) else ","
    try:
        rows = [list(row) for row in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)]
    except csv.Error as error:
        raise FileProblem(f"The selected file could not be read as CSV ({error}). Save it as CSV again") from error
    return Table(_trimmed(rows), encoding=encoding, delimiter=delimiter)


def _decode(data: bytes) -> tuple[str, str]:
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="strict"), "utf-8-sig"
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252"), "windows-1252"
    except UnicodeDecodeError as error:
        raise FileProblem("The selected file uses characters we cannot read. Save it as “CSV UTF-8” and upload "
                          "it again") from error


def _workbook(data: bytes):
    from python_calamine import CalamineWorkbook

    try:
        return CalamineWorkbook.from_filelike(io.BytesIO(data))
    except Exception as error:  # calamine raises its own errors for damaged workbooks
        raise FileProblem(f"The selected file is damaged and cannot be opened. Save it again as {FORMATS}") from error


def _read_workbook(data: bytes, sheet: str | None) -> Table:
    book = _workbook(data)
    names = list(book.sheet_names)
    if sheet is None:
        if len(names) > 1:
            raise FileProblem("The selected file has more than one sheet. Choose the sheet with the logs")
        sheet = names[0]
    elif sheet not in names:
        raise FileProblem(f"The selected file has no sheet called “{sheet}”. Choose one of: {', '.join(names)}")
    rows = book.get_sheet_by_name(sheet).to_python(skip_empty_area=False)
    return Table(_trimmed([[_cell_text(cell) for cell in row] for row in rows]), sheet=sheet)


def _cell_text(cell) -> str:
    """A cell as the text a person sees: whole numbers without ".0", dates as 2026-04-01."""
    if cell is None or cell == "":
        return ""
    if isinstance(cell, bool):
        return "TRUE" if cell else "FALSE"
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    if isinstance(cell, dt.datetime):
        return cell.date().isoformat() if cell.time() == dt.time() else cell.isoformat(sep=" ")
    if isinstance(cell, dt.date):
        return cell.isoformat()
    return str(cell).strip()


def _trimmed(rows: list[list[str]]) -> list[list[str]]:
    while rows and not any(str(cell).strip() for cell in rows[-1]):
        rows.pop()
    return rows
