"""Curated facts of one paper: a folder with paper.toml, its references and citations.

The demo corpus holds the bibliographic facts of its papers, never their
prose, so `litgraph build` can work from bib/ alone:

    bib/<paper>/paper.toml        the paper's own metadata and what the other files are
    bib/<paper>/references.txt    the reference list as printed
    bib/<paper>/references.bib    the same list as BibTeX, in printed order
    bib/<paper>/citations.json    in-text citations: line, section, marker, authors, year, ref
    bib/<paper>/mentions.json     theories and cases named in the text: line, section, id, text

paper.toml keys: id, label (shown when no title is printed), title, subtitle,
shorttitle (when only a short form of the title is kept), authors (list of "Family, Given"), year, container,
volume, issue, pages, doi, url, publisher, seed (the full-text file the facts
were taken from), references, reference_list (false when the paper prints
none and references.bib was reconstructed from its citations), citations,
mentions, note.
"""
from __future__ import annotations

import json
import re
from pathlib import Path

from ..errors import InputError
from ..model import Author, Citation, Document, Mention, Reference
from ..names import parse_names

KEYS = {"id", "label", "title", "subtitle", "shorttitle", "authors", "year", "container", "volume", "issue", "pages", "doi", "url",
        "publisher", "seed", "references", "reference_list", "citations", "mentions", "note", "type"}


def load_toml(path: str) -> dict:
    try:
        import tomllib
    except ModuleNotFoundError:  # Python 3.10
        import tomli as tomllib  # type: ignore[no-redef]
    from ..textio import read_text

    text = read_text(path).text
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        m = re.search(r"line (\d+)", str(exc))
        msg = re.sub(r"\s*\(at line \d+, column \d+\)", "", str(exc))
        raise InputError(path, f"TOML syntax error: {msg}", int(m.group(1)) if m else None) from None


class KeyLines:
    """The lines of a TOML file, read once, to say where a key or table stands."""

    def __init__(self, path: str):
        try:
            self.lines = Path(path).read_text("utf-8", errors="replace").split("\n")
        except OSError:
            self.lines = []

    def find(self, key: str, after: int | None = None) -> int | None:
        """Line of `key = ...` or of the table `[key]` / `[key.…]`, searching from line `after`."""
        k = re.escape(key)
        rx = re.compile(rf"^\s*(?:{k}\s*=|\[+\s*{k}\s*(?:\]|\.))")
        for i in range((after or 1) - 1, len(self.lines)):
            if rx.match(self.lines[i]):
                return i + 1
        return after


def key_line(path: str, key: str) -> int | None:
    """Line where `key = ...` or `[key...]` stands, for messages about it."""
    return KeyLines(path).find(key)


def read_facts(path: str) -> Document:
    data = load_toml(path)
    for key in data:
        if key not in KEYS:
            raise InputError(path, f"unknown key '{key}' (known: {', '.join(sorted(KEYS))})", key_line(path, key))
    folder = Path(path).parent
    pid = str(data.get("id") or folder.name)
    doc = Document(source=str(path), id=pid, kind="paper", has_text=True)
    meta = Reference(source=str(path), index=0, raw=pid, type=str(data.get("type", "article")))
    for name in ("title", "container", "volume", "issue", "pages", "doi", "url", "publisher", "note"):
        if data.get(name) is not None:
            setattr(meta, name, str(data[name]))
    if data.get("subtitle") and meta.title:
        meta.title = f"{meta.title}: {data['subtitle']}"
    if not meta.title and data.get("shorttitle"):
        meta.title = str(data["shorttitle"])
        meta.extra["title_is_short"] = "yes"
    if "year" in data:
        if not isinstance(data["year"], int):
            raise InputError(path, "year must be a number", key_line(path, "year"))
        meta.year = data["year"]
    meta.authors = [a for name in data.get("authors", []) for a in (parse_names(name).authors or [Author(name)])]
    if data.get("label"):
        meta.extra["label"] = str(data["label"])
    doc.meta = meta
    doc.has_reference_list = bool(data.get("reference_list", True))

    refs_file = data.get("references")
    if refs_file:
        from .bibtex import read_bibtex
        from ..textio import read_text

        ref_path = str(folder / refs_file)
        sub = read_bibtex(read_text(ref_path).text, ref_path, pid)
        doc.references = sub.references
        doc.warnings.extend(sub.warnings)
    # Citation and mention lines are lines of the paper's full text, named by `seed`.
    text_source = str(data.get("seed") or path)
    if data.get("citations"):
        doc.citations = [_citation(obj, text_source) for obj in _json(folder / data["citations"])]
    if data.get("mentions"):
        doc.mentions = [Mention(text_source, o["line"], o["kind"], o["entity"], o["text"], o.get("section"))
                        for o in _json(folder / data["mentions"])]
    return doc


def _json(path: Path) -> list[dict]:
    from ..textio import read_text

    try:
        data = json.loads(read_text(path).text)
    except json.JSONDecodeError as exc:
        raise InputError(str(path), f"JSON syntax error: {exc.msg}", exc.lineno) from None
    if not isinstance(data, list):
        raise InputError(str(path), "expected a JSON array of objects", 1)
    return data


def _citation(obj: dict, source: str) -> Citation:
    from .citations import split_cited_names

    names, et_al = split_cited_names(obj["authors"])
    return Citation(source=source, line=obj["line"], marker=obj["marker"], authors=obj["authors"],
                    year=obj.get("year"), narrative=bool(obj.get("narrative")), ref=obj.get("ref"),
                    section=obj.get("section"), names=names, et_al=et_al,
                    link="curated" if obj.get("ref") else None)


def _sniff(probe) -> float:
    return 1.0 if probe.name == "paper.toml" else 0.0


def _read(path: str, options=None) -> list[Document]:
    return [read_facts(path)]


from .registry import Format  # noqa: E402

FORMAT = Format("facts", _sniff, _read, "a paper described by curated facts (paper.toml and its files)",
                (".toml",))
