"""Export shapes the shared sample files do not show: other vintages and other export options
of the same databases, and damaged files. Every fixture here is text written for the test."""
from __future__ import annotations

import json

import pytest

from litgraph.readers import read_file


def records(path, **kw):
    docs = read_file(str(path), citations=False, **kw)
    return [d for d in docs if d.kind == "record"], docs


def warnings_of(docs):
    return [w.message for d in docs for w in d.warnings]


# ---- Dimensions: the export "for bibliometric mapping" carries cited references -------------

_DIM_HEADER = ('"Publication ID","DOI","Title","Source title/Anthology title","PubYear","Volume","Issue",'
               '"Pagination","Authors","Authors Affiliations - Name of Research organization",'
               '"Times cited","Cited references"')


def _dim_row(pub, doi, title, refs):
    return f'"{pub}","{doi}","{title}","Journal of Mapping","2021","4","2","10-20","Mapper, Ann; Plotter, Bo","Univ A","3","{refs}"'


def test_dimensions_mapping_export_reads_cited_references(tmp_path):
    refs1 = ("[Aria, Massimo; Cuccurullo, Corrado]|[ur.011; ur.012]|Journal of Informetrics|2017|11|4|959-975|"
             "10.1016/j.joi.2017.08.007|pub.1091145260|1800;"
             "[Small, Henry]|[ur.013]|Journal of the American Society for Information Science|1973|24|4|265-269|"
             "10.1002/asi.4630240406|pub.1001234567|2500;"
             "[Plotter, Bo; Mapper, Ann]|[ur.02; ur.01]|Journal of Mapping|2020|3|1|1-9|10.1000/dim2|pub.1200000002|1")
    f = tmp_path / "Dimensions-Publication-mapping.csv"
    f.write_text('"About the data: Exported on Dec 01, 2026. Criteria: test."\n' + _DIM_HEADER + "\n"
                 + _dim_row("pub.1200000001", "10.1000/dim1", "First", refs1) + "\n"
                 + _dim_row("pub.1200000002", "10.1000/dim2", "Second", "") + "\n", encoding="utf-8")
    recs, docs = records(f)
    assert len(recs) == 2
    cited = recs[0].references
    assert len(cited) == 3
    aria = cited[0]
    assert [a.family for a in aria.authors] == ["Aria", "Cuccurullo"]
    assert (aria.year, aria.container, aria.volume, aria.issue, aria.pages) == (
        2017, "Journal of Informetrics", "11", "4", "959–975")
    assert aria.doi == "10.1016/j.joi.2017.08.007" and aria.ids["dimensions"] == "pub.1091145260"
    assert cited[2].ids["dimensions"] == recs[1].meta.ids["dimensions"]  # a local citation, by id
    assert recs[0].meta.container == "Journal of Mapping"
    assert not any("carries no cited references" in m for m in warnings_of(docs))


# ---- Web of Science BibTeX: "Cited-References", one compact reference a line -------------------

def test_wos_bibtex_cited_references_become_references(tmp_path):
    f = tmp_path / "savedrecs.bib"
    f.write_text("""@article{ ISI:000000000000011,
Author = {Smith, John and Doe, Anna},
Title = {{A Web of Science BibTeX record}},
Journal = {{SCIENTOMETRICS}},
Year = {{2021}},
Volume = {{12}},
DOI = {{10.1000/wbib1}},
Cited-References = {{{[}Anonymous], 2020, WEB SCI CORE COLL.
   Aria M, 2017, J INFORMETR, V11, P959, DOI 10.1016/j.joi.2017.08.007.
   Garfield E, 1955, SCIENCE, V122, P108.
   Small H, 1973, J AM SOC INFORM SCI, V24, P265.}},
Number-of-Cited-References = {{4}},
Unique-ID = {{ISI:000000000000011}},
}

@article{ WOS:000000000000012,
Author = {Lee, Kim},
Title = {Second record},
Journal = {SCIENTOMETRICS},
Year = {2022},
Cited-References = {Smith J, 2021, SCIENTOMETRICS, V12, P1, DOI 10.1000/wbib1.},
Unique-ID = {WOS:000000000000012},
}
""", encoding="utf-8")
    recs, _ = records(f)
    assert [len(r.references) for r in recs] == [4, 1]
    aria = recs[0].references[1]
    assert (aria.authors[0].family, aria.year, aria.volume, aria.doi) == ("Aria", 2017, "11", "10.1016/j.joi.2017.08.007")
    assert recs[0].references[0].year == 2020
    assert recs[1].references[0].doi == "10.1000/wbib1"
    assert "cited-references" not in recs[0].meta.extra


# ---- EndNote XML that is not well-formed as a whole ---------------------------------------------

def _en_record(n, title):
    return ("<record><rec-number>{n}</rec-number><ref-type name=\"Journal Article\">17</ref-type>"
            "<contributors><authors><author><style face=\"normal\" font=\"default\" size=\"100%\">Writer, Wanda"
            "</style></author></authors></contributors><titles><title><style face=\"normal\" font=\"default\" "
            "size=\"100%\">{t}</style></title></titles><dates><year><style face=\"normal\">2019</style></year>"
            "</dates></record>").format(n=n, t=title)


@pytest.mark.parametrize("bad, title", [("Pasted \x0c from a PDF", "Pasted  from a PDF"),
                                        ("R&D without its escape", "R&D without its escape")])
def test_endnote_xml_one_bad_record_costs_nothing_else(tmp_path, bad, title):
    recs = [_en_record(k, f"Title {k}") for k in range(1, 5)]
    recs[1] = _en_record(2, bad)
    f = tmp_path / "library.xml"
    f.write_text('<?xml version="1.0" encoding="UTF-8" ?><xml><records>\n' + "\n".join(recs)
                 + "\n</records></xml>\n", encoding="utf-8")
    got, docs = records(f)
    assert [r.meta.title for r in got] == ["Title 1", " ".join(title.split()), "Title 3", "Title 4"]
    assert any("not well-formed" in m for m in warnings_of(docs))


def test_endnote_xml_cut_short_keeps_the_whole_records(tmp_path):
    text = ('<?xml version="1.0" encoding="UTF-8" ?><xml><records>\n'
            + "\n".join(_en_record(k, f"Title {k}") for k in range(1, 5)) + "\n</records></xml>\n")
    f = tmp_path / "cut.xml"
    f.write_text(text[: text.index("Title 4") + 3], encoding="utf-8")
    got, docs = records(f)
    assert [r.meta.title for r in got] == ["Title 1", "Title 2", "Title 3"]
    msgs = warnings_of(docs)
    assert any("record 4 is cut short" in m for m in msgs) and any("read 3 of 4 records" in m for m in msgs)


# ---- Better BibLaTeX: biblatex's extended name format ------------------------------------------

def test_biblatex_extended_names(tmp_path):
    f = tmp_path / "group.bib"
    f.write_text(r"""@article{roorda2014,
  title = {Annotation as a New Paradigm},
  author = {Roorda, Dirk and family=Heuvel, given=Charles, prefix=van den, useprefix=false and family={M\"uller}, given={Anna, Maria}, suffix=Jr.},
  date = {2014},
}
""", encoding="utf-8")
    (rec,), docs = records(f)
    assert [(a.family, a.given, a.suffix) for a in rec.meta.authors] == [
        ("Roorda", "Dirk", None), ("van den Heuvel", "Charles", None), ("Müller", "Anna, Maria", "Jr.")]
    assert not warnings_of(docs)


# ---- a CSV export with a column deleted (in a spreadsheet) ---------------------------------------

def test_scopus_csv_without_title_column_still_reads_its_records(tmp_path):
    f = tmp_path / "scopus.csv"
    refs = ("Aria M., Cuccurullo C., Bibliometrix: An R-tool for comprehensive science mapping analysis, "
            "Journal of Informetrics, 11, 4, pp. 959-975, (2017); Garfield E., Citation indexes for science, "
            "Science, 122, pp. 108-111, (1955)")
    f.write_text('\ufeff"Authors","Year","Source title","DOI","References","EID"\n'
                 f'"Smith J.; Doe A.","2024","Journal of Testing","10.1000/t1","{refs}","2-s2.0-85000000001"\n'
                 f'"Lee K.","2023","Journal of Testing","10.1000/t2","{refs}","2-s2.0-85000000002"\n',
                 encoding="utf-8")
    recs, docs = records(f)  # found to be Scopus by its other columns
    assert [r.meta.doi for r in recs] == ["10.1000/t1", "10.1000/t2"]
    assert [len(r.references) for r in recs] == [2, 2]
    assert any("no Title column" in m for m in warnings_of(docs))


def test_dimensions_csv_without_title_column_still_reads_its_records(tmp_path):
    f = tmp_path / "dim.csv"
    f.write_text('"About the data: Exported on Dec 01, 2026."\n"Publication ID","DOI","PubYear","Authors"\n'
                 '"pub.1","10.1000/d1","2020","Mapper, Ann"\n"pub.2","10.1000/d2","2021","Plotter, Bo"\n',
                 encoding="utf-8")
    recs, _ = records(f)
    assert [r.meta.ids["dimensions"] for r in recs] == ["pub.1", "pub.2"]


# ---- JSON cut short: the whole works before the cut are read ------------------------------------

def _oa_work(i):
    return {"id": f"https://openalex.org/W10{i}", "title": f"Work {i}", "publication_year": 2020,
            "referenced_works": [f"https://openalex.org/W9{j}" for j in range(3)]}


@pytest.mark.parametrize("indent", [None, 2])
def test_openalex_page_cut_short_keeps_its_whole_works(tmp_path, indent):
    text = json.dumps({"meta": {"count": 5}, "results": [_oa_work(i) for i in range(5)]}, indent=indent)
    f = tmp_path / "works.json"
    f.write_text(text[: text.index("Work 3")], encoding="utf-8")
    recs, docs = records(f)
    assert [r.meta.title for r in recs] == ["Work 0", "Work 1", "Work 2"]
    assert all(len(r.references) == 3 for r in recs)
    errors = [w for d in docs for w in d.warnings if w.severity == "error"]
    assert errors and "cut short inside item 4" in errors[0].message


def test_crossref_page_cut_short_keeps_its_whole_items(tmp_path):
    items = [{"type": "journal-article", "title": [f"Item {i}"], "DOI": f"10.1000/cr{i}",
              "author": [{"family": "Fam", "given": "G"}], "issued": {"date-parts": [[2019]]},
              "reference": [{"key": "r1", "DOI": "10.1000/cited"}]} for i in range(4)]
    text = json.dumps({"status": "ok", "message-type": "work-list", "message": {"items": items}})
    f = tmp_path / "crossref.json"
    f.write_text(text[: text.index("Item 2")], encoding="utf-8")
    recs, docs = records(f)
    assert [r.meta.title for r in recs] == ["Item 0", "Item 1"]
    assert [len(r.references) for r in recs] == [1, 1]
    assert any("cut short" in m for m in warnings_of(docs))


def test_cut_json_on_the_command_line_is_one_line_and_exit_2(tmp_path):
    from click.testing import CliRunner

    from litgraph.cli import cli

    text = json.dumps([_oa_work(i) for i in range(4)])
    f = tmp_path / "works.json"
    f.write_text(text[: text.index("Work 2")], encoding="utf-8")
    result = CliRunner().invoke(cli, ["refs", "--format", "json", str(f)])
    assert result.exit_code == 2
    assert [r["title"] for r in json.loads(result.stdout)] == ["Work 0", "Work 1"]
    errors = [ln for ln in result.stderr.splitlines() if "works.json" in ln]
    assert len(errors) == 1 and "cut short" in errors[0] and "Traceback" not in result.stderr


# ---- mixed encodings and joined files -----------------------------------------------------------

_RIS = "TY  - JOUR\nAU  - {name}, A.\nTI  - {title}\nPY  - 2019\nER  - \n\n"


def test_mixed_utf8_and_cp1252_keeps_the_utf8_letters(tmp_path):
    f = tmp_path / "mixed.ris"
    f.write_bytes(_RIS.format(name="Dvořák", title="Grüße aus Köln").encode("utf-8")
                  + _RIS.format(name="Müller", title="Edited on Windows – once").encode("cp1252"))
    recs, docs = records(f)
    assert [(r.meta.authors[0].family, r.meta.title) for r in recs] == [
        ("Dvořák", "Grüße aus Köln"), ("Müller", "Edited on Windows – once")]
    bad = [w for d in docs for w in d.warnings if w.kind == "encoding"]
    assert len(bad) == 1 and bad[0].line == 8


def test_exports_joined_with_their_byte_order_marks(tmp_path):
    wos = ("FN Clarivate Analytics Web of Science\nVR 1.0\nPT J\nAU Smith, J\nTI Joined {n}\nPY 2020\n"
           "CR Garfield E, 1955, SCIENCE, V122, P108\nUT WOS:00000000000000{n}\nER\n\nEF\n")
    f = tmp_path / "savedrecs-all.txt"
    f.write_bytes(b"\xef\xbb\xbf" + wos.format(n=1).encode() + b"\xef\xbb\xbf" + wos.format(n=2).encode())
    recs, docs = records(f)
    assert [r.meta.title for r in recs] == ["Joined 1", "Joined 2"]
    assert not warnings_of(docs)


# ---- RIS variants -------------------------------------------------------------------------------

def test_ris_with_one_space_before_the_dash(tmp_path):
    f = tmp_path / "catalogue.ris"
    f.write_text("TY - JOUR\nAU - Smith, John\nTI - One space tags\nPY - 2019\nDO - 10.1000/one\nER - \n\n"
                 "TY - BOOK\nAU - Roe, R.\nTI - A book\nPB - Publisher\nPY - 2001\nER -\n", encoding="utf-8")
    recs, docs = records(f)
    assert [(r.meta.type, r.meta.title) for r in recs] == [("article", "One space tags"), ("book", "A book")]
    assert recs[0].meta.doi == "10.1000/one" and not warnings_of(docs)


def test_scopus_ris_references_joined_on_one_line(tmp_path):
    f = tmp_path / "scopus.ris"
    f.write_text("TY  - JOUR\nAU  - Smith, J.\nTI  - Scopus references\nT2  - Journal of Tests\nPY  - 2018\n"
                 "N1  - References: Aria, M., Cuccurullo, C., Bibliometrix: An R-tool for comprehensive science "
                 "mapping analysis (2017) Journal of Informetrics, 11 (4), pp. 959-975; Kessler, M.M., Bibliographic "
                 "coupling between scientific papers (1963) American Documentation, 14 (1), pp. 10-25;\n"
                 "Leydesdorff, L., Theories of citation? (1998) Scientometrics, 43 (1), pp. 5-25;\n"
                 "ER  - \n", encoding="utf-8")
    (rec,), _ = records(f)
    assert [(r.authors[0].family, r.year) for r in rec.references] == [
        ("Aria", 2017), ("Kessler", 1963), ("Leydesdorff", 1998)]


# ---- CSV saved again by a spreadsheet in a comma-decimal locale: ';' between cells ----------------

def test_scopus_csv_resaved_with_semicolons(tmp_path):
    refs = ("Aria M., Cuccurullo C., Bibliometrix: An R-tool for comprehensive science mapping analysis, "
            "Journal of Informetrics, 11, 4, pp. 959-975, (2017); Garfield E., Citation indexes for science, "
            "Science, 122, pp. 108-111, (1955)")
    f = tmp_path / "scopus.csv"
    f.write_bytes(('Authors;Title;Year;Source title;Volume;DOI;Link;References;Document Type;EID\r\n'
                   f'"Smith J.; Doe A.";Réseaux, graphes et citations;2024;Journal of Testing;3;10.1000/t1;'
                   f'https://www.scopus.com/inward/record.uri?eid=2-s2.0-85000000001;"{refs}";Article;2-s2.0-85000000001\r\n'
                   ).encode("cp1252"))
    (rec,), docs = records(f)
    assert rec.meta.title == "Réseaux, graphes et citations" and rec.meta.year == 2024
    assert [r.authors[0].family for r in rec.references] == ["Aria", "Garfield"]


def test_scopus_csv_without_eid_column_takes_the_id_from_the_link(tmp_path):
    f = tmp_path / "scopus.csv"
    f.write_text('"Authors","Title","Year","Source title","Link"\n'
                 '"Smith J.","A","2024","J","https://www.scopus.com/inward/record.uri?eid=2-s2.0-85000000001&partnerID=40"\n'
                 '"Lee K.","B","2024","J","https://www.scopus.com/inward/record.uri?eid=2-s2.0-85000000002&partnerID=40"\n',
                 encoding="utf-8")
    recs, _ = records(f)
    assert [r.meta.ids.get("scopus") for r in recs] == ["2-s2.0-85000000001", "2-s2.0-85000000002"]


def test_csl_json_keeps_both_kinds_of_name_particle(tmp_path):
    f = tmp_path / "lib.json"
    f.write_text(json.dumps([{"id": "a1", "type": "article-journal", "title": "Particles", "author": [
        {"family": "Beethoven", "given": "Ludwig", "dropping-particle": "van"},
        {"family": "Gogh", "given": "Vincent", "non-dropping-particle": "van"}]}]), encoding="utf-8")
    (rec,), _ = records(f)
    assert [(a.family, a.given) for a in rec.meta.authors] == [("van Beethoven", "Ludwig"), ("van Gogh", "Vincent")]


def test_json_that_is_not_openalex_says_what_it_is_not(tmp_path):
    from litgraph.errors import InputError

    f = tmp_path / "works.json"
    f.write_text(json.dumps({"results": [{"name": "a"}, {"name": "b"}]}), encoding="utf-8")
    with pytest.raises(InputError) as err:
        read_file(str(f))
    assert "neither OpenAlex works" in str(err.value) and "CSL-JSON" in str(err.value)
