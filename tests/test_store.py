"""The corpus store: later commands read it instead of the sources, and never trust a stale one."""
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import time

import pytest

from conftest import BIB, ROOT


def run_cli(*args, cwd=None):
    """`python -m litgraph ARGS` from another folder (litgraph importable from this checkout)."""
    env = dict(os.environ, PYTHONIOENCODING="utf-8", PYTHONPATH=str(ROOT))
    env.pop("LITGRAPH_DEBUG", None)
    env.pop("LITGRAPH_STORE", None)
    return subprocess.run([sys.executable, "-m", "litgraph", *map(str, args)], capture_output=True, text=True,
                          cwd=cwd or ROOT, env=env)


@pytest.fixture()
def corpus(tmp_path):
    src = tmp_path / "bib"
    shutil.copytree(BIB, src)
    return tmp_path, src


def rank_json(cwd, *args):
    r = run_cli("rank", "-s", "bib", "--top", "400", "--format", "json", *args, cwd=cwd)
    assert r.returncode == 0, r.stderr
    return json.loads(r.stdout), r.stderr


def test_build_then_rank_uses_the_store_and_agrees_with_the_sources(corpus):
    tmp, _ = corpus
    r = run_cli("build", "-s", "bib", "-o", "out", cwd=tmp)
    assert r.returncode == 0, r.stderr
    assert (tmp / "out" / "litgraph.db").is_file()
    # `rank -s bib` finds out/litgraph.db (built from the same sources) without being told.
    from_store, err = rank_json(tmp)
    assert err == ""
    fresh, _ = rank_json(tmp, "--store", str(tmp / "elsewhere.db"))
    assert from_store == fresh
    con = sqlite3.connect(tmp / "out" / "litgraph.db")
    assert con.execute("SELECT count(*) FROM corpora").fetchone()[0] >= 1
    con.close()


def test_the_store_answers_without_reading_unchanged_files(corpus, monkeypatch):
    tmp, src = corpus
    from litgraph import readers
    from litgraph.corpus import load_corpus

    store = str(tmp / "c.db")
    first = load_corpus([str(src)], store=store, update_store=True)
    assert first.reread == 4 and not first.from_store
    calls = []
    real = readers.read_file
    monkeypatch.setattr(readers, "read_file", lambda *a, **k: calls.append(a[0]) or real(*a, **k))
    again = load_corpus([str(src)], store=store, update_store=True)
    assert again.from_store and calls == []
    assert sorted(again.graph.nodes) == sorted(first.graph.nodes)
    assert len(again.docs) == len(first.docs)  # documents load on demand
    # One changed file: only it is read again, and the graph follows the change.
    bibfile = src / "ornamental-plant-batu" / "references.bib"
    bibfile.write_text(bibfile.read_text("utf-8").replace("Johanson", "Johannsonn"), "utf-8")
    notes = []
    changed = load_corpus([str(src)], store=store, update_store=True, note=notes.append)
    assert [os.path.basename(os.path.dirname(c)) for c in calls] == ["ornamental-plant-batu"]
    assert changed.reread == 1
    assert any("1 of 4 source files new or changed" in n for n in notes)
    fresh = load_corpus([str(src)])
    assert sorted(changed.graph.nodes) == sorted(fresh.graph.nodes)
    assert sorted(changed.graph.edges) == sorted(fresh.graph.edges)


def test_an_added_file_is_read_alone(corpus, monkeypatch):
    tmp, src = corpus
    from litgraph import readers
    from litgraph.corpus import load_corpus

    store = str(tmp / "c.db")
    load_corpus([str(src)], store=store, update_store=True)
    (src / "extra.txt").write_text("Smith, J. (2001). A study of things. Journal of Stuff, 3(2), 1-9.\n"
                                   "Jones, K. (1999). Another study. Journal of Stuff, 1(1), 2-8.\n", "utf-8")
    calls = []
    real = readers.read_file
    monkeypatch.setattr(readers, "read_file", lambda *a, **k: calls.append(a[0]) or real(*a, **k))
    c = load_corpus([str(src)], store=store, update_store=True)
    assert [os.path.basename(p) for p in calls] == ["extra.txt"]
    assert any(n.startswith("paper:extra") for n in c.graph)


def _rank(tmp, store):
    r = run_cli("rank", "-s", "bib", "--top", "5", "--format", "json", "--store", store, cwd=tmp)
    return r


def test_a_damaged_store_is_told_and_rebuilt(corpus):
    tmp, _ = corpus
    store = tmp / "out" / "litgraph.db"
    assert run_cli("build", "-s", "bib", "-o", "out", cwd=tmp).returncode == 0
    good = _rank(tmp, str(store)).stdout
    store.write_bytes(b"this is not a database" * 100)
    r = _rank(tmp, str(store))
    assert r.returncode == 0 and r.stdout == good
    assert "not a readable store" in r.stderr and "reading the sources again" in r.stderr
    assert r.stderr.count("\n") == 1
    # ...and the command wrote a good one back
    r = _rank(tmp, str(store))
    assert r.stdout == good and r.stderr == ""


def test_a_flipped_byte_in_a_blob_is_caught(corpus):
    tmp, _ = corpus
    store = tmp / "out" / "litgraph.db"
    assert run_cli("build", "-s", "bib", "-o", "out", cwd=tmp).returncode == 0
    good = _rank(tmp, str(store)).stdout
    con = sqlite3.connect(store)
    blob = bytearray(con.execute("SELECT graph FROM corpora").fetchone()[0])
    blob[len(blob) // 2] ^= 0xFF
    con.execute("UPDATE corpora SET graph = ?", (bytes(blob),))
    con.commit()
    con.close()
    r = _rank(tmp, str(store))
    assert r.stdout == good
    assert "the graph fails its checksum" in r.stderr


def test_a_store_from_another_version_is_not_trusted(corpus):
    tmp, _ = corpus
    store = tmp / "out" / "litgraph.db"
    assert run_cli("build", "-s", "bib", "-o", "out", cwd=tmp).returncode == 0
    good = _rank(tmp, str(store)).stdout
    con = sqlite3.connect(store)
    con.execute("UPDATE meta SET value = '0.0.1+0123456789abcdef' WHERE key = 'version'")
    con.commit()
    con.close()
    r = _rank(tmp, str(store))
    assert r.stdout == good
    assert "written by litgraph 0.0.1+0123456789abcdef" in r.stderr


def test_an_interrupted_build_leaves_no_half_store(corpus):
    tmp, _ = corpus
    store = tmp / "out" / "litgraph.db"
    assert run_cli("build", "-s", "bib", "-o", "out", cwd=tmp).returncode == 0
    good = _rank(tmp, str(store)).stdout
    # A store whose writing stopped before its last row is not whole.
    con = sqlite3.connect(store)
    con.execute("DELETE FROM meta WHERE key = 'complete'")
    con.commit()
    con.close()
    r = _rank(tmp, str(store))
    assert r.stdout == good and "not a whole litgraph store" in r.stderr
    # A build killed while writing leaves at most its temporary file, never a half litgraph.db.
    from litgraph import store as S

    called = {}

    def boom(*a, **k):
        called["yes"] = True
        raise KeyboardInterrupt

    rows = {"x": (b"", "", b"", "", b"", "", 0.0)}
    real = S._register
    try:
        S._register = boom  # interrupt after the rename: the store is whole
        with pytest.raises(KeyboardInterrupt):
            S.write_store(str(tmp / "t.db"), [], [], rows)
    finally:
        S._register = real
    assert called and S.open_snapshot(str(tmp / "t.db")).version == S.code_version()
    assert not [p for p in os.listdir(tmp) if p.endswith(".tmp")]


def test_two_builds_into_one_folder_take_turns(corpus):
    tmp, _ = corpus
    (tmp / "out").mkdir()
    from litgraph.store import Lock

    holder = Lock(str(tmp / "out"))
    assert holder.acquire(False)
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    proc = subprocess.Popen([sys.executable, "-m", "litgraph", "build", "-s", "bib", "-o", "out"], cwd=tmp,
                            env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.time() + 60
    # the second build says it waits, and waits
    while time.time() < deadline and proc.poll() is None:
        time.sleep(0.2)
        if (tmp / "out" / "litgraph.json").exists():
            break
    assert proc.poll() is None and not (tmp / "out" / "litgraph.json").exists()
    # a rank meanwhile works, and leaves the busy store alone
    r = run_cli("rank", "-s", "bib", "--top", "3", "--store", str(tmp / "out"), cwd=tmp)
    assert r.returncode == 0 and "busy" in r.stderr
    holder.release()
    out, err = proc.communicate(timeout=120)
    assert proc.returncode == 0, err
    assert "another litgraph build (pid" in err and "waiting for it" in err
    assert (tmp / "out" / "litgraph.db").is_file()


def test_sources_moved_make_another_store(corpus):
    tmp, src = corpus
    assert run_cli("build", "-s", "bib", "-o", "out", cwd=tmp).returncode == 0
    shutil.move(str(src), str(tmp / "moved"))
    # graphs of other sources are never used: rank -s moved reads moved/
    r = run_cli("rank", "-s", "moved", "--top", "3", "--format", "json", "--store", "out", cwd=tmp)
    assert r.returncode == 0
    assert json.loads(r.stdout)[0]["id"].startswith(("work:", "theory:", "paper:"))
    r2 = run_cli("rank", "-s", "moved", "--top", "3", "--format", "json", "--store", str(tmp / "x.db"), cwd=tmp)
    assert r.stdout == r2.stdout


def test_an_unreadable_file_is_told_again_from_the_store(corpus):
    tmp, src = corpus
    (src / "broken.bib").write_text("@article{x,\n  title = {unclosed\n", "utf-8")
    first = run_cli("rank", "-s", "bib", "--top", "3", "--store", "s.db", cwd=tmp)
    second = run_cli("rank", "-s", "bib", "--top", "3", "--store", "s.db", cwd=tmp)
    assert first.returncode == second.returncode
    assert [l for l in first.stderr.splitlines() if "broken.bib" in l] == \
        [l for l in second.stderr.splitlines() if "broken.bib" in l]


def test_no_store_folder_is_a_clear_error(corpus):
    tmp, _ = corpus
    r = run_cli("rank", "-s", "bib", "--store", str(tmp / "nowhere" / "x"), cwd=tmp)
    assert r.returncode == 2 and "no such store folder" in r.stderr and "Traceback" not in r.stderr


# ---- the stat fast path: a file whose stat is as the store noted is not hashed again -------------------------

def _counting_digest(monkeypatch):
    from litgraph import store as S

    hashed = []
    real = S.file_digest
    monkeypatch.setattr(S, "file_digest", lambda p: hashed.append(os.path.basename(p)) or real(p))
    return hashed


def _age(path, seconds=3600):
    """Set a file's modification time back (its change time stays now)."""
    st = os.stat(path)
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns - int(seconds * 1e9)))


def test_unchanged_files_are_not_hashed_again(corpus, monkeypatch):
    tmp, src = corpus
    from litgraph import store as S
    from litgraph.corpus import load_corpus

    monkeypatch.setattr(S, "STAT_MARGIN", 0.0)  # the copies were made a moment ago
    store = str(tmp / "c.db")
    load_corpus([str(src)], store=store, update_store=True)
    hashed = _counting_digest(monkeypatch)
    again = load_corpus([str(src)], store=store, update_store=True)
    assert again.from_store and hashed == [os.path.basename(again.vocabulary_path)]  # the vocabulary only


def test_a_change_that_keeps_size_and_modification_time_is_still_seen(corpus, monkeypatch):
    tmp, src = corpus
    from litgraph import store as S
    from litgraph.corpus import load_corpus

    monkeypatch.setattr(S, "STAT_MARGIN", 0.0)
    bibfile = src / "ornamental-plant-batu" / "references.bib"
    _age(bibfile)
    store = str(tmp / "c.db")
    load_corpus([str(src)], store=store, update_store=True)
    before = os.stat(bibfile)
    text = bibfile.read_text("utf-8")
    assert "Johanson" in text
    time.sleep(0.01)
    bibfile.write_text(text.replace("Johanson", "Johansen"), "utf-8")  # same length
    os.utime(bibfile, ns=(before.st_atime_ns, before.st_mtime_ns))  # and the old modification time
    assert os.stat(bibfile).st_size == before.st_size and os.stat(bibfile).st_mtime_ns == before.st_mtime_ns
    changed = load_corpus([str(src)], store=store, update_store=True)
    assert changed.reread == 1 and not changed.from_store  # the change time gave it away
    assert any("johansen" in n for n in changed.graph)


def test_a_file_replaced_by_another_of_the_same_size_and_times_is_still_seen(corpus, monkeypatch):
    tmp, src = corpus
    from litgraph import store as S
    from litgraph.corpus import load_corpus

    monkeypatch.setattr(S, "STAT_MARGIN", 0.0)
    bibfile = src / "ornamental-plant-batu" / "references.bib"
    store = str(tmp / "c.db")
    load_corpus([str(src)], store=store, update_store=True)
    sig = S.stat_signature(str(src / "ornamental-plant-batu" / "paper.toml"))
    other = tmp / "other.bib"
    other.write_text(bibfile.read_text("utf-8").replace("Johanson", "Johannsen"), "utf-8")
    os.replace(other, bibfile)  # a new inode (an editor's save)
    assert S.stat_signature(str(src / "ornamental-plant-batu" / "paper.toml")) != sig
    changed = load_corpus([str(src)], store=store, update_store=True)
    assert changed.reread == 1


def test_a_file_changed_just_before_hashing_is_always_hashed(corpus, monkeypatch):
    tmp, src = corpus
    from litgraph import store as S
    from litgraph.corpus import load_corpus

    # the copies are seconds old: a second write within the same clock tick could not be told
    # from the first by stat, so they get no signature and are hashed every time
    monkeypatch.setattr(S, "STAT_MARGIN", 3600.0)
    assert S.stat_signature(str(src / "ornamental-plant-batu" / "references.bib")) is None
    store = str(tmp / "c.db")
    load_corpus([str(src)], store=store, update_store=True)
    hashed = _counting_digest(monkeypatch)
    again = load_corpus([str(src)], store=store, update_store=True)
    assert again.from_store and len(hashed) == 5  # four sources and the vocabulary


def test_a_file_added_to_a_paper_folder_changes_its_signature(corpus, monkeypatch):
    tmp, src = corpus
    from litgraph import store as S

    monkeypatch.setattr(S, "STAT_MARGIN", 0.0)
    toml = str(src / "ornamental-plant-batu" / "paper.toml")
    sig = S.stat_signature(toml)
    assert sig is not None
    (src / "ornamental-plant-batu" / "notes.txt").write_text("x", "utf-8")
    assert S.stat_signature(toml) != sig


def test_records_come_back_from_the_store_as_they_went_in():
    from litgraph import store as S
    from litgraph.corpus import load_corpus

    docs = load_corpus([str(BIB)]).docs
    data, digest = S._blob(docs)
    back = S._unblob(data, digest, "the documents")
    assert back == docs and back is not docs
    assert [type(r) for d in back for r in d.references] == [type(r) for d in docs for r in d.references]
    assert any(d.citations for d in back) and any(d.mentions for d in back)


def test_export_copies_builds_file_only_while_it_is_what_build_wrote(corpus, monkeypatch):
    """`export --format graphml|json` after `build` copies build's file (its SHA-256 noted in the store
    for this very corpus), and renders the graph again when the file was changed or the sources were."""
    tmp, src = corpus
    r = run_cli("build", "-s", "bib", "-o", "out", cwd=tmp)
    assert r.returncode == 0, r.stderr
    con = sqlite3.connect(tmp / "out" / "litgraph.db")
    noted = dict(con.execute("SELECT name, digest FROM outputs").fetchall())
    con.close()
    assert set(noted) == {"litgraph.json", "litgraph.graphml", "litgraph.html"}
    for fmt in ("json", "graphml"):
        r = run_cli("export", "-s", "bib", "--format", fmt, "-o", f"e.{fmt}", cwd=tmp)
        assert r.returncode == 0, r.stderr
        assert (tmp / f"e.{fmt}").read_bytes() == (tmp / "out" / f"litgraph.{fmt}").read_bytes()

    from litgraph.corpus import load_corpus
    from litgraph.export.formats import to_graphml

    corpus_ = load_corpus([str(src)], store=str(tmp / "out" / "litgraph.db"))
    assert corpus_.from_store
    assert corpus_.built_output("litgraph.graphml") == to_graphml(corpus_.graph).encode()
    # A built file edited by hand is not what build wrote: rendered again, not copied.
    built = tmp / "out" / "litgraph.graphml"
    built.write_bytes(built.read_bytes().replace(b"</graphml>", b"</graphml><!-- edited -->"))
    assert corpus_.built_output("litgraph.graphml") is None
    r = run_cli("export", "-s", "bib", "--format", "graphml", "-o", "e2.graphml", cwd=tmp)
    assert r.returncode == 0, r.stderr
    assert (tmp / "e2.graphml").read_bytes() == to_graphml(corpus_.graph).encode()
    # Changed sources: another corpus, for which build wrote nothing.
    bibs = sorted(src.rglob("*.bib"))
    bibs[0].write_text(bibs[0].read_text("utf-8") + "\n@article{added2020, author={Added, A.}, title={An added work}, "
                       "journal={J}, year={2020}}\n", "utf-8")
    changed = load_corpus([str(src)], store=str(tmp / "out" / "litgraph.db"))
    assert changed.built_output("litgraph.json") is None


class Odd:
    """A value of a class: marshal does not hold it, pickle does."""

    def __eq__(self, other):
        return isinstance(other, Odd)


def test_the_graph_and_metrics_come_back_from_marshal_as_pickle_gave_them():
    """The graph and the metrics are kept through marshal (litgraph.store._marshal_blob): the same
    nodes, edges, attributes and order, the edge dicts still shared by _succ and _pred (one dict an
    edge, as networkx keeps it), and metrics equal; a value marshal cannot hold is pickled."""
    import pickle

    import networkx as nx

    from litgraph import blobs as B
    from litgraph import store as S
    from litgraph.analysis.centrality import metrics
    from litgraph.corpus import load_corpus

    g = load_corpus([str(BIB)]).graph
    data, digest = S._blob(g)
    assert data[:4] == B.GRAPH
    back = S._unblob(data, digest, "the graph")
    ref = pickle.loads(pickle.dumps(g, protocol=5))
    assert type(back) is nx.MultiDiGraph and back is not g
    assert list(back.nodes(data=True)) == list(ref.nodes(data=True))
    assert list(back.edges(keys=True, data=True)) == list(ref.edges(keys=True, data=True))
    assert list(back.in_edges(keys=True, data=True)) == list(ref.in_edges(keys=True, data=True))
    assert back.graph == ref.graph and back._adj is back._succ
    u, v, k = next(iter(back.edges(keys=True)))
    assert back._pred[v][u] is back._succ[u][v] and back._pred[v][u][k] is back._succ[u][v][k]
    back.add_edge(u, v, key="new", kind="test")  # a working graph, not a frozen copy
    assert back.has_edge(u, v, key="new") and back._pred[v][u]["new"] is back._succ[u][v]["new"]

    m = metrics(g)
    data, digest = S._blob(m)
    assert data[:4] == B.DATA and S._unblob(data, digest, "the metrics") == m

    h = nx.MultiDiGraph()
    h.add_node("a", thing=Odd())
    data, digest = S._blob(h)
    assert data[:4] != B.GRAPH and S._unblob(data, digest, "the graph").nodes["a"]["thing"] == Odd()
    data, digest = S._blob({"x": Odd()})
    assert data[:4] != B.DATA and S._unblob(data, digest, "the metrics") == {"x": Odd()}


def test_a_store_from_another_python_is_not_trusted(monkeypatch):
    """marshal's format is Python's own: the code version a store is checked against names Python's."""
    from litgraph import store as S

    here = S._code_hash()
    monkeypatch.setattr(sys, "version_info", (3, 99, 0, "final", 0))
    assert S._code_hash() != here


def test_records_are_laid_out_for_marshal_and_come_back_as_pickle_gives_them():
    """A file's documents go through marshal as tuples of their fields (litgraph.blobs): they come
    back equal, of the same classes, holding nothing in common that pickle would not have."""
    import pickle

    from litgraph import blobs as B
    from litgraph.corpus import load_corpus

    docs = load_corpus([str(BIB)]).docs
    data = B.dumps(docs)
    assert data[:4] == B.RECORDS
    back = B.loads(data)
    assert back == docs
    # pickle writes a shared object once: the same bytes mean the same classes, values and sharing
    assert pickle.dumps(back, protocol=5) == pickle.dumps(pickle.loads(pickle.dumps(docs, protocol=5)), protocol=5)
    assert B.loads(B.dumps(back)) == docs


def test_a_record_held_twice_is_pickled_and_comes_back_held_twice():
    from litgraph import blobs as B
    from litgraph.model import Author, Document, Reference

    ref = Reference("x.bib", 1, "Penrose 1959", authors=[Author("Penrose", "E.")], year=1959)
    doc = Document("x.bib", "x", "library", meta=ref, references=[ref])  # one record in two places
    data = B.dumps([doc])
    assert data[:4] != B.RECORDS
    back = B.loads(data)[0]
    assert back == doc and back.meta is back.references[0]

    shared = [Author("Penrose", "E.")]  # one list of records in two records
    docs = [Document("x.bib", "x", "library", references=[Reference("x.bib", 1, "a", authors=shared),
                                                          Reference("x.bib", 2, "b", authors=shared)])]
    data = B.dumps(docs)
    assert data[:4] != B.RECORDS
    back = B.loads(data)[0]
    assert back.references[0].authors is back.references[1].authors

    held = Reference("x.bib", 1, "Penrose 1959")  # held by the caller too: still comes back right
    outside = [held]
    back = B.loads(B.dumps([Document("x.bib", "x", "library", references=[held])]))
    assert back[0].references == outside and back[0].references[0] is not held

    twice = Document("x.bib", "x", "library")
    data = B.dumps([twice, twice])
    assert data[:4] != B.RECORDS
    a, b = B.loads(data)
    assert a is b


from litgraph.model import Reference as _Reference  # noqa: E402


class Mine(_Reference):
    """A record of a class of the caller's own: pickle keeps its class."""

    __slots__ = ()


def test_records_of_other_classes_or_values_are_pickled():
    from litgraph import blobs as B
    from litgraph.model import Author, Document, Reference

    doc = Document("x.bib", "x", "library", references=[Mine("x.bib", 1, "a")])
    back = B.loads(B.dumps([doc]))[0]
    assert type(back.references[0]) is Mine and back == doc

    doc = Document("x.bib", "x", "library", references=[Reference("x.bib", 1, "a", extra={"odd": Odd()})])
    assert B.dumps([doc])[:4] != B.RECORDS and B.loads(B.dumps([doc]))[0] == doc
    doc = Document("x.bib", "x", "library", references=(Reference("x.bib", 1, "a"),))  # not a list
    back = B.loads(B.dumps([doc]))[0]
    assert type(back.references) is tuple and back == doc
    assert B.loads(B.dumps([Author("Penrose")])) == [Author("Penrose")]


def test_metrics_come_back_with_their_keys_in_order():
    from litgraph import blobs as B

    nodes = [f"n{i}" for i in range(40)]
    m = {"pagerank": {n: i / 7 for i, n in enumerate(nodes)}, "core": {n: i for i, n in enumerate(reversed(nodes))},
         "cited_by": dict.fromkeys(nodes, 0), "info": {"pivots": 3}, "flags": {n: [n] for n in nodes}, "n": 40}
    data = B.dumps(m)
    assert data[:4] == B.DATA
    back = B.loads(data)
    assert back == m and list(back) == list(m)
    assert all(list(back[k]) == list(m[k]) for k in m if isinstance(m[k], dict))
    assert [type(v) for v in back["core"].values()] == [int] * 40
