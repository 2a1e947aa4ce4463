"""How build_graph writes the graph: the nodes and edges it writes into networkx's
adjacency directly are those add_node/add_edge would make, and vocabulary works
found through the index by year and first author are those the plain scan finds."""
import networkx as nx
import pytest

from litgraph.corpus import load_corpus
from litgraph.graph import _WorkIndex, find_work, works_by_year
from litgraph.knowledge import WorkRef

from conftest import BIB


@pytest.fixture(scope="module")
def g():
    return load_corpus([str(BIB)]).graph


def test_the_graph_is_the_one_the_networkx_api_builds(g):
    # The same nodes, edges, keys and attributes (in order) when rebuilt one call at a time.
    api = nx.MultiDiGraph()
    for n, d in g.nodes(data=True):
        api.add_node(n, **d)
    for u, v, k, d in g.edges(keys=True, data=True):
        api.add_edge(u, v, key=k, **d)
    assert list(api.nodes(data=True)) == list(g.nodes(data=True))
    assert [list(d) for _, d in api.nodes(data=True)] == [list(d) for _, d in g.nodes(data=True)]
    assert list(api.edges(keys=True, data=True)) == list(g.edges(keys=True, data=True))
    assert [list(d) for *_, d in api.edges(keys=True, data=True)] == [list(d) for *_, d in g.edges(keys=True, data=True)]
    # Predecessors and successors hold one and the same key dict for each edge, as networkx keeps them.
    for u, v in g.edges():
        assert g._succ[u][v] is g._pred[v][u]
    assert {n: sorted(g.pred[n]) for n in g} == {n: sorted(api.pred[n]) for n in api}
    assert sum(1 for _ in g.in_edges(data=True)) == g.number_of_edges()


def test_work_index_finds_what_the_scan_of_a_year_finds(g):
    index, by_year = _WorkIndex(g), works_by_year(g)
    refs = set()
    for n, d in g.nodes(data=True):
        if d["kind"] in ("work", "paper") and d.get("year") and d.get("authors"):
            fams = [a.split(",")[0] for a in d["authors"]]
            y = d["year"]
            # the node's own names, one of them with a slip, one name alone, other years, no names
            refs |= {(tuple(fams[:2]), y), (tuple(fams[:1]), y), (tuple(fams[:1]), y + 1), ((), y)}
            if len(fams[0]) > 6:
                refs.add(((fams[0][:-1] + "x",), y))
    assert len(refs) > 300
    found = 0
    for names, year in sorted(refs):
        ref = WorkRef(text=f"{' & '.join(names)} {year}", names=names, et_al=False, year=year, suffix=None)
        want = find_work(g, ref, by_year)
        assert find_work(g, ref, index) == want, ref
        found += want is not None
    assert found > 100
