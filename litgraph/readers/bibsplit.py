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
from collections.abc import Container

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
    """An entry as bibtexparser's splitter gives it, made without its objects: `body` is its
    fields as printed, `pairs` the (name, raw value) of each, found by one regular expression
    (when first asked, for a body split before); `fields` gives them as bibtexparser Fields
    (with their lines), for comparison with bibtexparser's splitter."""

    __slots__ = ("start_line", "entry_type", "key", "body", "_pairs", "_text", "_span")

    def __init__(self, start_line: int, entry_type: str, key: str, body: str, pairs: list | None, text: str,
                 span: tuple[int, int, int]):
        self.start_line, self.entry_type, self.key, self.body, self._pairs = start_line, entry_type, key, body, pairs
        self._text, self._span = text, span  # the file, and where the entry and its fields start and end

    @property
    def pairs(self) -> list[tuple[str, str]]:
        if self._pairs is None:
            self._pairs = _FIELD_RE.findall(self.body)
        return self._pairs

    @property
    def raw(self) -> str:
        at, _, end = self._span
        return self._text[at:self._text.index("}", end) + 1]

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


def split_fast(text: str, known: Container[str] = ()) -> FastLibrary | None:
    """The entries of a plain BibTeX file, as bibtexparser's splitter would give them, or None.

    known: bodies (fields as printed) split before and found to hold no field twice; an entry
    printed so is not split into its fields here (its `pairs` are found if asked for)."""
    if _UNSAFE.search(text):
        return None
    blocks = []
    keys: set[str] = set()
    pos = 0  # where the last entry ended
    last = line = 0  # where the last entry started, and the newlines before it (bibtexparser's start_line)
    count, findall, line_at = text.count, _FIELD_RE.findall, _LINE_AT.search
    # Each entry where the next one matches; what lies between two (white space, as a rule) may
    # hold no block start, for there the loop of bibtexparser's splitter would have stopped.
    for m in _ENTRY.finditer(text):
        at, end = m.span()
        if at > pos:
            gap = text[pos:at]
            if not gap.isspace():
                if _BLOCK_START.search(gap):
                    return None  # no simple entry: bibtexparser decides
                comment = _implicit_comment(text, pos, at, line + count("\n", last, pos))
                if comment is not None:
                    blocks.append(comment)
        line += count("\n", last, at)
        last = at
        etype, key = m.group(1, 2)
        etype, key = etype.lower(), key.strip()
        if etype in _OTHER_BLOCKS or key in keys or not key:
            return None
        if line_at(text, at, end):
            return None  # bibtexparser would end the entry at a line starting with '@'
        keys.add(key)
        start, stop = m.span(3)
        body = text[start:stop]
        if body in known:
            pairs = None
        else:
            pairs = findall(text, start, stop)
            if len(pairs) > 1 and len(dict(pairs)) < len(pairs):
                return None  # a repeated field: bibtexparser wraps the entry in a DuplicateFieldKeyBlock
        blocks.append(PlainEntry(line, etype, key, body, pairs, text, (at, start, stop)))
        pos = end
    if pos < len(text):
        gap = text[pos:]
        if not gap.isspace():
            if _BLOCK_START.search(gap):
                return None
            comment = _implicit_comment(text, pos, len(text), line + count("\n", last, pos))
            if comment is not None:
                blocks.append(comment)
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
