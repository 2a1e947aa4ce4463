"""The graph in the formats other tools read: node-link JSON, GraphML, GEXF, CSV.

Output is deterministic (nodes and edges sorted, attributes in a fixed
order), so the same inputs give byte-identical files. GraphML and GEXF allow
only scalar attributes: lists are joined with "; ", None is left out, so Gephi
and Cytoscape open the files without complaint.
"""
from __future__ import annotations

import csv
import io
import json
import re

import networkx as nx


def _sorted_graph(g: nx.MultiDiGraph, scalar: bool) -> nx.MultiDiGraph:
    out = nx.MultiDiGraph()
    for n in sorted(g.nodes):
        out.add_node(n, **_attrs(g.nodes[n], scalar))
    for u, v, k, d in sorted(g.edges(keys=True, data=True), key=lambda e: (e[0], e[1], str(e[2]))):
        out.add_edge(u, v, key=k, **_attrs(d, scalar))
    return out


# XML 1.0 cannot hold these at all (GraphML and GEXF would be invalid): they go.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _attrs(d: dict, scalar: bool) -> dict:
    out = {}
    for k in sorted(d):
        v = d[k]
        if v is None:
            continue
        if scalar:
            if isinstance(v, dict):
                # {"wos": ..., "pmid": ...} becomes ids_wos, ids_pmid: one column each in Gephi.
                for sub in sorted(v):
                    if v[sub] is not None:
                        out[f"{k}_{sub}"] = _CONTROL.sub("", str(v[sub]))
                continue
            if isinstance(v, (list, tuple, set)):
                if not v:
                    continue
                v = "; ".join(str(x) for x in v)
            elif not isinstance(v, (str, int, float, bool)):
                v = str(v)
            if isinstance(v, str):
                v = _CONTROL.sub("", v)
        out[k] = v
    return out


def to_json(g: nx.MultiDiGraph) -> str:
    """networkx node-link JSON: every node with id, kind, label; every edge with kind."""
    data = nx.node_link_data(_sorted_graph(g, scalar=False), edges="links")
    # One node or link per line through json's C encoder: `indent` would fall back to the
    # pure-Python one, which took 12 s of a 2,000-record export's build.
    def dump(v):
        return json.dumps(v, ensure_ascii=False, sort_keys=True)

    parts = []
    for key in sorted(data):
        value = data[key]
        if isinstance(value, list) and value:
            parts.append(f"{dump(key)}: [\n" + ",\n".join(dump(v) for v in value) + "\n]")
        else:
            parts.append(f"{dump(key)}: {dump(value)}")
    return "{\n" + ",\n".join(parts) + "\n}\n"


def to_graphml(g: nx.MultiDiGraph) -> str:
    buf = io.BytesIO()
    nx.write_graphml(_sorted_graph(g, scalar=True), buf, encoding="utf-8", prettyprint=True)
    return buf.getvalue().decode("utf-8")


def to_gexf(g: nx.MultiDiGraph) -> str:
    buf = io.BytesIO()
    h = _sorted_graph(g, scalar=True)
    # Gephi shows `label`; GEXF keeps its own label slot, so move ours there.
    nx.write_gexf(h, buf, encoding="utf-8", prettyprint=True, version="1.2draft")
    text = buf.getvalue().decode("utf-8")
    # networkx stamps the date of writing; drop it so output is the same every run.
    return re.sub(r'\s*lastmodifieddate="[^"]*"', "", text)


def to_csv(g: nx.MultiDiGraph) -> tuple[str, str]:
    """(nodes.csv, edges.csv) text."""
    h = _sorted_graph(g, scalar=True)
    node_cols = ["id", "kind", "label"] + sorted({k for _, d in h.nodes(data=True) for k in d} - {"kind", "label"})
    nbuf = io.StringIO()
    w = csv.writer(nbuf, lineterminator="\n")
    w.writerow(node_cols)
    for n, d in h.nodes(data=True):
        w.writerow([n] + [_cell(d.get(c)) for c in node_cols[1:]])
    edge_cols = ["source", "target", "kind"] + sorted({k for *_, d in h.edges(data=True) for k in d} - {"kind"})
    ebuf = io.StringIO()
    w = csv.writer(ebuf, lineterminator="\n")
    w.writerow(edge_cols)
    for u, v, d in h.edges(data=True):
        w.writerow([u, v] + [_cell(d.get(c)) for c in edge_cols[2:]])
    return nbuf.getvalue(), ebuf.getvalue()


def _cell(v) -> str:
    if v is None:
        return ""
    s = str(v)
    # Spreadsheets run cells that start with = + - @ as formulas: keep them text.
    return "'" + s if s[:1] in ("=", "+", "-", "@") and not _number(s) else s


def _number(s: str) -> bool:
    try:
        float(s)
        return True
    except ValueError:
        return False
