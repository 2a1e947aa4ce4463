"""Plain reference lists: split into one entry per reference, then parse each.

Entries may be numbered ("1.", "[1]", "1)", "(1)", "1 ", or the label alone
on its own line), bulleted, separated by blank lines, or simply start on a new
line; they may wrap over several lines (hanging indent or flush left), carry
a PDF's hyphenated line breaks, running heads and page numbers. Where each
entry starts is decided for the whole list at once by the segmenter
(readers.segment); this module joins each entry's lines into one, keeps the
account of every line (in an entry, or skipped and why), and flags entries
that look like several references merged.

Everything is linear in the size of the text.
"""
from __future__ import annotations

import re
from bisect import bisect_left
from collections import Counter
from dataclasses import dataclass, field
from typing import Sequence

from ..hyphens import should_join
from ..model import Document, Finding, Reference

# A line longer than this is re-wrapped into pieces of about _WRAP characters
# before segmenting (a list pasted without its line breaks, or a 1 MB line):
# the segmenter then reads it as a list wrapped flush left.
MAX_LINE = 2000
_WRAP = 100
# Control and zero-width characters are no part of a reference.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u2028\u2029\u202a-\u202e\u2060-\u2064\ufeff]")
_LABEL = re.compile(r"^\s*(?:\[\d{1,6}\]|\(\d{1,6}\)|\d{1,6}(?:\.(?!\d)|\)|(?=\s|$))|[-•*–·▪◦‣](?=\s)|\\-(?=\s))\s*")
# (The look-behind after the four digits, not before: the engine then scans for a
# digit instead of trying the look-behind at every position; the matches are the same.)
_YEAR = re.compile(r"(?:1[5-9]\d\d|20[0-4]\d)(?<![\d/.]....)(?![\d/])")
# A year as a reference prints it: not one end of a page range ("1749–1756").
_PUB_YEAR = re.compile(r"(?:1[5-9]\d\d|20[0-4]\d)(?<![\d/.–-]....)(?![\d/–-])")
_DOI = re.compile(r"\b10\.\d{4,9}/[^\s,;]+")
_WORD_HYPHEN = re.compile(r"([A-Za-zÀ-ÿ]+)-$")
_WORD_START = re.compile(r"^[a-zà-ÿ]+")


@dataclass(slots=True)
class Entry:
    line: int  # 1-based line of the entry's first line in the file
    text: str  # joined into one line
    last: int = 0  # 1-based line of its last line


@dataclass(slots=True)
class Skipped:
    line: int  # 1-based
    text: str
    reason: str


@dataclass(slots=True)
class Listing:
    """A list read into entries, with the account of every line."""

    entries: list[Entry]
    skipped: list[Skipped] = field(default_factory=list)
    warnings: list[tuple[int, str]] = field(default_factory=list)  # (line, message)
    first_line: int = 1
    last_line: int = 0


def join_lines(lines: list[str]) -> str:
    """Join wrapped lines: undo hyphenated breaks of words, keep real hyphens.

    Linear: each line is looked at once, only at its ends."""
    parts: list[str] = []
    for raw in lines:
        line = raw.strip()
        if not line:
            continue
        if not parts:
            parts.append(line)
            continue
        out = parts[-1]
        last = out[-1]
        if last == "-" and len(out) > 1 and out[-2].isalpha() and _WORD_START.match(line):
            # "interna-" + "tionalization" is one word; "born-" + "global" a compound.
            left = _WORD_HYPHEN.search(out[-60:])
            right = _WORD_START.match(line).group(0)
            if left and should_join(left.group(1), right):
                parts[-1] = out[:-1]
            parts.append(line)
        elif last in "-/_" or (last == "." and line[0].isdigit() and "doi" in out[-30:].lower()):
            parts.append(line)  # "Wiedersheim-" + "Paul", page ranges, URLs and DOIs broken over lines
        else:
            parts.append(" " + line)
    return "".join(parts)


def clean_line(line: str) -> str:
    return _CONTROL.sub("", line) if _CONTROL.search(line) else line


def read_list(text: str, first_line: int = 1, repeated: set[str] | None = None) -> Listing:
    """Segment a list's text: its entries and every other non-blank line, with why.

    `repeated`: lines (lower case, digits as "0") that repeat across the whole
    file the list stands in, such as a paper's running heads."""
    from .segment import REASONS, segment

    raw_lines = text.split("\n")
    warnings: list[tuple[int, str]] = []
    if not _CONTROL.search(text) and max(map(len, raw_lines)) <= MAX_LINE:
        # (Most lists: nothing to clean or cut, each line its own.)
        lines: list[str] = raw_lines
        origin: Sequence[int] = range(len(raw_lines))
    else:
        lines, origin = _clean_lines(raw_lines, first_line, warnings)
    seg = segment(lines, repeated)
    entries: list[Entry] = []
    skipped_labels: list[tuple[int, str]] = []
    label_m = _LABEL.match
    for span in seg.entries:
        at = span.lines
        head = lines[at[0]]
        m = label_m(head)
        if m:
            head = head[m.end():]
        # (most entries of most lists are one line: joined, it is that line stripped)
        joined = head.strip() if len(at) == 1 else join_lines([head, *[lines[j] for j in at[1:]]])
        if not joined:
            # A bare number alone with nothing after it is a page number; "[12]" a label.
            alone = lines[span.first].strip()
            skipped_labels.append((span.first, REASONS["F"] if alone.isdigit() else "a label with no entry after it"))
            continue
        entries.append(Entry(origin[span.first] + first_line, joined, origin[span.last] + first_line))
    skipped = []
    for j, reason in sorted(seg.skipped + skipped_labels):
        line_no = origin[j] + first_line
        if skipped and skipped[-1].line == line_no:
            continue
        skipped.append(Skipped(line_no, raw_lines[origin[j]].strip()[:200], reason))
    n_lines = len(raw_lines) - (len(raw_lines) > 1 and raw_lines[-1] == "")  # a final newline ends the last line
    listing = Listing(entries, skipped, warnings, first_line, first_line + n_lines - 1)
    listing.warnings.extend(merged_warnings(entries))
    return listing


def _clean_lines(raw_lines: list[str], first_line: int, warnings: list[tuple[int, str]]) -> tuple[list[str], list[int]]:
    """The lines without control characters, very long lines cut into pieces;
    and for each piece the index of its line. Warnings say what was done."""
    lines: list[str] = []
    origin: list[int] = []
    controls: list[int] = []
    for i, line in enumerate(raw_lines):
        if _CONTROL.search(line):
            controls.append(i + first_line)
            line = _CONTROL.sub("", line)
        if len(line) > MAX_LINE:
            pieces, how = split_run(line)
            if len(pieces) > 1:
                warnings.append((i + first_line, f"a line of {len(line):,} characters split into {len(pieces):,} "
                                                 f"entries at their {how}"))
            else:
                warnings.append((i + first_line, f"a line of {len(line):,} characters; read as a list wrapped at {_WRAP}"))
            for piece in pieces:
                for part in (_rewrap(piece) if len(piece) > MAX_LINE else (piece,)):
                    lines.append(part)
                    origin.append(i)
        else:
            lines.append(line)
            origin.append(i)
    if controls:
        many = f" from {len(controls):,} lines" if len(controls) > 1 else ""
        warnings.append((controls[0], f"control or zero-width characters removed{many}"))
    return lines, origin


# How the first entry of a run of references opens, and so how each of the others does.
_RUN_LABEL = re.compile(r"^\s*(?:\[(\d{1,6})\]|\((\d{1,6})\)|(\d{1,6})([.)]))\s")
_RUN_LABELS = {
    "[": re.compile(r"(?:^|(?<=\s))\[(\d{1,6})\]\s"),
    "(": re.compile(r"(?:^|(?<=\s))\((\d{1,6})\)\s"),
    ".": re.compile(r"(?:^|(?<=\s))(\d{1,6})\.\s"),
    ")": re.compile(r"(?:^|(?<=\s))(\d{1,6})\)\s"),
}
# "Smith, J. A." / "Smith, John" (APA, Chicago) and "Holm EA," (Vancouver), with
# particles ("van der Berg, A."); after an entry's end: ". " or ") ".
_NAME = r"(?:[a-z]{1,3}\s){0,2}[A-ZÀ-Þ][\w'’-]+"
_RUN_AUTHOR = {
    "name, initial": re.compile(r"(?:^|(?<=[.)]\s))(?=" + _NAME + r",\s+(?:[A-ZÀ-Þ]\.|[A-ZÀ-Þ][a-zà-ÿ]+[\s,]))"),
    "name initials": re.compile(r"(?:^|(?<=[.)]\s))(?=" + _NAME + r"\s[A-ZÀ-Þ]{1,3}[,.]\s)"),
}


def split_run(line: str) -> tuple[list[str], str]:
    """Cut a long line of references printed back to back (as some PDF text
    extractions give them) where entry starts are evident: numbered labels
    that follow on in sequence ("[12] ... [13] ..."), or, in an author-year or
    Vancouver list, the opening the first entry has ("Smith, J." or "Holm EA,")
    after a period, where the text on both sides holds a year. Returns the
    pieces and what they were cut at; one piece when nothing is evident.
    Linear: one scan for the candidates, one walk along them."""
    m = _RUN_LABEL.match(line)
    if m:
        kind = "[" if m.group(1) else "(" if m.group(2) else m.group(4)
        first = int(m.group(1) or m.group(2) or m.group(3))
        at: dict[int, list[int]] = {}
        for c in _RUN_LABELS[kind].finditer(line):
            at.setdefault(int(c.group(1)), []).append(c.start())
        cuts = [m.start()]
        k = first + 1
        while k in at:
            # The label k is the last "k" before the first "k+1" after it: a number
            # inside the entry ("vol. 12. ") that equals the next label is passed over.
            after = [p for p in at[k] if p > cuts[-1]]
            if not after:
                break
            nxt = [p for p in at.get(k + 1, ()) if p > after[0]]
            cuts.append(max(p for p in after if not nxt or p < nxt[0]))
            k += 1
        if len(cuts) > 3:
            # The last number has no next one to confirm it: it is a label when what
            # follows opens as some other entry does, not "part 60. Lancet." inside the last one.
            openings = Counter(_opening(line, c) for c in cuts[:-1])
            if not openings[_opening(line, cuts[-1])]:
                cuts.pop()
        if len(cuts) >= 3:
            return _cut(line, cuts), "numbers"
        return [line], ""
    years = [y.start() for y in _YEAR.finditer(line)]

    def year_in(a: int, b: int) -> bool:
        k = bisect_left(years, a)
        return k < len(years) and years[k] < b

    for how, pattern in _RUN_AUTHOR.items():
        if not pattern.match(line):
            continue
        starts = [c.start() for c in pattern.finditer(line, 1)] + [len(line)]
        cuts = [0]
        for j, p in enumerate(starts[:-1]):
            # A year on both sides, up to the next candidate: the entry before is
            # whole and this one is an entry ("Cambridge, Massachusetts: MIT Press"
            # after a title opens as a name does, but holds no year).
            if year_in(cuts[-1], p) and year_in(p, starts[j + 1]):
                cuts.append(p)
        if len(cuts) >= 3:
            return _cut(line, cuts), f"authors' names ({how})"
    return [line], ""


def _opening(line: str, at: int) -> str:
    """The shape of the first word after a label at `at` ("Holm" -> "Xx", "Lancet." -> "Xx.")."""
    from .segment import _shape

    words = line[at:at + 80].split(None, 2)
    return _shape(words[1]) if len(words) > 1 else ""


def _cut(line: str, cuts: list[int]) -> list[str]:
    return [line[a:b].strip() for a, b in zip(cuts, cuts[1:] + [len(line)]) if line[a:b].strip()]


def _rewrap(line: str) -> list[str]:
    """Cut a very long line into pieces of about _WRAP characters at spaces (linear)."""
    out = []
    start = 0
    n = len(line)
    while start < n:
        end = start + _WRAP
        if end >= n:
            out.append(line[start:])
            break
        cut = line.rfind(" ", start + _WRAP // 2, end + 1)
        if cut < 0:
            cut = line.find(" ", end)
            if cut < 0 or cut - start > 4 * _WRAP:
                cut = start + 4 * _WRAP if n - start > 4 * _WRAP else n
        out.append(line[start:cut])
        start = cut + 1 if cut < n and line[cut] == " " else cut
    return out


def merged_warnings(entries: list[Entry]) -> list[tuple[int, str]]:
    """Entries that look like several references glued together: several DOIs,
    three or more years, or far longer than the rest of the list."""
    if not entries:
        return []
    lengths = sorted(len(e.text) for e in entries)
    typical = lengths[len(lengths) // 2]
    out = []
    for e in entries:
        if len(e.text) < 12:
            continue  # (too short to hold two DOIs or three years)
        why = []
        dois = len(set(_DOI.findall(e.text[:20000]))) if "10." in e.text else 0
        if dois >= 2:
            why.append(f"{dois} DOIs")
        years = set(_PUB_YEAR.findall(e.text[:20000]))
        if len(years) >= 3:
            why.append(f"{len(years)} years")
        if len(e.text) > 1500 and (len(entries) < 5 or len(e.text) > 4 * typical):
            why.append(f"{len(e.text):,} characters")
        if why:
            where = f"lines {e.line}–{e.last}" if e.last > e.line else f"line {e.line}"
            out.append((e.line, f"entry at {where} may be several references merged ({', '.join(why)})"))
    return out


def split_entries(text: str, first_line: int = 1) -> list[Entry]:
    """Split a reference list into entries; `first_line` numbers the text's first line."""
    return read_list(text, first_line).entries


def parse_list(text: str, source: str, first_line: int = 1) -> list[Reference]:
    """Split and parse a plain reference list."""
    return parse_entries(split_entries(text, first_line), source)


def parse_entries(entries: list[Entry], source: str) -> list[Reference]:
    from ..refparse import parse_references

    refs = parse_references([e.text for e in entries], source, [e.line for e in entries])
    for ref, e in zip(refs, entries):
        ref.line_end = e.last or e.line
    return refs


def account(doc: Document, listing: Listing) -> None:
    """Put a listing's account on its document: skipped lines and warnings."""
    doc.skipped_lines.extend((s.line, s.text, s.reason) for s in listing.skipped)
    doc.lines_read = (listing.first_line, listing.last_line)
    for line, message in listing.warnings:
        doc.warnings.append(Finding(doc.source, line, "segmentation", "warning", message))
    dropped = [s for s in listing.skipped if s.reason != "heading"]
    if dropped:
        shown = ", ".join(str(s.line) for s in dropped[:8]) + (" …" if len(dropped) > 8 else "")
        kinds = sorted({s.reason for s in dropped})
        doc.warnings.append(Finding(doc.source, dropped[0].line, "skipped_lines", "warning",
                                    f"{len(dropped)} line{'s' * (len(dropped) > 1)} left out as {' or '.join(kinds)}: "
                                    f"line{'s' * (len(dropped) > 1)} {shown}"))


def read_list_document(text: str, source: str, doc_id: str) -> Document:
    """A file that is a reference list: every entry parsed, every line accounted for."""
    listing = read_list(text)
    doc = Document(source=source, id=doc_id, kind="list")
    doc.references = parse_entries(listing.entries, source)
    account(doc, listing)
    return doc


# ----------------------------------------------------------------------------------------------
# Is a text a reference list, a paper's prose, or neither?

_PROSE_WORDS = frozenset(
    "is are was were be been being that this these those which we our it its has have had not can could would "
    "should may might will also such than there however thus therefore whereas while because since although "
    "they them he she his her you your i".split()
)
_REF_LINE = re.compile(
    r"(?<![\d/.])(?:1[5-9]\d\d|20[0-4]\d)(?![\d/])|\b10\.\d{4,9}/|https?://|\bpp?\.\s*\d|\d+\s*[-–]\s*\d+|"
    r"^\s*(?:\[\d+\]|\(\d+\)|\d+[.)])\s+\S"
)
# Lines of structured data: tagged records (RIS, WoS, MEDLINE), CSV and TSV rows, JSON, BibTeX, logs.
_TAGGED = re.compile(r"^(?:[A-Z][A-Z0-9]{1,3}\s{0,2}-\s|[A-Z][A-Z0-9] (?=\S)|@\w+\s*[{(]|\s*[{}\[\]]\s*,?$|\s*\"[^\"]+\"\s*:)")
_LOG = re.compile(r"^\s*\[?(?:\d{4}-\d\d-\d\d[ T]\d\d:\d\d|\d\d:\d\d:\d\d|[A-Z][a-z]{2} [ \d]\d \d\d:\d\d)|\b(?:DEBUG|INFO|WARN(?:ING)?|ERROR|TRACE)\b[:\]]")


@dataclass(slots=True)
class Evidence:
    lines: int  # non-blank lines looked at
    ref: float  # share of lines with a year, DOI, URL, pages or an entry label
    prose: float  # share of words that are prose's function words
    data: float  # share of lines that are structured data (tagged, CSV, JSON, log)
    long: float  # share of lines longer than 400 characters (paragraphs)
    headings: int = 0  # section headings other than a reference list's ("## Method", "2. Results")


def evidence(text: str, max_lines: int = 2000) -> Evidence:
    lines = []
    headings = 0
    raw = text.split("\n", max_lines * 3)[: max_lines * 3]
    for k, line in enumerate(raw):
        if line.strip():
            lines.append(line)
            # A section heading stands alone: a markdown heading, or a short
            # numbered or capitalised line with a blank line beside it.
            if len(line) < 80 and _SECTION.match(line) and not _REF_HEADING.match(line) and (
                    line.lstrip().startswith("#") or k == 0 or not raw[k - 1].strip()
                    or (k + 1 < len(raw) and not raw[k + 1].strip())):
                headings += 1
            if len(lines) >= max_lines:
                break
    n = len(lines)
    if not n:
        return Evidence(0, 0.0, 0.0, 0.0, 0.0)
    data = long = words = prose = 0
    signal = []
    for line in lines:
        signal.append(bool(_REF_LINE.search(line[:2000])))
        if _TAGGED.match(line) or _LOG.search(line[:200]) or line.count('","') >= 3:
            data += 1
        if len(line) > 400:
            long += 1
        toks = line[:3000].lower().split()
        words += len(toks)
        prose += sum(1 for t in toks if t.strip(".,;:()\"'") in _PROSE_WORDS)
    # A wrapped entry's year may stand two lines away from its other lines.
    ref = sum(1 for k in range(n) if any(signal[max(0, k - 2):k + 3]))
    if _TAGGED.match(lines[0]) or _STRUCTURED_START.match(lines[0]) or any(_table_header(lines[k], lines[k + 1]) for k in range(min(2, n - 1))):
        data = max(data, n)
    return Evidence(n, ref / n, prose / max(words, 1), data / n, long / n, headings)


def _table_header(line: str, after: str) -> bool:
    """The header row of a CSV or TSV file (`after` is the row after it): several
    short fields, no sentence or year in them."""
    if line.count("\t") >= 3:
        return True
    fields = line.split(",")
    if len(fields) < 4:
        return False
    quoted = sum(1 for f in fields if len(f.strip()) > 1 and f.strip()[0] == f.strip()[-1] == '"')
    return quoted >= len(fields) / 2 or (
        "." not in line and not _YEAR.search(line) and all(0 < len(f.strip()) <= 30 for f in fields)
        and after.count(",") >= len(fields) - 1)


# A paper's section headings: markdown, numbered ("2.1 Results") or in capitals.
_SECTION = re.compile(r"^\s*(?:#{1,6}\s+\S|(?:\d+(?:\.\d+)*\.?|[IVX]+\.)\s+[A-Z][a-z]+(?:\s+[A-Za-z]+){0,5}\s*$|[A-Z]{4,}(?:\s+[A-Z]{2,}){0,3}\s*$)")
_REF_HEADING = re.compile(r"^\s*(?:#+\s*)?(?:\d+\.?\s+)?(?:\*\*)?(?:references?|bibliography|literature|works cited|sources|notes|further reading|daftar pustaka|literatur)", re.I)
_STRUCTURED_START = re.compile(r"^\s*(?:[{]|\[\s*(?:[\"{\[]|$)|<[?!A-Za-z])")


def sniff_list(text: str) -> float:
    """How much a text looks like a reference list (0..1): lines full of years,
    DOIs, pages and labels, few of prose's function words, no structured data."""
    ev = evidence(text)
    if ev.lines == 0 or ev.data > 0.15:
        return 0.0
    score = min(1.0, ev.ref / 0.7) * (1.0 - min(1.0, max(0.0, ev.prose - 0.025) / 0.04))
    if ev.long > 0.3 and ev.prose > 0.04:
        score *= 0.3
    if ev.headings >= 2:
        score *= 0.3  # a paper's sections
    return round(max(0.0, min(1.0, score)) * 0.9, 3)


def sniff_paper(text: str) -> float:
    """How much a text looks like a paper's prose (0..1): paragraphs, and
    prose's function words in them."""
    ev = evidence(text)
    if ev.lines == 0 or ev.data > 0.15:
        return 0.0
    score = 0.85 * min(1.0, max(0.0, ev.prose - 0.03) / 0.03)
    if ev.headings >= 2:
        score = max(score, 0.6)
    return round(score, 3)


# ----------------------------------------------------------------------------------------------
# The format: a file of references and little else (no paper around them).

def _sniff(probe) -> float:
    return sniff_list(probe.text)  # the content decides, whatever the extension


_SUFFIXES = (".txt", ".text", ".ref", ".refs", ".md", ".markdown", "")


def read_list_file(path: str, options=None) -> list[Document]:
    from ..textio import read_text
    from . import doc_id
    from .registry import encoding_warnings

    text = read_text(path)
    doc = read_list_document(text.text, path, doc_id(path))
    doc.warnings = encoding_warnings(text) + doc.warnings
    return [doc]


from .registry import Format  # noqa: E402

FORMAT = Format("list", _sniff, read_list_file, "a reference list: one entry after another, numbered or not",
                _SUFFIXES)
