"""Citation checks an editor wants: each finding names the line, the entry, and what to do.

`check_document` runs every check that the document supports: a paper's text
with its list gets them all; a bare list or a .bib gets the checks of the list
alone, and `skipped_checks` says which were left out and why. Citations must
be linked first (resolve.link_citations).

Severities: error (the reader cannot find what is cited, or the reference
cannot be right), warning (likely wrong, worth fixing), info (worth a look).
"""
from __future__ import annotations

import re
from collections import Counter, defaultdict

from ..doi import doi_problems, suspicious_prefix, year_conflict
from ..model import Citation, Document, Finding, Reference
from ..names import PARTICLES as _PARTICLES, fold, strip_accents
from ..resolve import duplicate_pairs, name_match

TEXT_CHECKS = ("cited_not_listed", "listed_not_cited", "year_mismatch", "name_variant (text vs list)",
               "ambiguous_citation", "missing_reference_list", "ordering (of first citation)", "mixed_citation_styles",
               "et_al")
LIST_CHECKS = ("container_mismatch", "duplicate_entry", "duplicate_author", "truncated_authors", "missing_fields", "ordering",
               "doi_malformed", "doi_suspicious_prefix", "doi_year_mismatch", "name_variant (within the list)")


def skipped_checks(doc: Document) -> list[str]:
    """Checks that cannot run on this document, for the user to know."""
    if doc.has_text:
        return []
    return list(TEXT_CHECKS)


def check_document(doc: Document) -> list[Finding]:
    out: list[Finding] = []
    refs = doc.references
    if doc.has_text:
        if not doc.has_reference_list:
            out += missing_reference_list(doc)
            out += unlisted_variants(doc)
        else:
            out += unlinked_citations(doc)
            out += unlinked_numbers(doc)
            out += year_slips(doc)
            out += listed_not_cited(doc)
            out += ambiguous(doc)
            out += text_variants(doc)
            out += citations_without_year(doc)
            out += first_citation_order(doc)
            out += mixed_styles(doc)
            out += et_al_rules(doc)
    if refs and doc.has_reference_list:
        out += container_mismatch(doc)
        out += list_variants(doc)
        out += duplicate_entries(doc)
        out += duplicate_authors(doc)
        out += truncated(doc)
        out += missing_fields(doc)
        out += ordering(doc)
        out += doi_checks(doc)
    if doc.places:
        for f in out:
            if f.line and f.source == doc.source:
                f.place = doc.places.get(f.line)
    return sorted(out, key=lambda f: (f.line or 0, f.kind))


def _f(doc: Document, line, kind, severity, message, ref=None, where: str | None = None) -> Finding:
    """A finding on `line` of `where` (the file the line belongs to; the document by default)."""
    return Finding(where or doc.source, line, kind, severity, message, ref)


def _e(doc: Document, ref: Reference, kind, severity, message) -> Finding:
    """A finding on an entry: named by the file and line where the entry stands."""
    return Finding(ref.source or doc.source, ref.line, kind, severity, message, ref.index)


def _entry(ref: Reference) -> str:
    return f"entry {ref.index} ({ref.label()})"


def _c(doc: Document, cit: Citation, kind, severity, message, ref=None) -> Finding:
    """A finding on a citation: named by the text file and line where it stands."""
    return Finding(cit.source or doc.source, cit.line, kind, severity, message, ref)


def _cited(cit: Citation) -> str:
    return f"{cit.authors} ({cit.year})" if cit.year else cit.authors


def _lines(cits: list[Citation]) -> str:
    ls = sorted({c.line for c in cits})
    if len(ls) == 1:
        return f"line {ls[0]}"
    shown = ", ".join(map(str, ls[:8])) + (", …" if len(ls) > 8 else "")
    return f"lines {shown}"


# --- text against list ---------------------------------------------------------

def missing_reference_list(doc: Document) -> list[Finding]:
    if not doc.citations:
        return []
    from ..resolve import reconstruct_references

    works = reconstruct_references(doc.citations, doc.source)
    last = max(doc.citations, key=lambda c: c.line)
    return [_c(doc, last, "missing_reference_list", "error",
               f"the paper cites {len(works)} works ({len(doc.citations)} citations) but prints no reference "
               "list: add one, with an entry for every cited work")]


def _work_key(c: Citation) -> tuple:
    return tuple(fold(n) for n in c.names), c.year


def unlinked_citations(doc: Document) -> list[Finding]:
    """Cited works without an entry; a wrong year when the same authors are listed with another."""
    out = []
    by_work: dict[tuple, list[Citation]] = defaultdict(list)
    for c in doc.citations:
        if c.number is None and c.ref is None and c.link and (c.link == "no entry" or c.link.startswith("other year")):
            by_work[_work_key(c)].append(c)
    cited_refs = {c.ref for c in doc.citations if c.ref}
    refs = {r.index: r for r in doc.references}
    for cits in by_work.values():
        first = cits[0]
        # Same authors listed with another year that nothing else cites: a wrong year.
        other = [refs[i] for i in first.candidates if i in refs]
        same_authors = [r for r in other if _same_authors(first, r) and r.index not in cited_refs
                        and r.year and first.year_int and abs(r.year - first.year_int) <= 3]
        if first.link.startswith("other year") and len(same_authors) == 1:
            r = same_authors[0]
            out.append(_c(doc, first, "year_mismatch", "warning",
                          f"{_cited(first)} is cited ({_lines(cits)}) but the list has {_entry(r)}: "
                          f"correct the year in the text or in the list", r.index))
            continue
        hint = ""
        if other:
            hint = f" (the list has {', '.join(_entry(r) for r in other[:3])}, another year)"
        out.append(_c(doc, first, "cited_not_listed", "error",
                      f"{_cited(first)} is cited ({_lines(cits)}) but has no entry in the reference list"
                      f"{hint}: add the entry or correct the citation"))
    return out


def _same_authors(cit: Citation, ref: Reference) -> bool:
    fams = [a.family for a in ref.authors]
    if len(cit.names) > len(fams):
        return False
    if not all(name_match(n, f) for n, f in zip(cit.names, fams)):
        return False
    return cit.et_al == (len(fams) >= 3) or len(cit.names) == len(fams)


def listed_not_cited(doc: Document) -> list[Finding]:
    if not doc.citations:
        return []
    cited = {c.ref for c in doc.citations if c.ref}
    maybe = {i for c in doc.citations if c.ref is None for i in c.candidates
             if c.link and (c.link.startswith("ambiguous") or c.link.startswith("other suffix"))}
    out = []
    for r in doc.references:
        if r.index in cited or r.index in maybe:
            continue
        out.append(_e(doc, r, "listed_not_cited", "warning",
                      f"{_entry(r)} is never cited in the text: cite it or remove it"))
    return out


def ambiguous(doc: Document) -> list[Finding]:
    out = []
    refs = {r.index: r for r in doc.references}
    for c in doc.citations:
        if c.ref is None and c.link and (c.link.startswith("ambiguous") or c.link.startswith("other suffix")):
            which = " and ".join(_entry(refs[i]) for i in c.candidates if i in refs)
            out.append(_c(doc, c, "ambiguous_citation", "warning",
                          f"{_cited(c)} could mean {which}: add the year suffix (a, b) to the citation"))
    return out


def text_variants(doc: Document) -> list[Finding]:
    """A cited surname spelt otherwise than in its entry: a slip, a stray hyphen, lost accents."""
    out = []
    seen = set()
    refs = {r.index: r for r in doc.references}
    for c in doc.citations:
        if not c.ref or c.ref not in refs or c.link == "curated":
            continue
        fams = [a.family for a in refs[c.ref].authors]
        for cited, listed in zip(c.names, fams):
            if cited == listed or cited.casefold() == listed.casefold() or not name_match(cited, listed):
                continue
            if fold(cited) == fold(listed) and "-" not in cited + listed and strip_accents(cited) == cited:
                continue  # "Gronroos" for "Grönroos": an ASCII rendering, not a misspelling
            if (cited, c.ref) in seen:
                continue
            seen.add((cited, c.ref))
            out.append(_c(doc, c, "name_variant", "warning",
                          f"cited as '{cited}' but listed as '{listed}' (entry {c.ref}): use one spelling", c.ref))
    return out


def citations_without_year(doc: Document) -> list[Finding]:
    return [_c(doc, c, "missing_fields", "warning",
               f"the citation '{c.marker}' has no year: add it", c.ref)
            for c in doc.citations if c.year is None and c.number is None]


def year_slips(doc: Document) -> list[Finding]:
    """Citations linked to the one entry of their authors a year away: the year is wrong somewhere."""
    out = []
    by_work: dict[tuple, list[Citation]] = defaultdict(list)
    for c in doc.citations:
        if c.ref is not None and c.link and "year off" in c.link:
            by_work[(c.ref, c.year)].append(c)
    refs = {r.index: r for r in doc.references}
    for (idx, _), cits in by_work.items():
        first = cits[0]
        out.append(_c(doc, first, "year_mismatch", "warning",
                      f"{_cited(first)} is cited ({_lines(cits)}) but the list has {_entry(refs[idx])}, the only work "
                      f"of those authors within a year: linked to it; correct the year in the text or in the list", idx))
    return out


# --- numbered styles -------------------------------------------------------------

def unlinked_numbers(doc: Document) -> list[Finding]:
    """'[31]' in a list of 24: a number that points at no entry."""
    out = []
    by_number: dict[int, list[Citation]] = defaultdict(list)
    for c in doc.citations:
        if c.number is not None and c.ref is None:
            by_number[c.number].append(c)
    for n, cits in sorted(by_number.items()):
        first = cits[0]
        past = f"the list has only {len(doc.references)} entries" if first.link and first.link.startswith("past") \
            else f"no entry of the list is numbered {n}"
        out.append(_c(doc, first, "cited_not_listed", "error",
                      f"reference {n} is cited ({_lines(cits)}, '{first.marker}') but {past}: "
                      "add the entry or correct the number"))
    return out


def first_citation_order(doc: Document) -> list[Finding]:
    """Vancouver (and IEEE) number entries in the order they are first cited: flag the entries cited first
    out of that order (those outside the longest run that keeps it)."""
    firsts: dict[int, Citation] = {}
    for c in doc.citations:
        if c.number is not None and c.ref is not None and c.number not in firsts:
            firsts[c.number] = c
    if len(firsts) < 3:
        return []
    seq = sorted(firsts.values(), key=lambda c: (c.line, doc.citations.index(c)))
    numbers = [c.number for c in seq]
    keep = _longest_increasing(numbers)
    # Two entries swapped: both are off their rank of first citation, and only they are; one entry
    # cited early out of place shifts a run's ranks, and the longest ordered run names it alone.
    ranks = sorted(numbers)
    in_rank = {k for k, n in enumerate(numbers) if n == ranks[k]}
    if len(numbers) - len(in_rank) <= len(numbers) - len(keep):
        keep = in_rank
    # A list in alphabetical order (numbered or not) is not meant to follow citation order.
    in_order = len(keep) / len(numbers)
    if in_order < 0.5:
        return []
    out = []
    for k, c in enumerate(seq):
        if k in keep:
            continue
        before = [seq[j] for j in range(k) if seq[j].number > c.number]
        after = f", after reference {before[0].number} (line {before[0].line})" if before else ""
        out.append(_c(doc, c, "ordering", "warning",
                      f"reference {c.number} is first cited on line {c.line}{after}: Vancouver numbers entries in the "
                      "order of first citation; renumber the list and the citations", c.ref))
    return out


def _longest_increasing(values: list, strict: bool = True) -> set[int]:
    """Positions of a longest increasing subsequence (patience sorting): strictly increasing
    (citation numbers), or non-decreasing with strict=False (sort keys of an alphabetical list)."""
    import bisect

    find = bisect.bisect_left if strict else bisect.bisect_right
    tails: list = []
    tail_pos: list[int] = []
    prev = [-1] * len(values)
    for i, v in enumerate(values):
        k = find(tails, v)
        if k == len(tails):
            tails.append(v)
            tail_pos.append(i)
        else:
            tails[k] = v
            tail_pos[k] = i
        prev[i] = tail_pos[k - 1] if k else -1
    out = set()
    i = tail_pos[-1] if tail_pos else -1
    while i >= 0:
        out.add(i)
        i = prev[i]
    return out


def mixed_styles(doc: Document) -> list[Finding]:
    """Numbered and author-year citations in one paper: one style has to go."""
    numbered = [c for c in doc.citations if c.number is not None]
    author_year = [c for c in doc.citations if c.number is None and c.names]
    if not numbered or not author_year:
        return []
    major, minor = (numbered, author_year) if len(numbered) >= len(author_year) else (author_year, numbered)
    major_name = "numbered" if major is numbered else "author-year"
    minor_name = "author-year" if major is numbered else "numbered"
    markers = ", ".join(sorted({f"'{c.marker}'" for c in minor})[:4])
    return [_c(doc, minor[0], "mixed_citation_styles", "warning",
               f"the paper cites in {major_name} style ({len(major)} citations) but also in {minor_name} style "
               f"({len(minor)}, {_lines(minor)}: {markers}): use one style throughout")]


# --- et al. ---------------------------------------------------------------------------

def _harvard(cits: list[Citation]) -> bool:
    """Harvard prints '(Teece, Pisano and Shuen 1997)': no comma before the year, 'and' not '&'.
    Such a paper may name three authors in full; APA 7 may not."""
    marks = [c.marker for c in cits if not c.narrative and c.number is None and c.year]
    no_comma = sum(1 for m in marks if re.search(r"[A-Za-z.]\s+(?:1[5-9]|20)\d\d", m))
    return bool(marks) and no_comma > 0.5 * len(marks)

def et_al_rules(doc: Document) -> list[Finding]:
    """APA 7 and Harvard: both names of a two-author work every time, 'et al.' from three authors
    (APA 7) or four (Harvard, Cite Them Right); never 'et al.' for one or two authors."""
    out = []
    refs = {r.index: r for r in doc.references}
    harvard = _harvard(doc.citations)
    seen: dict[tuple, list[Citation]] = defaultdict(list)
    for c in doc.citations:
        if c.number is not None or c.ref is None or c.ref not in refs or c.link == "curated":
            continue
        r = refs[c.ref]
        if r.authors_truncated or not r.authors or r.reconstructed:
            continue
        n = len(r.authors)
        if c.et_al and n <= 2:
            seen[("few", c.ref)].append(c)
        elif not c.et_al and n >= (4 if harvard else 3) and len(c.names) >= 3:
            seen[("full", c.ref)].append(c)
    for (rule, idx), cits in seen.items():
        r, first = refs[idx], cits[0]
        n = len(r.authors)
        if rule == "few":
            names = " & ".join(a.family for a in r.authors)
            out.append(_c(doc, first, "et_al", "warning",
                          f"'{first.marker}' ({_lines(cits)}) abbreviates {_entry(r)} with 'et al.', but it has "
                          f"{'one author' if n == 1 else 'two authors'}: APA 7 and Harvard name "
                          f"{'it' if n == 1 else 'both'} every time ({names})", idx))
        else:
            sev, rule_name = ("warning", "APA 7 and Harvard (Cite Them Right) use") if n >= 4 else ("info", "APA 7 uses")
            out.append(_c(doc, first, "et_al", sev,
                          f"'{first.marker}' ({_lines(cits)}) names all {n} authors of {_entry(r)}: {rule_name} "
                          f"'{r.authors[0].family} et al.' for {'four' if n >= 4 else 'three'} or more authors, "
                          "from the first citation", idx))
    return out


def unlisted_variants(doc: Document) -> list[Finding]:
    """Without a list: the same author spelt two ways, or one work cited with two years."""
    out = []
    groups: dict[tuple, list[Citation]] = defaultdict(list)
    for c in doc.citations:
        if c.names:
            groups[(tuple(fold(n) for n in c.names), c.et_al)].append(c)
    keys = sorted(groups)
    for i, ka in enumerate(keys):
        for kb in keys[i + 1:]:
            (na, ea), (nb, eb) = ka, kb
            if len(na) != len(nb) or ea != eb:
                continue
            matches = [name_match(x, y) for x, y in zip(na, nb)]
            if 0 in matches or 1 not in matches:
                continue
            ca, cb = groups[ka][0], groups[kb][0]
            if ca.line > cb.line:
                ca, cb = cb, ca
            slips = [(x, y) for x, y, m in zip(ca.names, cb.names, matches) if m == 1]
            what = "; ".join(f"'{x}' (line {ca.line}) and '{y}' (line {cb.line})" for x, y in slips)
            out.append(_c(doc, ca, "name_variant", "warning",
                          f"{what} look like one author spelt two ways: check the spelling"))
            if ca.year != cb.year:
                out.append(_c(doc, cb, "year_mismatch", "warning",
                              f"{_cited(cb)} (line {cb.line}) and {_cited(ca)} (line {ca.line}) may be one work "
                              "cited with two years: check both"))
    # One author cited several times with one year and once with another: a stray year.
    for cs in groups.values():
        years = Counter(c.year for c in cs if c.year)
        if len(years) != 2:
            continue
        (common, n1), (rare, n2) = years.most_common()
        if n1 >= 3 and n2 == 1:
            stray = next(c for c in cs if c.year == rare)
            out.append(_c(doc, stray, "year_mismatch", "warning",
                          f"{_cited(stray)} here, but {n1} other citations of {stray.authors} say {common}: "
                          "check the year"))
    return out


# --- the list itself ---------------------------------------------------------

# "Kaukab, M. . E.": initials with a stray dot. The look-behind tries a name only
# from its first character, so a long run of letters is not rescanned from each one.
_STRAY_DOT_INITIALS = re.compile(r"(?<![\w'’-])([\w'’-]+),\s*((?:[A-ZÀ-Þ]\.\s*)+\.\s*(?:[A-ZÀ-Þ]\.\s*)*)")


def list_variants(doc: Document) -> list[Finding]:
    """One author spelt two ways across entries, or with initials dropped in one."""
    out = []
    people: dict[str, list[tuple[Reference, str, str | None]]] = defaultdict(list)
    for r in doc.references:
        for a in r.authors:
            people[fold(a.family)].append((r, a.family, a.given))
    keys = sorted(k for k in people if len(k) >= 5)
    seen_pairs = set()
    for i, a in enumerate(keys):
        for b in keys[i + 1:]:
            if b[:2] != a[:2]:
                continue
            if name_match(a, b) == 1 and abs(len(a) - len(b)) <= 2:
                ra, fa, _ = people[a][0]
                rb, fb, _ = people[b][0]
                if ra.index == rb.index or (a, b) in seen_pairs:
                    continue
                seen_pairs.add((a, b))
                minority = (ra, fa, rb, fb) if len(people[a]) <= len(people[b]) else (rb, fb, ra, fa)
                r1, f1, r2, f2 = minority
                others = sorted({x[0].index for x in people[fold(f2)]})
                out.append(_e(doc, r1, "name_variant", "info",
                              f"'{f1}' in entry {r1.index} but '{f2}' in entr{'ies' if len(others) > 1 else 'y'} "
                              f"{', '.join(map(str, others))}: probably one author, spelt two ways"))
    for r in doc.references:
        head = r.raw.split("(")[0] if "(" in r.raw else r.raw[:120]
        m = _STRAY_DOT_INITIALS.search(head)
        if m and re.search(r"\.\s+\.", m.group(2)):
            out.append(_e(doc, r, "name_variant", "info",
                          f"the initials of '{m.group(1)}' in entry {r.index} are printed '{m.group(2).strip()}' "
                          "with a stray dot: print them as in the other entries"))
    for uses in people.values():
        givens = {}
        for r, _, given in uses:
            initials = "".join(re.findall(r"[A-ZÀ-Þ]", given or ""))
            givens.setdefault(initials, []).append(r)
        if len(givens) < 2:
            continue
        sets = sorted(givens, key=len)
        for short in sets:
            for long in sets:
                if short != long and long.endswith(short) and len(long) > len(short):
                    for r in givens[short]:
                        if any(x.index == r.index for x in givens[long]):
                            continue
                        fam = next(f for rr, f, _ in uses if rr.index == r.index)
                        if not short and not re.search(re.escape(fam) + r",\s*\.", r.raw):
                            continue  # a mononym in a given-first entry, not a lost initial
                        shown = f"'{fam}, {'.'.join(short)}.'" if short else f"'{fam}' with no initials"
                        out.append(_e(doc, r, "name_variant", "info",
                                      f"{shown} in entry {r.index} but '{fam}, {'. '.join(long)}.' in entr"
                                      f"{'ies' if len(givens[long]) > 1 else 'y'} "
                                      f"{', '.join(str(x.index) for x in givens[long])}: "
                                      "the same author? give the initials the same way"))
    return out


# Venues that belong to a field far from business and management, by words
# their names carry; and words that make a title a business subject.
_VENUE_FIELDS = {
    "welding": r"\bwelding\b",
    "mathematics": r"\bmathemati(?:cs|cal)\b|\balgebra\b|\btopology\b|\bnumber theory\b",
    "physics": r"\bphysics\b|\bphysical review\b|\boptics\b|\bquantum\b",
    "chemistry": r"\bchemistry\b|\bchemical (?:society|engineering journal)\b",
    "medicine": r"\bmedicine\b|\bmedical\b|\bclinical\b|\bsurgery\b|\boncology\b|\bcardiology\b",
    "geology": r"\bgeology\b|\bgeophysic|\bseismolog",
}
_BUSINESS_TITLE = re.compile(
    r"\b(?:smes?|msmes?|smis?|firms?|enterprises?|internationali[sz]ation|export\w*|entry mode|market\w*|"
    r"management|business|entrepreneur\w*|strateg\w*|competitive\w*|economic\w*)\b", re.I)


def container_mismatch(doc: Document) -> list[Finding]:
    """A business study in a journal of welding or mathematics: a wrong venue, or worse."""
    out = []
    for r in doc.references:
        if not (r.container and r.title) or not _BUSINESS_TITLE.search(r.title):
            continue
        for fld, rx in _VENUE_FIELDS.items():
            if re.search(rx, r.container, re.I) and not re.search(rx, r.title, re.I):
                out.append(_e(doc, r, "container_mismatch", "warning",
                              f"{_entry(r)} is about business but appears in '{r.container}', a {fld} venue: "
                              "check the journal (and the DOI) against the publisher"))
                break
    return out


def duplicate_entries(doc: Document) -> list[Finding]:
    """Entries that print one work twice, by the test the graph shares (resolve.duplicate_entry)."""
    out = []
    reported = set()
    refs = doc.references
    for i, j, why in duplicate_pairs(refs):
        if j in reported:
            continue
        reported.add(j)
        r, dup = refs[j], refs[i]
        out.append(_e(doc, r, "duplicate_entry", "warning",
                      f"{_entry(r)} repeats {_entry(dup)} ({why}): keep one, or tell the two works apart"))
    return out


def duplicate_authors(doc: Document) -> list[Finding]:
    out = []
    for r in doc.references:
        counts = Counter((fold(a.family), fold(a.given or "")) for a in r.authors)
        twice = [a for a in r.authors if counts[(fold(a.family), fold(a.given or ""))] > 1]
        names = sorted({a.short() for a in twice})
        if names:
            out.append(_e(doc, r, "duplicate_author", "warning",
                          f"{', '.join(names)} appear{'s' if len(names) == 1 else ''} twice in {_entry(r)}: "
                          "remove the repeat"))
    return out


def truncated(doc: Document) -> list[Finding]:
    out = []
    for r in doc.references:
        if not r.authors_truncated:
            continue
        if re.search(r"(?:\.\.\.|…)", r.raw.split("(")[0] if "(" in r.raw else r.raw[:200]):
            out.append(_e(doc, r, "truncated_authors", "warning",
                          f"the author list of {_entry(r)} is cut off with '...': give every author "
                          "(APA lists up to 20)"))
        elif doc.kind != "bibtex":
            out.append(_e(doc, r, "truncated_authors", "info",
                          f"the author list of {_entry(r)} is shortened with 'et al.': author-date styles "
                          "want all authors in the list"))
    return out


_PLACEHOLDER = re.compile(r"^(?:0123456789|1234567890|0+|x+|n/?a|null|none|-+)$", re.I)


def missing_fields(doc: Document) -> list[Finding]:
    out = []
    for r in doc.references:
        if r.reconstructed:
            continue
        missing = []
        if not r.authors:
            missing.append("authors")
        if r.year is None and not re.search(r"n\.\s?d\.", r.raw, re.I):
            missing.append("year")
        if not r.title:
            missing.append("title")
        if r.type == "article":
            if not r.container:
                missing.append("journal")
            if not r.volume:
                missing.append("volume")
            if not r.pages:
                missing.append("pages (or article number)")
        elif r.type == "book" and not r.publisher:
            missing.append("publisher")
        elif r.type == "chapter" and not (r.publisher or r.editors):
            missing.append("book editors or publisher")
        elif r.type in ("other", "report", "thesis") and not (r.container or r.publisher):
            missing.append("where it was published (journal, publisher or institution)")
        placeholders = [f"{name} '{v}'" for name, v in (("volume", r.volume), ("issue", r.issue), ("pages", r.pages))
                        if v and _PLACEHOLDER.match(v.strip())]
        empty_slot = bool(re.search(r",\s*,", r.raw))
        if missing:
            sev = "warning" if any(m in ("authors", "year", "title", "journal", "publisher") for m in missing) else "info"
            out.append(_e(doc, r, "missing_fields", sev,
                          f"{_entry(r)} ({r.type}) lacks {', '.join(missing)}: complete the entry"))
        if placeholders:
            out.append(_e(doc, r, "missing_fields", "warning",
                          f"{_entry(r)} has a placeholder instead of a value ({', '.join(placeholders)}): "
                          "give the real value or leave it out"))
        elif empty_slot and not missing:
            out.append(_e(doc, r, "missing_fields", "info",
                          f"{_entry(r)} has an empty slot between commas (', ,'): a field is missing"))
    return out


def _sort_key(r: Reference) -> str:
    """What an alphabetical list files an entry under: the first word as printed."""
    raw = re.sub(r"^\W+", "", r.raw)
    m = re.match(r"[^\W\d_][\w'’\-]*", raw)
    return fold(m.group(0)) if m else ""


def ordering(doc: Document) -> list[Finding]:
    """Author-date lists run alphabetically: entries outside the longest ordered run are out of place.

    Entries filed under a given name ("Anni Yudiastuti") are judged by their surname."""
    refs = [r for r in doc.references if r.authors]
    if len(refs) < 4:
        return []
    keys = [fold(r.authors[0].family) for r in refs]
    # Numbered lists in citation order (Vancouver, IEEE) are not alphabetical: skip them.
    in_order = sum(1 for a, b in zip(keys, keys[1:]) if a <= b)
    if in_order < 0.7 * (len(keys) - 1):
        return []
    keep = _longest_increasing(keys, strict=False)
    # "van den Berg" is filed under V by some styles and under B by others: judge the list by the
    # convention it follows (the one that leaves more entries in place).
    bare = [fold(re.sub(r"^(?:(?:" + "|".join(_PARTICLES) + r")\s+)+", "", r.authors[0].family)) for r in refs]
    if bare != keys:
        keep_bare = _longest_increasing(bare, strict=False)
        if len(keep_bare) > len(keep):
            keys, keep = bare, keep_bare
    out = []
    for i, r in enumerate(refs):
        if i in keep:
            continue
        filed = _sort_key(r)
        by_given = filed and filed != keys[i] and r.authors[0].given and fold(r.authors[0].given.split()[0]) == filed
        why = (f"it is filed under the given name '{r.authors[0].given.split()[0]}'; by the surname "
               f"'{r.authors[0].family}'" if by_given else f"by the first author '{r.authors[0].family}'")
        prev = next((refs[j] for j in range(i - 1, -1, -1) if j in keep and keys[j] <= keys[i]), None)
        place = f"after entry {prev.index} ({prev.authors[0].family})" if prev else "at the start"
        out.append(_e(doc, r, "ordering", "info",
                      f"{_entry(r)} is out of alphabetical order: {why} it belongs {place}"))
    return out


_LANDING = re.compile(r"10\.\d{4,9}/\S+?(/(?:metrics|full/pdf|full|pdf|epdf|abstract|fulltext))\b", re.I)


def doi_checks(doc: Document) -> list[Finding]:
    out = []
    suspicious = [r for r in doc.references if r.doi and suspicious_prefix(r.doi)]
    for r in doc.references:
        if r.doi_printed and not r.doi:
            out.append(_e(doc, r, "doi_malformed", "error",
                          f"{_entry(r)}: the DOI is printed '{r.doi_printed}', which is not a well-formed DOI "
                          "(10.NNNN/suffix: a slash after the prefix, something after the slash): copy the DOI again"))
            continue
        if not r.doi:
            continue
        for kind, msg in doi_problems(r.doi):
            if kind == "doi_suspicious_prefix":
                also = ""
                if len(suspicious) >= 2:
                    also = (f"; {len(suspicious)} entries of this list have such DOIs, which suggests references "
                            "written rather than copied: check each against the publisher"
                            if r is suspicious[0] else f" (one of {len(suspicious)} in this list)")
                out.append(_e(doc, r, kind, "error",
                              f"the DOI of {_entry(r)} ({r.doi}) cannot be real: {msg}{also}"))
            else:
                out.append(_e(doc, r, kind, "error", f"{_entry(r)}: {msg}: copy the DOI again"))
        m = _LANDING.search(r.raw)
        if m:
            out.append(_e(doc, r, "doi_malformed", "warning",
                          f"the DOI of {_entry(r)} is printed with the web-page suffix '{m.group(1)}', so the link "
                          f"does not resolve as printed: cite the bare DOI {r.doi}"))
        if r.year:
            conflict = year_conflict(r.doi, r.year)
            if conflict:
                sev, msg = conflict
                out.append(_e(doc, r, "doi_year_mismatch", sev, f"{_entry(r)}: {msg}"))
    return out
