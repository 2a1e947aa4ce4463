"""The graph in the formats other tools read: node-link JSON, GraphML, GEXF, CSV.

Output is deterministic (nodes and edges sorted, attributes in a fixed
order), so the same inputs give byte-identical files. GraphML and GEXF allow
only scalar attributes: lists are joined with "; ", None is left out, so Gephi
and Cytoscape open the files without complaint.
"""
from __future__ import annotations

import csv
import io
import itertools
import json
import operator
import re

import networkx as nx

from ..gcpause import paused_gc


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


def _adjacency(g: nx.MultiDiGraph):
    adj = getattr(g, "_adj", None)
    return adj if isinstance(adj, dict) else g.adj


def _nodes(g: nx.MultiDiGraph) -> tuple[list, list[dict]]:
    """Node ids sorted, and their attribute dicts in that order (from networkx's own node dict where
    it has one: its NodeView costs a Python call a node)."""
    ids = sorted(g.nodes)
    node = getattr(g, "_node", None)
    if not isinstance(node, dict):
        node = g.nodes
    return ids, list(map(node.__getitem__, ids))


def _edges(g: nx.MultiDiGraph, ids: list | None = None) -> list[tuple]:
    """(u, v, key, attrs) sorted by u, v and str(key), read from the adjacency dicts (networkx's
    edge view costs a Python generator step per edge). ids: the nodes sorted, where known (the
    adjacency's keys are the nodes: one sort of them serves both)."""
    adj = _adjacency(g)
    out = []
    add = out.append
    extend = out.extend
    for u in sorted(adj) if ids is None else ids:
        nbrs = adj[u]
        if not nbrs:
            continue  # most cited works cite nothing
        for v in sorted(nbrs) if len(nbrs) > 1 else nbrs:
            keyed = nbrs[v]
            if len(keyed) == 1:
                for k, d in keyed.items():
                    add((u, v, k, d))
            else:
                extend((u, v, k, keyed[k]) for k in sorted(keyed, key=str))  # stable: keys alike as text stay in insertion order
    return out


def _json_encoder():
    """json's C encoder, made once (JSONEncoder.encode makes one per call: 150,000 calls at 100k)."""
    from json import encoder as E

    if E.c_make_encoder is None:  # pragma: no cover - CPython has it
        dump = json.JSONEncoder(ensure_ascii=False, sort_keys=True).encode
        return dump
    enc = E.c_make_encoder({}, json.JSONEncoder().default, E.encode_basestring, None, ": ", ", ", True, False,
                           True)
    return lambda obj: "".join(enc(obj, 0))


class Tables:
    """A graph's nodes and edges in output order, made once for every writer of a build (sorting
    80,000 edges and reading their dicts is 0.3 s a writer on a 2,000-record export).

    ids: node ids sorted; dicts: their attribute dicts; edges: (u, v, key, attrs) sorted by u, v
    and str(key). The dicts are the graph's own (read, never changed): a Tables is for one graph
    as it stands, made again after the graph changes.

    node_groups() and edge_groups() are the rows grouped by the attributes they hold, read a
    column at a time (_group_rows), made once for the JSON and GraphML writers alike, with what
    each text column holds that either format escapes (_scan): a column that holds none is written
    as it is by both, with no text made a value."""

    @paused_gc()
    def __init__(self, g: nx.MultiDiGraph):
        self.ids, self.dicts = _nodes(g)
        self.edges = _edges(g, self.ids if len(self.ids) == len(_adjacency(g)) else None)
        self._grouped: dict[str, list] = {}

    def node_groups(self) -> list[tuple]:
        if "nodes" not in self._grouped:
            self._grouped["nodes"] = _group_rows(self.dicts)
        return self._grouped["nodes"]

    def edge_groups(self) -> list[tuple]:
        if "edges" not in self._grouped:
            self._grouped["edges"] = _group_rows([e[3] for e in self.edges])
        return self._grouped["edges"]

    def id_scan(self) -> str | None:
        """_scan of the node ids where every id is text (the ends of every edge are among them), else None."""
        if "ids" not in self._grouped:
            kinds = set(map(type, self.ids))
            self._grouped["ids"] = _scan(self.ids, kinds) if kinds == {str} else None
        return self._grouped["ids"]


def _group_rows(dicts: list[dict]) -> list[tuple[tuple, list[int], list[tuple], list[set], list]]:
    """The rows grouped by their keys in order: (keys, row numbers, a tuple of values per key, the
    types of each tuple's values, each tuple's _scan).

    The dicts of a group hold its keys in the order of `keys`, so their values, transposed, are
    its columns (C passes over the group, where reading a value at a time costs a dict lookup)."""
    by_keys: dict[tuple, list[int]] = {}
    for i, ks in enumerate(map(tuple, dicts)):
        idx = by_keys.get(ks)
        if idx is None:
            by_keys[ks] = [i]
        else:
            idx.append(i)
    out = []
    for ks, idx in by_keys.items():
        rows = dicts if len(idx) == len(dicts) else [dicts[i] for i in idx]
        # each dict read once, in row order, then transposed: zip over dict views read the dicts a
        # column at a time (a cache miss a value)
        cols = list(zip(*map(tuple, map(dict.values, rows)))) if ks else []
        kinds = [set(map(type, c)) for c in cols]
        out.append((ks, idx, cols, kinds, list(map(_scan, cols, kinds))))
    return out


_SPECIAL = ('"', "\\", "&", "<", ">")  # what JSON (the first two) or XML (all but the second) escapes


def _scan(col, kinds: set) -> str | None:
    """Which of _SPECIAL a column of texts (or of lists of texts; None among them) holds, as one
    text; None for a column of anything else or with a text that is not printable (the control
    characters JSON escapes and XML cannot hold, lone surrogates, and what else isprintable
    refuses). A column holding none of them is its own JSON (in quotes) and its own XML text.

    One C pass over the column joined with a space (printable, and special to neither format)."""
    values = filter(None, col) if _NONE in kinds else col  # "" and [] add nothing to the join
    kinds = kinds - {_NONE}
    if kinds == {str}:
        joined = " ".join(values)
    elif kinds == {list}:
        try:
            joined = " ".join(itertools.chain.from_iterable(values))
        except TypeError:  # something other than text in a list
            return None
    else:
        return None
    if not joined.isprintable():
        return None
    return "".join([c for c in _SPECIAL if c in joined])


@paused_gc()  # many new lists and tuples, none garbage until the text is made
def to_json(g: nx.MultiDiGraph, tables: Tables | None = None, as_bytes: bool = False) -> str | bytes:
    """networkx node-link JSON: every node with id, kind, label; every edge with kind (as_bytes:
    in UTF-8, encoded a line at a time, never as one text: a text is two or four bytes a character
    throughout once one title holds a character beyond Latin-1, and slower to encode whole).

    Written a group of rows at a time (rows holding the same attributes, Tables.node_groups):
    text json would not escape taken as it is, other values encoded a column at a time by json's
    own C functions, each row joined from its group's columns (_join_rows), so the text is what
    json's encoder (sort_keys, None left out) makes of each row's dict, as _json_rows makes it
    row by row (a call of the encoder per row took most of the JSON's 2 s on a 2,000-record export)."""
    t = tables or Tables(g)
    clean_ids = _json_raw(t.id_scan())
    if clean_ids:  # the ids as they are, in quotes: an edge's ends too
        ids, id_slot = t.ids, ('"', '"')
        ends = [list(map(_FIRST, t.edges)), list(map(_SECOND, t.edges))]
    else:
        ids, id_slot = _json_column(t.ids), ("", "")
        text_of = dict(zip(t.ids, ids))  # an edge's ends are nodes: their ids encoded once
        ends = [list(map(text_of.__getitem__, map(_FIRST, t.edges))),
                list(map(text_of.__getitem__, map(_SECOND, t.edges)))]
    keys = [e[2] for e in t.edges]
    keys, *key_slot = _json_slot_column(keys, set(map(type, keys)), None)
    try:
        nodes = _json_groups(t.node_groups(), ("id",), [ids], [id_slot])
        links = _json_groups(t.edge_groups(), ("key", "source", "target"), [keys, *ends],
                             [key_slot, id_slot, id_slot])
    except _NotPlain:
        text = _json_rows(g, t)
        return text.encode("utf-8") if as_bytes else text
    return _json_document(nodes, links, as_bytes)


def _json_rows(g: nx.MultiDiGraph, tables: Tables | None = None) -> str:
    """to_json row by row: each row's dict (None left out, its id or ends added) through json's
    encoder (the reference the grouped writer is tested against, and its fallback)."""
    dump = _json_encoder()
    t = tables or Tables(g)
    nodes = []
    add = nodes.append
    for n, d in zip(t.ids, t.dicts):
        out = {k: v for k, v in d.items() if v is not None}
        out["id"] = n
        add(dump(out))
    links = []
    add = links.append
    for u, v, k, d in t.edges:
        out = {a: x for a, x in d.items() if x is not None}
        out["source"], out["target"], out["key"] = u, v, k
        add(dump(out))
    return _json_document(nodes, links)


class _NotPlain(Exception):
    """A row the grouped JSON writer does not write as the encoder would (a key that is not
    text): to_json falls back to the row-by-row writer."""


def _json_groups(groups: list, extra: tuple[str, ...], extra_texts: list[list], extra_slots: list[tuple]) -> list[str]:
    """Each row as json's encoder writes {its attributes but None, and the `extra` keys (sorted
    names) with their values extra_texts, between the (before, after) of extra_slots}, with
    sort_keys; in row order.

    A group's rows are joined from its columns (_join_rows); an attribute that some rows lack
    (None) is a column of whole entries, separator and name included, "" where it is None, so
    one join serves every row of the group (the extra keys are in every row: a separator always
    has a neighbour)."""
    n = len(extra_texts[0])
    parts = []
    for ks, idx, cols, kinds, scans in groups:
        if not all(type(k) is str for k in ks):
            raise _NotPlain
        # the extra keys replace attributes of their names (out["id"] = n in the row-by-row form)
        specs = {k: (*_json_slot_column(c, kd, sc), _NONE in kd)
                 for k, c, kd, sc in zip(ks, cols, kinds, scans) if k not in extra and kd != {_NONE}}
        every = len(idx) == n
        for k, col, (before, after) in zip(extra, extra_texts, extra_slots):
            specs[k] = (col if every else _pick(col, idx), before, after, False)
        order = sorted(specs)
        first = next(k for k in order if not specs[k][3])
        pieces: list = ["{"]
        for k in order:
            texts, before, after, nullable = specs[k]
            name = _encode_text(k) + ": "
            if not nullable:
                pieces += [("" if k == first else ", ") + name + before, texts, after]
            elif k < first:  # before the first key every row holds: its separator after it
                pieces += _entries(texts, texts, name + before, after + ", ")
            else:
                pieces += _entries(texts, texts, ", " + name + before, after)
        pieces.append("}")
        parts.append((idx, _join_rows(len(idx), pieces)))
    return _scatter(parts, n)


def _xml_raw(scan: str | None) -> bool:
    """A column of that _scan is its own XML text (nothing in it to escape or take out)."""
    return scan is not None and not ("&" in scan or "<" in scan or ">" in scan or '"' in scan)


def _json_raw(scan: str | None) -> bool:
    """A column of that _scan is its own JSON, in quotes (nothing in it json escapes)."""
    return scan is not None and '"' not in scan and "\\" not in scan


def _json_slot_column(col, kinds: set, scan: str | None) -> tuple[list, str, str]:
    """(a column's values as a row is joined from them, what goes before and after each): text
    that json would not escape as it is, between quotes; whole numbers as they are (their str is
    their repr); lists of such text joined, between brackets; anything else encoded (_json_column).
    None where a value is None."""
    plain = kinds - {_NONE}
    if plain == {int}:
        return col, "", ""
    if _json_raw(scan):
        if plain == {str}:
            return col, '"', '"'
        if plain == {list}:  # lists of clean text (_scan): '"a", "b"', or "" for an empty list
            if all(col):  # none empty (authors): the outer quotes go with the brackets
                return list(map('", "'.join, col)), '["', '"]'
            it = iter(list(map('"%s"'.__mod__, map('", "'.join, filter(None, col)))))
            return [next(it) if v else (None if v is None else "") for v in col], "[", "]"
    return _json_column(col, kinds), "", ""


def _join_rows(n: int, pieces: list) -> list[str]:
    """n rows, each the join of `pieces`: texts (the same in every row) and columns (a value a row,
    text or whole numbers). A column of one value throughout is joined into the texts around it
    (the kind and weight of every citation, say), so each row joins only what varies: one C call a
    row ("".join, half the time of a '%' template, which parses itself for every row)."""
    merged: list = []
    for p in pieces:
        if type(p) is not str:
            if not n:
                return []
            if p[0] == p[-1] and p.count(p[0]) == n:  # equal values of one type are the same text
                p = str(p[0])
            elif type(p[0]) is not str:
                p = list(map(str, p))  # whole numbers (a column's values are of one type)
        if type(p) is str and merged and type(merged[-1]) is str:
            merged[-1] += p
        else:
            merged.append(p)
    if all(type(p) is str for p in merged):
        return ["".join(merged)] * n
    return list(map("".join, zip(*[itertools.repeat(p) if type(p) is str else p for p in merged])))


def _entries(texts, present, before: str, after: str) -> list[list]:
    """Three columns, as _join_rows takes them, for a value some rows lack: before, the text and
    after for each row whose value in `present` is not None, "" thrice for the others (each text
    copied once, by the row's join: no entry is made first)."""
    around = itertools.repeat
    return [list(map(_NO_TEXT.get, present, around(before))), list(map(_NO_TEXT.get, present, map(str, texts))),
            list(map(_NO_TEXT.get, present, around(after)))]


def _scatter(parts: list[tuple], n: int) -> list:
    """The texts of (row numbers, texts) parts, which share out the rows 0..n-1, in row order: by
    one sort of the row numbers (runs already in order: near linear), not an assignment a row."""
    if len(parts) == 1:
        return list(parts[0][1])  # one part holds every row, in order
    rows = list(itertools.chain.from_iterable(r for r, _ in parts))
    texts = list(itertools.chain.from_iterable(t for _, t in parts))
    return list(map(texts.__getitem__, sorted(range(n), key=rows.__getitem__)))


def _json_column(col, kinds: set | None = None) -> list:
    """Each value of a column as json's encoder writes it (ensure_ascii off, allow_nan, keys
    sorted), None where the value is None: for the common kinds (text, whole numbers, floats,
    truth values, lists of text) C calls only, the encoder itself a value for anything else."""
    kinds = set(map(type, col)) if kinds is None else set(kinds)
    has_none = _NONE in kinds
    kinds.discard(_NONE)
    if not kinds:
        return [None] * len(col)
    values = [v for v in col if v is not None] if has_none else col
    texts = None
    if len(values) > 1 and len(kinds) == 1 and kinds <= {str, int, bool} and values.count(values[0]) == len(values):
        # one value throughout (every citation's kind and weight): encoded once. Equal values of
        # one of these types are the same text (a str, int or bool is equal only to its equal)
        texts = [_json_column([values[0]], kinds)[0]] * len(values)
    elif kinds == {list} and not any(values):  # only empty lists (the lines of most citations)
        texts = ["[]"] * len(values)
    elif kinds == {str}:
        texts = list(map(_encode_text, values))
    elif kinds == {int}:
        texts = list(map(int.__repr__, values))
    elif kinds == {bool}:
        texts = list(map(_BOOL_JSON.__getitem__, values))
    elif kinds == {float}:
        texts = list(map(float.__repr__, values))
        if "nan" in texts or "inf" in texts or "-inf" in texts:  # allow_nan's spellings
            texts = [_NON_FINITE.get(x, x) for x in texts]
    elif kinds == {list}:
        try:  # lists of text only (authors, merges, variants); anything else in them: TypeError
            texts = list(map("[%s]".__mod__, map(", ".join, map(map, itertools.repeat(_encode_text), values))))
        except TypeError:
            texts = None
    if texts is None:
        texts = list(map(_json_encoder(), values))
    if not has_none:
        return texts
    it = iter(texts)
    return [None if v is None else next(it) for v in col]


_encode_text = json.encoder.encode_basestring  # json's own (C) text encoder without ensure_ascii
_BOOL_JSON = {True: "true", False: "false"}
_NON_FINITE = {"nan": "NaN", "inf": "Infinity", "-inf": "-Infinity"}


def _json_document(nodes: list[str], links: list[str], as_bytes: bool = False) -> str | bytes:
    """The node-link document around its lines (one node or link a line: json's `indent` would fall
    back to the pure-Python encoder, which took 12 s of a 2,000-record export's build), made by one
    join: each join or concatenation of the whole made another copy of tens of megabytes (four bytes
    a character once a title holds an emoji), paid in page faults (a quarter of a second on that export)."""
    parts = ['{\n"directed": true', '"graph": {}', *_json_array('"links": ', links), '"multigraph": true',
             *_json_array('"nodes": ', nodes)]
    parts[-1] += "\n}\n"
    return b",\n".join(map(str.encode, parts)) if as_bytes else ",\n".join(parts)


def _json_array(head: str, items: list[str]) -> list[str]:
    """head and a JSON array of `items`, one a line, as the parts of a ",\n" join."""
    if not items:
        return [head + "[]"]
    out = [head + "[\n" + items[0], *itertools.islice(items, 1, None)]
    out[-1] += "\n]"
    return out


def _xml_type(values) -> str:
    """GraphML's type for one attribute's values (GEXF spells `long` as `long` too)."""
    return _type_of({type(v) for v in values})


def _type_of(kinds: set) -> str:
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


def _clean(texts: list[str]) -> list[str]:
    """Texts without the characters XML cannot hold (the C-speed test first: most have none)."""
    if all(map(str.isprintable, texts)):
        return texts
    return [t if t.isprintable() else _CONTROL.sub("", t) for t in texts]


def _escape_all(texts: list[str]) -> list[str]:
    """_escape of every text, a column at a time: the replacements run once over the joined column
    (NUL, which _clean removes, keeps the texts apart)."""
    texts = _clean(texts)
    joined = "\0".join(texts)
    if "&" not in joined and "<" not in joined and ">" not in joined and '"' not in joined:
        return texts
    return joined.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;") \
        .split("\0")


_NONE = type(None)


class _Columns:
    """The scalar attributes of sorted nodes or edges, a column per attribute (None where absent),
    as _attrs(d, scalar=True) makes them row by row: None left out, text without XML's forbidden
    characters, a dict as one column per key (ids_wos, ids_pmid), a list joined with "; ".

    names: the columns in the order _attrs gives a row's attributes; types: GraphML's type of each."""

    def __init__(self, dicts: list[dict]):
        self.n = len(dicts)
        self.names: list[str] = []
        self.cols: dict[str, list] = {}
        self.types: dict[str, str] = {}
        keys = sorted(set().union(*dicts)) if dicts else []
        # read row by row (each dict once: column by column was a cache miss per value), then transposed
        for k, col in zip(keys, zip(*[tuple(map(d.get, keys)) for d in dicts])):
            kinds = set(map(type, col))
            kinds.discard(_NONE)
            if not kinds:
                continue
            if kinds == {str}:
                if not all(map(str.isprintable, filter(None, col))):
                    col = [v if v is None or v.isprintable() else _CONTROL.sub("", v) for v in col]
                self._add(k, col, kinds)
            elif kinds <= {int, float, bool}:
                self._add(k, col, kinds)
            else:
                self._mixed(k, col)

    def _add(self, name: str, col: list, kinds: set) -> None:
        if name in self.cols:
            raise _Collision(name)
        self.names.append(name)
        self.cols[name] = col
        self.types[name] = _type_of(kinds)

    def _mixed(self, k: str, col: list) -> None:
        plain = _text_lists(col)
        if plain is not None:
            kinds = set(map(type, plain))
            kinds.discard(_NONE)
            if kinds:
                self._add(k, plain, kinds)
            return
        out, subs = _scalars(col, self.n)
        kinds = set(map(type, out))
        kinds.discard(_NONE)
        if kinds:
            self._add(k, out, kinds)
        for sub in sorted(subs):
            self._add(f"{k}_{sub}", subs[sub], {str})

    def lines(self, name: str, before: str, after: str) -> list[str]:
        """before + value + after for each row holding the column, "" for the others.

        A column at a time in C: the values are joined with NUL between them and SOH for an absent
        one (XML holds neither, and _clean has taken them out of every value), escaped in one
        pass, given their tags by replacing the separators, and split again."""
        col, typ = self.cols[name], self.types[name]
        if typ == "boolean":
            texts = list(map(_BOOLEAN.__getitem__, col))
        elif typ == "long":
            texts = list(map(_ABSENT.get, col, map(str, col)))
        elif typ == "double":
            texts = ["\1" if v is None else repr(float(v)) for v in col]
        else:  # every value is clean already (see __init__), so none holds NUL or SOH
            texts = list(map(_ABSENT.get, col, map(str, col)))
        joined = "\0".join(texts)
        if typ == "string" and ("&" in joined or "<" in joined or ">" in joined or '"' in joined):
            joined = joined.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")
        joined = before + joined.replace("\0", f"{after}\0{before}") + after
        if "\1" in joined:
            joined = joined.replace(f"{before}\1{after}", "")
        return joined.split("\0")


_ABSENT = {None: "\1"}  # absent values, in Columns.lines
_BOOLEAN = {True: "true", False: "false", None: "\1"}


class _Collision(Exception):
    """Two attributes that would share one column name (a dict's "ids_wos" beside an "ids_wos"):
    the writers fall back to their row-by-row form."""


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


def _columns(g: nx.MultiDiGraph):
    """(node ids, node columns, edges, edge columns), or None where two attributes collide."""
    ids, dicts = _nodes(g)
    edges = _edges(g)
    try:
        return ids, _Columns(dicts), edges, _Columns([d for *_, d in edges])
    except _Collision:
        return None



_FIRST, _SECOND, _THIRD = operator.itemgetter(0), operator.itemgetter(1), operator.itemgetter(2)
_NO_TEXT = {None: ""}  # absent values, as text (nothing of them in the row)
_BOOL_TEXT = {True: "true", False: "false", None: ""}


def _escape_column(texts: list) -> list[str]:
    """XML escaping of a column of clean texts ("" where absent), in one pass over the joined column."""
    joined = "\0".join(texts)
    if "&" not in joined and "<" not in joined and ">" not in joined and '"' not in joined:
        return texts
    return joined.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;") \
        .split("\0")


def _pick(seq, idx: list) -> tuple:
    """seq's items at idx, as a tuple (itemgetter gives a bare item for one index)."""
    if len(idx) == 1:
        return (seq[idx[0]],)
    return operator.itemgetter(*idx)(seq)


def _printable(texts) -> bool:
    """Every text printable: one C pass over them joined by a space (itself printable), not a
    method call per text."""
    return " ".join(texts).isprintable()


def _convert(col, k: str, n: int, kinds: set | None = None, scan: str | None = None):
    """One attribute's values of a group of rows as _attrs(d, scalar=True) makes them: (plain column
    or None, the types of its values (NoneType among them where a row has none), {sub: column} for a
    dict's keys). None where a row has no value. kinds: the types of col's values, where known;
    scan: the column's _scan, where known (not None: every text in it is printable already)."""
    kinds = set(map(type, col)) if kinds is None else set(kinds)
    printable = scan is not None
    if kinds == {_NONE}:
        return None, kinds, {}
    if kinds <= {str, _NONE}:
        if not printable and not _printable(filter(None, col)):
            col = [v if v is None or v.isprintable() else _CONTROL.sub("", v) for v in col]
        return col, kinds, {}  # read, never changed: no copy
    if kinds <= {int, float, bool, _NONE}:
        return col, kinds, {}
    if kinds == {list} and all(col):  # lists, none empty (the common case: authors)
        try:  # lists of text, joined as they are (str() of a text is itself)
            texts = list(map("; ".join, col))
        except TypeError:  # something else among them
            texts = list(map("; ".join, map(map, itertools.repeat(str), col)))
        if not printable and not _printable(texts):
            texts = [t if t.isprintable() else _CONTROL.sub("", t) for t in texts]
        return texts, {str}, {}
    texts = _text_lists(col, kinds, printable)
    if texts is not None:
        return texts, set(map(type, texts)), {}
    out, subs = _scalars(col, n)
    return out, set(map(type, out)), subs


def _text_lists(col, kinds: set | None = None, printable: bool = False) -> list | None:
    """A column of lists of text, some empty or absent (merges, variants), as _scalars makes it
    (joined with "; ", an empty list absent, no XML-forbidden character) without its branches per
    value; None for a column of anything else. printable: every text in the lists is (_scan)."""
    if kinds is None:
        kinds = set(map(type, col))
    if not kinds <= {list, _NONE} or not set(map(type, itertools.chain.from_iterable(filter(None, col)))) <= {str}:
        return None
    texts = ["; ".join(v) if v else None for v in col]
    if not printable and not _printable(filter(None, texts)):
        texts = [t if t is None or t.isprintable() else _CONTROL.sub("", t) for t in texts]
    return texts


def _scalars(col, n: int) -> tuple[list, dict[str, list]]:
    """A column of mixed values made scalar, value by value: text without XML's forbidden
    characters, a list joined with "; " (an empty one absent), a dict as a column per key."""
    out: list = [None] * n
    subs: dict[str, list] = {}
    for i, v in enumerate(col):
        if v is None:
            continue
        t = type(v)
        if t is str:
            out[i] = v if v.isprintable() else _CONTROL.sub("", v)
        elif t is int or t is float or t is bool:
            out[i] = v
        elif t is dict:
            for sub, x in v.items():
                if x is not None:
                    subs.setdefault(sub, [None] * n)[i] = _CONTROL.sub("", str(x))
        elif t is list or t is tuple or t is set:
            if v:
                text = "; ".join(map(str, v))
                out[i] = text if text.isprintable() else _CONTROL.sub("", text)
        elif isinstance(v, (int, float)):  # bool and int subclasses (numpy's are not)
            out[i] = v
        else:
            out[i] = _CONTROL.sub("", str(v))
    return out, subs


class _Groups:
    """Rows (attribute dicts, in output order) grouped by the attributes they hold, their values
    made scalar as _attrs(d, scalar=True) makes them, column by column within a group: so that
    each row can be joined from its group's columns (_join_rows: one C call a row).

    names: every column in the order _attrs gives a row's attributes; types: GraphML's type of each."""

    def __init__(self, grouped: list[tuple[tuple, list[int], list[tuple], list[set], list]]):
        # (rows, {(key, sub): (column, whether some row lacks it, the types of its values, whether
        # its texts need no escaping)})
        self.groups: list[tuple[list[int], dict[tuple, tuple]]] = []
        kinds: dict[tuple, set] = {}
        for ks, idx, cols, col_kinds, scans in grouped:  # (_group_rows)
            n = len(idx)
            if not ks:
                self.groups.append((idx, {}))
                continue
            out: dict[tuple, tuple] = {}
            for k, col, kd, scan in zip(ks, cols, col_kinds, scans):
                plain, ck, subs = _convert(col, k, n, kd, scan)
                if plain is not None:
                    has_none = _NONE in ck
                    ck = ck - {_NONE}
                    if ck:
                        # text joined from texts holding none of XML's specials ("; " adds none)
                        out[(k, "")] = (plain, has_none, ck, _xml_raw(scan))
                        kinds.setdefault((k, ""), set()).update(ck)
                for sub, scol in subs.items():
                    out[(k, sub)] = (scol, None in scol, {str}, False)
                    kinds.setdefault((k, sub), set()).add(str)
            self.groups.append((idx, out))
        order = sorted(kinds, key=lambda ks: (ks[0], ks[1] != "", ks[1]))
        self.names: list[str] = []
        self.name_of: dict[tuple, str] = {}
        self.types: dict[str, str] = {}
        for ks in order:
            name = ks[0] if ks[1] == "" else f"{ks[0]}_{ks[1]}"
            if name in self.types:
                raise _Collision(name)
            self.names.append(name)
            self.name_of[ks] = name
            self.types[name] = _type_of(kinds[ks])
        self.rank = {ks: i for i, ks in enumerate(order)}

    def rows(self, firsts: list[list], opening: str, line: dict[str, str], closing: str) -> list[str]:
        """Each row written: opening with its values from the columns `firsts`, then line[name] with
        the value of each column the row holds (in `names` order), then closing."""
        n = len(firsts[0])
        heads = opening.split("%s")  # ours: one '%s' a column of firsts
        parts = []
        for idx, cols in self.groups:
            every = len(idx) == n
            pieces: list = [heads[0]]
            for col, piece in zip(firsts, heads[1:]):
                pieces += [col if every else _pick(col, idx), piece]
            for ks in sorted(cols, key=self.rank.__getitem__):
                col, has_none, kinds, raw = cols[ks]
                name = self.name_of[ks]
                texts = self._text(col, has_none, kinds, self.types[name], raw)
                before, after = line[name].split("%s")
                if has_none:  # the whole line, "" where the row has no value
                    pieces += _entries(texts, col, before, after)
                else:
                    pieces += [before, texts, after]
            pieces.append(closing)
            parts.append((idx, _join_rows(len(idx), pieces)))
        return _scatter(parts, n)

    @staticmethod
    def _text(col: list, has_none: bool, kinds: set, typ: str, raw: bool = False) -> list:
        """A column's values as %s writes them for its GraphML type ("" where absent; or None, where
        `raw`: text needing no escaping, as it is, absent values never written)."""
        if typ == "long":
            return col  # ints only: %s is str()
        if typ == "boolean":
            return list(map(_BOOL_TEXT.__getitem__, col))
        if typ == "double":
            return ["" if v is None else repr(float(v)) for v in col]
        if kinds == {str}:
            if raw:
                return col
            texts = list(map(_NO_TEXT.get, col, col)) if has_none else col
        else:
            texts = ["" if v is None else str(v) for v in col]
        return _escape_column(texts)


_GRAPHML_HEAD = ("<?xml version='1.0' encoding='utf-8'?>\n"
                 '<graphml xmlns="http://graphml.graphdrawing.org/xmlns" '
                 'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
                 'xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns '
                 'http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">\n')


@paused_gc()  # many new lists and tuples, none garbage until the text is made
def to_graphml(g: nx.MultiDiGraph, tables: Tables | None = None, as_bytes: bool = False) -> str | bytes:
    """GraphML (directed, parallel edges with their keys as ids): networkx's writer builds an
    ElementTree of the whole graph first (14 s of a 2,000-record export's build); this one writes
    each node and edge joined from the columns of the rows holding the same attributes (_Groups), and
    gives the same graph back through nx.read_graphml. as_bytes: in UTF-8, a row at a time (as to_json)."""
    t = tables or Tables(g)
    ids, edges = t.ids, t.edges
    try:
        ncols, ecols = _Groups(t.node_groups()), _Groups(t.edge_groups())
    except _Collision:
        text = _graphml_rows(g)
        return text.encode("utf-8") if as_bytes else text
    out = [_GRAPHML_HEAD]
    nkey, ekey = {}, {}
    for scope, cols, keys in (("node", ncols, nkey), ("edge", ecols, ekey)):
        for name in sorted(cols.names):
            keys[name] = f"d{len(nkey) + len(ekey)}"
            out.append(f'  <key id="{keys[name]}" for="{scope}" attr.name="{_escape(name)}" '
                       f'attr.type="{cols.types[name]}"/>\n')
    out.append('  <graph edgedefault="directed">\n')
    line = {name: f'      <data key="{key}">%s</data>\n' for name, key in nkey.items()}
    if _xml_raw(t.id_scan()):  # the ids, and so the ends of every edge, as they are
        names, ends = ids, [list(map(_FIRST, edges)), list(map(_SECOND, edges))]
    else:
        names = _escape_all(list(map(str, ids)))
        ends = [_escape_all([str(u) for u, _, _, _ in edges]), _escape_all([str(v) for _, v, _, _ in edges])]
    out += ncols.rows([names], '    <node id="%s">\n', line, "    </node>\n")
    line = {name: f'      <data key="{key}">%s</data>\n' for name, key in ekey.items()}
    ends.append(_escape_all(list(map(str, map(_THIRD, edges)))))
    out += ecols.rows(ends, '    <edge source="%s" target="%s" id="%s">\n', line, "    </edge>\n")
    out.append("  </graph>\n</graphml>\n")
    return b"".join(map(str.encode, out)) if as_bytes else "".join(out)


def _graphml_rows(g: nx.MultiDiGraph) -> str:
    """to_graphml row by row (for graphs whose attribute names collide once flattened)."""
    nodes, edges, ntypes, etypes = _scalar_tables(g)
    out = [_GRAPHML_HEAD]
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
    for n, d in nodes:
        add(f'    <node id="{_escape(str(n))}">\n'
            + "".join([nkey[k][0] + nkey[k][1](v) + "</data>\n" for k, v in d.items()]) + "    </node>\n")
    for u, v, k, d in edges:
        add(f'    <edge source="{_escape(str(u))}" target="{_escape(str(v))}" id="{_escape(str(k))}">\n'
            + "".join([ekey[a][0] + ekey[a][1](x) + "</data>\n" for a, x in d.items()]) + "    </edge>\n")
    out.append("  </graph>\n</graphml>\n")
    return "".join(out)


_GEXF_HEAD = ("<?xml version='1.0' encoding='utf-8'?>\n"
              '<gexf xmlns="http://www.gexf.net/1.2draft" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
              'xsi:schemaLocation="http://www.gexf.net/1.2draft http://www.gexf.net/1.2draft/gexf.xsd" version="1.2">\n'
              "  <meta>\n    <creator>litgraph</creator>\n  </meta>\n"
              '  <graph defaultedgetype="directed" mode="static" name="">\n')


@paused_gc()  # many new lists and tuples, none garbage until the text is made
def to_gexf(g: nx.MultiDiGraph) -> str:
    """GEXF 1.2 as Gephi reads it (a node's `label` in GEXF's own label slot, an edge's `weight` in its
    weight slot, the rest as typed attributes), written a column at a time as to_graphml is."""
    tables = _columns(g)
    if tables is None or "networkx_key" in tables[3].cols:
        return _gexf_rows(g)
    ids, ncols, edges, ecols = tables
    ntypes = {name: ncols.types[name] for name in ncols.names if name != "label"}
    etypes = {name: ecols.types[name] for name in ecols.names}
    # the edge's key, under the name networkx's GEXF reader restores a multigraph's keys from
    keys = [k for _, _, k, _ in edges]
    if edges:
        kinds = {type(k) for k in keys}
        ecols._add("networkx_key", keys if _type_of(kinds) != "string" else _clean(list(map(str, keys))), kinds)
        etypes["networkx_key"] = ecols.types["networkx_key"]
    weight_slot = etypes.get("weight") in ("long", "double")
    if weight_slot:
        etypes.pop("weight")
    out = [_GEXF_HEAD]
    attr_id = _gexf_attributes(out, ntypes, etypes)

    def rows(openings: list[str], cols: _Columns, types: dict, scope: str, closing: str) -> str:
        columns = [cols.lines(name, f'          <attvalue for="{attr_id[scope][name]}" value="', '" />\n')
                   for name in cols.names if name in types]
        if columns:
            some = list(map(any, zip(*columns)))
            before = ["        <attvalues>\n" if x else "" for x in some]
            after = ["        </attvalues>\n" if x else "" for x in some]
            columns = [before, *columns, after]
        return "".join(map("".join, zip(openings, *columns, [closing] * len(openings))))

    label = ncols.cols.get("label") or [None] * len(ids)
    names = _escape_all(list(map(str, ids)))
    labels = _escape_all([name if x is None else str(x) for name, x in zip(map(str, ids), label)])
    out.append("    <nodes>\n")
    out.append(rows([f'      <node id="{n}" label="{x}">\n' for n, x in zip(names, labels)], ncols, ntypes, "node",
                    "      </node>\n"))
    out.append("    </nodes>\n    <edges>\n")
    us = _escape_all([str(u) for u, _, _, _ in edges])
    vs = _escape_all([str(v) for _, v, _, _ in edges])
    if weight_slot:
        weights = [f' weight="{repr(float(w))}"' if w is not None else "" for w in ecols.cols["weight"]]
    else:
        weights = [""] * len(edges)
    openings = [f'      <edge source="{u}" target="{v}" id="{i}"{w}>\n'
                for i, (u, v, w) in enumerate(zip(us, vs, weights))]
    out.append(rows(openings, ecols, etypes, "edge", "      </edge>\n"))
    out.append("    </edges>\n  </graph>\n</gexf>\n")
    return "".join(out)


def _gexf_attributes(out: list[str], ntypes: dict, etypes: dict) -> dict[str, dict[str, str]]:
    """GEXF's attribute declarations (edges first, names sorted) appended to out; their ids by scope and name."""
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
    return ids


def _gexf_rows(g: nx.MultiDiGraph) -> str:
    """to_gexf row by row (for graphs whose attribute names collide once flattened)."""
    nodes, edges, ntypes, etypes = _scalar_tables(g)
    ntypes.pop("label", None)
    # the edge's key, under the name networkx's GEXF reader restores a multigraph's keys from
    edges = [(u, v, k, {**d, "networkx_key": k}) for u, v, k, d in edges]
    if edges:
        etypes["networkx_key"] = _xml_type([k for _, _, k, _ in edges])
    if etypes.get("weight") in ("long", "double"):
        etypes.pop("weight")
    out = [_GEXF_HEAD]
    ids = _gexf_attributes(out, ntypes, etypes)

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




@paused_gc()  # many new lists and tuples, none garbage until the text is made
def to_csv(g: nx.MultiDiGraph, tables: Tables | None = None) -> tuple[str, str]:
    """(nodes.csv, edges.csv) text: a column per scalar attribute (as GraphML has them), rows sorted.

    Written a column at a time (_Columns, as GEXF is): a sorted copy of the graph and a call per
    cell took 6 s of a 2,000-record export's `export --format csv`."""
    t = tables or Tables(g)
    try:
        ncols, ecols = _Columns(t.dicts), _Columns([d for *_, d in t.edges])
    except _Collision:
        return _csv_rows(g)
    node_cols = ["id", "kind", "label"] + sorted(set(ncols.names) - {"kind", "label"})
    edge_cols = ["source", "target", "kind"] + sorted(set(ecols.names) - {"kind"})
    nbuf, ebuf = io.StringIO(), io.StringIO()
    w = csv.writer(nbuf, lineterminator="\n")
    w.writerow(node_cols)
    w.writerows(zip(t.ids, *[_cells(ncols.cols.get(c), len(t.ids)) for c in node_cols[1:]]))
    w = csv.writer(ebuf, lineterminator="\n")
    w.writerow(edge_cols)
    w.writerows(zip([e[0] for e in t.edges], [e[1] for e in t.edges],
                    *[_cells(ecols.cols.get(c), len(t.edges)) for c in edge_cols[2:]]))
    return nbuf.getvalue(), ebuf.getvalue()


_FORMULA = ("=", "+", "-", "@")


def _cells(col, n: int) -> list[str]:
    """_cell of each value of a column (None: every row without it)."""
    if col is None:
        return [""] * n
    out = list(map(_NO_TEXT.get, col, col)) if str in set(map(type, col)) <= {str, _NONE} \
        else list(map(_NO_TEXT.get, col, map(str, col)))
    joined = "\0" + "\0".join(out)
    if any("\0" + c in joined for c in _FORMULA):  # some cell starts like a formula: look at each
        for i in [i for i, s in enumerate(out) if s[:1] in _FORMULA]:
            out[i] = _cell(out[i])
    return out


def _csv_rows(g: nx.MultiDiGraph) -> tuple[str, str]:
    """to_csv row by row (for graphs whose attribute names collide once flattened)."""
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
