"""The reference-list segmenter: entry starts decided from the whole list.

Fixtures are invented references in the layouts real lists come in (the issue's
list of failures); the held-out measurement on generated layouts is in
bench/segment.py, and a small version of it runs here when ../shared is present.
"""

import pytest

from litgraph.readers.reflist import read_list, sniff_list, split_entries
from litgraph.readers.paper import read_paper

from conftest import ROOT

ANYSTYLE = ROOT.parent / "shared" / "datasets" / "anystyle"


def firsts(text, n=2):
    return [" ".join(e.text.split()[:n]) for e in split_entries(text)]


VANCOUVER = (
    "Holm EA, Randlov A, Strandgaard S. Brachial artery pressure in hypertension. Lancet. 1985;2(8463):1338-40.\n"
    "Waller TR. Morphology of the eye in marine snails. J Morphol. 1993;217(1):1-22.\n"
    "World Health Organization. Global report on falls prevention in older age. Geneva: WHO; 2007.\n"
    "Okonkwo CA, Mensah K. Cassava storage and spoilage in humid regions. Afr J Food Sci. 2011;5(6):339-44.\n"
    "李明, 王芳. 城市化与区域经济. 经济研究. 2015;50(3):45-58.\n"
    "Ng K. Short note. BMJ. 1999.\n"
)


def test_vancouver_one_per_line_with_corporate_and_non_latin_authors():
    assert firsts(VANCOUVER) == ["Holm EA,", "Waller TR.", "World Health", "Okonkwo CA,", "李明, 王芳.", "Ng K."]
    assert sniff_list(VANCOUVER) > 0.5


def test_continuation_lines_that_look_like_numbers_or_names():
    text = (
        "1. Holm EA, Randlov A, Strandgaard S. Brachial artery pressure in hypertension\n"
        "and its relation to age. Lancet. 1985;2\n"
        "(6):1338-1344.\n"
        "2. Waller TR, Okonkwo CA, Mensah K, Ibrahim F, Lindqvist P, Sato H, Moreau J,\n"
        "Petrov I. Morphology of the eye in marine snails. J Morphol. 1993;217:1-22.\n"
        "3. Ng K. Short note. BMJ. 1999.\n"
    )
    assert firsts(text) == ["Holm EA,", "Waller TR,", "Ng K."]
    assert "(6):1338-1344." in split_entries(text)[0].text


def test_labels_alone_on_their_own_lines_as_pdf_text_has_them():
    text = (
        "[1]\nA. Berg and C. Diaz, \u201cRouting in sparse networks,\u201d IEEE Trans. Netw.,\n"
        "vol. 4, no. 2, pp. 10\u201320, 2001.\n"
        "[2]\nK. Ito, \u201cA note on caching,\u201d in Proc. SOSP, 2003, pp. 1\u20139.\n"
        "[3]\nM. Osei, Distributed Systems. Boston, MA: Example Press, 2010.\n"
    )
    entries = split_entries(text)
    assert [e.text.split(",")[0] for e in entries] == ["A. Berg and C. Diaz", "K. Ito", "M. Osei"]
    assert [(e.line, e.last) for e in entries] == [(1, 3), (4, 5), (6, 7)]


def test_numbers_past_9999_and_the_count_decides():
    lines = [f"{n}. Author{n % 7} A. Title number {n}. J Test. {1990 + n % 30};{n % 50}:{n}-{n + 5}."
             for n in range(9995, 10006)]
    assert len(split_entries("\n".join(lines))) == 11


def test_ditto_dashes_start_entries():
    text = (
        "Okafor, C. 1979. The market women of Onitsha. Lagos: Example Press.\n"
        "———. 1981. Traders and the state. Journal of Invented Studies 4: 1\u201320.\n"
        "---. 1984. Credit without banks. Ibadan: Example Press.\n"
        "Petrov, I. 1990. Moscow markets. Moscow: Example Press.\n"
    )
    assert firsts(text, 1) == ["Okafor,", "———.", "---.", "Petrov,"]


def test_heading_is_not_an_entry_and_a_figure_legend_after_the_list_is_left_out():
    text = (
        "References\n\n"
        "1. Holm EA, Randlov A. Brachial artery pressure. Lancet. 1985;2:1338-40.\n"
        "2. Waller TR. Morphology of the eye. J Morphol. 1993;217:1-22.\n"
        "3. Ng K, Sato H. Short note on eyes. BMJ. 1999;318:12.\n"
        "4. Moreau J. Vision in snails. Vision Res. 2001;41:100-9.\n"
        "\n"
        "Figure 2. Eye of a marine snail seen from above\n"
        "1. Lens\n"
        "2. Retina\n"
        "3. Optic nerve\n"
    )
    listing = read_list(text)
    assert [e.text.split()[0] for e in listing.entries] == ["Holm", "Waller", "Ng", "Moreau"]
    reasons = {s.line: s.reason for s in listing.skipped}
    assert reasons[1] == "heading"
    assert all(reasons.get(n) == "not a reference" for n in (8, 9, 10, 11)), reasons


def test_two_numbered_lists_in_one_file():
    text = (
        "References\n\n"
        "1. Holm EA. Pressure. Lancet. 1985;2:1338-40.\n"
        "2. Waller TR. Eyes. J Morphol. 1993;217:1-22.\n"
        "3. Ng K. Note. BMJ. 1999;318:12.\n"
        "\nFurther reading\n\n"
        "1. Moreau J. Vision in snails. Vision Res. 2001;41:100-9.\n"
        "2. Sato H. Snail optics. Opt Lett. 2004;29:77-9.\n"
    )
    listing = read_list(text)
    assert [e.text.split()[0] for e in listing.entries] == ["Holm", "Waller", "Ng", "Moreau", "Sato"]
    assert {s.line for s in listing.skipped if s.reason == "heading"} == {1, 7}


HANGING = (
    "Okafor, C., & Mensah, K. (2019). Market women and credit in West African\n"
    "    towns: A study of rotating savings. Journal of Invented Studies, 12(3),\n"
    "    45\u201367. https://doi.org/10.1234/jis.2019.003\n"
    "Petrov, I. (2020). Journal of Invented Studies\n"
    "    and its readers. Journal of Invented Studies, 13(1), 1\u20139.\n"
    "Sato, H. (2021). Why journals repeat. Journal of Invented Studies\n"
    "    Journal of Invented Studies, 14(2), 10\u201320.\n"
    "Ng, K. (2022). A last entry. Journal of Invented Studies\n"
    "    Journal of Invented Studies, 15(1), 1\u20132.\n"
)


def test_repeated_continuation_lines_are_kept():
    """A journal's name on a line of its own repeats, but it is no running head."""
    listing = read_list(HANGING)
    assert [e.text.split(",")[0] for e in listing.entries] == ["Okafor", "Petrov", "Sato", "Ng"]
    assert listing.skipped == []
    assert listing.entries[2].text.count("Journal of Invented Studies") == 2


def test_running_heads_and_page_numbers_of_a_pdf_are_left_out():
    refs = [f"Author{k}, A. ({1990 + k}). Title {k} of a study. Journal {k % 3}, {k}(2), {k}\u2013{k + 9}."
            for k in range(1, 41)]
    lines = []
    for k, r in enumerate(refs):
        if k and k % 12 == 0:
            lines += ["", str(100 + k // 12), "INVENTED JOURNAL OF TESTS", ""]
        lines.append(r)
    listing = read_list("\n".join(lines))
    assert len(listing.entries) == 40
    assert {s.reason for s in listing.skipped} == {"page furniture (running head or page number)"}
    assert len(listing.skipped) == 6


def test_merged_entries_are_flagged_by_line():
    text = "\n".join([
        "Holm EA. Pressure. Lancet. 1985;2:1338-40. doi:10.1000/a1 Waller TR. Eyes. J Morphol. 1993;217:1-22. "
        "doi:10.1000/b2 Ng K. Note. BMJ. 1999;318:12.",
        "Moreau J. Vision in snails. Vision Res. 2001;41:100-9.",
        "Sato H. Snail optics. Opt Lett. 2004;29:77-9.",
    ])
    listing = read_list(text)
    assert [line for line, _ in listing.warnings] == [1]
    assert "2 DOIs" in listing.warnings[0][1] and "3 years" in listing.warnings[0][1]


def test_control_and_zero_width_characters_are_removed_and_told():
    text = "Holm EA. Pres\u200bsure. Lancet. 1985;2:1338-40.\nWaller TR. Eyes\x07. J Morphol. 1993;217:1-22.\n"
    listing = read_list(text)
    assert [e.text for e in listing.entries] == ["Holm EA. Pressure. Lancet. 1985;2:1338-40.",
                                                 "Waller TR. Eyes. J Morphol. 1993;217:1-22."]
    assert listing.warnings == [(1, "control or zero-width characters removed from 2 lines")]


def test_every_line_is_in_an_entry_or_skipped():
    text = "References\n\n" + HANGING + "\n7\n"
    listing = read_list(text)
    covered = set()
    for e in listing.entries:
        covered.update(range(e.line, e.last + 1))
    covered.update(s.line for s in listing.skipped)
    nonblank = {i for i, l in enumerate(text.split("\n"), 1) if l.strip()}
    assert nonblank <= covered


def test_a_one_megabyte_line_finishes_and_is_cut_into_entries():
    one = "Holm EA, Randlov A. Brachial artery pressure in hypertension. Lancet. 1985;2(8463):1338-40. "
    line = (one * (1_000_000 // len(one) + 1))[:1_000_000]
    listing = read_list(line)
    assert listing.warnings[0][1].startswith("a line of 1,000,000 characters split into")
    assert all(e.line == 1 for e in listing.entries)
    # Every whole reference is one entry; the stub the megabyte cuts short (no year
    # in it) stays with the entry before it.
    assert len(listing.entries) == 1_000_000 // len(one)
    assert {e.text for e in listing.entries[:-1]} == {one.strip()}


def test_a_long_line_of_numbered_references_is_split_at_numbers_in_sequence():
    from litgraph.readers.reflist import split_run

    line = " ".join(f"{k}. Holm EA. A title, part {k + 1}. Lancet. 19{50 + k % 40};2:{k}-40." for k in range(1, 60))
    pieces, how = split_run(line)
    assert how == "numbers" and len(pieces) == 59
    assert pieces[1].startswith("2. Holm EA. A title, part 3.")  # "3." inside it is no label
    line = " ".join(f"[{k}] Holm EA. Title. Lancet. 1985;2:1-4." for k in range(7, 30))
    pieces, _ = split_run(line)
    assert len(pieces) == 23 and pieces[0].startswith("[7] ")


def test_a_long_line_of_author_year_references_is_split_where_an_entry_opens():
    from litgraph.readers.reflist import split_run

    apa = "Penrose, E. T. (1959). The theory of the growth of the firm. Cambridge, Massachusetts: MIT Press. "
    pieces, how = split_run(apa * 40)
    assert len(pieces) == 40 and "name, initial" in how  # "Cambridge, Massachusetts" holds no year
    vancouver = "Holm EA, Randlov A. Brachial artery pressure. Lancet. 1985;2(8463):1338-40. "
    assert len(split_run(vancouver * 40)[0]) == 40
    # Nothing evident (no year, no label): one piece, left to the segmenter.
    assert split_run("Smith, J. " * 1000) == (["Smith, J. " * 1000], "")


@pytest.mark.slow
def test_a_hundred_thousand_entries_finish():
    lines = [f"Author{k}, A. ({1900 + k % 120}). Title {k}. Journal {k % 50}, {k % 90}, {k % 400}\u2013{k % 400 + 9}."
             for k in range(100_000)]
    assert len(split_entries("\n".join(lines))) == 100_000


def test_paper_with_a_vancouver_list_under_its_heading():
    body = ("We measured pressure in 40 patients, as earlier studies had done [1, 2]. This is the method that "
            "we used, and it was found to be reliable in these settings.\n\n")
    doc = read_paper("# A study\n\n" + body * 5 + "References\n\n" + VANCOUVER, "p.txt", "p")
    assert len(doc.references) == 6
    assert doc.reference_line == 13


def test_paper_with_a_list_and_no_heading_after_its_prose():
    body = ("We measured pressure in 40 patients, as earlier studies had done. This is the method that "
            "we used, and it was found to be reliable in these settings.\n")
    doc = read_paper("# A study\n\n" + body * 6 + "\n" + VANCOUVER, "p.txt", "p")
    assert [r.authors[0].family for r in doc.references][:2] == ["Holm", "Waller"]


@pytest.mark.skipif(not ANYSTYLE.exists(), reason="../shared/datasets/anystyle is absent (held-out layouts need it)")
def test_held_out_layouts_split_right():
    """A small run of bench/segment.py: layouts of references the model never saw."""
    import sys

    sys.path.insert(0, str(ROOT / "bench"))
    import segment as bench

    from litgraph.readers import segment_train as st

    refs = [r for p in sorted(ANYSTYLE.glob("*.xml")) for r in st.load_xml(p)]
    _, held = st.split(refs)
    rows = bench.measure(held, docs=2, entries=15, seed=3)
    true = sum(r[0] for r in rows.values())
    right = sum(r[2] for r in rows.values())
    assert right / true >= 0.95, rows
    assert all(r[4] == 0 for r in rows.values())  # no file without an entry


# --- the command line: the account of every line ---------------------------------------------

def test_refs_accounts_for_its_lines(tmp_path):
    import json

    from conftest import run_cli

    path = tmp_path / "list.txt"
    path.write_text("References\n\n" + HANGING + "\n12\n", "utf-8")
    text = run_cli("refs", path)
    assert text.returncode == 0, text.stderr
    assert f"{path}: 4 entries in lines 1–13; 2 left out" in text.stderr
    plain = run_cli("refs", path, "--format", "json")
    refs = json.loads(plain.stdout)
    assert isinstance(refs, list) and [r["lines"] for r in refs] == [[3, 5], [6, 7], [8, 9], [10, 11]]
    acc = json.loads(run_cli("refs", path, "--format", "json", "--accounting").stdout)
    assert acc["references"] == refs
    assert acc["sources"] == [{"source": str(path), "kind": "list", "entries": 4, "lines": [1, 13],
                               "skipped": [{"line": 1, "text": "References", "reason": "heading"},
                                           {"line": 13, "text": "12", "reason": "page furniture (running head or page number)"}]}]


def test_refs_as_list_overrides_the_guess(tmp_path):
    import json

    from conftest import run_cli

    path = tmp_path / "odd.txt"
    # Prose-like references: the guess says paper, --as list says otherwise.
    path.write_text("We are what we read: this is how it was done. Oslo: Example Press, 2001.\n"
                    "They said that it was so, and that is why we are here. Lagos: Example Press, 2003.\n", "utf-8")
    guessed = run_cli("refs", path, "--format", "json")
    forced = run_cli("refs", path, "--format", "json", "--as", "list")
    assert json.loads(guessed.stdout) == []
    assert [r["lines"] for r in json.loads(forced.stdout)] == [[1, 1], [2, 2]]


@pytest.mark.parametrize("name,content", [
    ("server.log", "".join(f"2024-03-0{d % 9 + 1} 12:00:{d:02d} INFO request {d} served in 12 ms\n" for d in range(40))),
    ("table.txt", "id,name,score,rank\n" + "".join(f"{k},item{k},{k * 3},{k}\n" for k in range(30))),
])
def test_neither_list_nor_paper_is_told_in_one_line(tmp_path, name, content):
    from conftest import run_cli

    path = tmp_path / name
    path.write_text(content, "utf-8")
    proc = run_cli("refs", path, "--format", "json")
    assert proc.returncode == 2
    lines = [l for l in proc.stderr.splitlines() if l.strip()]
    assert len(lines) == 1 and str(path) in lines[0] and "Traceback" not in proc.stderr


@pytest.mark.slow
def test_two_hundred_thousand_lines_with_control_characters(tmp_path):
    """Every line read, the odd characters told once, no hang (bench/segment.py times it)."""
    path = tmp_path / "big.txt"
    rows = [f"Author{k}, A.\u200b ({1900 + k % 120}). Title\x01 {k}. J {k % 50}, {k % 90}, {k % 400}." for k in range(200_000)]
    path.write_text("\n".join(rows), "utf-8")
    from litgraph.readers.reflist import read_list

    listing = read_list(path.read_text("utf-8"))
    assert len(listing.entries) == 200_000
    assert listing.warnings[0] == (1, "control or zero-width characters removed from 200,000 lines")


# --- the fast paths of the line features give what the plain ones give ----------------------

def test_memoised_shapes_are_the_shapes():
    from litgraph.readers.segment import _fast_shape, _shape

    words = ["Smith,", "J.", "SMITH", "1999", "de", "(2001).", "Müller,", "李明,", "Ιωάννου", "pp.123–145",
             "Anticipation-of-something-long", "", "X", "o'Brien", "—.", "[12]", "ABCDEFGHIJKLMNOP"]
    for w in words * 2:  # (the second time from the memo)
        assert _fast_shape(w) == _shape(w), w


def test_lines_normalised_at_once_as_one_by_one():
    from litgraph.readers.segment import _DIGITS, _norm_lines

    lines = ["ΟΔΟΣ 12", "Journal of Things 3 (2001) 45–67", "Page ٣٤ of 9", "ΣΑΣ", "İstanbul 1999", "a\nb 12"]
    assert _norm_lines(lines) == [_DIGITS.sub("0", s.lower()) for s in lines]
    assert _norm_lines(lines[:5]) == [_DIGITS.sub("0", s.lower()) for s in lines[:5]]



# A hanging-indent list as a typeset page or a text that kept its indents gives it:
# every entry's first line at the margin, the rest set in. The traps are lines whose
# looks say otherwise: a continuation that opens with a name and initials
# ("Albarracin, & R. Hornik (Eds.)"), entries with no author or year that read
# like the tail of the entry above ("Annual report on ...").
HANGING_TRAPS = """\
Abara, N. K., & Lindqvist, M. (2016). Seasonal credit and the survival of small coffee cooperatives in the western
    highlands. Journal of Rural Economic Studies, 41(3), 215–239.
Ajzen, I., & Albarracin, D. (2007). Predicting and changing behavior: A reasoned action approach. In I. Ajzen, D.
    Albarracin, & R. Hornik (Eds.), Prediction and change of health behavior (pp. 3–21). Mahwah, NJ: Erlbaum.
Annual report on the coastal fisheries of the northern provinces
Bautista-Ferreira, L. (2009). Gobernanza municipal y redes de agua potable: un estudio comparado. Revista de
    Estudios Territoriales, 12, 77–101.
Castellanos, R., Okoye, P., & Whitcombe, D. (2021). Measuring the internationalization of family firms with export
    microdata. International Small Business Review, 39(7), 1180–1204. https://doi.org/10.5555/isbr.2021.1180
Chronicle of the harbour works, 1880–1910, and of the merchants who paid for them
Dąbrowska, A. (2014). The archive as evidence: Land registers and property disputes in interwar Lublin. Cambridge:
    Fenwick University Press.
Engström, H., & Mbeki, T. (2018). Thermal tolerance of freshwater mussels under repeated heat waves. Freshwater
    Ecology Letters, 7, 33–48.
Fairbanks, C. J. (1998). Notes on the phonology of a northern Caddoan dialect. In M. Ortiz & S. Holloway (Eds.),
    Papers in Plains Linguistics (pp. 145–162). Lawrence, KS: Prairie Linguistics Society.
Gonçalves, M. T., Hirano, K., Petrov, S., & Ulloa, B. (2020). A field experiment on reminder messages and vaccine
    uptake among agricultural workers. Health Behaviour and Policy, 18(2), 301–322.
Halvorsen, I. (1987). Coastal trade and the rise of merchant guilds in the seventeenth century. Oslo: Nordhavn
    Forlag.
Iqbal, S., & Thorne, W. (2012). Interaction effects in hierarchical models of neighbourhood trust. Sociological
    Methods Quarterly, 25(4), 501–529. https://doi.org/10.5555/smq.2012.25.4.501
Jaramillo, E. P. (2005). Informal lending networks and microenterprise growth: Evidence from Bogotá. World
    Development Perspectives, 9, 88–107.
"""


def test_a_hanging_list_is_split_by_its_indents():
    from litgraph.readers.segment import indented

    lines = HANGING_TRAPS.split("\n")
    assert indented(lines)
    got = [e.text for e in split_entries(HANGING_TRAPS)]
    want = []  # (each entry: its first line and the set-in lines after it)
    for line in lines:
        if line.startswith("    "):
            want[-1] += " " + line.strip()
        elif line:
            want.append(line)
    assert got == want
    assert got[2] == "Annual report on the coastal fisheries of the northern provinces"
    assert got[1].endswith("Mahwah, NJ: Erlbaum.")


def test_indents_are_evidence_only_where_the_list_has_them():
    """A list without indents (one per line, flush left, pasted with its indents lost)
    is read exactly as before: the model for lists without indents, and no indent
    features; a hanging list is read by the indent model."""
    from litgraph.readers import segment
    from litgraph.refparse import models

    one_per_line = [
        "Aaker DA, 1991, MANAGING BRAND EQUITY",
        "Barney J, 1991, J MANAGE, V17, P99, DOI 10.1177/014920639101700108",
        " Coase RH, 1937, ECONOMICA-NEW SER, V4, P386",  # (a stray space is no indent)
        "Nelson RR, 1982, EVOLUTIONARY THEORY",
        "DiMaggio PJ, 1983, AM SOCIOL REV, V48, P147",
        "Granovetter M, 1985, AM J SOCIOL, V91, P481",
        "Penrose E. T., 1959, THEORY GROWTH FIRM",
    ]
    flush = [line.strip() for line in HANGING_TRAPS.split("\n")]
    for lines in (one_per_line, flush, [s.replace(" ", "\t", 1) for s in one_per_line]):
        idx, feats, _, is_indented = segment._features(lines, None)
        assert not is_indented
        assert not any(f.startswith("lv") for fs in feats for f in fs)
        plain = models.tagger(segment.model_path()).tag(feats)
        assert segment.tag_lines(lines)[1] == plain
    idx, feats, _, is_indented = segment._features(HANGING_TRAPS.split("\n"), None)
    assert is_indented and all(any(f.startswith("lvp=") for f in fs) for fs in feats)
    assert segment.model_path(indent=True).endswith("segment-indent.crfsuite")
