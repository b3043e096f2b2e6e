"""Reference tables: CSV files in a definition's tables/ folder, read for lookup()."""

from __future__ import annotations

import csv
import datetime as dt
import re
from pathlib import Path
from typing import Any

from .source import DefinitionError

_INT = re.compile(r"^-?\d+$")
_FLOAT = re.compile(r"^-?\d+\.\d+$")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def read_table(path: Path, name: str) -> tuple[list[str], list[dict[str, Any]]]:
    """Columns and typed rows of one CSV. Each column is typed as a whole: whole numbers,
    numbers, ISO dates or text, so that a lookup compares like with like."""
    with path.open(encoding="utf-8-sig", newline="") as fh:
        reader = csv.reader(fh)
        try:
            header = [h.strip() for h in next(reader)]
        except StopIteration:
            raise DefinitionError(name, 1, "", "the table is empty: give a header row") from None
        raw = [row for row in reader if any(cell.strip() for cell in row)]
    for i, row in enumerate(raw, start=2):
        if len(row) != len(header):
            raise DefinitionError(name, i, "", f"has {len(row)} cells; the header has {len(header)}")
    converters = [_column_converter([row[i].strip() for row in raw]) for i in range(len(header))]
    rows = [
        {col: convert(cell.strip()) for col, convert, cell in zip(header, converters, row, strict=False)}
        for row in raw
    ]
    return header, rows


def _column_converter(cells: list[str]):
    present = [c for c in cells if c != ""]
    if present and all(_INT.match(c) for c in present):
        return lambda c: int(c) if c != "" else None
    if present and all(_INT.match(c) or _FLOAT.match(c) for c in present):
        return lambda c: float(c) if c != "" else None
    if present and all(_DATE.match(c) for c in present):
        return lambda c: dt.date.fromisoformat(c) if c != "" else None
    return lambda c: c if c != "" else None
