"""Author-year citations in a paper's text, one record per cited work per occurrence.

Two passes over the body (the text before the reference section), taken as
one string so citations that wrap over lines are found whole:

- parenthetical: every "(...)" whose parts read "Names, Year": groups split on
  ";" (and on a comma between two works), years like "1994 a, b & 1996"
  expanded, prefixes like "e.g." and "Source:" dropped, page locators ignored;
- narrative: a year in parentheses, "Johanson & Vahlne (2009)", walked back
  over the names before it: "Kraus et al., (2018)", "Wisaka's research (2025)",
  "M. E. Kaukab (2016)", "Directorate SMIs (2014)".

Not citations: bare years, numbered figures and tables, amounts, acronyms in
parentheses. A year-first narrative ("In 2009, Johanson and Vahlne revised")
counts only when those names are cited elsewhere in the paper or head an
entry of its list, so "In 2023, Indonesia and Japan signed" does not.
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from ..model import Citation, Document
from ..names import PARTICLES, looks_corporate, fold

_UPPER = "A-ZÀ-ÖØ-ÞĀ-Ž"
_YEAR = r"(?:1[5-9]\d\d|20[0-4]\d)"
# One year with its suffix letters: "2018b", "1994 a, b", "2010a,b".
_YEAR_GROUP = re.compile(
    rf"(?<![\d\w])({_YEAR})((?:\s?[a-h](?![a-zA-Z]))(?:\s*,\s*[a-h](?![a-zA-Z.]))*)?|\b(n\.\s?d\.|in press|forthcoming)",
    re.I,
)
_LOCATOR = re.compile(r",?\s*(?:pp?\.|page|pages|hlm\.?|chap\.|ch\.|para\.|fig\.)\s*[\dxivlc]+(?:\s*[-–]\s*\d+)?", re.I)
_PREFIX = re.compile(r"^(?:e\.g\.|i\.e\.|see also|see|cf\.|compare|source|sources|adapted from|based on|as cited in|cited in|in)\s*[:,]?\s*", re.I)
_NAME_TOKEN = re.compile(rf"^(?:[{_UPPER}][\w'’\-]*\.?|[{_UPPER}]{{1,3}}\.?|\.|(?:{'|'.join(sorted(PARTICLES))}))$")
_STOP_NAMES = frozenset(
    """figure fig table tab section chapter appendix equation eq model theory in the this that these those
    study research according as by for from with other another previous while although based following
    however hence thus also and or but if when where source note notes step phase stage level part
    volume vol no page pp p article law act regulation decree year years january february march april may
    june july august september october november december monday sunday hypothesis hypothesis1
    h1 h2 h3 h4 sdg sdgs covid""".split()
)


# "and" between cited names: English, German, French ("et", but never "et al.").
_AND_WORDS = frozenset(("and", "und", "et"))
_JOIN = re.compile(r"\s*(?:&|\band\b|\bund\b|\bet\b(?!\.?\s*al\b)|,)\s*")
# Particles before a surname: lower-case ones always ("van der Berg"), capitalised ones
# only where they are not names of their own ("Van Dijk", but "Le", "Da", "Di" are surnames).
_CAP_PARTICLES = ("Van", "Von", "De", "Der", "Den", "Ter", "Ten", "Del", "Della", "Dos", "Das", "Du")
_PARTICLES_BEFORE = re.compile(
    rf"(?<![\w'’-])((?:(?:{'|'.join(sorted(PARTICLES))}|{'|'.join(_CAP_PARTICLES)})\s+)+)$")
# Words that open a sentence before a list of names: "Later, Teece, Pisano and Shuen (1997)".
_LEADING = frozenset(
    """later earlier however thus hence moreover furthermore also then next first second third finally here
    indeed yet still again instead likewise meanwhile nevertheless nonetheless consequently accordingly
    therefore overall today now afterwards subsequently conversely otherwise besides alternatively
    specifically importantly similarly recently notably additionally interestingly surprisingly
    historically traditionally originally initially previously lastly secondly thirdly firstly""".split()
)


def _leading_word(word: str, known: set[str]) -> bool:
    """A sentence-opening word, not a name: 'Later', 'Similarly' (unless the list has such an author)."""
    w = word.lower()
    if fold(word) in known:
        return False
    if w in _LEADING or w in _STOP_NAMES:
        return True
    if known:
        # With a list to go by, a common English word that names no listed author is a word.
        from ..hyphens import zipf

        return zipf(w) >= 4.0
    return False


@dataclass(slots=True)
class _Hit:
    start: int  # offset of the author names in the flat text
    end: int
    marker: str
    authors: str
    years: list[str | None]
    narrative: bool


def split_cited_names(authors: str) -> tuple[tuple[str, ...], bool]:
    """('Johanson', 'Vahlne'), et_al from 'Johanson & Vahlne'; surnames only, as printed."""
    s = authors.replace("- ", "-").strip()
    et_al = bool(re.search(r"\bet\.?\s*al\b\.?", s, re.I))
    s = re.sub(r",?\s*\bet\.?\s*al\b\.?(?:'s|’s)?", "", s, flags=re.I)
    s = re.sub(r"(?:'s|’s)$", "", s.strip())
    parts = [p.strip() for p in re.split(_JOIN, s) if p.strip(" .")]
    names = []
    for part in parts:
        words = [w for w in part.split() if w.strip(".")]
        if not words:
            continue
        if looks_corporate(words) or (len(words) >= 2 and any(w.isupper() and w.isalpha() and len(w) >= 3 for w in words)):
            names.append(" ".join(words))
            continue
        # Drop initials and given names before the surname: "M. . E. Kaukab", "Anni Yudiastuti".
        surname = [words[-1]]
        k = len(words) - 2
        while k >= 0 and words[k].lower() in PARTICLES:
            surname.insert(0, words[k])
            k -= 1
        names.append(" ".join(surname).strip(".,"))
    return tuple(n for n in names if n), et_al


def expand_years(text: str) -> list[str | None]:
    """'1994 a, b & 1996' -> ['1994a', '1994b', '1996']; 'n.d.' -> [None]."""
    years: list[str | None] = []
    for m in _YEAR_GROUP.finditer(text):
        if m.group(3):
            years.append(None)
            continue
        letters = re.findall(r"[a-h]", m.group(2) or "", re.I)
        if letters:
            years.extend(m.group(1) + ch.lower() for ch in letters)
        else:
            years.append(m.group(1))
    return years


def _valid_names(names: str, known: set[str]) -> bool:
    s = names.strip()
    if not s or len(s) > 120 or re.search(r"\d", s):
        return False
    core = re.sub(r",?\s*\bet\.?\s*al\b\.?(?:'s|’s)?", "", s, flags=re.I).replace("- ", "-")
    core = re.sub(r"(?:'s|’s)$", "", core.strip())
    tokens = [t for t in re.split(r"\s+|\s*(?:&|,)\s*", core) if t and t.lower() not in _AND_WORDS]
    if not tokens or len(tokens) > 10:
        return False
    if not all(_NAME_TOKEN.match(t) or fold(t) in known for t in tokens):
        return False
    last = tokens[-1].strip(".")
    if last.lower() in _STOP_NAMES or len(fold(last)) < 2:
        return False
    # All-capital acronyms ("RCEP", "MSMEs") are not authors unless known as such.
    if all(t.isupper() or t.rstrip("s").isupper() for t in tokens if t != ".") and fold(last) not in known:
        return False
    return True


class _Flat:
    """The body as one string; offsets map back to 1-based line numbers."""

    def __init__(self, lines: list[str]):
        self.text = "\n".join(lines)
        self.starts = [0]
        for line in lines[:-1]:
            self.starts.append(self.starts[-1] + len(line) + 1)
        # Line breaks become spaces; a word hyphenated over a break keeps its hyphen.
        self.flat = self.text.replace("-\n", "- ").replace("\n", " ")

    def line(self, offset: int) -> int:
        return bisect.bisect_right(self.starts, offset)


def _parenthetical(flat: str, known: set[str]) -> list[_Hit]:
    hits = []
    for m in re.finditer(r"\(([^()]{3,400}?)\)", flat):
        inner = m.group(1)
        if not re.search(_YEAR, inner) and not re.search(r"\bet\.?\s*al\b|\bn\.\s?d\.|\bin press\b|\bforthcoming\b",
                                                         inner, re.I):
            continue
        pieces = _pieces(inner, m.start(1))
        works = []
        for text, offset in pieces:
            names_end = _first_year(text)
            names = text[:names_end] if names_end is not None else text
            # "(Alder, 2020; see Baker, 2021)": a prefix may follow the semicolon.
            skip = _lead_skip(names)
            # "World Health Organization [WHO]": APA's group author with its abbreviation.
            names_clean = re.sub(r"\s*\[[A-Z][A-Za-z&]{1,14}\]", "", _LOCATOR.sub("", names[skip:])).strip(" ,;:")
            if not _valid_names(names_clean, known):
                continue
            if names_end is None:
                # "(Sultoni et al.)": a citation without a year, only with "et al."
                if not re.search(r"\bet\.?\s*al\b", names_clean):
                    continue
                years: list[str | None] = [None]
            else:
                years = expand_years(_LOCATOR.sub("", text[names_end:]))
                if not years:
                    continue
            start = offset + skip + (len(names[skip:]) - len(names[skip:].lstrip()))
            works.append((names_clean, years, start, text.strip()))
        if not works:
            continue
        whole = "(" + inner + ")"
        for names, years, start, piece in works:
            marker = whole if len(works) == 1 else piece
            hits.append(_Hit(start, m.end(), _squash(marker), _squash(names), years, False))
    return hits


_SEE = re.compile(r"(?:^|[\s,;:])(?:see also|see|e\.g\.|i\.e\.|cf\.|reviewed by|reviewed in|as cited in|cited in)\s*[:,]?\s*", re.I)
_LOWER_LEAD = re.compile(rf"^(?:(?!(?:{'|'.join(sorted(PARTICLES))})\s)[a-z][\w'’.-]*[,:]?\s+)+")


def _lead_skip(names: str) -> int:
    """Length of the words before the first cited name: "see", "e.g.,", "as argued by"."""
    skip = len(names) - len(names.lstrip())
    lead = _PREFIX.match(names[skip:])
    if lead:
        skip += lead.end()
    last = None
    for m in _SEE.finditer(names, skip):
        last = m
    if last:
        skip = last.end()
    low = _LOWER_LEAD.match(names[skip:])
    if low and re.match(rf"[{_UPPER}]", names[skip + low.end():]):
        skip += low.end()
    return skip


def _pieces(inner: str, base: int) -> list[tuple[str, int]]:
    """Split a parenthetical into one piece per work, with offsets."""
    out = []
    pos = 0
    for part in re.split(r"(;)", inner):
        if part == ";":
            pos += 1
            continue
        # "Arigo, 2013, Ismulyati & Ginting, 2018": a comma between two works.
        sub_pos = 0
        for sub in re.split(rf"(?:(?<=\d)|(?<=\d[a-h])),\s+(?=[{_UPPER}][\w'’-]+(?:\s|,|$))", part):
            idx = part.find(sub, sub_pos)
            out.append((sub, base + pos + idx))
            sub_pos = idx + len(sub)
        pos += len(part)
    return out


def _first_year(text: str) -> int | None:
    m = re.search(rf"(?<![\d\w]){_YEAR}|\bn\.\s?d\.|\bin press\b|\bforthcoming\b", text, re.I)
    return m.start() if m else None


_NARRATIVE_YEAR = re.compile(
    rf"\(\s*((?:{_YEAR}(?:\s?[a-h](?![a-zA-Z]))?(?:\s*,\s*[a-h](?![a-zA-Z.]))*|n\.\s?d\.|in press|forthcoming)"
    rf"(?:\s*[,&]\s*(?:and\s+)?{_YEAR}(?:\s?[a-h](?![a-zA-Z]))?)*)"
    rf"(?:\s*[,:]\s*(?:pp?\.|p)\s*[\d–-]+)?\s*\)",
    re.I,
)


def _narrative(flat: str, known: set[str], taken: list[tuple[int, int]]) -> list[_Hit]:
    hits = []
    taken = sorted(taken)
    starts = [a for a, _ in taken]
    for m in _NARRATIVE_YEAR.finditer(flat):
        k = bisect.bisect_right(starts, m.start()) - 1
        if k >= 0 and taken[k][0] <= m.start() < taken[k][1]:
            continue  # a year inside a parenthetical citation already read
        start = _names_before(flat, m.start(), known)
        if start is None:
            continue
        names = flat[start:m.start()].rstrip(" ,")
        # "Wisaka's research (2025)": keep the names, drop the noun after the possessive.
        names = re.sub(r"((?:'s|’s))\s+[a-z]+(?:\s+[a-z]+)?$", r"\1", names)
        if not _valid_names(names, known):
            continue
        years = expand_years(m.group(1))
        marker = flat[start:m.end()]
        hits.append(_Hit(start, m.end(), _squash(marker), _squash(_clean_names(names)), years, True))
    return hits


def _clean_names(names: str) -> str:
    return re.sub(r"(?:'s|’s)$", "", names.strip())


_LOOKBACK = 300  # author names never run longer than this before their year


def _names_before(flat: str, pos: int, known: set[str]) -> int | None:
    """Start offset of the author names that end just before `pos`, or None."""
    base = max(0, pos - _LOOKBACK)
    start = _names_before_in(flat[base:pos], known)
    return None if start is None else base + start


def _names_before_in(window: str, known: set[str]) -> int | None:
    text = window.rstrip()
    # Skip "research" / "study" after a possessive: "Irawan's research (2024)".
    m = re.search(r"(?:'s|’s)(\s+[a-z]+){1,2}$", text)
    if m:
        text = text[: m.start() + 2]
    text = text.rstrip(" ,")
    m = re.search(r"\bet\.?\s*al\b\.?(?:'s|’s)?$", text)
    if m:
        text = text[: m.start()].rstrip(" ,")
    names_start = None
    count = 0
    joined = False
    via_comma = False
    while True:
        m = re.search(rf"(?<![\w'’-])((?:[{_UPPER}][\w'’]*(?:-\s?[\w'’]+)*)(?:'s|’s)?)$", text)
        if not m:
            break
        word = m.group(1)
        if word.lower().rstrip("s'’") in _STOP_NAMES or word.lower() in _STOP_NAMES:
            break
        if via_comma and _leading_word(word, known):
            break
        start = m.start()
        # Particles and initials before the surname: "van der", "M. E.", "M. . E."
        before = text[:start]
        pm = _PARTICLES_BEFORE.search(before)
        if pm:
            start = pm.start()
            before = text[:start]
        im = re.search(rf"((?:[{_UPPER}]{{1,3}}\.\s*(?:\.\s*)?)+)$", before)
        if im and (not before[:im.start()].strip() or before[:im.start()].rstrip()[-1:] in ",;:(|" or re.search(r"\s$", before[:im.start()])):
            start = im.start()
            before = text[:start]
        # A given name printed before the surname counts when the list knows it.
        gm = re.search(rf"([{_UPPER}][\w'’]+)\s+$", before)
        if gm and fold(gm.group(1)) in known and gm.group(1).lower() not in _STOP_NAMES:
            start = gm.start()
            before = text[:start]
        # Corporate authors: "Directorate SMIs", "World Health Organization".
        cm = re.search(rf"((?:[{_UPPER}][\w'’]+\s+){{1,3}})$", before)
        if cm and looks_corporate([w for w in (cm.group(1) + word).split() if w != "The"]):
            start = cm.start()
            before = text[:start]
        names_start = start
        count += 1
        text = before.rstrip()
        cm = re.search(r"(?:,\s*|\s+)(?:&|and|und|et)$|,$|&$", text)
        if cm and count < 6:
            # "Smith, Jones and Brown (2010)": a bare comma joins names only after an
            # "and"; "Afterwards, Marques (2014)" is one name.
            via_comma = cm.group(0).strip() == ","
            if via_comma:
                if not joined:
                    break
            else:
                joined = True
            text = text[:cm.start()].rstrip()
            # A comma is a list separator only if another name precedes it.
            if not re.search(rf"[{_UPPER}][\w'’-]*\.?$", text):
                break
            continue
        break
    return names_start


def _year_first(flat: str, known_cited: set[str]) -> list[_Hit]:
    """'In 2009, Johanson and Vahlne revised...': only for names cited elsewhere."""
    hits = []
    rx = re.compile(
        rf"\b[Ii]n\s+({_YEAR}[a-h]?),\s+((?:[{_UPPER}][\w'’-]+)(?:\s*(?:,|&|and)\s*[{_UPPER}][\w'’-]+){{0,3}}(?:\s+et\s+al\.)?)(?=\s+[a-z])"
    )
    for m in rx.finditer(flat):
        names, et_al = split_cited_names(m.group(2))
        if not names or not all(fold(n) in known_cited for n in names):
            continue
        hits.append(_Hit(m.start(2), m.end(2), _squash(m.group(0)), m.group(2), [m.group(1)], True))
    return hits


def _squash(s: str) -> str:
    return " ".join(s.replace("- ", "-").split())


def known_names(doc: Document | None) -> set[str]:
    """Folded family and given names of the paper's reference list."""
    out: set[str] = set()
    if doc is None:
        return out
    for ref in doc.references:
        for a in ref.authors:
            out.update(fold(w) for w in a.family.split())
            if a.given:
                out.update(fold(w) for w in a.given.split() if len(w.strip(".")) > 1)
    out.discard("")
    return out


def find_citations(text: str, source: str, doc: Document | None = None,
                   body_end: int | None = None) -> list[Citation]:
    """Every author-year citation of the body, in text order."""
    from .paper import find_reference_section, section_headings

    lines = text.split("\n")
    if body_end is None:
        section = find_reference_section(lines)
        body_end = section.heading_line - 1 if section else len(lines)
    body = lines[:body_end]
    flat = _Flat(body)
    known = known_names(doc)
    hits = _parenthetical(flat.flat, known)
    taken = [(h.start, h.end) for h in hits]
    hits += _narrative(flat.flat, known, [(a - 1, b) for a, b in _paren_spans(flat.flat, taken)])
    cited = {fold(n) for h in hits for n in split_cited_names(h.authors)[0]}
    listed_first = {fold(r.authors[0].family) for r in (doc.references if doc else []) if r.authors}
    hits += _year_first(flat.flat, cited | listed_first)
    hits.sort(key=lambda h: h.start)
    labels = list_numbers(lines, doc)
    if doc is not None:
        by_index = {r.index: r for r in doc.references}
        for n, i in labels.items():
            by_index[i].extra["number"] = str(n)
    num_hits = _numbered(flat.flat, flat.text, bool(labels), len(doc.references) if doc else 0, len(hits))
    # Superscripts above the abstract mark authors' affiliations ("Jane Doe¹, John Roe²"), not works.
    front = _front_matter_end(body)
    if front:
        num_hits = [h for h in num_hits if h.form != "super" or flat.line(h.start) > front]
    if doc is not None:
        doc.style = None if not (hits or num_hits) else "numbered" if len(num_hits) > len(hits) else "author-year"

    headings = section_headings(body)
    heading_lines = [i + 1 for i, _ in headings]
    out = []
    for h in hits:
        line = flat.line(h.start)
        k = bisect.bisect_right(heading_lines, line) - 1
        section = section_label(headings[k][1]) if k >= 0 else None
        names, et_al = split_cited_names(h.authors)
        for year in h.years:
            out.append(Citation(source=source, line=line, marker=h.marker, authors=h.authors,
                                year=year, narrative=h.narrative, section=section, names=names, et_al=et_al))
    for h in num_hits:
        line = flat.line(h.start)
        k = bisect.bisect_right(heading_lines, line) - 1
        section = section_label(headings[k][1]) if k >= 0 else None
        for n in h.numbers:
            out.append(Citation(source=source, line=line, marker=_squash(h.marker), authors="", year=None,
                                narrative=h.form == "ref", section=section, number=n))
    if num_hits and hits:
        out.sort(key=lambda c: c.line)
    return out


_OPENING = re.compile(r"^\s*(?:#{1,6}\s*)?(?:\*\*)?\s*(?:\d+\.?\s*)?(?:abstract|summary|introduction|background|"
                      r"keywords|key words)\b", re.I)


def _front_matter_end(lines: list[str]) -> int:
    """The line of the first 'Abstract' / 'Introduction' heading near the top (0: none found)."""
    for i, line in enumerate(lines[:80]):
        if _OPENING.match(line) and len(line) < 120:
            return i + 1
    return 0


def _paren_spans(flat: str, taken: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The full parenthetical spans already read, so their years are not re-read as narrative."""
    spans = []
    for a, b in taken:
        open_at = flat.rfind("(", 0, a + 1)
        spans.append((open_at if open_at >= 0 else a, b))
    return spans


def section_label(heading: str) -> str:
    """A heading, cut to eight words: long question-headings are labels, not prose."""
    words = heading.split()
    return " ".join(words[:8]) + "…" if len(words) > 8 else heading


# --- numbered styles -------------------------------------------------------------
#
# "[3]", "[1, 2]", "[1–3, 7]", "[1]–[3]" (IEEE, Vancouver); "(3)", "(1, 3)" where the
# list is numbered; superscripts, as Word and PDF readers give them ("growth¹,²",
# "growth¹⁻³") or as flattened into plain text ("growth.1,2", "growth1–3"); Nature's
# "ref. 12", "refs 3,4". A range cites every entry in it.

_DASHES = "–—‐‑−-"  # the ASCII hyphen last: it stands in character classes
_NUM_ITEM = rf"\d{{1,3}}(?:\s*[{_DASHES}]\s*\d{{1,3}})?"
_NUM_LIST = rf"{_NUM_ITEM}(?:\s*[,;]\s*{_NUM_ITEM})*"
_BRACKET = re.compile(
    rf"\[\s*({_NUM_LIST})(?:\s*,\s*(?i:pp?\.|page|ch\.|chap\.|fig\.|eq\.|sec\.|table|p)\s*[\d{_DASHES}]+)?\s*\]"
    rf"(?:\s*[{_DASHES}]\s*\[\s*(\d{{1,3}})\s*\])?")
_PAREN_NUM = re.compile(rf"\(\s*({_NUM_LIST})\s*\)")
_SUP = "⁰¹²³⁴⁵⁶⁷⁸⁹"
_SUPER = re.compile(rf"[{_SUP}]+(?:\s*[,⁻{_DASHES}]\s*[{_SUP}]+)*")
_REFWORD = re.compile(rf"\b(?:[Rr]efs?\.?)\s+({_NUM_ITEM}(?:\s*(?:,|and|&)\s*{_NUM_ITEM})*)(?!\.?\d)")
_GLUED_PUNCT = re.compile(rf"(?<=[a-z]{{2}}[.,;:)])({_NUM_ITEM}(?:,{_NUM_ITEM})*)(?=[\s)]|$)")
_GLUED_WORD = re.compile(rf"(?<=[a-z]{{3}})({_NUM_ITEM}(?:,{_NUM_ITEM})*)(?=[\s.,;:)]|$)")
# Words after which a number is not a citation: "Figure [2]", "Eq. (3)", "Step (1)".
_NOT_BEFORE_NUMBER = frozenset(
    """figure figures fig figs table tables tab equation equations eq eqs section sections sec chapter appendix
    panel panels""".split()
)
_NOT_BEFORE_PLAIN_NUMBER = _NOT_BEFORE_NUMBER | frozenset(
    """step steps hypothesis hypotheses phase stage level model models case cases condition conditions item items question questions experiment experiments
    column row line lines page pages p pp no nos number numbers scenario group groups type types version wave
    round grade class vol volume issue part approx ca cf ed eds vs""".split()
)
# Units and formulas a superscript or a glued number belongs to: "m²", "CO2", "km2".
_UNITY = frozenset("m cm mm km kg mg ml dl nm ft in x y n r co no so ch pm".split())
_LABEL = re.compile(r"^\s*(?:\[(\d{1,4})\]|\((\d{1,4})\)|(\d{1,4})(?:[.)]|\s)(?!\d))")


@dataclass(slots=True)
class _NumHit:
    start: int
    end: int
    marker: str
    numbers: list[int]
    form: str  # "bracket", "paren", "super", "glued", "ref"


def expand_numbers(text: str) -> list[int] | None:
    """'1–3, 7' -> [1, 2, 3, 7]; None when it cannot be a citation ('0', '5-2', '1-900')."""
    text = text.translate(str.maketrans(_SUP + "⁻", "0123456789-"))
    out: list[int] = []
    for part in re.split(r"\s*(?:[,;&]|\band\b)\s*", text.strip()):
        if not part:
            continue
        m = re.fullmatch(rf"(\d+)\s*(?:[{_DASHES}]\s*(\d+))?", part)
        if not m:
            return None
        a = int(m.group(1))
        b = int(m.group(2)) if m.group(2) else a
        if a < 1 or b < a or b - a > 60:
            return None
        out.extend(range(a, b + 1))
    return out or None


def list_numbers(lines: list[str], doc: Document | None) -> dict[int, int]:
    """{printed number: entry index} when the paper's list is numbered ("[1]", "1.", "(1)"), else {}."""
    if doc is None or not doc.references:
        return {}
    labels = {}
    for ref in doc.references:
        if not ref.line or ref.line > len(lines):
            continue
        # A PDF may print the label alone on the line before the entry.
        for k in (ref.line - 1, ref.line - 2):
            if 0 <= k < len(lines):
                m = _LABEL.match(lines[k])
                if m:
                    labels[int(next(g for g in m.groups() if g))] = ref.index
                    break
    if len(labels) < max(2, 0.6 * len(doc.references)):
        return {}
    in_step = sum(1 for n, i in labels.items() if n == i)
    if in_step < 0.6 * len(labels):
        return {}
    return labels


def _word_before(flat: str, pos: int) -> str:
    m = re.search(r"([A-Za-z]+)\.?\s*$", flat[max(0, pos - 30):pos])
    return m.group(1).lower() if m else ""


def _numbered(flat: str, raw: str, numbered_list: bool, n_entries: int, author_year: int) -> list[_NumHit]:
    """Numbered citations of the body; the weaker forms only where the list is numbered."""
    hits: list[_NumHit] = []
    for m in _BRACKET.finditer(flat):
        nums = expand_numbers(m.group(1))
        if not nums:
            continue
        if m.group(2):  # "[1]–[3]"
            last = int(m.group(2))
            if last <= nums[-1] or last - nums[-1] > 60:
                continue
            nums += list(range(nums[-1] + 1, last + 1))
        if _word_before(flat, m.start()) in _NOT_BEFORE_NUMBER or _indexing(flat, m.start(), m.end()):
            continue
        hits.append(_NumHit(m.start(), m.end(), m.group(0), nums, "bracket"))
    for m in _REFWORD.finditer(flat):
        nums = expand_numbers(m.group(1))
        if nums:
            hits.append(_NumHit(m.start(), m.end(), m.group(0), nums, "ref"))
    for m in _SUPER.finditer(flat):
        before = re.search(r"([A-Za-z]*)[.,;:)\]]?$", flat[max(0, m.start() - 30):m.start()])
        word = before.group(1) if before else ""
        year_before = re.search(r"(?<!\d)(?:1[5-9]|20)\d\d[.,;:)]?$", flat[max(0, m.start() - 6):m.start()])
        if len(word) < 3 and not (before and before.group(0)[-1:] in ".,;:)]" and len(word) >= 2) and not year_before:
            continue  # "m²", "R²", "10³": units and powers (but "since 1995⁷" cites)
        if word.lower() in _UNITY or re.match(r"\w", flat[m.end():m.end() + 1]):
            continue
        nums = expand_numbers(m.group(0))
        if nums:
            hits.append(_NumHit(m.start(), m.end(), m.group(0), nums, "super"))
    # Superscripts in an author-year paper are footnote marks, not citations.
    if not numbered_list and author_year:
        hits = [h for h in hits if h.form != "super"]
    if not numbered_list or any(h.form in ("bracket", "super") for h in hits):
        return sorted(hits, key=lambda h: h.start)
    limit = n_entries + 5  # weak forms: a number far past the list is something else
    paren = _paren_numbers(flat, raw, limit)
    if len(paren) >= 2:
        return sorted(hits + paren, key=lambda h: h.start)
    glued = []
    for rx in (_GLUED_PUNCT, _GLUED_WORD):
        for m in rx.finditer(flat):
            word = re.search(r"([A-Za-z]+)[.,;:)]?$", flat[max(0, m.start() - 30):m.start()])
            w = word.group(1) if word else ""
            if w.lower() in _NOT_BEFORE_PLAIN_NUMBER or w.lower() in _UNITY or \
                    rx is _GLUED_WORD and not (w.islower() or w.istitle()):
                continue
            nums = expand_numbers(m.group(1))
            if nums and max(nums) <= limit:
                glued.append(_NumHit(m.start(), m.end(), m.group(1), nums, "glued"))
    if len(glued) >= 2:
        hits += glued
    return sorted(hits, key=lambda h: h.start)


def _indexing(flat: str, start: int, end: int) -> bool:
    """'value[1] = 0xFF', 'x[2]', 'a.b[3]': an index in code or mathematics, not a citation
    (but 'growth[1]' and 'growth.[1]' cite)."""
    before = re.search(r"([\w.]*)$", flat[max(0, start - 40):start]).group(1)
    if not before or before.endswith("."):
        return False
    after = flat[end:end + 3].lstrip()
    if after[:1] and after[0] in "=[(+*/<>^":
        return True
    return len(before) <= 2 or bool(re.search(r"[\d_.]", before)) or \
        (before[0].islower() and any(ch.isupper() for ch in before[1:]))


def _paren_numbers(flat: str, raw: str, limit: int) -> list[_NumHit]:
    # `raw` is `flat` with its line breaks: the same length, so offsets agree.
    """'(3)', '(1, 3)' as citations: not equation numbers, list items, or numbered things."""
    found = []
    for m in _PAREN_NUM.finditer(flat):
        nums = expand_numbers(m.group(1))
        if not nums or max(nums) > limit:
            continue
        prev = flat[max(0, m.start() - 1):m.start()]
        if prev and (prev.isalnum() or prev in ")]"):
            continue  # "f(1)", "x(2)": mathematics
        if _word_before(flat, m.start()) in _NOT_BEFORE_PLAIN_NUMBER:
            continue
        line_start = raw.rfind("\n", 0, m.start()) + 1
        line_end = raw.find("\n", m.end())
        line = raw[line_start:line_end if line_end >= 0 else len(raw)]
        if "=" in line and not raw[m.end():line_end if line_end >= 0 else len(raw)].strip():
            continue  # an equation's number at the end of its line
        found.append((m, nums))
    out = []
    for k, (m, nums) in enumerate(found):
        after = flat[m.end():m.end() + 2]
        if len(nums) == 1 and re.match(r"\s?[A-Za-z]", after):
            # "(1) the firm ... (2) its partners": an enumeration, not citations.
            n = nums[0]
            near = [nn for mm, nn in found if abs(mm.start() - m.start()) < 400 and mm is not m and len(nn) == 1]
            if any(x[0] in (n - 1, n + 1) for x in near):
                continue
        if not raw[raw.rfind("\n", 0, m.start()) + 1:m.start()].strip():
            continue  # at the start of a line: a list item's label
        out.append(_NumHit(m.start(), m.end(), m.group(0), nums, "paren"))
    return out
