"""Where each entry of a reference list starts: a line-level CRF over the whole list.

Each non-blank line gets one label: B (an entry begins here), I (it goes on),
H (a heading such as "References"), F (page furniture a PDF repeats: running
heads, page numbers) or X (not a reference: a figure legend, prose). The
features describe a line and its neighbours against the evidence of the
whole list (as GROBID's reference segmenter does): its label and whether the
number continues the list's count, its indentation against the list's usual
margin, its length against the list's usual width, how its opening (surname
and initials, initials and surname, a ditto dash ...) compares with how the
other entries open, whether the line before ended as an entry ends (a period,
a DOI, a page range), whether the line repeats on every page.

A list's indentation is evidence only where the list has it: a typeset page
(readers/pdf.py gives each line its indent from the column's margin) or a text
kept with its indents. A list with lines set in from its least indent (more
than 15% of its lines and less than 90%: a hanging indent, a first-line indent,
text aligned after the labels) is read by a second model,
models/segment-indent.crfsuite, trained on indented layouts only (typeset pages
among them), with each line's indent read against how the list uses its
indents. Every other list (one per line, flush left, pasted with its indents
lost) is read by models/segment.crfsuite, trained as before, with the same
features as before. (One model for both learnt, from typeset lists, to split
real one-per-line lists worse: Web of Science cited references 0.971 -> 0.924.)

Both models are trained on list layouts generated from labelled references by
`python -m litgraph.readers.segment_train` (see its docstring for the two
commands), and measured on layouts of held-out references by bench/segment.py.

Everything here is linear in the number of lines: one pass for the list's
statistics, one for the features, one Viterbi pass.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np

from ..refparse import models
from .segment_crf import decoder

MODEL_ENV = "LITGRAPH_SEGMENT_MODEL"
INDENT_MODEL_ENV = "LITGRAPH_SEGMENT_INDENT_MODEL"
LABELS = ("B", "I", "H", "F", "X")
REASONS = {"H": "heading", "F": "page furniture (running head or page number)", "X": "not a reference"}

# Labels a list's entries carry: "[12]", "(12)", "12.", "12)", "12 " and bullets.
_LABEL = re.compile(r"^\s*(?:\[(\d{1,6})\]|\((\d{1,6})\)|(\d{1,6})(?:\.(?!\d)|\)|(?=\s|$)))")
_BULLET = re.compile(r"^\s*(?:[-•*–·▪◦‣]|\\-)(?=\s)")
# (The look-behind after the four digits, not before: the engine then scans for a
# digit instead of trying the look-behind at every position; the matches are the same.)
_YEAR = re.compile(r"(?:1[5-9]\d\d|20[0-4]\d)(?<![\d/.]....)(?![\d/])")
_DOI = re.compile(r"\b10\.\d{4,9}/|doi\s*:|doi\.org", re.I)
_URL = re.compile(r"https?://|www\.", re.I)
_PAGES = re.compile(r"\d\s*[-–—]\s*\d")  # (only searched for: one digit each side suffices)
_PAGE_NO = re.compile(r"^\s*(?:page\s*)?[-–]?\s*\d{1,4}\s*[-–]?\s*(?:of\s*\d+)?\s*$", re.I)
_DITTO = re.compile(r"^\s*(?:[-–—_]{2,}|—|–{1,2})\s*[.,]?")
_HEADING_WORDS = re.compile(
    r"^\s*(?:#{1,6}\s*)?(?:\*\*|__)?\s*(?:(?:\d+(?:\.\d+)*|[IVXLC]+)\.?\s+)?(?:\*\*|__)?\s*"
    r"(?:references?(?: list| and notes| cited)?|list of references|bibliography|works cited|literature(?: cited)?|"
    r"cited literature|sources|notes(?: and references)?|further reading|daftar pustaka|referensi|pustaka|"
    r"bibliografi|literaturverzeichnis|literatur|références(?: bibliographiques)?|bibliographie|"
    r"referencias|bibliografía|riferimenti bibliografici|endnotes|citations|reading list)\s*:?\s*(?:\*\*|__)?\s*$",
    re.I,
)
_FIGURE = re.compile(r"^\s*(?:fig(?:ure)?|table|tab|scheme|chart|plate|appendix|note|source)\.?\s*\d", re.I)
# What an entry's first line opens with, as a coarse shape.
_WORD = re.compile(r"\S+")


_ASCII_CLASS = str.maketrans({**{chr(c): "X" for c in range(65, 91)}, **{chr(c): "x" for c in range(97, 123)},
                              **{chr(c): "0" for c in range(48, 58)}})
_RUNS = re.compile(r"([Xx0])\1+")


@lru_cache(maxsize=65536)
def _shape(tok: str) -> str:
    """'Smith,' -> 'Xx,'  'J.' -> 'X.'  'SMITH' -> 'XX'  '1999' -> '0'  'de' -> 'x'."""
    t = tok[:12]
    if t.isascii():  # (most tokens: two C passes instead of a loop per character)
        return _RUNS.sub(r"\1", t.translate(_ASCII_CLASS))[:6]
    out = []
    last = ""
    for ch in tok[:12]:
        if ch.isupper():
            c = "X"
        elif ch.isalpha():
            c = "x"
        elif ch.isdigit():
            c = "0"
        else:
            c = ch
        if c != last or c not in "Xx0":
            out.append(c)
        last = c
    s = "".join(out)
    return s[:6]


@dataclass(slots=True)
class Span:
    """One entry: lines first..last (0-based, inclusive) of the lines given."""

    first: int
    last: int
    lines: list[int] = field(default_factory=list)  # the lines that make it up (skipped ones left out)


@dataclass(slots=True)
class Segmentation:
    entries: list[Span]
    skipped: list[tuple[int, str]]  # (0-based line, reason) of non-blank lines in no entry
    labels: list[str]  # one per line; "" for blank lines


def line_features(lines: list[str], repeated: set[str] | None = None) -> tuple[list[int], list[list[str]]]:
    """The non-blank lines' indices and their CRF features (one list of strings per line).

    `repeated`: lines (lower case, digits as "0") known to repeat in the file
    around these lines, such as a paper's running heads."""
    idx, feats, _, _ = _features(lines, repeated)
    return idx, feats


def indented(lines: list[str]) -> bool:
    """Does the list set lines in from its margin (and so is read by the indent model)?"""
    return _factored(lines, None)[2]


@dataclass(slots=True)
class _Factored:
    """A list's line features, factored: line k's features are, in this order,
    own_groups[own_of[k]] (the list's and the line's own), nb_groups[nb_of[k]]
    (the line before, as this line sees it), to_prev[own_of[k - 1]] (what the
    line before says of itself), to_next[own_of[k + 1]] (the line after; "EOS"
    at the end), and for an indented list lv_groups[lv_of[k]] (its indent with
    its neighbours'). Most lines of a list share each group."""

    idx: list[int]  # the non-blank lines
    own_groups: list[list[str]]
    own_of: list[int]
    to_prev: list[list[str]]
    to_next: list[list[str]]
    nb_groups: list[list[str]]
    nb_of: list[int]
    lv_groups: list[list[str]] | None = None
    lv_of: list[int] | None = None

    def parts(self) -> list[tuple[list[list[str]], list[int]]]:
        """(groups, which group each line takes) in the order of a line's features."""
        n = len(self.idx)
        none, eos = len(self.to_prev), len(self.to_next)
        out = [(self.own_groups, self.own_of), (self.nb_groups, self.nb_of),
               (self.to_prev + [[]], [none, *self.own_of[:n - 1]]),
               (self.to_next + [list(_EOS)], [*self.own_of[1:], eos])]
        if self.lv_groups is not None:
            out.append((self.lv_groups, self.lv_of))
        return out

    def strings(self) -> list[list[str]]:
        """Each line's features as strings (as the models were trained on them)."""
        parts = self.parts()
        return [[f for groups, of in parts for f in groups[of[k]]] for k in range(len(self.idx))]


def _features(lines: list[str], repeated: set[str] | None) -> tuple[list[int], list[list[str]], list[bool], bool]:
    """The non-blank lines' indices, their features as strings, which lines
    surely start an entry, and whether the list is indented (see _factored)."""
    fac, sure, is_indented = _factored(lines, repeated)
    return fac.idx, fac.strings(), sure, is_indented


def _factored(lines: list[str], repeated: set[str] | None) -> tuple[_Factored, list[bool], bool]:
    """Features, which lines surely start an entry (in a numbered list, a line
    whose label is the list's kind and the next number of its count), and
    whether the list is indented (see the module's docstring)."""
    # (One pass per list for what every line needs, each line's label matched once:
    # this runs over lists of 200,000 lines. Per line, the features are first
    # reduced to a tuple of values; the feature strings of each distinct tuple
    # are built once, since most lines of a list share them.)
    idx: list[int] = []
    stripped: list[str] = []
    indents: list[int] = []
    for i, line in enumerate(lines):
        s = line.strip()
        if s:
            idx.append(i)
            stripped.append(s)
            if "\t" in line:
                line = line.expandtabs(4)
            indents.append(len(line) - len(line.lstrip()))
    n = len(idx)
    if not n:
        return _Factored(idx, [], [], [], [], [], []), [], False
    lengths = [len(s) for s in stripped]
    # The list's evidence: its usual margin, its usual width, how its entries open.
    margin = Counter(indents).most_common(1)[0][0]
    srt = sorted(lengths)
    width = max(srt[int(0.9 * (n - 1))], 20)
    bodies: list[str] = []
    nums: list[int | None] = []
    label_kind: list[str] = []
    bullets: list[bool] = []
    labelled = 0
    label_m, bullet_m = _LABEL.match, _BULLET.match
    for s in stripped:
        m = label_m(s)
        if m:
            e = m.end()
            bodies.append(s[e:].lstrip())
            bullets.append(False)
            if not (m.group(3) and s[e - 1] not in ".)" and not s[e:].strip()):
                # (a bare "2" alone on a line is a page number or a DOI's tail, not a label;
                # "[2]" or "2." alone is a label whose entry follows on the next line)
                g1, g2, g3 = m.groups()
                nums.append(int(g1 or g2 or g3))
                label_kind.append("[" if g1 else "(" if g2 else s[e - 1] if s[e - 1] in ".)" else "sp")
                labelled += 1
                continue
        else:
            b = bullet_m(s)
            bodies.append(s[b.end():].lstrip() if b else s)
            bullets.append(b is not None)
        nums.append(None)
        label_kind.append("")
    # Each body's first two words and their shapes (a shape reads a word's first 12 characters).
    shape, known = _fast_shape, _SHAPES.get
    toks = [b[:60].split(None, 2) for b in bodies]
    toks0 = [t[0] if t else "" for t in toks]
    toks1 = [t[1] if len(t) > 1 else "" for t in toks]
    sh0s = [known(t[:12]) or shape(t) for t in toks0]
    sh1s = [known(t[:12]) or shape(t) for t in toks1]
    # How the entry opens is read from its first 40 characters: the second
    # word may be cut there, or fall beyond.
    starts = [sh0 if not t1 else sh0 + " " + sh1 if len(b) <= 40 or (p1 := b.find(t1, len(t0))) + min(len(t1), 12) <= 40
              else sh0 if p1 >= 40 else sh0 + " " + shape(t1[:40 - p1])
              for b, t0, t1, sh0, sh1 in zip(bodies, toks0, toks1, sh0s, sh1s)]
    start_counts = Counter(starts)
    norm = _norm_lines(stripped)
    repeats = Counter(norm)
    rep_min = max(3, n // 150)
    kind_counts = Counter(k for k in label_kind if k)
    main_kind = kind_counts.most_common(1)[0][0] if kind_counts else ""
    share_labelled = labelled / n
    blank_before = [k == 0 or idx[k] - idx[k - 1] > 1 for k in range(n)]
    blanks = sum(blank_before[1:])

    ends = sum(1 for s in stripped if s[-1] in ".)]" or s[-1].isdigit()) / n
    full = sum(1 for x in lengths if x >= 0.85 * width) / n
    # Lists that print names in capitals (Web of Science, some humanities styles).
    caps_open = sum(1 for b in bodies if b[:2].isupper() and b[:2].isalpha()) / n
    # Indented lines after a line that ends as an entry ends: entries that open
    # indented (first-line indent), not continuations (hanging indent).
    ind_after_end = [k for k in range(1, n) if indents[k] > margin]
    ind_end = (sum(1 for k in ind_after_end if stripped[k - 1][-1] in ".)]" or stripped[k - 1][-1].isdigit())
               / len(ind_after_end)) if ind_after_end else 0.0
    indend = "none" if not ind_after_end else "hi" if ind_end > 0.7 else "mid" if ind_end > 0.4 else "lo"
    hang = sum(1 for x in indents if x > margin) > 0.15 * n
    list_feats = [
        "indend=%s" % indend,
        "capsopen=%s" % ("hi" if caps_open > 0.5 else "mid" if caps_open > 0.2 else "lo"),
        "ends=%s" % ("hi" if ends > 0.85 else "mid" if ends > 0.6 else "lo"),
        "full=%s" % ("hi" if full > 0.4 else "mid" if full > 0.2 else "lo"),
        "lab=%s" % ("many" if share_labelled > 0.3 else "some" if share_labelled > 0.05 else "none"),
        "blanks=%s" % ("many" if blanks > 0.3 * n else "some" if blanks else "none"),
        "hang=%d" % hang,
    ]
    # Is the list indented: are lines set in from its least indent (one that
    # two lines and a twentieth of the list use: not a heading's alone) and
    # others not? ("hang" above measures from the most common indent, which in a
    # hanging list of entries of several lines is the continuation's.)
    at = Counter(indents)
    floor = max(2, 0.05 * n)
    low = min((x for x, c in at.items() if c >= floor), default=margin)
    set_in = sum(c for x, c in at.items() if x > low)
    is_indented = 0.15 * n < set_in < 0.9 * n
    # (A label alone on its line, "[12]" with the entry on the next, is a level of its own.)
    levels = ["L" if kind and not body else "+" if x > low else "0"
              for x, kind, body in zip(indents, label_kind, bodies)] if is_indented else None
    if levels is not None:
        # A line's indent read against how the list uses its indents: set in, where
        # set-in lines follow an entry's end, it opens an entry (first-line indent);
        # where they do not, it goes on (a hanging indent, or the text after a
        # label). A linear model needs the pair, and the neighbours', as one feature.
        ins = [k for k in range(1, n) if levels[k] == "+"]
        after_end = (sum(1 for k in ins if stripped[k - 1][-1] in ".)]" or stripped[k - 1][-1].isdigit())
                     / max(1, len(ins)))
        style = "hi" if after_end > 0.7 else "mid" if after_end > 0.4 else "lo"


    # Numbers that continue the count: a single pass keeps the last accepted one.
    # A list may start at any number (a page of a longer list); after a number
    # out of the count, the count picks up again where two labels follow on.
    seq: list[str] = []
    expected = None
    last_off = None
    for k in range(n):
        v = nums[k]
        if v is None:
            seq.append("")
            continue
        if expected is not None and expected <= v <= expected + 2:
            seq.append("next" if v == expected else "skip")
            expected = v + 1
        elif expected is None or (v <= 2 and expected > 3):
            seq.append("restart" if expected is not None else "first")
            expected = v + 1
        elif last_off is not None and v == last_off + 1:
            seq.append("resync")
            expected = v + 1
        else:
            seq.append("off")
        last_off = v if seq[-1] == "off" else None

    # Each line's own features as a tuple of values (see _own_features for their
    # strings); what the neighbours see of it comes with them. (Computed a column
    # at a time: a comprehension per feature costs less than one loop doing all.)
    ditto_m = _DITTO.match
    initials_m, initials_first_m = _INITIALS.match, _INITIALS_FIRST.match
    year_all, doi_s, url_s, pages_s = _YEAR.findall, _DOI.search, _URL.search, _PAGES.search
    page_no_m, heading_m, figure_m = _PAGE_NO.match, _HEADING_WORDS.match, _FIGURE.match
    share_cls = {st: ("hi" if c / n > 0.25 else "mid" if c / n > 0.08 else "lo") for st, c in start_counts.items()}
    len_of = {}
    for length in set(lengths):
        rel = length / width
        len_of[length] = "tiny" if length < 12 else "short" if rel < 0.6 else "mid" if rel < 0.9 else "full"
    labs = [(kind, kind == main_kind, sq, body == "",
             "X" if (c := body[:1]).isupper() else "x" if c.isalpha() else "0" if c.isdigit() else c or "_")
            if kind else bullet
            for kind, sq, body, bullet in zip(label_kind, seq, bodies, bullets)]
    w0s = [t0.lower().strip(".,:;()[]")[:12] if t0[:1].isalpha() and t0[:1].islower() else "_" for t0 in toks0]
    dittos = [b[:1] in _DITTO_FIRST and ditto_m(b) is not None for b in bodies]
    names = [(initials_m(t1) is not None, t0[-1] == ",") if t0[:1].isupper() and len(t0) > 1 and t0[1:2].islower()
             else _NO_NAME for t0, t1 in zip(toks0, toks1)]
    inifs = [t0[1:2] == "." and initials_first_m(t0) is not None for t0 in toks0]
    years = [_NY[y] if y < 2 else 2 for y in map(len, map(year_all, stripped))]
    dois = [("10." in s or "doi" in nk) and doi_s(s) is not None for s, nk in zip(stripped, norm)]
    urls = [("http" in nk or "www." in nk) and url_s(s) is not None for s, nk in zip(stripped, norm)]
    pages = [("-" in s or "–" in s or "—" in s) and pages_s(s) is not None for s in stripped]
    ends_cls = ["a" if e.isalpha() else "0" if e.isdigit() else e for e in [s[-1] for s in stripped]]
    hyphs = [s[-1] == "-" and len(s) > 1 and s[-2].isalpha() for s in stripped]
    ejs = [nk.endswith(_JOIN_ENDS) for nk in norm]
    len_cls = [len_of[x] for x in lengths]
    ind_cls = ["0" if x == margin else "+" if x > margin else "-" for x in indents]
    if repeated is None:
        reps = [length <= 100 and repeats[nk] >= rep_min for length, nk in zip(lengths, norm)]
    else:
        reps = [length <= 100 and (repeats[nk] >= rep_min or nk in repeated) for length, nk in zip(lengths, norm)]
    pagenos = [length < 24 and page_no_m(s) is not None for length, s in zip(lengths, stripped)]
    headings = [length < 80 and (s[-1].isalpha() or s[-1] in ":*_") and heading_m(s) is not None
                for length, s in zip(lengths, stripped)]
    figures = [(b[:1] in _FIGURE_FIRST and figure_m(b) is not None) or (s[0] in _FIGURE_FIRST and figure_m(s) is not None)
               for b, s in zip(bodies, stripped)]
    capss = [length > 6 and s.isupper() for length, s in zip(lengths, stripped)]
    lowers = [s[0].islower() for s in stripped]
    # Each distinct tuple gets an id; its strings are built once.
    keys = list(zip(labs, sh0s, sh1s, map(share_cls.__getitem__, starts), w0s, dittos, names, inifs, years, dois,
                    urls, pages, ends_cls, hyphs, ejs, len_cls, ind_cls, blank_before, reps, pagenos, headings,
                    figures, capss, lowers))
    own_id = {key: k for k, key in enumerate(dict.fromkeys(keys))}
    own_of = list(map(own_id.__getitem__, keys))
    own_groups: list[list[str]] = []
    to_prev: list[list[str]] = []
    to_next: list[list[str]] = []
    for key in own_id:
        own, tp, tn = _own_features(key)
        own_groups.append(list_feats + own)
        to_prev.append(tp)
        to_next.append(tn)
    # The line before and after, in a few words each: what the line before
    # ended with and how long it was, with this line's indent and opening.
    nb_keys = list(zip(ends_cls, len_cls, ind_cls[1:], [sh0 if b else "_" for sh0, b in zip(sh0s[1:], bodies[1:])]))
    nb_id = {key: k for k, key in enumerate(dict.fromkeys(nb_keys), 1)}
    nb_groups = [list(_BOS)] + [["p.end=" + pend, "p.len=" + plen, "pe_plen=" + pend + "|" + plen,
                                 "pe_ind=" + pend + "|" + ic,
                                 # ("_" for a label alone on its line)
                                 "pe_sh0=" + pend + "|" + psh] for pend, plen, ic, psh in nb_id]
    nb_of = [0, *map(nb_id.__getitem__, nb_keys)]
    lv_groups = lv_of = None
    if levels is not None:
        ext = ["^", *levels, "$"]
        lv_keys = list(zip(ext, ext[1:], ext[2:]))
        lv_id = {key: k for k, key in enumerate(dict.fromkeys(lv_keys))}
        lv_groups = [["lv=" + style + "|" + lv, "lvp=" + style + "|" + p_ + lv, "lvn=" + style + "|" + lv + n_]
                     for p_, lv, n_ in lv_id]
        lv_of = list(map(lv_id.__getitem__, lv_keys))
    numbered = share_labelled > 0.3
    # (Past 5: a figure legend's "1. 2. 3." after the list, or the first
    # entries of a second list, are left to the model.)
    sure = [numbered and seq[k] == "next" and label_kind[k] == main_kind and nums[k] > 5
            and (len(bodies[k]) >= 25 or not bodies[k]) for k in range(n)]
    return _Factored(idx, own_groups, own_of, to_prev, to_next, nb_groups, nb_of, lv_groups, lv_of), sure, is_indented


def _own_features(key: tuple) -> tuple[list[str], list[str], list[str]]:
    """The strings of a line's own features, of what the line after sees of it
    ("p.<feature>") and of what the line before sees ("n.<feature>"), from the
    tuple of values _features makes for it (built once per distinct tuple)."""
    (lab, sh0, sh1, share, w0, ditto, name, inif, ny, doi, url, pages, ec, hyph, ej, lc, ic, bb, rep, pageno,
     heading, figure, caps, lower) = key
    f: list[str] = []
    tp: list[str] = []
    tn: list[str] = []
    if isinstance(lab, tuple):
        kind, main, sq, alone, after = lab
        lo = _LABELONLY[alone]
        sq = "seq=" + sq
        f += ["label=" + kind, _LABELMAIN[main], sq, lo]
        tp.append("p." + lo)
        tn += ["n.label=" + kind, "n." + sq]
        f.append("after=" + after)
    elif lab:
        f.append("label=bullet")
        tn.append("n.label=bullet")
    f.append("sh0=" + sh0)
    tn.append("n.sh0=" + sh0)
    f.append("sh01=" + sh0 + "|" + sh1)
    ss = "startshare=" + share
    f.append(ss)
    tn.append("n." + ss)
    f.append("w0=" + w0)
    if ditto:
        f.append("ditto")
        tn.append("n.ditto")
    if name[0]:
        f.append("name_initials")  # Holm EA,  Waller TR.
        tn.append("n.name_initials")
    if name[1]:
        f.append("name_comma")
        tn.append("n.name_comma")
    if inif:
        f.append("initials_first")
        tn.append("n.initials_first")
    ys = _YEARS_FEAT[ny]
    f.append(ys)
    tp.append("p." + ys)
    if doi:
        f.append("doi")
        tp.append("p.doi")
    if url:
        f.append("url")
        tp.append("p.url")
    if pages:
        f.append("pages")
    f.append("end=" + ec)
    if hyph:
        f.append("hyph")
        tp.append("p.hyph")
    if ej:
        f.append("end_join")
        tp.append("p.end_join")
    f.append("len=" + lc)
    ind = "ind=" + ic
    f.append(ind)
    tp.append("p." + ind)
    tn.append("n." + ind)
    bb = _BB[bb]
    f.append(bb)
    tn.append("n." + bb)
    # Running heads are short; a long line that repeats is an entry listed twice.
    # A running head repeats on every page (say every 150 lines at most); a
    # continuation such as "Retrieved from ..." may repeat a few times in a long list.
    for flag, name_ in ((rep, "rep"), (pageno, "pageno"), (heading, "heading"), (figure, "figure")):
        if flag:
            f.append(name_)
            tp.append("p." + name_)
            tn.append("n." + name_)
    if caps:
        f.append("caps")
    if lower:
        f.append("lower")
        tn.append("n.lower")
    return f, tp, tn


def _norm_lines(stripped: list[str]) -> list[str]:
    """Each line in lower case with its runs of digits as "0" (how repeated
    lines are recognised), done over the whole list at once."""
    norm = _DIGITS.sub("0", "\n".join(stripped).lower()).split("\n")
    if len(norm) != len(stripped):  # (a line holding a line break of its own)
        norm = [_DIGITS.sub("0", s.lower()) for s in stripped]
    return norm


_SHAPES: dict[str, str] = {}
_COLLAPSED: dict[str, str] = {}


def _fast_shape(tok: str) -> str:
    """_shape, memoised by the word's first 12 characters and, for ASCII, by
    its class string ("Xxxxx,"), which a few hundred shapes cover."""
    t = tok[:12]
    got = _SHAPES.get(t)
    if got is not None:
        return got
    if len(_SHAPES) > 200_000:
        _SHAPES.clear()
    if t.isascii():
        cls = t.translate(_ASCII_CLASS)
        got = _COLLAPSED.get(cls)
        if got is None:
            if len(_COLLAPSED) > 50_000:
                _COLLAPSED.clear()
            got = _COLLAPSED[cls] = _RUNS.sub(r"\1", cls)[:6]
    else:
        got = _shape(t)
    _SHAPES[t] = got
    return got


_NO_NAME = (False, False)
_NY = (0, 1)
_BOS, _EOS, _NONE = ("BOS",), ("EOS",), ()
_JOIN_ENDS = (" and", " &", " und", " et", ",")
# What a ditto dash, a figure legend's line can open with (the patterns read
# lines with no leading space; "ſ" is an "s" to a case-blind pattern).
_DITTO_FIRST = frozenset("-–—_")
_FIGURE_FIRST = frozenset("fFtTsScCpPaAnNſ")


_YEARS_FEAT = ("years=0", "years=1", "years=2")
_LABELONLY = ("labelonly=0", "labelonly=1")
_LABELMAIN = ("labelmain=0", "labelmain=1")
_BB = ("bb=0", "bb=1")
_INITIALS = re.compile(r"^[A-Z]{1,3}[.,]?$")
_INITIALS_FIRST = re.compile(r"^(?:[A-Z]\.[\s-]?){1,3}$|^(?:[A-Z]\.-?){1,3}[A-Z][a-z]")
_DIGITS = re.compile(r"\d+")


def model_path(indent: bool = False) -> str:
    """The model for lists without indents, or (indent=True) for indented ones."""
    if indent:
        return models.model_path("segment-indent.crfsuite", INDENT_MODEL_ENV)
    return models.model_path("segment.crfsuite", MODEL_ENV)


def tag_lines(lines: list[str], repeated: set[str] | None = None) -> tuple[list[int], list[str]]:
    """The non-blank lines' indices and each one's label."""
    fac, sure, indent = _factored(lines, repeated)
    idx = fac.idx
    if idx:
        dec = decoder(model_path(indent))
        parts = [(groups, np.array(of, dtype=np.int64)) for groups, of in fac.parts()]
        labels = dec.decode(dec.scores(parts))
    else:
        labels = []
    # The count of a numbered list is its strongest evidence: the next number
    # in the list's own kind of label starts an entry, whatever the line's looks.
    labels = ["B" if s else lab for s, lab in zip(sure, labels)]
    # A DOI broken in a narrow column leaves its tail ("7", "052.41") alone on a
    # line that looks like a page number: it belongs to the DOI above it.
    for k in range(1, len(labels)):
        if labels[k] == "F" and labels[k - 1] in ("B", "I") and _DOI_TAIL.fullmatch(lines[idx[k]].strip()) \
                and _DOI_END.search(lines[idx[k - 1]]):
            labels[k] = "I"
    return idx, labels


_DOI_TAIL = re.compile(r"[0-9A-Za-z.()/-]{1,12}")
_DOI_END = re.compile(r"\b10\.\d{4,9}\S*$")  # the line ends inside a DOI (even one printed without its slash)


def segment(lines: list[str], repeated: set[str] | None = None) -> Segmentation:
    """Entries and skipped lines of a list's lines."""
    idx, labels = tag_lines(lines, repeated)
    return assemble(len(lines), idx, labels)


def assemble(n_lines: int, idx: list[int], labels: list[str]) -> Segmentation:
    entries: list[Span] = []
    skipped: list[tuple[int, str]] = []
    out = [""] * n_lines
    current: Span | None = None
    for i, lab in zip(idx, labels):
        out[i] = lab
        if lab == "B" or (lab == "I" and current is None):
            current = Span(i, i, [i])
            entries.append(current)
        elif lab == "I":
            current.last = i
            current.lines.append(i)
        else:
            skipped.append((i, REASONS.get(lab, "not a reference")))
            if lab in ("H", "X"):
                current = None  # a heading or other text ends the entry before it
    return Segmentation(entries, skipped, out)
