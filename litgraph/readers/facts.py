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

Each file is checked against its schema (litgraph.schema) before it is used:
a wrong type, an unknown or missing key is an InputError naming the file, the
key (or the entry of a JSON array) and its line. The files a paper.toml names
must lie inside the paper's folder.
"""
from __future__ import annotations

import json
import os
import re
from pathlib import Path

from ..errors import InputError
from ..model import REF_TYPES, Author, Citation, Document, Finding, Mention, Reference
from ..names import parse_names
from ..schema import Bool, Int, Invalid, ListOf, Optional, Table, Text, check

_FILE = Text(nonempty=True, path=True, description="a file name")
PAPER = Table({
    "id": Text(nonempty=True), "label": Text(), "title": Text(), "subtitle": Text(), "shorttitle": Text(),
    # a lone string is one author ("Smith, J."), never a list of its letters
    "authors": ListOf(Text(nonempty=True), max_items=100_000),
    "year": Int(1, 9999), "container": Text(), "volume": Text(numbers=True), "issue": Text(numbers=True), "pages": Text(numbers=True),
    "doi": Text(), "url": Text(), "publisher": Text(), "note": Text(), "type": Text(choices=REF_TYPES),
    "seed": Text(path=True), "references": _FILE, "reference_list": Bool(), "citations": _FILE,
    "mentions": _FILE,
})
KEYS = set(PAPER.fields)
_LINE = Int(1, 10**9)
CITATION = Table({
    "line": _LINE, "marker": Text(nonempty=True), "authors": Text(nonempty=True),
    "year": Optional(Text(numbers=True)), "narrative": Optional(Bool()), "ref": Optional(Int(1, 10**9)),
    "section": Optional(Text()),
}, required=("line", "marker", "authors"), description="an object")
MENTION = Table({
    "line": _LINE, "kind": Text(choices=("theory", "case")), "entity": Text(nonempty=True),
    "text": Text(nonempty=True), "section": Optional(Text()),
}, required=("line", "kind", "entity", "text"), description="an object")


def load_toml(path: str) -> dict:
    try:
        import tomllib
    except ModuleNotFoundError:  # Python 3.10
        import tomli as tomllib  # type: ignore[no-redef]
    from ..textio import read_text

    text = read_text(path).text
    simple = _simple_toml(text)
    if simple is not None:
        return simple
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        m = re.search(r"line (\d+)", str(exc))
        msg = re.sub(r"\s*\(at line \d+, column \d+\)", "", str(exc))
        raise InputError(path, f"TOML syntax error: {msg}", int(m.group(1)) if m else None) from None
    except ValueError as exc:
        # Python refuses to read integers of more than 4,300 digits.
        raise InputError(path, f"TOML value cannot be read ({str(exc).split(':')[0]})") from None
    except RecursionError:
        raise InputError(path, "TOML nesting is too deep to read") from None


# A paper.toml as litgraph and most people write one: lines of `key = "text"`, `key = 2001`,
# `key = true` or `key = ["text", ...]`, comments and blank lines. Such a file is read by one
# pattern a line (tomllib reads a character at a time, 180 us a file: 4.5 s of a million
# references' 25,000 papers); anything else (an escape, a table, a float, a repeated key) is
# tomllib's, so every error is still tomllib's to tell.
_TOML_STR = r'"[^"\\\x00-\x08\x0a-\x1f\x7f]*"'  # a basic string without escapes or control characters
_TOML_LINE = re.compile(
    r"[ \t]*(?:([A-Za-z0-9_-]+)[ \t]*=[ \t]*(" + _TOML_STR + r"|-?(?:0|[1-9][0-9]{0,17})|true|false"
    r"|\[[ \t]*(?:" + _TOML_STR + r"[ \t]*,[ \t]*)*(?:" + _TOML_STR + r"[ \t]*,?[ \t]*)?\])[ \t]*)?"
    r"(?:#[^\x00-\x08\x0a-\x1f\x7f]*)?")
_TOML_ITEM = re.compile(_TOML_STR)


def _simple_toml(text: str) -> dict | None:
    """What tomllib.loads gives for a file of simple lines only (see _TOML_LINE); None for any other."""
    out: dict = {}
    match = _TOML_LINE.fullmatch
    for line in text.split("\n"):
        m = match(line)
        if m is None:
            return None
        key, value = m.groups()
        if key is None:
            continue
        if key in out:
            return None
        c = value[0]
        if c == '"':
            out[key] = value[1:-1]
        elif c == "[":
            out[key] = [item[1:-1] for item in _TOML_ITEM.findall(value)]
        elif c == "t" or c == "f":
            out[key] = c == "t"
        else:
            out[key] = int(value)
    return out


class KeyLines:
    """The lines of a TOML file, read once, to say where a key or table stands."""

    def __init__(self, path: str):
        from ..textio import read_text

        try:
            self.lines = read_text(path).text.split("\n")
        except InputError:
            self.lines = []

    def find(self, key: str, after: int | None = None) -> int | None:
        """Line of `key = ...` or of the table `[key]` / `[key.…]`, searching from line `after`."""
        k = re.escape(key)
        rx = re.compile(rf"^\s*(?:[\"']?{k}[\"']?\s*=|\[+\s*{k}\s*(?:\]|\.))")
        for i in range((after or 1) - 1, len(self.lines)):
            if rx.match(self.lines[i]):
                return i + 1
        return after

    def of(self, invalid: Invalid) -> int | None:
        """The line of the key an Invalid names (the innermost one found)."""
        line = None
        for p in invalid.path:
            if isinstance(p, str):
                line = self.find(p, line)
        return line


def key_line(path: str, key: str) -> int | None:
    """Line where `key = ...` or `[key...]` stands, for messages about it."""
    return KeyLines(path).find(key)


def read_facts(path: str) -> Document:
    try:
        data = check(load_toml(path), PAPER)
    except Invalid as exc:
        raise InputError(path, str(exc), KeyLines(path).of(exc)) from None
    folder = Path(path).parent
    pid = data.get("id") or folder.name
    doc = Document(source=str(path), id=pid, kind="paper", has_text=True)
    meta = Reference(source=str(path), index=0, raw=pid, type=data.get("type") or "article")
    for name in ("title", "container", "volume", "issue", "pages", "doi", "url", "publisher", "note"):
        if data.get(name):
            setattr(meta, name, data[name])
    if data.get("subtitle") and meta.title:
        meta.title = f"{meta.title}: {data['subtitle']}"
    if not meta.title and data.get("shorttitle"):
        meta.title = data["shorttitle"]
        meta.extra["title_is_short"] = "yes"
    meta.year = data.get("year")
    meta.authors = [a for name in data.get("authors", []) for a in (parse_names(name).authors or [Author(name)])]
    if data.get("label"):
        meta.extra["label"] = data["label"]
    doc.meta = meta
    doc.has_reference_list = data.get("reference_list", True)

    refs_file = data.get("references")
    if refs_file:
        from .bibtex import read_bibtex
        from ..textio import read_text

        ref_path = _inside(path, folder, "references", refs_file)
        sub = read_bibtex(read_text(ref_path).text, ref_path, pid)
        doc.references = sub.references
        doc.warnings.extend(sub.warnings)
    # Citation and mention lines are lines of the paper's full text, named by `seed`.
    text_source = data.get("seed") or str(path)
    if data.get("citations"):
        cit_path = _inside(path, folder, "citations", data["citations"])
        doc.citations = [_citation(obj, text_source) for obj in _json(cit_path, CITATION)]
        listed = {r.index for r in doc.references}
        for c in doc.citations:
            if c.ref is not None and c.ref not in listed:
                doc.warnings.append(Finding(cit_path, None, "bad_ref", "warning",
                                            f"a citation '{c.marker}' (line {c.line}) names entry {c.ref}, "
                                            f"which {refs_file or 'the reference list'} does not hold; "
                                            "it is left unlinked"))
                c.ref, c.link = None, None
    if data.get("mentions"):
        men_path = _inside(path, folder, "mentions", data["mentions"])
        doc.mentions = [Mention(text_source, o["line"], o["kind"], o["entity"], o["text"], o.get("section"))
                        for o in _json(men_path, MENTION)]
    return doc


def _inside(toml_path: str, folder: Path, key: str, name: str) -> str:
    """The path of a file named in paper.toml, which must lie in the paper's folder."""
    target = folder / name
    if name not in (".", "..") and "/" not in name and (not os.altsep or os.altsep not in name) \
            and os.sep not in name and not os.path.islink(target):
        return str(target)  # a file of the folder itself, no link: inside without resolving the path
    real_folder = os.path.realpath(folder)
    real = os.path.realpath(target)
    if os.path.isabs(name) or os.path.commonpath([real_folder, real]) != real_folder:
        raise InputError(toml_path, f"'{key}' names {name}, which is outside the paper's folder: "
                                    "the files of a paper must be in its folder",
                         key_line(toml_path, key))
    return str(target)


def _json(path: str, item) -> list[dict]:
    """The objects of a JSON array file, each checked against `item`."""
    from ..textio import read_text

    text = read_text(path).text
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(str(path), f"JSON syntax error: {exc.msg}", exc.lineno) from None
    except ValueError as exc:  # an integer of more than 4,300 digits
        raise InputError(str(path), f"JSON value cannot be read ({str(exc).split(':')[0]})") from None
    except RecursionError:
        raise InputError(str(path), "JSON nesting is too deep to read") from None
    if not isinstance(data, list):
        raise InputError(str(path), f"expected a JSON array of objects, not {_kind(data)}", 1)
    out = []
    for k, obj in enumerate(data):
        try:
            out.append(item.check(obj, ()))
        except Invalid as exc:
            where = f"entry {k + 1}: " + (str(exc) if exc.path else f"must be an object, not {_kind(obj)}")
            raise InputError(str(path), where, _element_line(text, k)) from None
    return out


def _kind(value) -> str:
    from ..schema import kind_of

    return {"a table": "an object", "a list": "an array"}.get(kind_of(value), kind_of(value))


def _element_line(text: str, index: int) -> int | None:
    """Line where element `index` of the JSON array `text` starts (read only for an error)."""
    decoder = json.JSONDecoder()
    pos = text.index("[") + 1
    try:
        for k in range(index + 1):
            while text[pos] in " \t\n\r,":
                pos += 1
            if k == index:
                return text.count("\n", 0, pos) + 1
            _, pos = decoder.raw_decode(text, pos)
    except (ValueError, IndexError, RecursionError):
        return None
    return None


def _citation(obj: dict, source: str) -> Citation:
    from .citations import split_cited_names

    names, et_al = split_cited_names(obj["authors"])
    return Citation(source=source, line=obj["line"], marker=obj["marker"], authors=obj["authors"],
                    year=obj.get("year") or None, narrative=bool(obj.get("narrative")), ref=obj.get("ref"),
                    section=obj.get("section"), names=names, et_al=et_al,
                    link="curated" if obj.get("ref") else None)


def _sniff(probe) -> float:
    return 1.0 if probe.name == "paper.toml" else 0.0


def _read(path: str, options=None) -> list[Document]:
    return [read_facts(path)]


from .registry import Format  # noqa: E402

FORMAT = Format("facts", _sniff, _read, "a paper described by curated facts (paper.toml and its files)",
                (".toml",))
