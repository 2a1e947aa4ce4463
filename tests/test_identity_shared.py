"""One identity for `check` and the graph: an entry `check` calls a duplicate is the
same node as the entry it repeats; no citation becomes a phantom work."""
import pytest

from litgraph.analysis.checks import check_document
from litgraph.corpus import load_corpus
from litgraph.graph import build_graph
from litgraph.model import Author, Citation, Document, Reference
from litgraph.resolve import duplicate_entry, duplicate_pairs, link_citations

from conftest import BIB


def node_of_entry(g, doc_id, index):
    """The node a paper's list entry became (through the paper's `cites` edge)."""
    found = [v for _, v, d in g.out_edges(f"paper:{doc_id}", data=True)
             if d["kind"] == "cites" and (d.get("ref") == index or index in d.get("entries", ()))]
    assert len(found) == 1, (doc_id, index, found)
    return found[0]


@pytest.fixture(scope="module")
def demo():
    return load_corpus([str(BIB)])


def test_no_work_node_that_check_calls_a_duplicate_of_another(demo):
    pairs = 0
    for doc in demo.docs:
        flagged = {f.ref for f in check_document(doc) if f.kind == "duplicate_entry"}
        found = duplicate_pairs(doc.references)
        assert flagged == {doc.references[j].index for _, j, _ in found}
        for i, j, _ in found:
            a, b = doc.references[i].index, doc.references[j].index
            assert node_of_entry(demo.graph, doc.id, a) == node_of_entry(demo.graph, doc.id, b)
            pairs += 1
    assert pairs >= 1  # the demo corpus lists Dominguez (2018) twice


def test_a_citation_of_a_work_listed_twice_is_no_phantom(demo):
    g = demo.graph
    dominguez = [n for n, d in g.nodes(data=True) if d["kind"] == "work" and d.get("authors")
                 and d["authors"][0].startswith("Dominguez")]
    assert len(dominguez) == 1
    edge = g.get_edge_data("paper:ornamental-plant-batu", dominguez[0], key="cites")
    assert edge["entries"] == [4, 5] and edge["weight"] == 3  # two "Dominguez (2018)" and one "(Dominguez, 2018b)"
    assert any("listed twice" in m for m in g.nodes[dominguez[0]]["merges"])


def ref(i, family, year, title=None, doi=None, suffix=None, source="p"):
    return Reference(source, i, f"{family} ({year}). {title}", authors=[Author(family, "J.")], year=year,
                     year_suffix=suffix, title=title, doi=doi)


def cit(line, family, year, **kw):
    return Citation("p", line, f"({family}, {year})", family, year, False, names=(family,), **kw)


def test_duplicate_entry_rules():
    a = ref(1, "Dominguez", 2018, "SME Internationalization Strategies, Innovation to Conquer New Markets", suffix="a")
    b = ref(2, "Dominguez", 2018, "SME internationalization strategies", suffix="b")
    assert duplicate_entry(a, b) == "same title"
    assert duplicate_entry(ref(1, "Smith", 2001, "X", doi="10.1/A"), ref(2, "Smith", 2001, "Y", doi="10.1/a")) == "same DOI"
    # Two DOIs are two works, whatever the titles say.
    assert duplicate_entry(ref(1, "Smith", 2001, "Export learning in firms", doi="10.1/a"),
                           ref(2, "Smith", 2001, "Export learning in firms", doi="10.1/b")) is None
    # Porter's 1985 and 1990 books: one title starts the other, the years differ.
    assert duplicate_entry(ref(1, "Porter", 1985, "Competitive advantage"),
                           ref(2, "Porter", 1990, "Competitive advantage of nations")) is None
    # A title starting another only at a whole word; short titles are no evidence.
    assert duplicate_entry(ref(1, "Smith", 2001, "Export learning in firm"),
                           ref(2, "Smith", 2001, "Export learning in firms")) is None
    assert duplicate_entry(ref(1, "Smith", 2001, "Networks"), ref(2, "Smith", 2001, "Networks")) is None
    assert duplicate_entry(ref(1, "Smith", 2001, "Export learning in firms"),
                           ref(2, "Jones", 2001, "Export learning in firms")) is None


def paper(refs, cits):
    doc = Document("p.txt", "p", "paper", references=refs, citations=cits, has_text=True)
    return doc


def work_nodes(g):
    return sorted(d["label"] for _, d in g.nodes(data=True) if d["kind"] == "work")


def test_a_year_off_citation_linked_to_its_entry_makes_no_phantom_work():
    # resolve.link_citations links "Barney (1992)" to the one Barney entry a year away; the graph follows the link.
    doc = paper([ref(1, "Barney", 1991, "Firm resources and sustained competitive advantage")],
                [cit(3, "Barney", "1992", ref=1, link="year off: cited 1992, listed 1991")])
    g = build_graph([doc])
    assert work_nodes(g) == ["Barney (1991)"]
    assert g.get_edge_data("paper:p", "work:barney1991firm", key="cites")["lines"] == [3]


def test_an_ambiguous_citation_makes_no_work_of_its_own():
    doc = paper([ref(1, "Smith", 2001, "Export learning in small firms", suffix="a"),
                 ref(2, "Smith", 2001, "Networks of family firms abroad", suffix="b")],
                [cit(4, "Smith", "2001")])
    link_citations(doc)
    assert doc.citations[0].link.startswith("ambiguous")
    g = build_graph([doc])
    assert work_nodes(g) == ["Smith (2001a)", "Smith (2001b)"]
    assert all(d["lines"] == [] for *_, d in g.edges(data=True))


def test_a_citation_of_no_entry_is_still_a_work():
    doc = paper([ref(1, "Smith", 2001, "Export learning in small firms")], [cit(4, "Penrose", "1959")])
    link_citations(doc)
    g = build_graph([doc])
    assert work_nodes(g) == ["Penrose (1959)", "Smith (2001)"]


def test_one_list_printing_one_work_twice_is_one_node_two_similar_works_are_two():
    doc = paper([ref(1, "Smith", 2001, "Export learning in small firms", doi="10.1/x"),
                 ref(2, "Smith", 2001, "Export learning in small firms"),
                 ref(3, "Lee", 2005, "Export learning I: the firm"), ref(4, "Lee", 2005, "Export learning II: the firm")],
                [])
    g = build_graph([doc])
    assert work_nodes(g) == ["Lee (2005)", "Lee (2005)", "Smith (2001)"]
    assert [f.ref for f in check_document(doc) if f.kind == "duplicate_entry"] == [2]
