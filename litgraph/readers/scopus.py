"""Scopus exports: the CSV (every column layout) and the references of its BibTeX.

Scopus CSV has a header row of named columns ("Authors", "Title", "Year",
"Source title", ..., "References", ..., "EID"). Its layout changed over the
years (41 columns before "Author(s) ID", 45 after, more since), and rows
often hold more fields than the header names: an unlabelled "Funding Text 2"
column pushes "References" and everything after it one place right. Columns
are therefore found by name and rows realigned by what their cells hold.

Cited references are free text joined by "; ", each in Scopus's own shape:

    Adams, B., White, A., An analysis of ... productivity (2004) Ecol. Modell., 177, pp. 353-391

Exports since about 2023 put the year last and drop the comma inside a name,
and since 2025 separate a reference's authors with "; " as well, the very
separator between references:

    Akkamis M., Keskin M., Comparative appraisal of ..., AgriEngineering, 3, 2, pp. 423-437, (2021)
    Aria M.; Cuccurullo C., Bibliometrix: an R-tool ..., J Informetr, 11, pp. 959-975, (2017)

`split_references` splits them, mending the splits that fall inside a
reference (editor lists "In: Deuflhard, P.; Hermans, J., Eds.; Springer:
Berlin"; the 2025 author lists "Aria M.; Cuccurullo C., ..."). `parse_scopus_reference`
reads the regular shapes field by field and hands anything else to the
general reference parser (refparse). The
Scopus BibTeX export carries the same text in a `references` field: the
bibtex reader's records pass through `bib_record_references`.
"""
from __future__ import annotations

import re

from ..doi import clean_doi, find_dois
from ..errors import InputError
from ..model import Author, Document, Finding, Reference
from .tables import header_cells, read_rows, records_from_rows

_YEAR_PAREN = re.compile(r"\((1[5-9]\d\d|20\d\d)\)(?=[\s,.]|$)")
_HAS_YEAR = re.compile(r"\((?:1[5-9]|20)\d\d\)")
# "Family, I.J.," "Van der Berg, J.-P.," "Kalé, L.," (Scopus writes initials with dots).
_SCOPUS_AUTHOR = re.compile(r"([^,()]{1,60}?), ((?:[A-Z\u00c0-\u024f][a-z]{0,2}\.\s?-?)+)(?:, |\s*$)")
_LONE_NAME = re.compile(r"^[^,()]{1,60}, (?:[A-Z][a-z]?\.\s?-?)+(?:,? Eds?\.)?$")
# A name as the 2023+ exports print it: "Aria M.", "Yuan K.-C.", "Calin GA", "van Eck N.J.".
_INITIALS = re.compile(r"[A-Z]\.?(?:[ -]?[A-Z]\.?){0,3}")
_PARTICLES = frozenset("van von de da di del della der den dos das du la le ten ter bin al el".split())
_YEAR_LAST = re.compile(r"^(?P<body>.*?),? \((?P<year>1[5-9]\d\d|20\d\d)\)$")
_PAGES_LAST = re.compile(r"^pp?\. (?P<pages>[A-Za-z]?\d+(?:[-–][A-Za-z]?\d+)?)$")
_NUMBER_PART = re.compile(r"^(?:Suppl\.? )?[A-Za-z]{0,3}\d[\w./-]{0,11}$")
_PUBLISHER_PLACE = re.compile(r"^[A-Z][^:()\d]{1,80}: [A-Z][^:()\d]{0,60}$")
_SOURCE_TAIL = re.compile(
    r"^(?P<src>.*?)"
    r"(?:, (?P<vol>[A-Za-z]{0,3}\d[\w./-]{0,19}(?: [A-Z]{1,3})?)(?: \((?P<iss>[^()]{1,20})\))?)?"
    r"(?:, (?:pp?\. )?(?P<pages>[A-Za-z]?\d+(?:[-–][A-Za-z]?\d+)?))?"
    r"(?:\. , (?P<extra>.*)|\.)?$")


# ---- cited references ---------------------------------------------------------------------

def _is_name(text: str) -> bool:
    """'Aria M.', 'Jafari Najaf Abadi MH', 'de Vries J.': a family name and initials, nothing else."""
    words = text.split(" ")
    if len(text) > 60 or not 2 <= len(words) <= 6 or any(c in text for c in ",()0123456789"):
        return False
    # The initials are the last word or two ("Acar A. K.", "Bucaro J. A.").
    for cut in (len(words) - 1, len(words) - 2):
        family, initials = words[:cut], " ".join(words[cut:])
        if family and _INITIALS.fullmatch(initials) and all(
                w[:1].isupper() or w in _PARTICLES for w in family) and family[-1][:1].isupper():
            return True
    return False


def _names_only(text: str) -> bool:
    """A run of 2025-style author names, 'Cheng M.; Xue Y.', still waiting for its title."""
    return all(_is_name(p) for p in text.split("; "))


def split_references(text: str) -> list[str]:
    """A Scopus references cell as one string per reference."""
    out: list[str] = []
    for piece in text.split("; "):
        piece = piece.strip()
        if not piece:
            continue
        # No reference is a bare list of names: the 2025 export's authors run on to the title.
        if out and _names_only(out[-1]):
            out[-1] += "; " + piece
        elif out and _continues(piece, out[-1]):
            out[-1] += "; " + piece
        else:
            out.append(piece)
    return out


def _continues(piece: str, previous: str) -> bool:
    """Is this piece the rest of the previous reference, split at a ';' inside it?"""
    if _HAS_YEAR.search(piece):
        return False
    if _LONE_NAME.match(piece):  # one name of an editor list: "Hermans, J." / "Skeel, R. D., Eds."
        return True
    if _PUBLISHER_PLACE.match(piece) and not piece.lower().startswith(("http", "www")):
        return True  # "Springer-Verlag: Berlin", after an editor list
    if (piece[0].islower() and not _is_name(piece)) or piece.count(")") > piece.count("("):
        return True  # "vol. 1 of ...", "2 November 2004)"; not "van Eck N.J." opening a 2025 author list
    return False


def parse_scopus_reference(raw: str, source: str = "", index: int = 1, line: int | None = None) -> Reference:
    """One Scopus reference: its regular shapes read directly, anything else by refparse."""
    ref = _regular(raw, source, index, line) or _year_last(raw, source, index, line)
    if ref is None:
        from ..refparse import parse_reference

        ref = parse_reference(raw, source, index, line)
    if not ref.doi:
        dois = find_dois(raw)
        if dois:
            ref.doi = dois[0][0]
    return ref


def parse_references(text: str, source: str = "", line: int | None = None) -> list[Reference]:
    return [parse_scopus_reference(r, source, k, line) for k, r in enumerate(split_references(text), 1)]


def _regular(raw: str, source: str, index: int, line: int | None) -> Reference | None:
    """'Authors, Title (Year) Source, Vol (Issue), pp. a-b' -> fields, or None for another shape."""
    text = " ".join(raw.split())
    authors: list[Author] = []
    pos = 0
    while True:
        m = _SCOPUS_AUTHOR.match(text, pos)
        if not m or "(" in m.group(1):
            break
        authors.append(Author(m.group(1).strip(), m.group(2).strip()))
        pos = m.end()
    ym = _YEAR_PAREN.search(text, pos)
    # Authors, or none at all: "(2007) Land Evaluation, , FAO, Rome" (a corporate work).
    if not ym or not (authors or ym.start() == 0):
        return None
    title = text[pos: ym.start()].strip().rstrip(",").strip() or None
    rest = text[ym.end():].strip().lstrip(",").strip()
    # ", , " opens what Scopus appends: publisher, place, URL, notes.
    main, _, after = rest.partition(", , ")
    tail = _SOURCE_TAIL.match(main)
    if not tail:
        return None
    ref = Reference(source=source, index=index, raw=text, line=line, authors=authors, year=int(ym.group(1)))
    src = tail.group("src").strip().rstrip(",").strip() or None
    ref.volume = tail.group("vol")
    ref.issue = tail.group("iss")
    if tail.group("pages"):
        ref.pages = tail.group("pages").replace("-", "–")
    located = bool(ref.volume or ref.pages)
    if title:
        ref.title, ref.container = title, src
        ref.type = "article" if located else ("chapter" if src else "other")
    elif located:  # "(1999) J Comp Phys, 151, p. 283": a paper cited by its journal alone
        ref.container, ref.type = src, "article"
    else:  # "(1999) Parallel Programming Using C++, , Wiley": a book's own title
        ref.title, ref.type = src, "book"
    extra = " ".join(x for x in ((tail.group("extra") or "").strip(), after.strip()) if x)
    if extra:
        ref.note = extra
        if ref.type == "book" and not extra.lower().startswith(("http", "www")):
            ref.publisher = extra.split(", http")[0].strip(" ,")
    return ref


def _year_last(raw: str, source: str, index: int, line: int | None) -> Reference | None:
    """The 2023+ shape: 'Authors, Title, Source, Vol, Issue, pp. a-b, (Year)' -> fields, or None."""
    text = " ".join(raw.split())
    m = _YEAR_LAST.match(text)
    if not m:
        return None
    parts = [p.strip() for p in m.group("body").split(", ")]
    authors: list[Author] = []
    if parts and "; " in parts[0] and _names_only(parts[0]):  # 2025: "Aria M.; Cuccurullo C."
        authors = [_initials_name(n) for n in parts.pop(0).split("; ")]
    else:  # 2023: "Akkamis M., Keskin M., Sekerli Y.E."
        while parts and (_is_name(parts[0]) or parts[0].lower() == "et al."):
            name = parts.pop(0)
            if name.lower() != "et al.":
                authors.append(_initials_name(name))
    if not authors:
        return None
    ref = Reference(source=source, index=index, raw=text, line=line, authors=authors, year=int(m.group("year")))
    if parts and (pm := _PAGES_LAST.match(parts[-1])):
        ref.pages = pm.group("pages").replace("-", "–")
        parts.pop()
    numbers = []
    if ref.pages and len(parts) > 2 and not _NUMBER_PART.match(parts[-1]) and _NUMBER_PART.match(parts[-2]):
        numbers = [parts.pop(-2), parts.pop()]  # "Source, 6, Education Special Issue, pp. 279-312"
    while len(parts) > 1 and len(numbers) < 2 and _NUMBER_PART.match(parts[-1]):
        numbers.insert(0, parts.pop())
    if numbers:
        ref.volume = numbers[0]
        ref.issue = numbers[1] if len(numbers) > 1 else None
    located = bool(ref.volume or ref.pages)
    if len(parts) >= 2:
        ref.title, ref.container = ", ".join(parts[:-1]), parts[-1]
        ref.type = "article" if located else "chapter"
    elif parts:
        ref.title = parts[0]
        ref.type = "book" if not located else "other"
    else:
        ref.type = "other"
    return ref


def _initials_name(name: str) -> Author:
    """'van Eck N.J.' -> Author('van Eck', 'N.J.'); 'Acar A. K.' -> Author('Acar', 'A. K.')."""
    words = name.split(" ")
    cut = len(words) - 1
    if cut > 1 and _INITIALS.fullmatch(words[-2]) and words[-2].isupper() and len(words[-2]) <= 2:
        cut -= 1
    return Author(" ".join(words[:cut]), " ".join(words[cut:]))


# ---- BibTeX: a hook for the bibtex reader's records ---------------------------------------------

def bib_record_references(ref: Reference) -> list[Reference] | None:
    """The cited references of a Scopus BibTeX entry, from its `references` field (None when none)."""
    raw = ref.extra.pop("references", None)
    if not raw:
        return None
    return parse_references(raw, ref.source, ref.line)


# ---- CSV -----------------------------------------------------------------------------------

_REQUIRED = ("Title", "Authors", "Year", "Source title")
# A file with none of these is no Scopus export at all.
_IDENTIFYING = ("Title", "EID", "DOI", "References", "Authors")


def _looks_like_references(cell: str) -> bool:
    return cell.count("; ") >= 1 and len(_HAS_YEAR.findall(cell)) >= 2 or (
        bool(_HAS_YEAR.search(cell)) and bool(_SCOPUS_AUTHOR.match(cell)) and len(cell) > 40)


def _realign(header: list[str], row: list[str]) -> list[str]:
    """A row with unlabelled extra fields, put back under its header.

    Scopus inserts its extra columns right after "Funding Text 1"; the fields
    after them belong to the header's tail (References ... EID)."""
    extra = len(row) - len(header)
    if extra <= 0:
        return row
    ref_col = header.index("References") if "References" in header else None
    cut = next((i + 1 for i, h in enumerate(header) if h.startswith("Funding Text")), ref_col)
    if cut is None:
        return row[: len(header)]
    if ref_col is not None and _looks_like_references(row[ref_col]) and not _looks_like_references(row[ref_col + extra]):
        return row[: len(header)]  # the extra fields are at the end
    return row[:cut] + row[cut + extra:]


def scopus_authors(value: str) -> list[Author]:
    """'Phillips J.C., Braun R.' (2017-), 'Pan, Y., Yu, C.' (older) or 'Phillips J.C.; Braun R.' (2023-)."""
    value = value.strip()
    if not value or value.lower().startswith("[no author"):
        return []
    if "; " in value or ";" in value:
        return [_name(p) for p in re.split(r";\s*", value) if p.strip()]
    parts = [p.strip() for p in value.split(",")]
    if len(parts) >= 2 and re.fullmatch(r"(?:[A-Z\u00c0-\u024f][a-z]{0,2}\.\s?-?)+", parts[1]):
        # "Family, I., Family, I.": names and initials alternate.
        out = []
        for k in range(0, len(parts) - 1, 2):
            out.append(Author(parts[k], parts[k + 1]))
        if len(parts) % 2:
            out.append(Author(parts[-1]))
        return out
    return [_name(p) for p in parts if p]


def _name(text: str) -> Author:
    """'Phillips J.C.' -> Phillips, J.C.; 'Phillips, James C.' -> as is; a group name alone."""
    text = re.sub(r"\s*\(\d+\)$", "", text.strip())  # "Author full names" carry "(Scopus id)"
    if "," in text:
        family, given = text.split(",", 1)
        return Author(family.strip(), given.strip() or None)
    m = re.fullmatch(r"(.+?)\s+((?:[A-Z\u00c0-\u024f][a-z]{0,2}\.\s?-?)+)", text)
    if m:
        return Author(m.group(1), m.group(2))
    return Author(text)


_TYPES = {"article": "article", "review": "article", "letter": "article", "note": "article",
          "editorial": "article", "erratum": "article", "short survey": "article", "book": "book",
          "book chapter": "chapter", "conference paper": "chapter", "conference review": "chapter"}


def _record(cells: dict[str, str], source: str, index: int, line: int) -> Reference:
    # "NA" is R's empty cell: exports trimmed in R (write.csv) carry it where Scopus wrote nothing.
    get = lambda name: (v if (v := (cells.get(name) or "").strip()) and v != "NA" else None)  # noqa: E731
    eid = get("EID")
    if not eid:  # an export without the EID column still names the record in its Link
        m = re.search(r"[?&]eid=(2-s2\.0-\d+)", get("Link") or "")
        eid = m.group(1) if m else None
    ref = Reference(source=source, index=index, raw=eid or f"row {index}", line=line, key=eid)
    full = get("Author full names")
    # "Author full names" is always ';'-separated ("Abdullah, Saleh M. (37071912100)"): a lone
    # author's own comma must not split them in two.
    ref.authors = [_name(p) for p in full.split(";") if p.strip()] if full else scopus_authors(get("Authors") or "")
    ref.title = get("Title")
    year = get("Year") or ""
    if re.fullmatch(r"\d{4}", year):
        ref.year = int(year)
    ref.container = get("Source title")
    ref.volume, ref.issue = get("Volume"), get("Issue")
    start, end, art = get("Page start"), get("Page end"), get("Art. No.")
    if start:
        ref.pages = f"{start}–{end}" if end and end != start else start
    elif art:
        ref.pages = art
    if art:
        ref.extra["article_number"] = art
    ref.doi = clean_doi(get("DOI"))
    ref.url = get("Link")
    ref.publisher = get("Publisher")
    abstract = get("Abstract")
    ref.abstract = None if not abstract or abstract.startswith("[No abstract") else abstract
    ref.keywords = [k.strip() for k in (get("Author Keywords") or "").split(";") if k.strip()]
    index_kw = get("Index Keywords")
    if index_kw:
        ref.extra["index_keywords"] = index_kw
    dt = get("Document Type")
    if dt:
        ref.extra["document_type"] = dt
        ref.type = _TYPES.get(dt.lower(), "article")
    else:
        ref.type = "article"
    for col, name in (("Abbreviated Source Title", "abbreviated_source"), ("Cited by", "times_cited"),
                      ("Language of Original Document", "language")):
        value = get(col)
        if value:
            ref.extra[name] = value
    if eid:
        ref.ids["scopus"] = eid
    for col, name in (("PubMed ID", "pmid"), ("ISSN", "issn"), ("ISBN", "isbn")):
        value = get(col)
        if value:
            ref.ids[name] = value
    ref.affiliations = scopus_affiliations(get("Authors with affiliations"), get("Affiliations"))
    _author_ids(ref.authors, get("Author(s) ID"), full)
    return ref


# "Phillips, J.C., Beckman Institute, ..." (to 2019) or "Phillips J.C., Beckman Institute, ..." (since).
_NAME_THEN_ADDRESS = re.compile(
    r"^([^,;]{1,80}?(?:,\s*| )(?:[A-Z\u00c0-\u024f][a-z]{0,2}\.\s?-?\s?)+),\s*(.+)$")


def scopus_affiliations(with_authors: str | None, addresses: str | None) -> list:
    """"Authors with affiliations" as addresses with their authors; else the bare "Affiliations".

    An author with two addresses has them joined by ", " in one piece: it is kept as one
    address (its country is the last one's, its institution the first named)."""
    from ..affiliations import make_affiliation

    grouped: dict[str, list[str]] = {}
    for piece in re.split(r";\s*", with_authors or ""):
        m = _NAME_THEN_ADDRESS.match(piece.strip())
        if not m:
            continue
        grouped.setdefault(m.group(2).strip(), []).append(m.group(1).strip())
    if grouped:
        return [make_affiliation(addr, names) for addr, names in grouped.items()]
    return [make_affiliation(a) for a in re.split(r";\s*", addresses or "") if a.strip()]


def _author_ids(authors: list[Author], ids: str | None, full: str | None) -> None:
    """Scopus author ids: the "Author(s) ID" column, or the "(id)" after each full name."""
    found = [i.strip() for i in (ids or "").split(";") if i.strip()]
    if not found and full:
        found = re.findall(r"\((\d{6,})\)", full)
    if found and len(found) == len(authors):
        for a, i in zip(authors, found):
            if i.isdigit():
                a.ids = {**(a.ids or {}), "scopus": i}


def read_csv(path: str, options=None) -> list[Document]:
    rows, warnings = read_rows(path)
    header = [h.strip() for h in rows[0][1]]
    if not any(c in header for c in _IDENTIFYING):
        raise InputError(path, f"is no Scopus CSV: none of the columns {', '.join(_IDENTIFYING)}", rows[0][0])
    for col in _REQUIRED:
        if col not in header:  # a column deleted in a spreadsheet: the rest of each record is still there
            warnings.append(Finding(path, rows[0][0], "missing_column", "warning",
                                    f"no {col} column: records read without it"))
    has_refs = "References" in header
    if not has_refs:
        warnings.append(Finding(path, rows[0][0], "no_references", "warning",
                                "no References column: records read without their cited references"))

    def refs_of(cells, source, line, k, warnings):
        return parse_references(cells.get("References") or "", source, line) if has_refs else []

    return records_from_rows(path, header, rows[1:], _record, refs_of, warnings, _realign, "Scopus records")


def _sniff(probe) -> float:
    first = probe.text.split("\n", 1)[0]
    if ("," not in first and ";" not in first) or not ("Title" in first or "EID" in first or "References" in first):
        return 0.0
    cols = set(header_cells(first))
    score = sum(c in cols for c in ("Authors", "Title", "Year", "Source title", "EID", "Link", "References"))
    return 0.97 if score >= 5 else 0.6 if score >= 3 else 0.0


from .registry import Format  # noqa: E402  (the registry imports this module lazily)

FORMAT = Format("scopus", _sniff, read_csv,
                "Scopus CSV export: one record per row, References parsed (every column layout)",
                (".csv",))
