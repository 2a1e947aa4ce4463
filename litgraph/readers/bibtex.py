"""BibTeX files via bibtexparser v2: macros, crossref, names, LaTeX to Unicode.

Middleware order matters: names are split while their braces still protect
"{World Health Organization}" and "{van der Berg}", and only then are all
fields LaTeX-decoded. bibtexparser v2 leaves crossref to its users, so a
child entry inherits missing fields from its parent here. A duplicate key or
an entry that does not parse becomes a warning naming its line; the rest of
the file is read.
"""
from __future__ import annotations

import re

from ..doi import clean_doi
from ..errors import InputError
from ..model import Author, Document, Finding, Reference

TYPE_MAP = {
    "article": "article",
    "book": "book", "mvbook": "book", "booklet": "book", "proceedings": "book", "collection": "book",
    "incollection": "chapter", "inbook": "chapter", "inproceedings": "chapter", "conference": "chapter",
    "phdthesis": "thesis", "mastersthesis": "thesis", "thesis": "thesis",
    "techreport": "report", "report": "report", "manual": "report",
    "online": "web", "www": "web", "electronic": "web",
}
# What a crossref child takes from its parent, and under which name.
_INHERIT = {"title": "booktitle", "booktitle": "booktitle", "editor": "editor", "publisher": "publisher",
            "address": "address", "year": "year", "date": "date", "volume": "volume", "series": "series",
            "organization": "organization", "isbn": "isbn"}


def _parse(text: str):
    import logging

    import bibtexparser
    from bibtexparser import middlewares as mw

    # bibtexparser logs each failed block; we report them ourselves, once, with lines.
    logging.getLogger("bibtexparser").setLevel(logging.CRITICAL)

    stack = [
        mw.ResolveStringReferencesMiddleware(True),
        mw.RemoveEnclosingMiddleware(True),
        mw.SeparateCoAuthors(True),
        mw.SplitNameParts(True),
        mw.LatexDecodingMiddleware(True),
    ]
    return bibtexparser.parse_string(text, parse_stack=stack)


def read_bibtex(text: str, source: str, doc_id: str) -> Document:
    from bibtexparser.model import DuplicateBlockKeyBlock, Entry

    library = _parse(text)
    doc = Document(source=source, id=doc_id, kind="bibtex")
    for block in library.failed_blocks:
        line = (block.start_line or 0) + 1
        if isinstance(block, DuplicateBlockKeyBlock):
            doc.warnings.append(Finding(source, line, "duplicate_key", "warning",
                                        f"duplicate key '{block.key}': this second entry is skipped"))
        else:
            what = _describe_failure(block)
            doc.warnings.append(Finding(source, line, "unreadable_entry", "warning",
                                        f"entry skipped: {what}"))
    entries = [b for b in library.blocks if isinstance(b, Entry)]
    if not entries and not library.failed_blocks:
        if "@" not in text:
            raise InputError(source, "holds no BibTeX entries (no '@type{key, ...}' found)")
        raise InputError(source, "holds no readable BibTeX entries", _first_at_line(text))
    by_key = {e.key.lower(): e for e in entries}
    for k, entry in enumerate(entries, 1):
        fields = {f.key.lower(): f.value for f in entry.fields}
        parent_key = fields.get("crossref")
        if isinstance(parent_key, str) and parent_key.lower() in by_key:
            parent = {f.key.lower(): f.value for f in by_key[parent_key.lower()].fields}
            for pkey, ckey in _INHERIT.items():
                if pkey in parent and ckey not in fields:
                    fields[ckey] = parent[pkey]
        elif parent_key:
            doc.warnings.append(Finding(source, (entry.start_line or 0) + 1, "missing_crossref", "warning",
                                        f"entry '{entry.key}' refers to crossref '{parent_key}', which is not in the file"))
        doc.references.append(_reference(entry, fields, source, k))
    return doc


def _reference(entry, fields: dict, source: str, index: int) -> Reference:
    ref = Reference(source=source, index=index, raw=entry.key, key=entry.key,
                    line=(entry.start_line or 0) + 1)
    ref.type = TYPE_MAP.get(entry.entry_type.lower(), "other")
    ref.authors = _names(fields.get("author"))
    if ref.authors and ref.authors[-1].family.lower() == "others":
        ref.authors.pop()
        ref.authors_truncated = True
    ref.editors = _names(fields.get("editor"))
    if not ref.authors and ref.editors and ref.type == "book":
        ref.authors = ref.editors
    year_text = _text(fields.get("year")) or _text(fields.get("date"))
    if year_text:
        m = re.search(r"(1[5-9]\d\d|20\d\d)([a-z])?", year_text)
        if m:
            ref.year, ref.year_suffix = int(m.group(1)), m.group(2)
    ref.title = _text(fields.get("title"))
    if ref.type == "article":
        ref.container = _text(fields.get("journal") or fields.get("journaltitle"))
    else:
        ref.container = _text(fields.get("booktitle") or fields.get("journal") or fields.get("journaltitle"))
    ref.volume = _text(fields.get("volume"))
    ref.issue = _text(fields.get("number") or fields.get("issue"))
    pages = _text(fields.get("pages"))
    ref.pages = re.sub(r"\s*-{1,3}\s*", "–", pages) if pages else None
    ref.doi = clean_doi(_text(fields.get("doi")))
    ref.url = _text(fields.get("url"))
    if ref.url and not ref.doi and "doi.org/" in ref.url.lower():
        ref.doi, ref.url = clean_doi(ref.url), None
    ref.publisher = _text(fields.get("publisher") or fields.get("institution") or fields.get("school")
                          or fields.get("organization"))
    ref.location = _text(fields.get("address") or fields.get("location"))
    ref.edition = _text(fields.get("edition"))
    ref.note = _text(fields.get("note") or fields.get("annote"))
    if ref.type == "other" and ref.url and not ref.container:
        ref.type = "web"
    if (fields.get("litgraph-reconstructed") or "").strip().lower() in ("yes", "true"):
        ref.reconstructed = True
    known = {"author", "editor", "year", "date", "title", "journal", "journaltitle", "booktitle", "volume",
             "number", "issue", "pages", "doi", "url", "publisher", "institution", "school",
             "organization", "address", "location", "edition", "note", "annote"}
    ref.extra = {k: _text(v) for k, v in fields.items() if k not in known and _text(v)}
    return ref


def _names(value) -> list[Author]:
    """bibtexparser NameParts (one per person) to Authors: von joins the family name."""
    if not value:
        return []
    if isinstance(value, str):
        from ..names import parse_names

        return parse_names(value).authors
    out = []
    for person in value:
        if isinstance(person, str):
            out.append(Author(person.strip()))
            continue
        # SplitNameParts yields a list of NameParts, which bibtexparser's LaTeX
        # decoder passes over: decode the parts here, after the braces did their job.
        family = _latex(" ".join(person.von + person.last))
        if person.jr:
            family = f"{family}, {_latex(' '.join(person.jr))}"
        given = _latex(" ".join(person.first)) or None
        if family:
            out.append(Author(family, given))
    return out


_decoder = None


def _latex(text: str) -> str:
    global _decoder
    if "\\" not in text and "{" not in text and "~" not in text:
        return text.strip()
    if _decoder is None:
        from pylatexenc.latex2text import LatexNodes2Text

        _decoder = LatexNodes2Text()
    try:
        return " ".join(_decoder.latex_to_text(text).split())
    except Exception:  # pylatexenc rejects some malformed input; keep it readable
        return text.replace("{", "").replace("}", "").strip()


def _text(value) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str):
        value = str(value)
    # Grouping braces are gone after LaTeX decoding; what braces remain are literal.
    value = re.sub(r"\s+", " ", value).strip()
    return value or None


def _describe_failure(block) -> str:
    err = str(getattr(block, "error", "") or "").strip().split("\n")[0]
    raw = (block.raw or "").strip().split("\n")[0][:60]
    return f"{err or 'cannot be parsed'} ({raw})" if raw else (err or "cannot be parsed")


def _first_at_line(text: str) -> int | None:
    idx = text.find("@")
    return text[:idx].count("\n") + 1 if idx >= 0 else None


# The format: a .bib file given as a source is a library, one record per entry
# (a paper's own bibliography comes in through its paper.toml instead).
_ENTRY_START = re.compile(r"^[ \t]*@[A-Za-z]+[ \t]*[{(]", re.M)


def _sniff(probe) -> float:
    hits = len(_ENTRY_START.findall(probe.text))
    if not hits:
        # Nothing else may claim it either: let the BibTeX reader say what is wrong.
        return 0.25 if probe.suffix == ".bib" else 0.0
    return 0.95 if probe.suffix in (".bib", ".bibtex", ".biblatex") or hits >= 3 else 0.6


def read_library(path: str, options=None) -> list[Document]:
    from ..textio import read_text
    from . import doc_id
    from .records import records_from_entries
    from .registry import encoding_warnings

    text = read_text(path)
    entries = read_bibtex(text.text, path, doc_id(path))
    entries.warnings = encoding_warnings(text) + entries.warnings
    return records_from_entries(entries)


from .registry import Format  # noqa: E402  (the registry imports this module lazily)

FORMAT = Format("bibtex", _sniff, read_library, "BibTeX or BibLaTeX library: one record per entry",
                (".bib", ".bibtex", ".biblatex"))
