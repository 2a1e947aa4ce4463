"""Train the reference tagger (a linear-chain CRF) from labelled references.

Sources: AnyStyle-format XML (each <sequence> a reference, each child a labelled
span) and litgraph gold files (the JSON of `litgraph refs`, hand-checked),
whose field values are aligned back onto tokens. A share of the sequences get
their journal (or a book's title) marked italic, as markdown and PDF-to-text
tools keep it, so the tagger learns what emphasis means without needing
italic training data.

A share of the AnyStyle references (render.held_out_key, 15 %) is kept out of
training so bench/refs.py --styles can measure on it; the rest of its articles
are also re-rendered in physics, chemistry, CS, humanities, all-caps, CJK and
Cyrillic styles (render.py), `--styles-per-record` styles each.

    python -m litgraph.refparse.train --xml DATA/core-train.xml --xml DATA/good-train.xml \
        --gold tests/data/gold --out litgraph/models/refs.crfsuite
"""
from __future__ import annotations

import argparse
import json
import random
import re
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

from .features import sequence_features
from .tokens import split_word, tokenize

# AnyStyle labels folded into the ones litgraph uses.
LABEL_MAP = {
    "journal": "container",
    "container-title": "container",
    "collection-title": "collection",
    "translator": "editor",
    "director": "author",
    "producer": "author",
    "medium": "note",
    "source": "note",
    "dataset": "note",
}

Sequence = tuple[list[str], list[str], list[bool]]


def load_xml(path: str | Path, keep_held_out: bool = True) -> list[Sequence]:
    """AnyStyle XML: spans in order, original punctuation kept inside them."""
    return [s for s, held in load_xml_flagged(path) if keep_held_out or not held]


def load_xml_flagged(path: str | Path) -> list[tuple[Sequence, bool]]:
    """Each sequence of an AnyStyle XML file and whether it is in the held-out share."""
    seqs: list[tuple[Sequence, bool]] = []
    for seq in ET.parse(path).getroot().iter("sequence"):
        words: list[str] = []
        labels: list[str] = []
        for el in seq:
            label = LABEL_MAP.get(el.tag, el.tag)
            for w in (el.text or "").split():
                for sub in split_word(w):
                    words.append(sub)
                    labels.append(label)
        if words:
            seqs.append(((words, labels, [False] * len(words)), _is_held_out(seq)))
    return seqs


def _is_held_out(seq) -> bool:
    """The same key as evaluate's gold: the tidied title, else the text."""
    from .fields import _tidy_title
    from .render import held_out_key

    title = " ".join(" ".join((el.text or "").split()) for el in seq if el.tag == "title")
    raw = " ".join(w for el in seq for w in (el.text or "").split())
    return held_out_key(_tidy_title(title) or raw)


def load_gold(path: str | Path) -> list[Sequence]:
    """A gold JSON file of references, aligned onto the tokens of each `raw`."""
    return [s for s in (align(obj) for obj in json.loads(Path(path).read_text("utf-8"))) if s]


def align(ref: dict) -> Sequence | None:
    """Label the tokens of `ref['raw']` from its field values."""
    toks = tokenize(ref["raw"])
    text = toks.text
    n = len(toks.words)
    labels: list[str | None] = [None] * n

    def mark(value: str | None, label: str, start: int = 0) -> int:
        if not value:
            return start
        # Field values are tidied (no trailing period, dashes joined), so match loosely.
        pattern = r"\s*".join(re.escape(ch) for ch in value.replace(" ", ""))
        m = re.compile(pattern, re.I).search(text, start)
        if not m:
            return start
        for i, (a, b) in enumerate(toks.spans):
            if a < m.end() and b > m.start() and labels[i] is None:
                labels[i] = label
        return m.end()

    pos = mark(ref.get("title"), "title")
    pos = mark(ref.get("container"), "container", pos)
    mark(ref.get("publisher"), "publisher", pos)
    mark(ref.get("pages"), "pages", pos)
    for i, w in enumerate(toks.words):
        if labels[i]:
            continue
        low = w.lower()
        if "doi.org/" in low or low.startswith(("doi:", "10.")):
            labels[i] = "doi"
        elif "://" in low or low.startswith("www."):
            labels[i] = "url"
        elif ref.get("year") and str(ref["year"]) in w and "date" not in labels[:i]:
            labels[i] = "date"
    # Volume and issue sit right after the container: '6,', '8(1),', '(Vol. 40,', 'Issue 3).'
    vol = ref.get("volume")
    if vol:
        for i, w in enumerate(toks.words):
            if labels[i] is None and re.search(r"(?<!\d)" + re.escape(vol) + r"(?!\d)", w):
                labels[i] = "volume"
                if i > 0 and labels[i - 1] is None and toks.words[i - 1].lower().strip("(") in ("vol.", "vol", "volume"):
                    labels[i - 1] = "volume"
                break
    iss = ref.get("issue")
    if iss:
        for i, w in enumerate(toks.words):
            if labels[i] is None and iss in w and i > 0 and labels[i - 1] in ("volume", None):
                if toks.words[i - 1].lower() in ("issue", "no.", "no", "(issue"):
                    labels[i - 1] = "volume"
                labels[i] = "volume"
                break
    # Everything before the first labelled field is the author list (or the number).
    first = next((i for i, lab in enumerate(labels) if lab), n)
    for i in range(first):
        labels[i] = "author" if ref.get("authors") else "note"
    if labels and toks.words and re.match(r"^[\[(]?\d{1,3}[.)\]]$", toks.words[0]) and ref.get("authors"):
        labels[0] = "citation-number"
    # 'In' before a book title belongs to the container; stray punctuation to its neighbour.
    for i, w in enumerate(toks.words):
        if labels[i] is None:
            if w.lower() in ("in", "in:") and i + 1 < n and labels[i + 1] == "container":
                labels[i] = "container"
            elif i > 0 and labels[i - 1] and not re.search(r"\w", w):
                labels[i] = labels[i - 1]
            else:
                labels[i] = "note"
    return toks.words, [lab or "note" for lab in labels], list(toks.italic)


def italicise(seqs: list[Sequence], share: float, seed: int = 13) -> list[Sequence]:
    """Mark the journal of articles, or the title of books, italic in a share of sequences."""
    rnd = random.Random(seed)
    out = []
    for words, labels, italic in seqs:
        if any(italic) or rnd.random() >= share:
            out.append((words, labels, italic))
            continue
        target = "container" if "container" in labels else "title" if "publisher" in labels else None
        flags = [lab == target for lab in labels] if target else list(italic)
        if target == "container" and rnd.random() < 0.5:
            # APA italicises the volume number too.
            flags = [f or (lab == "volume" and re.match(r"^\d", w) is not None)
                     for f, lab, w in zip(flags, labels, words)]
        out.append((words, labels, flags))
    return out


def train(seqs: list[Sequence], out: str | Path, c1: float = 0.05, c2: float = 0.01,
          iterations: int = 250) -> None:
    import pycrfsuite

    trainer = pycrfsuite.Trainer(verbose=False)
    for words, labels, italic in seqs:
        trainer.append(sequence_features(words, italic), labels)
    trainer.set_params({
        "c1": c1,
        "c2": c2,
        "max_iterations": iterations,
        "feature.possible_transitions": True,
    })
    trainer.train(str(out))


def split(seqs: list[Sequence], dev_share: float, seed: int = 7) -> tuple[list[Sequence], list[Sequence]]:
    shuffled = list(seqs)
    random.Random(seed).shuffle(shuffled)
    k = int(len(shuffled) * dev_share)
    return shuffled[k:], shuffled[:k]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--xml", action="append", default=[], help="AnyStyle-format XML (repeatable)")
    ap.add_argument("--gold", action="append", default=[], help="gold .refs.json file or folder (repeatable)")
    ap.add_argument("--out", required=True)
    ap.add_argument("--italic-share", type=float, default=0.3)
    ap.add_argument("--c1", type=float, default=0.05)
    ap.add_argument("--c2", type=float, default=0.01)
    ap.add_argument("--iterations", type=int, default=250)
    ap.add_argument("--styles-per-record", type=int, default=2,
                    help="re-rendered styles per AnyStyle article (render.py); 0 for none")
    ap.add_argument("--all", action="store_true", help="train on the held-out share too")
    args = ap.parse_args(argv)
    seqs: list[Sequence] = []
    for x in args.xml:
        seqs.extend(load_xml(x, keep_held_out=args.all))
    if args.styles_per_record:
        from .render import generate, records

        recs = [r for x in args.xml for r in records(x, None if args.all else False)]
        gen = generate(recs, per_record=args.styles_per_record)
        print(f"{len(gen)} references re-rendered in other styles", file=sys.stderr)
        seqs.extend((g.words, g.labels, [False] * len(g.words)) for g in gen)
    for g in args.gold:
        p = Path(g)
        for f in sorted(p.glob("*.refs.json")) if p.is_dir() else [p]:
            seqs.extend(load_gold(f))
    print(f"training on {len(seqs)} references", file=sys.stderr)
    train(italicise(seqs, args.italic_share), args.out, args.c1, args.c2, args.iterations)
    return 0


if __name__ == "__main__":
    sys.exit(main())
