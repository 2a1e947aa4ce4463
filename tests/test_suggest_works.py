"""suggest-works: cited-only works ranked by their links to the corpus's core, each with its reasons."""
import json

import networkx as nx
import pytest

from conftest import SHARED, run_cli
from litgraph.analysis.suggestions import suggest_works

EXPORTS = SHARED / "datasets" / "exports"
needs_exports = pytest.mark.skipif(not EXPORTS.is_dir(), reason="../shared/datasets/exports is not present")


def _g(papers, works, arcs):
    g = nx.MultiDiGraph()
    for p in papers:
        g.add_node(p, kind="paper", label=p, year=2010)
    for w in works:
        g.add_node(w, kind="work", label=w, year=1990)
    for u, v in arcs:
        g.add_edge(u, v, key="cites", kind="cites", weight=1)
    return g


def test_works_cited_by_more_core_papers_come_first_with_their_reasons():
    g = _g(["p1", "p2", "p3"], ["w1", "w2", "w3"],
           [("p1", "w1"), ("p2", "w1"), ("p3", "w1"), ("p1", "w2"), ("p2", "w2"), ("p3", "w3"),
            ("p2", "p1"), ("p3", "p1")])  # p1 is a corpus paper cited by the others: never a suggestion
    r = suggest_works(g)
    ids = [s["id"] for s in r["suggestions"]]
    assert ids == ["w1", "w2"]  # w3: one link, under --min-links 2; p1: in the corpus
    top = r["suggestions"][0]
    assert top["cited_by_core"] == 3 and "cited by 3 of 3 core papers" in top["reasons"]
    # w1 is cited together with p1 by p2 and p3
    assert top["cocitations"] == 2 and any(x.startswith("co-cited with p1") for x in top["reasons"])
    assert r["core"]["size"] == 3 and r["candidates"] == 3


def test_a_narrow_core_counts_only_its_papers():
    g = _g(["p1", "p2", "p3"], ["w1", "w2"],
           [("p2", "p1"), ("p3", "p1"), ("p1", "w1"), ("p2", "w1"), ("p2", "w2"), ("p3", "w2")])
    r = suggest_works(g, core=1, min_links=1)  # the core: p1, the most locally cited
    assert r["core"]["papers"] == ["p1"]
    rows = {s["id"]: s for s in r["suggestions"]}
    assert rows["w1"]["cited_by_core"] == 1
    # w2 is not cited by the core but co-cited with it (by p2 and p3)
    assert rows["w2"]["cited_by_core"] == 0 and rows["w2"]["cocitations"] == 2
    assert any("outside the core" in x for x in rows["w2"]["reasons"])


def test_no_citations_and_a_single_paper_say_why_nothing_is_suggested():
    r = suggest_works(_g(["p1", "p2"], [], []))
    assert r["suggestions"] == [] and "cites anything" in r["note"]
    r = suggest_works(_g(["p1"], ["w1", "w2"], [("p1", "w1"), ("p1", "w2")]))
    assert r["suggestions"] == [] and "single paper" in r["note"]
    r = suggest_works(_g(["p1", "p2"], ["w1", "w2"], [("p1", "w1"), ("p2", "w2")]))
    assert r["suggestions"] == [] and "the most is 1" in r["note"]
    assert suggest_works(nx.MultiDiGraph())["note"]


def test_cli_on_the_demo_corpus_and_help_tells_the_two_suggest_commands_apart():
    p = run_cli("suggest-works", "--format", "json")
    assert p.returncode == 0, p.stderr
    r = json.loads(p.stdout)
    labels = [s["label"] for s in r["suggestions"]]
    assert "Johanson & Vahlne (2009)" in labels
    assert all(s["id"].startswith("work:") for s in r["suggestions"])
    assert "not in the corpus" in " ".join(run_cli("suggest-works", "--help").stdout.split())
    assert "suggest-works" in run_cli("suggest", "--help").stdout


@needs_exports
def test_wos_export_suggests_the_classics_its_records_cite():
    wos = EXPORTS / "wos_plaintext" / "wosfile_wos_plaintext.txt"
    p = run_cli("suggest-works", "-s", wos, "--top", "10", "--format", "json")
    assert p.returncode == 0, p.stderr
    r = json.loads(p.stdout)
    assert r["corpus_papers"] == 50 and r["core"]["size"] == 50
    top = r["suggestions"]
    # Kamada & Kawai's graph layout (1989) is cited by 7 of the 50 records and is no record itself.
    assert top[0]["label"] == "Kamada (1989)" and top[0]["cited_by_core"] == 7
    assert [s["cited_by_core"] for s in top] == sorted((s["cited_by_core"] for s in top), reverse=True)
    assert all(s["id"].startswith("work:") for s in top)


@needs_exports
def test_a_library_without_cited_references_says_so():
    p = run_cli("suggest-works", "-s", EXPORTS / "ris_refmanager" / "asreview_baseline_zotero.ris")
    assert p.returncode == 0 and "nothing to suggest" in p.stdout and "cited references" in p.stdout
    assert "Traceback" not in p.stderr
