"""From a printed reference to the token sequence the tagger sees.

Cleaning undoes what copying does to references: markdown links and escapes,
angle-bracketed URLs, ligatures from PDFs, HTML entities. Italics (markdown
`*...*` or `_..._`) are removed from the text but remembered per token, since
styles italicise the journal or the book title. Tokens are whitespace-separated
with punctuation attached (as in the AnyStyle training data), and keep their
offsets into the cleaned string so fields are cut from it verbatim.
"""
from __future__ import annotations

import html
import re
from bisect import bisect_right
from itertools import accumulate
from dataclasses import dataclass

from ..hyphens import dehyphenate

_LIGATURES = str.maketrans({"ﬀ": "ff", "ﬁ": "fi", "ﬂ": "fl", "ﬃ": "ffi", "ﬄ": "ffl", "ﬅ": "st", "ﬆ": "st"})
_LIGATURE = re.compile("[ﬀﬁﬂﬃﬄﬅﬆ]")
# Link text holds no bracket, so a run of unclosed "[" is scanned once, not once per "[".
_MD_LINK = re.compile(r"\[([^\[\]]*)\]\(((?:[^()\s]|\([^()\s]*\))*)\)")
# The address may hold a balanced "<...>" of its own (SICI DOIs: "...18:7<509::AID-SMJ882>3.0.CO;2-Z").
_ANGLE_URL = re.compile(r"<((?:https?|ftp)://(?:[^<>\s]|<[^<>\s]*>)+|www\.[^<>\s]+|doi:(?:[^<>\s]|<[^<>\s]*>)+)>", re.I)
_ESCAPE = re.compile(r"\\([_()\[\]*.&#~\\-])")
_WS = re.compile(r"\s+")
_TOKEN = re.compile(r"\S+")
# Italic runs: *text* or _text_ not inside words (so snake_case and 2*3 survive).
# A run holds no mark of its own kind and is at most 600 characters (a long book
# title), so an emphasis mark never closed costs a scan to the next mark, not
# one to the end of the entry.
_ITALIC = re.compile(
    r"(?<![\w*])(?:(\*{1,2})(?=\S)([^*]{1,600}?)(?<=\S)\1|(_{1,2})(?=\S)([^_]{1,600}?)(?<=\S)\3)(?![\w*])"
)


@dataclass(slots=True)
class Tokens:
    text: str  # the cleaned reference, one line
    words: list[str]
    starts: list[int]  # each word's offsets into text
    ends: list[int]
    italic: list[bool]

    @property
    def spans(self) -> list[tuple[int, int]]:
        """(start, end) of each word (built on demand: the parser needs only a few)."""
        return list(zip(self.starts, self.ends))


def clean(raw: str) -> tuple[str, list[bool] | None]:
    """Cleaned one-line text and, when it had italics, a per-character italic flag."""
    # (translate looks up every character: only where a ligature is)
    s = raw.translate(_LIGATURES) if not raw.isascii() and _LIGATURE.search(raw) else raw
    if "&" in s and ";" in s:
        s = html.unescape(s)
    # (Each pass only where its mark is present: most references have none.)
    # A markdown link keeps its target (for references, the link text repeats it).
    if "](" in s:
        s = _MD_LINK.sub(lambda m: m.group(2) or m.group(1), s)
    if "<" in s:
        s = _ANGLE_URL.sub(r"\1", s)
    if "\\" in s:
        s = _ESCAPE.sub(r"\1", s)
    if "\u00ad" in s:
        s = s.replace("\u00ad", "")  # soft hyphens from PDFs
    s = _WS.sub(" ", s).strip() if "  " in s or not s.isprintable() or s[:1] == " " or s[-1:] == " " else s
    if "-" in s and _HYPHEN_CANDIDATE.search(s):
        # Judge hyphens in the words only: URLs and DOIs keep theirs.
        low = s.lower()
        links = "://" in s or "www." in low or "doi:" in low or "10." in s
        parts = _LINKS.split(s) if links else [s]
        s = "".join(p if k % 2 else dehyphenate(p) for k, p in enumerate(parts))
    if "*" not in s and "_" not in s:
        return s, None
    chars: list[str] = []
    flags: list[bool] = []
    pos = 0
    for m in _ITALIC.finditer(s):
        inner = m.group(2) or m.group(4)
        if "://" in inner or _DOI_START.match(inner):
            continue  # underscores inside URLs and DOIs are not italics
        chars.extend(s[pos:m.start()])
        flags.extend([False] * (m.start() - pos))
        chars.extend(inner)
        flags.extend([True] * len(inner))
        pos = m.end()
    chars.extend(s[pos:])
    flags.extend([False] * (len(s) - pos))
    # Emphasis marks left unpaired (a '*Journal*,' broken by a line wrap) are noise.
    keep = [i for i, ch in enumerate(chars) if ch != "*" or _inside_word(chars, i)]
    text = "".join(chars[i] for i in keep)
    return text, [flags[i] for i in keep]


_DOI_START = re.compile(r"10\.\d")
_HYPHEN_CANDIDATE = re.compile(r"[A-Za-zÀ-ÿ]-\s?[a-zà-ÿ]")
# Anchored at the start of a whitespace token: tried once per token, not once per character.
_LINKS = re.compile(r"((?<!\S)\S*?(?:://|www\.|doi:|\b10\.\d{4,9}/)\S*)", re.I)


def _inside_word(chars: list[str], i: int) -> bool:
    return 0 < i < len(chars) - 1 and chars[i - 1].isalnum() and chars[i + 1].isalnum()


# Vancouver and AMA glue date, volume and pages: "1950;2(4682):739-48." is
# three tokens, as in the training data ("1950;" "2(4682):" "739-48.").
_GLUE = re.compile(r"(?<=[;:,])(?=[\w(\[])")


def split_word(word: str) -> list[str]:
    """Sub-tokens of a whitespace token (most tokens are one)."""
    if not _GLUE.search(word) or "://" in word or word[:4].lower() in ("doi:", "http") or word.startswith("10."):
        return [word]
    return [w for w in _GLUE.split(word) if w]


def tokenize(raw: str) -> Tokens:
    text, flags = clean(raw)
    if flags is None and text and text.isprintable() and "  " not in text and text[0] != " " and text[-1] != " ":
        # Most references: no italics, one ASCII space between tokens (printable
        # text holds no other white space), so the tokens are text.split(" ").
        return _tokenize_spaced(text)
    words, starts, ends, ital = [], [], [], []
    for m in _TOKEN.finditer(text):
        start = m.start()
        word = m.group()
        if ";" not in word and ":" not in word and "," not in word[:-1]:
            words.append(word)
            starts.append(start)
            ends.append(m.end())
            ital.append(bool(flags and flags[start]))
            continue
        for w in split_word(word):
            words.append(w)
            starts.append(start)
            ends.append(start + len(w))
            ital.append(bool(flags and flags[start]))
            start += len(w)
    return Tokens(text, words, starts, ends, ital)


def _tokenize_spaced(text: str) -> Tokens:
    """tokenize() of a cleaned text without italics whose tokens are separated by single spaces."""
    words = text.split(" ")
    lengths = list(map(len, words))
    starts = list(accumulate(map((1).__add__, lengths), initial=0))
    del starts[-1]
    ends = list(map(int.__add__, starts, lengths))
    # Only a word with a glue point (";", ":" or "," before a word character or
    # a bracket) may split: found by one scan of the text, not a test per word.
    # (Where every mark is followed by a space or ends the text, as in most
    # references, there is none: three counts of each, faster than the scan.)
    if (text.count(",") + text.count(";") + text.count(":") ==
            text.count(", ") + text.count("; ") + text.count(": ") + (text[-1:] in (",", ";", ":"))):
        return Tokens(text, words, starts, ends, [False] * len(words))
    glued = {bisect_right(starts, m.start()) - 1 for m in _GLUE_POINT.finditer(text)}
    for i in sorted(glued, reverse=True):
        parts = split_word(words[i])
        if len(parts) > 1:
            start = starts[i]
            cut = list(accumulate(map(len, parts), initial=start))
            words[i:i + 1] = parts
            starts[i:i + 1] = cut[:-1]
            ends[i:i + 1] = cut[1:]
    return Tokens(text, words, starts, ends, [False] * len(words))


_GLUE_POINT = re.compile(r"[;:,](?=[\w(\[])")
