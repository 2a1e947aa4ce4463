"""Exports: formats other tools read, byte-identical across runs, written whole or not at all."""
import csv
import json
import sys
from pathlib import Path

import networkx as nx
import pytest

from litgraph.export.html import embed_json, page_data
from litgraph.readers.bibtex import read_bibtex

from conftest import run_cli

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))


def test_build_is_byte_identical_across_runs(tmp_path):
    a, b = tmp_path / "a", tmp_path / "b"
    for out in (a, b):
        assert run_cli("build", "-o", out).returncode == 0
    for name in ("litgraph.json", "litgraph.graphml", "litgraph.html"):
        assert (a / name).read_bytes() == (b / name).read_bytes(), name


@pytest.mark.parametrize("fmt", ["graphml", "gexf", "json", "bibtex", "ris", "csljson"])
def test_exports_are_deterministic_and_complete(tmp_path, fmt):
    first, second = tmp_path / f"1.{fmt}", tmp_path / f"2.{fmt}"
    for path in (first, second):
        out = run_cli("export", "--format", fmt, "-o", path)
        assert out.returncode == 0, out.stderr
    assert first.read_bytes() == second.read_bytes()
    text = first.read_text("utf-8")
    if fmt in ("graphml", "gexf"):
        g = nx.read_graphml(first) if fmt == "graphml" else nx.read_gexf(first)
        assert g.number_of_nodes() > 150
        assert "None" not in text
        attrs = {k for _, d in g.nodes(data=True) for k in d}
        assert {"kind", "label"} <= attrs
        assert all(not isinstance(v, (list, dict)) for _, d in g.nodes(data=True) for v in d.values())
    elif fmt == "json":
        data = json.loads(text)
        assert data["multigraph"] and data["directed"] and len(data["links"]) > 300
    elif fmt == "bibtex":
        refs = read_bibtex(text, "x.bib", "x").references
        keys = [r.key for r in refs]
        assert len(keys) == len(set(keys)) == 150
        j = next(r for r in refs if r.doi == "10.1057/jibs.2009.24")
        assert j.key == "johanson2009uppsala" and j.year == 2009
    elif fmt == "ris":
        assert text.count("TY  - ") == text.count("ER  - ") == 150
    else:
        items = json.loads(text)
        assert len({i["id"] for i in items}) == 150
        assert any(i.get("DOI") == "10.1057/jibs.2009.24" and i["type"] == "article-journal" for i in items)


def test_csv_tables(tmp_path):
    out = run_cli("export", "--format", "csv", "-o", tmp_path / "g.csv")
    assert out.returncode == 0
    nodes = list(csv.DictReader((tmp_path / "g-nodes.csv").open(encoding="utf-8")))
    edges = list(csv.DictReader((tmp_path / "g-edges.csv").open(encoding="utf-8")))
    assert nodes[0].keys() >= {"id", "kind", "label"} and edges[0].keys() >= {"source", "target", "kind"}
    assert len(nodes) > 150 and len(edges) > 300


def test_output_in_a_missing_folder_writes_nothing(tmp_path):
    for args in (["export", "--format", "ris"], ["html"], ["refs", "bib/footwear-mojokerto/references.txt"]):
        target = tmp_path / "nope" / "out.file"
        out = run_cli(*args, "-o", target)
        assert out.returncode == 2 and "does not exist" in out.stderr and "Traceback" not in out.stderr
        assert not (tmp_path / "nope").exists()
    out = run_cli("build", "-o", tmp_path / "a-file.txt")  # build makes its folder, but not over a file
    (tmp_path / "blocker").write_text("x")
    out = run_cli("build", "-o", tmp_path / "blocker")
    assert out.returncode == 2 and "not a folder" in out.stderr


def test_page_data_handles_odd_nodes():
    g = nx.MultiDiGraph()
    g.add_node("work:x", kind="work")  # no label at all
    g.add_node("work:y", kind="work", label="T" * 5000, year=2020)
    g.add_edge("work:y", "work:x", kind="cites")
    data = page_data(g)
    labels = {n["id"]: (n["label"], n["short"]) for n in data["nodes"]}
    assert labels["work:x"][0] == "x"
    assert len(labels["work:y"][1]) == 40 and labels["work:y"][0] == "T" * 5000
    assert data["meta"]["layout"] == "physics" and data["meta"]["cut_note"] is None


def test_embedded_json_cannot_end_the_script_element():
    text = embed_json({"t": "</script><!-- \u2028 & <b>"})
    assert "<" not in text and ">" not in text and "&" not in text and "\u2028" not in text
    assert json.loads(text) == {"t": "</script><!-- \u2028 & <b>"}


def test_large_graph_uses_a_timeline_layout_and_cuts_with_a_note():
    from synthetic import synthetic_graph

    g = synthetic_graph(2500)
    data = page_data(g, max_nodes=2000)
    assert data["meta"]["layout"] == "timeline" and len(data["nodes"]) == 2000
    assert all(isinstance(n["x"], float) for n in data["nodes"])
    assert data["meta"]["cut_note"].startswith("Showing the 2,000 highest-scoring of 2,500 nodes")


def test_control_characters_never_reach_graphml_or_gexf(tmp_path):
    import xml.etree.ElementTree as ET

    from litgraph.export.formats import to_gexf, to_graphml

    g = nx.MultiDiGraph()
    g.add_node("paper:x", kind="paper", label="Bell\x07 and\x1b[31m red", ids={"wos": "WOS:1\x00"})
    for text in (to_graphml(g), to_gexf(g)):
        root = ET.fromstring(text.encode("utf-8"))  # well-formed XML
        assert "\x07" not in text and "\x1b" not in text and "\x00" not in text
        assert "ids_wos" in text and root is not None
