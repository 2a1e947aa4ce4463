"""Co-citation and coupling clusters: planted groups come out as clusters, named by their own words."""
import json

import networkx as nx
import pytest

from conftest import SHARED, run_cli
from litgraph.analysis.clusters import (_doc_terms, add_clusters, cocitation_clusters, coupling_clusters, llr_labels,
                                       name_clusters)
from litgraph.export.formats import to_csv, to_graphml
from litgraph.export.html import page_data

WOS = SHARED / "datasets" / "exports" / "wos_plaintext" / "wosfile_wos_plaintext.txt"


def planted() -> nx.MultiDiGraph:
    """Papers p0-p3 on galaxies cite works a0-a3; papers q0-q3 on proteins cite works b0-b3; one paper bridges."""
    g = nx.MultiDiGraph()
    for side, topic, works in (("p", "galaxy formation dark matter halos", "a"),
                               ("q", "protein folding enzyme kinetics", "b")):
        for i in range(4):
            g.add_node(f"{works}{i}", kind="work", label=f"{works}{i}", year=1990 + i, title=None)
        for i in range(4):
            pid = f"{side}{i}"
            g.add_node(pid, kind="paper", label=pid, year=2000 + i, title=f"{topic} {i}", keywords=[topic.split()[0]])
            for j in range(4):
                g.add_edge(pid, f"{works}{j}", key="cites", kind="cites")
    g.add_node("x", kind="paper", label="x", year=2005, title="a bridge")
    g.add_edge("x", "a0", key="cites", kind="cites")
    g.add_edge("x", "b0", key="cites", kind="cites")
    for n in g:
        g.nodes[n]["cited_by"] = g.in_degree(n)
    return g


def test_two_planted_groups_of_cocited_works_are_two_named_clusters():
    g = planted()
    r = cocitation_clusters(g, min_cited=1)
    groups = sorted(sorted(c["members"]) for c in r["clusters"])
    assert groups == [["a0", "a1", "a2", "a3"], ["b0", "b1", "b2", "b3"]]
    assert r["modularity"] > 0.3
    labels = {c["members"][0][0]: c["label"] for c in r["clusters"]}
    assert set(labels["a"].replace(",", "").split()) & {"galaxy", "formation", "dark", "matter", "halos"}
    assert set(labels["b"].replace(",", "").split()) & {"protein", "folding", "enzyme", "kinetics"}
    assert not set((labels["a"] + " " + labels["b"]).replace(",", "").split()) & {"bridge"}
    assert all(c["mean_year"] == 1991.5 for c in r["clusters"])
    assert r["clusters"][0]["top"][0]["cited_by"] == 5  # a0 or b0: cited by the bridge too


def test_coupled_papers_cluster_by_shared_references():
    r = coupling_clusters(planted())
    groups = sorted(sorted(c["members"]) for c in r["clusters"] if len(c["members"]) > 1)
    assert ["p0", "p1", "p2", "p3"] in [g[:4] for g in groups]
    assert any(set(g) >= {"q0", "q1", "q2", "q3"} for g in groups)


def test_coupling_at_scale_keeps_the_most_strongly_coupled_papers(monkeypatch):
    """Past MAX_PAPERS, the papers with the greatest total link strength (shared references summed over
    every other paper) are coupled, as VOSviewer selects documents; the output says so."""
    from litgraph.analysis import clusters

    g = planted()
    # Strength: each p or q paper shares 4 works with each of 3 others (12), p0 and q0 one more with the bridge;
    # the bridge shares one work with 8 papers (8).
    h = clusters.coupling_network(g, max_papers=8)
    assert "x" not in h and sorted(h) == [f"{s}{i}" for s in "pq" for i in range(4)]
    assert h["p0"]["p1"]["weight"] == 4
    assert sorted(clusters.coupling_network(g, max_papers=9)) == sorted(clusters.coupling_network(g))
    monkeypatch.setattr(clusters, "MAX_PAPERS", 8)
    r = coupling_clusters(g)
    assert r["selection"].startswith("the 8 most strongly coupled papers")
    assert not any("x" in c["members"] for c in r["clusters"])


def test_resolution_splits_more_finely():
    g = planted()
    coarse = cocitation_clusters(g, resolution=0.01, min_cited=1)
    fine = cocitation_clusters(g, resolution=1.0, min_cited=1)
    assert len(coarse["clusters"]) < len(fine["clusters"])


def test_names_are_distinctive_not_shared_words():
    docs = [{"network": 5, "citation": 3, "galaxy": 2}, {"network": 5, "citation": 3, "protein": 2}]
    from collections import Counter
    a, b = name_clusters([Counter(d) for d in docs], words=1)
    assert a == "galaxy" and b == "protein"


def test_llr_labels_need_two_papers_and_skip_terms_sharing_a_word():
    docs = [{"p1": {"galaxy", "halo", "dark matter"}, "p2": {"galaxy", "dark matter", "matter"}, "p3": {"galaxy", "rare"}},
            {"q1": {"protein", "folding"}, "q2": {"protein", "halo", "folding"}}]
    a, b = llr_labels(docs, words=3)
    assert a == ["galaxy", "dark matter"]  # "matter" shares a word with "dark matter"; "rare", "halo": one paper
    assert b[0] in {"protein", "folding"} and set(b) == {"protein", "folding"}


def test_one_paper_citing_many_members_does_not_name_the_cluster():
    g = planted()
    g.add_node("z", kind="paper", label="z", year=2006, title="zebrafish zoology")
    for i in range(4):
        g.add_edge("z", f"a{i}", key="cites", kind="cites")
    label = {c["members"][0][0]: c["label"] for c in cocitation_clusters(g, min_cited=1)["clusters"]}["a"]
    assert "zebrafish" not in label and "galaxy" in label


def test_stored_on_the_graph_as_the_page_and_exports_read_it():
    g = planted()
    add_clusters(g)
    assert g.nodes["a1"]["cluster"] != g.nodes["b1"]["cluster"]
    assert set(g.graph["clusters"]) == {g.nodes["a1"]["cluster"], g.nodes["b1"]["cluster"]}
    assert {"label", "size", "mean_year", "top"} <= set(g.graph["clusters"][g.nodes["a1"]["cluster"]])
    page = page_data(g)
    assert {c["label"] for c in page["clusters"].values()} == {c["label"] for c in g.graph["clusters"].values()}
    nodes, _ = to_csv(g)
    assert "cluster" in nodes.splitlines()[0].split(",")
    assert 'attr.name="cluster"' in to_graphml(g)


@pytest.mark.parametrize("edges", [[], [("p", "w")]])
def test_nothing_to_cluster_is_said_not_crashed(edges):
    g = nx.MultiDiGraph()
    g.add_node("p", kind="paper", label="p")
    g.add_node("w", kind="work", label="w")
    for u, v in edges:
        g.add_edge(u, v, key="cites", kind="cites")
    r = add_clusters(g)
    assert r["cocitation"]["clusters"] == [] and "no co-citation" in r["cocitation"]["note"]
    assert "no bibliographic coupling" in r["coupling"]["note"]
    assert g.graph["clusters"] == {}


def test_a_single_citing_paper_gives_no_clusters_and_says_why():
    """One reference list co-cites all its works once: clustering it would only repeat the list."""
    g = nx.MultiDiGraph()
    g.add_node("p", kind="paper", label="p", title="one study")
    for w in ("w1", "w2", "w3"):
        g.add_node(w, kind="work", label=w, title=f"work {w}")
        g.add_edge("p", w, key="cites", kind="cites")
    r = cocitation_clusters(g)
    assert r["clusters"] == [] and "a single citing paper" in r["note"]
    # Two papers citing the same works are enough to cluster.
    g.add_node("q", kind="paper", label="q", title="another study")
    for w in ("w1", "w2"):
        g.add_edge("q", w, key="cites", kind="cites")
    assert cocitation_clusters(g, min_cited=1)["clusters"]


@pytest.mark.skipif(not WOS.is_file(), reason="../shared/datasets/exports is not present")
def test_clusters_of_a_real_wos_export():
    p = run_cli("clusters", "-s", WOS, "--format", "json")
    assert p.returncode == 0, p.stderr
    r = json.loads(p.stdout)
    co = r["cocitation"]
    assert len(co["clusters"]) >= 3 and co["modularity"] > 0.2
    # Graph-drawing classics land away from the bioinformatics databases.
    where = {m: c["id"] for c in co["clusters"] for m in c["members"]}
    assert where["work:kamada1989a"] != where["work:shannon2003"]
    assert all(c["label"] for c in co["clusters"])
    # Every label term is a term of two or more papers citing the cluster (CiteSpace's labels, by LLR),
    # not one paper's rare word repeated once per member it cites.
    from litgraph.corpus import load_corpus
    g = load_corpus([str(WOS)]).graph
    for c in co["clusters"]:
        citers = {u for m in c["members"] for u, _, d in g.in_edges(m, data=True) if d.get("kind") == "cites"}
        for term in c["label"].split(", ")[:1]:  # the rest may be tf-idf words filling a short label
            assert sum(term in _doc_terms(g, p) for p in citers) >= 2, (c["label"], term)
    text = run_cli("clusters", "-s", WOS).stdout
    assert "modularity" in text and "co-citation clusters" in text


def test_distinct_values_by_one_sort_equal_np_unique():
    import numpy as np

    from litgraph.analysis.arrays import unique as _unique

    rng = np.random.default_rng(3)
    for n in (0, 1, 2, 7, 1000, 50_000):
        for high in (1, 5, 10**6, 10**12):
            x = rng.integers(0, high, n, dtype=np.int64)
            got, want = _unique(x), np.unique(x)
            assert got.dtype == want.dtype and np.array_equal(got, want)


def _old_networks(g, min_cited, max_works, links, max_papers):
    """The co-citation and coupling networks as first made: every cited work's column sorted by name."""
    import numpy as np
    import scipy.sparse as sp

    from litgraph.analysis import clusters as K
    from litgraph.analysis.arrays import graph_arrays, unique

    a = graph_arrays(g)
    src, dst = K._cites_pairs(a)
    citing_at = sorted(unique(src).tolist(), key=a.nodes.__getitem__)
    cited_at = sorted(unique(dst).tolist(), key=a.nodes.__getitem__)
    row = np.full(a.n, -1, dtype=np.int64)
    col = np.full(a.n, -1, dtype=np.int64)
    row[citing_at] = np.arange(len(citing_at))
    col[cited_at] = np.arange(len(cited_at))
    B = sp.csr_array((np.ones(len(src)), (row[src], col[dst])), shape=(len(citing_at), len(cited_at)))
    citing, cited = [a.nodes[i] for i in citing_at], [a.nodes[i] for i in cited_at]
    counts = np.asarray(B.sum(axis=0)).ravel()
    keep = np.flatnonzero(counts >= min_cited)
    if max_works is not None and len(keep) > max_works:
        keep = np.sort(keep[np.lexsort((keep, -counts[keep]))][:max_works])
    Bk = B[:, keep]
    cocit = K._net_of((Bk.T @ Bk).tocsr(), [cited[i] for i in keep], links)
    if max_papers is not None and B.shape[0] > max_papers:
        per_work = np.asarray(B.sum(axis=0)).ravel()
        strength = B @ per_work - np.asarray(B.multiply(B).sum(axis=1)).ravel()
        ids = np.arange(B.shape[0])
        kept = np.sort(ids[np.lexsort((ids, -strength))][:max_papers])
        B, citing = B[kept], [citing[i] for i in kept]
    coupl = K._net_of((B @ B.T).tocsr(), citing, links)
    return cocit, coupl


@pytest.mark.parametrize("seed", range(6))
def test_networks_sorting_only_the_works_kept_equal_sorting_all(seed):
    """Co-citation sorts by name only the works it may keep, coupling none of its columns when its links
    are capped: the same networks, in the same order (Louvain's result depends on it), as sorting all."""
    import random

    from litgraph.analysis import clusters as K
    from litgraph.analysis.arrays import graph_arrays

    rnd = random.Random(seed)
    g = nx.MultiDiGraph()
    works = [f"w{rnd.randrange(10**6):06d}" for _ in range(150)]  # names in no order of the graph's
    for i in range(60):
        p = f"p{rnd.randrange(10**6):06d}"
        for w in rnd.sample(works[: 40 if i % 2 else 150], rnd.randint(1, 15)):
            g.add_edge(p, w, kind="cites")
            if rnd.random() < 0.1:
                g.add_edge(p, w, kind="cites")  # a repeat counts once
    for min_cited, max_works, links, max_papers in ((1, None, None, None), (2, 20, 4, None), (2, None, 3, 25),
                                                    (1, 30, None, 30), (3, 10, 15, 5)):
        a = graph_arrays(g)
        a.__dict__.pop("_cites_matrix", None)
        old = _old_networks(g, min_cited, max_works, links, max_papers)
        new = K._cocitation_net(a, min_cited, max_works, links), K._coupling_net(a, links, max_papers)
        for o, n in zip(old, new):
            assert n.nodes == o.nodes
            assert n.u.tobytes() == o.u.tobytes() and n.v.tobytes() == o.v.tobytes() and n.w.tobytes() == o.w.tobytes()


def test_tf_idf_bags_are_made_only_for_labels_llr_left_short(monkeypatch):
    from litgraph.analysis import clusters as K

    g = planted()
    full = K.add_clusters(g.copy())
    short = [c["label"] for r in full.values() for c in r["clusters"]]

    def llr_full(docs, words=K.LABEL_WORDS):
        return [[f"term{i}a", f"term{i}b", f"term{i}c"] for i in range(len(docs))]

    def no_tfidf(docs, words=K.LABEL_WORDS):
        raise AssertionError("tf-idf bags made though no label needed them")

    monkeypatch.setattr(K, "llr_labels", llr_full)
    monkeypatch.setattr(K, "name_clusters", no_tfidf)
    got = K.add_clusters(g.copy())
    assert [c["label"] for c in got["cocitation"]["clusters"]][0] == "term0a, term0b, term0c"
    monkeypatch.undo()
    assert [c["label"] for r in K.add_clusters(g.copy()).values() for c in r["clusters"]] == short
