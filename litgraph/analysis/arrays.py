"""The graph as index arrays, built once per graph and shared by every analysis of a build.

Metrics, clusters and bursts all start from the same walk over a networkx graph's edges; on a
74,000-node export each walk through networkx's views took about half a second, and `build` made
six of them. `graph_arrays(g)` makes one, straight from the adjacency dicts, and keeps it while
the graph keeps its nodes and edges (node attributes such as `cluster` or `burst` may change).
"""
from __future__ import annotations

import weakref

import networkx as nx

_MEMO: "weakref.WeakKeyDictionary" = weakref.WeakKeyDictionary()


class GraphArrays:
    """Nodes in graph order (`index`: node -> position); per node its kind and year; per edge (in g.edges order) its ends,
    weight and kind. Kinds are small integer codes: `kind_code[name]`, -1 for a kind not present."""

    def __init__(self, g: nx.MultiDiGraph):
        import numpy as np

        self.nodes = list(g)
        self.index = pos = {n: i for i, n in enumerate(self.nodes)}  # node -> its position
        self.n = len(self.nodes)
        kinds: dict = {}
        node_kind, year = [], []
        for _, d in g.nodes(data=True):
            node_kind.append(kinds.setdefault(d.get("kind"), len(kinds)))
            y = d.get("year")
            year.append(y if isinstance(y, int) and not isinstance(y, bool) else -1)
        src, dst, wt, edge_kind = [], [], [], []
        multi = g.is_multigraph()
        for u, nbrs in g._adj.items():  # the order of g.edges(data=True), without its views
            i = pos[u]
            for v, kd in nbrs.items():
                j = pos[v]
                for d in (kd.values() if multi else (kd,)):
                    src.append(i)
                    dst.append(j)
                    wt.append(d.get("weight", 1))
                    edge_kind.append(kinds.setdefault(d.get("kind"), len(kinds)))
        self.kinds = list(kinds)
        self.node_kind = np.array(node_kind, dtype=np.int32)
        self.year = np.array(year, dtype=np.int64)
        self.src = np.array(src, dtype=np.int64)
        self.dst = np.array(dst, dtype=np.int64)
        self.weight = np.array(wt, dtype=float)
        self.edge_kind = np.array(edge_kind, dtype=np.int32)

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
        return len(adj), sum(map(len, [kd for nbrs in adj.values() for kd in nbrs.values()]))
    return len(adj), sum(map(len, adj.values()))


def graph_arrays(g: nx.MultiDiGraph, key: tuple[int, int] | None = None) -> GraphArrays:
    """The arrays of `g`, made once while its node and edge counts stay the same. key: those
    counts, where the caller has them (counting a large multigraph's edges walks all its dicts)."""
    if key is None:
        key = _key(g)
    memo = _MEMO.get(g)
    if memo is not None and memo[0] == key:
        return memo[1]
    a = GraphArrays(g)
    _MEMO[g] = (key, a)
    return a


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
