"""Word manuscripts (.docx): paragraphs, footnotes and endnotes, and reference-manager fields.

Read with the standard library (zipfile + ElementTree): python-docx exposes neither complex
fields nor footnotes, and the XML is small. The text is laid out as a plain-text paper would
be (one paragraph per line, headings marked "#", Word's automatic list numbers printed,
superscript digits as Unicode superscripts "¹⁻³"), then read as one: its reference section,
its in-text citations. Each line keeps its paragraph number ("¶ 12"; "¶ 12, note 3" for a
footnote, which is read right after the paragraph that calls it) for `check` to name.

Citations inserted by Zotero (ADDIN ZOTERO_ITEM CSL_CITATION {json}), Mendeley
(ADDIN CSL_CITATION / Mendeley Citation {json}) and EndNote (ADDIN EN.CITE <EndNote>...)
carry the cited item itself: such a citation is linked by the item's DOI, title, or authors
and year (reason "field code: ..."), not by reading its visible text.
"""
from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
import zipfile
from dataclasses import dataclass, field

from ..errors import InputError
from ..model import Citation, Document

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_SUPER = str.maketrans("0123456789-–", "⁰¹²³⁴⁵⁶⁷⁸⁹⁻⁻")


@dataclass
class FieldCitation:
    """A reference manager's citation field: where its visible text stands, and its items."""

    line: int  # 0-based line of the text
    start: int
    end: int
    text: str
    items: list[dict] = field(default_factory=list)  # {"authors": [...], "year", "title", "doi"}


@dataclass
class DocxText:
    lines: list[str]
    places: dict[int, str]  # 1-based line -> "¶ 12"
    fields: list[FieldCitation]


def sniff(probe) -> float:
    """A ZIP holding word/document.xml; a ZIP named .docx is claimed too, to be told it is not one."""
    if not probe.head.startswith(b"PK\x03\x04"):
        return 0.0
    if b"word/document.xml" in probe.head:
        return 0.95
    return 0.6 if probe.suffix in (".docx", ".docm", ".dotx") else 0.0


def extract(path: str) -> DocxText:
    """The text of a .docx, with paragraph places and citation fields (InputError if it is not one)."""
    try:
        zf = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError) as exc:
        raise InputError(path, f"not a Word document: {exc}") from None
    with zf:
        names = set(zf.namelist())
        if "word/document.xml" not in names:
            raise InputError(path, "not a Word document: a ZIP archive without word/document.xml")
        try:
            body = ET.fromstring(zf.read("word/document.xml"))
            notes = {}
            for part, tag in (("word/footnotes.xml", "footnote"), ("word/endnotes.xml", "endnote")):
                if part in names:
                    root = ET.fromstring(zf.read(part))
                    for n in root.iter(W + tag):
                        if n.get(W + "type") in ("separator", "continuationSeparator", "continuationNotice"):
                            continue
                        notes[(tag, n.get(W + "id"))] = n
            numbering = _numbering(ET.fromstring(zf.read("word/numbering.xml"))) if "word/numbering.xml" in names else {}
            styles = _style_numbering(ET.fromstring(zf.read("word/styles.xml"))) if "word/styles.xml" in names else {}
        except ET.ParseError as exc:
            raise InputError(path, f"damaged Word document: {exc}") from None
    return _Builder(numbering, notes, styles).build(body)


class _Builder:
    def __init__(self, numbering: dict, notes: dict, styles: dict | None = None):
        self.numbering = numbering
        self.styles = styles or {}
        self.notes = notes
        self.lines: list[str] = []
        self.places: dict[int, str] = {}
        self.fields: list[FieldCitation] = []
        self.counters: dict[tuple, int] = {}
        self.paragraph = 0

    def build(self, root: ET.Element) -> DocxText:
        body = root.find(W + "body")
        for p in (body.iter(W + "p") if body is not None else []):
            refs: list[tuple[str, str]] = []
            text = self._paragraph(p, refs)
            if not text.strip():
                continue
            self.paragraph += 1
            self._emit(text, f"¶ {self.paragraph}")
            for tag, nid in refs:
                note = self.notes.get((tag, nid))
                if note is None:
                    continue
                for q in note.iter(W + "p"):
                    t = self._paragraph(q, [])
                    if t.strip():
                        self._emit(t, f"¶ {self.paragraph}, {'note' if tag == 'footnote' else 'endnote'} {nid}")
        return DocxText(self.lines, self.places, self.fields)

    def _emit(self, text: str, place: str) -> None:
        # A blank line between paragraphs, as a text paper has them.
        if self.lines:
            self.lines.append("")
        self.lines.append(text)
        self.places[len(self.lines)] = place
        for f in self.fields:
            if f.line == -1:
                f.line = len(self.lines) - 1

    def _paragraph(self, p: ET.Element, refs: list) -> str:
        out: list[str] = []
        stack: list[dict] = []  # open complex fields: {"instr": str, "result": bool, "start": int}
        sup = False
        for el in p.iter():
            tag = el.tag
            if tag == W + "r":
                rpr = el.find(W + "rPr")
                va = rpr.find(W + "vertAlign") if rpr is not None else None
                sup = va is not None and va.get(W + "val") == "superscript"
            elif tag == W + "fldChar":
                kind = el.get(W + "fldCharType")
                if kind == "begin":
                    stack.append({"instr": "", "result": False, "start": 0})
                elif kind == "separate" and stack:
                    stack[-1]["result"] = True
                    stack[-1]["start"] = len("".join(out))
                elif kind == "end" and stack:
                    f = stack.pop()
                    self._field(f["instr"], f["start"], "".join(out))
            elif tag == W + "instrText":
                if stack:
                    stack[-1]["instr"] += el.text or ""
            elif tag == W + "fldSimple":
                pass  # its runs are read as text; simple fields carry no citations worth a link
            elif tag == W + "t":
                if stack and not stack[-1]["result"]:
                    continue
                text = el.text or ""
                if sup:
                    text = text.translate(_SUPER)
                out.append(text)
            elif tag == W + "tab":
                out.append(" ")
            elif tag in (W + "br", W + "cr"):
                out.append(" ")
            elif tag in (W + "footnoteReference", W + "endnoteReference"):
                refs.append(("footnote" if "footnote" in tag else "endnote", el.get(W + "id")))
        text = "".join(out)
        # Text of a deleted revision (w:delText) is not read; inserted text is.
        prefix = self._prefix(p)
        if prefix:
            for f in self.fields:
                if f.line == -1:
                    f.start += len(prefix)
                    f.end += len(prefix)
        return prefix + text

    def _field(self, instr: str, start: int, text_so_far: str) -> None:
        items = field_items(instr)
        if items is None:
            return
        self.fields.append(FieldCitation(-1, start, len(text_so_far), text_so_far[start:], items))

    def _prefix(self, p: ET.Element) -> str:
        """'# ' for headings, Word's own list numbers ('1.', '[1]') for numbered paragraphs."""
        ppr = p.find(W + "pPr")
        if ppr is None:
            return ""
        style = ppr.find(W + "pStyle")
        name = (style.get(W + "val") or "") if style is not None else ""
        m = re.match(r"(?i)heading\s*(\d)", name)
        if m:
            return "#" * min(6, int(m.group(1)) + 1) + " "
        if name.lower() == "title":
            return "# "
        num = ppr.find(W + "numPr")
        if num is not None:
            ilvl = num.find(W + "ilvl")
            nid = num.find(W + "numId")
            level = int(ilvl.get(W + "val")) if ilvl is not None else 0
            key = nid.get(W + "val") if nid is not None else None
        elif name in self.styles:
            key, level = self.styles[name]  # numbered by its style ("List Number")
        else:
            return ""
        fmt = self.numbering.get((key, level))
        if not fmt:
            return ""
        numfmt, pattern, start = fmt
        if numfmt == "bullet":
            return "- "
        n = self.counters.get((key, level), start - 1) + 1
        self.counters[(key, level)] = n
        for deeper in [k for k in self.counters if k[0] == key and k[1] > level]:
            del self.counters[deeper]
        if numfmt != "decimal":
            return ""
        return pattern.replace(f"%{level + 1}", str(n)) + " "


def _style_numbering(root: ET.Element) -> dict:
    """Paragraph styles that number their paragraphs: style id -> (numId, level)."""
    out = {}
    for st in root.iter(W + "style"):
        num = st.find(f"{W}pPr/{W}numPr")
        if num is None:
            continue
        nid = num.find(W + "numId")
        ilvl = num.find(W + "ilvl")
        if nid is not None:
            out[st.get(W + "styleId")] = (nid.get(W + "val"), int(ilvl.get(W + "val")) if ilvl is not None else 0)
    return out


def _numbering(root: ET.Element) -> dict:
    """(numId, level) -> (format, text pattern such as '[%1]', start)."""
    abstract = {}
    for a in root.iter(W + "abstractNum"):
        levels = {}
        for lvl in a.iter(W + "lvl"):
            fmt = lvl.find(W + "numFmt")
            txt = lvl.find(W + "lvlText")
            start = lvl.find(W + "start")
            levels[int(lvl.get(W + "ilvl") or 0)] = (
                fmt.get(W + "val") if fmt is not None else "decimal",
                txt.get(W + "val") if txt is not None else f"%{int(lvl.get(W + 'ilvl') or 0) + 1}.",
                int(start.get(W + "val")) if start is not None else 1)
        abstract[a.get(W + "abstractNumId")] = levels
    out = {}
    for n in root.iter(W + "num"):
        aid = n.find(W + "abstractNumId")
        levels = abstract.get(aid.get(W + "val") if aid is not None else None, {})
        for level, spec in levels.items():
            out[(n.get(W + "numId"), level)] = spec
    return out


# --- reference-manager fields -------------------------------------------------------

def field_items(instr: str) -> list[dict] | None:
    """The cited items of a Zotero, Mendeley or EndNote citation field; None for other fields."""
    s = instr.strip()
    if not s.upper().startswith("ADDIN"):
        return None
    if "CSL_CITATION" in s or "Mendeley Citation" in s:
        # The JSON follows the field's name; Mendeley Cite puts a {uuid} before it.
        decoder = json.JSONDecoder()
        brace = s.find("{")
        while brace >= 0:
            try:
                data, _ = decoder.raw_decode(s[brace:])
            except ValueError:
                data = None
            if isinstance(data, dict) and "citationItems" in data:
                return [_csl_item(ci.get("itemData") or {}) for ci in data.get("citationItems", [])]
            brace = s.find("{", brace + 1)
        return []
    if "EN.CITE" in s and "<" in s:
        try:
            root = ET.fromstring(s[s.find("<"):])
        except ET.ParseError:
            return []
        out = []
        for cite in root.iter("Cite"):
            rec = cite.find("record")
            authors = [a.text or "" for a in (rec.iter("author") if rec is not None else [])] or \
                [cite.findtext("Author") or ""]
            title = rec.find(".//titles/title") if rec is not None else None
            doi = rec.findtext("electronic-resource-num") if rec is not None else None
            out.append({"authors": [_family(a) for a in authors if a.strip()],
                        "year": _int(cite.findtext("Year") or ""),
                        "title": "".join(title.itertext()) if title is not None else None,
                        "doi": (doi or "").strip() or None})
        return out
    return None


def _csl_item(d: dict) -> dict:
    year = None
    issued = d.get("issued") or {}
    parts = issued.get("date-parts") or []
    if parts and parts[0]:
        year = _int(str(parts[0][0]))
    elif issued.get("raw"):
        year = _int(str(issued["raw"]))
    return {"authors": [a.get("family") or a.get("literal") or "" for a in d.get("author", [])],
            "year": year, "title": d.get("title"), "doi": d.get("DOI")}


def _family(name: str) -> str:
    return name.split(",")[0].strip() if "," in name else name.split()[-1] if name.split() else name


def _int(s: str) -> int | None:
    m = re.search(r"\d{4}", s)
    return int(m.group(0)) if m else None


def link_fields(doc: Document, fields: list[FieldCitation], source: str) -> list[Citation]:
    """One citation per item of each field, linked to the list by the item itself."""
    from rapidfuzz import fuzz

    from ..doi import clean_doi
    from ..resolve import _title_key, link_citation

    from .citations import find_citations

    out = []
    for f in fields:
        # The text as printed, read as any citation is: a field's text edited by hand (a year
        # changed, "et al." added) is then checked against the item it holds.
        printed = find_citations(f.text, source) if f.text.strip() else []
        if len(printed) != len(f.items) or any(p.number is not None for p in printed):
            printed = []
        for k, item in enumerate(f.items):
            names = tuple(a for a in item["authors"] if a)
            year = str(item["year"]) if item["year"] else None
            authors = names[0] + (" et al." if len(names) > 2 else f" & {names[1]}" if len(names) == 2 else "") \
                if names else ""
            cit = Citation(source=source, line=f.line + 1, marker=" ".join(f.text.split()) or "(field)",
                           authors=authors, year=year, narrative=False, names=names[:2], et_al=len(names) > 2)
            if printed:
                p = printed[k]
                cit.authors, cit.names, cit.et_al, cit.narrative = p.authors, p.names, p.et_al, p.narrative
                if len(f.items) > 1:
                    cit.marker = p.marker
                printed_year = p.year
            ref, why = None, None
            doi = clean_doi(item["doi"]) if item.get("doi") else None
            if doi:
                ref = next((r for r in doc.references if r.doi and r.doi.lower() == doi.lower()), None)
                why = "DOI" if ref else None
            if ref is None and item.get("title"):
                key = _title_key(item["title"])
                best = max(doc.references, key=lambda r: fuzz.ratio(key, _title_key(r.title)), default=None)
                if best is not None and fuzz.ratio(key, _title_key(best.title)) >= 90:
                    ref, why = best, "title"
            if ref is None and names:
                link_citation(cit, doc.references)
                if cit.ref is not None:
                    why = "authors and year"
                    ref = next(r for r in doc.references if r.index == cit.ref)
            if ref is not None:
                cit.ref, cit.candidates, cit.link = ref.index, (ref.index,), f"field code: {why}"
                if "number" in ref.extra:
                    cit.number = int(ref.extra["number"])
                if printed and printed_year and printed_year != ref.year_label and ref.year:
                    cit.year = printed_year
                    cit.link += f"; year off: cited {printed_year}, listed {ref.year_label} (field text edited)"
            else:
                cit.link = "no entry"
            out.append(cit)
    return out


def masked_lines(text: DocxText) -> list[str]:
    """The lines with each field citation's visible text blanked (same length): read once, by its field."""
    lines = list(text.lines)
    for f in text.fields:
        if 0 <= f.line < len(lines):
            line = lines[f.line]
            lines[f.line] = line[:f.start] + " " * (f.end - f.start) + line[f.end:]
    return lines


def read_docx(path: str, doc_id: str, vocabulary=None, citations: bool = True) -> Document:
    """A Word manuscript as a Document: its list, its citations (fields linked exactly), line places."""
    from .citations import find_citations
    from .paper import read_paper

    text = extract(path)
    joined = "\n".join(text.lines)
    doc = read_paper(joined, path, doc_id, text.lines)  # finds the section, or a list without heading
    doc.kind, doc.has_text = "paper", True
    doc.places = text.places
    if citations:
        body_end = doc.reference_line - 1 if doc.reference_line else None
        masked = "\n".join(masked_lines(text))
        found = find_citations(masked, path, doc, body_end)
        fielded = link_fields(doc, [f for f in text.fields if body_end is None or f.line < body_end], path)
        doc.citations = sorted(found + fielded, key=lambda c: c.line)
        if vocabulary is not None:
            doc.mentions = vocabulary.find_mentions(joined, path, body_end)
    return doc


def read_docx_file(path: str, options=None) -> list[Document]:
    from . import doc_id

    return [read_docx(path, doc_id(path), getattr(options, "vocabulary", None), getattr(options, "citations", True))]


from .registry import Format  # noqa: E402

FORMAT = Format("docx", sniff, read_docx_file, "a Word manuscript (.docx): paragraphs, notes, Zotero/Mendeley/EndNote "
                "citation fields", (".docx",))
