"""The corpus store's engine: SQLite (what litgraph.store uses) against DuckDB, on the store's own content.

    python bench/store_engines.py --refs 10000 100000        # build bench/scale.py's corpora, then measure
    python bench/store_engines.py --store graphs/litgraph.db  # measure the content of stores already built

The content is what `litgraph build` writes to litgraph.db: one row per source
file (its Documents, pickled) and one per corpus (graph, metrics and extras,
pickled), with their SHA-256 digests, and a few meta rows. It is taken from a
real store (the rows as bytes: nothing is unpickled) and written and read back
by each engine the way litgraph.store does it:

  write   a new file, three tables, every row inserted, committed, a last
          'complete' row, closed and renamed into place;
  read    open read-only, the meta rows, then every row of both tables with
          their blobs as Python bytes (what store.open_snapshot does).

Engines: sqlite (executemany, journal and sync off, as store.py),
sqlite-zlib (the same with every blob zlib-compressed, level 1), duckdb
(executemany, the obvious port) and duckdb-arrow (rows handed over as one
Arrow table per table, DuckDB's fast path). Each engine and step runs in a
fresh child process; printed are its CPU seconds (user + system, every
thread: DuckDB runs several), the peak resident memory above the content
already held (write) or in all (read), and the file size. Needs `pip install
duckdb pyarrow` (bench only: litgraph itself needs neither).
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
ENGINES = ("sqlite", "sqlite-zlib", "duckdb", "duckdb-arrow")

FILES_COLS = ("path", "digest", "docs", "docs_digest", "err_path", "err_message", "err_line")
CORPORA_COLS = ("fingerprint", "graph", "graph_digest", "metrics", "metrics_digest", "extra", "extra_digest",
                "created")
SCHEMA = {
    "meta": "key TEXT PRIMARY KEY, value TEXT",
    "files": "path TEXT PRIMARY KEY, digest TEXT NOT NULL, docs BLOB, docs_digest TEXT, err_path TEXT, "
             "err_message TEXT, err_line INTEGER",
    "corpora": "fingerprint TEXT PRIMARY KEY, graph BLOB, graph_digest TEXT, metrics BLOB, metrics_digest TEXT, "
               "extra BLOB, extra_digest TEXT, created DOUBLE",
}


def content(store: str) -> dict[str, list[tuple]]:
    """Every row of a litgraph store, as stored (blobs as bytes)."""
    con = sqlite3.connect(f"file:{store}?mode=ro", uri=True)
    try:
        return {"meta": [r for r in con.execute("SELECT key, value FROM meta") if r[0] != "complete"],
                "files": con.execute(f"SELECT {', '.join(FILES_COLS)} FROM files").fetchall(),
                "corpora": con.execute(f"SELECT {', '.join(CORPORA_COLS)} FROM corpora").fetchall()}
    finally:
        con.close()


def _maxrss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


# ---- the two engines, written as litgraph.store writes and reads ------------------------------------

def _zlib(rows: list[tuple]) -> list[tuple]:
    import zlib

    return [tuple(zlib.compress(v, 1) if isinstance(v, bytes) else v for v in r) for r in rows]


def _unzlib(rows: list[tuple]) -> list[tuple]:
    import zlib

    return [tuple(zlib.decompress(v) if isinstance(v, bytes) else v for v in r) for r in rows]


def write_sqlite(path: str, rows: dict, compress: bool = False) -> None:
    if compress:
        rows = {k: _zlib(v) for k, v in rows.items()}
    con = sqlite3.connect(path)
    try:
        con.execute("PRAGMA journal_mode=OFF")
        con.execute("PRAGMA synchronous=OFF")
        for table, cols in SCHEMA.items():
            con.execute(f"CREATE TABLE {table} ({cols})")
        for table in ("files", "corpora", "meta"):
            if rows[table]:
                con.executemany(f"INSERT INTO {table} VALUES ({', '.join('?' * len(rows[table][0]))})", rows[table])
        con.commit()
        con.execute("INSERT INTO meta VALUES ('complete', 'yes')")
        con.commit()
    finally:
        con.close()


def _read_all(con) -> tuple[list, list]:
    """What store.open_snapshot reads (both engines speak DB-API here), then closed."""
    try:
        meta = dict(con.execute("SELECT key, value FROM meta").fetchall())
        assert meta.get("complete") == "yes"
        files = con.execute(f"SELECT {', '.join(FILES_COLS)} FROM files").fetchall()
        corpora = con.execute(f"SELECT {', '.join(CORPORA_COLS)} FROM corpora").fetchall()
    finally:
        con.close()
    return files, corpora


def read_sqlite(path: str, compress: bool = False) -> int:
    files, corpora = _read_all(sqlite3.connect(f"file:{path}?mode=ro", uri=True))
    if compress:
        files, corpora = _unzlib(files), _unzlib(corpora)
    return _bytes(files) + _bytes(corpora)


def write_duckdb(path: str, rows: dict, arrow: bool) -> None:
    import duckdb

    con = duckdb.connect(path)
    try:
        for table, cols in SCHEMA.items():
            con.execute(f"CREATE TABLE {table} ({cols})")
        con.execute("BEGIN TRANSACTION")
        for table, names in (("files", FILES_COLS), ("corpora", CORPORA_COLS), ("meta", ("key", "value"))):
            if not rows[table]:
                continue
            if arrow:
                import pyarrow as pa

                cols = list(zip(*rows[table]))
                types = {"docs": pa.binary(), "graph": pa.binary(), "metrics": pa.binary(), "extra": pa.binary(),
                         "err_line": pa.int64(), "created": pa.float64()}
                tbl = pa.table({n: pa.array(list(c), type=types.get(n, pa.string())) for n, c in zip(names, cols)})
                con.register("incoming", tbl)
                con.execute(f"INSERT INTO {table} SELECT * FROM incoming")
                con.unregister("incoming")
                del tbl, cols
            else:
                con.executemany(f"INSERT INTO {table} VALUES ({', '.join('?' * len(names))})", rows[table])
        con.execute("COMMIT")
        con.execute("INSERT INTO meta VALUES ('complete', 'yes')")
        con.execute("CHECKPOINT")
    finally:
        con.close()


def read_duckdb(path: str) -> int:
    import duckdb

    files, corpora = _read_all(duckdb.connect(path, read_only=True))
    return _bytes(files) + _bytes(corpora)


def _bytes(rows) -> int:
    return sum(len(v) for r in rows for v in r if isinstance(v, (bytes, bytearray)))


def child(engine: str, step: str, src: str, dst: str) -> dict:
    """One engine, one step, in this (fresh) process: CPU seconds, peak MB, file size."""
    if engine.startswith("duckdb"):
        import duckdb  # noqa: F401  (imported before the clock starts, as sqlite3 is)
        if engine == "duckdb-arrow":
            import pyarrow  # noqa: F401
    out: dict = {"engine": engine, "step": step}
    if step == "write":
        rows = content(src)
        base = _maxrss_mb()
        t0 = time.process_time()
        tmp = dst + ".tmp"
        if os.path.exists(tmp):
            os.unlink(tmp)
        if engine.startswith("sqlite"):
            write_sqlite(tmp, rows, compress=engine == "sqlite-zlib")
        else:
            write_duckdb(tmp, rows, arrow=engine == "duckdb-arrow")
        os.replace(tmp, dst)
        out["cpu"] = time.process_time() - t0
        out["peak_mb"] = max(0.0, _maxrss_mb() - base)
        out["size_mb"] = os.path.getsize(dst) / 1e6
        out["content_mb"] = (_bytes(rows["files"]) + _bytes(rows["corpora"])) / 1e6
    else:
        base = _maxrss_mb()
        t0 = time.process_time()
        n = read_sqlite(dst, engine == "sqlite-zlib") if engine.startswith("sqlite") else read_duckdb(dst)
        out["cpu"] = time.process_time() - t0
        out["peak_mb"] = _maxrss_mb()
        out["base_mb"] = base
        out["read_mb"] = n / 1e6
    return out


def run_child(engine: str, step: str, src: str, dst: str) -> dict:
    proc = subprocess.run([sys.executable, __file__, "--child", engine, step, src, dst],
                          capture_output=True, text=True)
    if proc.returncode:
        return {"engine": engine, "step": step, "error": proc.stderr.strip().splitlines()[-1:]}
    return json.loads(proc.stdout.strip().splitlines()[-1])


def build_store(refs: int, data: Path) -> str:
    """A store as `litgraph build` writes it for bench/scale.py's corpus of `refs` references."""
    sys.path.insert(0, str(HERE))
    import scale

    src = scale.corpus(data, refs, "bib")
    out = data / f"store-engines-{refs}"
    db = out / "litgraph.db"
    if not db.is_file():
        env = dict(os.environ, PYTHONPATH=str(ROOT), XDG_CACHE_HOME=str(data / "store-engines-cache"))
        env.pop("LITGRAPH_STORE", None)
        subprocess.run([sys.executable, "-m", "litgraph", "build", "-s", str(src), "-o", str(out)], cwd=str(data),
                       env=env, stdout=subprocess.DEVNULL, check=False)
    if not db.is_file():
        raise SystemExit(f"litgraph build wrote no store for {src}")
    return str(db)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--refs", type=int, nargs="*", default=[], help="Build bench/scale.py's corpora of these sizes.")
    ap.add_argument("--store", nargs="*", default=[], help="Stores (litgraph.db) already written by `litgraph build`.")
    ap.add_argument("--data", default="/tmp/litgraph-scale", help="Where corpora and stores are kept.")
    ap.add_argument("--repeat", type=int, default=2, help="Runs per engine and step (the least CPU is shown).")
    ap.add_argument("--engines", nargs="+", default=list(ENGINES), choices=ENGINES)
    ap.add_argument("--child", nargs=4, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        print(json.dumps(child(*args.child)))
        return
    stores = [(s, Path(s).parent.name) for s in args.store]
    data = Path(args.data)
    stores += [(build_store(n, data), f"{n:,} refs") for n in args.refs]
    if not stores:
        stores = [(build_store(10000, data), "10,000 refs")]
    work = data / "store-engines-out"
    work.mkdir(parents=True, exist_ok=True)
    print("| store | engine | write CPU s | write peak MB (above content) | file MB | read CPU s | "
          "read peak MB (imports alone) |")
    print("|---|---|---|---|---|---|---|")
    for store, label in stores:
        for engine in args.engines:
            dst = str(work / f"{engine}.db")
            writes, reads = [], []
            for _ in range(args.repeat):
                writes.append(run_child(engine, "write", store, dst))
                reads.append(run_child(engine, "read", store, dst))
            bad = [r for r in writes + reads if "error" in r]
            if bad:
                print(f"| {label} | {engine} | error: {bad[0]['error']} | | | | |")
                continue
            w, r = min(writes, key=lambda x: x["cpu"]), min(reads, key=lambda x: x["cpu"])
            print(f"| {label} ({w['content_mb']:.0f} MB of blobs) | {engine} | {w['cpu']:.2f} | {w['peak_mb']:.0f} | "
                  f"{w['size_mb']:.1f} | {r['cpu']:.2f} | {r['peak_mb']:.0f} ({r['base_mb']:.0f}) |", flush=True)
            os.unlink(dst)
    shutil.rmtree(work, ignore_errors=True)
    for module in ("sqlite3", "duckdb"):
        code = f"import time; t = time.process_time(); import {module}; print(time.process_time() - t)"
        best = min(float(subprocess.run([sys.executable, "-c", code], capture_output=True, text=True).stdout or "nan")
                   for _ in range(3))
        print(f"import {module}: {best:.3f} CPU s")


if __name__ == "__main__":
    main()
