"""identify_works decides as the plain pairwise rules do (the specification below,
quadratic and obviously right), on random corpora made to hit the hard cases:
name slips and chains of them, titles that are similar to one but not another,
empty title keys, untitled and reconstructed references, one work listed twice
in one paper (a refused join), DOIs shared across works."""
import random

import pytest
from rapidfuzz import fuzz

from litgraph.export.bibtex import assign_keys
from litgraph.model import Author, Reference
from litgraph.names import fold
from litgraph.journals import same_journal
from litgraph.resolve import (_authors_agree, _Clusters, _containers, _has_source, _title_key, _vague_source,
                              _work_ids, duplicate_entry,
                              identify_works, name_match, same_source, twice_reason)


class _Counting(_Clusters):
    refused = 0

    def union(self, a, b, why, repeated=False):
        ok = super().union(a, b, why, repeated)
        _Counting.refused += not ok
        return ok


def pairwise_identify(entries):
    """The specification: every pair of names of a year, every pair of a block, in order."""
    refs = [r for _, r in entries]
    clusters = _Counting([doc for doc, _ in entries], [r.doi.lower() if r.doi else None for r in refs])
    docs = {}
    for i, (doc, _) in enumerate(entries):
        docs.setdefault(doc, []).append(i)
    for doc, idx in docs.items():
        for y, b in enumerate(idx):
            for a in idx[:y]:
                why = duplicate_entry(refs[a], refs[b])
                if why:
                    clusters.union(a, b, twice_reason(doc, why, refs[a], refs[b]), repeated=True)
    by_doi = {}
    for i, r in enumerate(refs):
        if r.doi:
            doi = r.doi.lower()  # DOIs are case-insensitive
            if doi in by_doi:
                clusters.union(by_doi[doi], i, f"same DOI {r.doi}")
            else:
                by_doi[doi] = i
    blocks = {}
    for i, r in enumerate(refs):
        if r.authors and r.year:
            blocks.setdefault((fold(r.authors[0].family), r.year), []).append(i)
    names_by_year = {}
    for name, year in sorted(blocks):
        names_by_year.setdefault(year, []).append(name)
    for year, names in names_by_year.items():
        for x, na in enumerate(names):
            for nb in names[x + 1:]:
                if name_match(na, nb) == 1:
                    blocks[(na, year)] += blocks[(nb, year)]
                    blocks[(nb, year)] = []
    for kid_i, r in enumerate(refs):
        for kid in _work_ids(r):
            first = next(j for j in range(len(refs)) if kid in _work_ids(refs[j]))
            if first != kid_i:
                clusters.union(first, kid_i, f"same {kid[0]} id {r.ids[kid[0]]}")
    for block in blocks.values():
        titled = [i for i in block if refs[i].title and not refs[i].reconstructed]
        for a_pos, a in enumerate(titled):
            for b in titled[a_pos + 1:]:
                ta, tb = _title_key(refs[a].title), _title_key(refs[b].title)
                if not _authors_agree(refs[a], refs[b]):
                    continue
                if ta and ta == tb:
                    clusters.union(a, b, f"same first author, year and title ({refs[a].label()})")
                else:
                    score = fuzz.token_sort_ratio(ta, tb)
                    if score >= 90:
                        clusters.union(a, b, f"similar titles ({score:.0f}%) of {refs[a].label()}")
    for a in range(len(refs)):  # one article by where it appeared
        for b in range(a + 1, len(refs)):
            ra, rb = refs[a], refs[b]
            if _has_source(ra) and _has_source(rb) and (fold(ra.authors[0].family), ra.year) == \
                    (fold(rb.authors[0].family), rb.year):
                why = same_source(ra, rb)
                if why:
                    clusters.union(a, b, f"{why} ({ra.label()})")
    def group(r):
        return fold(r.authors[0].family), r.year

    def compatible(a, b):
        ca, cb = _containers(a), _containers(b)
        return ca == cb or any(same_journal(x, y) for x in ca for y in cb)

    for v, r in enumerate(refs):  # untitled references that print only a source
        if not _vague_source(r):
            continue
        fits = [s for s, x in enumerate(refs) if _has_source(x) and group(x) == group(r) and compatible(r, x)]
        cont = _containers(r)[0]
        if fits:
            if len({clusters.find(t) for t in fits}) == 1:
                clusters.union(fits[0], v, f"cited as {r.label()} in {cont}: the one article of those authors "
                                           "and year there")
        else:
            for j, x in enumerate(refs):
                if j != v and _vague_source(x) and group(x) == group(r) and compatible(r, x):
                    clusters.union(v, j, f"cited as {r.label()} in {cont} in several papers")
    for block in blocks.values():
        titled = [i for i in block if refs[i].title and not refs[i].reconstructed]
        bare = [i for i in block if i not in titled and not _has_source(refs[i]) and not _vague_source(refs[i])]
        for i in bare:
            fits = [t for t in titled if _authors_agree(refs[i], refs[t])]
            distinct = {clusters.find(t) for t in fits}
            if len(distinct) == 1:
                clusters.union(fits[0], i, f"cited as {refs[i].label()}: the one listed work of those authors and year")
            elif not fits:
                for j in [j for j in bare if j != i and _authors_agree(refs[i], refs[j])]:
                    clusters.union(i, j, f"cited as {refs[i].label()} in several papers")
    groups = {}
    for i in range(len(refs)):
        groups.setdefault(clusters.find(i), []).append(i)
    out = [([refs[i] for i in m], clusters.reasons(root)) for root, m in groups.items()]
    keys = assign_keys([max(rs, key=lambda r: (sum(1 for v in (r.title, r.doi) if v))) for rs, _ in out])
    return [(rs, why) for (rs, why), _ in zip(out, keys)]


# Names a slip apart, in chains ("Andersson" ~ "Anderson" ~ "Andersen"), a prefix
# ("Wiedersheim"), short names where no slip is allowed, a name that folds to nothing.
NAMES = ["Andersson", "Anderson", "Andersen", "Andresen", "Wiedersheim", "Wiedersheim-Paul", "Li", "Lu",
         "Smith", "Smyth", "Smithe", "Johanson", "Johansson", "Vahlne", "Vahlme", "李", "Ciešlik", "Cieřlik"]
TITLES = ["Networks and firms", "Networks and firms.", "NETWORKS AND FIRMS", "Networks and the firm",
          "Networks, and firms in markets", "Networks and firms in markets", "The", "A", "企业网络",
          "Learning in export markets", "Learning in export market", "Export learning markets in",
          "Knowledge and commitment", "Knowledge commitment and", None]


JOURNALS = ["Journal of International Business Studies", "J INT BUS STUD", "J. Int. Bus. Stud.", "INT BUS REV",
            "International Business Review", "Journal of World Business"]


def random_entries(rnd, n):
    entries = []
    for k in range(n):
        doc = f"d{rnd.randrange(max(2, n // 4))}"
        authors = [Author(rnd.choice(NAMES), "J.") for _ in range(rnd.choice((1, 1, 2, 2, 3)))]
        title = rnd.choice(TITLES)
        ref = Reference(doc, k, "", authors=authors, year=rnd.choice((2001, 2001, 2002)), title=title,
                        reconstructed=rnd.random() < 0.1, authors_truncated=rnd.random() < 0.2,
                        doi=rnd.choice((None, None, None, "10.1/a", "10.1/b")))
        if rnd.random() < 0.4:
            ref.container = rnd.choice(JOURNALS)
            ref.volume = rnd.choice((None, None, "8", "9"))
            ref.pages = rnd.choice((None, None, "23-32", "23", "P23", "101"))
            if rnd.random() < 0.3:  # a Web of Science cited reference: no title
                ref.title = None
                if rnd.random() < 0.7:  # a book
                    ref.container, ref.volume, ref.pages = "THEORY GROWTH FIRM", None, None
        if rnd.random() < 0.1:
            ref.ids = {rnd.choice(("openalex", "lens", "issn")): rnd.choice(("W1", "https://openalex.org/W1", "W2"))}
        entries.append((doc, ref))
    return entries


@pytest.mark.parametrize("seed", range(60))
def test_same_works_and_reasons_as_the_pairwise_rules(seed):
    rnd = random.Random(seed)
    entries = random_entries(rnd, rnd.randint(5, 80))
    want = [(sorted(id(r) for r in rs), why) for rs, why in pairwise_identify(entries)]
    got = [(sorted(id(r) for r in w.refs), w.merges) for w in identify_works(entries)]
    assert got == want


def test_the_random_corpora_reach_the_hard_cases():
    """The comparison above means something: every rule fires, joins are refused, slips join blocks."""
    reasons, full, slips = set(), set(), 0
    _Counting.refused = 0
    for seed in range(60):
        rnd = random.Random(seed)
        entries = random_entries(rnd, rnd.randint(5, 80))
        for rs, why in pairwise_identify(entries):
            reasons |= {w[:14] for w in why}
            full |= set(why)
            slips += len({fold(r.authors[0].family) for r in rs if r.authors and not r.doi}) > 1
    assert {"same DOI 10.1/", "same first aut", "similar titles", "cited as Ander"} <= reasons
    assert any(r.endswith("in several papers") for r in full) and any("the one listed work" in r for r in full)
    assert _Counting.refused > 10 and slips > 10
    assert any(r.startswith("listed twice") for r in full)
    assert any(r.startswith("same first author, year, journal") for r in full)
    assert any(r.endswith("the one article of those authors and year there") for r in full)
    assert any(r.endswith("in THEORY GROWTH FIRM in several papers") for r in full)
    assert any(r.startswith("same openalex id") for r in full) and not any("issn" in r for r in full)


@pytest.mark.parametrize("one_matrix", [2048, 16])
def test_similar_title_keys_of_variants_are_those_of_all_pairs(monkeypatch, one_matrix):
    """Large blocks of what a popular work's citations make of its title (typos, inserted and
    dropped letters, reordered words) beside short keys and unrelated titles: the same pairs,
    scores and order as rapidfuzz's token_sort_ratio cdist over every pair (the keys are
    token-sorted once and the found pairs gathered as arrays)."""
    import random

    from rapidfuzz import fuzz, process

    from litgraph import resolve
    from litgraph.resolve import _similar_keys

    # One matrix a block, or (a block over _ONE_MATRIX keys) windows of lengths: the same pairs.
    monkeypatch.setattr(resolve, "_ONE_MATRIX", one_matrix)
    rnd = random.Random(7)
    words = ("firm market process knowledge network entry theory view growth a b x yz internationalization"
             " learning performance evidence policy review region").split()

    def typo(s: str) -> str:
        if not s:
            return s
        k = rnd.randrange(len(s))
        op = rnd.randrange(3)
        c = rnd.choice("aeiourstn ")
        return s[:k] + c + s[k + 1:] if op == 0 else s[:k] + s[k + 1:] if op == 1 else s[:k] + c + s[k:]

    for trial in range(60):
        if trial % 3:
            base = [" ".join(rnd.choice(words) for _ in range(rnd.randint(0, 10))) for _ in range(rnd.randint(40, 70))]
        else:  # short keys
            base = ["".join(rnd.choice("abcdeiou ") for _ in range(rnd.randint(0, 12))) for _ in range(80)]
        keys = list(base)
        for k in base:
            for _ in range(rnd.randint(0, 6)):
                v = k
                for _ in range(rnd.randint(1, 1 + len(k) // 8)):
                    v = typo(v)
                keys.append(" ".join(v.split()))
            ws = k.split()
            rnd.shuffle(ws)
            keys.append(" ".join(ws))
        keys = list(dict.fromkeys(keys + ["", "a", "ab", "abc"]))
        rnd.shuffle(keys)
        assert len(keys) > 64
        m = process.cdist(keys, keys, scorer=fuzz.token_sort_ratio, score_cutoff=90, dtype="float64")
        every = {(int(x), int(y)): float(m[x, y]) for x, y in zip(*m.nonzero()) if x < y}
        found = _similar_keys(keys)
        assert found == every and list(found) == list(every)
        assert any(s < 100 for s in every.values())  # near pairs, not only exact ones, were at stake
        small = keys[:rnd.randint(2, 64)]  # a small block: one batch
        m = process.cdist(small, small, scorer=fuzz.token_sort_ratio, score_cutoff=90, dtype="float64")
        every = {(int(x), int(y)): float(m[x, y]) for x, y in zip(*m.nonzero()) if x < y}
        found = _similar_keys(small)
        assert found == every and list(found) == list(every)


def test_title_keys_are_the_first_ten_words_found_in_the_folded_title():
    """_title_key, made from _norm_title's words, gives what finding the words of the folded
    title gives: stop words left out, ten words kept, accents and case folded, any punctuation."""
    import re

    from litgraph.names import strip_accents

    def spec(title):
        title = title or ""
        folded = (title if title.isascii() else strip_accents(title)).lower()
        stop = {"a", "an", "the", "of", "on", "in", "and", "for", "to", "from", "with", "at", "by"}
        return " ".join([w for w in re.findall(r"[a-z0-9]+", folded) if w not in stop][:10])

    rnd = random.Random(3)
    pieces = ["The", "of", "Firm", "ÉCOLE", "Straße", "ø", "İstanbul", "x-y", "3D", "—", "?", "  ", "\t", "ﬁrm",
              "Σίσυφος", "A", "and", "by", "(1999)", "naïve", "u.s.", "", "東京", "l'été"]
    for _ in range(3000):
        title = " ".join(rnd.choice(pieces) for _ in range(rnd.randint(0, 16)))
        assert _title_key(title) == spec(title), title
    assert _title_key(None) == spec(None) == ""


def test_source_pairs_are_all_pairs_that_may_agree():
    """_source_pairs gives every pair of source signatures that _same_source accepts (of the
    pairs sharing a volume or a page, which were compared before), and no pair it never could."""
    from litgraph.resolve import _same_source, _source_pairs

    rnd = random.Random(9)
    for _ in range(400):
        sigs = [(("J INT BUS STUD",), rnd.choice(["", "8", "9", "12"]), rnd.choice([None, "23", "24", "1"]))
                for _ in range(rnd.randint(0, 30))]
        found = _source_pairs(sigs)
        sharing = {(x, y) for x in range(len(sigs)) for y in range(x + 1, len(sigs))
                   if (sigs[x][1] and sigs[x][1] == sigs[y][1]) or (sigs[x][2] and sigs[x][2] == sigs[y][2])}
        agreeing = {(x, y) for x, y in sharing if _same_source(sigs[x], sigs[y])}
        assert agreeing <= found <= sharing, sigs
        assert all(x < y for x, y in found)


def test_source_pairs_are_those_of_the_rule():
    """_source_pairs gathers, without comparing all pairs, exactly the signatures _same_source may
    join: same volume and page where both print both; else one lacking a page and the same
    volume, or one lacking a volume and the same page."""
    from litgraph.resolve import _source_pairs

    def may_join(a, b):
        (_, va, pa), (_, vb, pb) = a, b
        if va and pa and vb and pb:
            return (va, pa) == (vb, pb)
        return bool(va and va == vb) or bool(pa and pa == pb)  # one lacks the other

    rnd = random.Random(7)
    for _ in range(300):
        sigs = [(("J",), rnd.choice(("", "8", "9")), rnd.choice((None, "23", "101"))) for _ in range(rnd.randint(1, 12))]
        want = {(x, y) for y in range(len(sigs)) for x in range(y) if may_join(sigs[x], sigs[y])}
        assert _source_pairs(sigs) == want
