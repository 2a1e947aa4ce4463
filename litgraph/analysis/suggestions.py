"""Works to read next: what the corpus's core cites or is co-cited with but the corpus does not hold.

The question Connected Papers and Local Citation Network answer from an online
index, answered from the corpus itself:

    from litgraph.analysis.suggestions import suggest_works
    result = suggest_works(corpus.graph, top=20)
    result["suggestions"][0]["reasons"]   # ["cited by 7 of 50 core papers", ...]

Words, precisely:

- *in the corpus*: a `paper` node, i.e. a document that was read (a record of
  a database export, an entry of a library, a paper's text or reference
  list). A cited reference that resolves to such a record is that paper, not
  a suggestion.
- *cited-only work*: a `work` node, known only from reference lists. These
  are the candidates.
- *the core*: the corpus papers the suggestions are measured against; by
  default every corpus paper that cites anything (what Local Citation Network
  takes as its input list); with `core=N`, the N corpus papers with the most
  local citations (corpus papers citing them), ties broken by PageRank.

A candidate is linked to the core in three ways, each reported as a reason:
core papers that cite it; core papers it cites (known only where a cited-only
work carries its own references, which reference lists rarely give); and
co-citation, a corpus paper citing it together with a core paper that the
corpus cites. Candidates are ranked by their direct links (core papers citing
it or cited by it), then co-citations with core papers, then in-text
citations received; `score` is the direct links plus co-citations.
"""
from __future__ import annotations

from collections import Counter, defaultdict

import networkx as nx


def _cites(g: nx.MultiDiGraph):
    for u, v, d in g.edges(data=True):
        if d["kind"] == "cites" and u != v:
            yield u, v, d


def _name(g: nx.MultiDiGraph, n: str) -> str:
    """'Kamada 1989' style: short enough for a reason line."""
    d = g.nodes[n]
    label = d.get("label") or n
    return label.replace(" (", " ").replace(")", "") if label.endswith(")") else label


def _url(d: dict) -> str | None:
    """Where to look the work up: its URL, else its OpenAlex page (OpenAlex cites by id alone)."""
    if d.get("url"):
        return d["url"]
    oa = (d.get("ids") or {}).get("openalex")
    return f"https://openalex.org/{oa}" if oa else None


def choose_core(g: nx.MultiDiGraph, core: int | None = None) -> tuple[list[str], str]:
    """The core papers and the rule that chose them."""
    papers = [n for n, d in g.nodes(data=True) if d["kind"] == "paper"]
    citing = {u for u, _, _ in _cites(g) if g.nodes[u]["kind"] == "paper"}
    if core is None or core >= len(papers):
        chosen = sorted(n for n in papers if n in citing)
        if not chosen:
            return sorted(papers), "every corpus paper; none cites anything"
        return chosen, "every corpus paper that cites something"
    from .centrality import metrics

    m = metrics(g)
    order = sorted(papers, key=lambda n: (-m["cited_by"].get(n, 0), -m["pagerank"].get(n, 0.0), n))
    return order[:core], f"the {core} corpus papers with the most local citations (then PageRank)"


def suggest_works(g: nx.MultiDiGraph, top: int | None = 20, core: int | None = None, min_links: int = 2) -> dict:
    """Cited-only works ranked by their links to the core, each with its reasons.

    Returns {"core": {...}, "corpus_papers", "candidates", "suggestions": [...], "note"}; `note` says
    why nothing (or little) could be suggested, and is None otherwise."""
    papers = [n for n, d in g.nodes(data=True) if d["kind"] == "paper"]
    core_nodes, rule = choose_core(g, core)
    core_set = set(core_nodes)
    cited_by_core: dict[str, set[str]] = defaultdict(set)
    cites_core: dict[str, set[str]] = defaultdict(set)
    cited_by_any: dict[str, set[str]] = defaultdict(set)
    in_text: Counter = Counter()
    refs_of: dict[str, set[str]] = defaultdict(set)
    n_cites = 0
    for u, v, d in _cites(g):
        n_cites += 1
        refs_of[u].add(v)
        if g.nodes[v]["kind"] == "work":
            cited_by_any[v].add(u)
            in_text[v] += d.get("weight", 1)
            if u in core_set:
                cited_by_core[v].add(u)
        if g.nodes[u]["kind"] == "work" and v in core_set:
            cites_core[u].add(v)
    # Co-citation with the core: a paper citing a candidate and a (cited) core paper together.
    cocited: dict[str, Counter] = defaultdict(Counter)
    for u, refs in refs_of.items():
        core_refs = [r for r in refs if r in core_set]
        if not core_refs:
            continue
        for w in refs:
            if g.nodes[w]["kind"] == "work":
                for p in core_refs:
                    cocited[w][p] += 1
    candidates = set(cited_by_any) | set(cites_core)
    n_core = len(core_nodes)
    result = {"core": {"size": n_core, "rule": rule, "papers": core_nodes},
              "corpus_papers": len(papers), "candidates": len(candidates), "min_links": min_links,
              "suggestions": [], "note": None}
    if not papers:
        result["note"] = "the corpus holds no papers"
        return result
    if not n_cites:
        result["note"] = ("no corpus paper cites anything (the records carry no cited references): suggestions "
                          "come from what the corpus cites, so there is nothing to suggest; export the records "
                          "with their cited references (Web of Science 'Full Record and Cited References', "
                          "Scopus with 'References') or add the papers' reference lists")
        return result
    rows = []
    for w in candidates:
        direct = len(cited_by_core[w]) + len(cites_core[w])
        co = sum(cocited[w].values())
        if max(direct, co) < min_links:
            continue
        d = g.nodes[w]
        reasons = []
        if cited_by_core[w]:
            reasons.append(f"cited by {len(cited_by_core[w])} of {n_core} core papers")
        if cites_core[w]:
            reasons.append(f"cites {len(cites_core[w])} core paper{'s' if len(cites_core[w]) != 1 else ''}")
        if co:
            partners = [p for p, _ in sorted(cocited[w].items(), key=lambda kv: (-kv[1], kv[0]))]
            names = [_name(g, p) for p in partners[:2]]
            more = f" and {len(partners) - 2} more" if len(partners) > 2 else ""
            reasons.append(f"co-cited with {' and '.join(names) if not more else ', '.join(names)}{more} "
                           f"{co} time{'s' if co != 1 else ''}")
        others = len(cited_by_any[w] - cited_by_core[w])
        if others:
            reasons.append(f"also cited by {others} corpus paper{'s' if others != 1 else ''} outside the core")
        row = {"id": w, "label": d["label"], "year": d.get("year"), "title": d.get("title"),
               "authors": d.get("authors") or [], "doi": d.get("doi"), "url": _url(d),
               "score": direct + co, "cited_by_core": len(cited_by_core[w]), "cites_core": len(cites_core[w]),
               "cocitations": co, "citations": in_text[w], "cited_by": len(cited_by_any[w]),
               "citing": sorted(cited_by_core[w]), "cited": sorted(cites_core[w]),
               "cocited_with": [{"id": p, "label": g.nodes[p]["label"], "count": c}
                                for p, c in sorted(cocited[w].items(), key=lambda kv: (-kv[1], kv[0]))],
               "reasons": reasons}
        rows.append(row)
    rows.sort(key=lambda r: (-(r["cited_by_core"] + r["cites_core"]), -r["cocitations"], -r["citations"],
                             r["label"], r["id"]))
    result["qualified"] = len(rows)
    result["suggestions"] = rows[:top] if top else rows
    if not rows:
        links = [max(len(cited_by_core[w]) + len(cites_core[w]), sum(cocited[w].values())) for w in candidates]
        best = max(links, default=0)
        if n_core == 1:
            why = ("the core is a single paper, so every work it cites is cited once and none stands out; "
                   "add more papers citing the same literature")
        else:
            why = f"no cited-only work has {min_links} or more links to the {n_core} core papers (the most is {best})"
            if best:
                why += f"; --min-links {best} lists the {links.count(best)} with {best}"
        result["note"] = why
    return result
