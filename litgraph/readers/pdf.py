"""PDF manuscripts: the text layer in reading order, with each line's page kept.

Extracted with pypdfium2 (PDFium; Apache-2.0/BSD-3): fastest of the permissive candidates
measured side by side (bench/pdf_extractors.py) and it gives the text runs with their boxes,
from which this module lays out the page itself:

- two columns read left then right (a full-width title or footer stays where it stands);
- superscript digits (a run raised above its line and smaller) become Unicode superscripts,
  so "growth¹⁻³" is a citation and not the word "growth1" and a page number;
- ligatures (ﬁ, ﬂ, ...) spelt out, soft hyphens dropped, words hyphenated at a line end
  joined where the word list knows the whole word;
- running headers, footers and page numbers (lines repeated on most pages, or a bare
  number at the top or bottom of a page) removed.

Bad input gets one clear line: an encrypted PDF, a damaged one, and a scan without a text
layer ("needs OCR") raise InputError.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from ..errors import InputError

_LIGATURES = str.maketrans({"ﬀ": "ff", "ﬁ": "fi", "ﬂ": "fl", "ﬃ": "ffi", "ﬄ": "ffl", "ﬅ": "st", "ﬆ": "st",
                            "\u00ad": None, "\ufffe": None, "\x02": "-", "\u2010": "-"})
_SUPER = str.maketrans("0123456789-–,", "⁰¹²³⁴⁵⁶⁷⁸⁹⁻⁻,")
_PAGE_NUMBER = re.compile(r"^\s*(?:page\s+)?\d{1,4}(?:\s*(?:of|/)\s*\d{1,4})?\s*$|^\s*[-–]\s*\d{1,4}\s*[-–]\s*$", re.I)
MAX_PAGES = 2000  # beyond this a file is not a manuscript; read the first pages and say so


@dataclass(slots=True)
class _Run:
    left: float
    bottom: float
    right: float
    top: float
    text: str

    @property
    def height(self) -> float:
        return self.top - self.bottom


@dataclass
class PdfText:
    lines: list[str]
    places: dict[int, str]  # 1-based line -> "p. 3"
    pages: int
    pages_read: int


def sniff(probe) -> float:
    # The header may follow a little junk (up to 1 KiB, as readers allow).
    return 0.99 if b"%PDF-" in probe.head[:1024] else 0.0


def extract(path: str) -> PdfText:
    import pypdfium2 as pdfium

    try:
        pdf = pdfium.PdfDocument(path)
    except pdfium.PdfiumError as exc:
        msg = str(exc)
        if "password" in msg.lower():
            raise InputError(path, "encrypted PDF: it needs a password; save an unprotected copy") from None
        raise InputError(path, f"not a readable PDF ({msg})") from None
    try:
        total = len(pdf)
        pages = []
        for k in range(min(total, MAX_PAGES)):
            page = pdf[k]
            width, height = page.get_size()
            tp = page.get_textpage()
            runs = []
            for i in range(tp.count_rects()):
                l, b, r, t = tp.get_rect(i)
                text = tp.get_text_bounded(l, b, r, t).translate(_LIGATURES)
                text = text.replace("\r", " ").replace("\n", " ")
                if text.strip():
                    runs.append(_Run(l, b, r, t, text))
            pages.append(_layout(runs, width))
            tp.close()
            page.close()
    finally:
        pdf.close()
    if not any(any(l.strip() for l in p) for p in pages):
        raise InputError(path, f"no text layer in {total} page{'s' if total != 1 else ''}: a scanned (image-only) "
                               "PDF needs OCR first (for example ocrmypdf)")
    pages = _drop_furniture(pages)
    lines: list[str] = []
    places: dict[int, str] = {}
    for k, page in enumerate(pages, 1):
        for line in page:
            lines.append(line)
            places[len(lines)] = f"p. {k}"
        lines.append("")
    _join_hyphens(lines)
    return PdfText(lines, places, total, len(pages))


def _layout(runs: list[_Run], width: float) -> list[str]:
    """Runs of one page as lines in reading order (columns left to right); a running head
    and foot, set apart from the text by a gap, stay first and last (to be recognised)."""
    if not runs:
        return []
    head, body, foot = _margins(runs)
    return _lines(head) + _columns(body, width) + _lines(foot)


def _margins(runs: list[_Run]) -> tuple[list[_Run], list[_Run], list[_Run]]:
    """The top and bottom bands of a page when a gap of two lines or more parts them from the text."""
    heights = sorted(r.height for r in runs)
    gap = 2 * heights[len(heights) // 2]
    by_top = sorted(runs, key=lambda r: -r.top)
    head: list[_Run] = []
    k = 0
    while k < len(by_top) - 1 and k < 3:
        band_bottom = min(r.bottom for r in by_top[:k + 1])
        if by_top[k + 1].top < band_bottom - gap:
            head = by_top[:k + 1]
            break
        k += 1
    rest = [r for r in runs if r not in head]
    by_bottom = sorted(rest, key=lambda r: r.bottom)
    foot: list[_Run] = []
    k = 0
    while k < len(by_bottom) - 1 and k < 3:
        band_top = max(r.top for r in by_bottom[:k + 1])
        if by_bottom[k + 1].bottom > band_top + gap:
            foot = by_bottom[:k + 1]
            break
        k += 1
    body = [r for r in rest if r not in foot]
    return head, body, foot


def _columns(runs: list[_Run], width: float) -> list[str]:
    if not runs:
        return []
    split = _column_split(runs, width)
    if split is None:
        return _lines(runs)
    # Full-width runs cut the page into bands; within a band the left column comes first.
    out: list[str] = []
    band: list[_Run] = []
    for run in sorted(runs, key=lambda r: -r.top):
        if run.left < split - 2 and run.right > split + 2:
            out += _band(band, split)
            band = []
            out += _lines([run])
        else:
            band.append(run)
    out += _band(band, split)
    return out


def _band(runs: list[_Run], split: float) -> list[str]:
    left = [r for r in runs if r.right <= split + 2]
    right = [r for r in runs if r.right > split + 2]
    return _lines(left) + _lines(right)


def _column_split(runs: list[_Run], width: float) -> float | None:
    """The x of a gutter no run crosses, with text on both sides: two columns.

    The columns need not be balanced: the last page of a two-column paper may
    hold a full left column and a few lines on the right (the end of the list,
    a legend). A lopsided split is taken only when it looks like a gutter from
    both sides: the left column's lines end at it and the right column's lines
    start at one margin just past it."""
    chars = sum(len(r.text) for r in runs)
    best = None
    for step in range(30, 71):
        x = width * step / 100
        crossing = sum(len(r.text) for r in runs if r.left < x - 2 and r.right > x + 2)
        left = sum(len(r.text) for r in runs if r.right <= x + 2)
        right = chars - left - crossing
        if crossing > 0.12 * chars or min(left, right) < 0.05 * chars:
            continue
        # Lines of the left column must end near the gutter, or this is a ragged single column.
        ends = [r.right for r in runs if r.right <= x + 2 and len(r.text) > 20]
        if not ends or sum(1 for e in ends if e > x - 0.12 * width) < 0.5 * len(ends):
            continue
        if min(left, right) < 0.25 * chars:
            starts = [r.left for r in runs if r.left >= x - 2 and len(r.text) > 20]
            if len(starts) < 3 or sum(1 for s in starts if s < min(starts) + 0.06 * width) < 0.6 * len(starts):
                continue
        if best is None or crossing < best[0]:
            best = (crossing, x)
    return best[1] if best else None


def _lines(runs: list[_Run]) -> list[str]:
    """Group runs into lines by vertical overlap; superscript digits marked as such."""
    lines: list[list[_Run]] = []
    for run in sorted(runs, key=lambda r: (-r.top, r.left)):
        for line in reversed(lines[-3:]):
            if any(r.left < run.right - 1 and run.left < r.right - 1 for r in line):
                continue  # two runs side by side on one line never overlap: this run is on another line
            main = max(line, key=lambda r: r.height)
            overlap = min(main.top, run.top) - max(main.bottom, run.bottom)
            if overlap > 0.3 * min(main.height, run.height) or (overlap > 0 and run.height < 0.7 * main.height):
                line.append(run)
                break
        else:
            lines.append([run])
    out = []
    for line in lines:
        line.sort(key=lambda r: r.left)
        main = max(line, key=lambda r: (r.height if re.search(r"[A-Za-z]", r.text) else 0, len(r.text)))
        text = ""
        prev = None
        for r in line:
            piece = r.text
            if r is not main and re.fullmatch(r"\s*[\d,–\-]+\s*", piece) and r.height < 0.75 * main.height \
                    and r.bottom > main.bottom + 0.25 * main.height:
                piece = piece.strip().translate(_SUPER)
            elif prev is not None and r.left - prev.right > 0.25 * main.height and not text.endswith(" "):
                piece = " " + piece.lstrip()
            text += piece
            prev = r
        out.append(" ".join(text.split()))
    return out


def _drop_furniture(pages: list[list[str]]) -> list[list[str]]:
    """Running heads and feet: lines (numbers aside) at a page's top or bottom on most pages; bare page numbers."""
    def norm(line: str) -> str:
        return re.sub(r"\d+", "#", line.strip().lower())

    edges = Counter()
    for page in pages:
        seen = {norm(l) for l in page[:3] + page[-3:] if l.strip()}
        edges.update(seen)
    # A running head may change with the chapter: three pages are enough in a long document.
    many = len(pages) if len(pages) <= 3 else max(3, int(0.15 * len(pages)))
    repeated = {t for t, n in edges.items() if n >= many} if len(pages) >= 2 else set()
    out = []
    for page in pages:
        keep = []
        for i, line in enumerate(page):
            edge = i < 3 or i >= len(page) - 3
            if edge and (norm(line) in repeated or _PAGE_NUMBER.match(line)):
                continue
            keep.append(line)
        out.append(keep)
    return out


# Endings TeX leaves after a break ("develop-ment"): common as tokens in the word
# list (abbreviations, noise), never words that make a compound.
_SUFFIXES = frozenset(("ing", "ings", "tion", "tions", "sion", "ment", "ments", "ness", "ly", "er", "ers", "al",
                       "als", "ed", "ic", "ics", "ism", "ist", "ists", "ity", "ive", "ous", "ful", "less", "able",
                       "ible", "ance", "ence", "ship", "ure", "ize", "ise", "ized", "ised", "ical", "ally", "ant",
                       "ent", "ents", "est", "ies", "ian", "ians", "ogy", "ory", "age", "ages", "ate", "ated"))


def _join_hyphens(lines: list[str]) -> None:
    """'interna-' + 'tionalization' -> one word on the first line (line count kept).

    A PDF keeps the hyphen of every word TeX or a typesetter broke at a line's
    end, in any language, and also the hyphen of a compound broken at it. The
    evidence, strongest first: the paper itself (the word printed whole
    elsewhere in it, or with its hyphen inside a line), the English word list
    (hyphens.should_join), and then the halves: a compound is made of words
    ("meta-analysis", "long-run"), while a word broken by hyphenation leaves a
    fragment that is none ("thiore-doxin", "Itali-ennes", "ré-gionale"). Lines
    with nothing on them (between pages) are passed over."""
    from ..hyphens import should_join, zipf

    vocab: Counter | None = None
    for i in range(len(lines) - 1):
        m = _LINE_END_HYPHEN.search(lines[i])
        if not m:
            continue
        j = i + 1
        while j < len(lines) and j < i + 4 and not lines[j].strip():
            j += 1
        if j >= len(lines):
            break
        n = _LINE_START_WORD.match(lines[j])
        if not n or not n.group(1)[0].islower():
            continue  # "Wiedersheim-" + "Paul", "Anglo-" + "German": a capital goes on a compound
        left, right = m.group(1), n.group(1)
        if vocab is None:
            vocab = Counter(w.strip(_EDGE_PUNCT).lower() for line in lines for w in line.split())
        whole, compound = (left + right).lower(), f"{left}-{right}".lower()
        if vocab[whole]:
            join = True
        elif vocab[compound]:
            join = False
        elif should_join(left, right):
            join = True
        else:
            words = (len(left) >= 2 and right not in _SUFFIXES and zipf(left) >= 3.0 and zipf(right) >= 3.0)
            join = not words and len(left) >= 2
        if join:
            lines[i] = lines[i][:-1] + right + n.group(2)
            lines[j] = lines[j][n.end():]


_LINE_END_HYPHEN = re.compile(r"(?<![\w-])([^\W\d_]+)-$")
_LINE_START_WORD = re.compile(r"([^\W\d_]+)([.,;:)]?)(?:\s+|$)")
_EDGE_PUNCT = ".,;:()[]\"'“”‘’«»!?"


def read_pdf(path: str, doc_id: str, vocabulary=None, citations: bool = True):
    """A PDF manuscript as a Document: its list, its citations, each line's page."""
    from ..model import Finding
    from .citations import find_citations
    from .paper import read_paper

    text = extract(path)
    joined = "\n".join(text.lines)
    doc = read_paper(joined, path, doc_id, text.lines)  # finds the section, or a list without heading
    doc.places = text.places
    if text.pages_read < text.pages:
        doc.warnings.append(Finding(path, None, "truncated_input", "warning",
                                    f"read the first {text.pages_read} of {text.pages} pages"))
    if doc.kind == "paper" and citations:
        body_end = doc.reference_line - 1 if doc.reference_line else None
        doc.citations = find_citations(joined, path, doc, body_end)
        if vocabulary is not None:
            doc.mentions = vocabulary.find_mentions(joined, path, body_end)
    return doc


def read_pdf_file(path: str, options=None) -> list:
    from . import doc_id

    return [read_pdf(path, doc_id(path), getattr(options, "vocabulary", None), getattr(options, "citations", True))]


from .registry import Format  # noqa: E402

FORMAT = Format("pdf", sniff, read_pdf_file, "a PDF manuscript: its text layer, in reading order, with pages", (".pdf",))
