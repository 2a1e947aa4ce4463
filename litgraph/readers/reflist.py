"""Plain reference lists: split into one entry per reference, then parse each.

Entries may be numbered ("1.", "[1]", "1)", "(1)"), bulleted, separated by
blank lines, or simply start on a new line; they may wrap over several lines,
over blank lines, and carry a PDF's hyphenated line breaks. Numbers are
trusted only in sequence, so "1081." at the start of a wrapped page range is
not taken for entry 1081.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from ..hyphens import should_join
from ..model import Reference

_NUMBERED = re.compile(r"^\s*(?:\[(\d{1,4})\]|\((\d{1,4})\)|(\d{1,4})[.)](?!\d))\s*(?=\S)")
_BULLET = re.compile(r"^\s*(?:[-•*–·▪◦‣]|\\-)\s+(?=\S)")
# A reference usually opens with a surname and initials, a given-first name,
# an upper-case name, or a corporate author: a capital letter followed by text.
_START = re.compile(
    r"^\s*(?:(?:van|von|de|der|den|du|da|di|del|della|dos|das|la|le|ten|ter)\s+)*(?:[A-ZÀ-ÖØ-Þ][\w'’\-]*(?:[ -][A-ZÀ-ÖØ-Þa-z][\w'’\-]*){0,3},\s*[A-ZÀ-ÖØ-Þ]|"
    r"[A-ZÀ-ÖØ-Þ]\.\s*(?:[A-ZÀ-ÖØ-Þ]\.\s*)*[A-ZÀ-ÖØ-Þ][\w'’\-]+|"
    r"[A-ZÀ-ÖØ-Þ]{2,}\b|"
    r"[A-ZÀ-ÖØ-Þ][\w'’\-]+ [A-ZÀ-ÖØ-Þ][\w'’\-]+[.,]? \(?(?:1[5-9]|20)\d\d)"
)
_ENDS_ENTRY = re.compile(r"(?:[.)\]>]|\d|(?:https?://|doi\.org/|10\.\d{4,9}/)\S*)\s*$")


@dataclass(slots=True)
class Entry:
    line: int  # 1-based line of the entry's first line in the file
    text: str  # joined into one line


def join_lines(lines: list[str]) -> str:
    """Join wrapped lines: undo hyphenated breaks of words, keep real hyphens."""
    out = ""
    for raw in lines:
        line = raw.strip()
        if not line:
            continue
        if not out:
            out = line
        elif re.search(r"[A-Za-zÀ-ÿ]-$", out) and re.match(r"^[a-zà-ÿ]", line):
            # "interna-" + "tionalization" is one word; "born-" + "global" a compound.
            left = re.search(r"([A-Za-zÀ-ÿ]+)-$", out).group(1)
            right = re.match(r"[a-zà-ÿ]+", line).group(0)
            out = (out[:-1] if should_join(left, right) else out) + line
        elif out.endswith(("-", "/", "_")) or (out.endswith(".") and re.match(r"^\d", line) and "doi" in out[-30:].lower()):
            out = out + line  # "Wiedersheim-" + "Paul", URLs and DOIs broken over lines
        else:
            out = out + " " + line
    return out


def split_entries(text: str, first_line: int = 1) -> list[Entry]:
    """Split a reference list into entries; `first_line` numbers the text's first line."""
    lines = text.split("\n")
    numbered = [(_NUMBERED.match(l), i) for i, l in enumerate(lines)]
    nums = [(int(next(g for g in m.groups() if g)), i) for m, i in numbered if m]
    if len(nums) >= 2 and _sequential(nums):
        return _split_numbered(lines, first_line)
    bullets = sum(1 for l in lines if _BULLET.match(l))
    nonblank = sum(1 for l in lines if l.strip())
    if bullets >= 2 and bullets >= 0.3 * nonblank:
        return _split_marked(lines, first_line, _BULLET)
    return _split_plain(lines, first_line)


def _sequential(nums: list[tuple[int, int]]) -> bool:
    """Markers that count 1, 2, 3, ... (stray numbers such as a wrapped page
    range's "1081." in between are allowed): a numbered list."""
    chain = 0
    expected = None
    for n, _ in nums:
        if (expected is None and n <= 3) or (expected is not None and expected <= n <= expected + 2):
            chain += 1
            expected = n + 1
    return chain >= 3 or (chain >= 2 and chain >= 0.5 * len(nums))


def _split_numbered(lines: list[str], first_line: int) -> list[Entry]:
    groups: list[tuple[int, list[str]]] = []
    expected = None
    for i, line in enumerate(lines):
        m = _NUMBERED.match(line)
        if m:
            n = int(next(g for g in m.groups() if g))
            # Accept the next number (or a small skip); reject stray numbers such as
            # a page range's second half at the start of a wrapped line.
            if expected is None and n <= 3 or expected is not None and expected <= n <= expected + 2:
                groups.append((i, [line[m.end():]]))
                expected = n + 1
                continue
        if groups:
            groups[-1][1].append(line)
    return [Entry(i + first_line, join_lines(ls)) for i, ls in groups if join_lines(ls)]


def _split_marked(lines: list[str], first_line: int, marker: re.Pattern) -> list[Entry]:
    groups: list[tuple[int, list[str]]] = []
    for i, line in enumerate(lines):
        m = marker.match(line)
        if m:
            groups.append((i, [line[m.end():]]))
        elif groups and line.strip():
            groups[-1][1].append(line)
        elif not groups and line.strip():
            groups.append((i, [line]))
    return [Entry(i + first_line, join_lines(ls)) for i, ls in groups if join_lines(ls)]


def _split_plain(lines: list[str], first_line: int) -> list[Entry]:
    """No markers: blank lines, hanging indents and entry-like line starts decide."""
    blocks: list[tuple[int, list[str]]] = []
    for i, line in enumerate(lines):
        if not line.strip():
            if blocks and blocks[-1][1]:
                blocks.append((i + 1, []))
            continue
        if not blocks:
            blocks.append((i, []))
        if not blocks[-1][1]:
            blocks[-1] = (i, [])
        blocks[-1][1].append(line)
    blocks = [b for b in blocks if b[1]]
    groups: list[tuple[int, list[str]]] = []
    for start, block in blocks:
        indents = [len(l) - len(l.lstrip()) for l in block]
        base = min(indents)
        hanging = len(set(indents)) > 1
        current: tuple[int, list[str]] | None = None
        for k, line in enumerate(block):
            starts = k == 0
            if not starts:
                prev = block[k - 1]
                if hanging:
                    # A hanging indent says it all: lines at the margin start entries.
                    starts = indents[k] == base
                else:
                    starts = _START.match(line) is not None and _ENDS_ENTRY.search(prev) is not None and _looks_complete(current[1])
            if starts:
                current = (start + k, [line])
                groups.append(current)
            else:
                current[1].append(line)
    return [Entry(i + first_line, join_lines(ls)) for i, ls in groups if join_lines(ls)]


def _looks_complete(lines: list[str]) -> bool:
    """Has the entry so far got what a reference needs to end: a year and a title?"""
    text = " ".join(lines)
    return bool(re.search(r"(?<!\d)(1[5-9]\d\d|20\d\d)(?!\d)|n\.d\.", text)) and len(text) > 40


def parse_list(text: str, source: str, first_line: int = 1) -> list[Reference]:
    """Split and parse a plain reference list."""
    return parse_entries(split_entries(text, first_line), source)


def parse_entries(entries: list[Entry], source: str) -> list[Reference]:
    from ..refparse import parse_reference

    return [parse_reference(e.text, source, k, e.line) for k, e in enumerate(entries, 1)]


# The format: a file of references and little else (no paper around them).
def _sniff(probe) -> float:
    from .paper import find_reference_section, looks_like_list

    text = probe.text
    if not text.strip():
        return 0.0
    if find_reference_section(text.split("\n")) is not None:
        return 0.0  # a heading: the paper reader decides whether prose stands above it
    return 0.5 if looks_like_list(split_entries(text)) else 0.0


def read_list(path: str, options=None) -> list:
    from ..model import Document
    from ..textio import read_text
    from . import doc_id
    from .registry import encoding_warnings

    text = read_text(path)
    doc = Document(source=path, id=doc_id(path), kind="list")
    doc.references = parse_entries(split_entries(text.text), path)
    doc.warnings = encoding_warnings(text)
    return [doc]


from .registry import Format  # noqa: E402

FORMAT = Format("list", _sniff, read_list, "a reference list: one entry after another, numbered or not",
                (".txt", ".text", ".ref", ".refs", ".md", ".markdown", ""))
