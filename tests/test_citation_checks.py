"""Linking a citation whose year or spelling is off, and the author-year rules of APA 7 and Harvard."""
from litgraph.analysis.checks import check_document
from litgraph.readers.citations import find_citations
from litgraph.readers.paper import read_paper
from litgraph.resolve import link_citations

FILLER = ("Small exporters learn from their partners abroad, and the owners we met described how they found their "
          "first buyers, how long the first orders took to arrive, and what they changed in their workshops and "
          "in their accounts once the buyers asked for more than they could make in a season.")

LIST = """Barney, J. (1991). Firm resources and sustained competitive advantage. Journal of Management, 17, 99-120.
Hilmersson, M., & Johanson, M. (2016). Speed of SME internationalization and performance. Management International Review, 56, 67-94.
Knight, G. A., & Cavusgil, S. T. (2004). Innovation and the born-global firm. Journal of International Business Studies, 35, 124-141.
Oviatt, B. M., & McDougall, P. P. (1994). Toward a theory of international new ventures. Journal of International Business Studies, 25, 45-64.
Oviatt, B. M., & McDougall, P. P. (1994). Toward a theory of international new ventures. Journal of International Business Studies, 25, 45-64.
Teece, D. J., Pisano, G., & Shuen, A. (1997). Dynamic capabilities and strategic management. Strategic Management Journal, 18, 509-533.
Zahra, S. A., Sapienza, H. J., Davidsson, P., & Ireland, R. D. (2006). Entrepreneurship and dynamic capabilities. Journal of Management Studies, 43, 917-955.
"""


def paper(body: str):
    text = body + "\n\n" + FILLER + "\n\n## References\n\n" + LIST
    doc = read_paper(text, "x.txt", "x")
    doc.citations = find_citations(text, "x.txt", doc, doc.reference_line - 1)
    link_citations(doc)
    return doc, check_document(doc)


def kinds(findings, kind):
    return [(f.line, f.ref) for f in findings if f.kind == kind]


def test_year_off_by_one_links_to_the_entry_and_is_reported():
    doc, findings = paper("Resources differ (Barney, 1992).\nThey differ (Barney, 1991).")
    assert [c.ref for c in doc.citations] == [1, 1]
    assert doc.citations[0].link == "year off: cited 1992, listed 1991"
    assert kinds(findings, "year_mismatch") == [(1, 1)]
    assert not kinds(findings, "cited_not_listed")
    assert 1 not in [ref for _, ref in kinds(findings, "listed_not_cited")]


def test_year_off_by_more_is_not_linked():
    doc, findings = paper("Resources differ (Barney, 1995).")
    assert doc.citations[0].ref is None


def test_spelling_slip_links_and_is_reported():
    doc, findings = paper("Born global (Knigth & Cavusgil, 2004).")
    assert doc.citations[0].ref == 3
    assert kinds(findings, "name_variant") == [(1, 3)]


def test_a_work_listed_twice_is_one_candidate():
    doc, findings = paper("New ventures (Oviatt & McDougall, 1994).")
    assert doc.citations[0].ref == 4
    assert not kinds(findings, "ambiguous_citation")
    assert [ref for _, ref in kinds(findings, "duplicate_entry")] == [5]


def test_et_al_for_two_authors_is_a_warning():
    doc, findings = paper("Speed pays (Hilmersson et al., 2016).")
    (f,) = [f for f in findings if f.kind == "et_al"]
    assert f.severity == "warning" and "two authors" in f.message


def test_full_list_of_four_authors_is_a_warning_three_an_apa_info():
    doc, findings = paper("Capabilities (Zahra, Sapienza, Davidsson, & Ireland, 2006).\n"
                          "Capabilities (Teece, Pisano, & Shuen, 1997).")
    got = sorted((f.line, f.severity) for f in findings if f.kind == "et_al")
    assert got == [(1, "warning"), (2, "info")]


def test_harvard_may_name_three_authors():
    doc, findings = paper("Capabilities (Teece, Pisano and Shuen 1997).\nResources (Barney 1991).")
    assert not kinds(findings, "et_al")


def test_et_al_where_due_is_silent():
    doc, findings = paper("Capabilities (Teece et al., 1997; Zahra et al., 2006).")
    assert not kinds(findings, "et_al")
