"""PDF manuscripts: the text layer in reading order, with each line's page kept.

Extracted with pypdfium2 (PDFium; Apache-2.0/BSD-3): fastest of the permissive candidates
measured side by side (bench/pdf_extractors.py) and it gives the text runs with their boxes,
from which this module lays out the page itself:

- two columns read left then right (a full-width title or footer stays where it stands),
  also on a last page whose right column holds two lines, and where PDFium gives a left
  line and the right one beside it as one run across a narrow gutter;
- each line keeps its indent from its column's margin (two spaces an em), so a list's
  hanging indent or the text after its labels reaches the reference segmenter;
- superscript digits (a run raised above its line and smaller) become Unicode superscripts,
  so "growth¹⁻³" is a citation and not the word "growth1" and a page number;
- accents TeX placed over a letter its font lacks put back on the letter ("Dvořák");
- ligatures (ﬁ, ﬂ, ...) spelt out, soft hyphens dropped, words hyphenated at a line end
  joined (by the paper's own words, the word list, and the halves: a fragment that is no
  word is a broken word), URLs and DOIs broken at a line end put back together;
- running headers, footers and page numbers (lines repeated on most pages, or on most
  odd or even pages, or a bare number at the top or bottom of a page) removed.

bench/pdf_refs.py measures all this on typeset papers whose reference lists are known.

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
            pages.append(_layout(_page_runs(tp), width, _cutter(tp)))
            tp.close()
            page.close()
    finally:
        pdf.close()
    if not any(any(l.strip() for l in p) for p in pages):
        raise InputError(path, f"no text layer in {total} page{'s' if total != 1 else ''}: a scanned (image-only) "
                               "PDF needs OCR first (for example ocrmypdf)")
    pages = _drop_furniture(pages)
    rows: list[str | None] = []
    page_of: list[int | None] = []
    for k, page in enumerate(pages, 1):
        rows += page
        page_of += [k] * len(page)
        rows.append("")
        page_of.append(None)
    # Words and links broken over lines put together; a line they take whole is gone
    # (not left blank: a blank line in a list parts its entries).
    _join_hyphens(rows)
    _join_links(rows)
    lines: list[str] = []
    places: dict[int, str] = {}
    for line, k in zip(rows, page_of):
        if line is None:
            continue
        lines.append(line)
        if k is not None:
            places[len(lines)] = f"p. {k}"
    return PdfText(lines, places, total, len(pages))


def _page_runs(tp) -> list[_Run]:
    """The page's text runs (a stretch of one line in one font), from PDFium's rectangles;
    from its characters where the page has accents built by placing a spacing accent
    over a letter (as TeX does for a letter its font lacks: "Dvoˇrák", "D ˛abrowska"),
    so that each accent goes back on its letter ("Dvořák", "Dąbrowska")."""
    n = tp.count_chars()
    text = tp.get_text_range(0, n) if n else ""
    if len(text) == n and not _ACCENTS.keys().isdisjoint(text):
        return _char_runs(tp, text)
    runs = []
    for i in range(tp.count_rects()):
        l, b, r, t = tp.get_rect(i)
        text = tp.get_text_bounded(l, b, r, t).translate(_LIGATURES)
        text = text.replace("\r", " ").replace("\n", " ")
        if text.strip():
            runs.append(_Run(l, b, r, t, text))
    return runs


# Spacing accents and the combining mark each puts on a letter.
_ACCENTS = {"´": "\u0301", "`": "\u0300", "ˆ": "\u0302", "^": "\u0302", "˜": "\u0303", "¨": "\u0308",
            "ˇ": "\u030c", "˘": "\u0306", "˙": "\u0307", "˚": "\u030a", "˝": "\u030b", "¯": "\u0304",
            "ˉ": "\u0304", "¸": "\u0327", "˛": "\u0328"}
_BELOW = frozenset("¸˛")


def _char_runs(tp, text: str) -> list[_Run]:
    import unicodedata

    n = len(text)
    chars = list(text)
    tight = [tp.get_charbox(i) for i in range(n)]
    for i, ch in enumerate(chars):
        if ch in _ACCENTS:
            j = _accent_base(i, ch, chars, tight)
            if j is not None:
                base = {"ı": "i", "ȷ": "j"}.get(chars[j], chars[j])
                chars[j] = unicodedata.normalize("NFC", base + _ACCENTS[ch])
                chars[i] = ""
                if j == i + 1 and i and chars[i - 1] == " " and tight[i - 1][2] - tight[i - 1][0] < 0.1:
                    chars[i - 1] = ""  # the space PDFium made up before the accent, in the middle of a word
    loose = [tp.get_charbox(i, loose=True) for i in range(n)]
    runs: list[_Run] = []
    cur: _Run | None = None
    last_left = last_right = 0.0
    for i, ch in enumerate(chars):
        if not ch:
            continue
        if ch in "\r\n":
            cur = None
            continue
        if ch.isspace():
            if cur is not None:
                cur.text += " "
            continue
        l, b, r, t = loose[i]
        h = t - b
        # (the letters of a ligature, "f" and "i" of "ﬁ", share one box: no step back)
        if cur is None or abs(b - cur.bottom) > 0.25 * cur.height or abs(h - cur.height) > 0.25 * cur.height \
                or l - last_right > cur.height or l < last_left - 0.5 * cur.height:
            cur = _Run(l, b, r, t, "")
            runs.append(cur)
        # (U+FFFE: PDFium's mark for a hyphen at a line's end)
        cur.text += "-" if ch == "\ufffe" else ch.translate(_LIGATURES)
        cur.right = max(cur.right, r)
        cur.top = max(cur.top, t)
        last_left, last_right = l, r
    return [r for r in runs if r.text.strip()]


def _accent_base(i: int, accent: str, chars: list[str], boxes: list) -> int | None:
    """The letter a spacing accent sits on (or under): the nearest letter in the text
    around it whose box it overlaps across, just above (or below) it."""
    al, ab, ar, at = boxes[i]
    mid = (al + ar) / 2
    best = None
    # (PDFium may put the accent at the end of its line's text: a line's length away)
    for j in range(max(0, i - 300), min(len(chars), i + 301)):
        c = chars[j]
        if j == i or len(c) != 1 or not c.isalpha():
            continue
        l, b, r, t = boxes[j]
        if not (l - 0.5 <= mid <= r + 0.5):
            continue
        h = max(t - b, 1.0)
        gap = (ab - t) if accent not in _BELOW else (b - at)
        if -0.6 * h <= gap <= 0.6 * h and (best is None or abs(gap) + abs(j - i) * 0.01 < best[0]):
            best = (abs(gap) + abs(j - i) * 0.01, j)
    return best[1] if best else None


def _layout(runs: list[_Run], width: float, cut=None) -> list[str]:
    """Runs of one page as lines in reading order (columns left to right); a running head
    and foot, set apart from the text by a gap, stay first and last (to be recognised)."""
    if not runs:
        return []
    head, body, foot = _margins(runs)
    return _lines(head) + _columns(body, width, cut) + _lines(foot)


def _cutter(tp):
    """The text inside a box of the page, from its characters."""
    def text_in(left: float, bottom: float, right: float, top: float) -> str:
        return " ".join(tp.get_text_bounded(left, bottom, right, top).translate(_LIGATURES).split())
    return text_in


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


def _columns(runs: list[_Run], width: float, cut=None) -> list[str]:
    if not runs:
        return []
    split = _column_split(runs, width)
    if split is None:
        return _lines(runs, min(r.left for r in runs))
    # Each column's left margin, over the whole page: a line's indent is measured from it.
    margins = (min((r.left for r in runs if r.right <= split + 2), default=0.0),
               min((r.left for r in runs if r.left >= split - 2), default=split))
    runs = _across(runs, split, margins, cut)
    # Full-width runs cut the page into bands; within a band the left column comes first.
    out: list[str] = []
    band: list[_Run] = []
    for run in sorted(runs, key=lambda r: -r.top):
        if run.left < split - 2 and run.right > split + 2:
            out += _band(band, split, margins)
            band = []
            out += _lines([run])
        else:
            band.append(run)
    out += _band(band, split, margins)
    return out


def _across(runs: list[_Run], split: float, margins: tuple[float, float], text_in) -> list[_Run]:
    """Runs that cross the gutter and are not a full-width title or figure: where the gutter is
    narrow a left column's line and the right column's line beside it may come as one run (cut
    at the right column's margin), and a line too long for its column (a URL) runs into the
    gutter (kept with its column)."""
    col = max(split - margins[0], 1.0)
    edge = max((r.right for r in runs if r.right <= split + 2), default=split)  # the left column's right edge
    out = []
    for run in runs:
        if not (run.left < split - 2 and run.right > split + 2) or run.left > margins[0] + 0.5 * col:
            out.append(run)
            continue
        if run.right < margins[1] + 0.3 * col:
            # (over the gutter and not far into the next column: this column's line, too long)
            out.append(_Run(run.left, run.bottom, min(run.right, split), run.top, run.text))
            continue
        if text_in is not None and edge < margins[1] - 1 and not text_in(edge + 0.5, run.bottom, margins[1] - 0.5, run.top):
            # Text on both sides of an empty gutter: two lines side by side.
            left = text_in(run.left, run.bottom, edge + 0.5, run.top)
            right = text_in(margins[1] - 0.5, run.bottom, run.right, run.top)
            if left and right:
                out += [_Run(run.left, run.bottom, edge, run.top, left), _Run(margins[1], run.bottom, run.right, run.top, right)]
                continue
        out.append(run)
    return out


def _band(runs: list[_Run], split: float, margins: tuple[float, float]) -> list[str]:
    left = [r for r in runs if r.right <= split + 2]
    right = [r for r in runs if r.right > split + 2]
    return _lines(left, margins[0]) + _lines(right, margins[1])


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
        # (A gutter nothing crosses is evidence enough for a column of two lines: a legend
        # beside the end of the list on the last page.)
        if crossing > 0.12 * chars or min(left, right) < (0.01 if crossing == 0 else 0.05) * chars:
            continue
        # Lines of the left column must end near the gutter, or this is a ragged single column.
        ends = [r.right for r in runs if r.right <= x + 2 and len(r.text) > 20]
        if not ends or sum(1 for e in ends if e > x - 0.12 * width) < 0.5 * len(ends):
            continue
        if min(left, right) < 0.25 * chars:
            # (lines' first runs: "Figure 3." and the caption beside it are one line)
            side = [r for r in runs if r.left >= x - 2]
            starts = [r.left for r in side if not any(o.right <= r.left and o.top > r.bottom and r.top > o.bottom
                                                      for o in side)]
            long_lines = sum(1 for r in side if len(r.text) > 20)
            if not starts or long_lines < (2 if crossing == 0 else 3) or \
                    sum(1 for s in starts if s < min(starts) + 0.06 * width) < 0.6 * len(starts):
                continue
        if best is None or crossing < best[0]:
            best = (crossing, x)
    return best[1] if best else None


def _lines(runs: list[_Run], margin: float | None = None) -> list[str]:
    """Group runs into lines by vertical overlap; superscript digits marked as such.

    With the column's left `margin`, a line set in from it starts with spaces (two
    an em): a hanging indent, a paragraph's first line, the text after a list's
    labels are evidence the reference segmenter reads, as in a text file."""
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
    mains = []
    for line in lines:
        line.sort(key=lambda r: r.left)
        main = max(line, key=lambda r: (r.height if re.search(r"[A-Za-z]", r.text) else 0, len(r.text)))
        mains.append(main)
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
    if margin is not None and out:
        for k, spaces in enumerate(_indents([line[0].left - margin for line in lines], [m.height for m in mains])):
            if spaces and out[k]:
                out[k] = " " * spaces + out[k]
    return out


def _indents(offsets: list[float], heights: list[float]) -> list[int]:
    """Each line's indent in spaces (two an em), its offset from the margin snapped to
    the column's few indents: a glyph's box starts a little in from where the line
    does, more for some letters than others, and that jitter is no indent. Under
    0.6 em (a narrower label such as "[9]" beside "[10]") is none."""
    em = sorted(heights)[len(heights) // 2] or 1.0
    order = sorted(range(len(offsets)), key=offsets.__getitem__)
    snapped = [0.0] * len(offsets)
    start = prev = None
    group: list[int] = []
    for k in order + [None]:
        if k is not None and prev is not None and offsets[k] - prev <= 0.35 * em:
            group.append(k)
            prev = offsets[k]
            continue
        for g in group:
            snapped[g] = start
        if k is not None:
            group, start, prev = [k], offsets[k], offsets[k]
    return [min(16, round(2 * s / em)) if s / em >= 0.6 else 0 for s in snapped]


def _drop_furniture(pages: list[list[str]]) -> list[list[str]]:
    """Running heads and feet: lines (numbers aside) at a page's top or bottom on most pages,
    or on most of the even or of the odd pages (a two-sided layout heads the left pages with
    the authors, the right ones with the title); bare page numbers."""
    def norm(line: str) -> str:
        return re.sub(r"\d+", "#", line.strip().lower())

    edges = Counter()
    by_parity = (Counter(), Counter())
    for k, page in enumerate(pages):
        seen = {norm(l) for l in page[:3] + page[-3:] if l.strip()}
        edges.update(seen)
        by_parity[k % 2].update(seen)
    # A running head may change with the chapter: three pages are enough in a long document.
    many = len(pages) if len(pages) <= 3 else max(3, int(0.15 * len(pages)))
    repeated = {t for t, n in edges.items() if n >= many} if len(pages) >= 2 else set()
    for parity, counts in enumerate(by_parity):
        n_pages = len(range(parity, len(pages), 2))
        if n_pages >= 2:
            side = n_pages if n_pages <= 3 else max(3, int(0.15 * n_pages))
            repeated |= {t for t, n in counts.items() if n >= side}
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
        m = _LINE_END_HYPHEN.search(lines[i]) if lines[i] else None
        if not m:
            continue
        j = i + 1
        while j < len(lines) and j < i + 4 and not lines[j]:
            j += 1
        if j >= len(lines) or lines[j] is None:
            continue
        at = len(lines[j]) - len(lines[j].lstrip())  # (after the line's indent)
        n = _LINE_START_WORD.match(lines[j], at)
        if not n or not n.group('word')[0].islower():
            continue  # "Wiedersheim-" + "Paul", "Anglo-" + "German": a capital goes on a compound
        left, right = m.group(1), n.group('word')
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
            # The rest of the word goes up with what sticks to it ("ennes/Filigrana,").
            lines[i] = lines[i][:-1] + n.group(1)
            rest = lines[j][n.end():].lstrip()
            lines[j] = lines[j][:at] + rest if rest else None


_LINE_END_HYPHEN = re.compile(r"(?<![\w-])([^\W\d_]+)-$")
_LINE_START_WORD = re.compile(r"((?P<word>[^\W\d_]+)\S*)")
_EDGE_PUNCT = ".,;:()[]\"'“”‘’«»!?"


def _join_links(lines: list[str]) -> None:
    """A URL or DOI broken at a line's end ("http://dx.doi." + "org/10.1021/x",
    "doi:10." + "3917/pcp.016.0029") is put back together on the first line (line
    count kept), as a reader sees it: the line ends inside the link (after a
    "/", ".", "-", "_", "=", "?", "&", "#" or ":") and the next line opens with
    the link's rest (a run with no spaces holding a "/", ".", digit or "_", not a
    list's label)."""
    i = 0
    while i < len(lines) - 1:
        line = lines[i]
        if not line or line[-1] not in "/.-_=?&#:" or not _LINK_END.search(line):
            i += 1
            continue
        j = i + 1
        while j < len(lines) and j < i + 4 and not lines[j]:
            j += 1
        nxt = lines[j].lstrip() if j < len(lines) and lines[j] else ""
        first = nxt.split(" ", 1)[0]
        if not first or not _LINK_REST.search(first) or _LIST_LABEL.match(first) or \
                first[0].isupper() and not re.search(r"[\d/]", first):
            # ("J." or "Smith," opens the next entry; a DOI's rest in capitals has digits)
            i += 1
            continue
        at = len(lines[j]) - len(nxt)
        lines[i] = line + first
        rest = nxt[len(first):].lstrip()
        lines[j] = lines[j][:at] + rest if rest else None
        # (the joined line is looked at again: a long URL may run over three lines)


# The last token of a line, when it is a link begun: a URL, a DOI or a "doi:".
_LINK_END = re.compile(r"(?:^|\s)<?(?:https?://|www\.|doi:\s?|10\.\d{4,9}/)\S*$", re.I)
_LINK_REST = re.compile(r"[/.\d_]")
_LIST_LABEL = re.compile(r"^(?:\[\d+\]|\(\d+\)|\d+[.)]?)$")


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
