"""CPU time and memory of the stages before the analyses: reading, linking, identity of
works, the rest of build_graph, and the corpus store (writing it, then opening it and
loading the graph as `rank` does after a `build`).

    python bench/pipeline.py /tmp/litgraph-scale/bib-100000-v2          # this checkout
    python bench/pipeline.py savedrecs.txt --before /tmp/main           # and another, side by side

Each checkout runs in a child process of its own; each cell is CPU seconds (user +
system) and the resident memory after the stage (peak so far in brackets). Make the
corpora with bench/scale.py --generate-only, or a WoS export with bench/wos_export.py --write.
"""
from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

CHILD = r"""
import json, os, resource, sys, tempfile
sys.path.insert(0, sys.argv[1])
src = sys.argv[2]
def cpu():
    r = resource.getrusage(resource.RUSAGE_SELF); return r.ru_utime + r.ru_stime
def now():
    with open('/proc/self/statm') as f:
        return int(f.read().split()[1]) * os.sysconf('SC_PAGE_SIZE') / 2**20
def peak():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
import litgraph.graph as G
import litgraph.resolve as R
from litgraph import store as S
from litgraph.readers import read_sources
paused = getattr(S, "paused_gc", None)
import contextlib
ctx = paused() if paused else contextlib.nullcontext()
res = {}
def mark(name, t):
    res[name] = (cpu() - t, now(), peak())
with ctx:
    t = cpu(); docs = read_sources([src], None, on_error=lambda e: None); mark("read", t)
    t = cpu()
    for d in docs:
        R.link_citations(d)
    mark("link", t)
    spent = [0.0]
    orig = G.identify_works
    def timed(*a, **k):
        t0 = cpu(); r = orig(*a, **k); spent[0] += cpu() - t0; return r
    G.identify_works = timed
    t = cpu(); g = G.build_graph(docs, None); total = cpu() - t
    res["identify"] = (spent[0], now(), peak())
    res["graph"] = (total - spent[0], now(), peak())
    res["nodes"], res["edges"] = g.number_of_nodes(), g.number_of_edges()
    folder = tempfile.mkdtemp()
    path = os.path.join(folder, S.STORE_NAME)
    t = cpu()
    entries = []
    by_source = {}
    for d in docs:
        by_source.setdefault(d.source, []).append(d)
    for k, (src_path, ds) in enumerate(by_source.items()):
        blob, digest = S._blob(ds)
        entries.append(S.FileEntry(os.path.abspath(src_path), str(k), blob, digest, None))
    gb, gd = S._blob(g)
    S.write_store(path, [src], entries, {"fp": (gb, gd, *S._blob({}), *S._blob({}), 0.0)})
    del entries, gb
    mark("store write", t)
del docs, g
t = cpu()
snap = S.open_snapshot(path)
if hasattr(snap, "corpus_part"):
    g2 = S._unblob(*snap.corpus_part("fp", "graph"), "graph")
else:
    row = snap.corpora["fp"]
    g2 = S._unblob(row[0], row[1], "graph")
mark("store load", t)
res["store MB"] = os.path.getsize(path) / 2**20
print(json.dumps(res))
"""

STAGES = ("read", "link", "identify", "graph", "store write", "store load")


def run(code: Path, src: str) -> dict:
    proc = subprocess.run([sys.executable, "-c", CHILD, str(code), src], capture_output=True, text=True)
    if proc.returncode:
        return {"error": (proc.stderr.strip().splitlines() or ["?"])[-1]}
    return json.loads(proc.stdout.strip().splitlines()[-1])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("source")
    ap.add_argument("--before", help="Another checkout to measure the same way.")
    args = ap.parse_args()
    versions = ([("before", Path(args.before))] if args.before else []) + [("after", ROOT)]
    print(f"{args.source}")
    print("| code | " + " | ".join(STAGES) + " | total | nodes | store |")
    print("|---" * (len(STAGES) + 4) + "|")
    for label, code in versions:
        r = run(code, args.source)
        if "error" in r:
            print(f"| {label} | error: {r['error']} |")
            continue
        cells = [f"{r[s][0]:.2f}s {r[s][1]:.0f}MB" if s in r else "—" for s in STAGES]
        total = sum(r[s][0] for s in STAGES if s in r)
        peak = max(r[s][2] for s in STAGES if s in r)
        print(f"| {label} | " + " | ".join(cells) + f" | {total:.1f}s, peak {peak:.0f}MB | {r['nodes']} | "
              f"{r.get('store MB', 0):.0f}MB |")
    print("\n(CPU seconds; resident MB after the stage; total with the peak resident size)")


if __name__ == "__main__":
    main()
