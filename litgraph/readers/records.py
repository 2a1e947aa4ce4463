"""Collections: a database export or a library is one Document per record.

Each record is a document of the corpus (a `paper` node of the graph) whose
`meta` is the record's own bibliographic data and whose `references` are the
works it cites, where the format carries them. `library_view` turns the
records of one file back into one list, for the commands that look at a
file's entries (`refs`, and `check`'s list checks).
"""
from __future__ import annotations

import re

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


def records_from_entries(entries: Document) -> list[Document]:
    """The records of a library read as one list of entries (a .bib): one document each.

    The file's warnings travel with its first record, so they are told once."""
    docs, seen = [], set()
    for n, ref in enumerate(entries.references, 1):
        doc = make_record(entries.id, entries.source, ref, n)
        while doc.id in seen:  # keys that differ only in characters the id cannot hold
            doc.id += "+"
        seen.add(doc.id)
        docs.append(doc)
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
    """'read 510 of 512 records': a warning when some were lost, for the user to know."""
    if read >= total:
        return None
    return Finding(source, None, "records_lost", "warning", f"read {read} of {total} {what}")
