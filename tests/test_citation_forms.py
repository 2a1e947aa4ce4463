"""In-text citation forms, on invented sentences.

find_citations(text, source, doc) gives one record per cited work per
occurrence; each record is checked for its line (where the author's name
starts), authors and year as printed, and whether it is narrative
("Johanson & Vahlne (2009)") or parenthetical ("(Stoian, 2024)").
"""
import pytest

from litgraph.model import Author, Document, Reference
from litgraph.readers.citations import find_citations


def cite(text, doc=None):
    return find_citations(text, "x.txt", doc)


def records(text, doc=None):
    return [(c.line, c.authors, c.year, c.narrative) for c in cite(text, doc)]


def doc_with(*authors: Author) -> Document:
    ref = Reference(source="x.txt", index=1, raw="", authors=list(authors), year=2021)
    return Document(source="x.txt", id="x", kind="paper", references=[ref])


# text, expected [(line, authors, year, narrative)]
FOUND = {
    "parenthetical": (
        "Exporters learn slowly (Stoian, 2024).",
        [(1, "Stoian", "2024", False)],
    ),
    "group_of_three": (
        "Export stages were proposed long ago.\n"
        "Later work agrees (Alder, 2020; Baker & Crane, 2021; Dorn et al., 2019) on most points.",
        [(2, "Alder", "2020", False), (2, "Baker & Crane", "2021", False), (2, "Dorn et al.", "2019", False)],
    ),
    "et_al_comma_before_year": (
        "As Kraus et al., (2018) showed, family firms export later.",
        [(1, "Kraus et al.", "2018", True)],
    ),
    "ampersand_narrative": (
        "The revised model of Johanson & Vahlne (2009) puts networks first.",
        [(1, "Johanson & Vahlne", "2009", True)],
    ),
    "markdown_table_row": (
        "Table 1. Stage models\n"
        "| Study | Stages |\n"
        "|---|---|\n"
        "| Johanson and Wiedersheim (1975) | four stages of export |\n"
        "| Our own survey | none |",
        [(4, "Johanson and Wiedersheim", "1975", True)],
    ),
    "narrative_year_letters": (
        "As Sullivan (1994 a,b) argued, firms learn from partners.",
        [(1, "Sullivan", "1994a", True), (1, "Sullivan", "1994b", True)],
    ),
    "parenthetical_year_letters_and_year": (
        "Firms learn from partners (Sullivan, 1994 a, b & 1996).",
        [(1, "Sullivan", "1994a", False), (1, "Sullivan", "1994b", False), (1, "Sullivan", "1996", False)],
    ),
    "et_al_without_year": (
        "The claim is disputed (Sultoni et al.).",
        [(1, "Sultoni et al.", None, False)],
    ),
    "initials_before_surname": (
        "Sales rose after the fair (M. E. Kaukab, 2016), then fell.",
        [(1, "M. E. Kaukab", "2016", False)],
    ),
    "hyphenated_surname_over_line_break": (
        "Stage models are old.\n"
        "The view of Wiedersheim-\n"
        "Paul (1975) still shapes the field.",
        [(2, "Wiedersheim-Paul", "1975", True)],
    ),
    "surname_broken_by_hyphen_over_line_break": (
        "Brand awareness matters.\n"
        "A later study (Sul-\n"
        "toni et al., 2022) found the same.",
        [(2, "Sul-toni et al.", "2022", False)],
    ),
    "diacritics_parenthetical": (
        "Trust between partners matters (Živanović, 2022).",
        [(1, "Živanović", "2022", False)],
    ),
    "diacritics_narrative": (
        "Service quality is what Grönroos (2010) calls perceived quality.",
        [(1, "Grönroos", "2010", True)],
    ),
    "source_line": (
        "Table 2. Export shares by market\n"
        "Source: (Smith, 2010)",
        [(2, "Smith", "2010", False)],
    ),
    "source_inside_parentheses_with_page": (
        "Figure 3 (Source: Camlek, 2012, p.121) shows the value chain.",
        [(1, "Camlek", "2012", False)],
    ),
    "possessive_with_noun": (
        "Wisaka's research (2025) shows steady demand for leather shoes.",
        [(1, "Wisaka", "2025", True)],
    ),
    "possessive_et_al": (
        "The results match Fitriyani et al.'s (2025) survey of craft makers.",
        [(1, "Fitriyani et al.", "2025", True)],
    ),
    "wrapped_over_line_break": (
        "Performance can be measured in many ways (Bititci et al.,\n"
        "2004) and few firms measure it at all.",
        [(1, "Bititci et al.", "2004", False)],
    ),
}


@pytest.mark.parametrize("case", list(FOUND))
def test_form_is_found(case):
    text, expected = FOUND[case]
    assert records(text) == expected


def test_given_name_before_surname_known_from_the_list():
    text = "Exports need support.\nAnni Yudiastuti et al. (2021) studied export readiness."
    doc = doc_with(Author("Yudiastuti", "Anni"), Author("Hartono", "B."), Author("Wijaya", "C."))
    cits = cite(text, doc)
    assert [(c.line, c.authors, c.year, c.narrative) for c in cits] == [
        (2, "Anni Yudiastuti et al.", "2021", True)]
    assert cits[0].names == ("Yudiastuti",)
    assert cits[0].et_al is True
    assert cits[0].marker == "Anni Yudiastuti et al. (2021)"


@pytest.mark.parametrize("text,names,et_al", [
    ("(M. E. Kaukab, 2016)", ("Kaukab",), False),
    ("Johanson and\nWiedersheim-\nPaul (1975)", ("Johanson", "Wiedersheim-Paul"), False),
    ("Wisaka's research (2025)", ("Wisaka",), False),
    ("Fitriyani et al.'s (2025) survey", ("Fitriyani",), True),
    ("(Baker & Crane, 2021)", ("Baker", "Crane"), False),
])
def test_cited_names_for_linking(text, names, et_al):
    """The surnames a citation is linked by: no initials, possessives or 'et al.'."""
    (c,) = cite(text)
    assert c.names == names
    assert c.et_al is et_al


@pytest.mark.parametrize("text,marker", [
    ("Figure 3 (Source: Camlek, 2012, p.121) shows it.", "(Source: Camlek, 2012, p.121)"),
    ("Performance (Bititci et al.,\n2004) matters.", "(Bititci et al., 2004)"),
    ("Wisaka's research (2025) shows it.", "Wisaka's research (2025)"),
    ("As Kraus et al., (2018) showed.", "Kraus et al., (2018)"),
    ("The view of Wiedersheim-\nPaul (1975) holds.", "Wiedersheim-Paul (1975)"),
])
def test_marker_as_printed_joined_on_one_line(text, marker):
    assert [c.marker for c in cite(text)] == [marker]


# --- markers of one work and of several ---------------------------------------

def test_group_markers_are_each_works_own_piece_single_marker_is_whole():
    text = ("Exporters learn slowly (Stoian, 2024).\n"
            "Partners help (Alder, 2020; Baker & Crane, 2021).\n"
            "Letters too (Sullivan, 1994 a, b & 1996).")
    cits = cite(text)
    assert [(c.line, c.marker, c.authors, c.year) for c in cits] == [
        (1, "(Stoian, 2024)", "Stoian", "2024"),
        (2, "Alder, 2020", "Alder", "2020"),
        (2, "Baker & Crane, 2021", "Baker & Crane", "2021"),
        (3, "(Sullivan, 1994 a, b & 1996)", "Sullivan", "1994a"),
        (3, "(Sullivan, 1994 a, b & 1996)", "Sullivan", "1994b"),
        (3, "(Sullivan, 1994 a, b & 1996)", "Sullivan", "1996"),
    ]


def test_group_over_two_lines_keeps_each_works_line():
    text = "Partners help (Alder, 2020; Baker\n& Crane, 2021; Dorn et al.,\n2019)."
    assert records(text) == [(1, "Alder", "2020", False), (1, "Baker & Crane", "2021", False),
                             (2, "Dorn et al.", "2019", False)]


# --- not citations --------------------------------------------------------------

NOT_CITATIONS = {
    "bare_year": "in 2020 the market grew, and by 2022 it had doubled.",
    "bare_year_sentence_start": "In 2020 the market grew.",
    "figure_with_year": "As Figure 2 (2019) shows, exports rose.",
    "figure_with_year_at_start": "Figure 2 (2019) shows the trend.",
    "table": "Table 1 lists the firms we visited.",
    "sample_size": "The owners we asked (n = 65) make shoes.",
    "page_range": "The method is set out in full (pp. 12-15).",
    "page_range_en_dash": "The method is set out in full (pp. 12–15).",
    "money_with_year": "The firm won IDR 800 million (2024 contract) from a buyer in Osaka.",
    "percentage": "Exports rose sharply (61.07%) after the fair.",
    "acronym": "The Regional Comprehensive Economic Partnership (RCEP) took effect.",
    "acronym_plural": "Small and medium enterprises (SMEs) employ most workers.",
    "copyright_footer": "Copyright 2019 GMP Press",
    "copyright_footer_with_symbol": "Copyright © 2019 GMP Press and Printing. All rights reserved.",
}


@pytest.mark.parametrize("case", list(NOT_CITATIONS))
def test_not_a_citation(case):
    assert records(NOT_CITATIONS[case]) == []


def test_non_citations_do_not_hide_a_real_one():
    text = ("In 2020 the market grew (61.07%) and Figure 2 (2019) shows it; Table 1 lists the\n"
            "firms (n = 65) of the (RCEP) area, the (SMEs) (pp. 12-15) that won IDR 800 million\n"
            "(2024 contract), as Stoian (2024) reports.\n"
            "Copyright 2019 GMP Press")
    assert records(text) == [(3, "Stoian", "2024", True)]


# --- further forms ------------------------------------------------------------------

@pytest.mark.parametrize("text,expected", [
    ("Partners help (Alder, 2020; see Baker, 2021).",
     [(1, "Alder", "2020", False), (1, "Baker", "2021", False)]),
    ("Partners help (Alder, 2020; e.g., Baker & Crane, 2021).",
     [(1, "Alder", "2020", False), (1, "Baker & Crane", "2021", False)]),
    ("Partners help (see Alder, 2020; Baker, 2021).",
     [(1, "Alder", "2020", False), (1, "Baker", "2021", False)]),
], ids=["see_after_semicolon", "eg_after_semicolon", "see_first"])
def test_prefix_inside_a_group(text, expected):
    """'see', 'e.g.' before any work of a group, not only the first."""
    assert records(text) == expected


@pytest.mark.parametrize("text,expected", [
    ("Smith (n.d.) says so.", [(1, "Smith", None, True)]),
    ("It is said (Smith, n.d.).", [(1, "Smith", None, False)]),
    ("It is said (Smith, in press).", [(1, "Smith", None, False)]),
], ids=["narrative_nd", "parenthetical_nd", "parenthetical_in_press"])
def test_citation_without_a_number_year(text, expected):
    """'n.d.' and 'in press' stand for the year, in parentheses as in narrative."""
    assert records(text) == expected


# --- author lists of every length, and what is not a name -------------------------------

@pytest.mark.parametrize("text,authors,names", [
    ("Capabilities matter (Teece, Pisano, & Shuen, 1997).", "Teece, Pisano, & Shuen", ("Teece", "Pisano", "Shuen")),
    ("Capabilities matter (Teece, Pisano and Shuen 1997).", "Teece, Pisano and Shuen", ("Teece", "Pisano", "Shuen")),
    ("Later, Teece, Pisano and Shuen (1997) argued so.", "Teece, Pisano and Shuen", ("Teece", "Pisano", "Shuen")),
    ("Similarly, Alder, Baker, Crane, and Dorn (2015) found it.", "Alder, Baker, Crane, and Dorn",
     ("Alder", "Baker", "Crane", "Dorn")),
    ("Five wrote it (Alder, Baker, Crane, Dorn, & Eck, 2015).", "Alder, Baker, Crane, Dorn, & Eck",
     ("Alder", "Baker", "Crane", "Dorn", "Eck")),
    ("Speed pays while Hilmersson and Johanson (2016) disagree.", "Hilmersson and Johanson", ("Hilmersson", "Johanson")),
    ("Firms grow (Müller und Schmidt, 2001).", "Müller und Schmidt", ("Müller", "Schmidt")),
    ("Dupont et Martin (2003) le montrent.", "Dupont et Martin", ("Dupont", "Martin")),
    ("Ties matter, as van der Berg and De Vries (2011) found.", "van der Berg and De Vries", ("van der Berg", "De Vries")),
    ("Hence Van Dijk (2012) wrote it.", "Van Dijk", ("Van Dijk",)),
    ("Firms grow (as argued by Teece, 1997).", "Teece", ("Teece",)),
    ("Firms grow (for a review, see Teece, 1997).", "Teece", ("Teece",)),
    ("Health (World Health Organization [WHO], 2020).", "World Health Organization", ("World Health Organization",)),
], ids=["apa_serial_comma", "harvard_three", "leading_word", "four_serial_comma", "five", "word_fragment",
        "und", "et", "particles", "capital_particle", "leading_lowercase_words", "see_after_words", "group_author_with_abbreviation"])
def test_author_lists(text, authors, names):
    (c,) = cite(text)
    assert (c.authors, c.names) == (authors, names)


def test_leading_word_kept_when_the_list_has_such_an_author():
    """'Young, Smith and Jones (2010)': 'Young' is a common word, but the list's author."""
    doc = doc_with(Author("Young", "A."), Author("Smith", "B."), Author("Jones", "C."))
    (c,) = cite("In short, Young, Smith and Jones (2010) agree.", doc)
    assert c.names == ("Young", "Smith", "Jones")
