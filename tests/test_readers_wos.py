"""Web of Science exports: plain text and tab-delimited, and the CR cited-reference form.

Fixtures are invented records in WoS's layout; the real files of
../shared/datasets/exports are read when present (skipped, saying so, when not).
"""
import json

import pytest

from litgraph.errors import InputError
from litgraph.readers import read_file
from litgraph.readers.registry import detect, probe
from litgraph.readers.wos_refs import parse_cited

from conftest import SHARED, run_cli

EXPORTS = SHARED / "datasets" / "exports"
needs_exports = pytest.mark.skipif(not EXPORTS.is_dir(), reason="../shared/datasets/exports is not present")

PLAIN = """FN Clarivate Analytics Web of Science
VR 1.0
PT J
AU Sastro, B
   Wulandari, AR
AF Sastro, Budi
   Wulandari, Ayu Rini
TI Export starts of rattan workshops: evidence from
   three villages
SO JOURNAL OF SMALL FIRM TRADE
LA English
DT Article
DE rattan; export entry;
   villages
ID NETWORKS; INTERNATIONALIZATION
AB We follow thirty invented workshops from their first sample to their first order.
CR Johanson J, 1977, J INT BUS STUD, V8, P23, DOI 10.1057/palgrave.jibs.8490676
   Penrose E., 1959, THEORY GROWTH FIRM
   [Anonymous], 2005, NATURE, V435, P1
   Coviello N, 2019, J WORLD BUS, V54, ARTN 101002, DOI [10.1016/j.jwb.2019.101002, 10.1016/J.JWB.2019.101002]
   NEWLAND K, 1999, Patent No. US5999999
   Kramer H, 2011, J INT MARKETING, V19, P1
NR 6
TC 3
J9 J SMALL FIRM TRADE
JI J. Small Firm Trade
PY 2011
VL 7
IS 2
BP 101
EP 118
DI 10.9999/jsft.2011.0007
UT WOS:000111111100001
ER

PT J
AU Kramer, H
TI Sample-first selling in craft exports
SO JOURNAL OF INTERNATIONAL MARKETING
DT Review
CR Sastro B, 2011, J SMALL FIRM TRADE, V7, P101, DOI 10.9999/jsft.2011.0007
   Johanson J, 1977, J INT BUS STUD, V8, P23
NR 2
J9 J INT MARKETING
PY 2011
VL 19
IS 1
BP 1
EP 20
UT WOS:000111111100002
ER

EF
"""

TAB_HEADER = "PT\tAU\tAF\tTI\tSO\tLA\tDT\tDE\tID\tAB\tCR\tNR\tTC\tJ9\tJI\tPY\tVL\tIS\tBP\tEP\tAR\tDI\tUT"
TAB_ROWS = [
    ["J", "Sastro, B; Wulandari, AR", "Sastro, Budi; Wulandari, Ayu Rini",
     "Export starts of rattan workshops: evidence from three villages", "JOURNAL OF SMALL FIRM TRADE",
     "English", "Article", "rattan; export entry; villages", "NETWORKS; INTERNATIONALIZATION",
     "We follow thirty invented workshops from their first sample to their first order.",
     "Johanson J, 1977, J INT BUS STUD, V8, P23, DOI 10.1057/palgrave.jibs.8490676; "
     "Penrose E., 1959, THEORY GROWTH FIRM; [Anonymous], 2005, NATURE, V435, P1; "
     "Coviello N, 2019, J WORLD BUS, V54, ARTN 101002, DOI [10.1016/j.jwb.2019.101002, 10.1016/J.JWB.2019.101002]; "
     "NEWLAND K, 1999, Patent No. US5999999; Kramer H, 2011, J INT MARKETING, V19, P1",
     "6", "3", "J SMALL FIRM TRADE", "J. Small Firm Trade", "2011", "7", "2", "101", "118", "",
     "10.9999/jsft.2011.0007", "WOS:000111111100001"],
    ["J", "Kramer, H", "", "Sample-first selling in craft exports", "JOURNAL OF INTERNATIONAL MARKETING", "",
     "Review", "", "", "", "Sastro B, 2011, J SMALL FIRM TRADE, V7, P101, DOI 10.9999/jsft.2011.0007; "
     "Johanson J, 1977, J INT BUS STUD, V8, P23", "2", "", "J INT MARKETING", "", "2011", "19", "1", "1", "20",
     "", "", "WOS:000111111100002"],
]


def _tabbed(encoding="utf-16", newline="\r\n") -> bytes:
    lines = [TAB_HEADER] + ["\t".join(r) + "\t" for r in TAB_ROWS]  # WoS ends every row with a tab
    text = newline.join(lines) + newline
    return ("\ufeff" + text).encode("utf-16-le") if encoding == "utf-16" else ("\ufeff" + text).encode("utf-8")


def _same(doc):
    """What a record is, apart from where it was read from."""
    m = doc.meta
    meta = m.to_json() | {"source": None}
    refs = [r.to_json() | {"source": None} for r in doc.references]
    return meta, m.ids, m.keywords, m.abstract, refs


def test_cited_reference_forms():
    r = parse_cited("Johanson J, 1977, J INT BUS STUD, V8, P23, DOI 10.1057/palgrave.jibs.8490676")
    assert (r.authors[0].family, r.authors[0].given, r.year, r.container, r.volume, r.pages, r.doi) == (
        "Johanson", "J.", 1977, "J INT BUS STUD", "8", "23", "10.1057/palgrave.jibs.8490676")
    book = parse_cited("Penrose E., 1959, THEORY GROWTH FIRM")
    assert (book.authors[0].family, book.year, book.container, book.volume) == ("Penrose", 1959, "THEORY GROWTH FIRM", None)
    anon = parse_cited("[Anonymous], 2005, NATURE, V435, P1")
    assert anon.authors == [] and (anon.year, anon.container, anon.volume, anon.pages) == (2005, "NATURE", "435", "1")
    two = parse_cited("Coviello N, 2019, J WORLD BUS, V54, ARTN 101002, DOI [10.1016/j.jwb.2019.101002, 10.1016/X]")
    assert two.doi == "10.1016/j.jwb.2019.101002" and two.pages == "101002"
    doubled = parse_cited("Chalmers M., 1992, P 15 ANN INT ACM SIG, P330, DOI DOI 10.1145/133160.133215")
    assert doubled.doi == "10.1145/133160.133215" and doubled.container == "P 15 ANN INT ACM SIG"
    patent = parse_cited("NEWLAND K, 1999, Patent No. US5999999")
    assert patent.container is None and patent.extra["patent"] == "US5999999"
    caps = parse_cited("GRANOVETTER M, 1985, AM J SOCIOL, V91, P481")
    assert caps.authors[0].family == "Granovetter"
    letter_page = parse_cited("Alfarano C, 2005, NUCLEIC ACIDS RES, V33, pD418, DOI 10.1093/nar/gki051")
    assert letter_page.pages == "D418" and letter_page.volume == "33"
    no_year = parse_cited("LIU Y, WATER RESOURCE UNPUB")
    assert no_year.year is None and no_year.container == "WATER RESOURCE UNPUB"
    comma_source = parse_cited("BARLEY SR, 1992, NETWORKS AND ORGANIZATIONS : STRUCTURE, FORM, AND ACTION, P311")
    assert comma_source.container == "NETWORKS AND ORGANIZATIONS : STRUCTURE, FORM, AND ACTION"
    assert comma_source.pages == "311"
    # A source that starts with P or V is not a page or a volume.
    assert parse_cited("Kohonen T, 1990, P IEEE, V78, P1464").container == "P IEEE"
    assert parse_cited("Smith A, 2001, VIROLOGY, V5, P9").container == "VIROLOGY"


def test_plain_text_records(tmp_path):
    path = tmp_path / "export.txt"
    path.write_bytes(("\ufeff" + PLAIN).encode("utf-8"))
    assert detect(probe(str(path))).name == "wos"
    docs = read_file(str(path))
    assert [d.kind for d in docs] == ["record", "record"]
    m = docs[0].meta
    assert [a.family for a in m.authors] == ["Sastro", "Wulandari"] and m.authors[1].given == "Ayu Rini"
    assert m.title == "Export starts of rattan workshops: evidence from three villages"
    assert (m.container, m.year, m.volume, m.issue, m.pages, m.doi) == (
        "JOURNAL OF SMALL FIRM TRADE", 2011, "7", "2", "101–118", "10.9999/jsft.2011.0007")
    assert m.ids["wos"] == "WOS:000111111100001" and m.extra["j9"] == "J SMALL FIRM TRADE"
    assert m.keywords == ["rattan", "export entry", "villages"]
    assert m.abstract.startswith("We follow") and m.type == "article"
    assert len(docs[0].references) == 6 and len(docs[1].references) == 2
    assert docs[1].references[0].doi == "10.9999/jsft.2011.0007"
    assert docs[0].id != docs[1].id and not docs[0].warnings


@pytest.mark.parametrize("header", ["FN ISI Export Format", "FN Thomson Reuters Web of Science™",
                                    "FN Clarivate Analytics Web of Science"])
def test_every_header_version_and_a_ris_name(tmp_path, header):
    path = tmp_path / "export.ris"
    path.write_text(PLAIN.replace("FN Clarivate Analytics Web of Science", header), "utf-8")
    assert detect(probe(str(path))).name == "wos"
    assert len(read_file(str(path))) == 2


@pytest.mark.parametrize("encoding", ["utf-16", "utf-8"])
def test_tab_delimited_equals_plain_text(tmp_path, encoding):
    plain = tmp_path / "plain.txt"
    plain.write_text(PLAIN, "utf-8")
    tab = tmp_path / "savedrecs.txt"
    tab.write_bytes(_tabbed(encoding, "\r\n" if encoding == "utf-16" else "\n"))
    assert detect(probe(str(tab))).name == "wos-tab"
    a, b = read_file(str(plain)), read_file(str(tab))
    assert len(a) == len(b) == 2
    for x, y in zip(a, b):
        assert _same(x) == _same(y)


def test_a_truncated_export_says_so_and_keeps_what_it_has(tmp_path):
    path = tmp_path / "cut.txt"
    cut = PLAIN[: PLAIN.index("CR Sastro B")]  # the second record stops mid-way, no ER, no EF
    path.write_text(cut, "utf-8")
    docs = read_file(str(path))
    assert len(docs) == 2 and docs[1].meta.title == "Sample-first selling in craft exports"
    notes = [w for w in docs[0].warnings if w.kind == "truncated_record"]
    assert notes and notes[0].line == PLAIN.split("\n").index("AU Kramer, H")  # the PT line
    assert "no ER line" in notes[0].message


def test_nothing_readable_is_exit_2(tmp_path):
    path = tmp_path / "empty_export.txt"
    path.write_text("FN Clarivate Analytics Web of Science\nVR 1.0\nEF\n", "utf-8")
    with pytest.raises(InputError):
        read_file(str(path))
    proc = run_cli("build", "-s", path, "-o", tmp_path / "out")
    assert proc.returncode == 2 and "empty_export.txt" in proc.stderr and "Traceback" not in proc.stderr


def test_records_become_papers_citing_each_other(tmp_path):
    path = tmp_path / "export.txt"
    path.write_text(PLAIN, "utf-8")
    proc = run_cli("export", "-s", path, "--format", "json", "-o", tmp_path / "g.json")
    assert proc.returncode == 0, proc.stderr
    g = json.loads((tmp_path / "g.json").read_text("utf-8"))
    papers = [n for n in g["nodes"] if n["kind"] == "paper"]
    assert len(papers) == 2
    cites = [e for e in g.get("links", g.get("edges", [])) if e["kind"] == "cites"]
    assert len(cites) >= 7  # 8 cited references, two of them the same work (Johanson 1977)


# ---- the real files -------------------------------------------------------------------------

REAL = {"wos_plaintext/wosfile_wos_plaintext.txt": 50, "wos_plaintext/jabref_IsiImporterTestWOS.isi": 2,
        "wos_plaintext/rispy_example_wos.txt": 2,
        "wos_tabdelimited/wosfile_wos_tab_delimited_win_utf8.txt": 50,
        "wos_tabdelimited/wosfile_wos_tab_delimited_win_utf16.txt": 50}


@needs_exports
@pytest.mark.parametrize("name", sorted(REAL))
def test_real_exports_read_whole(name):
    docs = read_file(str(EXPORTS / name))
    assert len(docs) == REAL[name]
    assert all(d.meta.ids.get("wos") and d.meta.title and d.meta.year for d in docs)
    # Every cited reference the file carries (NR counts them) is read.
    carried = sum(int(d.meta.extra["cited_count"]) for d in docs)
    assert sum(len(d.references) for d in docs) == carried
    assert not [w for d in docs for w in d.warnings if w.severity != "info"]


@needs_exports
def test_real_exports_agree_across_formats():
    files = ["wos_plaintext/wosfile_wos_plaintext.txt", "wos_tabdelimited/wosfile_wos_tab_delimited_win_utf8.txt",
             "wos_tabdelimited/wosfile_wos_tab_delimited_win_utf16.txt"]
    plain, utf8, utf16 = (read_file(str(EXPORTS / f)) for f in files)
    for a, b, c in zip(plain, utf8, utf16):
        assert _same(a) == _same(b) == _same(c)


@needs_exports
def test_real_cited_references_are_parsed():
    docs = read_file(str(EXPORTS / "wos_plaintext/wosfile_wos_plaintext.txt"))
    refs = [r for d in docs for r in d.references]
    assert sum(1 for r in refs if r.year) >= 0.97 * len(refs)
    assert sum(1 for r in refs if r.authors) >= 0.97 * len(refs)
    assert sum(1 for r in refs if r.doi) >= 0.4 * len(refs)
    owen = docs[0].references
    assert owen[0].label() == "Ahuja (2000)" and owen[0].container == "ADMIN SCI QUART"


@pytest.mark.parametrize("raw", [
    "Penrose CS, 2001, SCIENTOMETRICS, V86, ARTN 355, DOI 10.7014/scientometrics.2001.71933",
    "Garfield DM, 1987, J INT BUS STUD, V54, pD1716, DOI DOI 10.2638/jintbusstud.1987.24368",
    "Zander AA, 2018, STRATEGIC MANAGE J, V59, DOI [10.5541/smj.2018.14121, 10.5541/SMJ.2018.14121]",
    "Smith J, 2001, J X, ARTN e12, DOI [10.1234/a",
    "Smith J, 2001, J X P[1, ARTN 5",
    "Smith J, 2001, J X, ARTN 12,3",
    "Smith J, 2001, V3, ARTN 5",
])
def test_the_one_pattern_path_reads_as_the_field_by_field_path(raw):
    """Article numbers and DOIs printed twice or in brackets take the one-regex path: the same
    Reference as the general path makes of them."""
    from litgraph.readers.wos_refs import _parse_fields

    assert repr(parse_cited(raw)) == repr(_parse_fields(raw, "", 1, None))


def _cited_strings():
    import random

    rnd = random.Random(5)
    out = ["Johanson J, 1977, J INT BUS STUD, V8, P23, DOI 10.1057/palgrave.jibs.8490676",
           "[Anonymous], 2001, NATURE, V3, P4", "Penrose E., 1959, THEORY GROWTH FIRM",
           "Smith J, US Patent No. 123", "VAN DER BERG J, 1999, P IEEE, V1, pD418",
           "Burt R. S.,  1992, STRUCTURAL HOLES", "Chen C, 2006, J AM SOC INF SCI TEC, V57, P359, DOI DOI 10.1002/asi.20317"]
    out += [a + b for a in out for b in ("", ", ARTN e5", ", DOI [10.1/x, 10.2/y]")]
    path = EXPORTS / "wos_plaintext/wosfile_wos_plaintext.txt"
    if path.is_file():
        from litgraph.readers.wos import parse_plain
        from litgraph.textio import read_text

        records, _, _ = parse_plain(read_text(str(path)).text, str(path))
        out += [cr for _, rec in records for cr in rec.get("CR", [])]
    rnd.shuffle(out)
    return out


def test_cited_references_read_again_are_the_same_and_new():
    """A cited reference printed as one seen before is taken from what was read then: equal in
    every field to reading it afresh, with new Authors, lists and dicts."""
    import dataclasses

    from litgraph.readers import wos_refs

    wos_refs._CITED.clear()
    for k, raw in enumerate(_cited_strings() * 2):
        fresh = dataclasses.replace(wos_refs._parse_cited(raw), source="s.txt", index=k, line=k + 1)
        got = parse_cited(raw, "s.txt", k, k + 1)
        assert got == fresh, raw
        again = parse_cited(raw, "t.txt", 1, 2)
        assert again.authors == got.authors and again.authors is not got.authors
        assert all(a is not b for a, b in zip(again.authors, got.authors)) and again.extra is not got.extra
    ref = parse_cited("Johanson J, 1977, J INT BUS STUD, V8, P23")
    ref.authors[0].family = "Changed"
    ref.extra["x"] = "y"
    assert parse_cited("Johanson J, 1977, J INT BUS STUD, V8, P23").authors[0].family == "Johanson"
    assert parse_cited("Johanson J, 1977, J INT BUS STUD, V8, P23").extra == {}


def test_bare_doi_short_cut_is_what_the_cleaner_gives():
    """_first_doi lower-cases a DOI of the bare shape itself: the general cleaner must agree on
    every such DOI (and the cleaner still reads every other one)."""
    import random

    from litgraph.doi import clean_doi
    from litgraph.readers.wos_refs import _BARE_DOI, _first_doi

    rnd = random.Random(7)
    pieces = ["a", "B", "7", "0", ".", "_", "-", "/", "(", ")", ";", "full", "pdf", "abstract", "X1", ":", ""]
    taken = 0
    for _ in range(20000):
        doi = f"10.{rnd.randint(10, 99999)}/" + "".join(rnd.choice(pieces) for _ in range(rnd.randint(0, 8)))
        if _BARE_DOI.fullmatch(doi):
            taken += 1
            assert clean_doi(doi) == doi.lower(), doi
        for printed in (f"DOI {doi}", f"[{doi}, DOI {doi.upper()}]", f"[{doi}, {doi.upper()};EPUB]"):
            found = __import__("re").search(r"10\.\d{3,9}/\S+", printed.strip("[]").split(", ")[0]
                                            .replace("DOI ", "").removesuffix(";EPUB"))
            expected = clean_doi(found.group(0).rstrip(".")) if found else None
            assert _first_doi(printed) == expected, printed
    assert taken > 1000  # the short cut was tried, not only the general path


@pytest.mark.parametrize("name", [
    "Johanson J", "GRANOVETTER MS", "Burt RS", "Ahuja G", "X Y", "OWEN-SMITH J", "O'BRIEN J", "MÜLLER K",
    "ÉMILE J", "Smith ABCDE", "Smith Jr", "Smith jR", "VAN J", "van J", "DE WIT J", "Smith J.", "Burt R. S.",
    "Smith ÉJ", "MacDonald J", "MAC J", "ST J", "Penrose", "Penrose E.", "SMITH J K", "smith j", "SMITH 2", "A1 J",
])
def test_the_common_cited_author_short_cut_is_the_general_reading(name):
    """_author_parts takes 'Johanson J' and 'GRANOVETTER MS' without cited_author's general steps:
    the same family and given names (non-ASCII capitals, particles and long 'initials' go the
    general way)."""
    from litgraph.readers.wos_refs import _author_parts, cited_author

    general = cited_author(name)
    assert _author_parts.__wrapped__(name) == (general.family, general.given)


def test_plain_text_lines_that_continue_nothing_or_hold_only_spaces(tmp_path):
    """Continuation lines: items of a list tag, the wrapped text of any other; blank and
    whitespace-only lines anywhere are skipped; lines before the first tag or after ER continue nothing."""
    from litgraph.readers.wos import parse_plain

    text = ("FN Clarivate Analytics Web of Science\n   stray\nVR 1.0\nPT J\nAU Smith, J\n\n   Jones, K\n"
            "\t  \n\tBrown, L\nTI A title\n   that wraps\n \n   and wraps again\nCR Ahuja G, 2000, ADMIN SCI QUART, V45, P425\n"
            "   \n   Burt RS, 1992, STRUCTURAL HOLES\nCR Coleman JS, 1988, AM J SOCIOL, V94, PS95\nER\n   after\n"
            "  two spaces\nEF\n")
    records, warnings, begun = parse_plain(text, "x.txt")
    assert begun == 1 and len(records) == 1
    line, rec = records[0]
    assert line == 4
    assert rec["AU"] == ["Smith, J", "Jones, K", "Brown, L"]
    assert rec["TI"] == ["A title that wraps and wraps again"]
    assert rec["CR"] == ["Ahuja G, 2000, ADMIN SCI QUART, V45, P425", "Burt RS, 1992, STRUCTURAL HOLES",
                         "Coleman JS, 1988, AM J SOCIOL, V94, PS95"]
    assert [(w.line, w.kind) for w in warnings] == [(20, "unreadable_line")]  # "  two spaces"
