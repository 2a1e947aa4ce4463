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
    from .paper import find_reference_section, looks_like_list, read_paper

    lines = text.text.split("\n")
    section = find_reference_section(lines)
    entries = None
    if section is None:
        from .reflist import split_entries

        entries = split_entries(text.text)
    if entries is not None and looks_like_list(entries):
        from .reflist import parse_entries

        doc = Document(source=path, id=doc_id(path), kind="list")
        doc.references = parse_entries(entries, path)
    else:
        doc = read_paper(text.text, path, doc_id(path), lines, section)
        if doc.has_text and citations:
            from .citations import find_citations

            body_end = doc.reference_line - 1 if doc.reference_line else None
            doc.citations = find_citations(text.text, path, doc, body_end)
            if vocabulary is not None:
                doc.mentions = vocabulary.find_mentions(text.text, path, body_end)
    _encoding_warning(doc, text)
    return doc


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
