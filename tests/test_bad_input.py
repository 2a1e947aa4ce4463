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
    path = write(tmp_path, "library.bib", BIB_GOOD_1 + "\n" + broken + "\n" + BIB_GOOD_2)
    proc = run_cli(command, path, "--format", "json")
    no_traceback(proc)
    assert proc.returncode == 0, proc.stderr
    assert not lines_naming(proc, path, "error")
    skipped = [l for l in lines_naming(proc, path, "warning") if re.match(rf"litgraph: warning: {re.escape(str(path))}:\d+:", l)]
    assert len(skipped) == 1, proc.stderr
    assert skipped[0].startswith(f"litgraph: warning: {path}:11:")
    out = json_stdout(proc)
    if command == "refs":
        assert [r["raw"] for r in out] == ["mueller2019", "zuniga2018"]
        assert [r["authors"] for r in out] == [[{"family": "Müller", "given": "Karl"}],
                                               [{"family": "Zúñiga", "given": "Rosa"}]]
        assert out[1]["index"] == 2
    else:
        assert out == []


@pytest.mark.parametrize("command", COMMANDS)
def test_bibtex_duplicate_key_keeps_the_first(tmp_path, command):
    path = write(tmp_path, "library.bib", BIB_DUPLICATE)
    proc = run_cli(command, path, "--format", "json")
    no_traceback(proc)
    assert proc.returncode == 0, proc.stderr
    dup = [l for l in lines_naming(proc, path, "warning") if "same2019" in l]
    assert len(dup) == 1, proc.stderr
    assert dup[0].startswith(f"litgraph: warning: {path}:17:")
    out = json_stdout(proc)
    if command == "refs":
        assert [(r["raw"], r["title"], r["year"]) for r in out] == [
            ("same2019", "The first of the two", 2019), ("zuniga2018", "Exporting by accident", 2018)]
    elif command == "cites":
        assert out == []
    else:
        # Had the second entry been read, its missing volume and pages would show (line 17).
        assert out == []


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
BIG_DEADLINE = 60  # seconds for all three commands, run side by side


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
