"""CSV exports as rows with the line each starts on: shared by the database CSV readers.

Cells may hold newlines (Dimensions abstracts) and be very long (Scopus
reference lists), so the csv module's field limit is lifted; a row's line is
where it starts, for warnings that name it.
"""
from __future__ import annotations

import csv
import io

from ..errors import InputError


def delimiter(text: str) -> str:
    """',' or, for a CSV saved by a spreadsheet in a locale whose decimal mark is the comma
    (most of Europe and Latin America), ';': whichever splits the header row into more cells.
    The header is the first line of three cells or more (Dimensions puts a one-cell preamble
    first); data rows are not asked (Scopus's references are full of ';')."""
    for line in text[:65536].split("\n", 3)[:3]:
        counts = {}
        for d in (",", ";"):
            try:
                counts[d] = len(next(csv.reader([line], delimiter=d)))
            except (csv.Error, StopIteration):
                counts[d] = 0
        if max(counts.values()) >= 3:
            return ";" if counts[";"] > counts[","] else ","
    return ","


def csv_rows(text: str, source: str = "") -> list[tuple[int, list[str]]]:
    """Non-empty rows of a CSV text as (first line, cells)."""
    csv.field_size_limit(1 << 30)
    reader = csv.reader(io.StringIO(text), delimiter=delimiter(text))
    rows, start = [], 1
    try:
        for row in reader:
            if any(c.strip() for c in row):
                rows.append((start, row))
            start = reader.line_num + 1
    except csv.Error as exc:
        raise InputError(source, f"is not readable CSV ({exc})", start) from None
    return rows


def read_rows(path: str) -> tuple[list[tuple[int, list[str]]], list]:
    """A CSV export's non-empty rows (csv_rows) and the warning its encoding earned, if any;
    a file with no rows at all is an InputError."""
    from ..textio import read_text
    from .registry import encoding_warnings

    text = read_text(path)
    rows = csv_rows(text.text, path)
    if not rows:
        raise InputError(path, "holds no rows")
    return rows, encoding_warnings(text)


def first_line(text: str) -> str:
    return text.split("\n", 1)[0]


def header_cells(line: str) -> list[str]:
    """The cells of one header line (quoted or not)."""
    try:
        return [c.strip() for c in next(csv.reader([line], delimiter=delimiter(line)))]
    except (csv.Error, StopIteration):
        return []


def records_from_rows(path: str, header: list[str], body: list[tuple[int, list[str]]], meta_of, refs_of,
                      warnings: list, realign=None, what: str = "records") -> list:
    """One record per row: `meta_of(cells, path, k, line)` its metadata, `refs_of(cells, path, line, k,
    warnings)` its cited references. A row that fails is named and skipped; the others are read."""
    from ..model import Finding
    from . import doc_id
    from .records import count_note, make_record

    file_id = doc_id(path)
    docs = []
    for k, (line, row) in enumerate(body, 1):
        if len(row) < len(header):
            warnings.append(Finding(path, line, "short_row", "warning",
                                    f"record {k} has {len(row)} of {len(header)} fields: read what is there"))
        elif len(row) > len(header) and realign is None and any(c.strip() for c in row[len(header):]):
            warnings.append(Finding(path, line, "misaligned_row", "warning",
                                    f"record {k} has {len(row)} fields for {len(header)} columns; extra fields ignored"))
        cells = dict(zip(header, realign(header, row) if realign else row))
        try:
            meta = meta_of(cells, path, k, line)
            refs = refs_of(cells, path, line, k, warnings)
        except Exception as exc:  # one odd row must not lose the others
            warnings.append(Finding(path, line, "unreadable_record", "warning",
                                    f"record {k} skipped: {type(exc).__name__}: {exc}"))
            continue
        docs.append(make_record(file_id, path, meta, k, refs))
    if not docs:
        raise InputError(path, f"holds no readable {what}" + (f" (none of {len(body)} rows)" if body else ""))
    note = count_note(path, len(docs), len(body))
    docs[0].warnings = warnings + ([note] if note else []) + docs[0].warnings
    return docs
