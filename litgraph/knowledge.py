"""Theories and cases: the curated vocabulary (bib/vocabulary.toml) and finding them in text.

A vocabulary names theories (with aliases, founding and revising works,
revisions and derivations) and SME cases (sector, place, entry modes,
markets, the papers that report them and the studies they come from). It is a
file users edit, so loading it checks it strictly: a syntax error, an unknown
key, an alias claimed twice or an id that names nothing is an InputError with
the line, and the nearest valid id is suggested.

Mentions are found by alias as whole words, case-insensitively (acronyms such
as "RBV" only in capitals), across line breaks and line-break hyphens, the
longest alias winning where two overlap ("Revised Uppsala Model" is not also a
mention of "Uppsala model").
"""
from __future__ import annotations

import bisect
import difflib
import re
from dataclasses import dataclass, field

from .errors import InputError
from .model import Mention

THEORY_KEYS = {"label", "aliases", "founded_by", "revised_by", "revises", "derives_from", "related", "summary"}
CASE_KEYS = {"label", "aliases", "sector", "place", "entry_modes", "markets", "reported_by", "source_works",
             "theories", "summary"}
_WORK = re.compile(r"^(?P<names>.+?)\s+(?P<year>(?:1[5-9]|20)\d\d)(?P<suffix>[a-z])?$")


@dataclass(frozen=True, slots=True)
class WorkRef:
    """A work named in the vocabulary: 'Johanson & Vahlne 1977', 'Kraus et al. 2018'."""

    text: str
    names: tuple[str, ...]
    et_al: bool
    year: int
    suffix: str | None


@dataclass(slots=True)
class Theory:
    id: str
    label: str
    aliases: list[str] = field(default_factory=list)
    founded_by: list[WorkRef] = field(default_factory=list)
    revised_by: list[WorkRef] = field(default_factory=list)
    revises: list[str] = field(default_factory=list)
    derives_from: list[str] = field(default_factory=list)
    related: list[str] = field(default_factory=list)
    summary: str | None = None


@dataclass(slots=True)
class Case:
    id: str
    label: str
    aliases: list[str] = field(default_factory=list)
    sector: str | None = None
    place: str | None = None
    entry_modes: list[str] = field(default_factory=list)
    markets: list[str] = field(default_factory=list)
    reported_by: list[str] = field(default_factory=list)
    source_works: list[WorkRef] = field(default_factory=list)
    theories: list[str] = field(default_factory=list)
    summary: str | None = None


@dataclass
class Vocabulary:
    source: str
    theories: dict[str, Theory] = field(default_factory=dict)
    cases: dict[str, Case] = field(default_factory=dict)
    _pattern: re.Pattern | None = None
    _owner: dict[str, tuple[str, str]] = field(default_factory=dict)
    # Findings about the file that cost it nothing but a relation (litgraph.model.Finding).
    warnings: list = field(default_factory=list)

    def entity(self, kind: str, ident: str):
        return (self.theories if kind == "theory" else self.cases).get(ident)

    def aliases(self) -> dict[str, tuple[str, str]]:
        """Folded alias -> (kind, id)."""
        if not self._owner:
            for kind, table in (("theory", self.theories), ("case", self.cases)):
                for ent in table.values():
                    for alias in ent.aliases:
                        self._owner[_fold(alias)] = (kind, ent.id)
        return self._owner

    def _regex(self) -> re.Pattern:
        if self._pattern is None:
            parts = []
            for alias in sorted({a for t in (self.theories, self.cases) for e in t.values() for a in e.aliases},
                                key=lambda a: (-len(a), a)):
                body = r"\s+".join(
                    r"-\s*".join(re.escape(piece) for piece in word.split("-")) for word in alias.split()
                )
                # Acronyms ("RBV", "CK", "PT HTSI") match in capitals only.
                if alias.isupper() or re.fullmatch(r"[A-Z]{2,}(?:\s+[A-Z]{2,})*", alias):
                    parts.append(f"(?-i:{body})")
                else:
                    parts.append(body)
            pattern = r"(?<![\w-])(?:" + "|".join(parts) + r")(?![\w-])" if parts else r"(?!x)x"
            self._pattern = re.compile(pattern, re.I)
        return self._pattern

    def find_mentions(self, text: str, source: str, body_end: int | None = None) -> list[Mention]:
        """Every alias of a theory or case in the body (the lines before `body_end`)."""
        from .readers.paper import section_headings
        from .readers.citations import section_label

        lines = text.split("\n")
        if body_end is not None:
            lines = lines[:body_end]
        body = "\n".join(lines)
        starts = [0]
        for line in lines[:-1]:
            starts.append(starts[-1] + len(line) + 1)
        headings = section_headings(lines)
        heading_lines = [i + 1 for i, _ in headings]
        owner = self.aliases()
        out = []
        for m in self._regex().finditer(body):
            printed = " ".join(m.group(0).replace("-\n", "-").split())
            hit = owner.get(_fold(printed)) or owner.get(_fold(printed.replace("- ", "-")))
            if not hit:
                continue
            line = bisect.bisect_right(starts, m.start())
            k = bisect.bisect_right(heading_lines, line) - 1
            section = section_label(headings[k][1]) if k >= 0 else None
            out.append(Mention(source, line, hit[0], hit[1], printed, section))
        return out

    def lookup(self, name: str):
        """The theory or case a name means (id, label or alias), or None."""
        key = _fold(name)
        for table in (self.theories, self.cases):
            if name in table:
                return table[name]
            for ent in table.values():
                if _fold(ent.label) == key or _fold(ent.id) == key:
                    return ent
        hit = self.aliases().get(key)
        return self.entity(*hit) if hit else None

    def nearest(self, name: str, n: int = 3) -> list[str]:
        """Names close to `name`, for 'did you mean'."""
        names = {}
        for table in (self.theories, self.cases):
            for ent in table.values():
                for s in [ent.id, ent.label, *ent.aliases]:
                    names[_fold(s)] = ent.label
        close = difflib.get_close_matches(_fold(name), list(names), n=n * 3, cutoff=0.5)
        seen = []
        for c in close:
            if names[c] not in seen:
                seen.append(names[c])
        return seen[:n]


def _fold(s: str) -> str:
    return " ".join(s.lower().replace("’", "'").split())


def parse_work(text: str, path: str, line: int | None) -> WorkRef:
    from .readers.citations import split_cited_names

    m = _WORK.match(text.strip())
    if not m:
        raise InputError(path, f"'{text}' is not a work reference: write it as 'Surname 1977', "
                               "'Surname & Surname 1977' or 'Surname et al. 1977'", line)
    names, et_al = split_cited_names(m.group("names"))
    if not names:
        raise InputError(path, f"'{text}' names no author", line)
    return WorkRef(text.strip(), names, et_al, int(m.group("year")), m.group("suffix"))


def _schema():
    from .schema import ListOf, Table, Text

    names = ListOf(Text(nonempty=True))
    theory = Table({"label": Text(), "aliases": names, "founded_by": names, "revised_by": names,
                    "revises": names, "derives_from": names, "related": names, "summary": Text()})
    case = Table({"label": Text(), "aliases": names, "sector": Text(), "place": Text(), "entry_modes": names,
                  "markets": names, "reported_by": names, "source_works": names, "theories": names,
                  "summary": Text()})
    ident = Text(nonempty=True, description="an id")
    return {"theory": Table(values=theory, key=ident, description="a table of [theory.<id>] tables"),
            "case": Table(values=case, key=ident, description="a table of [case.<id>] tables")}


def load_vocabulary(path: str) -> Vocabulary:
    from .readers.facts import KeyLines, load_toml
    from .schema import Invalid, Table

    data = load_toml(path)
    where = KeyLines(path)  # line numbers for messages, from one read of the file
    vocab = Vocabulary(path)
    for top in data:
        if top not in ("theory", "case"):
            raise InputError(path, f"unknown table '[{top}...]': use [theory.<id>] or [case.<id>]",
                             where.find(top))
    try:
        data = Table(_schema()).check(data, ())
    except Invalid as exc:
        raise InputError(path, str(exc), where.of(exc)) from None
    for ident, body in data.get("theory", {}).items():
        line = where.find(f"theory.{ident}")
        _check_keys(path, "theory", ident, body, THEORY_KEYS, line, where)
        vocab.theories[ident] = Theory(
            id=ident, label=_text(path, body, "label", line) or ident, aliases=_strings(path, body, "aliases", line),
            founded_by=[parse_work(w, path, line) for w in _strings(path, body, "founded_by", line)],
            revised_by=[parse_work(w, path, line) for w in _strings(path, body, "revised_by", line)],
            revises=_strings(path, body, "revises", line), derives_from=_strings(path, body, "derives_from", line),
            related=_strings(path, body, "related", line), summary=_text(path, body, "summary", line))
    for ident, body in data.get("case", {}).items():
        line = where.find(f"case.{ident}")
        _check_keys(path, "case", ident, body, CASE_KEYS, line, where)
        vocab.cases[ident] = Case(
            id=ident, label=_text(path, body, "label", line) or ident, aliases=_strings(path, body, "aliases", line),
            sector=_text(path, body, "sector", line), place=_text(path, body, "place", line),
            entry_modes=_strings(path, body, "entry_modes", line), markets=_strings(path, body, "markets", line),
            reported_by=_strings(path, body, "reported_by", line),
            source_works=[parse_work(w, path, line) for w in _strings(path, body, "source_works", line)],
            theories=_strings(path, body, "theories", line), summary=_text(path, body, "summary", line))
    _check_references(vocab, path, where)
    _check_aliases(vocab, path, where)
    _check_chronology(vocab, path, where)
    return vocab


def founding_year(theory: Theory) -> int | None:
    """The year of a theory's earliest founding work, or None when the vocabulary names none."""
    return min((w.year for w in theory.founded_by), default=None)


def _check_chronology(vocab: Vocabulary, path: str, where) -> None:
    """A theory cannot derive from, or revise, one founded after it; nor be revised before it was founded.

    Each such relation is told (naming both sides and their founding works)
    and left out, so that no graph shows knowledge flowing backwards in time."""
    from .model import Finding

    def warn(t: Theory, key: str, message: str) -> None:
        line = where.find(key, where.find(f"theory.{t.id}"))
        vocab.warnings.append(Finding(path, line, "vocabulary_chronology", "warning",
                                      message + "; the relation is left out of the graph"))

    def founders(t: Theory) -> str:
        first = founding_year(t)
        return ", ".join(w.text for w in t.founded_by if w.year == first)

    for t in vocab.theories.values():
        year = founding_year(t)
        if year is None:
            continue
        for key, verb in (("derives_from", "derive from"), ("revises", "revise")):
            kept = []
            for other in getattr(t, key):
                o = vocab.theories[other]
                oyear = founding_year(o)
                if oyear is not None and oyear > year:
                    warn(t, key, f"[theory.{t.id}] {key} '{other}', but {o.label} was founded in {oyear} "
                                 f"({founders(o)}), after {t.label} ({year}, {founders(t)}): a theory cannot "
                                 f"{verb} a later one")
                else:
                    kept.append(other)
            setattr(t, key, kept)
        early = [w for w in t.revised_by if w.year < year]
        for w in early:
            warn(t, "revised_by", f"[theory.{t.id}] revised_by '{w.text}', before {t.label} was founded "
                                  f"({year}, {founders(t)})")
        t.revised_by = [w for w in t.revised_by if w not in early]


def _check_keys(path, kind, ident, body, allowed, line, where):
    if not isinstance(body, dict):
        raise InputError(path, f"[{kind}.{ident}] must be a table of keys", line)
    for key in body:
        if key not in allowed:
            near = difflib.get_close_matches(key, sorted(allowed), n=1)
            hint = f" (did you mean '{near[0]}'?)" if near else f" (allowed: {', '.join(sorted(allowed))})"
            raise InputError(path, f"unknown key '{key}' in [{kind}.{ident}]{hint}", where.find(key, line))


def _error_line(path: str, key: str, after: int | None) -> int | None:
    """Where a bad value stands (read only when there is an error to report)."""
    from .readers.facts import KeyLines

    return KeyLines(path).find(key, after)


def _strings(path, body, key, line) -> list[str]:
    value = body.get(key, [])
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise InputError(path, f"'{key}' must be a list of strings", _error_line(path, key, line))
    return [v.strip() for v in value if v.strip()]


def _text(path, body, key, line) -> str | None:
    value = body.get(key)
    if value is not None and not isinstance(value, str):
        raise InputError(path, f"'{key}' must be a string", _error_line(path, key, line))
    return value.strip() if value else None


def _check_references(vocab: Vocabulary, path: str, where) -> None:
    ids = sorted(vocab.theories)
    for t in vocab.theories.values():
        for key in ("revises", "derives_from", "related"):
            for ref in getattr(t, key):
                if ref not in vocab.theories:
                    near = difflib.get_close_matches(ref, ids, n=1)
                    hint = f" (did you mean '{near[0]}'?)" if near else ""
                    raise InputError(path, f"[theory.{t.id}] {key} names '{ref}', which is no theory{hint}",
                                     where.find(key, where.find(f"theory.{t.id}")))
    for c in vocab.cases.values():
        for ref in c.theories:
            if ref not in vocab.theories:
                near = difflib.get_close_matches(ref, ids, n=1)
                hint = f" (did you mean '{near[0]}'?)" if near else ""
                raise InputError(path, f"[case.{c.id}] theories names '{ref}', which is no theory{hint}",
                                 where.find("theories", where.find(f"case.{c.id}")))


def _check_aliases(vocab: Vocabulary, path: str, where) -> None:
    seen: dict[str, str] = {}
    for kind, table in (("theory", vocab.theories), ("case", vocab.cases)):
        for ent in table.values():
            for alias in ent.aliases:
                key = _fold(alias)
                owner = f"{kind}.{ent.id}"
                if key in seen and seen[key] != owner:
                    raise InputError(path, f"alias '{alias}' is claimed by both [{seen[key]}] and [{owner}]: "
                                           "give it to one of them", where.find("aliases", where.find(owner)))
                seen[key] = owner
