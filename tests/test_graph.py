"""The graph of the demo corpus (bib/ alone: no ../shared needed)."""
import json

import pytest

from litgraph.analysis.centrality import cocitation, coupling, rank
from litgraph.analysis.lineage import lineage, main_path
from litgraph.corpus import load_corpus
from litgraph.model import Author, Reference
from litgraph.resolve import identify_works

from conftest import BIB, run_cli

PAPERS = {"ornamental-plant-batu", "entry-modes-east-java", "footwear-mojokerto", "co-innovation-smis"}


@pytest.fixture(scope="module")
def g():
    return load_corpus([str(BIB)]).graph


def citers(g, node):
    return sorted(u.split(":", 1)[1] for u, _, d in g.in_edges(node, data=True) if d["kind"] == "cites")


def works_by(g, family, year):
    return [n for n, d in g.nodes(data=True) if d["kind"] == "work" and d.get("year") == year
            and d.get("authors") and d["authors"][0].startswith(family)]


def test_nodes_and_edges_have_kinds_and_labels(g):
    assert {d["kind"] for _, d in g.nodes(data=True)} == {"paper", "work", "theory", "case"}
    assert all(d.get("label") for _, d in g.nodes(data=True))
    assert {p.split(":", 1)[1] for p, d in g.nodes(data=True) if d["kind"] == "paper"} == PAPERS
    assert all("kind" in d for *_, d in g.edges(data=True))


def test_works_cited_by_two_papers_are_one_node_each(g):
    shared = sorted(g.nodes[n]["label"] for n, d in g.nodes(data=True) if d["kind"] == "work" and d["cited_by"] > 1)
    assert shared == ["Johanson & Vahlne (2009)", "Johanson & Wiedersheim-Paul (1975)"]
    for family, year in (("Johanson", 1975), ("Johanson", 2009)):
        (node,) = [n for n in works_by(g, family, year)]
        assert citers(g, node) == ["entry-modes-east-java", "ornamental-plant-batu"]
        assert g.nodes[node]["merges"]  # the merge says why


def test_same_authors_other_years_stay_apart(g):
    years = sorted(g.nodes[n]["year"] for n, d in g.nodes(data=True)
                   if d["kind"] == "work" and d.get("authors") and d["authors"][0].startswith("Johanson"))
    assert years == [1975, 1977, 2003, 2009]
    assert len(works_by(g, "Tambunan", 2007)) == 1 and len(works_by(g, "Tambunan", 2009)) == 1


def test_every_theory_and_case_is_linked_to_papers(g):
    wanted = ["stage-theory", "uppsala-model", "revised-uppsala-model", "psychic-distance", "establishment-chain",
              "network-perspective", "eclectic-paradigm", "internalization-theory", "transaction-cost-approach",
              "resource-based-view", "organizational-capability-perspective", "innovation-model", "born-global",
              "born-again-global", "pull-factor-theory", "ethnocentrism", "international-market-orientation",
              "service-dominant-logic", "open-innovation", "co-innovation", "collaborative-networks"]
    for t in wanted:
        node = f"theory:{t}"
        assert node in g, t
        assert any(d["kind"] == "discusses" for _, _, d in g.in_edges(node, data=True)), t
    cases = [n for n, d in g.nodes(data=True) if d["kind"] == "case"]
    assert len(cases) >= 12
    for c in cases:
        assert any(d["kind"] == "studies" for _, _, d in g.in_edges(c, data=True)), c
    kenzi = g.nodes["case:kenzi-footwear"]
    assert kenzi["place"].startswith("Mojokerto") and kenzi["entry_modes"]


def test_uppsala_lineage_in_time_order(g):
    lin = lineage(g, "theory:uppsala-model")
    assert [(o["label"], o["year"]) for o in lin["origins"]] == [
        ("Johanson & Wiedersheim-Paul (1975)", 1975), ("Johanson & Vahlne (1977)", 1977)]
    years = [r["year"] for r in lin["revisions"]]
    assert years == sorted(years) and {2009, 2017} <= set(years)
    assert {u["id"] for u in lin["used_by"]} == {"paper:entry-modes-east-java", "paper:ornamental-plant-batu"}


def test_rank_puts_the_shared_works_first(g):
    rows = rank(g, kind="work", top=2)
    assert {r["label"] for r in rows} == {"Johanson & Vahlne (2009)", "Johanson & Wiedersheim-Paul (1975)"}
    assert set(rows[0]) >= {"id", "label", "kind", "score", "cited_by", "pagerank", "betweenness", "core"}


def test_cocitation_and_coupling(g):
    node = works_by(g, "Johanson", 2009)[0]
    top = cocitation(g, node)[0]
    assert g.nodes[top["id"]]["label"] == "Johanson & Wiedersheim-Paul (1975)" and top["strength"] == 2
    coupled = coupling(g, "paper:ornamental-plant-batu")
    assert coupled[0] == {"id": "paper:entry-modes-east-java", "label": g.nodes["paper:entry-modes-east-java"]["label"],
                          "kind": "paper", "strength": 2}


def test_main_path_on_the_demo_corpus_says_it_is_too_thin(g):
    # The four papers cite nothing that cites anything in the corpus: every arc would tie (issue 13).
    result = main_path(g)
    assert result["global"] == [] and result["thin"] and result["citations"] > 0


def _ref(i, family, year, title, doi=None):
    return Reference("t", i, "", authors=[Author(family, "J.")], year=year, title=title, doi=doi)


def test_identity_rules():
    a = ("p1", _ref(1, "Smith", 2003, "Networks and firms"))
    b = ("p2", _ref(1, "Smith", 2009, "Networks and firms"))
    c = ("p2", _ref(2, "Smith", 2003, "Something else entirely"))
    d = ("p3", _ref(1, "Smith", 2003, "Networks and firms."))
    e = ("p3", _ref(2, "Jones", 2010, "A", doi="10.1000/x"))
    f = ("p4", _ref(1, "Jonas", 2011, "B", doi="10.1000/x"))
    works = identify_works([a, b, c, d, e, f])
    groups = sorted(sorted(f"{doc}:{r.index}" for doc, r in [x for x in (a, b, c, d, e, f) if x[1] in w.refs])
                    for w in works)
    assert groups == [["p1:1", "p3:1"], ["p2:1"], ["p2:2"], ["p3:2", "p4:1"]]
    reasons = [m for w in works for m in w.merges]
    assert any("DOI" in m for m in reasons) and any("title" in m for m in reasons)


def test_graph_commands_contract(tmp_path):
    out = run_cli("build", "-o", tmp_path)
    assert out.returncode == 0, out.stderr
    data = json.loads((tmp_path / "litgraph.json").read_text("utf-8"))
    assert all({"id", "kind", "label"} <= set(n) for n in data["nodes"])
    assert all("kind" in e for e in data["links"])
    assert (tmp_path / "litgraph.graphml").read_text("utf-8").startswith("<?xml")
    rows = json.loads(run_cli("rank", "--format", "json", "--top", "3").stdout)
    assert len(rows) == 3 and rows[0]["score"] >= rows[-1]["score"]
    lin = json.loads(run_cli("lineage", "--format", "json", "upsala model").stdout)
    assert set(lin) >= {"theory", "origins", "revisions", "used_by", "cases"}
    assert lin["theory"]["id"] == "theory:uppsala-model"
    bad = run_cli("lineage", "blockchain theory")
    assert bad.returncode == 2 and "no theory" in bad.stderr and "Traceback" not in bad.stderr
    shown = run_cli("show", "10.1057/jibs.2009.24")
    assert shown.returncode == 0 and "Liability of outsidership" in shown.stdout


def test_vocabulary_errors_name_file_and_line(tmp_path):
    cases = {
        "syntax.toml": ('[theory.a]\nlabel = "A\n', ":2:"),
        "unknown.toml": ('[theory.a]\nlabel = "A"\nfounders = []\n', "unknown key 'founders'"),
        "clash.toml": ('[theory.a]\naliases = ["x model"]\n[case.c]\naliases = ["X Model"]\n', "claimed by both"),
        "dangling.toml": ('[theory.a]\nrevises = ["uppsala"]\n[theory.uppsala-model]\n', "did you mean 'uppsala-model'"),
    }
    for name, (text, expect) in cases.items():
        path = tmp_path / name
        path.write_text(text, "utf-8")
        out = run_cli("rank", "--vocabulary", path)
        assert out.returncode == 2, name
        assert expect in out.stderr and str(path) in out.stderr and "Traceback" not in out.stderr, out.stderr


def test_author_nodes_on_request():
    g = load_corpus([str(BIB)], authors=True).graph
    johanson = g.nodes["author:johanson-j"]
    assert johanson["kind"] == "author" and johanson["works"] == 5  # 1975, 1977, 2003, 2009, 2017
    # "Sudarmiatin" without initials joins the one initialled Sudarmiatin.
    assert "author:sudarmiatin" not in g and g.nodes["author:sudarmiatin-s"]["works"] >= 5
    top = rank(g, kind="author", top=2)
    assert [r["label"] for r in top] == ["Johanson, J.", "Vahlne, J. E."]
    shown = run_cli("show", "--authors", "Sudarmiatin")
    assert shown.returncode == 0 and shown.stdout.startswith("Sudarmiatin, S.  [author]")
    # off by default (201: Dominguez (2018), listed twice and cited ambiguously, is one node)
    assert load_corpus([str(BIB)]).graph.number_of_nodes() == 201
