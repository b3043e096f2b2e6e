"""The bulk upload template a provider downloads is made from the definition: its header rows
are CORE's own, cell for cell, and a file filled in from it is read back with no mapping."""

import datetime as dt

import pytest

from caselog.channels.upload.reading import read_table
from caselog.channels.upload.template import answers_frame, parse_template, recognise_template
from caselog.channels.upload.template_file import filename, header_rows, template_file
from caselog.definitions.registry import available, get_definition
from caselog.engine import evaluate_table, outcomes
from tests.reference import reference_file

TODAY = dt.date(2026, 10, 1)
TEMPLATES = {"core-lettings": "2026_27_lettings_bulk_upload.csv", "core-sales": "2026_27_sales_bulk_upload.csv"}


def reference_rows(collection: str) -> list[list[str]]:
    return read_table(reference_file("core", "bulk_upload", TEMPLATES[collection]).read_bytes()).rows


def tidy(rows: list[list[str]]) -> list[list[str]]:
    """Cells compared as a reader sees them: blank lines and runs of spaces do not count."""
    return [[" ".join(c.split()) for c in row] for row in rows]


@pytest.mark.parametrize("collection", TEMPLATES)
def test_the_templates_header_rows_are_cores_own_cell_for_cell(collection):
    compiled = get_definition(collection, 2026)
    made = header_rows(compiled)
    core = reference_rows(collection)
    assert len(made) == 8 and len(made[0]) == len(core[0])  # 147 lettings fields (136 sales) and the headings
    assert tidy(made) == tidy(core[:8])


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
@pytest.mark.parametrize("collection", TEMPLATES)
def test_a_log_typed_into_the_downloaded_template_is_read_with_no_mapping_and_no_errors(collection, file_format):
    compiled = get_definition(collection, 2026)
    rows = read_table(template_file(compiled, file_format)).rows
    example = reference_rows(collection)[8]  # the log in CORE's own example file
    match = recognise_template([*rows, example], [get_definition(c, y) for c, y in available()])
    assert (match.collection, match.year, match.logs) == (collection, 2026, 1)
    parsed = parse_template([*rows, example], compiled)
    frame = answers_frame(compiled, parsed, TODAY)
    [outcome] = outcomes(compiled, evaluate_table(compiled, frame, today=TODAY), frame, today=TODAY)
    assert outcome.errors == (), [e.message for e in outcome.errors]


def test_the_empty_template_is_recognised_and_says_it_has_no_logs():
    compiled = get_definition("core-lettings", 2026)
    match = recognise_template(read_table(template_file(compiled, "xlsx")).rows, [compiled])
    assert match.logs == 0
    assert "starting at row 9" in match.no_logs_message


def test_the_csv_opens_in_excel_with_its_curly_quotes_and_the_file_is_named_for_its_year():
    compiled = get_definition("core-lettings", 2026)
    data = template_file(compiled, "csv")
    assert data.startswith("\ufeff".encode())
    assert "What is the lead tenant’s age?" in data.decode("utf-8-sig")
    assert filename(compiled, "xlsx") == "2026_27_core-lettings_bulk_upload_template.xlsx"
    with pytest.raises(ValueError, match="csv or xlsx, not pdf"):
        template_file(compiled, "pdf")
