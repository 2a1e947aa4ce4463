"""From sources to a linked corpus and its graph: the pipeline every graph command shares.

    from litgraph.corpus import load_corpus
    corpus = load_corpus(["bib"])          # documents, vocabulary, graph
    corpus.graph.number_of_nodes()

    # with a corpus store (see litgraph.store): read only what changed since
    corpus = load_corpus(["bib"], store="graphs/litgraph.db", update_store=True)

The vocabulary is the one given ("none": no vocabulary), else the first
vocabulary.toml found in the source folders (bib/vocabulary.toml for the demo
corpus), else the starter vocabulary shipped with litgraph
(litgraph/data/starter-vocabulary.toml: widely used theories, no cases).
`choose_vocabulary` says which, and why.
"""
from __future__ import annotations

import os
import sqlite3
from collections.abc import Callable

import networkx as nx

from .errors import InputError
from .knowledge import Vocabulary, load_vocabulary
from .model import Document


class Corpus:
    """The documents read, the vocabulary, the graph and the readers' warnings.

    From a fresh store the documents are loaded only when asked for
    (`corpus.docs`): most commands need just the graph."""

    def __init__(self, docs: list[Document] | None, vocabulary: Vocabulary | None, graph: nx.MultiDiGraph,
                 warnings: list | None = None, *, n_docs: int | None = None,
                 load_docs: Callable[[], list[Document]] | None = None):
        self._docs = docs
        self._load_docs = load_docs
        self.vocabulary = vocabulary
        self.graph = graph
        self.warnings = list(warnings or [])
        self.n_docs = len(docs) if docs is not None else (n_docs or 0)
        self.from_store = False  # the graph and metrics came from a fresh store
        self.reread = 0  # source files read (not taken from the store)
        self.vocabulary_path: str | None = None  # the vocabulary file used, and why (choose_vocabulary)
        self.vocabulary_why = ""
        self.store: tuple[str, str] | None = None  # (store path, fingerprint) when the store holds this corpus

    def note_outputs(self, files: dict) -> None:
        """Tell the store which graph files `build` wrote beside it for this corpus (path -> bytes)."""
        if self.store is None:
            return
        import hashlib

        from .store import record_outputs

        folder = os.path.dirname(os.path.abspath(self.store[0]))
        record_outputs(self.store[0], self.store[1],
                       {os.path.basename(p): hashlib.sha256(data).hexdigest() for p, data in files.items()
                        if isinstance(data, bytes) and os.path.dirname(os.path.abspath(p)) == folder})

    def built_output(self, name: str) -> bytes | None:
        """The graph file `name` (litgraph.json, litgraph.graphml) as `build` wrote it for this very
        corpus, if it is still as written: the same bytes a writer would make again."""
        if self.store is None:
            return None
        from .store import built_output

        return built_output(self.store[0], self.store[1], name)

    @property
    def docs(self) -> list[Document]:
        if self._docs is None:
            self._docs = self._load_docs() if self._load_docs else []
        return self._docs


def find_vocabulary(sources: list[str]) -> str | None:
    for src in sources:
        if os.path.isdir(src):
            path = os.path.join(src, "vocabulary.toml")
            if os.path.isfile(path):
                return path
        elif os.path.basename(src) == "vocabulary.toml":
            return src
    return None


STARTER_VOCABULARY = os.path.join(os.path.dirname(os.path.abspath(__file__)), "data", "starter-vocabulary.toml")
NO_VOCABULARY = ("none", "off", "no")


def choose_vocabulary(sources: list[str], given: str | None = None) -> tuple[str | None, str]:
    """The vocabulary file to use and why: (path or None, a phrase for the user).

    A corpus's own vocabulary.toml (the demo corpus's stands in bib/) serves
    that corpus only: it is taken from a source folder, never from elsewhere,
    so a user's papers get the neutral starter vocabulary unless they ask."""
    if given is not None:
        if given.strip().lower() in NO_VOCABULARY:
            return None, "none (--vocabulary none)"
        return given, "as given"
    found = find_vocabulary(sources)
    if found:
        return found, "found in a source folder"
    return STARTER_VOCABULARY, "litgraph's starter vocabulary of widely used theories (no vocabulary.toml in the sources)"


def load_corpus(sources: list[str], vocabulary: str | None = None, on_error=None, authors: bool = False,
                as_format: str | None = None, store: str | None = None, update_store: bool = False,
                note: Callable[[str], None] | None = None, have_lock: bool = False) -> Corpus:
    """Read, link and build the graph of `sources`.

    store: a corpus store (litgraph.store) to take unchanged files, or the
    whole graph and its metrics, from; update_store: write it back when
    anything was read again (build always does; the others when the lock is
    free, or the caller holds it: have_lock). note: told one line for anything the user should know about the
    store (another version, damaged, interrupted, busy)."""
    from .gcpause import paused_gc

    with paused_gc():  # a corpus is one large tree of new objects: no garbage to look for in it
        return _load_corpus(sources, vocabulary, on_error, authors, as_format, store, update_store, note, have_lock)


def _load_corpus(sources, vocabulary, on_error, authors, as_format, store, update_store, note, have_lock) -> Corpus:
    from .progress import bar, stage
    from .readers import as_input_error, read_paths, skipped_warning, source_files

    vocab_path, vocab_why = choose_vocabulary(sources, vocabulary)
    vocab = None
    if vocab_path:
        try:
            vocab = load_vocabulary(vocab_path)
        except Exception as exc:  # noqa: BLE001 - a bad vocabulary costs its theories and cases, not the graph
            if on_error is None:
                raise
            on_error(as_input_error(vocab_path, exc))
    sources = [s for s in sources if os.path.basename(s) != "vocabulary.toml"]
    paths, skipped = source_files(sources, on_error)
    extra_warnings = [skipped_warning(skipped)] if skipped else []
    if store is None:
        docs = read_paths(bar(paths, "reading", unit="file"), vocab, on_error, as_format)
        _link(docs)
        with stage("building the graph"):
            graph = _build(docs, vocab, authors)
        corpus = Corpus(docs, vocab, graph, [w for d in docs for w in d.warnings] + (extra_warnings if docs else []))
    else:
        corpus = _load_with_store(sources, paths, vocab, vocab_path, on_error, authors, as_format, store,
                                  update_store, note or (lambda s: None), have_lock, extra_warnings)
    corpus.vocabulary_path, corpus.vocabulary_why = vocab_path, vocab_why
    if vocab is not None:
        corpus.warnings[:0] = vocab.warnings  # relations the vocabulary states backwards in time
    return corpus


def _link(docs: list[Document]) -> None:
    from .progress import bar
    from .resolve import link_citations

    for doc in bar(docs, "linking citations", unit="doc"):
        link_citations(doc)


def _build(docs, vocab, authors):
    from .graph import build_graph

    graph = build_graph(docs, vocab, authors=authors)
    add_analyses(graph)
    return graph


def add_analyses(graph) -> None:
    """What every export carries beyond the graph itself: co-citation and coupling clusters, citation bursts.

    Cheap enough to run on every build (0.1 s on the demo corpus and on a 50-record WoS export with
    2,905 citations; about 1 s of CPU on a 2,000-record export and on 100,000 references, where the
    networks are capped: see litgraph.analysis.clusters, which also says why singly cited works are
    left out). Both run on the graph's arrays (litgraph.analysis.arrays), made once and kept for
    the metrics that follow."""
    from .analysis.arrays import held
    from .analysis.bursts import add_bursts
    from .analysis.clusters import add_clusters

    with held(graph):  # both add node attributes only: the arrays' check of the edges made once
        add_clusters(graph)
        add_bursts(graph)


def _load_with_store(sources, paths, vocab, vocab_path, on_error, authors, as_format, store_path, update,
                     note, have_lock, extra_warnings) -> Corpus:
    import hashlib

    from . import store as S
    from .analysis.centrality import metrics, remember
    from .progress import bar, stage
    from .readers import as_input_error, read_file

    snap = None
    try:
        snap = S.open_snapshot(store_path)
    except FileNotFoundError:
        pass
    except S.StoreError as exc:
        note(f"{store_path}: {exc}; reading the sources again")
    if snap is not None and snap.version != S.code_version():
        note(f"{store_path} was written by litgraph {snap.version} (this is {S.code_version()}); "
             "reading the sources again")
        snap = None

    vocab_digest = S.file_digest(vocab_path) if vocab_path else ""
    read_key = f"{vocab_digest}|{as_format or ''}"
    digests = []
    hashes = S.SourceDigests(snap)  # a file whose stat is as the store noted keeps its hash (litgraph.store)
    for path in bar(paths, "checking sources", unit="file"):
        try:
            content = hashes.content(path)
        except (OSError, InputError):
            content = "unreadable"  # the reader says why
        digests.append((path, hashlib.sha256(f"{content}|{read_key}".encode()).hexdigest()))
    abs_sources = S.source_key(sources)
    options = {"authors": bool(authors), "vocabulary": vocab_digest, "as": as_format or ""}
    fp = S.fingerprint([(os.path.abspath(p), d) for p, d in digests], options)
    ours = snap is None or snap.sources == abs_sources

    # 1. Nothing changed: the graph and metrics as stored.
    if snap is not None and fp in snap.corpora:
        try:
            corpus = _from_row(snap, fp, digests, vocab, on_error, extra_warnings, as_format)
            corpus.store = (store_path, fp)
            return corpus
        except S.StoreError as exc:
            note(f"{store_path}: {exc}; reading the sources again")
            snap.close()
            snap = None

    # 2. Read what changed; take the rest from the store.
    docs: list[Document] = []
    entries: list[S.FileEntry] = []
    reread = 0
    for (path, digest) in bar(digests, "reading", unit="file"):
        e = snap.files.get(os.path.abspath(path)) if snap is not None else None
        file_docs = None
        if e is not None and e.digest == digest:
            if e.error is not None:
                exc = InputError(*e.error)
                if on_error is None:
                    raise exc
                on_error(exc)
                entries.append(e)
                continue
            try:
                file_docs = S._unblob(snap.file_docs(e), e.docs_digest, f"the documents of {path}")
            except S.StoreError as exc:
                note(f"{store_path}: {exc}; reading it again")
        if file_docs is None:
            reread += 1
            try:
                file_docs = read_file(path, vocab, as_format=as_format)
            except Exception as exc:  # noqa: BLE001 - one bad file must not stop the corpus
                exc = as_input_error(path, exc)
                entries.append(S.FileEntry(os.path.abspath(path), digest, None, None,
                                           (exc.path, exc.message, exc.line)))
                if on_error is None:
                    raise
                on_error(exc)
                continue
            from .resolve import link_citations

            for doc in file_docs:
                link_citations(doc)
            blob, blob_digest = S._blob(file_docs)
            entries.append(S.FileEntry(os.path.abspath(path), digest, blob, blob_digest, None))
        else:
            entries.append(e)
        docs.extend(file_docs)
    if snap is not None and reread:
        note(f"{store_path}: {reread} of {len(digests)} source files new or changed since it was written; "
             "read them again")
    with stage("building the graph"):
        graph = _build(docs, vocab, authors)
    warnings = [w for d in docs for w in d.warnings] + (extra_warnings if docs else [])
    corpus = Corpus(docs, vocab, graph, warnings)
    corpus.reread = reread
    if not update or not ours:
        return corpus
    folder = os.path.dirname(os.path.abspath(store_path))
    lock = S.Lock(folder)
    if not have_lock and not lock.acquire(False):
        note(f"{store_path}: busy (another litgraph is writing it); not updated")
        return corpus
    try:
        with stage("computing metrics"):
            m = metrics(graph)
        with stage("writing the store"):
            rows = {}
            if snap is not None:  # keep a few other graphs of these sources (other options)
                for other, _ in sorted(snap.corpora.items(), key=lambda kv: -(kv[1] or 0)):
                    if len(rows) < S.KEEP_CORPORA - 1 and other != fp:
                        rows[other] = None  # copied from the old store as it is written
            g_blob, g_digest = S._blob(graph)
            m_blob, m_digest = S._blob(m)
            x_blob, x_digest = S._blob({"warnings": warnings[:len(warnings) - len(extra_warnings if docs else [])],
                                        "n_docs": len(docs)})
            import time

            rows[fp] = (g_blob, g_digest, m_blob, m_digest, x_blob, x_digest, time.time())
            try:
                S.write_store(store_path, abs_sources, entries, rows, old=snap, digests=hashes)
                corpus.store = (store_path, fp)
            except (OSError, sqlite3.Error, S.StoreError) as exc:  # a full disk costs the cache, not the answer
                note(f"{store_path}: the corpus store could not be written ({exc}); "
                     "later commands will read the sources again")
        remember(graph, m)
    finally:
        lock.release()
    return corpus


def _from_row(snap, fp, digests, vocab, on_error, extra_warnings, as_format) -> Corpus:
    from . import store as S
    from .analysis.centrality import remember
    from .progress import stage

    with stage("loading the graph"):
        graph = S._unblob(*snap.corpus_part(fp, "graph"), "the graph")
        m = S._unblob(*snap.corpus_part(fp, "metrics"), "the metrics")
        extra = S._unblob(*snap.corpus_part(fp, "extra"), "the warnings")
    entries = [snap.files.get(os.path.abspath(p)) for p, _ in digests]
    if any(e is None for e in entries):
        raise S.StoreError("its file index does not match its graph")
    for e in entries:  # the files that could not be read are told again, as if read now
        if e.error is not None:
            exc = InputError(*e.error)
            if on_error is None:
                raise exc
            on_error(exc)
    remember(graph, m)

    def load_docs() -> list[Document]:
        docs: list[Document] = []
        from .readers import read_file
        from .resolve import link_citations

        for (path, _), e in zip(digests, entries):
            if e.error is None:
                try:
                    docs.extend(S._unblob(snap.file_docs(e), e.docs_digest, f"the documents of {e.path}"))
                except S.StoreError:  # damaged after the graph was checked: read the file again
                    fresh = read_file(path, vocab, as_format=as_format)
                    for doc in fresh:
                        link_citations(doc)
                    docs.extend(fresh)
        return docs

    warnings = extra["warnings"] + (extra_warnings if extra["n_docs"] else [])
    corpus = Corpus(None, vocab, graph, warnings, n_docs=extra["n_docs"], load_docs=load_docs)
    corpus.from_store = True
    return corpus
