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
statistics, one for the features, one Viterbi pass. What depends on a line's
text alone is worked out once per distinct line, and the features come out
factored (_Factored: groups of feature strings that many lines share), which
readers/segment_crf.py scores and decodes in numpy with crfsuite's own
arithmetic: the labels are python-crfsuite's, without its millions of strings.
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
    own_of: list[int] | np.ndarray
    to_prev: list[list[str]]
    to_next: list[list[str]]
    nb_groups: list[list[str]]
    nb_of: list[int] | np.ndarray
    lv_groups: list[list[str]] | None = None
    lv_of: list[int] | np.ndarray | None = None

    def parts(self) -> list[tuple[list[list[str]], np.ndarray]]:
        """(groups, which group each line takes) in the order of a line's features."""
        own_of = np.asarray(self.own_of, dtype=np.int64)
        out = [(self.own_groups, own_of), (self.nb_groups, np.asarray(self.nb_of, dtype=np.int64)),
               (self.to_prev + [[]], np.concatenate([[len(self.to_prev)], own_of[:-1]]).astype(np.int64)),
               (self.to_next + [list(_EOS)], np.concatenate([own_of[1:], [len(self.to_next)]]).astype(np.int64))]
        if self.lv_groups is not None:
            out.append((self.lv_groups, np.asarray(self.lv_of, dtype=np.int64)))
        return out

    def strings(self) -> list[list[str]]:
        """Each line's features as strings (as the models were trained on them)."""
        parts = [(groups, of.tolist()) for groups, of in self.parts()]
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
    # (This runs over lists of 200,000 lines. What depends on a line's text
    # alone is computed once per distinct line, a column at a time (a
    # comprehension per feature costs less than one loop doing all); what
    # depends on the list (its margin, width, count, repeats) once per distinct
    # line and list; what depends on the line's place (its indent, the blank
    # before it, its number in the count) per line. The features of each
    # distinct combination are then built once, as strings, since most lines
    # of a list share them.)
    raw_id: dict[str, int] = {}
    rid = [raw_id.setdefault(line, len(raw_id)) for line in lines]
    raws = list(raw_id)
    raw_strip = [line.strip() for line in raws]
    if not any(raw_strip):
        return _Factored([], [], [], [], [], [], []), [], False
    # Each distinct stripped line's id (u), and each distinct raw line's indent.
    uniq: dict[str, int] = {}
    u_of_raw = [uniq.setdefault(s, len(uniq)) if s else -1 for s in raw_strip]
    indent_of_raw = [len(line) - len(line.lstrip()) if "\t" not in line else
                     len(line.expandtabs(4)) - len(line.expandtabs(4).lstrip()) for line in raws]
    rid_a = np.array(rid, dtype=np.int64)
    u_raw = np.array(u_of_raw, dtype=np.int64)[rid_a]
    kept = u_raw >= 0
    idx_a = np.flatnonzero(kept)
    idx: list[int] = idx_a.tolist()
    n = len(idx)
    uid_a = u_raw[kept]
    uid = uid_a.tolist()
    indents_a = np.array(indent_of_raw, dtype=np.int64)[rid_a[kept]]
    indents = indents_a.tolist()
    U = list(uniq)  # the distinct lines, stripped, in order of first use
    cnt = np.bincount(uid_a, minlength=len(U))
    cnt_l = cnt.tolist()

    lengths = [len(s) for s in U]
    # The list's evidence: its usual margin, its usual width, how its entries open.
    at = Counter(indents)
    margin = at.most_common(1)[0][0]
    width = max(int(np.sort(np.array(lengths, dtype=np.int64)[uid_a])[int(0.9 * (n - 1))]), 20)
    bodies: list[str] = []
    nums: list[int | None] = []
    label_kind: list[str] = []
    bullets: list[bool] = []
    label_m, bullet_m = _LABEL.match, _BULLET.match
    for s in U:
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
                continue
        else:
            b = bullet_m(s)
            bodies.append(s[b.end():].lstrip() if b else s)
            bullets.append(b is not None)
        nums.append(None)
        label_kind.append("")
    labelled = sum(c for c, k in zip(cnt_l, label_kind) if k)
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
    start_counts: Counter = Counter()
    for st, c in zip(starts, cnt_l):
        start_counts[st] += c
    lowered = _lower_lines(U)
    rep_min = max(3, n // 150)
    kind_counts: Counter = Counter()  # (in order of first use: most_common breaks ties so)
    for k, c in zip(label_kind, cnt_l):
        if k:
            kind_counts[k] += c
    main_kind = kind_counts.most_common(1)[0][0] if kind_counts else ""
    share_labelled = labelled / n
    blank_a = np.empty(n, dtype=bool)
    blank_a[0] = True
    np.greater(idx_a[1:] - idx_a[:-1], 1, out=blank_a[1:])
    blank_before = blank_a.tolist()
    blanks = int(np.count_nonzero(blank_a[1:]))

    # Lines that end as an entry ends, and lists that print names in capitals
    # (Web of Science, some humanities styles).
    ends_entry = np.array([s[-1] in ".)]" or s[-1].isdigit() for s in U], dtype=bool)
    ends = int(cnt[ends_entry].sum()) / n
    full = int(cnt[np.array(lengths, dtype=np.int64) >= 0.85 * width].sum()) / n
    caps_open = sum(c for c, b in zip(cnt_l, bodies) if b[:2].isupper() and b[:2].isalpha()) / n
    # Indented lines after a line that ends as an entry ends: entries that open
    # indented (first-line indent), not continuations (hanging indent).
    ends_line = ends_entry[uid_a]
    set_in_m = indents_a > margin
    n_after = int(np.count_nonzero(set_in_m[1:]))
    ind_end = int(np.count_nonzero(set_in_m[1:] & ends_line[:-1])) / n_after if n_after else 0.0
    indend = "none" if not n_after else "hi" if ind_end > 0.7 else "mid" if ind_end > 0.4 else "lo"
    hang = int(np.count_nonzero(set_in_m)) > 0.15 * n
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
    floor = max(2, 0.05 * n)
    low = min((x for x, c in at.items() if c >= floor), default=margin)
    set_in = sum(c for x, c in at.items() if x > low)
    is_indented = 0.15 * n < set_in < 0.9 * n
    lv_groups = lv_of = None
    if is_indented:
        # (A label alone on its line, "[12]" with the entry on the next, is a level of its own.)
        alone = np.array([bool(kind) and not body for kind, body in zip(label_kind, bodies)], dtype=bool)[uid_a]
        levels = np.where(alone, 2, np.where(indents_a > low, 1, 0))  # 0 "0", 1 "+", 2 "L"
        # A line's indent read against how the list uses its indents: set in, where
        # set-in lines follow an entry's end, it opens an entry (first-line indent);
        # where they do not, it goes on (a hanging indent, or the text after a
        # label). A linear model needs the pair, and the neighbours', as one feature.
        ins = levels[1:] == 1
        after_end = int(np.count_nonzero(ins & ends_line[:-1])) / max(1, int(np.count_nonzero(ins)))
        style = "hi" if after_end > 0.7 else "mid" if after_end > 0.4 else "lo"
        ext = np.concatenate([[3], levels, [4]])  # 3 "^", 4 "$"
        lv_codes, lv_inv = np.unique((ext[:-2] * 5 + ext[1:-1]) * 5 + ext[2:], return_inverse=True)
        sym = "0+L^$"
        lv_groups = []
        for code in lv_codes.tolist():
            p_, lv, n_ = sym[code // 25], sym[code // 5 % 5], sym[code % 5]
            lv_groups.append(["lv=" + style + "|" + lv, "lvp=" + style + "|" + p_ + lv, "lvn=" + style + "|" + lv + n_])
        lv_of = lv_inv.reshape(-1)

    # Numbers that continue the count: a single pass keeps the last accepted one.
    # A list may start at any number (a page of a longer list); after a number
    # out of the count, the count picks up again where two labels follow on.
    seq: list[str] = []
    if labelled:
        line_nums = [nums[u] for u in uid]
        expected = None
        last_off = None
        for v in line_nums:
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
    # strings): what its text and the list make of it, once per distinct line;
    # then with its number in the count, its indent and the blank before it.
    ditto_m = _DITTO.match
    initials_m, initials_first_m = _INITIALS.match, _INITIALS_FIRST.match
    year_all, doi_s, url_s, pages_s = _YEAR.findall, _DOI.search, _URL.search, _PAGES.search
    page_no_m, heading_m, figure_m = _PAGE_NO.match, _HEADING_WORDS.match, _FIGURE.match
    share_cls = {st: ("hi" if c / n > 0.25 else "mid" if c / n > 0.08 else "lo") for st, c in start_counts.items()}
    len_of = {}
    for length in set(lengths):
        rel = length / width
        len_of[length] = "tiny" if length < 12 else "short" if rel < 0.6 else "mid" if rel < 0.9 else "full"
    labs = [(kind, kind == main_kind, body == "",
             "X" if (c := body[:1]).isupper() else "x" if c.isalpha() else "0" if c.isdigit() else c or "_")
            if kind else bullet
            for kind, body, bullet in zip(label_kind, bodies, bullets)]
    w0s = [t0.lower().strip(".,:;()[]")[:12] if t0[:1].isalpha() and t0[:1].islower() else "_" for t0 in toks0]
    dittos = [b[:1] in _DITTO_FIRST and ditto_m(b) is not None for b in bodies]
    names = [(initials_m(t1) is not None, t0[-1] == ",") if t0[:1].isupper() and len(t0) > 1 and t0[1:2].islower()
             else _NO_NAME for t0, t1 in zip(toks0, toks1)]
    inifs = [t0[1:2] == "." and initials_first_m(t0) is not None for t0 in toks0]
    years = [_NY[y] if y < 2 else 2 for y in map(len, map(year_all, U))]
    dois = [("10." in s or "doi" in lw) and doi_s(s) is not None for s, lw in zip(U, lowered)]
    urls = [("http" in lw or "www." in lw) and url_s(s) is not None for s, lw in zip(U, lowered)]
    pages = [("-" in s or "–" in s or "—" in s) and pages_s(s) is not None for s in U]
    ends_cls = ["a" if e.isalpha() else "0" if e.isdigit() else e for e in [s[-1] for s in U]]
    hyphs = [s[-1] == "-" and len(s) > 1 and s[-2].isalpha() for s in U]
    ejs = [lw.endswith(_JOIN_ENDS) for lw in lowered]
    len_cls = [len_of[x] for x in lengths]
    reps = _repeats(U, lowered, lengths, cnt_l, rep_min, repeated)
    pagenos = [length < 24 and page_no_m(s) is not None for length, s in zip(lengths, U)]
    headings = [length < 80 and (s[-1].isalpha() or s[-1] in ":*_") and heading_m(s) is not None
                for length, s in zip(lengths, U)]
    figures = [(b[:1] in _FIGURE_FIRST and figure_m(b) is not None) or (s[0] in _FIGURE_FIRST and figure_m(s) is not None)
               for b, s in zip(bodies, U)]
    capss = [length > 6 and s.isupper() for length, s in zip(lengths, U)]
    lowers = [s[0].islower() for s in U]
    u_keys = list(zip(labs, sh0s, sh1s, map(share_cls.__getitem__, starts), w0s, dittos, names, inifs, years, dois,
                      urls, pages, ends_cls, hyphs, ejs, len_cls, reps, pagenos, headings, figures, capss, lowers))
    u_key_id: dict[tuple, int] = {}
    uk = np.array([u_key_id.setdefault(key, len(u_key_id)) for key in u_keys], dtype=np.int64)
    # With the line's place: its number in the count, its indent against the margin, the blank before it.
    seq_code = (np.array([_SEQ_CODE[x] for x in seq], dtype=np.int64) if seq else np.zeros(n, dtype=np.int64))
    ind_code = np.where(indents_a == margin, 0, np.where(indents_a > margin, 1, 2))
    own_codes, own_inv = np.unique(((uk[uid_a] * len(_SEQS) + seq_code) * 3 + ind_code) * 2 + blank_a,
                                   return_inverse=True)
    own_of = own_inv.reshape(-1)
    key_list = list(u_key_id)
    own_groups: list[list[str]] = []
    to_prev: list[list[str]] = []
    to_next: list[list[str]] = []
    for code in own_codes.tolist():
        code, bb = divmod(code, 2)
        code, ic = divmod(code, 3)
        ku, sq = divmod(code, len(_SEQS))
        lab, *rest = key_list[ku]
        if lab.__class__ is tuple:
            lab = (lab[0], lab[1], _SEQS[sq], lab[2], lab[3])
        own, tp, tn = _own_features((lab, *rest[:15], "0+-"[ic], bool(bb), *rest[15:]))
        own_groups.append(list_feats + own)
        to_prev.append(tp)
        to_next.append(tn)
    # The line before and after, in a few words each: what the line before
    # ended with and how long it was, with this line's indent and opening.
    pe_id: dict[tuple[str, str], int] = {}
    pe = np.array([pe_id.setdefault(key, len(pe_id)) for key in zip(ends_cls, len_cls)], dtype=np.int64)
    op_id: dict[str, int] = {}
    op = np.array([op_id.setdefault(sh0 if b else "_", len(op_id)) for sh0, b in zip(sh0s, bodies)], dtype=np.int64)
    nb_codes, nb_inv = np.unique((pe[uid_a[:-1]] * len(op_id) + op[uid_a[1:]]) * 3 + ind_code[1:], return_inverse=True)
    pe_list, op_list = list(pe_id), list(op_id)
    nb_groups = [list(_BOS)]
    for code in nb_codes.tolist():
        code, ic = divmod(code, 3)
        p, o = divmod(code, len(op_list))
        (pend, plen), psh, ic = pe_list[p], op_list[o], "0+-"[ic]
        nb_groups.append(["p.end=" + pend, "p.len=" + plen, "pe_plen=" + pend + "|" + plen,
                          "pe_ind=" + pend + "|" + ic,
                          # ("_" for a label alone on its line)
                          "pe_sh0=" + pend + "|" + psh])
    nb_of = np.concatenate([[0], nb_inv.reshape(-1) + 1])
    numbered = share_labelled > 0.3
    # (Past 5: a figure legend's "1. 2. 3." after the list, or the first
    # entries of a second list, are left to the model.)
    if numbered:
        sure_u = [kind == main_kind and v is not None and v > 5 and (len(b) >= 25 or not b)
                  for kind, v, b in zip(label_kind, nums, bodies)]
        sure = [sq == "next" and sure_u[u] for sq, u in zip(seq, uid)]
    else:
        sure = [False] * n
    return _Factored(idx, own_groups, own_of, to_prev, to_next, nb_groups, nb_of, lv_groups, lv_of), sure, is_indented


_SEQS = ("", "next", "skip", "restart", "first", "resync", "off")
_SEQ_CODE = {s: k for k, s in enumerate(_SEQS)}


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


def _lower_lines(stripped: list[str]) -> list[str]:
    """Each line in lower case, done over the whole list at once. (Whether a
    line holds "doi", "http" or ends in " and" is read from it: digits, which
    _norm_lines makes "0", are none of those.)"""
    low = "\n".join(stripped).lower().split("\n")
    if len(low) != len(stripped):  # (a line holding a line break of its own)
        low = [s.lower() for s in stripped]
    return low


def _repeats(lines: list[str], low: list[str], lengths: list[int], counts: list[int], rep_min: int,
             repeated: set[str] | None) -> list[bool]:
    """Which distinct lines (`low`: them in lower case; `counts`: how often each is in
    the list) repeat as running heads do: up to 100 characters, and the line as
    _norm_lines gives it (digits as "0") is in the list rep_min times or more,
    or in `repeated`.

    Lines that read the same as _norm_lines gives them read the same without
    their digits, which bytes.translate drops at C speed: only lines whose
    digitless text is rep_min times in the list (most lists have none) are
    then normalised and counted."""
    if repeated is not None:  # (a paper's list: small; its running heads are known by their text)
        norm = _norm_lines(lines)
        got: Counter = Counter()
        for nk, c in zip(norm, counts):
            got[nk] += c
        return [length <= 100 and (got[nk] >= rep_min or nk in repeated) for length, nk in zip(lengths, norm)]
    joined = "\n".join(low).encode("utf-8", "surrogatepass")
    keys = joined.translate(None, b"0123456789").split(b"\n")
    if len(keys) != len(low):
        keys = [s.encode("utf-8", "surrogatepass").translate(None, b"0123456789") for s in low]
    if not joined.isascii():
        # (\d is any Unicode digit: outside ASCII, the digits are dropped by the pattern)
        for k, s in enumerate(low):
            if not s.isascii():
                keys[k] = _DIGITS.sub("", s).encode("utf-8", "surrogatepass")
    by_key: dict[bytes, int] = {}
    for key, c in zip(keys, counts):
        by_key[key] = by_key.get(key, 0) + c
    often = {key for key, length in zip(keys, lengths) if length <= 100 and by_key[key] >= rep_min}
    reps = [False] * len(low)
    if not often:
        return reps
    which = [k for k, key in enumerate(keys) if key in often]
    got = Counter()
    norm = {k: _DIGITS.sub("0", low[k]) for k in which}
    for k in which:
        got[norm[k]] += counts[k]
    for k in which:
        reps[k] = lengths[k] <= 100 and got[norm[k]] >= rep_min
    return reps


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
        labels = dec.decode(dec.scores(fac.parts()))
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
