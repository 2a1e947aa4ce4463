"""Metric engines side by side: networkx (what litgraph used) against the array
engines litgraph.analysis.centrality uses now (SciPy sparse, igraph, networkit's KADABRA), on the
synthetic graph of bench/synthetic.py; and the stability of sampled betweenness.

    python bench/metrics.py --nodes 10000 50000
    python bench/metrics.py --nodes 50000 --skip-networkx-betweenness
    python bench/metrics.py --stability --graph graph.pickle   # pivots needed, against exact
    python bench/metrics.py --kadabra --graph graph.pickle [--attach 15]   # KADABRA's diameter step

Prints seconds per metric per engine, the largest difference between them, and
for sampled betweenness how many of the top 20 two independent pivot samples share.
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import networkx as nx  # noqa: E402
import numpy as np  # noqa: E402

from litgraph.analysis import centrality as C  # noqa: E402
from synthetic import synthetic_graph  # noqa: E402


def clock(f, *a, **k):
    t = time.process_time()
    r = f(*a, **k)
    return r, time.process_time() - t


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--nodes", type=int, nargs="+", default=[10000])
    ap.add_argument("--skip-networkx-betweenness", action="store_true")
    ap.add_argument("--graph", help="A pickled networkx graph to measure instead of the synthetic one.")
    ap.add_argument("--stability", action="store_true",
                    help="Only sampled betweenness against exact (leaf-folded) on --graph: per sample size, the CPU "
                         "seconds, the halves' shared top 20 and the estimate's top 20 shared with exact.")
    ap.add_argument("--kadabra", action="store_true",
                    help="Only KADABRA's diameter step on --graph: networkit's exact diameter (sum-sweep, as KADABRA "
                         "computed it before it samples) on the graph alone and on the graph litgraph hands it (with "
                         "the path of centrality._diameter_bound), then metrics() as a whole; CPU seconds.")
    ap.add_argument("--attach", type=int, default=0,
                    help="With --kadabra: first hang this many new nodes on two random works each (seeded), the "
                         "shape that made networkit's diameter slow at 1M.")
    args = ap.parse_args()
    if args.kadabra:
        import pickle

        with open(args.graph, "rb") as fh:
            kadabra_diameter(pickle.load(fh), args.attach)
        return
    if args.stability:
        import pickle

        with open(args.graph, "rb") as fh:
            stability(pickle.load(fh))
        return
    for n in args.nodes:
        if args.graph:
            import pickle
            with open(args.graph, "rb") as fh:
                g = pickle.load(fh)
        else:
            g = synthetic_graph(n)
        a, t_arr = clock(C._Arrays, g)
        print(f"## {n} nodes, {g.number_of_edges()} edges (arrays built in {t_arr:.2f}s)")
        simple = C._simple(g)
        pr_nx, t_nx = clock(nx.pagerank, simple, weight="weight")
        pr, t_new = clock(C.pagerank_arrays, a)
        d = max(abs(pr_nx[k] - v) for k, v in zip(a.nodes, pr))
        print(f"pagerank     networkx {t_nx:7.2f}s  scipy-arrays {t_new:6.2f}s  x{t_nx / max(t_new, 1e-3):.0f}  max diff {d:.1e}")
        try:  # igraph (GPL: measured, not used) for comparison, when installed
            import igraph as ig
        except ImportError:
            ig = None
        if ig is not None:
            ig_g = ig.Graph(n=a.n, edges=np.column_stack((a.src, a.dst)).tolist(), directed=True)
            pr_ig, t_ig = clock(ig_g.pagerank, weights=a.weight.tolist(), damping=0.85)
            d = max(abs(pr_nx[k] - v) for k, v in zip(a.nodes, pr_ig))
            print(f"             igraph prpack {t_ig:6.2f}s (max diff {d:.1e}; networkx's stop rule gives other last digits)")
        cites = C.citation_graph(g)
        (h_nx, a_nx), t_nx = clock(C._hits_networkx, cites)
        (h, au), t_new = clock(C._hits_arrays, a)
        d = max(abs(a_nx.get(k, 0) - v) for k, v in zip(a.nodes, au))
        print(f"hits         networkx {t_nx:7.2f}s  scipy-arrays {t_new:6.2f}s  x{t_nx / max(t_new, 1e-3):.0f}  max diff {d:.1e}")
        core_graph = nx.Graph(cites.to_undirected())
        core_graph.remove_edges_from(nx.selfloop_edges(core_graph))
        c_nx, t_nx = clock(nx.core_number, core_graph)
        c, t_new = clock(C._core_arrays, a)
        same = all(c_nx.get(k, 0) == v for k, v in zip(a.nodes, c.tolist()))
        print(f"k-core       networkx {t_nx:7.2f}s  numpy peeling {t_new:6.2f}s  x{t_nx / max(t_new, 1e-3):.0f}  identical {same}")
        und = simple.to_undirected()
        U = C._undirected_matrix(a)
        exact, t_ex = clock(C._dependencies, U, np.arange(a.n))
        print(f"betweenness  numpy exact {t_ex:6.2f}s  (exact when n(n+m) <= {C.EXACT_BUDGET:.1e}; "
              f"here {a.n * (a.n + U.nnz // 2):.1e})")
        if ig is not None:
            el = np.column_stack(np.nonzero(np.triu(U.toarray()))) if a.n <= 20000 else None
            if el is not None:
                _, t_ig = clock(ig.Graph(n=a.n, edges=el.tolist()).betweenness, directed=False)
                print(f"             igraph exact {t_ig:6.2f}s")
        if not args.skip_networkx_betweenness:
            _, t_nx = clock(nx.betweenness_centrality, und, k=min(200, n), seed=1)
            print(f"             networkx 200 pivots {t_nx:6.2f}s -> exact would take ~{t_nx * n / 200:.0f}s")
        old = C.EXACT_BUDGET
        C.EXACT_BUDGET = 0  # force sampling to measure stability
        (b, info), t_s = clock(C.betweenness_arrays, a)
        C.EXACT_BUDGET = old
        top_exact = set(np.argsort(-exact, kind="stable")[:20].tolist())
        top_s = set(np.argsort(-b, kind="stable")[:20].tolist())
        print(f"             sampled {info['pivots']} pivots {t_s:6.2f}s: halves share {info['top20_overlap']}/20 of "
              f"their top 20; the estimate shares {len(top_exact & top_s)}/20 with exact")


def stability(g, sizes=(128, 256, 512, 1024, 2048)) -> None:
    """How many pivots betweenness needs on `g`: the numbers behind centrality's PIVOTS and STABLE."""
    a = C._Arrays(g)
    saved = (C.EXACT_BUDGET, C.MIN_PIVOTS, C.PIVOTS, C.SAMPLE_BUDGET)
    C.EXACT_BUDGET = float("inf")
    (exact, info), t_ex = clock(C.betweenness_arrays, a)
    print(f"exact (folded: {info['inner']:,} of {info['nodes']:,} nodes) {t_ex:.2f}s")
    top_ex = set(np.argsort(-exact, kind="stable")[:20].tolist())
    C.EXACT_BUDGET, C.SAMPLE_BUDGET = 0, float("inf")
    for p in sizes:
        C.MIN_PIVOTS = C.PIVOTS = p
        (est, info), t = clock(C.betweenness_arrays, a)
        shared = len(set(np.argsort(-est, kind="stable")[:20].tolist()) & top_ex)
        if info["method"] != "sampled":  # no fewer pivots than nodes: litgraph computes it exactly
            print(f"{p:5} draws: as many as the folded graph's nodes, exact")
            break
        print(f"{p:5} draws {t:6.2f}s  halves share {info['top20_overlap']:2}/20  estimate shares {shared:2}/20 with exact")
    C.EXACT_BUDGET, C.MIN_PIVOTS, C.PIVOTS, C.SAMPLE_BUDGET = saved
    # KADABRA (networkit), which litgraph runs above the pivots' budget: one round of two halves per error
    try:
        import networkit  # noqa: F401
    except ImportError:
        print("KADABRA: networkit not installed")
    else:
        saved_k = (C.KADABRA_ERRORS, C.STABLE)
        C.STABLE = 0  # one round each
        n = a.n
        base = C._fold_leaves(C._undirected_matrix(a))[3] / ((n - 1) * (n - 2))
        for err in (0.02, 0.014, 0.01, 0.007):
            C.KADABRA_ERRORS = (err,)
            (est, info), t = clock(C._kadabra, C._undirected_matrix(a), base)
            shared = len(set(np.argsort(-est, kind="stable")[:20].tolist()) & top_ex)
            print(f"KADABRA error {err}: {info['pairs']:,} pairs {t:6.2f}s  halves share {info['top20_overlap']:2}/20  "
                  f"estimate shares {shared:2}/20 with exact")
        C.KADABRA_ERRORS, C.STABLE = saved_k
    (est, info), t = clock(C.betweenness_arrays, a)
    shared = len(set(np.argsort(-est, kind="stable")[:20].tolist()) & top_ex)
    print(f"as litgraph runs it: {info} {t:.2f}s, shares {shared}/20 with exact")


def kadabra_diameter(g, attach: int = 0) -> None:
    """networkit's diameter before and after litgraph's bound (centrality._kadabra_graph), and metrics()."""
    import random

    import networkit as nk

    if attach:
        rnd = random.Random(1)
        works = [n for n, k in g.nodes(data="kind") if k == "work"]
        for i in range(attach):
            g.add_node(f"bench:x{i}", kind="theory", label=f"x{i}")
            for w in rnd.sample(works, 2):
                g.add_edge(f"bench:x{i}", w, kind="discusses")
    nk.engineering.setNumberOfThreads(1)
    a, t_arr = clock(C._Arrays, g)
    U = C._undirected_matrix(a)
    print(f"{a.n:,} nodes, {U.nnz // 2:,} undirected edges ({attach} attached; arrays {t_arr:.1f}s)", flush=True)
    T = __import__("scipy.sparse", fromlist=["triu"]).triu(U, k=1).tocoo()
    G = nk.Graph(a.n, weighted=False)
    G.addEdges((T.row.astype(np.uint64), T.col.astype(np.uint64)))
    for label, graph in (("graph alone (networkit's own step)", G), ("with litgraph's bound", None)):
        t = time.process_time()
        if graph is None:
            graph, bound = C._kadabra_graph(U)
            label += f" {bound}"
        d = nk.distance.Diameter(graph, nk.distance.DiameterAlgo.EstimatedRange, error=0)
        d.run()
        print(f"diameter, {label}: {d.getDiameter()} {time.process_time() - t:.2f}s", flush=True)
    m, t = clock(C.metrics, g)
    print(f"metrics() {t:.1f}s (arrays built above): {m['_betweenness_info']}")


if __name__ == "__main__":
    main()
