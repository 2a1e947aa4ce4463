"""The merged library: one entry per distinct work of the graph, as BibTeX, RIS or CSL-JSON.

Entries come from the graph's work and paper nodes (after identity merging),
so a work cited by three papers appears once. Keys are the graph's work keys,
built from first author, year and title word, and so stable across runs.
Works known only from in-text citations are included and marked.
"""
from __future__ import annotations

import json

import networkx as nx

from ..model import Author, Reference

RIS_TYPES = {"article": "JOUR", "book": "BOOK", "chapter": "CHAP", "thesis": "THES", "report": "RPRT",
             "web": "ELEC", "other": "GEN"}
CSL_TYPES = {"article": "article-journal", "book": "book", "chapter": "chapter", "thesis": "thesis",
             "report": "report", "web": "webpage", "other": "document"}


def library(g: nx.MultiDiGraph) -> list[tuple[str, Reference]]:
    """(key, reference) for every work and paper node, sorted by key."""
    out = []
    for n, d in g.nodes(data=True):
        if d["kind"] not in ("work", "paper"):
            continue
        ref = Reference(source=n, index=0, raw=d.get("label", n), type=d.get("type") or "other")
        ref.authors = [_author(a) for a in d.get("authors", [])]
        ref.authors_truncated = bool(d.get("authors_truncated"))
        ref.year = d.get("year")
        for name in ("title", "container", "volume", "issue", "pages", "doi", "url", "publisher"):
            setattr(ref, name, d.get(name))
        ref.reconstructed = bool(d.get("reconstructed"))
        if ref.reconstructed:
            ref.note = d.get("note")
        key = d.get("key") or n.split(":", 1)[1]
        out.append((key, ref))
    out.sort(key=lambda kr: kr[0])
    return out


def _author(text: str) -> Author:
    """'King, M. L., Jr.' (Author.short) back into its parts."""
    family, _, given = text.partition(", ")
    given, _, suffix = given.partition(", ")
    return Author(family, given or None, suffix or None)


def to_bibtex(g: nx.MultiDiGraph) -> str:
    from .bibtex import to_bibtex as bib

    entries = library(g)
    return bib([r for _, r in entries], [k for k, _ in entries])


def to_ris(g: nx.MultiDiGraph) -> str:
    lines = []
    for key, r in library(g):
        lines.append(f"TY  - {RIS_TYPES.get(r.type, 'GEN')}")
        lines.append(f"ID  - {key}")
        for a in r.authors:
            lines.append(f"AU  - {a.short()}")  # RIS: Last, First, Suffix
        for tag, value in (("TI", r.title), ("T2", r.container), ("PY", r.year), ("VL", r.volume), ("IS", r.issue),
                           ("DO", r.doi), ("UR", r.url), ("PB", r.publisher), ("N1", r.note)):
            if value:
                lines.append(f"{tag}  - {_one_line(value)}")
        if r.pages:
            first, _, last = r.pages.replace("–", "-").partition("-")
            lines.append(f"SP  - {first}")
            if last:
                lines.append(f"EP  - {last}")
        lines.append("ER  - ")
        lines.append("")
    return "\n".join(lines)


def _one_line(value) -> str:
    return " ".join(str(value).split())


def _csl_name(a: Author) -> dict:
    if not a.given and not a.suffix:
        return {"literal": a.family}
    name = {"family": a.family, "given": a.given}
    if a.suffix:
        name["suffix"] = a.suffix
    return name


def to_csljson(g: nx.MultiDiGraph) -> str:
    items = []
    for key, r in library(g):
        item = {"id": key, "type": CSL_TYPES.get(r.type, "document")}
        if r.authors:
            item["author"] = [_csl_name(a) for a in r.authors]
        if r.title:
            item["title"] = r.title
        if r.container:
            item["container-title"] = r.container
        if r.year:
            item["issued"] = {"date-parts": [[r.year]]}
        for field, value in (("volume", r.volume), ("issue", r.issue), ("page", r.pages), ("DOI", r.doi),
                             ("URL", r.url), ("publisher", r.publisher), ("note", r.note)):
            if value:
                item[field] = value
        items.append(item)
    return json.dumps(items, ensure_ascii=False, indent=1, sort_keys=True) + "\n"
