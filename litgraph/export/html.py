"""The interactive network: one self-contained HTML file that works offline.

The page inlines sigma.js (WebGL) and graphology with its ForceAtlas2 layout,
vendored from their npm builds in litgraph/static/vendor (MIT), and our own
interface (static/page.*): colour by kind or by cluster, size by a chosen
centrality, labels of the top nodes at the overview and the rest on zoom or
hover, a legend, search, filters by kind, cluster and years that refit the
view, a details panel, a network view and a timeline view (works by year and
by cluster, citations as arcs, citation bursts as bars), and an "export this
view" menu (PNG, SVG, JSON of the visible subgraph).

Size: one renderer for every size (WebGL draws 20,000 nodes where the canvas
renderer of vis-network managed 1.6 frames/s). While the camera moves on a
graph of more than 500 nodes the page moves the last drawn frame and redraws
when it stops (page.js, "frames while the camera moves": with software WebGL a
full sigma frame costs 80-450 ms). Papers are coloured by the co-citation
cluster most of their references belong to (node_clusters). The network layout runs in the
page (ForceAtlas2, Barnes-Hut above 1,000 nodes) for a bounded time and then
stops; the timeline layout is computed here. Above `max_nodes` the page keeps
every corpus paper and, kind by kind in proportion to their numbers, the
best-scoring other nodes that connect to what is kept (ties broken by
citations, degree and id, so the cut never falls among equals); no node is
left without an edge, and the page says what was left out.

Safety: every string from the inputs travels as JSON data (with <, >, & and
line separators escaped, so no title can close the script element) and is
put in the page with textContent or drawn on a canvas; a Content-Security-Policy
forbids any network request.
"""
from __future__ import annotations

import html
import itertools
import json
import math
import operator
import re
from collections import Counter
from importlib import resources

import networkx as nx

from .. import __version__
from ..gcpause import paused_gc

MAX_NODES = 5000
LABELLED = 12  # nodes always labelled: the top by score (the renderer adds more where there is room)
KIND_STYLE = {
    "paper": ("#3451b2", "Papers of the corpus", "papers"),
    "work": ("#8d99a6", "Cited works", "works"),
    "theory": ("#d9480f", "Theories", "theories"),
    "case": ("#2b8a3e", "SME cases", "cases"),
    "author": ("#ae3ec9", "Authors", "authors"),
}
# Colour-blind-safe first (Okabe-Ito), then Tableau's 10; clusters beyond them are grey.
CLUSTER_COLORS = ("#0072b2", "#e69f00", "#009e73", "#cc79a7", "#56b4e9", "#d55e00", "#f0e442", "#000000",
                  "#4e79a7", "#f28e2b", "#59a14f", "#b07aa1", "#76b7b2", "#edc948", "#ff9da7", "#9c755f")
EDGE_COLORS = {"cites": "#9aa5b1", "discusses": "#f08c5a", "studies": "#69b97f", "originates_in": "#d9480f",
               "revised_in": "#e8590c", "revises": "#c2255c", "derives_from": "#ae3ec9", "related_to": "#ced4da",
               "uses_theory": "#74b816", "reported_in": "#20c997", "wrote": "#d0bfff"}
SIZE_METRICS = ("score", "cited_by", "citations", "pagerank", "betweenness", "authority", "core")
_DETAIL_KEYS = ("authors", "year", "title", "container", "volume", "issue", "pages", "doi", "url", "publisher",
                "type", "summary", "sector", "place", "entry_modes", "markets", "aliases", "note", "cited_by",
                "year_note", "names", "works")
_VENDOR = ("graphology.umd.min.js", "graphology-library.min.js", "sigma.min.js")


_KIND = operator.methodcaller("get", "kind", "work")


def _asset(path: str) -> str:
    return (resources.files("litgraph") / "static" / path).read_text("utf-8")


def _vendor_js() -> str:
    text = "\n;\n".join(_asset("vendor/" + name) for name in _VENDOR)
    # A source-map comment would make a browser with devtools open fetch the map.
    return "\n".join(line for line in text.split("\n") if not line.startswith("//# sourceMappingURL"))


def embed_json(obj) -> str:
    """JSON safe inside a <script> element: nothing in it can end the element or open a comment."""
    text = json.dumps(obj, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return (text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
            .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))


def _short(label: str, limit: int = 40) -> str:
    label = " ".join(str(label).split())
    return label if len(label) <= limit else label[: limit - 1].rstrip() + "…"


def plural(count: int, kind: str) -> str:
    """'1 theory', '26 theories', '3 authors' (kinds outside KIND_STYLE get an 's')."""
    if count == 1:
        return f"{count:,} {kind}"
    return f"{count:,} {KIND_STYLE[kind][2] if kind in KIND_STYLE else kind + 's'}"


def select_nodes(g: nx.MultiDiGraph, score: dict, max_nodes: int) -> set:
    """The nodes a page of at most `max_nodes` draws.

    Every corpus paper is kept (the best of them in half the page if they are
    more than that). The rest of the budget goes kind by kind in proportion to each
    kind's share of the graph: a node's place in the queue is its rank within
    its kind divided by the kind's size, so the top works, theories, cases and
    authors come in together. Within a kind the order is score, then
    citations received, then degree, then id: strict, so no cut falls among
    equal nodes at random. A node is taken only when it has an edge to a node
    already kept, so nothing is drawn without edges; the queue is passed over
    until the budget is spent or nothing more connects.
    """
    return _select(g, score, max_nodes, quick=True)


def _select(g: nx.MultiDiGraph, score: dict, max_nodes: int, quick: bool) -> set:
    """select_nodes; quick: each kind's queue ordered only as deep as the page can reach (what a
    kind's nodes would bring beyond that is never looked at), and the whole order only when that
    part does not fill the page: sorting all 450,000 works of a 1,000,000-reference graph by their
    places was half of its page's time."""
    if g.number_of_nodes() <= max_nodes:
        return set(g.nodes)
    # networkx's adjacency dicts, not its views (a Python generator step per node and neighbour)
    node, succ, pred = _raw(g)
    by_kind: dict[str, list] = {}
    for n, d in node.items():
        by_kind.setdefault(d.get("kind", "work"), []).append(n)
    papers = by_kind.pop("paper", [])
    papers.sort(key=_places(papers, node, succ, pred, score).__getitem__)
    # All papers when they fill at most half the page; else the best of them in half of it, so the
    # works they cite still have room (a corpus of 10,000 papers drawn in 5,000 nodes).
    keep = set(papers if len(papers) <= max_nodes // 2 else papers[:max(1, max_nodes // 2)])
    if quick:
        # deep enough for a page whose queue is taken at half the rate of the best case
        queue = _queue(by_kind, node, succ, pred, score, depth=2 * (max_nodes - len(keep)) + 16)
        if queue is not None:
            found = _fill(set(keep), *queue, succ, pred, max_nodes)
            if found is not None:
                return found
    return _fill(keep, *_queue(by_kind, node, succ, pred, score, None), succ, pred, max_nodes)


def _places(ns: list, node: dict, succ: dict, pred: dict, score: dict) -> dict:
    """Each node's place in its kind (score, citations, degree, id, best first), a column at a time
    through map and zip: a dict comprehension of these took 0.4 s of a 70,000-node page."""
    neg = operator.neg
    scores = map(neg, map(score.get, ns, itertools.repeat(0)))
    cited = map(neg, [node[n].get("cited_by") or 0 for n in ns])
    out = map(sum, map(map, itertools.repeat(len), map(dict.values, map(succ.__getitem__, ns))))
    into = map(sum, map(map, itertools.repeat(len), map(dict.values, map(pred.__getitem__, ns))))
    degree = map(neg, map(operator.add, out, into))
    return dict(zip(ns, zip(scores, cited, degree, ns)))


def _queue(by_kind: dict, node: dict, succ: dict, pred: dict, score: dict, depth: int | None):
    """(the queue: nodes by their rank within their kind divided by the kind's size, then place;
    whether it is whole). With `depth`, a kind larger than that is ordered only in its first
    `depth` places (and all nodes tied with the last of them on score, the first part of the place),
    and the queue is cut where the first such kind runs out: what is kept is exactly how the whole
    queue begins. None where a score is NaN (which only the whole sort orders as before)."""
    entries = []
    bound = None
    for members in by_kind.values():
        size = len(members)
        if depth is not None and size > depth:
            neg = list(map(operator.neg, map(score.get, members, itertools.repeat(0))))
            if any(map(operator.ne, neg, neg)):
                return None
            cut = sorted(neg)[depth - 1]
            members = list(itertools.compress(members, map(operator.le, neg, itertools.repeat(cut))))
        keys = _places(members, node, succ, pred, score)
        members.sort(key=keys.__getitem__)
        entries += [((i + 1) / size, keys[n], n) for i, n in enumerate(members)]
        if len(members) < size:  # the next of this kind would come at (len + 1) / size: after this
            bound = min(bound, len(members) / size) if bound is not None else len(members) / size
    if bound is not None:
        entries = [e for e in entries if e[0] <= bound]
    entries.sort()
    return [n for *_, n in entries], bound is None


def _fill(keep: set, waiting: list, whole: bool, succ: dict, pred: dict, max_nodes: int) -> set | None:
    """Nodes of the queue taken in order while the page has room, each only when it has an edge to
    a node already kept, passing over the queue again until the page is full or nothing more
    connects. None when the queue is not whole (_queue) and its part does not fill the page."""
    while len(keep) < max_nodes and waiting:
        later = []
        for n in waiting:
            if len(keep) >= max_nodes:
                break
            if not keep.isdisjoint(succ[n]) or not keep.isdisjoint(pred[n]):
                keep.add(n)
            else:
                later.append(n)
        if not whole and len(keep) < max_nodes:
            return None  # a second pass, or more of the first, needs the rest of the queue
        if len(later) == len(waiting):
            break  # nothing left connects to what is kept
        waiting = later
    if not whole and len(keep) < max_nodes:
        return None
    return keep


def _raw(g: nx.MultiDiGraph) -> tuple[dict, dict, dict]:
    """(node attributes, successors, predecessors): networkx's own dicts where it has them."""
    node, succ, pred = getattr(g, "_node", None), getattr(g, "_succ", None), getattr(g, "_pred", None)
    if isinstance(node, dict) and isinstance(succ, dict) and isinstance(pred, dict):
        return node, succ, pred
    return dict(g.nodes(data=True)), g.succ, g.pred


def page_data(g: nx.MultiDiGraph, size_by: str = "score", max_nodes: int = MAX_NODES, title: str = "litgraph") -> dict:
    """What the page draws: nodes, edges, kinds, clusters and notes (plain data, no markup)."""
    if size_by not in SIZE_METRICS:
        raise ValueError(f"cannot size by '{size_by}' (choose from {', '.join(SIZE_METRICS)})")
    from ..analysis.centrality import metrics

    total = g.number_of_nodes()
    m = metrics(g) if total else {k: {} for k in SIZE_METRICS}
    keep = select_nodes(g, m["score"], max_nodes)
    cut_note = None
    attrs, succ, _ = _raw(g)
    if total > len(keep):
        # the kinds of the nodes left out, in node order, through C calls only (74,000 nodes)
        left = Counter(map(_KIND, map(attrs.__getitem__, itertools.filterfalse(keep.__contains__, attrs))))
        what = ", ".join(plural(c, k) for k, c in left.most_common())
        papers = "every paper of the corpus" if "paper" not in left else "the highest-scoring papers of the corpus"
        cut_note = (f"Showing {len(keep):,} of {total:,} nodes: {papers} and, kind by kind, "
                    f"the highest-scoring nodes linked to them; left out: {what}. "
                    "The JSON and GraphML exports hold the whole graph.")
    values = m[size_by]
    top = max((values.get(n, 0) for n in keep), default=0) or 1
    score = m["score"]
    ranked = sorted(keep, key=lambda n: (-score.get(n, 0), -(attrs[n].get("cited_by") or 0), n))
    rank = {n: i for i, n in enumerate(ranked)}
    own, via = node_clusters(g)
    clusters = _clusters(g, keep, own)
    coupling = g.graph.get("coupling_clusters") if isinstance(g.graph.get("coupling_clusters"), dict) else {}
    coupling = {str(k): v for k, v in coupling.items() if isinstance(v, dict)}
    nodes = []
    for n in sorted(keep):
        d = attrs[n]
        label = str(d.get("label") or n.split(":", 1)[-1] or n)
        year = d.get("year") or d.get("year_estimate")
        details = {k: d[k] for k in _DETAIL_KEYS if d.get(k) not in (None, [], "")}
        size = 3 + 17 * math.sqrt(max(values.get(n, 0), 0) / top)
        node = {"id": n, "kind": str(d.get("kind", "work")), "label": label, "short": _short(label),
                "year": year if isinstance(year, int) and not isinstance(year, bool) else None,
                "size": round(size, 2), "rank": rank[n], "details": details}
        if n in own:
            node["cluster"] = own[n]
            if n in via:
                node["cluster_via"] = "cites"  # a paper, coloured by the cluster of the works it cites
        if d.get("coupling_cluster") is not None:
            cc = str(d["coupling_cluster"])
            label = coupling.get(cc, {}).get("label")
            node["coupling"] = str(label) if label not in (None, "") else f"coupling cluster {cc}"
        burst = _burst(d.get("burst"))
        if burst:
            node["burst"] = burst
        nodes.append(node)
    edges = []
    # the edges among kept nodes, sorted (stable: ties, which share their ends, keep the order of
    # their keyed dict, so reading the kept nodes' edges in any node order gives the same list)
    kept = [(u, v, d) for u in keep for v, keyed in succ[u].items() if v in keep for d in keyed.values()]
    for u, v, d in sorted(kept, key=lambda e: (e[0], e[1], str(e[2].get("kind", "")))):
        w = d.get("weight", 1)
        edges.append({"from": u, "to": v, "kind": str(d.get("kind", "")),
                      "weight": w if isinstance(w, (int, float)) and not isinstance(w, bool) else 1})
    timeline = timeline_layout(nodes, edges, clusters)
    kinds = {}
    for order, (k, (color, name, _)) in enumerate(KIND_STYLE.items()):
        count = sum(1 for x in nodes if x["kind"] == k)
        if count:
            kinds[k] = {"color": color, "label": name, "count": count, "order": order}
    for k, count in sorted(Counter(x["kind"] for x in nodes if x["kind"] not in KIND_STYLE).items()):
        kinds[k] = {"color": "#868e96", "label": k, "count": count, "order": len(kinds) + 10}
    return {
        "meta": {"title": title, "generator": f"litgraph {__version__}", "nodes_total": total,
                 "nodes_shown": len(nodes), "cut_note": cut_note, "labelled": LABELLED,
                 "size_note": f"Node size: {size_by.replace('_', ' ')}"
                              + (" (the combined core-source score)" if size_by == "score" else "") + "."},
        "kinds": kinds, "clusters": clusters, "edge_colors": EDGE_COLORS, "nodes": nodes, "edges": edges,
        "timeline": timeline,
    }


def node_clusters(g: nx.MultiDiGraph) -> tuple[dict, set]:
    """Each node's co-citation cluster for colouring: {node: cluster id as str}, and the papers placed by what they cite.

    The cluster analysis puts cited works in co-citation clusters and corpus papers in coupling
    clusters, two partitions with their own names. One legend reads better than two, so a paper takes
    the co-citation cluster most of its cited works belong to (its research front, as CiteSpace
    draws citing articles by the clusters they cite); ties go to the larger cluster, then the lower
    id. Its coupling cluster stays in its details. Papers that cite no clustered work stay uncoloured.
    """
    attrs, succ, _ = _raw(g)
    own = {n: str(d["cluster"]) for n, d in attrs.items() if d.get("cluster") is not None}
    size = Counter(own.values())
    via = set()
    for n, d in attrs.items():
        if n in own or d.get("kind") != "paper":
            continue
        votes = Counter(own[v] for v, keyed in succ[n].items() if v in own
                        for e in keyed.values() if e.get("kind") == "cites")
        if votes:
            own[n] = min(votes, key=lambda c: (-votes[c], -size[c], c))
            via.add(n)
    return own, via


def _clusters(g: nx.MultiDiGraph, keep: set, own: dict) -> dict:
    """{id: {label, size, shown, color, order}} from the nodes' clusters (node_clusters) and graph.graph["clusters"], or {}.

    `size` counts the nodes of the whole graph coloured so, `shown` those on the page."""
    counts = Counter(own[n] for n in keep if n in own)
    if not counts:
        return {}
    total = Counter(own.values())
    named = g.graph.get("clusters") if isinstance(g.graph.get("clusters"), dict) else {}
    named = {str(k): v for k, v in named.items() if isinstance(v, dict)}
    out = {}
    for i, (cid, count) in enumerate(sorted(counts.items(), key=lambda kv: (-kv[1], _natural(kv[0])))):
        label = named.get(cid, {}).get("label")
        out[cid] = {"label": str(label) if label not in (None, "") else f"cluster {cid}", "shown": count,
                    "size": total[cid], "color": CLUSTER_COLORS[i] if i < len(CLUSTER_COLORS) else "#adb5bd",
                    "order": i}
    return out


def _natural(cid: str) -> tuple:
    """Cluster ids in number order where they are numbers ("4" before "10")."""
    return (0, int(cid), "") if cid.isdigit() else (1, 0, cid)


def _burst(b) -> dict | None:
    """A node's citation burst as numbers only, or None when absent or malformed."""
    if not isinstance(b, dict):
        return None
    try:
        start, end = int(b["start"]), int(b["end"])
        strength = float(b.get("strength", 0))
    except (KeyError, TypeError, ValueError, OverflowError):
        return None
    if end < start or not math.isfinite(strength):
        return None
    return {"start": start, "end": end, "strength": round(strength, 3)}


CELL = 24  # timeline grid step, in layout units


def timeline_layout(nodes: list[dict], edges: list[dict], clusters: dict) -> dict:
    """Works placed by year (x) and by cluster, or by kind without clusters (y lanes): the timeline view.

    Sets node["tx"], node["ty"] on every node with a year; any node kind and
    any cluster gets a lane, so nothing is unplaceable. Each (year, lane) cell
    stacks its nodes in a small grid, best first. Returns the axis (years and
    their x), the lanes (label and y range) and what the view cannot show.
    """
    dated = [n for n in nodes if n["year"] is not None]
    by_cluster = bool(clusters)
    if by_cluster:
        lane_of = {cid: c["order"] for cid, c in clusters.items()}
        lanes = [{"key": cid, "label": c["label"], "color": c["color"]} for cid, c in
                 sorted(clusters.items(), key=lambda kv: kv[1]["order"])]
        lanes.append({"key": None, "label": "no cluster", "color": "#adb5bd"})

        def lane(n):
            return lane_of.get(n.get("cluster"), len(lanes) - 1)
    else:
        kinds = sorted({n["kind"] for n in nodes},
                       key=lambda k: (list(KIND_STYLE).index(k) if k in KIND_STYLE else len(KIND_STYLE), k))
        lane_of = {k: i for i, k in enumerate(kinds)}
        lanes = [{"key": k, "label": KIND_STYLE[k][1] if k in KIND_STYLE else k,
                  "color": KIND_STYLE[k][0] if k in KIND_STYLE else "#868e96"} for k in kinds]

        def lane(n):
            return lane_of[n["kind"]]
    years = sorted({n["year"] for n in dated})
    col = {y: i for i, y in enumerate(years)}
    cells: dict[tuple[int, int], list[dict]] = {}
    for n in dated:
        cells.setdefault((col[n["year"]], lane(n)), []).append(n)
    width = {c: 1 for c in range(len(years))}
    for (c, _), members in cells.items():
        width[c] = max(width[c], math.ceil(math.sqrt(len(members) / 3)))  # cells taller than wide
    x0, x = {}, 0.0
    for c in range(len(years)):
        x0[c] = x
        x += (width[c] + 1) * CELL
    lane_top, y = {}, 0.0
    used = sorted({ln for _, ln in cells})
    for ln in used:
        lane_top[ln] = y
        tallest = max(math.ceil(len(ms) / width[c]) for (c, k), ms in cells.items() if k == ln)
        lanes[ln]["y0"], lanes[ln]["y1"] = y, y + tallest * CELL
        y += (tallest + 1.5) * CELL
    for (c, ln), members in cells.items():
        members.sort(key=lambda n: (n["rank"], n["id"]))
        w = width[c]
        for i, n in enumerate(members):
            n["tx"] = round(x0[c] + (i % w) * CELL, 1)
            n["ty"] = round(lane_top[ln] + (i // w) * CELL, 1)
    by_id = {n["id"]: n for n in dated}
    arcs = sum(1 for e in edges if e["kind"] == "cites" and e["from"] in by_id and e["to"] in by_id)
    problems = []
    if not dated:
        problems.append("No node drawn here has a year, so nothing can be placed in time.")
    elif len(years) == 1:
        problems.append(f"Every dated node is from {years[0]}: the timeline has a single year.")
    if dated and not arcs:
        problems.append("No citations link the dated nodes shown (papers citing works of the graph), "
                        "so there are no arcs to draw.")
    if len(dated) < len(nodes):
        problems.append(f"{len(nodes) - len(dated):,} of {len(nodes):,} nodes have no year and are not on the "
                        "timeline.")
    return {"by": "cluster" if by_cluster else "kind", "lanes": [ln for i, ln in enumerate(lanes) if i in lane_top],
            "axis": [{"year": yr, "x": x0[col[yr]]} for yr in years], "arcs": arcs, "notes": problems}


@paused_gc()  # many new lists and dicts, none garbage until the page is made
def to_html(g: nx.MultiDiGraph, size_by: str = "score", max_nodes: int = MAX_NODES, title: str = "litgraph") -> str:
    return render_page(page_data(g, size_by, max_nodes, title))


def render_page(data: dict) -> str:
    """The page around `page_data`'s result: styles, data, vendored scripts and ours, inlined."""
    title = data["meta"]["title"]
    page = _asset("page.html")
    parts = {"{{CSS}}": _asset("page.css"), "{{DATA}}": embed_json(data), "{{VENDOR}}": _vendor_js(),
             "{{APP}}": _asset("page.js"), "{{TITLE}}": html.escape(title), "{{GENERATOR}}": f"litgraph {__version__}"}
    # One pass, so text inside one part is never read as another part's marker.
    return re.sub(r"\{\{(CSS|DATA|VENDOR|APP|TITLE|GENERATOR)\}\}", lambda mt: parts[mt.group(0)], page)
