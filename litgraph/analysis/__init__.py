"""Analyses: plain functions over documents and the graph (checks, centrality, lineage)."""
