"""The graph as index arrays, built once per graph and shared by every analysis of a build.

Metrics, clusters and bursts all start from the same walk over a networkx graph's edges; on a
74,000-node export each walk through networkx's views took about half a second, and `build` made
six of them. `graph_arrays(g)` makes one, straight from the adjacency dicts, and keeps it while
the graph keeps its nodes and edges (node attributes such as `cluster` or `burst` may change).
"""
from __future__ import annotations

import weakref
from contextlib import contextmanager
from itertools import chain

import networkx as nx

_MEMO: "weakref.WeakKeyDictionary" = weakref.WeakKeyDictionary()
_HELD: "weakref.WeakKeyDictionary" = weakref.WeakKeyDictionary()


class GraphArrays:
    """Nodes in graph order (`index`: node -> position); per node its kind and year; per edge (in g.edges order) its ends,
    weight and kind. Kinds are small integer codes: `kind_code[name]`, -1 for a kind not present."""

    def __init__(self, g: nx.MultiDiGraph):
        import numpy as np

        # Each column made by one comprehension or map (np.repeat for the ends' positions) rather than
        # four appends and two dict look-ups per edge in one loop.
        self.nodes = nodes = list(g)
        self.n = n = len(nodes)
        self.index = pos = dict(zip(nodes, range(n)))  # node -> its position
        ndata = list(g._node.values())  # in the order of list(g)
        node_kinds = [d.get("kind") for d in ndata]
        year = [y if isinstance(y, int) and not isinstance(y, bool) else -1 for y in [d.get("year") for d in ndata]]
        adj = g._adj  # the order of g.edges(data=True), without its views: u, then its v, then their keys
        per_node = np.fromiter(map(len, adj.values()), dtype=np.int64, count=n)  # distinct neighbours
        pairs = int(per_node.sum())
        src = np.repeat(np.arange(n, dtype=np.int64), per_node)
        dst = np.fromiter(map(pos.__getitem__, chain.from_iterable(adj.values())), dtype=np.int64, count=pairs)
        inner = [x for nbrs in adj.values() for x in nbrs.values()]
        if g.is_multigraph():  # inner: per (u, v), {key: attributes}
            repeats = np.fromiter(map(len, inner), dtype=np.int64, count=pairs)
            src, dst = np.repeat(src, repeats), np.repeat(dst, repeats)
            edata = [d for keyed in inner for d in keyed.values()]
        else:
            edata = inner
        edge_kinds = [d.get("kind") for d in edata]
        # codes in order of first appearance, nodes' kinds before edges' (as one setdefault over both gave)
        kinds = dict.fromkeys(node_kinds)
        kinds.update(dict.fromkeys(edge_kinds))
        code = dict(zip(kinds, range(len(kinds))))
        self.kinds = list(kinds)
        self.node_kind = np.fromiter(map(code.__getitem__, node_kinds), dtype=np.int32, count=n)
        self.year = np.array(year, dtype=np.int64)
        self.src = src
        self.dst = dst
        self.weight = np.array([d.get("weight", 1) for d in edata], dtype=float)  # None: nan, as before
        self.edge_kind = np.fromiter(map(code.__getitem__, edge_kinds), dtype=np.int32, count=len(edata))

    def kind_code(self, name: str) -> int:
        try:
            return self.kinds.index(name)
        except ValueError:
            return -1

    def nodes_of(self, *names: str):
        """Mask of nodes of any of these kinds."""
        import numpy as np

        return np.isin(self.node_kind, [self.kind_code(k) for k in names])

    def edges_of(self, *names: str):
        """Mask of edges of any of these kinds."""
        import numpy as np

        return np.isin(self.edge_kind, [self.kind_code(k) for k in names])


def _key(g: nx.Graph) -> tuple[int, int]:
    adj = g._adj
    if g.is_multigraph():
        # a generator, not a list of 74,000 views: a list of them kept alive set off two full garbage
        # collections of the whole graph (0.5 s) on a 2,000-record WoS export
        return len(adj), sum(map(len, chain.from_iterable(nbrs.values() for nbrs in adj.values())))
    return len(adj), sum(map(len, adj.values()))


def graph_arrays(g: nx.MultiDiGraph, key: tuple[int, int] | None = None) -> GraphArrays:
    """The arrays of `g`, made once while its node and edge counts stay the same. key: those
    counts, where the caller has them (counting a large multigraph's edges walks all its dicts)."""
    held_arrays = _HELD.get(g)
    if held_arrays is not None:
        return held_arrays
    if key is None:
        key = _key(g)
    memo = _MEMO.get(g)
    if memo is not None and memo[0] == key:
        return memo[1]
    a = GraphArrays(g)
    _MEMO[g] = (key, a)
    return a


@contextmanager
def held(g: nx.MultiDiGraph):
    """Inside the block graph_arrays(g) gives the arrays without counting g's edges again (a walk over
    every edge dict at each call: 0.03 s a time on a 2,000-record WoS export), for a run of analyses
    that add node attributes and never nodes or edges (litgraph.corpus.add_analyses)."""
    _HELD[g] = a = graph_arrays(g)
    try:
        yield a
    finally:
        _HELD.pop(g, None)


def unique(x):
    """np.unique(x) (the distinct values, sorted) by one sort: numpy 2.4's np.unique finds them by
    hashing first, which took 1.3 s against 0.02 s on the million (citing, cited) pairs of a
    1,000,000-reference corpus."""
    import numpy as np

    s = np.sort(x)
    if len(s) < 2:
        return s
    first = np.empty(len(s), dtype=bool)
    first[0] = True
    np.not_equal(s[1:], s[:-1], out=first[1:])
    return s[first]
