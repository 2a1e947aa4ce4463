"""Co-authorship and keyword networks (analysis.networks) in the formats other tools read.

GraphML and GEXF go through the graph writers of export.formats; the page
through export.html's page (sigma.js), with the network's own sizes (documents),
colours by cluster and legend names; the CSV is an edge list with both ends'
labels; VOSviewer gets its map and network files (tab-separated: a map file of
items with id, label, cluster and weight<...> columns, a network file of
"id1 id2 strength" lines; app.vosviewer.com/docs/file-types/map-and-network-file-type),
which VOSviewer opens with "Create map > Read data from VOSviewer files" and lays out itself.
"""
from __future__ import annotations

import csv
import io
import math

from ..analysis.networks import NODE_KIND, Network, to_graph
from .formats import _cell, to_gexf, to_graphml

TITLES = {"authors": "Co-authorship: authors", "institutions": "Co-authorship: institutions",
          "countries": "Co-authorship: countries", "keywords": "Keyword co-occurrence"}
# Colours for the legend when the network has no clusters (one kind per page).
KIND_COLORS = {"author": "#ae3ec9", "institution": "#1971c2", "country": "#2b8a3e", "keyword": "#e8590c"}
KIND_NAMES = {"author": "Authors", "institution": "Institutions", "country": "Countries", "keyword": "Keywords"}


def graphml(net: Network) -> str:
    return to_graphml(to_graph(net))


def gexf(net: Network) -> str:
    return to_gexf(to_graph(net))


def csv_edges(net: Network) -> str:
    """One line per link: both ends' ids and labels, the chosen weight and the others."""
    label = {n["id"]: n["label"] for n in net.nodes}
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(["source", "target", "source_label", "target_label", "weight", "documents", "fractional",
                "association_strength"])
    for e in net.edges:
        w.writerow([_cell(e["source"]), _cell(e["target"]), _cell(label[e["source"]]), _cell(label[e["target"]]),
                    e["weight"], e["documents"], e["fractional"], e["association_strength"]])
    return buf.getvalue()


def _vos_text(text: str) -> str:
    """A label as VOSviewer reads it: one line, no tab, quoted when it holds a comma or semicolon
    (VOSviewer's rule), with no double quote inside."""
    text = " ".join(str(text).split()).replace('"', "'")
    return f'"{text}"' if ("," in text or ";" in text) else text


def vosviewer(net: Network) -> tuple[str, str]:
    """(map file, network file) text. Items are numbered 1.. in the network's order (best first)."""
    number = {n["id"]: i for i, n in enumerate(net.nodes, 1)}
    has_cites = any(n.get("citations") is not None for n in net.nodes)
    cols = ["id", "label", "cluster", "weight<Links>", "weight<Total link strength>", "weight<Documents>"]
    if has_cites:
        cols += ["weight<Citations>", "score<Avg. citations>"]
    lines = ["\t".join(cols)]
    for n in net.nodes:
        row = [str(number[n["id"]]), _vos_text(n["label"]), str(n.get("cluster") or 1), str(n["links"]),
               str(n["link_strength"]), str(n["documents"])]
        if has_cites:
            c = n.get("citations") or 0
            row += [str(c), str(round(c / n["documents"], 4) if n["documents"] else 0)]
        lines.append("\t".join(row))
    links = [f"{number[e['source']]}\t{number[e['target']]}\t{e['weight']}" for e in net.edges]
    return "\n".join(lines) + "\n", "\n".join(links) + ("\n" if links else "")


def page(net: Network, title: str | None = None, max_nodes: int = 5000) -> tuple[str, dict]:
    """The network as litgraph's page (export.html): sized by documents, coloured by cluster.

    The page's metrics are the network's own (documents as the score, citations where known),
    handed to the page writer before it asks, so no citation-graph metric is computed for a
    graph that has no citations."""
    from ..analysis.centrality import METRICS, remember
    from .html import page_data, render_page

    g = to_graph(net)
    docs = {n["id"]: float(n["documents"]) for n in net.nodes}
    cites = {n["id"]: float(n.get("citations") or 0) for n in net.nodes}
    strength = {n["id"]: float(n["link_strength"]) for n in net.nodes}
    m = {k: {} for k in METRICS}
    m.update({"score": docs, "cited_by": docs, "citations": cites, "core": strength})
    remember(g, m)
    data = page_data(g, size_by="score", max_nodes=max_nodes, title=title or TITLES[net.kind])
    kind = NODE_KIND[net.kind]
    if kind in data["kinds"]:
        data["kinds"][kind].update(color=KIND_COLORS[kind], label=KIND_NAMES[kind])
    by_id = {n["id"]: n for n in net.nodes}
    for node in data["nodes"]:
        n = by_id[node["id"]]
        node["size"] = round(3 + 17 * math.sqrt(n["documents"] / max(docs.values())), 2)
        # The details panel shows `summary` as it is: the counts a VOSviewer user looks for.
        cites = f", {n['citations']:,} citations" if n.get("citations") is not None else ""
        node["details"] = {"summary": f"{n['documents']:,} documents{cites}; {n['links']:,} links, total link "
                                      f"strength {n['link_strength']}"}
        if n.get("ambiguous"):
            node["details"]["note"] = "A name two people share in these records; these documents name neither."
    data["meta"]["undirected"] = True
    data["meta"]["size_note"] = "Node size: documents. Links: co-occurrence in a document " \
                                f"({net.counting} counting)."
    notes = list(net.notes)
    if data["meta"].get("cut_note"):
        notes.append(data["meta"]["cut_note"])
    data["meta"]["cut_note"] = " ".join(notes) or None
    return render_page(data), data


def network_text(net: Network, show: int = 20) -> str:
    """The network for a terminal: what it was made of, the top items and the strongest links."""
    one = {"authors": "author", "institutions": "institution", "countries": "country", "keywords": "keyword"}
    what = net.kind if len(net.nodes) != 1 else one[net.kind]
    links = "links" if len(net.edges) != 1 else "link"
    head = (f"{TITLES[net.kind]}: {len(net.nodes):,} {what}, {len(net.edges):,} {links}, from {net.with_data:,} of "
            f"{net.records:,} records ({net.counting} counting")
    if net.settings.get("min_occurrences", 1) > 1:
        head += f", in at least {net.settings['min_occurrences']} documents"
    if net.kind == "keywords":
        head += f", {net.settings.get('keywords')} keywords"
    out = [head + ")"]
    if not net.nodes:
        out.append("nothing to show: " + (net.notes[-1] if net.notes else "no items"))
        return "\n".join(out) + "\n"
    has_cites = any(n.get("citations") is not None for n in net.nodes)
    width = min(48, max(len(n["label"]) for n in net.nodes[:show]))
    out.append("")
    out.append(f"{'#':>3}  {'label':<{width}}  {'docs':>5}  {'cites':>6}  {'links':>5}  {'strength':>8}  cluster")
    for i, n in enumerate(net.nodes[:show], 1):
        label = n["label"] if len(n["label"]) <= width else n["label"][: width - 1] + "…"
        cites = str(n["citations"]) if has_cites and n.get("citations") is not None else "-"
        flag = "  (ambiguous name)" if n.get("ambiguous") else ""
        out.append(f"{i:>3}  {label:<{width}}  {n['documents']:>5}  {cites:>6}  {n['links']:>5}  "
                   f"{n['link_strength']:>8}  {n.get('cluster') or '-'}{flag}")
    if len(net.nodes) > show:
        out.append(f"  … {len(net.nodes) - show:,} more (--show N, or --format json)")
    if net.edges:
        label = {n["id"]: n["label"] for n in net.nodes}
        out.append("")
        out.append("strongest links:")
        for e in net.edges[:min(show, 10)]:
            out.append(f"  {label[e['source']]} — {label[e['target']]}: {e['weight']} "
                       f"({e['documents']} documents, association strength {e['association_strength']})")
    return "\n".join(out) + "\n"
