"""The merged library: one entry per distinct work of the graph, as BibTeX, RIS or CSL-JSON.

Entries come from the graph's work and paper nodes (after identity merging),
so a work cited by three papers appears once. A record read from a library
keeps its own key; other entries get keys built from first author, year and
title word, stable across runs. Every field a format can hold is written
(editors, place, edition, ISBN and other ids, keywords, abstract, note, and the
fields a reader kept as read: the node's `fields`, BibTeX's under their own names,
RIS's and CSL's under their tags and variables), so a library read and written
again loses nothing. RIS gets an ID only where the record was read with a key. Works known only from in-text
citations are included and marked.
"""
from __future__ import annotations

import json
import re

import networkx as nx

from ..model import Author, Reference
from ..readers.csljson import CSL_TYPES
from ..readers.ris import OUR_TYPES as RIS_TYPES

_SCALARS = ("title", "container", "volume", "issue", "pages", "doi", "url", "publisher", "year_suffix",
            "location", "edition", "note", "abstract")


def library(g: nx.MultiDiGraph) -> list[tuple[str, Reference]]:
    """(key, reference) for every work and paper node, sorted by key."""
    refs, wanted = [], []
    for n, d in g.nodes(data=True):
        if d["kind"] not in ("work", "paper"):
            continue
        ref = Reference(source=n, index=0, raw=d.get("label", n), type=d.get("type") or "other")
        whole = frozenset(d.get("whole_names") or ())
        ref.authors = [_author(a, whole) for a in d.get("authors", [])]
        ref.editors = [_author(a, whole) for a in d.get("editors", [])]
        ref.authors_truncated = bool(d.get("authors_truncated"))
        ref.year = d.get("year")
        ref.doi_printed = d.get("doi_printed")
        for name in _SCALARS:
            setattr(ref, name, d.get(name))
        ref.keywords = list(d.get("keywords") or [])
        ref.ids = dict(d.get("ids") or {})
        ref.extra = dict(d.get("fields") or {})
        # Only a key the entry was read with is its own (RIS's ID is optional: none is made up).
        ref.key = d.get("citekey")
        ref.reconstructed = bool(d.get("reconstructed"))
        if ref.reconstructed:
            ref.note = d.get("note")
        refs.append(ref)
        wanted.append(d.get("citekey") or d.get("key") or n.split(":", 1)[1])
    keys = unique_keys(wanted)
    out = list(zip(keys, refs))
    out.sort(key=lambda kr: kr[0])
    return out


def unique_keys(keys: list[str]) -> list[str]:
    """Keys as given, made safe for every format and unique (a clash gets -2, -3...)."""
    seen: dict[str, int] = {}
    out = []
    for k in keys:
        k = re.sub(r"[\s,{}()=\"#%'\\]+", "", k) or "entry"
        n = seen.get(k, 0)
        seen[k] = n + 1
        out.append(k if n == 0 else f"{k}-{n + 1}")
    return out


def _author(text: str, whole: frozenset = frozenset()) -> Author:
    """'King, M. L., Jr.' (Author.short) back into its parts; a name in `whole` (a one-field
    name holding a comma, graph.py's `whole_names`) stays one field."""
    if text in whole:
        return Author(text)
    family, _, given = text.partition(", ")
    given, _, suffix = given.partition(", ")
    return Author(family, given or None, suffix or None)


def to_bibtex(g: nx.MultiDiGraph) -> str:
    from .bibtex import to_bibtex as bib

    entries = library(g)
    return bib([r for _, r in entries], [k for k, _ in entries])


def ris_record(key: str, r: Reference) -> list[str]:
    lines = [f"TY  - {RIS_TYPES.get(r.type, 'GEN')}"]
    if r.key:
        # Only an entry read with a key has one (library: the node's `citekey`), and as it was
        # read: ID is optional in RIS and need not be unique; one made up (or made unique, as
        # BibTeX's and CSL's must be) would come back as a key the record never had.
        lines.append(f"ID  - {_one_line(r.key)}")
    for a in r.authors:
        lines.append(f"AU  - {_ris_name(a)}")
    for a in r.editors:
        lines.append(f"ED  - {_ris_name(a)}")
    year = f"{r.year}{r.year_suffix or ''}" if r.year else None
    for tag, value in (("TI", r.title), ("T2", r.container), ("PY", year), ("VL", r.volume), ("IS", r.issue),
                       ("DO", r.doi or r.doi_printed), ("UR", r.url), ("PB", r.publisher), ("CY", r.location), ("ET", r.edition),
                       ("AB", r.abstract), ("N1", r.note)):
        if value:
            lines.append(f"{tag}  - {_one_line(value)}")
    if r.pages:
        first, dash, last = r.pages.replace("–", "-").partition("-")
        lines.append(f"SP  - {first if dash else r.pages}")
        if dash and last:
            lines.append(f"EP  - {last}")
    for k in r.keywords:
        lines.append(f"KW  - {_one_line(k)}")
    for kind in ("isbn", "issn"):
        if r.ids.get(kind):
            lines.append(f"SN  - {r.ids[kind]}")
    for db, tag in (("wos", "UT"), ("pmid", "PM")):
        if r.ids.get(db):
            lines.append(f"{tag}  - {r.ids[db]}")
    if r.ids.get("pmcid"):
        lines.append(f"C2  - {r.ids['pmcid']}")
    accession = r.ids.get("scopus") or r.ids.get("accession")
    if accession:
        lines.append(f"AN  - {accession}")
    for tag, value in extra_fields(r, RIS_FIELDS):
        lines.append(f"{tag}  - {_one_line(value)}")
    lines.append("ER  - ")
    return lines


# A reader's extra fields (Reference.extra, the graph's `fields`) in RIS and CSL: each tag or
# variable takes the first of the names that the entry has. The names are those the RIS, CSL and
# EndNote readers give (language, series, genre...) and BibTeX's own; what a format has no place
# for is left out of it (BibTeX writes every field: bibtex.entry).
RIS_FIELDS = {"LA": ("language", "langid"), "T3": ("series", "collection-title"), "M3": ("genre", "type"),
              "DB": ("database", "source"), "C7": ("article_number",)}
CSL_FIELDS = {"language": ("language", "langid"), "collection-title": ("collection-title", "series"),
              "genre": ("genre", "type"), "number": ("number", "article_number"), "source": ("source", "database")}


def extra_fields(r: Reference, table: dict[str, tuple[str, ...]]) -> list[tuple[str, str]]:
    out = []
    for target, names in table.items():
        value = next((r.extra[n] for n in names if r.extra.get(n)), None)
        if value:
            out.append((target, value))
    return out


def _ris_name(a: Author) -> str:
    """RIS wants 'Family, Given, Suffix'. A one-field name (an institution) ends with a comma,
    so that no reader takes 'TIME USA' or 'World Bank' for a family name and initials."""
    return a.short() if a.given or a.suffix else f"{a.family},"


def to_ris(g: nx.MultiDiGraph) -> str:
    return ris_text(library(g))


def ris_text(entries: list[tuple[str, Reference]]) -> str:
    lines = []
    for key, r in entries:
        lines += ris_record(key, r)
        lines.append("")
    return "\n".join(lines)


def _one_line(value) -> str:
    return " ".join(str(value).split())


def csl_item(key: str, r: Reference) -> dict:
    # `id` is required; `citation-key` says the entry's own key, where it was read with one.
    item: dict = {"id": key, "type": CSL_TYPES.get(r.type, "document")}
    if r.key:
        item["citation-key"] = key
    if r.authors:
        item["author"] = [_csl_name(a) for a in r.authors]
    if r.editors:
        item["editor"] = [_csl_name(a) for a in r.editors]
    if r.title:
        item["title"] = r.title
    if r.container:
        item["container-title"] = r.container
    if r.year:
        item["issued"] = {"date-parts": [[r.year]]}
    if r.year_suffix:
        item["year-suffix"] = r.year_suffix
    for field, value in (("volume", r.volume), ("issue", r.issue), ("page", r.pages), ("DOI", r.doi or r.doi_printed),
                         ("URL", r.url), ("publisher", r.publisher), ("publisher-place", r.location),
                         ("edition", r.edition), ("abstract", r.abstract), ("note", r.note)):
        if value:
            item[field] = value
    if r.keywords:
        item["keyword"] = ", ".join(r.keywords) if not any("," in k for k in r.keywords) else r.keywords
    for variable, value in extra_fields(r, CSL_FIELDS):
        item.setdefault(variable, value)
    own = {"isbn": "ISBN", "issn": "ISSN", "pmid": "PMID", "pmcid": "PMCID"}
    for kind, field in own.items():
        if r.ids.get(kind):
            item[field] = r.ids[kind]
    # CSL 1.0.2 keeps what has no field of its own under `custom`.
    other = {k: v for k, v in sorted(r.ids.items()) if k not in own}
    if other:
        item["custom"] = {"ids": other}
    return item


def _csl_name(a: Author) -> dict:
    if not a.given and not a.suffix:
        return {"literal": a.family}
    out = {"family": a.family, "given": a.given}
    if a.suffix:
        out["suffix"] = a.suffix
    return out


def to_csljson(g: nx.MultiDiGraph) -> str:
    return csl_text(library(g))


def csl_text(entries: list[tuple[str, Reference]]) -> str:
    items = [csl_item(k, r) for k, r in entries]
    return json.dumps(items, ensure_ascii=False, indent=1, sort_keys=True) + "\n"
