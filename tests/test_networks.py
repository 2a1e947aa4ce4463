"""Co-authorship and keyword networks: affiliations read from records, identity, counting, exports, page.

Fixtures are records written here (invented people and places, in the layouts the
databases write); the real exports in ../shared/datasets/exports are read when
present (skipped, saying so, when not).
"""
from __future__ import annotations

import json

import networkx as nx
import pytest

from conftest import SHARED, run_cli
from litgraph.affiliations import address_country, country_name, institution_of, wos_addresses
from litgraph.analysis.networks import author_key, keyword_key, network
from litgraph.export import networks as nw
from litgraph.model import Affiliation, Author, Document, Reference

EXPORTS = SHARED / "datasets" / "exports"
needs_exports = pytest.mark.skipif(not EXPORTS.is_dir(), reason="../shared/datasets/exports is not present")

WOS = """FN Clarivate Analytics Web of Science
VR 1.0
PT J
AU Kramer, H
   Ostrava, LM
AF Kramer, Hilde
   Ostrava, Lena M.
TI Sample-first selling in craft exports
SO JOURNAL OF INTERNATIONAL MARKETING
DE SMEs; export channels; Internationalisation
ID SME; NETWORKS
C1 [Kramer, Hilde] Univ Tromso, Sch Business, N-9037 Tromso, Norway.
   [Ostrava, Lena M.] Peoples R China Acad Sci, Inst Geog, Beijing 100101, Peoples R China.
RP Kramer, H (reprint author), Univ Tromso, Sch Business, N-9037 Tromso, Norway.
OI Kramer, Hilde/0000-0002-1825-0097
TC 12
PY 2019
UT WOS:000000000000001
ER

PT J
AU Kramer, H
   Quill, T
   Bauer, A
AF Kramer, Hilde
   Quill, Tomas
   Bauer, Anna
TI Trade fairs and the first foreign buyer
SO INTERNATIONAL MARKETING REVIEW
DE SME; trade fairs
C1 [Kramer, Hilde; Quill, Tomas] Univ Tromso, Sch Business, N-9037 Tromso, Norway.
   [Bauer, Anna] Univ Calif Berkeley, Haas Sch Business, Berkeley, CA 94720 USA.
TC 3
PY 2021
UT WOS:000000000000002
ER

PT J
AU Quill, T
AF Quill, Tomas
TI Export intermediaries
SO SMALL BUSINESS ECONOMICS
C1 Edinburgh Univ, Business Sch, Edinburgh EH8 9JS, Scotland.
PY 2022
UT WOS:000000000000003
ER

EF
"""


def _records(*metas: Reference) -> list[Document]:
    return [Document(source="x", id=f"x/{k}", kind="record", meta=m) for k, m in enumerate(metas, 1)]


def _ref(n: int, authors=(), keywords=(), affs=(), doi=None, ids=None, cited=None) -> Reference:
    r = Reference(source="x", index=n, raw=f"r{n}", authors=list(authors), keywords=list(keywords),
                  affiliations=list(affs), doi=doi, ids=dict(ids or {}))
    if cited is not None:
        r.extra["times_cited"] = str(cited)
    return r


# ---- addresses and countries -------------------------------------------------------------------------

@pytest.mark.parametrize("text, country", [
    ("USA", "United States"), ("MI 48104 USA", "United States"), ("U.S.A.", "United States"),
    ("United States", "United States"), ("US", "United States"), ("Peoples R China", "China"),
    ("England", "United Kingdom"), ("Scotland", "United Kingdom"), ("North Ireland", "United Kingdom"),
    ("South Korea", "South Korea"), ("Russian Federation", "Russia"), ("Cambridge CB10 1SD", None),
    ("Viet Nam", "Vietnam"), ("Turkiye", "Turkey"), ("DE", "Germany"), ("UK", "United Kingdom"),
    ("Brasil", "Brazil"), ("Canada T2N 1N4", "Canada"), ("Georgia 30332", "United States"),
])
def test_country_names_are_normalised(text, country):
    assert country_name(text) == country


def test_address_country_and_institution_in_both_orders():
    assert address_country("Ctr Biomed Informat, Natl Canc Inst, Rockville, MD USA.") == "United States"
    assert address_country("Ctr Biomed Informat, Rockville, MD") == "United States"  # WoS leaving USA off
    assert institution_of("Univ Michigan, Dept Sociol, Ann Arbor, MI 48104 USA", organisation_first=True) == "Univ Michigan"
    # Free-form (Scopus): the university, not the department or the institute within it.
    assert institution_of("Department of Physics, University of Illinois, Urbana, IL 61801, United States") \
        == "University of Illinois"
    assert institution_of("Institute of Geographic Sciences, Chinese Academy of Sciences, Beijing, China") \
        == "Chinese Academy of Sciences"


def test_wos_addresses_split_outside_brackets_only():
    # Tab-delimited exports join addresses and the names in brackets with the same "; ".
    cell = "[Wu, G; Stein, L] Ontario Inst Canc Res, Toronto, ON M5G 0A3, Canada; [Hu, C] Univ Tromso, Tromso, Norway"
    assert wos_addresses([cell]) == [(["Wu, G", "Stein, L"], "Ontario Inst Canc Res, Toronto, ON M5G 0A3, Canada"),
                                     (["Hu, C"], "Univ Tromso, Tromso, Norway")]
    assert wos_addresses(["Univ Michigan, Ann Arbor, MI 48104 USA."]) == [([], "Univ Michigan, Ann Arbor, MI 48104 USA.")]


def test_wos_record_carries_affiliations_orcid_and_keywords(tmp_path):
    from litgraph.readers import read_file

    p = tmp_path / "savedrecs.txt"
    p.write_text(WOS, "utf-8")
    docs = read_file(str(p))
    first = docs[0].meta
    assert [(a.authors, a.institution, a.country, a.reprint) for a in first.affiliations] == [
        (["Kramer, Hilde"], "Univ Tromso", "Norway", False),
        (["Ostrava, Lena M."], "Peoples R China Acad Sci", "China", False),
        (["Kramer, H"], "Univ Tromso", "Norway", True)]
    assert first.authors[0].ids == {"orcid": "0000-0002-1825-0097"} and first.authors[1].ids is None
    # Older records without brackets: an address whose authors are not named.
    assert docs[2].meta.affiliations[0].authors == [] and docs[2].meta.affiliations[0].country == "United Kingdom"


def test_other_formats_carry_affiliations(tmp_path):
    """Scopus CSV, OpenAlex, MEDLINE, RIS, BibTeX and EndNote XML, in records written here."""
    from litgraph.readers import read_file

    scopus = tmp_path / "scopus.csv"
    scopus.write_text(
        'Authors,Author(s) ID,Title,Year,Source title,Cited by,Affiliations,Authors with affiliations,'
        'Author Keywords,Index Keywords,Document Type,EID\n'
        '"Ames A., Berg B.","111;222;",Trade fairs,2020,Journal X,5,'
        '"Department of Economics, University of Oslo, Oslo, Norway; Faculty of Law, Kyoto University, Kyoto, Japan",'
        '"Ames A., Department of Economics, University of Oslo, Oslo, Norway; Berg B., Faculty of Law, Kyoto University, '
        'Kyoto, Japan",SMEs; exports,Commerce,Article,2-s2.0-1\n', "utf-8")
    meta = read_file(str(scopus))[0].meta
    assert [(a.authors, a.institution, a.country) for a in meta.affiliations] == [
        (["Ames A."], "University of Oslo", "Norway"), (["Berg B."], "Kyoto University", "Japan")]
    assert [a.ids for a in meta.authors] == [{"scopus": "111"}, {"scopus": "222"}]

    oa = tmp_path / "works.json"
    oa.write_text(json.dumps({"results": [{
        "id": "https://openalex.org/W1", "title": "T", "publication_year": 2020,
        "authorships": [{"author": {"id": "https://openalex.org/A9", "display_name": "Ana Ames",
                                    "orcid": "https://orcid.org/0000-0002-1825-0097"},
                         "institutions": [{"id": "https://openalex.org/I5", "display_name": "University of Oslo",
                                           "ror": "https://ror.org/01xtthb56", "country_code": "NO"}],
                         "countries": ["NO"]},
                        {"author": {"display_name": "Bo Berg"}, "institutions": [], "countries": ["JP"]}]}]}), "utf-8")
    meta = read_file(str(oa))[0].meta
    assert meta.authors[0].ids == {"openalex": "A9", "orcid": "0000-0002-1825-0097"}
    assert [(a.institution, a.country, a.ids.get("ror")) for a in meta.affiliations] == [
        ("University of Oslo", "Norway", "01xtthb56"), (None, "Japan", None)]

    med = tmp_path / "pubmed.nbib"
    med.write_text("PMID- 1\nTI  - T.\nFAU - Ames, Ana\nAU  - Ames A\nAD  - University of Oslo, Oslo, Norway. "
                   "Electronic address: ana@uio.no.\nFAU - Berg, Bo\nAU  - Berg B\nAD  - Kyoto University, Kyoto,\n"
                   "      Japan.\nDP  - 2020\n", "utf-8")
    meta = read_file(str(med))[0].meta
    assert [(a.authors, a.country) for a in meta.affiliations] == [(["Ames, Ana"], "Norway"), (["Berg, Bo"], "Japan")]
    from litgraph.analysis.networks import keyword_lists

    med.write_text("PMID- 2\nTI  - T.\nFAU - Ames, Ana\nMH  - *Decision Making\nMH  - Databases, Protein/*methods\n"
                   "DP  - 2020\n", "utf-8")
    # MeSH are index terms (not the authors' keywords), their stars and subheadings gone.
    assert keyword_lists(read_file(str(med))[0].meta) == ([], ["Decision Making", "Databases, Protein"])

    ris = tmp_path / "lib.ris"
    ris.write_text("TY  - JOUR\nAU  - Ames, A.\nTI  - T\nPY  - 2020\nAD  - University of Oslo, Oslo, Norway\n"
                   "ER  - \n", "utf-8")
    assert read_file(str(ris))[0].meta.affiliations[0].country == "Norway"

    bib = tmp_path / "lib.bib"
    bib.write_text("@article{a, author={Ames, A.}, title={T}, journal={J}, year={2020},\n"
                   " affiliations={University of Oslo, Oslo, Norway; Kyoto University, Kyoto, Japan}}\n", "utf-8")
    assert [a.country for a in read_file(str(bib))[0].meta.affiliations] == ["Norway", "Japan"]

    enx = tmp_path / "lib.xml"
    enx.write_text("<xml><records><record><ref-type name=\"Journal Article\">17</ref-type><contributors><authors>"
                   "<author>Ames, A.</author></authors></contributors><auth-address>University of Oslo, Oslo, Norway"
                   "</auth-address><titles><title>T</title></titles></record></records></xml>", "utf-8")
    assert read_file(str(enx))[0].meta.affiliations[0].institution == "University of Oslo"


# ---- the networks -------------------------------------------------------------------------------------

def test_coauthors_full_and_fractional_counting(tmp_path):
    from litgraph.readers import read_file

    p = tmp_path / "savedrecs.txt"
    p.write_text(WOS, "utf-8")
    docs = read_file(str(p))
    full = network(docs, "authors")
    nodes = {n["label"]: n for n in full.nodes}
    assert nodes["Kramer, Hilde"]["documents"] == 2 and nodes["Kramer, Hilde"]["citations"] == 15
    edges = {(e["source"], e["target"]): e for e in full.edges}
    k, q, b = "author:kramer h", "author:quill t", "author:bauer a"
    assert edges[(k, q)]["weight"] == 1 and edges[(b, k)]["weight"] == 1
    # Fractional: a document of 3 authors gives each pair 1/2, one of 2 authors 1.
    frac = network(docs, "authors", counting="fractional")
    fe = {(e["source"], e["target"]): e["weight"] for e in frac.edges}
    assert fe[(k, q)] == 0.5 and fe[("author:kramer h", "author:ostrava lm")] == 1
    # Every document's links add up to 1 per author: Kramer's two documents give strength 2.
    assert {n["id"]: n["link_strength"] for n in frac.nodes}[k] == 2


def test_countries_and_institutions_once_per_record_reprint_not_counted_twice(tmp_path):
    from litgraph.readers import read_file

    p = tmp_path / "savedrecs.txt"
    p.write_text(WOS, "utf-8")
    docs = read_file(str(p))
    countries = {n["label"]: n["documents"] for n in network(docs, "countries").nodes}
    assert countries == {"Norway": 2, "China": 1, "United States": 1, "United Kingdom": 1}
    inst = {n["label"]: n["documents"] for n in network(docs, "institutions").nodes}
    assert inst["Univ Tromso"] == 2 and inst["Edinburgh Univ"] == 1


def test_keywords_normalised_and_sets_kept_apart_or_merged(tmp_path):
    from litgraph.readers import read_file

    assert keyword_key("SMEs") == keyword_key("SME") == keyword_key("sme") == "sme"
    assert keyword_key("Small-and-Medium Enterprises") == "small and medium enterprise"
    assert keyword_key("case studies") == "case study" and keyword_key("analysis") == "analysis"
    assert keyword_key("Business processes") == "business process" and keyword_key("economics") == "economics"
    p = tmp_path / "savedrecs.txt"
    p.write_text(WOS, "utf-8")
    docs = read_file(str(p))
    merged = {n["id"]: n["documents"] for n in network(docs, "keywords").nodes}
    assert merged["keyword:sme"] == 2  # DE "SMEs" and ID "SME" in one record count once
    author = {n["id"] for n in network(docs, "keywords", keywords="author").nodes}
    index = {n["id"] for n in network(docs, "keywords", keywords="index").nodes}
    assert "keyword:network" in index and "keyword:network" not in author and "keyword:trade fair" in author


def test_author_identity_by_ids_and_full_names():
    assert author_key("Owen-Smith", "J.") == author_key("OWEN-SMITH", "J") == "owen smith j"
    # Two people share "Wang, J.": their ORCIDs and first names keep them apart; a third record
    # with only initials cannot be given to either.
    jing = Author("Wang", "Jing", ids={"orcid": "1"})
    jun = Author("Wang", "Jun", ids={"orcid": "2"})
    docs = _records(_ref(1, [jing, Author("Li", "Q.")]), _ref(2, [jun, Author("Li", "Q.")]),
                    _ref(3, [Author("Wang", "J."), Author("Li", "Q.")]), _ref(4, [Author("Wang", "Jing")]))
    net = network(docs, "authors")
    wang = [n for n in net.nodes if n["label"].startswith("Wang")]
    assert sorted(n["documents"] for n in wang) == [1, 1, 2]
    assert [n for n in wang if n.get("ambiguous")][0]["label"] == "Wang, J."
    # One id under two keys ("Powell, W." and "Powell, W. W.") is one person.
    docs = _records(_ref(1, [Author("Powell", "W.", ids={"scopus": "9"})]),
                    _ref(2, [Author("Powell", "W. W.", ids={"scopus": "9"}), Author("Owen", "J.")]))
    assert [n["documents"] for n in network(docs, "authors").nodes if "Powell" in n["label"]] == [2]


def test_duplicate_records_count_once_and_lend_affiliations():
    aff = Affiliation("Univ X, Oslo, Norway", institution="Univ X", country="Norway")
    docs = _records(_ref(1, [Author("A", "B.")], doi="10.1/x"), _ref(2, [Author("A", "B.")], doi="10.1/X", affs=[aff]))
    net = network(docs, "countries")
    assert net.records == 1 and [n["documents"] for n in net.nodes] == [1]
    assert any("counted once" in s for s in net.notes)
    assert docs[0].meta.affiliations == []  # lent for the count, not written into the reader's record


def test_thresholds_top_and_the_cap_on_long_author_lists():
    many = [Author(f"Person{i}", "A.") for i in range(40)]
    docs = _records(_ref(1, many), _ref(2, [Author("Solo", "S."), Author("Duo", "D.")]),
                    _ref(3, [Author("Solo", "S."), Author("Duo", "D.")]))
    net = network(docs, "authors")
    assert len(net.nodes) == 42 and len(net.edges) == 1  # the 40-author record gives no links
    assert any("more than 25" in s for s in net.notes)
    assert len(network(docs, "authors", max_items=50).edges) == 1 + 40 * 39 // 2
    kept = network(docs, "authors", min_occurrences=2)
    assert [n["label"] for n in kept.nodes] == ["Duo, D.", "Solo, S."] and kept.edges[0]["weight"] == 2
    assert len(network(docs, "authors", top=5).nodes) == 5


def test_association_strength_is_observed_over_expected():
    docs = _records(_ref(1, [Author("A", "A."), Author("B", "B.")]), _ref(2, [Author("A", "A."), Author("C", "C.")]))
    e = {(x["source"], x["target"]): x["association_strength"] for x in network(docs, "authors").edges}
    # m = 2 links; s_A = 2, s_B = 1: 2 * 2 * 1 / (2 * 1) = 2.
    assert e[("author:a a", "author:b b")] == 2


@pytest.mark.parametrize("docs, kind, says", [
    ([], "authors", "No records"),
    (_records(_ref(1, [Author("A", "A.")])), "countries", "No record carries affiliations"),
    (_records(_ref(1, [Author("A", "A.")])), "keywords", "No record carries keywords"),
    (_records(_ref(1, [])), "authors", "No record carries author names"),
])
def test_what_cannot_be_shown_is_said(docs, kind, says):
    net = network(docs, kind)
    assert net.nodes == [] and any(says in s for s in net.notes)
    assert "nothing to show" in nw.network_text(net)


def test_a_single_record_gives_nodes_without_links():
    net = network(_records(_ref(1, [Author("A", "A.")], keywords=["x"])), "keywords")
    assert [n["label"] for n in net.nodes] == ["x"] and net.edges == []
    assert any("no links" in s for s in net.notes)


# ---- exports --------------------------------------------------------------------------------------------

def _small():
    docs = _records(_ref(1, [Author("Ames", "A."), Author("Berg, Jr", "B.")], cited=4),
                    _ref(2, [Author("Ames", "A."), Author("Cole", "C.")], cited=1))
    return network(docs, "authors")


def test_vosviewer_files():
    map_text, net_text = nw.vosviewer(_small())
    lines = map_text.splitlines()
    assert lines[0].split("\t") == ["id", "label", "cluster", "weight<Links>", "weight<Total link strength>",
                                    "weight<Documents>", "weight<Citations>", "score<Avg. citations>"]
    first = lines[1].split("\t")
    assert first[:2] == ["1", '"Ames, A."'] and first[5] == "2" and first[6] == "5"
    assert sorted(net_text.splitlines()) == ["1\t2\t1", "1\t3\t1"]


def test_graphml_gexf_and_csv_read_back(tmp_path):
    net = _small()
    (tmp_path / "n.graphml").write_text(nw.graphml(net), "utf-8")
    g = nx.read_graphml(tmp_path / "n.graphml")
    assert g.number_of_nodes() == 3 and g.nodes["author:ames a"]["documents"] == 2
    assert all(d["kind"] == "coauthor" for *_, d in g.edges(data=True))
    (tmp_path / "n.gexf").write_text(nw.gexf(net), "utf-8")
    assert nx.read_gexf(tmp_path / "n.gexf").number_of_edges() == 2
    rows = nw.csv_edges(net).splitlines()
    assert rows[0].startswith("source,target,source_label,target_label,weight") and len(rows) == 3


def test_cli_network_text_json_and_exports(tmp_path):
    p = tmp_path / "savedrecs.txt"
    p.write_text(WOS, "utf-8")
    r = run_cli("network", "-s", p, "--kind", "countries", "--format", "json")
    assert r.returncode == 0, r.stderr
    data = json.loads(r.stdout)
    assert data["nodes"][0]["label"] == "Norway" and data["records"] == 3
    r = run_cli("network", "-s", p, "--kind", "keywords", "-o", tmp_path / "kw.txt", "--to", "vosviewer")
    assert r.returncode == 0, r.stderr
    assert (tmp_path / "kw-map.txt").is_file() and (tmp_path / "kw-network.txt").is_file()
    r = run_cli("network", "-s", p, "-o", tmp_path / "au.gexf")
    assert r.returncode == 0 and (tmp_path / "au.gexf").is_file()
    r = run_cli("network", "-s", p, "-o", tmp_path / "au.xyz")
    assert r.returncode == 2 and "give --to" in r.stderr and "Traceback" not in r.stderr


def test_cli_says_what_it_cannot_show_and_exits_0(tmp_path):
    p = tmp_path / "lib.bib"
    p.write_text("@article{a, author={Ames, A.}, title={One}, journal={J}, year={2020}}\n", "utf-8")
    r = run_cli("network", "-s", p, "--kind", "countries")
    assert r.returncode == 0, r.stderr
    assert "No record carries affiliations" in r.stderr and "WoS C1" in r.stderr
    assert "nothing to show" in r.stdout


# ---- real exports ----------------------------------------------------------------------------------------

@needs_exports
def test_real_wos_export_figures():
    from litgraph.readers import read_file

    docs = read_file(str(EXPORTS / "wos_plaintext" / "wosfile_wos_plaintext.txt"))
    assert sum(1 for d in docs if d.meta.affiliations) == 50
    countries = network(docs, "countries")
    top = [(n["label"], n["documents"]) for n in countries.nodes[:3]]
    # Counted by hand from the C1 lines: 23 records name a US address, 9 a Dutch one, 7 a British one.
    assert top == [("United States", 23), ("Netherlands", 9), ("United Kingdom", 7)]
    # The plain text and the tab-delimited export of the same 50 records give the same networks.
    tab = read_file(str(EXPORTS / "wos_tabdelimited" / "wosfile_wos_tab_delimited_win_utf8.txt"))
    for kind in ("authors", "institutions", "countries", "keywords"):
        a, b = network(docs, kind), network(tab, kind)
        assert [(n["id"], n["documents"]) for n in a.nodes] == [(n["id"], n["documents"]) for n in b.nodes], kind


@needs_exports
def test_real_scopus_export_figures():
    from litgraph.readers import read_file

    docs = read_file(str(EXPORTS / "scopus_csv" / "litstudy_scopus.csv"))
    countries = network(docs, "countries")
    assert [(n["label"], n["documents"]) for n in countries.nodes[:2]] == [("United States", 14), ("Germany", 14)]
    kw = network(docs, "keywords", keywords="author")
    assert kw.nodes[0]["label"] == "Petri nets"
    authors = network(docs, "authors")
    assert authors.nodes[0]["label"] == "Barjis, I." and authors.nodes[0]["documents"] == 4
    assert authors.nodes[0]["ids"] == {"scopus": "57204224562"}


@needs_exports
@pytest.mark.parametrize("path, least", [
    ("openalex_json/backtopure_works.json", 25), ("pubmed_medline/pybibx_mcda_pubmed.txt", 9),
    ("dimensions_lens/chatbot-EE_Dimensions-Publication.csv", 120), ("scopus_ris/asreview_scopus.ris", 6),
    ("scopus_bibtex/pybibx_scopus.bib", 250), ("scopus_csv/tethne_scopus.csv", 19),
])
def test_real_exports_carry_affiliations(path, least):
    from litgraph.readers import read_file

    docs = read_file(str(EXPORTS / path))
    assert sum(1 for d in docs if d.meta and any(a.country for a in d.meta.affiliations)) >= least
    assert network(docs, "countries").edges


# ---- the page in Chromium ----------------------------------------------------------------------------------

from browser import Browser, needs_browser  # noqa: E402


@needs_browser
def test_network_page_draws_in_chromium(tmp_path):
    p = tmp_path / "savedrecs.txt"
    p.write_text(WOS, "utf-8")
    out = tmp_path / "coauthors.html"
    r = run_cli("network", "-s", p, "--kind", "authors", "-o", out)
    assert r.returncode == 0, r.stderr
    b = Browser()
    try:
        v = b.open(out)
        page = v.page
        assert page.evaluate("() => litgraph.drawnCount()") == 4
        assert v.requests == [] and v.errors == []
        # Co-authorship has no direction: lines, not arrows.
        types = page.evaluate("() => litgraph.graph.mapEdges((e, a) => a.type)")
        assert types and set(types) == {"line"}
        assert "Authors" in page.inner_text("#legend") or "Kramer" in page.inner_text("#legend")
        node = page.evaluate("() => litgraph.data.nodes.find(n => n.label === 'Kramer, Hilde').id")
        page.evaluate("(id) => litgraph.focus(id)", node)
        body = page.inner_text("#details-body")
        assert "2 documents, 15 citations" in body and "Quill, Tomas" in body
    finally:
        b.close()
