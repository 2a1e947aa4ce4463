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

The model (models/segment.crfsuite) is trained on list layouts generated from
labelled references by `python -m litgraph.readers.segment_train`, and
measured on layouts of held-out references by bench/segment.py.

Everything here is linear in the number of lines: one pass for the list's
statistics, one for the features, one Viterbi pass.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache

from ..refparse import models

MODEL_ENV = "LITGRAPH_SEGMENT_MODEL"
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
    idx, feats, _ = _features(lines, repeated)
    return idx, feats


def _features(lines: list[str], repeated: set[str] | None) -> tuple[list[int], list[list[str]], list[bool]]:
    """Features, and which lines surely start an entry: in a numbered list, a
    line whose label is the list's kind and the next number of its count."""
    # (One pass per list for what every line needs, each line's label matched once:
    # this runs over lists of 200,000 lines.)
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
        return idx, [], []
    lengths = [len(s) for s in stripped]
    # The list's evidence: its usual margin, its usual width, how its entries open.
    margin = Counter(indents).most_common(1)[0][0]
    srt = sorted(lengths)
    width = max(srt[int(0.9 * (n - 1))], 20)
    bodies: list[str] = []
    nums: list[int | None] = []
    label_kind: list[str] = []
    labelled = 0
    label_m, bullet_m = _LABEL.match, _BULLET.match
    for s in stripped:
        m = label_m(s)
        if m:
            bodies.append(s[m.end():].lstrip())
            if not (m.group(3) and s[m.end() - 1] not in ".)" and not s[m.end():].strip()):
                # (a bare "2" alone on a line is a page number or a DOI's tail, not a label;
                # "[2]" or "2." alone is a label whose entry follows on the next line)
                g = m.group(1) or m.group(2) or m.group(3)
                nums.append(int(g))
                label_kind.append("[" if m.group(1) else "(" if m.group(2) else s[m.end() - 1] if s[m.end() - 1] in ".)" else "sp")
                labelled += 1
                continue
        else:
            b = bullet_m(s)
            bodies.append(s[b.end():].lstrip() if b else s)
        nums.append(None)
        label_kind.append("")
    starts = []
    for b in bodies:
        toks = b[:40].split(None, 2)[:2]
        starts.append(" ".join([_shape(t) for t in toks]))
    start_counts = Counter(starts)
    norm = [_DIGITS.sub("0", s.lower()) for s in stripped]
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
    list_feats = [
        "indend=%s" % ("none" if not ind_after_end else "hi" if ind_end > 0.7 else "mid" if ind_end > 0.4 else "lo"),
        "capsopen=%s" % ("hi" if caps_open > 0.5 else "mid" if caps_open > 0.2 else "lo"),
        "ends=%s" % ("hi" if ends > 0.85 else "mid" if ends > 0.6 else "lo"),
        "full=%s" % ("hi" if full > 0.4 else "mid" if full > 0.2 else "lo"),
        "lab=%s" % ("many" if share_labelled > 0.3 else "some" if share_labelled > 0.05 else "none"),
        "blanks=%s" % ("many" if blanks > 0.3 * n else "some" if blanks else "none"),
        "hang=%d" % (sum(1 for x in indents if x > margin) > 0.15 * n),
    ]

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

    # (This loop runs once per line of lists of 100,000 lines: names bound
    # locally, what a neighbour sees kept with its "p."/"n." prefix already on.)
    feats: list[list[str]] = []
    to_prev: list[list[str]] = []  # what the next line sees of this one, as "p.<feature>"
    to_next: list[list[str]] = []  # what the line before sees of this one, as "n.<feature>"
    ends_cls: list[str] = []
    len_cls: list[str] = []
    ind_cls: list[str] = []
    shape, ditto_m, bullet_m = _shape, _DITTO.match, _BULLET.match
    initials_m, initials_first_m = _INITIALS.match, _INITIALS_FIRST.match
    year_all, doi_s, url_s, pages_s = _YEAR.findall, _DOI.search, _URL.search, _PAGES.search
    page_no_m, heading_m, figure_m = _PAGE_NO.match, _HEADING_WORDS.match, _FIGURE.match
    in_repeated = repeated.__contains__ if repeated is not None else None
    for k in range(n):
        s = stripped[k]
        low = s.lower()
        body = bodies[k]
        length = lengths[k]
        f = list(list_feats)
        fa = f.append
        tp: list[str] = []
        tn: list[str] = []
        kind = label_kind[k]
        if kind:
            lo = _LABELONLY[body == ""]
            sq = "seq=" + seq[k]
            fa("label=" + kind)
            fa(_LABELMAIN[kind == main_kind])
            fa(sq)
            fa(lo)
            tp.append("p." + lo)
            tn.append("n.label=" + kind)
            tn.append("n." + sq)
            after = body[:1]
            fa("after=" + ("X" if after.isupper() else "x" if after.isalpha() else "0" if after.isdigit() else after or "_"))
        elif bullet_m(s):
            fa("label=bullet")
            tn.append("n.label=bullet")
        toks = body[:60].split(None, 2)
        t0 = toks[0] if toks else ""
        t1 = toks[1] if len(toks) > 1 else ""
        sh0, sh1 = shape(t0), shape(t1)
        fa("sh0=" + sh0)
        tn.append("n.sh0=" + sh0)
        fa("sh01=" + sh0 + "|" + sh1)
        share = start_counts[starts[k]] / n
        ss = "startshare=" + ("hi" if share > 0.25 else "mid" if share > 0.08 else "lo")
        fa(ss)
        tn.append("n." + ss)
        fa("w0=" + t0.lower().strip(".,:;()[]")[:12] if t0 and t0[0].isalpha() and t0[0].islower() else "w0=_")
        if ditto_m(body):
            fa("ditto")
            tn.append("n.ditto")
        if t0[:1].isupper() and len(t0) > 1 and t0[1:2].islower():
            if initials_m(t1):
                fa("name_initials")  # Holm EA,  Waller TR.
                tn.append("n.name_initials")
            if t0.endswith(","):
                fa("name_comma")
                tn.append("n.name_comma")
        if t0[1:2] == "." and initials_first_m(t0):
            fa("initials_first")
            tn.append("n.initials_first")
        ys = _YEARS_FEAT[min(len(year_all(s)), 2)]
        fa(ys)
        tp.append("p." + ys)
        if ("10." in s or "doi" in low) and doi_s(s):
            fa("doi")
            tp.append("p.doi")
        if ("http" in low or "www." in low) and url_s(s):
            fa("url")
            tp.append("p.url")
        if pages_s(s):
            fa("pages")
        end = s[-1]
        ec = "a" if end.isalpha() else "0" if end.isdigit() else end
        ends_cls.append(ec)
        fa("end=" + ec)
        if end == "-" and len(s) > 1 and s[-2].isalpha():
            fa("hyph")
            tp.append("p.hyph")
        if low.endswith((" and", " &", " und", " et", ",")):
            fa("end_join")
            tp.append("p.end_join")
        rel = length / width
        lc = "tiny" if length < 12 else "short" if rel < 0.6 else "mid" if rel < 0.9 else "full"
        len_cls.append(lc)
        fa("len=" + lc)
        ind = indents[k] - margin
        ic = "0" if ind == 0 else "+" if ind > 0 else "-"
        ind_cls.append(ic)
        ind = "ind=" + ic
        fa(ind)
        tp.append("p." + ind)
        tn.append("n." + ind)
        bb = _BB[blank_before[k]]
        fa(bb)
        tn.append("n." + bb)
        # Running heads are short; a long line that repeats is an entry listed twice.
        # A running head repeats on every page (say every 150 lines at most); a
        # continuation such as "Retrieved from ..." may repeat a few times in a long list.
        if length <= 100 and (repeats[norm[k]] >= rep_min or (in_repeated is not None and in_repeated(norm[k]))):
            fa("rep")
            tp.append("p.rep")
            tn.append("n.rep")
        if length < 24 and page_no_m(s) is not None:
            fa("pageno")
            tp.append("p.pageno")
            tn.append("n.pageno")
        if length < 80 and heading_m(s) is not None:
            fa("heading")
            tp.append("p.heading")
            tn.append("n.heading")
        if figure_m(body) is not None or figure_m(s) is not None:
            fa("figure")
            tp.append("p.figure")
            tn.append("n.figure")
        if length > 6 and s.isupper():
            fa("caps")
        if s[0].islower():
            fa("lower")
            tn.append("n.lower")
        feats.append(f)
        to_prev.append(tp)
        to_next.append(tn)

    # Neighbours: the line before and after, in a few words each.
    for k in range(n):
        f = feats[k]
        if k == 0:
            f.append("BOS")
        else:
            pend = ends_cls[k - 1]
            plen = len_cls[k - 1]
            first = bodies[k][:1]
            f.extend(("p.end=" + pend, "p.len=" + plen, "pe_plen=" + pend + "|" + plen,
                      "pe_ind=" + pend + "|" + ind_cls[k],
                      # ("_" for a label alone on its line)
                      "pe_sh0=" + pend + "|" + (shape(bodies[k][:30].split(None, 1)[0]) if first else "_")))
            f.extend(to_prev[k - 1])
        if k == n - 1:
            f.append("EOS")
        else:
            f.extend(to_next[k + 1])
    numbered = share_labelled > 0.3
    # (Past 5: a figure legend's "1. 2. 3." after the list, or the first
    # entries of a second list, are left to the model.)
    sure = [numbered and seq[k] == "next" and label_kind[k] == main_kind and nums[k] > 5
            and (len(bodies[k]) >= 25 or not bodies[k]) for k in range(n)]
    return idx, feats, sure


_YEARS_FEAT = ("years=0", "years=1", "years=2")
_LABELONLY = ("labelonly=0", "labelonly=1")
_LABELMAIN = ("labelmain=0", "labelmain=1")
_BB = ("bb=0", "bb=1")
_INITIALS = re.compile(r"^[A-Z]{1,3}[.,]?$")
_INITIALS_FIRST = re.compile(r"^(?:[A-Z]\.[\s-]?){1,3}$|^(?:[A-Z]\.-?){1,3}[A-Z][a-z]")
_DIGITS = re.compile(r"\d+")


def model_path() -> str:
    return models.model_path("segment.crfsuite", MODEL_ENV)


def _get_tagger():
    return models.tagger(model_path())


def tag_lines(lines: list[str], repeated: set[str] | None = None) -> tuple[list[int], list[str]]:
    """The non-blank lines' indices and each one's label."""
    idx, feats, sure = _features(lines, repeated)
    tagger = _get_tagger()
    labels = tagger.tag(feats) if feats else []
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
