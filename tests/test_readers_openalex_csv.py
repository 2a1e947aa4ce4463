"""OpenAlex works CSV: the website's export and the API's format=csv, both column layouts.

tests/data/exports/openalex-web-export.csv is a real export of openalex.org (four rows of
bibnets' inst/extdata/openalex_works.csv, MIT; the data is OpenAlex's, CC0): its columns are
what the user chose, here without referenced_works. The exports with cited references are
written here, invented works in the layout OpenAlex's exporter (ourresearch/openalex-formatter)
writes: dotted column names, lists joined with "|", referenced works as full OpenAlex URLs.
"""
import csv
import json
from pathlib import Path

import pytest

from litgraph.errors import InputError
from litgraph.readers import read_file
from litgraph.readers.registry import detect, probe

from conftest import run_cli

REAL = Path(__file__).parent / "data" / "exports" / "openalex-web-export.csv"

# The current layout: a subset of the columns the exporter writes, in its order.
DOTTED = ["id", "doi", "title", "display_name", "publication_year", "publication_date", "type",
          "authorships.author_position", "authorships.author.id", "authorships.author.display_name",
          "authorships.author.orcid", "cited_by_count", "referenced_works_count", "referenced_works",
          "related_works", "ids.openalex", "ids.doi", "ids.pmid", "primary_location.source.display_name",
          "primary_location.source.issn_l", "primary_location.source.host_organization_name",
          "biblio.volume", "biblio.issue", "biblio.first_page", "biblio.last_page", "keywords.display_name",
          "abstract"]
# The layout before 2024 (openalex-formatter's CSV_FIELDS): underscores, other names.
UNDERSCORED = ["id", "display_name", "publication_date", "relevance_score", "primary_location_id",
               "primary_location_display_name", "primary_location_host_organization", "primary_location_issns",
               "primary_location_issn_l", "author_ids", "author_names", "author_orcids", "is_oa",
               "cited_by_count", "doi", "mag", "pmid", "pmcid", "publication_year", "cited_by_api_url", "type",
               "biblio_issue", "biblio_first_page", "biblio_volume", "biblio_last_page", "referenced_works",
               "related_works", "concept_ids"]


def work(n: int, cites: list[int]) -> dict:
    """One invented work as the exporter flattens it (dotted names)."""
    wid = f"https://openalex.org/W20{n}"
    refs = [f"https://openalex.org/W20{c}" for c in cites] + ["https://openalex.org/W777"]
    return {
        "id": wid, "doi": f"https://doi.org/10.9999/OACSV.{n}", "title": f"Clove farmers and export cooperatives {n}",
        "display_name": f"Clove farmers and export cooperatives {n}", "publication_year": str(2010 + n),
        "publication_date": f"{2010 + n}-03-01", "type": "article", "authorships.author_position": "first|last",
        "authorships.author.id": "https://openalex.org/A1|https://openalex.org/A2",
        "authorships.author.display_name": "Ayu Rini Wulandari|Pieter de Groot",
        "authorships.author.orcid": "|https://orcid.org/0000-0000-0000-0001", "cited_by_count": "12",
        "referenced_works_count": str(len(refs)), "referenced_works": "|".join(refs), "related_works": "",
        "ids.openalex": wid, "ids.doi": f"https://doi.org/10.9999/OACSV.{n}",
        "ids.pmid": f"https://pubmed.ncbi.nlm.nih.gov/88{n}", "primary_location.source.display_name":
        "Journal of Spice Trade", "primary_location.source.issn_l": "9999-0002",
        "primary_location.source.host_organization_name": "Invented Press", "biblio.volume": "4",
        "biblio.issue": "1", "biblio.first_page": "10", "biblio.last_page": "29",
        "keywords.display_name": "cloves|cooperatives", "abstract": "Cooperatives, then exports.",
    }


WORKS = [work(1, []), work(2, [1]), work(3, [1, 2])]


def write(path: Path, header: list[str], rows: list[dict]) -> Path:
    with open(path, "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, quoting=csv.QUOTE_ALL)
        w.writerow(header)
        for r in rows:
            w.writerow([r.get(h, "") for h in header])
    return path


def test_the_current_layout_reads_every_field_and_the_cited_ids(tmp_path):
    path = write(tmp_path / "works-csv-abc.csv", DOTTED, WORKS)
    assert detect(probe(str(path))).name == "openalex_csv"
    docs = read_file(str(path))
    assert [d.kind for d in docs] == ["record"] * 3
    m = docs[2].meta
    assert m.title == "Clove farmers and export cooperatives 3"
    assert [(a.family, a.given) for a in m.authors] == [("Wulandari", "Ayu Rini"), ("de Groot", "Pieter")]
    assert (m.year, m.container, m.publisher, m.volume, m.issue, m.pages, m.doi) == (
        2013, "Journal of Spice Trade", "Invented Press", "4", "1", "10–29", "10.9999/oacsv.3")
    assert m.ids == {"openalex": "W203", "pmid": "883", "issn": "9999-0002"}
    assert m.keywords == ["cloves", "cooperatives"] and m.abstract == "Cooperatives, then exports."
    assert [r.ids for r in docs[2].references] == [{"openalex": "W201"}, {"openalex": "W202"}, {"openalex": "W777"}]
    assert not docs[0].warnings


def test_the_same_work_reads_the_same_from_csv_as_from_json(tmp_path):
    row = WORKS[2]
    as_json = {"id": row["id"], "doi": row["doi"], "title": row["title"], "publication_year": 2013, "type": "article",
               "authorships": [{"author": {"display_name": n}} for n in row["authorships.author.display_name"].split("|")],
               "primary_location": {"source": {"display_name": "Journal of Spice Trade", "issn_l": "9999-0002",
                                               "host_organization_name": "Invented Press"}},
               "biblio": {"volume": "4", "issue": "1", "first_page": "10", "last_page": "29"},
               "ids": {"pmid": row["ids.pmid"]}, "cited_by_count": 12,
               "keywords": [{"display_name": "cloves"}, {"display_name": "cooperatives"}],
               "referenced_works": row["referenced_works"].split("|")}
    (tmp_path / "w.json").write_text(json.dumps([as_json]), "utf-8")
    a = read_file(str(write(tmp_path / "w.csv", DOTTED, [row])))[0]
    b = read_file(str(tmp_path / "w.json"))[0]
    a.meta.abstract = None
    for field in ("title", "authors", "year", "container", "publisher", "volume", "issue", "pages", "doi", "ids",
                  "type", "keywords", "extra"):
        assert getattr(a.meta, field) == getattr(b.meta, field), field
    assert [r.ids for r in a.references] == [r.ids for r in b.references]


def test_the_layout_before_2024(tmp_path):
    rows = [{"id": w["id"], "display_name": w["title"], "publication_year": w["publication_year"],
             "primary_location_display_name": "Journal of Spice Trade", "author_names": "Ayu Rini Wulandari|Pieter de Groot",
             "doi": w["doi"], "pmid": w["ids.pmid"], "type": "article", "biblio_volume": "4", "biblio_first_page": "10",
             "biblio_last_page": "29", "referenced_works": w["referenced_works"]} for w in WORKS]
    path = write(tmp_path / "works.csv", UNDERSCORED, rows)
    assert detect(probe(str(path))).name == "openalex_csv"
    docs = read_file(str(path))
    m = docs[1].meta
    assert (m.title, m.year, m.container, m.volume, m.pages, m.authors[1].family) == (
        "Clove farmers and export cooperatives 2", 2012, "Journal of Spice Trade", "4", "10–29", "de Groot")
    assert m.ids["pmid"] == "882" and [r.ids["openalex"] for r in docs[1].references] == ["W201", "W777"]


def test_a_real_website_export_without_references():
    assert detect(probe(str(REAL))).name == "openalex_csv"
    docs = read_file(str(REAL))
    assert len(docs) == 4 and all(not d.references for d in docs)
    first = docs[0].meta
    assert first.title == "Open University Learning Analytics dataset" and first.year == 2017
    assert [a.family for a in first.authors] == ["Kužílek", "Hlosta", "Zdráhal"]
    assert (first.container, first.doi, first.ids["openalex"], first.ids["pmid"]) == (
        "Scientific Data", "10.1038/sdata.2017.171", "W2769342982", "29182599")
    assert docs[3].meta.type == "chapter" and docs[3].meta.container is None  # empty cells, unquoted ones too
    said = [w.message for w in docs[0].warnings]
    assert said == ["no referenced_works column: records read without their cited references"]


def test_records_cite_each_other_by_openalex_id(tmp_path):
    path = write(tmp_path / "works.csv", DOTTED, WORKS)
    proc = run_cli("export", "-s", path, "--format", "json", "-o", tmp_path / "g.json")
    assert proc.returncode == 0, proc.stderr
    g = json.loads((tmp_path / "g.json").read_text("utf-8"))
    assert sorted(n["kind"] for n in g["nodes"]).count("paper") == 3
    cites = [e for e in g.get("links", g.get("edges", [])) if e["kind"] == "cites"]
    ids = {n["id"]: n for n in g["nodes"]}
    local = {(ids[e["source"]]["year"], ids[e["target"]]["year"]) for e in cites if ids[e["target"]]["kind"] == "paper"}
    assert len(cites) == 6 and local == {(2012, 2011), (2013, 2011), (2013, 2012)}
    assert "W777" in {n["label"] for n in g["nodes"] if n["kind"] == "work"}


def test_a_missing_id_column_is_one_clear_line_and_exit_2(tmp_path):
    header = [h for h in DOTTED if h not in ("id", "ids.openalex")]
    path = write(tmp_path / "no-id.csv", header, WORKS)
    with pytest.raises(InputError, match="no 'id' column"):
        read_file(str(path), as_format="openalex_csv")
    proc = run_cli("build", "--as", "openalex_csv", "-s", path, "-o", tmp_path / "out")
    assert proc.returncode == 2 and "no-id.csv" in proc.stderr and "'id' column" in proc.stderr
    assert "Traceback" not in proc.stderr


def test_a_truncated_export_reads_the_whole_records_and_names_the_cut_one(tmp_path):
    path = write(tmp_path / "cut.csv", DOTTED, WORKS)
    text = path.read_text("utf-8")
    cut = text.index("W202", text.index("W203")) + 3  # inside the last record's referenced_works: "...|W20"
    path.write_text(text[:cut], "utf-8")
    docs = read_file(str(path))
    assert len(docs) == 3
    assert [r.ids["openalex"] for r in docs[2].references] == ["W201"]  # not "W20": the cut id is left out, and said so
    said = [(w.line, w.message) for w in docs[0].warnings]
    assert any(line == 4 and "record 3" in msg and "fields" in msg for line, msg in said)
    assert any(line == 4 and "record 3" in msg and "cut short" in msg for line, msg in said)


def test_a_row_without_an_openalex_id_is_named_and_the_others_read(tmp_path):
    rows = [dict(WORKS[0]), WORKS[1]]
    rows[0]["id"] = "10.9999/not-an-id"
    docs = read_file(str(write(tmp_path / "w.csv", DOTTED, rows)))
    assert len(docs) == 1 and docs[0].meta.ids["openalex"] == "W202"
    said = {(w.kind, w.line, w.message.split(":")[0]) for w in docs[0].warnings}
    assert ("unreadable_record", 2, "record 1 skipped") in said
    assert any(w.kind == "records_lost" and "read 1 of 2" in w.message for w in docs[0].warnings)


def test_other_csv_exports_are_not_taken_for_openalex(tmp_path):
    lens = tmp_path / "lens.csv"
    lens.write_text("Lens ID,Title,Source Title\n000-000-000-000-001,A title,A journal\n", "utf-8")
    assert detect(probe(str(lens))).name == "lens"
    plain = tmp_path / "plain.csv"
    plain.write_text("id,name\n1,x\n", "utf-8")
    assert detect(probe(str(plain))) is None or detect(probe(str(plain))).name != "openalex_csv"


def test_referenced_works_written_by_r_or_python_give_their_ids(tmp_path):
    rows = [dict(WORKS[0], referenced_works='c("https://openalex.org/W201", "https://openalex.org/W777")'),
            dict(WORKS[1], referenced_works="['https://openalex.org/W201']")]
    docs = read_file(str(write(tmp_path / "w.csv", DOTTED, rows)))
    assert [[r.ids["openalex"] for r in d.references] for d in docs] == [["W201", "W777"], ["W201"]]
    assert not [w for w in docs[0].warnings if w.kind == "unreadable_reference"]


@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-16"])
def test_a_resaved_export_with_bom_crlf_or_utf16(tmp_path, encoding):
    path = tmp_path / "resaved.csv"
    path.write_bytes(REAL.read_text("utf-8").replace("\n", "\r\n").encode(encoding))
    assert detect(probe(str(path))).name == "openalex_csv"
    docs = read_file(str(path))
    assert len(docs) == 4 and docs[0].meta.ids["openalex"] == "W2769342982"
    assert docs[0].meta.authors[0].family == "Kužílek"
