"""OpenAlex works JSON (a page, a list, one work, JSON Lines), Lens and Dimensions CSV.

Fixtures are invented works in each layout; the real files of
../shared/datasets/exports are read when present (skipped, saying so, when not).
"""
import csv
import json

import pytest

from litgraph.errors import InputError
from litgraph.readers import read_file
from litgraph.readers.registry import detect, probe

from conftest import SHARED, run_cli

EXPORTS = SHARED / "datasets" / "exports"
needs_exports = pytest.mark.skipif(not EXPORTS.is_dir(), reason="../shared/datasets/exports is not present")


def work(n: int, cites: list[int]) -> dict:
    return {
        "id": f"https://openalex.org/W10{n}",
        "doi": f"https://doi.org/10.9999/INV.{n}",
        "title": f"Rattan &amp; bamboo exports, part {n}",
        "display_name": f"Rattan &amp; bamboo exports, part {n}",
        "publication_year": 2010 + n,
        "type": "article",
        "ids": {"openalex": f"https://openalex.org/W10{n}", "pmid": f"https://pubmed.ncbi.nlm.nih.gov/99{n}"},
        "authorships": [{"author": {"display_name": "Budi Sastro"}}, {"author": {"display_name": "Anna van Dijk"}}],
        "primary_location": {"source": {"display_name": "Journal of Small Firm Trade", "issn_l": "9999-0001"}},
        "biblio": {"volume": "7", "issue": "2", "first_page": "101", "last_page": "118"},
        "keywords": [{"id": "k", "display_name": "rattan", "score": 0.5}],
        "abstract_inverted_index": {"Workshops": [0], "export": [1, 4], "first,": [2], "then": [3]},
        "referenced_works": [f"https://openalex.org/W10{c}" for c in cites] + ["https://openalex.org/W999"],
    }


WORKS = [work(1, []), work(2, [1]), work(3, [1, 2])]


@pytest.mark.parametrize("shape", ["page", "list", "one", "lines"])
def test_every_json_shape(tmp_path, shape):
    path = tmp_path / ("works.jsonl" if shape == "lines" else "works.json")
    if shape == "page":
        path.write_text(json.dumps({"meta": {"count": 3}, "results": WORKS}), "utf-8")
    elif shape == "list":
        path.write_text(json.dumps(WORKS, indent=2), "utf-8")
    elif shape == "one":
        path.write_text(json.dumps(WORKS[2]), "utf-8")
    else:
        path.write_text("\n".join(json.dumps(w) for w in WORKS) + "\n", "utf-8")
    assert detect(probe(str(path))).name == "openalex"
    docs = read_file(str(path))
    assert len(docs) == (1 if shape == "one" else 3)
    last = docs[-1]
    m = last.meta
    assert m.title == "Rattan & bamboo exports, part 3"
    assert [(a.family, a.given) for a in m.authors] == [("Sastro", "Budi"), ("van Dijk", "Anna")]
    assert (m.year, m.container, m.volume, m.issue, m.pages, m.doi) == (
        2013, "Journal of Small Firm Trade", "7", "2", "101–118", "10.9999/inv.3")
    assert m.ids == {"openalex": "W103", "pmid": "993", "issn": "9999-0001"}
    assert m.abstract == "Workshops export first, then export" and m.keywords == ["rattan"]
    assert [r.ids for r in last.references] == [{"openalex": "W101"}, {"openalex": "W102"}, {"openalex": "W999"}]
    assert last.references[2].label() == "W999"  # known by its id alone, until matched


def test_one_bad_line_of_json_lines_is_named(tmp_path):
    path = tmp_path / "works.jsonl"
    path.write_text(json.dumps(WORKS[0]) + "\n{broken\n" + json.dumps(WORKS[1]) + "\n", "utf-8")
    docs = read_file(str(path))
    assert len(docs) == 2
    bad = [w for w in docs[0].warnings if w.kind == "unreadable_record"]
    assert bad and bad[0].line == 2


def test_json_that_is_not_openalex_is_exit_2(tmp_path):
    path = tmp_path / "other.json"
    path.write_text(json.dumps({"name": "not a work", "items": [1, 2]}), "utf-8")
    with pytest.raises(InputError, match="not OpenAlex"):
        read_file(str(path), as_format="openalex")
    proc = run_cli("build", "--as", "openalex", "-s", path, "-o", tmp_path / "out")
    assert proc.returncode == 2 and "other.json" in proc.stderr and "Traceback" not in proc.stderr


def test_records_and_their_cited_ids_make_a_graph(tmp_path):
    # Matching cited ids to the records (W101 cited by W102 is the record W101) is resolve's work.
    path = tmp_path / "works.json"
    path.write_text(json.dumps({"meta": {}, "results": WORKS}), "utf-8")
    proc = run_cli("export", "-s", path, "--format", "json", "-o", tmp_path / "g.json")
    assert proc.returncode == 0, proc.stderr
    g = json.loads((tmp_path / "g.json").read_text("utf-8"))
    kinds = sorted(n["kind"] for n in g["nodes"])
    assert kinds.count("paper") == 3
    cites = [e for e in g.get("links", g.get("edges", [])) if e["kind"] == "cites"]
    assert len(cites) == 6  # W102->W101, W103->W101, W103->W102, and each cites W999
    labels = {n["label"] for n in g["nodes"] if n["kind"] == "work"}
    assert "W999" in labels and not [x for x in labels if "Anonymous" in x]


# ---- Lens and Dimensions ----------------------------------------------------------------------

LENS_HEADER = ["Lens ID", "Title", "Date Published", "Publication Year", "Publication Type", "Source Title",
               "ISSNs", "Publisher", "Source Country", "Author/s", "Abstract", "Volume", "Issue Number",
               "Start Page", "End Page", "Fields of Study", "Keywords", "MeSH Terms", "Chemicals", "Funding",
               "Source URLs", "External URL", "PMID", "DOI", "Microsoft Academic ID", "PMCID",
               "Citing Patents Count", "References", "Citing Works Count", "Is Open Access",
               "Open Access License", "Open Access Colour"]


def _lens_row(lens_id, title, refs):
    cells = dict.fromkeys(LENS_HEADER, "")
    cells.update({"Lens ID": lens_id, "Title": title, "Publication Year": "2020", "Publication Type": "journal article",
                  "Source Title": "Journal of Small Firm Trade", "Author/s": "Budi Sastro; Ayu Rini Wulandari",
                  "Volume": "9", "Start Page": "1", "End Page": "12", "PMID": "NA", "DOI": "10.9999/x." + lens_id[-3:],
                  "Keywords": "rattan; exports", "References": "; ".join(refs)})
    return [cells[h] for h in LENS_HEADER]


def test_lens_references_are_lens_ids(tmp_path):
    path = tmp_path / "lens.csv"
    with open(path, "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(LENS_HEADER)
        w.writerow(_lens_row("000-111-222-333-44X", "First invented", []))
        w.writerow(_lens_row("000-111-222-333-555", "Second invented", ["000-111-222-333-44X", "999-888-777-666-555"]))
    assert detect(probe(str(path))).name == "lens"
    docs = read_file(str(path))
    assert [len(d.references) for d in docs] == [0, 2]
    assert docs[1].references[0].ids == {"lens": "000-111-222-333-44X"}
    m = docs[1].meta
    assert m.ids == {"lens": "000-111-222-333-555"} and "pmid" not in m.ids  # "NA" is nothing
    assert [a.family for a in m.authors] == ["Sastro", "Wulandari"] and m.pages == "1–12"


DIMENSIONS = ('"About the data: Exported on Dec 1, 2026. Criteria: invented.",,,,,,,\r\n'
              "Rank,Publication ID,DOI,PMID,Title,Abstract,Source title,PubYear,Volume,Issue,Pagination,"
              "Publication Type,Authors,Dimensions URL\r\n"
              '1,pub.100,10.9999/d.1,,Invented export study,"An abstract\r\nover two lines.",Journal of Small Firm Trade,'
              '2021,3,1,10-20,Article,"Sastro, Budi; Wulandari, Ayu",https://app.dimensions.ai/details/publication/pub.100\r\n'
              '2,pub.101,,,Another invented study,,Journal of Small Firm Trade,2022,4,,,Article,"Kramer, Hans",\r\n')


def test_dimensions_preamble_and_multiline_cells(tmp_path):
    path = tmp_path / "Dimensions-Publication.csv"
    path.write_bytes(DIMENSIONS.encode("utf-8"))
    assert detect(probe(str(path))).name == "dimensions"
    docs = read_file(str(path))
    assert len(docs) == 2 and all(d.references == [] for d in docs)
    m = docs[0].meta
    assert (m.title, m.year, m.pages, m.doi, m.ids["dimensions"]) == (
        "Invented export study", 2021, "10–20", "10.9999/d.1", "pub.100")
    assert m.abstract == "An abstract\nover two lines." and m.authors[1].given == "Ayu"
    assert docs[1].meta.line == 5  # the second record starts after the two-line abstract
    assert any(w.kind == "no_references" for w in docs[0].warnings)


# ---- the real files -------------------------------------------------------------------------

@needs_exports
@pytest.mark.parametrize("name, works", [("backtopure_works.json", 25), ("openalex-python_W2741809807.json", 1)])
def test_real_openalex(name, works):
    path = EXPORTS / "openalex_json" / name
    docs = read_file(str(path))
    assert len(docs) == works
    data = json.loads(path.read_text("utf-8"))
    items = data["results"] if "results" in data else [data]
    assert [len(d.references) for d in docs] == [len(w["referenced_works"]) for w in items]
    assert not [d for d in docs if "&amp;" in (d.meta.title or "")]
    assert all(d.meta.ids["openalex"].startswith("W") for d in docs)


@needs_exports
def test_real_lens_and_dimensions():
    lens = read_file(str(EXPORTS / "dimensions_lens" / "bibliometrix_lens_sample.csv"))
    assert len(lens) == 8
    rows = list(csv.DictReader(open(EXPORTS / "dimensions_lens" / "bibliometrix_lens_sample.csv", encoding="utf-8")))
    assert [len(d.references) for d in lens] == [len([x for x in r["References"].split("; ") if x]) for r in rows]
    dims = read_file(str(EXPORTS / "dimensions_lens" / "chatbot-EE_Dimensions-Publication.csv"))
    assert len(dims) == 142 and all(d.meta.ids["dimensions"].startswith("pub.") for d in dims)
