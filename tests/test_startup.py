"""The command line as a process: what it loads to read a file, how it ends, and the collector.

`python -m litgraph` ends with os._exit once its output is flushed and its exit handlers have
run (litgraph.cli.run); readers are imported only as far as sniffing a file needs them
(litgraph.readers.registry); `_corpus` leaves the collector off for the rest of a command and
main() turns it back on.
"""
import gc
import json
import subprocess
import sys

from conftest import ROOT, run_cli

WOS = """FN Clarivate Analytics Web of Science
VR 1.0
PT J
AU Sastro, B
AF Sastro, Budi
TI Rattan workshops and their export starts
SO JOURNAL OF SMALL FIRM TRADE
PY 2019
VL 12
BP 33
CR Johanson J, 1977, J INT BUS STUD, V8, P23, DOI 10.1057/palgrave.jibs.8490676
   Oviatt BM, 1994, J INT BUS STUD, V25, P45
UT WOS:000000000000001
ER

EF
"""


def _python(code: str, cwd=ROOT) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=cwd)


def test_sniffing_an_export_loads_only_the_readers_it_tried(tmp_path):
    path = tmp_path / "savedrecs.txt"
    path.write_text(WOS, "utf-8")
    r = _python("import sys, json\n"
                "from litgraph.readers.registry import detect, probe\n"
                f"fmt = detect(probe({str(path)!r}))\n"
                "print(json.dumps([fmt.name, sorted(m for m in sys.modules if m.startswith('litgraph.readers.'))]))")
    assert r.returncode == 0, r.stderr
    name, loaded = json.loads(r.stdout)
    assert name == "wos"
    # wos claims it for certain: the formats after it in the tie-breaking order were never loaded
    for later in ("ris", "scopus", "openalex", "csljson", "medline", "reflist", "paper"):
        assert f"litgraph.readers.{later}" not in loaded
    # and every format is still there when asked for
    r = _python("from litgraph.readers.registry import formats, get\n"
                "print(len(formats()), get('endnote-xml').name, get('list').name)")
    assert r.returncode == 0, r.stderr
    assert r.stdout.split()[1:] == ["endnote-xml", "list"] and int(r.stdout.split()[0]) >= 17


def test_detect_is_the_same_loaded_lazily_or_all_at_once(tmp_path):
    """The lazy walk gives what the walk over every format gives (best score, order breaking ties,
    a certain claim winning at once), file by file over the test data."""
    from litgraph.readers import registry

    files = [p for p in (ROOT / "tests" / "data").rglob("*") if p.is_file()][:400]
    (tmp_path / "x.txt").write_text(WOS, "utf-8")
    files.append(tmp_path / "x.txt")
    every = list(registry.formats().values())
    for f in files:
        p = registry.probe(str(f))
        best, best_score = None, 0.0
        for fmt in every:
            score = fmt.sniff(p)
            if score >= 1.0:
                best = fmt
                break
            if score > best_score:
                best, best_score = fmt, score
        assert registry.detect(p) is best, f


def test_the_process_flushes_and_exits_with_its_status(tmp_path):
    path = tmp_path / "savedrecs.txt"
    path.write_text(WOS, "utf-8")
    r = run_cli("refs", str(path), "--format", "json")
    assert r.returncode == 0, r.stderr
    assert len(json.loads(r.stdout)) >= 1  # all of it written before the process ended
    r = run_cli("refs", str(tmp_path / "missing.txt"))
    assert r.returncode == 2 and "missing.txt" in r.stderr
    r = run_cli("build", "-s", str(path), "-o", str(tmp_path / "out"))
    assert r.returncode == 0, r.stderr
    assert "1 papers" in r.stdout or "1 paper" in r.stdout
    # exit handlers still run: a temporary directory made by a handler-registered cleanup is gone
    marker = tmp_path / "handler-ran"
    r = _python("import atexit, sys\n"
                f"atexit.register(lambda: open({str(marker)!r}, 'w').close())\n"
                "sys.argv = ['litgraph', '--version']\n"
                "from litgraph.cli import run\n"
                "run()")
    assert r.returncode == 0 and "litgraph" in r.stdout and marker.exists()


def test_main_gives_the_collector_back(tmp_path):
    from litgraph.cli import main

    path = tmp_path / "savedrecs.txt"
    path.write_text(WOS, "utf-8")
    assert gc.isenabled()
    try:
        main(["build", "-s", str(path), "-o", str(tmp_path / "out")])
    except SystemExit as exc:
        assert exc.code == 0
    assert gc.isenabled()
    assert gc.get_freeze_count() == 0
