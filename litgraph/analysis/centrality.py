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
                 signal of turning points); estimated from 50-500 pivots
                 above 1,000 nodes
    authority    HITS authority on the citation graph (hub for papers)
    core         k-core number of the undirected citation graph (CitNetExplorer's
                 core publications have at least k citation links in the core)

    score        the combined core-source score: for each node, the mean of its
                 percentile rank within its kind over cited_by, citations,
                 pagerank, betweenness and core. Percentiles make metrics of
                 different scales comparable; ties share the same percentile.
"""
from __future__ import annotations

import networkx as nx

METRICS = ("score", "cited_by", "citations", "pagerank", "betweenness", "authority", "hub", "core")
_COMBINED = ("cited_by", "citations", "pagerank", "betweenness", "core")


def citation_graph(g: nx.MultiDiGraph) -> nx.DiGraph:
    """Papers and works, an edge from citing to cited weighted by in-text citations."""
    c = nx.DiGraph()
    for n, d in g.nodes(data=True):
        if d["kind"] in ("paper", "work"):
            c.add_node(n, **{"year": d.get("year") or d.get("year_estimate")})
    for u, v, d in g.edges(data=True):
        if d["kind"] == "cites":
            c.add_edge(u, v, weight=d.get("weight", 1))
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
    papers: dict[str, set] = {n: set() for n in g}
    weight = {n: 0 for n in g}
    for u, v, d in g.edges(data=True):
        if d["kind"] in ("cites", "discusses", "studies"):
            papers[v].add(u)
            weight[v] += d.get("weight", 1)
    # An author is cited through their works (bibliometrix's "local cited authors").
    for u, v, d in g.edges(data=True):
        if d["kind"] == "wrote":
            papers[u] |= papers[v]
            weight[u] += weight[v]
    return {n: len(s) for n, s in papers.items()}, weight


def metrics(g: nx.MultiDiGraph) -> dict[str, dict[str, float]]:
    """All metrics for all nodes: {metric: {node: value}}."""
    cited_by, citations = received(g)
    simple = _simple(g)
    out: dict[str, dict[str, float]] = {"cited_by": cited_by, "citations": citations}
    out["pagerank"] = nx.pagerank(simple, weight="weight") if len(simple) else {}
    undirected = simple.to_undirected()
    out["betweenness"] = betweenness(undirected)
    cites = citation_graph(g)
    hubs, auth = _hits(cites)
    out["authority"] = {n: auth.get(n, 0.0) for n in g}
    out["hub"] = {n: hubs.get(n, 0.0) for n in g}
    core_graph = nx.Graph(cites.to_undirected())
    core_graph.remove_edges_from(nx.selfloop_edges(core_graph))
    core = nx.core_number(core_graph) if len(core_graph) else {}
    out["core"] = {n: core.get(n, 0) for n in g}
    out["score"] = _combined(g, out)
    return out


EXACT_BETWEENNESS_LIMIT = 1000


def betweenness(undirected: nx.Graph) -> dict[str, float]:
    """Betweenness, exact up to 1,000 nodes; above, estimated from pivot nodes
    (Brandes' sampling): as many pivots as about six million node and edge
    visits allow, between 50 and 500, with a fixed seed so runs are
    reproducible. A 5,000-node graph takes seconds, not minutes."""
    n = len(undirected)
    if not n:
        return {}
    if n <= EXACT_BETWEENNESS_LIMIT:
        return nx.betweenness_centrality(undirected, normalized=True)
    pivots = max(50, min(500, 6_000_000 // (n + undirected.number_of_edges())))
    return nx.betweenness_centrality(undirected, k=min(pivots, n), normalized=True, seed=20261122)


def _hits(c: nx.DiGraph) -> tuple[dict, dict]:
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
        pcts = [_percentiles({n: m[name].get(n, 0.0) for n in nodes}) for name in _COMBINED]
        for n in nodes:
            score[n] = sum(p[n] for p in pcts) / len(pcts)
    return score


def rank(g: nx.MultiDiGraph, by: str = "score", kind: str | None = None, top: int | None = None) -> list[dict]:
    """Nodes best first: {'id', 'label', 'kind', 'score', ...every metric}."""
    if by not in METRICS:
        raise ValueError(f"unknown metric '{by}' (known: {', '.join(METRICS)})")
    m = metrics(g)
    rows = []
    for n, d in g.nodes(data=True):
        if kind and d["kind"] != kind:
            continue
        row = {"id": n, "label": d["label"], "kind": d["kind"], "score": round(m["score"][n], 4)}
        for name in METRICS[1:]:
            v = m[name].get(n, 0)
            row[name] = round(v, 6) + 0.0 if isinstance(v, float) else v  # + 0.0: never -0.0
        if d.get("year") or d.get("year_estimate"):
            row["year"] = d.get("year") or d.get("year_estimate")
        rows.append(row)
    rows.sort(key=lambda r: (-r[by], -r["score"], r["label"], r["id"]))
    return rows[:top] if top else rows


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
