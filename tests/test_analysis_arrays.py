"""The array engines of metrics, clusters and bursts give what the plain-Python definitions give."""
import random
from collections import Counter

import networkx as nx
import numpy as np
import pytest


def random_corpus(seed: int, papers: int = 40, works: int = 80, authors: int = 10) -> nx.MultiDiGraph:
    """Papers (with years) citing works and each other, repeats and self-citations included; authors
    writing works and papers; a theory discussed."""
    rnd = random.Random(seed)
    g = nx.MultiDiGraph()
    for i in range(papers):
        g.add_node(f"p{i}", kind="paper", label=f"P{i}", year=rnd.choice([2001, 2003, 2004, 2008, None]))
    for i in range(works):
        g.add_node(f"w{i}", kind="work", label=f"W{i}")
    for i in range(authors):
        g.add_node(f"a{i}", kind="author", label=f"A{i}")
    g.add_node("t", kind="theory", label="T")
    targets = [f"w{i}" for i in range(works)] + [f"p{i}" for i in range(papers)]
    for i in range(papers):
        for _ in range(rnd.randint(0, 12)):
            g.add_edge(f"p{i}", rnd.choice(targets[: works // 3] if rnd.random() < 0.5 else targets),
                       kind="cites", weight=rnd.randint(1, 3))
        if rnd.random() < 0.3:
            g.add_edge(f"p{i}", "t", kind="discusses")
    for i in range(authors):
        for _ in range(rnd.randint(1, 4)):
            g.add_edge(f"a{i}", rnd.choice(targets), kind="wrote")
    return g


def received_reference(g):
    """litgraph's received() as first written: sets of citers, an author taking its works'."""
    papers = {n: set() for n in g}
    weight = {n: 0 for n in g}
    for u, v, d in g.edges(data=True):
        if d["kind"] in ("cites", "discusses", "studies"):
            papers[v].add(u)
            weight[v] += d.get("weight", 1)
    for u, v, d in g.edges(data=True):
        if d["kind"] == "wrote":
            papers[u] |= papers[v]
            weight[u] += weight[v]
    return {n: len(s) for n, s in papers.items()}, weight


@pytest.mark.parametrize("seed", range(5))
def test_received_and_combined_score_equal_their_definitions(seed):
    from litgraph.analysis import centrality as C

    g = random_corpus(seed)
    cited_by, citations = C.received(g)
    ref_by, ref_cit = received_reference(g)
    assert cited_by == ref_by and citations == ref_cit
    assert all(type(v) is int for v in citations.values())  # counts stay whole numbers in JSON
    m = C._compute(g)
    assert m["score"] == C._combined(g, m)  # the dict-by-dict definition, exactly


def test_metrics_of_a_graph_without_citations():
    from litgraph.analysis import centrality as C

    g = nx.MultiDiGraph()
    g.add_node("p", kind="paper", label="P")
    g.add_node("t", kind="theory", label="T")
    m = C.metrics(g)
    assert m["citations"] == {"p": 0, "t": 0} and m["cited_by"] == {"p": 0, "t": 0}
    assert m["score"] == C._combined(g, m)


@pytest.mark.parametrize("seed", range(5))
def test_bursts_on_arrays_equal_the_automaton_per_work(seed):
    from litgraph.analysis.bursts import bursts, kleinberg

    g = random_corpus(seed, papers=80)
    found = bursts(g)
    year = {n: d.get("year") for n, d in g.nodes(data=True)}
    edges = [(u, v) for u, v, d in g.edges(data=True) if d["kind"] == "cites" and u != v and year[u]]
    per_year = Counter(year[u] for u in {u for u, _ in edges})
    years = list(range(min(per_year), max(per_year) + 1))
    expected = {}
    for v in dict.fromkeys(v for _, v in edges):
        r = Counter(year[u] for u, x in edges if x == v)
        if sum(r.values()) < 2:
            continue
        got = kleinberg([r[y] for y in years], [per_year[y] for y in years])
        if got:
            expected[v] = [{"start": years[a], "end": years[b], "strength": round(s, 3)} for a, b, s in got]
    assert found == expected
    assert list(found) == list(expected)  # in the order works are first cited


def test_strongest_links_equal_a_sort_of_every_row():
    import scipy.sparse as sp

    from litgraph.analysis.clusters import _strongest

    rnd = np.random.default_rng(5)
    for k in (1, 3, 15):
        B = sp.random(60, 200, density=0.08, random_state=rnd, format="csr")
        B.data[:] = 1.0
        M = (B @ B.T).tocsr()
        got = _strongest(M, k)
        dense = M.toarray()
        diag = dense.diagonal()
        keep = set()
        for i in range(len(dense)):
            cells = [(-dense[i, j], -dense[i, j] / max(diag[i] * diag[j], 1.0), j)
                     for j in range(len(dense)) if j != i and dense[i, j]]
            for _, _, j in sorted(cells)[:k]:
                keep.add((min(i, j), max(i, j)))
        assert set(zip(got.row.tolist(), got.col.tolist())) == keep
        assert all(w == dense[i, j] for i, j, w in zip(got.row, got.col, got.data))


def test_louvain_is_the_same_every_run_and_as_good_as_networkx():
    pytest.importorskip("networkit", reason="networkit (Linux and Windows x86-64 wheels) not installed")
    from litgraph.analysis import clusters as K

    h = nx.planted_partition_graph(6, 30, 0.4, 0.02, seed=3)
    for u, v in h.edges:
        h[u][v]["weight"] = 1 + (u + v) % 3
    first, again = K._communities(h, 1.0), K._communities(h, 1.0)
    assert first == again
    q = nx.community.modularity(h, first, weight="weight")
    q_nx = nx.community.modularity(h, nx.community.louvain_communities(h, weight="weight", seed=K.SEED),
                                   weight="weight")
    assert q >= q_nx - 0.02 and len(first) == 6


def test_clusters_without_networkit_use_networkx(monkeypatch):
    from litgraph.analysis import clusters as K

    h = nx.planted_partition_graph(4, 20, 0.5, 0.02, seed=1)
    nx.set_edge_attributes(h, 1, "weight")
    monkeypatch.setattr(K, "_networkit_louvain", lambda h, resolution: None)
    comms = K._communities(h, 1.0)
    assert comms == sorted(nx.community.louvain_communities(h, weight="weight", seed=K.SEED),
                           key=lambda c: (-len(c), min(c)))


def test_sampled_betweenness_stops_when_stable_and_grows_when_not(monkeypatch):
    from litgraph.analysis import centrality as C

    star = nx.MultiDiGraph()  # a few hubs joined in a ring, each with its own spokes: every sample agrees
    for h in range(6):
        star.add_node(f"h{h}", kind="work", label="h")
        star.add_edge(f"h{h}", f"h{(h + 1) % 6}", kind="cites")
        for i in range(60):
            star.add_node(f"s{h}-{i}", kind="work", label="s")
            star.add_edge(f"s{h}-{i}", f"h{h}", kind="cites")
            star.add_edge(f"s{h}-{i}", f"s{h}-{(i + 1) % 60}", kind="cites")
    monkeypatch.setattr(C, "EXACT_BUDGET", 0)
    monkeypatch.setattr(C, "EXACT_BETWEENNESS_LIMIT", 0)
    monkeypatch.setattr(C, "MIN_PIVOTS", 16)
    monkeypatch.setattr(C, "PIVOTS", 256)
    _, info = C.betweenness_arrays(C._Arrays(star))
    assert info["method"] == "sampled" and info["pivots"] in (16, 32, 64, 128, 256)
    assert info["top20_overlap"] >= C.STABLE or info["pivots"] == 256
    monkeypatch.setattr(C, "STABLE", 21)  # never stable: the sample grows to its limit
    _, info = C.betweenness_arrays(C._Arrays(star))
    assert info["pivots"] == 256


def test_sampled_betweenness_reuses_pivots_drawn_again_to_the_bit(monkeypatch):
    """A pivot drawn again in a later round or half takes its dependencies from the first search:
    the same sums, to the bit, as searching again (the columns are per pivot; each batch is summed
    in the same product), with batches mixing known and new pivots and a memory cap reached."""
    from litgraph.analysis import centrality as C

    g = random_corpus(7, papers=60, works=150)
    a = C._Arrays(g)
    _, V, w, _ = C._fold_leaves(C._undirected_matrix(a))
    k = V.shape[0]
    rng = np.random.default_rng(3)
    draws = [rng.choice(k, size=size, p=w / w.sum()) for size in (5, 11, 40, 40, 90)]
    monkeypatch.setattr(C, "BATCH", 8)  # several batches a call, some partly known
    for cells in (C._CELLS, 12 * k):  # everything kept; at most 12 columns kept
        monkeypatch.setattr(C, "_CELLS", cells)
        known: dict = {}
        for i, part in enumerate(draws):
            piv, times = np.unique(part, return_counts=True)
            later = {p for d in draws[i + 1:] for p in d.tolist()}
            fresh = C._dependencies(V, piv, w, times)
            again = C._dependencies(V, piv, w, times, known, later)
            assert fresh.tobytes() == again.tobytes()
        assert 0 < len(known) <= cells // k
    # and the whole estimate as betweenness_arrays makes it, against the searches without memory
    monkeypatch.setattr(C, "_CELLS", 8_000_000)
    monkeypatch.setattr(C, "EXACT_BUDGET", 0)
    monkeypatch.setattr(C, "EXACT_BETWEENNESS_LIMIT", 0)
    monkeypatch.setattr(C, "MIN_PIVOTS", 8)
    monkeypatch.setattr(C, "PIVOTS", 64)
    monkeypatch.setattr(C, "STABLE", 21)  # grows to its limit: pivots recur across rounds
    got, info = C.betweenness_arrays(a)
    plain = C._dependencies
    monkeypatch.setattr(C, "_dependencies", lambda U, piv, t=None, s=None, known=None, keep=(): plain(U, piv, t, s))
    assert info["method"] == "sampled" and got.tobytes() == C.betweenness_arrays(a)[0].tobytes()


def test_graph_arrays_follow_the_graph():
    from litgraph.analysis.arrays import graph_arrays

    g = random_corpus(1)
    a = graph_arrays(g)
    assert graph_arrays(g) is a  # made once
    assert [(a.nodes[i], a.nodes[j]) for i, j in zip(a.src.tolist(), a.dst.tolist())] == [(u, v) for u, v in g.edges()]
    g.add_edge("p0", "w0", kind="cites")
    assert graph_arrays(g) is not a and len(graph_arrays(g).src) == len(a.src) + 1


def test_cluster_networks_as_arrays_match_networkx_order_and_modularity():
    """The clusters run on arrays (_Net): the same nodes and links in networkx's order (Louvain's result
    depends on it) and the same modularity as networkx computes on the graph it stands for."""
    import numpy as np
    import scipy.sparse as sp

    from litgraph.analysis import clusters as K

    rnd = np.random.default_rng(7)
    B = sp.random(40, 120, density=0.1, random_state=rnd, format="csr")
    B.data[:] = 1.0
    M = (B @ B.T).tocsr()
    names = [f"p{i:02d}" for i in range(40)][::-1]
    for k in (None, 4):
        net = K._net_of(M, names, k)
        h = net.graph()
        assert net.nodes == list(h)
        u, v, w = net.edges()
        assert [(net.nodes[i], net.nodes[j], int(x)) for i, j, x in zip(u, v, w)] == list(h.edges(data="weight"))
        comms = nx.community.louvain_communities(h, weight="weight", seed=1)
        for res in (1.0, 0.5):
            assert net.modularity(comms, res) == pytest.approx(
                nx.community.modularity(h, comms, weight="weight", resolution=res), abs=1e-12)
        assert K._Net.of(h).nodes == net.nodes
        assert K._communities(net, 1.0) == K._communities(h, 1.0)


@pytest.mark.parametrize("seed", [2, 5])
def test_pivot_searches_give_the_same_bits_level_by_product_or_edge_by_edge(monkeypatch, seed):
    """A search level goes edge by edge or as a product over the batch (_pivot_columns); both add
    each cell's neighbours in U's row order, so every column is the same to the bit whichever way
    its levels went: all products (the way it was), all edge by edge, or the two mixed."""
    from litgraph.analysis import centrality as C

    g = random_corpus(seed, papers=50, works=160)
    _, V, w, _ = C._fold_leaves(C._undirected_matrix(C._Arrays(g)))
    piv = np.arange(0, V.shape[0], 3)
    runs = {}
    for share in (0.0, 1e9, 0.04, 0.2):  # all products, all edge by edge, mixed
        monkeypatch.setattr(C, "SPARSE_LEVEL", share)
        runs[share] = C._pivot_columns(V, piv, w)
    assert all(r.tobytes() == runs[0.0].tobytes() for r in runs.values())
    # and they are Brandes' dependencies: the sum over every pivot, unweighted, is exact betweenness
    monkeypatch.setattr(C, "SPARSE_LEVEL", 0.04)
    U = nx.Graph()
    U.add_nodes_from(range(V.shape[0]))
    U.add_edges_from((i, j) for i, j in zip(*V.nonzero()) if i < j)
    every = C._pivot_columns(V, np.arange(V.shape[0]), np.ones(V.shape[0])).sum(axis=1) / 2
    want = nx.betweenness_centrality(U, normalized=False)
    assert np.allclose(every, [want[i] for i in range(V.shape[0])])


def _arrays_by_loop(g):
    """GraphArrays as first written: one loop over g's edges, a kind code given at first sight."""
    nodes = list(g)
    pos = {n: i for i, n in enumerate(nodes)}
    kinds: dict = {}
    node_kind = [kinds.setdefault(d.get("kind"), len(kinds)) for _, d in g.nodes(data=True)]
    year = [y if isinstance(y, int) and not isinstance(y, bool) else -1 for _, y in g.nodes(data="year")]
    src, dst, wt, edge_kind = [], [], [], []
    for u, nbrs in g._adj.items():  # g.edges' order (an undirected graph's edges from both ends)
        for v, kd in nbrs.items():
            for d in (kd.values() if g.is_multigraph() else (kd,)):
                src.append(pos[u])
                dst.append(pos[v])
                wt.append(d.get("weight", 1))
                edge_kind.append(kinds.setdefault(d.get("kind"), len(kinds)))
    return {"nodes": nodes, "kinds": list(kinds), "node_kind": np.array(node_kind, dtype=np.int32),
            "year": np.array(year, dtype=np.int64), "src": np.array(src, dtype=np.int64),
            "dst": np.array(dst, dtype=np.int64), "weight": np.array(wt, dtype=float),
            "edge_kind": np.array(edge_kind, dtype=np.int32)}


def _odd_graphs():
    """Parallel edges, an edge kind no node has, a weight of None, a year True, a node without kind."""
    g = nx.MultiDiGraph()
    g.add_node("z", kind="paper", year=True)
    g.add_edge("x", "y", kind="cites", weight=2.5)
    g.add_edge("x", "y", kind="cites")
    g.add_edge("y", "x", kind="revised_in", weight=None)
    g.add_edge("z", "z", kind="cites")
    g.nodes["x"].update(kind="work", year=1999)
    simple = nx.DiGraph([(1, 2), (2, 3), (3, 1)])
    simple.nodes[2]["kind"] = "work"
    return [g, simple, nx.MultiDiGraph(), nx.Graph([("a", "b")])]


@pytest.mark.parametrize("which", range(8))
def test_graph_arrays_made_in_bulk_equal_the_loop_over_edges(which):
    from litgraph.analysis.arrays import GraphArrays

    g = random_corpus(which) if which < 4 else _odd_graphs()[which - 4]
    a, want = GraphArrays(g), _arrays_by_loop(g)
    assert a.nodes == want["nodes"] and a.kinds == want["kinds"]
    assert a.index == {n: i for i, n in enumerate(want["nodes"])} and a.n == len(want["nodes"])
    for name in ("node_kind", "year", "src", "dst", "weight", "edge_kind"):
        got = getattr(a, name)
        assert got.dtype == want[name].dtype and got.shape == want[name].shape, name
        assert got.tobytes() == want[name].tobytes(), name  # nan (weight None) included


def test_held_arrays_are_given_without_a_recount_and_checked_again_after():
    from litgraph.analysis import arrays as A

    g = random_corpus(2)
    counted = []
    key = A._key
    try:
        A._key = lambda h: counted.append(h) or key(h)
        with A.held(g) as a:
            n = len(counted)
            assert A.graph_arrays(g) is a and A.graph_arrays(g) is a
            assert len(counted) == n  # no walk over the edges inside the block
        assert A.graph_arrays(g) is a and len(counted) == n + 1  # checked again outside it
        g.add_edge("p0", "p1", kind="cites")
        assert A.graph_arrays(g) is not a
    finally:
        A._key = key
