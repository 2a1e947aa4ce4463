"""Fuzzing: property-based tests (hypothesis) over every reader and the library round trips.

Every format in `readers.registry` is fuzzed, so a new reader module is fuzzed
as soon as it is registered: with mutations of a sample of its own (the
library exporters write one for BibTeX, RIS and CSL-JSON), of every other
format's sample, and with random bytes. The properties:

- a reader returns documents or raises InputError (the command line's exit 2),
  never anything else (which would be exit 3 or a traceback);
- the command line exits 0, 1 or 2, prints no traceback and no control code;
- what a reader reads holds no control characters;
- a BibTeX library accounts for every entry: read + reported lost = written;
- BibTeX, RIS and CSL-JSON exports read back equal (RIS and CSL-JSON once
  their readers are registered; skipped until then, saying so).

By default each property runs a few dozen deterministic examples
(derandomize=True: CI sees the same inputs every run). `pytest -m fuzz` runs
the same properties with LITGRAPH_FUZZ_EXAMPLES (default 1000) random examples
each; bench/fuzz.py measures time against input size.
"""
from __future__ import annotations

import contextlib
import io
import json
import os
import re
import tempfile

import networkx as nx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from litgraph.errors import InputError
from litgraph.readers import read_file
from litgraph.readers.registry import format_names, formats

QUICK = settings(max_examples=25, derandomize=True, deadline=None, database=None,
                 suppress_health_check=list(HealthCheck))
LONG = settings(max_examples=int(os.environ.get("LITGRAPH_FUZZ_EXAMPLES", "1000")), deadline=None,
                suppress_health_check=list(HealthCheck))
FORMATS = format_names()
CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")

# --- samples, invented here -------------------------------------------------------------

BIB = r"""@string{jibs = "Journal of International Business Studies"}
@article{johanson1977,
  author = {Johanson, Jan and Vahlne, Jan-Erik},
  title = {The Internationalization Process of the {Firm}},
  journal = jibs # { (special)}, year = 1977, volume = 8, number = 1, pages = {23--32},
  doi = {10.1057/palgrave.jibs.8490676}
}
@book{who2020, author = {{World Health Organization} and G{\"o}del, Kurt and van der Berg, J.},
  title = {Caf\'e culture \& $\alpha$-tests}, year = {2020}, publisher = {WHO}}
@inproceedings{child, author = {Doe, Jane and others}, title = {A chapter}, crossref = {parent}, pages = {1-2}}
@proceedings{parent, title = {Big Proceedings}, year = {2001}, publisher = {ACM}, editor = {Roe, R.}}
"""
LIST = (
    "Müller, K. (2019). A study of things. Journal of Tests, 3(2), 1–9. https://doi.org/10.1000/jt.3\n"
    "Ølsen, P., & Brandt, T. (2020). Small firms and big markets. Review of Examples, 12(4), 45–67.\n"
    "Zúñiga, R. (2018). Exporting by accident. Lisbon: Fictional Press.\n"
    "[4] Kraus, S., Mensching, H., Calabrò, A., Cheng, C.-F., & Filser, M. (2016a). Family firm "
    "internationalization. Journal of Business Research, 69(11), 5473-5478.\n"
)
PAPER = (
    "# Selling abroad from a small workshop\n\n## Introduction\n\n"
    "Small firms that export learn by doing (Müller, 2019). Ølsen and Brandt (2020) found\n"
    "the same among furniture makers, while others disagree (Zúñiga, 2018; Müller, 2019; Kraus et al., 2016a).\n"
    "The resource-based view (RBV) and the Uppsala model explain it [4].\n\n"
    "## References\n\n" + LIST
)
FACTS = {
    "paper.toml": 'id = "p"\ntitle = "A paper"\nauthors = ["Smith, Jan", "Doe, J."]\nyear = 2001\n'
                  'volume = 3\nreferences = "refs.bib"\ncitations = "c.json"\nmentions = "m.json"\n',
    "refs.bib": BIB,
    "c.json": json.dumps([{"line": 3, "marker": "(Johanson & Vahlne, 1977)", "authors": "Johanson & Vahlne",
                           "year": "1977", "ref": 1, "narrative": False, "section": "Introduction"}], indent=1),
    "m.json": json.dumps([{"line": 4, "kind": "theory", "entity": "rbv", "text": "RBV", "section": None}], indent=1),
}
SAMPLES = {"bibtex": BIB, "list": LIST, "paper": PAPER, "facts": FACTS["paper.toml"]}

# Pieces that have broken parsers before: braces, macros, escapes, controls, BOMs, long runs.
TOKENS = ["{", "}", "{" * 60, "}" * 60, "@article{", "@article{,", "@string{a = a}", "@string{x = y # x}",
          " # ", "\\", "\\'", '\\"{', "$", "%", "~", '"', ",", "=", ", and ", " and others", ",,", "--", "(", ")",
          "[1]", "et al.", "(2019)", "19999", "doi:10.", "https://doi.org/10.", "\nReferences\n", "\t", "\r",
          "\r\n", "\x00", "\x1b]0;title\x07", "\x1b[2J", "\x9b", "\ufeff", "\u202e", "é", "İ", "ß", "\U0001f600",
          "crossref = {x}", "author = {A, B, C, D}", "Weilbach,", "line = 0", "= [1, 2]", "= 5", "= {a = 1}",
          '"\\u0000"', "\n\n\n", " " * 300, "x" * 3000]


@st.composite
def mutated(draw, sample: str) -> str:
    """`sample` with a few insertions, deletions, duplications and swaps."""
    text = sample
    for _ in range(draw(st.integers(0, 6))):
        op = draw(st.sampled_from(("insert", "insert", "delete", "duplicate", "truncate")))
        pos = draw(st.integers(0, len(text)))
        if op == "insert":
            piece = draw(st.one_of(st.sampled_from(TOKENS), st.text(max_size=12)))
            text = text[:pos] + piece + text[pos:]
        elif op == "delete":
            end = draw(st.integers(pos, min(len(text), pos + 80)))
            text = text[:pos] + text[end:]
        elif op == "duplicate":
            end = draw(st.integers(pos, min(len(text), pos + 400)))
            text = text[:end] + text[pos:end] * draw(st.integers(1, 4)) + text[end:]
        else:
            text = text[:pos]
    return text


def encoded(text: str, how: str) -> bytes:
    if how == "utf-16":
        return text.encode("utf-16")
    if how == "cp1252":
        return text.encode("cp1252", "replace")
    return text.encode("utf-8", "surrogatepass")


def inputs():
    """(bytes, name of the sample) for any format: a mutated sample, or random bytes."""
    def from_sample(name):
        return st.tuples(mutated(SAMPLES[name]), st.sampled_from(("utf-8", "utf-8", "utf-16", "cp1252"))).map(
            lambda t: (encoded(*t), name))

    return st.one_of(*[from_sample(n) for n in SAMPLES], st.binary(max_size=2000).map(lambda b: (b, "bytes")))


def _write(folder: str, fmt: str, data: bytes) -> str:
    """The fuzzed file, named as the format expects (a paper.toml beside its files for facts)."""
    if fmt == "facts":
        for name, text in FACTS.items():
            if name != "paper.toml":
                with open(os.path.join(folder, name), "w", encoding="utf-8") as fh:
                    fh.write(text)
        path = os.path.join(folder, "paper.toml")
    else:
        suffixes = formats()[fmt].suffixes
        path = os.path.join(folder, "input" + (suffixes[0] if suffixes else ".txt"))
    with open(path, "wb") as fh:
        fh.write(data)
    return path


def _clean(docs) -> None:
    """What was read holds no control characters (they would reach terminals and XML)."""
    for doc in docs:
        refs = list(doc.references) + ([doc.meta] if doc.meta is not None else [])
        for ref in refs:
            for value in ref.to_json().values():
                text = json.dumps(value, ensure_ascii=False)
                assert not CONTROLS.search(json.loads(json.dumps(text))), (doc.source, value)
        for c in doc.citations:
            assert not CONTROLS.search(c.marker + c.authors), c


def read_property(fmt: str, data: bytes) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = _write(folder, fmt, data)
        for as_format in (fmt, None):
            try:
                docs = read_file(path, as_format=as_format)
            except InputError as exc:
                assert str(exc) and exc.path
                continue
            _clean(docs)


# --- every registered reader ---------------------------------------------------------------

@pytest.mark.parametrize("fmt", FORMATS)
@QUICK
@given(case=inputs())
def test_reader_never_crashes(fmt, case):
    read_property(fmt, case[0])


@pytest.mark.fuzz
@pytest.mark.parametrize("fmt", FORMATS)
@LONG
@given(case=inputs())
def test_reader_never_crashes_long(fmt, case):
    read_property(fmt, case[0])


# --- the command line -----------------------------------------------------------------------

def run_main(*argv) -> tuple[int, str, str]:
    """`litgraph ARGV` in this process: (exit status, stdout, stderr)."""
    from litgraph.cli import main

    out, err = io.StringIO(), io.StringIO()
    code = 0
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            main([str(a) for a in argv])
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else 1
    return code, out.getvalue(), err.getvalue()


def cli_property(command: str, data: bytes, name: str) -> None:
    fmt = name if name in FORMATS else "list"
    with tempfile.TemporaryDirectory() as folder:
        path = _write(folder, fmt, data)
        if command in ("refs", "cites", "check"):
            argv = [command, path, "--format", "json"]
        elif command == "export":
            argv = ["export", "-s", path, "--vocabulary", os.path.join(folder, "none.toml"), "--format", "bibtex",
                    "-o", os.path.join(folder, "out.bib")]
        else:
            argv = ["rank", "-s", path, "--format", "json", "--top", "5"]
        code, out, err = run_main(*argv)
        assert code in (0, 1, 2), (code, err)
        assert "Traceback" not in err and "internal error" not in err, err
        assert not CONTROLS.search(out.replace("\n", "").replace("\t", "")), out[:300]
        assert not CONTROLS.search(err.replace("\n", "").replace("\t", "")), err[:300]
        if out.strip() and "--format" in argv and argv[argv.index("--format") + 1] == "json":
            json.loads(out)  # --format json prints JSON and nothing else
        leftovers = [f for f in os.listdir(folder) if f.startswith(".litgraph-")]
        assert not leftovers


CLI = settings(QUICK, max_examples=8)


@pytest.mark.parametrize("command", ["refs", "cites", "check", "rank", "export"])
@CLI
@given(case=inputs())
def test_command_line_exits_0_1_or_2(command, case):
    cli_property(command, *case)


@pytest.mark.fuzz
@pytest.mark.parametrize("command", ["refs", "cites", "check", "rank", "export"])
@settings(LONG, max_examples=max(50, LONG.max_examples // 5))
@given(case=inputs())
def test_command_line_exits_0_1_or_2_long(command, case):
    cli_property(command, *case)


# --- BibTeX: every entry accounted for ----------------------------------------------------------

_WORD = st.text(alphabet=st.characters(whitelist_categories=("Lu", "Ll"), max_codepoint=0x17f), min_size=1,
                max_size=10)


@st.composite
def bib_library(draw):
    """(text, entries written, titles of the entries that must be read) with some entries broken."""
    n = draw(st.integers(1, 12))
    parts, must = [], []
    for i in range(n):
        key = draw(st.sampled_from((f"k{i}", "", "dup", f"K{i}")))
        title = f"Title {i} " + draw(_WORD)
        author = draw(st.sampled_from(("Smith, J.", "Weilbach,", "A B, C D, E F", "{Org} and Doe, J",
                                       "van der Berg, Jan", "M{\\\"u}ller, K.", "x}", "{unclosed")))
        breakage = draw(st.sampled_from(("none",) * 4 + ("unclosed_value", "unclosed_entry", "deep", "latex")))
        body = f"  author = {{{author}}},\n  title = {{{title}}},\n  year = {2000 + i}"
        if breakage == "deep":
            body = body.replace(f"{{{title}}}", "{" * 200 + title + "}" * 200)
        elif breakage == "latex":
            body = body.replace(f"{{{title}}}", "{" + title + " \\'e\\v{z}~$x$}")
        if breakage == "unclosed_value":
            body = body.replace(f"{{{title}}}", "{" + title + " {never closed}")
        text = f"@article{{{key},\n{body}\n" + ("" if breakage == "unclosed_entry" else "}") + "\n"
        parts.append(text)
        if breakage in ("none", "deep", "latex"):
            must.append(title)
    return "".join(parts), n, must


def accounting_property(case) -> None:
    from litgraph.readers.bibtex import read_bibtex

    text, written, must = case
    try:
        doc = read_bibtex(text, "x.bib", "x")
    except InputError:
        assert not must  # nothing readable at all
        return
    read = len(doc.references)
    lost = [w for w in doc.warnings if w.kind == "unreadable_entry"]
    summary = [w for w in doc.warnings if w.kind == "records_lost"]
    # A broken entry may swallow the next ones into one unreadable block, but every
    # entry start is either read or inside a block reported lost, and the count says so.
    if lost:
        m = re.search(r"read (\d+) of (\d+)", summary[0].message)
        assert int(m.group(1)) == read and int(m.group(2)) == read + len(lost)
        assert all(w.severity == "error" for w in lost + summary)
    else:
        assert read == written and not summary
    titles = [r.title for r in doc.references]
    for t in must:
        if not lost:
            assert any(x and x.startswith(t) for x in titles), (t, titles)
    assert len({r.key.lower() for r in doc.references}) == read  # generated keys are unique


@QUICK
@given(case=bib_library())
def test_bibtex_accounts_for_every_entry(case):
    accounting_property(case)


@pytest.mark.fuzz
@LONG
@given(case=bib_library())
def test_bibtex_accounts_for_every_entry_long(case):
    accounting_property(case)


# --- round trips: export, read back, equal -------------------------------------------------------

# Text as people write it; BibTeX's special characters included, its ligatures
# ("--", "``", "''", "?`", "!`" mean dashes and quotes in BibTeX) left out.
_TEXT_CHARS = st.characters(whitelist_categories=("Lu", "Ll", "Nd", "Zs", "Po", "Ps", "Pe", "Pd", "Sm", "Sc"),
                            blacklist_characters="\u2028\u2029\x85`", max_codepoint=0x2fff)
_TEXT = st.text(alphabet=st.one_of(_TEXT_CHARS, st.sampled_from("{}\\&%$#_~^")), min_size=1, max_size=40).map(
    lambda s: " ".join(s.split())).filter(
    lambda s: s and not re.search(r"--|''|[?!]`|\\\s*$", s) and s.count("{") < 20)
_FAMILY = st.lists(st.text(alphabet=st.characters(whitelist_categories=("Lu", "Ll"), max_codepoint=0x24f),
                           min_size=2, max_size=10).filter(lambda w: w.lower() not in ("and", "others")),
                   min_size=1, max_size=2).map(lambda ws: " ".join(ws[:1] + [w.capitalize() for w in ws[1:]]))
_GIVEN = st.one_of(st.none(), st.sampled_from(("J.", "Jan", "J.-E.", "Anna Maria", "É.", "K. L.")))


@st.composite
def work(draw):
    family = draw(_FAMILY)
    authors = [f"{draw(_FAMILY).capitalize()}, {g}" if (g := draw(_GIVEN)) else draw(_FAMILY).capitalize()
               for _ in range(draw(st.integers(0, 4)))]
    first = family.capitalize()
    return {
        "kind": "work", "label": first, "type": draw(st.sampled_from(("article", "book", "chapter", "report"))),
        "authors": authors, "year": draw(st.integers(1500, 2099)), "title": draw(_TEXT),
        "container": draw(st.one_of(st.none(), _TEXT)),
        "volume": draw(st.one_of(st.none(), st.from_regex(r"[1-9][0-9]{0,3}", fullmatch=True))),
        "issue": draw(st.one_of(st.none(), st.from_regex(r"[1-9][0-9]?", fullmatch=True))),
        "pages": draw(st.one_of(st.none(), st.from_regex(r"[1-9][0-9]{0,3}(–[1-9][0-9]{0,3})?", fullmatch=True))),
        "doi": draw(st.one_of(st.none(), st.from_regex(r"10\.[0-9]{4,5}/[a-z0-9]{1,8}([._;()/-][a-z0-9]{1,6}){0,3}",
                                                       fullmatch=True))),
        "publisher": draw(st.one_of(st.none(), _TEXT)),
    }


EXPORTS = ("bibtex", "ris", "csljson")


def roundtrip_property(fmt: str, works: list[dict]) -> None:
    from litgraph.export import library

    if fmt not in FORMATS:
        pytest.skip(f"no '{fmt}' reader is registered in litgraph.readers.registry yet")
    g = nx.MultiDiGraph()
    for i, w in enumerate(works):
        g.add_node(f"work:w{i}", key=f"w{i}", **{k: v for k, v in w.items() if v is not None})
    text = {"bibtex": library.to_bibtex, "ris": library.to_ris, "csljson": library.to_csljson}[fmt](g)
    with tempfile.TemporaryDirectory() as folder:
        path = os.path.join(folder, "library" + {"bibtex": ".bib", "ris": ".ris", "csljson": ".json"}[fmt])
        with open(path, "w", encoding="utf-8") as fh:
            fh.write(text)
        docs = read_file(path, as_format=fmt)
        assert read_file(path)[0].meta is not None  # detection finds the format too
    metas = [d.meta for d in docs]
    assert len(metas) == len(works), text
    for w, r in zip(works, metas):
        got = {"authors": [a.short() for a in r.authors], "year": r.year, "title": r.title,
               "container": r.container, "volume": r.volume, "issue": r.issue, "pages": r.pages, "doi": r.doi,
               "publisher": r.publisher}
        want = {k: w[k] for k in got}
        assert got == want, text


@pytest.mark.parametrize("fmt", EXPORTS)
@QUICK
@given(works=st.lists(work(), min_size=1, max_size=4))
def test_export_reads_back_equal(fmt, works):
    roundtrip_property(fmt, works)


@pytest.mark.fuzz
@pytest.mark.parametrize("fmt", EXPORTS)
@LONG
@given(works=st.lists(work(), min_size=1, max_size=8))
def test_export_reads_back_equal_long(fmt, works):
    roundtrip_property(fmt, works)
