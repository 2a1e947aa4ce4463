"""Reference-list layouts generated from labelled references, and training the segmenter on them.

Labelled references (AnyStyle XML: one <sequence> per reference) are laid out
as real lists are printed: one per line; numbered "1.", "[1]", "(1)", "1)",
"1 " or with the label alone on its own line; bulleted; wrapped at several
widths with hanging indents or flush left; with blank lines between entries or
not; as PDF text with hyphenated breaks, running heads and page numbers; with
ditto dashes for a repeated author; in one style or mixed; two lists in one
file; a figure legend or prose after the list. Every line gets its gold label
(see segment.LABELS), so the same layouts train the model and measure it.

A fixed fifth of the references (by a hash of the text) is held out of
training; bench/segment.py measures on layouts made from them.

The two models (see readers/segment.py: one for lists without indents, one for
indented lists), each from the same labelled files (DATA: ../shared/datasets/anystyle):

    python -m litgraph.readers.segment_train --xml DATA/core-train.xml --xml DATA/good-train.xml \
        --out litgraph/models/segment.crfsuite
    python -m litgraph.readers.segment_train --xml DATA/core-train.xml --xml DATA/good-train.xml --indent \
        --out litgraph/models/segment-indent.crfsuite

The second generates 6,000 layouts with a share of typeset pages (--typeset-share,
default 0.3 with --indent) and keeps only the lists the segmenter calls indented
(about half), those it will read; it writes the shipped segment-indent.crfsuite
byte for byte (python-crfsuite 0.9.x, about a minute of CPU). The first no
longer writes the shipped segment.crfsuite byte for byte (features and generator
have changed a little since it was trained); the shipped one is kept, so that
lists without indents read as they did.
"""
from __future__ import annotations

import argparse
import random
import re
import xml.etree.ElementTree as ET
import zlib
from dataclasses import dataclass
from pathlib import Path

from .segment import _features, line_features


@dataclass(frozen=True, slots=True)
class Ref:
    text: str  # the reference as one line, without its citation number
    author: str  # the leading author span ("" when the reference does not open with one)


def load_xml(path: str | Path) -> list[Ref]:
    refs = []
    for seq in ET.parse(path).getroot().iter("sequence"):
        parts = [(el.tag, " ".join((el.text or "").split())) for el in seq if el.tag != "citation-number"]
        parts = [(t, s) for t, s in parts if s]
        if not parts:
            continue
        text = " ".join(s for _, s in parts)
        author = parts[0][1] if parts[0][0] in ("author", "editor") else ""
        refs.append(Ref(text, author))
    return refs


def held_out(ref: Ref) -> bool:
    """A fixed fifth of the references, never trained on."""
    return zlib.crc32(ref.text.encode("utf-8")) % 5 == 0


def split(refs: list[Ref]) -> tuple[list[Ref], list[Ref]]:
    return [r for r in refs if not held_out(r)], [r for r in refs if held_out(r)]


def style_key(ref: Ref) -> str:
    """A coarse style: how the reference opens and where its year stands."""
    toks = ref.text.split()[:2]
    shape = " ".join(re.sub(r"[a-zà-ÿ]+", "x", re.sub(r"[A-ZÀ-Þ]+", "X", t))[:4] for t in toks)
    paren = bool(re.search(r"\((?:1[5-9]|20)\d\d[a-z]?\)", ref.text[:len(ref.author) + 12]))
    return f"{shape}|{paren}"


# ----------------------------------------------------------------------------------------------
# Layouts

LAYOUTS = (
    "one-per-line", "one-per-line-blank", "heading-one-per-line", "mixed-styles",
    "numbered-dot", "numbered-bracket", "numbered-paren", "numbered-rparen", "numbered-space",
    "numbered-past-9999", "label-own-line", "bulleted",
    "hanging-indent", "flush-left", "flush-left-blank", "first-line-indent",
    "pdf-hanging", "pdf-flush-left", "pdf-numbered", "ditto-dashes",
    "two-lists", "legend-after", "caps-authors", "typeset-hanging", "typeset-numbered",
)

_HEADINGS = ("References", "REFERENCES", "Bibliography", "## References", "Literature Cited", "Works Cited",
             "References:", "**References**", "7. References", "REFERENCES AND NOTES", "Daftar Pustaka")
_SECOND = ("Further reading", "Notes", "Supplementary references", "References for the appendix",
           "Additional references", "SOURCES", "Appendix references")
_LABELS = {
    "dot": "{n}.", "bracket": "[{n}]", "paren": "({n})", "rparen": "{n})", "space": "{n}",
}
_DITTO = ("———.", "——.", "---.", "--.", "———,", "_____.", "——— .", "–––.")


@dataclass
class Spec:
    """One layout's knobs."""

    label: str | None = None  # key of _LABELS, "own" for labels on their own line, "bullet"
    start: int = 1
    pad: bool = False  # right-align numbers
    width: int | None = None  # wrap at this width (None: one entry per line)
    hang: int = 0  # indent of continuation lines
    first_indent: int = 0
    blank: bool = False  # blank line between entries
    pdf: bool = False  # hyphenated breaks, running heads, page numbers, trailing spaces
    ditto: bool = False
    heading: str | None = None
    second: bool = False  # a second list with its own heading
    legend: bool = False  # a figure legend or prose after the list
    mixed: bool = False
    caps: bool = False  # authors in capitals, as Web of Science and some styles print them
    own: str = "[{n}]"  # the label alone on its line
    typeset: bool = False  # as readers/pdf.py gives a typeset page: furniture gone, a blank line at a page break


def spec_for(layout: str, rng: random.Random) -> Spec:
    w = rng.choice((55, 65, 75, 90, 105))
    s = Spec()
    if layout == "one-per-line-blank":
        s.blank = True
    elif layout == "heading-one-per-line":
        s.heading = rng.choice(_HEADINGS)
    elif layout == "mixed-styles":
        s.mixed = True
    elif layout.startswith("numbered-") and layout[9:] in _LABELS:
        s.label = layout[9:]
        s.pad = rng.random() < 0.3
        if rng.random() < 0.5:
            s.width, s.hang = w, rng.choice((0, 3, 4))
    elif layout == "numbered-past-9999":
        s.label, s.start = rng.choice(list(_LABELS)), rng.randint(9960, 9995)
    elif layout == "label-own-line":
        s.label, s.width, s.hang = "own", w, rng.choice((0, 0, 2))
        s.own = rng.choice(("[{n}]", "{n}.", "({n})", "{n}"))
        s.pdf = rng.random() < 0.5
    elif layout == "bulleted":
        s.label = "bullet"
    elif layout == "hanging-indent":
        s.width, s.hang = w, rng.choice((2, 4, 5, 8))
    elif layout == "flush-left":
        s.width = w
    elif layout == "flush-left-blank":
        s.width, s.blank = w, True
    elif layout == "first-line-indent":
        s.width, s.first_indent = w, rng.choice((2, 4))
    elif layout == "pdf-hanging":
        s.width, s.hang, s.pdf = w, rng.choice((2, 4)), True
    elif layout == "pdf-flush-left":
        s.width, s.pdf = w, True
    elif layout == "pdf-numbered":
        s.label, s.width, s.hang, s.pdf = rng.choice(("dot", "bracket")), w, rng.choice((0, 4)), True
    elif layout == "ditto-dashes":
        s.ditto, s.width, s.hang = True, rng.choice((None, w)), 4
    elif layout == "two-lists":
        s.label, s.heading, s.second = rng.choice(("dot", "bracket", "space")), rng.choice(_HEADINGS), True
        if rng.random() < 0.5:
            s.width, s.hang = w, rng.choice((0, 4))
    elif layout == "caps-authors":
        s.caps = True
        s.label = rng.choice((None, None, "dot"))
        if rng.random() < 0.3:
            s.width, s.hang = w, 3
    elif layout == "typeset-hanging":
        # An author-year list as readers/pdf.py lays out a typeset page: continuation lines set
        # in by the hanging indent (two spaces an em), words broken by hyphenation, long URLs.
        s.typeset, s.pdf, s.width, s.hang = True, True, rng.choice((50, 58, 66, 85, 100, 115)), rng.choice((2, 3, 3, 4))
        s.heading = rng.choice(_HEADINGS) if rng.random() < 0.5 else None
        # Entries that open in many ways (corporate authors, given names first, a title):
        # where the indent, not the opening, tells an entry's first line.
        s.mixed = rng.random() < 0.5
        s.legend = rng.random() < 0.4
    elif layout == "typeset-numbered":
        # "[12]" or "12." at the margin, the rest of the entry aligned after the label.
        s.typeset, s.pdf, s.width = True, True, rng.choice((50, 58, 66, 85, 100, 115))
        s.label = rng.choice(("bracket", "bracket", "dot"))
        s.hang = rng.choice((3, 4, 5, 6))
        s.heading = rng.choice(_HEADINGS) if rng.random() < 0.5 else None
        s.legend = rng.random() < 0.4
    elif layout == "legend-after":
        s.label, s.legend = rng.choice(("dot", "bracket", None)), True
        if rng.random() < 0.5:
            s.width, s.hang = w, rng.choice((0, 4))
    return s


# The typeset layouts are measured (bench/segment.py) but not trained on by the model for
# lists without indents: one model trained with a fifth of its lists typeset split PDF lists
# better (bench/pdf_refs.py, 0.976 -> 0.989) and real one-per-line lists worse (bench/segment.py
# --real: Scopus 0.995 -> 0.95, Web of Science 0.971 -> 0.95). The model for indented lists
# (--indent) trains with them (--typeset-share 0.3), and one-per-line lists never meet it.
_TYPESET = ("typeset-hanging", "typeset-numbered")
TRAIN_LAYOUTS = tuple(l for l in LAYOUTS if l not in _TYPESET)


def random_spec(rng: random.Random, typeset_share: float = 0.0) -> Spec:
    """A layout of mixed knobs, for training: the named layouts and their combinations,
    and the typeset ones for `typeset_share` of the lists."""
    typeset = typeset_share > 0 and rng.random() < typeset_share
    s = spec_for(rng.choice(_TYPESET) if typeset else rng.choice(TRAIN_LAYOUTS), rng)
    if rng.random() < 0.3:
        s.heading = s.heading or rng.choice(_HEADINGS)
    if rng.random() < 0.15:
        s.blank = not s.blank
    if rng.random() < 0.15 and not s.typeset:
        s.pdf = True
        s.width = s.width or rng.choice((60, 80, 100))
    if rng.random() < 0.1:
        s.legend = True
    if rng.random() < 0.15 and s.label is None:
        s.ditto = True
    return s


class Doc:
    def __init__(self) -> None:
        self.lines: list[str] = []
        self.labels: list[str] = []  # "" for blank lines

    def add(self, line: str, label: str) -> None:
        self.lines.append(line)
        self.labels.append(label if line.strip() else "")


def _wrap(text: str, width: int, first: str, indent: int, first_indent: int, hyph: bool, rng) -> list[str]:
    words = text.split()
    lines: list[str] = []
    cur = " " * first_indent + first
    cont = " " * indent
    started = bool(first)
    for w in words:
        room = width - len(cur) - (1 if started else 0)
        if len(w) <= room or not started:
            cur = cur + (" " if started else "") + w
            started = True
            continue
        dash = re.match(r"^(\(?\d+\)?[,:]?\s*\d*[–-])(\d+.*)$", w)
        if dash and len(dash.group(1)) <= room and rng.random() < 0.5:
            # "23–" at the end of one line, "32." at the start of the next, as PDFs break page ranges.
            lines.append(cur + " " + dash.group(1))
            cur = cont + dash.group(2)
            continue
        if hyph and len(w) >= 8 and room >= 5 and w.isalpha() and rng.random() < 0.5:
            cut = rng.randint(3, min(room - 1, len(w) - 3))
            lines.append(cur + " " + w[:cut] + "-")
            cur = cont + w[cut:]
            continue
        lines.append(cur)
        cur = cont + w
    lines.append(cur)
    return lines


def _header(rng) -> str:
    return rng.choice((
        "Journal of Applied Studies {v} ({y}) {a}–{b}", "{A} ET AL.", "{A} and {B}",
        "Downloaded from https://academic.example.org by guest on {d} March {y}",
        "REFERENCES", "Vol. {v}, No. {i}", "Int. J. Res. {v}:{a}–{b}", "© {y} The Authors",
    )).format(v=rng.randint(1, 80), y=rng.randint(1995, 2024), a=rng.randint(1, 400), b=rng.randint(401, 900),
              A=rng.choice(("SMITH", "NAKAMURA", "OKAFOR", "MÜLLER")), B=rng.choice(("Lee", "Costa", "Ivanova")),
              d=rng.randint(1, 28), i=rng.randint(1, 6))


def _legend(doc: Doc, rng, titles: list[str]) -> None:
    doc.add("", "")
    if rng.random() < 0.6:
        doc.add(f"Figure {rng.randint(1, 9)}. {titles[0]}", "X")
        for k in range(1, rng.randint(3, 6)):
            doc.add(f"{k}. {' '.join(titles[k % len(titles)].split()[:rng.randint(2, 7)])}", "X")
    else:
        words = " ".join(titles).split()
        prose = " ".join(words[:rng.randint(30, 120)])
        for line in _wrap(prose[:1].upper() + prose[1:] + ".", rng.choice((70, 90)), "", 0, 0, False, rng):
            doc.add(line, "X")


def _entries(doc: Doc, refs: list[Ref], s: Spec, rng, start: int) -> None:
    width = len(str(start + len(refs)))
    prev_author = None
    for k, ref in enumerate(refs):
        n = start + k
        text = ref.text
        if s.ditto and ref.author and text.startswith(ref.author) and (ref.author == prev_author or rng.random() < 0.25):
            text = rng.choice(_DITTO) + text[len(ref.author):]
        prev_author = ref.author
        if s.caps and ref.author and text.startswith(ref.author):
            text = ref.author.upper() + text[len(ref.author):]
        first = ""
        if s.label in _LABELS:
            first = _LABELS[s.label].format(n=n)
            if s.pad:
                first = first.rjust(width + len(first) - len(str(n)))
            first += " "
        elif s.label == "bullet":
            first = rng.choice(("- ", "• ")) if k == 0 or not doc.lines else (doc.lines[-1].lstrip()[:2] if doc.lines[-1].lstrip()[:1] in "-•" else "- ")
        if s.label == "own":
            doc.add(s.own.format(n=n), "B")
            body = _wrap(text, s.width, "", s.hang, 0, s.pdf, rng) if s.width else [text]
            for line in body:
                doc.add(line, "I")
        elif s.width:
            body = _wrap(text, s.width, first, s.hang, s.first_indent, s.pdf, rng)
            for j, line in enumerate(body):
                doc.add(line, "B" if j == 0 else "I")
        else:
            doc.add(first + text, "B")
        if s.blank:
            doc.add("", "")


def _paginate(doc: Doc, rng, typeset: bool = False) -> Doc:
    """PDF text: running heads and page numbers every page, trailing spaces."""
    out = Doc()
    page = rng.randint(30, 55)
    header = _header(rng)
    pno = rng.randint(2, 400)
    style = rng.choice(("both", "number", "header"))
    if typeset:
        # readers/pdf.py takes the furniture away and leaves a blank line at a page's end;
        # now and then a head or number it could not tell stays.
        style = "blank" if rng.random() < 0.8 else rng.choice(("number", "header"))
        page = rng.randint(45, 110)
    for k, (line, lab) in enumerate(zip(doc.lines, doc.labels)):
        if style == "blank" and k and k % page == 0:
            out.add("", "")
        elif k and k % page == 0:
            if style in ("both", "number"):
                out.add(str(pno), "F")
            pno += 1
            if rng.random() < 0.5:
                out.add("", "")
            if style in ("both", "header"):
                out.add(header, "F")
        out.add(line + (" " if line and rng.random() < 0.3 else ""), lab)
    if style != "blank" and rng.random() < 0.5:
        # The foot of the last page.
        if rng.random() < 0.5:
            out.add("", "")
        out.add(str(pno) if style != "header" else header, "F")
    return out


def generate(refs: list[Ref], s: Spec, rng: random.Random, n: int) -> Doc:
    """One list file of about n entries laid out per `s`."""
    by_style: dict[str, list[Ref]] = {}
    for r in refs:
        by_style.setdefault(style_key(r), []).append(r)
    return _generate(refs, by_style, s, rng, n)


def _pick(refs, by_style, s: Spec, rng, n: int) -> list[Ref]:
    if s.mixed or rng.random() < 0.25:
        chosen = rng.sample(refs, min(n, len(refs)))
    else:
        big = [v for v in by_style.values() if len(v) >= 15]
        group = rng.choice(big) if big else refs
        chosen = rng.sample(group, min(n, len(group)))
    if s.label is None and rng.random() < 0.6:
        chosen.sort(key=lambda r: r.text.lower())
    if s.ditto:
        chosen.sort(key=lambda r: r.text.lower())
    return chosen


def _generate(refs, by_style, s: Spec, rng, n: int) -> Doc:
    doc = Doc()
    if s.heading:
        doc.add(s.heading, "H")
        if rng.random() < 0.6:
            doc.add("", "")
    chosen = _pick(refs, by_style, s, rng, n)
    _entries(doc, chosen, s, rng, s.start)
    if s.second:
        doc.add("", "")
        doc.add(rng.choice(_SECOND), "H")
        doc.add("", "")
        more = _pick(refs, by_style, s, rng, max(3, n // 3))
        _entries(doc, more, s, rng, 1)
    if s.legend:
        _legend(doc, rng, [r.text.split(". ")[min(1, len(r.text.split(". ")) - 1)] for r in rng.sample(refs, 6)])
    return _paginate(doc, rng, s.typeset) if s.pdf else doc


def gold_entries(doc: Doc) -> list[tuple[int, int]]:
    """(first, last) line of each gold entry."""
    spans: list[list[int]] = []
    for i, lab in enumerate(doc.labels):
        if lab == "B":
            spans.append([i, i])
        elif lab == "I" and spans:
            spans[-1][1] = i
        elif lab in ("H", "X"):
            pass
    return [(a, b) for a, b in spans]


def corpus(refs: list[Ref], docs: int, seed: int, typeset_share: float = 0.0) -> list[tuple[Doc, Spec]]:
    rng = random.Random(seed)
    by_style: dict[str, list[Ref]] = {}
    for r in refs:
        by_style.setdefault(style_key(r), []).append(r)
    out = []
    for _ in range(docs):
        s = random_spec(rng, typeset_share)
        n = rng.choice((3, 5, 8, 12, 20, 30, 45, 70))
        out.append((_generate(refs, by_style, s, rng, n), s))
    return out


def train(xml: list[str], out: str, docs: int, seed: int, iterations: int, typeset_share: float = 0.0,
          indent: bool = False) -> None:
    """Train the model for lists without indents (on every layout, as it always
    was), or with `indent` the model for indented lists (on the indented ones)."""
    import pycrfsuite

    refs = [r for p in xml for r in load_xml(p)]
    tr, ho = split(refs)
    print(f"{len(refs)} references: {len(tr)} for training, {len(ho)} held out")
    trainer = pycrfsuite.Trainer(verbose=False)
    items = kept = 0
    for doc, _ in corpus(tr, docs, seed, typeset_share):
        if indent:
            idx, feats, _, is_indented = _features(doc.lines, None)
            if not is_indented:
                continue
        else:
            idx, feats = line_features(doc.lines)
        labels = [doc.labels[i] for i in idx]
        items += len(labels)
        kept += 1
        trainer.append(feats, labels)
    print(f"{kept} of {docs} layouts{' (the indented ones)' if indent else ''}, {items} lines")
    trainer.set_params({"c1": 0.05, "c2": 0.01, "max_iterations": iterations,
                        "feature.possible_transitions": True})
    trainer.train(out)
    print(f"wrote {out} ({Path(out).stat().st_size:,} bytes)")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--xml", action="append", required=True)
    ap.add_argument("--out", default=str(Path(__file__).resolve().parent.parent / "models" / "segment.crfsuite"))
    ap.add_argument("--docs", type=int, default=None,
                    help="layouts to generate (default 3000, or 6000 with --indent: about half are indented)")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--iterations", type=int, default=150)
    ap.add_argument("--typeset-share", type=float, default=None,
                    help="share of layouts as readers/pdf.py gives a typeset PDF's list (see TRAIN_LAYOUTS; "
                         "default 0, or 0.3 with --indent)")
    ap.add_argument("--indent", action="store_true",
                    help="train the model for indented lists (models/segment-indent.crfsuite) on the indented layouts")
    args = ap.parse_args()
    share = args.typeset_share if args.typeset_share is not None else (0.3 if args.indent else 0.0)
    out = args.out
    if args.indent and out == ap.get_default("out"):
        out = str(Path(out).with_name("segment-indent.crfsuite"))
    docs = args.docs or (6000 if args.indent else 3000)
    train(args.xml, out, docs, args.seed, args.iterations, share, args.indent)


if __name__ == "__main__":
    main()
