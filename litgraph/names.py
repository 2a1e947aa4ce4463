"""Author lists as printed in references, split into family and given names.

Handles the forms real lists mix, often within one entry: inverted
("Johanson, J."), given-first ("Vlada Živanović", "S. E. Han"), Vancouver
("Pérez-Higueras JJ"), mononyms ("Ratnawati"), particles ("van der Berg",
"de la Macorra"), corporate authors ("World Health Organization") and lists cut
short with "et al.", "..." or "& ...".
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache

from .model import Author

PARTICLES = frozenset(
    "van von de der den del della di da dos das du la le ten ter zu bin binti al el dela 't ’t".split()
)
_CORPORATE_WORDS = frozenset(
    """organization organisation association institute institut ministry department
    directorate bank agency council commission committee society university bureau
    office group center centre foundation federation government programme program
    union nations statistics statistik board authority corporation company inc ltd
    network consortium secretariat service services team project collaboration
    initiative forum alliance kementerian badan pusat dinas lembaga""".split()
)
# An initial: "J.", "J", "JJ" (Vancouver), "C.-L.", "-J.", "Th.", "Ch." (a lower-case
# letter only before a period, so the surname "Li" is not an initial).
# Capitals of the Latin, Greek and Cyrillic scripts (initials and all-caps surnames).
_UP = "A-ZÀ-ÖØ-ÞĀ-ſΑ-ΩА-ЯЁ"
_INITIAL = re.compile(rf"^-?(?:[{_UP}](?:[a-zа-я]?\.)?-?)+$")
_INITIALS_ONLY = re.compile(rf"^(?:[{_UP}]\.?[\s-]*){{1,4}}$")
# (The look-ahead names the characters a match can start with: a test per
# character instead of a try of every alternative, which the lists' many
# characters made the costliest part of splitting them.)
_ET_AL = re.compile(
    r"(?=[\s,，、&.…eEuUиИ等他ほ외])(?:,?\s*\bet\.?\s*al\b\.?|,?\s*&\s*(?:\.\.\.|…)|,?\s*(?:\.\.\.|…)|,?\s*\bu\.\s*a\b\.?"
    # Russian "и др.", Chinese "等", Japanese "他"/"ほか", Korean "외" closing a list.
    r"|,?\s*(?<!\w)и\s+др\.?|[,，、]?\s*(?:等|他|ほか|외)\.?\s*$)",
    re.I,
)
# Name suffixes: part of neither the family nor the given name.
_SUFFIX = re.compile(r"^(?:Jr|Sr|Jnr|Snr|II|III|IV)\.?$")
_ROMAN_SUFFIX = frozenset(("II", "III", "IV"))
_SUFFIX_ENDS = frozenset(".rIV")  # the last characters _SUFFIX allows
# Han ideographs and Hangul syllables: CJK names print family name first, often unspaced.
_CJK = re.compile(r"[\u3400-\u9fff\uac00-\ud7af\u3040-\u30ff]")
_KANA = re.compile(r"[\u3040-\u30ff]")
_COMPOUND_FAMILY = frozenset(("欧阳", "司马", "诸葛", "上官", "东方", "皇甫", "尉迟", "公孙", "慕容", "令狐",
                              "남궁", "황보", "제갈", "선우", "독고"))
_EDITOR_MARK = re.compile(
    r"\(\s*(?:eds?|editors?|hrsg|hg|coord|dir|comps?)\.?\s*\)|,?\s+\b(?:eds?|editors?|hrsg)\.?(?=\s*[,;:]?\s*$)",
    re.I,
)
# "and" in several languages; lower-case only for the short ones, since "Y." and
# "Et" are initials and names too.
_AND = re.compile(r"(?=[\s,&Aauyeи])\s*(?:,\s*)?(?:&|\b[Aa]nd\b|\bAND\b|\bund\b|\by\b|\bet\b(?!\s*al)|(?<!\w)и(?!\w))\s*")
_SPACES = re.compile(r"\s+")


@dataclass(slots=True)
class NameList:
    authors: list[Author] = field(default_factory=list)
    truncated: bool = False


def is_initials(part: str) -> bool:
    """'J.', 'J. E.', 'C.-L.', 'JJ', 'S.Y.', 'M. . E.'"""
    words = [w for w in part.split() if w != "."]
    if not words or len(part.replace(" ", "")) > 12:
        return False
    for w in words:
        # A dotless run of 4+ capitals is an all-caps surname ("SMITH"), not initials.
        if (len(w) > 3 and "." not in w) or not _INITIAL.match(w):
            return False
    return True


def tidy_given(given: str) -> str | None:
    """Trim a given-name string, dropping stray lone dots ('M. . E.' -> 'M. E.')."""
    # (str.split() splits at the white space \s+ matches, and leaves no empty words)
    text = " ".join([w for w in given.strip(" ,;").split() if w != "." and w != "-"])
    return text or None


def _is_cap_word(w: str) -> bool:
    w = w.strip("()[]\"'“”‘’")
    return bool(w) and (w[0].isupper() or w.lower() in PARTICLES or w[0] in "'’")


def looks_corporate(words: list[str]) -> bool:
    if len(words) == 1:
        return words[0].lower().strip(".,()") in _CORPORATE_WORDS  # (the rules below need several words)
    low = [w.lower().strip(".,()") for w in words]
    if not _CORPORATE_WORDS.isdisjoint(low):
        return True
    n = len(words)
    # "Directorate SMIs", "OECD", "BPS-Statistics Indonesia": acronyms of 3+ capitals.
    for w in words:
        if len(w) >= 3 and w.isupper() and w.isalpha():
            return not _LINK_WORDS.isdisjoint(low) or n >= 3
    return n >= 3 and not _ARTICLE_WORDS.isdisjoint(low)


_LINK_WORDS = frozenset(("of", "for", "and", "the"))
_ARTICLE_WORDS = frozenset(("of", "for", "the"))


def _split_given_first(words: list[str]) -> Author:
    """'Vlada Živanović' -> Živanović, Vlada; 'Ludwig van Beethoven' -> van Beethoven."""
    if len(words) == 1:
        return Author(words[0], None)
    # The family name starts at the first particle that follows a given name.
    start = len(words) - 1
    while start - 1 > 0 and words[start - 1].lower() in PARTICLES:
        start -= 1
    return Author(" ".join(words[start:]), tidy_given(" ".join(words[:start])))


@lru_cache(maxsize=65536)  # (the same initials, "J.", "M. A.", recur in every list)
def _classify(part: str) -> str:
    """INIT (initials only), FAM_INIT (Vancouver 'Arias A'), INIT_FAM ('S. E. Han'),
    WORDS (capitalised words: a family name, given names or a given-first name),
    CORP, or EMPTY."""
    words = part.split()
    if not words:
        return "EMPTY"
    if _CJK.search(part):
        return "CJK"
    if looks_corporate(words):
        return "CORP"  # "PRISMA Group", "CONSORT Group" before the all-caps name rules
    if (len(words) == 2 and len(words[0]) >= 2 and len(words[0]) >= len(words[1]) and len(words[1]) <= 3
            and words[0].isupper() and words[1].isupper() and "." not in part and words[0].isalpha()):
        # "SMITH JA", "LEE J": Vancouver in capitals, family name first.
        return "FAM_INIT"
    if (len(words) == 2 and len(words[0]) >= 2 and words[0].isupper() and words[0].isalpha()
            and words[1][:1].isupper() and words[1][1:].islower() and len(words[1]) > 1):
        # "ZHANG Wei" (GB/T 7714 romanised): the family name in capitals, first.
        return "CAPS_FAM"
    if is_initials(part):
        return "INIT"
    last = words[-1]
    if len(words) >= 2 and _INITIALS_ONLY.match(last) and not _INITIALS_ONLY.match(words[0]):
        # 'Arias A', 'de la Macorra JC', 'Heidegger M.' — but not 'Ismail J. Ismail'.
        k = len(words) - 1
        while k > 0 and _INITIALS_ONLY.match(words[k - 1]):
            k -= 1
        if k > 0 and not any(_INITIALS_ONLY.match(w) for w in words[:k]):
            return "FAM_INIT"
    if _INITIALS_ONLY.match(words[0]) and len(words) >= 2:
        return "INIT_FAM"
    return "WORDS"


def _fam_init(words: list[str]) -> Author:
    k = len(words)
    while k > 1 and _INITIALS_ONLY.match(words[k - 1]):
        k -= 1
    return Author(" ".join(words[:k]), tidy_given(" ".join(words[k:])))


def _cjk_author(part: str) -> Author:
    """'山田 太郎', '王小明', '김철수': family name first; unspaced, the first character
    (two for a compound surname, or for a four-character Han name)."""
    words = part.split()
    if len(words) >= 2:
        return Author(words[0], " ".join(words[1:]))
    name = words[0]
    if _KANA.search(name) or len(name) > 4 or len(name) < 2:
        return Author(name, None)  # where a Japanese name splits cannot be told from the text
    k = 2 if name[:2] in _COMPOUND_FAMILY or (len(name) == 4 and not re.search("[\uac00-\ud7af]", name)) else 1
    return Author(name[:k], name[k:] or None)


def _split_suffix(part: str) -> tuple[str, str | None]:
    """'M. L. King Jr.' -> ('M. L. King', 'Jr.'); 'Jr.' alone -> ('', 'Jr.')."""
    if part[-1:] not in _SUFFIX_ENDS:
        return part, None  # (most parts: no suffix can end so)
    words = part.split()
    if words and _SUFFIX.match(words[-1]):
        last = words[-1]
        # "III" closes a name only after given names ("King ML III", "M. L. King III"):
        # "Petrov IV" is a Vancouver surname with initials.
        if len(words) == 1 or last.rstrip(".") not in _ROMAN_SUFFIX or len(words) >= 3:
            return " ".join(words[:-1]), last
    return part, None


def _parse_chunk(chunk: str, inverted_style: bool, first_chunk: bool = False) -> list[Author]:
    """One chunk between 'and' separators: may still hold several comma-separated names."""
    parts, suffixes = [], []
    for p in chunk.split(","):
        core, sfx = _split_suffix(p.strip())
        parts.append(core)
        suffixes.append(sfx)
    # A lone '.' where the given names should be ('Sudarmiatin, .') means: none printed.
    kinds = [_classify(p) if p.strip(" .") else "EMPTY" for p in parts]
    out: list[Author] = []
    standalone = None  # _standalone_list(parts), once per chunk when needed: per part it is quadratic
    i = 0
    last_i, last_n = 0, 0
    while i < len(parts):
        if len(out) > last_n:
            # The author just made takes the suffix printed in the parts it came from.
            sfx = next((x for x in suffixes[last_i:i] if x), None)
            if sfx and not out[-1].suffix:
                out[-1].suffix = sfx
        last_i, last_n = i, len(out)
        part, kind = parts[i], kinds[i]
        nxt = kinds[i + 1] if i + 1 < len(parts) else None
        if kind == "EMPTY":
            if suffixes[i] and out and not out[-1].suffix:
                out[-1].suffix = suffixes[i]  # "King, M. L., Jr."
            i += 1
            last_i = i
            continue
        if kind == "CJK":
            out.append(_cjk_author(part))
        elif kind == "CAPS_FAM":
            fam, given = part.split()
            out.append(Author(fam, given))
        elif kind == "CORP":
            out.append(Author(part.strip(" ."), None))
        elif kind == "FAM_INIT":
            out.append(_fam_init(part.split()))
        elif kind == "INIT_FAM":
            out.append(_split_given_first(part.split()))
        elif kind == "INIT":
            # Initials with no family name before them: attach to the previous author
            # when it lacks a given name, else keep as a (poor) family name.
            if out and out[-1].given is None:
                out[-1].given = tidy_given(part)
            else:
                out.append(Author(part.strip(), None))
        else:  # WORDS
            words = part.split()
            if nxt == "INIT":
                out.append(Author(part.strip(), tidy_given(parts[i + 1])))
                i += 2
                continue
            # MLA and Chicago invert the first author only, with full given names:
            # "Baron, Reuben M., and ...", "Mankiw, N. Gregory", "van der Aalst, Wil M. P."
            core = [w for w in words if w.lower() not in PARTICLES]
            given_next = (nxt == "FAM_INIT" and len(core) <= 2 and len(parts[i + 1].split()) <= 3) or (
                nxt == "INIT_FAM" and len(core) == 1 and len(parts[i + 1].split()) == 2)
            if first_chunk and i == 0 and inverted_style and given_next:
                out.append(Author(part.strip(), tidy_given(parts[i + 1])))
                i += 2
                continue
            if nxt == "EMPTY" and i + 1 < len(parts) and parts[i + 1].strip() == ".":
                out.append(Author(part.strip(), None))
                i += 2
                continue
            # "Schnell, Irmtraud": an inverted name with a full given name. Later in a
            # list a two-word part is a given-first name ("Sahra Gibbon"), not a surname.
            if (
                nxt == "WORDS"
                and inverted_style
                and (len(core) == 1 or (i == 0 and len(core) == 2))
                and _given_like(parts[i + 1])
                and (len(parts) == 2 or not (standalone if standalone is not None
                                             else (standalone := _standalone_list(parts))))
            ):
                out.append(Author(part.strip(), tidy_given(parts[i + 1])))
                i += 2
                continue
            if len(words) == 1:
                out.append(Author(words[0], None))
            else:
                out.append(_split_given_first(words))
        i += 1
    if len(out) > last_n:
        sfx = next((x for x in suffixes[last_i:] if x), None)
        if sfx and not out[-1].suffix:
            out[-1].suffix = sfx
    return out


def _given_like(part: str) -> bool:
    """'Irmtraud', 'Nicholson B.', 'Dewi Diah': one to three given names or initials."""
    words = part.split()
    return 1 <= len(words) <= 3 and all(_is_cap_word(w) for w in words)


def _standalone_list(parts: list[str]) -> bool:
    """True when comma-separated parts are whole names each ('A B, C D, E F')."""
    multi = sum(1 for p in parts if len(p.split()) >= 2)
    return len(parts) >= 3 and multi >= len(parts) - 1
_BY_MARK = re.compile(r"^(?:in:?|by|edited by|ed\. by|hrsg\. v\.)\s+", re.I)
_ENDS_INITIAL = re.compile(rf"(?:^|[\s.,-])(?:[{_UP}][a-zа-я]?|Jr|Sr|Jnr|Snr)\.$")
_SEMI = re.compile(r"\s*;\s*")
_INVERTED = re.compile(r"^[^,]+,\s*(?:[A-ZÀ-Þ]\.|[A-ZÀ-Þ][a-zà-ÿ]+\b)")


def parse_names(text: str) -> NameList:
    """Split a printed author list into Authors; flag lists cut short.

    Each call returns new Author objects (the parse is cached as plain tuples),
    so a caller may change the authors it got without touching anyone else's."""
    names, truncated = _parse_names(text)
    return NameList([Author(family, given, suffix) for family, given, suffix in names], truncated)


@lru_cache(maxsize=65536)
def _parse_names(text: str) -> tuple[tuple[tuple[str, str | None, str | None], ...], bool]:
    s = unicodedata.normalize("NFC", text).strip()
    # CJK lists separate names with full-width commas and enumeration marks.
    s = s.replace("，", ", ").replace("、", ", ").replace("；", "; ")
    if _may_mark_editors(s):
        s = _EDITOR_MARK.sub("", s)
    s = _BY_MARK.sub("", s)
    truncated = False
    if _may_be_cut(s) and _ET_AL.search(s):
        truncated = True
        s = _ET_AL.sub("", s)
    s = s.strip(" ,;:").rstrip(" &,")
    # A final period closes the list ("Ratnawati.") unless it ends an initial ("M.").
    # (A match is at most five characters, at the end: searched for only there.)
    if s.endswith(".") and not _ENDS_INITIAL.search(s, max(0, len(s) - 6)):
        s = s[:-1].rstrip(" ,")
    if not s:
        return (), truncated
    # Separate authors joined by "&"/"and" (Harvard, APA) and by ";" (some styles).
    joined = _and_to_semicolons(s) if _may_join(s) else s
    chunks = [c for c in (_SEMI.split(joined) if ";" in joined else (joined,)) if c.strip(" ,.")]
    inverted_style = bool(_INVERTED.search(s))
    authors: list[Author] = []
    for k, chunk in enumerate(chunks):
        authors.extend(_parse_chunk(chunk.strip(" ,"), inverted_style, k == 0))
    return tuple((family, a.given, a.suffix) for a in authors if (family := a.family.strip(" .,;:"))), truncated


# _ET_AL and _AND try several alternatives at every character of a list; these
# tests of the letters each alternative needs (all of _ET_AL's, case-folded as
# its re.I does) pass over most lists, which hold none of them.
def _may_be_cut(s: str) -> bool:
    low = s.lower()
    return (("et" in low and "al" in low) or "..." in s or "…" in s or "u." in low or "и" in low
            or "等" in s or "他" in s or "ほか" in s or "외" in s)


def _may_mark_editors(s: str) -> bool:
    """False where _EDITOR_MARK cannot match: an ASCII list without any of the
    words it looks for. (Outside ASCII its case folding, "ſ" for "s", decides.)"""
    if not s.isascii():
        return True
    low = s.lower()
    return "ed" in low or "hrsg" in low or "hg" in low or "coord" in low or "dir" in low or "comp" in low


def _may_join(s: str) -> bool:
    return ("&" in s or "nd" in s or "AND" in s or "et" in s or "и" in s
            or ("y" in s and _LONE_Y.search(s) is not None))


def _and_to_semicolons(s: str) -> str:
    """_AND.sub(";", s), found from the "and" word outward: _AND's leading
    white space and comma are tried at every space of the list, the word itself
    only where a word starts. A match is the word, the white space after it, and
    before it the longest run of white space, one comma, white space, that does
    not reach into the previous match (as the left-to-right scan of sub finds)."""
    out = []
    pos = 0
    for m in _AND_WORD.finditer(s):
        start = m.start()
        while start > pos and s[start - 1].isspace():
            start -= 1
        if start > pos and s[start - 1] == ",":
            start -= 1
            while start > pos and s[start - 1].isspace():
                start -= 1
        end = m.end()
        while end < len(s) and s[end].isspace():
            end += 1
        out.append(s[pos:start])
        out.append(";")
        pos = end
    if not out:
        return s
    out.append(s[pos:])
    return "".join(out)


_AND_WORD = re.compile(r"(?=[&Aauyeи])(?:&|\b[Aa]nd\b|\bAND\b|\bund\b|\by\b|\bet\b(?!\s*al)|(?<!\w)и(?!\w))")
_LONE_Y = re.compile(r"y(?<!\wy)(?!\w)")  # _AND's "\by\b", with "y" first so the search skips to each y


def strip_accents(text: str) -> str:
    """'Živanović' -> 'Zivanovic'; case and punctuation untouched."""
    return "".join(ch for ch in unicodedata.normalize("NFKD", text) if not unicodedata.combining(ch))


def fold(text: str) -> str:
    """Case- and accent-free form for comparing names: 'Živanović' -> 'zivanovic'."""
    stripped = strip_accents(text).lower()
    return re.sub(r"[^a-z0-9]", "", stripped.replace("ø", "o").replace("ł", "l").replace("ß", "ss"))
