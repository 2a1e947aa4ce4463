"""DOIs as people paste them: finding, cleaning, and judging them offline.

`clean_doi` turns anything from a resolver link in markdown brackets to a
landing-page address into the bare, lower-cased DOI. `doi_problems` and
`embedded_years` give what an editor wants to know without a network: is it
well formed, is its prefix one reserved for examples, and what year does it
carry, with how far that year can be trusted for the publisher's pattern.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

# A DOI inside text: directory "10.", registrant code, "/", suffix up to whitespace.
# The suffix may hold any printable character: SICI DOIs carry <, >, ; and
# parentheses ("10.1002/(SICI)1097-0266(199708)18:7<509::AID-SMJ882>3.0.CO;2-Z").
# Sub-codes are bounded ({0,4}) so a long chain of "10.100." costs linear time.
_FIND = re.compile(r"10\.\d{3,9}(?:\.\d+){0,4}\s*/\s*[^\s\"{}|^`]*", re.I)
# What may follow a space inside a printed DOI when the rest is its continuation:
# one whitespace-free run holding a digit.
_CONT = re.compile(r"\s([^\s\"{}|^`]*\d[^\s\"{}|^`]*)")
# A DOI marker whose DOI is malformed as printed: "doi:10.1007s11575-015-0257-4"
# (no slash), "https://doi.org/10.1057/" (no suffix), "doi: 10.1108" (no suffix).
_MARKED = re.compile(r"(?:\bdoi\s*:\s*|\bdoi\s+(?=10\.)|(?:https?://)?(?:dx\.)?doi\.org/)[^\s\"{}|^`]*", re.I)
_RESOLVER = re.compile(
    r"^(?:https?:/+)?(?:(?:dx\.)?doi\.org/|doi\.acm\.org/|hdl\.handle\.net/|(?:www\.)?doi\.org/)|^doi:\s*",
    re.I,
)
# Landing-page endings publishers append after the DOI proper.
_SUFFIXES = re.compile(
    r"(?:/(?:metrics|full(?:/(?:pdf|html|xml))?|pdf|epdf|abstract|abs|fulltext|html|"
    r"references|citedby|figures|tables|suppl(?:ementary)?|meta|issuetoc|info|download|"
    r"view|epub|summary|full-text|pdfplus(?:/[^/]*)?))+/?$",
    re.I,
)
_VALID = re.compile(r"^10\.\d{4,9}(?:\.\d+)*/\S+$")
# Prefixes set aside for examples and tests, or made of digit runs (1234, 5678,
# 7890) that are the stuff of made-up examples: several in one list suggest
# references written, not copied. Repeated digits are not suspect: 10.1111 is Wiley.
_EXAMPLE_PREFIXES = {
    "10.1000": "the DOI Handbook's example prefix",
    "10.5555": "Crossref's test prefix",
    "10.0000": "not a registered prefix",
}
_RUNS = ("01234567890", "09876543210")


@dataclass(frozen=True, slots=True)
class EmbeddedYear:
    year: int
    pattern: str
    # "publication": the publisher writes the issue year; a mismatch is an error.
    # "registration": the year the DOI was made, at or just before publication.
    # "submission": the manuscript's submission year, often 1-3 years earlier.
    meaning: str


def clean_doi(text: str | None) -> str | None:
    """The bare DOI in `text`, lower-cased; None when there is none."""
    if not text:
        return None
    s = text.strip()
    # Markdown link "[https://doi.org/x](https://doi.org/x)": take the target.
    m = re.search(r"\]\(((?:[^()\s]|\([^()\s]*\))*)\)", s)
    if m:
        s = m.group(1)
    s = s.replace("\\", "")  # markdown escapes: 3\_4, \(99\)
    s = s.strip("<>[] \t")
    s = _RESOLVER.sub("", s)
    found = _FIND.search(s)
    if not found:
        return None
    doi = re.sub(r"\s*/\s*", "/", found.group(0), count=1)
    doi = _trim(doi)
    # Landing-page endings are looked for in the tail only: the pattern retried
    # from every "/" of a long run would cost quadratic time.
    head, tail = doi[:-200], doi[-200:]
    doi = _trim(head + _SUFFIXES.sub("", tail))
    if doi.endswith("/"):
        return None  # no suffix: malformed as printed (see find_malformed)
    return doi.lower() or None


_OPENER = {")": "(", "]": "[", ">": "<"}


def _trim(doi: str) -> str:
    """Drop trailing punctuation, keeping closing brackets that are balanced inside."""
    while doi:
        last = doi[-1]
        if last in ".,;:'\"”’*_":
            doi = doi[:-1]
        elif last in _OPENER and doi.count(_OPENER[last]) < doi.count(last):
            doi = doi[:-1]
        else:
            break
    return doi


def _continues(printed: str, rest: str) -> bool:
    """Is `rest` (the run after a space) plainly more of the DOI `printed`?

    Yes when the DOI cannot end where it stops ("10.1057/", "S0148-", "/j.",
    "(SICI") and the run holds a digit, or when the run opens with an
    Elsevier-style year in brackets glued to more ("(97)00010-3")."""
    if re.match(r"\(\d{2,4}\)[\w(]", rest):
        return True
    end = printed[-1]
    if end in "/-_(<:":
        return True
    # "10.1016/j. jbusres.2020.01.001": a short journal code and its period, then a
    # break; a DOI that merely ends a sentence ("...001. 2019;12:1-9") is not joined.
    if end == "." and re.search(r"/[A-Za-z]{1,8}\.$", printed) and re.match(r"[a-z0-9]", rest, re.I):
        return True
    return False


def find_dois(text: str) -> list[tuple[str, int, int]]:
    """Every DOI in `text` as (bare doi, start, end) of the printed form.

    A DOI broken by a space ("10.1016/S0969-5931 (97)00010-3", a PDF line break
    after "10.1057/") is joined when the rest is plainly its continuation."""
    out = []
    if "10." not in text:
        return out
    pos = 0
    while True:
        m = _FIND.search(text, pos)
        if not m:
            break
        start, end = m.start(), m.end()
        pieces = [m.group(0)]
        while True:
            c = _CONT.match(text, end)
            if not c or not _continues(pieces[-1], c.group(1)):
                break
            pieces.append(c.group(1))
            end = c.end()
        doi = clean_doi("".join(pieces))
        if doi:
            out.append((doi, start, end))
        pos = max(end, start + 1)
    return out


def find_malformed(text: str) -> str | None:
    """The printed text of a DOI that is marked as one ("doi:", "doi.org/") but is
    not well formed and holds no well-formed DOI: "doi:10.1007s11575-015-0257-4"."""
    if "doi" not in text and "DOI" not in text and "doi" not in text.lower():
        return None  # (the usual case, found without a regex scan)
    for m in _MARKED.finditer(text):
        printed = _trim(m.group(0))
        if "10." not in printed and not re.search(r"\d", printed):
            continue  # "doi:" with nothing after it: nothing printed to keep
        if not find_dois(printed):
            return printed
    return None


def prefix(doi: str) -> str:
    return doi.split("/", 1)[0]


def is_valid(doi: str) -> bool:
    return bool(_VALID.match(doi)) and not doi.endswith(("/", "-", "."))


def doi_problems(doi: str) -> list[tuple[str, str]]:
    """(kind, message) pairs: 'doi_malformed' or 'doi_suspicious_prefix'."""
    problems = []
    if not is_valid(doi):
        problems.append(("doi_malformed", f"'{doi}' is not a well-formed DOI (10.NNNN/suffix)"))
        return problems
    reason = suspicious_prefix(doi)
    if reason:
        problems.append(("doi_suspicious_prefix", f"prefix {prefix(doi)} is {reason}"))
    if re.search(r"[\s]|%0a|%20", doi, re.I):
        problems.append(("doi_malformed", f"'{doi}' contains spaces or an encoded line break"))
    return problems


def suspicious_prefix(doi: str) -> str | None:
    """Why this DOI's prefix cannot be a real registrant's, or None."""
    pre = prefix(doi)
    if pre in _EXAMPLE_PREFIXES:
        return _EXAMPLE_PREFIXES[pre]
    code = pre[3:]
    if "." in code or len(code) < 4:
        return None
    if any(code in run for run in _RUNS):
        return "a run of consecutive digits, typical of made-up example DOIs"
    return None


_Y = r"(19[5-9]\d|20[0-4]\d)"
_PATTERNS = (
    # Emerald manuscript IDs: JSBED-12-2019-0406 (month and year of submission).
    (re.compile(r"/[a-z]+-\d{2}-" + _Y + r"-\d{3,5}", re.I), "manuscript id (Emerald)", "submission"),
    # Elsevier PII: S0883-9026(99)00063-4 (two-digit year the item was received).
    (re.compile(r"/s\d{4}-\d{3}[\dx]\((\d\d)\)", re.I), "PII (Elsevier)", "submission"),
    # Springer: s10490-022-09814-z (year the DOI was assigned, as 0YY).
    (re.compile(r"/s\d{5}-0(\d\d)-\d{4,5}-", re.I), "article id (Springer)", "registration"),
    # Issue-year paths: ajeba/2020/v20i430333, ijetmr.v10.i12.2023.1387.
    (re.compile(r"/(?:[a-z]+/)+" + _Y + r"/v\d", re.I), "issue year in path", "publication"),
    # journal.YEAR.number: j.jik.2022.100248, jibs.2009.24, amr.2006.22527465.
    (re.compile(r"[./]" + _Y + r"\.\d", re.I), "year in journal id", "registration"),
)


def embedded_years(doi: str) -> list[EmbeddedYear]:
    """Years a DOI carries, each with the publisher pattern it was read from."""
    out = []
    for rx, name, meaning in _PATTERNS:
        m = rx.search(doi)
        if not m:
            continue
        y = int(m.group(1))
        if y < 100:  # two-digit years
            y += 1900 if y >= 50 else 2000
        out.append(EmbeddedYear(y, name, meaning))
        break
    return out


def year_conflict(doi: str, year: int) -> tuple[str, str] | None:
    """(severity, message) when the DOI's year contradicts the stated year."""
    for emb in embedded_years(doi):
        gap = year - emb.year  # positive: DOI older than the stated year
        if emb.meaning == "publication":
            if gap != 0:
                return ("warning", f"the DOI carries the issue year {emb.year} ({emb.pattern}) "
                        f"but the entry says {year}: one of them is wrong (high confidence)")
        elif emb.meaning == "registration":
            if gap < 0:
                return ("warning", f"the DOI was registered in {emb.year} ({emb.pattern}), after "
                        f"the stated year {year}: the year or the DOI is wrong (high confidence)")
            if gap > 2:
                return ("info", f"the DOI was registered in {emb.year} ({emb.pattern}), {gap} years "
                        f"before the stated year {year}: check both (medium confidence)")
        elif emb.meaning == "submission":
            if gap < 0:
                return ("warning", f"the DOI records submission in {emb.year} ({emb.pattern}), after "
                        f"the stated year {year}: the year or the DOI is wrong (high confidence)")
            if gap > 4:
                return ("info", f"the DOI records submission in {emb.year} ({emb.pattern}), {gap} "
                        f"years before {year}; submission years often precede publication, "
                        "but not by this much (low confidence)")
    return None
