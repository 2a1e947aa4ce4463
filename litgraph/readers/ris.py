"""RIS libraries (Zotero, EndNote, Mendeley, IEEE, Scopus): one record per TY … ER block.

RIS is a tag per line ("AU  - Johanson, Jan"), values running on over
untagged lines. Records are cut here rather than by rispy, because real files
need what rispy does not give: the line of each record for messages, a record
that lacks its ER (rispy drops the last one silently) or its TY, and the line
structure of Scopus's "N1 - References:" note, which holds one cited reference
per line with ";" inside titles as well as between references.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..doi import clean_doi
from ..errors import InputError
from ..model import Author, Document, Finding, Reference
from ..names import parse_names
from .registry import Format, Probe, ReadOptions, encoding_warnings

_TAG = re.compile(r"^([A-Z][A-Z0-9])  -(?: (.*)|\s*)$")
_SCOPUS_YEAR = re.compile(r"\((?:1[5-9]|20)\d\d\)")  # "(2017)": where a Scopus reference gives its year
# Some exporters (library catalogues, older tools) write one space before the dash:
# "TY - JOUR". Taken only in a file that has no two-space tag at all, where a line of
# running text opening with "UK - " is far less likely than a tag.
_LOOSE_TAG = re.compile(r"^([A-Z][A-Z0-9]) -(?: (.*)|\s*)$")
_LOOSE_OPENING = re.compile(r"^(?:TY|ER|AU|TI|T1|A1|PY) -(?: |$)", re.M)


def tag_pattern(text: str) -> re.Pattern:
    """The tag pattern a file uses: RIS's two spaces before the dash, or one."""
    if re.search(r"^[A-Z][A-Z0-9]  -", text, re.M) is None and len(_LOOSE_OPENING.findall(text, 0, 65536)) >= 2:
        return _LOOSE_TAG
    return _TAG

TYPES = {
    "JOUR": "article", "JFULL": "article", "MGZN": "article", "NEWS": "article", "EJOUR": "article",
    "INPR": "article", "ABST": "article",
    "BOOK": "book", "EBOOK": "book", "EDBOOK": "book", "CTLG": "book",
    "CHAP": "chapter", "ECHAP": "chapter", "CONF": "chapter", "CPAPER": "chapter",
    "THES": "thesis", "RPRT": "report", "GOVDOC": "report", "STAND": "report",
    "ELEC": "web", "WEB": "web", "BLOG": "web", "ICOMM": "web",
}
# The RIS type written for each of ours (export), and read back to it.
OUR_TYPES = {"article": "JOUR", "book": "BOOK", "chapter": "CHAP", "thesis": "THES", "report": "RPRT",
             "web": "ELEC", "other": "GEN"}


@dataclass
class RawRecord:
    line: int
    tags: list[tuple[str, str, int]] = field(default_factory=list)  # (tag, value, line)
    closed: bool = False

    def values(self, *tags: str) -> list[str]:
        return [v for t, v, _ in self.tags if t in tags and v]

    def first(self, *tags: str) -> str | None:
        for t in tags:  # in the order of preference given
            for tag, v, _ in self.tags:
                if tag == t and v:
                    return v
        return None


def split_records(text: str) -> tuple[list[RawRecord], list[tuple[int, str]]]:
    """Cut the text into records; returns them and the problems met (line, message)."""
    records: list[RawRecord] = []
    problems: list[tuple[int, str]] = []
    cur: RawRecord | None = None
    tag_line = tag_pattern(text)
    for n, line in enumerate(text.split("\n"), 1):
        m = tag_line.match(line.rstrip())
        if m is None:
            if cur is not None and cur.tags and line.strip():
                tag, value, ln = cur.tags[-1]
                cur.tags[-1] = (tag, f"{value}\n{line.strip()}" if value else line.strip(), ln)
            continue
        tag, value = m.group(1), (m.group(2) or "").strip()
        if tag == "TY":
            if cur is not None and not cur.closed:
                problems.append((cur.line, "record has no 'ER  -' line: it is ended by the next 'TY  -'"))
            cur = RawRecord(n)
            records.append(cur)
            cur.tags.append((tag, value, n))
        elif tag == "ER":
            if cur is None or cur.closed:
                continue  # a stray ER: nothing is lost
            cur.closed = True
        else:
            if cur is None or cur.closed:
                # A record that starts without TY (some exporters drop it): keep it.
                cur = RawRecord(n)
                records.append(cur)
                problems.append((n, "record has no 'TY  -' line: read with type unknown"))
            cur.tags.append((tag, value, n))
    if cur is not None and not cur.closed and records:
        problems.append((cur.line, "the last record has no 'ER  -' line (is the file cut short?): read as it is"))
    return records, problems


def _names(values: list[str]) -> list[Author]:
    out = []
    for v in values:
        v = v.strip().rstrip(";").strip()
        if not v:
            continue
        family, comma, given = v.partition(",")
        if v.endswith(","):
            # "World Bank," or "Austin, Claire C,": one field, as our writer marks a name that is
            # no family and given name (library._ris_name); a trailing comma holds no given name.
            out.append(Author(v[:-1].strip()))
        elif comma:
            # "Family, Given" or "Family, Given, Suffix" (RIS's order).
            given, _, suffix = given.partition(",")
            out.append(Author(family.strip(), given.strip() or None, suffix.strip() or None))
        elif re.search(r"(?:^|\s)(?:[A-Z]\.?){1,3}(?:\s|$)", v):
            # "Smith JA" or "J. A. Smith": initials mark a person written without the comma.
            out.extend(parse_names(v).authors or [Author(v)])
        else:
            out.append(Author(v))  # one field, as Zotero writes an institution: kept whole
    return out


def _year(*values: str | None) -> tuple[int | None, str | None]:
    for v in values:
        if v:
            m = re.search(r"(?<!\d)(1[5-9]\d\d|20\d\d)([a-z])?(?![\d])", v)
            if m:
                return int(m.group(1)), m.group(2)
    return None, None


def _serials(values: list[str], ref: Reference) -> None:
    """SN holds an ISSN or an ISBN, or several marked as Scopus writes them ('03064530 (ISSN)')."""
    for v in values:
        v = " ".join(v.split())
        marked = re.findall(r"([0-9Xx-]+)\s*\((ISSN|ISBN)\)", v, re.I)
        if marked:
            for number, kind in marked:
                ref.ids.setdefault(kind.lower(), number)
            continue
        first = re.sub(r"[^0-9Xx]", "", re.split(r"[\s;,]", v.strip())[0])
        ref.ids.setdefault("isbn" if len(first) in (10, 13) else "issn", v)


def to_reference(rec: RawRecord, source: str, index: int) -> tuple[Reference, list[str]]:
    """A record's own metadata, and its cited references as printed (Scopus), one string each."""
    ty = (rec.first("TY") or "").upper()
    ref = Reference(source=source, index=index, raw="", line=rec.line)
    ref.type = TYPES.get(ty, "other")
    ref.authors = _names(rec.values("AU", "A1"))
    editors = rec.values("ED") + (rec.values("A2") if ref.type in ("chapter", "book") else [])
    ref.editors = _names(editors)
    ref.title = _one(rec.first("TI", "T1", "CT", *(("BT",) if ref.type == "book" else ())))
    # A book's BT is its own title; its T2, where there is one, the series or set it belongs to.
    ref.container = _one(rec.first("T2", "JF", "JO", "JA", "J2") if ref.type == "book"
                         else rec.first("T2", "JF", "JO", "BT", "JA", "J2"))
    ref.year, ref.year_suffix = _year(rec.first("PY"), rec.first("Y1"), rec.first("DA"))
    ref.volume = _one(rec.first("VL"))
    ref.issue = _one(rec.first("IS", "CP"))
    sp, ep = _one(rec.first("SP")), _one(rec.first("EP"))
    if sp and ep and ep != sp:
        ref.pages = f"{sp}–{ep}"
    elif sp:
        ref.pages = sp.replace("-", "–") if re.fullmatch(r"\w+\s*-\s*\w+", sp) else sp
    doi = rec.first("DO", "DI")
    if doi:
        ref.doi = clean_doi(doi)
        if not ref.doi:
            ref.doi_printed = doi.strip()  # malformed as printed: kept for check, never linked
    urls = [u for v in rec.values("UR", "L1", "L2", "LK") for u in v.split("\n") if u.strip()]
    for u in urls:
        if "doi.org/" in u.lower() and not ref.doi and not ref.doi_printed:
            ref.doi = clean_doi(u)
        elif not ref.url:
            ref.url = u.strip()
    ref.publisher = _one(rec.first("PB"))
    ref.location = _one(rec.first("CY", "PP"))
    ref.edition = _one(rec.first("ET"))
    ref.abstract = _one(rec.first("AB", "N2"))
    ref.keywords = [k.strip() for v in rec.values("KW") for k in v.split("\n") if k.strip()]
    ref.key = _one(rec.first("ID"))
    _serials(rec.values("SN"), ref)
    # AD: the authors' addresses (Scopus, EndNote, PubMed RIS), whose authors RIS does not say.
    from ..affiliations import make_affiliation

    ref.affiliations = [make_affiliation(a) for v in rec.values("AD") for a in re.split(r"\n|;\s+", v) if a.strip()]
    cited: list[str] = []
    notes = []
    for note in rec.values("N1"):
        m = re.match(r"\s*References?:\s*", note)
        if m:
            for line in note[m.end():].split("\n"):
                line = line.strip()
                if len(_SCOPUS_YEAR.findall(line)) > 1 and "; " in line:
                    # Several references on one line, joined by "; " as in Scopus's CSV
                    from .scopus import split_references

                    cited += split_references(line)
                elif line:
                    cited.append(line)
        else:
            notes.append(note)
    c2 = _one(rec.first("C2"))
    if c2 and c2.upper().startswith("PMC"):
        ref.ids["pmcid"] = c2
    for label, tag in (("wos", "UT"), ("pmid", "PM")):
        v = _one(rec.first(tag))
        if v:
            ref.ids[label] = v
    an = _one(rec.first("AN"))
    if an:
        if an.upper().startswith("WOS:"):
            ref.ids["wos"] = an
        elif re.fullmatch(r"2-s2\.0-\d+", an):
            ref.ids["scopus"] = an
        else:
            ref.ids["accession"] = an
    url_eid = re.search(r"eid=(2-s2\.0-\d+)", ref.url or "")
    if url_eid:
        ref.ids.setdefault("scopus", url_eid.group(1))
    if rec.first("C7"):
        ref.extra["article_number"] = _one(rec.first("C7"))
        if not ref.pages:
            ref.pages = ref.extra["article_number"]
    for tag, name in (("LA", "language"), ("DB", "database"), ("M3", "genre"), ("T3", "series")):
        v = _one(rec.first(tag))
        if v:
            ref.extra[name] = v
    if notes:
        ref.note = " ".join(" ".join(n.split()) for n in notes)
    if ref.type == "other" and ref.url and not ref.container:
        ref.type = "web"
    ref.raw = ref.key or ref.label()
    return ref, cited


def _one(value: str | None) -> str | None:
    return " ".join(value.split()) if value and value.strip() else None


def read_ris(path: str, options: ReadOptions | None = None) -> list[Document]:
    from ..refparse import parse_reference
    from ..textio import read_text
    from . import doc_id
    from .records import finish_records, make_record

    text = read_text(path)
    records, problems = split_records(text.text)
    if not records:
        raise InputError(path, "holds no RIS records (no 'TY  - ' lines)")
    fid = doc_id(path)
    warnings = encoding_warnings(text) + [Finding(path, line, "ris_record", "warning", msg) for line, msg in problems]
    docs = []
    for k, rec in enumerate(records, 1):
        meta, cited = to_reference(rec, path, k)
        if not (meta.title or meta.authors or meta.doi):
            warnings.append(Finding(path, rec.line, "ris_record", "warning",
                                    "record has no title, author or DOI: left out"))
            continue
        refs = [parse_reference(c.rstrip(";").strip(), path, i, rec.line) for i, c in enumerate(cited, 1)]
        docs.append(make_record(fid, path, meta, k, refs))
    return finish_records(path, docs, len(records), warnings, "records", line=records[0].line)


def _sniff(probe: Probe) -> float:
    lines = [l for l in probe.text.split("\n")[:400] if l.strip()]
    if not lines:
        return 0.0
    tag_line = tag_pattern("\n".join(lines))
    tagged = sum(1 for l in lines if tag_line.match(l.rstrip()))
    first_tag = next((l for l in lines[:10] if tag_line.match(l.rstrip())), "")
    has_ty = any(tag_line.match(l.rstrip()) and l.startswith("TY") for l in lines)
    # Scopus's cited references run on over untagged lines: the opening TY counts most.
    if has_ty and (first_tag.startswith("TY") or tagged >= 0.3 * len(lines)):
        return 0.9
    if tagged >= 0.6 * len(lines) and any(tag_line.match(l.rstrip()) and l.startswith("ER") for l in lines):
        return 0.7
    return 0.0


FORMAT = Format("ris", _sniff, read_ris, "RIS (Zotero, EndNote, Mendeley, IEEE, Scopus with its cited references)",
                (".ris", ".txt"))
