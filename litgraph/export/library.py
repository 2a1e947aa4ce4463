"""The merged library: one entry per distinct work of the graph, as BibTeX, RIS or CSL-JSON.

Entries come from the graph's work and paper nodes (after identity merging),
so a work cited by three papers appears once. A record read from a library
keeps its own key; other entries get keys built from first author, year and
title word, stable across runs. Every field a format can hold is written
(editors, place, edition, ISBN and other ids, keywords, abstract, note), so a
library read and written again loses nothing. Works known only from in-text
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
        ref.authors = [_author(a) for a in d.get("authors", [])]
        ref.editors = [_author(a) for a in d.get("editors", [])]
        ref.authors_truncated = bool(d.get("authors_truncated"))
        ref.year = d.get("year")
        for name in _SCALARS:
            setattr(ref, name, d.get(name))
        ref.keywords = list(d.get("keywords") or [])
        ref.ids = dict(d.get("ids") or {})
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


def _author(text: str) -> Author:
    """'Family, Given' as Author.short() writes it ('Family, Jr, Given' with a suffix)."""
    if text.count(", ") >= 2:
        family, _, given = text.rpartition(", ")
    else:
        family, _, given = text.partition(", ")
    return Author(family, given or None)


def to_bibtex(g: nx.MultiDiGraph) -> str:
    from .bibtex import to_bibtex as bib

    entries = library(g)
    return bib([r for _, r in entries], [k for k, _ in entries])


def ris_record(key: str, r: Reference) -> list[str]:
    lines = [f"TY  - {RIS_TYPES.get(r.type, 'GEN')}", f"ID  - {key}"]
    for a in r.authors:
        lines.append(f"AU  - {_ris_name(a)}")
    for a in r.editors:
        lines.append(f"ED  - {_ris_name(a)}")
    year = f"{r.year}{r.year_suffix or ''}" if r.year else None
    for tag, value in (("TI", r.title), ("T2", r.container), ("PY", year), ("VL", r.volume), ("IS", r.issue),
                       ("DO", r.doi), ("UR", r.url), ("PB", r.publisher), ("CY", r.location), ("ET", r.edition),
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
    lines.append("ER  - ")
    return lines


def _ris_name(a: Author) -> str:
    """RIS wants 'Family, Given, Suffix'; ours keeps a suffix after the family name."""
    family, comma, suffix = a.family.partition(", ")
    if comma and suffix in ("Jr", "Jr.", "Sr", "Sr.", "II", "III", "IV"):
        return f"{family}, {a.given or ''}, {suffix}"
    return f"{a.family}, {a.given}" if a.given else a.family


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
    item: dict = {"id": key, "citation-key": key, "type": CSL_TYPES.get(r.type, "document")}
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
    for field, value in (("volume", r.volume), ("issue", r.issue), ("page", r.pages), ("DOI", r.doi),
                         ("URL", r.url), ("publisher", r.publisher), ("publisher-place", r.location),
                         ("edition", r.edition), ("abstract", r.abstract), ("note", r.note)):
        if value:
            item[field] = value
    if r.keywords:
        item["keyword"] = ", ".join(r.keywords) if not any("," in k for k in r.keywords) else r.keywords
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
    if not a.given:
        return {"literal": a.family}
    family, comma, suffix = a.family.partition(", ")
    if comma:
        return {"family": family, "given": a.given, "suffix": suffix}
    return {"family": a.family, "given": a.given}


def to_csljson(g: nx.MultiDiGraph) -> str:
    return csl_text(library(g))


def csl_text(entries: list[tuple[str, Reference]]) -> str:
    items = [csl_item(k, r) for k, r in entries]
    return json.dumps(items, ensure_ascii=False, indent=1, sort_keys=True) + "\n"
