"""BibTeX files via bibtexparser v2's splitter; strings, crossref, names and LaTeX here.

bibtexparser splits the file into blocks (entries, @string, comments, blocks
that do not parse) with raw field values; the rest is done here so that no
entry is lost to a value it dislikes:

- @string macros are expanded, with `#` concatenation and the month names;
  an undefined or looping macro is a warning;
- an entry without a key (Mendeley writes `@article{,`) or with a key used
  before is kept under a generated key, with a warning; a repeated field keeps
  its first value, with a warning;
- names are split while their braces still protect "{World Health
  Organization}" and "{van der Berg}"; a name bibtexparser calls invalid (a
  trailing comma, too many commas, an unbalanced brace) is read as well as it
  can be, with a warning, never dropping its entry;
- values are LaTeX-decoded by litgraph.latex (linear, no recursion); url,
  doi and the like are verbatim;
- a crossref child inherits missing fields from its parent; a missing or
  circular crossref is a warning.

Only a block that does not parse at all is lost: an error-severity finding
names its line, and one more says how many entries were read of how many, so
that the command line exits 2.
"""
from __future__ import annotations

import re
from functools import lru_cache

from .. import latex
from ..doi import clean_doi
from ..errors import InputError
from ..model import Author, Document, Finding, Reference

TYPE_MAP = {
    "article": "article",
    "book": "book", "mvbook": "book", "booklet": "book", "proceedings": "book", "collection": "book",
    "incollection": "chapter", "inbook": "chapter", "inproceedings": "chapter", "conference": "chapter",
    "phdthesis": "thesis", "mastersthesis": "thesis", "thesis": "thesis",
    "techreport": "report", "report": "report", "manual": "report",
    "online": "web", "www": "web", "electronic": "web",
}
# What a crossref child takes from its parent, and under which name.
_INHERIT = {"title": "booktitle", "booktitle": "booktitle", "editor": "editor", "publisher": "publisher",
            "address": "address", "year": "year", "date": "date", "volume": "volume", "series": "series",
            "organization": "organization", "isbn": "isbn"}


_MONTHS = {m: m.capitalize() for m in ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct",
                                       "nov", "dec")}
# Fields whose values are verbatim in BibTeX (no LaTeX: "~" and "%" are part of a URL).
_VERBATIM = {"url", "doi", "eprint", "file", "pdf", "isbn", "issn", "urldate", "crossref", "litgraph-reconstructed"}
_NAME_FIELDS = {"author", "editor"}
# "title = {...}," outside any entry: the fields of an entry an extra "}" closed early.
_STRAY_FIELD = re.compile(r"^\s*[A-Za-z][\w-]*\s*=\s*[{\"\d]", re.M)


def _split(text: str):
    from .bibsplit import split_fast

    fast = split_fast(text)  # the same blocks, for a file of plain entries, at C speed
    if fast is not None:
        return fast
    import logging

    import bibtexparser

    # bibtexparser logs each failed block; we report them ourselves, once, with lines.
    logging.getLogger("bibtexparser").setLevel(logging.CRITICAL)
    return bibtexparser.parse_string(text, parse_stack=[])


def read_bibtex(text: str, source: str, doc_id: str) -> Document:
    from bibtexparser.model import (DuplicateBlockKeyBlock, DuplicateFieldKeyBlock, Entry, ImplicitComment,
                                    ParsingFailedBlock)

    library = _split(text)
    doc = Document(source=source, id=doc_id, kind="bibtex")
    warn = _Warner(doc, source)
    macros = _Macros({s.key: (s.value, (s.start_line or 0) + 1) for s in library.strings}, warn)

    entries: list[tuple[Entry, dict]] = []
    keys: set[str] = set()
    seen = lost = 0
    value = macros.value
    for block in library.blocks:
        line = (block.start_line or 0) + 1
        pairs = getattr(block, "pairs", None)
        if pairs is not None:  # the fast splitter's entry: a key, and no key or field repeated as printed
            # A braced or quoted value is its inside (what _Macros.value gives); a bare word may be a macro.
            fields = {name.lower(): raw[1:-1] if raw[0] in '{"' else value(raw, line) for name, raw in pairs}
            low = block.key.lower()
            if len(fields) == len(pairs) and low not in keys:  # nor in other case: nothing to tell
                seen += 1
                keys.add(low)
                entries.append((block, fields))
                continue
            entry = block
        elif isinstance(block, (DuplicateBlockKeyBlock, DuplicateFieldKeyBlock)):
            entry = block.ignore_error_block
            if not isinstance(entry, Entry):
                if isinstance(block, DuplicateBlockKeyBlock):
                    continue  # a repeated @string: the later definition wins, as in BibTeX
                seen += 1
                lost += 1
                warn.error(line, "unreadable_entry", f"entry skipped: {_describe_failure(block)}")
                continue
        elif isinstance(block, ParsingFailedBlock):
            seen += 1
            lost += 1
            warn.error(line, "unreadable_entry", f"entry skipped: {_describe_failure(block)}")
            continue
        elif isinstance(block, Entry):
            entry = block
        else:
            if isinstance(block, ImplicitComment) and _STRAY_FIELD.search(block.comment or ""):
                warn(line, "stray_text", "text between entries looks like fields of an entry closed too early "
                                         f"(an extra '}}'?); it is not read: {_text(block.comment)[:60]}")
            continue
        seen += 1
        fields: dict[str, str] = {}
        repeated: dict[str, int] = {}
        for f in entry.fields:
            name = f.key.lower()
            if name in fields:
                repeated[name] = repeated.get(name, 1) + 1
                continue
            fields[name] = macros.value(f.value, line)
        for name, times in repeated.items():  # one warning a field, however often it repeats
            said = "twice" if times == 2 else f"{times} times"
            warn(line, "duplicate_field", f"entry '{entry.key}' has field '{name}' {said}: the first is kept")
        key = entry.key.strip()
        if not key or key.lower() in keys:
            new = _new_key(key, fields, keys)
            if key:
                warn(line, "duplicate_key", f"duplicate key '{key}': this entry is kept as '{new}'")
            else:
                warn(line, "empty_key", f"entry has no key: kept as '{new}'")
            key = new
        keys.add(key.lower())
        entries.append((entry, fields))
        entry.key = key

    if not entries and not lost:
        if "@" not in text:
            raise InputError(source, "holds no BibTeX entries (no '@type{key, ...}' found)")
        raise InputError(source, "holds no readable BibTeX entries", _first_at_line(text))
    crossrefs = any("crossref" in f for _, f in entries)  # few libraries have any: then no map to make
    by_key = {e.key.lower(): f for e, f in entries} if crossrefs else {}
    cyclic = _on_cycles(by_key) if crossrefs else set()
    for k, (entry, fields) in enumerate(entries, 1):
        parent_key = fields.get("crossref", "").strip() if crossrefs else ""
        if parent_key:
            line = (entry.start_line or 0) + 1
            parent = by_key.get(parent_key.lower())
            if parent is None:
                warn(line, "missing_crossref", f"entry '{entry.key}' refers to crossref '{parent_key}', "
                                               "which is not in the file")
            elif entry.key.lower() in cyclic:
                warn(line, "circular_crossref", f"entry '{entry.key}': crossref '{parent_key}' leads back to "
                                                "it (a loop); fields are taken from the parent once")
            if parent is not None:
                for pkey, ckey in _INHERIT.items():
                    if pkey in parent and ckey not in fields:
                        fields = {**fields, ckey: parent[pkey]}
        doc.references.append(_reference(entry, fields, source, k, warn))
    if lost:
        from .records import count_note

        doc.warnings.append(count_note(source, len(entries), seen, "entries"))
    return doc


class _Warner:
    """Findings of one file: warnings (nothing lost) and errors (input lost)."""

    def __init__(self, doc: Document, source: str):
        self.doc, self.source = doc, source

    def __call__(self, line, kind, message):
        self.doc.warnings.append(Finding(self.source, line, kind, "warning", message))

    def error(self, line, kind, message):
        self.doc.warnings.append(Finding(self.source, line, kind, "error", message))


class _Macros:
    """@string macros: expanded on demand, with `#` concatenation; loops are told, not followed."""

    def __init__(self, raw: dict[str, tuple[str, int]], warn: _Warner):
        self.raw = {k.lower(): v for k, v in raw.items()}
        self.done: dict[str, str] = {}
        self.active: list[str] = []
        self.warn = warn

    def value(self, expr: str, line: int | None) -> str:
        """The text of a raw field value: pieces joined, braces of the outer group gone."""
        if "#" not in expr and expr[:1] == "{" and expr[-1:] == "}":
            return expr[1:-1]  # one braced value, as most are (the splitters give it stripped): no macros
        return "".join(self._piece(p, line) for p in _pieces(expr))

    def _piece(self, piece: str, line) -> str:
        if piece[:1] == "{" and piece[-1:] == "}" or piece[:1] == '"' and piece[-1:] == '"' and len(piece) > 1:
            return piece[1:-1]
        word = piece.strip()
        if not word or word.isdigit():
            return word
        name = word.lower()
        if name in self.done:
            return self.done[name]
        if name in self.active:
            loop = " -> ".join(self.active[self.active.index(name):] + [name])
            self.warn(line, "string_loop", f"@string macros refer to each other in a loop ({loop}): read as empty")
            return ""
        if name in self.raw:
            expr, at = self.raw[name]
            self.active.append(name)
            try:
                text = self.value(expr, at)
            finally:
                self.active.pop()
            self.done[name] = text
            return text
        if name in _MONTHS:
            return _MONTHS[name]
        self.warn(line, "undefined_string", f"'{word}' is no @string macro defined in the file: kept as text")
        self.done[name] = word
        return word


def _pieces(expr: str) -> list[str]:
    """A raw value split at top-level '#': ['{A}', 'jibs', '"B"']."""
    if "#" not in expr:
        return [expr.strip()] if expr.strip() else []
    out, depth, quoted, start = [], 0, False, 0
    for i, ch in enumerate(expr):
        if ch == "{":
            depth += 1
        elif ch == "}":
            depth = max(0, depth - 1)
        elif ch == '"' and depth == 0:
            quoted = not quoted
        elif ch == "#" and depth == 0 and not quoted:
            out.append(expr[start:i].strip())
            start = i + 1
    out.append(expr[start:].strip())
    return [p for p in out if p]


def _new_key(key: str, fields: dict, keys: set[str]) -> str:
    """A key not yet used: 'dup-2' for a repeated key, 'smith2001' for an empty one."""
    if key:
        stem = key
    else:
        family = _first_family(fields.get("author", "") or fields.get("editor", ""))
        family = re.sub(r"[^a-z]", "", _ascii(family).lower())
        year = re.search(r"\d{4}", fields.get("year", "") or fields.get("date", ""))
        stem = f"{family or 'anon'}{year.group(0) if year else ''}"
        if stem.lower() not in keys:
            return stem
    n = 2
    while f"{stem}-{n}".lower() in keys:
        n += 1
    return f"{stem}-{n}"


def _ascii(text: str) -> str:
    import unicodedata

    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")


def _on_cycles(by_key: dict) -> set[str]:
    """Keys whose crossref chain comes back to them: one walk per chain, linear in the entries."""
    parent = {k: (f.get("crossref") or "").strip().lower() for k, f in by_key.items()}
    state: dict[str, int] = {}  # 1: on the walk being made, 2: done
    cyclic: set[str] = set()
    for start in parent:
        walk, k = [], start
        while k in parent and k not in state:
            state[k] = 1
            walk.append(k)
            k = parent[k]
        if state.get(k) == 1:  # came back to this walk: from k on, it is a loop
            cyclic.update(walk[walk.index(k):])
        for w in walk:
            state[w] = 2
    return cyclic


_YEAR = re.compile(r"(1[5-9]\d\d|20\d\d)([a-z])?")
_DASHES = re.compile(r"\s*[-\u2013\u2014]{1,3}\s*")


def _reference(entry, raw: dict, source: str, index: int, warn: _Warner) -> Reference:
    line = (entry.start_line or 0) + 1
    fields = _decoded(raw)
    get = fields.get
    ref = Reference(source=source, index=index, raw=entry.key, key=entry.key, line=line)
    ref.type = TYPE_MAP.get(entry.entry_type.lower(), "other")
    ref.authors = _names(raw.get("author"), warn, line, entry.key)
    if ref.authors and ref.authors[-1].family.lower() == "others":
        ref.authors.pop()
        ref.authors_truncated = True
    ref.editors = _names(raw.get("editor"), warn, line, entry.key)
    if not ref.authors and ref.editors and ref.type == "book":
        ref.authors = ref.editors
    year_text = get("year") or get("date")
    if year_text:
        m = _YEAR.search(year_text)
        if m:
            ref.year, ref.year_suffix = int(m.group(1)), m.group(2)
    ref.title = get("title")
    if ref.type == "article":
        ref.container = get("journal") or get("journaltitle")
    else:
        ref.container = get("booktitle") or get("journal") or get("journaltitle")
    ref.volume = get("volume")
    ref.issue = get("number") or get("issue")
    pages = get("pages")
    ref.pages = _DASHES.sub("\u2013", pages) if pages else None
    printed = get("doi")
    if printed:
        ref.doi = clean_doi(printed)
        if not ref.doi:
            ref.doi_printed = printed  # malformed as printed: kept for check to see, never linked
    ref.url = get("url")
    if ref.url and not ref.doi and not ref.doi_printed and "doi.org/" in ref.url.lower():
        ref.doi, ref.url = clean_doi(ref.url), None
    ref.publisher = get("publisher") or get("institution") or get("school") or get("organization")
    ref.location = get("address") or get("location")
    ref.edition = get("edition")
    ref.note = get("note") or get("annote")
    if ref.type == "other" and ref.url and not ref.container:
        ref.type = "web"
    if (raw.get("litgraph-reconstructed") or "").strip().lower() in ("yes", "true"):
        ref.reconstructed = True
    ref.extra = {k: v for k, v in fields.items() if k not in _KNOWN}
    return ref


_KNOWN = frozenset({"author", "editor", "year", "date", "title", "journal", "journaltitle", "booktitle", "volume",
                    "number", "issue", "pages", "doi", "url", "publisher", "institution", "school",
                    "organization", "address", "location", "edition", "note", "annote"})
# What makes a value need more than taking it as it is: LaTeX (latex.decode's test, and a
# backslash in a verbatim field), or white space to fold (any but single inner spaces).
_WORK = re.compile(r"[\\{}$~]|--|``|''|[?!]`|[^\S ]|  |^ | $")
_PLAIN_PAGES = re.compile(r"[A-Za-z0-9.]+(?: ?-{1,3} ?[A-Za-z0-9.]+)?")
_ESCAPE = re.compile(r"\\([&%$#_{}~])")


def _decoded(raw: dict) -> dict[str, str]:
    """The entry's field values as text (LaTeX decoded, white space folded; url, doi and the
    like verbatim), the empty ones left out; names are read from the raw values (_names)."""
    out = {}
    for name, value in raw.items():
        if name in _NAME_FIELDS:
            continue
        if _WORK.search(value):  # most values are plain text, taken as they are
            if name == "pages" and _PLAIN_PAGES.fullmatch(value):
                out[name] = value  # "55--80": its dashes are made one en dash by _reference, LaTeX or not
                continue
            if name not in _VERBATIM:
                value = latex.decode(value)
            elif "\\" in value:
                value = _ESCAPE.sub(r"\1", value)  # "10.1000/a\_b": an escape, not a backslash
            value = " ".join(value.split())
        if value:
            out[name] = value
    return out


def _names(value: str | None, warn: _Warner, line: int, key: str) -> list[Author]:
    """The people of an author or editor field: von joins the family name.

    Names are split while braces still protect them; a name bibtexparser calls
    invalid is read as well as it can be, with a warning, and never loses its entry."""
    if not value or not value.strip():
        return []
    out = []
    for person, (people, problem, one_of_two) in _parsed_people(value):
        if problem:
            warn(line, "bad_name", f"entry '{key}': name '{_text(person)}' is not a valid BibTeX name {problem}")
        elif one_of_two and " and " not in value:
            warn(line, "name_list", f"entry '{key}': '{_text(person)}' is read as one person (family name "
                                    f"before the comma); if it names two people, separate them with 'and'")
        out += [Author(*p) for p in people]
    return out


_AND = re.compile(r"[ \r\n\t]+[aA][nN][dD][ \r\n\t]+(?=[^ \r\n\t])")


def _people(value: str) -> list[str]:
    """The names of an author field, split at 'and' as bibtexparser splits them; a value
    without braces or backslashes (most are) by one regular expression in C."""
    if "{" in value or "}" in value or "\\" in value:
        from bibtexparser.middlewares.names import split_multiple_persons_names

        return split_multiple_persons_names(value)
    value = value.strip(" \r\n\t")
    return _AND.split(value) if value else []


@lru_cache(maxsize=1 << 16)
def _parsed_people(value: str) -> tuple:
    """(person, _person_names(person)) for each name of an author field: the same fields recur
    (a classic cited by a thousand papers), so each is split and parsed once."""
    return tuple((person, _person_names(person)) for person in _people(value))


@lru_cache(maxsize=1 << 16)
def _person_names(person: str) -> tuple[tuple, str | None, bool]:
    """((family, given, suffix) of each person, what was wrong, whether it may be two people): the
    same names recur across a library's entries, so each is parsed once."""
    parts, problem = _person(person)
    one_of_two = not problem and len(parts[0].last) > 1 and len(parts[0].first) > 1 and not parts[0].von \
        and all(len(w) > 2 and w[:1].isupper() and "." not in w for w in parts[0].first + parts[0].last)
    people = []
    for p in parts:
        family = _text(latex.decode(" ".join(p.von + p.last))) or ""
        suffix = _text(latex.decode(" ".join(p.jr))) if p.jr else None
        given = _text(latex.decode(" ".join(p.first)))
        if family:
            people.append((family, given, suffix))
        elif given:
            people.append((given,))
    return tuple(people), problem, one_of_two


def _person(person: str):
    """(NameParts of the people one BibTeX name stands for, what was wrong with it or None)."""
    from bibtexparser.middlewares.names import InvalidNameError, parse_single_name_into_parts

    parts = _inverted_name(person)
    if parts is not None:
        return [parts], None
    try:
        return [parse_single_name_into_parts(person)], None
    except InvalidNameError as exc:
        reason = str(getattr(exc, "reason", None) or exc).lower()
        pieces = [p.strip() for p in person.split(",") if p.strip()]
        if len(pieces) > 1 and all(len(p.split()) > 1 for p in pieces) and "{" not in person:
            # "Ryszard Michalski, Jaime Carbonell," - people listed with commas, not "and"
            parts = [parse_single_name_into_parts(p, strict=False) for p in pieces]
            return parts, f"({reason}): read as {len(parts)} people (separate names with 'and')"
        parts = [parse_single_name_into_parts(person, strict=False)]
        return parts, f"({reason}): read as '{_text(latex.decode(' '.join(parts[0].last))) or ''}'"


_NAME_SPACE = re.compile(r"[ ~\r\n\t]+")  # what separates the words of a name for bibtexparser


def _inverted_name(person: str):
    """bibtexparser's NameParts of "von Last, First" with no braces or backslashes (as most
    names are printed), without its character-by-character walk; None for any other shape."""
    if person.count(",") != 1 or "{" in person or "}" in person or "\\" in person:
        return None
    family, given = person.split(",")
    last = [w for w in _NAME_SPACE.split(family) if w]
    first = [w for w in _NAME_SPACE.split(given) if w]
    if not last or not first:
        return None  # bibtexparser's edge cases: an empty family, or a trailing comma (an error)
    from bibtexparser.middlewares.names import NameParts

    parts = NameParts()
    parts.first = first
    if len(last) > 1:
        # von: up to the last word (but the last) whose first letter is not upper case (as bibtexparser)
        lower = [k for k, w in enumerate(last[:-1]) if next((not c.isupper() for c in w if c.isalpha()), False)]
        if lower:
            parts.von, last = last[:lower[-1] + 1], last[lower[-1] + 1:]
    parts.last = last
    return parts


def _first_family(value: str) -> str:
    """The family name of the first person of an author field, for a generated key."""
    from bibtexparser.middlewares.names import split_multiple_persons_names

    people = split_multiple_persons_names(value) if value.strip() else []
    if not people:
        return ""
    last = _person(people[0])[0][0].last
    return latex.decode(last[-1]) if last else ""


def _text(value) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str):
        value = str(value)
    # Grouping braces are gone after LaTeX decoding; what braces remain are literal.
    value = " ".join(value.split())
    return value or None


def _describe_failure(block) -> str:
    """Why a block was lost, in a user's words: bibtexparser's reason, and the block's first line."""
    err = getattr(block, "error", None)
    reason = " ".join(str(getattr(err, "abort_reason", "") or err or "").split()).replace("`", "'")
    reason = reason.rstrip(". ")
    if not reason or reason == "BlockAbortedException()":
        reason = "cannot be parsed (an unclosed brace or quote?)"
    raw = (block.raw or "").strip().split("\n")[0][:60]
    return f"{reason} ({raw})" if raw else reason


def _first_at_line(text: str) -> int | None:
    idx = text.find("@")
    return text[:idx].count("\n") + 1 if idx >= 0 else None


# The format: a .bib file given as a source is a library, one record per entry
# (a paper's own bibliography comes in through its paper.toml instead).
_ENTRY_START = re.compile(r"^[ \t]*@[A-Za-z]+[ \t]*[{(]", re.M)


def _sniff(probe) -> float:
    hits = len(_ENTRY_START.findall(probe.text))
    if not hits:
        # Nothing else may claim it either: let the BibTeX reader say what is wrong.
        return 0.25 if probe.suffix == ".bib" else 0.0
    return 0.95 if probe.suffix in (".bib", ".bibtex", ".biblatex") or hits >= 3 else 0.6


def read_library(path: str, options=None) -> list[Document]:
    from ..textio import read_text
    from . import doc_id
    from .records import records_from_entries
    from .registry import encoding_warnings

    text = read_text(path)
    entries = read_bibtex(text.text, path, doc_id(path))
    entries.warnings = encoding_warnings(text) + entries.warnings
    return records_from_entries(entries)


from .registry import Format  # noqa: E402  (the registry imports this module lazily)

FORMAT = Format("bibtex", _sniff, read_library, "BibTeX or BibLaTeX library: one record per entry",
                (".bib", ".bibtex", ".biblatex"))
