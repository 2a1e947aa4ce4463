"""Clusters and citation bursts: the time `build` spends on them, on real and generated exports.

    python bench/clusters.py                 # bib/, the shared WoS export (when present), 2,000 generated records
    python bench/clusters.py --records 5000

Prints, per corpus, the co-citation network's size and the CPU seconds taken by
add_clusters (both networks, Louvain, names) and add_bursts.
"""
from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

WOS = ROOT.parent / "shared" / "datasets" / "exports" / "wos_plaintext" / "wosfile_wos_plaintext.txt"


def measure(name: str, sources: list[str]) -> None:
    from litgraph.analysis.bursts import add_bursts
    from litgraph.analysis.clusters import add_clusters
    from litgraph.corpus import load_corpus

    g = load_corpus(sources).graph
    t = time.process_time()
    r = add_clusters(g)
    tc = time.process_time() - t
    t = time.process_time()
    nb = add_bursts(g)
    tb = time.process_time() - t
    co = r["cocitation"]
    q = f"{co['modularity']:.3f}" if co["modularity"] is not None else "-"
    print(f"{name:<28} {g.number_of_nodes():>7,} nodes  co-citation {co['nodes']:>6,} works {co['links']:>9,} links "
          f"{len(co['clusters']):>3} clusters Q={q}  clusters {tc:6.2f} s  bursts {tb:5.2f} s ({nb} bursting)")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--records", type=int, default=2000)
    args = ap.parse_args()
    measure("bib/ (demo)", [str(ROOT / "bib")])
    if WOS.is_file():
        measure("WoS export (50 records)", [str(WOS)])
    from wos_export import generate, plain_text

    records, _ = generate(args.records)
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "savedrecs.txt")
        Path(path).write_text(plain_text(records), encoding="utf-8")
        measure(f"generated WoS ({args.records:,} records)", [path])


if __name__ == "__main__":
    main()
