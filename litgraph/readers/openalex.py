"""OpenAlex works: an API page, a list of works, one work, JSON Lines, and the website's CSV.

Every work is a record: its title (HTML entities such as "&amp;" undone),
authors, year, source, volume, issue, pages, DOI, ids (OpenAlex W-id, PMID,
PMCID, MAG), keywords and abstract (rebuilt from `abstract_inverted_index`).
Its `referenced_works` are OpenAlex ids and nothing more: each becomes a
Reference carrying only ids={"openalex": "W..."}, matched by id to the
records of the corpus, and labelled by its id until then.

JSON is parsed once with the standard library; nothing here is worse than
linear in the size of the file (the old reader took minutes on a page of 65
works).
"""
from __future__ import annotations

import html
import json
import re

from ..doi import clean_doi
from ..errors import InputError
from ..model import Author, Document, Finding, Reference
from ..names import PARTICLES
from .records import count_note, make_record

_WID = re.compile(r"(?:https?://openalex\.org/)?([WwAaSs]\d+)$")
_TYPES = {"article": "article", "journal-article": "article", "review": "article", "letter": "article",
          "editorial": "article", "book": "book", "monograph": "book", "edited-book": "book",
          "book-chapter": "chapter", "proceedings-article": "chapter", "dissertation": "thesis",
          "report": "report", "preprint": "article", "posted-content": "article", "dataset": "other"}


def openalex_id(value: str | None) -> str | None:
    """'https://openalex.org/W2741809807' -> 'W2741809807'."""
    if not value:
        return None
    m = _WID.search(value.strip())
    return m.group(1).upper() if m else None


def abstract_text(index: dict | None) -> str | None:
    """The abstract from OpenAlex's inverted index (word -> positions)."""
    if not index:
        return None
    slots: dict[int, str] = {}
    for word, positions in index.items():
        for p in positions or ():
            if isinstance(p, int):
                slots[p] = word
    return " ".join(slots[k] for k in sorted(slots)) or None


def display_author(name: str) -> Author:
    """'A.T. Brünger' -> Brünger, A.T.; 'Ludwig van Beethoven' -> van Beethoven, Ludwig."""
    words = name.split()
    if len(words) <= 1:
        return Author(name.strip())
    start = len(words) - 1
    while start - 1 > 0 and words[start - 1].lower() in PARTICLES:
        start -= 1
    return Author(" ".join(words[start:]), " ".join(words[:start]))


def _text(value) -> str | None:
    if not isinstance(value, str):
        return None
    return html.unescape(value).strip() or None


def work_reference(work: dict, source: str, index: int, line: int | None = None) -> Reference:
    """One OpenAlex work as a record's own metadata."""
    wid = openalex_id(work.get("id"))
    ref = Reference(source=source, index=index, raw=wid or f"work {index}", line=line, key=wid)
    ref.title = _text(work.get("title")) or _text(work.get("display_name"))
    year = work.get("publication_year")
    if isinstance(year, int):
        ref.year = year
    elif isinstance(year, str) and year.isdigit():
        ref.year = int(year)
    for a in work.get("authorships") or ():
        if not isinstance(a, dict):
            continue
        person = a.get("author") if isinstance(a.get("author"), dict) else {}
        name = _text(person.get("display_name")) or _text(a.get("raw_author_name"))
        if name:
            author = display_author(name)
            ids = {k: v for k, v in (("openalex", openalex_id(str(person.get("id") or ""))),
                                     ("orcid", _orcid(person.get("orcid")))) if v}
            author.ids = ids or None
            ref.authors.append(author)
    ref.affiliations = _affiliations(work.get("authorships") or ())
    loc = work.get("primary_location") or {}
    src = (loc.get("source") or {}) if isinstance(loc, dict) else {}
    venue = work.get("host_venue") or {}  # the API before 2023
    ref.container = _text(src.get("display_name")) or _text(venue.get("display_name"))
    ref.publisher = _text(src.get("host_organization_name")) or _text(venue.get("publisher"))
    biblio = work.get("biblio") or {}
    ref.volume = _text(biblio.get("volume"))
    ref.issue = _text(biblio.get("issue"))
    first, last = _text(biblio.get("first_page")), _text(biblio.get("last_page"))
    if first:
        ref.pages = f"{first}–{last}" if last and last != first else first
    ref.doi = clean_doi(work.get("doi") if isinstance(work.get("doi"), str) else None)
    kind = work.get("type_crossref") or work.get("type") or ""
    ref.type = _TYPES.get(str(kind).lower(), "article" if ref.container else "other")
    if work.get("type"):
        ref.extra["document_type"] = str(work["type"])
    ref.abstract = abstract_text(work.get("abstract_inverted_index"))
    for kw in work.get("keywords") or ():
        word = kw.get("display_name") or kw.get("keyword") if isinstance(kw, dict) else kw
        if isinstance(word, str) and word.strip():
            ref.keywords.append(word.strip())
    if wid:
        ref.ids["openalex"] = wid
    for key, value in (work.get("ids") or {}).items():
        if key in ("openalex", "doi") or not value:
            continue
        value = str(value).rstrip("/")
        if key == "pmid":
            value = value.rsplit("/", 1)[-1]
        elif key == "pmcid":
            value = value.rsplit("/", 1)[-1].upper()
            value = value if value.startswith("PMC") else f"PMC{value}"
        ref.ids[key] = value
    issn = src.get("issn_l")
    if issn:
        ref.ids.setdefault("issn", issn)
    if isinstance(work.get("cited_by_count"), int):
        ref.extra["times_cited"] = str(work["cited_by_count"])
    return ref


def _orcid(value) -> str | None:
    """'https://orcid.org/0000-0001-8584-1041' -> '0000-0001-8584-1041'."""
    m = re.search(r"(\d{4}-\d{4}-\d{4}-\d{3}[\dX])", value) if isinstance(value, str) else None
    return m.group(1) if m else None


def _affiliations(authorships) -> list:
    """One Affiliation per institution named in the authorships, with its authors, OpenAlex id,
    ROR and country (ISO code made a name); an authorship with countries but no institution
    gives its countries alone."""
    from ..affiliations import country_name
    from ..model import Affiliation

    found: dict[str, Affiliation] = {}
    for a in authorships:
        if not isinstance(a, dict):
            continue
        person = a.get("author") if isinstance(a.get("author"), dict) else {}
        name = _text(person.get("display_name")) or _text(a.get("raw_author_name")) or ""
        who = display_author(name).short() if name else None
        insts = [i for i in a.get("institutions") or () if isinstance(i, dict) and _text(i.get("display_name"))]
        for inst in insts:
            label = _text(inst["display_name"])
            m = re.search(r"(I\d+)$", str(inst.get("id") or ""))
            iid = m.group(1) if m else None
            key = iid or label.lower()
            aff = found.get(key)
            if aff is None:
                aff = Affiliation(address=label, institution=label,
                                  country=country_name(str(inst.get("country_code") or "")) or None)
                if iid:
                    aff.ids["openalex"] = iid
                ror = inst.get("ror")
                if isinstance(ror, str) and ror:
                    aff.ids["ror"] = ror.rstrip("/").rsplit("/", 1)[-1]
                found[key] = aff
            if who and who not in aff.authors:
                aff.authors.append(who)
        if not insts:
            for code in a.get("countries") or ():
                country = country_name(str(code))
                if country:
                    aff = found.setdefault(f"country:{country}", Affiliation(address=country, country=country))
                    if who and who not in aff.authors:
                        aff.authors.append(who)
    return list(found.values())


def id_reference(wid: str, source: str, index: int, line: int | None = None, db: str = "openalex") -> Reference:
    """A cited work known only by its database id (matched by id to the corpus's records)."""
    return Reference(source=source, index=index, raw=wid, line=line, key=wid, ids={db: wid})


def work_references(work: dict, source: str, line: int | None = None) -> list[Reference]:
    out = []
    for value in work.get("referenced_works") or ():
        wid = openalex_id(value) if isinstance(value, str) else None
        if wid:
            out.append(id_reference(wid, source, len(out) + 1, line))
    return out


# ---- JSON ----------------------------------------------------------------------------------

def _works(data) -> tuple[list, str | None]:
    """The works of a parsed JSON document, or ([], what it is instead)."""
    if isinstance(data, dict):
        if isinstance(data.get("results"), list):
            return data["results"], None
        if _is_work(data):
            return [data], None
        if isinstance(data.get("error"), str):
            return [], f"an OpenAlex error message ({data['error'][:80]})"
        return [], "a JSON object with neither 'results' nor a work's 'id'"
    if isinstance(data, list):
        return data, None
    return [], f"a JSON {type(data).__name__}"


def _is_work(obj) -> bool:
    return isinstance(obj, dict) and bool(openalex_id(str(obj.get("id") or ""))) and (
        "title" in obj or "display_name" in obj or "referenced_works" in obj)


_ARRAY_START = re.compile(r'^\s*\[|"(?:results|items)"\s*:\s*\[')


def salvage_array(text: str) -> tuple[list, int | None]:
    """The whole items of a JSON array cut short (a download or a copy that stopped): the
    top-level array, or an API page's "results" (Crossref's "items"), read item by item up
    to the cut. Returns them and the line where the cut item starts (None: nothing cut)."""
    m = _ARRAY_START.search(text)
    if not m:
        return [], None
    decoder = json.JSONDecoder()
    items: list = []
    pos, n = m.end(), len(text)
    while pos < n:
        while pos < n and text[pos] in " \t\r\n,":
            pos += 1
        if pos >= n or text[pos] == "]":
            return items, None
        try:
            item, pos = decoder.raw_decode(text, pos)
        except (json.JSONDecodeError, RecursionError):
            return items, text.count("\n", 0, pos) + 1
        items.append(item)
    return items, text.count("\n", 0, pos) + 1


def _salvaged(text: str, source: str, exc: json.JSONDecodeError) -> tuple[list[tuple[int | None, dict]], list[Finding]]:
    """parse_json's answer for a JSON document cut short: its whole works, and an error saying so."""
    items, cut = salvage_array(text)
    works = [w for w in items if _is_work(w)]
    if not works:
        raise InputError(source, f"is not valid JSON ({exc.msg})", exc.lineno)
    return [(None, w) for w in works], [Finding(
        source, cut or exc.lineno, "truncated", "error",
        f"is not valid JSON ({exc.msg}): cut short inside item {len(items) + 1}; read the {len(works)} works before it")]


def parse_json(text: str, source: str) -> tuple[list[tuple[int | None, dict]], list[Finding]]:
    """(line, work) pairs from a JSON or JSON Lines text."""
    warnings: list[Finding] = []
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        lines = [(n, ln) for n, ln in enumerate(text.split("\n"), 1) if ln.strip()]
        if len(lines) < 2 or not lines[0][1].rstrip().endswith("}"):
            # One document (a page on one line, or spread over many) that does not parse.
            return _salvaged(text, source, exc)
        out = []  # JSON Lines: one work (or one API page) per line
        for n, ln in lines:
            try:
                obj = json.loads(ln)
            except json.JSONDecodeError as err:
                # An error, not a warning: the works on that line are lost (exit 2, the rest read).
                warnings.append(Finding(source, n, "unreadable_record", "error",
                                        f"line is not valid JSON ({err.msg}); skipped"))
                continue
            works, _ = _works(obj)
            out.extend((n, w) for w in works)
        if not out and warnings:
            raise InputError(source, f"is neither JSON nor JSON Lines ({exc.msg})", exc.lineno) from None
        return out, warnings
    works, what = _works(data)
    if what:
        raise InputError(source, f"is not OpenAlex works: {what}")
    return [(None, w) for w in works], warnings


def read_json(path: str, options=None) -> list[Document]:
    from ..textio import read_text
    from . import doc_id
    from .registry import encoding_warnings

    text = read_text(path)
    pairs, warnings = parse_json(text.text, path)
    warnings = encoding_warnings(text) + warnings
    file_id = doc_id(path)
    docs, seen = [], set()
    for k, (line, work) in enumerate(pairs, 1):
        if not _is_work(work):
            warnings.append(Finding(path, line, "unreadable_record", "warning",
                                    f"item {k} is not an OpenAlex work (no W-id); skipped"))
            continue
        meta = work_reference(work, path, k, line)
        doc = make_record(file_id, path, meta, k, work_references(work, path, line))
        while doc.id in seen:
            doc.id += "+"
        seen.add(doc.id)
        docs.append(doc)
    if not docs:
        raise InputError(path, "holds no OpenAlex works")
    note = count_note(path, len(docs), len(pairs), "works")
    docs[0].warnings = warnings + ([note] if note else []) + docs[0].warnings
    return docs


def _sniff(probe) -> float:
    head = probe.text.lstrip()[:65536]
    if not head.startswith(("{", "[")):
        return 0.0
    if '"https://openalex.org/W' in head or '"referenced_works"' in head or '"abstract_inverted_index"' in head:
        return 1.0
    return 0.0


from .registry import Format  # noqa: E402  (the registry imports this module lazily)

FORMAT = Format("openalex", _sniff, read_json,
                "OpenAlex works JSON (an API page, a list, one work, JSON Lines): one record per work",
                (".json", ".jsonl", ".ndjson"))
