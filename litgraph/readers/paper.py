"""A paper's full text: its own metadata, its reference section and its body.

The reference section is found by its heading ("References", "Bibliography",
"Daftar Pustaka", ... in markdown, numbered or plain) when a list follows it
(lines with years, labels or DOIs, and not prose); the last such heading
wins, since a paper may say "references" earlier in passing. A paper whose
list has no heading has it found after its last paragraph of prose. The
section is segmented by readers.segment, which also leaves out what a PDF
repeats on every page (running heads, footers, page numbers): lines that
repeat across the whole paper are a hint it is given.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from ..model import Author, Document, Reference

_HEADINGS = (
    "references", "reference list", "list of references", "bibliography", "works cited",
    "literature cited", "cited literature", "literature", "sources", "references and notes",
    "notes and references", "daftar pustaka", "referensi", "pustaka", "bibliografi",
    "literaturverzeichnis", "literatur", "références", "références bibliographiques",
    "bibliographie", "referencias", "bibliografía", "riferimenti bibliografici",
)
_HEADING = re.compile(
    r"^\s*(?:#{1,6}\s*)?(?:\*\*|__)?\s*(?:(?:\d+(?:\.\d+)*|[IVXLC]+)\.?\s+)?(?:\*\*|__)?\s*"
    r"(?P<name>[^\W\d_][^:*#]{2,40}?)\s*:?\s*(?:\*\*|__)?\s*$",
    re.I,
)
_END_HEADINGS = re.compile(
    r"^\s*(?:#{1,6}\s*)?(?:\*\*)?\s*(?:[A-Z]\.?\s+|\d+\.?\s+)?(?:appendix|appendices|lampiran|acknowledg|"
    r"about the authors?|author biograph|biographies|supplementary|conflicts? of interest|"
    r"funding|declaration|(?:figure|table)s?\s+(?:legends?|captions?|and\s+tables)\s*:?\s*$|"
    r"legends?\s+(?:to|of)\s+(?:the\s+)?figures\s*:?\s*$|(?:figures|tables|captions)\s*:?\s*$)",
    re.I,
)
_PAGE_NO = re.compile(r"^\s*(?:page\s*)?\d{1,4}\s*(?:of\s*\d+)?\s*$", re.I)
_SECTION_HEADING = re.compile(
    r"^\s*(?:#{1,6}\s+\S.*|(?:\*\*)?\d+(?:\.\d+)*\.?\s+[A-Z][^.]{2,80}(?:\*\*)?|[A-Z][A-Z &]{3,60})\s*$"
)


@dataclass(slots=True)
class Section:
    heading_line: int  # 1-based
    start: int  # 0-based index of the first line after the heading
    end: int  # 0-based, exclusive


def find_reference_section(lines: list[str]) -> Section | None:
    """The last reference-list heading and the lines it governs."""
    found = None
    for i in range(len(lines) - 1, -1, -1):
        line = lines[i]
        if len(line) > 80:
            continue
        m = _HEADING.match(line)
        if m and m.group("name").strip().lower() in _HEADINGS and _entries_follow(lines, i + 1):
            found = i
            break
    if found is None:
        return None
    end = len(lines)
    for j in range(found + 1, len(lines)):
        if _END_HEADINGS.match(lines[j]) and len(lines[j]) < 80:
            end = j
            break
    return Section(found + 1, found + 1, end)


def _entries_follow(lines: list[str], start: int) -> bool:
    """Does a reference list follow? Its lines have years, labels, pages or
    DOIs, and few of prose's function words; so a wrapped heading that ends in
    "Sources" above a paragraph is not taken for one."""
    from .reflist import evidence

    window = [l for l in lines[start:start + 60] if l.strip()][:15]
    if not window:
        return False
    ev = evidence("\n".join(window))
    return ev.ref >= 0.5 and ev.prose < 0.06 and ev.data <= 0.15


def find_trailing_list(lines: list[str]) -> Section | None:
    """A list with no heading at the end of a paper: the lines after its last
    two lines of prose, when they read as a list."""
    from .reflist import sniff_list

    run = 0
    start = 0
    for i in range(len(lines) - 1, -1, -1):
        if _is_prose(lines[i]):
            run += 1
            if run == 2:
                start = i + 2
                break
        elif lines[i].strip():
            run = 0
    body = [l for l in lines[start:] if l.strip()]
    if start == 0 or len(body) < 3 or sniff_list("\n".join(body)) < 0.5:
        return None
    return Section(start, start, len(lines))


def _is_prose(line: str) -> bool:
    from .reflist import _PROSE_WORDS

    words = line.lower().split()
    if len(words) < 8:
        return False
    hits = sum(1 for w in words if w.strip(".,;:()\"'") in _PROSE_WORDS)
    return hits >= 2 and hits >= 0.1 * len(words)


def furniture(lines: list[str]) -> set[str]:
    """Lines a PDF repeats on its pages (running heads and footers), digits
    aside: a hint for the segmenter, which decides by context."""
    counts = Counter(re.sub(r"\d+", "0", l.strip().lower()) for l in lines if 8 <= len(l.strip()) <= 120)
    return {l for l, c in counts.items() if c >= 3}


def section_headings(lines: list[str]) -> list[tuple[int, str]]:
    """(0-based line, heading text) of the body's headings, markdown marks removed."""
    out = []
    for i, line in enumerate(lines):
        s = line.strip()
        if not s or len(s) > 100:
            continue
        if s.startswith("#"):
            out.append((i, s.lstrip("#").strip().strip("*_ ").strip()))
        elif re.match(r"^(?:\*\*)?\d+(?:\.\d+)*\.?\s+[A-Z]", s) and not s.endswith((".", ",", ";")) and len(s.split()) <= 12:
            out.append((i, s.strip("*_ ").strip()))
    return out


def metadata(text: str, source: str, lines: list[str]) -> Reference:
    """Title, year and authors of the paper itself, where its first page states them."""
    meta = Reference(source=source, index=0, raw="", type="article")
    for line in lines[:40]:
        s = line.strip()
        if s.startswith("# "):
            meta.title = s[2:].strip().strip("*")
            break
    if meta.title is None:
        for line in lines[:15]:
            s = line.strip().strip("*# ")
            if 10 <= len(s) <= 250 and not re.match(r"^(abstract|original article|research article)\b", s, re.I):
                meta.title = s
                break
    years = []
    for line in lines[:60] + lines[-40:]:
        m = re.search(r"(?:published(?: online)?|accepted|received|copyright|©)\D{0,30}((?:19|20)\d\d)", line, re.I)
        if m:
            weight = 2 if re.search(r"published", line, re.I) else 1
            years.append((weight, int(m.group(1))))
    if years:
        meta.year = max(years)[1]
    # The author line: the first short line after the title made of names with
    # affiliation marks (<sup>1</sup>, *), as journals print it.
    if meta.title:
        for line in lines[:25]:
            if "<sup>" in line and "@" not in line and len(line) < 300:
                names = re.sub(r"<sup>.*?</sup>|\\\*|\*", "", line)
                parts = [p.strip() for p in re.split(r",|\band\b|&", names) if p.strip()]
                if parts and all(len(p.split()) <= 5 for p in parts):
                    from ..names import parse_names

                    meta.authors = [a for p in parts for a in parse_names(p).authors] or [Author(p) for p in parts]
                    break
    return meta


def read_paper(text: str, source: str, doc_id: str, lines: list[str] | None = None,
               section: Section | None | bool = True) -> Document:
    """A paper's text: metadata and reference list (parsed).

    `lines` and `section` may be passed when the caller has them already
    (section=True means: find it here)."""
    from .reflist import account, parse_entries, read_list

    lines = lines if lines is not None else text.split("\n")
    doc = Document(source=source, id=doc_id, kind="paper", has_text=True)
    doc.meta = metadata(text, source, lines)
    if section is True:
        section = find_reference_section(lines) or find_trailing_list(lines)
    if section is None:
        doc.has_reference_list = False
        return doc
    doc.reference_line = section.heading_line
    if len(" ".join(lines[: section.heading_line - 1]).split()) < 40:
        # A heading over a bare list, with no paper above it: a reference list.
        doc.kind, doc.has_text, doc.meta = "list", False, None
    listing = read_list("\n".join(lines[section.start:section.end]), first_line=section.start + 1,
                        repeated=furniture(lines))
    doc.references = parse_entries(listing.entries, source)
    account(doc, listing)
    doc.has_reference_list = bool(doc.references)
    return doc


# The format: a text with prose (its reference section found by heading, or after its last paragraph).
def _sniff(probe) -> float:
    from .reflist import evidence, sniff_paper

    text = probe.text
    if not text.strip() or evidence(text).data > 0.15:
        return 0.0  # structured data (CSV, JSON, XML, a log, a tagged export) is no paper
    # Any other text may be a paper's, even with little prose in its head; under
    # another format's extension (.bib, .ris, .csv ...) it only just may be.
    score = max(sniff_paper(text), 0.05)
    return score if probe.suffix in _TEXT_SUFFIXES else min(score, 0.2)


_TEXT_SUFFIXES = (".txt", ".text", ".md", ".markdown", "")


def read_paper_file(path: str, options=None) -> list[Document]:
    from ..textio import read_text
    from . import doc_id
    from .registry import ReadOptions, encoding_warnings

    options = options or ReadOptions()
    text = read_text(path)
    lines = text.text.split("\n")
    doc = read_paper(text.text, path, doc_id(path), lines)
    if doc.has_text and options.citations:
        from .citations import find_citations

        body_end = doc.reference_line - 1 if doc.reference_line else None
        doc.citations = find_citations(text.text, path, doc, body_end)
        if options.vocabulary is not None:
            doc.mentions = options.vocabulary.find_mentions(text.text, path, body_end)
    doc.warnings = encoding_warnings(text) + doc.warnings
    return [doc]


from .registry import Format  # noqa: E402

FORMAT = Format("paper", _sniff, read_paper_file, "a paper's text: its citations and its reference section",
                _TEXT_SUFFIXES)
