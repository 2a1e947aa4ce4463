"""Reference parser benchmark: references/second and per-field accuracy.

    python bench/refs.py FILE...            # gold .refs.json or AnyStyle .xml
    python bench/refs.py --cli LIST.txt     # end to end: `litgraph refs` as a user runs it
    python bench/refs.py --refextract LIST.txt   # side by side with refextract, if installed
    python bench/refs.py --segment          # entries found and split right per layout (bench/segment.py)
    python bench/refs.py --styles               # field accuracy per style and discipline (see below)
    python bench/refs.py --numbered 20000   # N distinct references, numbered: all found? CPU s and refs/s, whole process
    python bench/refs.py --shapes           # 1 MB pathological inputs: CPU seconds of the whole process each

--styles measures the parser on references it was not trained on: the held-out
share of the AnyStyle data (litgraph.refparse.render.held_out) as labelled, the
same records re-rendered in physics, chemistry, CS, humanities, all-caps, CJK and
Cyrillic styles, and the hand-written per-discipline lists of tests/data/styles.

Accuracy: for each field, the share of references where gold or prediction has
a value and they agree (after normalisation, see litgraph.refparse.evaluate).
Speed: in-process parse of every reference, after the model is loaded; with
--cli, wall time of the whole command including interpreter start-up; with
--numbered and --shapes, CPU time (user + system) of the whole `litgraph refs`
process, start-up included, which a busy machine distorts less than wall time.
"""
from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from litgraph.refparse import parse_reference, tag  # noqa: E402
from litgraph.refparse.evaluate import FIELDS, compare, load_gold  # noqa: E402

ANYSTYLE = Path(__file__).resolve().parent.parent.parent / "shared" / "datasets" / "anystyle"
STYLE_SETS = Path(__file__).resolve().parent.parent / "tests" / "data" / "styles"


def accuracy(paths: list[str], show_errors: int) -> None:
    tag(["warm", "up"])  # load the model outside the timing
    for path in paths:
        gold = load_gold(path)
        t0 = time.perf_counter()
        preds = [parse_reference(raw, path, i) for i, (raw, _) in enumerate(gold, 1)]
        dt = time.perf_counter() - t0
        score = compare([g for _, g in gold], preds)
        print(f"\n{path}: {len(gold)} references, {len(gold) / dt:,.0f} refs/s in-process")
        print("  overall field accuracy %.4f" % score.accuracy())
        for f in FIELDS:
            if score.total[f]:
                print(f"  {f:10s} {score.accuracy(f):.4f}  ({score.right[f]}/{score.total[f]})")
        for idx, f, g, p in score.errors[:show_errors]:
            print(f"    #{idx} {f}: gold={g!r} got={p!r}")


def _score_line(name: str, gold: list[dict], raws: list[str], show_errors: int = 0) -> tuple[int, int]:
    preds = [parse_reference(raw, name, i) for i, raw in enumerate(raws, 1)]
    score = compare(gold, preds)
    right, total = sum(score.right.values()), sum(score.total.values())
    worst = sorted((score.accuracy(f), f) for f in FIELDS if score.total[f])[:3]
    print(f"  {name:34s} {len(gold):5d} refs  {score.accuracy():.3f}   weakest: "
          + ", ".join(f"{f} {a:.2f}" for a, f in worst))
    for idx, f, g, p in score.errors[:show_errors]:
        print(f"      #{idx} {f}: gold={g!r} got={p!r}")
    return right, total


def styles(show_errors: int, per_style: int) -> None:
    """Field accuracy per style and per discipline on data the model was not trained on."""
    from litgraph.refparse.evaluate import gold_from_xml
    from litgraph.refparse.render import STYLES, generate, records

    tag(["warm", "up"])
    by_discipline: dict[str, list[int]] = {}
    if ANYSTYLE.is_dir():
        xmls = [str(ANYSTYLE / "core-train.xml"), str(ANYSTYLE / "good-train.xml")]
        print("AnyStyle held-out share, as labelled:")
        pairs = [(raw, g) for x in xmls for raw, g in gold_from_xml(x, held_out=True)]
        r, t = _score_line("anystyle (held out)", [g for _, g in pairs], [raw for raw, _ in pairs], show_errors)
        by_discipline.setdefault("anystyle (mixed, mostly social/biomedical)", [0, 0])
        by_discipline["anystyle (mixed, mostly social/biomedical)"][0] += r
        by_discipline["anystyle (mixed, mostly social/biomedical)"][1] += t
        recs = [rec for x in xmls for rec in records(x, held_out=True)][:per_style]
        print(f"\nThe held-out articles ({len(recs)}) re-rendered in each style:")
        for style, (discipline, _) in STYLES.items():
            gen = generate(recs, styles=[style], seed=99)
            r, t = _score_line(f"{style} ({discipline})", [x.gold for x in gen], [x.raw for x in gen], show_errors)
            acc = by_discipline.setdefault(discipline, [0, 0])
            acc[0] += r
            acc[1] += t
    else:
        print(f"{ANYSTYLE} is absent: generated styles skipped")
    print("\nHand-written lists (tests/data/styles):")
    for path in sorted(STYLE_SETS.glob("*.refs.json")):
        gold = load_gold(path)
        r, t = _score_line(path.name.replace(".refs.json", ""), [g for _, g in gold], [raw for raw, _ in gold],
                           show_errors)
        acc = by_discipline.setdefault("hand-written: " + path.name.replace(".refs.json", ""), [0, 0])
        acc[0] += r
        acc[1] += t
    print("\nPer discipline:")
    for d, (r, t) in by_discipline.items():
        print(f"  {d:48s} {r / t if t else 1:.3f}  ({r}/{t} fields)")


def cli(list_file: str, repeat: int) -> None:
    exe = shutil.which("litgraph") or f"{sys.executable} -m litgraph"
    n = sum(1 for line in Path(list_file).read_text("utf-8").splitlines() if line.strip())
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        subprocess.run(f"{exe} refs --format json {list_file}", shell=True, check=True,
                       stdout=subprocess.DEVNULL)
        times.append(time.perf_counter() - t0)
    best = min(times)
    print(f"litgraph refs (end to end, start-up included): {n} lines in {best:.3f}s "
          f"= {n / best:,.0f} refs/s (best of {repeat})")


def _cpu_run(args: list[str]) -> tuple[float, int]:
    """CPU seconds (user + system) of one `litgraph refs` process, and its exit status."""
    import resource

    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    rc = subprocess.run([sys.executable, "-m", "litgraph", "refs", *args], cwd=Path(__file__).resolve().parent.parent,
                        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL).returncode
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime), rc


def distinct_references(n: int, seed: int = 1) -> list[str]:
    """N references, all different, made from the labelled AnyStyle training
    references (never gold.xml) by perturbing each labelled span: authors' names
    swapped for other names or respelt, years, volumes and pages drawn anew,
    title and journal words swapped for others of the data. Each reference is
    new to the parser, so no cache of whole references or lines flatters the
    figure, and its names and numbers are new tokens as real lists have them."""
    import random
    import xml.etree.ElementTree as ET

    rng = random.Random(seed)
    seqs = []
    for p in sorted(ANYSTYLE.glob("*.xml")):
        for seq in ET.parse(p).getroot().iter("sequence"):
            parts = [(el.tag, " ".join((el.text or "").split())) for el in seq if el.tag != "citation-number"]
            parts = [(t, x) for t, x in parts if x]
            if parts:
                seqs.append(parts)
    names = sorted({w for parts in seqs for t, x in parts if t in ("author", "editor")
                    for w in _CAP_WORD.findall(x)})
    words = sorted({w for parts in seqs for t, x in parts if t in ("title", "container-title", "journal")
                    for w in _WORD_4.findall(x)})
    letters = "abcdefghiklmnoprstuvyz"

    def name(m: re.Match) -> str:
        w = m.group(0)
        if rng.random() < 0.5:
            return rng.choice(names)
        k = rng.randrange(1, len(w))
        return w[:k] + rng.choice(letters) + w[k + 1:]

    def word(m: re.Match) -> str:
        w = m.group(0)
        if rng.random() >= 0.3:
            return w
        o = rng.choice(words)
        return o.capitalize() if w[0].isupper() else o.lower()

    def pages(x: str) -> str:
        first = rng.randint(1, 3000)
        nums = iter((first, first + rng.randint(1, 40)))
        return _NUM.sub(lambda m: str(next(nums, rng.randint(1, 99))), x)

    out: list[str] = []
    seen: set[str] = set()
    k = 0
    while len(out) < n:
        parts = seqs[k % len(seqs)]
        k += 1
        new = []
        for tag, x in parts:
            if tag in ("author", "editor", "translator"):
                x = _CAP_WORD.sub(name, x)
            elif tag == "date":
                x = _YEAR4.sub(lambda m: str(rng.randint(1950, 2024)), x)
            elif tag in ("title", "container-title", "journal"):
                x = _WORD_4.sub(word, x)
            elif tag == "pages":
                x = pages(x)
            elif tag == "volume":
                x = _NUM.sub(lambda m: str(rng.randint(1, 150)), x)
            new.append(x)
        text = " ".join(new)
        if text not in seen:
            seen.add(text)
            out.append(text)
    return out


_CAP_WORD = re.compile(r"\b[A-ZÀ-Þ][a-zà-ÿ]{2,}\b")
_WORD_4 = re.compile(r"\b[A-Za-zÀ-ÿ]{4,}\b")
_YEAR4 = re.compile(r"\b(?:19|20)\d\d\b")
_NUM = re.compile(r"\d+")


def numbered(n: int, repeat: int) -> None:
    """N distinct references (distinct_references) numbered "[n]", wrapped at 80
    with a hanging indent (bench/segment.py's growth layout): entries found, and
    CPU time of the whole process."""
    import json
    import random
    import tempfile

    from litgraph.readers import segment_train as st

    texts = distinct_references(n)
    rng = random.Random(1)
    lines: list[str] = []
    for k in range(n):
        lines.extend(st._wrap(texts[k], 80, f"[{k + 1}] ", 4, 0, False, rng))
    with tempfile.TemporaryDirectory() as tmp:
        src, out = Path(tmp) / "numbered.txt", Path(tmp) / "out.json"
        src.write_text("\n".join(lines) + "\n", "utf-8")
        best = min(_cpu_run(["--format", "json", "-o", str(out), str(src)])[0] for _ in range(repeat))
        found = len(json.loads(out.read_text("utf-8")))
    print(f"{n:,} distinct numbered references ({len(lines):,} lines, {sum(map(len, lines)) / 1e6:.1f} MB): "
          f"{found:,} found; {best:.2f} s CPU for the whole process = {n / best:,.0f} refs/s "
          f"(best of {repeat}; refextract parses about 25 refs/s)")


SHAPES = {
    "author list on one line": lambda n: ("Smith, J., " * (n // 11 + 1))[:n] + "(2001). T. J, 1.",
    "author list, lines of 80": lambda n: "\n".join(
        (("Smith, J., " * (n // 11 + 1))[:n])[i:i + 80] for i in range(0, n, 80)) + " (2001). T. J, 1.",
    "given-first author list": lambda n: ("John Smith, " * (n // 12 + 1))[:n] + "(2001). T.",
    "references back to back on one line": lambda n: (_REF * (n // len(_REF) + 1))[:n],
    "numbered, back to back on one line": lambda n: " ".join(
        f"[{k}] {_REF}" for k in range(1, n // (len(_REF) + 8) + 1)),
    "200,000 short lines": lambda n: "\n".join("a%d" % (i % 100) for i in range(200_000)),
    "control and zero-width characters": lambda n: "\n".join(
        ("\u200bSmith,\x07 J. (2001).\ufeff A title\u202e of some length. Journal,\x1b[31m 3(2), 1-9.")
        for _ in range(n // 80)),
}
_REF = "Smith, J. A., & Jones, B. (2001). A title of some length here. Journal of Things, 3(2), 1-9. "


def shapes(size: int) -> None:
    """Pathological inputs of about `size` characters, read as a list (--as list)."""
    import json
    import tempfile

    print(f"pathological inputs of about {size / 1e6:.1f} MB, `litgraph refs --as list` (CPU s of the process):")
    with tempfile.TemporaryDirectory() as tmp:
        for name, make in SHAPES.items():
            src, out = Path(tmp) / "in.txt", Path(tmp) / "out.json"
            src.write_text(make(size) + "\n", "utf-8")
            cpu, rc = _cpu_run(["--as", "list", "--format", "json", "-o", str(out), str(src)])
            got = len(json.loads(out.read_text("utf-8"))) if out.exists() else 0
            print(f"  {name:40s} {cpu:6.2f} s CPU  {got:7,d} entries  exit {rc}")


def refextract_side_by_side(list_file: str) -> None:
    try:
        from refextract import extract_references_from_string
    except ImportError:
        print("refextract is not installed here: pip install refextract (in a separate venv)")
        return
    text = Path(list_file).read_text("utf-8")
    t0 = time.perf_counter()
    refs = extract_references_from_string(text)
    dt = time.perf_counter() - t0
    print(f"refextract: {len(refs)} references in {dt:.2f}s = {len(refs) / dt:,.1f} refs/s")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("files", nargs="*")
    ap.add_argument("--cli", help="plain reference list to time end to end")
    ap.add_argument("--refextract", help="plain reference list to time with refextract")
    ap.add_argument("--segment", action="store_true",
                    help="segmentation on layouts of held-out references (bench/segment.py, per layout)")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--styles", action="store_true", help="accuracy per style and discipline, held-out data")
    ap.add_argument("--numbered", type=int, help="time a numbered list of this many references, whole process")
    ap.add_argument("--shapes", action="store_true", help="time 1 MB pathological inputs, whole process")
    ap.add_argument("--per-style", type=int, default=300, help="held-out records rendered per style")
    ap.add_argument("--errors", type=int, default=int(os.environ.get("SHOW_ERRORS", "0")))
    args = ap.parse_args()
    if args.segment:
        sys.path.insert(0, str(Path(__file__).resolve().parent))
        import segment

        sys.argv = [sys.argv[0]]
        segment.main()
    if args.files:
        accuracy(args.files, args.errors)
    if args.styles:
        styles(args.errors, args.per_style)
    if args.cli:
        cli(args.cli, args.repeat)
    if args.refextract:
        refextract_side_by_side(args.refextract)
    if args.numbered:
        numbered(args.numbered, args.repeat)
    if args.shapes:
        shapes(1_000_000)


if __name__ == "__main__":
    main()
