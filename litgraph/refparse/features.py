"""Features for the reference tagger: what a token is, where it stands, what surrounds it.

Speed matters (the parser must handle thousands of references a second), so
everything that depends on the token alone is computed once per distinct
token string and cached, including the prefixed copies used as context for
neighbours; per sequence only a handful of positional features are added.
"""
from __future__ import annotations

import re
from functools import lru_cache

_YEAR = re.compile(r"^[(\[]?(1[5-9]\d\d|20\d\d)(?:[a-z]|/\d{2,4})?[)\]]?[.,;:]*$")
_HAS_YEAR = re.compile(r"(?<!\d)(1[6-9]\d\d|20[0-3]\d)(?!\d)")
_PAGES = re.compile(r"^\(?(?:pp?\.|s\.)?\d+[a-z]?\s*[-–—]+\s*\d+[a-z]?\)?[.,;:]*$", re.I)
_VOLISS = re.compile(r"^\d+\s*\(\s*[\w/–-]+\s*\)")
_INITIAL = re.compile(r"^-?[A-ZÀ-Þ]\.(?:-?[A-ZÀ-Þ]\.)*,?$")
_CAPS_INITS = re.compile(r"^[A-ZÀ-Þ]{1,3},?$")
_URL = re.compile(r"(?:https?://|www\.|ftp://)", re.I)
_DOI = re.compile(r"(?:^|[/:])10\.\d{3,9}/|^doi", re.I)
_ISBN = re.compile(r"^(?:isbn|97[89]-?\d)", re.I)
_ORDINAL = re.compile(r"^\d+(?:st|nd|rd|th|e|er|\.)$", re.I)
_LEAD = re.compile(r"\W*")
_DIGIT = re.compile(r"\d")

MONTHS = frozenset(
    """jan feb mar apr may jun jul aug sep sept oct nov dec january february march april
    june july august september october november december januari februari maret mei juni
    juli agustus oktober desember janvier février mars avril juin juillet août septembre
    octobre décembre januar februar märz mai oktober dezember spring summer autumn fall
    winter""".split()
)
# Words that mark a segment as a journal, a publisher or a place: a small lexicon
# for words the training data holds too rarely (the tagger learns the rest).
JOURNAL_WORDS = frozenset(
    """journal jurnal review proceedings proc studies research quarterly annals bulletin
    transactions trans letters magazine science sciences economics management
    international conference symposium workshop j rev int acta archives zeitschrift revue
    revista rivista bulletin series newsletter forum perspectives advances""".split()
)
PUBLISHER_WORDS = frozenset(
    """press university publishers publisher publishing publications verlag books springer
    elsevier wiley routledge sage oxford cambridge academic inc ltd co llc gmbh
    mcgraw-hill pearson palgrave macmillan emerald taylor francis blackwell penerbit
    prentice norton harcourt""".split()
)
ABBREVIATIONS = frozenset(
    "vol vols no nos pp p ed eds edn trans dept univ co inc ltd st jr sr dr ch repr rev "
    "hrsg hg bd nr jg s vs et al eds. comp".split()
)
# Words journal and proceedings titles abbreviate (ISO 4 style: "Bell Syst. Tech.
# J.", "Proc. IEEE Int. Conf. Comput. Vis."): a period after them ends no sentence.
TITLE_ABBREVIATIONS = frozenset(
    """acad account acoust adm adv aer agric am amer anal ann annu anthropol appl approx arch archit artif
    assoc astron astrophys atmos automat behav biochem biol biomed bull bus cell chem chim clin cogn
    commun comput conf congr consult contemp curr cybern dev dig dis ecol econ educ electr electron eng
    engl ent entrep environ epidemiol ergon eur evol exp fac fed financ found gen genet geogr geol geophys
    gov hist hosp hum immunol ind inf inform inst instrum int intell interdiscip invest j jpn lab lang
    lett libr ling manag manuf mar mark mater math mech med mem meteorol methodol microbiol min mol
    mon nat natl netw neurosci nucl nutr obstet oncol oper opt organ orient pac pathol pediatr pharm
    philos photogr phys physiol plann polit pract proc prog psychiatr psychol publ q quant radiol rec
    reg rehabil rep res resour rev rural sci semin ser serv soc sociol softw sol spec stat stud surg
    surv sustain symp syst technol telecommun theor ther transp trop urban vet vis zool""".split()
)
_CONTEXT_KEEP = frozenset(
    ("year", "initial", "pages", "digit", "cap", "lower", "open(", "close)", "openq",
     "closeq", "allcap", "url", "doi", "journalw", "pubw", "month", "in", "and")
)


def strip_edges(token: str) -> str:
    """The token without leading and trailing non-word characters.

    Not a regex `\\W+$`: that one is retried from every character of a long
    punctuation run and costs time quadratic in the token's length."""
    start = _LEAD.match(token).end()
    end = len(token)
    while end > start and not (token[end - 1].isalnum() or token[end - 1] == "_"):
        end -= 1
    return token[start:end]


_DLEN = tuple("dlen=%d" % k for k in range(6))
_LEN = tuple("len=%d" % k for k in range(10))


@lru_cache(maxsize=262144)
def token_features(t: str) -> tuple[str, ...]:
    """Everything about a token that does not depend on its neighbours."""
    return describe(t)[0]


def describe(t: str) -> tuple[tuple[str, ...], int]:
    """token_features(t) and marks(t) together, computed (not cached): the batch
    tagger caches its own per token."""
    # Three tokens in four of a list are a word, bare or with one comma, period,
    # colon or semicolon after it: most of the tests below cannot hold for them.
    core = t[:-1] if t[-1] in ",.:;" else t
    if core.isalpha():
        return _describe_word(t, core)
    return _describe_any(t)


def _describe_any(t: str) -> tuple[tuple[str, ...], int]:
    """describe(t) of any token."""
    bits = ((("(" in t or "[" in t) and _T_OPEN) | ((")" in t or "]" in t) and _T_CLOSE)
            | (is_break(t) and _T_BREAK))
    # (Most tokens are words with nothing to strip: two character tests, not a regex.)
    a, z = t[0], t[-1]
    s = t if (a.isalnum() or a == "_") and (z.isalnum() or z == "_") else strip_edges(t)
    low = s.lower()
    f = ["w=" + low[:24]]
    if not s:
        f.append("punct")
    else:
        c = s[0]
        if c.isupper():
            f.append("cap")
            if s.isupper() and len(s) > 1:
                f.append("allcap")
        elif s.islower():
            f.append("lower")
        if s.isdigit():
            f.append("digit")
            f.append(_DLEN[min(len(s), 5)])
        elif not s.isalpha() and any(map(str.isdigit, s)):  # (a letter is never a digit)
            f.append("hasdigit")
        f.append(_LEN[min(len(s), 9)])
        f.append("suf=" + low[-3:])
        f.append("pre=" + low[:3])
    last = t[-1]
    f.append("last=" + (last if not last.isalnum() else "a"))
    first = t[0]
    f.append("first=" + (first if not first.isalnum() else "A" if first.isupper() else "a" if first.isalpha() else "0"))
    # (Each pattern only where the characters it needs are present: most tokens
    # are words, and this runs once per distinct token of a list.)
    if _DIGIT.search(t):
        if _YEAR.match(t):
            f.append("year")
            bits |= _T_YEAR
        elif _HAS_YEAR.search(t):
            f.append("hasyear")
        if _PAGES.match(t):
            f.append("pages")
        if _VOLISS.match(t):
            f.append("voliss")
    if "." in t and _INITIAL.match(t):
        f.append("initial")
    elif len(t) <= 4 and _CAPS_INITS.match(t):
        f.append("capsinit")
    if low in MONTHS:
        f.append("month")
    if ("://" in t or "ww" in t.lower()) and _URL.search(t):
        f.append("url")
    elif ("10." in t or t[:1] in "dD") and _DOI.search(t):
        f.append("doi")
    if s[:1] in "iIİı9" and _ISBN.match(s):
        f.append("isbn")
    if s[:1].isdigit() and _ORDINAL.match(s):
        f.append("ordinal")
    if low in JOURNAL_WORDS:
        f.append("journalw")
        bits |= _T_JOURNAL
    if t.endswith(".") and low in TITLE_ABBREVIATIONS:
        f.append("abbrev")
    if low in PUBLISHER_WORDS:
        f.append("pubw")
        bits |= _T_PUB
    if low in ("in", "in:"):
        f.append("in")
    if low in ("and", "&", "und", "et", "y"):
        f.append("and")
    if first == "(" or first == "[":
        f.append("open(")
    if ")" in t[-3:] or "]" in t[-3:]:
        f.append("close)")
    if first in "\"“‘«„'":
        f.append("openq")
        bits |= _T_OPENQ
    if t.rstrip(".,;:")[-1:] in "\"”’»'":
        f.append("closeq")
        bits |= _T_CLOSEQ
    return tuple(f), bits


def _describe_word(t: str, s: str) -> tuple[tuple[str, ...], int]:
    """describe(t) of a word `s` (letters only) with at most one of ",.:;" after it
    (`t`), the same features in the same order. What cannot hold for such a token
    is left out: it has no digit (so no year, pages, volume, ordinal), nothing to
    strip at its start and nothing but that mark at its end (the stripped token is
    `s`), no bracket or quote, no "://" or "10."."""
    low = s.lower()
    f = ["w=" + low[:24]]
    if s[0].isupper():
        f.append("cap")
        if len(s) > 1 and s.isupper():
            f.append("allcap")
        first = "first=A"
    else:
        if s.islower():
            f.append("lower")
        first = "first=a"
    f.append(_LEN[min(len(s), 9)])
    f.append("suf=" + low[-3:])
    f.append("pre=" + low[:3])
    mark = t[-1] if len(t) > len(s) else ""
    f.append("last=" + mark if mark else "last=a")
    f.append(first)
    if mark == ".":
        bits = _T_BREAK if is_break(t) else 0
        if _INITIAL.match(t):
            f.append("initial")
        elif len(t) <= 4 and _CAPS_INITS.match(t):
            f.append("capsinit")
    else:
        bits = _T_BREAK if mark == ":" else 0  # (is_break: a colon after anything but digits)
        if len(t) <= 4 and _CAPS_INITS.match(t):
            f.append("capsinit")
    if low in MONTHS:
        f.append("month")
    if "ww" in low and _URL.search(t):
        f.append("url")
    elif t[0] in "dD" and _DOI.search(t):
        f.append("doi")
    if s[0] in "iIİı" and _ISBN.match(s):
        f.append("isbn")
    if low in JOURNAL_WORDS:
        f.append("journalw")
        bits |= _T_JOURNAL
    if mark == "." and low in TITLE_ABBREVIATIONS:
        f.append("abbrev")
    if low in PUBLISHER_WORDS:
        f.append("pubw")
        bits |= _T_PUB
    if low == "in":
        f.append("in")
    if low in ("and", "und", "et", "y"):
        f.append("and")
    return tuple(f), bits


@lru_cache(maxsize=262144)
def context_features(t: str, offset: int) -> tuple[str, ...]:
    """The features of `t` a neighbour at `offset` sees, prefixed with the offset."""
    base = token_features(t)
    keep = [base[0]]
    keep.extend(x for x in base[1:] if x in _CONTEXT_KEEP or x.startswith("last="))
    return tuple(f"{offset}:{x}" for x in keep)


@lru_cache(maxsize=262144)
def _views(t: str) -> tuple:
    """A token's own features and its four context views, in one cached lookup."""
    return (token_features(t), context_features(t, -2), context_features(t, -1),
            context_features(t, 1), context_features(t, 2), marks(t))


@lru_cache(maxsize=262144)
def marks(t: str) -> int:
    """What the positional pass needs to know of a token, as bits: does it end a
    segment, is it a year, an opening or closing quote or bracket, a journal or
    publisher word."""
    own = token_features(t)
    return (("year" in own and _T_YEAR) | ("openq" in own and _T_OPENQ) | ("closeq" in own and _T_CLOSEQ)
            | ("journalw" in own and _T_JOURNAL) | ("pubw" in own and _T_PUB)
            | (("(" in t or "[" in t) and _T_OPEN) | ((")" in t or "]" in t) and _T_CLOSE)
            | (is_break(t) and _T_BREAK))


@lru_cache(maxsize=262144)
def is_break(t: str) -> bool:
    """Does this token end a sentence-like segment of the reference?"""
    last = t[-1]
    if last in "?!":
        return True
    if last == ":" and not t[:-1].isdigit():
        return True
    if last != ".":
        return False
    core = t.rstrip(".").lstrip("(\"'“[")
    if len(core) <= 1 or _INITIAL.match(t) or _CAPS_INITS.match(core):
        return False
    low = core.lower()
    return low not in ABBREVIATIONS and low not in TITLE_ABBREVIATIONS


def sequence_features(words: list[str], italic: list[bool] | None = None) -> list[list[str]]:
    """Features of every token of one reference, for the tagger: the token's own,
    where it stands (positional_features) and what its neighbours are."""
    n = len(words)
    views = [_views(t) for t in words]
    out = []
    for i, pos in enumerate(positional_features(words, italic, [v[5] for v in views])):
        f = list(views[i][0])
        f += pos
        if i:
            f += views[i - 1][2]
            if i > 1:
                f += views[i - 2][1]
        if i + 1 < n:
            f += views[i + 1][3]
            if i + 2 < n:
                f += views[i + 2][4]
        out.append(f)
    return out


def positional_features(words: list[str], italic: list[bool] | None, tmarks: list[int]) -> list[tuple[str, ...]]:
    """Per token, the features that depend on where it stands in the reference
    (position, segment, after the year, inside quotes or brackets, italics,
    start and end), without the token's own and its neighbours'. `tmarks`: each
    token's marks()."""
    return [decode_position(c) for c in positional_codes(words, italic, tmarks)]


# Positional features packed in an int (cheap to compute, hash and cache):
# bits 0-3 the tenth of the reference, 4-6 the segment, then one bit per flag.
_FLAGS = ("segstart", "segJ", "segP", "segY", "afteryear", "inquote", "afterquote", "inparen",
          "italic", "italic_start", "roman", "before_italic", "after_italic", "BOS", "EOS")
(_SEGSTART, _SEGJ, _SEGP, _SEGY, _AFTERYEAR, _INQUOTE, _AFTERQUOTE, _INPAREN,
 _ITAL, _ITAL_START, _ROMAN, _BEFORE_ITAL, _AFTER_ITAL, _BOS, _EOS) = (1 << (7 + k) for k in range(len(_FLAGS)))
# Token marks (see marks()).
_T_YEAR, _T_OPENQ, _T_CLOSEQ, _T_JOURNAL, _T_PUB, _T_OPEN, _T_CLOSE, _T_BREAK = (1 << k for k in range(8))


@lru_cache(maxsize=65536)
def decode_position(code: int) -> tuple[str, ...]:
    seg = (code >> 4) & 7
    return (_POS[code & 15], _SEG[seg]) + tuple(name for k, name in enumerate(_FLAGS) if code & (1 << (7 + k)))


def positional_codes(words: list[str], italic: list[bool] | None, tmarks: list[int]) -> list[int]:
    """positional_features, each token's packed in an int (see _FLAGS)."""
    n = len(words)
    # Segments: stretches between sentence-like breaks ("Title.", "Journal:"),
    # and which of them hold a journal word, a publisher word, a year.
    segs = []
    seg = 0
    seg_tags: dict[int, int] = {}
    for tf in tmarks:
        segs.append(seg)
        if tf & (_T_JOURNAL | _T_PUB | _T_YEAR):
            seg_tags[seg] = seg_tags.get(seg, 0) | (_SEGJ if tf & _T_JOURNAL else 0) | (
                _SEGP if tf & _T_PUB else 0) | (_SEGY if tf & _T_YEAR else 0)
        if tf & _T_BREAK:
            seg += 1
    has_italic = bool(italic) and any(italic)
    out = []
    state = 0  # afteryear, inquote, afterquote, inparen
    prev_seg = -1
    for i in range(n):
        s = segs[i]
        c = (10 * i // n) | ((s if s < 7 else 7) << 4) | seg_tags.get(s, 0) | (
            state if not state & _INQUOTE else state & ~_AFTERQUOTE)
        if s != prev_seg:
            c |= _SEGSTART
            prev_seg = s
        if has_italic:
            # Styles italicise the journal or the book title: in a reference with
            # emphasis, each token tells which of the two it can be.
            if italic[i]:
                c |= _ITAL
                if i and not italic[i - 1]:
                    c |= _ITAL_START
            else:
                c |= _ROMAN
                if i + 1 < n and italic[i + 1]:
                    c |= _BEFORE_ITAL
                if i and italic[i - 1]:
                    c |= _AFTER_ITAL
        if i == 0:
            c |= _BOS
        if i == n - 1:
            c |= _EOS
        out.append(c)
        tf = tmarks[i] & ~_T_BREAK
        if tf:
            if tf & _T_YEAR:
                state |= _AFTERYEAR
            if tf & _T_OPENQ:
                state |= _INQUOTE
            if tf & _T_CLOSEQ and state & _INQUOTE:
                # A quoted title has ended: what follows is the container or later.
                state = (state & ~_INQUOTE) | _AFTERQUOTE
            if tf & _T_OPEN:
                state = (state | _INPAREN) if not tf & _T_CLOSE else (state & ~_INPAREN)
            elif tf & _T_CLOSE:
                state &= ~_INPAREN
    return out


_POS = tuple("pos=%d" % k for k in range(11))
_SEG = tuple("seg=%d" % k for k in range(8))
