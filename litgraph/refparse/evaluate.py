"""Field-level accuracy of the reference parser against labelled references.

Gold comes as litgraph JSON (the output of `litgraph refs --format json`,
hand-checked) or as AnyStyle XML, whose labelled spans are turned into fields by
the same tidy-up rules the parser uses, so the score measures where fields
were found. Values are compared after light normalisation: case, accents kept,
whitespace collapsed, dashes unified, edge punctuation dropped; authors by
their list of family names.

A field counts when gold or prediction has a value: agreeing that a field is
absent proves nothing, while a spurious value is an error.
"""
from __future__ import annotations

import json
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from ..model import Reference
from .fields import assemble
from .tokens import tokenize
from .train import load_xml_flagged

FIELDS = ("type", "authors", "given", "year", "title", "container", "volume", "issue", "pages", "doi", "url", "publisher")


@dataclass
class Score:
    right: Counter = field(default_factory=Counter)
    total: Counter = field(default_factory=Counter)
    errors: list[tuple[int, str, object, object]] = field(default_factory=list)

    def accuracy(self, name: str | None = None) -> float:
        if name:
            return self.right[name] / self.total[name] if self.total[name] else 1.0
        t = sum(self.total.values())
        return sum(self.right.values()) / t if t else 1.0


def norm(value) -> object:
    if value is None:
        return None
    if isinstance(value, list):
        return tuple(norm_text(a["family"] if isinstance(a, dict) else a.family) for a in value) or None
    if isinstance(value, int):
        return value
    v = norm_text(str(value))
    return v or None


def _given(authors) -> tuple | None:
    """Given names with initials compacted: 'E. T.' and 'E.T.' agree."""
    if not authors:
        return None
    return tuple(re.sub(r"[\s.]", "", (a.get("given") or "")).casefold() for a in authors)


def norm_text(s: str) -> str:
    s = unicodedata.normalize("NFC", s).casefold()
    s = re.sub(r"[‐‑‒–—―-]+", "-", s)
    s = re.sub(r"[“”„«»]", '"', s).replace("’", "'").replace("‘", "'")
    s = re.sub(r"\s+", " ", s)
    return s.strip(" .,;:*\"'()[]")


def compare(gold: list[dict], pred: list[Reference], fields=FIELDS) -> Score:
    score = Score()
    for g, p in zip(gold, pred):
        pj = p.to_json()
        for f in fields:
            if f == "given":
                gv, pv = _given(g.get("authors")), _given(pj.get("authors"))
            else:
                gv, pv = norm(g.get(f)), norm(pj.get(f))
            if gv is None and pv is None:
                continue
            score.total[f] += 1
            if gv == pv:
                score.right[f] += 1
            else:
                score.errors.append((g.get("index", 0), f, g.get(f), pj.get(f)))
    return score


def gold_from_xml(path: str | Path, held_out: bool | None = None) -> list[tuple[str, dict]]:
    """(raw string, gold fields) for each sequence of an AnyStyle XML file; with
    `held_out` True or False, only the sequences in (or out of) the held-out share."""
    out = []
    for (words, labels, _), held in load_xml_flagged(path):
        if held_out is not None and held != held_out:
            continue
        raw = " ".join(words)
        toks = tokenize(raw)
        if len(toks.words) != len(words):
            continue  # cleaning merged or split tokens: labels no longer line up
        ref = assemble(toks, labels, str(path), len(out) + 1, raw)
        out.append((raw, ref.to_json()))
    return out


def gold_from_json(path: str | Path) -> list[tuple[str, dict]]:
    return [(obj["raw"], obj) for obj in json.loads(Path(path).read_text("utf-8"))]


def load_gold(path: str | Path) -> list[tuple[str, dict]]:
    path = Path(path)
    return gold_from_xml(path) if path.suffix == ".xml" else gold_from_json(path)
