"""The reader framework: formats chosen by content, one document per record, `--as`."""
import json

from litgraph.readers import read_file, read_sources
from litgraph.readers.registry import detect, formats, probe

from conftest import run_cli

BIB = """@article{smith2001,
  author = {Smith, Anna and Jones, Bo},
  title = {Export entry modes of small firms},
  journal = {Journal of Small Business},
  year = {2001}, volume = {3}, pages = {1--20}
}
@book{lee1999,
  author = {Lee, Chan},
  title = {Networks and markets},
  publisher = {Academic Press},
  year = {1999}
}
"""
LIST = """Smith, A., & Jones, B. (2001). Export entry modes of small firms. Journal of Small Business, 3, 1-20.
Lee, C. (1999). Networks and markets. Academic Press.
Ng, D. (2005). Born globals revisited. International Marketing Review, 22(4), 400-415.
"""


def test_every_format_has_a_sniffer_reader_and_description():
    for name, fmt in formats().items():
        assert fmt.name == name and callable(fmt.sniff) and callable(fmt.read) and fmt.description


def test_content_decides_not_the_extension(tmp_path):
    bib_as_txt = tmp_path / "library.txt"
    bib_as_txt.write_text(BIB, "utf-8")
    list_as_bib = tmp_path / "refs.bib"
    list_as_bib.write_text(LIST, "utf-8")
    assert detect(probe(str(bib_as_txt))).name == "bibtex"
    assert detect(probe(str(list_as_bib))).name == "list"


def test_a_library_is_one_record_per_entry(tmp_path):
    path = tmp_path / "lib.bib"
    path.write_text(BIB, "utf-8")
    docs = read_file(str(path))
    assert [d.kind for d in docs] == ["record", "record"]
    assert [d.meta.key for d in docs] == ["smith2001", "lee1999"]
    assert len({d.id for d in docs}) == 2


def test_a_library_builds_paper_nodes_not_a_star(tmp_path):
    path = tmp_path / "lib.bib"
    path.write_text(BIB, "utf-8")
    proc = run_cli("export", "-s", path, "--format", "json", "-o", tmp_path / "g.json")
    assert proc.returncode == 0, proc.stderr
    g = json.loads((tmp_path / "g.json").read_text("utf-8"))
    kinds = sorted(n["kind"] for n in g["nodes"])
    assert kinds == ["paper", "paper"]
    assert not [e for e in g.get("links", g.get("edges", [])) if e["kind"] == "cites"]


def test_refs_lists_a_librarys_entries(tmp_path):
    path = tmp_path / "lib.bib"
    path.write_text(BIB, "utf-8")
    proc = run_cli("refs", path, "--format", "json")
    assert proc.returncode == 0, proc.stderr
    assert [r["raw"] for r in json.loads(proc.stdout)] == ["smith2001", "lee1999"]


def test_as_overrides_the_guess(tmp_path):
    path = tmp_path / "refs.txt"
    path.write_text(LIST, "utf-8")
    assert [d.kind for d in read_file(str(path))] == ["list"]
    assert [d.kind for d in read_file(str(path), as_format="paper")] == ["paper"]
    proc = run_cli("refs", "--as", "nonsense", path)
    assert proc.returncode == 2 and "no input format" in proc.stderr and "Traceback" not in proc.stderr


def test_a_folder_walk_says_what_it_left_out(tmp_path):
    (tmp_path / "lib.bib").write_text(BIB, "utf-8")
    (tmp_path / "figure.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    docs = read_sources([str(tmp_path)])
    assert len(docs) == 2
    notes = [w for d in docs for w in d.warnings if w.kind == "skipped_files"]
    assert notes and "figure.png" in notes[0].message


def test_formats_command_lists_them():
    proc = run_cli("formats")
    assert proc.returncode == 0
    assert {"bibtex", "list", "paper"} <= {line.split()[0] for line in proc.stdout.splitlines()}
