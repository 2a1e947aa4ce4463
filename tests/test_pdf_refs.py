"""Reference lists read back from real typeset PDFs whose entries are known exactly.

tests/data/pdf/ holds three short papers pdflatex made (tests/data/pdf/make.py, with
bench/pdf_refs.py's layouts) from references invented for these tests (refs.json):
prose before the list, two columns or one (a hanging list), running heads on every page, page numbers, the
list running on from one page to the next, words TeX hyphenated at line ends, DOIs and
URLs broken over lines, letters whose accent TeX placed over them ("Dvořák"), and an
appendix or figure legends after the list. bench/pdf_refs.py measures the same on many
more layouts; this is the check that runs everywhere (the PDFs are committed).
"""
import json
import re

import pytest

from conftest import ROOT, run_cli

DATA = ROOT / "tests" / "data" / "pdf"
TRUTH = json.loads((DATA / "refs.json").read_text("utf-8"))


def squash(text: str) -> str:
    return " ".join(text.split())


# (author-year-1col: a one-column hanging list whose entries' looks mislead where the
# indent does not: continuation lines that open with names and initials, entries with no
# author or year at the margin after a full line; the segmenter before its indent model
# merged two of them into the entries above.)
@pytest.mark.parametrize("name,kind", [("author-year-2col", "author-year"), ("numbered-2col", "numbered"),
                                       ("author-year-1col", "author-year-1col")])
def test_every_entry_found_whole_and_nothing_else(name, kind):
    out = run_cli("refs", DATA / f"{name}.pdf", "--format", "json")
    assert out.returncode == 0, out.stderr
    got = [squash(r["raw"]) for r in json.loads(out.stdout)]
    # Each entry exactly as typeset: split right, hyphenated words joined, DOIs and URLs
    # whole, accents on their letters, no running head or page number inside, no legend.
    assert got == [squash(t) for t in TRUTH[kind]]


def test_fields_of_the_pdf_entries():
    from litgraph.readers import read_file

    (doc,) = read_file(str(DATA / "author-year-2col.pdf"), citations=False)
    refs = doc.references
    assert [r.year for r in refs] == [int(re.search(r"\((\d{4})\)", t).group(1)) for t in TRUTH["author-year"]]
    dois = {r.authors[0].family: r.doi for r in refs if r.doi}
    assert dois == {"Abara": "10.5555/jres.2016.041.0215", "Castellanos": "10.5555/isbr.2021.1180",
                    "Engström": "10.5555/fel.2018.0033", "Iqbal": "10.5555/smq.2012.25.4.501",
                    "Mwangi": "10.5555/era.2023.5.012004", "Pellegrini": "10.5555/rpl.2022.4.100"}
    assert refs[3].authors[0].family == "Dąbrowska"


def test_running_heads_and_page_numbers_left_out_of_the_text():
    from litgraph.readers.pdf import extract

    text = extract(str(DATA / "numbered-2col.pdf"))
    assert text.pages == 3
    lines = [l.strip() for l in text.lines]
    assert not any(re.fullmatch(r"\d{1,2}", l) for l in lines)  # page numbers
    head = next(l for l in (DATA / "numbered-2col.tex").read_text("utf-8").splitlines() if "fancyhead[L]" in l)
    journal = re.search(r"\\footnotesize (.+?) \d", head).group(1)
    assert not any(l.startswith(journal) for l in lines)
    # The list runs from page 2 to page 3; each entry's first line keeps its label at the
    # margin and its other lines are set in, as on the page.
    first = next(i for i, l in enumerate(text.lines) if l.startswith("1. Abernethy"))
    last = next(i for i, l in enumerate(text.lines) if l.startswith("14. Nordin"))
    assert text.places[first + 1] == "p. 2" and text.places[last + 1] == "p. 3"
    assert text.lines[first + 1].startswith("   surgery in rural hospitals.")


def test_pdf_line_joins():
    from litgraph.readers.pdf import _indents, _join_hyphens, _join_links

    # TeX hyphenates words no English word list holds; a compound of two words keeps its hyphen.
    lines = ["of the thiore-", "doxin system", "a meta-", "analysis of", "Cahiers d'Études Itali-", "",
             "ennes/Filigrana, no. 10"]
    _join_hyphens(lines)
    assert lines == ["of the thioredoxin", "system", "a meta-", "analysis of", "Cahiers d'Études Italiennes/Filigrana,",
                     "", "no. 10"]
    # A link broken at a "." or "/" is put back; a name opening the next entry is not taken.
    lines = ["Res. 16(1), 29-49. doi:10.", "   3917/pcp.016.0029", "Chem. 7, 2-9. https://doi.org/10.1/x.",
             "J. Smith, Title.", "at http://dx.doi.", "   org/10.1021/es903811p."]
    _join_links(lines)
    assert lines == ["Res. 16(1), 29-49. doi:10.3917/pcp.016.0029", None, "Chem. 7, 2-9. https://doi.org/10.1/x.",
                     "J. Smith, Title.", "at http://dx.doi.org/10.1021/es903811p.", None]
    # Indents from the margin, two spaces an em; a glyph's jitter and a narrower label are none.
    assert _indents([0.0, 10.2, 0.3, 9.8, 4.0], [10.0] * 5) == [0, 2, 0, 2, 0]
