"""Theory lineage and main path analysis.

`lineage`: a theory's founding works, then its revisions (theories that revise
it and works that revised it), the papers that use it and the cases it is used
to explain, each list in time order. Founding and revising works that the
vocabulary names but the corpus does not hold are listed too, with `id` None
and `in_corpus` false ("founded by Rennie 1993, not in the corpus").

`main_path`: search path count (SPC) main path analysis over the citation
graph. Knowledge flows from cited to citing, so arcs run that way; the graph
is made acyclic first by dropping arcs that run back in time (a work citing a
newer one: a data error or an in-press citation) and then, for cycles within
one year, the arc that closes each cycle. SPC of an arc = paths from all
sources through it to all sinks. The global main path is the source-to-sink
path with the largest total SPC; the key-route paths start from the `k`
arcs of highest SPC and extend backward and forward along the highest-SPC arcs.
"""
from __future__ import annotations

import networkx as nx



def _year(d: dict):
    return d.get("year") or d.get("year_estimate")


def _item(g: nx.MultiDiGraph, n: str, **extra) -> dict:
    d = g.nodes[n]
    out = {"id": n, "label": d["label"], "year": _year(d)}
    if d.get("year") is None and d.get("year_estimate"):
        out["year_note"] = d.get("year_note")
    out.update(extra)
    return out


def _chrono(items: list[dict]) -> list[dict]:
    return sorted(items, key=lambda x: (x["year"] is None, x["year"] or 0, x["label"], x["id"] or ""))


def _absent(texts: list[str], **extra) -> list[dict]:
    """Works the vocabulary names that the corpus does not hold: no node, so no id."""
    from ..knowledge import parse_work

    out = []
    for text in texts:
        try:
            year = parse_work(text, "", None).year
        except Exception:  # noqa: BLE001 - a text the vocabulary accepted parses; be safe anyway
            year = None
        out.append({"id": None, "label": text, "year": year, "in_corpus": False, "cited_as": text, **extra})
    return out


def theory_year(g: nx.MultiDiGraph, t: str):
    years = [_year(g.nodes[v]) for _, v, d in g.out_edges(t, data=True) if d["kind"] == "originates_in"]
    years = [y for y in years if y]
    return min(years) if years else None


def lineage(g: nx.MultiDiGraph, theory: str) -> dict:
    """{'theory', 'origins', 'revisions', 'used_by', 'cases'} for a theory node."""
    d = g.nodes[theory]
    origins = [_item(g, v, cited_as=e.get("cited_as"), in_corpus=True) for _, v, e in g.out_edges(theory, data=True)
               if e["kind"] == "originates_in"]
    origins += _absent(d.get("founders_not_in_corpus", []))
    revisions = [_item(g, v, kind="work", cited_as=e.get("cited_as"), in_corpus=True)
                 for _, v, e in g.out_edges(theory, data=True) if e["kind"] == "revised_in"]
    revisions += _absent(d.get("revisers_not_in_corpus", []), kind="work")
    for u, _, e in g.in_edges(theory, data=True):
        if e["kind"] == "revises":
            item = {"id": u, "label": g.nodes[u]["label"], "year": theory_year(g, u), "kind": "theory"}
            revisions.append(item)
    seen = set()
    revisions = [r for r in _chrono(revisions) if not (r["id"] in seen or seen.add(r["id"]))]
    used_by = [_item(g, u, mentions=e.get("weight", 1), sections=e.get("sections", []))
               for u, _, e in g.in_edges(theory, data=True) if e["kind"] == "discusses"]
    cases = []
    for u, _, e in g.in_edges(theory, data=True):
        if e["kind"] == "uses_theory":
            reporters = [p for p, _, pe in g.in_edges(u, data=True) if pe["kind"] == "studies"]
            years = [_year(g.nodes[p]) for p in reporters if _year(g.nodes[p])]
            cases.append({"id": u, "label": g.nodes[u]["label"], "year": min(years) if years else None,
                          "reported_by": sorted(reporters)})
    out = {"theory": {"id": theory, "label": d["label"], "summary": d.get("summary")},
           "origins": _chrono(origins), "revisions": revisions, "used_by": _chrono(used_by),
           "cases": _chrono(cases)}
    if d.get("evidence"):  # in the graph only because a work of the same author and year is cited
        out["note"] = d["evidence"]
    return out


def vocabulary_lineage(theory) -> dict:
    """The lineage of a vocabulary theory (knowledge.Theory) that is no node of the graph:
    the corpus neither mentions it nor holds its founding or revising works."""
    works = [w.text for w in (*theory.founded_by, *theory.revised_by)]
    return {"theory": {"id": f"theory:{theory.id}", "label": theory.label, "summary": theory.summary},
            "origins": _chrono(_absent([w.text for w in theory.founded_by])),
            "revisions": _chrono(_absent([w.text for w in theory.revised_by], kind="work")),
            "used_by": [], "cases": [],
            "note": "no paper of the corpus mentions it" + (", and it holds none of its works" if works else "")}


class _Flow:
    """The knowledge-flow graph of main path analysis as plain adjacency lists (cited -> citing).

    `mainpath` on a 100,000-reference corpus spent most of its time building two networkx copies
    of the citation graph (a DiGraph of the citations, then the flow DiGraph) that only SPC reads;
    this holds the same nodes and arcs, in the same order, in dicts of lists."""

    __slots__ = ("nodes", "succ", "pred", "weight")

    def __init__(self):
        self.nodes: dict[str, object] = {}  # node -> year, in the citation graph's node order
        self.succ: dict[str, list[str]] = {}
        self.pred: dict[str, list[str]] = {}
        self.weight: dict[tuple[str, str], int] = {}

    def add_node(self, n, year=None) -> None:
        self.nodes[n] = year
        self.succ[n] = []
        self.pred[n] = []

    def remove_arcs(self, arcs) -> None:
        drop = set(arcs)
        for a in {a for a, _ in drop}:  # one pass per node touched: a hub's list is not searched per arc
            self.succ[a] = [b for b in self.succ[a] if (a, b) not in drop]
        for b in {b for _, b in drop}:
            self.pred[b] = [a for a in self.pred[b] if (a, b) not in drop]
        for arc in drop:
            del self.weight[arc]

    def n_arcs(self) -> int:
        return len(self.weight)

    def to_networkx(self) -> nx.DiGraph:
        flow = nx.DiGraph()
        flow.add_nodes_from((n, {"year": y}) for n, y in self.nodes.items())
        flow.add_edges_from((a, b, {"weight": self.weight[(a, b)]}) for a in self.succ for b in self.succ[a])
        return flow


def _adjacency(g: nx.MultiDiGraph):
    """g's successor dicts: the raw ones where networkx exposes them (its views cost a call per node)."""
    adj = getattr(g, "_adj", None)
    return adj if isinstance(adj, dict) else g.adj


def _flow(g: nx.MultiDiGraph) -> tuple[_Flow, list[tuple[str, str, str]]]:
    """The acyclic knowledge flow of g's citations and the arcs dropped to make it, with why.

    Same nodes, arcs and order as centrality.citation_graph followed by the flow built from it
    (papers and works in graph order; a later parallel citation's weight wins), so that the same
    arcs are dropped."""
    flow = _Flow()
    for n, d in g.nodes(data=True):
        if d["kind"] in ("paper", "work"):
            flow.add_node(n, d.get("year") or d.get("year_estimate"))
    # citations u -> v with their weight, in citation_graph's order: citing node in node order,
    # cited nodes in first-citation order
    cited: dict[str, dict[str, int]] = {}
    adj = _adjacency(g)
    for u, nbrs in adj.items():
        for v, keyed in nbrs.items():
            for d in keyed.values():
                if d["kind"] == "cites":
                    for x in (u, v):  # an end of another kind joins the graph, as add_edge would add it
                        if x not in flow.nodes:
                            flow.add_node(x, None)
                    cited.setdefault(u, {})[v] = d.get("weight", 1)
    year = flow.nodes
    dropped = []
    succ, pred, weight = flow.succ, flow.pred, flow.weight
    for u in list(year):  # u cites v: knowledge flows v -> u
        vs = cited.get(u)
        if not vs:
            continue
        yu = year[u]
        for v, w in vs.items():
            yv = year[v]
            if yu and yv and yv > yu:
                dropped.append((v, u, f"cites a newer work ({yv} > {yu})"))
                continue
            succ[v].append(u)
            pred[u].append(v)
            weight[(v, u)] = w
    back = _back_arcs(succ)
    flow.remove_arcs(back)
    dropped.extend((a, b, "closes a citation cycle") for a, b in back)
    return flow, dropped


def acyclic_citations(g: nx.MultiDiGraph) -> tuple[nx.DiGraph, list[tuple[str, str, str]]]:
    """Knowledge-flow DAG (cited -> citing) and the arcs dropped to make it one, with why."""
    flow, dropped = _flow(g)
    return flow.to_networkx(), dropped


def _back_arcs(flow) -> list[tuple[str, str]]:
    """The arcs that close a cycle in one depth-first search (arcs back to a node
    still on the search stack); without them the graph is acyclic. Linear in
    nodes and arcs, where re-running find_cycle after each dropped arc was
    quadratic. Nodes and arcs are visited in insertion order, so the result is
    reproducible; on an acyclic graph nothing is dropped. `flow` is a networkx
    directed graph or a dict of successor lists."""
    succ = flow.succ if hasattr(flow, "succ") else flow
    state: dict[str, int] = {}  # 1 on the stack, 2 done
    back = []
    for root in succ:
        if root in state:
            continue
        state[root] = 1
        stack = [(root, iter(succ[root]))]
        while stack:
            node, children = stack[-1]
            for child in children:
                s = state.get(child)
                if s is None:
                    state[child] = 1
                    stack.append((child, iter(succ[child])))
                    break
                if s == 1:
                    back.append((node, child))
            else:
                state[node] = 2
                stack.pop()
    return back


def _topological(succ: dict, pred: dict) -> list:
    """Kahn's order of a DAG given as successor and predecessor lists."""
    waiting = {n: len(p) for n, p in pred.items()}
    order = [n for n, k in waiting.items() if not k]
    for n in order:  # the list grows as it is walked
        for v in succ[n]:
            waiting[v] -= 1
            if not waiting[v]:
                order.append(v)
    if len(order) != len(succ):
        raise nx.NetworkXUnfeasible("the flow graph has a cycle")
    return order


def _spc(succ: dict, pred: dict, order: list) -> dict[tuple[str, str], int]:
    n_minus = {n: (0 if pred[n] else 1) for n in order}
    for n in order:
        m = n_minus[n]
        for v in succ[n]:
            n_minus[v] += m
    n_plus = {n: (0 if succ[n] else 1) for n in order}
    for n in reversed(order):
        p = n_plus[n]
        for u in pred[n]:
            n_plus[u] += p
    return {(u, v): n_minus[u] * n_plus[v] for u in order for v in succ[u]}


def spc(flow: nx.DiGraph) -> dict[tuple[str, str], int]:
    """Search path count of every arc of a DAG."""
    succ = {n: list(nbrs) for n, nbrs in flow.succ.items()}  # plain lists: networkx's views cost per call
    pred = {n: list(nbrs) for n, nbrs in flow.pred.items()}
    return _spc(succ, pred, _topological(succ, pred))


def main_path(g: nx.MultiDiGraph, key_routes: int = 3) -> dict:
    flow, dropped = _flow(g)
    succ, pred = flow.succ, flow.pred
    order = _topological(succ, pred)
    weights = _spc(succ, pred, order)
    if not weights:
        return {"global": [], "key_routes": [], "arcs": [], "dropped": [], "thin": True, "chains": 0,
                "note": "the graph has no citations"}
    # A main path means something only along chains (a work cited by a paper that is cited in turn):
    # where every path is one citation long, every arc has SPC 1 and any "main path" is a tie.
    chains = sum(1 for n in flow.nodes if pred[n] and succ[n])
    if not chains:
        return {"global": [], "key_routes": [], "arcs": [], "dropped": [{"from": a, "to": b, "why": why}
                                                                   for a, b, why in dropped],
                "thin": True, "chains": 0, "citations": flow.n_arcs(),
                "note": "no citation chains: no cited work cites anything in the corpus and no corpus paper is "
                        "cited by another, so every path is one citation long and every arc ties"}
    # Global main path: longest path by SPC sum, from a source to a sink.
    best: dict[str, tuple[int, str | None]] = {}
    for n in order:
        preds = [(best[u][0] + weights[(u, n)], u) for u in pred[n]]
        best[n] = max(preds) if preds else (0, None)
    end = max((n for n in flow.nodes if not succ[n]), key=lambda n: (best[n][0], n))
    path = [end]
    while best[path[-1]][1]:
        path.append(best[path[-1]][1])
    path.reverse()
    routes = []
    import heapq

    strongest = heapq.nsmallest(max(20, key_routes), weights.items(), key=lambda kv: (-kv[1], kv[0]))
    for (u, v), _ in strongest[:key_routes]:
        route = [u, v]
        while pred[route[0]]:
            first = route[0]
            route.insert(0, max(((a, first) for a in pred[first]), key=lambda e: (weights[e], e))[0])
        while succ[route[-1]]:
            last = route[-1]
            route.append(max(((last, b) for b in succ[last]), key=lambda e: (weights[e], e))[1])
        if route not in routes:
            routes.append(route)

    def items(nodes):
        return [_item(g, n) for n in nodes]

    return {
        "global": items(path),
        "global_spc": best[end][0],
        "key_routes": [items(r) for r in routes],
        "arcs": [{"from": u, "to": v, "spc": s}
                 for (u, v), s in strongest[:20]],
        "dropped": [{"from": a, "to": b, "why": why} for a, b, why in dropped],
        "thin": False, "chains": chains, "citations": flow.n_arcs(),
        # A path of three works has one intermediate: a chain, not a backbone of the field.
        "caution": (f"the citation network among the works is thin: {chains:,} of {len(flow.nodes):,} works "
                    f"both cite and are cited, and the longest chain found has {len(path)} works; read these as "
                    "short chains, not as the field's main line"
                    if len(path) <= 3 or chains < 10 else None),
    }
