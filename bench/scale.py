"""Scale benchmark: synthetic corpora of 1k to 1M references, CPU time and peak memory
per stage (read, resolve, graph, metrics, write) and per command (build, then rank,
mainpath, export after the build).

    python bench/scale.py --sizes 1000 10000 100000          # this checkout
    python bench/scale.py --sizes 1000 10000 --before /tmp/main   # side by side with another checkout
    python bench/scale.py --generate-only --sizes 1000000     # just write the corpora

Corpora are written once to --data (default /tmp/litgraph-scale) and reused:

    bib-N/<paper>/paper.toml + references.bib   papers as BibTeX, one folder each
    wos-N/savedrecs-K.txt                       the same papers as a Web of Science
                                                plain-text export, 500 records a file

Papers cite 20-60 works each; the works are drawn with a Zipf tail (a few
classics cited by a large share of the papers), and a cited work is printed
with the variants real reference lists have: a dropped accent, an "and" for
"&", a typo in the title, a DOI in capitals, as a URL, or missing. Everything is
deterministic for a size and seed.

Stages are timed in one process (read_sources, resolving = link_citations plus
identify_works, the rest of build_graph, clusters and bursts, metrics, writing the
build outputs, and the corpus store's blobs: the graph, the metrics and each file's
documents, as build keeps them; each writer's share is printed below the table);
commands are run as a user runs them (`python -m litgraph ...`), each child's
CPU time (user + system) and peak resident memory measured with wait4.
The growth exponent is the slope of log(CPU) over log(references) between the
two largest sizes run.
"""
from __future__ import annotations

import argparse
import math
import os
import random
import shutil
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent

_FAMILIES = ["Johanson", "Vahlne", "Barney", "Penrose", "Dunning", "Oviatt", "McDougall", "Knight", "Cavusgil",
             "Porter", "Teece", "Pisano", "Shuen", "Eisenhardt", "Martin", "Cohen", "Levinthal", "Granovetter",
             "Burt", "Coleman", "Nahapiet", "Ghoshal", "Zahra", "George", "Wernerfelt", "Rugman", "Verbeke",
             "Müller", "Gómez", "Sánchez", "Østergaard", "Çelik", "Nguyễn", "Wang", "Li", "Zhang", "Kim", "Park",
             "Suárez", "Lindström", "Dubois", "Rossi", "Kowalski", "Novák", "Yılmaz", "Haddad", "Okafor",
             "Tanaka", "Suzuki", "Silva", "Santos", "Pereira", "Hernández", "Schmidt", "Fischer", "Weber"]
_GIVEN = "ABCDEFGHJKLMNPRSTW"
_WORDS = ("internationalization process firm knowledge market commitment foreign entry mode small medium "
          "enterprises network capabilities dynamic resource based view theory innovation performance export "
          "strategy learning absorptive capacity social capital structural holes embeddedness born global "
          "venture institutional distance emerging economies digital platforms survival growth evidence "
          "panel study case review framework model").split()
_JOURNALS = ["Journal of International Business Studies", "Strategic Management Journal",
             "Academy of Management Review", "Journal of World Business", "International Business Review",
             "Journal of Business Research", "Administrative Science Quarterly", "Research Policy",
             "Management Science", "Organization Science", "Small Business Economics",
             "Entrepreneurship Theory and Practice", "Journal of Management Studies"]
_ABBREV = {j: " ".join(w[:4].upper() for w in j.split() if w not in ("of", "and")) for j in _JOURNALS}


def _strip_accents(s: str) -> str:
    import unicodedata

    s = s.replace("Ø", "O").replace("ø", "o").replace("ı", "i")
    return "".join(c for c in unicodedata.normalize("NFKD", s) if not unicodedata.combining(c))


class Work:
    __slots__ = ("i", "authors", "year", "title", "journal", "volume", "pages", "doi")


def _works(n: int, rnd: random.Random) -> list[Work]:
    works = []
    for i in range(n):
        w = Work()
        w.i = i
        k = rnd.choice((1, 1, 2, 2, 2, 3, 3, 4, 6))
        w.authors = [(rnd.choice(_FAMILIES) + ("" if rnd.random() < 0.6 else rnd.choice(("son", "er", "ini", "a", "ov"))),
                      rnd.choice(_GIVEN) + ("" if rnd.random() < 0.5 else rnd.choice(_GIVEN))) for _ in range(k)]
        w.year = 1960 + int(rnd.betavariate(4, 1.6) * 64)
        words = rnd.sample(_WORDS, rnd.randint(4, 10))
        w.title = (" ".join(words)).capitalize() + f" {i}"  # the number keeps titles distinct at any size
        w.journal = rnd.choice(_JOURNALS)
        w.volume = str(rnd.randint(1, 60))
        first = rnd.randint(1, 900)
        w.pages = f"{first}--{first + rnd.randint(5, 40)}"
        w.doi = f"10.{rnd.randint(1000, 9999)}/s{i:07d}" if rnd.random() < 0.7 else None
        works.append(w)
    return works


def _variant(w: Work, rnd: random.Random) -> dict:
    """How one citing paper prints work w: mostly faithful, sometimes with the slips real lists have."""
    authors = list(w.authors)
    title = w.title
    doi = w.doi
    r = rnd.random()
    if r < 0.08:
        authors = [(_strip_accents(f), g) for f, g in authors]
    elif r < 0.11 and len(title) > 12:
        j = rnd.randrange(1, len(title) - 1)
        title = title[:j] + title[j + 1] + title[j] + title[j + 2:]  # two letters swapped
    elif r < 0.14:
        title = title.upper()
    if doi:
        d = rnd.random()
        if d < 0.1:
            doi = doi.upper()
        elif d < 0.2:
            doi = "https://doi.org/" + doi
        elif d < 0.3:
            doi = None
    return {"authors": authors, "title": title, "doi": doi, "year": w.year, "journal": w.journal,
            "volume": w.volume, "pages": w.pages}


def _papers(n_refs: int, seed: int):
    """[(paper metadata, [printed variants])]: papers citing 20-60 works until n_refs references."""
    rnd = random.Random(seed)
    pool = _works(max(50, n_refs), rnd)
    # Zipf weights (s = 0.75) over a shuffled pool: a few classics cited by a third or more of the
    # papers, a long tail cited once; about 45 % of the references are distinct works, as in
    # real reference lists of one field.
    order = list(range(len(pool)))
    rnd.shuffle(order)
    cum, total = [], 0.0
    for rank_ in range(len(pool)):
        total += 1.0 / (rank_ + 1) ** 0.75
        cum.append(total)
    import bisect

    papers = []
    made = 0
    p = 0
    while made < n_refs:
        k = min(rnd.randint(20, 60), n_refs - made)
        chosen: set[int] = set()
        while len(chosen) < k:
            chosen.add(order[bisect.bisect_left(cum, rnd.random() * total)])
        refs = [_variant(pool[i], rnd) for i in sorted(chosen)]
        meta = {"id": f"p{p:06d}", "title": " ".join(rnd.sample(_WORDS, 7)).capitalize() + f" (paper {p})",
                "authors": [f"{rnd.choice(_FAMILIES)}, {rnd.choice(_GIVEN)}." for _ in range(rnd.randint(1, 4))],
                "year": 2000 + rnd.randint(0, 25), "journal": rnd.choice(_JOURNALS)}
        papers.append((meta, refs))
        made += k
        p += 1
    return papers


def _bib_escape(s: str) -> str:
    return s.replace("{", "").replace("}", "")


def write_bibtex_corpus(folder: Path, papers) -> None:
    for meta, refs in papers:
        d = folder / meta["id"]
        d.mkdir(parents=True, exist_ok=True)
        authors = ", ".join(f'"{a}"' for a in meta["authors"])
        (d / "paper.toml").write_text(
            f'id = "{meta["id"]}"\ntitle = "{meta["title"]}"\nauthors = [{authors}]\nyear = {meta["year"]}\n'
            f'container = "{meta["journal"]}"\ntype = "article"\nreferences = "references.bib"\n', "utf-8")
        out = []
        for k, r in enumerate(refs, 1):
            amp = " and "
            names = amp.join(f"{f}, {g}." for f, g in r["authors"])
            fields = [f"  author = {{{_bib_escape(names)}}}", f"  title = {{{_bib_escape(r['title'])}}}",
                      f"  journal = {{{r['journal']}}}", f"  year = {{{r['year']}}}", f"  volume = {{{r['volume']}}}",
                      f"  pages = {{{r['pages']}}}"]
            if r["doi"]:
                fields.append(f"  doi = {{{r['doi']}}}")
            out.append(f"@article{{r{k},\n" + ",\n".join(fields) + "\n}\n")
        (d / "references.bib").write_text("\n".join(out), "utf-8")


def write_wos_corpus(folder: Path, papers, per_file: int = 500) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for start in range(0, len(papers), per_file):
        lines = ["\ufeffFN Clarivate Analytics Web of Science", "VR 1.0"]
        for meta, refs in papers[start:start + per_file]:
            lines.append("PT J")
            au = [a.replace(".", "").replace(", ", ", ") for a in meta["authors"]]
            lines.append("AU " + au[0])
            lines += ["   " + a for a in au[1:]]
            lines.append("TI " + meta["title"])
            lines.append("SO " + meta["journal"].upper())
            lines.append("DT Article")
            cr = []
            for r in refs:
                f, g = r["authors"][0]
                parts = [f"{f} {g}", str(r["year"]), _ABBREV[r["journal"]], f"V{r['volume']}",
                         f"P{r['pages'].split('--')[0]}"]
                if r["doi"]:  # WoS prints bare DOIs, in any case
                    parts.append("DOI " + r["doi"].replace("https://doi.org/", ""))
                cr.append(", ".join(parts))
            lines.append("CR " + cr[0])
            lines += ["   " + c for c in cr[1:]]
            lines.append(f"NR {len(refs)}")
            lines.append(f"PY {meta['year']}")
            lines.append(f"UT WOS:{int(meta['id'][1:]):015d}")
            lines.append("ER")
            lines.append("")
        lines.append("EF")
        (folder / f"savedrecs-{start // per_file + 1:04d}.txt").write_text("\n".join(lines) + "\n", "utf-8")


def corpus(data: Path, n: int, kind: str, seed: int = 12) -> Path:
    folder = data / f"{kind}-{n}-v2"
    done = folder / ".complete"
    if done.exists():
        return folder
    if folder.exists():
        shutil.rmtree(folder)
    papers = _papers(n, seed)
    if kind == "bib":
        write_bibtex_corpus(folder, papers)
    else:
        write_wos_corpus(folder, papers)
    done.write_text("", "utf-8")
    return folder


# ---- measuring -------------------------------------------------------------------------------------------

def run_child(argv: list[str], code: Path, cwd: Path) -> tuple[float, float, int, str]:
    """(CPU seconds, peak RSS MB, exit status, stderr tail) of one child process."""
    env = dict(os.environ, PYTHONPATH=str(code), LITGRAPH_DEBUG="1")
    env.pop("LITGRAPH_STORE", None)
    with open(os.devnull, "w") as null:
        proc = subprocess.Popen(argv, cwd=cwd, env=env, stdout=null, stderr=subprocess.PIPE)
        err = proc.stderr.read().decode("utf-8", "replace")
        _, status, ru = os.wait4(proc.pid, 0)
    code_ = os.waitstatus_to_exitcode(status)
    return ru.ru_utime + ru.ru_stime, ru.ru_maxrss / 1024, code_, err.strip().splitlines()[-1:] and err.strip().splitlines()[-1] or ""


STAGE_SCRIPT = r"""
import gc, json, os, resource, sys, time
# `build` runs with the collector off from reading to writing (cli._corpus); so do the stages, or a
# full collection of everything made so far lands in whichever stage happens to trigger it.
gc.disable()
sys.path.insert(0, sys.argv[1])
src, out = sys.argv[2], sys.argv[3]
def cpu():
    r = resource.getrusage(resource.RUSAGE_SELF); return r.ru_utime + r.ru_stime
def peak():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
import litgraph.graph as G
import litgraph.resolve as R
from litgraph.readers import read_sources
from litgraph.analysis.centrality import metrics
res = {}
# The vocabulary `build` chooses (the starter one for these corpora): its theory nodes change what
# the metrics cost (networkit's diameter bound for KADABRA took 61 s with them at 1M, 0.5 s without).
from litgraph.corpus import choose_vocabulary, load_vocabulary
vocab_path, _ = choose_vocabulary([src], None)
vocab = load_vocabulary(vocab_path) if vocab_path else None
t = cpu(); docs = read_sources([src], vocab, on_error=lambda e: None); res["read"] = (cpu() - t, peak())
t = cpu()
for d in docs: R.link_citations(d)
link = cpu() - t
spent = [0.0]
orig = G.identify_works
def timed(*a, **k):
    t0 = cpu(); r = orig(*a, **k); spent[0] += cpu() - t0; return r
G.identify_works = timed
t = cpu(); g = G.build_graph(docs, vocab); total = cpu() - t
res["resolve"] = (link + spent[0], peak()); res["graph"] = (total - spent[0], peak())
from litgraph.corpus import add_analyses
t = cpu(); add_analyses(g); res["clusters"] = (cpu() - t, peak())
t = cpu(); m = metrics(g); res["metrics"] = (cpu() - t, peak())
res["betweenness"] = m.get("_betweenness_info")
from litgraph.export.formats import to_graphml, to_json
from litgraph.export.html import to_html
t = cpu()
try:  # as build writes them: one sorted Tables for both graph files (where the checkout has it)
    from litgraph.export.formats import Tables
    tables = Tables(g)
    writers = {"to_json": lambda g: to_json(g, tables, as_bytes=True),
               "to_graphml": lambda g: to_graphml(g, tables, as_bytes=True),
               "to_html": lambda g: to_html(g).encode("utf-8")}
except ImportError:
    writers = {name: (lambda f: lambda g: f(g).encode("utf-8"))(f)
               for name, f in (("to_json", to_json), ("to_graphml", to_graphml), ("to_html", to_html))}
each = {"tables": cpu() - t}
for name, f in writers.items():
    t1 = cpu()
    data = f(g)  # as build writes them: bytes
    each[name[3:]] = cpu() - t1
    with open(os.path.join(out, name), "wb") as fh: fh.write(data)
    del data
res["write"] = (cpu() - t, peak())
# the corpus store build writes beside them: the graph, its metrics and each source file's documents
import litgraph.store as S
t = cpu()
for what, obj in (("graph", g), ("metrics", m)):
    t1 = cpu(); S._blob(obj); each["store " + what] = cpu() - t1
t1 = cpu()
by_file = {}
for d in docs:
    by_file.setdefault(d.source, []).append(d)
for file_docs in by_file.values():
    S._blob(file_docs)
each["store documents"] = cpu() - t1
res["store"] = (cpu() - t, peak())
res["writers"] = {k: round(v, 2) for k, v in each.items()}
res["nodes"] = g.number_of_nodes(); res["edges"] = g.number_of_edges()
print(json.dumps(res))
"""

STAGES = ("read", "resolve", "graph", "clusters", "metrics", "write", "store")
COMMANDS = ("build", "rank", "mainpath", "export")


def measure(code: Path, src: Path, work: Path, stages: bool) -> dict:
    import json

    res: dict = {}
    if work.exists():
        shutil.rmtree(work)
    work.mkdir(parents=True)
    if stages:
        script = work / "stages.py"
        script.write_text(STAGE_SCRIPT, "utf-8")
        env = dict(os.environ)
        proc = subprocess.run([sys.executable, str(script), str(code), str(src), str(work)], capture_output=True,
                              text=True, env=env)
        if proc.returncode == 0:
            res.update(json.loads(proc.stdout.strip().splitlines()[-1]))
        else:
            res["stage_error"] = proc.stderr.strip().splitlines()[-1:] or ["?"]
    py = [sys.executable, "-m", "litgraph"]
    out = work / "graphs"
    commands = {"build": ["build", "-s", str(src), "-o", str(out)],
                "rank": ["rank", "-s", str(src), "--top", "20"],
                "mainpath": ["mainpath", "-s", str(src)],
                "export": ["export", "-s", str(src), "--format", "graphml", "-o", str(work / "export.graphml")]}
    for name, args in commands.items():
        # rank/mainpath/export run from the folder holding graphs/, as a user who just ran `build`
        cpu, rss, status, err = run_child(py + args, code, work)
        res[name] = (cpu, rss)
        if status not in (0, 2):
            res[name + "_error"] = err
    return res


def _fmt(v) -> str:
    if v is None:
        return "—"
    cpu, rss = v
    return f"{cpu:7.1f}s {rss:6.0f}MB"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000, 100000])
    ap.add_argument("--kinds", nargs="+", default=["bib"], choices=["bib", "wos"])
    ap.add_argument("--data", default="/tmp/litgraph-scale", help="Where corpora and outputs go.")
    ap.add_argument("--before", help="Another checkout to measure side by side (e.g. an export of main).")
    ap.add_argument("--only", choices=["before", "after"], help="Measure one of the two checkouts.")
    ap.add_argument("--no-stages", action="store_true", help="Only the commands.")
    ap.add_argument("--generate-only", action="store_true")
    args = ap.parse_args()
    data = Path(args.data)
    data.mkdir(parents=True, exist_ok=True)
    versions = [("after", ROOT)] + ([("before", Path(args.before).resolve())] if args.before else [])
    if args.only:
        versions = [v for v in versions if v[0] == args.only]
    results: dict = {}
    for kind in args.kinds:
        for n in args.sizes:
            t = time.time()
            src = corpus(data, n, kind)
            print(f"# corpus {src} ready ({time.time() - t:.0f}s)", file=sys.stderr, flush=True)
            if args.generate_only:
                continue
            for label, code in versions:
                r = measure(code, src, data / f"run-{label}-{kind}-{n}", not args.no_stages)
                results[(kind, n, label)] = r
                print(f"# {label} {kind} {n}: " + ", ".join(f"{k} {_fmt(r.get(k))}" for k in STAGES + COMMANDS
                                                            if k in r), file=sys.stderr, flush=True)
    if args.generate_only:
        return
    cols = [s for s in STAGES] + list(COMMANDS)
    print("| corpus | refs | code | nodes | " + " | ".join(cols) + " |")
    print("|---" * (4 + len(cols)) + "|")
    for (kind, n, label), r in sorted(results.items(), key=lambda kv: (kv[0][0], kv[0][1], kv[0][2] != "before")):
        print(f"| {kind} | {n:,} | {label} | {r.get('nodes', '—')} | "
              + " | ".join(_fmt(r.get(c)) for c in cols) + " |")
    print("\n(each cell: CPU seconds, peak resident MB; stages in one process, peak is cumulative;"
          " clusters = co-citation and coupling clusters plus citation bursts)")
    for (kind, n, label), r in sorted(results.items()):
        if r.get("betweenness"):
            print(f"betweenness {kind} {n:,} {label}: {r['betweenness']}")
    for (kind, n, label), r in sorted(results.items()):
        if r.get("writers"):
            print(f"writing {kind} {n:,} {label} (CPU s): " + ", ".join(f"{k} {v}" for k, v in r["writers"].items()))
    for kind in args.kinds:
        for label, _ in versions:
            ns = sorted(n for (k, n, lab) in results if k == kind and lab == label)
            if len(ns) < 2:
                continue
            a, b = ns[-2], ns[-1]
            ra, rb = results[(kind, a, label)], results[(kind, b, label)]
            exps = []
            for c in cols:
                if ra.get(c) and rb.get(c) and ra[c][0] > 0.05:
                    exps.append(f"{c} {math.log(rb[c][0] / ra[c][0]) / math.log(b / a):.2f}")
            print(f"growth exponent {kind} {label} ({a:,} -> {b:,}): " + ", ".join(exps))
    errors = {k: v for k, v in results.items() if any(x.endswith("error") for x in v)}
    for k, v in errors.items():
        print(f"errors {k}: " + "; ".join(f"{x}: {y}" for x, y in v.items() if x.endswith("error")))


if __name__ == "__main__":
    main()
