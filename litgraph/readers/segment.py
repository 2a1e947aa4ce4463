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

import os
import re
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

MODEL_ENV = "LITGRAPH_SEGMENT_MODEL"
LABELS = ("B", "I", "H", "F", "X")
REASONS = {"H": "heading", "F": "page furniture (running head or page number)", "X": "not a reference"}

# Labels a list's entries carry: "[12]", "(12)", "12.", "12)", "12 " and bullets.
_LABEL = re.compile(r"^\s*(?:\[(\d{1,6})\]|\((\d{1,6})\)|(\d{1,6})(?:\.(?!\d)|\)|(?=\s|$)))")
_BULLET = re.compile(r"^\s*(?:[-•*–·▪◦‣]|\\-)(?=\s)")
_YEAR = re.compile(r"(?<![\d/.])(?:1[5-9]\d\d|20[0-4]\d)(?![\d/])")
_DOI = re.compile(r"\b10\.\d{4,9}/|doi\s*:|doi\.org", re.I)
_URL = re.compile(r"https?://|www\.", re.I)
_PAGES = re.compile(r"\d+\s*[-–—]\s*\d+")
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


def _strip_label(text: str) -> str:
    m = _LABEL.match(text) or _BULLET.match(text)
    return text[m.end():].lstrip() if m else text.lstrip()


def line_features(lines: list[str], repeated: set[str] | None = None) -> tuple[list[int], list[list[str]]]:
    """The non-blank lines' indices and their CRF features (one list of strings per line).

    `repeated`: lines (lower case, digits as "0") known to repeat in the file
    around these lines, such as a paper's running heads."""
    idx, feats, _ = _features(lines, repeated)
    return idx, feats


def _features(lines: list[str], repeated: set[str] | None) -> tuple[list[int], list[list[str]], list[bool]]:
    """Features, and which lines surely start an entry: in a numbered list, a
    line whose label is the list's kind and the next number of its count."""
    idx = [i for i, l in enumerate(lines) if l.strip()]
    n = len(idx)
    if not n:
        return idx, [], []
    stripped = [lines[i].strip() for i in idx]
    indents = [len(lines[i].expandtabs(4)) - len(lines[i].expandtabs(4).lstrip()) for i in idx]
    lengths = [len(s) for s in stripped]
    # The list's evidence: its usual margin, its usual width, how its entries open.
    margin = Counter(indents).most_common(1)[0][0]
    srt = sorted(lengths)
    width = max(srt[int(0.9 * (n - 1))], 20)
    bodies = [_strip_label(s) for s in stripped]
    starts = []
    for b in bodies:
        toks = b[:40].split(None, 2)[:2]
        starts.append(" ".join([_shape(t) for t in toks]))
    start_counts = Counter(starts)
    norm = [_DIGITS.sub("0", s.lower()) for s in stripped]
    repeats = Counter(norm)
    rep_min = max(3, n // 150)
    labelled = 0
    nums: list[int | None] = []
    label_kind: list[str] = []
    for s in stripped:
        m = _LABEL.match(s)
        if m and not (m.group(3) and s[m.end() - 1] not in ".)" and not s[m.end():].strip()):
            # (a bare "2" alone on a line is a page number or a DOI's tail, not a label;
            # "[2]" or "2." alone is a label whose entry follows on the next line)
            g = m.group(1) or m.group(2) or m.group(3)
            nums.append(int(g))
            label_kind.append("[" if m.group(1) else "(" if m.group(2) else s[m.end() - 1] if s[m.end() - 1] in ".)" else "sp")
            labelled += 1
        else:
            nums.append(None)
            label_kind.append("")
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

    base: list[list[str]] = []
    to_prev: list[list[str]] = []  # what the next line sees of this one
    to_next: list[list[str]] = []  # what the line before sees of this one
    for k in range(n):
        s = stripped[k]
        low = s.lower()
        body = bodies[k]
        f = list(list_feats)
        tp: list[str] = []
        tn: list[str] = []
        kind = label_kind[k]
        if kind:
            f.append("label=" + kind)
            f.append("labelmain=%d" % (kind == main_kind))
            f.append("seq=" + seq[k])
            f.append("labelonly=%d" % (body == ""))
            tp.append("labelonly=%d" % (body == ""))
            tn.append("label=" + kind)
            tn.append("seq=" + seq[k])
            after = body[:1]
            f.append("after=" + ("X" if after.isupper() else "x" if after.isalpha() else "0" if after.isdigit() else after or "_"))
        elif _BULLET.match(s):
            f.append("label=bullet")
            tn.append("label=bullet")
        toks = body[:60].split(None, 2)
        t0 = toks[0] if toks else ""
        t1 = toks[1] if len(toks) > 1 else ""
        sh0, sh1 = _shape(t0), _shape(t1)
        f.append("sh0=" + sh0)
        tn.append("sh0=" + sh0)
        f.append("sh01=%s|%s" % (sh0, sh1))
        share = start_counts[starts[k]] / n
        ss = "startshare=%s" % ("hi" if share > 0.25 else "mid" if share > 0.08 else "lo")
        f.append(ss)
        tn.append(ss)
        f.append("w0=" + t0.lower().strip(".,:;()[]")[:12] if t0 and t0[0].isalpha() and t0[0].islower() else "w0=_")
        if _DITTO.match(body):
            f.append("ditto")
            tn.append("ditto")
        if t0[:1].isupper() and len(t0) > 1 and t0[1:2].islower():
            if _INITIALS.match(t1):
                f.append("name_initials")  # Holm EA,  Waller TR.
                tn.append("name_initials")
            if t0.endswith(","):
                f.append("name_comma")
                tn.append("name_comma")
        if t0[1:2] == "." and _INITIALS_FIRST.match(t0):
            f.append("initials_first")
            tn.append("initials_first")
        ys = "years=%d" % min(len(_YEAR.findall(s)), 2)
        f.append(ys)
        tp.append(ys)
        if ("10." in s or "doi" in low) and _DOI.search(s):
            f.append("doi")
            tp.append("doi")
        if ("http" in low or "www." in low) and _URL.search(s):
            f.append("url")
            tp.append("url")
        if _PAGES.search(s):
            f.append("pages")
        end = s[-1]
        f.append("end=" + ("a" if end.isalpha() else "0" if end.isdigit() else end))
        if end == "-" and len(s) > 1 and s[-2].isalpha():
            f.append("hyph")
            tp.append("hyph")
        if low.endswith((" and", " &", " und", " et", ",")):
            f.append("end_join")
            tp.append("end_join")
        rel = lengths[k] / width
        f.append("len=%s" % ("tiny" if lengths[k] < 12 else "short" if rel < 0.6 else "mid" if rel < 0.9 else "full"))
        ind = indents[k] - margin
        ind = "ind=%s" % ("0" if ind == 0 else "+" if ind > 0 else "-")
        f.append(ind)
        tp.append(ind)
        tn.append(ind)
        bb = "bb=%d" % blank_before[k]
        f.append(bb)
        tn.append(bb)
        for flag, on in (
            # Running heads are short; a long line that repeats is an entry listed twice.
            # A running head repeats on every page (say every 150 lines at most); a
            # continuation such as "Retrieved from ..." may repeat a few times in a long list.
            ("rep", lengths[k] <= 100 and (repeats[norm[k]] >= rep_min or (repeated is not None and norm[k] in repeated))),
            ("pageno", lengths[k] < 24 and _PAGE_NO.match(s) is not None),
            ("heading", lengths[k] < 80 and _HEADING_WORDS.match(s) is not None),
            ("figure", _FIGURE.match(body) is not None or _FIGURE.match(s) is not None),
        ):
            if on:
                f.append(flag)
                tp.append(flag)
                tn.append(flag)
        if lengths[k] > 6 and s.isupper():
            f.append("caps")
        if s[0].islower():
            f.append("lower")
            tn.append("lower")
        base.append(f)
        to_prev.append(tp)
        to_next.append(tn)

    # Neighbours: the line before and after, in a few words each.
    feats: list[list[str]] = []
    for k in range(n):
        f = base[k]
        if k == 0:
            f.append("BOS")
        else:
            pe = stripped[k - 1][-1]
            pend = "a" if pe.isalpha() else "0" if pe.isdigit() else pe
            rel = lengths[k - 1] / width
            plen = "tiny" if lengths[k - 1] < 12 else "short" if rel < 0.6 else "mid" if rel < 0.9 else "full"
            f.append("p.end=" + pend)
            f.append("p.len=" + plen)
            f.append("pe_plen=%s|%s" % (pend, plen))
            f.append("pe_ind=%s|%s" % (pend, "0" if indents[k] == margin else "+" if indents[k] > margin else "-"))
            first = bodies[k][:30].split(None, 1)
            f.append("pe_sh0=%s|%s" % (pend, _shape(first[0]) if first else "_"))
            f.extend("p." + g for g in to_prev[k - 1])
        if k == n - 1:
            f.append("EOS")
        else:
            f.extend("n." + g for g in to_next[k + 1])
        feats.append(f)
    numbered = share_labelled > 0.3
    # (Past 5: a figure legend's "1. 2. 3." after the list, or the first
    # entries of a second list, are left to the model.)
    sure = [numbered and seq[k] == "next" and label_kind[k] == main_kind and nums[k] > 5
            and (len(bodies[k]) >= 25 or not bodies[k]) for k in range(n)]
    return idx, feats, sure


_INITIALS = re.compile(r"^[A-Z]{1,3}[.,]?$")
_INITIALS_FIRST = re.compile(r"^(?:[A-Z]\.[\s-]?){1,3}$|^(?:[A-Z]\.-?){1,3}[A-Z][a-z]")
_DIGITS = re.compile(r"\d+")


_tagger = None


def model_path() -> str:
    return os.environ.get(MODEL_ENV) or str(resources.files("litgraph") / "models" / "segment.crfsuite")


def _get_tagger():
    global _tagger
    if _tagger is None:
        import pycrfsuite

        t = pycrfsuite.Tagger()
        t.open(model_path())
        _tagger = t
    return _tagger


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
