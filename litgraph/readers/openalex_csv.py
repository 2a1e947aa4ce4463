"""OpenAlex works as CSV: the website's "Export" (export.openalex.org, format=csv), one record per row.

OpenAlex's exporter (ourresearch/openalex-formatter, behind openalex.org's
Export button and export.openalex.org/works?format=csv&filter=...) flattens
each work into one row: nested fields become dotted columns
("authorships.author.display_name", "primary_location.source.display_name",
"biblio.volume"), and every list is joined with "|" ("Jakub Kužílek|Martin
Hlosta"; referenced works as "https://openalex.org/W...|https://openalex.org/W...").
Its older CSV named the same fields with underscores ("author_names",
"primary_location_display_name", "biblio_volume"); both are read. Which
columns a file has depends on what the user selected: only `id` is required.
Without a `referenced_works` column the records come without cited references,
and the file says so once. A referenced_works cell written by another tool
(R's c("https://openalex.org/W1", ...), a Python list) gives its ids too.

A row becomes the JSON work it was flattened from and goes through
readers/openalex.py, so a work reads the same from CSV as from JSON: its
referenced works are id-only references (ids={"openalex": "W..."}) matched by
id to the records of the corpus.
"""
from __future__ import annotations

import re

from ..errors import InputError
from ..model import Document, Finding
from .openalex import id_reference, openalex_id, work_reference
from .tables import header_cells, read_rows, records_from_rows

_URL_ID = re.compile(r"openalex\.org/(W\d+)\b", re.I)

# Each field of a work, by the names exports have given its column (current layout first).
_COLUMNS = {
    "id": ("id", "ids.openalex", "ids_openalex"),
    "title": ("title", "display_name"),
    "year": ("publication_year",),
    "date": ("publication_date",),
    "authors": ("authorships.author.display_name", "author_names", "authorships_author_display_name"),
    "raw_authors": ("authorships.raw_author_name", "authorships_raw_author_name"),
    "source": ("primary_location.source.display_name", "primary_location_display_name",
               "primary_location_source_display_name", "host_venue.display_name", "host_venue_display_name"),
    "publisher": ("primary_location.source.host_organization_name", "primary_location_host_organization",
                  "primary_location_source_host_organization_name", "host_venue.publisher"),
    "issn_l": ("primary_location.source.issn_l", "primary_location_issn_l", "primary_location_source_issn_l"),
    "volume": ("biblio.volume", "biblio_volume"),
    "issue": ("biblio.issue", "biblio_issue"),
    "first_page": ("biblio.first_page", "biblio_first_page"),
    "last_page": ("biblio.last_page", "biblio_last_page"),
    "doi": ("doi", "ids.doi", "ids_doi"),
    "pmid": ("ids.pmid", "pmid", "ids_pmid"),
    "pmcid": ("ids.pmcid", "pmcid", "ids_pmcid"),
    "mag": ("ids.mag", "mag", "ids_mag"),
    "type": ("type",),
    "type_crossref": ("type_crossref",),
    "cited_by_count": ("cited_by_count",),
    "keywords": ("keywords.display_name", "keywords_display_name"),
    "abstract": ("abstract",),
    "referenced_works": ("referenced_works",),
}
# Columns no other CSV export has: two of them (or one and an OpenAlex id) make a file OpenAlex's.
_SIGNATURE = {"referenced_works", "authorships.author.display_name", "authorships.author.id", "author_names",
              "primary_location.source.display_name", "primary_location_display_name", "cited_by_api_url",
              "open_access.is_oa", "open_access.oa_status", "primary_topic.display_name", "relevance_score",
              "referenced_works_count", "publication_year", "display_name", "fwci"}


def _split(value: str | None) -> list[str]:
    """A "|"-joined list, without its empty slots (an author with no ORCID leaves one)."""
    return [v.strip() for v in (value or "").split("|") if v.strip()]


def _columns(header: list[str]) -> dict[str, str]:
    """field -> the column this file holds it in."""
    have = set(header)
    out = {}
    for field, names in _COLUMNS.items():
        for name in names:
            if name in have:
                out[field] = name
                break
    return out


def row_work(cells: dict[str, str], cols: dict[str, str]) -> dict:
    """The JSON work a CSV row was flattened from (as far as the row tells)."""
    get = lambda field: (cells.get(cols[field]) or "").strip() if field in cols else ""  # noqa: E731
    work: dict = {"id": get("id")}
    title = get("title")
    if title:
        work["title"] = title
    year = get("year") or get("date")[:4]
    if year.isdigit():
        work["publication_year"] = int(year)
    names = _split(get("authors")) or _split(get("raw_authors"))
    work["authorships"] = [{"author": {"display_name": n}} for n in names]
    source = {k: get(f) for k, f in (("display_name", "source"), ("host_organization_name", "publisher"),
                                     ("issn_l", "issn_l")) if get(f)}
    if source:
        work["primary_location"] = {"source": source}
    work["biblio"] = {k: get(k) or None for k in ("volume", "issue", "first_page", "last_page")}
    if get("doi"):
        work["doi"] = get("doi")
    work["ids"] = {k: get(k) for k in ("pmid", "pmcid", "mag") if get(k)}
    for k in ("type", "type_crossref"):
        if get(k):
            work[k] = get(k)
    count = get("cited_by_count")
    if count.isdigit():
        work["cited_by_count"] = int(count)
    work["keywords"] = _split(get("keywords"))
    work["referenced_works"] = _split(get("referenced_works"))
    return work


def read_openalex_csv(path: str, options=None) -> list[Document]:
    rows, warnings = read_rows(path)
    header = [h.strip() for h in rows[0][1]]
    cols = _columns(header)
    if "id" not in cols:
        raise InputError(path, "is no OpenAlex CSV: no 'id' column (the work's https://openalex.org/W... id)",
                         rows[0][0])
    if "referenced_works" not in cols:
        warnings.append(Finding(path, rows[0][0], "no_references", "warning",
                                "no referenced_works column: records read without their cited references"))

    def meta_of(cells, source, k, line):
        work = row_work(cells, cols)
        if not openalex_id(work["id"]):
            raise ValueError(f"its id {work['id'][:40]!r} is no OpenAlex work id" if work["id"] else "no id")
        ref = work_reference(work, source, k, line)
        abstract = (cells.get(cols.get("abstract", "")) or "").strip()
        if abstract:
            ref.abstract = abstract
        return ref

    def refs_of(cells, source, line, k, warnings):
        refs, bad = [], 0
        values = _split(cells.get(cols.get("referenced_works", "")))
        if values and len(cells) < len(header) and next(reversed(cells)) == cols["referenced_works"]:
            # A row cut short (a truncated file) may have lost the end of its last id: W123 of W1234567.
            values.pop()
            warnings.append(Finding(source, line, "short_row", "warning",
                                    f"record {k} is cut short in its referenced_works: the last one left out"))
        for value in values:
            wid = openalex_id(value)
            # a list written by another tool: R's c("https://openalex.org/W1", ...), Python's ['...', ...]
            found = [wid] if wid else [m.upper() for m in _URL_ID.findall(value)]
            for wid in found:
                if wid.startswith("W"):
                    refs.append(id_reference(wid, source, len(refs) + 1, line))
            if not found or not all(w.startswith("W") for w in found):
                bad += 1
        if bad:
            warnings.append(Finding(source, line, "unreadable_reference", "warning",
                                    f"record {k}: {bad} referenced works are no OpenAlex ids; left out"))
        return refs

    return records_from_rows(path, header, rows[1:], meta_of, refs_of, warnings, what="OpenAlex works")


def _sniff(probe) -> float:
    lines = probe.text.split("\n", 2)
    cols = set(header_cells(lines[0]))
    if not ({"id", "ids.openalex", "ids_openalex"} & cols):
        return 0.0
    marks = len(_SIGNATURE & cols)
    body = lines[1] if len(lines) > 1 else ""
    if marks >= 2 or (marks and "https://openalex.org/W" in body):
        return 1.0
    return 0.5 if "https://openalex.org/W" in body else 0.0


from .registry import Format  # noqa: E402  (the registry imports this module lazily)

FORMAT = Format("openalex_csv", _sniff, read_openalex_csv,
                "OpenAlex works CSV (the website's export, the API's format=csv): one record per row, "
                "references by OpenAlex id", (".csv",))
