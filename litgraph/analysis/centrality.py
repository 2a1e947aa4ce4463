"""Core sources: citation counts, PageRank, betweenness, HITS, k-core, and one combined score.

Every metric is a plain function of the graph. `rank` puts them side by side:

    cited_by     corpus papers citing a work (papers discussing a theory,
                 studying a case): what CitNetExplorer and bibliometrix call
                 local citations
    citations    in-text citations received (a work cited 5 times in one paper
                 weighs more than one cited once)
    pagerank     on the whole graph, edges pointing from citing to cited, from
                 papers to the theories and cases they discuss
    betweenness  on the undirected graph: works and theories that bridge
                 otherwise separate parts of the literature (CiteSpace's
                 signal of turning points); leaves (works cited once) folded
                 in exactly, the rest exact where that takes about a second,
                 else estimated from 128 to 2,048 pivots, as many as its
                 stability needs, or above that by networkit's KADABRA
                 (sampled shortest paths), with that stability reported
    authority    HITS authority on the citation graph (hub for papers)
    core         k-core number of the undirected citation graph (CitNetExplorer's
                 core publications have at least k citation links in the core)

    score        the combined core-source score: for each node, the mean of its
                 percentile rank within its kind over cited_by, citations,
                 pagerank, betweenness and core. Percentiles make metrics of
                 different scales comparable; ties share the same percentile.
"""
from __future__ import annotations

import weakref

import networkx as nx

METRICS = ("score", "cited_by", "citations", "pagerank", "betweenness", "authority", "hub", "core")
_COMBINED = ("cited_by", "citations", "pagerank", "betweenness", "core")


def citation_graph(g: nx.MultiDiGraph) -> nx.DiGraph:
    """Papers and works, an edge from citing to cited weighted by in-text citations."""
    c = nx.DiGraph()
    # add_*_from with the same order and data as one add_node/add_edge each (a later parallel
    # edge's weight wins, as before), at a fraction of the cost on a large graph
    c.add_nodes_from((n, {"year": d.get("year") or d.get("year_estimate")}) for n, d in g.nodes(data=True)
                     if d["kind"] in ("paper", "work"))
    c.add_edges_from((u, v, {"weight": d.get("weight", 1)}) for u, v, d in g.edges(data=True)
                     if d["kind"] == "cites")
    return c


def _simple(g: nx.MultiDiGraph) -> nx.DiGraph:
    s = nx.DiGraph()
    s.add_nodes_from(g.nodes)
    for u, v, d in g.edges(data=True):
        w = d.get("weight", 1)
        if s.has_edge(u, v):
            s[u][v]["weight"] += w
        else:
            s.add_edge(u, v, weight=w)
    return s


def received(g: nx.MultiDiGraph) -> tuple[dict[str, int], dict[str, int]]:
    """(distinct citing/discussing papers, total weight) per node."""
    cited_by, weight = _received_arrays(_Arrays(g))
    return dict(zip(g, cited_by.tolist())), dict(zip(g, _numbers(weight)))


def _numbers(values) -> list:
    """Array values as Python numbers: whole ones as int (weights are counts), the rest as float."""
    import numpy as np

    if len(values) and np.all(np.abs(values) < 2.0 ** 53) and np.all(values == np.floor(values)):
        return values.astype(np.int64).tolist()  # all whole (the usual case): ints at C speed
    return [int(v) if v.is_integer() else v for v in values.tolist()]


def _received_arrays(a):
    """received() on arrays: distinct (citer, cited) pairs and summed weights per cited node; an author
    gets those of the works it wrote (bibliometrix's "local cited authors"), its citers counted once."""
    import numpy as np
    import scipy.sparse as sp

    from .arrays import unique

    n = a.n
    mask = a.edges_of("cites", "discusses", "studies")
    src, dst = a.src[mask], a.dst[mask]
    weight = np.bincount(dst, weights=a.weight[mask], minlength=n).astype(float)  # int when no edges
    cit = sp.csr_array((np.ones(len(src)), (dst, src)), shape=(n, n))  # cited x citer
    cit.sum_duplicates()
    cited_by = np.diff(cit.indptr).astype(np.int64)
    wrote = a.edges_of("wrote")
    if wrote.any():
        au, wk = a.src[wrote], a.dst[wrote]
        weight = weight + np.bincount(au, weights=weight[wk], minlength=n)
        authors = unique(au)
        # an author's own citers and those of every work it wrote, as one 0/1 product
        rows = np.concatenate((authors, au))
        cols = np.concatenate((authors, wk))
        W = sp.csr_array((np.ones(len(rows)), (rows, cols)), shape=(n, n))
        reach = (W @ cit).tocsr()
        reach.sum_duplicates()
        cited_by[authors] = np.diff(reach.indptr)[authors]
    return cited_by, weight


def metrics(g: nx.MultiDiGraph) -> dict[str, dict[str, float]]:
    """All metrics for all nodes: {metric: {node: value}}.

    Computed once per graph (a second call on the same, unchanged graph is
    free: `build` ranks for its page, the store keeps the result). The heavy
    ones run on arrays (SciPy sparse matrices and NumPy), not on networkx's
    Python objects; networkx stays the graph the user gets."""
    key = (g.number_of_nodes(), _edge_count(g))
    memo = _MEMO.get(g)
    if memo is not None and memo[0] == key:
        return memo[1]
    out = _compute(g, key if g.is_multigraph() and g.is_directed() else None)  # (arrays count edges alike)
    _MEMO[g] = (key, out)  # remember(g, out), without counting the edges again (0.3-0.7 s at 1M)
    return out


def remember(g: nx.MultiDiGraph, m: dict[str, dict[str, float]]) -> None:
    """Metrics already known for `g` (from the corpus store): `metrics(g)` returns them."""
    _MEMO[g] = ((g.number_of_nodes(), _edge_count(g)), m)


def _edge_count(g: nx.Graph) -> int:
    """g.number_of_edges(), from the adjacency dicts: networkx walks its views in Python (0.3 s a
    call on a 46,000-node graph, and the memo key is taken on every `metrics` call)."""
    adj = getattr(g, "_adj", None)
    if not isinstance(adj, dict) or not g.is_multigraph() or not g.is_directed():
        return g.number_of_edges()
    return sum(map(len, [kd for nbrs in adj.values() for kd in nbrs.values()]))


_MEMO: "weakref.WeakKeyDictionary" = weakref.WeakKeyDictionary()


def _Arrays(g: nx.MultiDiGraph, key: tuple[int, int] | None = None):
    """The graph as index arrays (litgraph.analysis.arrays, shared with clusters and bursts), with
    the masks the metrics use: `cites` edges and the citation graph's nodes (papers and works).
    key: (nodes, edges) of g where known (metrics has counted them)."""
    from .arrays import graph_arrays

    a = graph_arrays(g, key)
    if not hasattr(a, "cites"):
        a.cites = a.edges_of("cites")
        a.citing = a.nodes_of("paper", "work")
    return a


def _compute(g: nx.MultiDiGraph, key: tuple[int, int] | None = None) -> dict[str, dict[str, float]]:
    nodes = list(g)
    if not nodes:
        out: dict = {name: {} for name in ("cited_by", "citations", "pagerank", "betweenness", "authority",
                                            "hub", "core", "score")}
        return out
    a = _Arrays(g, key)
    cited_by, citations = _received_arrays(a)
    values = {"cited_by": cited_by, "citations": citations, "pagerank": pagerank_arrays(a)}
    bt, info = betweenness_arrays(a)
    values["betweenness"] = bt
    values["hub"], values["authority"] = _hits_arrays(a)
    values["core"] = _core_arrays(a)
    out = {"cited_by": dict(zip(nodes, cited_by.tolist())), "citations": dict(zip(nodes, _numbers(citations)))}
    for name in ("pagerank", "betweenness", "authority", "hub", "core"):
        out[name] = dict(zip(nodes, values[name].tolist()))
    out["_betweenness_info"] = info
    out["score"] = dict(zip(nodes, _combined_arrays(a, values).tolist()))
    return out


def _simple_matrix(a: _Arrays):
    """Weighted adjacency of the whole graph, parallel edges summed (what _simple gives networkx)."""
    import scipy.sparse as sp

    return sp.csr_array((a.weight, (a.src, a.dst)), shape=(a.n, a.n))


def pagerank_arrays(a: _Arrays, alpha: float = 0.85, tol: float = 1.0e-6, max_iter: int = 100):
    """networkx's PageRank (its SciPy power iteration, same start, stop rule and
    dangling-node handling: the same numbers) on an adjacency built from
    arrays, which is where networkx spends its time."""
    import numpy as np
    import scipy.sparse as sp

    n = a.n
    A = _simple_matrix(a)
    S = np.asarray(A.sum(axis=1)).ravel()
    nz = S != 0
    S[nz] = 1.0 / S[nz]
    A = (sp.dia_array((S[np.newaxis, :], 0), shape=A.shape).tocsr() @ A).tocsr()
    x = np.repeat(1.0 / n, n)
    p = np.repeat(1.0 / n, n)
    dangling = np.where(~nz)[0]
    for _ in range(max_iter):
        xlast = x
        x = alpha * (x @ A + sum(x[dangling]) * p) + (1 - alpha) * p
        if np.absolute(x - xlast).sum() < n * tol:
            return x
    raise nx.PowerIterationFailedConvergence(max_iter)


def _undirected_matrix(a: _Arrays, mask=None):
    """0/1 symmetric adjacency without self-loops (CSR)."""
    import numpy as np
    import scipy.sparse as sp

    src, dst = (a.src, a.dst) if mask is None else (a.src[mask], a.dst[mask])
    keep = src != dst
    src, dst = src[keep], dst[keep]
    M = sp.csr_array((np.ones(2 * len(src)), (np.concatenate((src, dst)), np.concatenate((dst, src)))),
                     shape=(a.n, a.n))
    M.data[:] = 1.0
    return M


# Betweenness runs on the graph with its leaves folded in (see _fold_leaves): in a
# database export most cited works are cited once, so four nodes in five are leaves
# and the rest is what paths run through. On that folded graph exact betweenness costs
# about nodes x (nodes + edges) steps: up to EXACT_BUDGET (about a second here) it is
# exact; above, it is estimated from pivots drawn in proportion to the nodes they stand
# for: MIN_PIVOTS first, doubled while the sample's two independent halves share fewer
# than STABLE of their top 20, up to PIVOTS draws or SAMPLE_BUDGET steps (so the stage
# grows linearly with the graph). Measured against exact betweenness (bench/metrics.py):
# on the 2,000-record WoS export (folded: 3,822 nodes, 10,447 edges; exact 3.2 s) 512
# draws shared 14 of its top 20, 2,048 (1.4 s: papers are drawn again and again, and a
# pivot drawn twice costs once) shared 19 with halves sharing 16; on a 100,000-reference
# corpus (18,936 nodes, 72,734 edges) 256 draws (1.2 s) shared 19, halves 17.
EXACT_BUDGET = 1.5e7
SAMPLE_BUDGET = 6e7  # pivots x (nodes + edges) of the folded graph, at most
PIVOTS = 2048
MIN_PIVOTS = 128  # a sample is never smaller (the folded graph permitting)
STABLE = 16  # of the top 20, shared by the sample's two halves (the estimate, from both, is steadier)
EXACT_BETWEENNESS_LIMIT = 1000  # at or below this many nodes: always exact
SEED = 20261122
_CELLS = 8_000_000  # nodes x pivots per batch at most (some 40 bytes each)
BATCH = 64


def _dependencies(U, pivots, target=None, source=None, known=None, keep=()):
    """Sum over `pivots` of Brandes' dependencies on every node (the pivot's own excluded),
    on an unweighted undirected graph: breadth-first search from all pivots of a batch at
    once, level by level (_pivot_columns), then the dependencies level by level back.
    Each level's (node, pivot) cells are kept as flat indices, so only the product touches
    the whole batch; batches of BATCH pivots keep it in cache (256 ran at half the speed).

    target: how many nodes each node stands for as the end of a path (1 each if None);
    source: a multiplier per pivot (how many sources it stands for).

    known: {pivot: its column of dependencies} from an earlier call with the same U and target,
    taken instead of searching from that pivot again; the columns of pivots in `keep` are put
    there (as many as _CELLS allows). A column does not depend on the batch it was worked out in (every step is per column),
    and each batch's columns are summed in the same product as before: the same total, to the bit."""
    import numpy as np

    n = U.shape[0]
    total = np.zeros(n)
    tw = np.ones(n) if target is None else np.asarray(target, dtype=float)
    sw = np.ones(len(pivots)) if source is None else np.asarray(source, dtype=float)
    batch = int(max(8, min(BATCH, _CELLS // max(n, 1))))
    for start in range(0, len(pivots), batch):
        piv = np.asarray(pivots[start:start + batch])
        if known is None:
            D = _pivot_columns(U, piv, tw)
        else:
            todo = [p for p in piv.tolist() if p not in known]
            # Columns are put together as rows (contiguous) and turned once: writing them one by
            # one into D's columns, a cache line per value, took a third as long as the searches.
            got = dict(zip(todo, np.ascontiguousarray(_pivot_columns(U, np.asarray(todo, dtype=np.int64), tw).T))
                       ) if todo else {}
            Dt = np.empty((len(piv), n))
            for j, p in enumerate(piv.tolist()):
                col = known.get(p)
                if col is None:
                    col = got[p]
                    if p in keep and (len(known) + 1) * n <= _CELLS:  # kept within the batches' memory
                        known[p] = col.copy()
                Dt[j] = col
            D = np.ascontiguousarray(Dt.T)  # the same matrix, laid out as before: the same product
        total += D @ sw[start:start + batch]
    return total


def _pivot_columns(U, piv, tw):
    """The dependencies of every node on each pivot of one batch (n x len(piv)): the search from
    all of them at once and back, as _dependencies says.

    A level is worked one of two ways, with the same numbers to the bit. Most levels of a search
    are small (the pivots themselves, their first neighbours, the last stragglers): those go edge
    by edge from the level's cells (_level_edges), in no time. A level whose edges reach
    SPARSE_LEVEL of a product over the whole batch takes the sparse matrix product instead (a few
    middle levels). Each cell's sum runs over its neighbours in U's row order in both, as the
    product adds them (adding the zeros of cells at other levels changes nothing), so the result
    is the same whichever way a level went: only the levels' cells carry values, never whole
    columns. (On the 2,000-record WoS export, 9 levels a batch of which 4 or 5 stay products:
    1,264 columns in 0.6 s against 1.0 s when every level was a product.)"""
    import numpy as np

    n = U.shape[0]
    b = len(piv)
    deg = np.diff(U.indptr)
    small = SPARSE_LEVEL * U.nnz * b  # a level with fewer edges than this goes edge by edge
    front = np.zeros((n, b))  # a level's values in their cells, zero elsewhere, for the products
    fr = front.reshape(-1)
    lev = np.full(n * b, -1, dtype=np.int32)  # each cell's level (its distance); -1 not reached yet
    rank = np.empty(n * b, dtype=np.int64)  # a cell's position in a level (set where read)
    mark = np.zeros(n * b, dtype=bool)
    level = np.asarray(piv, dtype=np.int64) * b + np.arange(b)  # cells v * b + column, ascending
    lev[level] = 0
    levels, nodes, paths_of = [level], [np.asarray(piv, dtype=np.int64)], [np.ones(b)]
    in_front = False  # does `front` hold the current level?
    while True:  # forward: shortest paths from each pivot, level by level
        node = nodes[-1]
        k = _small_level(deg, node, small)
        if k is not None:
            if in_front:
                fr[level] = 0.0
                in_front = False
            tgt, src = _level_edges(U, k, level, node, b)
            keep = lev[tgt] < 0
            tgt, src = tgt[keep], src[keep]
            if not len(tgt):
                break
            mark[tgt] = True
            new = np.flatnonzero(mark)
            mark[new] = False
            rank[new] = np.arange(len(new))
            # summed in the order of the edges: each target's sources ascending, as U's rows hold them
            paths = np.bincount(rank[tgt], weights=paths_of[-1][src], minlength=len(new))
        else:
            if not in_front:
                fr[level] = paths_of[-1]
                in_front = True
            arriving = (U @ front).reshape(-1)  # shortest paths reaching each cell from the level
            m = arriving > 0
            m &= lev < 0
            new = np.flatnonzero(m)
            if not len(new):
                break
            paths = arriving[new]
            fr[level] = 0.0
            fr[new] = paths
        lev[new] = len(levels)
        level = new
        levels.append(new)
        nodes.append(new // b)
        paths_of.append(paths)
    if in_front:
        fr[level] = 0.0
    delta = np.zeros(n * b)
    dl = np.zeros(len(level))  # the dependencies of the current level's cells (none on the last)
    for d in range(len(levels) - 1, 0, -1):  # back: each level's share to the level before it
        at, node, up = levels[d], nodes[d], levels[d - 1]
        share = (tw[node] + dl) / paths_of[d]
        k = _small_level(deg, node, small)
        if k is not None:
            tgt, src = _level_edges(U, k, at, node, b)
            keep = lev[tgt] == d - 1
            tgt, src = tgt[keep], src[keep]
            rank[up] = np.arange(len(up))
            back = np.bincount(rank[tgt], weights=share[src], minlength=len(up))
        else:
            fr[at] = share
            back = (U @ front).reshape(-1)[up]
            fr[at] = 0.0
        dl = paths_of[d - 1] * back
        if d > 1:  # a pivot's own dependency stays 0
            delta[up] = dl
    return delta.reshape(n, b)


# A search level goes edge by edge below this share of a whole product's work (U's entries x the
# batch's columns): measured on the WoS export's folded graph, 0.01 to 0.08 ran alike, 0.16 slower.
SPARSE_LEVEL = 0.04


def _small_level(deg, node, small):
    """The degrees of a level's nodes if their edges are fewer than `small`, else None (told
    from the level's size alone where that settles it: a middle level holds most of the batch)."""
    if len(node) >= small:  # every node of a search has an edge, but the pivot alone
        return None
    k = deg[node]
    return k if k.sum() < small else None


def _level_edges(U, k, cells, node, b):
    """(target cell, source position) for every edge from a level's `cells` (v * b + column,
    ascending; `node` their v, `k` their degrees): the cells in order, each one's neighbours in
    U's row order."""
    import numpy as np

    ends = np.cumsum(k)
    src = np.repeat(np.arange(len(cells)), k)
    pos = np.arange(int(ends[-1]) if len(ends) else 0) + np.repeat(U.indptr[node] - (ends - k), k)
    return U.indices[pos] * b + (cells - node * b)[src], src


def _fold_leaves(U):
    """(inner nodes, U restricted to them, weight per inner node, betweenness from the leaves).

    A leaf (one neighbour) lies on no shortest path between others, and every path
    from it runs through its neighbour a: a gets the ordered pairs with a leaf of
    its own at one end, L(c-2) + L(c-1-L) for L leaves in a component of c nodes.
    Every other path is a path of the inner graph, with each inner node standing
    for itself and its leaves (weight 1 + L): Brandes' dependencies with those
    weights at both ends give the rest exactly."""
    import numpy as np
    import scipy.sparse.csgraph as csg

    n = U.shape[0]
    deg = np.diff(U.indptr)
    leaf = deg == 1
    nbr = np.full(n, -1, dtype=np.int64)
    nbr[leaf] = U.indices[U.indptr[:-1][leaf]]
    # two leaves joined to each other (a component of two) stay: neither is inside
    leaf &= ~((nbr >= 0) & leaf[np.maximum(nbr, 0)])
    L = np.bincount(nbr[leaf], minlength=n).astype(float)
    _, comp = csg.connected_components(U, directed=False)
    c = np.bincount(comp)[comp].astype(float)
    base = L * (c - 2) + L * (c - 1 - L)
    inner = np.flatnonzero(~leaf)
    return inner, U[inner][:, inner].tocsr(), 1.0 + L[inner], base


def betweenness_arrays(a: _Arrays):
    """Betweenness of the undirected graph, normalised as networkx does, and a
    note of how it was computed: {"method": "exact"} or {"method": "sampled",
    "pivots": k, "top20_overlap": shared, ...}.

    Sampled is Brandes and Pich's pivot estimate on the leaf-folded graph, pivots
    drawn (with a fixed seed: runs are reproducible) with probability in proportion
    to the nodes each stands for, so an export's papers, which carry their singly
    cited references, are sampled as often as they count. The sample is dealt
    alternately to two halves; how many of the top 20 the halves' estimates share
    is the stability reported (the estimate itself uses both halves, so it is
    steadier than that), at no extra cost. The 50-pivot estimate litgraph once made
    shared a third of its top 20 between two seeds."""
    import numpy as np

    n = a.n
    U = _undirected_matrix(a)
    scale = 1.0 / ((n - 1) * (n - 2)) if n > 2 else 0.0  # dependencies count each pair from both ends
    inner, V, w, base = _fold_leaves(U)
    k = len(inner)
    m = V.nnz // 2
    out = base.copy()
    steps = k * (k + m)
    # a sample that may grow to as many pivots as there are nodes costs what exact does: exact, then
    if n <= EXACT_BETWEENNESS_LIMIT or steps <= EXACT_BUDGET or k <= MIN_PIVOTS or (
            k <= PIVOTS and steps <= 4 * EXACT_BUDGET):
        out[inner] += _dependencies(V, np.arange(k), w, w)
        return out * scale, {"method": "exact", "nodes": n, "inner": int(k)}
    if 2 * PIVOTS * (k + m) > SAMPLE_BUDGET:  # pivots would stop at the budget, short of stable
        fast = _kadabra(U, base * scale)
        if fast is not None:
            return fast[0], dict(fast[1], nodes=n, inner=int(k))
    total = float(w.sum())
    draw = np.random.default_rng(SEED).choice(k, size=PIVOTS, p=w / total)  # a prefix of it is used
    # A paper carrying many leaves is drawn again in later rounds and halves (1,237 distinct pivots of
    # the export's 1,862 searches): its dependencies are kept from the first time for those.
    known: dict = {}
    sums, used, size = [np.zeros(k), np.zeros(k)], 0, min(MIN_PIVOTS, PIVOTS)
    while True:
        for half in (0, 1):
            part = draw[used + half:size:2]  # dealt alternately, as one draw of `size` would be
            piv, times = np.unique(part, return_counts=True)
            later = set(draw[used + half + 1:].tolist())  # drawn again after this part (a superset)
            # drawn with p = w / total, a draw's dependencies count total / draws times (and
            # stand for its w sources): the sum over sources, unbiased
            sums[half] += _dependencies(V, piv, w, times, known, later)
        used = size
        est = [h * (total / (used / 2)) for h in sums]
        top = [set(np.argsort(-(base[inner] + e), kind="stable")[:20].tolist()) for e in est]
        overlap = len(top[0] & top[1])
        if overlap >= STABLE or size >= PIVOTS or 2 * size * (k + m) > SAMPLE_BUDGET:
            break
        size = min(2 * size, PIVOTS)
    out[inner] += (sums[0] + sums[1]) * (total / used)
    info = {"method": "sampled", "nodes": n, "inner": int(k), "pivots": used, "top20_overlap": overlap}
    return out * scale, info


# Above the pivots' budget, betweenness is sampled by networkit's KADABRA (Borassi & Natale 2016, C++),
# where networkit is installed: it draws pairs of nodes of the whole graph (leaves included, so no
# folding is needed) and a random shortest path between them, by balanced bidirectional search, a
# small part of the graph. How many pairs it may draw depends on the graph's vertex diameter, which
# networkit works out exactly before it samples (sum-sweep with error 0: as many breadth-first searches
# as it takes for the eccentricities' bounds to meet). That is fragile: on a 1,000,000-reference graph
# (453,943 nodes, 1,000,026 edges, diameter 8) it took 0.5 s without the 15 theory nodes of the starter
# vocabulary, 61 s with them, 108 s with 15 random two-edge nodes in their place.
# So KADABRA gets a graph whose diameter it confirms at once: ours beside a separate path of 2e edges,
# e the largest eccentricity of the nodes networkit starts from (_diameter_bound). Its first search
# bounds every eccentricity in our graph by 2e, the path's own bounds meet within a few searches, and
# the diameter it reports, 2e, is an upper bound of ours, which is what KADABRA's sample size needs (a
# few more pairs than the exact diameter gives: log2(2e-1) for log2(d-1) in its bound; 16,147 pairs a
# run at error 0.014 instead of 14,138). Pairs with an end on the path count for nothing here and are
# rescaled away (_kadabra's norm). Any graph shape: one search from all start nodes, whatever the rest.
# Measured (one thread, CPU seconds, a loaded 2-core host; bench/metrics.py --kadabra and --stability):
# - 1M graph above, with the theories: the diameter step 108 s (two-edge nodes) -> 0.25 s; metrics() as
#   a whole 146.0 s with its arrays (3.5 s) -> 14.3 s without (`build` has them from the clusters; 16.7
#   s with the first round at error 0.014), 16,144 pairs, halves sharing 19 of their top 20, and 19 of the top
#   20 of a reference of 226,310 pairs (two runs at 0.005, 58 s; the round at 0.014 also shared 19).
#   With 15 random two-edge nodes instead of the theories: 16.0 s (round at 0.014). Against the same
#   reference, pivots on the folded graph (185,201 nodes): 128 took 13.0 s (halves 13, reference 17),
#   256 took 24.1 s (halves 15, reference 19); networkit's uniform-source EstimateBetweenness 0.59 s a
#   source on the whole graph; its ApproxBetweenness (Riondato-Kornaropoulos, with a cheap diameter but
#   a one-sided search per pair) 0.31 s a pair (158 pairs at error 0.2 took 48 s).
# - 100,000 references (46,215 nodes, real build, exact takes 88 s): top 20 of exact 19 -> 20, top 50 46
#   -> 45, the halves 19 -> 19, the sum of all values against exact's 1.013 -> 1.004.
# - The 2,000-record WoS export (folded to 3,822 nodes) keeps the pivots: 2,048 of them (1.2 s) share
#   19 of exact's top 20, KADABRA at 0.01 (0.9 s) 17, at 0.003 (4 s) 19.
# Left as networkit has it: its backtracking picks a node's predecessor on the sampled path by counting
# each as one path (KadabraBetweenness.cpp, backtrackPath: nPaths[target], which is 1, where nPaths[t]
# was meant), so where predecessors carry unequal numbers of shortest paths the sample leans to the last
# of them. No effect on tree-like graphs (a 300-node preferential-attachment graph: every top-20 value
# within sampling error), up to 7% on a 15 x 15 grid's top 20 with 2.2 million pairs.
KADABRA_ERRORS = (0.02, 0.014, 0.01, 0.007)  # per round and half; rounds run until the halves are STABLE
KADABRA_DELTA = 0.1


def _diameter_bound(U) -> int:
    """An upper bound of the diameter of the undirected graph U that networkit's sum-sweep confirms in
    its first search: twice the largest eccentricity (within its component) of the node networkit starts
    each component from, the last of its largest degree. Any node v's eccentricity e gives d <= 2e, and
    after a search from v every node u of its component has the bound dist(v, u) + e <= 2e.

    One breadth-first search from all those nodes at once (from a node joined to each)."""
    import numpy as np
    import scipy.sparse as sp
    import scipy.sparse.csgraph as csg

    n = U.shape[0]
    if n == 0:
        return 2
    deg = np.diff(U.indptr)
    ncomp, comp = csg.connected_components(U, directed=False)
    order = np.lexsort((np.arange(n), deg, comp))  # by component, then degree, then index
    starts = order[np.r_[np.flatnonzero(np.diff(comp[order])), n - 1]]
    hub = sp.csr_array((np.ones(ncomp), (np.zeros(ncomp, dtype=np.int64), starts)), shape=(1, n))
    V = sp.vstack([sp.hstack([U, hub.T]), sp.hstack([hub, sp.csr_array((1, 1))])]).tocsr()
    dist = csg.shortest_path(V, method="D", unweighted=True, indices=n)
    return max(2, 2 * (int(dist[:n].max()) - 1))


def _kadabra_graph(U):
    """(networkit graph, diameter bound): U's nodes 0..n-1 and edges, then a path of `bound` edges on
    nodes n..n+bound, apart, whose diameter networkit's sum-sweep confirms as the whole graph's (see
    the comment above)."""
    import networkit as nk
    import numpy as np
    import scipy.sparse as sp

    n = U.shape[0]
    bound = _diameter_bound(U)
    T = sp.triu(U, k=1).tocoo()
    G = nk.Graph(n + bound + 1, weighted=False)
    G.addEdges((T.row.astype(np.uint64), T.col.astype(np.uint64)))
    path = np.arange(n, n + bound, dtype=np.uint64)
    G.addEdges((path, path + 1))
    return G, bound


def _kadabra(U, base):
    """(betweenness, info) from KADABRA runs on U, or None without networkit.

    Runs come in pairs with their own seeds (reproducible), dealt to two halves; each half's estimate
    is its runs' scores weighted by their samples, the estimate both halves'. Rounds are added while
    the halves share fewer than STABLE of their top 20. A node's value is at least `base` (the exact
    share of its leaves' paths, normalised): a known lower bound only ever brings an estimate closer."""
    try:
        import networkit as nk
    except ImportError:
        return None
    import numpy as np

    n = U.shape[0]
    nk.engineering.setNumberOfThreads(1)  # one thread: the same numbers every run
    G, bound = _kadabra_graph(U)
    N = G.numberOfNodes()
    # KADABRA's scores are over the N(N-1) ordered pairs of its graph, each counted twice; networkx's
    # normalisation is over (n-1)(n-2) (checked against exact betweenness: without the path the ratio was
    # n / (2(n-2)) to within its error). A pair with an end on the path passes through none of U's nodes.
    norm = N * (N - 1.0) / (2.0 * (n - 1) * (n - 2))
    sums, samples = [np.zeros(n), np.zeros(n)], [0, 0]  # per half: twice the paths' hits, pairs drawn
    seed = SEED
    for err in KADABRA_ERRORS:
        for half in (0, 1):
            nk.setSeed(seed, False)
            seed += 1
            kb = nk.centrality.KadabraBetweenness(G, err, KADABRA_DELTA, True)
            kb.run()
            it = kb.getNumberOfIterations()
            # networkit 11.3 keeps the hits of its first omega/100 pairs (a warm-up it draws before the
            # main loop, counted in getNumberOfIterations) in its first epoch but divides them by the pairs
            # of the main loop alone: its scores were 1.1-1.9% high on every node (the sum of all
            # betweenness against exact's, on 300 nodes with 0.5M pairs). Scores x (it - warm-up) are the
            # hits of all `it` pairs (x2), which is what is summed here: the sums then agree to 0.1%.
            warm = int(kb.getOmega() / 100)  # KadabraBetweenness's startFactor, 100 by default
            sums[half] += np.asarray(kb.scores())[:n] * max(it - warm, 0)
            samples[half] += it
        est = [np.maximum(sums[h] / max(samples[h], 1) * norm, base) for h in (0, 1)]
        top = [set(np.argsort(-e, kind="stable")[:20].tolist()) for e in est]
        overlap = len(top[0] & top[1])
        if overlap >= STABLE:
            break
    total = max(samples[0] + samples[1], 1)
    out = np.maximum((sums[0] + sums[1]) / total * norm, base)
    return out, {"method": "sampled", "engine": "kadabra", "pairs": int(samples[0] + samples[1]),
                 "error": err, "top20_overlap": overlap, "diameter_bound": bound}


def _citation_arrays(a: _Arrays):
    """Edges of the citation graph (papers and works, `cites` edges; a repeated
    pair keeps its last weight, as networkx's DiGraph does) and its nodes."""
    import numpy as np

    mask = a.cites & a.citing[a.src] & a.citing[a.dst]
    src, dst, wt = a.src[mask], a.dst[mask], a.weight[mask]
    if len(src):
        code = src * a.n + dst
        # last occurrence of each pair
        _, last = np.unique(code[::-1], return_index=True)
        last = len(code) - 1 - last
        src, dst, wt = src[last], dst[last], wt[last]
    return src, dst, wt


def _hits_arrays(a: _Arrays):
    """networkx's HITS (the same ARPACK singular-vector call on the same matrix)
    on the citation graph; zeros outside it or when it has no edges."""
    import numpy as np
    import scipy.sparse as sp

    zeros = np.zeros(a.n)
    src, dst, wt = _citation_arrays(a)
    if not len(src):
        return zeros, zeros.copy()
    idx = np.flatnonzero(a.citing)  # the citation graph's nodes, in graph order
    local = np.full(a.n, -1, dtype=np.int64)
    local[idx] = np.arange(len(idx))
    # Only citing rows and cited columns: the singular vectors are zero elsewhere, and ARPACK on the
    # 2,000 x 72,000 matrix of an export (papers x what they cite) took 2 s, on the full square 4.
    rows, r_at = np.unique(local[src], return_inverse=True)
    cols, c_at = np.unique(local[dst], return_inverse=True)
    A = sp.csr_array((wt, (r_at, c_at)), shape=(len(rows), len(cols)))
    # ARPACK from a fixed start vector, as networkx's HITS with nstart: from its
    # default random start two runs differed in the last digits and the sign of zero.
    try:
        if min(A.shape) == 1:  # ARPACK needs k < min(shape): one row or column is its own singular vector
            au = np.asarray(A.sum(axis=0)).ravel() if A.shape[0] == 1 else np.ones(1)
        else:
            _, _, vt = sp.linalg.svds(A, k=1, v0=np.ones(min(A.shape)), maxiter=500, tol=1.0e-8)
            au = vt.flatten().real
    except sp.linalg.ArpackNoConvergence:
        return zeros, zeros.copy()
    hu = A @ au
    hu /= hu.sum()
    au /= au.sum()
    # Scores are non-negative; rounding noise below zero is zero.
    np.maximum(hu, 0.0, out=hu)
    np.maximum(au, 0.0, out=au)
    hubs, auth = zeros.copy(), zeros.copy()
    hubs[idx[rows]] = hu
    auth[idx[cols]] = au
    return hubs, auth


def _core_arrays(a: _Arrays):
    """k-core number in the undirected citation graph without self-loops
    (Batagelj and Zaversnik's peeling, a round of sparse column sums per
    peel: linear in the edges overall)."""
    import numpy as np

    mask = a.cites & a.citing[a.src] & a.citing[a.dst]
    U = _undirected_matrix(a, mask).tocsc()
    deg = np.diff(U.indptr).astype(np.int64)
    core = np.zeros(a.n, dtype=np.int64)
    alive = a.citing.copy()
    k = 0
    while alive.any():
        k = max(k, int(deg[alive].min()))
        while True:
            peel = np.flatnonzero(alive & (deg <= k))
            if not len(peel):
                break
            core[peel] = k
            alive[peel] = False
            # each neighbour of a peeled node loses one degree per peeled neighbour
            cols = U[:, peel]
            np.subtract.at(deg, cols.indices, 1)
    return core


def betweenness(undirected: nx.Graph) -> dict[str, float]:
    """Betweenness of an undirected networkx graph (see betweenness_arrays)."""
    if not len(undirected):
        return {}
    g = nx.MultiDiGraph()
    g.add_nodes_from((n, {"kind": "work"}) for n in undirected)
    g.add_edges_from((u, v, {"kind": "x"}) for u, v in undirected.edges)
    values, _ = betweenness_arrays(_Arrays(g))
    return dict(zip(g, values.tolist()))


def _hits_networkx(c: nx.DiGraph) -> tuple[dict, dict]:
    """HITS as networkx computes it (kept to measure the array engine against: bench/metrics.py)."""
    if c.number_of_edges() == 0:
        return {}, {}
    # networkx's HITS runs ARPACK from a random start vector unless given one, so two
    # runs differed in the last digits (and in the sign of zero): start from a fixed one.
    # Scores are non-negative; rounding noise below zero is zero.
    try:
        hubs, auth = nx.hits(c, max_iter=500, normalized=True, nstart={n: 1.0 for n in c})
    except nx.PowerIterationFailedConvergence:
        return {}, {}
    return ({n: max(v, 0.0) for n, v in hubs.items()}, {n: max(v, 0.0) for n, v in auth.items()})


def _percentiles(values: dict[str, float]) -> dict[str, float]:
    """Share of nodes with a lower value, with ties sharing: 0 for the lowest, up to 1."""
    ordered = sorted(values.values())
    n = len(ordered)
    if n <= 1:
        return {k: 1.0 for k in values}
    import bisect

    return {k: bisect.bisect_left(ordered, v) / (n - 1) for k, v in values.items()}


def _combined(g: nx.MultiDiGraph, m: dict[str, dict[str, float]]) -> dict[str, float]:
    score: dict[str, float] = {}
    for kind in {d["kind"] for _, d in g.nodes(data=True)}:
        nodes = [n for n, d in g.nodes(data=True) if d["kind"] == kind]
        # Rounded to 12 places so that ties stay ties whatever order an engine summed in.
        pcts = [_percentiles({n: round(m[name].get(n, 0.0), 12) for n in nodes}) for name in _COMBINED]
        for n in nodes:
            score[n] = sum(p[n] for p in pcts) / len(pcts)
    return score


def _combined_arrays(a, values: dict):
    """_combined on arrays: per kind, the mean percentile over _COMBINED (the same numbers: values
    rounded to 12 places by Python's round, a value's percentile the share of its kind below it)."""
    import numpy as np

    score = np.zeros(a.n)
    pcts = []
    for name in _COMBINED:
        v = values[name]
        if v.dtype.kind == "f":  # Python's round once per distinct value (most works share theirs)
            distinct, at = np.unique(v, return_inverse=True)
            v = np.array([round(x, 12) for x in distinct.tolist()], dtype=float)[at.reshape(-1)]
        pcts.append(v)
    for code in np.unique(a.node_kind):
        idx = np.flatnonzero(a.node_kind == code)
        if len(idx) <= 1:
            score[idx] = 1.0
            continue
        total = np.zeros(len(idx))
        for v in pcts:
            sub = v[idx]
            total = total + np.searchsorted(np.sort(sub), sub, side="left") / (len(idx) - 1)
        score[idx] = total / len(pcts)
    return score


def rank(g: nx.MultiDiGraph, by: str = "score", kind: str | None = None, top: int | None = None) -> list[dict]:
    """Nodes best first: {'id', 'label', 'kind', 'score', ...every metric}."""
    if by not in METRICS:
        raise ValueError(f"unknown metric '{by}' (known: {', '.join(METRICS)})")
    m = metrics(g)
    nodes = g.nodes
    chosen = [n for n, k in g.nodes(data="kind") if not kind or k == kind]
    if top:
        # the order below, taken for the top rows only (heapq.nsmallest is sorted(...)[:top])
        import heapq

        score, value = m["score"], m.get(by, {})

        def order(n):
            v = round(score[n], 4) if by == "score" else value.get(n, 0)
            v = round(v, 6) + 0.0 if isinstance(v, float) else v
            return -v, -round(score[n], 4), nodes[n]["label"], n

        chosen = heapq.nsmallest(top, chosen, key=order)
    rows = []
    for n in chosen:
        d = nodes[n]
        row = {"id": n, "label": d["label"], "kind": d["kind"], "score": round(m["score"][n], 4)}
        for name in METRICS[1:]:
            v = m[name].get(n, 0)
            row[name] = round(v, 6) + 0.0 if isinstance(v, float) else v  # + 0.0: never -0.0
        if d.get("year") or d.get("year_estimate"):
            row["year"] = d.get("year") or d.get("year_estimate")
        if isinstance(d.get("burst"), dict):  # litgraph.analysis.bursts, added when the corpus is built
            row["burst"] = d["burst"]
        rows.append(row)
    rows.sort(key=lambda r: (-r[by], -r["score"], r["label"], r["id"]))
    return rows[:top] if top else rows


def _incidence(g: nx.MultiDiGraph):
    """Papers x works citation incidence (0/1, CSR) and the two node lists."""
    import numpy as np
    import scipy.sparse as sp

    citing: dict[str, int] = {}
    cited: dict[str, int] = {}
    rows, cols = [], []
    for u, v, d in g.edges(data=True):
        if d["kind"] == "cites":
            rows.append(citing.setdefault(u, len(citing)))
            cols.append(cited.setdefault(v, len(cited)))
    B = sp.csr_array((np.ones(len(rows)), (rows, cols)), shape=(len(citing), len(cited)))
    B.data[:] = 1.0  # a pair counts once, however many edges
    return B, list(citing), list(cited)


def cocitation_counts(g: nx.MultiDiGraph):
    """Every pair of works cited together, as a sparse product: C = Bᵀ·B (papers citing both)."""
    B, _, works = _incidence(g)
    return (B.T @ B).tocsr(), works


def coupling_counts(g: nx.MultiDiGraph):
    """Every pair of papers citing a work in common, as a sparse product: K = B·Bᵀ (shared works)."""
    B, papers, _ = _incidence(g)
    return (B @ B.T).tocsr(), papers


def top_pairs(matrix, nodes: list[str], top: int = 20) -> list[tuple[int, str, str]]:
    """The strongest pairs of a symmetric count matrix: (count, a, b) with a < b, best first."""
    import numpy as np

    coo = matrix.tocoo()
    names = np.array(nodes, dtype=object)
    a, b = names[coo.row], names[coo.col]
    keep = a < b
    counts = coo.data[keep].astype(int)
    a, b = a[keep], b[keep]
    order = sorted(range(len(counts)), key=lambda i: (-counts[i], a[i], b[i]))[:top]
    return [(int(counts[i]), str(a[i]), str(b[i])) for i in order]


def _second_hop(g: nx.MultiDiGraph, node: str, kind: str, first: str) -> list[dict]:
    """Nodes that share `kind` neighbours with `node`, strength = shared neighbours.

    first="in": the neighbours are those pointing at `node` (its citers), and
    what they point at is counted; first="out": the reverse."""
    step = g.in_edges if first == "in" else g.out_edges
    back = g.out_edges if first == "in" else g.in_edges
    end = 0 if first == "in" else 1  # which end of a `step` edge is the neighbour
    hop = {e[end] for e in step(node, data=True) if e[2]["kind"] == kind}
    counts: dict[str, int] = {}
    for mid in hop:
        for e in back(mid, data=True):
            other = e[1 - end]
            if e[2]["kind"] == kind and other != node:
                counts[other] = counts.get(other, 0) + 1
    return _rows(g, counts)


def cocitation(g: nx.MultiDiGraph, node: str) -> list[dict]:
    """Works cited together with `node`: strength = papers citing both."""
    return _second_hop(g, node, "cites", "in")


def coupling(g: nx.MultiDiGraph, node: str) -> list[dict]:
    """Papers that cite what `node` cites: strength = shared cited works."""
    return _second_hop(g, node, "cites", "out")


def shared_theories(g: nx.MultiDiGraph, node: str) -> list[dict]:
    """Papers discussing the same theories as `node` (a paper): strength = shared theories."""
    return _second_hop(g, node, "discusses", "out")


def _rows(g: nx.MultiDiGraph, counts: dict[str, int]) -> list[dict]:
    rows = [{"id": n, "label": g.nodes[n]["label"], "kind": g.nodes[n]["kind"], "strength": c}
            for n, c in counts.items()]
    rows.sort(key=lambda r: (-r["strength"], r["label"], r["id"]))
    return rows
