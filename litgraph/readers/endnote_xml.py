"""EndNote XML libraries (File > Export > XML): <xml><records><record>… one record each.

Values sit inside <style> wrappers that carry fonts; only their text counts.
EndNote exports no cited references, so records are papers with metadata.
Parsed with the standard library's expat, which refuses external entities and
caps entity expansion, so a hostile file cannot reach the disk or the network.
"""
from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from ..doi import clean_doi
from ..errors import InputError
from ..model import Author, Document, Finding, Reference
from ..names import parse_names
from .registry import Format, Probe, ReadOptions

# EndNote's ref-type names (the number varies between versions; the name does not).
TYPES = {
    "journal article": "article", "magazine article": "article", "newspaper article": "article",
    "electronic article": "article",
    "book": "book", "edited book": "book", "electronic book": "book",
    "book section": "chapter", "electronic book section": "chapter", "conference paper": "chapter",
    "conference proceedings": "chapter",
    "thesis": "thesis", "report": "report", "government document": "report",
    "web page": "web", "blog": "web",
}


def _text(el) -> str | None:
    if el is None:
        return None
    value = " ".join("".join(el.itertext()).split())
    return value or None


def _all(rec, path: str) -> list[str]:
    return [t for t in (_text(e) for e in rec.findall(path)) if t]


def _names(values: list[str]) -> list[Author]:
    out = []
    for v in values:
        family, comma, given = v.partition(",")
        if comma and family.strip():
            out.append(Author(family.strip(), given.strip() or None))
        else:
            out.extend(parse_names(v).authors or [Author(v)])
    return out


def record_reference(rec, source: str, index: int, line: int | None) -> Reference:
    ref = Reference(source=source, index=index, raw="", line=line)
    rt = rec.find("ref-type")
    ref.type = TYPES.get((rt.get("name") or "").lower(), "other") if rt is not None else "other"
    ref.authors = _names(_all(rec, "contributors/authors/author"))
    ref.editors = _names(_all(rec, "contributors/secondary-authors/author"))
    ref.title = _text(rec.find("titles/title"))
    ref.container = (_text(rec.find("periodical/full-title")) or _text(rec.find("titles/secondary-title"))
                     if ref.type != "book" else None)
    year = _text(rec.find("dates/year"))
    if year:
        m = re.search(r"(1[5-9]\d\d|20\d\d)([a-z])?", year)
        if m:
            ref.year, ref.year_suffix = int(m.group(1)), m.group(2)
    ref.volume = _text(rec.find("volume"))
    ref.issue = _text(rec.find("number"))
    pages = _text(rec.find("pages"))
    ref.pages = re.sub(r"(?<=\w)\s*-\s*(?=\w)", "–", pages) if pages else None
    doi = _text(rec.find("electronic-resource-num"))
    if doi:
        ref.doi = clean_doi(doi)
        if not ref.doi:
            ref.doi_printed = doi
    urls = _all(rec, "urls/related-urls/url") + _all(rec, "urls/web-urls/url")
    for u in urls:
        if "doi.org/" in u.lower() and not ref.doi and not ref.doi_printed:
            ref.doi = clean_doi(u)
        elif not ref.url:
            ref.url = u
    ref.publisher = _text(rec.find("publisher"))
    ref.location = _text(rec.find("pub-location"))
    ref.edition = _text(rec.find("edition"))
    ref.abstract = _text(rec.find("abstract"))
    ref.note = _text(rec.find("notes"))
    ref.keywords = _all(rec, "keywords/keyword")
    # <auth-address>: the authors' addresses, one element or several, whose authors it does not say.
    from ..affiliations import make_affiliation

    ref.affiliations = [make_affiliation(a) for v in _all(rec, "auth-address")
                        for a in re.split(r"\r|\n|;\s+", v) if a.strip()]
    isbn = _text(rec.find("isbn"))
    if isbn:
        ref.ids["isbn" if len(re.sub(r"[^0-9X]", "", isbn)) in (10, 13) else "issn"] = isbn
    acc = _text(rec.find("accession-num"))
    if acc:
        ref.ids["wos" if acc.upper().startswith("WOS:") else "accession"] = acc
    ref.key = _text(rec.find("label")) or _text(rec.find("rec-number"))
    for tag, name in (("language", "language"), ("work-type", "genre")):
        v = _text(rec.find(tag))
        if v:
            ref.extra[name] = v
    ref.raw = ref.key or ref.label()
    return ref


def read_endnote_xml(path: str, options: ReadOptions | None = None) -> list[Document]:
    from . import doc_id
    from .records import finish_records, make_record

    try:
        with open(path, "rb") as fh:
            data = fh.read()
    except OSError as exc:
        raise InputError(path, f"cannot be read ({exc.strerror or exc})") from None
    warnings: list[Finding] = []
    try:
        root = ET.fromstring(data)
    except ET.ParseError as exc:
        line = getattr(exc, "position", (None,))[0]
        what = f"is not well-formed XML ({str(exc).split(':')[0]})"
        records, starts, total = _salvage(path, data, warnings)
        if not records:
            raise InputError(path, what, line) from None
        warnings.insert(0, Finding(path, line, "endnote_record", "warning", f"{what}: read record by record"))
    else:
        records = root.findall(".//record")
        if not records:
            raise InputError(path, "is XML, but holds no EndNote <record> elements")
        # Line numbers of <record> starts, for messages.
        starts = [data.count(b"\n", 0, m.start()) + 1 for m in re.finditer(rb"<record>", data)]
        if len(starts) != len(records):
            starts = [None] * len(records)
        total = len(records)
    fid = doc_id(path)
    docs = []
    for k, (rec, line) in enumerate(zip(records, starts), 1):
        meta = record_reference(rec, path, k, line)
        if not (meta.title or meta.authors or meta.doi):
            warnings.append(Finding(path, line, "endnote_record", "warning",
                                    f"record {k} has no title, author or DOI: left out"))
            continue
        docs.append(make_record(fid, path, meta, k))
    return finish_records(path, docs, total, warnings, "records")


# What XML 1.0 forbids but EndNote lets through from pasted text (a form feed, a vertical tab).
_NOT_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
_BARE_AMP = re.compile(r"&(?!(?:#\d+|#x[0-9a-fA-F]+|\w+);)")


def _salvage(path: str, data: bytes, warnings: list[Finding]) -> tuple[list, list, int]:
    """The records of a file that is not well-formed as a whole (a record with a control
    character or a bare '&', a file cut short): each <record> parsed alone, the ones that
    still fail named and left out. Returns (elements, their lines, records begun)."""
    from ..textio import decode

    try:
        text = decode(path, data).text
    except InputError:
        return [], [], 0
    out, lines, total = [], [], 0
    end = 0
    for m in re.finditer(r"<record>.*?</record>", text, re.S):
        total += 1
        end = m.end()
        line = text.count("\n", 0, m.start()) + 1
        chunk = _NOT_XML.sub("", m.group(0))
        for attempt in (chunk, _BARE_AMP.sub("&amp;", chunk)):
            try:
                out.append(ET.fromstring(attempt))
                lines.append(line)
                break
            except ET.ParseError:
                continue
        else:
            warnings.append(Finding(path, line, "endnote_record", "warning",
                                    f"record {total} is not well-formed XML: left out"))
    cut = text.find("<record>", end)
    if cut >= 0:
        total += 1
        warnings.append(Finding(path, text.count("\n", 0, cut) + 1, "endnote_record", "warning",
                                f"record {total} is cut short (the file ends inside it): left out"))
    return out, lines, total


def _sniff(probe: Probe) -> float:
    head = probe.text.lstrip()[:4000]
    if not head.startswith("<"):
        return 0.0
    if re.search(r"<xml>\s*<records>", head) or ("<record>" in head and "<ref-type" in head):
        return 0.95
    return 0.0


FORMAT = Format("endnote-xml", _sniff, read_endnote_xml, "EndNote XML library", (".xml",))
