"""The interactive network: one self-contained HTML file that works offline.

The page inlines vis-network (the renderer pyvis bundles) and our own small
interface: colour by kind, size by a chosen centrality, a legend, a details
panel with the full reference and the node's neighbours, search, filters by
kind and by year range. pyvis's own page template is not used: it loads
Bootstrap and TomSelect from CDNs even in its "in_line" mode.

Size: up to PHYSICS_LIMIT nodes the forces run until they settle and then
stop; above it a timeline layout is computed here (x = year, nodes of a year
in a grid) so the first frame comes at once; above `max_nodes` only the
highest-scoring nodes are drawn and the page says what was left out.

Safety: every string from the inputs travels as JSON data (with <, >, & and
line separators escaped, so no title can close the script element) and is
put in the page with textContent/innerText; a Content-Security-Policy forbids
any network request.
"""
from __future__ import annotations

import html
import json
import math
from importlib import resources

import networkx as nx

from .. import __version__

PHYSICS_LIMIT = 1500
MAX_NODES = 5000
KIND_STYLE = {
    "paper": ("#3451b2", "Papers of the corpus"),
    "work": ("#8d99a6", "Cited works"),
    "theory": ("#d9480f", "Theories"),
    "case": ("#2b8a3e", "SME cases"),
    "author": ("#ae3ec9", "Authors"),
}
EDGE_COLORS = {"cites": "#9aa5b1", "discusses": "#f08c5a", "studies": "#69b97f", "originates_in": "#d9480f",
               "revised_in": "#e8590c", "revises": "#c2255c", "derives_from": "#ae3ec9", "related_to": "#dee2e6",
               "uses_theory": "#74b816", "reported_in": "#20c997", "wrote": "#e5dbff"}
SIZE_METRICS = ("score", "cited_by", "citations", "pagerank", "betweenness", "authority", "core")
_DETAIL_KEYS = ("authors", "year", "title", "container", "volume", "issue", "pages", "doi", "url", "publisher",
                "type", "summary", "sector", "place", "entry_modes", "markets", "aliases", "note", "cited_by",
                "year_note", "names", "works")


def _asset(path: str) -> str:
    return (resources.files("litgraph") / "static" / path).read_text("utf-8")


def _vis_js() -> str:
    import pyvis

    src = resources.files(pyvis) / "lib" / "vis-9.1.2" / "vis-network.min.js"
    text = src.read_text("utf-8")
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


def page_data(g: nx.MultiDiGraph, size_by: str = "score", max_nodes: int = MAX_NODES, title: str = "litgraph") -> dict:
    """What the page draws: nodes, edges, kinds and notes (plain data, no markup)."""
    if size_by not in SIZE_METRICS:
        raise ValueError(f"cannot size by '{size_by}' (choose from {', '.join(SIZE_METRICS)})")
    from ..analysis.centrality import metrics

    total = g.number_of_nodes()
    m = metrics(g) if total else {k: {} for k in SIZE_METRICS}
    order = sorted(g.nodes, key=lambda n: (-m["score"].get(n, 0), -(g.nodes[n].get("cited_by") or 0), n))
    keep = set(order[:max_nodes])
    cut_note = None
    if total > max_nodes:
        left = [g.nodes[n]["kind"] for n in order[max_nodes:]]
        from collections import Counter

        what = ", ".join(f"{c} {k}s" for k, c in Counter(left).most_common())
        cut_note = (f"Showing the {max_nodes:,} highest-scoring of {total:,} nodes; left out: {what} "
                    "(the lowest core-source scores). The JSON and GraphML exports hold the whole graph.")
    values = m[size_by]
    top = max((values.get(n, 0) for n in keep), default=0) or 1
    nodes = []
    for n in sorted(keep):
        d = g.nodes[n]
        label = str(d.get("label") or n.split(":", 1)[-1] or n)
        year = d.get("year") or d.get("year_estimate")
        details = {k: d[k] for k in _DETAIL_KEYS if d.get(k) not in (None, [], "")}
        size = 8 + 28 * math.sqrt(max(values.get(n, 0), 0) / top)
        nodes.append({"id": n, "kind": d.get("kind", "work"), "label": label, "short": _short(label),
                      "year": year if isinstance(year, int) else None, "size": round(size, 2), "details": details})
    edges = []
    for u, v, d in sorted(g.edges(data=True), key=lambda e: (e[0], e[1], e[2].get("kind", ""))):
        if u in keep and v in keep:
            edges.append({"from": u, "to": v, "kind": d.get("kind", ""), "weight": d.get("weight", 1)})
    layout = "physics" if len(nodes) <= PHYSICS_LIMIT else "timeline"
    if layout == "timeline":
        _timeline(nodes, m["score"])
    kinds = {}
    for order, (k, (color, name)) in enumerate(KIND_STYLE.items()):
        count = sum(1 for x in nodes if x["kind"] == k)
        if count:
            kinds[k] = {"color": color, "label": name, "count": count, "order": order}
    return {
        "meta": {"title": title, "generator": f"litgraph {__version__}", "nodes_total": total,
                 "nodes_shown": len(nodes), "cut_note": cut_note, "layout": layout,
                 "size_note": f"Node size: {size_by.replace('_', ' ')}"
                              + (" (the combined core-source score)" if size_by == "score" else "") + "."},
        "kinds": kinds, "edge_colors": EDGE_COLORS, "nodes": nodes, "edges": edges,
    }


def _timeline(nodes: list[dict], score: dict) -> None:
    """x by year, each year's nodes in a small grid, kinds in bands: instant and readable."""
    by_cell: dict[tuple, list[dict]] = {}
    years = sorted({n["year"] for n in nodes if n["year"] is not None})
    col = {y: i for i, y in enumerate(years)}
    for n in nodes:
        key = (col.get(n["year"], -1), n["kind"])
        by_cell.setdefault(key, []).append(n)
    width = {}
    for (c, _), members in by_cell.items():
        width[c] = max(width.get(c, 0), math.ceil(math.sqrt(len(members))))
    x0 = {}
    x = 0.0
    for c in sorted(width):
        x0[c] = x
        x += (width[c] + 1) * 36
    band = {"theory": 0, "paper": 1, "case": 2, "work": 3}
    band_top = {}
    y = 0.0
    for kind in sorted(band, key=band.get):
        band_top[kind] = y
        tallest = max((math.ceil(len(ms) / max(width[c], 1)) for (c, k), ms in by_cell.items() if k == kind), default=0)
        y += (tallest + 2) * 36
    for (c, kind), members in by_cell.items():
        members.sort(key=lambda n: (-score.get(n["id"], 0), n["id"]))
        w = max(width[c], 1)
        for i, n in enumerate(members):
            n["x"] = round(x0[c] + (i % w) * 36, 1)
            n["y"] = round(band_top[kind] + (i // w) * 36, 1)


def to_html(g: nx.MultiDiGraph, size_by: str = "score", max_nodes: int = MAX_NODES, title: str = "litgraph") -> str:
    data = page_data(g, size_by, max_nodes, title)
    page = _asset("page.html")
    parts = {"{{CSS}}": _asset("page.css"), "{{DATA}}": embed_json(data), "{{VIS}}": _vis_js(),
             "{{APP}}": _asset("page.js"), "{{TITLE}}": html.escape(title), "{{GENERATOR}}": f"litgraph {__version__}"}
    # One pass, so text inside one part is never read as another part's marker.
    import re

    return re.sub(r"\{\{(CSS|DATA|VIS|APP|TITLE|GENERATOR)\}\}", lambda mt: parts[mt.group(0)], page)
