"""Clean BibTeX from references, with keys stable across runs.

Keys are built from the first author's family name, the year and the first
significant title word (johanson1977internationalization); clashes get a
letter suffix in input order, so the same inputs always give the same keys.
Values are escaped for BibTeX: braces balanced, specials protected.
"""
from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable
from functools import cache, lru_cache

from ..model import Reference

_STOP = frozenset("a an the of on in and for to from with at by de la le el der die das un une".split())
# Database ids as BibTeX fields: the names Scopus, PubMed and Zotero exports use where there are any.
ID_FIELDS = {"isbn": "isbn", "issn": "issn", "pmid": "pmid", "pmcid": "pmcid", "wos": "web-of-science-id",
             "scopus": "scopus-eid", "openalex": "openalex-id"}
ENTRY_TYPES = {"article": "article", "book": "book", "chapter": "incollection", "thesis": "phdthesis",
               "report": "techreport", "web": "online", "other": "misc"}


def ascii_fold(text: str) -> str:
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")


def base_key(ref: Reference) -> str:
    # (Run once per node of every build: the folds are cached, a family name or title
    # word recurs across thousands of works.)
    family = ref.authors[0].family if ref.authors else "anon"
    year = str(ref.year) if ref.year else "nd"
    return f"{_family_key(family)}{year}{_title_word(ref.title or '')}"


_NOT_AZ = re.compile(r"[^a-z]")
_WORD = re.compile(r"[A-Za-z0-9\u00c0-\u00ff]+")


@lru_cache(maxsize=1 << 16)
def _family_key(family: str) -> str:
    words = family.split()
    return _NOT_AZ.sub("", ascii_fold(words[-1] if words else family).lower()) or "anon"


@lru_cache(maxsize=1 << 16)
def _title_word(title: str) -> str:
    for w in _WORD.findall(ascii_fold(title) if not title.isascii() else title):
        if w.lower() not in _STOP:
            return w.lower()
    return ""


def assign_keys(refs: Iterable[Reference]) -> list[str]:
    """Stable, unique keys in input order."""
    refs = list(refs)
    seen: dict[str, int] = {}
    family, word = _family_key, _title_word  # base_key, inlined: it runs once per work of every build
    bases = [f"{family(r.authors[0].family) if r.authors else 'anon'}{r.year or 'nd'}{word(r.title or '')}"
             for r in refs]
    counts = Counter(bases)
    keys = []
    for b in bases:
        if counts[b] == 1:
            keys.append(b)
            continue
        n = seen.get(b, 0)
        seen[b] = n + 1
        keys.append(b + _suffix(n))
    return keys


@cache  # one per clash count (a build of 80,000 works asked 73,600 times for a few hundred)
def _suffix(n: int) -> str:
    s = ""
    n += 1
    while n:
        n, r = divmod(n - 1, 26)
        s = chr(97 + r) + s
    return s


def escape(value: str) -> str:
    """A field value safe inside braces: specials escaped, braces balanced."""
    v = value.replace("\\", "\\textbackslash{}")
    for ch in "&%$#_":
        v = v.replace(ch, "\\" + ch)
    v = v.replace("{", "\\{").replace("}", "\\}").replace("\\textbackslash\\{\\}", "\\textbackslash{}")
    v = v.replace("~", "\\textasciitilde{}").replace("^", "\\textasciicircum{}")
    # "--" would come back as an en dash: keep the hyphens as printed.
    v = v.replace("--", "-{}-")
    return " ".join(v.split())


def name_list(authors) -> str:
    parts = []
    for a in authors:
        if a.suffix:
            # BibTeX's three-part form: "von Last, Jr, First".
            parts.append(f"{escape(a.family)}, {escape(a.suffix)}, {escape(a.given or '')}")
        elif a.given:
            parts.append(f"{escape(a.family)}, {escape(a.given)}")
        else:
            # A single-part name (a mononym or a corporate author) stays whole.
            parts.append("{" + escape(a.family) + "}" if " " in a.family or "," in a.family else escape(a.family))
    return " and ".join(parts)


def entry(ref: Reference, key: str) -> str:
    etype = ENTRY_TYPES.get(ref.type, "misc")
    fields: list[tuple[str, str]] = []
    if ref.authors:
        names = name_list(ref.authors)
        if ref.authors_truncated:
            names += " and others"
        fields.append(("author", names))
    if ref.editors:
        fields.append(("editor", name_list(ref.editors)))
    if ref.title:
        fields.append(("title", "{" + escape(ref.title) + "}"))
    if ref.container:
        fields.append(("journal" if etype == "article" else "booktitle", escape(ref.container)))
    if ref.year:
        fields.append(("year", f"{ref.year}{ref.year_suffix or ''}"))
    for name, value in (("volume", ref.volume), ("number", ref.issue)):
        if value:
            fields.append((name, escape(value)))
    if ref.pages:
        fields.append(("pages", escape(re.sub(r"\s*[–—-]+\s*", "--", ref.pages))))
    if ref.publisher:
        fields.append(("institution" if etype == "techreport" else "school" if etype == "phdthesis" else "publisher",
                       escape(ref.publisher)))
    if ref.location:
        fields.append(("address", escape(ref.location)))
    if ref.edition:
        fields.append(("edition", escape(ref.edition)))
    if ref.doi or ref.doi_printed:
        # Read verbatim (not LaTeX): % and ~ stay as they are; only braces would break the entry.
        fields.append(("doi", (ref.doi or ref.doi_printed).replace("{", "%7B").replace("}", "%7D")))
    if ref.url:
        fields.append(("url", ref.url.replace("{", "%7B").replace("}", "%7D")))
    if ref.reconstructed:
        fields.append(("litgraph-reconstructed", "yes"))
    if ref.note:
        fields.append(("note", escape(ref.note)))
    if ref.keywords:
        fields.append(("keywords", escape(", ".join(ref.keywords) if not any("," in k for k in ref.keywords)
                                          else "; ".join(ref.keywords))))
    if ref.abstract:
        fields.append(("abstract", escape(ref.abstract)))
    for kind, value in sorted(ref.ids.items()):
        name = ID_FIELDS.get(kind, f"{kind}-id")
        fields.append((name, value.replace("{", "").replace("}", "")))
    fields += _extra_fields(ref, {name for name, _ in fields})
    body = ",\n".join(f"  {k} = {{{v}}}" for k, v in fields)
    return f"@{etype}{{{key},\n{body}\n}}\n"


# Extra fields (Reference.extra) named by the RIS, CSL and EndNote readers, under BibTeX's names.
_EXTRA_NAMES = {"collection-title": "series", "genre": "type"}
# What cannot be in a field's name; a name as a database writes it ("funding_text 1", Scopus's)
# keeps its inner space (a no-break space in Scopus's), which BibTeX readers (bibtexparser, ours) take as part of the name.
_NOT_IN_NAME = re.compile(r"[=,{}()\"#%'\\]+")


def _extra_fields(ref: Reference, taken: set[str]) -> list[tuple[str, str]]:
    """The entry's other fields as read (series, month, langid, urldate, eprint...), each under
    its own name, verbatim fields (urldate, eprint, file) as they are and the rest escaped; never
    one that would come back as another field (a name the reader takes for one of its slots)."""
    from ..readers.bibtex import _KNOWN, _VERBATIM

    out = []
    for name, value in sorted(ref.extra.items()):
        name = _NOT_IN_NAME.sub("-", _EXTRA_NAMES.get(name, name).lower()).strip().strip("-")
        if not name or not value or name in taken or name in _KNOWN or name in ID_FIELDS.values():
            continue
        taken.add(name)
        if name in _VERBATIM:
            out.append((name, value.replace("{", "%7B").replace("}", "%7D")))
        else:
            out.append((name, escape(value)))
    return out


def to_bibtex(refs: Iterable[Reference], keys: list[str] | None = None) -> str:
    refs = list(refs)
    keys = keys or assign_keys(refs)
    return "\n".join(entry(r, k) for r, k in zip(refs, keys))
