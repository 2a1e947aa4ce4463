"""The BibTeX reader's shortcuts give what the general path gives: plain names, plain DOIs,
and entries read once for every file that prints them alike (new objects each time)."""
from __future__ import annotations

import random

from litgraph.doi import clean_doi
from litgraph.readers import bibtex
from litgraph.readers.bibtex import read_bibtex

_WORDS = ["Smith", "van", "der", "Berg", "de", "la", "Fontaine", "O'Neil", "Müller", "Ørsted", "McDonald",
          "J.", "J", "A.B.", "Ann", "Mary-Jane", "Jr.", "Jean-Paul", "d'Alembert", "ibn", "Rushd", "DE", "Ab",
          "Cruz", "x", "-", ".", "Lee", "Le", "von", "Neumann", "ВЛАДИМИР", "Ünal", "Li"]
_SPACES = [" ", " ", " ", "  ", "\t", "\n", "\u00a0", "~", "\r\n"]


def _name(rnd: random.Random) -> str:
    def words(n):
        out = rnd.choice(_SPACES) if rnd.random() < 0.1 else ""
        for k in range(n):
            out += (rnd.choice(_SPACES) if k else "") + rnd.choice(_WORDS)
        return out + (rnd.choice(_SPACES) if rnd.random() < 0.1 else "")

    shape = rnd.random()
    if shape < 0.7:
        return words(rnd.randint(1, 4)) + "," + words(rnd.randint(0, 3))
    if shape < 0.85:
        return words(rnd.randint(1, 4))
    return ",".join(words(rnd.randint(0, 2)) for _ in range(rnd.randint(2, 4)))


def test_plain_names_as_the_general_path():
    rnd = random.Random(7)
    taken = 0
    for _ in range(20000):
        person = _name(rnd)
        plain = bibtex._plain_person_names(person)
        if plain is not None:
            taken += 1
            assert plain == bibtex._parsed_person_names(person), person
    assert taken > 5000  # the shortcut is taken by most "Family, Given" names


def test_plain_author_fields_as_the_general_path():
    # Whole author fields: the one-pattern way for "Family, G. and Family, G." gives what the
    # split-and-parse way gives, and declines whatever it cannot promise ("and" as a given
    # name, LaTeX, other spaces, "others").
    rnd = random.Random(11)
    joins = [" and ", " and ", " and ", " AND ", "  and ", " and\n", ",", " & "]
    words = _WORDS + ["and", "And", "AND", "others", "An", "andy", "--", "a--b", "{Bank}", "\\'e", "``q''", "?`x"]
    taken = 0
    for _ in range(20000):
        people = []
        for _ in range(rnd.randint(1, 4)):
            if rnd.random() < 0.8:
                given = " ".join(rnd.choice(words) for _ in range(rnd.randint(1, 3)))
                people.append(rnd.choice(words) + rnd.choice([", ", ",", ", ", " , "]) + given)
            else:
                people.append(" ".join(rnd.choice(words) for _ in range(rnd.randint(1, 2))))
        value = people[0]
        for p in people[1:]:
            value += rnd.choice(joins) + p
        if bibtex._PLAIN_PEOPLE.fullmatch(value):
            taken += 1
        assert bibtex._people_of(value) == bibtex._people_of_any(value), value
    assert taken > 2000  # the way of most fields is taken, and tested
    for value in ["Smith, J. and and, K.", "Smith, and K.", "Smith, J. and Jones", "Smith, J. and others",
                  "others, J.", "Smith, J. and Jones, K. L. M.", "Müller, Ø.", "de, la", "Smith,J. and Lee,K."]:
        assert bibtex._people_of(value) == bibtex._people_of_any(value), value


def test_plain_dois_as_clean_doi():
    rnd = random.Random(3)
    chars = "abcXYZ0123456789._-/()<>;:[] "
    ends = ["", "/full", "/pdf", "/abstract", ".", "_", "/", ")", "/epdf/", "2"]
    for _ in range(20000):
        prefix = "10." + "".join(rnd.choice("0123456789.") for _ in range(rnd.randint(2, 11)))
        suffix = "".join(rnd.choice(chars) for _ in range(rnd.randint(0, 14)))
        for doi in (f"{prefix}/{suffix}{rnd.choice(ends)}", f"{prefix}/{rnd.choice(ends)}"):
            assert bibtex._doi(doi) == clean_doi(doi), doi
    assert bibtex._doi("10.1057/S41267-019-00245-Y") == "10.1057/s41267-019-00245-y"


BIB = """@article{a1,
  author = {Smith, John and Doe, J.},
  title = {A {Study} of caf\\'e networks},
  journal = {Journal of Things},
  year = {2001},
  volume = 12,
  pages = {55--80},
  doi = {10.1234/abc.2001.12},
  keywords = {one, two}
}

@book{a2,
  editor = {Ryszard Michalski, Jaime Carbonell,},
  title = {Machine Learning},
  year = {1983}
}
"""


def test_entries_printed_alike_are_read_alike_into_new_objects():
    bibtex._ENTRIES.clear()
    first = read_bibtex(BIB, "one.bib", "one")
    assert len(bibtex._ENTRIES) == 2  # both entries depend on nothing but their text
    second = read_bibtex(BIB.replace("{a1,", "{b1,").replace("{a2,", "{b2,"), "two.bib", "two")
    for a, b in zip(first.references, second.references):
        assert (a.source, a.key) != (b.source, b.key)
        a_json, b_json = a.to_json(), b.to_json()
        for j in (a_json, b_json):
            j.pop("source"), j.pop("raw")
        assert a_json == b_json
        assert (a.authors, a.editors, a.extra) == (b.authors, b.editors, b.extra)
        assert a.authors is not b.authors and a.extra is not b.extra
        assert all(x is not y for x, y in zip(a.authors, b.authors))
    first.references[0].authors[0].family = "Changed"
    first.references[0].extra["keywords"] = "changed"
    third = read_bibtex(BIB, "three.bib", "three")
    assert third.references[0].authors[0].family == "Smith"
    assert third.references[0].extra["keywords"] == "one, two"
    # the name warning is told for each file, with that file's key and line
    for doc, key in ((first, "a2"), (second, "b2"), (third, "a2")):
        bad = [w for w in doc.warnings if w.kind == "bad_name"]
        assert len(bad) == 1 and f"entry '{key}'" in bad[0].message and bad[0].line == 12
    # a book's editors stand as its authors: one list, as before
    book = third.references[1]
    assert book.authors is book.editors and [a.family for a in book.authors] == ["Michalski", "Carbonell"]


def test_entries_with_macros_or_crossref_are_not_kept():
    bibtex._ENTRIES.clear()
    text = """@article{m1,
  title = {T},
  journal = jib,
  year = 2001
}

@inbook{c1,
  title = {Chapter},
  crossref = {p1}
}

@book{p1,
  title = {Parent},
  publisher = {Press},
  year = {1999}
}
"""
    doc = read_bibtex(text, "m.bib", "m")
    assert [k for body in bibtex._ENTRIES for k in ("jib", "crossref") if k in body] == []
    assert len(bibtex._ENTRIES) == 1  # the parent only
    again = read_bibtex(text, "n.bib", "n")
    assert [w.kind for w in again.warnings] == [w.kind for w in doc.warnings] == ["undefined_string"]
    assert again.references[1].publisher == "Press" and again.references[1].container == "Parent"


def test_needs_work_is_the_work_pattern():
    """_needs_work (one class of characters first) says what _WORK.search says, for values made of
    the characters that decide it, and _OTHER_SPACES are every white space re's \\s knows but ' '."""
    import re

    spaces = re.compile("[" + bibtex._OTHER_SPACES + "]")
    assert all((c.isspace() and c != " ") == bool(spaces.fullmatch(c)) for c in map(chr, range(0x110000)))
    rnd = random.Random(5)
    chars = " ab-`'{}\\$~?!\t\n\r\u00a0\u2003\u3000\x85xyz1"
    work = 0
    for _ in range(100000):
        value = "".join(rnd.choice(chars) for _ in range(rnd.randint(0, 9)))
        expected = bibtex._WORK.search(value) is not None
        work += expected
        assert bibtex._needs_work(value) == expected, repr(value)
    assert 10000 < work < 90000  # both answers were at stake
    for value in ["Plain title 1308", "", " lead", "trail ", "two  spaces", "a--b", "O'Neil", "x\u00a0y"]:
        assert bibtex._needs_work(value) == (bibtex._WORK.search(value) is not None), value
