"""Clusters of a literature: communities of its co-citation and bibliographic coupling networks, named.

    from litgraph.analysis.clusters import add_clusters, cocitation_clusters
    result = cocitation_clusters(g, resolution=1.0)   # {"clusters": [...], "modularity": ..., ...}
    add_clusters(g)        # node attribute `cluster` (co-citation, on works) and
                           # `coupling_cluster` (bibliographic coupling, on papers), and the
                           # named clusters in g.graph["clusters"] / g.graph["coupling_clusters"]

Community detection is Louvain, seeded (the same graph gives the same clusters): networkit's where it is
installed (C++, MIT; required on Linux and Windows x86-64, where it has wheels), else networkx's.
Measured against leidenalg on the co-citation network of a 50-record WoS export (134 works cited
2+ times, 2,197 links): Louvain 8 clusters, modularity 0.364, 0.24 s; Leiden 8 clusters, 0.379,
0.10 s. Leiden is a little better, but leidenalg is GPL-3 and igraph GPL-2, which the project's
licence rules (MIT, no GPL dependency) exclude; Louvain needs nothing new.

Names follow CiteSpace (Chen, Ibekwe-SanJuan & Hou 2010): a co-citation cluster is named by the
terms (title words, two-word title phrases, keywords) of the corpus papers that cite its members
(WoS exports give cited works no titles, only "AUTHOR, YEAR, SOURCE"), ranked by log-likelihood ratio against all the other such papers, each paper counted once
and a term needing two of them; a coupling cluster likewise by its own papers' terms. Terms sharing
a word with a better one are skipped. Where that gives fewer than LABEL_WORDS terms (a handful of
papers), tf-idf words against the other clusters fill the label. bench/cluster_compare.py measured
why: tf-idf over words counted once per cited member let one paper citing many members name the
cluster by its own rare words ("ecosystem, mobile, biotechnology" for Kamada, Fruchterman and
Scott on a 50-record WoS export; LLR over citing papers: "patterns, co-authorship, collaboration").
"""
from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from functools import lru_cache
from itertools import chain

import networkx as nx

from .arrays import graph_arrays, unique

SEED = 42
LABEL_WORDS = 3
TOP_WORKS = 5
MIN_SHARED = 20  # works cited by 2+ papers needed before singly cited works are left out
# At scale, as VOSviewer and CiteSpace select items: co-citation clusters the MAX_WORKS most cited works,
# and every node keeps its LINKS_PER_NODE strongest links (the union over both ends). Without this a
# 100,000-reference corpus made a co-citation network of a million links and a coupling network of
# 1.5 million (2,500 papers nearly all linked by shared classics): 90 s of Louvain.
MAX_WORKS = 2000
LINKS_PER_NODE = 15
# Coupling clusters at most MAX_PAPERS papers, those with the greatest total link strength (VOSviewer's
# choice of documents): the product BBᵀ is dense among papers that share classics, 25,000 papers of a
# million references made 10 GB of it. 5,000 keep every paper of a 100,000-reference corpus.
MAX_PAPERS = 5000

_STOP = frozenset("""
a about above after again against all also am an and any are as at be because been before being below between
both but by can could did do does doing down during each few for from further had has have having he her here
hers him his how i if in into is it its itself just me more most my no nor not now of off on once only or other
our out over own same she should so some such than that the their them then there these they this those through
to too under until up very was we were what when where which while who whom why will with would you your
via vs versus toward towards within without among upon new using use used based study studies analysis approach
approaches paper research case evidence effects effect role impact review results findings theory theories
model models framework perspective perspectives toward study's de la el en et des le les und der die das
""".split())
_WORD = re.compile(r"[^\W\d_][\w'-]*[^\W_]|[^\W\d_]", re.UNICODE)


def _cites_pairs(a):
    """Distinct (citing, cited) node indices of `cites` edges, self-citations left out."""
    mask = (a.edge_kind == a.kind_code("cites")) & (a.src != a.dst)
    code = unique(a.src[mask] * a.n + a.dst[mask])
    return code // a.n, code % a.n


def _cites_matrix(a):
    """Citing x cited incidence (0/1, CSR, a pair counted once however many edges) and the two node lists:
    the citing ones sorted (so the networks below and their clusters do not depend on the graph's edge
    order), the cited ones in the graph's order. Sorting all 72,000 cited names took 0.15 s on a
    2,000-record WoS export: co-citation sorts only the works it may keep, and coupling needs no order
    of its columns (see _coupling_net).

    Made once per graph arrays (co-citation and coupling both start from it); callers slice it, never
    change it in place."""
    import numpy as np
    import scipy.sparse as sp

    made = getattr(a, "_cites_matrix", None)
    if made is not None:
        return made
    src, dst = _cites_pairs(a)
    citing_at = sorted(unique(src).tolist(), key=a.nodes.__getitem__)
    cited_at = unique(dst)
    citing = [a.nodes[i] for i in citing_at]
    cited = [a.nodes[i] for i in cited_at.tolist()]
    row = np.full(a.n, -1, dtype=np.int64)
    col = np.full(a.n, -1, dtype=np.int64)
    row[citing_at] = np.arange(len(citing))
    col[cited_at] = np.arange(len(cited))
    B = sp.csr_array((np.ones(len(src)), (row[src], col[dst])), shape=(len(citing), len(cited)))
    a._cites_matrix = (B, citing, cited)
    return a._cites_matrix


def _by_name(B, names: list[str], at):
    """B's columns `at`, in the order of their names, as one canonical CSR (sorted indices), and the names:
    the matrix that slicing columns sorted by name gave before (a column slice keeps indices sorted)."""
    import numpy as np

    at = sorted(np.asarray(at).tolist(), key=names.__getitem__)
    S = B[:, np.asarray(at, dtype=np.int64)]
    S.sort_indices()
    return S, [names[i] for i in at]


def _strongest(M, k: int):
    """The links of a symmetric count matrix that are among the k strongest of either end (by count, ties
    by association strength: count over the product of the two ends' totals, VOSviewer's normalisation),
    as the upper triangle (COO).

    Only the links that can be among a row's k strongest are sorted: those whose count reaches the row's
    k-th largest, found from a histogram of counts per row (counts are small whole numbers). Sorting all
    3.1 million links of the coupling network of a 100,000-reference corpus took 1.8 s."""
    import numpy as np
    import scipy.sparse as sp

    n = M.shape[0]
    C = M.tocoo()
    diag = M.diagonal().astype(float)
    off = (C.row != C.col) & (C.data != 0)
    r, c, v = C.row[off].astype(np.int64), C.col[off].astype(np.int64), C.data[off]
    if not len(v):
        return sp.coo_array(M.shape)
    counts = np.rint(v).astype(np.int64)
    top = int(counts.max())
    hist = np.bincount(r * (top + 1) + counts, minlength=n * (top + 1)).reshape(n, top + 1)
    reach = np.cumsum(hist[:, ::-1], axis=1) >= k  # from the largest count down: k links reached
    thr = np.where(reach[:, -1], top - np.argmax(reach, axis=1), 0)
    cand = np.flatnonzero(counts >= thr[r])
    r, c, v = r[cand], c[cand], v[cand]
    assoc = v / np.maximum(diag[r] * diag[c], 1.0)
    order = np.lexsort((c, -assoc, -v, r))  # per row, strongest first
    rows = r[order]
    starts = np.searchsorted(rows, rows, side="left")
    keep = order[(np.arange(len(order)) - starts) < k]
    lo, hi = np.minimum(r[keep], c[keep]), np.maximum(r[keep], c[keep])
    pairs, first = np.unique(lo * n + hi, return_index=True)
    return sp.coo_array((v[keep][first], (pairs // n, pairs % n)), shape=M.shape)


class _Net:
    """A weighted undirected network as arrays: `nodes` (names) in the order networkx would hold them
    and each link's two ends (positions in `nodes`) and weight, in the order it was made.

    The clusters run on this, not on a networkx graph: building one (27,000 links at 100,000
    references) and walking it for Louvain and modularity cost more than Louvain itself. `graph()`
    gives the networkx graph the public functions return, the same one as before."""

    def __init__(self, names: list[str], row, col, weight):
        import numpy as np

        n = len(row)
        seq = np.empty(2 * n, dtype=np.int64)
        seq[0::2], seq[1::2] = row, col
        ids, first = np.unique(seq, return_index=True)
        order = ids[np.argsort(first, kind="stable")]  # first appearance: networkx's node order
        pos = np.zeros(int(ids.max()) + 1 if n else 0, dtype=np.int64)
        pos[order] = np.arange(len(order))
        self.nodes = [names[i] for i in order.tolist()]
        self.u, self.v = pos[row], pos[col]
        self.w = np.rint(np.asarray(weight, dtype=float))  # counts, whole (networkx held them as int)

    def number_of_nodes(self) -> int:
        return len(self.nodes)

    def number_of_edges(self) -> int:
        return len(self.u)

    def graph(self) -> nx.Graph:
        h = nx.Graph()
        nodes = self.nodes
        h.add_weighted_edges_from((nodes[i], nodes[j], int(w)) for i, j, w in zip(self.u.tolist(), self.v.tolist(),
                                                                                  self.w.tolist()))
        return h

    def edges(self):
        """(u, v, w) as networkx's Graph.edges gives them: from the end it holds first, in the order each
        end's links were made (Louvain's result depends on that order: the same order, the same clusters)."""
        import numpy as np

        lo, hi = np.minimum(self.u, self.v), np.maximum(self.u, self.v)
        e = np.lexsort((np.arange(len(lo)), lo))
        return lo[e], hi[e], self.w[e]

    @classmethod
    def of(cls, h: nx.Graph) -> "_Net":
        """The arrays of a networkx graph (its nodes, then its links, in its own order)."""
        import numpy as np

        nodes = list(h)
        at = {n: i for i, n in enumerate(nodes)}
        edges = list(h.edges(data="weight", default=1))
        net = cls.__new__(cls)
        net.nodes = nodes
        net.u = np.array([at[e[0]] for e in edges], dtype=np.int64)
        net.v = np.array([at[e[1]] for e in edges], dtype=np.int64)
        net.w = np.array([float(e[2]) for e in edges], dtype=float)
        return net

    def modularity(self, comms: list[set], resolution: float) -> float:
        """networkx's modularity of this partition (undirected, weighted), on the arrays."""
        import numpy as np

        label = np.empty(len(self.nodes), dtype=np.int64)
        at = {n: i for i, n in enumerate(self.nodes)}
        for c, members in enumerate(comms):
            label[[at[n] for n in members]] = c
        w = self.w
        deg = np.bincount(self.u, weights=w, minlength=len(label)) + np.bincount(self.v, weights=w,
                                                                                 minlength=len(label))
        deg_sum = deg.sum()
        m = deg_sum / 2
        inside = label[self.u] == label[self.v]
        L = np.bincount(label[self.u][inside], weights=w[inside], minlength=len(comms))
        D = np.bincount(label, weights=deg, minlength=len(comms))
        return float(np.sum(L / m - resolution * D * D / deg_sum ** 2))


def _net_of(M, names: list[str], k: int | None = None) -> _Net:
    """The upper triangle of a symmetric count matrix as a network (k: only the links among the k
    strongest of either end)."""
    import scipy.sparse as sp

    T = sp.triu(M, k=1).tocoo() if k is None else _strongest(M, k)
    return _Net(names, T.row.astype("int64"), T.col.astype("int64"), T.data)


def _graph_of(M, names: list[str], k: int | None = None) -> nx.Graph:
    """_net_of as a weighted networkx graph."""
    return _net_of(M, names, k).graph()


def _cocitation_net(a, min_cited: int = 1, max_works: int | None = None,
                    links_per_node: int | None = None) -> _Net:
    import numpy as np

    B, _, cited = _cites_matrix(a)
    counts = np.asarray(B.sum(axis=0)).ravel()
    B, names = _by_name(B, cited, np.flatnonzero(counts >= min_cited))
    if max_works is not None and len(names) > max_works:
        counts = np.asarray(B.sum(axis=0)).ravel()
        ids = np.arange(len(names))
        keep = np.sort(ids[np.lexsort((ids, -counts))][:max_works])  # most cited; ties by name
        B, names = B[:, keep], [names[i] for i in keep.tolist()]
    return _net_of((B.T @ B).tocsr(), names, links_per_node)


def cocitation_network(g: nx.MultiDiGraph, min_cited: int = 1, max_works: int | None = None,
                       links_per_node: int | None = None) -> nx.Graph:
    """Cited nodes linked by how many citing nodes cite both (weight); those cited fewer than min_cited times
    left out; at most max_works of them (the most cited), each keeping its links_per_node strongest links.

    A sparse product (BᵀB over the citing x cited incidence), not the pairs of each reference list."""
    return _cocitation_net(graph_arrays(g), min_cited, max_works, links_per_node).graph()


def _coupling_net(a, links_per_node: int | None = None, max_papers: int | None = None) -> _Net:
    import numpy as np

    B, citing, cited = _cites_matrix(a)
    if links_per_node is None:
        # every link kept: the network's node order follows the order of the product's entries, which
        # follows the order of B's columns; by name, as before. With links_per_node, _strongest's
        # choice and order depend on the counts alone (the product's values, whole numbers, exact in any order).
        B, _ = _by_name(B, cited, np.arange(B.shape[1]))
    if max_papers is not None and B.shape[0] > max_papers:
        B = B.tocsr()
        per_work = np.asarray(B.sum(axis=0)).ravel()
        strength = B @ per_work - np.asarray(B.multiply(B).sum(axis=1)).ravel()
        ids = np.arange(B.shape[0])
        keep = np.sort(ids[np.lexsort((ids, -strength))][:max_papers])  # strongest; ties by id
        B = B[keep]
        citing = [citing[i] for i in keep]
    return _net_of((B @ B.T).tocsr(), citing, links_per_node)


def coupling_network(g: nx.MultiDiGraph, links_per_node: int | None = None,
                     max_papers: int | None = None) -> nx.Graph:
    """Citing nodes linked by how many references they share (weight): BBᵀ; each keeping its
    links_per_node strongest links if given; at most max_papers of them, those with the greatest
    total link strength (the row sums of BBᵀ without its diagonal, found without the product)."""
    return _coupling_net(graph_arrays(g), links_per_node, max_papers).graph()


def _words(text) -> list[str]:
    if not text:
        return []
    if isinstance(text, (list, tuple)):
        text = " ; ".join(str(t) for t in text)
    return list(_words_of(str(text)))


@lru_cache(maxsize=1 << 16)
def _words_of(text: str) -> tuple[str, ...]:
    # a paper's title is read for both networks' names, each twice: once split, not four times
    # findall: the whole matches (the pattern has no groups) as strings, without a match object each
    return tuple(w for w in map(str.lower, _WORD.findall(text)) if len(w) > 2 and w not in _STOP)


def _term_list(g: nx.MultiDiGraph, n: str) -> list[str]:
    """The words of a node's title and keywords, each as often as it occurs (a cluster's tf-idf bag counts them)."""
    d = g._node[n]
    return _words(d.get("title")) + _words(d.get("keywords"))


class _Terms:
    """Each node's label terms, made once for both clusterings of a build: a paper cites works in
    several co-citation clusters and is in a coupling cluster too (the 2,000 papers of a 2,000-record
    WoS export had their terms made 3,770 times for LLR and as many for tf-idf)."""

    def __init__(self, g: nx.MultiDiGraph):
        self.g = g
        self._words: dict = {}
        self._sets: dict = {}

    def words(self, n: str) -> list[str]:
        """_term_list: the words of its title and keywords, as often as each occurs. A cluster's bag counts
        them with Counter.update over the lists chained (counted in C), not a Counter per node added
        word by word."""
        got = self._words.get(n)
        if got is None:
            got = self._words[n] = _term_list(self.g, n)
        return got

    def doc(self, n: str) -> frozenset:
        """_doc_terms: its candidate label terms."""
        got = self._sets.get(n)
        if got is None:
            got = self._sets[n] = _doc_terms(self.g, n)
        return got


def _stem(w: str) -> str:
    return w[:-3] + "y" if w.endswith("ies") else w[:-1] if w.endswith("s") and not w.endswith("ss") else w


def _g2(a: int, b: int, c: int, d: int) -> float:
    """Dunning's log-likelihood ratio (G²) of a 2x2 table: a, b = papers in the cluster with / without
    the term; c, d = papers outside it with / without."""
    n = a + b + c + d
    cells = ((a, a + b, a + c), (b, a + b, b + d), (c, c + d, a + c), (d, c + d, b + d))
    return 2 * sum(o * math.log(o * n / (r * k)) for o, r, k in cells if o)


def _doc_terms(g: nx.MultiDiGraph, n: str) -> frozenset:
    """A paper's candidate label terms: its title's words and two-word phrases, its keywords whole."""
    d = g._node[n]
    words = _words(d.get("title"))
    kws = d.get("keywords") or []
    if isinstance(kws, str):
        kws = kws.split(";")
    # a keyword is a phrase its authors chose: kept whole ("operations research"), unless a stop word alone
    keywords = (" ".join(str(k).lower().split()) for k in kws if k)
    # the two-word phrases joined in C, and one set made, not three and their union
    return frozenset(chain(words, map(" ".join, zip(words, words[1:])),
                           (k for k in keywords if len(k) > 2 and k not in _STOP)))


def llr_labels(docs: list[dict], words: int = LABEL_WORDS) -> list[list[str]]:
    """For each cluster's papers ({paper: its terms}), the terms most over-represented in them against
    all the other papers, by log-likelihood ratio; a term needs two papers; a term sharing a word with
    a better one is skipped ("neural" after "neural networks")."""
    everyone: dict = {}
    for doc in docs:
        everyone.update(doc)
    df = Counter(chain.from_iterable(everyone.values()))
    out = []
    for doc in docs:
        inside, outside = len(doc), len(everyone) - len(doc)
        here = Counter(chain.from_iterable(doc.values()))
        scored = []
        for t, a in here.items():
            c = df[t] - a
            if a < 2 or (outside and c / outside >= a / inside):
                continue
            # equal evidence: the longer term, the more specific name ("neural networks" over "neural")
            scored.append((-_g2(a, inside - a, c, outside - c), -a, -len(t.split()), t))
        chosen: list[str] = []
        for *_, t in sorted(scored):
            stems = {_stem(w) for w in t.split()}
            if not any(stems & {_stem(w) for w in c.split()} for c in chosen):
                chosen.append(t)
            if len(chosen) == words:
                break
        out.append(chosen)
    return out


def name_clusters(docs: list[Counter], words: int = LABEL_WORDS) -> list[str]:
    """For each cluster's bag of words, its `words` most distinctive (tf-idf against the other clusters)."""
    k = len(docs)
    df = Counter(w for doc in docs for w in doc)
    names = []
    for doc in docs:
        total = sum(doc.values()) or 1
        # idf = ln(k / df): a word in every cluster distinguishes none (it only breaks ties, by frequency)
        scored = sorted(doc, key=lambda w: (-(doc[w] / total) * math.log(k / df[w]), -doc[w], w))
        chosen: list[str] = []
        for w in scored:  # "network" and "networks" name one thing: keep the first of them
            if not any(_stem(w) == _stem(c) for c in chosen):
                chosen.append(w)
            if len(chosen) == words:
                break
        names.append(", ".join(chosen))
    return names


def _year(d: dict):
    y = d.get("year") or d.get("year_estimate")
    return y if isinstance(y, int) and not isinstance(y, bool) else None


def _communities(h, resolution: float) -> list[set]:
    """Louvain communities, largest first: networkit's (C++) where it is installed (a wheel on Linux
    and Windows x86-64), else networkx's. On the 2,000 most cited works of a 2,000-record WoS export
    (13,665 links) networkx took 0.64 s and networkit 0.05 s, modularity 0.424 and 0.431; on the
    coupling network of 2,500 papers (30,637 links) 1.44 s and 0.07 s, 0.277 and 0.291.

    h: a networkx graph or its arrays (_Net)."""
    net = h if isinstance(h, _Net) else _Net.of(h)
    comms = _networkit_louvain(net, resolution)
    if comms is None:
        comms = nx.community.louvain_communities(h if isinstance(h, nx.Graph) else net.graph(), weight="weight",
                                                 resolution=resolution, seed=SEED)
    return sorted(comms, key=lambda c: (-len(c), min(c)))


def _networkit_louvain(net: _Net, resolution: float) -> list[set] | None:
    try:
        import networkit as nk
    except ImportError:
        return None
    import numpy as np

    nk.setSeed(SEED, False)
    nk.engineering.setNumberOfThreads(1)  # one thread: the same clusters every run
    nodes = net.nodes
    k = nk.Graph(len(nodes), weighted=True)
    if net.number_of_edges():
        u, v, w = net.edges()
        k.addEdges((w.astype(np.float64), (u.astype(np.uint64), v.astype(np.uint64))))
    plm = nk.community.PLM(k, refine=True, gamma=resolution)
    plm.run()
    groups: dict[int, set] = defaultdict(set)
    for n, c in zip(nodes, plm.getPartition().getVector()):
        groups[c].add(n)
    return list(groups.values())


def _describe(g: nx.MultiDiGraph, h: _Net, comms: list[set], resolution: float, text_of, papers_of) -> dict:
    names = []
    labels = llr_labels([papers_of(c) for c in comms])
    # tf-idf words only fill labels LLR left short (a handful of papers); where none is short they are
    # not needed, nor the clusters' bags of words they come from (each label's tf-idf depends on every
    # cluster's bag, so all or none).
    short = any(len(llr) < LABEL_WORDS for llr in labels)
    fills = name_clusters([text_of(c) for c in comms]) if short else [""] * len(comms)
    for llr, tfidf in zip(labels, fills):
        for w in tfidf.split(", ") if tfidf else []:  # too few papers for LLR: tf-idf words fill the label
            if len(llr) >= LABEL_WORDS:
                break
            if not any({_stem(w)} & {_stem(x) for x in c.split()} for c in llr):
                llr.append(w)
        names.append(", ".join(llr))
    clusters = []
    nodes = g._node  # the attributes, without a view per look-up
    for i, (c, name) in enumerate(zip(comms, names), 1):
        years = [y for y in (_year(nodes[n]) for n in c) if y is not None]
        top = sorted(c, key=lambda n: (-(nodes[n].get("cited_by") or 0), n))[:TOP_WORKS]
        if not name:  # no titles or keywords anywhere in it: name it after its most cited work
            name = "around " + str(nodes[top[0]].get("label", top[0]))
        clusters.append({"id": i, "label": name, "size": len(c),
                         "mean_year": round(sum(years) / len(years), 1) if years else None,
                         "top": [{"id": n, "label": nodes[n].get("label", n),
                                  "cited_by": nodes[n].get("cited_by") or 0} for n in top],
                         "members": sorted(c)})
    modularity = h.modularity(comms, resolution) if h.number_of_edges() else None
    return {"nodes": h.number_of_nodes(), "links": h.number_of_edges(), "resolution": resolution,
            "modularity": round(modularity, 4) if modularity is not None else None, "clusters": clusters}


def _empty(h: _Net, resolution: float, why: str) -> dict:
    return {"nodes": h.number_of_nodes(), "links": 0, "resolution": resolution, "modularity": None,
            "clusters": [], "note": why}


def auto_min_cited(g: nx.MultiDiGraph) -> int:
    """2 where enough works are cited by two or more papers to cluster, else 1.

    A work cited by a single paper is "co-cited" only with the rest of that one reference list: on
    a database export those singletons are most of the network (2,702 of 2,709 nodes, 159,077 links
    on a 50-record WoS export) and their cliques swamp the real co-citation structure (134 works,
    2,197 links). A handful of papers (the demo corpus) shares almost nothing, so all are kept."""
    return _auto_min_cited(graph_arrays(g))


def _auto_min_cited(a) -> int:
    import numpy as np

    mask = (a.edge_kind == a.kind_code("cites")) & (a.src != a.dst)
    counts = np.bincount(a.dst[mask], minlength=a.n)  # citing edges, repeats included, as before
    return 2 if int((counts >= 2).sum()) >= MIN_SHARED else 1


def cocitation_clusters(g: nx.MultiDiGraph, resolution: float = 1.0, min_cited: int | None = None) -> dict:
    """Communities of cited works by co-citation, each named, sized, dated, with its most cited works.

    min_cited: leave out works cited fewer times (None: auto_min_cited)."""
    return _cocitation_clusters(g, graph_arrays(g), resolution, min_cited, _Terms(g))


def _cocitation_clusters(g: nx.MultiDiGraph, a, resolution: float, min_cited: int | None, terms: _Terms) -> dict:
    if min_cited is None:
        min_cited = _auto_min_cited(a)
    h = _cocitation_net(a, min_cited, MAX_WORKS, LINKS_PER_NODE)
    if not h.number_of_edges():
        what = "works" if min_cited == 1 else f"works cited {min_cited}+ times"
        return _empty(h, resolution, f"no co-citation: no corpus paper cites two or more {what}, so there is nothing to cluster")
    import numpy as np

    citing = defaultdict(list)
    member = np.zeros(a.n, dtype=bool)
    member[[a.index[n] for n in h.nodes]] = True
    # every citing edge of a member, in the graph's order, as before
    cites = (a.edge_kind == a.kind_code("cites")) & member[a.dst]
    nodes = a.nodes
    for u, v in zip(a.src[cites].tolist(), a.dst[cites].tolist()):
        citing[nodes[v]].append(nodes[u])
    if len({u for us in citing.values() for u in us}) < 2:
        # One paper co-cites all it cites once: a "cluster" would only be its reference list again.
        return _empty(h, resolution, "a single citing paper: every work it cites is co-cited with every other "
                                     "once, so clusters would only repeat its reference list; add papers that "
                                     "cite the same literature")
    def text_of(c: set) -> Counter:
        # the members' own words, and the citing papers' words once per member they cite (CiteSpace's
        # labels), all counted in one pass in C
        bag = Counter(chain.from_iterable(map(terms.words, c)))
        bag.update(chain.from_iterable([terms.words(p) for n in c for p in citing[n]]))
        return bag

    def papers_of(c: set) -> dict:
        # The citing papers only, as CiteSpace: where cited works carry titles (Scopus references do),
        # adding them made one topic word that most members share ("electre tri") name 3 of the 4
        # largest clusters of a 263-record Scopus export; tf-idf over members' words fills in below.
        return {p: terms.doc(p) for p in {p for n in c for p in citing[n]}}

    out = _describe(g, h, _communities(h, resolution), resolution, text_of, papers_of)
    out["min_cited"] = min_cited
    out["selection"] = _selection(h, "works", min_cited)
    return out


def _selection(h: _Net, unit: str, min_cited: int = 1) -> str:
    """What was clustered, in words (VOSviewer and CiteSpace say which items they kept; so do we)."""
    cited = f" cited {min_cited}+ times" if min_cited > 1 else ""
    most = (f"the {MAX_WORKS:,} most cited " if unit == "works" and h.number_of_nodes() >= MAX_WORKS else
            f"the {MAX_PAPERS:,} most strongly coupled " if unit == "papers" and h.number_of_nodes() >= MAX_PAPERS
            else "")
    return f"{most}{unit}{cited}, each with its {LINKS_PER_NODE} strongest links"


def coupling_clusters(g: nx.MultiDiGraph, resolution: float = 1.0) -> dict:
    """Communities of citing papers by bibliographic coupling (shared references), named by their words."""
    return _coupling_clusters(g, graph_arrays(g), resolution, _Terms(g))


def _coupling_clusters(g: nx.MultiDiGraph, a, resolution: float, terms: _Terms) -> dict:
    h = _coupling_net(a, LINKS_PER_NODE, MAX_PAPERS)
    if not h.number_of_edges():
        return _empty(h, resolution, "no bibliographic coupling: no two corpus papers share a reference")

    def text_of(c: set) -> Counter:
        return Counter(chain.from_iterable(map(terms.words, c)))

    out = _describe(g, h, _communities(h, resolution), resolution, text_of, lambda c: {n: terms.doc(n) for n in c})
    out["selection"] = _selection(h, "papers")
    return out


def _store(g: nx.MultiDiGraph, result: dict, node_attr: str, graph_attr: str) -> None:
    """The clusters as node attribute `node_attr` (the attribute of earlier clusters already taken away)."""
    nodes = g._node
    info = {}
    for c in result["clusters"]:
        for n in c["members"]:
            nodes[n][node_attr] = c["id"]
        info[c["id"]] = {k: c[k] for k in ("label", "size", "mean_year", "top")}
    g.graph[graph_attr] = info
    g.graph[graph_attr + "_modularity"] = result["modularity"]


def add_clusters(g: nx.MultiDiGraph, resolution: float = 1.0, min_cited: int | None = None) -> dict:
    """Compute both clusterings and store them on g (see the module docstring); returns both results."""
    # made once for both: graph_arrays counts the graph's edges at each call (0.03 s on a 2,000-record
    # WoS export), and the papers cited from in the one are the papers clustered in the other
    a, terms = graph_arrays(g), _Terms(g)
    cocit = _cocitation_clusters(g, a, resolution, min_cited, terms)
    coupl = _coupling_clusters(g, a, resolution, terms)
    # earlier clusters' attributes taken away in one pass over every node's attributes (74,000 of them
    # on an export, each dict a fetch from memory), without a view per node
    for d in g._node.values():
        d.pop("cluster", None)
        d.pop("coupling_cluster", None)
    _store(g, cocit, "cluster", "clusters")
    _store(g, coupl, "coupling_cluster", "coupling_clusters")
    return {"cocitation": cocit, "coupling": coupl}
