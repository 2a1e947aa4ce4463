"""litgraph beyond one machine: a PySpark job over the Parquet tables `litgraph export --format parquet` writes.

    spark-submit litgraph/spark/job.py --nodes C-nodes.parquet --edges C-edges.parquet --out results/

computes in-degree (citing papers and in-text citations), PageRank, co-citation
and bibliographic coupling as litgraph does on one machine (see litgraph.spark.job
and docs/spark.md). PySpark is not a dependency of litgraph: the cluster has it.
"""
