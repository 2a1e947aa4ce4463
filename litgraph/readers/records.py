"""Collections: a database export or a library is one Document per record.

Each record is a document of the corpus (a `paper` node of the graph) whose
`meta` is the record's own bibliographic data and whose `references` are the
works it cites, where the format carries them. `library_view` turns the
records of one file back into one list, for the commands that look at a
file's entries (`refs`, and `check`'s list checks).
"""
from __future__ import annotations

import re

from ..errors import InputError
from ..model import Document, Finding, Reference


def record_id(file_id: str, ref: Reference, position: int) -> str:
    """A stable id for a record: the file's id and the record's key, or its position."""
    key = re.sub(r"[^A-Za-z0-9_.:-]+", "-", ref.key or "").strip("-")
    return f"{file_id}/{key or position}"


def make_record(file_id: str, source: str, meta: Reference, position: int,
                references: list[Reference] | None = None) -> Document:
    """One record of a collection as a document of the corpus."""
    refs = references or []
    return Document(source=source, id=record_id(file_id, meta, position), kind="record", meta=meta,
                    references=refs, has_reference_list=bool(refs))


# BibTeX fields that hold ids, as exports name them (and as our BibTeX writer does).
_ID_FIELDS = {"isbn": "isbn", "issn": "issn", "pmid": "pmid", "pmcid": "pmcid", "web-of-science-id": "wos",
              "unique-id": "wos", "scopus-eid": "scopus", "eid": "scopus", "openalex-id": "openalex"}


def lift_fields(ref: Reference) -> Reference:
    """Move what a BibTeX entry keeps as plain fields into the record's own slots:
    keywords, abstract and database ids (the reader leaves unknown fields in `extra`)."""
    extra = ref.extra
    kw = extra.pop("keywords", None) or extra.pop("keyword", None) or extra.pop("author_keywords", None)
    if kw:
        sep = ";" if ";" in kw else ","
        ref.keywords = [k.strip() for k in kw.split(sep) if k.strip()]
    aff = extra.pop("affiliations", None) or extra.pop("affiliation", None)
    if aff:  # Scopus's and WoS's BibTeX: the addresses joined by "; ", whose authors it does not say
        from ..affiliations import make_affiliation

        ref.affiliations = [make_affiliation(a) for a in re.split(r";\s+|\n", aff) if a.strip()]
    ab = extra.pop("abstract", None)
    if ab:
        ref.abstract = ab
    for field, kind in _ID_FIELDS.items():
        value = extra.pop(field, None)
        if value:
            ref.ids.setdefault(kind, value)
    for field in [f for f in extra if f.endswith("-id")]:  # what our writer names "<kind>-id"
        ref.ids.setdefault(field[:-3], extra.pop(field))
    if "scopus" not in ref.ids:
        m = re.search(r"eid=(2-s2\.0-\d+)", ref.url or "")
        if m:
            ref.ids["scopus"] = m.group(1)
    return ref


# Where one WoS cited reference ends and the next begins once BibTeX has joined their lines:
# after a ". ", a first author (or "[Anonymous]", or a group) and the year.
_WOS_BIB_CUT = re.compile(r"(?<=\.)\s+(?=[^.,;]{1,80}, (?:1[5-9]\d\d|20\d\d)(?:,|\.?$))")


def wos_bib_references(ref: Reference) -> list[Reference] | None:
    """The cited references of a Web of Science BibTeX entry ("Cited-References": WoS's compact
    references, one a line, each ended by a '.' that BibTeX readers join into one value)."""
    raw = ref.extra.pop("cited-references", None)
    if not raw:
        return None
    from .wos_refs import parse_cited

    pieces = [p.strip() for p in re.split(r"\n|" + _WOS_BIB_CUT.pattern, raw) if p and p.strip()]
    return [parse_cited(p[:-1] if p.endswith(".") else p, ref.source, k, ref.line)
            for k, p in enumerate(pieces, 1)]


def records_from_entries(entries: Document) -> list[Document]:
    """The records of a library read as one list of entries (a .bib): one document each.

    The file's warnings travel with its first record, so they are told once."""
    from .scopus import bib_record_references

    docs = []
    for n, ref in enumerate(entries.references, 1):
        # A database's BibTeX (Scopus, WoS) carries the entry's cited references.
        ref = lift_fields(ref)
        cited = bib_record_references(ref)
        if cited is None:
            cited = wos_bib_references(ref)
        docs.append(make_record(entries.id, entries.source, ref, n, cited))
    _unique_ids(docs)
    if not docs:
        empty = Document(source=entries.source, id=entries.id, kind="library", has_reference_list=False)
        empty.warnings = entries.warnings
        return [empty]
    docs[0].warnings = list(entries.warnings) + docs[0].warnings
    return docs


def library_view(docs: list[Document]) -> list[Document]:
    """Documents as the entry-level commands see them: the records of one file become one list.

    Other documents pass through unchanged."""
    out: list[Document] = []
    groups: dict[str, Document] = {}
    for d in docs:
        if d.kind not in ("record", "library"):
            out.append(d)
            continue
        lib = groups.get(d.source)
        if lib is None:
            from . import doc_id

            lib = Document(source=d.source, id=doc_id(d.source), kind="library", has_reference_list=True)
            groups[d.source] = lib
            out.append(lib)
        if d.meta is not None:
            lib.references.append(d.meta)
        lib.warnings.extend(d.warnings)
    for lib in groups.values():
        lib.has_reference_list = bool(lib.references)
    return out


def count_note(source: str, read: int, total: int, what: str = "records") -> Finding | None:
    """'read 510 of 512 records': when some were lost, for the user (and a script) to know.

    An error, not a warning: input was lost, so the command line exits 2 (the
    rest is still read and written)."""
    if read >= total:
        return None
    return Finding(source, None, "records_lost", "error", f"read {read} of {total} {what}")


def finish_records(path: str, docs: list[Document], total: int, warnings: list[Finding],
                   what: str = "records", line: int | None = None) -> list[Document]:
    """The end every collection reader shares: say how many of `total` were read, refuse a
    file of which none could be, keep ids unique, and tell the file's warnings once (with
    its first record)."""
    note = count_note(path, len(docs), total, what)
    if note:
        warnings.append(note)
    if not docs:
        raise InputError(path, f"none of its {total} {what} could be read" if total else f"holds no {what}", line)
    _unique_ids(docs)
    docs[0].warnings = warnings + docs[0].warnings
    return docs


def _unique_ids(docs: list[Document]) -> None:
    """Keys that differ only in characters an id cannot hold would give two records one node."""
    seen: set[str] = set()
    for d in docs:
        while d.id in seen:
            d.id += "+"
        seen.add(d.id)
