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

import re
from dataclasses import dataclass

from rapidfuzz.distance import OSA

from .model import Citation, Document, Reference
from .names import fold, strip_accents


def name_match(a: str, b: str) -> int:
    """2 exact (after folding), 1 a small slip, 0 different."""
    fa, fb = fold(a), fold(b)
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

@dataclass
class Work:
    """One distinct work: the references (from any paper) that mean it."""

    key: str
    refs: list[Reference]
    merges: list[str]
    paper: str | None = None  # the corpus paper this work is, if any

    @property
    def best(self) -> Reference:
        """The most complete of the merged references (ties: the first read)."""
        def filled(r: Reference) -> int:
            return sum(1 for v in (r.title, r.container, r.volume, r.issue, r.pages, r.doi, r.publisher, r.url) if v) \
                + (0 if r.reconstructed else 3) + len(r.authors)
        return max(self.refs, key=filled)


class _Clusters:
    """Union-find over references that never joins two entries of one document."""

    def __init__(self, refs: list[tuple[str, Reference]]):
        self.parent = list(range(len(refs)))
        self.docs = [{doc} for doc, _ in refs]
        self.why: list[list[str]] = [[] for _ in refs]

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def union(self, a: int, b: int, why: str) -> bool:
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return True
        if self.docs[ra] & self.docs[rb]:
            return False  # two entries of one list are two works
        self.parent[rb] = ra
        self.docs[ra] |= self.docs[rb]
        self.why[ra] += self.why[rb] + [why]
        return True


def _title_key(title: str | None) -> str:
    words = [w for w in re.findall(r"[a-z0-9]+", strip_accents(title or "").lower()) if w not in _STOP]
    return " ".join(words[:10])


_STOP = frozenset("a an the of on in and for to from with at by".split())


def _authors_agree(a: Reference, b: Reference) -> bool:
    """First authors match; a second printed author must match too."""
    fa, fb = [x.family for x in a.authors], [x.family for x in b.authors]
    if not fa or not fb or not name_match(fa[0], fb[0]):
        return False
    if len(fa) >= 2 and len(fb) >= 2 and not name_match(fa[1], fb[1]):
        return False
    return True


def identify_works(entries: list[tuple[str, Reference]]) -> list[Work]:
    """Group (document id, reference) pairs into distinct works, recording why.

    Order of evidence: the same DOI; the same first author, year and title; a
    similar title (90+) within one first-author-and-year block; and for a work
    known only from citations (no title), the one titled work of its block
    whose authors agree. Years must be equal: a 2003 and a 2009 paper of the
    same authors stay apart, as do two works of one author and year whose
    titles differ.
    """
    from rapidfuzz import fuzz

    from .export.bibtex import assign_keys

    clusters = _Clusters(entries)
    refs = [r for _, r in entries]
    by_doi: dict[str, int] = {}
    for i, r in enumerate(refs):
        if r.doi:
            if r.doi in by_doi:
                clusters.union(by_doi[r.doi], i, f"same DOI {r.doi}")
            else:
                by_doi[r.doi] = i
    blocks: dict[tuple[str, int], list[int]] = {}
    for i, r in enumerate(refs):
        if r.authors and r.year:
            blocks.setdefault((fold(r.authors[0].family), r.year), []).append(i)
    # Spelling slips in the first author ("Cieřlik"/"Ciešlik") share a block too;
    # only names of one year are compared, so this stays cheap on large corpora.
    names_by_year: dict[int, list[str]] = {}
    for name, year in sorted(blocks):
        names_by_year.setdefault(year, []).append(name)
    for year, names in names_by_year.items():
        for x, na in enumerate(names):
            for nb in names[x + 1:]:
                if name_match(na, nb) == 1:
                    blocks[(na, year)] += blocks[(nb, year)]
                    blocks[(nb, year)] = []
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
        bare = [i for i in block if i not in titled]
        for i in bare:
            fits = [t for t in titled if _authors_agree(refs[i], refs[t])]
            distinct = {clusters.find(t) for t in fits}
            if len(distinct) == 1:
                clusters.union(fits[0], i, f"cited as {refs[i].label()}: the one listed work of those authors and year")
            elif not fits:
                others = [j for j in bare if j != i and _authors_agree(refs[i], refs[j])]
                for j in others:
                    clusters.union(i, j, f"cited as {refs[i].label()} in several papers")
    groups: dict[int, list[int]] = {}
    for i in range(len(refs)):
        groups.setdefault(clusters.find(i), []).append(i)
    works = []
    for root, members in sorted(groups.items(), key=lambda kv: min(kv[1])):
        work_refs = [refs[i] for i in members]
        works.append(Work("", work_refs, clusters.why[root]))
    for w, key in zip(works, assign_keys([w.best for w in works])):
        w.key = key
    return works
