"""Readers: turn each source file into a Document of records.

`read_sources` walks files and folders; a folder holding `paper.toml` is one
paper described by curated facts (see readers.facts); otherwise each file is
read by its kind: `.bib` as BibTeX, any other text as a paper's full text when
it has prose, or as a bare reference list when it is one.
"""
from __future__ import annotations

import os
import re
from collections.abc import Iterable
from pathlib import Path

from ..errors import InputError
from ..model import Document, Finding
from ..textio import read_text

TEXT_SUFFIXES = {".txt", ".md", ".markdown", ".text", ".ref", ".refs", ""}
# Files in a corpus folder that are not sources.
_SKIP_NAMES = {"vocabulary.toml", "readme.md", "readme.txt", "license", "license.txt"}


def doc_id(path: str | os.PathLike) -> str:
    """A stable, readable id from a path: 'bib/ornamental-plant-batu' -> 'ornamental-plant-batu'."""
    p = Path(path)
    stem = p.name if p.is_dir() or p.name == "paper.toml" else p.stem
    if p.name == "paper.toml":
        stem = p.parent.name
    return re.sub(r"[^a-z0-9]+", "-", stem.lower()).strip("-") or "source"


def read_file(path: str, vocabulary=None, citations: bool = True) -> Document:
    """Read one source file (raises InputError when it cannot be used).

    citations=False skips finding in-text citations and mentions (all that
    `litgraph refs` needs is the reference list)."""
    p = Path(path)
    if p.name == "paper.toml":
        from .facts import read_facts

        return read_facts(path)
    if p.suffix.lower() == ".bib":
        from .bibtex import read_bibtex

        text = read_text(path)
        doc = read_bibtex(text.text, path, doc_id(path))
        _encoding_warning(doc, text)
        return doc
    text = read_text(path)
    from .paper import read_paper
    from .reflist import read_list_document, sniff_list, sniff_paper

    head = text.text[:65536]
    as_list, as_paper = sniff_list(head), sniff_paper(head)
    if max(as_list, as_paper) == 0.0 and _structured(head):
        raise InputError(path, "is neither a reference list nor a paper's text "
                         "(it looks like structured data: CSV, JSON, XML, a log or a tagged export)")
    if as_list > as_paper:
        doc = read_list_document(text.text, path, doc_id(path))
    else:
        doc = read_paper(text.text, path, doc_id(path))
        if doc.has_text and citations:
            from .citations import find_citations

            body_end = doc.reference_line - 1 if doc.reference_line else None
            doc.citations = find_citations(text.text, path, doc, body_end)
            if vocabulary is not None:
                doc.mentions = vocabulary.find_mentions(text.text, path, body_end)
    _encoding_warning(doc, text)
    return doc


def _structured(head: str) -> bool:
    from .reflist import evidence

    return evidence(head).data > 0.15


def _encoding_warning(doc: Document, text) -> None:
    if text.first_bad_line:
        doc.warnings.append(Finding(doc.source, text.first_bad_line, "encoding", "warning",
                                    f"not UTF-8; read as {text.encoding}"))


def expand(paths: Iterable[str]) -> list[str]:
    """Files to read from the given files and folders, in a stable order.

    A folder with a paper.toml stands for that paper alone: its other files are
    the paper's own (reference list, BibTeX) and are read through the facts.
    """
    out: list[str] = []
    for path in paths:
        p = Path(path)
        if p.is_dir():
            for root, dirs, files in os.walk(p):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                if "paper.toml" in files:
                    out.append(os.path.join(root, "paper.toml"))
                    dirs[:] = []
                    continue
                for f in sorted(files):
                    if f.startswith(".") or f.lower() in _SKIP_NAMES or f.endswith(".json") or f.endswith(".toml"):
                        continue
                    if Path(f).suffix.lower() in TEXT_SUFFIXES | {".bib"} and not f.upper().startswith(("NOTES", "VOCABULARY")):
                        out.append(os.path.join(root, f))
        elif p.is_file():
            out.append(str(path))
        elif not p.exists():
            raise InputError(str(path), "no such file or folder")
        else:
            out.append(str(path))
    return out


def read_sources(paths: Iterable[str], vocabulary=None, on_error=None) -> list[Document]:
    """Read every source; a file that cannot be read is passed to `on_error`
    (which may raise, or record it and let the rest be read)."""
    docs = []
    for path in expand(paths):
        try:
            docs.append(read_file(path, vocabulary))
        except InputError as exc:
            if on_error is None:
                raise
            on_error(exc)
    return docs
