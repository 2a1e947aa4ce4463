"""Web of Science cited references: the compact "CR" form, parsed field by field.

WoS prints every cited reference in one fixed shape,

    Johanson J, 1977, J INT BUS STUD, V8, P23, DOI 10.1057/palgrave.jibs.8490676

first author (family name and initials), year, source (J9-style
abbreviation, or the first 20 characters of a book title), volume, first
page, DOI; any part may be missing. A regular form needs no statistical
parser: this one is exact where the CRF would guess, and fast enough for an
export of 100,000 cited references. The abbreviated source is kept as
printed (`container`); resolve matches abbreviations to full titles.
"""
from __future__ import annotations

import re
from functools import lru_cache

from ..doi import clean_doi
from ..model import Author, Reference, reference_maker

# The DOI tail: "DOI 10.x", "DOI DOI 10.x", "DOI [10.x, DOI 10.y;EPUB]".
_DOI_TAIL = re.compile(r",\s*DOI\s+(\[[^\]]*\]?|\S.*)$")
_DOI = re.compile(r"10\.\d{3,9}/\S+")
_PLAIN_DOI = re.compile(r"10\.\d{4,9}/[\w./()-]*[\w/]$")
_YEAR = re.compile(r"^(1[5-9]\d\d|20\d\d)$")
# "V45", "V1 Suppl 1"; "P425", "pD418", "PP33"; "ARTN e123". A digit must
# follow so that sources such as "P IEEE" or "VIROLOGY" are not taken.
_VOLUME = re.compile(r"^V(\d\S*(?: .*)?|[A-Z]\d\S*)$")
_PAGE = re.compile(r"^[Pp]([A-Za-z]{0,2}\d[\w.-]*)$")
_ARTICLE = re.compile(r"^ARTN\s+(\S+)$")
_PAGE_LIST = re.compile(r"\b[Pp]\[([^\],]*)[^\]]*\]")
_ANONYMOUS = {"[anonymous]", "anonymous", "anon", "[anon]"}
_PARTICLES = {"van", "von", "de", "der", "den", "del", "della", "di", "da", "dos", "das", "du", "la", "le",
              "ten", "ter", "st", "mac", "al", "el", "bin", "ibn"}
_INITIALS = re.compile(r"^(?:[A-Z]\.?-?){1,4}$|^(?:[A-Z]\.\s?-?)+$")
_PATENT = re.compile(r"\bPatent No\.?\s*(.+)$", re.I)


# The usual shape in one match: author, year, source, then volume, page and DOI
# when present. Anything else takes the field-by-field path below. (Author and source
# hold no comma, so they end where the next ", " is: possessive, nothing to try again.)
# A DOI of the plain shape (_PLAIN_DOI, four in five of them) is told apart by the match
# itself (`pd`), so that it needs only lower-casing; the rest (`doi`) go through _first_doi.
_COMMON = re.compile(r"(?P<au>[A-Za-z][^,\[\]]*+), (?P<py>1[5-9]\d\d|20\d\d), (?P<so>[A-Za-z][^,]*+)"
                     r"(?:, V(?P<vl>\d[\w-]*))?(?:, [Pp](?P<bp>[A-Za-z]{0,2}\d[\w.-]*)|, ARTN (?P<ar>[^\s,]+))?"
                     r"(?:, DOI (?:(?P<pd>10\.\d{4,9}/[\w./()-]*[\w/])|"
                     r"(?P<doi>10\.\d{4,9}/\S+|(?P<odd>(?:DOI )+10\.\d{4,9}/\S+|\[[^\]]*\]))))?")
# Cited references read before, by their text as printed: an export cites its classics
# hundreds of times in the same words. What parsing made of each, as immutable values
# (_fields); forgotten all at once past _CITED_KEPT.
_CITED: dict[str, tuple] = {}
_CITED_KEPT = 1 << 16


def parse_cited(raw: str, source: str = "", index: int = 1, line: int | None = None) -> Reference:
    """One WoS cited reference as a Reference (title-less: WoS prints none)."""
    return cited_list((raw,), source, line, index)[0]


def cited_list(raws, source: str = "", line: int | None = None, start: int = 1) -> list[Reference]:
    """The cited references of one record (its CR strings), numbered from `start`: parse_cited of
    each, in one loop (80,000 of them in a 2,000-record export: no call per reference)."""
    cited, fields_of, make, author = _CITED, _fields, _make, Author
    out = []
    append = out.append
    index = start
    for raw in raws:
        seen = cited.get(raw)
        if seen is None:
            seen = fields_of(raw)
            if len(cited) >= _CITED_KEPT:
                cited.clear()
            cited[raw] = seen
        text, kind, names, year, container, volume, pages, doi, extra = seen
        # New Reference, Author and dict every time (callers may change theirs); a cited
        # reference names its first author only, so `names` holds at most one.
        append(make(source, index, text, kind, [author(*names[0])] if names else [], year, container, volume,
                    pages, doi, line, dict(extra) if extra else {}))
        index += 1
    return out


_make = reference_maker(("source", "index", "raw", "type", "authors", "year", "container", "volume", "pages",
                         "doi", "line", "extra"))


def _snapshot(ref: Reference) -> tuple:
    """Everything parsing a cited reference sets (tests/test_readers_wos.py checks it is all)."""
    return (ref.raw, ref.type, tuple((a.family, a.given) for a in ref.authors), ref.year, ref.container,
            ref.volume, ref.pages, ref.doi, tuple(ref.extra.items()))


def _parse_cited(raw: str, source: str = "", index: int = 1, line: int | None = None) -> Reference:
    """A cited reference parsed afresh (parse_cited without its memory of strings seen)."""
    text, kind, names, year, container, volume, pages, doi, extra = _fields(raw)
    return Reference(source=source, index=index, raw=text, line=line, type=kind,
                     authors=[Author(f, g) for f, g in names], year=year, container=container,
                     volume=volume, pages=pages, doi=doi, extra=dict(extra))


def _fields(raw: str) -> tuple:
    """What a cited reference says, as _snapshot gives it: the usual shape straight from one match
    (no Reference made only to be taken apart again), anything else field by field."""
    text = raw.strip()
    if "  " in text:
        text = " ".join(text.split())
    m = _COMMON.fullmatch(text)
    if m:
        au, py, so, vl, bp, ar, pd, doi, odd = m.groups()
        if not (so[0] in "VPp" and (_VOLUME.match(so) or _PAGE.match(so))) and "Patent No" not in text \
                and not ((ar or odd) and "[" in so):
            # (an article number, or a DOI printed twice or in brackets, take this path only when
            # the source holds no "P[...]" page list, which the field-by-field path rewrites)
            pages = bp or ar
            doi = pd.lower() if pd else _first_doi(doi) if doi else None
            return (text, "article" if vl or (pages and doi) else "other", _first_author(au), int(py), so, vl,
                    pages, doi, (("article_number", ar),) if ar else ())
    return _snapshot(_parse_fields(text, "", 1, None))


@lru_cache(maxsize=65536)
def _first_author(name: str) -> tuple:
    """A cited reference's first author as _snapshot holds it: ((family, given),), or () when
    WoS prints none ("[Anonymous]"); remembered, as an export cites the same people again and again."""
    return (_author_parts(name),) if name.lower() not in _ANONYMOUS else ()


def _parse_fields(text: str, source: str, index: int, line: int | None) -> Reference:
    ref = Reference(source=source, index=index, raw=text, line=line)
    body = text
    m = _DOI_TAIL.search(body)
    if m:
        ref.doi = _first_doi(m.group(1))
        body = body[: m.start()]
    body = _PAGE_LIST.sub(lambda pm: "P" + pm.group(1).strip(), body)
    parts = [p.strip() for p in body.split(",")]
    parts = [p for p in parts if p]
    if not parts:
        return ref
    # First author, unless the reference starts with its year.
    if not _YEAR.match(parts[0]):
        name = parts.pop(0)
        if name.lower() not in _ANONYMOUS:
            ref.authors = [_cached_author(name)]
    if parts and _YEAR.match(parts[0]):
        ref.year = int(parts.pop(0))
    # Volume, page and article number come after the source.
    while len(parts) > 1 or (parts and (_VOLUME.match(parts[0]) or _PAGE.match(parts[0]))):
        tail = parts[-1]
        if (pm := _PAGE.match(tail)) and not ref.pages:
            ref.pages = pm.group(1)
        elif (vm := _VOLUME.match(tail)) and not ref.volume:
            ref.volume = vm.group(1)
        elif (am := _ARTICLE.match(tail)) and not ref.pages:
            ref.pages = am.group(1)
            ref.extra["article_number"] = am.group(1)
        else:
            break
        parts.pop()
    if parts:
        container = ", ".join(parts)
        pat = _PATENT.search(container)
        if pat:
            ref.type = "other"
            ref.extra["patent"] = pat.group(1).strip()
        else:
            ref.container = container
    if ref.container and (ref.volume or (ref.pages and ref.doi)):
        ref.type = "article"
    return ref


_DOI_WORDS = re.compile(r"^(?:DOI\s+)+")
_EPUB = re.compile(r";(?:EPUB|PRINT)$", re.I)


def _first_doi(text: str) -> str | None:
    """The first DOI of 'DOI 10.x', 'DOI DOI 10.x' or '[10.x, DOI 10.y;EPUB]' (SICIs keep their ';')."""
    if _PLAIN_DOI.match(text):  # the common case, without the general cleaner's work
        return text.lower()
    if text.startswith("["):
        text = text.strip("[]").split(", ")[0]
    text = _DOI_WORDS.sub("", text.strip())
    text = _EPUB.sub("", text)
    found = _DOI.search(text)
    if not found:
        return None
    doi = found.group(0).rstrip(".")
    # "DOI DOI 10.x" and "[10.x, 10.X]" (a fifth of an export's DOIs) mostly hold a DOI the general
    # cleaner would only lower-case: one slash, a digit after it, no trailing punctuation to trim
    # and so no landing-page ending ("/full") either
    return doi.lower() if _BARE_DOI.fullmatch(doi) else clean_doi(doi)


_BARE_DOI = re.compile(r"10\.\d{4,9}/(?=[^/]*\d)[A-Za-z0-9._-]*[A-Za-z0-9]")


def _cached_author(name: str) -> Author:
    family, given = _author_parts(name)
    return Author(family, given)  # a new Author each time: callers may change theirs


@lru_cache(maxsize=65536)
def _author_parts(name: str) -> tuple[str, str | None]:
    """cited_author's family and given names. Most cited authors are printed "Johanson J" or
    "GRANOVETTER MS": a family name in ASCII letters and up to four capital initials, taken
    here without cited_author's general steps (the same strings: tests/test_readers_wos.py)."""
    words = name.split()
    if len(words) == 2 and "." not in name:
        family, given = words
        if family.isascii() and family.isalpha() and given.isalpha() and given.isupper() and len(given) <= 4 \
                and family.lower() not in _PARTICLES:
            # _family_case of an all-capitals ASCII word is its capitalize(); _initials of "MS" is "M. S."
            return family.capitalize() if len(family) > 1 and family.isupper() else family, ". ".join(given) + "."
    a = cited_author(name)
    return a.family, a.given


def cited_author(name: str) -> Author:
    """'Ahuja G' -> Ahuja, G.; 'Burt R. S.' -> Burt, R. S.; 'VAN DER BERG J' -> Van Der Berg, J."""
    words = name.replace(".", ". ").split()
    if len(words) == 1:
        return Author(_family_case(words[0]))
    # The family name is the particles and the first word after them; the rest
    # is initials (or, rarely, a given name WoS kept).
    k = 0
    while k < len(words) - 1 and words[k].lower() in _PARTICLES:
        k += 1
    family = " ".join(words[: k + 1])
    given = " ".join(words[k + 1:]) or None
    return Author(_family_case(family), _initials(given) if given else None)


_CAPITALS = re.compile(r"[A-Z]+")


def _family_case(family: str) -> str:
    """All-capitals families (older WoS) in ordinary case; mixed case kept as printed."""
    if family.isupper() and len(family) > 1:
        return _CAPITALS.sub(lambda m: m.group(0).capitalize(), family)
    return family


def _initials(given: str) -> str:
    """'GF' -> 'G. F.'; 'R. S.' and 'Charles E' as printed."""
    compact = given.replace(" ", "")
    if compact.isalpha() and compact.isupper() and len(compact) <= 4:
        return " ".join(f"{c}." for c in compact)
    return " ".join(given.split())
