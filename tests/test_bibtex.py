import json

from litgraph.export.bibtex import assign_keys, to_bibtex
from litgraph.model import Author, Reference
from litgraph.readers.bibtex import read_bibtex

from conftest import BIB, GOLD

SAMPLE = r"""
@string{jibs = "Journal of International Business Studies"}
@article{johanson1977,
  author = {Johanson, Jan and Vahlne, Jan-Erik},
  title = {The Internationalization Process of the {Firm}},
  journal = jibs, year = 1977, volume = 8, number = 1, pages = {23--32},
  doi = {https://doi.org/10.1057/palgrave.jibs.8490676}
}
@book{who2020, author = {{World Health Organization} and G{\"o}del, Kurt and van der Berg, J.},
  title = {Caf\'e culture}, year = {2020}, publisher = {WHO}}
@article{johanson1977, title = {a second entry with the same key}}
@inproceedings{child, author = {Doe, Jane and others}, title = {A chapter}, crossref = {parent}, pages = {1-2}}
@proceedings{parent, title = {Big Proceedings}, year = {2001}, publisher = {ACM}, editor = {Roe, R.}}
@article{broken, title = {never closed
"""


def test_reader_macros_crossref_latex_and_names():
    doc = read_bibtex(SAMPLE, "s.bib", "s")
    refs = {r.key: r for r in doc.references}
    j = refs["johanson1977"]
    assert j.container == "Journal of International Business Studies"
    assert (j.volume, j.issue, j.pages, j.doi) == ("8", "1", "23–32", "10.1057/palgrave.jibs.8490676")
    assert j.title == "The Internationalization Process of the Firm"
    who = refs["who2020"]
    assert [(a.family, a.given) for a in who.authors] == [
        ("World Health Organization", None), ("Gödel", "Kurt"), ("van der Berg", "J.")]
    assert who.title == "Café culture"
    child = refs["child"]
    assert (child.container, child.year, child.publisher) == ("Big Proceedings", 2001, "ACM")
    assert child.authors_truncated and child.type == "chapter"


def test_duplicate_key_and_broken_entry_are_warnings_with_lines():
    doc = read_bibtex(SAMPLE, "s.bib", "s")
    kinds = {(w.kind, w.line) for w in doc.warnings}
    assert ("duplicate_key", 11) in kinds
    assert any(k == "unreadable_entry" and line == 14 for k, line in kinds)
    # The repeated key is kept under a generated one (a real Mendeley export reuses keys for distinct works).
    assert [r.key for r in doc.references] == ["johanson1977", "who2020", "johanson1977-2", "child", "parent"]
    assert doc.references[0].title.startswith("The Internationalization")
    assert doc.references[2].title == "a second entry with the same key"
    assert any(w.severity == "error" and w.kind == "records_lost" and "read 5 of 6" in w.message
               for w in doc.warnings)


def test_keys_are_stable_and_unique():
    a = Reference("x", 1, "", authors=[Author("Müller", "K.")], year=2019, title="The study of things")
    b = Reference("x", 2, "", authors=[Author("Müller", "K.")], year=2019, title="The study of other things")
    c = Reference("x", 3, "", authors=[Author("Smith")], year=None, title="A")
    assert assign_keys([a, b, c]) == ["muller2019studya", "muller2019studyb", "smithnd"]
    assert assign_keys([a, b, c]) == assign_keys([a, b, c])


def test_writer_round_trips_through_the_reader():
    ref = Reference("x", 1, "", type="article", authors=[Author("Johanson", "J."), Author("World Bank")],
                    year=2018, year_suffix="b", title="Costs & {braces} of 100% things_x", container="J. Econ.",
                    volume="3", issue="2", pages="10–20", doi="10.1000/abc_1")
    back = read_bibtex(to_bibtex([ref]), "r.bib", "r").references[0]
    assert [(a.family, a.given) for a in back.authors] == [("Johanson", "J."), ("World Bank", None)]
    assert (back.year, back.year_suffix) == (2018, "b")
    assert back.title == ref.title
    assert (back.container, back.volume, back.issue, back.pages, back.doi) == ("J. Econ.", "3", "2", "10–20",
                                                                               "10.1000/abc_1")


def test_demo_corpus_bibtex_matches_the_checked_gold():
    for slug in ("ornamental-plant-batu", "entry-modes-east-java", "footwear-mojokerto"):
        refs = read_bibtex((BIB / slug / "references.bib").read_text("utf-8"), slug, slug).references
        gold = json.loads((GOLD / f"{slug}.refs.json").read_text("utf-8"))
        assert len(refs) == len(gold)
        for r, g in zip(refs, gold):
            assert [(a.family, a.given) for a in r.authors] == [(a["family"], a["given"]) for a in g["authors"]]
            assert (r.year, r.year_suffix, r.title, r.doi) == (g["year"], g["year_suffix"], g["title"], g["doi"])


def test_a_field_repeated_is_one_warning_and_the_first_value_is_kept():
    """Scopus repeats funding_details up to three times in one entry: one warning a field, not one
    a repeat, and the first value read."""
    text = ("@article{a1,\n  author = {Doe, Jane},\n  title = {First title},\n  note = {one},\n  note = {two},\n"
            "  note = {three},\n  title = {Second title},\n  year = {2020}\n}\n")
    doc = read_bibtex(text, "r.bib", "r")
    dup = sorted(w.message for w in doc.warnings if w.kind == "duplicate_field")
    assert dup == ["entry 'a1' has field 'note' 3 times: the first is kept",
                   "entry 'a1' has field 'title' twice: the first is kept"]
    assert doc.references[0].title == "First title"


def test_keys_and_fields_repeated_in_another_case_are_told_on_the_fast_path_too():
    """The fast splitter passes "Smith2001"/"smith2001" and "Title"/"title" (bibtexparser compares
    them as printed); the reader still tells them, as it does for exact repeats."""
    from litgraph.readers.bibsplit import split_fast

    text = ("@article{Smith2001,\n  author = {Smith, J.},\n  title = {One},\n  year = {2001}\n}\n"
            "@article{smith2001,\n  author = {Smith, J.},\n  Title = {Two},\n  title = {Three},\n  year = {2001}\n}\n")
    assert split_fast(text) is not None
    doc = read_bibtex(text, "r.bib", "r")
    assert [r.key for r in doc.references] == ["Smith2001", "smith2001-2"]
    assert [r.title for r in doc.references] == ["One", "Two"]
    kinds = sorted((w.kind, w.line) for w in doc.warnings)
    assert kinds == [("duplicate_field", 6), ("duplicate_key", 6)]


def test_inverted_names_are_split_as_bibtexparser_splits_them():
    """The fast path for "von Last, First" gives bibtexparser's parts, whatever the letters' case."""
    import random

    from bibtexparser.middlewares.names import parse_single_name_into_parts

    from litgraph.readers.bibtex import _inverted_name

    rnd = random.Random(5)
    words = ["van", "der", "王", "小明", "ǅemal", "Berg", "J.", "1", "'t", "d'Ali", "ΣΩ", "σω", "Жук", "жук", "ß",
             "İz", "-x", "~", "\t", "a-b", "Ábc", "über", "de la"]
    taken = 0
    for _ in range(3000):
        name = (" ".join(rnd.choice(words) for _ in range(rnd.randint(0, 4))) + rnd.choice([",", ", ", " ,"])
                + " ".join(rnd.choice(words) for _ in range(rnd.randint(0, 3))))
        fast = _inverted_name(name)
        if fast is None:
            continue
        taken += 1
        slow = parse_single_name_into_parts(name)
        assert (fast.first, fast.von, fast.last, fast.jr) == (slow.first, slow.von, slow.last, slow.jr), name
    assert taken > 1000
