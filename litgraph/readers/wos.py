"""Web of Science exports: plain text ("FN ... PT J ... ER ... EF") and tab-delimited.

Both carry the same records under the same two-letter tags (AU authors, AF
full names, TI title, SO source, J9/JI abbreviations, PY year, VL, IS, BP,
EP, AR article number, DI DOI, UT accession number, DE/ID keywords, AB
abstract, CR cited references, NR their number). Plain text puts one tag
per line with continuation lines indented by three spaces; tab-delimited
("savedrecs.txt", UTF-8 or UTF-16 with BOM) puts one record per row under a
header row of tags, with multi-valued fields joined by "; ". Both are read
into the same tag -> values mapping, so the same record gives the same
Reference whichever way it was exported. Cited references go through
wos_refs, WoS's compact form parsed field by field.
"""
from __future__ import annotations

import re
from functools import lru_cache

from ..errors import InputError
from ..model import Author, Document, Finding, Reference
from .records import count_note, make_record
from ..doi import clean_doi
from .wos_refs import _BARE_DOI, _initials, cited_list

# Tags whose continuation lines are further items (one per line), not a
# wrapped line of the same text.
_LIST_TAGS = {"AU", "AF", "BA", "BF", "CA", "GP", "BE", "CR", "C1", "C3", "RI", "OI", "FU", "EM"}
_TYPES = {"article": "article", "review": "article", "letter": "article", "editorial material": "article",
          "note": "article", "book": "book", "book chapter": "chapter", "proceedings paper": "chapter",
          "meeting abstract": "article", "correction": "article"}
_PT = {"J": "article", "B": "book", "S": "chapter", "P": "other"}
_TAG_LINE = re.compile(r"^([A-Z][A-Z0-9]) ?(.*)$")
_CONTINUED = ("   ", "\t")  # how a line that continues the tag above begins
_YEAR = re.compile(r"\d{4}")
_ACCESSION = re.compile(r"(?:WOS|ISI):(\w+)", re.I)


# ---- plain text -------------------------------------------------------------------------

def parse_plain(text: str, source: str) -> tuple[list[tuple[int, dict[str, list[str]]]], list[Finding], int]:
    """The records of a plain-text export as (line, tag -> values), warnings, and records begun."""
    records: list[tuple[int, dict[str, list[str]]]] = []
    warnings: list[Finding] = []
    cur: dict[str, list[str]] | None = None
    start = 0
    tag = None
    # The values of the tag being read (cur[tag]; None outside a record or a tag) and whether
    # its continuation lines are further items: two thirds of an export's lines continue a tag
    # (its cited references), and this is all they need.
    target: list[str] | None = None
    listed = False
    begun = 0
    for n, line in enumerate(text.split("\n"), 1):
        if line.startswith(_CONTINUED):
            if target is None:
                continue
            value = line.strip()
            if not value:
                continue
            if listed:
                target.append(value)
            elif target:
                target[-1] += " " + value
            else:
                target.append(value)
            continue
        if not line or line.isspace():  # (what strip() would leave empty)
            continue
        m = _TAG_LINE.match(line)
        if not m:
            warnings.append(Finding(source, n, "unreadable_line", "warning",
                                    f"line is no Web of Science tag: {line[:40]!r}"))
            continue
        tag, value = m.groups()
        value = value.strip()
        if tag in ("FN", "VR", "EF"):
            tag = target = None
            continue
        if tag == "ER":
            if cur is not None:
                records.append((start, cur))
            cur = tag = target = None
            continue
        if tag == "PT" or cur is None:
            if cur is not None:
                warnings.append(Finding(source, start, "truncated_record", "warning",
                                        f"record at line {start} has no ER line; read up to line {n - 1}"))
                records.append((start, cur))
            cur, start = {}, n
            begun += 1
        target = cur.get(tag)
        if target is None:
            target = cur[tag] = []
        if value:
            target.append(value)
        listed = tag in _LIST_TAGS
    if cur is not None:
        warnings.append(Finding(source, start, "truncated_record", "warning",
                                f"record at line {start} has no ER line: the export may be cut short"))
        records.append((start, cur))
    return records, warnings, begun


# ---- tab-delimited ------------------------------------------------------------------------

def parse_tabbed(text: str, source: str) -> tuple[list[tuple[int, dict[str, list[str]]]], list[Finding], int]:
    """The rows of a tab-delimited export as (line, tag -> values)."""
    lines = text.split("\n")
    header = [h.strip() for h in lines[0].split("\t")]
    while header and not header[-1]:
        header.pop()  # the trailing tab
    records, warnings = [], []
    begun = 0
    for n, line in enumerate(lines[1:], 2):
        if not line.strip():
            continue
        begun += 1
        cells = line.split("\t")
        extra = cells[len(header):]
        if any(c.strip() for c in extra):
            warnings.append(Finding(source, n, "misaligned_row", "warning",
                                    f"row has {len(cells)} fields for {len(header)} columns; extra fields ignored"))
        if len(cells) < len(header):
            warnings.append(Finding(source, n, "short_row", "warning",
                                    f"row has {len(cells)} of {len(header)} fields: read what is there"))
        rec: dict[str, list[str]] = {}
        for tag, cell in zip(header, cells):
            cell = cell.strip()
            if not cell:
                continue
            rec[tag] = [v.strip() for v in cell.split("; ") if v.strip()] if tag in _LIST_TAGS else [cell]
        if rec:
            records.append((n, rec))
    return records, warnings, begun


# ---- one record --------------------------------------------------------------------------

def _one(rec: dict[str, list[str]], tag: str) -> str | None:
    vals = rec.get(tag)
    return " ".join(vals).strip() or None if vals else None


def _split(rec: dict[str, list[str]], tag: str) -> list[str]:
    text = _one(rec, tag)
    return [k.strip() for k in text.split(";") if k.strip()] if text else []


def _author(name: str) -> Author:
    """'Owen-Smith, Jason' or 'Powell, WW' (AF/AU); a name with no comma is a group."""
    if "," in name:
        family, given = (s.strip() for s in name.split(",", 1))
        return Author(family, _initials(given) if given else None)
    return Author(name.strip())


def make_reference(rec: dict[str, list[str]], source: str, index: int, line: int) -> Reference:
    """A WoS record's own metadata."""
    ut = _one(rec, "UT")
    ref = Reference(source=source, index=index, raw=ut or f"record {index}", line=line)
    names = rec.get("AF") or rec.get("AU") or rec.get("BA") or []
    ref.authors = [_author(a) for a in names if a.strip()]
    if not ref.authors and rec.get("CA"):
        ref.authors = [Author(c) for c in rec["CA"]]
    ref.title = _one(rec, "TI")
    ref.container = _one(rec, "SO") or _one(rec, "SE")
    year = _one(rec, "PY") or _one(rec, "EY") or ""  # early-access records may have only EY
    if _YEAR.fullmatch(year):
        ref.year = int(year)
    ref.volume = _one(rec, "VL")
    ref.issue = _one(rec, "IS")
    bp, ep, ar = _one(rec, "BP"), _one(rec, "EP"), _one(rec, "AR")
    if bp:
        ref.pages = f"{bp}–{ep}" if ep and ep != bp else bp
    elif ar:
        ref.pages = ar
    if ar:
        ref.extra["article_number"] = ar
    doi = _one(rec, "DI")
    if doi:
        # (the bare shape, as WoS prints DI, only lower-cased: what the cleaner would give it)
        ref.doi = doi.lower() if _BARE_DOI.fullmatch(doi) else clean_doi(doi)
    ref.publisher = _one(rec, "PU")
    ref.location = _one(rec, "PI")
    ref.abstract = _one(rec, "AB")
    ref.keywords = _split(rec, "DE")
    plus = _split(rec, "ID")
    if plus:
        ref.extra["keywords_plus"] = "; ".join(plus)
    dt = _one(rec, "DT")
    if dt:
        ref.extra["document_type"] = dt
    pt = _one(rec, "PT")
    ref.type = _TYPES.get((dt or "").split(";")[0].strip().lower()) or _PT.get(pt or "", "article")
    for tag, name in (("J9", "j9"), ("JI", "ji"), ("TC", "times_cited"), ("NR", "cited_count"), ("LA", "language")):
        value = _one(rec, tag)
        if value:
            ref.extra[name] = value
    if ut:
        ref.ids["wos"] = _accession(ut)
        ref.key = ref.ids["wos"]
    for tag, name in (("PM", "pmid"), ("SN", "issn"), ("EI", "eissn"), ("BN", "isbn")):
        value = _one(rec, tag)
        if value:
            ref.ids[name] = value
    ref.affiliations = affiliations(rec)
    _person_ids(rec, ref.authors)
    return ref


def affiliations(rec: dict[str, list[str]]) -> list:
    """C1 addresses (with the authors each is theirs, when bracketed), else the RP address."""
    from ..affiliations import make_affiliation, reprint_address, wos_addresses

    out = [make_affiliation(address, names, organisation_first=True)
           for names, address in wos_addresses(["; ".join(rec.get("C1") or [])])]
    rp = _one(rec, "RP")
    if rp:
        name, address = reprint_address(rp)
        if address:
            out.append(make_affiliation(address, [name] if name else [], organisation_first=True, reprint=True))
    return out


def _person_ids(rec: dict[str, list[str]], authors: list[Author]) -> None:
    """OI 'Chen, Chaomei/0000-0001-8584-1041' and RI 'Chen, Chaomei/A-1252-2007' onto the authors
    of that name (matched on the family name and the given names' initials)."""
    if not (rec.get("OI") or rec.get("RI")):
        return  # nothing to put on anyone: no need to fold every author's name

    def key(family: str, given: str | None) -> str:
        return _fold(family) + " " + "".join(w[0] for w in _fold(given or "").split())

    by_key: dict[str, Author] = {}
    loose: dict[str, list[Author]] = {}  # "Powell, Walter" in RI is "Powell, Walter W." in AF
    for a in authors:
        k = key(a.family, a.given)
        by_key.setdefault(k, a)
        loose.setdefault(k[:len(_fold(a.family)) + 2], []).append(a)
    for tag, kind in (("OI", "orcid"), ("RI", "researcherid")):
        # Plain text wraps the list anywhere ("Leydesdorff,\n   Loet/E-2903-2010"); tab-delimited
        # cells were cut at "; ". A piece that ends with an id ends an item; any other runs on.
        text = ""
        for piece in rec.get(tag) or []:
            text += ("; " if re.search(r"/[\w-]+;?$", text) else " ") + piece if text else piece
        for item in text.split(";"):
            name, _, ident = item.strip().rpartition("/")
            if not name or not ident.strip():
                continue
            family, _, given = name.partition(",")
            k = key(family, given.strip())
            a = by_key.get(k) or (loose[k[:len(_fold(family)) + 2]][0]
                                   if len(loose.get(k[:len(_fold(family)) + 2], ())) == 1 else None)
            if a is not None:
                a.ids = {**(a.ids or {}), kind: ident.strip()}


@lru_cache(maxsize=1 << 14)
def _fold(text: str) -> str:
    """affiliations.fold, remembered: an export names the same people again and again."""
    from ..affiliations import fold

    return fold(text)


def _accession(ut: str) -> str:
    """'ISI:000238592600006' and 'WOS:000238592600006' are the same record."""
    m = _ACCESSION.fullmatch(ut.strip())
    return f"WOS:{m.group(1)}" if m else ut.strip()


def cited_references(rec: dict[str, list[str]], source: str, line: int) -> list[Reference]:
    return cited_list(rec.get("CR", ()), source, line)


def to_documents(path: str, records, warnings: list[Finding], begun: int) -> list[Document]:
    from . import doc_id

    file_id = doc_id(path)
    docs, seen = [], set()
    for k, (line, rec) in enumerate(records, 1):
        try:
            meta = make_reference(rec, path, k, line)
            refs = cited_references(rec, path, line)
        except Exception as exc:  # one odd record must not lose the others
            warnings.append(Finding(path, line, "unreadable_record", "warning",
                                    f"record skipped: {type(exc).__name__}: {exc}"))
            continue
        doc = make_record(file_id, path, meta, k, refs)
        while doc.id in seen:  # a record exported twice
            doc.id += "+"
        seen.add(doc.id)
        docs.append(doc)
    if not docs:
        raise InputError(path, "holds no readable Web of Science records")
    note = count_note(path, len(docs), max(begun, len(docs)))
    docs[0].warnings = warnings + ([note] if note else []) + docs[0].warnings
    return docs


# ---- the formats -------------------------------------------------------------------------

def sniff_plain(probe) -> float:
    text = probe.text
    head = text[:4000]
    if re.match(r"FN (ISI Export|Thomson Reuters|Clarivate)", head) or (
            head.startswith("FN ") and re.search(r"^VR \d", head, re.M)):
        return 1.0
    if re.search(r"^PT [JBSP]\s*$", head, re.M) and re.search(r"^(AU|TI|SO|UT) ", text, re.M):
        return 0.9 if re.search(r"^ER\s*$", text, re.M) or probe.size > len(probe.head) else 0.7
    return 0.0


def sniff_tabbed(probe) -> float:
    first = probe.text.split("\n", 1)[0]
    tags = {c.strip() for c in first.split("\t")}
    if {"PT", "AU", "TI"} <= tags and ("UT" in tags or "SO" in tags):
        return 1.0
    return 0.0


def read_plain(path: str, options=None) -> list[Document]:
    from ..textio import read_text
    from .registry import encoding_warnings

    text = read_text(path)
    records, warnings, begun = parse_plain(text.text, path)
    return to_documents(path, records, encoding_warnings(text) + warnings, begun)


def read_tabbed(path: str, options=None) -> list[Document]:
    from ..textio import read_text
    from .registry import encoding_warnings

    text = read_text(path)
    records, warnings, begun = parse_tabbed(text.text, path)
    return to_documents(path, records, encoding_warnings(text) + warnings, begun)


from .registry import Format  # noqa: E402  (the registry imports this module lazily)

FORMAT = Format("wos", sniff_plain, read_plain,
                "Web of Science plain-text export (FN ... PT ... ER): one record per entry, CR cited references",
                (".txt", ".isi", ".ciw", ".ris"))
