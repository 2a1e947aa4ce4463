"""Manuscripts as editors receive them: Word and PDF files, planted errors, the editor's report.

The fixtures in tests/data/manuscripts/ are written for this project (bench/manuscripts.py):
text in five citation styles, Word files made with python-docx (one with Zotero fields, one
with Word's own list numbering and superscript runs, one in two columns) and PDFs LibreOffice
made from them; bad/ holds an encrypted and a scanned (image-only) PDF.
"""
import json
import sys
import zipfile
from pathlib import Path

import pytest

from browser import Browser, needs_browser
from conftest import ROOT, run_cli
from litgraph.errors import InputError
from litgraph.readers import read_file
from litgraph.resolve import link_citations

DATA = ROOT / "tests" / "data" / "manuscripts"
sys.path.insert(0, str(ROOT / "bench"))


def read(name):
    (doc,) = read_file(str(DATA / name))
    link_citations(doc)
    return doc


@pytest.fixture(scope="module")
def measured():
    from manuscripts import measure

    return measure()


def test_every_style_found_and_linked(measured):
    """Citations found (precision, recall) and linked right, per manuscript and style: >= 0.95,
    except flattened Nature text, where a superscript after a year ('since 19957') cannot be told."""
    for name, r in measured.items():
        floor = 0.95 if name != "nature-flat.txt" else 0.9
        assert r["precision"] >= 0.95 and r["recall"] >= floor and r["linked right"] >= floor, (name, r)


def test_planted_errors_found_without_false_alarms(measured):
    """Every planted error but the malformed DOI (the reference parser drops a DOI without its slash:
    the reference-list issue's to mend) is found, and nothing else is said."""
    for name, r in measured.items():
        missed = [m for m in r["missed"] if "doi_malformed" not in str(m)]
        if name == "nature-flat.txt":
            continue  # see above: one citation unreadable, its first-citation order with it
        assert not missed, (name, missed)
        alarms = [a for a in r["false alarms"] if "doi_malformed" not in str(a)]
        assert not alarms, (name, alarms)


def test_style_is_detected():
    assert read("apa.txt").style == "author-year"
    assert read("ieee.txt").style == "numbered"
    assert read("nature-word.pdf").style == "numbered"


# --- Word ---------------------------------------------------------------------------

def test_docx_paragraphs_list_numbers_and_superscripts():
    from litgraph.readers.docx import extract

    text = extract(str(DATA / "nature-word.docx"))
    assert text.lines[0].startswith("# Supervised walking")
    assert any(l.startswith("1. Haldane, R. J.") for l in text.lines)  # Word's own numbering, printed
    assert any("failure¹,²." in l for l in text.lines)  # superscript runs
    assert set(text.places.values()) >= {"¶ 1", "¶ 5"}


def test_zotero_fields_link_by_their_items():
    doc = read("apa-zotero.docx")
    fielded = [c for c in doc.citations if (c.link or "").startswith("field code")]
    assert len(fielded) >= 20
    assert all(c.ref is not None for c in fielded)
    assert {c.link for c in fielded} == {"field code: DOI", "field code: title"}  # two items have no DOI


def test_field_items_of_every_manager():
    from litgraph.readers.docx import field_items

    zotero = ('ADDIN ZOTERO_ITEM CSL_CITATION {"citationItems":[{"itemData":{"title":"A","DOI":"10.1/x",'
              '"author":[{"family":"Teece","given":"D."}],"issued":{"date-parts":[[1997]]}}}]}')
    mendeley = 'ADDIN CSL_CITATION {"citationItems":[{"itemData":{"title":"B","author":[{"family":"Barney"}],' \
               '"issued":{"date-parts":[["1991"]]}}}]}'
    endnote = ('ADDIN EN.CITE <EndNote><Cite><Author>Penrose</Author><Year>1959</Year><record><titles>'
               '<title>The theory of the growth of the firm</title></titles><contributors><authors>'
               '<author>Penrose, Edith</author></authors></contributors></record></Cite></EndNote>')
    assert field_items(zotero) == [{"authors": ["Teece"], "year": 1997, "title": "A", "doi": "10.1/x"}]
    assert field_items(mendeley)[0]["authors"] == ["Barney"] and field_items(mendeley)[0]["year"] == 1991
    assert field_items(endnote) == [{"authors": ["Penrose"], "year": 1959,
                                     "title": "The theory of the growth of the firm", "doi": None}]
    assert field_items(" PAGE ") is None


def test_findings_name_the_paragraph_and_the_page():
    out = run_cli("check", "--format", "json", DATA / "apa-zotero.docx", DATA / "nature-word.pdf")
    assert out.returncode == 1, out.stderr
    findings = json.loads(out.stdout)
    places = {Path(f["source"]).suffix: f.get("place", "") for f in findings if f["line"]}
    assert places[".docx"].startswith("¶ ") and places[".pdf"].startswith("p. ")


# --- PDF ----------------------------------------------------------------------------

def test_pdf_two_columns_in_reading_order_without_running_heads():
    from litgraph.readers.pdf import extract

    text = extract(str(DATA / "vancouver-2col.pdf"))
    joined = "\n".join(text.lines)
    assert "Manuscript under review" not in joined  # the running head
    # Page numbers gone (a "2" that ends a DOI broken over two lines stays, as it must).
    stray = [(text.lines[k - 1][-10:], l.strip()) for k, l in enumerate(text.lines) if l.strip() in ("1", "2", "3")]
    assert text.pages == 3 and stray == [("2019.04.00", "2")]
    # The left column's sentence runs on in the left column, not across the gutter.
    i = next(k for k, l in enumerate(text.lines) if l.startswith("Hypertension remains the leading"))
    assert text.lines[i + 1] == "modifiable cause of stroke and heart"
    assert text.places[i + 1] == "p. 1"


def test_pdf_superscripts_become_citations():
    doc = read("nature-word.pdf")
    assert [(c.marker, c.number) for c in doc.citations[:3]] == [("¹,²", 1), ("¹,²", 2), ("³", 3)]


def test_pdf_ligatures_and_hyphens():
    from litgraph.readers.pdf import _LIGATURES, _join_hyphens

    assert "ﬁrms ﬂow ﬃce".translate(_LIGATURES) == "firms flow ffice"
    lines = ["firms grow through interna-", "tionalization, slowly", "a born-", "global firm"]
    _join_hyphens(lines)
    assert lines == ["firms grow through internationalization,", "slowly", "a born-", "global firm"]


# --- bad input ------------------------------------------------------------------------

@pytest.mark.parametrize("name,says", [
    ("bad/encrypted.pdf", "encrypted PDF"),
    ("bad/scanned.pdf", "needs OCR"),
])
def test_unreadable_pdfs_say_why(name, says):
    out = run_cli("check", DATA / name, DATA / "ieee.txt")
    assert out.returncode == 2
    assert says in out.stderr and "Traceback" not in out.stderr
    assert "ieee.txt" in out.stdout  # the rest of the corpus is read


def test_a_zip_named_docx_is_not_a_word_file(tmp_path):
    fake = tmp_path / "paper.docx"
    with zipfile.ZipFile(fake, "w") as z:
        z.writestr("mimetype", "application/vnd.oasis.opendocument.text")
        z.writestr("content.xml", "<office:document-content/>")
    out = run_cli("check", fake)
    assert out.returncode == 2 and "not a Word document" in out.stderr and "Traceback" not in out.stderr
    (tmp_path / "cut.docx").write_bytes(b"PK\x03\x04" + b"\x00" * 40)
    with pytest.raises(InputError, match="not a Word document"):
        read_file(str(tmp_path / "cut.docx"))


def test_a_500_page_pdf_is_read_whole(tmp_path):
    import pypdfium2 as pdfium

    src = pdfium.PdfDocument(str(DATA / "nature-word.pdf"))
    big = pdfium.PdfDocument.new()
    while len(big) < 500:
        big.import_pages(src)
    big.save(str(tmp_path / "big.pdf"))
    out = run_cli("cites", "--format", "json", tmp_path / "big.pdf")
    assert out.returncode == 0, out.stderr
    cites = json.loads(out.stdout)
    assert len(cites) > 1000  # every copy's citations, from every page


# --- the editor's report -------------------------------------------------------------------

HOSTILE = """# A paper with <script>alert(1)</script> in its title

## Introduction
Growth slowed (Smith <b>& Jones</b>, 2010) and rose (Nobody, 2011).
Owners learned from partners abroad, as the interviews with owners of small workshops in three
towns showed in detail over two seasons of visits and many conversations about their buyers.

## References
Smith, A., & Jones, B. (2010). Growth <img src=x onerror=alert(2)>. Journal of Tests, 1, 1-9.
Other, C. (2012). Never cited. Journal of Tests, 2, 3-4.
"""


def test_report_is_whole_escaped_and_printable(tmp_path):
    src = tmp_path / "hostile.txt"
    src.write_text(HOSTILE, "utf-8")
    out = run_cli("check", "--format", "html", "-o", tmp_path / "report.html", src)
    assert out.returncode == 1, out.stderr
    page = (tmp_path / "report.html").read_text("utf-8")
    assert "<script>" not in page and "<img" not in page and "<b>&" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "cited_not_listed" in page and "listed_not_cited" in page and "Nobody" in page


def test_report_for_several_manuscripts_needs_a_folder(tmp_path):
    out = run_cli("check", "--format", "html", DATA / "apa.txt", DATA / "ieee.txt")
    assert out.returncode == 2 and "folder" in out.stderr
    out = run_cli("check", "--format", "html", "-o", tmp_path / "reports", DATA / "apa.txt", DATA / "ieee.txt")
    assert sorted(p.name for p in (tmp_path / "reports").iterdir()) == ["apa.html", "ieee.html"]


@needs_browser
def test_report_in_chromium(tmp_path):
    out = run_cli("check", "--format", "html", "-o", tmp_path / "r.html", DATA / "nature-word.pdf")
    assert out.returncode == 1, out.stderr
    b = Browser()
    try:
        page = b._browser.new_page(viewport={"width": 1100, "height": 900})
        requests = []
        page.on("request", lambda r: requests.append(r.url) if not r.url.startswith("file:") else None)
        dialogs = []
        page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        page.goto(f"file://{tmp_path / 'r.html'}")
        groups = page.locator("h2").all_inner_texts()
        assert groups[:2] == ["Errors (1)", "Warnings (5)"] and groups[-1] == "Reference list"
        assert page.locator(".finding").count() == 6
        assert page.locator("mark").first.inner_text() == "¹⁷"
        rows = page.locator("tbody tr")
        assert rows.count() == 14
        assert page.locator("tr.uncited").count() == 2
        assert not requests and not dialogs
        page.screenshot(path=str(tmp_path / "report.png"), full_page=True)
        pdf = page.pdf()  # printable: Chromium lays it out on paper
        assert pdf.startswith(b"%PDF") and len(pdf) > 10_000
    finally:
        b.close()


# --- a Word file written by hand: footnotes and an EndNote field ---------------------------------

_W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def _docx(path, body: str, footnotes: str) -> None:
    """The smallest real .docx: the package parts Word itself requires, and footnotes."""
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("[Content_Types].xml",
                   '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
                   'content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
                   'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName='
                   '"/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.'
                   'document.main+xml"/><Override PartName="/word/footnotes.xml" ContentType="application/vnd.'
                   'openxmlformats-officedocument.wordprocessingml.footnotes+xml"/></Types>')
        z.writestr("_rels/.rels",
                   '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/'
                   'package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/'
                   'officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>')
        z.writestr("word/_rels/document.xml.rels",
                   '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/'
                   'package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/'
                   'officeDocument/2006/relationships/footnotes" Target="footnotes.xml"/></Relationships>')
        z.writestr("word/document.xml", f'<?xml version="1.0" encoding="UTF-8"?><w:document {_W}><w:body>{body}'
                                        '</w:body></w:document>')
        z.writestr("word/footnotes.xml", f'<?xml version="1.0" encoding="UTF-8"?><w:footnotes {_W}>'
                                         '<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p>'
                                         f'</w:footnote>{footnotes}</w:footnotes>')


def _p(*runs: str) -> str:
    return "<w:p>" + "".join(runs) + "</w:p>"


def _r(text: str) -> str:
    return f'<w:r><w:t xml:space="preserve">{text}</w:t></w:r>'


def test_footnotes_and_an_endnote_field(tmp_path):
    from xml.sax.saxutils import escape

    endnote = escape('ADDIN EN.CITE <EndNote><Cite><Author>Barney</Author><Year>1991</Year><record><titles><title>'
                     'Firm resources and sustained competitive advantage</title></titles></record></Cite></EndNote>')
    filler = ("Owners of small workshops described their first buyers abroad, the orders that followed, and what they "
              "changed in their accounts and workshops once buyers asked for more than one season could make.")
    body = (_p('<w:pPr><w:pStyle w:val="Heading1"/></w:pPr>', _r("Introduction"))
            + _p(_r("Resources differ "),
                 '<w:r><w:fldChar w:fldCharType="begin"/></w:r>', f'<w:r><w:instrText xml:space="preserve"> {endnote} '
                 '</w:instrText></w:r>', '<w:r><w:fldChar w:fldCharType="separate"/></w:r>', _r("(Barney, 1992)"),
                 '<w:r><w:fldChar w:fldCharType="end"/></w:r>', _r(" between firms."),
                 '<w:r><w:footnoteReference w:id="1"/></w:r>')
            + _p(_r(filler))
            + _p('<w:pPr><w:pStyle w:val="Heading1"/></w:pPr>', _r("References"))
            + _p(_r("Barney, J. (1991). Firm resources and sustained competitive advantage. Journal of Management, "
                    "17, 99-120."))
            + _p(_r("Teece, D. J., Pisano, G., &amp; Shuen, A. (1997). Dynamic capabilities and strategic management. "
                    "Strategic Management Journal, 18, 509-533.")))
    notes = '<w:footnote w:id="1">' + _p(_r("On capabilities see Teece, Pisano and Shuen (1997).")) + "</w:footnote>"
    path = tmp_path / "notes.docx"
    _docx(path, body, notes)
    (doc,) = read_file(str(path))
    link_citations(doc)
    got = [(c.authors, c.year, c.ref, c.link, doc.places[c.line]) for c in doc.citations]
    assert got == [
        ("Barney", "1992", 1, "field code: title; year off: cited 1992, listed 1991 (field text edited)", "¶ 2"),
        ("Teece, Pisano and Shuen", "1997", 2, "exact", "¶ 2, note 1"),
    ]
    from litgraph.analysis.checks import check_document

    assert [(f.kind, f.place) for f in check_document(doc) if f.kind == "year_mismatch"] == [("year_mismatch", "¶ 2")]


# --- two more manuscripts, written after the code and measured once before any change ---------

def test_numbered_in_parentheses_among_equations_units_and_enumerations():
    doc = read("more/soil-vancouver-parentheses.txt")
    got = [(c.line, c.number, c.ref) for c in doc.citations]
    assert got == [(4, 1, 1), (5, 2, 2), (5, 3, 3), (5, 4, 4), (11, 5, 5), (12, 6, 6), (15, 1, 1), (15, 4, 4),
                   (15, 5, 5), (15, 6, 6), (16, 7, 7), (16, 12, None)]
    from litgraph.analysis.checks import check_document

    assert [(f.line, f.kind) for f in check_document(doc)] == [(16, "cited_not_listed"), (26, "listed_not_cited")]


def test_harvard_lists_of_three_and_four_names():
    doc = read("more/family-firms-harvard.txt")
    assert len(doc.citations) == 11 and all(c.ref for c in doc.citations)
    from litgraph.analysis.checks import check_document

    assert [(f.line, f.kind) for f in check_document(doc)] == [(8, "et_al"), (13, "year_mismatch")]
