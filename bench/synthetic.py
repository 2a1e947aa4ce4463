"""A synthetic citation graph shaped like litgraph's: papers citing works, a few
heavily cited (preferential attachment), theories discussed by papers, years
spread over four decades. Deterministic for a given size and seed."""
from __future__ import annotations

import random

import networkx as nx


def synthetic_graph(n_nodes: int, seed: int = 1) -> nx.MultiDiGraph:
    rnd = random.Random(seed)
    g = nx.MultiDiGraph()
    n_papers = max(4, n_nodes // 10)
    n_theories = max(2, n_nodes // 100)
    n_works = n_nodes - n_papers - n_theories
    works = []
    for i in range(n_works):
        node = f"work:w{i}"
        year = 1980 + int(rnd.betavariate(4, 1.5) * 45)
        g.add_node(node, kind="work", label=f"Author{i} et al. ({year})", year=year, authors=[f"Author{i}, A."],
                   title=f"A study of topic {i % 97} in setting {i % 13}", container=f"Journal {i % 41}",
                   doi=f"10.1000/w{i}", type="article", cited_by=0)
        works.append(node)
    for t in range(n_theories):
        g.add_node(f"theory:t{t}", kind="theory", label=f"Theory {t}", summary="A synthetic theory.")
    weights = [1.0] * len(works)
    for p in range(n_papers):
        node = f"paper:p{p}"
        year = 2000 + rnd.randint(0, 25)
        g.add_node(node, kind="paper", label=f"Paper {p} ({year})", year=year, authors=[f"Writer{p}, W."],
                   title=f"Paper number {p}", container="Proceedings", doi=None, type="article", cited_by=0)
        for w in set(rnd.choices(range(len(works)), weights=weights, k=rnd.randint(10, 40))):
            g.add_edge(node, works[w], key="cites", kind="cites", weight=rnd.randint(1, 4))
            weights[w] += 1.0
        for t in rnd.sample(range(n_theories), k=min(3, n_theories)):
            g.add_edge(node, f"theory:t{t}", key="discusses", kind="discusses", weight=rnd.randint(1, 9))
    for w, node in enumerate(works):
        g.nodes[node]["cited_by"] = int(weights[w] - 1)
    return g
