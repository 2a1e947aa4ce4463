"""Kleinberg citation bursts: a work cited 0,0,0,5,6,0 times a year bursts in years 4 and 5, and nothing else does."""
import networkx as nx

from litgraph.analysis.bursts import add_bursts, kleinberg
from litgraph.export.html import page_data


def test_burst_in_the_right_years():
    found = kleinberg([0, 0, 0, 5, 6, 0], [10] * 6)
    assert [(a, b) for a, b, _ in found] == [(3, 4)]
    assert found[0][2] > 0


def test_steady_citation_does_not_burst():
    assert kleinberg([2, 2, 2, 2, 2, 2], [10] * 6) == []
    assert kleinberg([0] * 6, [10] * 6) == []
    assert kleinberg([], []) == []


def test_stronger_rise_is_stronger():
    weak = kleinberg([1, 1, 1, 3, 3, 1], [10] * 6)
    strong = kleinberg([0, 0, 0, 6, 7, 0], [10] * 6)
    assert strong and (not weak or strong[0][2] > weak[0][2])


def test_rate_is_relative_to_the_papers_of_each_year():
    # 5 citations in a year of 50 papers is the base rate, not a burst.
    assert kleinberg([1, 1, 1, 5, 1, 1], [10, 10, 10, 50, 10, 10]) == []


def graph(per_year: dict[int, int], others: int = 10) -> nx.MultiDiGraph:
    g = nx.MultiDiGraph()
    g.add_node("w", kind="work", label="w")
    for y in range(2000, 2006):
        for i in range(others):
            p = f"p{y}-{i}"
            g.add_node(p, kind="paper", label=p, year=y)
            g.add_node(f"o{y}-{i}", kind="work", label="o")
            g.add_edge(p, f"o{y}-{i}", key="cites", kind="cites")
            if i < per_year.get(y, 0):
                g.add_edge(p, "w", key="cites", kind="cites")
    return g


def test_node_attribute_in_citing_years_as_the_page_reads_it():
    g = graph({2003: 5, 2004: 6})
    assert add_bursts(g) == 1
    b = g.nodes["w"]["burst"]
    assert (b["start"], b["end"]) == (2003, 2004) and b["strength"] > 0
    node = next(n for n in page_data(g)["nodes"] if n["id"] == "w")
    assert node["burst"]["start"] == 2003


def test_no_years_no_bursts():
    g = graph({2003: 5})
    for n in g:
        g.nodes[n].pop("year", None)
    assert add_bursts(g) == 0
