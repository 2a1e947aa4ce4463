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
from ..model import Author, Document, Finding, Reference, reference_maker

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

    fast = split_fast(text, _ENTRIES)  # the same blocks, for a file of plain entries, at C speed
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

    from .bibsplit import PlainEntry

    library = _split(text)
    doc = Document(source=source, id=doc_id, kind="bibtex")
    warn = _Warner(doc, source)
    macros = _Macros({s.key: (s.value, (s.start_line or 0) + 1) for s in library.strings}, warn)

    # (entry, its fields as printed, its _Shape where known already)
    entries: list[tuple[Entry, dict, _Shape | None]] = []
    keys: set[str] = set()
    seen = lost = 0
    value = macros.value
    known = _ENTRIES
    for block in library.blocks:
        if block.__class__ is PlainEntry:  # the fast splitter's: a key, and no key or field repeated as printed
            low = block.key.lower()
            same = known.get(block.body)  # an entry printed so before, in this file or another
            if same is not None and same[0] == block.entry_type and low not in keys:
                seen += 1
                keys.add(low)
                entries.append((block, same[1], same[2]))
                continue
            line = block.start_line + 1
            pairs = block.pairs
            # A braced or quoted value is its inside (what _Macros.value gives); a bare word may be a macro.
            fields = {name.lower(): raw[1:-1] if raw[0] in '{"' else value(raw, line) for name, raw in pairs}
            if len(fields) == len(pairs) and low not in keys:  # nor in other case: nothing to tell
                seen += 1
                keys.add(low)
                shape = None
                # Its reading depends on nothing but its text (no macro, no parent): kept for the next.
                if "crossref" not in fields and all(raw[0] in '{"' or raw.isdigit() for _, raw in pairs):
                    shape = _shape(block.entry_type, fields)
                    if len(known) >= _ENTRIES_KEPT:
                        known.clear()
                    known[block.body] = (block.entry_type, fields, shape)
                entries.append((block, fields, shape))
                continue
            entry = block
        else:
            line = (block.start_line or 0) + 1
            if isinstance(block, (DuplicateBlockKeyBlock, DuplicateFieldKeyBlock)):
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
        entries.append((entry, fields, None))
        entry.key = key

    if not entries and not lost:
        if "@" not in text:
            raise InputError(source, "holds no BibTeX entries (no '@type{key, ...}' found)")
        raise InputError(source, "holds no readable BibTeX entries", _first_at_line(text))
    crossrefs = any("crossref" in f for _, f, _ in entries)  # few libraries have any: then no map to make
    by_key = {e.key.lower(): f for e, f, _ in entries} if crossrefs else {}
    cyclic = _on_cycles(by_key) if crossrefs else set()
    for k, (entry, fields, shape) in enumerate(entries, 1):
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
        doc.references.append(_reference(entry, fields, source, k, warn, shape))
    if lost:
        from .records import count_note

        doc.warnings.append(count_note(source, len(entries), seen, "entries"))
    return doc


# Entries read before, by fields as printed: (type, fields, _Shape). A corpus of papers cites
# the same classics, often printed alike (one export style, one reference manager); each is
# read once (and split into its fields once: bibsplit.split_fast). Forgotten all at once past
# _ENTRIES_KEPT (about 1 KB each).
_ENTRIES: dict[str, tuple[str, dict, "_Shape"]] = {}
_ENTRIES_KEPT = 1 << 15


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


class _Memo(dict):
    """A pure function's results by argument (a dict lookup in C when seen before), all forgotten
    at once when it grows past `size`: a large library repeats its journals, years, page ranges,
    names and classics verbatim (100,000 entries of a corpus hold 150,000 distinct values in
    660,000), and the results are immutable (strings, tuples), so one may serve many entries."""

    def __init__(self, fn, size: int = 1 << 17):
        super().__init__()
        self.fn, self.size = fn, size

    def __missing__(self, key):
        if len(self) >= self.size:
            self.clear()
        value = self[key] = self.fn(key)
        return value


def _reference(entry, raw: dict, source: str, index: int, warn: _Warner, shape: _Shape | None = None) -> Reference:
    """The entry as a Reference: what its type and fields make (`shape`, when already known for
    an entry printed the same way), with its own key, line and new objects."""
    if shape is None:
        shape = _shape(entry.entry_type, raw)
    line = (entry.start_line or 0) + 1
    key = entry.key
    for kind, person, problem in shape.problems:
        if kind == "bad_name":
            warn(line, kind, f"entry '{key}': name '{_text(person)}' is not a valid BibTeX name {problem}")
        else:
            warn(line, kind, f"entry '{key}': '{_text(person)}' is read as one person (family name "
                             f"before the comma); if it names two people, separate them with 'and'")
    # New Authors, lists and dicts for each entry: callers may change theirs.
    editors = [Author(*p) for p in shape.editors] if shape.editors else []
    authors = editors if shape.editors_as_authors else [Author(*p) for p in shape.authors]
    return _make_reference(shape, source, index, key, key, line, authors, editors, dict(shape.extra))


class _Shape:
    """What an entry's type and fields make of a Reference, whoever's entry it is (no key, line
    or file): immutable values only, so that one serves every entry printed the same way."""

    __slots__ = ("type", "authors", "editors", "problems", "authors_truncated", "editors_as_authors", "year",
                 "year_suffix", "title", "container", "volume", "issue", "pages", "doi", "doi_printed", "url",
                 "publisher", "location", "edition", "note", "reconstructed", "extra")


# make(shape, source, index, raw, key, line, authors, editors, extra): the Reference of an entry, the
# other fields from its _Shape (model.reference_maker: by position, half the cost of naming them).
_make_reference = reference_maker(("source", "index", "raw", "key", "line", "authors", "editors", "extra"),
                                  from_obj=_Shape.__slots__)


def _shape(entry_type: str, raw: dict) -> _Shape:
    fields = _decoded(raw)
    get = fields.get
    s = _Shape()
    s.type = TYPE_MAP.get(entry_type.lower(), "other")
    author, editor = raw.get("author"), raw.get("editor")
    authors, problems = _PEOPLE[author] if author else ((), ())
    s.authors_truncated = bool(authors) and authors[-1][0].lower() == "others"
    if s.authors_truncated:
        authors = authors[:-1]
    s.authors = authors
    s.editors, more = _PEOPLE[editor] if editor else ((), ())
    s.problems = problems + more
    s.editors_as_authors = not authors and bool(s.editors) and s.type == "book"
    year_text = get("year") or get("date")
    s.year, s.year_suffix = _YEARS[year_text] if year_text else (None, None)
    s.title = get("title")
    if s.type == "article":
        s.container = get("journal") or get("journaltitle")
    else:
        s.container = get("booktitle") or get("journal") or get("journaltitle")
    s.volume = get("volume")
    s.issue = get("number") or get("issue")
    pages = get("pages")
    s.pages = _PAGES[pages] if pages else None
    printed = get("doi")
    s.doi = _DOIS[printed] if printed else None
    s.doi_printed = printed if printed and not s.doi else None  # malformed as printed: for check, never linked
    s.url = get("url")
    if s.url and not s.doi and not s.doi_printed and "doi.org/" in s.url.lower():
        s.doi, s.url = clean_doi(s.url), None
    s.publisher = get("publisher") or get("institution") or get("school") or get("organization")
    s.location = get("address") or get("location")
    s.edition = get("edition")
    s.note = get("note") or get("annote")
    if s.type == "other" and s.url and not s.container:
        s.type = "web"
    s.reconstructed = (raw.get("litgraph-reconstructed") or "").strip().lower() in ("yes", "true")
    s.extra = tuple((k, v) for k, v in fields.items() if k not in _KNOWN)
    return s


def _year(text: str) -> tuple[int | None, str | None]:
    m = _YEAR.search(text)
    return (int(m.group(1)), m.group(2)) if m else (None, None)


_YEARS = _Memo(_year)
_PAGES = _Memo(lambda pages: _DASHES.sub("\u2013", pages))  # "55--80": one en dash
# A DOI as most are printed ("10.1057/s41267-019-00245-y"): clean_doi would give it lower-cased.
# (A digit in the suffix: no landing-page ending such as "/full" or "/pdf" for clean_doi to cut.)
_PLAIN_DOI = re.compile(r"10\.\d{4,9}/(?=[^/]*\d)[A-Za-z0-9._-]*[A-Za-z0-9]")


def _doi(printed: str) -> str | None:
    return printed.lower() if _PLAIN_DOI.fullmatch(printed) else clean_doi(printed)


_DOIS = _Memo(_doi)


_KNOWN = frozenset({"author", "editor", "year", "date", "title", "journal", "journaltitle", "booktitle", "volume",
                    "number", "issue", "pages", "doi", "url", "publisher", "institution", "school",
                    "organization", "address", "location", "edition", "note", "annote"})
# What makes a value need more than taking it as it is: LaTeX (latex.decode's test, and a
# backslash in a verbatim field), or white space to fold (any but single inner spaces).
_WORK = re.compile(r"[\\{}$~]|--|``|''|[?!]`|[^\S ]|  |^ | $")
# Every match of _WORK holds one of _TRIGGER's characters (_OTHER_SPACES: the white space
# str.isspace knows, which is what \s means to re, but the space; a test checks), or two
# spaces, or a space at an end. A value without them needs no _WORK search: one class of
# characters is searched 4x faster than _WORK's alternatives (most titles of a million
# references are new to the memo, so each is searched).
_OTHER_SPACES = "\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f\x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000"
_TRIGGER = re.compile("[" + re.escape("\\{}$~`'-") + _OTHER_SPACES + "]")
_PLAIN_PAGES = re.compile(r"[A-Za-z0-9.]+(?: ?-{1,3} ?[A-Za-z0-9.]+)?")
_ESCAPE = re.compile(r"\\([&%$#_{}~])")


def _needs_work(value: str) -> bool:
    """_WORK.search(value), found sooner for a value with none of _TRIGGER's characters."""
    if _TRIGGER.search(value) is None and "  " not in value and value[:1] != " " and value[-1:] != " ":
        return False
    return _WORK.search(value) is not None


def _decode_text(value: str) -> str:
    if _needs_work(value):  # most values are plain text, taken as they are
        value = " ".join(latex.decode(value).split())
    return value


def _decode_verbatim(value: str) -> str:
    if _needs_work(value):
        if "\\" in value:
            value = _ESCAPE.sub(r"\1", value)  # "10.1000/a\_b": an escape, not a backslash
        value = " ".join(value.split())
    return value


def _decode_pages(value: str) -> str:
    if _needs_work(value) and not _PLAIN_PAGES.fullmatch(value):
        # ("55--80": its dashes are made one en dash by _reference, LaTeX or not)
        value = " ".join(latex.decode(value).split())
    return value


_TEXTS = _Memo(_decode_text)
# How each field's values are decoded (a field not named here: as text); names are read
# from the raw values (_names), so they have none.
_DECODERS = {**{name: _Memo(_decode_verbatim) for name in _VERBATIM}, "pages": _Memo(_decode_pages),
             **{name: None for name in _NAME_FIELDS}}


def _decoded(raw: dict) -> dict[str, str]:
    """The entry's field values as text (LaTeX decoded, white space folded; url, doi and the
    like verbatim), the empty ones left out; names are read from the raw values (_names)."""
    out = {}
    decoders = _DECODERS
    for name, value in raw.items():
        memo = decoders.get(name, _TEXTS)
        if memo is not None:
            value = memo[value]
            if value:
                out[name] = value
    return out


def _people_of(value: str) -> tuple[tuple, tuple]:
    """(the (family, given, suffix) of each person, (warning kind, name, problem) of each name
    to warn about) of an author field. Names are split while braces still protect them; a name
    bibtexparser calls invalid is read as well as it can be, with a warning, and never loses
    its entry."""
    if (_PLAIN_PEOPLE if "-" in value or "`" in value or "'" in value else _PLAIN_PEOPLE_BARE).fullmatch(value):
        # "Family, G. and Family, G. H.", as most are printed: what the way below makes of it
        # (no LaTeX, one word a family, no problem to tell), without splitting it word by word.
        people = []
        for person in value.split(" and "):
            family, given = person.split(",")
            people.append((family, given[1:] if given[0] == " " else given, None))
        return tuple(people), ()
    return _people_of_any(value)


def _people_of_any(value: str) -> tuple[tuple, tuple]:
    """_people_of for any author field."""
    if not value.strip():
        return (), ()
    people, problems = [], []
    for person in _people(value):
        parsed, problem, one_of_two = _person_names(person)
        if problem:
            problems.append(("bad_name", person, problem))
        elif one_of_two and " and " not in value:
            problems.append(("name_list", person, None))
        people += parsed
    return tuple(people), tuple(problems)


# A word of a name with nothing to decode; a given name's word may not be "and" (that and the
# single spaces make " and " the only place _AND splits the field).
_NAME_WORD = r"[^\s,~{}\\$]+"
_GIVEN_WORD = r"(?![aA][nN][dD](?![^\s,~{}\\$]))" + _NAME_WORD
_PLAIN_PERSON = _NAME_WORD + ", ?" + _GIVEN_WORD + "(?: " + _GIVEN_WORD + ")*"
_PLAIN_PEOPLE = re.compile(r"(?!.*(?:--|``|''|[?!]`))" + _PLAIN_PERSON + "(?: and " + _PLAIN_PERSON + ")*")
# The same without its look-ahead, for a value none of whose characters it looks for.
_PLAIN_PEOPLE_BARE = re.compile(_PLAIN_PERSON + "(?: and " + _PLAIN_PERSON + ")*")
_PEOPLE = _Memo(_people_of, 1 << 16)


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
def _person_names(person: str) -> tuple[tuple, str | None, bool]:
    """((family, given, suffix) of each person, what was wrong, whether it may be two people): the
    same names recur across a library's entries, so each is parsed once."""
    plain = _plain_person_names(person)
    if plain is not None:
        return plain
    if "=" in person:
        extended = _extended_name(person)
        if extended is not None:
            return extended
    return _parsed_person_names(person)


# biblatex's extended name format, as Better BibLaTeX writes names with particles:
# "family=Heuvel, given=Charles, prefix=van den, useprefix=false" (a value may be braced).
_NAME_PART = re.compile(r"\s*([a-z-]+)\s*=\s*(\{(?:[^{}]|\{[^{}]*\})*\}|[^,]*)\s*(?:,|$)", re.I)
_NAME_KEYS = {"family", "given", "prefix", "suffix", "useprefix", "juniorcomma", "sortingnamekeytemplate",
              "family-i", "given-i", "prefix-i", "suffix-i", "id", "hash", "uniquename", "gender"}


def _extended_name(person: str) -> tuple[tuple, None, bool] | None:
    """((family, given, suffix),) of a name in biblatex's key=value form; None for any other."""
    parts: dict[str, str] = {}
    pos = 0
    text = person.strip()
    while pos < len(text):
        m = _NAME_PART.match(text, pos)
        if not m or m.end() == pos or m.group(1).lower() not in _NAME_KEYS:
            return None
        value = m.group(2).strip()
        if value.startswith("{") and value.endswith("}"):
            value = value[1:-1]
        parts[m.group(1).lower()] = _text(latex.decode(value)) or ""
        pos = m.end()
    if not parts.get("family") and not parts.get("given"):
        return None
    family = " ".join(p for p in (parts.get("prefix"), parts.get("family")) if p)
    given, suffix = parts.get("given") or None, parts.get("suffix") or None
    if not family:
        return ((given,),), None, False
    return ((family, given, suffix),), None, False


def _parsed_person_names(person: str) -> tuple[tuple, str | None, bool]:
    """_person_names through bibtexparser's parts of the name (or ours, _inverted_name)."""
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


def _plain_person_names(person: str) -> tuple[tuple, None, bool] | None:
    """What _person_names gives for "von Last, First" with nothing for LaTeX to decode (as most
    names are printed), made directly (the words _inverted_name finds, no NameParts, no decoding);
    None for any other shape."""
    if person.count(",") != 1 or latex.needs_decoding(person):  # (braces and backslashes among it)
        return None
    family, given = person.split(",")
    last = [w for w in _NAME_SPACE.split(family) if w]
    first = [w for w in _NAME_SPACE.split(given) if w]
    if not last or not first:
        return None
    von: list[str] = []
    if len(last) > 1:
        lower = [k for k, w in enumerate(last[:-1]) if next((not c.isupper() for c in w if c.isalpha()), False)]
        if lower:
            von, last = last[:lower[-1] + 1], last[lower[-1] + 1:]
    one_of_two = len(last) > 1 and len(first) > 1 and not von \
        and all(len(w) > 2 and w[:1].isupper() and "." not in w for w in first + last)
    family_name = _text(" ".join(von + last))
    given_name = _text(" ".join(first))
    if family_name:
        return ((family_name, given_name, None),), None, one_of_two
    return ((given_name,),) if given_name else (), None, one_of_two


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
