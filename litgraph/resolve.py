"""Resolve: which reference entry each in-text citation means.

A citation links to an entry when the first cited surname matches the entry's
first author (accents and case ignored, one or two letters of slip allowed
in longer names), the co-author agrees where one is printed, and the year is
the same, suffix included. Every decision keeps its reason in
`Citation.link`:

    "exact"                         names and year agree
    "fuzzy: Cieřlik ~ Ciešlik"      linked despite a spelling slip
    "no year: linked by name"       "(Sultoni et al.)", the only Sultoni entry
    "suffix: cited 2018, listed 2018a"
    "year off: cited 1992, listed 1991"
                                    the one entry of those authors a year away:
                                    linked, and `check` reports the year
    "ambiguous: 4, 5"               two entries fit equally: not guessed
    "other year: 2009"              same author, other year(s): not linked
    "no entry"                      nothing fits
    "number"                        a numbered citation ("[3]") and its entry
    "past the list: 24 entries"     "[31]" in a list of 24
"""
from __future__ import annotations

import heapq
import re
from bisect import bisect_right
from dataclasses import dataclass
from functools import cached_property, lru_cache
from itertools import chain

from rapidfuzz.distance import OSA

from .model import Citation, Document, Reference
from .names import fold, strip_accents


def name_match(a: str, b: str) -> int:
    """2 exact (after folding), 1 a small slip, 0 different."""
    return _folded_match(_fold(a), _fold(b))


@lru_cache(maxsize=1 << 20)
def _folded_match(fa: str, fb: str) -> int:
    if not fa or not fb:
        return 0
    if fa == fb:
        return 2
    # "Wiedersheim" for "Wiedersheim-Paul"; "Purwanto" for "Hari Purwanto".
    if len(fa) >= 5 and len(fb) >= 5 and (fa.startswith(fb) or fb.startswith(fa)):
        return 1
    shorter = min(len(fa), len(fb))
    allowed = 0 if shorter < 5 else 1 if shorter < 9 else 2
    # Optimal string alignment: a swap of two letters ("Knigth") is one slip, as a typist makes it.
    return 1 if allowed and OSA.distance(fa, fb, score_cutoff=allowed) <= allowed else 0


def family_names(ref: Reference) -> list[str]:
    return [a.family for a in ref.authors]


@dataclass(slots=True)
class _Candidate:
    ref: Reference
    score: int
    slip: str | None


def _candidates(cit: Citation, refs: list[Reference]) -> list[_Candidate]:
    """Entries whose authors could be the cited names, best first (any year)."""
    out = []
    first = cit.names[0]
    for ref in refs:
        fams = family_names(ref)
        if not fams:
            continue
        m = name_match(first, fams[0])
        if not m:
            continue
        score = m * 10
        slip = None if m == 2 else f"{first} ~ {fams[0]}"
        # A second printed name must agree with the entry's second author.
        if len(cit.names) >= 2:
            if len(fams) >= 2:
                m2 = name_match(cit.names[1], fams[1])
                if not m2:
                    continue
                score += m2 * 3
                if m2 == 1 and slip is None:
                    slip = f"{cit.names[1]} ~ {fams[1]}"
            elif not ref.authors_truncated:
                continue
        # "et al." fits an entry with three or more authors best, two at a pinch.
        if cit.et_al:
            score += 2 if len(fams) >= 3 or ref.authors_truncated else 1 if len(fams) == 2 else 0
        elif len(cit.names) == 1:
            score += 2 if len(fams) == 1 else 1 if len(fams) == 2 else 0
        out.append(_Candidate(ref, score, slip))
    out.sort(key=lambda c: -c.score)
    return out


def _link_number(cit: Citation, refs: list[Reference]) -> None:
    """"[3]" means the entry printed with 3 (or the third, when the list prints no numbers)."""
    numbered = {r.extra["number"]: r for r in refs if "number" in r.extra}
    if numbered:
        ref = numbered.get(str(cit.number))
    else:
        ref = next((r for r in refs if r.index == cit.number), None)
    if ref is not None:
        cit.ref, cit.candidates, cit.link = ref.index, (ref.index,), "number"
    elif refs and cit.number > max([int(n) for n in numbered] or [len(refs)]):
        cit.link = f"past the list: {len(refs)} entries"
    else:
        cit.link = "no entry"


def _year_slip(cit: Citation, cands: list[_Candidate]) -> _Candidate | None:
    """The one entry a citation plainly means though its year is off by one:
    the same authors, spelt the same, and no other entry of theirs within a year."""
    year = cit.year_int
    near = [c for c in cands if c.ref.year and abs(c.ref.year - year) <= 1]
    if len(near) != 1 or near[0].slip is not None:
        return None
    fams = family_names(near[0].ref)
    if len(cit.names) > 1 and len(fams) != len(cit.names) and not cit.et_al:
        return None
    if cit.et_al and len(fams) < 2 and not near[0].ref.authors_truncated:
        return None
    if not cit.et_al and len(cit.names) == 1 and len(fams) > 2:
        return None
    return near[0]


def link_citation(cit: Citation, refs: list[Reference]) -> None:
    cit.ref, cit.candidates = None, ()
    if cit.number is not None:
        _link_number(cit, refs)
        return
    if not cit.names:
        cit.link = "no entry"
        return
    cands = _candidates(cit, refs)
    if not cands:
        cit.link = "no entry"
        return
    if cit.year is None:
        if len(cands) == 1:
            _choose(cit, cands[0], "no year: linked by name")
        else:
            cit.candidates = tuple(c.ref.index for c in cands)
            cit.link = "ambiguous: " + ", ".join(map(str, cit.candidates))
        return
    year, suffix = cit.year_int, cit.year_suffix
    same_year = [c for c in cands if c.ref.year == year]
    if not same_year:
        slip = _year_slip(cit, cands)
        if slip is not None:
            _choose(cit, slip, f"year off: cited {cit.year}, listed {slip.ref.year_label}")
            return
        years = sorted({c.ref.year for c in cands if c.ref.year})
        cit.candidates = tuple(c.ref.index for c in cands)
        cit.link = "other year: " + ", ".join(str(y) for y in years) if years else "no entry"
        return
    exact = [c for c in same_year if (c.ref.year_suffix or None) == suffix]
    if suffix and not exact:
        cit.candidates = tuple(c.ref.index for c in same_year)
        cit.link = f"other suffix: cited {cit.year}, listed " + ", ".join(c.ref.year_label for c in same_year)
        return
    pool = exact or same_year
    best = pool[0].score
    top = _one_per_work([c for c in pool if c.score == best])
    if len(top) > 1 and len({c.ref.index for c in top}) > 1:
        cit.candidates = tuple(c.ref.index for c in top)
        cit.link = "ambiguous: " + ", ".join(map(str, cit.candidates))
        return
    chosen = top[0]
    if not exact:
        if len(same_year) > 1:
            cit.candidates = tuple(c.ref.index for c in same_year)
            cit.link = "ambiguous: " + ", ".join(map(str, cit.candidates))
            return
        _choose(cit, chosen, f"suffix: cited {cit.year}, listed {chosen.ref.year_label}")
        return
    _choose(cit, chosen, f"fuzzy: {chosen.slip}" if chosen.slip else "exact")


def _same_entry(a: Reference, b: Reference) -> bool:
    """Two entries of one list that are one work printed twice (same DOI, or same year and title)."""
    if a.doi and b.doi:
        return a.doi.lower() == b.doi.lower()
    ta, tb = _title_key(a.title), _title_key(b.title)
    return bool(ta) and ta == tb and a.year == b.year


def _one_per_work(cands: list[_Candidate]) -> list[_Candidate]:
    """A work listed twice is one candidate (the first entry): a citation of it is not ambiguous;
    `check` reports the repeated entry (duplicate_entry) on its own."""
    out: list[_Candidate] = []
    for c in cands:
        if not any(_same_entry(o.ref, c.ref) for o in out):
            out.append(c)
    return out


def _choose(cit: Citation, cand: _Candidate, why: str) -> None:
    cit.ref = cand.ref.index
    cit.candidates = (cand.ref.index,)
    cit.link = why


def link_citations(doc: Document) -> None:
    """Link every citation of a paper to its reference list (curated links are kept)."""
    for cit in doc.citations:
        if cit.link == "curated" or (cit.link or "").startswith("field code"):
            continue  # linked by its reader: curated facts, a reference manager's field
        link_citation(cit, doc.references)


RECONSTRUCTED_NOTE = "reconstructed from in-text citations: only the authors and year are known"


def reconstruct_references(citations: list[Citation], source: str) -> list[Reference]:
    """One entry per distinct cited work, for a paper that prints no reference list.

    Citations of one work spelt two ways ("Afsarmaneh"/"Afsarmanesh", same year)
    become one entry under the spelling printed most often; different years stay
    different works. Entries are sorted as an author-date list would be.
    """
    from collections import Counter

    from .model import Author

    groups: list[dict] = []
    for c in citations:
        if not c.names:
            continue
        for g in groups:
            if g["year"] == c.year and g["et_al"] == c.et_al and len(g["names"]) == len(c.names) and all(
                name_match(a, b) for a, b in zip(g["names"], c.names)
            ):
                g["spellings"][c.names] += 1
                break
        else:
            groups.append({"names": c.names, "year": c.year, "et_al": c.et_al, "spellings": Counter({c.names: 1})})
    refs = []
    for g in groups:
        names = max(g["spellings"].items(), key=lambda kv: (kv[1], sum(map(len, kv[0]))))[0]
        ref = Reference(source=source, index=0, raw="", type="other", reconstructed=True, note=RECONSTRUCTED_NOTE)
        ref.authors = [Author(n) for n in names]
        ref.authors_truncated = g["et_al"]
        y = g["year"]
        if y and y[:4].isdigit():
            ref.year, ref.year_suffix = int(y[:4]), (y[4:] or None)
        ref.raw = f"{ref.author_label()} ({ref.year_label})"
        refs.append(ref)
    refs.sort(key=lambda r: ([fold(a.family) for a in r.authors], r.year or 0, r.year_suffix or ""))
    for i, r in enumerate(refs, 1):
        r.index = i
    return refs


# --- identity of works across the corpus ---------------------------------------
#
# Linear in practice: every comparison is made between classes of references
# (one title key and one pair of first-author names), never between all pairs of
# references of a block; name slips are found through deletion neighbourhoods;
# folds and title keys are computed once per distinct string. The decisions are
# those of the plain pairwise rules, applied in the same order (row by row of a
# block), so works, keys and merge reasons do not depend on how they are found.

@dataclass
class Work:
    """One distinct work: the references (from any paper) that mean it."""

    key: str
    refs: list[Reference]
    merges: list[str]
    paper: str | None = None  # the corpus paper this work is, if any

    @cached_property
    def best(self) -> Reference:
        """The most complete of the merged references (ties: the first read)."""
        return _most_complete(self.refs)


def _most_complete(refs: list[Reference]) -> Reference:
    """Work.best: the reference that prints the most (ties: the first)."""
    if len(refs) == 1:
        return refs[0]
    return max(refs, key=_filled)


def _filled(r: Reference) -> int:
    """The fields printed, one each (bools: called for every merged reference)."""
    return bool(r.title) + bool(r.container) + bool(r.volume) + bool(r.issue) + bool(r.pages) \
        + bool(r.doi) + bool(r.publisher) + bool(r.url) + (0 if r.reconstructed else 3) + len(r.authors)


class _Clusters:
    """Union-find over references that never joins two entries of one document.

    The first argument's root stays the root (so merge reasons read in the order
    they were found); document sets are moved, not copied, and reasons kept as a
    tree flattened once at the end, so no union costs more than the smaller side."""

    def __init__(self, docs: list[str], dois: list[str | None] | None = None):
        self.parent = list(range(len(docs)))
        self.docs: list = list(docs)  # a document id, or a set of them once merged
        # A work's DOI (lower case): two different DOIs are two works, whatever else agrees.
        self.doi: list[str | None] = list(dois) if dois is not None else [None] * len(docs)
        self.why: list = [None] * len(docs)
        self.size = [1] * len(docs)

    def find(self, i: int) -> int:
        parent = self.parent
        root = i
        while parent[root] != root:
            root = parent[root]
        while parent[i] != root:
            parent[i], i = root, parent[i]
        return root

    def union(self, a: int, b: int, why: str, repeated: bool = False) -> bool:
        """Join a's and b's works (True), or refuse when both hold an entry of one document
        (unless `repeated`: one list printing one work twice, see `duplicate_entry`)."""
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return True
        xa, xb = self.doi[ra], self.doi[rb]
        if xa and xb and xa != xb:
            return False
        da, db = self.docs[ra], self.docs[rb]
        if isinstance(da, str):
            if not repeated and ((da in db) if isinstance(db, set) else da == db):
                return False
            da = {da}
        if isinstance(db, str):
            if db in da and not repeated:
                return False
            da.add(db)
        else:
            if len(da) < len(db):
                da, db = db, da
            if not repeated and not da.isdisjoint(db):
                return False  # two entries of one list are two works
            da |= db
        self.parent[rb] = ra
        self.doi[ra] = xa or xb
        self.size[ra] += self.size[rb]
        self.docs[ra], self.docs[rb] = da, None
        self.why[ra] = (self.why[ra], self.why[rb], why)
        self.why[rb] = None
        return True

    def reasons(self, root: int) -> list[str]:
        if self.why[root] is None:
            return []  # a work of one reference (most of them)
        out: list[str] = []
        stack = [self.why[root]]
        while stack:
            node = stack.pop()
            if node is None:
                continue
            if isinstance(node, str):
                out.append(node)
                continue
            left, right, why = node
            stack += [why, right, left]
        # One reason per distinct text: a work cited in many papers is joined to each citing entry
        # by the same rule and the same label ("same first author, year and title (Murata
        # (1989))"), and the repeats say nothing more.
        return list(dict.fromkeys(out)) if len(out) > 1 else out


_STOP = frozenset("a an the of on in and for to from with at by".split())


@lru_cache(maxsize=1 << 20)
def _fold(name: str) -> str:
    return fold(name)


@lru_cache(maxsize=1 << 20)
def _title_key(title: str | None) -> str:
    """The first ten words of a title that are not stop words, folded: from _norm_title,
    whose words are those of the title folded (duplicate_pairs has made it already)."""
    words = [w for w in _norm_title(title).split() if w not in _STOP]
    return " ".join(words[:10])


def _sig(ref: Reference) -> tuple[str, str | None]:
    """The first two authors' folded family names (None: one author printed)."""
    a = ref.authors
    return (_fold(a[0].family), _fold(a[1].family) if len(a) >= 2 else None)


@lru_cache(maxsize=1 << 20)
def _sigs_agree(s: tuple[str, str | None], t: tuple[str, str | None]) -> bool:
    """First authors match; a second printed author must match too."""
    if not _folded_match(s[0], t[0]):
        return False
    return s[1] is None or t[1] is None or bool(_folded_match(s[1], t[1]))


def _authors_agree(a: Reference, b: Reference) -> bool:
    return bool(a.authors and b.authors) and _sigs_agree(_sig(a), _sig(b))


_NON_ALNUM = re.compile(r"[^a-z0-9]+")


@lru_cache(maxsize=1 << 20)
def _norm_title(title: str | None) -> str:
    """'SME Internationalization Strategies, Innovation…' -> 'sme internationalization strategies innovation …'."""
    title = title or ""
    return _NON_ALNUM.sub(" ", (title if title.isascii() else strip_accents(title)).lower()).strip()


def duplicate_entry(a: Reference, b: Reference) -> str | None:
    """Why two entries are one work printed twice ("same DOI", "same title"), or None.

    The one test of a repeated entry: `check` reports what it finds in a list, and
    identify_works makes such entries one work even within one list (where two
    entries are otherwise two works). Two different DOIs are two works; without
    both DOIs, the same first author, the same year (when both are printed) and
    the same title, or one title the start of the other ("SME Internationalization
    Strategies" and "SME Internationalization Strategies, Innovation to Conquer New
    Markets"), words whole and more than 12 letters long.
    """
    if a.doi and b.doi:
        return "same DOI" if a.doi.lower() == b.doi.lower() else None
    fa = _fold(a.authors[0].family) if a.authors else ""
    fb = _fold(b.authors[0].family) if b.authors else ""
    if fa != fb or (a.year and b.year and a.year != b.year):
        return None
    ta, tb = _norm_title(a.title), _norm_title(b.title)
    if len(ta) <= 12 or len(tb) <= 12:
        return None
    if ta == tb or ta.startswith(tb + " ") or tb.startswith(ta + " "):
        return "same title"
    return None


def duplicate_pairs(refs: list[Reference]) -> list[tuple[int, int, str]]:
    """(earlier, later, why) for the entries of one list that `duplicate_entry` joins,
    ordered by the later entry then the earlier; compared only within one DOI or one
    first author, so a long list costs no more than its length."""
    return _duplicate_pairs(refs, [r.doi.lower() if r.doi else None for r in refs])


def _duplicate_pairs(refs: list[Reference], dois: list[str | None]) -> list[tuple[int, int, str]]:
    """duplicate_pairs, given the entries' DOIs in lower case."""
    by_doi: dict[str, list[int]] = {}
    by_author: dict[str, list[int]] = {}
    out = []
    for j, r in enumerate(refs):
        doi = dois[j]
        pool = by_doi.get(doi, ()) if doi else ()
        # Without the same DOI, only entries of one first author with titles long enough
        # (duplicate_entry's other rule) can be one work: an untitled entry (most cited
        # references of a database export) is compared by DOI alone.
        titled = bool(r.title) and len(_norm_title(r.title)) > 12
        if titled:
            first = _fold(r.authors[0].family) if r.authors else ""
            others = by_author.get(first, ())
        else:
            others = ()
        for i in (sorted(set(pool).union(others)) if pool and others else pool or others):
            why = duplicate_entry(refs[i], r)
            if why:
                out.append((i, j, why))
        if doi:
            by_doi.setdefault(doi, []).append(j)
        if titled:
            by_author.setdefault(first, []).append(j)
    return out


# Ids that name one work (a journal's ISSN or a book's ISBN names many).
WORK_IDS = ("openalex", "wos", "scopus", "lens", "dimensions", "pmid", "pmcid", "mag", "arxiv")


def _work_ids(ref: Reference) -> list[tuple[str, str]]:
    """('openalex', 'w2741809807') for 'https://openalex.org/W2741809807'; the same for every id kind."""
    return [(kind, value.strip().rstrip("/").rsplit("/", 1)[-1].lower())
            for kind, value in ref.ids.items() if kind in WORK_IDS and value and value.strip()]


_PAGE = re.compile(r"[a-z]*\d+[a-z]?", re.I)


@lru_cache(maxsize=1 << 20)  # called once per way of printing a source: 65,536 was too few at 1M
def _first_page(pages: str | None) -> str | None:
    m = _PAGE.search(pages or "")
    return m.group(0).lower().lstrip("p") or None if m else None


def _containers(ref: Reference) -> tuple[str, ...]:
    """The journal as printed, and the abbreviations a record carries beside it (WoS J9, JI)."""
    extra = ref.extra
    if "j9" not in extra and "ji" not in extra:  # a cited reference: the journal as printed alone
        return (ref.container,) if ref.container else ()
    return tuple(c for c in (ref.container, extra.get("j9"), extra.get("ji")) if c)


def same_source(a: Reference, b: Reference) -> str | None:
    """Why two references of one first author and year are one article by where it
    appeared ("J INT BUS STUD, V8, P23" and "Journal of International Business
    Studies 8, 23-32"), or None: the same journal (abbreviations matched to full
    titles, journals.same_journal), and the same volume and first page where both
    print them, one of the two at least."""
    return _same_source(_source_sig(a), _source_sig(b))


def _source_sig(r: Reference) -> tuple[tuple[str, ...], str, str | None]:
    """Where a reference says it appeared: (journals, volume, first page), as same_source compares them."""
    extra = r.extra
    if "j9" not in extra and "ji" not in extra:  # a cited reference: once per distinct way of printing it
        return _printed_source_sig(r.container, r.volume, r.pages)
    return _containers(r), _volume_key(r.volume), _first_page(r.pages)


@lru_cache(maxsize=1 << 18)
def _printed_source_sig(container: str | None, volume: str | None, pages: str | None) -> tuple:
    return ((container,) if container else ()), _volume_key(volume), _first_page(pages)


@lru_cache(maxsize=1 << 16)
def _volume_key(volume: str | None) -> str:
    return (volume or "").strip().lower().lstrip("v")


def _same_source(sa: tuple, sb: tuple) -> str | None:
    """same_source on two source signatures (_source_sig)."""
    agree = 0
    for x, y in ((sa[1], sb[1]), (sa[2], sb[2])):
        if x and y:
            if x != y:
                return None
            agree += 1
    if not agree or not _journals_agree(sa[0], sb[0]):
        return None
    return "same first author, year, journal, volume and page"


def _surname_within(a: str, b: str) -> bool:
    """'Ponce' and 'Kcomt Ponce': one family name a run of the other's words, as one
    database indexes a double surname ("Ponce EK") and the other prints it whole ("Kcomt
    Ponce, Edwin"). Words are compared folded; a run must hold four letters or more."""
    wa = [f for f in map(_fold, a.replace("-", " ").split()) if f]
    wb = [f for f in map(_fold, b.replace("-", " ").split()) if f]
    short, long = sorted((wa, wb), key=len)
    if not short or len(short) == len(long) or len("".join(short)) < 4:
        return False
    n = len(short)
    return any(long[k:k + n] == short for k in range(len(long) - n + 1))


def _compound_surname_records(refs: list[Reference], clusters: _Clusters, facts: _Facts) -> None:
    """A database record and the references to it whose first authors differ by a second surname.

    The blocks above key on the first author's family name, so "Kcomt Ponce" (WoS AF)
    and "Ponce" (WoS AU, Scopus, and the references citing the paper) never meet; a WoS
    title cut short and a DOI only one database gives leave nothing else to join them.
    Only references that print a year, a volume and a first page are compared, each with
    the records (a database id) of that year, volume and page, so a work cited a thousand
    times costs a thousand comparisons; `same_source` must accept the journal too."""
    # The places of records first (few: most references are cited references, no id), then the
    # others at those places only, so a corpus of cited references alone builds nothing.
    places: dict[tuple, tuple[list[int], list[int]]] = {}
    is_record: set[int] = set()
    source: dict[int, tuple] = {}  # the source signatures of the references compared
    for i in facts.with_ids:
        sig = _source_sig(refs[i]) if _has_source(refs[i]) else None
        if sig is not None and sig[1] and sig[2] and _work_ids(refs[i]):
            is_record.add(i)
            source[i] = sig
            place = (refs[i].year, sig[1], sig[2])
            if place not in places:
                places[place] = ([], [])
            places[place][0].append(i)
    if not places:
        return
    # (by class of _source_classes: one look-up per way of printing a source in an author-year group)
    keys = facts.group_keys
    pages = {page for _, _, page in places}
    for g, classes in facts.sources.items():
        year = keys[g][1]
        for sig in classes:
            if sig[2] in pages:
                lists = places.get((year, sig[1], sig[2]))
                if lists is not None:
                    for i in classes[sig]:
                        if i not in is_record:
                            lists[1].append(i)
                            source[i] = sig
    for _, others in places.values():
        others.sort()  # (gathered group by group: in index order again)
    # Places in the order a scan of all references meets them (the order of the joins).
    for records, others in sorted(places.values(), key=lambda ro: min(ro[0][0], ro[1][0]) if ro[1] else ro[0][0]):
        for x, i in enumerate(records):
            fa = refs[i].authors[0].family
            decided: dict[tuple, bool] = {}
            for j in records[x + 1:] + others:
                fb = refs[j].authors[0].family
                if _fold(fa) == _fold(fb) or clusters.find(i) == clusters.find(j):
                    continue
                key = (fb, source[j][0])
                if key not in decided:
                    decided[key] = _surname_within(fa, fb) and bool(_same_source(source[i], source[j]))
                if decided[key]:
                    clusters.union(i, j, f"same year, journal, volume and page, first author {fa} / {fb}"
                                         f" ({refs[i].label()})")


@lru_cache(maxsize=1 << 16)
def _journals_agree(ca: tuple[str, ...], cb: tuple[str, ...]) -> bool:
    """One of the journal names printed for one reference names the journal of the other."""
    from .journals import same_journal

    return any(same_journal(x, y) for x in ca for y in cb)


def _has_source(r: Reference) -> bool:
    """Prints where it appeared: a journal and its volume or page."""
    return bool(r.authors and r.year and r.container and (r.volume or r.pages) and not r.reconstructed)


def _vague_source(r: Reference) -> bool:
    """An untitled reference that prints only its source ("Penrose ET, 1959, THEORY GROWTH FIRM")."""
    return bool(r.authors and r.year and r.container and not (r.volume or r.pages) and not r.title
                and not r.reconstructed)


class _Facts:
    """What the rules ask of each reference, worked out in one pass over the entries (names folded
    once per distinct name, a cited reference's source once per way of printing it):

    - dois: the DOI in lower case (None: none); doi_joins: (first reference of that DOI, this one);
      per_doc: the entries of each document; twice: the documents that may list a work twice
      (two titled entries, or one DOI twice), the only ones duplicate_pairs can find pairs in;
    - with_ids: the references that carry database ids;
    - group: the number of a reference's first author (folded) and year (-1: no author or no
      year), group_keys: (first author, year) by number, in the order met;
    - sources: the references that say where they appeared (_has_source) by group, then by
      source signature (_source_sig): the classes of _source_classes;
    - vague: the references that print only their source (_vague_source), vague_class: the
      number of each one's (group, journals) in vague_classes; vague_by: by group, then journals;
    - titled, bare: the references the blocks compare (titled, and untitled without a source),
      and sig: their first two authors folded (_sig; None for the others)."""

    __slots__ = (
        "bare",
        "doi_joins",
        "dois",
        "group",
        "group_keys",
        "per_doc",
        "sig",
        "sources",
        "titled",
        "twice",
        "vague",
        "vague_by",
        "vague_class",
        "vague_classes",
        "with_ids",
    )

    def __init__(self, entries: list[tuple[str, Reference]]):
        n = len(entries)
        dois: list[str | None] = [None] * n
        group = [-1] * n
        sig: list[tuple[str, str | None] | None] = [None] * n
        doi_joins: list[tuple[int, int]] = []
        by_doi: dict[str, int] = {}
        runs: list[tuple[str, int]] = []  # (document, first entry) of each run of one document's entries
        twice: set[str] = set()
        doi_docs: dict[str, set[str]] = {}  # for a DOI met more than once: the documents listing it
        doc_titles: dict[str, int] = {}
        with_ids: list[int] = []
        groups: dict[tuple[str, int], int] = {}
        flat: dict[tuple, list[int]] = {}  # (group, journals, volume, page): the source classes
        raw_groups: dict[tuple[str, int], int] = {}  # the groups by first family name as printed, and year
        compare: list[int] = []  # titled and bare
        vague: list[int] = []
        vague_class: list[int] = []
        vague_classes: list[tuple[int, tuple]] = []  # (group, journals)
        vague_by: dict[int, dict[tuple, list[int]]] = {}
        vague_number: dict[tuple[int, tuple], int] = {}
        titled: list[int] = []
        bare: list[int] = []
        # Folds, and the parts of a cited reference's source signature, once per distinct string
        # (the parts rather than whole signatures: most cited references print theirs one way only).
        folds: dict[str, str] = {}
        journal: dict[str, tuple[str]] = {}
        volume_key: dict[str | None, str] = {}
        first_page: dict[str | None, str | None] = {}
        last_doc = None
        for i, (doc, r) in enumerate(entries):
            if doc is not last_doc:
                runs.append((doc, i))
                last_doc = doc
            doi = r.doi
            if doi:
                low = dois[i] = doi.lower()  # DOIs are case-insensitive
                met = by_doi.get(low)
                if met is None:
                    by_doi[low] = i
                else:
                    doi_joins.append((met, i))
                    docs = doi_docs.get(low)
                    if docs is None:
                        doc_met = entries[met][0]
                        doi_docs[low] = {doc_met, doc}
                        if doc_met == doc:
                            twice.add(doc)
                    elif doc in docs:
                        twice.add(doc)
                    else:
                        docs.add(doc)
            title = r.title
            if title:
                seen = doc_titles[doc] = doc_titles.get(doc, 0) + 1
                if seen == 2:
                    twice.add(doc)
            if r.ids:
                with_ids.append(i)
            authors = r.authors
            if not authors:
                continue
            year = r.year
            if not year:
                continue
            family = authors[0].family
            g = raw_groups.get((family, year))
            if g is None:  # a first author's family name as printed, and a year, met for the first time
                f = folds.get(family)
                if f is None:
                    f = folds[family] = _fold(family)
                g = groups.get((f, year))
                if g is None:
                    g = groups[(f, year)] = len(groups)
                raw_groups[(family, year)] = g
            group[i] = g
            reconstructed = r.reconstructed
            is_titled = title and not reconstructed
            if is_titled:
                titled.append(i)
            container = r.container
            if container and not reconstructed:
                volume, pages = r.volume, r.pages
                if volume or pages:
                    extra = r.extra
                    if "j9" in extra or "ji" in extra:
                        c, v, p = _source_sig(r)
                    else:  # a cited reference: as _source_sig makes it
                        c = journal.get(container)
                        if c is None:
                            c = journal[container] = (container,)
                        v = volume_key.get(volume)
                        if v is None:
                            v = volume_key[volume] = _volume_key(volume)
                        p = first_page.get(pages, first_page)
                        if p is first_page:
                            p = first_page[pages] = _first_page(pages)
                    members = flat.get((g, c, v, p))
                    if members is None:
                        flat[(g, c, v, p)] = [i]
                    else:
                        members.append(i)
                    if not is_titled:
                        continue
                elif not title:  # prints only its source
                    extra = r.extra
                    if "j9" in extra or "ji" in extra:
                        c = _containers(r)
                    else:
                        c = journal.get(container)
                        if c is None:
                            c = journal[container] = (container,)
                    number = vague_number.get((g, c))
                    if number is None:
                        number = vague_number[(g, c)] = len(vague_classes)
                        vague_classes.append((g, c))
                        vague_by.setdefault(g, {})[c] = []
                    vague_by[g][c].append(i)
                    vague.append(i)
                    vague_class.append(number)
                    continue
            if not is_titled:
                bare.append(i)
            compare.append(i)
        # The first two authors of the references the blocks compare.
        keys = list(groups)
        for i in compare:
            authors = entries[i][1].authors
            f = keys[group[i]][0]
            if len(authors) >= 2:
                family = authors[1].family
                f2 = folds.get(family)
                if f2 is None:
                    f2 = folds[family] = _fold(family)
                sig[i] = (f, f2)
            else:
                sig[i] = (f, None)
        # The source classes by group, in the order met.
        sources: dict[int, dict[tuple, list[int]]] = {}
        for (g, c, v, p), members in flat.items():
            classes = sources.get(g)
            if classes is None:
                sources[g] = {(c, v, p): members}
            else:
                classes[(c, v, p)] = members
        # Each document's entries, in the order met (a document's runs joined).
        per_doc: dict[str, list[int]] = {}
        ends = [start for _, start in runs[1:]] + [n]
        for (doc, start), end in zip(runs, ends):
            if doc in per_doc:
                per_doc[doc].extend(range(start, end))
            else:
                per_doc[doc] = list(range(start, end))
        self.dois, self.doi_joins, self.per_doc, self.twice, self.with_ids = dois, doi_joins, per_doc, twice, with_ids
        self.group, self.group_keys = group, keys
        self.sources, self.vague, self.vague_class, self.vague_classes, self.vague_by = \
            sources, vague, vague_class, vague_classes, vague_by
        self.titled, self.bare, self.sig = titled, bare, sig


def _source_classes(refs: list[Reference], clusters: _Clusters, facts: _Facts) -> None:
    """Join references of one first author and year that `same_source` calls one article.

    Compared class by class (one printed journal, volume and page), and only classes
    sharing a volume or a first page, so a work cited the same way a thousand times
    costs one comparison per other way of citing it."""
    groups = facts.sources  # {first author and year: {source signature: references}}
    for classes in groups.values():
        members = list(classes.values())
        sigs = list(classes)
        for x, ms in enumerate(members):  # one class: one way of printing the same article
            if len(ms) > 1:
                why = _same_source(sigs[x], sigs[x])
                if why:
                    why = f"{why} ({refs[ms[0]].label()})"
                    for j in ms[1:]:
                        clusters.union(ms[0], j, why)
        if len(members) < 2:
            continue
        pairs = sorted(_source_pairs(sigs))
        for x, y in pairs:
            ma, mb = members[x], members[y]
            why = _same_source(sigs[x], sigs[y])
            if why:
                why = f"{why} ({refs[ma[0]].label()})"
                for j in mb:
                    clusters.union(ma[0], j, why)
    _vague_sources(refs, clusters, groups, facts)


def _source_pairs(sigs: list[tuple]) -> set[tuple[int, int]]:
    """(x, y), x < y, for the source signatures that _same_source may call one article: the same
    volume and first page where both print both, else the same volume, or the same page, where
    one lacks the other. (Two that share a volume but print different pages can never agree:
    a popular article's page slips would make them most of the pairs.)"""
    both: dict[tuple, list[int]] = {}
    part_volume: dict[str, list[int]] = {}  # the signatures without a page, by volume
    part_page: dict[str, list[int]] = {}  # the signatures without a volume, by page
    for x, (_, v, p) in enumerate(sigs):
        if v and p:
            same = both.get((v, p))
            if same is None:
                both[(v, p)] = [x]
            else:
                same.append(x)
        elif v:
            part_volume.setdefault(v, []).append(x)
        elif p:
            part_page.setdefault(p, []).append(x)
    pairs = set()
    for b in both.values():
        if len(b) > 1:
            pairs.update([(x, y) for n, x in enumerate(b) for y in b[n + 1:]])
    if not part_volume and not part_page:
        return pairs
    # The signatures with both, by the volumes and the pages that signatures lacking one print.
    full_volume: dict[str, list[int]] = {v: [] for v in part_volume}
    full_page: dict[str, list[int]] = {p: [] for p in part_page}
    for (v, p), xs in both.items():
        if v in full_volume:
            full_volume[v] += xs
        if p in full_page:
            full_page[p] += xs
    for parts, fulls in ((part_volume, full_volume), (part_page, full_page)):
        for key, part in parts.items():
            if len(part) > 1:
                pairs.update([(x, y) for n, x in enumerate(part) for y in part[n + 1:]])
            full = fulls[key]
            if full:
                pairs.update([(x, y) if x < y else (y, x) for x in full for y in part])
    return pairs


def _vague_sources(refs: list[Reference], clusters: _Clusters, groups: dict, facts: _Facts) -> None:
    """Untitled references that print only a source: one joins the one article of its
    authors and year in that journal (or book) when there is exactly one, and the other
    references printed so when there is none; with two it stays apart."""
    # Each vague reference's class is its author-year group and journals (facts.vague_classes).
    vague, order, class_of, classes = facts.vague_by, facts.vague, facts.vague_class, facts.vague_classes
    find, size = clusters.find, clusters.size
    fits_of: list = [None] * len(classes)
    # The articles of an author and year by printed journal: a journal is compared once per
    # other journal, not once per way of citing an article in it.
    by_journal: dict[int, dict[tuple, list[int]]] = {}
    one: dict[int, bool] = {}
    others_of: list = [None] * len(classes)
    clean: dict[int, int] = {}

    def compatible(c1: tuple, c2: tuple) -> bool:
        return c1 == c2 or _journals_agree(c1, c2)

    for v, ck in zip(order, class_of):
        fits = fits_of[ck]
        if fits is None:
            key, cont = classes[ck]
            journals = by_journal.get(key)
            if journals is None:
                journals = by_journal[key] = {}
                for sig, idx in groups.get(key, {}).items():
                    js = journals.get(sig[0])
                    if js is None:
                        journals[sig[0]] = [idx]
                    else:
                        js.append(idx)
            # (the articles' references in compatible journals, as lists, and the first of them all)
            lists = [idx for c2, idxs in journals.items() if compatible(cont, c2) for idx in idxs]
            fits = fits_of[ck] = (min([idx[0] for idx in lists]), lists) if lists else ()
        if fits:
            is_one = one.get(ck)
            if is_one is None:
                first = find(fits[0])
                is_one = one[ck] = all(find(t) == first for idx in fits[1] for t in idx)
            if is_one:
                rv = find(v)
                alone = size[rv] == 1
                if find(fits[0]) != rv:  # (joined already: nothing to do, nor a reason to word)
                    clusters.union(fits[0], v, f"cited as {refs[v].label()} in {classes[ck][1][0]}: the one article"
                                               " of those authors and year there")
                if not alone:
                    one.clear()
            continue
        root = clean.get(ck)
        if root is not None and find(root) == find(v):
            continue
        others = others_of[ck]
        if others is None:
            key, cont = classes[ck]
            others = others_of[ck] = sorted(j for c2, idx in vague[key].items() if compatible(cont, c2) for j in idx)
        refused = False
        why = None
        for j in others:
            if j != v and find(j) != find(v):
                if why is None:
                    why = f"cited as {refs[v].label()} in {classes[ck][1][0]} in several papers"
                if not clusters.union(v, j, why):
                    refused = True
        if not refused:
            clean[ck] = v


def _deletions(name: str, depth: int) -> set[str]:
    out = {name}
    frontier = {name}
    for _ in range(depth):
        frontier = {w[:k] + w[k + 1:] for w in frontier for k in range(len(w))}
        out |= frontier
    return out


def _slip_pairs(names: set[str]) -> set[tuple[str, str]]:
    """Pairs of distinct folded names that `name_match` calls a slip (1), found
    without comparing all pairs: a shared deletion variant (edit distance within
    the allowance) or one name a prefix of the other (5 letters or more)."""
    pairs: set[tuple[str, str]] = set()
    buckets: dict[str, list[str]] = {}
    for n in names:
        if len(n) < 5:
            continue  # no slip is allowed in names this short
        for k in range(5, len(n)):
            if n[:k] in names:
                pairs.add((n[:k], n))
        for v in _deletions(n, 1 if len(n) < 9 else 2):
            buckets.setdefault(v, []).append(n)
    for bucket in buckets.values():
        if len(bucket) > 1:
            for x, a in enumerate(bucket):
                for b in bucket[x + 1:]:
                    pairs.add((a, b) if a < b else (b, a))
    return {(a, b) for a, b in pairs if _folded_match(a, b) == 1}


def _similar_keys(keys: list[str]) -> dict[tuple[int, int], float]:
    """Token-sort similarity >= 90 between distinct title keys of a block (C batches).

    One call of rapidfuzz's cdist compares every key of a block with every other: its
    score cutoff turns away at once the pairs whose lengths differ too much to score 90
    (the Indel distance is at least the difference), so it costs little more than comparing
    each key only with the keys as long or up to 11/9 as long, and the per-call cost of
    one call per length (most of the time at 400,000 references) is paid once a block. A
    block too large for one matrix (_ONE_MATRIX keys) is compared by length windows: the
    same pairs and scores either way, ordered as the upper triangle is read row by row."""
    import numpy as np
    from rapidfuzz import fuzz, process

    if len(keys) < 2:
        return {}
    # token_sort_ratio is the ratio of the token-sorted texts: sort each key once (keys are
    # distinct within a block and rarely meet again in another: no cache).
    texts = [" ".join(sorted(k.split())) for k in keys]
    if len(keys) <= _ONE_MATRIX:
        m = process.cdist(texts, texts, scorer=fuzz.ratio, score_cutoff=90, dtype="float64")
        xs, ys = np.nonzero(m)
        keep = ys > xs  # each pair once, the diagonal left out (the upper triangle, row by row)
        xs, ys = xs[keep], ys[keep]
        return dict(zip(zip(xs.tolist(), ys.tolist()), m[xs, ys].tolist()))
    order = sorted(range(len(keys)), key=lambda i: len(texts[i]))
    where = np.array(order, dtype=np.int64)
    lengths = [len(texts[i]) for i in order]
    found_a, found_b, found_s = [], [], []
    start = 0
    while start < len(order):
        n = lengths[start]
        end = bisect_right(lengths, n, start)  # the keys of this length
        reach = bisect_right(lengths, (11 * n) // 9 + 1, start)  # and the longer ones they may be like
        m = process.cdist([texts[i] for i in order[start:end]], [texts[i] for i in order[start:reach]],
                          scorer=fuzz.ratio, score_cutoff=90, dtype="float64")
        xs, ys = np.nonzero(m)
        keep = ys > xs  # each pair once: within this length both (x, y) and (y, x) are found
        xs, ys = xs[keep], ys[keep]
        a, b = where[start + xs], where[start + ys]
        found_a.append(np.minimum(a, b))
        found_b.append(np.maximum(a, b))
        found_s.append(m[xs, ys])
        start = end
    a, b, s = np.concatenate(found_a), np.concatenate(found_b), np.concatenate(found_s)
    by = np.lexsort((b, a))
    return dict(zip(zip(a[by].tolist(), b[by].tolist()), s[by].tolist()))


# The most keys _similar_keys compares in one matrix (of float64 scores: 2,048 keys, 32 MB).
_ONE_MATRIX = 2048


def _blocks(facts: _Facts) -> list[tuple[list[int], list[int]]]:
    """References by first author and year; first authors a slip apart share a block.

    Each block as the references its rules compare: (titled, bare) of _Facts, each in
    the order of the block (the blocks of a name and year, ascending, then those joined
    to it in turn); the blocks that hold neither (most of a database export's cited
    references, matched by source instead) are left out, in the order met otherwise."""
    keys = facts.group_keys
    titled: list[list[int]] = [[] for _ in keys]
    bare: list[list[int]] = [[] for _ in keys]
    group = facts.group
    for i in facts.titled:
        titled[group[i]].append(i)
    for i in facts.bare:
        bare[group[i]].append(i)
    number = {key: g for g, key in enumerate(keys)}
    years_of: dict[str, set[int]] = {}
    for name, year in keys:
        years_of.setdefault(name, set()).add(year)
    # Only names of one year are joined; the moves follow the sorted pairs, as a
    # scan of each year's sorted names would.
    moves = sorted((year, a, b) for a, b in _slip_pairs(set(years_of)) for year in years_of[a] & years_of[b])
    for year, a, b in moves:
        x, y = number[(a, year)], number[(b, year)]
        titled[x] += titled[y]
        bare[x] += bare[y]
        titled[y], bare[y] = [], []
    return [(t, b) for t, b in zip(titled, bare) if t or b]


def _merge_positions(lists: list[list[int]], after: int = -1) -> list[int]:
    """Positions from several ascending lists, ascending, those after `after` only."""
    if len(lists) == 1:
        return [p for p in lists[0] if p > after]
    return [p for p in heapq.merge(*lists) if p > after]


def _resolve_titled(refs: list[Reference], titled: list[int], clusters: _Clusters, sigs: list) -> None:
    """Titled references of one block: the same title key, or similar ones, with agreeing authors.

    Decides as trying every pair (a, b), a before b, in order would, but class by
    class: the references of one title key and author pair behave alike, and a
    row whose candidates were all joined to it by an earlier row is skipped."""
    if len(titled) < 2:
        return
    keys: dict[str, int] = {}
    classes: dict[tuple[str, tuple], int] = {}
    members: list[list[int]] = []  # positions in `titled`, ascending
    class_key: list[int] = []
    class_sig: list[tuple] = []
    cls_of: list[int] = []
    for pos, i in enumerate(titled):
        k = _title_key(refs[i].title)
        s = sigs[i]
        c = classes.get((k, s))
        if c is None:
            c = classes[(k, s)] = len(members)
            members.append([])
            class_key.append(keys.setdefault(k, len(keys)))
            class_sig.append(s)
        members[c].append(pos)
        cls_of.append(c)
    key_text = list(keys)
    # For each title key, the keys its references join (itself first) and why: one title key is
    # "exact", or for two keys both empty the similarity of "" and "" (100); a similar one
    # "similar:NN" (the scores are 90 or more: _similar_keys' cutoff).
    empty = f"similar:{_ratio('', ''):.0f}"
    near: list[list[tuple[int, str]]] = [[(k, "exact")] if text else [(k, empty)] if float(empty[8:]) >= 90 else []
                                         for k, text in enumerate(key_text)]
    for (x, y), score in _similar_keys(key_text).items():
        kind = f"similar:{score:.0f}"
        if float(kind[8:]) >= 90:
            near[x].append((y, kind))
            near[y].append((x, kind))
    by_key: list[list[int]] = [[] for _ in key_text]
    for c, k in enumerate(class_key):
        by_key[k].append(c)
    # For each class, the classes whose references it joins, and why.
    adj: list[dict[int, str]] = []
    for c in range(len(members)):
        sc = class_sig[c]
        why: dict[int, str] = {}
        for k, kind in near[class_key[c]]:
            for d in by_key[k]:
                if _sigs_agree(sc, class_sig[d]):
                    why[d] = kind
        adj.append(why)
    done_clean: dict[int, int] = {}  # class -> the root its last full row left with nothing to join
    done_refused: dict[int, tuple[int, int]] = {}  # class -> (root, joins so far) after a row with refusals
    unified: dict[int, int] = {}  # class -> a member: all its members are in one work (for good)
    joins = 0
    find = clusters.find
    for pos, a in enumerate(titled):
        c = cls_of[pos]
        kind_of = adj[c]
        if not kind_of:
            continue
        ra = find(a)
        root = done_clean.get(c)
        if root is not None and find(root) == ra:
            continue
        memo = done_refused.get(c)
        if memo and memo[1] == joins and find(memo[0]) == ra:
            continue
        lists = []
        for d in kind_of:
            rep = unified.get(d)
            if rep is not None and find(rep) == ra:
                continue  # all of it is joined already
            ps = members[d]
            lists.append(ps if ps[0] > pos else ps[bisect_right(ps, pos):])
        refused = False
        label = None
        for p in (lists[0] if len(lists) == 1 else sorted(chain.from_iterable(lists))):
            b = titled[p]
            if find(b) == ra:
                continue
            if label is None:
                label = refs[a].label()
            kind = kind_of[cls_of[p]]
            why = f"same first author, year and title ({label})" if kind == "exact" \
                else f"similar titles ({kind[8:]}%) of {label}"
            if clusters.union(a, b, why):
                joins += 1
            else:
                refused = True
        if refused:
            done_refused[c] = (a, joins)
        else:
            done_clean[c] = a
            for d in kind_of:
                if members[d][0] >= pos:
                    unified[d] = a


@lru_cache(maxsize=4096)
def _ratio(a: str, b: str) -> float:
    from rapidfuzz import fuzz

    return fuzz.token_sort_ratio(a, b)


def _resolve_bare(refs: list[Reference], bare: list[int], titled: list[int], clusters: _Clusters,
                  sigs: list) -> None:
    """References known without a title (or only from citations) in one block.

    One that fits exactly one titled work of its authors joins it; one that fits
    none joins the other untitled references of its authors; one that fits two
    works stays apart. Decided per author pair and re-checked only after a join
    that could have changed the answer, as trying each reference in turn would."""
    # (`bare`: those of the block that print no source: one that prints where it appeared was
    # matched by that, same_source, not guessed.)
    if not bare:
        return
    find = clusters.find
    titled_by_sig: dict[tuple, list[int]] = {}
    for pos, i in enumerate(titled):
        titled_by_sig.setdefault(sigs[i], []).append(pos)
    bare_by_sig: dict[tuple, list[int]] = {}
    for pos, i in enumerate(bare):
        bare_by_sig.setdefault(sigs[i], []).append(pos)
    fits_of: dict[tuple, list[int]] = {}
    others_of: dict[tuple, list[int]] = {}
    one_work: dict[tuple, bool] = {}
    clean: dict[tuple, int] = {}
    for i in bare:
        s = sigs[i]
        fits = fits_of.get(s)
        if fits is None:
            lists = [ps for ts, ps in titled_by_sig.items() if _sigs_agree(s, ts)]
            fits = fits_of[s] = [titled[p] for p in _merge_positions(lists)] if lists else []
        if fits:
            one = one_work.get(s)
            if one is None:
                first = find(fits[0])
                one = one_work[s] = all(find(t) == first for t in fits)
            if one:
                alone = clusters.size[find(i)] == 1
                clusters.union(fits[0], i, f"cited as {refs[i].label()}: the one listed work of those authors and year")
                if not alone:
                    one_work.clear()  # i brought other references along: titled works may have met
            continue
        # No titled work of these authors: join the other untitled references of them.
        root = clean.get(s)
        if root is not None and find(root) == find(i):
            continue
        others = others_of.get(s)
        if others is None:
            others = others_of[s] = _merge_positions([ps for ts, ps in bare_by_sig.items() if _sigs_agree(s, ts)])
        label = None
        refused = False
        for p in others:
            j = bare[p]
            if j == i or find(j) == find(i):
                continue
            if label is None:
                label = refs[i].label()
            big = clusters.size[find(i)] > 1 or clusters.size[find(j)] > 1
            if clusters.union(i, j, f"cited as {label} in several papers"):
                if big:
                    one_work.clear()
            else:
                refused = True
        if not refused:
            clean[s] = find(i)


def _record_facts(r: Reference) -> tuple[dict[str, str], str, str | None]:
    """What tells two records of one export apart: database ids by kind, volume, first page."""
    return dict(_work_ids(r)) if r.ids else {}, _volume_key(r.volume), _first_page(r.pages)


def _records_differ(fa: tuple, fb: tuple) -> bool:
    """Two records (or two groups of records already joined) that cannot be one work: a
    different id of one database, or a different volume or first page where both print one."""
    ia, ib = fa[0], fb[0]
    if ia and ib and any(ib.get(kind, value) != value for kind, value in ia.items()):
        return True
    return any(x and y and x != y for x, y in ((fa[1], fb[1]), (fa[2], fb[2])))


def _record_pairs(refs: list[Reference], dois: list[str | None]) -> list[tuple[int, int, str]]:
    """(earlier, later, why) for the records of one export that may be one work exported twice:
    the same database id, or what duplicate_entry joins (the same DOI; the same first author,
    year and title). Whether they differ is _join_records' question."""
    out = []
    by_id: dict[tuple[str, str], int] = {}
    for j, r in enumerate(refs):
        if not r.ids:
            continue
        for kid in _work_ids(r):
            i = by_id.setdefault(kid, j)
            if i != j:
                out.append((i, j, f"same {kid[0]} id"))
                break
    out += _duplicate_pairs(refs, dois)
    out.sort(key=lambda t: (t[1], t[0]))
    return out


def _join_records(doc: str, idx: list[int], refs: list[Reference], dois: list[str | None],
                  clusters: _Clusters) -> None:
    """The records of one export file or library that are one work exported twice.

    A database gives each record one id, and a record exported twice keeps it: the same
    id (UT, EID, PMID, OpenAlex id) is one work, and two different ids of one database are
    two works whatever else agrees. Titles alone are no evidence between records of one
    export: a Scopus search returns the front matter of four LNCS volumes as four records
    "Computational Science and Its Applications - ICCSA 2010", author "Anonymous", one EID
    and one volume each; journals print "Editorial" and "Introduction" every issue. So the
    same DOI, or the same first author, year and title (duplicate_entry), joins two records
    only when no id of one database and no volume or first page printed by both differ. A
    library without ids (BibTeX, RIS) keeps its accidental duplicates one work that way: a
    Google Scholar profile exported with one paper twice under one key, a Zotero library
    with one conference paper entered twice. The test holds for what is joined so far (per
    group, not per pair): A and B of different EIDs do not meet through a C without one."""
    find = clusters.find
    group: dict[int, tuple] = {}  # root -> the ids, volume and first page of its records
    pairs = _record_pairs([refs[i] for i in idx], [dois[i] for i in idx])
    for x, y, why in pairs:
        a, b = idx[x], idx[y]
        ra, rb = find(a), find(b)
        if ra == rb:
            continue
        fa = group.get(ra) or _record_facts(refs[a])
        fb = group.get(rb) or _record_facts(refs[b])
        if _records_differ(fa, fb):
            continue
        if clusters.union(a, b, twice_reason(doc, why, refs[a], refs[b]), repeated=True):
            group[find(a)] = ({**fb[0], **fa[0]}, fa[1] or fb[1], fa[2] or fb[2])


def twice_reason(doc: str, why: str, a: Reference, b: Reference) -> str:
    """Why two entries of one list are one work: 'listed twice in paper1 (same DOI): ...'; for
    the records of one export file (graph.py pools them as "self:FILE") 'exported twice in FILE'."""
    where = f"exported twice in {doc[5:]}" if doc.startswith("self:") else f"listed twice in {doc}"
    return f"{where} ({why}): {a.label()}, {b.label()}"


def identify_works(entries: list[tuple[str, Reference]]) -> list[Work]:
    """Group (document id, reference) pairs into distinct works, recording why.

    Order of evidence: an entry printed twice in one list (`duplicate_entry`), or a
    record exported twice in one file (`_join_records`: the same database id, never
    two ids of one database);
    the same DOI; the same database id (OpenAlex, Lens, WoS ...); the same first
    author, year, journal and volume or page (`same_source`: "J INT BUS STUD, V8,
    P23" is the record of that article); the same first author, year and title; a
    similar title (90+) within one first-author-and-year block; and for a work
    known only from citations (no title), the one titled work of its block
    whose authors agree. Years must be equal: a 2003 and a 2009 paper of the
    same authors stay apart, as do two works of one author and year whose
    titles differ.
    """
    from .export.bibtex import assign_keys

    refs = [r for _, r in entries]
    facts = _Facts(entries)
    dois = facts.dois
    clusters = _Clusters([doc for doc, _ in entries], dois)
    # One list printing one work twice: the entries `check` calls duplicates are one work.
    for doc, idx in facts.per_doc.items():
        if doc.startswith("self:") and len(idx) > 1:  # the records of one export file or library
            _join_records(doc, idx, refs, dois, clusters)
        elif doc in facts.twice:  # (elsewhere duplicate_pairs finds no pair: no DOI twice, one title at most)
            for x, y, why in _duplicate_pairs([refs[i] for i in idx], [dois[i] for i in idx]):
                a, b = idx[x], idx[y]
                clusters.union(a, b, twice_reason(doc, why, refs[a], refs[b]), repeated=True)
    for a, b in facts.doi_joins:
        clusters.union(a, b, f"same DOI {refs[b].doi}")
    # Database ids: an OpenAlex `referenced_works` id or a Lens id is the record of that id.
    by_id: dict[tuple[str, str], int] = {}
    for i in facts.with_ids:
        r = refs[i]
        for kid in _work_ids(r):
            if kid in by_id:
                clusters.union(by_id[kid], i, f"same {kid[0]} id {r.ids[kid[0]]}")
            else:
                by_id[kid] = i
    blocks = _blocks(facts)
    for titled, _ in blocks:
        _resolve_titled(refs, titled, clusters, facts.sig)
    _source_classes(refs, clusters, facts)
    _compound_surname_records(refs, clusters, facts)
    for titled, bare in blocks:
        _resolve_bare(refs, bare, titled, clusters, facts.sig)
    # The works in the order of their first references: a reference alone in its work (most of
    # them) as its index, the others' as the list of their members.
    parent, size, find = clusters.parent, clusters.size, clusters.find
    order: list = []
    members_of: dict[int, list[int]] = {}
    for i in range(len(refs)):
        if parent[i] == i and size[i] == 1:
            order.append(i)
            continue
        root = find(i)
        members = members_of.get(root)
        if members is None:
            members = members_of[root] = [i]
            order.append(members)
        else:
            members.append(i)
    merged = [[refs[i] for i in item] if item.__class__ is not int else None for item in order] \
        if members_of else [None] * len(order)
    bests = [refs[item] if m is None else _most_complete(m) for item, m in zip(order, merged)]
    works = []
    for item, m, best, key in zip(order, merged, bests, assign_keys(bests)):
        if m is None:
            w = Work(key, [best], [])
        else:
            w = Work(key, m, clusters.reasons(find(item[0])))
        w.__dict__["best"] = best  # what the cached_property gives, without its lock
        works.append(w)
    return works
