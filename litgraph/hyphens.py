"""Hyphens from line breaks versus hyphens that belong: "interna-tionalization" vs "born-global".

Text taken from PDFs keeps the hyphen of a word broken at the end of a line.
A word list with frequencies decides: the two halves are joined when the whole
word is common English and more common than the rarer half ("manage-ment",
"advan-tage", "interna-tionalization"), and kept apart otherwise ("born-global",
"decision-making", "e-commerce", "Wiedersheim-Paul"). The list
(models/words-en.tsv.gz, 51,000 words derived from wordfreq, CC BY-SA 4.0) is
loaded only when a text has a hyphen to judge.
"""
from __future__ import annotations

import gzip
import re
from functools import lru_cache
from importlib import resources

_WORDS: dict[str, float] | None = None
# The look-behind starts a try only at a word's first letter: without it a long
# run of letters is rescanned from each of its characters (quadratic).
_BROKEN = re.compile(r"(?<![A-Za-zÀ-ÿ])([A-Za-zÀ-ÿ]+)-(\s*)([a-zà-ÿ]+)")


def _load() -> dict[str, float]:
    global _WORDS
    if _WORDS is None:
        data = (resources.files("litgraph") / "models" / "words-en.tsv.gz").read_bytes()
        words = {}
        for line in gzip.decompress(data).decode("utf-8").split("\n"):
            if line and not line.startswith("#"):
                w, z = line.split("\t")
                words[w] = float(z)
        _WORDS = words
    return _WORDS


def zipf(word: str) -> float:
    return _load().get(word.lower(), 0.0)


@lru_cache(maxsize=8192)
def should_join(left: str, right: str) -> bool:
    """Is 'left-right' one word broken by a line end?"""
    if not right or right[0].isupper():
        return False
    whole = zipf(left + right)
    return whole >= 2.5 and whole > min(zipf(left), zipf(right))


def dehyphenate(text: str, spaced_only: bool = False) -> str:
    """Undo line-break hyphens in `text`.

    "interna- tionalization" (a break joined with a space) becomes one word
    unless the halves are a real compound ("born- global" -> "born-global");
    "interna-tionalization" is joined only when the word list is sure.
    """
    if "-" not in text:
        return text

    def fix(m: re.Match) -> str:
        left, space, right = m.group(1), m.group(2), m.group(3)
        if space:
            if right in ("and", "or", "nor", "to", "und", "et", "dan"):
                return m.group(0)  # "pre- and post-test"
            return left + right if should_join(left, right) or not _is_word(right) else f"{left}-{right}"
        if spaced_only:
            return m.group(0)
        return left + right if should_join(left, right) else m.group(0)

    return _BROKEN.sub(fix, text)


def _is_word(fragment: str) -> bool:
    return zipf(fragment) >= 3.0
