"""The PySpark job: in-degree, PageRank, co-citation and coupling from litgraph's Parquet tables.

    spark-submit job.py --nodes C-nodes.parquet --edges C-edges.parquet --out OUT [--top 100]
    python -m litgraph.spark.job ... --master 'local[2]'      # one machine, for trying it out

Writes OUT/in_degree, OUT/pagerank, OUT/cocitation and OUT/coupling (Parquet
folders) and prints the top rows of each. The definitions are litgraph's own
(litgraph.analysis.centrality), so on a corpus both can hold the results agree:

  in_degree    cited_by = distinct papers citing / discussing / studying a node;
               citations = the sum of those edges' weights (in-text citations)
  pagerank     on all nodes (every end of an edge is one) and all edges,
               parallel edges' weights summed, damping 0.85,
               dangling nodes' rank spread evenly, iterated until the L1
               change is below nodes x 1e-6 (networkx's rule)
  cocitation   pairs of works and the number of papers citing both
  coupling     pairs of papers and the number of works both cite; a work cited
               by more than --max-citers papers is left out of coupling (its
               citers would make a quadratic number of pairs; 0 = keep all)

Nothing here is collected to the driver but the top rows and one number per
PageRank iteration, so the job scales with the cluster, not the driver.
"""
from __future__ import annotations

import argparse
import sys

CITING_KINDS = ("cites", "discusses", "studies")


def in_degree(edges):
    from pyspark.sql import functions as F

    e = edges.where(F.col("kind").isin(*CITING_KINDS))
    return e.groupBy(F.col("target").alias("id")).agg(
        F.countDistinct("source").alias("cited_by"), F.sum("weight").alias("citations"))


def pagerank(nodes, edges, alpha: float = 0.85, tol: float = 1.0e-6, max_iter: int = 100):
    """networkx's PageRank (power iteration on the weighted simple graph) as DataFrame joins:
    one join and one small aggregation per iteration."""
    from pyspark.sql import functions as F

    spark = nodes.sparkSession
    # Every end of an edge is a node, listed or not (tables written from a snapshot may cite works
    # they do not list): rank flowing to an unlisted id would otherwise leak out of the sum.
    ids = nodes.select("id").union(edges.select(F.col("source").alias("id"))).union(
        edges.select(F.col("target").alias("id"))).distinct()
    n = ids.count()
    if n == 0:
        return spark.createDataFrame([], "id string, pagerank double")
    simple = edges.groupBy(F.col("source").alias("src"), F.col("target").alias("dst")).agg(
        F.sum(F.col("weight").cast("double")).alias("w"))
    out_w = simple.groupBy("src").agg(F.sum("w").alias("out_w"))
    links = simple.join(out_w, "src").select("src", "dst", (F.col("w") / F.col("out_w")).alias("p")).cache()
    state = (ids.join(out_w.select(F.col("src").alias("id"), F.lit(False).alias("out")), "id", "left")
             .select("id", F.col("out").isNull().alias("dangling"), F.lit(1.0 / n).alias("r"))).localCheckpoint()
    d_mass = state.where("dangling").agg(F.sum("r")).first()[0] or 0.0
    for _ in range(max_iter):
        contrib = links.join(state.select(F.col("id").alias("src"), "r"), "src").groupBy(
            F.col("dst").alias("id")).agg(F.sum(F.col("p") * F.col("r")).alias("c"))
        new = state.join(contrib, "id", "left").select(
            "id", "dangling", F.col("r").alias("old"),
            (alpha * (F.coalesce(F.col("c"), F.lit(0.0)) + d_mass / n) + (1 - alpha) / n).alias("r"))
        new = new.localCheckpoint()  # cut the lineage: each iteration stands alone
        err, d_mass = new.agg(F.sum(F.abs(F.col("r") - F.col("old"))),
                              F.sum(F.when(F.col("dangling"), F.col("r")).otherwise(0.0))).first()
        d_mass = d_mass or 0.0
        state = new.drop("old")
        if err < n * tol:
            break
    else:
        raise RuntimeError(f"PageRank did not converge in {max_iter} iterations")
    return state.select("id", F.col("r").alias("pagerank"))


def _pairs(cites, key: str, other: str, max_group: int = 0):
    """Pairs of `other` sharing a `key` (the self-join of the incidence matrix, B·Bᵀ), with counts."""
    from pyspark.sql import functions as F

    e = cites.select(key, other).distinct()
    if max_group:
        sizes = e.groupBy(key).count().where(F.col("count") <= max_group).select(key)
        e = e.join(sizes, key)
    a = e.select(F.col(key), F.col(other).alias("a"))
    b = e.select(F.col(key), F.col(other).alias("b"))
    return a.join(b, key).where(F.col("a") < F.col("b")).groupBy("a", "b").agg(F.count("*").alias("count"))


def cocitation(nodes, edges):
    from pyspark.sql import functions as F

    works = nodes.where(F.col("kind").isin("work", "paper")).select(F.col("id").alias("target"))
    cites = edges.where(F.col("kind") == "cites").join(works, "target")
    return _pairs(cites, "source", "target")


def coupling(nodes, edges, max_citers: int = 0):
    from pyspark.sql import functions as F

    cites = edges.where(F.col("kind") == "cites")
    return _pairs(cites, "target", "source", max_citers)


def run(spark, nodes_path: str, edges_path: str, out: str | None, top: int = 20, max_citers: int = 0) -> dict:
    """All four results as DataFrames (written under `out` when given)."""
    nodes = spark.read.parquet(nodes_path).select("id", "kind", "label")
    edges = spark.read.parquet(edges_path).select("source", "target", "kind", "weight").fillna({"weight": 1})
    results = {"in_degree": in_degree(edges), "pagerank": pagerank(nodes, edges),
               "cocitation": cocitation(nodes, edges), "coupling": coupling(nodes, edges, max_citers)}
    if out:
        for name, df in results.items():
            df.write.mode("overwrite").parquet(f"{out.rstrip('/')}/{name}")
    return results


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--nodes", required=True, help="C-nodes.parquet (local path, hdfs://, s3a://, gs://)")
    ap.add_argument("--edges", required=True, help="C-edges.parquet")
    ap.add_argument("--out", help="Folder for the result tables (Parquet).")
    ap.add_argument("--top", type=int, default=20, help="Rows of each result to print.")
    ap.add_argument("--max-citers", type=int, default=0,
                    help="Leave works cited by more papers than this out of coupling (0: keep all).")
    ap.add_argument("--master", help="Spark master for a run outside spark-submit, e.g. 'local[2]'.")
    args = ap.parse_args(argv)
    from pyspark.sql import SparkSession
    from pyspark.sql import functions as F

    builder = SparkSession.builder.appName("litgraph").config("spark.ui.showConsoleProgress", "false")
    if args.master:
        builder = builder.master(args.master)
        if args.master.startswith("local"):
            # one machine: a few shuffle partitions, not the cluster default of 200
            builder = builder.config("spark.sql.shuffle.partitions", "4").config("spark.ui.enabled", "false")
    spark = builder.getOrCreate()
    try:
        res = run(spark, args.nodes, args.edges, args.out, args.top, args.max_citers)
        order = {"in_degree": [F.desc("cited_by"), F.desc("citations"), "id"], "pagerank": [F.desc("pagerank"), "id"],
                 "cocitation": [F.desc("count"), "a", "b"], "coupling": [F.desc("count"), "a", "b"]}
        for name, df in res.items():
            print(f"# {name}")
            for row in df.orderBy(*order[name]).limit(args.top).collect():
                print("\t".join(str(v) for v in row))
    finally:
        spark.stop()


if __name__ == "__main__":
    sys.exit(main())
