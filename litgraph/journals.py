"""Journal titles compared as databases print them: full ("Journal of International
Business Studies"), ISO 4 ("J. Int. Bus. Stud.") or Web of Science's J9/JI forms
("J INT BUS STUD", "STRATEG MANAGE J", "P NATL ACAD SCI USA").

Abbreviations follow ISO 4's rules (the List of Title Word Abbreviations): words
are cut to a prefix ("INT" for International), sometimes with inner letters
dropped ("MGMT", "NATL"); articles, prepositions and conjunctions are left out;
a run of words may become its initials ("USA"). `same_journal` accepts exactly
those shapes, word by word, in order; it is evidence to use beside author, year
and volume or page, not alone.
"""
from __future__ import annotations

import re
from functools import lru_cache

from .names import strip_accents

# Words ISO 4 omits (and their forms in the languages journal titles come in).
_OMIT = frozenset("""a an the of on in and for to at by with from its
    de des du la le les et der die das und fur für del della di""".split())
_WORD = re.compile(r"[a-z0-9]+")


@lru_cache(maxsize=1 << 16)
def journal_words(title: str) -> tuple[str, ...]:
    """'Journal of International Business Studies' -> ('journal', 'international', 'business', 'studies')."""
    text = title if title.isascii() else strip_accents(title)
    return tuple(w for w in _WORD.findall(text.lower().replace("&", " ")) if w not in _OMIT)


def _word_abbreviates(short: str, word: str) -> bool:
    """'int' for 'international', 'mgmt' for 'management' (first letter kept, letters in order)."""
    if short == word or word.startswith(short):
        return True
    if len(short) < 3 or short[0] != word[0] or len(short) >= len(word):
        return False
    it = iter(word)
    return all(ch in it for ch in short)


def _abbreviates(short: tuple[str, ...], full: tuple[str, ...]) -> bool:
    i = j = 0
    while i < len(short) and j < len(full):
        s = short[i]
        if _word_abbreviates(s, full[j]):
            i, j = i + 1, j + 1
            continue
        # An acronym for a run of words: "usa" for "united states america".
        k = len(s)
        if k >= 2 and j + k <= len(full) and all(full[j + n][0] == s[n] for n in range(k)):
            i, j = i + 1, j + k
            continue
        return False
    return i == len(short) and j == len(full)


@lru_cache(maxsize=1 << 16)
def same_journal(a: str | None, b: str | None) -> bool:
    """Whether two printed journal titles name one journal (either may be abbreviated)."""
    if not a or not b:
        return False
    wa, wb = journal_words(a), journal_words(b)
    if not wa or not wb:
        return False
    return wa == wb or _abbreviates(wa, wb) or _abbreviates(wb, wa)
