"""A fast path for splitting plain BibTeX files, giving what bibtexparser's splitter gives.

bibtexparser v2's splitter walks every brace, quote, comma and newline in
Python (about 0.35 ms an entry here: 45 % of reading a large library). Most
files - what Zotero, JabRef, Google Scholar or a script write - are nothing
but entries of simple shape, and for those this module gets the same blocks
(entry type in lower case, key, raw field values with their braces, start
lines counted as bibtexparser counts them) from a few regular expressions run
in C. A file with anything else (an @string, @comment or @preamble, a `(`
entry, text between entries, a backslash before a brace or quote, braces
nested more than three deep, a quoted value holding braces or a backslash,
a repeated key or field, a line starting with `@` inside an entry) returns
None, and the caller uses bibtexparser for the whole file: the fast path never
decides anything bibtexparser would decide otherwise (tests/test_bibsplit.py
compares the two on every BibTeX file the tests and the shared data hold).
"""
from __future__ import annotations

import re

# A braced value, braces nested at most three deep; backslashes are excluded from
# the file before this runs wherever they would escape a delimiter.
# Possessive quantifiers throughout: a file that does not fit fails at once, never by backtracking.
_B1 = r"\{[^{}]*+\}"
_B2 = r"\{(?:[^{}]++|" + _B1 + r")*+\}"
_B3 = r"\{(?:[^{}]++|" + _B2 + r")*+\}"
_VALUE = r"(?:" + _B3 + r'|"[^"{}\\]*+"|[A-Za-z0-9_.:+/-]++)'
_NAME = r"[^\s=,{}\"@#%()\\]++"
_FIELD = r"\s*+(" + _NAME + r"(?:[^\S\n]++" + _NAME + r")*+)\s*+=\s*+(" + _VALUE + r")\s*+"
_ENTRY = re.compile(
    r"@(\w+)[ \t]*+\{([^{}\",=@#%()\n\\]*+),((?:" + _FIELD + r",)*+(?:" + _FIELD + r")?+)\s*+\}"
)
# (name, value) of each field; a value needs no strip (the pattern leaves space outside it).
_FIELD_RE = re.compile(_FIELD + r",?")
# Anything that makes the file bibtexparser's alone.
# A backslash before a brace or a newline hides it from bibtexparser's splitter; elsewhere
# (before a quote or comma inside braces, as in Ta{\\"\\i}x) it changes nothing there.
_UNSAFE = re.compile(r"\\[{}\n]")
_BLOCK_START = re.compile(r"@\w*[ \t]*[{(]")
_OTHER_BLOCKS = {"comment", "preamble", "string"}


class FastLibrary:
    """What read_bibtex uses of a bibtexparser Library: blocks and (no) strings."""

    def __init__(self, blocks: list):
        self.blocks = blocks
        self.strings: list = []


class PlainEntry:
    """An entry as bibtexparser's splitter gives it, made without its objects: the fields are
    (name, raw value) pairs, found by one regular expression; `fields` gives them as
    bibtexparser Fields (with their lines), for comparison with bibtexparser's splitter."""

    __slots__ = ("start_line", "entry_type", "key", "pairs", "raw", "_text", "_span", "body")

    def __init__(self, start_line: int, entry_type: str, key: str, pairs: list, raw: str, text: str,
                 span: tuple[int, int, int]):
        self.start_line, self.entry_type, self.key, self.pairs, self.raw = start_line, entry_type, key, pairs, raw
        self._text, self._span = text, span  # the file, and where the entry and its fields start and end
        self.body = text[span[1]:span[2]]  # the fields as printed

    @property
    def fields(self) -> list:
        from bibtexparser.model import Field

        text, (at, body, end) = self._text, self._span
        line = self.start_line + text.count("\n", at, body)
        pos = body
        out = []
        for fm in _FIELD_RE.finditer(text, body, end):
            eq = text.index("=", fm.start(1))
            line += text.count("\n", pos, eq)
            pos = eq
            out.append(Field(start_line=line, key=fm.group(1), value=fm.group(2)))
        return out


def split_fast(text: str) -> FastLibrary | None:
    """The entries of a plain BibTeX file, as bibtexparser's splitter would give them, or None."""
    if _UNSAFE.search(text):
        return None
    blocks = []
    keys: set[str] = set()
    pos, n = 0, len(text)
    line = 0  # newlines before `pos` (bibtexparser's 0-based start_line)
    entry_re, findall = _ENTRY, _FIELD_RE.findall
    count = text.count
    while True:
        start = _BLOCK_START.search(text, pos)
        at = start.start() if start else n
        if at > pos:
            comment = _implicit_comment(text, pos, at, line)
            if comment is not None:
                blocks.append(comment)
            line += count("\n", pos, at)
        if start is None:
            break
        m = entry_re.match(text, at)
        if m is None:
            return None  # no simple entry: bibtexparser decides
        etype = m.group(1).lower()
        key = m.group(2).strip()
        if etype in _OTHER_BLOCKS or key in keys or not key:
            return None
        span = m.group(0)
        if "\n" in span and _LINE_AT.search(span):
            return None  # bibtexparser would end the entry there
        keys.add(key)
        pairs = findall(text, m.start(3), m.end(3))
        if len(pairs) > 1 and len({name for name, _ in pairs}) < len(pairs):
            return None  # a repeated field: bibtexparser wraps the entry in a DuplicateFieldKeyBlock
        blocks.append(PlainEntry(line, etype, key, pairs, span, text, (at, m.start(3), m.end(3))))
        line += count("\n", at, m.end())
        pos = m.end()
    return FastLibrary(blocks)


_LINE_AT = re.compile(r"\n[ \t]*@")


def _implicit_comment(text: str, start: int, end: int, line: int):
    """Text between blocks, as bibtexparser keeps it: leading blank lines and trailing space gone."""
    region = text[start:end]
    stripped = region.lstrip()
    if not stripped:
        return None
    from bibtexparser.model import ImplicitComment

    lead = region[:len(region) - len(stripped)]
    comment = stripped.rstrip()
    return ImplicitComment(start_line=line + lead.count("\n"), raw=comment, comment=comment)
