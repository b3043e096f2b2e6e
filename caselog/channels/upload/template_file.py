"""The bulk upload template a provider downloads, made from the definition: its header rows
(for CORE: section, question, additional info, values, can be empty, who it applies to,
duplicate check, field number) above the rows the provider fills in, as CSV or XLSX.
recognise_template() reads it back, so a file made from it needs no mapping."""

from __future__ import annotations

import csv
import datetime as dt
import io

import xlsxwriter
from django.http import HttpResponse

from caselog.engine.compiled import CompiledDefinition

FORMATS = {"csv": "text/csv; charset=utf-8",
           "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}
QUESTION_HEADING = "Question"
FIELD_NUMBER_HEADING = "Field number"
EMPTY_ROWS_FORMATTED = 5000  # rows below the header set to text, so Excel keeps codes' leading zeros


def header_rows(compiled: CompiledDefinition) -> list[list[str]]:
    """The template's header rows, heading first: every field's cell in each."""
    template = compiled.definition.template
    if template is None:
        raise ValueError(f"{compiled.definition.collection} {compiled.definition.year} has no bulk upload template")
    headings = template.headings or (QUESTION_HEADING, FIELD_NUMBER_HEADING)
    rows = []
    for index, heading in enumerate(headings):
        if index == len(headings) - 1:  # the field number row
            cells = [str(f.number) for f in template.fields]
        elif heading == QUESTION_HEADING:
            cells = [f.label for f in template.fields]
        else:
            cells = [f.cell(heading) for f in template.fields]
        rows.append([heading, *cells])
    return rows


def filename(compiled: CompiledDefinition, file_format: str) -> str:
    """e.g. 2026_27_core-lettings_bulk_upload_template.xlsx"""
    year = compiled.definition.year
    return f"{year}_{(year + 1) % 100:02d}_{compiled.definition.collection}_bulk_upload_template.{file_format}"


def template_csv(compiled: CompiledDefinition) -> bytes:
    """UTF-8 with a byte order mark, so Excel shows the curly quotes right."""
    out = io.StringIO()
    csv.writer(out).writerows(header_rows(compiled))
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def template_xlsx(compiled: CompiledDefinition) -> bytes:
    rows = header_rows(compiled)
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"strings_to_formulas": False, "strings_to_numbers": False,
                                        "strings_to_urls": False})
    # the same bytes every time (a workbook records when it was made): the definition's start
    book.set_properties({"created": dt.datetime.combine(compiled.definition.dates.start, dt.time())})
    sheet = book.add_worksheet("Template")
    heading = book.add_format({"bold": True, "text_wrap": True, "valign": "top", "bg_color": "#F3F2F1"})
    header = book.add_format({"text_wrap": True, "valign": "top", "bg_color": "#F3F2F1"})
    number = book.add_format({"bold": True, "bg_color": "#F3F2F1", "bottom": 2})
    text = book.add_format({"num_format": "@"})
    for r, row in enumerate(rows):
        last = r == len(rows) - 1
        sheet.write_string(r, 0, row[0], number if last else heading)
        for c, value in enumerate(row[1:], start=1):
            if last:
                sheet.write_number(r, c, int(value), number)
            else:
                sheet.write_string(r, c, value, header)
    sheet.set_column(0, 0, 24)
    sheet.set_column(1, len(rows[0]) - 1, 30, text)
    for r in range(len(rows), len(rows) + EMPTY_ROWS_FORMATTED):
        sheet.set_row(r, None, text)
    sheet.freeze_panes(len(rows), 1)
    book.close()
    return buffer.getvalue()


def template_file(compiled: CompiledDefinition, file_format: str) -> bytes:
    if file_format not in FORMATS:
        raise ValueError(f"the template comes as {' or '.join(FORMATS)}, not {file_format}")
    return template_csv(compiled) if file_format == "csv" else template_xlsx(compiled)


def download(compiled: CompiledDefinition, file_format: str) -> HttpResponse:
    """The template as a file to save, for the upload page and the API alike."""
    response = HttpResponse(template_file(compiled, file_format), content_type=FORMATS[file_format])
    response["Content-Disposition"] = f'attachment; filename="{filename(compiled, file_format)}"'
    return response
