"""Segmentation benchmark: are the entries of a list found and split right, per layout?

    python bench/segment.py [--xml FILE]... [--docs N] [--entries N]
    python bench/segment.py --growth        # time against size: 1 MB line, 100k entries, 20k numbered
    python bench/segment.py --real          # sanity check on real lists that are not AnyStyle's

Lists are laid out (litgraph.readers.segment_train: numbered, hanging, flush
left, PDF text with running heads, labels on their own lines, two lists, a
legend after ...) from the fifth of the AnyStyle references the segmenter was
not trained on. For each layout: entries found / true, and the share of true
entries split right (an entry whose text, labels and spaces aside, is exactly
one found entry). The whole path is measured: `reflist.split_entries` on the
file's text, as `litgraph refs` runs it. "indented" counts the files the
segmenter reads with its model for indented lists (readers/segment.py).
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
from litgraph.readers.segment import indented  # noqa: E402

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
        true = found = right = files = empty = ind = 0
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
            ind += indented(doc.lines)
        rows[layout] = (true, found, right, files, empty, ind)
    return rows


def report(rows: dict) -> None:
    print(f"{'layout':22s} {'true':>6s} {'found':>6s} {'found/true':>10s} {'split right':>11s}  files without entries"
          f"  indented")
    T = F = R = 0
    for layout, (true, found, right, files, empty, ind) in rows.items():
        T, F, R = T + true, F + found, R + right
        print(f"{layout:22s} {true:6d} {found:6d} {found / true:10.3f} {right / true:11.3f}  {empty:>9d}/{files:<11d}"
              f"  {ind}/{files}")
    print(f"{'all layouts':22s} {T:6d} {F:6d} {F / T:10.3f} {R / T:11.3f}")


def growth() -> None:
    """Time of split_entries against input size: it should grow linearly (CPU
    seconds per MB stay flat; wall time also counts other work on the machine)."""
    refs = [r for p in sorted(DATA.glob("*.xml")) for r in st.load_xml(p)]
    texts = [r.text for r in refs]
    split_entries("warm up\n")  # load the model outside the timing

    def timed(label, text, want=None):
        t0, c0 = time.perf_counter(), time.process_time()
        n = len(split_entries(text))
        dt, dc = time.perf_counter() - t0, time.process_time() - c0
        extra = f" (want {want})" if want is not None else ""
        print(f"  {label:28s} {len(text) / 1e6:6.2f} MB {n:7d} entries{extra:13s} {dt:6.2f} s wall "
              f"{dc:6.2f} s CPU = {dc / len(text) * 1e6:5.2f} s CPU per MB")

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


EXPORTS = DATA.parent / "exports"
SEEDS = DATA.parent.parent / "seeds"


def real_lists() -> list[tuple[str, list[str]]]:
    """Real reference lists whose entries are known: the cited references of
    Scopus RIS records ("N1  - References:", one per line) and of Web of
    Science records (CR, one per line)."""
    out = []
    for path in sorted(EXPORTS.glob("scopus_ris/*.ris")):
        block = None
        for line in path.read_text("utf-8-sig").splitlines():
            if line.startswith("N1  - References: "):
                block = [line[len("N1  - References: "):]]
                out.append((f"{path.name} N1 #{len(out) + 1}", block))
            elif block is not None and re.match(r"^[A-Z][A-Z0-9]  - ", line):
                block = None
            elif block is not None and line.strip():
                block.append(line)
    for path in sorted(EXPORTS.glob("wos_plaintext/*")):
        block = None
        for line in path.read_text("utf-8-sig", errors="replace").splitlines():
            if line.startswith("CR "):
                block = [line[3:]]
                out.append((f"{path.name} CR #{len(out) + 1}", block))
            elif block is not None and line.startswith("   "):
                block.append(line.strip())
            else:
                block = None
    return out


def real() -> None:
    lists = real_lists()
    by_source: dict[str, list[int]] = {}
    for name, entries in lists:
        got = [key(e.text) for e in split_entries("\n".join(entries))]
        gold = [key(e) for e in entries]
        right = sum((Counter(gold) & Counter(got)).values())
        row = by_source.setdefault(name.split(" #")[0], [0, 0, 0, 0, 0, 0])
        row[0] += len(gold)
        row[1] += len(got)
        row[2] += right
        row[3] += 1
        row[4] += not got
        row[5] += indented(entries)
    print("real lists, one reference per line (cited references of export records):")
    print(f"{'source':40s} {'lists':>5s} {'true':>6s} {'found':>6s} {'split right':>11s}  lists without entries"
          f"  indented")
    for src, (true, found, right, n, empty, ind) in by_source.items():
        print(f"{src:40s} {n:5d} {true:6d} {found:6d} {right / max(true, 1):11.3f}  {empty:21d}  {ind:8d}")
    if SEEDS.is_dir():
        import json

        from litgraph.readers import read_file

        gold_dir = Path(__file__).resolve().parent.parent / "tests" / "data" / "gold"
        print("seed papers (reference sections, against the hand-checked gold):")
        for gold_file in sorted(gold_dir.glob("*.refs.json")):
            slug = gold_file.name.split(".")[0]
            seed = {"ornamental-plant-batu": "000", "entry-modes-east-java": "001", "footwear-mojokerto": "002"}.get(slug)
            path = next(SEEDS.glob(f"{seed}_*.txt"), None) if seed else None
            if not path:
                continue
            gold = [key(r["raw"]) for r in json.loads(gold_file.read_text("utf-8"))]
            got = [key(r.raw) for d in read_file(str(path), citations=False) for r in d.references]
            right = sum((Counter(gold) & Counter(got)).values())
            print(f"  {slug:30s} true {len(gold):3d} found {len(got):3d} split right {right / len(gold):.3f}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--xml", action="append", help="labelled references (default: the AnyStyle training files)")
    ap.add_argument("--docs", type=int, default=20, help="files per layout")
    ap.add_argument("--entries", type=int, default=25, help="entries per file")
    ap.add_argument("--seed", type=int, default=11)
    ap.add_argument("--growth", action="store_true")
    ap.add_argument("--real", action="store_true")
    args = ap.parse_args()
    if args.growth:
        growth()
        return
    if args.real:
        real()
        return
    paths = args.xml or [str(p) for p in sorted(DATA.glob("*.xml"))]
    refs = [r for p in paths for r in st.load_xml(p)]
    _, held = st.split(refs)
    print(f"{len(held)} held-out references; {args.docs} files per layout of about {args.entries} entries")
    report(measure(held, args.docs, args.entries, args.seed))


if __name__ == "__main__":
    main()
