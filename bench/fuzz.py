"""Time against input size for every reader, and BibTeX LaTeX decoding before and after.

    python bench/fuzz.py                 # every registered format, 4 sizes, growth exponents
    python bench/fuzz.py --latex         # also pylatexenc against litgraph.latex on a large .bib
    python bench/fuzz.py --sizes 1,2,4,8,16

For each format it builds inputs of growing size from a mutated sample (the
same samples and mutations as tests/test_fuzz.py, with a fixed seed), reads
each with the format's reader and prints seconds and the growth exponent
between the smallest and the largest size (1.0 is linear; the issue asks
for at most 1.1). Adversarial shapes are timed too: one 400,000-character
BibTeX field, 20,000 nested braces, a 1 MB line of text. Nothing is
asserted: this prints figures.
"""
from __future__ import annotations

import argparse
import math
import os
import random
import sys
import tempfile
import time

sys.path.insert(0, os.path.join(os.path.dirname(__file__), ".."))
sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "tests"))


def mutate(rnd: random.Random, text: str, tokens: list[str], n: int) -> str:
    for _ in range(n):
        pos = rnd.randrange(len(text) + 1)
        text = text[:pos] + rnd.choice(tokens) + text[pos:]
    return text


def timed(fn) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


REFUSED: set[str] = set()


def read(path: str, fmt: str) -> None:
    from litgraph.errors import InputError
    from litgraph.readers import read_file

    try:
        read_file(path, as_format=fmt)
    except InputError:
        REFUSED.add(fmt)  # e.g. XML or JSON documents joined end to end are no document


def formats_growth(sizes: list[int]) -> None:
    from test_fuzz import FACTS, SAMPLES, TOKENS, _write

    from litgraph.readers.registry import format_names

    rnd = random.Random(20261201)
    print(f"{'format':12} " + " ".join(f"{'x' + str(s):>9}" for s in sizes) + "   exponent")
    for fmt in format_names():
        sample = SAMPLES.get(fmt, SAMPLES["list"])
        times = []
        for size in sizes:
            with tempfile.TemporaryDirectory() as folder:
                if fmt == "facts":
                    # grow the citations file the paper.toml names
                    import json

                    cites = json.loads(FACTS["c.json"]) * (200 * size)
                    path = _write(folder, fmt, FACTS["paper.toml"].encode())
                    with open(os.path.join(folder, "c.json"), "w", encoding="utf-8") as fh:
                        json.dump(cites, fh)
                else:
                    printable = [t for t in TOKENS if t.isprintable() and len(t) < 100]
                    body = "\n".join(mutate(rnd, sample, printable, 3) for _ in range(40 * size))
                    path = _write(folder, fmt, body.encode("utf-8"))
                times.append(min(timed(lambda: read(path, fmt)) for _ in range(2)))
        exp = math.log(times[-1] / times[0]) / math.log(sizes[-1] / sizes[0]) if times[0] > 0 else float("nan")
        note = "   (refused: the joined samples are not one valid file)" if fmt in REFUSED else ""
        print(f"{fmt:12} " + " ".join(f"{t:9.3f}" for t in times) + f"   {exp:8.2f}{note}")


def adversarial() -> None:
    from litgraph.readers.bibtex import read_bibtex

    cases = {
        "bibtex: one 400,000-char field of LaTeX": "@article{a, title = {" + "x\\'e " * 80_000 + "}}\n",
        "bibtex: 20,000 nested braces": "@article{a, title = {" + "{" * 20_000 + "x" + "}" * 20_000 + "}}\n",
        "bibtex: 5,000 entries, names and LaTeX": "".join(
            f"@article{{k{i}, author = {{M{{\\\"u}}ller{i}, K. and Smith, J.}}, title = {{On {{LaTeX}} \\& "
            f"caf\\'e {i}}}, journal = {{J}}, year = {2000 + i % 20}}}\n" for i in range(5000)),
    }
    for name, text in cases.items():
        t = timed(lambda: read_bibtex(text, "x.bib", "x"))
        print(f"{name:45} {len(text):>10,} chars {t:8.2f} s")

    with tempfile.TemporaryDirectory() as folder:
        path = os.path.join(folder, "paper.txt")
        with open(path, "w", encoding="utf-8") as fh:
            fh.write("# One line\n\n" + "Small firms export (Smith, 2019) and learn. " * 23_000 + "\n")
        t = timed(lambda: read(path, "paper"))
        print(f"{'paper: a 1 MB line with citations':45} {os.path.getsize(path):>10,} bytes {t:8.2f} s")


def latex_before_after(n_entries: int = 20_000) -> None:
    """Decoding every value of a large generated .bib: pylatexenc (one context) against litgraph.latex."""
    from pylatexenc.latex2text import LatexNodes2Text

    from litgraph import latex

    rnd = random.Random(7)
    values = []
    for i in range(n_entries):
        values += [f"Author{i}", "K.", f"A study of things number {i} in small firms",
                   "Journal of International Business Studies", str(1990 + i % 30), str(i % 40), "23--32"]
        if rnd.random() < 0.2:
            values.append(f"Caf\\'e {{Culture}} of G{{\\\"o}}del \\& Sons {i}")
    plain = sum(1 for v in values if not latex.needs_decoding(v))
    decoder = LatexNodes2Text()
    before = timed(lambda: [decoder.latex_to_text(v) for v in values])
    before_ctx = timed(lambda: [LatexNodes2Text().latex_to_text(v) for v in values[:2000]]) * len(values) / 2000
    after = timed(lambda: [latex.decode(v) for v in values])
    print(f"{len(values):,} values ({plain / len(values):.0%} hold no LaTeX):")
    print(f"  pylatexenc, a context per value (bibtexparser's middleware): {before_ctx:8.2f} s (estimated from 2,000)")
    print(f"  pylatexenc, one context:                                      {before:8.2f} s")
    print(f"  litgraph.latex (fast path + one linear pass):                 {after:8.2f} s")
    big = "x\\'e " * 80_000
    print(f"  one 400,000-char field: pylatexenc {timed(lambda: decoder.latex_to_text(big)):.2f} s, "
          f"litgraph.latex {timed(lambda: latex.decode(big)):.2f} s")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--sizes", default="1,2,4,8")
    ap.add_argument("--latex", action="store_true", help="also time pylatexenc against litgraph.latex")
    args = ap.parse_args()
    formats_growth([int(s) for s in args.sizes.split(",")])
    print()
    adversarial()
    if args.latex:
        print()
        latex_before_after()


if __name__ == "__main__":
    main()
