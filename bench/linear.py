"""Time of parsing one huge single-line entry against its size: growth must be linear.

    python bench/linear.py              # sizes 125 KB .. 1 MB, every pattern
    python bench/linear.py --max 250000 # smaller, for a quick look

Each pattern is a shape of text that made a regular expression of the parser
(or of the checks) quadratic at some point: long runs without spaces, brackets
never closed, DOI-like digit chains, italics never closed, author lists of
thousands of names. For each, the time at each size and the ratio of the time
per character at the largest size to that at the smallest: near 1 is linear,
near size-ratio is quadratic. Times are CPU seconds of this process, so a busy
machine does not distort the growth.
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from litgraph.analysis.checks import list_variants  # noqa: E402
from litgraph.doi import find_dois  # noqa: E402
from litgraph.model import Document  # noqa: E402
from litgraph.names import parse_names  # noqa: E402
from litgraph.refparse import parse_reference  # noqa: E402

REF = "Smith, J. A., & Jones, B. (2001). A title of some length here. Journal of Things, 3(2), 1-9. "

PATTERNS = {
    "prose (a list glued into one line)": lambda n: (REF * (n // len(REF) + 1))[:n],
    "one word, no spaces, a hyphen": lambda n: "inter-" + "a" * n,
    "open brackets": lambda n: "[" * n,
    "open bracket runs": lambda n: ("[ab" * (n // 3 + 1))[:n],
    "link-like run": lambda n: "x" * n + "://",
    "punctuation run": lambda n: "-" * n + "a",
    "DOI-like digit chain": lambda n: "10." + ("100." * (n // 4 + 1))[:n],
    "DOI chain, spaced": lambda n: ("10.1000/a " * (n // 10 + 1))[:n],
    "italics never closed": lambda n: ("*a " * (n // 3 + 1))[:n],
    "underscores": lambda n: ("_a_b " * (n // 5 + 1))[:n],
    "author list": lambda n: ("Smith, J., " * (n // 11 + 1))[:n] + "(2001). T. J, 1.",
    "given-first author list": lambda n: ("John Smith, " * (n // 12 + 1))[:n] + "(2001). T.",
    "name, no comma": lambda n: "A" * n + ",",
    "volume parentheses": lambda n: "Journal, " + ("1(" * (n // 2 + 1))[:n],
}


def run(text: str) -> float:
    t0 = time.process_time()
    ref = parse_reference(text)
    find_dois(text)
    parse_names(text[:200000])
    doc = Document(source="bench", id="bench", kind="list", references=[ref])
    list_variants(doc)
    return time.process_time() - t0


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--max", type=int, default=1_000_000)
    ap.add_argument("--only", help="run only patterns whose name contains this")
    args = ap.parse_args()
    sizes = [args.max // 8, args.max // 4, args.max // 2, args.max]
    run("warm up (2001). Title. J, 1.")
    print(f"{'pattern':40s}" + "".join(f"{s:>10,d}" for s in sizes) + "   per-char growth")
    for name, make in PATTERNS.items():
        if args.only and args.only not in name:
            continue
        times = [run(make(s)) for s in sizes]
        growth = (times[-1] / sizes[-1]) / max(times[0] / sizes[0], 1e-9)
        print(f"{name:40s}" + "".join(f"{t:9.2f}s" for t in times) + f"   x{growth:.1f}", flush=True)


if __name__ == "__main__":
    main()
