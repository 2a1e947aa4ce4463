"""CSL-JSON libraries (Zotero, Better BibTeX, Mendeley) and Crossref's work records.

CSL-JSON is the citation-processor schema: an array of items with `type`,
`author` [{family, given} | {literal}], `issued` {date-parts}, `container-title`,
`page`, `DOI`... Crossref's REST API answers in nearly the same schema, one work
(`{"message-type": "work", "message": {...}}`) or a page of them, and adds the
work's cited references (`reference`: key, DOI, unstructured text or fields).
"""
from __future__ import annotations

import json
import re

from ..doi import clean_doi
from ..errors import InputError
from ..model import Author, Document, Finding, Reference
from .registry import Format, Probe, ReadOptions, encoding_warnings

TYPES = {
    "article-journal": "article", "article": "article", "article-magazine": "article",
    "article-newspaper": "article", "journal-article": "article", "review": "article",
    "book": "book", "monograph": "book", "edited-book": "book", "reference-book": "book",
    "chapter": "chapter", "book-chapter": "chapter", "paper-conference": "chapter",
    "proceedings-article": "chapter", "entry-encyclopedia": "chapter", "entry-dictionary": "chapter",
    "thesis": "thesis", "dissertation": "thesis", "report": "report", "standard": "report",
    "webpage": "web", "post-weblog": "web", "post": "web",
}
CSL_TYPES = {"article": "article-journal", "book": "book", "chapter": "chapter", "thesis": "thesis",
             "report": "report", "web": "webpage", "other": "document"}
# Identifier fields of CSL and where they go in `ids`.
ID_FIELDS = {"ISBN": "isbn", "ISSN": "issn", "PMID": "pmid", "PMCID": "pmcid"}


def _text(value) -> str | None:
    if value is None:
        return None
    if isinstance(value, list):  # Crossref gives titles as lists
        value = value[0] if value else None
        if value is None:
            return None
    value = " ".join(str(value).split())
    return value or None


def _names(people) -> list[Author]:
    out = []
    for p in people or []:
        if not isinstance(p, dict):
            if isinstance(p, str) and p.strip():
                out.append(Author(p.strip()))
            continue
        family = _text(p.get("family"))
        if family:
            # "van Gogh" (non-dropping) and "Ludwig van Beethoven" (dropping): either particle is
            # part of the printed name, kept with the family name as BibTeX's "von" part is.
            particle = " ".join(filter(None, (_text(p.get("dropping-particle")), _text(p.get("non-dropping-particle")))))
            family = f"{particle} {family}" if particle else family
            out.append(Author(family, _text(p.get("given")), _text(p.get("suffix"))))
        elif _text(p.get("literal") or p.get("name")):
            out.append(Author(_text(p.get("literal") or p.get("name"))))
    return out


def _year(date) -> tuple[int | None, str | None]:
    if isinstance(date, dict):
        parts = date.get("date-parts")
        if isinstance(parts, list) and parts and isinstance(parts[0], list) and parts[0]:
            try:
                return int(str(parts[0][0])[:4]), None
            except ValueError:
                pass
        for key in ("raw", "literal"):
            if isinstance(date.get(key), str):
                m = re.search(r"(1[5-9]\d\d|20\d\d)([a-z])?", date[key])
                if m:
                    return int(m.group(1)), m.group(2)
    return None, None


def item_reference(item: dict, source: str, index: int, line: int | None) -> Reference:
    """One CSL (or Crossref) item as a Reference, keeping every field the model holds."""
    ref = Reference(source=source, index=index, raw="", line=line)
    ref.type = TYPES.get(str(item.get("type", "")).lower(), "other")
    ref.key = _text(item.get("citation-key") or item.get("id"))
    ref.authors = _names(item.get("author"))
    ref.editors = _names(item.get("editor"))
    ref.title = _text(item.get("title"))
    ref.container = _text(item.get("container-title"))
    ref.year, ref.year_suffix = _year(item.get("issued") or item.get("published-print")
                                      or item.get("published-online") or item.get("created"))
    if item.get("year-suffix"):
        ref.year_suffix = _text(item.get("year-suffix"))
    ref.volume = _text(item.get("volume"))
    ref.issue = _text(item.get("issue"))
    ref.pages = _text(item.get("page"))
    if ref.pages:
        ref.pages = re.sub(r"(?<=\w)\s*-\s*(?=\w)", "–", ref.pages)
    doi = _text(item.get("DOI"))
    if doi:
        ref.doi = clean_doi(doi)
        if not ref.doi:
            ref.doi_printed = doi  # malformed as printed: kept for check, never linked
    ref.url = _text(item.get("URL"))
    ref.publisher = _text(item.get("publisher"))
    ref.location = _text(item.get("publisher-place"))
    ref.edition = _text(item.get("edition"))
    ref.note = _text(item.get("note"))
    ref.abstract = _text(item.get("abstract"))
    kw = item.get("keyword")
    if isinstance(kw, str):
        ref.keywords = [k.strip() for k in re.split(r"[;,]", kw) if k.strip()]
    elif isinstance(kw, list):
        ref.keywords = [str(k).strip() for k in kw if str(k).strip()]
    for field, name in ID_FIELDS.items():
        value = _text(item.get(field))
        if value:
            ref.ids[name] = value
    custom = item.get("custom")
    if isinstance(custom, dict) and isinstance(custom.get("ids"), dict):
        for k, v in custom["ids"].items():
            if isinstance(v, (str, int)) and str(v).strip():
                ref.ids.setdefault(str(k), str(v).strip())
    for name in ("language", "collection-title", "genre", "number", "source"):
        value = _text(item.get(name))
        if value:
            ref.extra[name] = value
    if ref.type == "other" and ref.url and not ref.container:
        ref.type = "web"
    ref.raw = ref.key or ref.label()
    return ref


def crossref_reference(item: dict, source: str, index: int, line: int | None) -> Reference | None:
    """One entry of a Crossref work's `reference` list: fields where deposited, else its text."""
    from ..refparse import parse_reference

    text = _text(item.get("unstructured"))
    ref = parse_reference(text, source, index, line) if text else Reference(source=source, index=index, raw="")
    if item.get("author") and not ref.authors:
        from ..names import parse_names

        ref.authors = parse_names(str(item["author"])).authors
    if item.get("year") and not ref.year:
        m = re.search(r"(1[5-9]\d\d|20\d\d)", str(item["year"]))
        ref.year = int(m.group(1)) if m else None
    for field, attr in (("article-title", "title"), ("volume-title", "title"), ("journal-title", "container"),
                        ("volume", "volume"), ("issue", "issue"), ("first-page", "pages")):
        if item.get(field) and not getattr(ref, attr):
            setattr(ref, attr, _text(item[field]))
    if item.get("DOI"):
        ref.doi = clean_doi(str(item["DOI"])) or str(item["DOI"])
    if not ref.raw:
        ref.raw = ref.label()
    return ref if (ref.authors or ref.title or ref.doi or ref.container) else None


def _items(data, path: str) -> list:
    """The items of a CSL array, a single item, or a Crossref answer."""
    if isinstance(data, list):
        return data
    if isinstance(data, dict):
        msg = data.get("message")
        if isinstance(msg, dict):
            if isinstance(msg.get("items"), list):
                return msg["items"]
            return [msg]
        if "items" in data and isinstance(data["items"], list):
            return data["items"]
        if "type" in data or "title" in data:
            return [data]
    # (This reader is asked about any JSON no other reader claims: say what it is not, all of it.)
    raise InputError(path, "is JSON, but neither OpenAlex works (no work 'id' https://openalex.org/W...) nor "
                           "CSL-JSON or Crossref (no array of items with type, title, author...)")


def _item_lines(text: str, count: int) -> list[int | None]:
    """The line where each top-level item starts, for messages (best effort)."""
    lines = []
    for m in re.finditer(r'^\s{0,4}\{', text, re.M):
        lines.append(text.count("\n", 0, m.start()) + 1)
    return lines if len(lines) == count else [None] * count


def read_csljson(path: str, options: ReadOptions | None = None) -> list[Document]:
    from ..textio import read_text
    from . import doc_id
    from .records import finish_records, make_record

    text = read_text(path)
    warnings = encoding_warnings(text)
    try:
        data = json.loads(text.text)
    except json.JSONDecodeError as exc:
        # A library or a Crossref page cut short: its whole items are still read.
        from .openalex import salvage_array

        data, cut = salvage_array(text.text)
        if not data or not all(isinstance(i, dict) for i in data):
            raise InputError(path, f"JSON syntax error: {exc.msg}", exc.lineno) from None
        warnings.append(Finding(path, cut or exc.lineno, "truncated", "error",
                                f"JSON syntax error ({exc.msg}): cut short inside item {len(data) + 1}; "
                                f"read the {len(data)} items before it"))
    except RecursionError:
        raise InputError(path, "JSON nested too deeply to read") from None
    items = _items(data, path)
    lines = _item_lines(text.text, len(items))
    fid = doc_id(path)
    docs = []
    for k, (item, line) in enumerate(zip(items, lines), 1):
        if not isinstance(item, dict):
            warnings.append(Finding(path, line, "csl_item", "warning", f"item {k} is not an object: left out"))
            continue
        meta = item_reference(item, path, k, line)
        if not (meta.title or meta.authors or meta.doi):
            warnings.append(Finding(path, line, "csl_item", "warning",
                                    f"item {k} has no title, author or DOI: left out"))
            continue
        cited = []
        for i, r in enumerate(item.get("reference") or [], 1):
            if isinstance(r, dict):
                ref = crossref_reference(r, path, i, line)
                if ref is not None:
                    cited.append(ref)
        docs.append(make_record(fid, path, meta, k, cited))
    return finish_records(path, docs, len(items), warnings, "items")


_CSL_KEYS = re.compile(r'"(?:container-title|date-parts|citation-key|issued|author)"\s*:')


def _sniff(probe: Probe) -> float:
    head = probe.text.lstrip()
    if not head.startswith(("[", "{")):
        return 0.0
    if '"message-type"' in head[:2000] and '"work' in head[:2000]:
        return 0.9
    if "openalex.org/W" in head[:4000]:
        return 0.0  # OpenAlex's own schema, read by its own reader
    hits = len(set(_CSL_KEYS.findall(head)))
    if hits >= 2:
        return 0.85
    # JSON that no reader claims: this one says what is wrong with it, not the paper reader.
    return 0.25 if probe.suffix in (".json", ".jsonl", ".csljson") else 0.0


FORMAT = Format("csljson", _sniff, read_csljson,
                "CSL-JSON (Zotero, Better BibTeX, Mendeley) and Crossref work records with their references",
                (".json", ".csljson"))
