"""Lens.org scholarly CSV exports: one record per row, references as Lens ids.

The "References" column holds the Lens ids of the cited works joined by
"; " ("000-928-794-577-264; 008-908-..."), nothing else about them: each
becomes a Reference carrying only ids={"lens": ...}, matched by id to the
records of the corpus (every record has its own "Lens ID") and labelled by
its id until then. Authors are "Given Family; Given Family".
"""
from __future__ import annotations

import re

from ..doi import clean_doi
from ..errors import InputError
from ..model import Document, Finding, Reference
from .openalex import display_author, id_reference
from .tables import header_cells, read_rows, records_from_rows

_LENS_ID = re.compile(r"^\d{3}-\d{3}-\d{3}-\d{3}-\d{2}[\dX]$")  # the last digit is a check digit, may be X
_TYPES = {"journal article": "article", "book": "book", "book chapter": "chapter",
          "conference proceedings article": "chapter", "conference proceedings": "book",
          "dissertation": "thesis", "report": "report", "preprint": "article"}


def _split(value: str | None) -> list[str]:
    return [v.strip() for v in (value or "").split(";") if v.strip()]


def _value(cell: str | None) -> str | None:
    """A cell's text; Lens writes "NA" for nothing."""
    cell = (cell or "").strip()
    return None if cell in ("", "NA", "N/A") else cell


def lens_record(cells: dict[str, str], source: str, index: int, line: int) -> Reference:
    get = lambda name: _value(cells.get(name))  # noqa: E731
    lens_id = get("Lens ID")
    ref = Reference(source=source, index=index, raw=lens_id or f"row {index}", line=line, key=lens_id)
    ref.title = get("Title")
    ref.authors = [display_author(a) for a in _split(get("Author/s"))]
    year = get("Publication Year") or (get("Date Published") or "")[:4]
    if year and year.isdigit():
        ref.year = int(year)
    ref.container = get("Source Title")
    ref.volume, ref.issue = get("Volume"), get("Issue Number")
    start, end = get("Start Page"), get("End Page")
    if start:
        ref.pages = f"{start}–{end}" if end and end != start else start
    ref.doi = clean_doi(get("DOI"))
    ref.publisher = get("Publisher")
    ref.abstract = get("Abstract")
    ref.keywords = _split(get("Keywords"))
    kind = get("Publication Type")
    if kind:
        ref.extra["document_type"] = kind
    ref.type = _TYPES.get((kind or "").lower(), "article" if ref.container else "other")
    if get("Citing Works Count"):
        ref.extra["times_cited"] = get("Citing Works Count")
    if lens_id:
        ref.ids["lens"] = lens_id
    for col, name in (("PMID", "pmid"), ("PMCID", "pmcid"), ("Microsoft Academic ID", "mag")):
        value = get(col)
        if value:
            ref.ids[name] = _split(value)[0]
    issns = _split(get("ISSNs"))
    if issns:
        ref.ids["issn"] = issns[0]
    return ref


def read_lens(path: str, options=None) -> list[Document]:
    rows, warnings = read_rows(path)
    header = [h.strip() for h in rows[0][1]]
    if "Lens ID" not in header and "Title" not in header:
        raise InputError(path, "is no Lens CSV: no 'Lens ID' or 'Title' column", rows[0][0])
    if "References" not in header:
        warnings.append(Finding(path, rows[0][0], "no_references", "warning",
                                "no References column: records read without their cited references"))

    def refs_of(cells, source, line, k, warnings):
        refs, bad = [], 0
        for ident in _split(cells.get("References")):
            if _LENS_ID.match(ident):
                refs.append(id_reference(ident, source, len(refs) + 1, line, "lens"))
            else:
                bad += 1
        if bad:
            warnings.append(Finding(source, line, "unreadable_reference", "warning",
                                    f"record {k}: {bad} references are no Lens ids; left out"))
        return refs

    return records_from_rows(path, header, rows[1:], lens_record, refs_of, warnings, what="Lens records")


def _sniff(probe) -> float:
    cols = set(header_cells(probe.text.split("\n", 1)[0]))
    if "Lens ID" in cols:
        return 1.0 if {"Title", "Source Title"} & cols else 0.8
    return 0.0


from .registry import Format  # noqa: E402  (the registry imports this module lazily)

FORMAT = Format("lens", _sniff, read_lens,
                "Lens.org scholarly CSV export: one record per row, references by Lens id", (".csv",))
