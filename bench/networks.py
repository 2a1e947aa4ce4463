"""Time of the co-authorship and keyword networks against the number of records: growth must be linear.

    python bench/networks.py                 # 1,000 .. 16,000 generated records
    python bench/networks.py --max 4000      # a quick look

Records are generated (invented names, places and words, drawn from pools the
size of a real field: 20,000 authors, 2,000 institutions, 60 countries, 3,000
keywords), each with 1 to 12 authors (and one record in 200 with 300 authors,
the physics paper that the cap keeps from giving 45,000 pairs), their addresses
and 3 to 10 keywords. For each kind: CPU seconds at each size and the ratio of
the time per record at the largest size to that at the smallest (near 1 is
linear). CPU time of this process, so a busy machine does not distort growth.
"""
from __future__ import annotations

import argparse
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from litgraph.analysis.networks import KINDS, network  # noqa: E402
from litgraph.model import Affiliation, Author, Document, Reference  # noqa: E402

COUNTRIES = [f"Country{i}" for i in range(60)]


def records(n: int, seed: int = 1) -> list[Document]:
    rnd = random.Random(seed)
    docs = []
    for k in range(n):
        size = 300 if k % 200 == 199 else rnd.randint(1, 12)
        people = [rnd.randrange(20000) for _ in range(size)]
        authors = [Author(f"Family{p}", f"{chr(65 + p % 26)}.") for p in people]
        affs = []
        for p in people[:25]:
            inst = p % 2000
            affs.append(Affiliation(f"Inst{inst}, City, {COUNTRIES[inst % 60]}", [authors[0].short()],
                                    f"Inst{inst}", COUNTRIES[inst % 60]))
        ref = Reference(source="bench", index=k, raw=f"r{k}", authors=authors, affiliations=affs,
                        keywords=[f"word {rnd.randrange(3000)}" for _ in range(rnd.randint(3, 10))],
                        ids={"wos": f"WOS:{k:012d}"})
        ref.extra["times_cited"] = str(rnd.randrange(100))
        docs.append(Document(source="bench", id=f"bench/{k}", kind="record", meta=ref))
    return docs


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--max", type=int, default=16000)
    args = ap.parse_args()
    sizes = []
    n = 1000
    while n <= args.max:
        sizes.append(n)
        n *= 2
    corpus = records(sizes[-1])
    print(f"{'kind':<13}" + "".join(f"{s:>10,}" for s in sizes) + "   per-record ratio (largest/smallest)")
    for kind in KINDS:
        times = []
        for s in sizes:
            t = time.process_time()
            net = network(corpus[:s], kind, min_occurrences=2)
            times.append(time.process_time() - t)
        ratio = (times[-1] / sizes[-1]) / (times[0] / sizes[0]) if times[0] else float("nan")
        print(f"{kind:<13}" + "".join(f"{t:>9.2f}s" for t in times) + f"   {ratio:.2f}"
              f"   ({len(net.nodes):,} nodes, {len(net.edges):,} links at {sizes[-1]:,})")


if __name__ == "__main__":
    main()
