"""Bad input through the real command line (`python -m litgraph ...`).

The contract (../shared/DESIGN.md, litgraph/cli.py): input litgraph cannot use
gives a one-line message on stderr naming the file (and the line where there is
one), exit status 2 and never a traceback; the rest of the input is still
processed; a reader warning names its line and does not change the exit
status; `--format json` prints JSON and nothing else on stdout; `-o` files are
written whole or not at all; `check` exits 1 on an error-severity finding and
0 otherwise.

Every fixture is invented here and written to tmp_path.
"""
import json
import os
import re
import subprocess
import sys
import time

import pytest

from conftest import ROOT, run_cli

COMMANDS = ("refs", "cites", "check")

# --- fixtures: invented text -------------------------------------------------

REFS = (
    "Müller, K. (2019). A study of things. Journal of Tests, 3(2), 1–9.\n"
    "Ølsen, P., & Brandt, T. (2020). Small firms and big markets. Review of Examples, 12(4), 45–67.\n"
    "Zúñiga, R. (2018). Exporting by accident. Lisbon: Fictional Press.\n"
)
FAMILIES = ["Müller", "Ølsen", "Brandt", "Zúñiga"]

# Lines 1-4 are ASCII; the first accented character is on line 5.
PAPER = (
    "# Selling abroad from a small workshop: an invented case study\n"
    "\n"
    "## Introduction\n"
    "\n"
    "Small firms that export learn by doing (Müller, 2019). Ølsen and Brandt (2020) found\n"
    "the same among furniture makers, while others disagree (Zúñiga, 2018; Müller, 2019).\n"
    "\n"
    "## Method\n"
    "\n"
    "We asked 65 owners (n = 65) in 2021 about the markets they sell to.\n"
    "\n"
    "## References\n"
    "\n" + REFS
)
# (line, authors, year, ref) of PAPER's citations.
PAPER_CITES = [
    (5, "Müller", "2019", 1),
    (5, "Ølsen and Brandt", "2020", 2),
    (6, "Zúñiga", "2018", 3),
    (6, "Müller", "2019", 1),
]
# The same paper citing a work its list lacks, on line 10: an error for `check`.
PAPER_UNLISTED = PAPER.replace("(n = 65) in 2021", "(n = 65) in 2021, as Grünewald (2017) advised")

PROSE_NO_CITATIONS = (
    "# Notes from the market\n"
    "\n"
    "In 2020 the market grew, and by 2022 it had doubled.\n"
    "Figure 2 shows the trend; Table 1 lists the firms (n = 65).\n"
    "Exports rose (61.07%) after the trade pact (RCEP) took effect.\n"
)

# A bare list with one repeated entry (a warning) and nothing worse.
LIST_WITH_DUPLICATE = (
    "Brandt, T. (2020). Small firms and big markets. Review of Examples, 12(4), 45–67.\n"
    "Brandt, T. (2020). Small firms and big markets. Review of Examples, 12(4), 45–67.\n"
    "Müller, K. (2019). A study of things. Journal of Tests, 3(2), 1–9.\n"
    "Zúñiga, R. (2018). Exporting by accident. Lisbon: Fictional Press.\n"
)
# A bare list with a made-up DOI prefix: an error-severity finding.
LIST_WITH_FAKE_DOI = (
    "Brandt, T. (2020). Small firms and big markets. Review of Examples, 12(4), 45–67.\n"
    "Müller, K. (2019). A study of things. Journal of Tests, 3(2), 1–9. https://doi.org/10.1234/jt.2019.003\n"
    "Zúñiga, R. (2018). Exporting by accident. Lisbon: Fictional Press.\n"
)

BIB_GOOD_1 = (
    "@article{mueller2019,\n"
    "  author = {M{\\\"u}ller, Karl},\n"
    "  title = {A study of things},\n"
    "  journal = {Journal of Tests},\n"
    "  year = {2019},\n"
    "  volume = {3},\n"
    "  number = {2},\n"
    "  pages = {1--9}\n"
    "}\n"
)
BIB_GOOD_2 = (
    "@book{zuniga2018,\n"
    "  author = {Z{\\'u}{\\~n}iga, Rosa},\n"
    "  title = {Exporting by accident},\n"
    "  publisher = {Fictional Press},\n"
    "  address = {Lisbon},\n"
    "  year = {2018}\n"
    "}\n"
)
# The middle entry (its '@' on line 11) cannot be read: an unclosed field brace,
# or an entry that never closes.
BIB_BROKEN_FIELD = (
    "@article{brandt2020,\n"
    "  author = {Brandt, Tove},\n"
    "  title = {Small firms and {big markets},\n"
    "  journal = {Review of Examples},\n"
    "  year = {2020}\n"
    "}\n"
)
BIB_BROKEN_ENTRY = (
    "@article{brandt2020,\n"
    "  author = {Brandt, Tove},\n"
    "  title = {Small firms and big markets},\n"
    "  journal = {Review of Examples},\n"
    "  year = {2020}\n"
)
BIB_DUPLICATE = (
    "@article{same2019,\n"
    "  author = {M{\\\"u}ller, Karl},\n"
    "  title = {The first of the two},\n"
    "  journal = {Journal of Tests},\n"
    "  year = {2019},\n"
    "  volume = {3},\n"
    "  pages = {1--9}\n"
    "}\n"
    "\n"
    "@book{zuniga2018,\n"
    "  author = {Z{\\'u}{\\~n}iga, Rosa},\n"
    "  title = {Exporting by accident},\n"
    "  publisher = {Fictional Press},\n"
    "  year = {2018}\n"
    "}\n"
    "\n"
    "@article{same2019,\n"  # line 17
    "  author = {Someone, Else},\n"
    "  title = {The second of the two},\n"
    "  journal = {Journal of Tests},\n"
    "  year = {2021}\n"
    "}\n"
)


def write(folder, name, content):
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, str):
        content = content.encode("utf-8")
    path.write_bytes(content)
    return path


def no_traceback(proc):
    assert "Traceback" not in proc.stderr, proc.stderr
    assert "Traceback" not in proc.stdout


def stderr_lines(proc):
    return [l for l in proc.stderr.splitlines() if l.strip()]


def lines_naming(proc, path, level):
    """stderr lines 'litgraph: LEVEL: PATH...'."""
    return [l for l in stderr_lines(proc) if l.startswith(f"litgraph: {level}: {path}")]


def json_stdout(proc):
    """stdout must be JSON and nothing else."""
    try:
        return json.loads(proc.stdout)
    except json.JSONDecodeError as exc:  # pragma: no cover - the failure message
        pytest.fail(f"stdout is not JSON ({exc}): {proc.stdout[:300]!r}")


def assert_input_error(proc, path, line=None, says=None):
    """Exit 2, exactly one stderr line, naming the file (and line), no traceback."""
    no_traceback(proc)
    assert proc.returncode == 2, (proc.returncode, proc.stderr)
    lines = stderr_lines(proc)
    assert len(lines) == 1, lines
    msg = lines[0]
    where = f"{path}:{line}:" if line else f"{path}:"
    assert msg.startswith(f"litgraph: error: {where}"), msg
    if says:
        assert re.search(says, msg, re.I), msg


def cli_env():
    """The environment run_cli gives the command."""
    env = dict(os.environ, PYTHONIOENCODING="utf-8")
    env.pop("LITGRAPH_DEBUG", None)
    return env


def run_cli_timed(*args, timeout, cwd=None, preexec_fn=None):
    """run_cli with a time limit (a hang fails the test instead of the suite)."""
    try:
        return subprocess.run([sys.executable, "-m", "litgraph", *map(str, args)], capture_output=True,
                              text=True, cwd=cwd or ROOT, env=cli_env(), timeout=timeout, preexec_fn=preexec_fn)
    except subprocess.TimeoutExpired:
        pytest.fail(f"`litgraph {' '.join(map(str, args))}` did not finish within {timeout} s")


# --- files that cannot be read: exit 2, one line, the rest not needed ----------

PDF_BYTES = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n"
# name, bytes, line the message must name (or None), what the message must say.
UNREADABLE = {
    "empty": ("empty.txt", b"", None, r"empty"),
    "empty_bib": ("empty.bib", b"", None, r"empty"),
    "whitespace": ("blank.txt", b"   \n\t\n  \t  \n\n", None, r"empty"),
    "whitespace_crlf": ("blank.txt", b"\r\n   \r\n\t\r\n", None, r"empty"),
    # What Windows Notepad saves for a file of blank lines: a BOM, then CRLFs.
    "whitespace_after_bom": ("blank.txt", b"\xef\xbb\xbf\r\n  \r\n\r\n", None, r"empty"),
    # No-break spaces only: whitespace, though not ASCII whitespace.
    "whitespace_nbsp": ("blank.txt", "\u00a0\n \u00a0 \n".encode("utf-8"), None, r"empty"),
    "binary_nul": ("data.txt", b"\x7fELF\x02\x01\x01\x00\x00\x00" + bytes(range(256)) * 4, 1, r"binary"),
    "binary_nul_line_3": ("data.txt", b"some notes\nmore notes\n\x00\x00\x01\x02\x03", 3, r"binary"),
    "binary_bib": ("library.bib", b"\x00\x01\x02\x03@article{x,}" * 10, 1, r"binary"),
    "pdf": ("paper.pdf", PDF_BYTES, None, r"PDF"),
    "pdf_named_txt": ("paper.txt", PDF_BYTES, None, r"PDF"),
    "bib_no_entries": ("notes.bib", b"Papers I mean to read one day.\nNone of this is BibTeX.\n", None, r"no .*entr"),
    "bib_comments_only": ("notes.bib", b"% written by hand\n@comment{nothing to see here}\n", 2, r"no .*entr"),
    # A UTF-16 file cut short (an odd number of bytes after the BOM).
    "utf16_truncated": ("notes.txt", b"\xfe\xff\x00S\x00m\x00i\x00t\x00h\x00", None, None),
}


@pytest.mark.parametrize("command", COMMANDS)
@pytest.mark.parametrize("case", list(UNREADABLE))
def test_unreadable_file_is_one_line_exit_2(tmp_path, command, case):
    name, data, line, says = UNREADABLE[case]
    path = write(tmp_path, name, data)
    proc = run_cli(command, path, "--format", "json")
    assert_input_error(proc, path, line, says)
    assert json_stdout(proc) == []


@pytest.mark.parametrize("command", COMMANDS)
def test_missing_path(tmp_path, command):
    path = tmp_path / "no-such-file.txt"
    proc = run_cli(command, path, "--format", "json")
    assert_input_error(proc, path, None, r"no such")
    assert json_stdout(proc) == []
    assert not path.exists()


def test_folder_given_to_refs(tmp_path):
    folder = tmp_path / "papers"
    folder.mkdir()
    write(folder, "inside.txt", REFS)
    proc = run_cli("refs", folder, "--format", "json")
    assert_input_error(proc, folder, None, r"folder")
    assert json_stdout(proc) == []


@pytest.mark.parametrize("command", COMMANDS)
def test_unreadable_file_in_text_mode(tmp_path, command):
    """The human output says the same: one line, exit 2, no traceback."""
    path = write(tmp_path, "empty.txt", b"")
    proc = run_cli(command, path)
    assert_input_error(proc, path, None, r"empty")


# --- the rest of the input is still processed ---------------------------------

def test_refs_reads_the_good_files_around_bad_ones(tmp_path):
    good = write(tmp_path, "good.txt", REFS)
    missing = tmp_path / "missing.txt"
    empty = write(tmp_path, "empty.txt", b"")
    folder = tmp_path / "folder"
    folder.mkdir()
    pdf = write(tmp_path, "scan.pdf", PDF_BYTES)
    proc = run_cli("refs", good, missing, empty, folder, pdf, "--format", "json")
    no_traceback(proc)
    assert proc.returncode == 2
    refs = json_stdout(proc)
    assert [r["source"] for r in refs] == [str(good)] * 3
    assert [a["family"] for r in refs for a in r["authors"]] == FAMILIES
    for bad in (missing, empty, folder, pdf):
        assert len(lines_naming(proc, bad, "error")) == 1, (bad, proc.stderr)
    assert len(stderr_lines(proc)) == 4


def test_cites_reads_the_good_file_after_a_bad_one(tmp_path):
    missing = tmp_path / "missing.txt"
    good = write(tmp_path, "paper.txt", PAPER)
    proc = run_cli("cites", missing, good, "--format", "json")
    no_traceback(proc)
    assert proc.returncode == 2
    assert len(lines_naming(proc, missing, "error")) == 1
    cites = json_stdout(proc)
    assert [(c["line"], c["authors"], c["year"], c["ref"]) for c in cites] == PAPER_CITES
    assert {c["source"] for c in cites} == {str(good)}


def test_check_bad_input_wins_over_findings(tmp_path):
    """An error finding alone gives 1; with an unreadable file as well, 2."""
    good = write(tmp_path, "paper.txt", PAPER_UNLISTED)
    empty = write(tmp_path, "empty.txt", b"")
    proc = run_cli("check", good, empty, "--format", "json")
    no_traceback(proc)
    assert proc.returncode == 2
    assert len(lines_naming(proc, empty, "error")) == 1
    findings = json_stdout(proc)
    assert [(f["line"], f["kind"], f["severity"]) for f in findings] == [(10, "cited_not_listed", "error")]
    assert "Grünewald" in findings[0]["message"]


# --- encodings and newlines ----------------------------------------------------

def latin1(text: str) -> bytes:
    return text.replace("–", "-").encode("latin-1")


@pytest.mark.parametrize("command,expected_exit", [("refs", 0), ("cites", 0), ("check", 1)])
def test_latin1_paper_is_read_with_a_warning(tmp_path, command, expected_exit):
    path = write(tmp_path, "paper.txt", latin1(PAPER_UNLISTED))
    proc = run_cli(command, path, "--format", "json")
    no_traceback(proc)
    assert proc.returncode == expected_exit, proc.stderr
    warnings = lines_naming(proc, path, "warning")
    assert any(l.startswith(f"litgraph: warning: {path}:5:") and "UTF-8" in l for l in warnings), proc.stderr
    assert not lines_naming(proc, path, "error")
    out = json_stdout(proc)
    if command == "refs":
        assert [a["family"] for r in out for a in r["authors"]] == FAMILIES
        assert out[0]["raw"] == "Müller, K. (2019). A study of things. Journal of Tests, 3(2), 1-9."
    elif command == "cites":
        assert [(c["line"], c["authors"], c["year"], c["ref"]) for c in out] == PAPER_CITES + [
            (10, "Grünewald", "2017", None)]
    else:
        assert [(f["line"], f["kind"]) for f in out] == [(10, "cited_not_listed")]
        assert "Grünewald (2017)" in out[0]["message"]


def test_latin1_list_and_bibtex(tmp_path):
    lst = write(tmp_path, "list.txt", b"Brandt, T. (2020). Small firms and big markets. Review of Examples, 12(4), 45-67.\n"
                + latin1(REFS))
    bib = write(tmp_path, "library.bib", latin1(BIB_GOOD_2 + "\n@article{mueller2019,\n  author = {Müller, Karl},\n"
                                                  "  title = {A study of things},\n  year = {2019}\n}\n"))
    proc = run_cli("refs", lst, bib, "--format", "json")
    no_traceback(proc)
    assert proc.returncode == 0, proc.stderr
    assert any(l.startswith(f"litgraph: warning: {lst}:2:") for l in stderr_lines(proc)), proc.stderr
    assert any(l.startswith(f"litgraph: warning: {bib}:10:") for l in stderr_lines(proc)), proc.stderr
    refs = json_stdout(proc)
    assert [a["family"] for r in refs for a in r["authors"]] == ["Brandt"] + FAMILIES + ["Zúñiga", "Müller"]


WINDOWS_CASES = {
    "paper": ("paper.txt", PAPER_UNLISTED),
    "list": ("list.txt", REFS),
    "bibtex": ("library.bib", BIB_GOOD_1 + "\n" + BIB_BROKEN_FIELD + "\n" + BIB_GOOD_2),
}


@pytest.mark.parametrize("command", COMMANDS)
@pytest.mark.parametrize("kind", list(WINDOWS_CASES))
def test_utf8_bom_and_crlf_parse_like_plain(tmp_path, command, kind):
    name, text = WINDOWS_CASES[kind]
    plain = write(tmp_path / "plain", name, text)
    windows = write(tmp_path / "windows", name, b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode("utf-8"))
    a = run_cli(command, plain, "--format", "json")
    b = run_cli(command, windows, "--format", "json")
    no_traceback(b)
    assert b.returncode == a.returncode
    assert b.stdout.replace(str(windows), str(plain)) == a.stdout
    assert b.stderr.replace(str(windows), str(plain)) == a.stderr
    assert "\r" not in b.stdout and "\ufeff" not in b.stdout
    if command == "refs" or kind == "paper":
        assert json_stdout(a)  # the plain version is not trivially empty


# --- BibTeX: warnings with lines, the rest read -----------------------------------

@pytest.mark.parametrize("broken", [BIB_BROKEN_FIELD, BIB_BROKEN_ENTRY], ids=["unclosed_field", "unclosed_entry"])
@pytest.mark.parametrize("command", COMMANDS)
def test_bibtex_unclosed_brace_skips_one_entry(tmp_path, command, broken):
    """An entry that does not parse is lost input: an error naming its line, a count
    of what was read, exit 2 (so a script sees it), and the rest still read."""
    path = write(tmp_path, "library.bib", BIB_GOOD_1 + "\n" + broken + "\n" + BIB_GOOD_2)
    proc = run_cli(command, path, "--format", "json")
    no_traceback(proc)
    assert proc.returncode == 2, proc.stderr
    skipped = [l for l in lines_naming(proc, path, "error") if re.match(rf"litgraph: error: {re.escape(str(path))}:\d+:", l)]
    assert len(skipped) == 1, proc.stderr
    assert skipped[0].startswith(f"litgraph: error: {path}:11:")
    assert any("read 2 of 3 entries" in l for l in lines_naming(proc, path, "error")), proc.stderr
    out = json_stdout(proc)
    if command == "refs":
        assert [r["raw"] for r in out] == ["mueller2019", "zuniga2018"]
        assert [r["authors"] for r in out] == [[{"family": "Müller", "given": "Karl"}],
                                               [{"family": "Zúñiga", "given": "Rosa"}]]
        assert out[1]["index"] == 2
    else:
        assert out == []


@pytest.mark.parametrize("command", COMMANDS)
def test_bibtex_duplicate_key_keeps_both(tmp_path, command):
    """A reused key (Mendeley reuses keys for different works) keeps the second entry
    under a generated key, with a warning naming its line; nothing is lost: exit 0
    (2 with --strict)."""
    path = write(tmp_path, "library.bib", BIB_DUPLICATE)
    proc = run_cli(command, path, "--format", "json")
    no_traceback(proc)
    assert proc.returncode == 0, proc.stderr
    dup = [l for l in lines_naming(proc, path, "warning") if "same2019" in l]
    assert len(dup) == 1, proc.stderr
    assert dup[0].startswith(f"litgraph: warning: {path}:17:") and "same2019-2" in dup[0]
    out = json_stdout(proc)
    if command == "refs":
        assert [(r["raw"], r["title"], r["year"]) for r in out] == [
            ("same2019", "The first of the two", 2019), ("zuniga2018", "Exporting by accident", 2018),
            ("same2019-2", "The second of the two", 2021)]
    strict = run_cli(command, "--strict", path, "--format", "json")
    assert strict.returncode == 2 and json_stdout(strict) == out, strict.stderr


# --- no citations; a list without text --------------------------------------------

def test_cites_on_text_without_citations(tmp_path):
    path = write(tmp_path, "notes.txt", PROSE_NO_CITATIONS)
    proc = run_cli("cites", path, "--format", "json")
    no_traceback(proc)
    assert proc.returncode == 0
    assert proc.stdout.strip() == "[]"
    assert json_stdout(proc) == []
    assert len(lines_naming(proc, path, "warning")) == 1, proc.stderr
    text = run_cli("cites", path)
    assert text.returncode == 0
    assert len(lines_naming(text, path, "warning")) == 1


@pytest.mark.parametrize("heading", ["", "References\n\n", "## References\n\n"], ids=["bare", "heading", "md_heading"])
def test_check_on_a_list_without_text(tmp_path, heading):
    """The list checks run; the user is told which text checks were skipped."""
    path = write(tmp_path, "list.txt", heading + LIST_WITH_DUPLICATE)
    offset = heading.count("\n")
    proc = run_cli("check", path, "--format", "json")
    no_traceback(proc)
    assert proc.returncode == 0, proc.stderr  # a warning is not an error
    findings = json_stdout(proc)
    assert [(f["line"], f["kind"], f["severity"]) for f in findings] == [(2 + offset, "duplicate_entry", "warning")]
    notes = [l for l in stderr_lines(proc) if str(path) in l and "skipped" in l]
    assert len(notes) == 1, proc.stderr
    assert "cited_not_listed" in notes[0] and "listed_not_cited" in notes[0]
    text = run_cli("check", path)
    assert text.returncode == 0
    assert "duplicate_entry" in text.stdout
    assert re.search(r"skipped.*cited_not_listed", text.stdout), text.stdout


# --- exit codes of check -------------------------------------------------------------

@pytest.mark.parametrize("name,text,expected", [
    ("paper.txt", PAPER, 0),
    ("paper.txt", PAPER_UNLISTED, 1),
    ("list.txt", LIST_WITH_DUPLICATE, 0),
    ("list.txt", LIST_WITH_FAKE_DOI, 1),
], ids=["clean_paper", "paper_cites_unlisted", "list_warning_only", "list_fake_doi"])
@pytest.mark.parametrize("fmt", ["text", "json"])
def test_check_exit_status(tmp_path, name, text, expected, fmt):
    path = write(tmp_path, name, text)
    proc = run_cli("check", path, "--format", fmt)
    no_traceback(proc)
    assert proc.returncode == expected, proc.stdout + proc.stderr
    if fmt == "json":
        findings = json_stdout(proc)
        assert any(f["severity"] == "error" for f in findings) == (expected == 1)


@pytest.mark.parametrize("command", COMMANDS)
def test_json_stdout_is_only_json_despite_warnings(tmp_path, command):
    """Warnings and notes go to stderr; stdout parses as one JSON array."""
    paper = write(tmp_path, "paper.txt", latin1(PAPER))
    bib = write(tmp_path, "library.bib", BIB_DUPLICATE)
    notes = write(tmp_path, "notes.txt", PROSE_NO_CITATIONS)
    proc = run_cli(command, paper, bib, notes, "--format", "json")
    no_traceback(proc)
    assert proc.returncode == 0
    assert lines_naming(proc, paper, "warning") and lines_naming(proc, bib, "warning")
    out = json_stdout(proc)
    assert isinstance(out, list)
    assert "litgraph:" not in proc.stdout
    assert proc.stdout.endswith("\n") and proc.stdout.lstrip().startswith("[")


# --- output files: whole or not at all ----------------------------------------------

INPUTS_FOR = {"refs": ("list.txt", REFS), "cites": ("paper.txt", PAPER), "check": ("paper.txt", PAPER_UNLISTED)}


@pytest.mark.parametrize("command", COMMANDS)
def test_output_in_missing_folder(tmp_path, command):
    name, text = INPUTS_FOR[command]
    src = write(tmp_path, name, text)
    out = tmp_path / "no-such-folder" / "out.json"
    proc = run_cli(command, src, "--format", "json", "-o", out)
    no_traceback(proc)
    assert proc.returncode == 2
    errors = [l for l in stderr_lines(proc) if l.startswith("litgraph: error:")]
    assert len(errors) == 1, proc.stderr
    assert str(out) in errors[0] and re.search(r"folder|director", errors[0], re.I), errors[0]
    assert proc.stdout == ""
    assert not out.parent.exists()


@pytest.mark.parametrize("command", COMMANDS)
def test_output_to_a_folder(tmp_path, command):
    name, text = INPUTS_FOR[command]
    src = write(tmp_path, name, text)
    target = tmp_path / "results"
    target.mkdir()
    proc = run_cli(command, src, "--format", "json", "-o", target)
    no_traceback(proc)
    assert proc.returncode == 2
    assert len(lines_naming(proc, target, "error")) == 1, proc.stderr
    assert list(target.iterdir()) == []


@pytest.mark.parametrize("fmt", ["json", "text"])
@pytest.mark.parametrize("command", COMMANDS)
def test_output_file_is_what_stdout_would_be(tmp_path, command, fmt):
    name, text = INPUTS_FOR[command]
    src = write(tmp_path, name, text)
    outdir = tmp_path / "out"
    outdir.mkdir()
    out = outdir / "result.txt"
    out.write_text("old content that must disappear entirely\n" * 50, "utf-8")
    printed = run_cli(command, src, "--format", fmt)
    written = run_cli(command, src, "--format", fmt, "-o", out)
    no_traceback(written)
    assert written.returncode == printed.returncode
    assert written.stdout == ""
    assert out.read_text("utf-8") == printed.stdout
    assert [p.name for p in outdir.iterdir()] == ["result.txt"]  # no temporary file left


def test_output_file_with_a_bad_input_alongside(tmp_path):
    good = write(tmp_path, "list.txt", REFS)
    out = tmp_path / "refs.json"
    proc = run_cli("refs", good, tmp_path / "missing.txt", "--format", "json", "-o", out)
    no_traceback(proc)
    assert proc.returncode == 2
    refs = json.loads(out.read_text("utf-8"))
    assert [a["family"] for r in refs for a in r["authors"]] == FAMILIES


@pytest.mark.skipif(sys.platform != "linux", reason="uses RLIMIT_FSIZE to make the write fail")
@pytest.mark.parametrize("command", COMMANDS)
def test_output_write_failing_midway_leaves_no_partial_file(tmp_path, command):
    """A write that fails after some bytes (file size limit: EFBIG, like a full
    disk) must leave the old file as it was and no temporary file behind."""
    import resource
    import signal

    def limit():
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (200, 200))

    name, text = INPUTS_FOR[command]
    src = write(tmp_path, name, text)
    outdir = tmp_path / "out"
    outdir.mkdir()
    out = outdir / "result.json"
    out.write_text("[]\n", "utf-8")
    full = run_cli(command, src, "--format", "json")
    assert len(full.stdout.encode("utf-8")) > 200  # the limit does cut the write short
    proc = run_cli_timed(command, src, "--format", "json", "-o", out, timeout=60, preexec_fn=limit)
    no_traceback(proc)
    assert proc.returncode == 2
    assert len(lines_naming(proc, out, "error")) == 1, proc.stderr
    assert out.read_text("utf-8") == "[]\n"
    assert [p.name for p in outdir.iterdir()] == ["result.json"]


# --- size: a very long line, a 5 MB text ---------------------------------------------

def _long_line_prose(length=200_000):
    unit = ("Small firms that sell abroad learn from each order they fill, and the owners we met said so "
            "again and again; the lesson of Müller (2019) is that such learning is slow, and others agree "
            "(Zúñiga, 2018; Ølsen & Brandt, 2020). " +
            "They also said that buyers abroad want samples, patience and a fair price before anything else. " * 7)
    return (unit * (length // len(unit) + 1))[:length]


LONG_LINES = {
    "prose_with_citations": lambda: _long_line_prose(),
    "one_unbroken_token": lambda: ("QmFzZTY0IGRhdGEgcGFzdGVkIGJ5IG1pc3Rha2U" * 6000)[:200_000],
}


@pytest.mark.parametrize("command", COMMANDS)
@pytest.mark.parametrize("kind", list(LONG_LINES))
def test_very_long_line(tmp_path, command, kind):
    line = LONG_LINES[kind]()
    assert len(line) == 200_000
    path = write(tmp_path, "paper.txt", "# A paper on one line\n\n" + line + "\n\n## References\n\n" + REFS)
    proc = run_cli_timed(command, path, "--format", "json", timeout=60)
    no_traceback(proc)
    assert proc.returncode in (0, 2), proc.stderr
    out = json_stdout(proc)
    if command == "refs":
        assert [a["family"] for r in out for a in r["authors"]] == FAMILIES


BIG_SIZE = 5_000_000
# A hang guard, not a speed test (speed is measured in bench/): a quadratic pass over 5 MB
# takes hours, while a loaded CI machine may stretch the few CPU seconds these need tenfold.
BIG_DEADLINE = 600  # wall seconds for all three commands, run side by side


def _big_text():
    import random

    rnd = random.Random(5)
    towns = ["Batu", "Malang", "Kediri", "Blitar", "Jember", "Pasuruan"]
    templates = [
        "Owners of small workshops in {town} told us that buyers abroad want samples first (Müller, 2019). "
        "As Ølsen and Brandt (2020) note, the first order is the hardest, and later orders come faster "
        "(Zúñiga, 2018; Müller, 2019).",
        "The view of Zúñiga (2018) is that exporting often begins by accident; in {year} several firms in "
        "{town} began that way, which matches earlier work (Ølsen & Brandt, 2020).",
        "Figure 2 shows the share of exports by year and Table 1 lists the firms of {town} (n = 65). "
        "Prices rose (12.5%) over the period, and the trade pact (RCEP) helped.",
        "Müller (2019) and Ølsen and Brandt (2020) both stress patience with buyers abroad.",
    ]
    parts = ["# A very large invented report on small exporters", ""]
    size = 0
    k = 0
    while size < BIG_SIZE:
        if k % 200 == 0:
            parts += [f"## Part {k // 200 + 1}", ""]
        para = " ".join(rnd.choice(templates).format(town=rnd.choice(towns), year=rnd.randint(2015, 2023))
                        for _ in range(3))
        parts += [para, ""]
        size += len(para.encode("utf-8")) + 1
        k += 1
    parts += ["## References", "", REFS]
    return "\n".join(parts)


@pytest.fixture(scope="module")
def big_runs(tmp_path_factory):
    """Start refs, cites and check on a 5 MB paper at once; tests wait for each."""
    folder = tmp_path_factory.mktemp("big")
    path = folder / "big.txt"
    path.write_text(_big_text(), "utf-8")
    assert path.stat().st_size >= BIG_SIZE
    runs = {}
    for command in COMMANDS:
        out = open(folder / f"{command}.out", "w+", encoding="utf-8")
        err = open(folder / f"{command}.err", "w+", encoding="utf-8")
        proc = subprocess.Popen([sys.executable, "-m", "litgraph", command, str(path), "--format", "json"],
                                stdout=out, stderr=err, cwd=ROOT, env=cli_env())
        runs[command] = (proc, out, err)
    deadline = time.monotonic() + BIG_DEADLINE
    yield runs, deadline
    for proc, out, err in runs.values():
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        out.close()
        err.close()


@pytest.mark.parametrize("command", COMMANDS)
def test_five_megabyte_text(big_runs, command):
    runs, deadline = big_runs
    proc, out, err = runs[command]
    try:
        proc.wait(timeout=max(0.1, deadline - time.monotonic()))
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()
        pytest.fail(f"`litgraph {command}` on a 5 MB text did not finish within {BIG_DEADLINE} s")
    out.seek(0)
    err.seek(0)
    stdout, stderr = out.read(), err.read()
    assert "Traceback" not in stderr
    assert proc.returncode in (0, 2), stderr
    assert isinstance(json.loads(stdout), list)


# --- issue 9: one bad source never stops the corpus -------------------------------

def test_a_missing_source_and_a_bad_vocabulary_do_not_stop_the_build(tmp_path):
    good = write(tmp_path, "list.txt", REFS)
    vocab = write(tmp_path, "vocab.toml", "theory = 5\n")
    out = tmp_path / "out"
    proc = run_cli("build", "-s", tmp_path / "missing", "-s", good, "--vocabulary", vocab, "-o", out)
    no_traceback(proc)
    assert proc.returncode == 2
    assert f"litgraph: error: {tmp_path / 'missing'}: no such file or folder" in proc.stderr
    assert f"litgraph: error: {vocab}:1: 'theory' must be a table" in proc.stderr
    graph = json.loads((out / "litgraph.json").read_text("utf-8"))
    assert sum(1 for n in graph["nodes"] if n["kind"] == "work") == 3


def test_a_reader_failing_unforeseen_costs_its_file_only(tmp_path):
    """A reader raising something no one foresaw: that file is told (exit 2), the rest read."""
    good = write(tmp_path, "list.txt", REFS)
    bad = write(tmp_path, "library.bib", BIB_GOOD_1)
    code = ("import sys, litgraph.readers.bibtex as b\n"
            "def boom(*a, **k): raise ZeroDivisionError('planted')\n"
            "b.read_bibtex = boom\n"
            "from litgraph.cli import main\n"
            f"sys.argv = ['litgraph', 'refs', {str(bad)!r}, {str(good)!r}, '--format', 'json']\n"
            "main()\n")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, env=cli_env())
    no_traceback(proc)
    assert proc.returncode == 2
    assert f"litgraph: error: {bad}: cannot be read: internal error ZeroDivisionError: planted" in proc.stderr
    assert [a["family"] for r in json_stdout(proc) for a in r["authors"]] == FAMILIES


# --- issue 9: BibTeX keeps what Mendeley and hand-written files hold ----------------

MENDELEY = (
    "@article{,\n"
    "author = {Weilbach, and Brandt, Tove},\n"
    "title = {An entry without a key},\n"
    "year = {2001}\n"
    "}\n"
    "@article{,\n"
    "author = {Ryszard Michalski, Jaime Carbonell, and Tom Mitchell},\n"
    "title = {Another entry without a key},\n"
    "year = {1983}\n"
    "}\n"
    "@string{a = b}\n"
    "@string{b = a # {x}}\n"
    "@article{loop, title = a, year = 2002, crossref = {back}}\n"
    "@article{back, title = {Back}, year = 2003, crossref = {loop}}\n"
)


def test_bibtex_empty_keys_bad_names_and_loops_keep_every_entry(tmp_path):
    from litgraph.readers.bibtex import read_bibtex

    doc = read_bibtex(MENDELEY, "m.bib", "m")
    refs = doc.references
    assert [r.key for r in refs] == ["weilbach2001", "michalski1983", "loop", "back"]
    assert [(a.family, a.given) for a in refs[0].authors] == [("Weilbach", None), ("Brandt", "Tove")]
    assert [(a.family, a.given) for a in refs[1].authors] == [
        ("Michalski", "Ryszard"), ("Carbonell", "Jaime"), ("Mitchell", "Tom")]
    kinds = sorted(w.kind for w in doc.warnings)
    assert kinds == ["bad_name", "bad_name", "circular_crossref", "circular_crossref", "empty_key", "empty_key",
                     "string_loop"], [(w.kind, w.message) for w in doc.warnings]
    assert all(w.severity == "warning" for w in doc.warnings)
    assert refs[2].title == "x"  # a -> b -> a: the loop is read as empty, the rest kept
    path = write(tmp_path, "m.bib", MENDELEY)
    proc = run_cli("refs", path, "--format", "json")
    no_traceback(proc)
    assert proc.returncode == 0 and len(json_stdout(proc)) == 4


def test_bibtex_mendeley_like_export_loses_nothing(tmp_path):
    """512 entries, every ninth without a key and every seventh reusing one: 512 read."""
    entries = []
    for i in range(512):
        key = "" if i % 9 == 0 else (f"smith{2000 + i % 5}" if i % 7 == 0 else f"k{i}")
        entries.append(f"@article{{{key},\n author = {{Smith{i}, J.}},\n title = {{Work {i}}},\n year = {{{2000 + i % 20}}}\n}}\n")
    path = write(tmp_path, "library.bib", "".join(entries))
    proc = run_cli("refs", path, "--format", "json")
    no_traceback(proc)
    assert proc.returncode == 0
    out = json_stdout(proc)
    assert [r["title"] for r in out] == [f"Work {i}" for i in range(512)]
    assert len({r["raw"] for r in out}) == 512


def test_bibtex_latex_is_linear_and_deep_nesting_is_no_crash(tmp_path):
    """A 400,000-character field and 20,000 nested braces are read (in well under the
    seconds pylatexenc took; the time is measured in bench/fuzz.py, not asserted)."""
    from litgraph.readers.bibtex import read_bibtex

    big = "x\\'e " * 80_000
    deep = "{" * 20_000 + "D{\\\"o}bereiner" + "}" * 20_000
    text = f"@article{{big, title = {{{big}}}, year = 2001}}\n@article{{deep, title = {{{deep}}}, year = 2002}}\n"
    refs = read_bibtex(text, "x.bib", "x").references
    assert refs[0].title.startswith("xé xé") and len(refs[0].title) == len("xé " * 80_000) - 1
    assert refs[1].title == "Döbereiner"


@pytest.mark.parametrize("value, text", [
    ("plain words, no LaTeX at all", "plain words, no LaTeX at all"),
    ("G{\\\"o}del \\'{\\i} \\v{z} \\ss{} \\o\\ x", "Gödel í ž ß ø x"),
    ("R\\&D and 50\\% -- up", "R&D and 50% – up"),
    ("\\emph{Small} firms~abroad", "Small firms abroad"),
    ("A\\~{} tilde", "A~ tilde"),
    ("$\\alpha$-tests", "α-tests"),
])
def test_latex_decoding(value, text):
    from litgraph.latex import decode

    assert " ".join(decode(value).split()) == text


# --- issue 9: no control codes from input on the terminal --------------------------

def test_escape_sequences_in_input_never_reach_the_terminal(tmp_path):
    evil = ("Evil, A. (2019). A title \x1b]0;pwned\x07 with \x1b[31mred\x1b[0m and \x9b2J in it. "
            "Journal of Tests, 3(2), 1–9.\n" + REFS)
    path = write(tmp_path, "list\x1b[2Jname.txt", evil)
    for fmt in ("text", "json"):
        proc = run_cli("refs", path, "--format", fmt)
        no_traceback(proc)
        for stream in (proc.stdout, proc.stderr):
            assert not re.search(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]", stream), repr(stream[:400])
        if fmt == "json":
            assert json_stdout(proc)[0]["title"] == "A title ]0;pwned with [31mred[0m and 2J in it"


def test_json_written_to_a_file_holds_no_control_codes(tmp_path):
    # refs' JSON goes to its file without the terminal filter (dumps escapes every control
    # character itself); short and long outputs take different paths in dumps.
    evil = ("Evil, A. (2019). A title \x1b]0;pwned\x07 with \x7f and \x85 and \x9b2J in it. "
            "Journal of Tests, 3(2), 1–9.\n")
    for copies in (1, 400):
        path = write(tmp_path, f"list{copies}.txt", (evil + REFS) * copies)
        out = tmp_path / f"out{copies}.json"
        proc = run_cli("refs", path, "--format", "json", "-o", str(out))
        no_traceback(proc)
        text = out.read_text(encoding="utf-8")
        assert copies == 1 or len(text) > 100_000
        assert not re.search(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]", text), repr(text[:400])
        assert json.loads(text)[0]["title"].startswith("A title ")


def test_dumps_escapes_what_emit_then_writes_unfiltered(tmp_path):
    # emit(escaped=True) trusts dumps: every control character must be escaped there, on the
    # short path and on the long one (over 100,000 characters: checked by bytes first).
    from litgraph.cli import dumps, emit

    for pad in (0, 200_000):
        out = tmp_path / f"d{pad}.json"
        emit(dumps([{"t": "x" * pad}, {"t": "a\x1b[2J\x07\x7f\x85\x9b b"}]), str(out), escaped=True)
        text = out.read_text(encoding="utf-8")
        assert not re.search(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]", text), repr(text[-200:])
        assert json.loads(text)[1]["t"] == "a\x1b[2J\x07\x7f\x85\x9b b"


def test_terminal_safe_keeps_colour_only_when_asked():
    from litgraph.output import terminal_safe

    assert terminal_safe("a\x1b[31mb\x1b[0m\x1b]0;t\x07c\rd\te\n") == "ab]0;tcd\te\n"
    assert terminal_safe("a\x1b[31mb\x1b[0m\x07", keep_colour=True) == "a\x1b[31mb\x1b[0m"


# --- issue 9: writing files -------------------------------------------------------------

def test_output_through_a_symlink_keeps_the_link_and_the_mode(tmp_path):
    src = write(tmp_path, "list.txt", REFS)
    target = write(tmp_path, "real.json", "old\n")
    os.chmod(target, 0o640)
    link = tmp_path / "link.json"
    link.symlink_to(target.name)
    proc = run_cli("refs", src, "--format", "json", "-o", link)
    no_traceback(proc)
    assert proc.returncode == 0, proc.stderr
    assert link.is_symlink() and os.readlink(link) == "real.json"
    assert json.loads(target.read_text("utf-8"))[0]["authors"][0]["family"] == "Müller"
    assert (os.stat(target).st_mode & 0o777) == 0o640
    assert sorted(p.name for p in tmp_path.iterdir()) == ["link.json", "list.txt", "real.json"]


@pytest.mark.skipif(not os.path.exists("/dev/null"), reason="needs /dev/null")
def test_output_to_a_device_or_fifo_is_refused(tmp_path):
    src = write(tmp_path, "list.txt", REFS)
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    for target, kind in (("/dev/null", "a device"), (fifo, "a FIFO")):
        proc = run_cli_timed("refs", src, "-o", target, timeout=60)
        assert_input_error(proc, target, says=f"it is {kind}")
    assert os.path.exists("/dev/null") and not os.path.isfile("/dev/null")


def test_new_output_file_gets_the_umask_mode(tmp_path):
    src = write(tmp_path, "list.txt", REFS)
    out = tmp_path / "new.json"
    proc = subprocess.run(["sh", "-c", f"umask 027 && {sys.executable} -m litgraph refs {src} -o {out}"],
                          capture_output=True, text=True, cwd=ROOT, env=cli_env())
    assert proc.returncode == 0, proc.stderr
    assert (os.stat(out).st_mode & 0o777) == 0o640


def test_interrupted_write_leaves_no_temporary_file(tmp_path):
    """Ctrl-C (KeyboardInterrupt) in the middle of a write: the old file stays, no .litgraph-* left."""
    from litgraph import output

    target = write(tmp_path, "out.json", "old\n")

    class Interrupting:
        def encode(self, _):
            raise KeyboardInterrupt

    real_fsync = os.fsync

    def interrupt(fd):
        raise KeyboardInterrupt

    os.fsync = interrupt
    try:
        with pytest.raises(KeyboardInterrupt):
            output.atomic_write(target, "new content")
    finally:
        os.fsync = real_fsync
    assert target.read_text("utf-8") == "old\n"
    assert [p.name for p in tmp_path.iterdir()] == ["out.json"]


@pytest.mark.skipif(sys.platform != "linux", reason="uses RLIMIT_FSIZE to make the write fail")
def test_build_replaces_its_outputs_together(tmp_path):
    """A disk filling (here: a file size limit) during `build` leaves the old set of
    outputs, not a new litgraph.json beside an old GraphML and HTML."""
    import resource
    import signal

    src = write(tmp_path, "list.txt", REFS)
    out = tmp_path / "out"
    out.mkdir()
    for name in ("litgraph.json", "litgraph.graphml", "litgraph.html"):
        write(out, name, "old\n")

    def limit():
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (20_000, 20_000))  # the JSON fits, the HTML does not

    proc = run_cli_timed("build", "-s", src, "-o", out, timeout=120, preexec_fn=limit)
    no_traceback(proc)
    assert proc.returncode == 2, proc.stderr
    # (the build lock stays, empty, as flock locks do; no temporary is left behind)
    assert sorted(p.name for p in out.iterdir() if p.name != ".litgraph.lock") == \
        ["litgraph.graphml", "litgraph.html", "litgraph.json"]
    assert all((out / n).read_text("utf-8") == "old\n" for n in ("litgraph.json", "litgraph.graphml", "litgraph.html"))
    ok = run_cli_timed("build", "-s", src, "-o", out, timeout=120)
    assert ok.returncode == 0 and (out / "litgraph.json").read_text("utf-8") != "old\n"


# --- issue 9: what is not a regular file, and what is too large -------------------------

@pytest.mark.parametrize("command", COMMANDS)
def test_fifo_and_device_sources_are_refused_not_waited_on(tmp_path, command):
    fifo = tmp_path / "refs.txt"
    os.mkfifo(fifo)
    proc = run_cli_timed(command, fifo, timeout=60)
    assert_input_error(proc, fifo, says="is a FIFO .*not a regular file")
    proc = run_cli_timed(command, "/dev/zero", timeout=60)
    assert_input_error(proc, "/dev/zero", says="is a device, not a regular file")


def test_fifo_in_a_source_folder_and_build_goes_on(tmp_path):
    folder = tmp_path / "src"
    write(folder, "list.txt", REFS)
    os.mkfifo(folder / "pipe.txt")
    proc = run_cli_timed("build", "-s", folder, "-o", tmp_path / "out", timeout=120)
    no_traceback(proc)
    assert proc.returncode == 2 and "pipe.txt: is a FIFO" in proc.stderr
    assert (tmp_path / "out" / "litgraph.json").is_file()


def test_a_file_over_the_cap_is_refused_with_the_cap_named(tmp_path):
    big = tmp_path / "huge.txt"
    with open(big, "wb") as fh:  # sparse: no disk space used
        fh.truncate(600 * 1024 * 1024)
    proc = run_cli_timed("refs", big, timeout=60)
    assert_input_error(proc, big, says=r"too large \(600 MB; litgraph reads at most 512 MB")


# --- issue 9: JSON byte-identical across runs ---------------------------------------------

def test_rank_json_is_byte_identical_across_runs():
    """HITS ran ARPACK from a random vector: runs differed (-0.0 against 0.0)."""
    runs = set()
    for seed in ("1", "2", "3"):
        env = dict(cli_env(), PYTHONHASHSEED=seed)
        proc = subprocess.run([sys.executable, "-m", "litgraph", "rank", "--format", "json", "--top", "400"],
                              capture_output=True, text=True, cwd=ROOT, env=env)
        assert proc.returncode == 0, proc.stderr
        assert "-0.0" not in proc.stdout
        runs.add(proc.stdout)
    assert len(runs) == 1


def test_control_free_agrees_with_the_control_pattern():
    # terminal_safe and the JSON writer skip their pattern over a long text that
    # output.control_free finds free of control characters: it must find every one.
    import random

    from litgraph.output import _CONTROL, control_free, terminal_safe

    rng = random.Random(3)
    alphabet = ["a", "Z", " ", "\t", "\n", "é", "«", "\u00a0", "\u00bf", "\u0100", "漢", "\U0001f600", "\ud800",
                *map(chr, range(0x00, 0x20)), *map(chr, range(0x7f, 0xa1))]
    for _ in range(3000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 12)))
        assert control_free(text) == (_CONTROL.search(text) is None), repr(text)
    long_text = "Smith, J. «Title» — 漢字\n" * 20000
    assert terminal_safe(long_text) is long_text
    assert terminal_safe(long_text + "\x1b[31m" + long_text) == long_text + long_text
    assert terminal_safe(long_text + "\x85") == long_text
