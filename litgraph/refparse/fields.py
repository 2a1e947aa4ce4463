"""From labelled tokens to the fields of a Reference, each tidied to what users expect.

The tagger decides where each field lies; this module decides what the field
says: the year and its suffix, the volume and issue inside "8(1)" or
"Vol. 40, Issue 3", bare pages, the DOI stripped of resolvers and landing-page
suffixes, the publisher without its city, and the type of work.
"""
from __future__ import annotations

import re
from itertools import compress
from operator import ne

from ..doi import clean_doi, find_dois, find_malformed
from ..model import Author, Reference
from ..names import looks_corporate, parse_names
from .features import TITLE_ABBREVIATIONS
from .tokens import Tokens

_YEAR = re.compile(r"(?<!\d)(1[5-9]\d\d|20\d\d)(?:\s?([a-z])(?![a-z]))?(?!\d)")
_ANY_YEAR = re.compile(r"[(\[,.\s](1[6-9]\d\d|20[0-3]\d)([a-z])?[)\].,;:]")
_ND = re.compile(r"\bn\.\s?d\.?|\bno date\b|\bs\.\s?d\.|\bt\.t\.", re.I)
_URL = re.compile(r"(?:https?|ftp)://\S+|\bwww\.\S+", re.I)
# Volume words in English, German, French, Portuguese ("v."), Russian ("т."); issue words
# likewise ("n." ABNT, "№" GOST, "вып." Russian). The issue in brackets is bounded so
# an unclosed "(" costs no scan to the end.
_VOL_ISSUE = re.compile(
    r"(?:vol(?:ume)?\.?|v\.|bd\.|jg\.|tome|t\.|т\.)?\s*(\d+[A-Za-z]?(?:[-–/]\d+)?)\s*"
    r"(?:\(\s*([^)]{1,40}?)\s*\)|[,:]?\s*(?:no\.?|nr\.?|issue|iss\.?|number|n[º°o]\.?(?=\s|\d)|n\.|№|вып\.|h\.|heft)\s*([\w–/-]+)|\.(\d+)(?=\D*$))?",
    re.I,
)
_ISSUE_ONLY = re.compile(r"(?:\bno\b\.?|\bnr\b\.?|\bissue\b|\biss\b\.?|\bnumber\b|\bn[º°o]\.?(?=\s|\d)|\bn\.|№|\bвып\.|\bh\.|\bheft\b)\s*([\w–/-]+)", re.I)
_PAGES = re.compile(r"([A-Za-z]?\d+[a-zA-Z]?\s*[-–—]+\s*[a-zA-Z]?\d+[a-zA-Z]?|[A-Za-z]{0,4}\d+[a-zA-Z]?)")
# An article number standing where pages would: "e1000097", "n71", "aac4716", "101735".
_ARTICLE_NO = re.compile(r"^(?:article\s+)?([a-z]{0,4}\d{2,}[a-z]?)[.,;]?$", re.I)
_THESIS = re.compile(r"\b(?:thesis|dissertation|skripsi|tesis|disertasi|doctoral|ph\.?\s?d|master'?s|diss\.)", re.I)
_REPORT = re.compile(r"\b(?:report|working paper|discussion paper|technical paper|white paper|policy brief|laporan|occasional paper)\b", re.I)
# What every match of _THESIS and of _REPORT holds, in lower case.
_THESIS_WORDS = ("thesis", "diss", "skripsi", "tesis", "disertasi", "doctoral", "ph", "master")
_REPORT_WORDS = ("report", "paper", "policy brief", "laporan")


def _may_hold(text: str, words: tuple[str, ...]) -> bool:
    """False where a case-blind pattern that needs one of `words` cannot match:
    an ASCII text without any of them. (Outside ASCII the pattern decides: its
    case folding matches "ſ" to "s", "K" to "k", which lower() does not.)"""
    if not text.isascii():
        return True
    low = text.lower()
    return any(w in low for w in words)


_WEB = re.compile(r"\b(?:retrieved|accessed|available (?:at|from)|online|diakses)\b", re.I)
_PUNCT_EDGE = " \t.,;:"
_GENRE = re.compile(
    r"\s*\[((?:doctoral |master'?s |phd |unpublished )?(?:dissertation|thesis|internet|online|"
    r"electronic version|data set|computer software|video|podcast|press release|working paper)[^\]]{0,200})\]$",
    re.I,
)


MAX_AUTHOR_TEXT = 100_000
_ABBREV_OK = re.compile(r"[A-H]\.?|\([A-Z.]+\)|&|of")
_ONLINE_MARK = re.compile(r"\s*\[(?:electronic version|online|internet)\]$", re.I)
_IN_MARK = re.compile(r"^\s*(?:in|dans|en)\s*:?\s+", re.I)
_VOL_TAIL = re.compile(r"\s*\((?:vol|no|issue)\.?[^)]*\)?$", re.I)
_LEAD_YEAR = re.compile(r"^(?:1[5-9]|20)\d\d[a-z]?\s*[;:.,]\s*(?=\S)")
_ISSUE_WORD = re.compile(r"^(?:no|nr|issue|iss|number)\.?\s*", re.I)
_PAGES_WORD = re.compile(r"^\(?\s*(?:pp?|s|с|pages?|hlm)\.?\s*", re.I)
_DASH_SPACES = re.compile(r"\s*([-–—]+)\s*")
_YEAR_ONLY = re.compile(r"(?:1[5-9]|20)\d\d")
_PLACE_PUB = re.compile(r"^([^:]{2,40}):\s*(.+)$")
_IN_WORD = re.compile(r"^\s*(?:in|dans|en)\b", re.I)
_ISBN_DOI = re.compile(r"/97[89]-?\d")


def _group1(m: re.Match) -> str:
    return m.group(1)  # (a function, not r"\1": no template to expand per call)


def assemble(tokens: Tokens, labels: list[str], source: str, index: int, raw: str) -> Reference:
    """Build a Reference from a tagged token sequence."""
    spans = _spans(tokens, labels)
    text = tokens.text
    ref = Reference(source=source, index=index, raw=raw)

    author_text = spans.get("author", [None])[0]
    if author_text:
        cut = len(author_text) > MAX_AUTHOR_TEXT
        if cut:
            # Some 8,000 names: more than any real author list prints (the large physics
            # collaborations list about 3,000); the rest is left unparsed, and said so.
            end = max(author_text.rfind(sep, 0, MAX_AUTHOR_TEXT) for sep in (",", ";", " and "))
            author_text = author_text[: end if end > 0 else MAX_AUTHOR_TEXT]
        names = parse_names(author_text)
        ref.authors = names.authors
        ref.authors_truncated = names.truncated or cut
    if "editor" in spans:
        eds = parse_names(spans["editor"][0])
        ref.editors = eds.authors
        if not ref.authors and _EDS_MARK.search(spans["editor"][0]) and not spans.get("container"):
            # An edited book cited as a whole: its editors stand first.
            ref.authors = eds.authors

    ref.year, ref.year_suffix = _year(spans.get("date", []), text)
    ref.title = _tidy_title(spans.get("title", [None])[0])
    genre = None
    if ref.title:
        # "... [dissertation]", "[Doctoral dissertation, MIT]": a genre, not the title.
        m = _GENRE.search(ref.title) if "]" in ref.title else None
        if m:
            genre, ref.title = m.group(1), ref.title[: m.start()].rstrip(_PUNCT_EDGE) or None
    if ref.title:
        # "editors. Cochrane handbook ...": the role word belongs to the authors.
        m = _ROLE_WORD.match(ref.title)
        if m:
            ref.title = ref.title[m.end():]
            ref.editors = ref.editors or list(ref.authors)
    if not ref.authors and ref.title:
        # "World Health Organization. Guidelines on ...": a corporate author the
        # tagger took for the start of the title.
        m = _CORP_TITLE.match(ref.title)
        if m and looks_corporate(m.group(1).split()):
            ref.authors = [Author(m.group(1).strip())]
            ref.title = m.group(2).strip()
    container = spans.get("container", [None])[0]
    ref.container = _tidy_container(container)
    vols = spans.get("volume", [])
    if ref.container and vols:
        # "Phys. Lett. B660, 483", "Phys. Rev. D 52": the series letter belongs to the journal.
        m = _SERIES.match(vols[0])
        if m and not _ENDS_LETTER.search(container.rstrip(" ,;:")):
            ref.container = _tidy_container(f"{container.rstrip(' ,;:')} {m.group(1)}")
            vols = [vols[0][m.end(1):].lstrip()] + vols[1:]
    if ref.title and not ref.container and _is_journal_abbreviation(ref.title):
        # "V. P. Gusynin, Phys. Rev. D 52, 4747 (1995)": physics prints no title; a
        # "title" made only of ISO 4 journal-word abbreviations is the journal.
        ref.container, ref.title = ref.title, None
    ref.volume, ref.issue = _volume_issue(vols)
    ref.pages = _pages(spans.get("pages", [None])[0]) or _article_number(tokens, labels)
    ref.publisher, ref.location = _publisher(spans.get("publisher", [None])[0], spans.get("location", [None])[0])
    ref.edition = _strip(spans.get("edition", [None])[0])
    notes = spans.get("note", []) + spans.get("genre", []) + ([genre] if genre else [])
    ref.note = "; ".join(_strip(n) for n in notes if _strip(n)) or None

    # DOIs and URLs are found by pattern over the whole entry: exact, whatever the tagger said.
    dois = find_dois(text)
    if dois:
        ref.doi = dois[0][0]
    elif "doi" in spans:
        ref.doi = clean_doi(spans["doi"][0])
    if not ref.doi:
        # Malformed as printed ("doi:10.1007s11575-...", "https://doi.org/10.1057/"): no
        # DOI to link or to match on, but kept as printed for `check` to report.
        printed = find_malformed(text)
        if printed:
            ref.doi_printed = printed
    for m in (_URL.finditer(text) if "://" in text or "www." in text.lower() else ()):
        url = m.group(0).rstrip(".,;)>]")
        if "doi.org/" in url.lower() or "dx.doi" in url.lower():
            continue
        ref.url = url.split("%0A")[0].split("%0a")[0]
        break

    if ref.container is None and "note" in spans:
        _journal_tail(ref, spans["note"])
    if ref.title is None and ref.container and not ref.authors:
        ref.title, ref.container = ref.container, None
    ref.type = _type(ref, spans, text, container)
    mark = _GBT_MARK.search(text) if "[" in text else None
    if mark:
        # GB/T 7714 says the type outright: [J] journal article, [M] book, [C] proceedings
        # paper, [D] thesis, [R] report.
        ref.type = _GBT_TYPES[mark.group(1)]
    return ref


_EDS_MARK = re.compile(r"\(eds?\.?\)|\beds?\.", re.I)
_ROLE_WORD = re.compile(r"^(?:editors?|eds?|hrsg|coord)\.?\s+(?=\S)", re.I)
_CORP_TITLE = re.compile(r"^([^.:]{3,90})\.\s+(\S.{3,})$")
_ENDS_LETTER = re.compile(r"\b[A-Z]$")
_GBT_MARK = re.compile(r"\[([JMCDR])(?:/OL)?\]")
_GBT_TYPES = {"J": "article", "M": "book", "C": "chapter", "D": "thesis", "R": "report"}


def _abbreviated_end(s: str) -> bool:
    """Does a journal name end in an ISO 4 abbreviation ("... Phys. Rev. Lett", "... Tech. J")?"""
    last = s.rsplit(" ", 1)[-1]
    return last.lower() in TITLE_ABBREVIATIONS or last == "Ed" or (len(last) == 1 and last.isupper())


_SERIES = re.compile(r"^([A-H])\s?(?=\d)")


def _is_journal_abbreviation(title: str) -> bool:
    """'Phys. Rev. D', 'J. Chem. Phys.', 'Nucl. Phys. B': abbreviated journal words
    (and a series letter), at least two of them abbreviated, nothing else."""
    words = title.split()
    if not 2 <= len(words) <= 8:
        return False
    abbreviated = 0
    for w in words:
        if w.endswith(".") and w[:-1].lower() in TITLE_ABBREVIATIONS:
            abbreviated += 1
        elif not (_ABBREV_OK.fullmatch(w) or (w.endswith(".") and w[0].isupper() and len(w) <= 7)):
            return False
    return abbreviated >= 2


def _spans(tokens: Tokens, labels: list[str]) -> dict[str, list[str]]:
    """Contiguous runs of one label, cut verbatim from the cleaned text."""
    out: dict[str, list[str]] = {}
    n = len(labels)
    if not n:
        return out
    text, starts, ends = tokens.text, tokens.starts, tokens.ends
    # Where each run starts (one comparison per token, all in C: compress over map).
    firsts = [0]
    firsts += compress(range(1, n), map(ne, labels[1:], labels))
    firsts.append(n)
    for i, j in zip(firsts, firsts[1:]):
        out.setdefault(labels[i], []).append(text[starts[i]:ends[j - 1]])
    return out


def _strip(s: str | None) -> str | None:
    if s is None:
        return None
    s = s.strip(_PUNCT_EDGE)
    return s or None


def _year(dates: list[str], text: str) -> tuple[int | None, str | None]:
    for d in dates:
        m = _YEAR.search(d)
        if m:
            return int(m.group(1)), m.group(2)
    if any(_ND.search(d) for d in dates):
        return None, None
    m = _ANY_YEAR.search(" " + text + " ")
    if m:
        return int(m.group(1)), m.group(2)
    return None, None


_QUOTES = "\"“”‘’«»„'"


def _tidy_title(s: str | None) -> str | None:
    if not s:
        return None
    s = s.strip(_PUNCT_EDGE)
    # Surrounding quotes, keeping an apostrophe that belongs to the last word.
    if s[:1] in _QUOTES:
        s = s[1:]
        s = s.rstrip(_PUNCT_EDGE)
        if s[-1:] in _QUOTES:
            s = s[:-1]
    elif s[-1:] in "”\"" and s.count(s[-1]) == 1:
        s = s[:-1]
    s = s.strip(_PUNCT_EDGE)
    if "]" in s:  # (both marks end in one; their patterns are tried at every character)
        s = _ONLINE_MARK.sub("", s)
        # GB/T 7714 document-type marks ("[J]" article, "[M]" book, "[EB/OL]") and GOST's "//"
        # before the journal close the title; they are not part of it.
        s = _TYPE_MARK.sub("", s)
    s = s.rstrip(" /").strip(_PUNCT_EDGE)
    return s or None


_TYPE_MARK = re.compile(r"\s*\[(?:[JMCDRNPSZAG]|EB|DB|CP)(?:/OL)?\]\s*[.,]?$")


def _tidy_container(s: str | None) -> str | None:
    if not s:
        return None
    s = _IN_MARK.sub("", s)
    had_dot = s.rstrip(" ,;:").endswith(".")
    s = s.strip(_PUNCT_EDGE + _QUOTES + "，。/")
    # An issue tail caught in the container: "Journal (Vol. 40, Issue 3)".
    if "(" in s:
        s = _VOL_TAIL.sub("", s)
    s = s.strip(_PUNCT_EDGE)
    if had_dot and ". " in s and _abbreviated_end(s):
        s += "."  # "Phys. Rev. Lett.", "Bell Syst. Tech. J.": the last abbreviation keeps its period
    return s or None



def _volume_issue(vols: list[str]) -> tuple[str | None, str | None]:
    if not vols:
        return None, None
    text = " ".join(vols).strip(" ,.;:")
    # "2020;395(10223):" — a Vancouver date glued before the volume is not the volume.
    text = _LEAD_YEAR.sub("", text)
    if text.startswith("(") and text.count("(") > text.count(")"):
        text = text[1:]
    elif text.endswith(")") and text.count(")") > text.count("("):
        text = text[:-1]
    m = _VOL_ISSUE.search(text)
    if not m:
        m2 = _ISSUE_ONLY.search(text)
        return None, (m2.group(1).strip(".,") if m2 else None)
    volume = m.group(1)
    issue = m.group(2) or m.group(3) or m.group(4)
    if issue:
        issue = issue.strip(" .,;")
        issue = _ISSUE_WORD.sub("", issue) or None
    if not issue:
        rest = _ISSUE_ONLY.search(text[m.end():])
        if rest:
            issue = rest.group(1).strip(".,")
    return volume, issue


def _pages(s: str | None) -> str | None:
    if not s:
        return None
    s = _PAGES_WORD.sub("", s.strip())
    m = _PAGES.search(s)
    if not m:
        return _strip(s)
    return _DASH_SPACES.sub(_group1, m.group(1))


# "BMJ, 372, Article n71." / "Science, 349(6251), aac4716.": an APA 7 journal tail.
_TAIL = re.compile(
    r"^(?P<c>[^,.;:()]{2,120}?),\s*(?P<v>\d{1,5})(?:\s*\((?P<i>[^)]{1,15})\))?"
    r"(?:,\s*(?:Article\s+)?(?P<p>[A-Za-z]{0,4}\d+[A-Za-z]?(?:\s*[-–]\s*[A-Za-z]?\d+)?))?\.?$"
)


def _journal_tail(ref: Reference, notes: list[str]) -> None:
    """Recover journal, volume, issue and pages that the tagger left as a note."""
    for note in notes:
        m = _TAIL.match(note.strip())
        if m:
            ref.container = m.group("c").strip()
            ref.volume = ref.volume or m.group("v")
            ref.issue = ref.issue or m.group("i")
            ref.pages = ref.pages or m.group("p")
            rest = [n for n in notes if n is not note]
            ref.note = "; ".join(_strip(n) for n in rest if _strip(n)) or None
            return


def _article_number(tokens: Tokens, labels: list[str]) -> str | None:
    """The token right after the volume, when it is an article number the tagger missed."""
    last_vol = max((i for i, lab in enumerate(labels) if lab == "volume"), default=None)
    if last_vol is None or last_vol + 1 >= len(labels):
        return None
    nxt = tokens.words[last_vol + 1]
    if labels[last_vol + 1] in ("note", "title", "container", "publisher", "date"):
        m = _ARTICLE_NO.match(nxt)
        if m and not _YEAR_ONLY.fullmatch(m.group(1)):
            return m.group(1)
    return None


def _publisher(pub: str | None, loc: str | None) -> tuple[str | None, str | None]:
    pub = _strip(pub)
    loc = _strip(loc)
    if pub and not loc:
        # "Boston: Ginn & Co." or "Ginn & Co., Boston"
        m = _PLACE_PUB.match(pub)
        if m and "http" not in pub:
            loc, pub = m.group(1).strip(), m.group(2).strip(_PUNCT_EDGE)
    return pub, loc


def _type(ref: Reference, spans: dict[str, list[str]], text: str, container: str | None) -> str:
    notes = " ".join(spans.get("note", []) + spans.get("genre", []))
    if _THESIS.search(notes) or (not ref.container and _may_hold(text, _THESIS_WORDS) and _THESIS.search(text)):
        return "thesis"
    if _REPORT.search(notes) or (not ref.container and not ref.volume and _may_hold(text, _REPORT_WORDS)
                                 and _REPORT.search(text[: len(text) // 2 + 40])):
        return "report"
    if ref.container:
        starts_in = bool(container and _IN_WORD.match(container))
        isbn_doi = bool(ref.doi and _ISBN_DOI.search(ref.doi))  # a DOI built on a book's ISBN
        if ref.editors or ((starts_in or isbn_doi) and not ref.volume and not ref.issue):
            return "chapter"
        if ref.volume or ref.issue or not ref.publisher:
            return "article"
        return "chapter"
    if ref.publisher or ref.edition:
        return "book"
    if ref.url and (_WEB.search(text) or not ref.pages):
        return "web"
    return "other"
