"""Main path: followed along real citation chains, refused (with what to add) where every arc would tie."""
import networkx as nx

from conftest import run_cli
from litgraph.analysis.lineage import main_path
from litgraph.report import mainpath_text


def _g(arcs, years):
    g = nx.MultiDiGraph()
    for n, y in years.items():
        g.add_node(n, kind="paper" if n.startswith("p") else "work", label=n, year=y)
    for u, v in arcs:
        g.add_edge(u, v, key="cites", kind="cites", weight=1)
    return g


def test_a_chain_gives_a_forward_main_path():
    # p3 cites p2 and p1, p2 cites p1 and w0, p1 cites w0: knowledge flows w0 -> p1 -> p2 -> p3
    g = _g([("p1", "w0"), ("p2", "p1"), ("p2", "w0"), ("p3", "p2"), ("p3", "p1"), ("p4", "w0")],
           {"w0": 1990, "p1": 2000, "p2": 2005, "p3": 2010, "p4": 2011})
    r = main_path(g)
    assert not r["thin"] and r["chains"] == 2
    assert [p["id"] for p in r["global"]] == ["w0", "p1", "p2", "p3"]
    assert "global main path" in mainpath_text(r)


def test_reference_lists_alone_are_too_thin_and_say_what_to_add():
    g = _g([("p1", "w1"), ("p1", "w2"), ("p2", "w2"), ("p2", "w3")], {"p1": 2000, "p2": 2001, "w1": 1990,
                                                                      "w2": 1991, "w3": 1992})
    r = main_path(g)
    assert r["thin"] and r["global"] == [] and r["citations"] == 4
    text = mainpath_text(r)
    assert "no meaningful main path" in text and "database export" in text


def test_cli_on_the_demo_corpus():
    p = run_cli("mainpath")
    assert "no meaningful main path" in p.stdout and "Traceback" not in p.stderr


def test_rank_by_authority_prints_it_and_help_explains_every_metric():
    p = run_cli("rank", "--by", "authority", "--top", "3")
    assert "authority" in p.stdout.splitlines()[0]
    h = run_cli("rank", "--help").stdout
    for m in ("score", "cited_by", "citations", "pagerank", "betweenness", "authority", "hub", "core", "burst"):
        assert f"{m} " in h or f"`{m}`" in h, m


def test_a_few_short_chains_are_shown_with_a_caution():
    # one chain p1 -> w0 (p2 cites p1): a path of three works, one intermediate
    g = _g([("p1", "w0"), ("p2", "p1"), ("p2", "w1"), ("p3", "w1")],
           {"w0": 1990, "w1": 1991, "p1": 2000, "p2": 2005, "p3": 2006})
    r = main_path(g)
    assert not r["thin"] and [p["id"] for p in r["global"]] == ["w0", "p1", "p2"]
    assert r["caution"] and "caution: the citation network among the works is thin" in mainpath_text(r)
