"""Dimensions publication CSV exports: one record per row, cited references where exported.

The file opens with an "About the data: Exported on ..." line before the
header row; abstracts span lines. Authors are "Family, Given; ...".

The plain "full data" export leaves cited references out (said once, so no
one expects `cites` edges from it); the export "for bibliometric mapping"
(the one VOSviewer and bibliometrix read) has a "Cited references" column,
each reference a "|"-separated record and references joined by ";":

    [Aria, Massimo; Cuccurullo, Corrado]|[ur.01; ur.02]|Journal of Informetrics|2017|11|4|959-975|10.1016/j.joi.2017.08.007|pub.1091145260|1800

(authors, their Dimensions ids, source, year, volume, issue, pages, DOI,
publication id, times cited). Each becomes a Reference with its fields and
its publication id, so a cited work that is a record of the export is matched
by id. The same export names the source column "Source title/Anthology title".
"""
from __future__ import annotations

import re

from ..doi import clean_doi
from ..errors import InputError
from ..model import Author, Document, Finding, Reference
from .tables import header_cells, read_rows, records_from_rows

_TYPES = {"article": "article", "chapter": "chapter", "book": "book", "monograph": "book",
          "proceeding": "chapter", "preprint": "article", "edited book": "book"}


def _split(value: str | None) -> list[str]:
    return [v.strip() for v in (value or "").split(";") if v.strip()]


def _author(name: str) -> Author:
    family, _, given = name.partition(",")
    return Author(family.strip(), given.strip() or None)


def dimensions_record(cells: dict[str, str], source: str, index: int, line: int) -> Reference:
    get = lambda name: (cells.get(name) or "").strip() or None  # noqa: E731
    pub_id = get("Publication ID")
    ref = Reference(source=source, index=index, raw=pub_id or f"row {index}", line=line, key=pub_id)
    ref.title = get("Title")
    ref.authors = [_author(a) for a in _split(get("Authors"))]
    year = get("PubYear") or (get("Publication date") or "")[:4]
    if year and year.isdigit():
        ref.year = int(year)
    ref.container = get("Source title") or get("Anthology title") or get("Source title/Anthology title")
    ref.volume, ref.issue = get("Volume"), get("Issue")
    pages = get("Pagination")
    ref.pages = re.sub(r"\s*-\s*", "–", pages) if pages else None
    ref.doi = clean_doi(get("DOI"))
    ref.abstract = get("Abstract")
    ref.keywords = _split(get("MeSH terms"))
    ref.editors = [_author(a) for a in _split(get("Book editors"))]
    kind = get("Publication Type")
    if kind:
        ref.extra["document_type"] = kind
    ref.type = _TYPES.get((kind or "").lower(), "article")
    if get("Times cited"):
        ref.extra["times_cited"] = get("Times cited")
    if pub_id:
        ref.ids["dimensions"] = pub_id
    for col, name in (("PMID", "pmid"), ("PMCID", "pmcid")):
        if get(col):
            ref.ids[name] = get(col)
    ref.url = get("Dimensions URL")
    ref.affiliations = dimensions_affiliations(get("Authors Affiliations"), get("Authors (Raw Affiliation)"))
    return ref


_DIM_DOI = re.compile(r"^10\.\d{4,9}/\S+$")
_PUB_ID = re.compile(r"^pub\.\d+$")


def cited_references(cell: str | None, source: str, line: int | None) -> list[Reference]:
    """The "Cited references" cell of a mapping export, one Reference per cited work."""
    cell = (cell or "").strip()
    if not cell:
        return []
    if "|" not in cell:  # not the mapping layout: free-text references joined by "; "
        from ..refparse import parse_reference

        return [parse_reference(p.strip(), source, k, line)
                for k, p in enumerate((p for p in cell.split("; ") if p.strip()), 1)]
    out = []
    # A new reference opens with "[" after the ";": the authors' own "; " never does.
    for piece in re.split(r";\s*(?=\[)", cell):
        piece = piece.strip().rstrip(";").strip()
        if piece:
            out.append(_mapping_reference(piece, source, len(out) + 1, line))
    return out


def _mapping_reference(text: str, source: str, index: int, line: int | None) -> Reference:
    fields = [f.strip() for f in text.split("|")]
    fields += [""] * (10 - len(fields))
    names, _ids, src, year, volume, issue, pages, doi, pub_id = fields[:9]
    ref = Reference(source=source, index=index, raw=text, line=line)
    ref.authors = [_author(a) for a in _split(names.strip("[]"))]
    ref.container = src or None
    if re.fullmatch(r"\d{4}", year):
        ref.year = int(year)
    ref.volume, ref.issue = volume or None, issue or None
    ref.pages = re.sub(r"\s*-\s*", "–", pages) if pages else None
    if _DIM_DOI.match(doi):
        ref.doi = clean_doi(doi)
    if _PUB_ID.match(pub_id):
        ref.ids["dimensions"] = pub_id
    ref.type = "article" if ref.container else "other"
    return ref


def _name_groups(cell: str | None) -> list[tuple[str, list[str]]]:
    """'Sheen, Jack Z (Univ A); Mazza, Frank (Univ A; Centre B)' -> [(name, [items])]: the
    ';' inside the brackets parts the items, the one outside them the authors."""
    from ..affiliations import split_outside

    out: list[tuple[str, list[str]]] = []
    for piece in split_outside(cell or "", "()"):
        piece = piece.strip()
        m = re.match(r"^(.*?)\s*\((.*)\)$", piece, re.S)
        if m:
            out.append((m.group(1).strip(), [x.strip() for x in m.group(2).split(";") if x.strip()]))
        elif piece:
            out.append((piece, []))
    return out


def _person(name: str) -> str:
    from ..affiliations import fold

    family, _, given = name.partition(",")
    return f"{fold(family)} {fold(given)[:1]}"


def dimensions_affiliations(standard: str | None, raw: str | None) -> list:
    """Institutions from "Authors Affiliations" (Dimensions' standardised organisations), the
    country from each author's raw address ("..., Toronto, Canada. Electronic address: ...")."""
    from ..affiliations import address_country, make_affiliation
    from ..model import Affiliation

    country_of: dict[str, str | None] = {}
    raw_of: dict[str, list[str]] = {}
    for name, items in _name_groups(raw):
        addresses = [re.split(r"\.?\s*Electronic address:", x)[0] for x in items]
        raw_of[name] = addresses
        country_of[_person(name)] = next((c for c in map(address_country, addresses) if c), None)
    found: dict[str, Affiliation] = {}
    for name, orgs in _name_groups(standard):
        for org in orgs:
            # The two columns print one name differently ("Kahl, Cynthia" and "Kahl, Cynthia K."):
            # compared by family name and first initial.
            aff = found.setdefault(org, Affiliation(address=org, institution=org, country=country_of.get(_person(name))))
            if aff.country is None:
                aff.country = country_of.get(_person(name))
            if name not in aff.authors:
                aff.authors.append(name)
    if found:
        return list(found.values())
    out: dict[str, Affiliation] = {}
    for name, addresses in raw_of.items():
        for a in addresses:
            aff = out.get(a) or out.setdefault(a, make_affiliation(a))
            aff.authors.append(name)
    return list(out.values())


def read_dimensions(path: str, options=None) -> list[Document]:
    rows, warnings = read_rows(path)
    # The "About the data" preamble, one cell, stands above the header row.
    start = next((i for i, (_, r) in enumerate(rows[:5]) if {"Title", "Publication ID"} & {c.strip() for c in r}), None)
    if start is None:
        raise InputError(path, "is no Dimensions CSV: no header row with a 'Title' or 'Publication ID' column")
    header = [h.strip() for h in rows[start][1]]
    if "Cited references" not in header:
        warnings.append(Finding(path, rows[start][0], "no_references", "info",
                                "Dimensions CSV carries no cited references: records read without them"))

    def refs_of(cells, source, line, k, warnings):
        return cited_references(cells.get("Cited references"), source, line)

    return records_from_rows(path, header, rows[start + 1:], dimensions_record, refs_of, warnings,
                             what="Dimensions records")


def _sniff(probe) -> float:
    text = probe.text
    if text.lstrip('"').startswith("About the data") or text.startswith("About the data"):
        return 1.0
    for line in text.split("\n")[:3]:
        cols = set(header_cells(line))
        if "Publication ID" in cols and ("Dimensions URL" in cols or "PubYear" in cols):
            return 0.97
    return 0.0


from .registry import Format  # noqa: E402  (the registry imports this module lazily)

FORMAT = Format("dimensions", _sniff, read_dimensions,
                "Dimensions publication CSV export: one record per row (Dimensions exports no references)",
                (".csv",))
