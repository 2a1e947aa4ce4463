"""The records that flow from readers to resolve to graph: plain dataclasses.

Readers produce `Reference`, `Citation` and `Mention` records grouped in a
`Document`; nothing here knows about graphs. `to_json` methods give exactly
the objects of the command-line contract (../shared/DESIGN.md).
"""
from __future__ import annotations

import operator
from dataclasses import dataclass, field, fields

REF_TYPES = ("article", "book", "chapter", "thesis", "report", "web", "other")
SEVERITIES = ("error", "warning", "info")


@dataclass(slots=True)
class Author:
    family: str
    given: str | None = None
    # "Jr.", "Sr.", "III": part of neither the family nor the given name (CSL's "suffix").
    suffix: str | None = None
    # Who the person is, where the record says: {"orcid": "0000-0001-8584-1041",
    # "openalex": "A5023888391", "scopus": "7004212771", "researcherid": "A-1252-2007"}.
    # None (not {}) when unknown, so the millions of cited-reference authors carry no dict.
    ids: dict[str, str] | None = None

    def to_json(self) -> dict:
        out = {"family": self.family, "given": self.given}
        if self.suffix:
            out["suffix"] = self.suffix  # only when printed, so the usual record keeps its shape
        return out

    def short(self) -> str:
        """'Johanson, J.', 'King, M. L., Jr.' or 'World Bank'."""
        name = f"{self.family}, {self.given}" if self.given else self.family
        return f"{name}, {self.suffix}" if self.suffix else name


@dataclass(slots=True)
class Affiliation:
    """One address a record gives (WoS C1, Scopus "Authors with affiliations", OpenAlex
    authorships, MEDLINE AD): the authors it is theirs, as printed (empty: the record does not
    say whose), the institution and the country read from it, and the address as printed."""

    address: str
    authors: list[str] = field(default_factory=list)
    institution: str | None = None
    # The country's name as litgraph.affiliations normalises it ("United States", "China",
    # "United Kingdom"), so the same country from two databases is one node.
    country: str | None = None
    # {"ror": ..., "openalex": "I136199984"} where the database identifies the institution.
    ids: dict[str, str] = field(default_factory=dict)
    # The reprint (corresponding) author's address (WoS RP), kept apart from the others.
    reprint: bool = False

    def to_json(self) -> dict:
        out = {"address": self.address, "authors": list(self.authors), "institution": self.institution,
               "country": self.country}
        if self.ids:
            out["ids"] = dict(self.ids)
        if self.reprint:
            out["reprint"] = True
        return out


@dataclass(slots=True)
class Reference:
    """One entry of a reference list, a BibTeX entry, or a work known only from citations."""

    source: str
    index: int
    raw: str
    type: str = "other"
    authors: list[Author] = field(default_factory=list)
    year: int | None = None
    year_suffix: str | None = None
    title: str | None = None
    container: str | None = None
    volume: str | None = None
    issue: str | None = None
    pages: str | None = None
    doi: str | None = None
    url: str | None = None
    publisher: str | None = None
    # Beyond the JSON contract: what checks, identity and exports need.
    line: int | None = None
    key: str | None = None
    editors: list[Author] = field(default_factory=list)
    # The printed author list was cut short ("et al.", "...", "& ...").
    authors_truncated: bool = False
    # Only author and year are known (reconstructed from in-text citations).
    reconstructed: bool = False
    location: str | None = None
    edition: str | None = None
    note: str | None = None
    extra: dict[str, str] = field(default_factory=dict)
    # Database and catalogue ids: "wos" (UT), "scopus" (EID), "openalex" (W-id),
    # "pmid", "pmcid", "lens", "dimensions", "isbn", "issn", ...
    ids: dict[str, str] = field(default_factory=dict)
    keywords: list[str] = field(default_factory=list)
    abstract: str | None = None
    # A DOI malformed as printed ("doi:10.1007s11575-015-0257-4"): kept as printed for
    # `check` (doi_malformed), never in `doi`, which identity and links rely on.
    doi_printed: str | None = None
    # 1-based last line of the entry in its file (`line` is the first).
    line_end: int | None = None
    # The addresses a database record gives for its authors (co-authorship by institution and
    # country: litgraph.analysis.networks). Empty for cited references and most libraries.
    affiliations: list[Affiliation] = field(default_factory=list)

    def to_json(self) -> dict:
        out = {
            "source": self.source,
            "index": self.index,
            "raw": self.raw,
            "type": self.type,
            "authors": [a.to_json() for a in self.authors],
            "year": self.year,
            "year_suffix": self.year_suffix,
            "title": self.title,
            "container": self.container,
            "volume": self.volume,
            "issue": self.issue,
            "pages": self.pages,
            "doi": self.doi,
            "url": self.url,
            "publisher": self.publisher,
        }
        if self.doi_printed:
            out["doi_printed"] = self.doi_printed
        return out

    @property
    def year_label(self) -> str:
        """'2018a', '1977' or 'n.d.'."""
        if self.year is None:
            return "n.d."
        return f"{self.year}{self.year_suffix or ''}"

    def author_label(self) -> str:
        """'Johanson & Vahlne', 'Kraus et al.', 'Penrose' or 'Anonymous'."""
        names = [a.family for a in self.authors]
        if not names:
            return "Anonymous"
        if len(names) == 1:
            return names[0] + (" et al." if self.authors_truncated else "")
        if len(names) == 2 and not self.authors_truncated:
            return f"{names[0]} & {names[1]}"
        return f"{names[0]} et al."

    def copy(self) -> Reference:
        """An equal Reference that shares nothing mutable (Authors, lists, dicts): for a second
        place that parsed the same text, where either may be changed afterwards. Made by calling
        the dataclasses with their fields, 5x faster than dataclasses.replace, which inspects
        the fields on every call."""
        new = Reference(*_REF_FIELDS(self))
        new.authors = [_copy_author(a) for a in self.authors]
        new.editors = [_copy_author(a) for a in self.editors]
        new.extra, new.ids = dict(self.extra), dict(self.ids)
        new.keywords, new.affiliations = list(self.keywords), list(self.affiliations)
        return new

    def label(self) -> str:
        """A short human label: 'Johanson & Vahlne (1977)'; a work known only by a database id
        (OpenAlex, Lens) by that id: 'W2741809807'."""
        if self.ids and not self.authors and self.year is None and not self.title:
            return next(iter(self.ids.values()))
        return f"{self.author_label()} ({self.year_label})"


# Every field of a Reference and an Author, in __init__'s order (Reference.copy).
_REF_FIELDS = operator.attrgetter(*(f.name for f in fields(Reference) if f.init))
_AUTHOR_FIELDS = operator.attrgetter(*(f.name for f in fields(Author) if f.init))


def reference_maker(given: tuple[str, ...], from_obj: tuple[str, ...] = ()):
    """A function that makes a Reference from the fields named in `given`, passed by position in
    that order (make(*given), or make(obj, *given) when `from_obj` names fields read from obj's
    attributes); every other field takes its default, new lists and dicts made for each. For
    readers that make tens of thousands: a call naming its fields costs twice as much (4.7
    against 2.0 us), and writing the positions by hand breaks silently when a field is added.

    The Reference is made empty (object.__new__) and its slots set one by one, as the dataclass's
    __init__ would set them: calling the class goes through type.__call__ and a Python __init__,
    twice the cost (1.16 against 0.65 us a Reference, 0.1 s of reading 80,000 WoS cited
    references). Only while Reference has no __post_init__ (which only __init__ would call)."""
    from dataclasses import MISSING

    names: dict = {"Reference": Reference, "new": object.__new__}
    if hasattr(Reference, "__post_init__"):  # pragma: no cover - the dataclass has none today
        raise TypeError("reference_maker sets the slots itself: Reference's __post_init__ would not run")
    body = []
    for f in fields(Reference):
        if f.init and f.name in given:
            value = f.name
        elif f.init and f.name in from_obj:
            value = f"obj.{f.name}"
        elif f.default_factory is list or f.default_factory is dict:
            value = "[]" if f.default_factory is list else "{}"  # a literal: no call
        elif f.default_factory is not MISSING:
            names[f"new_{f.name}"] = f.default_factory
            value = f"new_{f.name}()"
        elif f.default is not MISSING:
            names[f"default_{f.name}"] = f.default
            value = f"default_{f.name}"
        else:
            raise TypeError(f"reference_maker needs Reference's field {f.name!r}, which has no default")
        body.append(f"    ref.{f.name} = {value}\n")
    unknown = set(given) - {f.name for f in fields(Reference)}
    if unknown:
        raise TypeError(f"Reference has no field {sorted(unknown)}")
    params = ", ".join((("obj",) if from_obj else ()) + tuple(given))
    code = f"def make({params}):\n    ref = new(Reference)\n{''.join(body)}    return ref\n"
    exec(code, names)  # noqa: S102 - code made above from Reference's own field names
    return names["make"]


def _copy_author(a: Author) -> Author:
    new = Author(*_AUTHOR_FIELDS(a))
    if a.ids:
        new.ids = dict(a.ids)
    return new


@dataclass(slots=True)
class Citation:
    """One in-text citation of one work at one place (a group gives several)."""

    source: str
    line: int
    marker: str
    authors: str
    year: str | None
    narrative: bool
    ref: int | None = None
    section: str | None = None
    # Parsed from `authors` for linking: family names as printed, and whether
    # the printed list is abbreviated with "et al.".
    names: tuple[str, ...] = ()
    et_al: bool = False
    # Why `ref` is what it is: "exact", "fuzzy: Cieślik~Cieřlik",
    # "ambiguous: 4, 5", "other year: 2009", "no entry".
    link: str | None = None
    candidates: tuple[int, ...] = ()
    # Numbered styles ("[3]", "³", "(3)", "ref. 3"): the entry number as printed.
    number: int | None = None

    def to_json(self) -> dict:
        return {
            "source": self.source,
            "line": self.line,
            "marker": self.marker,
            "authors": self.authors,
            "year": self.year,
            "narrative": self.narrative,
            "ref": self.ref,
        }

    @property
    def year_int(self) -> int | None:
        if not self.year or not self.year[:4].isdigit():
            return None
        return int(self.year[:4])

    @property
    def year_suffix(self) -> str | None:
        return (self.year[4:] or None) if self.year else None


@dataclass(slots=True)
class Mention:
    """A paper names a known theory or case (found by one of its aliases)."""

    source: str
    line: int
    kind: str  # "theory" or "case"
    entity: str  # vocabulary id
    text: str  # the alias as printed
    section: str | None = None


@dataclass(slots=True)
class Finding:
    """A problem worth telling the user: a check result or a reader warning."""

    source: str
    line: int | None
    kind: str
    severity: str
    message: str
    ref: int | None = None
    # Where the line stands in a PDF or Word manuscript: "p. 3", "¶ 12".
    place: str | None = None

    def to_json(self) -> dict:
        out = {
            "source": self.source,
            "line": self.line,
            "kind": self.kind,
            "severity": self.severity,
            "message": self.message,
            "ref": self.ref,
        }
        if self.place:
            out["place"] = self.place
        return out


@dataclass(slots=True)
class Document:
    """What a reader made of one source file: a paper, a reference list or a library."""

    source: str
    id: str
    # "paper" (full text or curated facts), "list" (a bare reference list),
    # "record" (one record of a database export or library: `meta` is the record,
    # `references` what it cites) or "library" (a collection's records seen as one list).
    kind: str
    meta: Reference | None = None
    references: list[Reference] = field(default_factory=list)
    # False when a paper's text holds no reference section at all.
    has_reference_list: bool = True
    reference_line: int | None = None
    citations: list[Citation] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)
    # Problems met while reading (skipped entries, odd encodings): not fatal.
    warnings: list[Finding] = field(default_factory=list)
    # Whether in-text citations were looked for (full text or curated facts).
    has_text: bool = False
    # Citation style found in the text: "numbered", "author-year", "mixed" (None: no citations).
    style: str | None = None
    # PDF and Word manuscripts: where each text line stands ("p. 3", "¶ 12"), by 1-based line.
    places: dict[int, str] = field(default_factory=dict)
    # The account of a reference list's lines: (line, text, reason) of each
    # non-blank line in no entry, and the (first, last) lines read as the list.
    skipped_lines: list[tuple[int, str, str]] = field(default_factory=list)
    lines_read: tuple[int, int] | None = None
