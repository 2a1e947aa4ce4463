"""The reference parser against hand-checked labels.

Seed lists (tests/data/gold) are in the model's training data, so their score
guards against regressions; the style set (tests/data/styles, 240 references
in 12 styles, and 60 hand-written references of physics, chemistry, CS,
humanities and non-Latin lists) is held out from training and measures
generalisation (the per-discipline lists were written alongside the field rules
for those styles, so bench/refs.py --styles, on generated held-out data, is the
fairer figure).
"""
import json
from pathlib import Path

import pytest

from litgraph.readers.reflist import parse_list
from litgraph.refparse import parse_reference
from litgraph.refparse.evaluate import compare, load_gold

from conftest import BIB, GOLD

STYLES = Path(__file__).parent / "data" / "styles"


@pytest.mark.parametrize("slug,count", [("ornamental-plant-batu", 28), ("entry-modes-east-java", 48),
                                        ("footwear-mojokerto", 8)])
def test_seed_lists_every_entry_found_and_fields_right(slug, count):
    """Parse the list as printed (bib/<paper>/references.txt) and score it against the gold."""
    refs = parse_list((BIB / slug / "references.txt").read_text("utf-8"), slug)
    gold = json.loads((GOLD / f"{slug}.refs.json").read_text("utf-8"))
    assert len(refs) == count
    score = compare(gold, refs)
    assert score.accuracy() >= 0.97, score.errors[:10]


def test_held_out_styles_accuracy():
    right = total = 0
    for path in sorted(STYLES.glob("*.refs.json")):
        gold = load_gold(path)
        score = compare([g for _, g in gold], [parse_reference(raw) for raw, _ in gold])
        right += sum(score.right.values())
        total += sum(score.total.values())
        assert score.accuracy() >= 0.85, (path.name, score.errors[:5])
    assert right / total >= 0.92


@pytest.mark.parametrize("raw,expected", [
    ("Johanson, J., & Vahlne, J. E. (1977). The internationalization process of the firm. *Journal of "
     "International Business Studies*, 8(1), 23–32. <https://doi.org/10.1057/PALGRAVE.JIBS.8490676/METRICS>",
     {"type": "article", "year": 1977, "container": "Journal of International Business Studies", "volume": "8",
      "issue": "1", "pages": "23–32", "doi": "10.1057/palgrave.jibs.8490676"}),
    ("Dominguez, N. (2018a). *SME Internationalization Strategies*. Wiley.",
     {"type": "book", "year": 2018, "year_suffix": "a", "publisher": "Wiley", "container": None}),
    ("[3] J. Smith and A. Jones, \"Fast parsing of things,\" IEEE Trans. Softw. Eng., vol. 12, no. 4, "
     "pp. 100-110, 2019, doi: 10.1109/TSE.2019.1234567.",
     {"year": 2019, "volume": "12", "issue": "4", "pages": "100-110", "doi": "10.1109/tse.2019.1234567"}),
    ("4. Doll R, Hill AB. Smoking and carcinoma of the lung. Br Med J. 1950;2(4682):739-48.",
     {"year": 1950, "volume": "2", "issue": "4682", "pages": "739-48"}),
    ("Kuhn, Thomas S. The Structure of Scientific Revolutions. U of Chicago P, 1962.",
     {"year": 1962, "type": "book"}),
])
def test_fields(raw, expected):
    got = parse_reference(raw).to_json()
    for key, value in expected.items():
        assert got[key] == value, (key, got)


def test_authors_keep_initials_particles_and_truncation():
    ref = parse_reference("Fakhriyyah, D. D., Sudarmiatin, S., & ... (2023). A title. *A Journal*, 2(4), 1–13.")
    assert [(a.family, a.given) for a in ref.authors] == [("Fakhriyyah", "D. D."), ("Sudarmiatin", "S.")]
    assert ref.authors_truncated
    ref = parse_reference("van der Aalst, Wil M. P. Process Mining. Springer, 2016.")
    assert ref.authors[0].family == "van der Aalst"


def test_pdf_text_ligatures_and_broken_words():
    ref = parse_reference("Teece, D. J. (1997). Dynamic capabilities and strategic manage- ment. "
                          "Strategic Management Journal, 18(7), 509–533. https://doi.org/10.1002/(SICI)1097-0266")
    assert ref.title == "Dynamic capabilities and strategic management"
    ref = parse_reference("Barney, J. (1991). Firm resources and sustained competitive advantage. Journal of "
                          "Management, 17(1), 99–120.".replace("fi", "ﬁ"))
    assert ref.title == "Firm resources and sustained competitive advantage"


def test_raw_is_the_entry_on_one_line():
    ref = parse_reference("Penrose, E. T. (1959).\n  The theory of the growth of the firm.   Wiley.")
    assert ref.raw == "Penrose, E. T. (1959). The theory of the growth of the firm. Wiley."


def test_sici_spaced_and_malformed_dois_in_parsed_references():
    ref = parse_reference("Teece, D. J., Pisano, G., & Shuen, A. (1997). Dynamic capabilities and strategic "
                          "management. Strategic Management Journal, 18(7), 509–533. <https://doi.org/10.1002/"
                          "(SICI)1097-0266(199708)18:7<509::AID-SMJ882>3.0.CO;2-Z>")
    assert ref.doi == "10.1002/(sici)1097-0266(199708)18:7<509::aid-smj882>3.0.co;2-z"
    ref = parse_reference("Ekeledo, I., & Sivakumar, K. (1998). Foreign market entry mode choice. International "
                          "Marketing Review, 15(4), 274-292. doi:10.1016/S0969-5931 (97)00010-3")
    assert ref.doi == "10.1016/s0969-5931(97)00010-3"
    ref = parse_reference("Lee, K. (2015). Export learning. Management International Review, 55(2), 1-20. "
                          "doi:10.1007s11575-015-0257-4")
    assert ref.doi is None and ref.doi_printed == "doi:10.1007s11575-015-0257-4"
    assert ref.to_json()["doi_printed"] == "doi:10.1007s11575-015-0257-4"


def test_a_one_megabyte_entry_finishes():
    """Shapes that once made a regular expression quadratic, 1 MB in one line.

    bench/linear.py prints the time against the size; here only: it finishes."""
    quarter = 250_000
    line = ("inter-" + "a" * quarter + " " + "[ab" * (quarter // 3) + " " + "-" * quarter + "a "
            + "x" * quarter + "://")
    assert len(line) > 1_000_000
    ref = parse_reference(line)
    assert ref.raw


@pytest.mark.parametrize("raw,expected", [
    # Physics prints no title: none is invented, and the journal keeps its series letter.
    ("V. P. Gusynin Phys. Rev. D 52 4747 (1995)",
     {"title": None, "container": "Phys. Rev. D", "volume": "52", "year": 1995, "authors": [("Gusynin", "V. P.")]}),
    ("[12] M. Gell-Mann and G. Zweig, Phys. Lett. B660, 483 (2008).",
     {"title": None, "container": "Phys. Lett. B", "volume": "660", "pages": "483", "year": 2008}),
    ("[3] E. Witten, Nucl. Phys. B 443, 85 (1995).", {"title": None, "container": "Nucl. Phys. B", "volume": "443"}),
    # Initials first, ":" before the title (LNCS and German CS lists).
    ("A. Heinemann, T. Straub: An anonymous credential system for mobile devices. Comput. Commun. 32(4), 601–610 (2009)",
     {"authors": [("Heinemann", "A."), ("Straub", "T.")], "title": "An anonymous credential system for mobile devices",
      "container": "Comput. Commun.", "volume": "32", "issue": "4"}),
    # Chemistry: year before volume, no title.
    ("(2) Rostovtsev, V. V.; Green, L. G.; Fokin, V. V.; Sharpless, K. B. Angew. Chem. Int. Ed. 2002, 41, 2596–2599.",
     {"title": None, "container": "Angew. Chem. Int. Ed.", "year": 2002, "volume": "41", "pages": "2596–2599"}),
    # All-caps names, "et" for "and".
    ("MERTON, R. K. The Matthew effect in science. Science, v. 159, n. 3810, p. 56-63, 1968.",
     {"authors": [("MERTON", "R. K.")], "volume": "159", "issue": "3810", "pages": "56-63", "container": "Science"}),
    ("Bourdieu, P. et Passeron, J.-C. (1967). Sociology and philosophy in France since 1945. Social Research, 34(1), 162-212.",
     {"authors": [("Bourdieu", "P."), ("Passeron", "J.-C.")], "container": "Social Research"}),
    # Non-Latin names are authors.
    ("[1] 王小明, 李华, 张伟. 基于深度学习的图像识别研究[J]. 计算机学报, 2019, 42(3): 521-535.",
     {"authors": [("王", "小明"), ("李", "华"), ("张", "伟")], "title": "基于深度学习的图像识别研究",
      "container": "计算机学报", "volume": "42", "issue": "3"}),
    ("1. Иванов И. И., Петров П. П. Методы анализа временных рядов // Вопросы экономики. 2019. Т. 12, № 3. С. 100–110.",
     {"authors": [("Иванов", "И. И."), ("Петров", "П. П.")], "title": "Методы анализа временных рядов",
      "container": "Вопросы экономики", "volume": "12", "issue": "3", "pages": "100–110"}),
])
def test_real_styles(raw, expected):
    ref = parse_reference(raw)
    got = ref.to_json()
    for key, value in expected.items():
        if key == "authors":
            assert [(a.family, a.given) for a in ref.authors] == value, got
        else:
            assert got[key] == value, (key, got)


def test_name_suffixes_are_kept_as_suffixes():
    ref = parse_reference("[11] D. E. Knuth, J. H. Morris, Jr., and V. R. Pratt, “Fast pattern matching in strings,” "
                          "SIAM J. Comput., vol. 6, no. 2, pp. 323–350, 1977.")
    assert [(a.family, a.suffix) for a in ref.authors] == [("Knuth", None), ("Morris", "Jr."), ("Pratt", None)]
    ref = parse_reference("King, Martin Luther, Jr. 1963. “Letter from Birmingham Jail.” The Atlantic Monthly 212 (2): 78–88.")
    assert ref.to_json()["authors"] == [{"family": "King", "given": "Martin Luther", "suffix": "Jr."}]


def test_batch_tagger_gives_crfsuites_labels():
    """The numpy tagger (lists) and crfsuite (one reference) agree label for label,
    on every style written by hand, with italics, and on a reference tagged in windows."""
    from litgraph.refparse import _get_batch, tag
    from litgraph.refparse.crf import BatchTagger
    from litgraph.refparse.tokens import tokenize

    styles = Path(__file__).parent / "data" / "styles"
    raws = [raw for p in sorted(styles.glob("*.refs.json")) for raw, _ in load_gold(p)]
    raws += ["Penrose, E. T. (1959). *The theory of the growth of the firm*. Wiley.",
             '"Quoted (and [bracketed" title]. _Journal of Things_, 3(2), 1-9. https://doi.org/10.1000/x']
    assert len(raws) > 200
    toks = [tokenize(" ".join(r.split())) for r in raws]
    fresh = BatchTagger(_get_batch().tagger)
    got = fresh.tag_many([(t.words, t.italic) for t in toks])
    assert got == [tag(t.words, t.italic) for t in toks]
    # Again, with every token's scores cached, one reference at a time.
    assert [fresh.tag_many([(t.words, t.italic)])[0] for t in toks[:30]] == got[:30]
    # Past LONG tokens: windows, every token labelled.
    words = ("Smith, J., " * 12_000).split()
    assert len(tag(words)) == len(words)
    # A long one in a batch after references with words new to the tagger: its
    # windows are tagged once those words' scores are in the tables.
    batch = BatchTagger(_get_batch().tagger)
    got = batch.tag_many([(["Qwertyuiop,", "Z."], None), (words, None), (["Asdfghjkl,", "K."], None)])
    assert [len(g) for g in got] == [2, len(words), 2]


def test_parse_references_parses_a_repeated_entry_once_and_shares_nothing():
    from litgraph.refparse import parse_references

    raws = ["Holm EA, Randlov A, Strandgaard S. Title of a trial. Lancet. 1990;2(4682):739-48."] * 3 + [
        f"Smith, J. ({1990 + k}). Title {k}. Journal, {k}, 1-9." for k in range(20)]
    refs = parse_references(raws, "s", lines=range(1, 24))
    assert [r.index for r in refs[:4]] == [1, 2, 3, 4] and [r.line for r in refs[:3]] == [1, 2, 3]
    assert refs[0].to_json() | {"index": 0} == refs[2].to_json() | {"index": 0}
    # (The first is the parsed one; its Author objects are names.parse_names' cached
    # ones, so the copies are the ones changed here.)
    refs[1].authors[0].family = "Changed"
    assert refs[0].authors[0].family == refs[2].authors[0].family == "Holm"
    assert refs[1].authors is not refs[2].authors


def test_parse_references_is_parse_reference_for_each():
    from litgraph.refparse import parse_references

    styles = Path(__file__).parent / "data" / "styles"
    raws = [raw for p in sorted(styles.glob("*.refs.json")) for raw, _ in load_gold(p)][:60]
    batch = parse_references(raws, "s")
    single = [parse_reference(r, "s", i) for i, r in enumerate(raws, 1)]
    assert [r.to_json() for r in batch] == [r.to_json() for r in single]


def test_positional_codes_of_a_batch_are_each_references_own():
    """crf.positional_codes_flat (all references at once, in arrays) gives the codes
    features.positional_codes gives each reference alone: quotes opened and closed
    (also by one token), brackets, years, breaks, italics, one-token references."""
    import random

    import numpy as np

    from litgraph.refparse.crf import positional_codes_flat
    from litgraph.refparse.features import marks, positional_codes

    rng = random.Random(5)
    vocab = ["Smith,", "J.", "(2001).", "“Title", "words", "here,”", "'word'", "Journal", "of", "Press.", "[3]",
             "(ed.)", "Title.", "2(4):", "pp.", "1-9.", "“", "”", "in:", "Review", "(1999", "a)", "?", "Wiley:"]
    seqs = []
    for _ in range(400):
        words = [rng.choice(vocab) for _ in range(rng.choice([1, 2, 3, 8, 20, 45]))]
        italic = None if rng.random() < 0.4 else [rng.random() < 0.3 for _ in words]
        seqs.append((words, italic))
    seqs.append((["Lone."], [True]))
    seqs.append((["A", "b", "c"], [False, False, False]))
    lengths = np.array([len(w) for w, _ in seqs])
    starts = np.cumsum(lengths) - lengths
    offset = np.arange(lengths.sum()) - np.repeat(starts, lengths)
    remain = np.repeat(lengths, lengths) - offset - 1
    tmarks = np.array([marks(t) for w, _ in seqs for t in w])
    italic = np.array([bool(it and it[k]) for w, it in seqs for k in range(len(w))])
    got = positional_codes_flat(tmarks, italic, offset, remain, lengths, starts).tolist()
    want = [c for w, it in seqs for c in positional_codes(w, it, [marks(t) for t in w])]
    assert got == want
    plain = [(w, None) for w, _ in seqs]
    got = positional_codes_flat(tmarks, None, offset, remain, lengths, starts).tolist()
    assert got == [c for w, it in plain for c in positional_codes(w, it, [marks(t) for t in w])]


def test_describe_is_token_features_and_marks():
    # The batch tagger reads a token's features and marks from features.describe;
    # the one-reference path from token_features and marks: the same, token for token.
    from litgraph.refparse.features import describe, marks, token_features

    words = ["Smith,", "J.", "(2001).", "“Title", "here,”", "'word'", "Journal", "Press.", "[3]", "(ed.)", "2(4):",
             "1-9.", "in:", "Review", "(1999", "a)", "?", "Wiley:", "Proc.", "doi:10.1000/x", "ISBN", "3rd", "May",
             "&", "et", "https://x.org", "«Titre»", "Phys.", "Rev.", "B660,", "—", "…"]
    for w in words:
        assert describe(w) == (token_features(w), marks(w)), w


def test_describe_of_a_word_is_the_general_one():
    # describe takes a short cut for a word (letters only) with at most one of
    # ",.:;" after it: the same features, in the same order, and the same marks.
    from itertools import product

    from litgraph.refparse.features import ABBREVIATIONS, JOURNAL_WORDS, MONTHS, PUBLISHER_WORDS, \
        TITLE_ABBREVIATIONS, _describe_any, _describe_word, describe

    stems = (sorted(MONTHS | JOURNAL_WORDS | PUBLISHER_WORDS | ABBREVIATIONS | TITLE_ABBREVIATIONS)
             + ["www", "doi", "doing", "isbn", "isbns", "in", "and", "und", "et", "y", "j", "ja", "jab", "abcd", "a",
                "i", "ı", "İsbn", "ſ", "ß", "ﬁ", "ǅ", "ΟΔΟΣ", "Straße", "ᾈ", "ª", "Ⅻ", "〇", "漢字", "한국", "カタカナ",
                "Smith", "van", "Živanović", "Иванов", "Müller", "OECD", "iPhone", "eBay"])
    seen = 0
    for stem, case, mark in product(stems, (str, str.upper, str.capitalize, str.lower), ("", ",", ".", ":", ";")):
        w = case(stem) + mark
        if not w[:len(w) - len(mark)].isalpha():
            continue
        assert describe(w) == _describe_any(w), w
        assert describe(w)[0] == _describe_word(w, w[:len(w) - len(mark)])[0]
        seen += 1
    assert seen > 3000
    # Not words: the general path.
    for w in ("J.-P.", "Smith.,", "(Smith)", "“Word", "2001.", "A1.", "x_", "self-report:", ".", ",", "O'Neil,"):
        assert describe(w) == _describe_any(w), w


def test_parse_references_leaves_the_cycle_collector_as_it_found_it():
    import gc

    from litgraph.refparse import parse_references

    raws = [f"Smith, J. ({1990 + k}). Title {k}. Journal, {k}, 1-9." for k in range(25)]
    assert gc.isenabled()
    assert len(parse_references(raws)) == 25 and gc.isenabled()
    gc.disable()
    try:
        parse_references(raws)
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_a_repeated_entry_is_an_equal_copy_sharing_nothing_mutable():
    from litgraph.model import Author, Reference

    ref = Reference(source="s", index=3, raw="Smith J (2001) T. J 1:2", year=2001, title="T",
                    authors=[Author("Smith", "J", ids={"orcid": "0000-0001"})], editors=[Author("Doe")],
                    extra={"k": "v"}, ids={"pmid": "1"}, keywords=["a"], line=7, line_end=8)
    new = ref.copy()
    assert new == ref and new is not ref
    assert new.authors[0] is not ref.authors[0] and new.authors[0].ids is not ref.authors[0].ids
    assert new.editors[0] is not ref.editors[0]
    for name in ("authors", "editors", "extra", "ids", "keywords", "affiliations"):
        assert getattr(new, name) is not getattr(ref, name), name


def test_pattern_short_cuts_never_skip_a_match():
    # fields._may_hold says where _THESIS / _REPORT cannot match; a text it rules out
    # must hold no match, whatever its case (and outside ASCII it rules nothing out).
    from itertools import product

    from litgraph.refparse.fields import _REPORT, _REPORT_WORDS, _THESIS, _THESIS_WORDS, _may_hold

    words = ["thesis", "Dissertation", "PhD", "Ph. D", "ph.d", "master's", "Masters", "diss.", "skripsi", "TESIS",
             "disertasi", "doctoral", "report", "Working Paper", "white paper", "Policy brief", "LAPORAN", "theſis",
             "reporT", "Journal", "Smith", "press", "", "Ph", "pap er"]
    for a, b in product(words, repeat=2):
        text = f"Smith, J. (2001). {a} on {b}. City: Press."
        for pattern, need in ((_THESIS, _THESIS_WORDS), (_REPORT, _REPORT_WORDS)):
            if not _may_hold(text, need):
                assert not pattern.search(text), text
    assert _may_hold("theſis", _THESIS_WORDS)  # (re.I matches ſ to s; lower() does not)
    assert not _may_hold("Smith, J. (2001). A title. Journal, 3, 1-9.", _THESIS_WORDS)


def test_batch_tagger_reads_the_weights_info_gives():
    from litgraph.refparse import _get_tagger
    from litgraph.refparse.crf import model_weights

    tagger = _get_tagger()
    info = tagger.info()
    state, trans = model_weights(tagger)
    assert state == info.state_features and list(state) == list(info.state_features)
    assert trans == info.transitions and len(trans) > 10 and len(state) > 1000


def test_batch_tagger_model_cache_gives_the_same_tagger(tmp_path, monkeypatch):
    """What BatchTagger reads from the model is cached under the model's hash:
    read back it is the same, bit for bit, and tags the same; an entry that is
    damaged is ignored and written again; a cache that cannot be written is no error."""
    import numpy as np

    from litgraph.refparse import _get_tagger, crf, model_path
    from litgraph.refparse.tokens import tokenize

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    tagger, path = _get_tagger(), model_path()
    plain = crf.BatchTagger(tagger)  # (no file named: no cache)
    first = crf.BatchTagger(tagger, path)
    entry = crf.ModelCache(path, plain.labels).path()
    assert Path(entry).is_file() and Path(entry).parent.parent == tmp_path / "cache" / "litgraph"

    def unread(_):
        raise AssertionError("the model was read again")

    monkeypatch.setattr(crf, "model_weights", unread)
    cached = crf.BatchTagger(tagger, path)
    for a in (first, cached):
        assert list(a.attrs.items()) == list(plain.attrs.items())
        assert list(a.feature_ids.items()) == list(plain.feature_ids.items())
        for name in ("weights", "trans", "feature_table"):
            assert np.array_equal(getattr(a, name), getattr(plain, name)) and getattr(a, name).dtype == np.float64
    raws = ["Penrose, E. T. (1959). The theory of the growth of the firm. Wiley.",
            "Holm EA, Randlov A, Strandgaard S. Title of a trial. Lancet. 1990;2(4682):739-48."]
    seqs = [(t.words, t.italic) for t in map(tokenize, raws)]
    assert cached.tag_many(seqs) == plain.tag_many(seqs)
    monkeypatch.undo()

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    Path(entry).write_bytes(b"not an npz")
    again = crf.BatchTagger(tagger, path)
    assert np.array_equal(again.feature_table, plain.feature_table)
    assert crf.ModelCache(path, plain.labels).load() is not None  # written again, whole
    assert [p.name for p in Path(entry).parent.iterdir()] == [Path(entry).name]  # no temporary left

    (tmp_path / "file").write_text("x")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "file"))  # a cache directory that cannot be made
    assert crf.BatchTagger(tagger, path).tag_many(seqs) == plain.tag_many(seqs)


def test_viterbi_many_is_each_references_own_viterbi_with_first_best_ties():
    """crf.viterbi_many (all references at once, back pointers found going back)
    gives each reference's Viterbi path, the first label winning among equal
    sums (crfsuite's choice): integer scores make ties everywhere."""
    import random

    import numpy as np

    from litgraph.refparse.crf import viterbi_many

    rng = random.Random(7)
    n = 5
    trans = np.array([[rng.randint(-2, 2) for _ in range(n)] for _ in range(n)], dtype=float)
    lengths = sorted((rng.choice([1, 2, 3, 7, 12]) for _ in range(60)), reverse=True)
    ems = [np.array([[rng.randint(-3, 3) for _ in range(n)] for _ in range(L)], dtype=float) for L in lengths]

    def one(em):
        score, back = em[0].copy(), []
        for row in em[1:]:
            cand = score[:, None] + trans  # [from, to]
            back.append(cand.argmax(axis=0))  # (argmax: the first of equals)
            score = cand.max(axis=0) + row
        path = [int(score.argmax())]
        for b in reversed(back):
            path.append(int(b[path[-1]]))
        return path[::-1]

    alive = np.array([sum(L > t for L in lengths) for t in range(lengths[0])])
    em_t = np.concatenate([np.stack([ems[j][t] for j in range(alive[t])], axis=1) for t in range(len(alive))], axis=1)
    path = viterbi_many(em_t, alive, trans).tolist()
    starts = np.cumsum(alive) - alive
    got = [[path[starts[t] + j] for t in range(L)] for j, L in enumerate(lengths)]
    assert got == [one(em) for em in ems]
