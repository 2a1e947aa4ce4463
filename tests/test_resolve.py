from litgraph.model import Author, Citation, Reference
from litgraph.readers.citations import split_cited_names
from litgraph.resolve import link_citation, name_match, reconstruct_references


def ref(i, names, year, suffix=None):
    return Reference("x", i, "", authors=[Author(n) for n in names], year=year, year_suffix=suffix)


def cit(authors, year, line=1):
    names, et_al = split_cited_names(authors)
    return Citation("t", line, f"({authors}, {year})", authors, year, False, names=names, et_al=et_al)


REFS = [ref(1, ["Ciešlik", "Kaciak", "Welsh"], 2012), ref(2, ["Dominguez"], 2018, "a"),
        ref(3, ["Dominguez"], 2018, "b"), ref(4, ["Johanson", "Vahlne"], 1977),
        ref(5, ["Sultoni", "Bidin"], 2022), ref(6, ["Reid", "Smith", "Xu"], 2020)]


def test_spelling_slip_links_with_its_reason():
    c = cit("Cieřlik et al.", "2012")
    link_citation(c, REFS)
    assert c.ref == 1 and c.link.startswith("fuzzy")


def test_missing_suffix_is_ambiguous_not_guessed():
    c = cit("Dominguez", "2018")
    link_citation(c, REFS)
    assert c.ref is None and c.link == "ambiguous: 2, 3"
    c = cit("Dominguez", "2018b")
    link_citation(c, REFS)
    assert c.ref == 3


def test_same_authors_other_year_is_not_linked():
    c = cit("Johanson & Vahlne", "2009")
    link_citation(c, REFS)
    assert c.ref is None and c.link == "other year: 1977"
    c = cit("Reid", "1981")
    link_citation(c, REFS)
    assert c.ref is None


def test_citation_without_year_links_to_the_only_entry():
    c = cit("Sul-toni et al.", None)
    link_citation(c, REFS)
    assert c.ref == 5


def test_name_match():
    assert name_match("Živanović", "Zivanovic") == 2
    assert name_match("Afsarmaneh", "Afsarmanesh") == 1
    assert name_match("Wiedersheim", "Wiedersheim-Paul") == 1
    assert name_match("Li", "Lu") == 0
    assert name_match("Tambunan", "Tambunan") == 2


def test_reconstruction_merges_spellings_of_one_work_only():
    cits = [cit("Matos & Afsarmaneh", "2005", 1), cit("Matos & Afsarmanesh", "2005", 2),
            cit("Matos & Afsarmanesh", "2006", 3), cit("Arigo", "2012", 4), cit("Arigo", "2013", 5)]
    refs = reconstruct_references(cits, "p")
    assert [r.raw for r in refs] == ["Arigo (2012)", "Arigo (2013)", "Matos & Afsarmanesh (2005)",
                                     "Matos & Afsarmanesh (2006)"]
    assert all(r.reconstructed and "only the authors and year" in r.note for r in refs)


def test_container_mismatch_flags_a_business_study_in_a_welding_journal():
    from litgraph.analysis.checks import container_mismatch
    from litgraph.model import Document

    refs = [Reference("x", 1, "", title="Entry modes of SMEs: a meta-analysis", container="Journal of Welding Science"),
            Reference("x", 2, "", title="Optics of thin films", container="Journal of Optics"),
            Reference("x", 3, "", title="Export strategy of firms", container="Journal of Business Research")]
    found = container_mismatch(Document("x", "x", "list", references=refs))
    assert [(f.ref, f.kind) for f in found] == [(1, "container_mismatch")]
