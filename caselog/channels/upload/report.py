"""The error report: what a person who uploaded a file sees and downloads about its problems.

Their own file comes back as they sent it (their header rows, their rows, their column order),
with an "Errors" column and the cells at fault highlighted, so they can fix it in the file they
work on and upload it again. Each message names the column by their own header.
"""

from __future__ import annotations

import csv
import io
import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import xlsxwriter

SEVERITY_ORDER = {"error": 0, "warning": 1}  # errors first: they stop a log being completed
ROWS_PER_FIELD = 5  # rows named for each question in the summary
EXCEL_CELL_LIMIT = 32_767  # characters Excel keeps in one cell
ERRORS_HEADER = "Errors"
ERRORS_SHEET = "Errors"
# A cell starting with one of these is a formula to a spreadsheet: a CSV cell gets a leading
# apostrophe so it stays text (OWASP's advice on CSV injection). Plain numbers such as -5 are safe.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
PLAIN_NUMBER = re.compile(r"[+-]?\d+(\.\d+)?")
ERROR_FILL = "#F6D7D2"  # a light tint of GOV.UK red
WARNING_FILL = "#FFF2CC"  # a light amber


@dataclass(frozen=True)
class Problem:
    row: int  # the row number in the file as the spreadsheet shows it (1-based, counting header rows)
    column: int | None  # 0-based column index in the file, None when no single cell is at fault
    field: str  # answer id
    label: str  # the question as people read it (check-answers label)
    message: str  # what is wrong and how to fix it
    severity: str  # "error" | "warning"


@dataclass(frozen=True)
class FieldSummary:
    field: str
    label: str
    severity: str
    count: int
    rows: tuple[int, ...]  # the first few rows with this problem, in order


@dataclass(frozen=True)
class Summary:
    errors: int
    warnings: int
    rows_with_errors: int
    by_field: tuple[FieldSummary, ...]  # errors first, then the questions with most problems
    listed: tuple[Problem, ...]  # the first problems in row order, errors first
    not_listed: int

    @property
    def not_listed_message(self) -> str:
        if not self.not_listed:
            return ""
        noun = "problem" if self.not_listed == 1 else "problems"
        return f"{self.not_listed:,} more {noun} not listed here. Download the error report to see every problem"


def column_letter(index: int) -> str:
    """0 is A, 26 is AA: the column as a spreadsheet names it."""
    letters = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def cell_ref(row: int, column: int | None) -> str:
    """"C12" for a cell; "row 12" when no single cell is at fault."""
    return f"row {row}" if column is None else f"{column_letter(column)}{row}"


def summarise(problems: Iterable[Problem], limit: int = 100) -> Summary:
    ordered = sorted(problems, key=_problem_order)
    groups: dict[tuple[str, str], list[Problem]] = defaultdict(list)
    for problem in ordered:
        groups[(problem.severity, problem.field)].append(problem)
    by_field = [
        FieldSummary(field, found[0].label, severity, len(found), tuple(sorted({p.row for p in found}))[:ROWS_PER_FIELD])
        for (severity, field), found in groups.items()
    ]
    by_field.sort(key=lambda s: (SEVERITY_ORDER.get(s.severity, 2), -s.count, s.label))
    errors = [p for p in ordered if p.severity == "error"]
    return Summary(
        errors=len(errors),
        warnings=len(ordered) - len(errors),
        rows_with_errors=len({p.row for p in errors}),
        by_field=tuple(by_field),
        listed=tuple(ordered[:limit]),
        not_listed=max(0, len(ordered) - limit),
    )


def report_workbook(
    header_rows: list[list[str]],
    data_rows: list[tuple[int, list[str]]],
    problems: Iterable[Problem],
    sheet_name: str = "Your file",
    *,
    names_row: int = -1,
) -> bytes:
    """An XLSX of the user's file with an "Errors" column, then a sheet listing every problem.

    `names_row` is the header row whose cells name the columns (the last one unless given: the
    template's is its "Question" row). Every cell is written as text, so nothing runs as a formula.
    """
    layout = _Layout(header_rows, data_rows, problems, names_row)
    buffer = io.BytesIO()
    # constant_memory writes each row to disk as it goes: 100,000 rows stay small in memory
    book = xlsxwriter.Workbook(buffer, {"constant_memory": True, "strings_to_formulas": False,
                                        "strings_to_numbers": False, "strings_to_urls": False})
    bold = book.add_format({"bold": True, "text_wrap": True, "valign": "top"})
    fills = {"error": book.add_format({"bg_color": ERROR_FILL}), "warning": book.add_format({"bg_color": WARNING_FILL})}
    wrap = book.add_format({"text_wrap": True, "valign": "top"})
    _write_file_sheet(book.add_worksheet(_sheet_title(sheet_name)), layout, bold, fills, wrap)
    _write_errors_sheet(book.add_worksheet(ERRORS_SHEET), layout, bold, wrap)
    book.close()
    return buffer.getvalue()


def report_csv(
    header_rows: list[list[str]],
    data_rows: list[tuple[int, list[str]]],
    problems: Iterable[Problem],
    *,
    names_row: int = -1,
) -> bytes:
    """The user's file with an "Errors" column, as CSV in UTF-8 with a byte order mark so that
    Excel opens it with its accents and pound signs intact."""
    layout = _Layout(header_rows, data_rows, problems, names_row)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    for index, row in layout.rows():
        writer.writerow([_csv_text(cell) for cell in _padded(row, layout.width)] + [_csv_text(layout.errors_cell(index))])
    return out.getvalue().encode("utf-8-sig")


class _Layout:
    """The user's rows where their file has them, and each row's problems."""

    def __init__(self, header_rows, data_rows, problems, names_row):
        self.header_rows = [list(row) for row in header_rows]
        self.data_rows = sorted(data_rows, key=lambda pair: pair[0])
        for (before, _), (after, _) in zip(self.data_rows, self.data_rows[1:], strict=False):
            if after == before:
                raise ValueError(f"row {after} is given twice")
        if self.data_rows and self.data_rows[0][0] <= len(self.header_rows):
            raise ValueError(f"row {self.data_rows[0][0]} is one of the header rows")
        self.width = max((len(row) for row in self.header_rows + [cells for _, cells in self.data_rows]), default=0)
        self.names_row = range(len(self.header_rows))[names_row] if self.header_rows else None
        names = self.header_rows[self.names_row] if self.names_row is not None else []
        self.names = [(names[i].strip() if i < len(names) else "") or f"Column {column_letter(i)}" for i in range(self.width)]
        self.problems = sorted(problems, key=lambda p: (p.row, -1 if p.column is None else p.column, SEVERITY_ORDER.get(p.severity, 2)))
        self.by_row: dict[int, list[Problem]] = defaultdict(list)
        for problem in self.problems:
            self.by_row[problem.row].append(problem)

    def rows(self):
        """(0-based index, cells) for every row up to the last, blank rows kept so that row
        numbers match the user's file."""
        for index, row in enumerate(self.header_rows):
            yield index, row
        index = len(self.header_rows)
        for number, cells in self.data_rows:
            for blank in range(index, number - 1):
                yield blank, []
            yield number - 1, cells
            index = number

    def column_name(self, column: int | None, label: str) -> str:
        if column is None:
            return label
        return self.names[column] if column < len(self.names) else f"Column {column_letter(column)}"

    def errors_cell(self, index: int) -> str:
        if index == self.names_row:
            return ERRORS_HEADER
        if index < len(self.header_rows):
            return ""
        found = sorted(self.by_row.get(index + 1, ()), key=lambda p: SEVERITY_ORDER.get(p.severity, 2))
        # a heading that ends in a colon ("5) Contract Start Date:") is not given a second one
        lines = [f"{self.column_name(p.column, p.label).rstrip(':')}{' (warning)' if p.severity == 'warning' else ''}: {p.message}"
                 for p in found]
        return _fit("\n".join(lines))


def _write_file_sheet(sheet, layout: _Layout, bold, fills, wrap) -> None:
    sheet.set_column(0, max(0, layout.width - 1), 18)
    sheet.set_column(layout.width, layout.width, 80, wrap)
    if layout.header_rows:
        sheet.freeze_panes(len(layout.header_rows), 0)
    sheet.ignore_errors({"number_stored_as_text": "A1:XFD1048576"})  # the user's values stay as they typed them
    for index, row in layout.rows():
        header = index < len(layout.header_rows)
        marked: dict[int, str] = {}
        for problem in layout.by_row.get(index + 1, ()):
            if problem.column is not None and marked.get(problem.column) != "error":
                marked[problem.column] = problem.severity
        for column in range(max(len(row), max(marked, default=-1) + 1)):
            value = row[column] if column < len(row) else ""
            style = bold if header else fills.get(marked.get(column, ""))
            if value:
                sheet.write_string(index, column, _fit(value), style)
            elif style is not None and not header:
                sheet.write_blank(index, column, None, style)  # a missing answer is highlighted too
        errors = layout.errors_cell(index)
        if errors:
            sheet.write_string(index, layout.width, errors, bold if header else wrap)


def _write_errors_sheet(sheet, layout: _Layout, bold, wrap) -> None:
    headings = ["Cell", "Row", "Column", "Question", "Error or warning", "Message"]
    for column, (heading, width) in enumerate(zip(headings, [8, 8, 30, 40, 16, 80], strict=True)):
        sheet.set_column(column, column, width, wrap if heading == "Message" else None)
        sheet.write_string(0, column, heading, bold)
    sheet.freeze_panes(1, 0)
    for index, problem in enumerate(layout.problems, start=1):
        sheet.write_string(index, 0, cell_ref(problem.row, problem.column))
        sheet.write_number(index, 1, problem.row)
        sheet.write_string(index, 2, _fit(layout.column_name(problem.column, "")) if problem.column is not None else "")
        sheet.write_string(index, 3, _fit(problem.label))
        sheet.write_string(index, 4, problem.severity.capitalize())
        sheet.write_string(index, 5, _fit(problem.message))
    sheet.autofilter(0, 0, max(1, len(layout.problems)), len(headings) - 1)


def _sheet_title(name: str) -> str:
    """A name Excel accepts: no []:*?/\\, at most 31 characters, not the errors sheet's."""
    name = re.sub(r"[\[\]:*?/\\]", " ", name).strip().strip("'")[:31] or "Your file"
    return "Your file" if name.lower() == ERRORS_SHEET.lower() else name


def _fit(text: str) -> str:
    return text if len(text) <= EXCEL_CELL_LIMIT else text[: EXCEL_CELL_LIMIT - 1] + "…"


def _padded(row: Sequence[str], width: int) -> list[str]:
    return list(row) + [""] * (width - len(row))


def _csv_text(value: str) -> str:
    if value.startswith(FORMULA_STARTS) and not PLAIN_NUMBER.fullmatch(value):
        return "'" + value
    return value


def _problem_order(problem: Problem):
    return (SEVERITY_ORDER.get(problem.severity, 2), problem.row, -1 if problem.column is None else problem.column, problem.field)
