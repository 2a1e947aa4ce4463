"""The corpus store: what `build` read, resolved and measured, kept beside its outputs.

`litgraph build -o DIR` writes DIR/litgraph.db (SQLite) next to the graph files.
It holds, for every source file, the Documents its reader made of it, keyed by
the file's content hash; and, for the whole corpus, the graph and its metrics,
keyed by a fingerprint of every file's hash and the options. Later commands
(rank, mainpath, export, show, related, lineage, html) load the graph and
metrics from it instead of reading and resolving the sources again; when a file
changed or was added only that file is read again, and the graph is rebuilt
from the stored documents of the others.

How a command finds the store: `--store PATH` (a file, or a folder holding
litgraph.db), else $LITGRAPH_STORE, else graphs/litgraph.db (build's default
output) when it was built from the same sources, else the store a build last
wrote for exactly these sources (noted in ~/.cache/litgraph/stores/), so that
`build -s X -o DIR` then `rank -s X` uses DIR's store.

Never trusted, always checked: every source file is identified by its content
hash on every command, and a store is used only when

  * it was written by this litgraph (version and a hash of its code: a store
    from another version is read again from the sources, with a note);
  * it is whole (written to a temporary file and renamed into place when
    complete, so an interrupted build leaves the previous store or none, and
    every blob carries its own SHA-256, checked when read);
  * it was built from the same sources (abolute paths) and options.

Hashing 2,500 source files took half a second of every command, so the store
also keeps what `stat` said of each file when it was hashed (size, modification
and change times in nanoseconds, inode and device; for a paper folder, of every
file in it). A file whose `stat` says the same is taken to hold the same bytes;
any other is hashed again. That is safe because a write to a file sets its
change time to the current time, which no program can set back (`touch -d`
and `cp -p` set the modification time, and so change the change time); and a
file changed less than STAT_MARGIN seconds before it was hashed gets no
signature at all (always hashed), so that a second write within the same clock
tick cannot pass for the first (git's "racy" files).

A damaged store is reported on one line and rebuilt. Two builds into one
folder take turns (a lock file, DIR/.litgraph.lock); a command that finds the
lock held does not write the store and works from what it read.

Pickle is the serialisation (fast; the store is a file litgraph writes for its
user, as trusted as the sources beside it; do not open stores from strangers).
"""
from __future__ import annotations

from .gcpause import paused_gc
import hashlib
import json
import os
import sqlite3
import stat as _stat
import time
from dataclasses import dataclass, field
from pathlib import Path

from . import __version__

STORE_NAME = "litgraph.db"
LOCK_NAME = ".litgraph.lock"
SCHEMA = 3  # 2: the stat signature and content hash of each file; 3: the digests of build's graph files
KEEP_CORPORA = 3  # graphs kept per store (e.g. with and without --authors)


class StoreError(Exception):
    """A store that cannot be used: damaged, from another version, not ours."""


def _code_hash() -> str:
    """litgraph's version and a hash of its code and models: a store is trusted only by the code that wrote it."""
    import marshal
    import sys

    # marshal's format (the store's blobs) is Python's own: a store is read by the Python that wrote it
    h = hashlib.sha256(f"{__version__} {sys.version_info[:2]} marshal {marshal.version}".encode())
    root = Path(__file__).resolve().parent
    for p in sorted(root.rglob("*")):
        if p.suffix in (".py", ".crfsuite", ".gz", ".tsv") and "__pycache__" not in p.parts:
            h.update(str(p.relative_to(root)).encode())
            h.update(p.read_bytes())
    return f"{__version__}+{h.hexdigest()[:16]}"


_CODE: str | None = None


def code_version() -> str:
    global _CODE
    if _CODE is None:
        _CODE = _code_hash()
    return _CODE


def file_digest(path: str) -> str:
    """SHA-256 of a source file; for a paper folder (paper.toml) of every file in the folder,
    since its reader reads the files it names."""
    from .textio import read_bytes

    h = hashlib.sha256()
    p = Path(path)
    if p.name == "paper.toml":
        top = str(p.parent)
        for root, dirs, files in os.walk(top):
            dirs.sort()
            # each file's name within the folder, as os.path.relpath(file, folder) gives it (relpath
            # per file was a third of hashing 2,500 paper folders)
            inner = "" if root == top else os.path.relpath(root, top)
            for f in sorted(files):
                fp = os.path.join(root, f)
                if not os.path.isfile(fp):
                    continue  # a FIFO or a device is never read (it could block or never end)
                h.update((os.path.join(inner, f) if inner else f).encode() + b"\0")
                h.update(hashlib.sha256(read_bytes(fp)).digest())
        return h.hexdigest()
    h.update(read_bytes(path))  # regular files only, capped: InputError otherwise
    return h.hexdigest()


STAT_MARGIN = 3.0  # seconds: a file changed more recently than this when hashed gets no stat signature


def stat_signature(path: str) -> str | None:
    """What `stat` says of a source file (of every file in a paper folder), or None where it
    cannot vouch for the content: not a regular file, unreadable, or changed in the last
    STAT_MARGIN seconds. Taken before the content is hashed, so that a change while it is
    hashed leaves a signature that will not match."""
    limit = time.time_ns() - int(STAT_MARGIN * 1e9)

    def sig(st) -> str | None:
        if not _stat.S_ISREG(st.st_mode) or st.st_mtime_ns >= limit or st.st_ctime_ns >= limit:
            return None
        return f"{st.st_size}:{st.st_mtime_ns}:{st.st_ctime_ns}:{st.st_ino}:{st.st_dev}"

    try:
        if os.path.basename(path) != "paper.toml":
            return sig(os.stat(path))
        # the files file_digest reads, in its order
        top = os.path.dirname(path) or "."
        parts = []
        for root, dirs, files in os.walk(top):
            dirs.sort()
            for f in sorted(files):
                fp = os.path.join(root, f)
                st = os.stat(fp)
                if _stat.S_ISFIFO(st.st_mode) or _stat.S_ISCHR(st.st_mode) or _stat.S_ISBLK(st.st_mode) \
                        or _stat.S_ISSOCK(st.st_mode):
                    continue  # file_digest skips them (not regular files)
                one = sig(st)
                if one is None:
                    return None
                parts.append(f"{fp[len(top):]}\0{one}")  # the name within the folder (relpath is slow)
        return hashlib.sha256("\n".join(parts).encode("utf-8", "surrogateescape")).hexdigest()
    except OSError:  # a file gone or unreadable: hashing says what is wrong
        return None


class SourceDigests:
    """Content hashes of source files, taken from a store's file index where `stat` says a
    file is as it was when hashed (see the module doc), computed otherwise."""

    def __init__(self, snapshot: "Snapshot | None" = None):
        self.known: dict[str, tuple[str, str]] = {}
        if snapshot is not None:
            self.known = {p: (e.stat, e.content) for p, e in snapshot.files.items() if e.stat and e.content}
        self.seen: dict[str, tuple[str | None, str]] = {}  # absolute path -> (signature, content hash)
        self.hashed = 0  # files hashed (not vouched for by stat)

    def content(self, path: str) -> str:
        """file_digest(path), raising as it does."""
        key = os.path.abspath(path)
        sig = stat_signature(path)
        known = self.known.get(key)
        if sig is not None and known is not None and known[0] == sig:
            digest = known[1]
        else:
            digest = file_digest(path)
            self.hashed += 1
        self.seen[key] = (sig, digest)
        return digest


def source_key(sources: list[str]) -> list[str]:
    return sorted(os.path.abspath(s) for s in sources)


def _blob(obj) -> tuple[bytes, str]:
    """A value as the store keeps it (litgraph.blobs: the records of a file, the graph and the
    metrics through marshal, anything else through pickle), and the SHA-256 of that."""
    from .blobs import dumps

    data = dumps(obj)
    return data, hashlib.sha256(data).hexdigest()


def _loads(data: bytes):
    from .blobs import loads

    return loads(data)


def _unblob(data: bytes, digest: str, what: str):
    if data is None or hashlib.sha256(data).hexdigest() != digest:
        raise StoreError(f"{what} fails its checksum")
    try:
        with paused_gc():
            return _loads(data)
    except Exception as exc:  # noqa: BLE001 - any unpickling failure means a damaged store
        raise StoreError(f"{what} cannot be read ({type(exc).__name__})") from None


@dataclass
class FileEntry:
    path: str
    digest: str
    docs: bytes | None  # list[Document] as litgraph.blobs lays it out
    docs_digest: str | None
    error: tuple[str, str, int | None] | None  # an InputError: path, message, line
    stat: str | None = None  # stat_signature when hashed (None: always hash it)
    content: str | None = None  # file_digest: the content hash the signature vouches for


@dataclass
class Snapshot:
    """What a store holds: its index read at once, its blobs only when asked for.

    The connection stays open, so the blobs read later are those of the store
    indexed, even if a build has since renamed a new store into its place."""

    path: str
    version: str
    sources: list[str]
    files: dict[str, FileEntry] = field(default_factory=dict)  # docs left in the store (None)
    corpora: dict[str, float] = field(default_factory=dict)  # fingerprint -> when written
    con: sqlite3.Connection | None = None

    def file_docs(self, entry: FileEntry) -> bytes | None:
        """The stored documents of a file entry (checked by the caller against entry.docs_digest)."""
        if entry.docs is not None:
            return entry.docs
        try:
            row = self.con.execute("SELECT docs FROM files WHERE path = ? AND docs_digest = ?",
                                   (entry.path, entry.docs_digest)).fetchone()
        except sqlite3.Error as exc:
            raise StoreError(f"not a readable store ({exc})") from None
        return row[0] if row else None

    def corpus_row(self, fp: str) -> tuple:
        """(graph, graph digest, metrics, metrics digest, extra, extra digest, created) of one corpus."""
        try:
            row = self.con.execute("SELECT graph, graph_digest, metrics, metrics_digest, extra, extra_digest, "
                                   "created FROM corpora WHERE fingerprint = ?", (fp,)).fetchone()
        except sqlite3.Error as exc:
            raise StoreError(f"not a readable store ({exc})") from None
        if row is None:
            raise StoreError("its corpus index does not match its rows")
        return row

    def corpus_part(self, fp: str, part: str) -> tuple[bytes, str]:
        """One blob of a corpus and its digest: part is graph, metrics or extra."""
        assert part in ("graph", "metrics", "extra")
        try:
            row = self.con.execute(f"SELECT {part}, {part}_digest FROM corpora WHERE fingerprint = ?",
                                   (fp,)).fetchone()
        except sqlite3.Error as exc:
            raise StoreError(f"not a readable store ({exc})") from None
        if row is None:
            raise StoreError("its corpus index does not match its rows")
        return row

    def close(self) -> None:
        if self.con is not None:
            self.con.close()
            self.con = None


def open_snapshot(path: str) -> Snapshot:
    """Read a store's index; raises StoreError if it is damaged or not whole."""
    if not os.path.isfile(path):
        raise FileNotFoundError(path)
    con = None
    try:
        con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        meta = dict(con.execute("SELECT key, value FROM meta").fetchall())
        if meta.get("version") and meta.get("version") != code_version():
            con.close()  # the caller tells and rebuilds; the contents are not read
            return Snapshot(path, meta["version"], [])
        if meta.get("complete") != "yes" or meta.get("schema") != str(SCHEMA):
            raise StoreError("not a whole litgraph store (an interrupted build?)")
        snap = Snapshot(path, meta.get("version", "?"), json.loads(meta.get("sources", "[]")))
        for row in con.execute("SELECT path, digest, docs_digest, err_path, err_message, err_line, stat, content "
                               "FROM files"):
            err = (row[3], row[4], row[5]) if row[4] is not None else None
            snap.files[row[0]] = FileEntry(row[0], row[1], None, row[2], err, row[6], row[7])
        for row in con.execute("SELECT fingerprint, created FROM corpora"):
            snap.corpora[row[0]] = row[1]
        snap.con, con = con, None
    except sqlite3.Error as exc:
        raise StoreError(f"not a readable store ({exc})") from None
    finally:
        if con is not None:
            con.close()
    return snap


def fingerprint(digests: list[tuple[str, str]], options: dict) -> str:
    h = hashlib.sha256(json.dumps([code_version(), sorted(digests), options], sort_keys=True).encode())
    return h.hexdigest()


def write_store(path: str, sources: list[str], files: list[FileEntry], corpus_rows: dict[str, tuple],
                old: Snapshot | None = None, digests: SourceDigests | None = None) -> None:
    """Write a whole store to a temporary file and rename it into place.

    A file entry without its documents in memory (docs None, docs_digest set) and a
    corpus row given as None are copied from `old`, one row at a time. `digests`: the
    stat signatures and content hashes taken of the files this time (else the entries')."""
    folder = os.path.dirname(os.path.abspath(path))
    tmp = os.path.join(folder, f".{STORE_NAME}.{os.getpid()}.tmp")
    if os.path.exists(tmp):
        os.unlink(tmp)
    try:
        con = sqlite3.connect(tmp)
        try:
            con.execute("PRAGMA journal_mode=OFF")
            con.execute("PRAGMA synchronous=OFF")
            # big pages for a file of a few big blobs: 55 MB of a WoS export's written ~20% faster
            con.execute("PRAGMA page_size=65536")
            con.executescript("""
                CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT);
                CREATE TABLE files (path TEXT PRIMARY KEY, digest TEXT NOT NULL, docs BLOB, docs_digest TEXT,
                                    err_path TEXT, err_message TEXT, err_line INTEGER, stat TEXT, content TEXT);
                CREATE TABLE corpora (fingerprint TEXT PRIMARY KEY, graph BLOB, graph_digest TEXT, metrics BLOB,
                                      metrics_digest TEXT, extra BLOB, extra_digest TEXT, created REAL);
                CREATE TABLE outputs (fingerprint TEXT, name TEXT, digest TEXT NOT NULL,
                                      PRIMARY KEY (fingerprint, name));
            """)
            def docs(f: FileEntry):
                if f.docs is None and f.docs_digest is not None and old is not None:
                    return old.file_docs(f)
                return f.docs

            seen = digests.seen if digests is not None else {}

            def stat_of(f: FileEntry) -> tuple:
                return seen.get(f.path) or (f.stat, f.content)

            con.executemany("INSERT INTO files VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                            ((f.path, f.digest, docs(f), f.docs_digest, *(f.error or (None, None, None)),
                              *stat_of(f)) for f in files))
            con.executemany("INSERT INTO corpora VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                            ((fp, *(row if row is not None else old.corpus_row(fp)))
                             for fp, row in corpus_rows.items()))
            con.executemany("INSERT INTO meta VALUES (?, ?)",
                            [("schema", str(SCHEMA)), ("version", code_version()),
                             ("sources", json.dumps(sources)), ("written", str(time.time()))])
            con.commit()
            # Written last: a store without it was interrupted.
            con.execute("INSERT INTO meta VALUES ('complete', 'yes')")
            con.commit()
        finally:
            con.close()
        if old is not None:
            old.close()  # everything copied; and Windows replaces no file held open
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise
    _register(sources, path)


# ---- build's graph files ---------------------------------------------------------------------------------

def record_outputs(path: str, fp: str, digests: dict[str, str]) -> None:
    """Note the SHA-256 of each graph file `build` wrote beside the store (name -> digest) for the
    corpus `fp`, so that `export` can copy a file instead of rendering the same graph again
    (`built_output`). Best effort: a store that cannot take the note costs only that copy."""
    try:
        con = sqlite3.connect(path)
        try:
            with con:
                con.executemany("INSERT OR REPLACE INTO outputs VALUES (?, ?, ?)",
                                [(fp, name, digest) for name, digest in digests.items()])
        finally:
            con.close()
    except sqlite3.Error:
        pass


def built_output(path: str, fp: str, name: str) -> bytes | None:
    """The bytes of the graph file `name` that `build` wrote beside the store at `path` for the
    corpus `fp`, if the file is still exactly what was written (its SHA-256 as noted by
    record_outputs); else None, and the caller renders the graph itself."""
    try:
        con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            row = con.execute("SELECT digest FROM outputs WHERE fingerprint = ? AND name = ?", (fp, name)).fetchone()
        finally:
            con.close()
    except sqlite3.Error:
        return None
    if row is None:
        return None
    try:
        with open(os.path.join(os.path.dirname(os.path.abspath(path)), name), "rb") as fh:
            data = fh.read()
    except OSError:
        return None
    return data if hashlib.sha256(data).hexdigest() == row[0] else None


# ---- finding a store ---------------------------------------------------------------------------------------

def _registry_dir() -> Path:
    from .output import cache_dir

    return Path(cache_dir("stores"))


def _registry_name(sources: list[str]) -> str:
    return hashlib.sha256(json.dumps(sources).encode()).hexdigest()[:32]


def _register(sources: list[str], path: str) -> None:
    """Note where the store of these sources is (best effort: a read-only home is no error)."""
    try:
        d = _registry_dir()
        d.mkdir(parents=True, exist_ok=True)
        tmp = d / f".{_registry_name(sources)}.{os.getpid()}"
        tmp.write_text(os.path.abspath(path), "utf-8")
        os.replace(tmp, d / _registry_name(sources))
    except OSError:
        pass


def find_store(sources: list[str], explicit: str | None = None) -> str | None:
    """The store a command should use for these sources, or None (see the module doc)."""
    given = explicit or os.environ.get("LITGRAPH_STORE")
    if given:
        path = os.path.join(given, STORE_NAME) if os.path.isdir(given) or not given.endswith(".db") else given
        if not os.path.isdir(os.path.dirname(os.path.abspath(path))):
            from .errors import InputError

            raise InputError(given, "no such store folder (give the folder `litgraph build -o` wrote, or its litgraph.db)")
        return path
    default = os.path.join("graphs", STORE_NAME)
    if os.path.isfile(default) and _sources_of(default) == source_key(sources):
        return default
    try:
        noted = (_registry_dir() / _registry_name(source_key(sources))).read_text("utf-8").strip()
    except OSError:
        return None
    return noted if os.path.isfile(noted) else None


def _sources_of(path: str) -> list[str] | None:
    try:
        con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            row = con.execute("SELECT value FROM meta WHERE key = 'sources'").fetchone()
        finally:
            con.close()
        return json.loads(row[0]) if row else None
    except (sqlite3.Error, ValueError):
        return None


# ---- taking turns ------------------------------------------------------------------------------------------

class Lock:
    """An exclusive lock on a store's folder (fcntl.flock: released by the OS if the holder dies)."""

    def __init__(self, folder: str):
        self.path = os.path.join(folder, LOCK_NAME)
        self.fd: int | None = None

    def acquire(self, wait: bool, on_wait=None) -> bool:
        try:
            import fcntl
        except ImportError:  # Windows: no locking; builds should not share a folder there
            return True
        self.fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(self.fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            if not wait:
                os.close(self.fd)
                self.fd = None
                return False
            if on_wait:
                try:
                    holder = os.pread(self.fd, 32, 0).decode().strip()
                except OSError:
                    holder = ""
                on_wait(holder)
            fcntl.flock(self.fd, fcntl.LOCK_EX)
        os.ftruncate(self.fd, 0)
        os.pwrite(self.fd, str(os.getpid()).encode(), 0)
        return True

    def release(self) -> None:
        if self.fd is not None:
            try:
                os.ftruncate(self.fd, 0)
            except OSError:
                pass
            os.close(self.fd)  # closing releases the flock
            self.fd = None
