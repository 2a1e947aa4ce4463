"""Metrics on arrays, linear cycle breaking, Parquet tables and the PySpark job."""
import os
import random
import re
import shutil
import subprocess
import sys

import networkx as nx
import pytest

from conftest import BIB, ROOT, run_cli


def test_metrics_match_networkx_on_a_graph_with_parallel_edges_and_loops():
    from litgraph.analysis import centrality as C

    rnd = random.Random(3)
    g = nx.MultiDiGraph()
    for i in range(120):
        g.add_node(f"n{i}", kind=rnd.choice(["paper", "work", "work", "theory"]), label=f"N{i}")
    nodes = list(g)
    works = [n for n in nodes if g.nodes[n]["kind"] in ("work", "paper")]
    for _ in range(400):
        u = rnd.choice(nodes)
        kind = "cites" if g.nodes[u]["kind"] == "paper" else rnd.choice(["discusses", "related_to"])
        v = rnd.choice(works if kind == "cites" else nodes)  # papers cite works (and papers)
        g.add_edge(u, v, key=kind, kind=kind, weight=rnd.randint(1, 4))
    m = C._compute(g)
    simple = C._simple(g)
    pr = nx.pagerank(simple, weight="weight")
    bt = nx.betweenness_centrality(simple.to_undirected(), normalized=True)
    cites = C.citation_graph(g)
    core_graph = nx.Graph(cites.to_undirected())
    core_graph.remove_edges_from(nx.selfloop_edges(core_graph))
    core = nx.core_number(core_graph)
    hubs, auth = C._hits_networkx(cites)
    for n in g:
        assert m["pagerank"][n] == pytest.approx(pr[n], abs=1e-12)
        assert m["betweenness"][n] == pytest.approx(bt[n], abs=1e-12)
        assert m["core"][n] == core.get(n, 0)
        assert m["authority"][n] == pytest.approx(auth.get(n, 0.0), abs=1e-9)
        assert m["hub"][n] == pytest.approx(hubs.get(n, 0.0), abs=1e-9)
    assert m["_betweenness_info"]["method"] == "exact"


def test_sampled_betweenness_reports_its_stability(monkeypatch):
    from litgraph.analysis import centrality as C

    g = nx.barabasi_albert_graph(1500, 2, seed=1)
    h = nx.MultiDiGraph()
    h.add_nodes_from((f"w{i}", {"kind": "work", "label": str(i)}) for i in g)
    h.add_edges_from((f"w{u}", f"w{v}", {"kind": "cites"}) for u, v in g.edges)
    monkeypatch.setattr(C, "EXACT_BUDGET", 0)
    monkeypatch.setattr(C, "EXACT_BETWEENNESS_LIMIT", 0)
    values, info = C.betweenness_arrays(C._Arrays(h))
    assert info["method"] == "sampled" and info["pivots"] >= C.MIN_PIVOTS
    assert 0 <= info["top20_overlap"] <= 20
    exact = nx.betweenness_centrality(g)
    top_exact = sorted(g, key=lambda n: -exact[n])[:10]
    top_est = sorted(range(len(values)), key=lambda i: -values[i])[:10]
    assert len(set(top_exact) & set(top_est)) >= 8  # a hub-dominated graph: the estimate finds its hubs


def test_cycles_are_broken_in_linear_time_and_leave_a_dag():
    from litgraph.analysis.lineage import _back_arcs

    for seed in range(20):
        g = nx.gnm_random_graph(80, 300, seed=seed, directed=True)
        back = _back_arcs(g)
        h = g.copy()
        h.remove_edges_from(back)
        assert nx.is_directed_acyclic_graph(h)
    dag = nx.gn_graph(200, seed=1)
    assert _back_arcs(dag) == []  # acyclic data: nothing dropped, as before


def test_main_path_on_a_cyclic_citation_graph():
    from litgraph.analysis.lineage import main_path

    g = nx.MultiDiGraph()
    for n, y in (("a", 2000), ("b", 2000), ("c", 2000), ("d", 2001)):
        g.add_node(n, kind="work", label=n.upper(), year=y)
    for u, v in (("a", "b"), ("b", "c"), ("c", "a"), ("d", "a")):
        g.add_edge(u, v, key="cites", kind="cites", weight=1)
    result = main_path(g)
    assert [d["why"] for d in result["dropped"]] == ["closes a citation cycle"]
    assert result["global"]


def test_parquet_export_has_typed_node_and_edge_tables(tmp_path):
    pq = pytest.importorskip("pyarrow.parquet")
    r = run_cli("export", "--format", "parquet", "-o", tmp_path / "demo.parquet", "--store", tmp_path / "s.db")
    assert r.returncode == 0, r.stderr
    nodes = pq.read_table(tmp_path / "demo-nodes.parquet")
    edges = pq.read_table(tmp_path / "demo-edges.parquet")
    from litgraph.corpus import load_corpus

    g = load_corpus([str(BIB)]).graph
    assert nodes.num_rows == g.number_of_nodes() and edges.num_rows == g.number_of_edges()
    assert str(nodes.schema.field("year").type) == "int64"
    assert str(nodes.schema.field("authors").type).startswith("list")
    assert {"source", "target", "kind", "weight"} <= set(edges.column_names)
    kinds = set(nodes.column("kind").to_pylist())
    assert {"paper", "work", "theory", "case"} <= kinds


def _spark_ready() -> str | None:
    """Why the Spark tests cannot run here, or None (cheap: no pyspark import, no JVM started)."""
    import importlib.util

    if importlib.util.find_spec("pyspark") is None:
        return "pyspark is not installed (pip install litgraph[spark])"
    if shutil.which("java") is None and not os.environ.get("JAVA_HOME"):
        return "no Java runtime (Spark needs a JRE, 17 or later)"
    return None


def _need_java17() -> None:
    """Skip, saying why, when the Java runtime is older than Spark 4 needs."""
    java = os.path.join(os.environ["JAVA_HOME"], "bin", "java") if os.environ.get("JAVA_HOME") else "java"
    try:
        out = subprocess.run([java, "-version"], capture_output=True, text=True, timeout=60).stderr
    except (OSError, subprocess.SubprocessError) as exc:
        pytest.skip(f"no usable Java runtime ({exc})")
    m = re.search(r'version "(\d+)(?:\.(\d+))?', out)
    major = int(m.group(1)) if m else 0
    major = int(m.group(2) or 0) if major == 1 else major  # "1.8.0" is Java 8
    import pyspark

    if int(pyspark.__version__.split(".")[0]) >= 4 and major < 17:
        pytest.skip(f"Java {major or '?'} is too old for PySpark {pyspark.__version__} (needs 17 or later)")


def _scale_corpus(tmp_path, n):
    sys.path.insert(0, str(ROOT / "bench"))
    import scale

    return scale.corpus(tmp_path, n, "bib")


@pytest.mark.slow
@pytest.mark.skipif(_spark_ready() is not None, reason=_spark_ready() or "")
def test_spark_job_agrees_with_litgraph_on_10000_references(tmp_path):
    # bench/spark_compare.py runs the same comparison and prints it (overlap, Spearman, CPU time).
    _need_java17()
    from litgraph.corpus import load_corpus
    from litgraph.export.parquet import write_parquet

    sys.path.insert(0, str(ROOT / "bench"))
    import spark_compare

    src = _scale_corpus(tmp_path, 10000)
    g = load_corpus([str(src)]).graph
    node_path, edge_path = write_parquet(g, str(tmp_path / "c.parquet"))
    spark = spark_compare.local_spark()
    try:
        r = spark_compare.compare(g, spark, node_path, edge_path, top=100)
    finally:
        spark.stop()
    assert r["spark_nodes"] == r["nodes"] and not r["missing"]
    # the top 100 by PageRank: the same nodes in the same order (but for exact ties), the same values
    assert r["same_set"] and r["same_order"], (r["ours_top"][:10], r["theirs_top"][:10])
    assert r["max_diff"] < 1e-12
    assert r["in_degree_equal"] and r["cocitation_equal"] and r["coupling_equal"]


@pytest.mark.skipif(_spark_ready() is not None, reason=_spark_ready() or "")
@pytest.mark.slow
def test_spark_job_runs_from_the_command_line(tmp_path):
    _need_java17()
    r = run_cli("export", "--format", "parquet", "-o", tmp_path / "d.parquet", "--store", tmp_path / "s.db")
    assert r.returncode == 0
    out = subprocess.run([sys.executable, "-m", "litgraph.spark.job", "--nodes", tmp_path / "d-nodes.parquet",
                          "--edges", tmp_path / "d-edges.parquet", "--out", tmp_path / "res", "--master", "local[2]",
                          "--top", "3"], capture_output=True, text=True, cwd=ROOT, timeout=900)
    assert out.returncode == 0, out.stderr[-2000:]
    assert "# pagerank" in out.stdout and (tmp_path / "res" / "coupling").is_dir()


def test_leaf_folded_betweenness_is_exact_with_leaves_and_small_components():
    from litgraph.analysis import centrality as C

    for seed in range(3):
        g = nx.barabasi_albert_graph(200, 1 + seed % 2, seed=seed)
        g.add_edges_from((f"x{i}", i % 7) for i in range(150))  # works cited once: leaves
        g.add_edge("a", "b")  # a component of two leaves
        g.add_edges_from([("c", "d"), ("d", "e"), ("e", "c"), ("c", "f")])
        g.add_node("iso")
        h = nx.MultiDiGraph()
        h.add_nodes_from((str(n), {"kind": "work", "label": str(n)}) for n in g)
        h.add_edges_from((str(u), str(v), {"kind": "cites"}) for u, v in g.edges)
        values, info = C.betweenness_arrays(C._Arrays(h))
        exact = nx.betweenness_centrality(nx.Graph(h.to_undirected()))
        assert info["method"] == "exact" and info["inner"] < len(h)
        for i, n in enumerate(h):
            assert values[i] == pytest.approx(exact[n], abs=1e-12)


@pytest.mark.parametrize("engine", ["kadabra", "pivots"])
def test_large_sampled_betweenness_by_either_engine(monkeypatch, engine):
    """Above the pivots' budget networkit's KADABRA samples shortest paths; without networkit (off x86-64)
    the pivots run to their budget. Either way the top of the ranking is exact betweenness's, every value
    at least the leaves' exact share, and the halves' agreement is reported."""
    from litgraph.analysis import centrality as C

    if engine == "kadabra":
        pytest.importorskip("networkit", reason="networkit (Linux and Windows x86-64 wheels) not installed")
    else:
        monkeypatch.setattr(C, "_kadabra", lambda U, base: None)
    g = nx.barabasi_albert_graph(1500, 2, seed=1)
    for i in range(1500, 2500):  # leaves, as singly cited works: folded, their share exact
        g.add_edge(i, i % 300)
    h = nx.MultiDiGraph()
    h.add_nodes_from((f"w{i}", {"kind": "work", "label": str(i)}) for i in g)
    h.add_edges_from((f"w{u}", f"w{v}", {"kind": "cites"}) for u, v in g.edges)
    monkeypatch.setattr(C, "EXACT_BUDGET", 0)
    monkeypatch.setattr(C, "EXACT_BETWEENNESS_LIMIT", 0)
    monkeypatch.setattr(C, "SAMPLE_BUDGET", 2e6 if engine == "pivots" else 0)
    a = C._Arrays(h)
    values, info = C.betweenness_arrays(a)
    assert info["method"] == "sampled" and 0 <= info["top20_overlap"] <= 20
    if engine == "kadabra":
        assert info["engine"] == "kadabra" and info["pairs"] > 0
        again, _ = C.betweenness_arrays(a)
        assert again.tolist() == values.tolist()  # seeded: the same numbers every run
    else:
        assert "engine" not in info and info["pivots"] >= C.MIN_PIVOTS
    exact = nx.betweenness_centrality(g)
    nodes = list(h)
    top_exact = {f"w{n}" for n in sorted(g, key=lambda n: -exact[n])[:10]}
    top = {nodes[i] for i in sorted(range(len(nodes)), key=lambda i: -values[i])[:10]}
    assert len(top & top_exact) >= 8
    hub = max(g, key=lambda n: exact[n])
    assert values[nodes.index(f"w{hub}")] == pytest.approx(exact[hub], rel=0.1)  # normalised as networkx
    _, _, _, base = C._fold_leaves(C._undirected_matrix(a))
    n = a.n
    assert (values >= base / ((n - 1) * (n - 2)) - 1e-15).all()
