"""A Web of Science and a Scopus export of one search, read together: one paper node per
work, local citations across the two, and the Scopus reference forms since 2023.

Everything here is invented, in the layouts the two databases write. The cases are the
ones a real pair showed (a WoS title cut short and a double surname the databases index
differently; Scopus's 2025 references, whose authors are split by '; ' like the
references themselves)."""
import csv
import io
import json

import pytest

from litgraph.readers import read_file
from litgraph.readers.scopus import parse_scopus_reference, split_references
from litgraph.resolve import _surname_within

from conftest import run_cli

# ---- Scopus reference forms ---------------------------------------------------------------------

# 2025: authors joined by "; ", the year last; references joined by "; " too.
REFS_2025 = ("Sastro B.; Wulandari A.R., Export starts of rattan workshops, J Small Firm Trade, 7, pp. 101-118, (2011); "
             "The village economy of rattan, Rattan Q, 3, (2015); "
             "van der Berg N.J.; Kalé L., Rattan weaving and credit, Journal of Craft Economics, 12, 2, pp. E10-E19, (2019); "
             "Hadi S., Notes on weaving, (2004)")
# 2023: names without the comma inside ("Sastro B."), the year last.
REFS_2023 = ("Sastro B., Wulandari A.R., Export starts of rattan workshops, J Small Firm Trade, 7, 2, pp. 101-118, (2011); "
             "Hadi S., Et al., Notes on weaving, (2004); Regional statistics of crafts")


def test_2025_references_split_where_a_reference_ends_not_between_its_authors():
    parts = split_references(REFS_2025)
    assert len(parts) == 4
    assert parts[0].startswith("Sastro B.; Wulandari A.R., Export")
    assert parts[2].startswith("van der Berg N.J.; Kalé L., Rattan")  # a lower-case particle opens a name


def test_2025_reference_fields():
    first, corporate, third, book = (parse_scopus_reference(p) for p in split_references(REFS_2025))
    assert [(a.family, a.given) for a in first.authors] == [("Sastro", "B."), ("Wulandari", "A.R.")]
    assert (first.year, first.title, first.container, first.volume, first.pages) == (
        2011, "Export starts of rattan workshops", "J Small Firm Trade", "7", "101–118")
    assert corporate.year == 2015 and not corporate.authors or corporate.authors[0].family != "The village economy"
    assert [a.family for a in third.authors] == ["van der Berg", "Kalé"]
    assert (third.container, third.volume, third.issue, third.pages) == ("Journal of Craft Economics", "12", "2", "E10–E19")
    assert (book.authors[0].family, book.year, book.title, book.container) == ("Hadi", 2004, "Notes on weaving", None)


def test_an_issue_in_words():
    ref = parse_scopus_reference("Hadi S., Notes on weaving, Kriya Journal, 6, Crafts Special Issue, pp. 27-31, (2023)")
    assert (ref.container, ref.volume, ref.issue, ref.pages) == ("Kriya Journal", "6", "Crafts Special Issue", "27–31")


def test_2023_reference_fields():
    first, etal, bare = (parse_scopus_reference(p) for p in split_references(REFS_2023))
    assert [a.family for a in first.authors] == ["Sastro", "Wulandari"]
    assert (first.volume, first.issue, first.pages, first.year) == ("7", "2", "101–118", 2011)
    assert [a.family for a in etal.authors] == ["Hadi"] and etal.title == "Notes on weaving"
    assert bare.raw == "Regional statistics of crafts" or bare.title


def test_older_references_are_split_as_before():
    old = ("Johanson, J., Vahlne, J.-E., The internationalization process of the firm (1977) J. Int. Bus. Stud., 8 (1), "
           "pp. 23-32; vol. 2 of the series; Penrose, E.T., (1959) The Theory of the Growth of the Firm, , Blackwell")
    parts = split_references(old)
    assert len(parts) == 2 and parts[0].endswith("vol. 2 of the series")


def test_a_double_surname_is_one_name_in_both_orders():
    assert _surname_within("Ponce", "Kcomt Ponce") and _surname_within("Kcomt Ponce", "Ponce")
    assert _surname_within("Gavelan", "Marroquin-Gavelan")
    assert not _surname_within("Ponce", "Ponce")  # equal names are the blocks' business
    assert not _surname_within("Li", "Li Wang")  # too short to say
    assert not _surname_within("Ponce", "Poncet Alvarez")


# ---- one search, two databases --------------------------------------------------------------------

WOS = """FN Clarivate Analytics Web of Science
VR 1.0
PT J
AU Ponce, EK
   Cruz, MF
AF Kcomt Ponce, Edwin
   Flores Cruz, Marta
TI Rattan cooperatives and the first export order: a study of
SO JOURNAL OF SMALL FIRM TRADE
DT Article
CR Sastro B, 2011, J SMALL FIRM TRADE, V7, P101, DOI 10.9999/jsft.2011.7
   Hadi S, 2019, J CRAFT ECON, V12, PE10
NR 2
TC 0
J9 J SMALL FIRM TRADE
JI J. Small Firm Trade
PY 2022
VL 13
IS 1
BP 823
EP 831
UT WOS:000000000000001
ER

PT J
AU Sastro, B
   Wulandari, AR
AF Sastro, Budi
   Wulandari, Ayu Rini
TI Export starts of rattan workshops
SO JOURNAL OF SMALL FIRM TRADE
DT Article
CR Penrose E., 1959, THEORY GROWTH FIRM
NR 1
TC 3
J9 J SMALL FIRM TRADE
PY 2011
VL 7
BP 101
EP 118
DI 10.9999/jsft.2011.7
UT WOS:000000000000002
ER

PT J
AU Ponce, EK
AF Kcomt Ponce, Edwin
TI Weaving credit in rattan villages
SO JOURNAL OF CRAFT ECONOMICS
DT Article
NR 0
TC 0
PY 2022
VL 5
BP 11
EP 20
UT WOS:000000000000003
ER

EF
"""

SCOPUS_HEADER = ["Authors", "Author full names", "Author(s) ID", "Title", "Year", "Source title", "Volume", "Issue",
                 "Art. No.", "Page start", "Page end", "Cited by", "DOI", "Link", "Abstract", "Author Keywords",
                 "References", "Publisher", "ISSN", "Language of Original Document", "Abbreviated Source Title",
                 "Document Type", "Publication Stage", "Open Access", "Source", "EID"]


def _scopus_row(**cells):
    row = {h: "" for h in SCOPUS_HEADER}
    row.update({"Source": "Scopus", "Document Type": "Article", "Publication Stage": "Final", "Cited by": "0"})
    row.update(cells)
    return [row[h] for h in SCOPUS_HEADER]


SCOPUS_ROWS = [
    # The first WoS record: full title, the DOI WoS lacks, the double surname cut to "Ponce".
    _scopus_row(Authors="Ponce E.K.; Cruz M.F.", **{"Author full names": "Ponce, Edwin Kcomt (57000000001); Cruz, Marta Flores (57000000002)"},
                Title="Rattan cooperatives and the first export order: a study of three villages", Year="2022",
                **{"Source title": "Journal of Small Firm Trade", "Page start": "823", "Page end": "831",
                   "Abbreviated Source Title": "J. Small Firm Trade"},
                Volume="13", Issue="1", DOI="10.9999/jsft.2022.13", EID="2-s2.0-85000000101",
                References="Sastro B.; Wulandari A.R., Export starts of rattan workshops, J Small Firm Trade, 7, pp. 101-118, (2011)"),
    # The second WoS record: same DOI.
    _scopus_row(Authors="Sastro B.; Wulandari A.R.", **{"Author full names": "Sastro, Budi (57000000003); Wulandari, Ayu Rini (57000000004)"},
                Title="Export starts of rattan workshops", Year="2011",
                **{"Source title": "Journal of Small Firm Trade", "Page start": "101", "Page end": "118"},
                Volume="7", DOI="10.9999/jsft.2011.7", EID="2-s2.0-85000000102"),
    # Only in Scopus, one author (a comma inside "Author full names"), cited by the first WoS
    # record's CR in compact form and by nothing else; an R-trimmed cell says NA.
    _scopus_row(Authors="Hadi S.", **{"Author full names": "Hadi, Slamet (57000000005)", "Source title": "Journal of Craft Economics",
                                      "Page start": "E10", "Page end": "E19"},
                Title="Rattan weaving and credit", Year="2019", Volume="12", Issue="2", EID="2-s2.0-85000000103",
                ISSN="NA",
                References="Sastro B.; Wulandari A.R., Export starts of rattan workshops, J Small Firm Trade, 7, pp. 101-118, (2011); "
                           "Ponce E.K., Weaving credit in rattan villages, J Craft Econ, 5, pp. 11-20, (2022)"),
    # Same first author and year as the third WoS record, another journal and page: not it.
    _scopus_row(Authors="Ponce E.K.", **{"Author full names": "Ponce, Edwin Kcomt (57000000001)", "Source title": "Rattan Quarterly",
                                         "Page start": "11", "Page end": "19"},
                Title="Dyes of the rattan trade", Year="2022", Volume="5", EID="2-s2.0-85000000104"),
]


def _scopus_csv() -> str:
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\n", quoting=csv.QUOTE_ALL)
    w.writerow(SCOPUS_HEADER)
    w.writerows(SCOPUS_ROWS)
    return "\ufeff" + out.getvalue()


@pytest.fixture()
def pair_graph(tmp_path):
    (tmp_path / "savedrecs.txt").write_text(WOS, "utf-8")
    (tmp_path / "scopus.csv").write_text(_scopus_csv(), "utf-8")
    proc = run_cli("export", "-s", tmp_path / "savedrecs.txt", "-s", tmp_path / "scopus.csv", "--format", "json",
                   "-o", tmp_path / "g.json")
    assert proc.returncode == 0, proc.stderr
    g = json.loads((tmp_path / "g.json").read_text("utf-8"))
    papers = {}
    for n in g["nodes"]:
        if n["kind"] == "paper":
            for kind in ("wos", "scopus"):
                if (n.get("ids") or {}).get(kind):
                    papers[n["ids"][kind]] = n
    return g, papers


def test_records_of_both_databases_are_one_paper_each(pair_graph):
    g, papers = pair_graph
    assert sum(n["kind"] == "paper" for n in g["nodes"]) == 3 + 4 - 2
    cut_short = papers["WOS:000000000000001"]
    assert cut_short is papers["2-s2.0-85000000101"]  # title cut, no DOI in WoS, "Kcomt Ponce" / "Ponce"
    assert "Kcomt Ponce" in json.dumps(cut_short["merges"])
    assert papers["WOS:000000000000002"] is papers["2-s2.0-85000000102"]
    assert "same DOI" in json.dumps(papers["WOS:000000000000002"]["merges"])
    # One author, one year, another journal and page: two works.
    assert papers["WOS:000000000000003"] is not papers["2-s2.0-85000000104"]


def test_local_citations_across_the_two_exports(pair_graph):
    g, papers = pair_graph
    ids = {id(n): n["id"] for n in papers.values()}
    node = {k: ids[id(n)] for k, n in papers.items()}
    edges = {(e["source"], e["target"]) for e in g["links"] if e["kind"] == "cites"}
    cut_short, sastro, hadi = node["WOS:000000000000001"], node["WOS:000000000000002"], node["2-s2.0-85000000103"]
    weaving = node["WOS:000000000000003"]
    assert (cut_short, sastro) in edges  # WoS CR by DOI, and Scopus's 2025 reference without one
    assert (cut_short, hadi) in edges  # WoS CR "Hadi S, 2019, J CRAFT ECON, V12, PE10": a Scopus-only record
    assert (hadi, sastro) in edges
    assert (hadi, weaving) in edges  # 2025 Scopus form, journal abbreviated, to a WoS-only record
    assert (hadi, node["2-s2.0-85000000104"]) not in edges


def test_one_author_full_name_and_na_cells(tmp_path):
    path = tmp_path / "scopus.csv"
    path.write_text(_scopus_csv(), "utf-8")
    hadi = [d for d in read_file(str(path)) if d.meta.ids.get("scopus") == "2-s2.0-85000000103"][0].meta
    assert [(a.family, a.given) for a in hadi.authors] == [("Hadi", "Slamet")]
    assert "issn" not in hadi.ids
