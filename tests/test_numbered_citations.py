"""Numbered citation styles: forms, what is not a citation, linking, and the checks they feed.

Sentences written for these tests; each numbered paper has a short numbered list so the
weaker forms ("(3)", "growth.1,2") are looked for, as they are only in numbered papers.
"""
import pytest

from litgraph.analysis.checks import check_document
from litgraph.model import Document
from litgraph.readers.citations import expand_numbers, find_citations
from litgraph.readers.paper import read_paper
from litgraph.resolve import link_citations

LIST = "\n".join(
    f"{n}. Author{chr(64 + n)} A, Writer B. A study of blood pressure number {n}. J Hypertens. 20{10 + n};{n}:1-9."
    for n in range(1, 9))


# Prose after the body: a paper has some (a short text over a list is read as a list).
FILLER = ("Older adults with raised blood pressure were followed for a season in several practices, and their "
          "nurses kept notes on what they ate, how far they walked, whether they took their tablets, how they "
          "slept, and what they thought of measuring their own pressure at home in the mornings and evenings.")


def paper(body: str, numbered_list: bool = True) -> Document:
    text = body + "\n\n" + FILLER + "\n\n## References\n\n" + (LIST if numbered_list else
                                                "Alder, A. (2020). Trade. J Trade, 1, 1-9.\nBaker, B. (2021). Ports. J Ports, 2, 3-9.")
    doc = read_paper(text, "x.txt", "x")
    body_end = doc.reference_line - 1
    doc.citations = find_citations(text, "x.txt", doc, body_end)
    link_citations(doc)
    return doc


def numbers(body: str, numbered_list: bool = True) -> list[tuple[int, int]]:
    return [(c.line, c.number) for c in paper(body, numbered_list).citations if c.number is not None]


@pytest.mark.parametrize("body,expected", [
    ("Pressure fell [1].", [(1, 1)]),
    ("Pressure fell [1, 2].", [(1, 1), (1, 2)]),
    ("Pressure fell [1-3].", [(1, 1), (1, 2), (1, 3)]),
    ("Pressure fell [1–3, 7].", [(1, 1), (1, 2), (1, 3), (1, 7)]),
    ("Pressure fell [2]–[4].", [(1, 2), (1, 3), (1, 4)]),
    ("Pressure fell [3, p. 12].", [(1, 3)]),
    ("Pressure fell (1).\nIt rose again (1, 3).", [(1, 1), (2, 1), (2, 3)]),
    ("Pressure fell¹,² and rose¹⁻³.", [(1, 1), (1, 2), (1, 1), (1, 2), (1, 3)]),
    ("Pressure fell since 1995⁴.", [(1, 4)]),
    ("As shown in ref. 4 and refs 5,6, it fell.", [(1, 4), (1, 5), (1, 6)]),
    ("As shown in refs. 2–4.", [(1, 2), (1, 3), (1, 4)]),
], ids=["one", "two", "range", "range_and_one", "ieee_range", "locator", "parentheses", "unicode_superscripts",
        "superscript_after_year", "nature_ref", "nature_refs_range"])
def test_numbered_forms(body, expected):
    assert numbers(body) == expected


@pytest.mark.parametrize("body,expected", [
    ("Pressure fell in older adults.1,2 It rose in the young.3", [(1, 1), (1, 2), (1, 3)]),
    ("Pressure fell in older adults1–3 and rose in the young4.", [(1, 1), (1, 2), (1, 3), (1, 4)]),
], ids=["after_punctuation", "glued_to_word"])
def test_superscripts_flattened_by_pdf_text(body, expected):
    assert numbers(body) == expected


NOT_CITED = {
    "years": "Trials ran from 2015 to 2019 (2016) and in [2020].",
    "figure_and_table": "See Figure (2), Table [3] and Fig. [4].",
    "equation_number": "The change is\n    ΔP = P(12) − P(0)    (1)\nwhere P is pressure.",
    "decimals": "Pressure fell by 7.4 mmHg (95% CI 4.1 to 10.7) and 0.5 (0.2).",
    "page_range": "Methods are on pages 12-15 (pp. 3-5).",
    "units": "Each took 5 mg (2 doses) of the drug over 10 m².",
    "enumeration": "We asked: (1) whether it works, (2) whether it lasts, and (3) what it costs.",
    "list_item_at_line_start": "(1) Enrol the patients.\n(2) Measure them.",
    "math_interval": "Scores lie in [0, 1] and f(2) = 3.",
    "r_squared_power": "The fit was good (R² = 0.91) and 10³ cells grew.",
    "phase": "In phase (2) the dose rose.",
    "array_index": "Set value[0]=0xFF and value[1] = 0x01, x[2] and data.items[3] too.",
    "spelt_out_reference": "Chapter 4: Function reference 9 lists them.",
}


@pytest.mark.parametrize("case", list(NOT_CITED))
def test_not_numbered_citations(case):
    assert numbers(NOT_CITED[case]) == []


def test_weak_forms_only_in_numbered_papers():
    """With an author-year list, '(1)' and 'adults.1' are not read as citations, nor superscripts
    (footnote marks), but brackets still are (and make a mixed paper)."""
    body = "Pressure fell (1) in adults.2 Trade grew (Alder, 2020).³ Ports grew [2]."
    assert numbers(body, numbered_list=False) == [(1, 2)]


def test_linked_by_the_printed_number_and_past_the_list():
    doc = paper("Pressure fell [2, 9].")
    (two, nine) = doc.citations
    assert (two.ref, two.link) == (2, "number")
    assert nine.ref is None and nine.link.startswith("past the list")
    kinds = [(f.kind, f.line) for f in check_document(doc)]
    assert ("cited_not_listed", 1) in kinds


def test_listed_not_cited_counts_every_number_of_a_range():
    doc = paper("Pressure fell [1–4].\nIt rose [5, 6] and [7]–[8].")
    assert not [f for f in check_document(doc) if f.kind == "listed_not_cited"]
    doc = paper("Pressure fell [1–4].\nIt rose [5, 6] and [8].")
    assert [(f.kind, f.ref) for f in check_document(doc) if f.kind == "listed_not_cited"] == [("listed_not_cited", 7)]


def test_first_citation_order():
    """Vancouver numbers entries by first citation: a swapped pair is named, both of it."""
    doc = paper("A [1]. B [2]. C [3].\nD [6].\nE [5].\nF [4]. G [7, 8].")
    out = [(f.line, f.ref) for f in check_document(doc) if f.kind == "ordering"]
    assert out == [(2, 6), (4, 4)]
    doc = paper("A [1]. B [2]. C [3].\nD [4]. E [5, 6].\nF [7, 8] and [1].")
    assert not [f for f in check_document(doc) if f.kind == "ordering"]


def test_mixed_styles_reported_once():
    doc = paper("Pressure fell [1, 2] and [3].\nIt rose (Alder, 2020).")
    mixed = [f for f in check_document(doc) if f.kind == "mixed_citation_styles"]
    assert len(mixed) == 1 and mixed[0].line == 2 and "author-year" in mixed[0].message
    assert doc.style == "numbered"


@pytest.mark.parametrize("text,expected", [
    ("1–3, 7", [1, 2, 3, 7]), ("¹⁻³", [1, 2, 3]), ("0", None), ("5-2", None), ("1-900", None), ("3 and 4", [3, 4]),
])
def test_expand_numbers(text, expected):
    assert expand_numbers(text) == expected


def test_affiliation_superscripts_are_not_citations():
    body = "Jane Doe¹, John Roe²\n¹ University of Somewhere\n\n## Abstract\nPressure fell¹,³."
    assert numbers(body) == [(5, 1), (5, 3)]


def test_bracket_after_a_word_or_a_full_stop_cites():
    assert numbers("Pressure fell[1] and rose.[2]") == [(1, 1), (1, 2)]
