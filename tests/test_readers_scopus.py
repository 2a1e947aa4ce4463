"""Scopus exports: the CSV in its layouts (column shifts included) and the references of its BibTeX.

Fixtures are invented records in Scopus's layout; the real files of
../shared/datasets/exports are read when present (skipped, saying so, when not).
"""
import csv
import io
import re

import pytest

from litgraph.errors import InputError
from litgraph.readers import read_file
from litgraph.readers.registry import detect, probe
from litgraph.readers.scopus import parse_scopus_reference, scopus_authors, split_references

from conftest import SHARED

EXPORTS = SHARED / "datasets" / "exports"
needs_exports = pytest.mark.skipif(not EXPORTS.is_dir(), reason="../shared/datasets/exports is not present")

HEADER_45 = ["Authors", "Author(s) ID", "Title", "Year", "Source title", "Volume", "Issue", "Art. No.",
             "Page start", "Page end", "Page count", "Cited by", "DOI", "Link", "Affiliations",
             "Authors with affiliations", "Abstract", "Author Keywords", "Index Keywords",
             "Molecular Sequence Numbers", "Chemicals/CAS", "Tradenames", "Manufacturers", "Funding Details",
             "Funding Text 1", "References", "Correspondence Address", "Editors", "Sponsors", "Publisher",
             "Conference name", "Conference date", "Conference location", "Conference code", "ISSN", "ISBN",
             "CODEN", "PubMed ID", "Language of Original Document", "Abbreviated Source Title",
             "Document Type", "Publication Stage", "Open Access", "Source", "EID"]

REFS_A = ("Johanson, J., Vahlne, J.-E., The internationalization process of the firm (1977) J. Int. Bus. Stud., "
          "8 (1), pp. 23-32; Penrose, E.T., (1959) The Theory of the Growth of the Firm, , Blackwell, Oxford; "
          "Oviatt, B.M., McDougall, P.P., Toward a theory of international new ventures (1994) J. Int. Bus. Stud., "
          "25 (1), pp. 45-64. , https://doi.org/10.1057/palgrave.jibs.8490193")
REFS_B = ("Kramer, H., Sample-first selling (2011) In: Craft Trade, pp. 1-20. , Hermans, J.; Skeel, R. D., Eds.; "
          "Springer-Verlag: Berlin; Sastro, B., Export starts of rattan workshops (2011) J. Small Firm Trade, 7, "
          "pp. 101-118")


def _row(n: int, refs: str, shifted: bool) -> list[str]:
    cells = {h: "" for h in HEADER_45}
    cells.update({"Authors": "Sastro B., Wulandari A.R.", "Title": f"Invented study number {n}", "Year": "2020",
                  "Source title": "Journal of Small Firm Trade", "Volume": "9", "Issue": "1", "Page start": "1",
                  "Page end": "12", "DOI": f"10.9999/jsft.{n}", "Author Keywords": "rattan; exports",
                  "Funding Text 1": "Invented funding.", "References": refs, "Document Type": "Article",
                  "EID": f"2-s2.0-8500000000{n}", "Source": "Scopus"})
    row = [cells[h] for h in HEADER_45]
    if shifted:  # Scopus's unlabelled "Funding Text 2" after "Funding Text 1"
        at = HEADER_45.index("Funding Text 1") + 1
        row.insert(at, "More invented funding; with a semicolon.")
    return row


def _csv(rows, header=HEADER_45) -> str:
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\n")
    w.writerow(header)
    w.writerows(rows)
    return "\ufeff" + out.getvalue()


def test_split_mends_semicolons_inside_a_reference():
    parts = split_references(REFS_B)
    assert len(parts) == 2
    assert parts[0].endswith("Springer-Verlag: Berlin") and parts[1].startswith("Sastro, B.")
    assert len(split_references(REFS_A)) == 3


def test_the_regular_shape_is_read_field_by_field():
    r = parse_scopus_reference(split_references(REFS_A)[0])
    assert [a.family for a in r.authors] == ["Johanson", "Vahlne"] and r.authors[1].given == "J.-E."
    assert (r.year, r.title, r.container, r.volume, r.issue, r.pages, r.type) == (
        1977, "The internationalization process of the firm", "J. Int. Bus. Stud.", "8", "1", "23–32", "article")
    book = parse_scopus_reference(split_references(REFS_A)[1])
    assert (book.title, book.type, book.publisher) == ("The Theory of the Growth of the Firm", "book", "Blackwell, Oxford")
    doi = parse_scopus_reference(split_references(REFS_A)[2])
    assert doi.doi == "10.1057/palgrave.jibs.8490193" and doi.pages == "45–64"


def test_other_shapes_go_through_the_reference_parser():
    r = parse_scopus_reference("Smith J, 2001. Rattan markets of Java. Working paper, Institute of Trade.")
    assert r.year == 2001 and r.authors and r.authors[0].family == "Smith"


@pytest.mark.parametrize("value, families", [
    ("Phillips J.C., Braun R., Wang W.", ["Phillips", "Braun", "Wang"]),
    ("Pan, Y., Yu, C., Zhang, X.", ["Pan", "Yu", "Zhang"]),
    ("Phillips J.C.; Braun R.", ["Phillips", "Braun"]),
    ("[No author name available]", []),
])
def test_author_lists_of_every_vintage(value, families):
    assert [a.family for a in scopus_authors(value)] == families


def test_shifted_columns_are_realigned(tmp_path):
    path = tmp_path / "scopus.csv"
    path.write_text(_csv([_row(1, REFS_A, False), _row(2, REFS_B, True), _row(3, "", True)]), "utf-8")
    assert detect(probe(str(path))).name == "scopus"
    docs = read_file(str(path))
    assert [len(d.references) for d in docs] == [3, 2, 0]
    assert docs[1].references[1].authors[0].family == "Sastro"
    m = docs[1].meta
    assert (m.title, m.year, m.container, m.pages, m.doi) == (
        "Invented study number 2", 2020, "Journal of Small Firm Trade", "1–12", "10.9999/jsft.2")
    assert m.ids["scopus"] == "2-s2.0-85000000002" and m.keywords == ["rattan", "exports"]
    assert m.extra["document_type"] == "Article" and [a.family for a in m.authors] == ["Sastro", "Wulandari"]


def test_old_layout_and_a_missing_references_column(tmp_path):
    old = [h for h in HEADER_45 if h not in ("Author(s) ID", "Funding Text 1", "Publication Stage", "Open Access")]
    path = tmp_path / "old.csv"
    rows = [[dict(zip(HEADER_45, _row(1, REFS_A, False)))[h] for h in old]]
    path.write_text(_csv(rows, old), "utf-8")
    assert len(read_file(str(path))[0].references) == 3
    none = [h for h in old if h != "References"]
    path2 = tmp_path / "norefs.csv"
    path2.write_text(_csv([[dict(zip(old, rows[0]))[h] for h in none]], none), "utf-8")
    docs = read_file(str(path2))
    assert len(docs) == 1 and docs[0].references == []
    assert any(w.kind == "no_references" for w in docs[0].warnings)


def test_a_short_row_is_named_and_the_rest_read(tmp_path):
    text = _csv([_row(1, REFS_A, False), _row(2, REFS_A, False)[:10]])
    path = tmp_path / "cut.csv"
    path.write_text(text, "utf-8")
    docs = read_file(str(path))
    assert len(docs) == 2
    short = [w for w in docs[0].warnings if w.kind == "short_row"]
    assert short and short[0].line == 3 and "record 2" in short[0].message


def test_a_csv_of_something_else_is_not_scopus(tmp_path):
    path = tmp_path / "other.csv"
    path.write_text("name,count\nrattan,3\n", "utf-8")
    with pytest.raises(InputError):
        read_file(str(path), as_format="scopus")


SCOPUS_BIB = """Scopus
EXPORT DATE: 01 December 2026

@ARTICLE{Sastro2011101,
\tauthor={Sastro, B. and Wulandari, A.R.},
\ttitle={Export starts of rattan workshops},
\tjournal={Journal of Small Firm Trade},
\tyear={2011},
\tvolume={7},
\tpages={101-118},
\tdoi={10.9999/jsft.2011.0007},
\turl={https://www.scopus.com/inward/record.uri?eid=2-s2.0-85000000001&doi=10.9999},
\tauthor_keywords={rattan;  exports},
\treferences={""" + REFS_A + """},
\tnote={cited By 3},
\tsource={Scopus},
}

@ARTICLE{Kramer20111,
\tauthor={Kramer, H.},
\ttitle={Sample-first selling in craft exports},
\tjournal={Journal of International Marketing},
\tyear={2011},
\tsource={Scopus},
}
"""


def test_scopus_bibtex_references(tmp_path):
    path = tmp_path / "scopus.bib"
    path.write_text(SCOPUS_BIB, "utf-8")
    docs = read_file(str(path))
    assert [len(d.references) for d in docs] == [3, 0]
    m = docs[0].meta
    assert m.ids["scopus"] == "2-s2.0-85000000001" and "references" not in m.extra
    assert m.keywords == ["rattan", "exports"]
    assert docs[0].references[0].container == "J. Int. Bus. Stud."


# ---- the real files -------------------------------------------------------------------------

def _carried(cell: str) -> int:
    return len([p for p in cell.split("; ") if p.strip()])


@needs_exports
def test_real_scopus_csv_with_shifted_columns():
    path = EXPORTS / "scopus_csv" / "litstudy_scopus.csv"
    docs = read_file(str(path))
    assert len(docs) == 58
    assert sum(1 for d in docs if d.references) == 48
    assert all(d.meta.ids["scopus"].startswith("2-s2.0-") and d.meta.title for d in docs)
    rows = list(csv.reader(open(path, encoding="utf-8-sig")))
    carried = sum(_carried(r[26] if len(r) == 46 else r[25]) for r in rows[1:])
    read = sum(len(d.references) for d in docs)
    assert 0.95 * carried <= read <= carried


@needs_exports
def test_real_scopus_csv_old_layout():
    docs = read_file(str(EXPORTS / "scopus_csv" / "tethne_scopus.csv"))
    assert len(docs) == 20 and all(d.references for d in docs)
    refs = [r for d in docs for r in d.references]
    assert sum(1 for r in refs if r.year and r.authors) >= 0.95 * len(refs)
    assert docs[0].meta.authors[0].family == "Pan"


@needs_exports
def test_real_scopus_references_split_like_the_file():
    text = (EXPORTS / "scopus_bibtex" / "pybibx_scopus.bib").read_text("utf-8")
    cells = re.findall(r"references=\{(.*)\},?\n", text)
    carried = sum(_carried(c) for c in cells)
    split = sum(len(split_references(c)) for c in cells)
    assert 0.95 * carried <= split <= carried
