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
from dataclasses import dataclass

from ..hyphens import dehyphenate

_LIGATURES = str.maketrans({"ﬀ": "ff", "ﬁ": "fi", "ﬂ": "fl", "ﬃ": "ffi", "ﬄ": "ffl", "ﬅ": "st", "ﬆ": "st"})
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
    spans: list[tuple[int, int]]
    italic: list[bool]


def clean(raw: str) -> tuple[str, list[bool] | None]:
    """Cleaned one-line text and, when it had italics, a per-character italic flag."""
    s = raw.translate(_LIGATURES)
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
        parts = _LINKS.split(s)
        s = "".join(p if k % 2 else dehyphenate(p) for k, p in enumerate(parts))
    if "*" not in s and "_" not in s:
        return s, None
    chars: list[str] = []
    flags: list[bool] = []
    pos = 0
    for m in _ITALIC.finditer(s):
        inner = m.group(2) or m.group(4)
        if "://" in inner or re.match(r"10\.\d", inner):
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
    words, spans, ital = [], [], []
    for m in _TOKEN.finditer(text):
        start = m.start()
        word = m.group()
        if ";" not in word and ":" not in word and "," not in word[:-1]:
            words.append(word)
            spans.append(m.span())
            ital.append(bool(flags and flags[start]))
            continue
        for w in split_word(word):
            words.append(w)
            spans.append((start, start + len(w)))
            ital.append(bool(flags and flags[start]))
            start += len(w)
    return Tokens(text, words, spans, ital)


def _tokenize_spaced(text: str) -> Tokens:
    """tokenize() of a cleaned text without italics whose tokens are separated by single spaces."""
    words: list[str] = []
    spans: list[tuple[int, int]] = []
    append_w, append_s = words.append, spans.append
    pos = 0
    for word in text.split(" "):
        end = pos + len(word)
        if ";" not in word and ":" not in word and "," not in word[:-1]:
            append_w(word)
            append_s((pos, end))
        else:
            start = pos
            for w in split_word(word):
                append_w(w)
                append_s((start, start + len(w)))
                start += len(w)
        pos = end + 1
    return Tokens(text, words, spans, [False] * len(words))
