"""Names of theories and cases a text uses that the vocabulary does not know yet.

Theories: phrases that end in theory, model, paradigm, perspective, approach,
view, framework, logic or hypothesis, cut back to the words that name them
("pull factor theory", "Yamane Theory"). Cases: firm names ("PT Kusmajaya",
"CV. Arjuna 999") and quoted names next to words such as SME or company
("“Creative Kokedama”"). Generic phrases ("the proposed model") are left out,
and so is anything an alias already covers; a name close to an existing entry
is reported with it, since it may be a missing alias rather than a new entry.
"""
from __future__ import annotations

import re
from collections import defaultdict

_HEADS = r"(?:theory|theories|model|paradigm|perspective|approach|view|framework|logic|hypothesis)"
_THEORY = re.compile(rf"((?:[\w'’-]+\s+){{1,5}}){_HEADS}\b", re.I)
_FUNCTION = frozenset(
    """the a an of to in on for with by and or this that these those their its our is are was were be been as
    such namely from based using called which can has have new used use uses also into within between both
    each every other than then there here it they we he she following according two three several some
    known so named where when while toward towards about via per through under over among""".split()
)
_GENERIC = frozenset(
    """research conceptual proposed structural measurement business interactive regression analysis
    theoretical operational empirical basic previous current existing main general integrative
    integrated effective sustainable final first second third revised updated broader broad initial
    major most well-known relevant strategic step-by-step qualitative quantitative especially case study
    traditional classical dynamic static holistic global digital local different various same whole
    simple complex important key overall""".split()
)
_FIRM = re.compile(r"\b(?:PT|CV\.?|UD|Koperasi)\s+[A-Z][\w&'’-]*(?:\s+(?:[A-Z0-9][\w&'’-]*|&)){0,3}")
_QUOTED = re.compile(r"[\"“]([A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*){0,3})[\"”]")
_FIRM_CONTEXT = re.compile(r"\b(?:SMEs?|MSMEs?|UMKM|SMIs?|company|firm|enterprise|brand|business|exporter)\b", re.I)


def _trim(words: list[str]) -> list[str]:
    out = []
    for w in reversed(words):
        bare = w.strip("“”\"'’(),.;:").lower()
        if not bare or bare in _FUNCTION or bare.isdigit():
            break
        out.insert(0, w.strip("“”\"(),.;:"))
    while out and out[0].lower() in _GENERIC:
        out.pop(0)
    return out


def suggest(text: str, vocabulary=None) -> list[dict]:
    """[{'kind', 'name', 'count', 'lines', 'nearest'}], most frequent first."""
    from rapidfuzz import fuzz, process

    from .readers.paper import find_reference_section

    lines = text.split("\n")
    section = find_reference_section(lines)
    body = "\n".join(lines[: section.heading_line - 1] if section else lines)
    flat = body.replace("-\n", "-").replace("\n", " ")
    starts = [0]
    for line in body.split("\n")[:-1]:
        starts.append(starts[-1] + len(line) + 1)
    found: dict[tuple[str, str], list[int]] = defaultdict(list)

    def line_of(pos: int) -> int:
        import bisect

        return bisect.bisect_right(starts, pos)

    for m in _THEORY.finditer(flat):
        words = _trim(m.group(1).split())
        if not words:
            continue
        name = " ".join(words + [m.group(0).split()[-1]])
        found[("theory", name)].append(line_of(m.start()))
    for m in _FIRM.finditer(flat):
        found[("case", re.sub(r"['’]s$", "", m.group(0).strip()))].append(line_of(m.start()))
    for m in _QUOTED.finditer(flat):
        window = flat[max(0, m.start() - 60): m.end() + 60]
        if _FIRM_CONTEXT.search(window):
            found[("case", m.group(1))].append(line_of(m.start()))

    known = {}
    if vocabulary is not None:
        for table in (vocabulary.theories, vocabulary.cases):
            for ent in table.values():
                for s in [ent.label, *ent.aliases]:
                    known[s.lower()] = ent.label
    merged: dict[tuple[str, str], dict] = {}
    for (kind, name), where in found.items():
        key = (kind, name.lower())
        if key in merged:
            merged[key]["count"] += len(where)
            merged[key]["lines"] = sorted(set(merged[key]["lines"] + where))
            continue
        merged[key] = {"kind": kind, "name": name, "count": len(where), "lines": sorted(set(where)), "nearest": None}
    out = []
    for item in merged.values():
        low = item["name"].lower()
        # A lone lower-case phrase is usually description, not a name: keep names
        # that recur or carry a capital ("Yamane Theory", "Organization theory").
        if item["kind"] == "theory" and item["count"] < 2 and item["name"] == low:
            continue
        if low in known or any(low in k or k in low for k in known if len(k) > 4 and (low.endswith(k) or k.endswith(low))):
            continue
        if known:
            best = process.extractOne(low, list(known), scorer=fuzz.ratio, score_cutoff=80)
            if best:
                item["nearest"] = known[best[0]]
        out.append(item)
    out.sort(key=lambda x: (-x["count"], x["kind"], x["name"].lower()))
    return out
