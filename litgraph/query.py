"""Finding a node by what a user types: its id, key, DOI, label, an alias, an author, or a fuzzy name."""
from __future__ import annotations

import re

import networkx as nx

from .doi import clean_doi
from .names import fold


def find_nodes(g: nx.MultiDiGraph, query: str, kinds: tuple[str, ...] | None = None, limit: int = 8) -> list[tuple[str, float]]:
    """Nodes matching `query`, best first, with a score (100 = exact)."""
    from rapidfuzz import fuzz, process

    q = query.strip()
    pool = [(n, d) for n, d in g.nodes(data=True) if not kinds or d["kind"] in kinds]
    exact = []
    doi = clean_doi(q)
    fq = _norm(q)
    for n, d in pool:
        keys = {n, n.split(":", 1)[-1], d.get("key") or "", d.get("id_in_vocabulary") or ""}
        if q in keys or (doi and d.get("doi") == doi) or _norm(d["label"]) == fq or \
                any(_norm(a) == fq for a in d.get("aliases", [])) or (d.get("title") and _norm(d["title"]) == fq) or \
                any(_norm(x.split(",")[0]) == fq for x in d.get("names", [])):
            exact.append((n, 100.0))
    if exact:
        return exact[:limit]
    # An author: every work, paper and theory origin by that surname.
    by_author = [(n, 95.0) for n, d in pool if any(fold(a.split(",")[0]) == fold(q) for a in d.get("authors", []))]
    if by_author:
        return sorted(by_author, key=lambda x: (-(g.nodes[x[0]].get("cited_by") or 0), x[0]))[:limit]
    choices = {}
    for n, d in pool:
        for s in [d["label"], d.get("title") or "", *d.get("aliases", [])]:
            if s:
                choices[(n, s)] = _norm(s)
    hits = process.extract(fq, choices, scorer=fuzz.WRatio, limit=limit * 4, score_cutoff=60)
    best: dict[str, float] = {}
    for _, score, (n, _) in hits:
        best[n] = max(best.get(n, 0), score)
    return sorted(best.items(), key=lambda x: (-x[1], x[0]))[:limit]


def _norm(s: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"[^\w\s&]", " ", s.lower())).strip()


# The verb for an edge seen from its source and from its target ("cites" / "cited by").
ARROWS = {"cites": ("cites", "cited by"), "discusses": ("discusses", "discussed by"),
          "studies": ("studies", "studied by"), "originates_in": ("founded in", "founds"),
          "revised_in": ("revised in", "revises"), "revises": ("revises", "revised by"),
          "derives_from": ("derives from", "source of"), "related_to": ("related to", "related to"),
          "uses_theory": ("explained by", "explains"), "reported_in": ("reported in", "reports"),
          "wrote": ("wrote", "written by")}


def neighbour_groups(record: dict) -> list[tuple[str, list[dict]]]:
    """A node's neighbours, each listed once, grouped by every kind of edge that joins the two.

    `record` holds "out" and "in" ({edge kind: [{"id", "label", "weight"?}]}, as
    `report.node_record` makes them). A theory "related to" another in both
    directions, or one both derived from and related to it, comes once, under
    "derives from · related to", with the largest weight of the joining edges.
    Groups come in the order of their first verb, neighbours in input order.
    """
    joined: dict[str, dict] = {}
    for direction, side in (("out", 0), ("in", 1)):
        for kind, items in record.get(direction, {}).items():
            verb = ARROWS.get(kind, (kind, kind))[side]
            for item in items:
                entry = joined.setdefault(item["id"], {"id": item["id"], "label": item["label"], "verbs": [],
                                                       "weight": 0})
                if verb not in entry["verbs"]:
                    entry["verbs"].append(verb)
                entry["weight"] = max(entry["weight"], item.get("weight", 1))
    groups: dict[str, list[dict]] = {}
    for entry in joined.values():
        groups.setdefault(" · ".join(sorted(entry["verbs"])), []).append(entry)
    return sorted(groups.items())
