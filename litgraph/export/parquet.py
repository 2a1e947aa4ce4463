"""The graph as two Parquet tables, nodes and edges, for tools beyond one machine.

    litgraph export --format parquet -o corpus.parquet
        -> corpus-nodes.parquet   id, kind, label, year, ... one row per node
           corpus-edges.parquet   source, target, kind, weight, ... one row per edge

Columns are every attribute the graph carries, typed: integers stay integers
(a missing year is null, not ""), lists stay lists (authors, lines, sections),
anything mixed is text. The tables are what the PySpark job (litgraph.spark)
reads; Spark, DuckDB, pandas and R's arrow read them as they are. Each file
is written to a temporary name and renamed when whole.
"""
from __future__ import annotations

import json
import os
import tempfile

import networkx as nx

from ..errors import InputError

NODE_FIRST = ("id", "kind", "label")
EDGE_FIRST = ("source", "target", "kind", "weight")


def _column(values: list):
    """An Arrow array for one attribute: its own type when the values share one, else text."""
    import pyarrow as pa

    present = [v for v in values if v is not None]
    if not present:
        return pa.array(values, type=pa.string())
    kinds = {type(v) for v in present}
    try:
        if kinds <= {bool}:
            return pa.array(values, type=pa.bool_())
        if kinds <= {int}:
            return pa.array(values, type=pa.int64())
        if kinds <= {int, float}:
            return pa.array([None if v is None else float(v) for v in values], type=pa.float64())
        if kinds <= {list, tuple}:
            inner = {type(x) for v in present for x in v}
            if inner <= {str}:
                return pa.array([None if v is None else list(v) for v in values], type=pa.list_(pa.string()))
            if inner <= {int}:
                return pa.array([None if v is None else list(v) for v in values], type=pa.list_(pa.int64()))
    except (pa.ArrowInvalid, OverflowError):
        pass
    return pa.array([None if v is None else v if isinstance(v, str) else json.dumps(v, ensure_ascii=False, default=str)
                     for v in values], type=pa.string())


def tables(g: nx.MultiDiGraph):
    """(nodes, edges) as pyarrow Tables."""
    import pyarrow as pa

    node_keys = sorted({k for _, d in g.nodes(data=True) for k in d} - set(NODE_FIRST))
    cols = {"id": [str(n) for n in g]}
    for k in NODE_FIRST[1:] + tuple(node_keys):
        cols[k] = [d.get(k) for _, d in g.nodes(data=True)]
    nodes = pa.table({k: _column(v) if k != "id" else pa.array(v, type=pa.string()) for k, v in cols.items()})
    edge_keys = sorted({k for *_, d in g.edges(data=True) for k in d} - set(EDGE_FIRST))
    ecols: dict[str, list] = {"source": [], "target": []}
    for k in EDGE_FIRST[2:] + tuple(edge_keys):
        ecols[k] = []
    for u, v, d in g.edges(data=True):
        ecols["source"].append(str(u))
        ecols["target"].append(str(v))
        for k in EDGE_FIRST[2:] + tuple(edge_keys):
            ecols[k].append(d.get(k, 1) if k == "weight" else d.get(k))
    edges = pa.table({k: _column(v) if k not in ("source", "target") else pa.array(v, type=pa.string())
                      for k, v in ecols.items()})
    return nodes, edges


def paths_for(output: str) -> tuple[str, str]:
    stem = output[:-8] if output.lower().endswith(".parquet") else output
    return f"{stem}-nodes.parquet", f"{stem}-edges.parquet"


def write_parquet(g: nx.MultiDiGraph, output: str) -> tuple[str, str]:
    """Write OUTPUT-nodes.parquet and OUTPUT-edges.parquet (from OUTPUT or OUTPUT.parquet)."""
    try:
        import pyarrow.parquet as pq
    except ImportError:
        raise InputError(output, "writing Parquet needs pyarrow: pip install 'litgraph[parquet]'") from None

    node_path, edge_path = paths_for(output)
    for path in (node_path, edge_path):
        folder = os.path.dirname(os.path.abspath(path))
        if not os.path.isdir(folder):
            raise InputError(output, f"cannot write: folder {folder} does not exist")
    nodes, edges = tables(g)
    for table, path in ((nodes, node_path), (edges, edge_path)):
        fd, tmp = tempfile.mkstemp(prefix=".litgraph-", suffix=".parquet", dir=os.path.dirname(os.path.abspath(path)))
        os.close(fd)
        try:
            pq.write_table(table, tmp, compression="zstd")
            os.chmod(tmp, 0o644)
            os.replace(tmp, path)
        except OSError as exc:
            os.unlink(tmp)
            raise InputError(path, f"cannot write: {exc.strerror or exc}") from None
    return node_path, edge_path
