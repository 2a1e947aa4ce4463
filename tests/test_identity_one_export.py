"""Records of one export file or library: one work only on evidence that holds for real exports.

A database gives each record one id and a record exported twice keeps it, so records of one
file are one work when they share an id, never when they carry two ids of one database, and
never by title alone when their volumes or first pages differ (resolve._join_records)."""
from collections import Counter
from pathlib import Path

import pytest
from test_identity_records import record

from litgraph.graph import build_graph
from litgraph.model import Author, Reference

EXPORTS = Path(__file__).resolve().parent.parent.parent / "shared" / "datasets" / "exports"


def papers(g):
    return {n: d for n, d in g.nodes(data=True) if d["kind"] == "paper"}


def front_matter(n, eid, volume=None, **kw):
    """A Scopus record of a proceedings volume's front matter: one per volume, author 'Anonymous'."""
    return record(f"s/{n}", "Anonymous", 2010, "Computational Science and Its Applications - ICCSA 2010",
                  "Lecture Notes in Computer Science", volume, ids={"scopus": eid}, source="scopus.csv", **kw)


def test_records_with_different_ids_of_one_database_are_different_works():
    g = build_graph([front_matter(1, "2-s2.0-1", "6016"), front_matter(2, "2-s2.0-2", "6017"),
                     front_matter(3, "2-s2.0-3"), front_matter(4, "2-s2.0-4")])
    assert len(papers(g)) == 4
    # The same DOI does not join them either: two EIDs are two Scopus records.
    g = build_graph([front_matter(1, "2-s2.0-1", doi="10.1007/x"), front_matter(2, "2-s2.0-2", doi="10.1007/x")])
    assert len(papers(g)) == 2


def test_a_record_exported_twice_with_one_id_is_one_work():
    # "Editorial" is too short a title to join two entries of one list; the id is enough.
    docs = [record(f"w/{n}", "Smith", 2019, "Editorial", "Research Policy", "48", ids={"wos": "WOS:000123"},
                   source="savedrecs.txt") for n in (1, 2)]
    g = build_graph(docs)
    (node,) = papers(g).values()
    assert node["records"] == ["savedrecs.txt", "savedrecs.txt"]
    assert any(m.startswith("exported twice in savedrecs.txt (same wos id)") for m in node["merges"]), node["merges"]


def test_library_entries_of_one_title_in_different_volumes_are_different_works():
    # A two-volume work, or a series, entered once per volume: no ids, no DOI.
    def entry(n, volume, pages=None):
        return record(f"lib/{n}", "Mitchell", 1998, "Handbook of organizational behaviour in practice", "Wiley",
                      volume, pages, source="library.bib")
    assert len(papers(build_graph([entry(1, "1"), entry(2, "2")]))) == 2
    assert len(papers(build_graph([entry(1, None, "1-20"), entry(2, None, "21-40")]))) == 2
    # ... and one entry twice (one with, one without a volume) is still one work: a library's duplicate.
    assert len(papers(build_graph([entry(1, "1", "1-20"), entry(2, None, "1-20")]))) == 1


def test_two_records_of_different_ids_do_not_meet_through_a_third_without_one():
    docs = [front_matter(1, "2-s2.0-1"), record("s/0", "Anonymous", 2010, "Computational Science and Its "
                                                "Applications - ICCSA 2010", "LNCS", source="scopus.csv"),
            front_matter(2, "2-s2.0-2")]
    g = build_graph(docs)
    groups = [sorted(d.get("records", [d["source"]])) for d in papers(g).values()]
    assert len(papers(g)) == 2, groups
    ids = [d.get("ids", {}).get("scopus") for d in papers(g).values()]
    assert sorted(ids) == ["2-s2.0-1", "2-s2.0-2"]


def test_records_of_two_databases_still_merge_whatever_their_generic_titles():
    wos = record("w/1", "Anonymous", 2010, "Computational Science and Its Applications - ICCSA 2010",
                 "LECT NOTES COMPUT SC", "6016", doi="10.1007/978-3-642-12156-2", ids={"wos": "000278"},
                 source="savedrecs.txt")
    g = build_graph([wos, front_matter(1, "2-s2.0-1", "6016", doi="10.1007/978-3-642-12156-2"),
                     front_matter(2, "2-s2.0-2", "6017")])
    assert len(papers(g)) == 2
    merged = [d for d in papers(g).values() if len(d.get("records", [])) == 2]
    assert merged and merged[0]["ids"] == {"scopus": "2-s2.0-1", "wos": "000278"}


def test_a_merge_reason_is_recorded_once():
    def paper(n):
        ref = Reference(f"p{n}.txt", 1, "", type="article", authors=[Author("Murata", "T.")], year=1989,
                        title="Petri nets: Properties, analysis and applications", container="Proc. IEEE")
        return record(f"p{n}", f"Author{n}", 2020, f"Paper {n} on nets", "J", refs=[ref], source=f"p{n}.txt")
    g = build_graph([paper(n) for n in range(4)])
    (work,) = [d for _, d in g.nodes(data=True) if d["kind"] != "paper" and "Murata" in d.get("label", "")]
    counts = Counter(work["merges"])
    assert counts and max(counts.values()) == 1, work["merges"]


def _build(path):
    from litgraph.readers import read_sources
    from litgraph.resolve import link_citations

    if not path.is_file():
        pytest.skip(f"{path} is not present (../shared/datasets/exports holds the real export files)")
    docs = read_sources([str(path)])
    for d in docs:
        link_citations(d)
    return docs, build_graph(docs)


def test_real_scopus_export_every_record_one_paper():
    docs, g = _build(EXPORTS / "scopus_csv" / "litstudy_scopus.csv")
    assert len(docs) == len(papers(g)) == 58  # four ICCSA 2010 front-matter records, four EIDs: four papers


def test_real_scopus_bibtex_one_paper_twice_in_scopus_is_two_records():
    # Scopus holds "Multidimensional risk evaluation" (Viana 2020) under two EIDs, one with a DOI:
    # two database records, two papers, as the database itself counts them.
    docs, g = _build(EXPORTS / "scopus_bibtex" / "pybibx_scopus.bib")
    assert len(docs) == len(papers(g)) == 263


def test_real_libraries_keep_their_accidental_duplicates_one_work():
    # A Google Scholar profile exported with nine papers twice (the same key, the same fields):
    # the reader suffixes the second key, and the two are one work.
    docs, g = _build(EXPORTS / "bibtex_scholar" / "gepetto_scholar.bib")
    assert len(docs) == 171
    twice = [d for d in papers(g).values() if len(d.get("records", [])) > 1]
    assert len(papers(g)) == 162 and len(twice) == 9
    assert all(any("exported twice in" in m and "(same title)" in m for m in d["merges"]) for d in twice)
    # A Zotero library with one paper (one HAL document) entered twice, under keys schopfel2015, schopfel2015a.
    docs, g = _build(EXPORTS / "bibtex_bbt" / "bbt_read-only-group_3430.biblatex.bib")
    assert len(docs) == 55 and len(papers(g)) == 54
    (twice,) = [d for d in papers(g).values() if len(d.get("records", [])) > 1]
    assert twice["title"].startswith("Dissertations and")
