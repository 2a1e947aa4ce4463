"""Citation bursts: the years in which a work's citations from the corpus papers rise sharply.

    from litgraph.analysis.bursts import add_bursts, kleinberg
    add_bursts(g)   # node attribute `burst` = {"start", "end", "strength"} (the strongest burst)

Kleinberg's (2003) two-state automaton over batched counts, as CiteSpace uses it: in year t the
corpus has d_t citing papers, r_t of which cite the work. The base state emits citations at the
work's overall rate p0 = sum r / sum d, the burst state at s * p0; entering the burst state costs
gamma * ln(years), leaving it costs nothing. The cheapest state sequence (Viterbi) marks the burst
years; a burst's strength is how much cheaper the burst state explains those years than the base.
"""
from __future__ import annotations

import math
from collections import Counter, defaultdict

import networkx as nx

S = 2.0       # the burst state's rate is S times the base rate (CiteSpace's default)
GAMMA = 1.0   # cost of entering the burst state, times ln(number of years)


def _cost(r: int, d: int, p: float) -> float:
    """-ln of the binomial probability of r citing papers out of d at rate p (the constant term dropped)."""
    p = min(max(p, 1e-12), 1 - 1e-12)
    return -(r * math.log(p) + (d - r) * math.log(1 - p))


def kleinberg(r: list[int], d: list[int], s: float = S, gamma: float = GAMMA) -> list[tuple[int, int, float]]:
    """Bursts in the counts r (citing the work) of d (all citing papers) per period: [(first, last, strength)] as indices."""
    n = len(r)
    if n == 0 or sum(d) == 0 or sum(r) == 0:
        return []
    p0 = sum(r) / sum(d)
    p1 = min(s * p0, 0.9999)
    if p1 <= p0:  # the work is cited by (almost) every paper: nothing can rise above it
        return []
    trans = gamma * math.log(n) if n > 1 else gamma
    # _cost's terms with the logarithms taken once per rate, not once per period (the same floats)
    logs = [(math.log(q), math.log(1 - q)) for q in (min(max(p, 1e-12), 1 - 1e-12) for p in (p0, p1))]
    cost = [[-(r[t] * lp + (d[t] - r[t]) * lq) if d[t] else 0.0 for lp, lq in logs] for t in range(n)]
    # Viterbi over two states; start in the base state.
    best = [cost[0][0], trans + cost[0][1]]
    back = [[0, 0]]
    for t in range(1, n):
        to0 = min((best[0], 0), (best[1], 1))  # leaving the burst is free
        to1 = min((best[0] + trans, 0), (best[1], 1))
        best = [to0[0] + cost[t][0], to1[0] + cost[t][1]]
        back.append([to0[1], to1[1]])
    state = 0 if best[0] <= best[1] else 1
    states = [0] * n
    for t in range(n - 1, -1, -1):
        states[t] = state
        state = back[t][state]
    out, t = [], 0
    while t < n:
        if states[t] == 1:
            u = t
            while u + 1 < n and states[u + 1] == 1:
                u += 1
            strength = sum(cost[k][0] - cost[k][1] for k in range(t, u + 1))
            out.append((t, u, strength))
            t = u + 1
        else:
            t += 1
    return out


def _year(d: dict):
    y = d.get("year")
    return y if isinstance(y, int) and not isinstance(y, bool) else None


def bursts(g: nx.MultiDiGraph, s: float = S, gamma: float = GAMMA) -> dict[str, list[dict]]:
    """{node: [{"start", "end", "strength"}, ...]} for every cited node with a burst, years of the citing papers."""
    papers_per_year: Counter = Counter()
    citing_years: dict[str, Counter] = defaultdict(Counter)
    citers = set()
    for u, v, dd in g.edges(data=True):
        if dd.get("kind") != "cites" or u == v:
            continue
        y = _year(g.nodes[u])
        if y is None:
            continue
        if u not in citers:
            citers.add(u)
            papers_per_year[y] += 1
        citing_years[v][y] += 1
    if len(papers_per_year) < 2:  # one citing year: no time to burst in
        return {}
    first, last = min(papers_per_year), max(papers_per_year)
    years = list(range(first, last + 1))
    d = [papers_per_year[y] for y in years]
    out = {}
    for node, per in citing_years.items():
        if sum(per.values()) < 2:  # one citation is no rise over time
            continue
        found = kleinberg([per[y] for y in years], d, s, gamma)
        if found:
            out[node] = [{"start": years[a], "end": years[b], "strength": round(st, 3)} for a, b, st in found]
    return out


def add_bursts(g: nx.MultiDiGraph, s: float = S, gamma: float = GAMMA) -> int:
    """Store each node's strongest burst as its `burst` attribute; returns how many nodes burst."""
    found = bursts(g, s, gamma)
    for n in g:
        g.nodes[n].pop("burst", None)
    for n, bs in found.items():
        g.nodes[n]["burst"] = max(bs, key=lambda b: (b["strength"], -b["start"]))
    return len(found)
