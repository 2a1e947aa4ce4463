"""PubMed MEDLINE text and .nbib files: "PMID- 27169098" opens each record.

Tags are up to four letters padded to four, then "- "; a value runs on over
lines indented by six spaces; records are separated by blank lines. FAU holds
the full name ("Shruthi, Basavaradhya Sahukar"), AU the short one ("Shruthi
BS"): the full one is kept when given. MEDLINE carries no cited references.
"""
from __future__ import annotations

import re

from ..doi import clean_doi
from ..errors import InputError
from ..model import Author, Document, Finding, Reference
from ..names import parse_names
from .registry import Format, Probe, ReadOptions, encoding_warnings

_TAG = re.compile(r"^([A-Z][A-Z0-9]{0,3})\s*- (.*)$")

TYPES = {"journal article": "article", "review": "article", "letter": "article", "editorial": "article",
         "comment": "article", "case reports": "article", "clinical trial": "article",
         "book": "book", "book chapter": "chapter", "preprint": "article"}


def split_records(text: str) -> list[tuple[int, list[tuple[str, str]]]]:
    """(line, [(tag, value)]) per record; continuation lines joined to their tag."""
    records: list[tuple[int, list[tuple[str, str]]]] = []
    cur: list[tuple[str, str]] | None = None
    for n, line in enumerate(text.split("\n"), 1):
        m = _TAG.match(line)
        if m and not line.startswith(" "):
            tag, value = m.group(1), m.group(2).strip()
            if tag == "PMID" or cur is None:
                cur = []
                records.append((n, cur))
            cur.append((tag, value))
        elif line.strip() and cur:
            tag, value = cur[-1]
            cur[-1] = (tag, f"{value} {line.strip()}")
    return records


def record_reference(tags: list[tuple[str, str]], source: str, index: int, line: int) -> Reference:
    def first(tag):
        return next((v for t, v in tags if t == tag and v), None)

    def every(tag):
        return [v for t, v in tags if t == tag and v]

    ref = Reference(source=source, index=index, raw="", line=line)
    types = [t.lower() for t in every("PT")]
    ref.type = next((TYPES[t] for t in types if t in TYPES), "article" if first("TA") or first("JT") else "other")
    full = every("FAU")
    if full:
        ref.authors = [Author(f.partition(",")[0].strip(), f.partition(",")[2].strip() or None) for f in full]
    else:
        ref.authors = [a for v in every("AU") for a in (parse_names(v).authors or [Author(v)])]
    corp = every("CN")
    if corp and not ref.authors:
        ref.authors = [Author(c) for c in corp]
    ref.editors = [Author(f.partition(",")[0].strip(), f.partition(",")[2].strip() or None) for f in every("FED")]
    ref.title = first("TI") or first("BTI")
    if ref.title:
        ref.title = ref.title.rstrip(".") if not ref.title.endswith("..") else ref.title
    ref.container = first("JT") or first("TA")
    dp = first("DP")
    if dp:
        m = re.match(r"(1[5-9]\d\d|20\d\d)", dp)
        ref.year = int(m.group(1)) if m else None
    ref.volume = first("VI")
    ref.issue = first("IP")
    pg = first("PG")
    if pg:
        ref.pages = re.sub(r"(?<=\w)\s*-\s*(?=\w)", "–", pg)
    for v in every("LID") + every("AID"):
        if v.endswith("[doi]") and not ref.doi:
            ref.doi = clean_doi(v[:-5].strip())
            if not ref.doi:
                ref.doi_printed = v[:-5].strip()
        if v.endswith("[pii]") and not ref.pages and first("LID") == v:
            ref.pages = v[:-5].strip()
    ref.affiliations = _addresses(tags)
    ref.abstract = first("AB")
    ref.keywords = every("OT") or every("MH")
    if every("MH"):  # MeSH: indexing terms, kept apart from the authors' own (OT) for the keyword network
        ref.extra["mesh"] = "; ".join(every("MH"))
    ref.publisher = first("PB")
    ref.location = first("PL")
    pmid = first("PMID")
    if pmid:
        ref.ids["pmid"] = pmid
        ref.key = f"pmid{pmid}"
    pmc = first("PMC")
    if pmc:
        ref.ids["pmcid"] = pmc
    for v in every("IS"):
        ref.ids.setdefault("issn", re.sub(r"\s*\(.*\)$", "", v))
    isbn = first("ISBN")
    if isbn:
        ref.ids["isbn"] = re.sub(r"^ISBN\s*", "", isbn)
    if first("TA") and first("JT"):
        ref.extra["journal_abbreviation"] = first("TA")
    lang = first("LA")
    if lang:
        ref.extra["language"] = lang
    ref.raw = ref.key or ref.label()
    return ref


def _addresses(tags: list[tuple[str, str]]) -> list:
    """AD lines belong to the author (FAU/AU) above them; one address given for several
    authors is one Affiliation naming them all."""
    from ..affiliations import make_affiliation

    grouped: dict[str, list[str]] = {}
    who = None
    for tag, value in tags:
        if tag == "FAU" or (tag == "AU" and who is None):
            who = value
        elif tag == "AU":
            continue
        elif tag == "AD" and value:
            # "..., Canada. Electronic address: x@y.org." is no part of the address.
            address = re.split(r"\.?\s*(?:Electronic address:|[\w.+-]+@[\w-]+\.)", value)[0]
            for part in re.split(r";\s+", address):
                if part.strip():
                    names = grouped.setdefault(part.strip(), [])
                    if who and who not in names:
                        names.append(who)
    return [make_affiliation(addr, names) for addr, names in grouped.items()]


def read_medline(path: str, options: ReadOptions | None = None) -> list[Document]:
    from ..textio import read_text
    from . import doc_id
    from .records import finish_records, make_record

    text = read_text(path)
    records = split_records(text.text)
    if not records:
        raise InputError(path, "holds no MEDLINE records (no 'PMID- ' lines)")
    fid = doc_id(path)
    warnings = encoding_warnings(text)
    docs = []
    for k, (line, tags) in enumerate(records, 1):
        if tags[0][0] != "PMID":
            warnings.append(Finding(path, line, "medline_record", "warning",
                                    "record does not start with 'PMID- ': read as it is"))
        meta = record_reference(tags, path, k, line)
        if not (meta.title or meta.authors or meta.doi):
            warnings.append(Finding(path, line, "medline_record", "warning",
                                    "record has no title, author or DOI: left out"))
            continue
        docs.append(make_record(fid, path, meta, k))
    return finish_records(path, docs, len(records), warnings, "records", line=records[0][0])


def _sniff(probe: Probe) -> float:
    lines = [l for l in probe.text.split("\n")[:200] if l.strip()]
    if not lines:
        return 0.0
    if lines[0].startswith("PMID- ") or (sum(1 for l in lines if l.startswith("PMID- ")) and
                                         sum(1 for l in lines if _TAG.match(l)) > 0.5 * len(lines)):
        return 0.95
    return 0.0


FORMAT = Format("medline", _sniff, read_medline, "PubMed MEDLINE text and .nbib", (".nbib", ".txt", ".medline"))
