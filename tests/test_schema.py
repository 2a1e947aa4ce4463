"""The files users write by hand (paper.toml, citations.json, mentions.json,
vocabulary.toml) are checked against a schema: a wrong type, a missing or an
unknown key is an InputError naming the file, the key and its line, never a
crash; and the files a paper.toml names must lie in the paper's folder.

Every fixture is invented here and written to tmp_path.
"""
import json

import pytest

from litgraph.errors import InputError
from litgraph.knowledge import load_vocabulary
from litgraph.readers.facts import PAPER, read_facts
from litgraph.schema import Int, Invalid, ListOf, Table, Text, check

from conftest import run_cli

BIB = "@article{a1, author={Smith, Jan}, title={A title}, journal={J}, year=2001}\n"
CITES = [{"line": 3, "marker": "(Smith, 2001)", "authors": "Smith", "year": "2001", "ref": 1}]
MENTIONS = [{"line": 4, "kind": "theory", "entity": "rbv", "text": "RBV"}]
GOOD = {"id": "p", "title": "T", "authors": ["Smith, Jan"], "year": 2001, "references": "refs.bib",
        "citations": "c.json", "mentions": "m.json"}


def toml(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)
    if isinstance(value, str):
        return json.dumps(value)
    if isinstance(value, list):
        return "[" + ", ".join(toml(v) for v in value) + "]"
    return "{" + ", ".join(f"{k} = {toml(v)}" for k, v in value.items()) + "}"


def paper(tmp_path, cites=CITES, mentions=MENTIONS, **keys):
    folder = tmp_path / "p"
    folder.mkdir(exist_ok=True)
    (folder / "refs.bib").write_text(BIB, "utf-8")
    (folder / "c.json").write_text(json.dumps(cites, indent=1), "utf-8")
    (folder / "m.json").write_text(json.dumps(mentions, indent=1), "utf-8")
    data = {**GOOD, **keys}
    (folder / "paper.toml").write_text("\n".join(f"{k} = {toml(v)}" for k, v in data.items() if v is not None)
                                       + "\n", "utf-8")
    return folder / "paper.toml"


def error(path) -> InputError:
    with pytest.raises(InputError) as info:
        read_facts(str(path))
    return info.value


def test_good_paper_reads(tmp_path):
    doc = read_facts(str(paper(tmp_path)))
    assert [(a.family, a.given) for a in doc.meta.authors] == [("Smith", "Jan")]
    assert doc.meta.year == 2001 and len(doc.references) == 1
    assert [c.ref for c in doc.citations] == [1] and [m.entity for m in doc.mentions] == ["rbv"]


@pytest.mark.parametrize("key, value, says", [
    ("authors", [1, 2], r"'authors\[1\]' must be a string, not a whole number"),
    ("authors", {"a": 1}, "'authors' must be a list of strings, not a table"),
    ("year", "2001", "'year' must be a whole number, not a string"),
    ("year", 10**30, "'year' must be between 1 and 9999"),
    ("citations", 5, "'citations' must be a file name, not a whole number"),
    ("reference_list", "no", "'reference_list' must be true or false"),
    ("type", "journal", "'type' must be one of article, book"),
    ("titel", "T", "unknown key 'titel' .*did you mean 'title'"),
    ("references", "a\x00b.bib", "'references' holds a NUL byte"),
])
def test_wrong_type_names_the_key_and_its_line(tmp_path, key, value, says):
    import re

    path = paper(tmp_path, **{key: value})
    exc = error(path)
    assert re.search(says, exc.message), exc.message
    lines = path.read_text("utf-8").split("\n")
    assert exc.line is not None and lines[exc.line - 1].startswith(key), (exc.line, lines)


def test_a_lone_author_string_is_one_author(tmp_path):
    """Not five one-letter authors."""
    doc = read_facts(str(paper(tmp_path, authors="Smith, Jan")))
    assert [(a.family, a.given) for a in doc.meta.authors] == [("Smith", "Jan")]


def test_an_integer_of_4300_digits(tmp_path):
    path = paper(tmp_path)
    path.write_text(path.read_text("utf-8") + "volume = " + "7" * 4400 + "\n", "utf-8")
    exc = error(path)
    assert "cannot be read" in exc.message and "4300 digits" in exc.message


@pytest.mark.parametrize("name", ["../outside.bib", "/etc/hostname", "sub/../../outside.bib"])
def test_references_outside_the_paper_folder_are_refused(tmp_path, name):
    (tmp_path / "outside.bib").write_text(BIB, "utf-8")
    exc = error(paper(tmp_path, references=name))
    assert "outside the paper's folder" in exc.message and exc.line == 5


def test_a_symlink_leading_out_of_the_folder_is_refused(tmp_path):
    (tmp_path / "outside.bib").write_text(BIB, "utf-8")
    path = paper(tmp_path, references="link.bib")
    (path.parent / "link.bib").symlink_to(tmp_path / "outside.bib")
    assert "outside the paper's folder" in error(path).message


@pytest.mark.parametrize("entry, says", [
    ({"line": 3, "marker": "(Smith, 2001)"}, "entry 2: 'authors' is missing"),
    ({"line": "3", "marker": "m", "authors": "Smith"}, "entry 2: 'line' must be a whole number, not a string"),
    ({"line": 0, "marker": "m", "authors": "Smith"}, "entry 2: 'line' must be between 1"),
    ({"line": 3, "marker": "m", "authors": ["Smith"]}, "entry 2: 'authors' must be a string, not a list"),
    ({"line": 3, "marker": "m", "authors": "S", "ref": "1"}, "entry 2: 'ref' must be a whole number"),
    ("just a string", "entry 2: must be an object, not a string"),
])
def test_citations_json_names_the_entry_and_its_line(tmp_path, entry, says):
    path = paper(tmp_path, cites=CITES + [entry])
    exc = error(path)
    assert exc.path.endswith("c.json") and says in exc.message, exc.message
    # json.dumps(indent=1): the array opens on line 1, the first object on line 2.
    text = (path.parent / "c.json").read_text("utf-8").split("\n")
    assert exc.line is not None and text[exc.line - 1].strip()[:1] in '{"', (exc.line, text)
    assert exc.line > 2


def test_citations_json_not_an_array(tmp_path):
    path = paper(tmp_path)
    (path.parent / "c.json").write_text('{"line": 1}', "utf-8")
    assert "expected a JSON array of objects, not an object" in error(path).message


def test_mentions_json_kind(tmp_path):
    path = paper(tmp_path, mentions=[{"line": 1, "kind": "theroy", "entity": "x", "text": "X"}])
    assert "'kind' must be one of theory, case, not 'theroy' (did you mean 'theory'?)" in error(path).message


def test_a_citation_naming_an_entry_the_list_lacks_is_unlinked_with_a_warning(tmp_path):
    doc = read_facts(str(paper(tmp_path, cites=[dict(CITES[0], ref=7)])))
    assert doc.citations[0].ref is None
    assert any(w.kind == "bad_ref" and "entry 7" in w.message for w in doc.warnings)


@pytest.mark.parametrize("text, says, line", [
    ("theory = 5\n", "'theory' must be a table of [theory.<id>] tables, not a whole number", 1),
    ("[theory.a]\naliases = [1, 2]\n", "'theory.a.aliases[1]' must be a string, not a whole number", 2),
    ("[theory.a]\nlabel = 3\n", "'theory.a.label' must be a string, not a whole number", 2),
    ("[case.c]\nmarkets = {a = 1}\n", "'case.c.markets' must be a list of strings, not a table", 2),
    ("[theory.a]\nfounders = []\n", "unknown key 'founders' in [theory.a] (did you mean 'founded_by'?)", 2),
])
def test_vocabulary_wrong_types(tmp_path, text, says, line):
    path = tmp_path / "vocabulary.toml"
    path.write_text(text, "utf-8")
    with pytest.raises(InputError) as info:
        load_vocabulary(str(path))
    assert says in info.value.message and info.value.line == line, (info.value.message, info.value.line)


def test_wrong_types_sweep_never_crashes(tmp_path):
    """Every key of paper.toml and of the JSON entries, given every wrong kind of
    value: an InputError or a good read, never another exception."""
    wrong = [1, -5, 1.5, True, "x", "", [], [1, 2], {"a": 1}, "a\x00b", "../x", 10**20]
    runs = 0
    for key in list(PAPER.fields) + ["extra"]:
        for value in wrong:
            try:
                read_facts(str(paper(tmp_path, **{key: value})))
            except InputError:
                pass
            runs += 1
    for which, good in (("cites", CITES[0]), ("mentions", MENTIONS[0])):
        for key in list(good) + ["extra"]:
            for value in wrong + [None]:
                try:
                    read_facts(str(paper(tmp_path, **{which: [dict(good, **{key: value})]})))
                except InputError:
                    pass
                runs += 1
    assert runs > 350


def test_schema_basics():
    spec = Table({"n": Int(1, 10), "names": ListOf(Text(nonempty=True))}, required=("n",))
    assert check({"n": 3, "names": "Ann"}, spec) == {"n": 3, "names": ["Ann"]}
    assert check({"n": 3, "names": ["A\x1b]0;x\x07nn"]}, spec) == {"n": 3, "names": ["A]0;xnn"]}
    with pytest.raises(Invalid) as info:
        check({"names": []}, spec)
    assert str(info.value) == "'n' is missing"
    with pytest.raises(Invalid) as info:
        check({"n": True}, spec)
    assert str(info.value) == "'n' must be a whole number, not true/false"


def test_cli_one_line_and_the_rest_built(tmp_path):
    """A bad paper.toml is one line on stderr; the other sources are still built; exit 2."""
    bad = paper(tmp_path, authors=[1, 2])
    good = tmp_path / "list.txt"
    good.write_text("Brandt, T. (2020). Small firms and big markets. Review of Examples, 12(4), 45–67.\n"
                    "Müller, K. (2019). A study of things. Journal of Tests, 3(2), 1–9.\n", "utf-8")
    out = tmp_path / "out"
    proc = run_cli("build", "-s", bad.parent, "-s", good, "-o", out)
    assert proc.returncode == 2, proc.stderr
    assert "Traceback" not in proc.stderr
    assert f"litgraph: error: {bad}:3: 'authors[1]' must be a string" in proc.stderr
    assert (out / "litgraph.json").is_file()
