"""litgraph's co-citation clusters side by side with VOSviewer's and CiteSpace's documented methods.

    python bench/cluster_compare.py              # the shared WoS (50 records) and Scopus BibTeX (263) exports
    python bench/cluster_compare.py FILE ...     # any exports litgraph reads

For each export it prints:
  (a) litgraph: the co-citation clusters `build` stores (litgraph.analysis.clusters.cocitation_clusters);
  (b) VOSviewer's method (van Eck & Waltman 2009, "How to normalize co-occurrence data"; Waltman, van Eck
      & Noyons 2010, "A unified approach to mapping and clustering of bibliometric networks"): works cited
      MIN_CITED+ times, the full co-citation counts c_ij normalised by association strength
      a_ij = 2m c_ij / (s_i s_j) (s_i: i's total link strength, m: total link strength / 2), then a
      modularity-type clustering with a resolution parameter. VOSviewer optimises its VOS quality function
      with the smart local moving / Leiden algorithm; leidenalg is GPL, so this uses networkx's Louvain on
      the normalised weights (the same objective family, a different optimiser);
  (c) CiteSpace's labels (Chen, Ibekwe-SanJuan & Hou 2010, "The structure and dynamics of co-citation
      clusters"): each cluster labelled by terms of the titles and keywords of the corpus papers that CITE
      its members, ranked by log-likelihood ratio (the cluster's citers against all other citers) and by
      tf-idf (the cluster's citers' text as one document among the clusters), each citing paper counted
      once. Applied to (a)'s partition and to (b)'s.
Then: the number of clusters, modularity (of each partition on the raw co-citation counts, and of (b) on
its own normalised weights), the agreement between (a) and (b) (adjusted Rand index, normalised mutual
information, on the works both cluster), and for the largest clusters the labels side by side with
their most cited works. Finally the WoS export's citation bursts (litgraph.analysis.bursts).
"""
from __future__ import annotations

import math
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

EXPORTS = ROOT.parent / "shared" / "datasets" / "exports"
DEFAULT = [EXPORTS / "wos_plaintext" / "wosfile_wos_plaintext.txt", EXPORTS / "scopus_bibtex" / "pybibx_scopus.bib"]
SHOW = 6          # clusters shown side by side
LABELS = 4        # terms per label
SEED = 42


# --- agreement between partitions (scikit-learn is not installed; these are the textbook formulas) ---

def _comb2(n: int) -> float:
    return n * (n - 1) / 2


def adjusted_rand(a: list, b: list) -> float:
    """Hubert & Arabie's adjusted Rand index of two labelings of the same items."""
    n = len(a)
    pairs = Counter(zip(a, b))
    ca, cb = Counter(a), Counter(b)
    index = sum(_comb2(v) for v in pairs.values())
    sa, sb = sum(_comb2(v) for v in ca.values()), sum(_comb2(v) for v in cb.values())
    expected = sa * sb / _comb2(n) if n > 1 else 0.0
    top = (sa + sb) / 2
    return 1.0 if top == expected else (index - expected) / (top - expected)


def nmi(a: list, b: list) -> float:
    """Normalised mutual information, arithmetic-mean normalisation (scikit-learn's default)."""
    n = len(a)
    pairs = Counter(zip(a, b))
    ca, cb = Counter(a), Counter(b)
    mi = sum(v / n * math.log(n * v / (ca[x] * cb[y])) for (x, y), v in pairs.items())
    ha = -sum(v / n * math.log(v / n) for v in ca.values())
    hb = -sum(v / n * math.log(v / n) for v in cb.values())
    return 1.0 if ha + hb == 0 else 2 * mi / (ha + hb)


# --- VOSviewer's method ---

def association_strength(h):
    """The co-citation graph reweighted by association strength, 2m c_ij / (s_i s_j)."""
    import networkx as nx

    s = dict(h.degree(weight="weight"))
    two_m = sum(s.values())
    out = nx.Graph()
    out.add_nodes_from(h)
    out.add_weighted_edges_from((u, v, two_m * w / (s[u] * s[v])) for u, v, w in h.edges(data="weight"))
    return out


def vosviewer_clusters(g, min_cited: int, resolution: float = 1.0):
    import networkx as nx
    from litgraph.analysis.clusters import cocitation_network

    full = cocitation_network(g, min_cited)  # all links, as VOSviewer keeps them
    norm = association_strength(full)
    comms = nx.community.louvain_communities(norm, weight="weight", resolution=resolution, seed=SEED)
    comms = sorted(comms, key=lambda c: (-len(c), min(c)))
    return full, norm, comms


# --- CiteSpace's labels ---

def paper_terms(g, p) -> set[str]:
    """A citing paper's candidate terms: its title's words and two-word phrases, its keywords whole."""
    from litgraph.analysis.clusters import _words

    d = g.nodes[p]
    words = _words(d.get("title"))
    terms = set(words) | {f"{x} {y}" for x, y in zip(words, words[1:])}
    kws = d.get("keywords") or []
    if isinstance(kws, str):
        kws = kws.split(";")
    terms |= {k.strip().lower() for k in kws if k and k.strip()}
    return terms


def _g2(a: int, b: int, c: int, d: int) -> float:
    """Dunning's log-likelihood ratio of a 2x2 table: a, b = in the cluster with / without the term;
    c, d = outside it with / without."""
    n = a + b + c + d
    cells = ((a, a + b, a + c), (b, a + b, b + d), (c, c + d, a + c), (d, c + d, b + d))
    return 2 * sum(o * math.log(o * n / (r * k)) for o, r, k in cells if o)


def citespace_labels(g, comms: list[set], k: int = LABELS) -> tuple[list[list[str]], list[list[str]]]:
    """(LLR labels, tf-idf labels) of each cluster, from the terms of the papers citing its members."""
    citers = defaultdict(set)
    for u, v, d in g.edges(data=True):
        if d.get("kind") == "cites" and u != v:
            citers[v].add(u)
    of = [set().union(*(citers[n] for n in c)) if c else set() for c in comms]
    everyone = set().union(*of) if of else set()
    terms = {p: paper_terms(g, p) for p in everyone}
    df_all = Counter(t for p in everyone for t in terms[p])
    llr, tfidf = [], []
    bags = [Counter(t for p in ps for t in terms[p]) for ps in of]
    cdf = Counter(t for bag in bags for t in bag)
    for ps, bag in zip(of, bags):
        inside, outside = len(ps), len(everyone) - len(ps)
        scored = []
        for t, a in bag.items():
            if a < 2:  # a term of one citing paper labels that paper, not a cluster
                continue
            c = df_all[t] - a
            if outside and c / outside >= a / inside:  # only terms over-represented in the cluster
                continue
            scored.append((-_g2(a, inside - a, c, outside - c), -a, t))
        llr.append([t for _, _, t in sorted(scored)[:k]])
        total = sum(bag.values()) or 1
        tf = sorted(bag, key=lambda t: (-(bag[t] / total) * math.log(len(bags) / cdf[t]), -bag[t], t))
        tfidf.append(tf[:k])
    return llr, tfidf


# --- the comparison ---

def modularity(h, comms) -> float:
    import networkx as nx

    nodes = set(h)
    parts = [c & nodes for c in comms]
    parts = [c for c in parts if c]
    missing = nodes - set().union(*parts)
    return nx.community.modularity(h, parts + [{n} for n in missing], weight="weight")


def top_works(g, c: set, k: int = 3) -> str:
    top = sorted(c, key=lambda n: (-(g.nodes[n].get("cited_by") or 0), n))[:k]
    return "; ".join(f"{g.nodes[n].get('label', n)} [{g.nodes[n].get('cited_by') or 0}]" for n in top)


def compare(path: Path) -> None:
    from litgraph.analysis.clusters import cocitation_clusters
    from litgraph.corpus import load_corpus

    t = time.perf_counter()
    g = load_corpus([str(path)]).graph
    papers = sum(1 for _, d in g.nodes(data=True) if d.get("kind") == "paper")
    print(f"\n=== {path.name}: {papers} records, {g.number_of_nodes():,} nodes (read in {time.perf_counter() - t:.1f} s)")
    lit = cocitation_clusters(g)
    min_cited = lit["min_cited"]
    lit_comms = [set(c["members"]) for c in lit["clusters"]]
    full, norm, vos_comms = vosviewer_clusters(g, min_cited)
    print(f"co-citation network: works cited {min_cited}+ times: {full.number_of_nodes()} works, "
          f"{full.number_of_edges():,} links (litgraph keeps {lit['links']:,}: each work's "
          f"{lit['selection'].split('its ')[-1]})")

    both = sorted(set().union(*lit_comms) & set().union(*vos_comms))
    la = {n: i for i, c in enumerate(lit_comms) for n in c}
    lb = {n: i for i, c in enumerate(vos_comms) for n in c}
    a, b = [la[n] for n in both], [lb[n] for n in both]
    sizes = lambda cs: ",".join(str(len(c)) for c in cs[:10]) + (",..." if len(cs) > 10 else "")
    print(f"{'':<34}{'clusters':>9}{'Q raw':>8}{'Q assoc':>9}  sizes")
    print(f"{'(a) litgraph (Louvain, counts)':<34}{len(lit_comms):>9}{modularity(full, lit_comms):>8.3f}"
          f"{modularity(norm, lit_comms):>9.3f}  {sizes(lit_comms)}")
    print(f"{'(b) VOSviewer (assoc. strength)':<34}{len(vos_comms):>9}{modularity(full, vos_comms):>8.3f}"
          f"{modularity(norm, vos_comms):>9.3f}  {sizes(vos_comms)}")
    print(f"agreement (a) vs (b) on {len(both)} works: ARI {adjusted_rand(a, b):.3f}, NMI {nmi(a, b):.3f}")
    print(f"(litgraph's own modularity, on its pruned network: {lit['modularity']})")
    # How much of the disagreement is only granularity: VOSviewer's method at other resolutions.
    sweep = []
    for res in (0.5, 1.5, 2.0, 3.0):
        _, _, cs = vosviewer_clusters(g, min_cited, res)
        lr = {n: i for i, c in enumerate(cs) for n in c}
        sweep.append(f"{res}: {len(cs)} clusters ARI {adjusted_rand(a, [lr[n] for n in both]):.3f} "
                     f"NMI {nmi(a, [lr[n] for n in both]):.3f}")
    print("(b) at other resolutions vs (a): " + "; ".join(sweep))

    for name, comms, names in (("(a) litgraph partition", lit_comms, [c["label"] for c in lit["clusters"]]),
                               ("(b) VOSviewer partition", vos_comms, None)):
        llr, tfidf = citespace_labels(g, comms)
        print(f"\n{name}: largest {min(SHOW, len(comms))} clusters")
        for i, c in enumerate(comms[:SHOW]):
            # the (a) cluster that most (b) members fall in, to read the two side by side
            match = ""
            if names is None:
                hits = sorted(Counter(la[n] for n in c if n in la).items(), key=lambda kv: (-kv[1], kv[0]))[:3]
                match = " (litgraph " + ", ".join(f"#{k + 1}: {v}" for k, v in hits) + ")" if hits else ""
            print(f"  #{i + 1} {len(c)} works{match}  top: {top_works(g, c)}")
            if names is not None:
                print(f"      litgraph : {names[i]}")
            print(f"      LLR      : {', '.join(llr[i]) or '-'}")
            print(f"      tf-idf   : {', '.join(tfidf[i]) or '-'}")


def show_bursts(path: Path, k: int = 12) -> None:
    from litgraph.analysis.bursts import bursts
    from litgraph.corpus import load_corpus

    g = load_corpus([str(path)]).graph
    years = Counter(d.get("year") for _, d in g.nodes(data=True) if d.get("kind") == "paper")
    print(f"\n=== bursts in {path.name}: citing papers per year "
          + ", ".join(f"{y}:{n}" for y, n in sorted((y, n) for y, n in years.items() if isinstance(y, int))))
    for gamma in (1.0, 0.5):  # litgraph's default, and a lower entry cost (CiteSpace lets the user set it)
        found = bursts(g, gamma=gamma)
        rows = sorted(((b["strength"], n, b) for n, bs in found.items() for b in bs), key=lambda r: (-r[0], r[1]))
        print(f"gamma {gamma}: {len(found)} works burst" + (f"; the strongest {min(k, len(rows))}:" if rows else ""))
        for st, n, b in rows[:k]:
            d = g.nodes[n]
            print(f"  {str(d.get('label', n))[:40]:<40} cited {d.get('cited_by') or 0:>3}  "
                  f"burst {b['start']}-{b['end']}  strength {st:.2f}")


def main(argv: list[str]) -> None:
    paths = [Path(p) for p in argv] or [p for p in DEFAULT if p.is_file()]
    if not paths:
        print(f"no exports given and none under {EXPORTS}")
        return
    for p in paths:
        compare(p)
    for p in paths:
        show_bursts(p)


if __name__ == "__main__":
    main(sys.argv[1:])
