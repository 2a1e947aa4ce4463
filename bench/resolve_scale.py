"""Identity of works at scale: a generated corpus of papers and their cited references,
and the CPU time and peak memory of `resolve.identify_works` and `graph.build_graph` on it.

    python bench/resolve_scale.py                    # 1k, 10k, 100k references
    python bench/resolve_scale.py 1000 1000000       # chosen sizes
    python bench/resolve_scale.py --dump works.jsonl 10000   # the works found (to compare two versions)
    python bench/resolve_scale.py --dump-bib works.jsonl     # the same for the demo corpus bib/

The corpus is what identity has to cope with in real data (deterministic for a size and seed):
papers citing 20-60 works each; works drawn with a Zipf tail so a few are cited
by a large share of the papers; common surnames so that one author-year block
holds many different works; and per citation the variants real lists carry:
DOI kept or dropped, title case and punctuation changed, a subtitle dropped, a
typo, a slip in the first author's name, the co-authors cut to "et al.", a
citation known only by authors and year, a paper listing one work twice, and
papers of the corpus cited by others (their own metadata joins the pool).

Each size runs in a fresh process, so peak memory (ru_maxrss) is that size's alone.
`generate_documents` is importable (bench/scale.py can reuse it).
"""
from __future__ import annotations

import json
import os
import random
import resource
import subprocess
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))

from litgraph.model import Author, Document, Reference  # noqa: E402

_SYLLABLES = ("ka ri to ma ne so lu han sen berg mann ov ic ez al in el on ar us is an de va ho"
              " jo wa li ng zh ch st pe ter son ber ga mo ru fi la vi ke ta").split()
_WORDS = ("firm export market entry mode network internationalization knowledge learning capability"
          " innovation performance small medium enterprise strategy institutional distance cultural"
          " global born process model theory evidence study analysis review dynamic resource based"
          " view trust commitment foreign direct investment emerging economy family business growth"
          " digital platform ecosystem value chain supply cluster region policy").split()


def _surname(rnd: random.Random) -> str:
    return "".join(rnd.choice(_SYLLABLES) for _ in range(rnd.randint(2, 4))).capitalize()


def _typo(rnd: random.Random, s: str) -> str:
    if len(s) < 6:
        return s
    k = rnd.randrange(1, len(s) - 1)
    return s[:k] + rnd.choice("aeiourstn") + s[k + 1:]


def _zipf_weights(n: int, s: float) -> list[float]:
    return [1.0 / (k + 1) ** s for k in range(n)]


def generate_documents(n_refs: int, seed: int = 1) -> list[Document]:
    """Papers whose reference lists hold about `n_refs` references in all."""
    rnd = random.Random(seed)
    n_works = max(50, n_refs // 4)
    # Surnames with a Zipf tail: "Wang" and "Smith" are many people.
    surnames = list({_surname(rnd) for _ in range(max(40, n_works // 3))})
    surnames.sort()
    s_weights = _zipf_weights(len(surnames), 0.9)
    works = []
    for w in range(n_works):
        authors = rnd.choices(surnames, weights=s_weights, k=rnd.choice((1, 2, 2, 3, 3, 4, 5)))
        year = 1950 + int(rnd.betavariate(5, 1.6) * 75)
        words = rnd.sample(_WORDS, rnd.randint(4, 10))
        title = " ".join(words).capitalize()
        if rnd.random() < 0.3:
            title += ": " + " ".join(rnd.sample(_WORDS, 3))
        works.append({
            "authors": [Author(a, rnd.choice("ABCDEFGHJKLMNPRSTW") + ".") for a in authors],
            "year": year, "title": title, "container": f"Journal of {rnd.choice(_WORDS).capitalize()} Studies",
            "volume": str(rnd.randint(1, 60)), "pages": f"{(p := rnd.randint(1, 900))}-{p + rnd.randint(5, 30)}",
            "doi": f"10.{rnd.randint(1000, 9999)}/w{w}" if rnd.random() < 0.7 else None,
        })
    # Popularity: a Zipf tail over a shuffled order (popularity independent of the author).
    order = list(range(n_works))
    rnd.shuffle(order)
    weights = [0.0] * n_works
    for rank, w in enumerate(order):
        weights[w] = 1.0 / (rank + 1) ** 1.05
    cum = []
    total = 0.0
    for x in weights:
        total += x
        cum.append(total)
    docs: list[Document] = []
    made = 0
    p = 0
    while made < n_refs:
        k = min(rnd.randint(20, 60), n_refs - made)
        chosen: list[int] = []
        seen: set[int] = set()
        while len(chosen) < k:
            w = rnd.choices(range(n_works), cum_weights=cum, k=1)[0]
            if w not in seen:
                seen.add(w)
                chosen.append(w)
        did = f"p{p:06d}"
        refs = []
        for w in chosen:
            refs.append(_variant(rnd, works[w], did, len(refs) + 1))
        if rnd.random() < 0.005 and refs:  # one work listed twice
            refs.append(_variant(rnd, works[chosen[0]], did, len(refs) + 1))
        year = 2000 + rnd.randint(0, 25)
        meta = Reference(did, 0, "", type="article", authors=[Author(_surname(rnd), "Q.")], year=year,
                         title=" ".join(rnd.sample(_WORDS, 6)).capitalize(), doi=f"10.9999/{did}")
        docs.append(Document(did, did, "paper", meta=meta, references=refs, has_text=False))
        made += len(refs)
        p += 1
    # Papers of the corpus cited by later papers (the same DOI and title).
    for d in docs[: len(docs) // 20]:
        citing = docs[rnd.randrange(len(docs))]
        if citing is d:
            continue
        m = d.meta
        citing.references.append(Reference(citing.id, len(citing.references) + 1, "", type="article",
                                           authors=list(m.authors), year=m.year, title=m.title, doi=m.doi))
    return docs


def _variant(rnd: random.Random, w: dict, doc: str, index: int) -> Reference:
    authors = [Author(a.family, a.given) for a in w["authors"]]
    truncated = False
    r = rnd.random()
    if r < 0.03 and len(authors[0].family) >= 6:
        authors[0].family = _typo(rnd, authors[0].family)
    elif r < 0.05:
        authors[0].family = authors[0].family.upper()
    if len(authors) > 2 and rnd.random() < 0.2:
        authors, truncated = authors[:1], True
    if rnd.random() < 0.02:  # known only from in-text citations
        return Reference(doc, index, "", type="other", authors=authors, year=w["year"], authors_truncated=truncated,
                         reconstructed=True)
    title = w["title"]
    r = rnd.random()
    if r < 0.05:
        title = title.upper()
    elif r < 0.08:
        title = title.split(":")[0]
    elif r < 0.15:
        title = _typo(rnd, title)
    elif r < 0.18:
        title = title.replace(" ", ", ", 1) + "."
    elif r < 0.22:
        title = None
    doi = w["doi"] if rnd.random() < 0.6 else None
    raw = f"{authors[0].family} ({w['year']}). {title or ''}"
    return Reference(doc, index, raw, type="article", authors=authors, year=w["year"], title=title,
                     container=w["container"], volume=w["volume"], pages=w["pages"], doi=doi,
                     authors_truncated=truncated)


def entries_of(docs: list[Document]) -> list[tuple[str, Reference]]:
    """The (document, reference) pool identify_works sees in build_graph (without citation links)."""
    out = [(d.id, r) for d in sorted(docs, key=lambda d: d.id) for r in d.references]
    out += [(f"self:{d.id}", d.meta) for d in docs if d.meta and (d.meta.title or d.meta.doi) and d.meta.authors]
    return out


def works_signature(entries, works) -> list[dict]:
    """What identity decided, in a form two versions can be compared by: members, key, reasons."""
    where = {id(r): f"{doc}#{r.index}" for doc, r in entries}
    return [{"members": sorted(where[id(r)] for r in w.refs), "key": w.key, "merges": list(w.merges)}
            for w in works]


def _dump(path: str, sig: list[dict]) -> None:
    with open(path, "w", encoding="utf-8") as f:
        for row in sig:
            f.write(json.dumps(row, ensure_ascii=False) + "\n")


def dump_bib(path: str) -> None:
    """The works of the demo corpus as build_graph resolves them."""
    import litgraph.graph as graph_mod
    from litgraph.corpus import load_corpus

    seen = {}
    real = graph_mod.identify_works

    def spy(entries):
        works = real(entries)
        seen["sig"] = works_signature(entries, works)
        return works

    graph_mod.identify_works = spy
    try:
        load_corpus([os.path.join(os.path.dirname(__file__), "..", "bib")])
    finally:
        graph_mod.identify_works = real
    _dump(path, seen["sig"])


def run_one(n: int, seed: int, dump: str | None) -> dict:
    from litgraph.graph import build_graph
    from litgraph.resolve import identify_works

    t = time.process_time()
    docs = generate_documents(n, seed)
    gen = time.process_time() - t
    rss_gen = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    entries = entries_of(docs)
    t = time.process_time()
    works = identify_works(entries)
    ident = time.process_time() - t
    if dump:
        _dump(dump, works_signature(entries, works))
    n_works = len(works)
    del works
    t = time.process_time()
    g = build_graph(docs)
    build = time.process_time() - t
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {"references": sum(len(d.references) for d in docs), "papers": len(docs), "works": n_works,
            "nodes": g.number_of_nodes(), "edges": g.number_of_edges(), "generate_s": round(gen, 2),
            "identify_works_s": round(ident, 2), "build_graph_s": round(build, 2),
            "rss_after_generate_mb": round(rss_gen), "peak_mb": round(peak)}


def main(argv: list[str]) -> None:
    if argv and argv[0] == "--one":
        n, seed, dump = int(argv[1]), int(argv[2]), (argv[3] if len(argv) > 3 else None)
        print(json.dumps(run_one(n, seed, dump)))
        return
    if argv and argv[0] == "--dump-bib":
        dump_bib(argv[1])
        return
    dump = None
    if argv and argv[0] == "--dump":
        dump, argv = argv[1], argv[2:]
    sizes = [int(a) for a in argv] or [1_000, 10_000, 100_000]
    print(f"{'refs':>9} {'works':>8} {'identify s':>10} {'build s':>8} {'peak MB':>8}")
    rows = []
    for n in sizes:
        args = [sys.executable, __file__, "--one", str(n), "1"] + ([dump] if dump else [])
        out = subprocess.run(args, capture_output=True, text=True, check=True).stdout
        row = json.loads(out.strip().splitlines()[-1])
        rows.append(row)
        print(f"{row['references']:>9} {row['works']:>8} {row['identify_works_s']:>10} {row['build_graph_s']:>8}"
              f" {row['peak_mb']:>8}", flush=True)
    if len(rows) >= 2:
        import math

        a, b = rows[-2], rows[-1]
        for stage in ("identify_works_s", "build_graph_s"):
            if a[stage] > 0 and b[stage] > 0:
                e = math.log(b[stage] / a[stage]) / math.log(b["references"] / a["references"])
                print(f"growth exponent of {stage[:-2]} between the last two sizes: {e:.2f}")


if __name__ == "__main__":
    main(sys.argv[1:])
