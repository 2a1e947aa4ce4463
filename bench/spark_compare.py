"""The PySpark job against litgraph on one corpus: do they find the same top sources?

    python bench/spark_compare.py                      # the 10,000-reference corpus of bench/scale.py
    python bench/spark_compare.py --refs 100000 --top 100

Builds the corpus with litgraph (bench/scale.py's generator, reused from --data),
ranks it, writes `export --format parquet`'s two tables, runs litgraph.spark.job
in Spark local mode on them and prints, for PageRank: the overlap of the two top
N, whether the orders agree (up to exact ties), Spearman's rho over the top N and
over every node, and the largest difference of any node's value; for in-degree,
co-citation and coupling: whether the top rows agree. Times are CPU seconds:
litgraph's in this process, Spark's as the driver's (this process) plus the
JVM's (read from /proc before Spark stops), so a loaded machine does not
inflate them. Needs pyspark and a Java runtime (17 or later).
"""
from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))


def jvm_cpu(spark) -> float:
    """CPU seconds (user + system, with reaped children) of the JVM behind a local SparkSession."""
    pid = spark.sparkContext._jvm.java.lang.ProcessHandle.current().pid()
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    ticks = os.sysconf("SC_CLK_TCK")
    # fields after the command: state is [0]; utime, stime, cutime, cstime are [11:15]
    return sum(int(x) for x in fields[11:15]) / ticks


def top_ids(values: dict[str, float], n: int) -> list[str]:
    return sorted(values, key=lambda k: (-values[k], k))[:n]


def same_order_up_to_ties(a: list[str], b: list[str], ref: dict[str, float], rel: float = 1e-9) -> bool:
    """The two lists are equal, or differ only by swaps of nodes whose values are equal (to rel)."""
    if len(a) != len(b):
        return False
    for x, y in zip(a, b):
        if x != y and abs(ref[x] - ref[y]) > rel * max(abs(ref[x]), abs(ref[y])):
            return False
    return True


def compare(g, spark, node_path: str, edge_path: str, top: int = 100) -> dict:
    """Everything the bench prints and the slow test checks, as one dict."""
    from scipy.stats import spearmanr

    from litgraph.analysis.centrality import cocitation_counts, coupling_counts, metrics, top_pairs
    from litgraph.spark.job import run

    t0 = time.process_time()
    m = metrics(g)
    ours_pr = m["pagerank"]
    ours_co = top_pairs(*cocitation_counts(g), top)
    ours_cp = top_pairs(*coupling_counts(g), top)
    lg_cpu = time.process_time() - t0

    jvm0, t0 = jvm_cpu(spark), time.process_time()
    res = run(spark, node_path, edge_path, None)
    theirs_pr = {r["id"]: r["pagerank"] for r in res["pagerank"].collect()}
    indeg = {r["id"]: r["cited_by"] for r in res["in_degree"].collect()}
    co = [(r["count"], r["a"], r["b"]) for r in res["cocitation"].orderBy(
        res["cocitation"]["count"].desc(), "a", "b").limit(top).collect()]
    cp = [(r["count"], r["a"], r["b"]) for r in res["coupling"].orderBy(
        res["coupling"]["count"].desc(), "a", "b").limit(top).collect()]
    spark_cpu = time.process_time() - t0 + jvm_cpu(spark) - jvm0

    ours_top, theirs_top = top_ids(ours_pr, top), top_ids(theirs_pr, top)
    last = ours_pr[ours_top[-1]] if ours_top else 0.0
    # the same set, but for nodes tied (to rel 1e-9) with the last one, which either may cut
    same_set = all(abs(ours_pr.get(k, 0.0) - last) <= 1e-9 * last for k in set(ours_top) ^ set(theirs_top))
    common = sorted(set(ours_pr) & set(theirs_pr))
    rho_all = spearmanr([ours_pr[k] for k in common], [theirs_pr[k] for k in common]).statistic
    union = sorted(set(ours_top) | set(theirs_top))
    rho_top = spearmanr([ours_pr[k] for k in union], [theirs_pr.get(k, 0.0) for k in union]).statistic
    cited_by = m["cited_by"]
    return {
        "nodes": len(ours_pr), "spark_nodes": len(theirs_pr),
        "overlap": len(set(ours_top) & set(theirs_top)),
        "same_set": same_set, "same_order": same_set and same_order_up_to_ties(ours_top, theirs_top, ours_pr),
        "rho_top": rho_top, "rho_all": rho_all,
        "max_diff": max(abs(ours_pr[k] - theirs_pr.get(k, 0.0)) for k in ours_pr),
        "missing": sorted(set(ours_pr) ^ set(theirs_pr))[:5],
        "in_degree_equal": all(indeg.get(k, 0) == v for k, v in cited_by.items() if v)
        and all(cited_by.get(k) == v for k, v in indeg.items()),
        "cocitation_equal": [c for c, *_ in ours_co] == [c for c, *_ in co] and ours_co == co,
        "coupling_equal": [c for c, *_ in ours_cp] == [c for c, *_ in cp] and ours_cp == cp,
        "ours_top": ours_top, "theirs_top": theirs_top, "ours_pr": ours_pr, "theirs_pr": theirs_pr,
        "litgraph_metrics_cpu": lg_cpu, "spark_cpu": spark_cpu,
    }


def local_spark(cores: int = 2):
    from pyspark.sql import SparkSession

    return (SparkSession.builder.master(f"local[{cores}]").appName("litgraph-compare")
            .config("spark.sql.shuffle.partitions", "4").config("spark.ui.enabled", "false")
            .config("spark.ui.showConsoleProgress", "false").config("spark.driver.memory", "2g")
            .getOrCreate())


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--refs", type=int, default=10000, help="References in the corpus (bench/scale.py's sizes).")
    ap.add_argument("--top", type=int, default=100)
    ap.add_argument("--data", default="/tmp/litgraph-scale", help="Where bench/scale.py's corpora are kept.")
    args = ap.parse_args()
    import scale

    from litgraph.corpus import load_corpus
    from litgraph.export.parquet import write_parquet

    src = scale.corpus(Path(args.data), args.refs, "bib")
    t0 = time.process_time()
    g = load_corpus([str(src)]).graph
    build_cpu = time.process_time() - t0
    with tempfile.TemporaryDirectory() as tmp:
        t0 = time.process_time()
        node_path, edge_path = write_parquet(g, os.path.join(tmp, "c.parquet"))
        parquet_cpu = time.process_time() - t0
        t0 = time.process_time()
        spark = local_spark()
        start_cpu = time.process_time() - t0 + jvm_cpu(spark)
        try:
            r = compare(g, spark, node_path, edge_path, args.top)
        finally:
            spark.stop()
    print(f"corpus: {src} ({args.refs:,} references): {g.number_of_nodes():,} nodes, {g.number_of_edges():,} edges")
    print(f"PageRank top {args.top}: overlap {r['overlap']}/{args.top}, same set and order (up to exact ties): "
          f"{'yes' if r['same_order'] else 'NO'}")
    print(f"Spearman rho: top {args.top} (union) {r['rho_top']:.6f}, all {r['nodes']:,} nodes {r['rho_all']:.6f}; "
          f"largest difference of a node's PageRank {r['max_diff']:.2e}")
    if r["missing"]:
        print(f"nodes in one result only: {r['missing']}")
    print(f"in-degree equal: {r['in_degree_equal']}; co-citation top {args.top} equal: {r['cocitation_equal']}; "
          f"coupling top {args.top} equal: {r['coupling_equal']}")
    print("CPU seconds: "
          f"litgraph build {build_cpu:.1f}, litgraph metrics + pairs {r['litgraph_metrics_cpu']:.1f}, "
          f"parquet export {parquet_cpu:.1f}, Spark start {start_cpu:.1f}, Spark job {r['spark_cpu']:.1f} "
          "(driver + JVM, local[2])")
    if not r["same_order"]:
        for i, (a, b) in enumerate(zip(r["ours_top"], r["theirs_top"])):
            if a != b:
                print(f"  #{i + 1}: litgraph {a} {r['ours_pr'][a]:.10g} | spark {b} {r['theirs_pr'].get(b, 0):.10g}")


if __name__ == "__main__":
    main()
