"""CSV exports as rows with the line each starts on: shared by the database CSV readers.

Cells may hold newlines (Dimensions abstracts) and be very long (Scopus
reference lists), so the csv module's field limit is lifted; a row's line is
where it starts, for warnings that name it.
"""
from __future__ import annotations

import csv
import io

from ..errors import InputError


def csv_rows(text: str, source: str = "") -> list[tuple[int, list[str]]]:
    """Non-empty rows of a CSV text as (first line, cells)."""
    csv.field_size_limit(1 << 30)
    reader = csv.reader(io.StringIO(text))
    rows, start = [], 1
    try:
        for row in reader:
            if any(c.strip() for c in row):
                rows.append((start, row))
            start = reader.line_num + 1
    except csv.Error as exc:
        raise InputError(source, f"is not readable CSV ({exc})", start) from None
    return rows


def first_line(text: str) -> str:
    return text.split("\n", 1)[0]


def header_cells(line: str) -> list[str]:
    """The cells of one header line (quoted or not)."""
    try:
        return [c.strip() for c in next(csv.reader([line]))]
    except (csv.Error, StopIteration):
        return []
