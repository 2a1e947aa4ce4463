"""Segmentation benchmark: are the entries of a list found and split right, per layout?

    python bench/segment.py [--xml FILE]... [--docs N] [--entries N]
    python bench/segment.py --growth        # time against size: 1 MB line, 100k entries, 20k numbered

Lists are laid out (litgraph.readers.segment_train: numbered, hanging, flush
left, PDF text with running heads, labels on their own lines, two lists, a
legend after ...) from the fifth of the AnyStyle references the segmenter was
not trained on. For each layout: entries found / true, and the share of true
entries split right (an entry whose text, labels and spaces aside, is exactly
one found entry). The whole path is measured: `reflist.split_entries` on the
file's text, as `litgraph refs` runs it.
"""
from __future__ import annotations

import argparse
import random
import re
import sys
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from litgraph.readers import segment_train as st  # noqa: E402
from litgraph.readers.reflist import split_entries  # noqa: E402

DATA = Path(__file__).resolve().parent.parent.parent / "shared" / "datasets" / "anystyle"
_LABEL = re.compile(r"^\s*(?:\[\d+\]|\(\d+\)|\d+[.)]?|[-•])\s*")


def key(text: str) -> str:
    return re.sub(r"\W+", "", _LABEL.sub("", text)).lower()


def gold_texts(doc: st.Doc) -> list[str]:
    out: list[list[str]] = []
    for line, lab in zip(doc.lines, doc.labels):
        if lab == "B":
            out.append([line])
        elif lab == "I" and out:
            out[-1].append(line)
    return [" ".join(ls) for ls in out]


def measure(refs, docs: int, entries: int, seed: int) -> dict:
    rng = random.Random(seed)
    by_style: dict = {}
    for r in refs:
        by_style.setdefault(st.style_key(r), []).append(r)
    rows = {}
    for layout in st.LAYOUTS:
        true = found = right = files = empty = 0
        for _ in range(docs):
            spec = st.spec_for(layout, rng)
            doc = st._generate(refs, by_style, spec, rng, entries)
            gold = [key(t) for t in gold_texts(doc)]
            got = [key(e.text) for e in split_entries("\n".join(doc.lines))]
            true += len(gold)
            found += len(got)
            right += sum((Counter(gold) & Counter(got)).values())
            files += 1
            empty += not got
        rows[layout] = (true, found, right, files, empty)
    return rows


def report(rows: dict) -> None:
    print(f"{'layout':22s} {'true':>6s} {'found':>6s} {'found/true':>10s} {'split right':>11s}  files without entries")
    T = F = R = 0
    for layout, (true, found, right, files, empty) in rows.items():
        T, F, R = T + true, F + found, R + right
        print(f"{layout:22s} {true:6d} {found:6d} {found / true:10.3f} {right / true:11.3f}  {empty}/{files}")
    print(f"{'all layouts':22s} {T:6d} {F:6d} {F / T:10.3f} {R / T:11.3f}")


def growth() -> None:
    """Time of split_entries against input size: it should grow linearly."""
    refs = [r for p in sorted(DATA.glob("*.xml")) for r in st.load_xml(p)]
    texts = [r.text for r in refs]
    split_entries("warm up\n")  # load the model outside the timing

    def timed(label, text, want=None):
        t0 = time.perf_counter()
        n = len(split_entries(text))
        dt = time.perf_counter() - t0
        extra = f" (want {want})" if want is not None else ""
        print(f"  {label:38s} {len(text) / 1e6:7.2f} MB {n:7d} entries{extra} {dt:7.2f} s")

    print("one per line:")
    for n in (10_000, 20_000, 50_000, 100_000):
        timed(f"{n:,} entries", "\n".join(texts[k % len(texts)] for k in range(n)), n)
    print("numbered '[n]', wrapped at 80 with a hanging indent:")
    rng = random.Random(1)
    for n in (5_000, 10_000, 20_000):
        lines = []
        for k in range(n):
            lines.extend(st._wrap(texts[k % len(texts)], 80, f"[{k + 1}] ", 4, 0, False, rng))
        timed(f"{n:,} numbered entries", "\n".join(lines), n)
    print("a single long line:")
    for size in (250_000, 500_000, 1_000_000):
        line = " ".join(texts)
        line = (line * (size // len(line) + 1))[:size]
        timed(f"{size:,} characters", line)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--xml", action="append", help="labelled references (default: the AnyStyle training files)")
    ap.add_argument("--docs", type=int, default=20, help="files per layout")
    ap.add_argument("--entries", type=int, default=25, help="entries per file")
    ap.add_argument("--seed", type=int, default=11)
    ap.add_argument("--growth", action="store_true")
    args = ap.parse_args()
    if args.growth:
        growth()
        return
    paths = args.xml or [str(p) for p in sorted(DATA.glob("*.xml"))]
    refs = [r for p in paths for r in st.load_xml(p)]
    _, held = st.split(refs)
    print(f"{len(held)} held-out references; {args.docs} files per layout of about {args.entries} entries")
    report(measure(held, args.docs, args.entries, args.seed))


if __name__ == "__main__":
    main()
