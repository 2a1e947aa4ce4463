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
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")  # and lone surrogates (no UTF-8)


def _attrs(d: dict, scalar: bool) -> dict:
    out = {}
    for k in sorted(d):
        v = d[k]
        if v is None:
            continue
        if scalar:
            t = type(v)
            if t is str:
                if not v.isprintable():  # C-speed test first: most values hold no control character
                    v = _CONTROL.sub("", v)
            elif t is int or t is float or t is bool:
                pass
            elif t is dict:
                # {"wos": ..., "pmid": ...} becomes ids_wos, ids_pmid: one column each in Gephi.
                for sub in sorted(v):
                    if v[sub] is not None:
                        out[f"{k}_{sub}"] = _CONTROL.sub("", str(v[sub]))
                continue
            elif t is list or t is tuple or t is set:
                if not v:
                    continue
                v = _CONTROL.sub("", "; ".join(str(x) for x in v))
            elif isinstance(v, (int, float)):  # bool and int subclasses (numpy's are not)
                pass
            else:
                v = _CONTROL.sub("", str(v))
        out[k] = v
    return out


def to_json(g: nx.MultiDiGraph) -> str:
    """networkx node-link JSON: every node with id, kind, label; every edge with kind."""
    # networkx's node_link_data of the sorted graph, built straight from g (no sorted copy of the graph)
    data = {"directed": True, "multigraph": True, "graph": {},
            "nodes": [{**_attrs(g.nodes[n], False), "id": n} for n in sorted(g.nodes)],
            "links": [{**_attrs(d, False), "source": u, "target": v, "key": k} for u, v, k, d in
                      sorted(g.edges(keys=True, data=True), key=lambda e: (e[0], e[1], str(e[2])))]}
    # One node or link per line through json's C encoder: `indent` would fall back to the
    # pure-Python one, which took 12 s of a 2,000-record export's build.
    # one encoder for every line: json.dumps with options makes a new JSONEncoder per call
    dump = json.JSONEncoder(ensure_ascii=False, sort_keys=True).encode

    parts = []
    for key in sorted(data):
        value = data[key]
        if isinstance(value, list) and value:
            parts.append(f"{dump(key)}: [\n" + ",\n".join(dump(v) for v in value) + "\n]")
        else:
            parts.append(f"{dump(key)}: {dump(value)}")
    return "{\n" + ",\n".join(parts) + "\n}\n"


def _xml_type(values) -> str:
    """GraphML's type for one attribute's values (GEXF spells `long` as `long` too)."""
    kinds = {type(v) for v in values}
    if kinds == {bool}:
        return "boolean"
    if kinds == {int}:
        return "long"
    if kinds <= {int, float}:
        return "double"
    return "string"


def _xml_value(v, typ: str) -> str:
    return _FORMAT[typ](v)


_FORMAT = {"boolean": lambda v: "true" if v else "false", "double": lambda v: repr(float(v)), "long": str,
           "string": lambda v: _escape(str(v))}


def _escape(text: str) -> str:
    if ("&" not in text and "<" not in text and ">" not in text and '"' not in text
            and text.isprintable()):  # most values: nothing to do
        return text
    return _CONTROL.sub("", text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;") \
        .replace('"', "&quot;")


def _scalar_tables(g: nx.MultiDiGraph):
    """Nodes and edges sorted, with their scalar attributes, and each attribute's type."""
    nodes = [(n, _attrs(g.nodes[n], True)) for n in sorted(g.nodes)]
    edges = [(u, v, k, _attrs(d, True)) for u, v, k, d in
             sorted(g.edges(keys=True, data=True), key=lambda e: (e[0], e[1], str(e[2])))]
    node_values: dict[str, list] = {}
    for _, d in nodes:
        for k, v in d.items():
            node_values.setdefault(k, []).append(v)
    edge_values: dict[str, list] = {}
    for *_, d in edges:
        for k, v in d.items():
            edge_values.setdefault(k, []).append(v)
    return (nodes, edges, {k: _xml_type(v) for k, v in node_values.items()},
            {k: _xml_type(v) for k, v in edge_values.items()})


def to_graphml(g: nx.MultiDiGraph) -> str:
    """GraphML (directed, parallel edges with their keys as ids), written line by line: networkx's
    writer builds an ElementTree of the whole graph first (14 s of a 2,000-record export's build);
    this one gives the same graph back through nx.read_graphml, about ten times faster."""
    nodes, edges, ntypes, etypes = _scalar_tables(g)
    out = ["<?xml version='1.0' encoding='utf-8'?>\n"
           '<graphml xmlns="http://graphml.graphdrawing.org/xmlns" '
           'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
           'xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns '
           'http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">\n']
    nkey, ekey = {}, {}
    for scope, types, keys in (("node", ntypes, nkey), ("edge", etypes, ekey)):
        for name in sorted(types):
            keys[name] = f"d{len(nkey) + len(ekey)}"
            out.append(f'  <key id="{keys[name]}" for="{scope}" attr.name="{_escape(name)}" '
                       f'attr.type="{types[name]}"/>\n')
    out.append('  <graph edgedefault="directed">\n')
    add = out.append
    for keys, types in ((nkey, ntypes), (ekey, etypes)):  # name -> (opening tag, formatter)
        for name in keys:
            keys[name] = (f'      <data key="{keys[name]}">', _FORMAT[types[name]])
    # one string per node and edge (appending each tag and value alone was 4.6 M appends at 100k)
    for n, d in nodes:
        add(f'    <node id="{_escape(str(n))}">\n'
            + "".join([nkey[k][0] + nkey[k][1](v) + "</data>\n" for k, v in d.items()]) + "    </node>\n")
    for u, v, k, d in edges:
        add(f'    <edge source="{_escape(str(u))}" target="{_escape(str(v))}" id="{_escape(str(k))}">\n'
            + "".join([ekey[a][0] + ekey[a][1](x) + "</data>\n" for a, x in d.items()]) + "    </edge>\n")
    out.append("  </graph>\n</graphml>\n")
    return "".join(out)


def to_gexf(g: nx.MultiDiGraph) -> str:
    """GEXF 1.2 as Gephi reads it (a node's `label` in GEXF's own label slot, an edge's `weight` in its
    weight slot, the rest as typed attributes), written line by line as to_graphml is."""
    nodes, edges, ntypes, etypes = _scalar_tables(g)
    ntypes.pop("label", None)
    # the edge's key, under the name networkx's GEXF reader restores a multigraph's keys from
    edges = [(u, v, k, {**d, "networkx_key": k}) for u, v, k, d in edges]
    if edges:
        etypes["networkx_key"] = _xml_type([k for _, _, k, _ in edges])
    if etypes.get("weight") in ("long", "double"):
        etypes.pop("weight")
    out = ["<?xml version='1.0' encoding='utf-8'?>\n"
           '<gexf xmlns="http://www.gexf.net/1.2draft" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
           'xsi:schemaLocation="http://www.gexf.net/1.2draft http://www.gexf.net/1.2draft/gexf.xsd" version="1.2">\n'
           "  <meta>\n    <creator>litgraph</creator>\n  </meta>\n"
           '  <graph defaultedgetype="directed" mode="static" name="">\n']
    ids: dict[str, dict[str, str]] = {"node": {}, "edge": {}}
    count = 0
    for scope, types in (("edge", etypes), ("node", ntypes)):
        if not types:
            continue
        out.append(f'    <attributes mode="static" class="{scope}">\n')
        for name in sorted(types):
            ids[scope][name] = str(count)
            count += 1
            out.append(f'      <attribute id="{ids[scope][name]}" title="{_escape(name)}" type="{types[name]}" />\n')
        out.append("    </attributes>\n")

    def attvalues(d: dict, types: dict, scope: str, indent: str) -> None:
        vals = [(k, v) for k, v in d.items() if k in types]
        if not vals:
            return
        out.append(f"{indent}<attvalues>\n")
        out.extend(f'{indent}  <attvalue for="{ids[scope][k]}" value="{_xml_value(v, types[k])}" />\n'
                   for k, v in vals)
        out.append(f"{indent}</attvalues>\n")

    out.append("    <nodes>\n")
    for n, d in nodes:
        out.append(f'      <node id="{_escape(str(n))}" label="{_escape(str(d.get("label", n)))}">\n')
        attvalues(d, ntypes, "node", "        ")
        out.append("      </node>\n")
    out.append("    </nodes>\n    <edges>\n")
    for i, (u, v, k, d) in enumerate(edges):
        weight = d.get("weight")
        w = f' weight="{_xml_value(weight, "double")}"' if "weight" not in etypes and weight is not None else ""
        out.append(f'      <edge source="{_escape(str(u))}" target="{_escape(str(v))}" id="{i}"{w}>\n')
        attvalues(d, etypes, "edge", "        ")
        out.append("      </edge>\n")
    out.append("    </edges>\n  </graph>\n</gexf>\n")
    return "".join(out)


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
