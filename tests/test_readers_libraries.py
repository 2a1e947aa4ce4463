"""Libraries as reference managers write them: RIS, CSL-JSON, EndNote XML, MEDLINE; and back out without loss."""
import json

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from litgraph.corpus import load_corpus
from litgraph.export import library
from litgraph.export.bibtex import to_bibtex
from litgraph.model import Author, Reference
from litgraph.readers import read_file
from litgraph.readers.registry import detect, probe

from conftest import ROOT, SHARED, run_cli

DATA = ROOT / "tests" / "data" / "exports"
EXPORTS = SHARED / "datasets" / "exports"
needs_exports = pytest.mark.skipif(not EXPORTS.is_dir(), reason="../shared/datasets/exports is not present")


def test_ris_records_with_their_faults_told_by_line():
    docs = read_file(str(DATA / "zotero-like.ris"))
    assert [d.meta.title for d in docs] == [
        "Export intermediaries and the first foreign market", "Networks before markets",
        "A record whose exporter forgot the TY line", "The last record, cut short"]
    first = docs[0].meta
    assert (first.key, first.volume, first.issue, first.pages, first.doi) == \
        ("okafor2015", "12", "3", "201–219", "10.9999/jsba.2015.0031")
    assert first.keywords == ["export", "intermediaries"]
    assert first.abstract == "An abstract that runs on over a second line."
    assert first.ids == {"issn": "1234-5678"}
    book = docs[1].meta
    assert (book.type, book.publisher, book.location, book.ids) == \
        ("book", "Meridian Press", "Leiden", {"isbn": "978-90-00-00000-1"})
    told = {(w.line, w.message.split(":")[0]) for w in docs[0].warnings}
    assert (29, "record has no 'TY  -' line") in told
    assert any("last record has no 'ER" in w.message and w.line == 34 for w in docs[0].warnings)


def test_scopus_ris_references_one_per_line_even_with_semicolons_in_titles():
    [doc] = read_file(str(DATA / "scopus-like.ris"))
    assert doc.kind == "record"
    assert doc.meta.ids == {"issn": "09695931", "scopus": "2-s2.0-85000000001"}
    assert doc.meta.note == "Export Date: 3 March 2022"
    assert [r.authors[0].family for r in doc.references] == ["Oviatt", "Knight", "Madsen"]
    assert doc.references[2].year == 1997 and "born globals" in doc.references[2].raw


def test_csl_json_items_and_what_is_left_out():
    docs = read_file(str(DATA / "library.csl.json"))
    assert [d.meta.key for d in docs] == ["mensah2018", "wb2020"]
    m = docs[0].meta
    assert [(a.family, a.given) for a in m.authors] == [("Mensah", "Ama"), ("van den Berg", "Jan")]
    assert (m.year, m.pages, m.keywords, m.ids) == (2018, "33–51", ["trade fairs", "export"],
                                                   {"issn": "2222-3333", "pmid": "29999999"})
    assert docs[1].meta.authors[0].family == "World Bank" and docs[1].meta.type == "report"
    assert any("item 3 has no title" in w.message for w in docs[0].warnings)
    assert any(w.message == "read 2 of 3 items" for w in docs[0].warnings)


def test_medline_full_names_and_continuation_lines():
    docs = read_file(str(DATA / "medline.nbib"))
    m = docs[0].meta
    assert m.title == "Clinic visits of small-town pharmacists: a cohort study over ten years"
    assert [(a.family, a.given) for a in m.authors] == [("Achterberg", "Lotte"), ("Osei", "Kwame")]
    assert (m.year, m.container, m.volume, m.issue, m.pages, m.doi) == \
        (2019, "Pharmacy practice", "17", "1", "120–8", "10.9999/pharm.2019.120")
    assert m.ids == {"pmid": "30000001"} and docs[1].meta.ids == {"pmid": "30000002"}


def test_endnote_xml_style_wrappers_and_entities():
    docs = read_file(str(DATA / "endnote.xml"))
    m = docs[0].meta
    assert m.title == "Family firms & their first export order"
    assert (m.container, m.pages, m.key, m.keywords) == ("Family Business Letters", "11–29", "ivanova2017",
                                                         ["family firms", "export"])
    assert docs[1].meta.type == "book" and docs[1].meta.ids == {"isbn": "9788200000002"}


@pytest.mark.parametrize("name,fmt", [("zotero-like.ris", "ris"), ("scopus-like.ris", "ris"),
                                      ("library.csl.json", "csljson"), ("medline.nbib", "medline"),
                                      ("endnote.xml", "endnote-xml")])
def test_sniffed_by_content_whatever_the_name(tmp_path, name, fmt):
    renamed = tmp_path / "export.txt"
    renamed.write_bytes((DATA / name).read_bytes())
    assert detect(probe(str(renamed))).name == fmt


def test_bad_library_files_say_where(tmp_path):
    bad = tmp_path / "broken.json"
    bad.write_text('[{"id": "a", "title": "x",', "utf-8")
    proc = run_cli("refs", bad)
    assert proc.returncode == 2 and "JSON syntax error" in proc.stderr and "Traceback" not in proc.stderr
    xml = tmp_path / "lib.xml"
    xml.write_text("<xml><records><record><titles><title>Unclosed", "utf-8")
    proc = run_cli("refs", xml)
    assert proc.returncode == 2 and "not well-formed XML" in proc.stderr


# Real exports (../shared): every record read, as PROVENANCE.md counts them.
REAL = [("ris_refmanager/asreview_baseline_zotero.ris", "ris", 100, 0),
        ("ris_refmanager/asreview_pubmed_endnote.ris", "ris", 6, 0),
        ("ris_refmanager/rispy_example_full.ris", "ris", 2, 0),
        ("scopus_ris/asreview_scopus.ris", "ris", 6, 803),  # 8 of its lines hold two references each
        ("scopus_ris/jabref_RisImporterTestScopus.ris", "ris", 1, 0),
        ("csl_json/bbt_deterministic_ordering.csl.json", "csljson", 26, 0),
        ("endnote_xml/jabref_EndnoteXmlImporterTestArticle2.xml", "endnote-xml", 2, 0),
        ("endnote_xml/jabref_EndnoteXmlImporterTestLabelAndMultiTitle.xml", "endnote-xml", 3, 0),
        ("pubmed_medline/jabref_NbibImporterTest.nbib", "medline", 1, 0),
        ("pubmed_medline/biopython_pubmed_result2.txt", "medline", 4, 0),
        ("pubmed_medline/pybibx_mcda_pubmed.txt", "medline", 10, 0)]


@needs_exports
@pytest.mark.parametrize("path,fmt,records,cited", REAL)
def test_real_exports_every_record(path, fmt, records, cited):
    f = str(EXPORTS / path)
    assert detect(probe(f)).name == fmt
    docs = read_file(f)
    assert len(docs) == records
    assert sum(len(d.references) for d in docs) == cited
    assert all(d.meta.title for d in docs)


# Round trip: read, build, export, read again: no field lost, no value changed.
FIELDS = ("type", "title", "container", "year", "year_suffix", "volume", "issue", "pages", "doi", "url",
          "publisher", "location", "edition", "note", "abstract", "keywords", "ids")


def _record(r: Reference) -> dict:
    d = {f: getattr(r, f) for f in FIELDS}
    d["authors"] = [(a.family, a.given) for a in r.authors]
    d["editors"] = [(a.family, a.given) for a in r.editors]
    return d


def _round_trip(tmp_path, sources: list[str]):
    corpus = load_corpus(sources)
    # What the graph holds (records that identity merged, like a library's duplicates, are one entry)...
    before = {(r.title, r.year): _record(r) for _, r in library.library(corpus.graph)}
    assert len(before) >= 0.9 * len([d for d in corpus.docs if d.meta])
    for name, writer in (("lib.bib", library.to_bibtex), ("lib.ris", library.to_ris),
                         ("lib.json", library.to_csljson)):
        path = tmp_path / name
        path.write_text(writer(corpus.graph), "utf-8")
        # ...is what reading its export gives back.
        after = {(d.meta.title, d.meta.year): _record(d.meta) for d in read_file(str(path))}
        for k, rec in before.items():
            assert after.get(k) == rec, (name, k)


def test_round_trip_of_written_fixtures(tmp_path):
    _round_trip(tmp_path, [str(DATA / n) for n in ("library.csl.json", "medline.nbib", "endnote.xml")])


@needs_exports
@pytest.mark.parametrize("path", ["ris_refmanager/asreview_baseline_zotero.ris", "pubmed_medline/pybibx_mcda_pubmed.txt",
                                  "csl_json/bbt_deterministic_ordering.csl.json", "bibtex_bbt/bbt_collections_901.bib"])
def test_round_trip_of_real_libraries(tmp_path, path):
    _round_trip(tmp_path, [str(EXPORTS / path)])


def test_original_keys_are_kept(tmp_path):
    path = tmp_path / "lib.json"
    path.write_text(library.to_csljson(load_corpus([str(DATA / "library.csl.json")]).graph), "utf-8")
    assert sorted(i["id"] for i in json.loads(path.read_text("utf-8"))) == ["mensah2018", "wb2020"]


# Same format out as in: every field the reader kept (its `extra` fields too: series, month, langid,
# urldate, eprint, RIS's LA/T3/M3, CSL's language...), every value, names as they were parted
# (a one-field name stays one), and the key as read (none where there was none).
def _full(r: Reference) -> dict:
    d = {f: getattr(r, f) for f in FIELDS}
    d["authors"] = [(a.family, a.given, a.suffix) for a in r.authors]
    d["editors"] = [(a.family, a.given, a.suffix) for a in r.editors]
    d["extra"], d["key"], d["doi_printed"] = dict(r.extra), r.key, r.doi_printed
    return d


_WRITERS = {"bibtex": library.to_bibtex, "ris": library.to_ris, "csljson": library.to_csljson}
_NAMES = {"bibtex": "back.bib", "ris": "back.ris", "csljson": "back.json"}


def _same_format_round_trip(tmp_path, path: str, fmt: str) -> int:
    """Read path, build, export in its own format, read that: each record that is an entry of
    the export (records of one work are merged into one entry) comes back equal. Returns how
    many records were compared."""
    records = [d.meta for d in read_file(path) if d.meta]
    corpus = load_corpus([path], vocabulary="none")
    out = tmp_path / _NAMES[fmt]
    out.write_text(_WRITERS[fmt](corpus.graph), "utf-8")
    back = [d.meta for d in read_file(str(out)) if d.meta]
    # (An entry that identity made of several records holds what each of them gave.)
    merged = [d for _, d in corpus.graph.nodes(data=True) if d.get("merges")]
    skip = {d.get("citekey") for d in merged}
    by = {}
    for r in back:
        by.setdefault((r.key, r.title, r.year), r)
    compared = 0
    for r in records:
        again = by.get((r.key, r.title, r.year))
        if again is None or r.key in skip:
            continue
        assert _full(again) == _full(r), (fmt, r.key)
        compared += 1
    assert compared >= len(records) - 2 * sum(len(d["merges"]) for d in merged)
    return compared


_LIBRARIES = [("bibtex_bbt/bbt_collections_901.bib", "bibtex"),
              ("bibtex_bbt/bbt_read-only-group_3430.biblatex.bib", "bibtex"),
              ("ris_refmanager/asreview_baseline_zotero.ris", "ris"),
              ("ris_refmanager/asreview_pubmed_endnote.ris", "ris"),
              ("ris_refmanager/rispy_example_full.ris", "ris"),
              ("csl_json/bbt_deterministic_ordering.csl.json", "csljson")]


@needs_exports
@pytest.mark.parametrize("path,fmt", _LIBRARIES)
def test_real_libraries_out_in_their_own_format_lose_nothing(tmp_path, path, fmt):
    assert _same_format_round_trip(tmp_path, str(EXPORTS / path), fmt) > 0


@needs_exports
def test_better_bibtex_fields_and_one_field_names_come_back(tmp_path):
    out = tmp_path / "x.bib"
    path = EXPORTS / "bibtex_bbt/bbt_read-only-group_3430.biblatex.bib"
    out.write_text(library.to_bibtex(load_corpus([str(path)], vocabulary="none").graph), "utf-8")
    back = {d.meta.key: d.meta for d in read_file(str(out))}
    austin = back["austinclairec2015"]
    assert (austin.authors[0].family, austin.authors[0].given) == ("Austin, Claire C", None)
    assert austin.extra["urldate"] == "2016-04-26" and austin.extra["shorttitle"] == "Key Components of Data Publishing"
    # ...and in RIS and CSL-JSON, the one-field name as their one-field (literal) form
    graph = load_corpus([str(path)], vocabulary="none").graph
    assert "AU  - Austin, Claire C," in library.to_ris(graph).splitlines()
    item = next(i for i in json.loads(library.to_csljson(graph)) if i["id"] == "austinclairec2015")
    assert item["author"][0] == {"literal": "Austin, Claire C"} and item["citation-key"] == "austinclairec2015"


def test_ris_records_without_an_id_get_none(tmp_path):
    src = tmp_path / "in.ris"
    src.write_text("TY  - JOUR\nAU  - Mensah, Ama\nTI  - Export entry modes\nPY  - 2018\nLA  - English\n"
                   "T3  - Working papers\nM3  - Article\nER  - \n", "utf-8")
    text = library.to_ris(load_corpus([str(src)], vocabulary="none").graph)
    assert not [ln for ln in text.splitlines() if ln.startswith("ID  -")]
    assert {"LA  - English", "T3  - Working papers", "M3  - Article"} <= set(text.splitlines())
    assert _same_format_round_trip(tmp_path, str(src), "ris") == 1


_word = st.text(alphabet=st.characters(whitelist_categories=("Lu", "Ll", "Nd"), max_codepoint=0x24F),
                min_size=1, max_size=8)
_phrase = st.lists(_word, min_size=1, max_size=6).map(" ".join)
_name = st.builds(Author, _word.map(str.capitalize), st.one_of(st.none(), _word.map(str.capitalize)))


@st.composite
def _references(draw):
    r = Reference(source="", index=1, raw="")
    r.type = draw(st.sampled_from(["article", "book", "chapter", "report", "thesis"]))
    r.authors = draw(st.lists(_name, min_size=1, max_size=4))
    r.title = draw(_phrase)
    r.container = draw(st.one_of(st.none(), _phrase)) if r.type in ("article", "chapter") else None
    r.year = draw(st.integers(1900, 2030))
    for f in ("volume", "issue", "publisher", "location", "edition", "note", "abstract"):
        setattr(r, f, draw(st.one_of(st.none(), _phrase)))
    r.pages = draw(st.one_of(st.none(), st.integers(1, 999).map(lambda p: f"{p}–{p + 9}")))
    r.doi = draw(st.one_of(st.none(), st.integers(1000, 99999).map(lambda n: f"10.{n}/x.{n}-y")))
    r.keywords = draw(st.lists(_phrase, max_size=3, unique=True))
    ids = {"pmid": st.integers(10**7, 10**8 - 1).map(str),
           "isbn": st.integers(10**9, 10**10 - 1).map(lambda n: f"978{n}"),
           "issn": st.integers(1000, 9999).map(lambda n: f"{n}-{n:04d}")}
    for kind in draw(st.lists(st.sampled_from(sorted(ids)), unique=True, max_size=2)):
        r.ids[kind] = draw(ids[kind])
    return r


# Extra fields each reader keeps, by the names it gives them (BibTeX: the field's own name).
_EXTRA = {"bibtex": ("series", "month", "langid", "urldate", "eprint", "shorttitle", "eventtitle", "lccn"),
          "ris": ("language", "series", "genre", "database", "article_number"),
          "csljson": ("language", "collection-title", "genre", "number", "source")}
# A one-field name: an institution, or a person's name given whole ("{Austin, Claire C}").
_whole = st.one_of(st.builds(lambda a, b: Author(f"{a} {b}"), _word.map(str.capitalize), _word.map(str.capitalize)),
                   st.builds(lambda a, b: Author(f"{a}, {b}"), _word.map(str.capitalize), _word.map(str.capitalize)))


@settings(max_examples=25, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.sampled_from(sorted(_EXTRA)), st.lists(_references(), min_size=1, max_size=3), st.data())
def test_round_trip_through_the_graph_property(tmp_path, fmt, refs, data):
    """Generated entries with extra fields and one-field names, written in a format, read as a
    library, built into a graph and exported in that format: read again, every field is equal."""
    for i, r in enumerate(refs):
        r.title = f"{r.title} {i}"  # distinct works: identity merging is not what is tested here
        r.doi = f"{r.doi}{i}" if r.doi else None
        r.authors = r.authors[:1] + data.draw(st.lists(_whole, max_size=2)) + r.authors[1:]
        for name in data.draw(st.lists(st.sampled_from(_EXTRA[fmt]), unique=True, max_size=4)):
            value = data.draw(_phrase)
            r.extra[name] = value
        if fmt == "ris" and "article_number" in r.extra and not r.pages:
            r.pages = r.extra["article_number"]  # as the RIS reader reads C7 without SP
        r.key = data.draw(st.one_of(st.none(), st.just(f"k{i}"))) if fmt == "ris" else f"k{i}"
    entries = [(r.key or f"k{i}", r) for i, r in enumerate(refs)]
    text = {"ris": library.ris_text, "csljson": library.csl_text}.get(fmt)
    src = tmp_path / ("in.bib" if fmt == "bibtex" else "in.ris" if fmt == "ris" else "in.json")
    src.write_text(text(entries) if text else to_bibtex(refs, [k for k, _ in entries]), "utf-8")
    assert _same_format_round_trip(tmp_path, str(src), fmt) == len(refs)


@settings(max_examples=40, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(_references(), min_size=1, max_size=4))
def test_round_trip_property(tmp_path, refs):
    keys = [f"k{i}" for i in range(len(refs))]
    for k, r in zip(keys, refs):
        r.key = k
    entries = list(zip(keys, refs))
    for name, text in (("p.ris", library.ris_text(entries)), ("p.json", library.csl_text(entries)),
                       ("p.bib", to_bibtex(refs, keys))):
        path = tmp_path / name
        path.write_text(text, "utf-8")
        back = {d.meta.key: _record(d.meta) for d in read_file(str(path))}
        for k, r in entries:
            want = _record(r)
            assert back[k] == want, (name, k)
