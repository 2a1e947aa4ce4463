"""Exports: formats other tools read, byte-identical across runs, written whole or not at all."""
import csv
import json
import sys
from pathlib import Path

import networkx as nx
import pytest

from litgraph.corpus import load_corpus
from litgraph.export.html import embed_json
from litgraph.readers.bibtex import read_bibtex

from conftest import ROOT, run_cli

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
    # One entry per distinct work or paper: what check calls duplicates is one node.
    entries = sum(1 for _, d in load_corpus([str(ROOT / "bib")]).graph.nodes(data=True)
                  if d["kind"] in ("work", "paper"))
    # 148: Dominguez (2018), listed twice and cited ambiguously, is one work (issue 11 item 4)
    assert entries == 148
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
        assert len(keys) == len(set(keys)) == entries
        j = next(r for r in refs if r.doi == "10.1057/jibs.2009.24")
        assert j.key == "johanson2009uppsala" and j.year == 2009
    elif fmt == "ris":
        assert text.count("TY  - ") == text.count("ER  - ") == entries
    else:
        items = json.loads(text)
        assert len({i["id"] for i in items}) == len(items) == entries
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


def test_embedded_json_cannot_end_the_script_element():
    text = embed_json({"t": "</script><!-- \u2028 & <b>"})
    assert "<" not in text and ">" not in text and "&" not in text and "\u2028" not in text
    assert json.loads(text) == {"t": "</script><!-- \u2028 & <b>"}


def test_control_characters_never_reach_graphml_or_gexf(tmp_path):
    import xml.etree.ElementTree as ET

    from litgraph.export.formats import to_gexf, to_graphml

    g = nx.MultiDiGraph()
    g.add_node("paper:x", kind="paper", label="Bell\x07 and\x1b[31m red", ids={"wos": "WOS:1\x00"})
    for text in (to_graphml(g), to_gexf(g)):
        root = ET.fromstring(text.encode("utf-8"))  # well-formed XML
        assert "\x07" not in text and "\x1b" not in text and "\x00" not in text
        assert "ids_wos" in text and root is not None


def test_graphml_and_gexf_read_back_as_the_same_graph():
    import io

    from litgraph.export.formats import to_gexf, to_graphml

    g = nx.MultiDiGraph()
    g.add_node("paper:a", kind="paper", label='A & <b> "q"', year=2001, score=0.25, flag=True,
               authors=["X, Y.", "Z, W."], ids={"doi": "10.1/x&y"}, key="k1")
    g.add_node("work:b", kind="work", label="B\x0b\ud800", year=1999)
    g.add_edge("paper:a", "work:b", key="e1", kind="cites", weight=2)
    g.add_edge("paper:a", "work:b", key="e2", kind="cites", weight=1)
    h = nx.read_graphml(io.BytesIO(to_graphml(g).encode("utf-8")))
    assert h.nodes["paper:a"] == {"kind": "paper", "label": 'A & <b> "q"', "year": 2001, "score": 0.25,
                                  "flag": True, "authors": "X, Y.; Z, W.", "ids_doi": "10.1/x&y", "key": "k1"}
    assert h.nodes["work:b"]["label"] == "B"
    assert sorted(h.edges(keys=True)) == [("paper:a", "work:b", "e1"), ("paper:a", "work:b", "e2")]
    assert h.edges["paper:a", "work:b", "e1"]["weight"] == 2
    x = nx.read_gexf(io.BytesIO(to_gexf(g).encode("utf-8")))
    assert x.nodes["paper:a"]["label"] == 'A & <b> "q"' and x.nodes["paper:a"]["year"] == 2001
    assert x.nodes["paper:a"]["key"] == "k1" and x.number_of_edges() == 2
    assert sorted(k for *_, k in x.edges(keys=True)) == ["e1", "e2"]


def test_grouped_writers_match_the_row_by_row_ones():
    """to_graphml writes a group of rows with one template (formats._Groups), and a build shares one
    Tables between its writers: both give what the row-by-row writer and a fresh Tables give,
    here with list columns holding empty lists, None and control characters among text."""
    from litgraph.export.formats import Tables, _graphml_rows, to_graphml, to_json

    g = nx.MultiDiGraph()
    for i in range(6):
        merges = [[], None, ["same DOI 10.1/x", "b\x07ell"], ["a & b"], [], ["<tag>"]][i]
        g.add_node(f"work:{i}", kind="work", label=f"W{i}", merges=merges, variants=[f"v{i}"] if i % 2 else [],
                   year=2000 + i if i != 3 else None, cited_by=i)
    g.add_node("paper:p", kind="paper", label="P", authors=["X, Y."], ids={"wos": "WOS:1", "pmid": None})
    for i in range(6):
        g.add_edge("paper:p", f"work:{i}", key="cites", kind="cites", lines=[], listed=bool(i % 2), weight=1)
    assert to_graphml(g) == _graphml_rows(g)
    tables = Tables(g)
    assert to_graphml(g, tables) == to_graphml(g)
    assert to_json(g, tables) == to_json(g)
    data = json.loads(to_json(g))
    assert {n["id"]: n.get("merges") for n in data["nodes"]}["work:1"] is None  # None left out


def test_json_document_is_networkx_node_link_data_with_one_item_a_line():
    """to_json joins its lines once (formats._json_document): with no, one and several nodes and links it
    is exactly the layout it always had (one node or link a line, sorted keys), and networkx reads it
    back as the same graph."""
    from networkx.readwrite import json_graph

    from litgraph.export.formats import to_json

    empty = nx.MultiDiGraph()
    assert to_json(empty) == '{\n"directed": true,\n"graph": {},\n"links": [],\n"multigraph": true,\n"nodes": []\n}\n'
    one = nx.MultiDiGraph()
    one.add_node("a", kind="work", label="A", title=None)
    assert to_json(one) == ('{\n"directed": true,\n"graph": {},\n"links": [],\n"multigraph": true,\n'
                            '"nodes": [\n{"id": "a", "kind": "work", "label": "A"}\n]\n}\n')
    one.add_edge("a", "a", key="cites", kind="cites")
    assert to_json(one).split("\n")[3:6] == ['"links": [', '{"key": "cites", "kind": "cites", "source": "a", '
                                              '"target": "a"}', '],']
    g = nx.MultiDiGraph()
    for u, v in [("b", "c"), ("a", "b"), ("c", "a"), ("a", "b")]:
        g.add_edge(u, v, kind="cites", note="é😀\u2028")
    text = to_json(g)
    lines = text.split("\n")
    assert lines[:4] == ["{", '"directed": true,', '"graph": {},', '"links": [']
    assert len(lines) == 4 + 4 + 1 + 2 + 3 + 3  # 4 links, "],", multigraph, nodes [, 3 nodes, "]", "}", ""
    back = json_graph.node_link_graph(json.loads(text), directed=True, multigraph=True, edges="links")
    assert sorted(back.edges(keys=True)) == sorted(g.edges(keys=True)) and set(back) == set(g)


def test_csv_by_columns_matches_the_row_by_row_writer():
    """to_csv writes a column at a time; _csv_rows (the former writer, kept for colliding names) is the
    reference: formula-like cells kept text, numbers left alone, lists joined, dicts flattened."""
    from litgraph.export.formats import _csv_rows, to_csv

    g = nx.MultiDiGraph()
    g.add_node("work:a", kind="work", label="=HYPERLINK(1)", year=1999, score=-0.5, merges=[], variants=["-x", "y"])
    g.add_node("work:b", kind="work", label="@b", year=None, score=0.25, merges=None, variants=[])
    g.add_node("paper:c", kind="paper", label="+c\x07", ids={"wos": "WOS:1", "doi": None}, flag=True)
    g.add_node("theory:d", label="-12")
    g.add_edge("paper:c", "work:a", key="cites", kind="cites", weight=1, lines=[3, 4])
    g.add_edge("paper:c", "work:b", key="cites", kind="cites", weight=2)
    assert to_csv(g) == _csv_rows(g)
    nodes, _ = to_csv(g)
    assert "'=HYPERLINK(1)" in nodes and "'@b" in nodes and ",-12" in nodes
    empty = nx.MultiDiGraph()
    assert to_csv(empty) == _csv_rows(empty)


def _awkward_graph() -> nx.MultiDiGraph:
    """Every kind of value a column may hold, and the texts that could confuse a writer working a
    column at a time (separators, quotes, backslashes, control characters, '%')."""
    g = nx.MultiDiGraph()
    texts = ['a "q" \\', "x], [y", 'p", "q', "100% sure %s", "bell\x07 esc\x1b[31m", "é😀\u2028", "", "<&>", "\\"]
    for i, text in enumerate(texts):
        g.add_node(f"work:{i}", kind="work", label=text, year=None if i % 3 == 0 else 1990 + i,
                   authors=[text, "B, C."] if i % 2 else [], merges=None if i == 4 else [text] * (i % 3),
                   score=[0.5, float("nan"), float("inf"), -float("inf"), 1e16, 1e-7, 2.0, -0.0, 3.25][i],
                   flag=bool(i % 2), mixed=[1, "one", 2.5, None, [1, 2], {"b": None, "a": [text]}, True, (3,), "z"][i],
                   ids={"wos": f"WOS:{i}", "doi": None} if i % 4 == 0 else None, id="shadowed", **{"50%": i},
                   share="100% %s", lines=[])  # one value throughout: written into the row template
    g.add_node("paper:p", kind="paper", label="P", authors=["X, Y.", 7], nested=[["a"], ["b", "c"]], id=None)
    g.add_node("theory:t", kind="theory")
    for i in range(len(texts)):
        g.add_edge("paper:p", f"work:{i}", key="cites", kind="cites", weight=[1, 2.5][i % 2], listed=bool(i % 2),
                   lines=[i] if i % 2 else [], source="shadowed", note=texts[i] if i % 3 else None)
    g.add_edge("paper:p", "theory:t", key=7, kind="uses_theory")
    g.add_edge("theory:t", "theory:t", key=0, kind="related_to")
    return g


def test_grouped_json_is_what_the_encoder_makes_of_each_row():
    """to_json writes a column at a time (formats._json_groups); _json_rows, json's encoder a row at a
    time, is the reference: every kind of value, None left out, the id and ends replacing attributes
    of their names, '%' in names, texts holding the separators the writer splits on."""
    from networkx.readwrite import json_graph

    from litgraph.export.formats import Tables, _json_column, _json_rows, to_json

    g = _awkward_graph()
    text = to_json(g)
    assert text == _json_rows(g)
    assert to_json(g, Tables(g)) == text
    data = json.loads(text)
    assert {n["id"] for n in data["nodes"]} == set(g)  # the node's id, not its "id" attribute
    assert {e["source"] for e in data["links"]} == {"paper:p", "theory:t"}
    back = json_graph.node_link_graph(data, directed=True, multigraph=True, edges="links")
    assert sorted(back.edges(keys=True), key=str) == sorted(g.edges(keys=True), key=str)
    # a column at a time, each value as the encoder writes it alone
    dump = json.JSONEncoder(ensure_ascii=False, sort_keys=True).encode
    for col in ([None, None], ["a", None, 'b"\\\x00'], [1, None, -2], [True, False, None], [0.1, float("nan"), None],
                [["x", "y"], [], None], [["x"], [1]], [{"b": 1, "a": [None]}, "s", 3]):
        assert _json_column(col) == [None if v is None else dump(v) for v in col]
    # a key that is not text goes to the row-by-row writer, which fails as json's encoder does
    g.nodes["work:1"][3] = "three"
    for write in (to_json, _json_rows):
        with pytest.raises(TypeError):
            write(g)


def test_grouped_graphml_gexf_and_csv_match_the_row_by_row_writers_on_every_kind_of_value():
    """The column-at-a-time GraphML (sharing Tables' groups with the JSON), GEXF and CSV writers give
    what their row-by-row forms give on the awkward graph, and the XML stays well-formed."""
    import xml.etree.ElementTree as ET

    from litgraph.export.formats import Tables, _csv_rows, _graphml_rows, to_csv, to_gexf, to_graphml, to_json

    g = _awkward_graph()
    tables = Tables(g)
    to_json(g, tables)  # the groups made for the JSON serve the GraphML unchanged
    text = to_graphml(g, tables)
    assert text == _graphml_rows(g) == to_graphml(g)
    for xml in (text, to_gexf(g)):
        ET.fromstring(xml.encode("utf-8"))
        assert "\x07" not in xml and "\x1b" not in xml
    assert to_csv(g, tables) == _csv_rows(g)
    # what build writes: the same text in UTF-8, encoded a row at a time
    assert to_graphml(g, tables, as_bytes=True) == text.encode("utf-8")
    assert to_json(g, tables, as_bytes=True) == to_json(g).encode("utf-8")
    assert to_json(nx.MultiDiGraph(), as_bytes=True) == to_json(nx.MultiDiGraph()).encode("utf-8")


def test_clean_text_columns_are_written_as_they_are_and_the_rest_encoded():
    """A column whose texts hold nothing JSON or XML escapes (formats._scan) is written as it is by
    both writers; one holding a quote, a backslash, '&', '<' or a control character is not. Either
    way the files are what the row-by-row writers make, with attributes some rows lack before and
    after the first key every row holds, a column of None only, whole numbers some rows lack,
    lists none empty, and lists some empty or absent."""
    from litgraph.export.formats import Tables, _graphml_rows, _json_rows, _scan, to_graphml, to_json

    assert _scan(("a", "b c", ""), {str}) == "" and _scan(("a", None), {str, type(None)}) == ""
    assert _scan(('say "x"', "a & b", "<i>", "back\\slash"), {str}) == '"\\&<>'
    assert _scan(("bell\x07",), {str}) is None and _scan(("\ud800",), {str}) is None
    assert _scan((["a", "b"], [], None), {list, type(None)}) == "" and _scan(([1],), {list}) is None
    assert _scan((1, 2), {int}) is None
    g = nx.MultiDiGraph()
    for i in range(8):
        g.add_node(f"work:{i}", kind="work", label=f"Work {i}", key=f"k{i}",
                   alpha=None if i % 3 else f"a{i}",  # lacking in some rows, sorted before "id"
                   doi=None if i % 2 else f"10.1/{i}", year=None if i == 5 else 1990 + i, title=None,
                   authors=[f"A{i}, B.", "C, D."], merges=[] if i % 4 else [f"m{i}"], variants=None if i == 2 else [],
                   note=['say "so"', "a & b", "<i>", "back\\slash", "tab\there", "plain", "plain", "x"][i])
    g.add_edge("work:0", "work:1", kind="cites", weight=1, lines=[])
    g.add_edge("work:0", "work:2", kind="cites", weight=1, lines=[3])
    tables = Tables(g)
    groups = tables.node_groups()
    (ks, _, _, _, scans), = groups
    scan = dict(zip(ks, scans))
    assert scan["label"] == scan["key"] == scan["authors"] == scan["doi"] == "" and scan["year"] is None
    assert scan["note"] is None  # the tab: written as json and XML escape it, row by row the same
    assert tables.id_scan() == ""
    assert to_json(g, tables) == _json_rows(g)
    assert to_graphml(g, tables) == _graphml_rows(g)
    data = json.loads(to_json(g))
    assert data["nodes"][0]["alpha"] == "a0" and "alpha" not in data["nodes"][1] and "title" not in data["nodes"][0]
    # ids holding what each format escapes: ends and ids encoded, not copied
    h = nx.relabel_nodes(g, {"work:0": 'work:"0"', "work:1": "work:1&<2>"})
    assert Tables(h).id_scan() == '"&<>'
    assert to_json(h) == _json_rows(h) and to_graphml(h) == _graphml_rows(h)
