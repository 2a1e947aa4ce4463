"""Human-readable text for records and results: what the CLI prints by default."""
from __future__ import annotations

from collections import Counter

from .model import Document, Reference


def format_reference(ref: Reference) -> str:
    """One reference in a compact author-date form."""
    names = "; ".join(a.short() for a in ref.authors[:6])
    if len(ref.authors) > 6 or ref.authors_truncated:
        names += (" " if names else "") + "et al."
    parts = [names or "[no author]", f"({ref.year_label})."]
    if ref.title:
        parts.append(ref.title.rstrip(".") + ".")
    venue = ref.container or ""
    if ref.volume:
        venue += f" {ref.volume}" + (f"({ref.issue})" if ref.issue else "")
    elif ref.issue:
        venue += f" ({ref.issue})"
    if ref.pages:
        venue += f", {ref.pages}"
    if venue.strip():
        parts.append(venue.strip() + ".")
    if ref.publisher:
        parts.append(ref.publisher.rstrip(".") + ".")
    if ref.doi:
        parts.append(f"doi:{ref.doi}")
    elif ref.url:
        parts.append(ref.url)
    return " ".join(parts)


def references_text(refs: list[Reference]) -> str:
    if not refs:
        return "no references found\n"
    out = []
    source = None
    for ref in refs:
        if ref.source != source:
            source = ref.source
            n = sum(1 for r in refs if r.source == source)
            out.append(f"{source}: {n} reference{'s' if n != 1 else ''}")
        out.append(f"  [{ref.index}] {format_reference(ref)}  <{ref.type}>")
    return "\n".join(out) + "\n"


def corpus_summary(docs: list[Document]) -> str:
    kinds = Counter(d.kind for d in docs)
    refs = sum(len(d.references) for d in docs)
    cites = sum(len(d.citations) for d in docs)
    lines = [f"read {len(docs)} source{'s' if len(docs) != 1 else ''} "
             f"({', '.join(f'{n} {k}' for k, n in sorted(kinds.items()))}): "
             f"{refs} references, {cites} in-text citations"]
    for d in docs:
        title = d.meta.title if d.meta and d.meta.title else d.id
        lines.append(f"  {d.id}: {len(d.references)} references, {len(d.citations)} citations  ({title[:70]})")
    return "\n".join(lines) + "\n"


def _style(text: str, color: bool, **kw) -> str:
    if not color:
        return text
    import click

    return click.style(text, **kw)


_SEV_STYLE = {"error": {"fg": "red", "bold": True}, "warning": {"fg": "yellow", "bold": True},
              "info": {"fg": "cyan"}}


def citations_text(docs: list[Document], color: bool = False) -> str:
    out = []
    for doc in docs:
        refs = {r.index: r for r in doc.references}
        cits = doc.citations
        works = {(c.names, c.year, c.number) for c in cits}
        unlisted = {(c.names, c.year, c.number) for c in cits if c.ref is None}
        head = f"{doc.source}: {len(cits)} citation{'s' if len(cits) != 1 else ''} of {len(works)} works"
        if doc.has_reference_list:
            head += f", {len(unlisted)} without an entry"
        else:
            head += " (no reference list)"
        out.append(_style(head, color, bold=True))
        width = max((len(c.marker) for c in cits), default=10)
        width = min(width, 48)
        for c in cits:
            marker = c.marker if len(c.marker) <= width else c.marker[: width - 1] + "…"
            if c.ref:
                target = f"[{c.ref}] {refs[c.ref].label()}" if c.ref in refs else f"[{c.ref}]"
                if c.link and c.link not in ("exact", "curated", "number"):
                    target += f"  ({c.link})"
            elif doc.has_reference_list:
                target = _style(f"— {c.link or 'no entry'}", color, fg="red")
            else:
                target = "—"
            kind = "narr" if c.narrative else "par "
            place = f" {doc.places[c.line]:<8}" if c.line in doc.places else ""
            out.append(f"  {c.line:>5}{place}  {kind}  {marker:<{width}}  {target}")
        out.append("")
    return "\n".join(out)


def findings_text(results, color: bool = False) -> str:
    """Findings grouped by severity, with counts, per source."""
    out = []
    total = Counter()
    for doc, findings, skipped in results:
        counts = Counter(f.severity for f in findings)
        total.update(counts)
        label = doc.meta.title if doc.meta and doc.meta.title else doc.id
        summary = ", ".join(f"{counts[s]} {s}{'s' if counts[s] != 1 else ''}" for s in ("error", "warning", "info")
                            if counts[s]) or "no problems found"
        out.append(_style(f"{doc.source}", color, bold=True) + f"  ({label[:60]})")
        out.append(f"  {summary}")
        for sev in ("error", "warning", "info"):
            group = [f for f in findings if f.severity == sev]
            if not group:
                continue
            out.append("")
            out.append("  " + _style(f"{sev.upper()}S ({len(group)})", color, **_SEV_STYLE[sev]))
            for f in group:
                where = f"line {f.line}" if f.line else "—"
                if f.place:
                    where += f" ({f.place})"
                if f.source != doc.source:
                    where = f"{f.source.rsplit('/', 1)[-1]}:{f.line}" if f.line else f.source.rsplit("/", 1)[-1]
                out.append(f"    {where:<12} {f.kind:<22} {f.message}")
        if skipped:
            out.append("")
            out.append(f"  skipped (no paper text): {', '.join(skipped)}")
        out.append("")
    if len(results) > 1:
        out.append("total: " + (", ".join(f"{total[s]} {s}{'s' if total[s] != 1 else ''}"
                                          for s in ("error", "warning", "info") if total[s]) or "no problems"))
    return "\n".join(out) + "\n"


# --- the graph ------------------------------------------------------------------

_PLURAL = {"paper": "papers", "work": "works", "theory": "theories", "case": "cases", "author": "authors"}


def _read_line(docs) -> str:
    """What was read, per source file: a database export or library is counted in records and
    cited references (2,000 records named by their ids say nothing), papers and lists by name."""
    files: dict[str, list] = {}
    for d in docs:
        files.setdefault(d.source, []).append(d)
    parts = []
    for source, group in files.items():
        records = [d for d in group if d.kind == "record"]
        if records:
            refs = sum(len(d.references) for d in records)
            parts.append(f"{source} ({len(records):,} record{'s' if len(records) != 1 else ''}, "
                         f"{refs:,} cited reference{'s' if refs != 1 else ''})")
        parts += [f"{d.id} ({len(d.references)} refs, {len(d.citations)} citations)"
                  for d in group if d.kind != "record"]
    n_records = sum(1 for d in docs if d.kind == "record")
    what = [f"{n_records:,} record{'s' if n_records != 1 else ''}"] if n_records else []
    if len(docs) - n_records:
        rest = len(docs) - n_records
        what.append(f"{rest:,} source{'s' if rest != 1 else ''}")
    return (f"read {' and '.join(what) or '0 sources'}: " + ", ".join(parts[:8])
            + (f", … {len(parts) - 8:,} more" if len(parts) > 8 else ""))


def graph_summary(corpus, files: list[str]) -> str:
    g = corpus.graph
    kinds = Counter(d["kind"] for _, d in g.nodes(data=True))
    edges = Counter(d["kind"] for *_, d in g.edges(data=True))
    shared = sorted((d["cited_by"], d["label"]) for _, d in g.nodes(data=True)
                    if d["kind"] == "work" and d.get("cited_by", 0) > 1)
    # A summary whatever the corpus's size: the first sources and the most shared works, then a count.
    lines = [_read_line(corpus.docs),
             f"graph: {g.number_of_nodes()} nodes ("
             + ", ".join(f"{kinds[k]} {_PLURAL[k] if kinds[k] != 1 else k}" for k in _PLURAL
                         if kinds[k])
             + f"), {sum(edges.values())} edges ("  # counted above: number_of_edges() walks a multigraph again
             + ", ".join(f"{n} {k}" for k, n in sorted(edges.items(), key=lambda kv: -kv[1])) + ")"]
    # Records of one work (exported twice, or from two databases) share one node: say so, or the
    # count of papers would fall short of the records read without a word.
    twice = [d for _, d in g.nodes(data=True) if d["kind"] == "paper" and len(d.get("records") or ()) > 1]
    if twice:
        extra = sum(len(d["records"]) - 1 for d in twice)
        lines.append(f"records of one work: {extra:,} record{'s' if extra != 1 else ''} merged into "
                     f"{len(twice):,} paper{'s' if len(twice) != 1 else ''} (e.g. {twice[0]['label']}; "
                     "`litgraph show` says why)")
    from .corpus import STARTER_VOCABULARY

    # The starter vocabulary is told on stderr when it is chosen; a corpus's own is named here.
    if getattr(corpus, "vocabulary_path", None) not in (None, STARTER_VOCABULARY) and corpus.vocabulary is not None:
        v = corpus.vocabulary
        name = corpus.vocabulary_path
        lines.append(f"vocabulary: {name} ({corpus.vocabulary_why}): {kinds['theory']} of its {len(v.theories)} "
                     f"theories and {kinds['case']} of its {len(v.cases)} cases are mentioned or cited")
    elif getattr(corpus, "vocabulary_path", "") is None:
        lines.append("vocabulary: none")
    if shared:
        top = list(reversed(shared))[:10]
        lines.append(f"works cited by more than one paper: {len(shared):,}"
                     + (", the most cited: " if len(shared) > 10 else ": ")
                     + "; ".join(f"{label} ({n} papers)" for n, label in top))
    clusters = g.graph.get("clusters")
    if clusters:  # litgraph.analysis.clusters, added when the corpus is built
        q = g.graph.get("clusters_modularity")
        lines.append(f"co-citation clusters: {len(clusters)}" + (f" (modularity {q:.3f})" if q is not None else "")
                     + ": " + "; ".join(f"{c['label']} ({c['size']})" for c in list(clusters.values())[:6])
                     + (" …" if len(clusters) > 6 else "") + " (`litgraph clusters` for more)")
    bursting = sum(1 for _, d in g.nodes(data=True) if d.get("burst"))
    if bursting:
        lines.append(f"works with a citation burst: {bursting:,} (`litgraph rank` shows them)")
    lines.append("wrote " + ", ".join(files))
    return "\n".join(lines) + "\n"


def rank_text(rows: list[dict], by: str) -> str:
    if not rows:
        return "nothing to rank\n"
    # HITS is printed when it is what the rows are sorted by (a sort by an unseen column explains nothing).
    hits = [m for m in ("authority", "hub") if m == by]
    burst = any(r.get("burst") for r in rows)
    head = f"{'#':>3}  {'kind':<7} {'score':>6} {'cited':>5} {'cit.':>5} {'pagerank':>9} {'between.':>9} {'core':>4}"
    head += "".join(f" {m:>9}" for m in hits) + (f" {'burst':>16}" if burst else "")
    out = [head + "  label"]
    for i, r in enumerate(rows, 1):
        line = (f"{i:>3}  {r['kind']:<7} {r['score']:>6.3f} {r['cited_by']:>5} {r['citations']:>5} "
                f"{r['pagerank']:>9.4f} {r['betweenness']:>9.4f} {r['core']:>4}")
        line += "".join(f" {r[m]:>9.4f}" for m in hits)
        if burst:
            b = r.get("burst")
            line += " " + (f"{b['start']}-{b['end']} ({b['strength']:.1f})" if b else "").rjust(16)
        out.append(line + f"  {r['label']}")
    out.append(f"(sorted by {by}; score = mean percentile of cited_by, citations, pagerank, betweenness, core "
               "within each kind" + ("; burst = years of the strongest citation burst (strength)" if burst else "")
               + "; `rank --help` explains each metric)")
    return "\n".join(out) + "\n"


def related_text(result: dict) -> str:
    out = [f"{result['label']}  ({result['id']})"]
    for key, title, unit in (("cocited", "co-cited with it (papers citing both)", "papers"),
                             ("coupled", "bibliographic coupling (shared references)", "shared"),
                             ("shared_theories", "papers discussing the same theories", "theories")):
        rows = result[key]
        out.append(f"\n{title}: {len(rows)}")
        for r in rows[:15]:
            out.append(f"  {r['strength']:>3} {unit:<8} {r['label']}  [{r['kind']}]")
        if len(rows) > 15:
            out.append(f"  … {len(rows) - 15} more (--format json for all)")
    return "\n".join(out) + "\n"


def _when(item: dict) -> str:
    y = item.get("year")
    if y is None:
        return "  n.d."
    return f"≥{y}" if item.get("year_note") else f"{y:>5}"


def lineage_text(result: dict) -> str:
    t = result["theory"]
    out = [f"{t['label']}  ({t['id']})"]
    if t.get("summary"):
        out.append(f"  {t['summary']}")
    if result.get("note"):
        out.append(f"  note: {result['note']}")
    for key, title in (("origins", "founded by"), ("revisions", "revised by"), ("used_by", "used by papers"),
                       ("cases", "cases it explains")):
        items = result[key]
        out.append(f"\n{title}:" + ("" if items else " —"))
        for it in items:
            extra = ""
            if key == "used_by":
                extra = f"  ({it['mentions']} mention{'s' if it['mentions'] != 1 else ''})"
            elif it.get("kind") == "theory":
                extra = "  [theory]"
            elif key == "cases" and it.get("reported_by"):
                extra = "  reported by " + ", ".join(p.split(":", 1)[1] for p in it["reported_by"])
            if it.get("in_corpus") is False:
                extra += "  (not in the corpus)"
            out.append(f"  {_when(it)}  {it['label']}{extra}")
        missing = [it["label"] for it in items if it.get("in_corpus") is False]
        if key == "origins" and missing and len(missing) == len(items):
            out.append(f"  (founded by {', '.join(missing)}, not in the corpus)")
    return "\n".join(out) + "\n"


def mainpath_text(result: dict) -> str:
    if not result["global"]:
        if result.get("note") and result.get("citations"):
            return (f"no meaningful main path: {result['note']} ({result['citations']:,} citations).\n"
                    "Main path analysis needs works that cite each other: add the cited works' own texts "
                    "(PDFs or reference lists, so their references join the graph) or a database export "
                    "(Web of Science, Scopus, OpenAlex) whose records cite each other.\n")
        return "no citation paths: the graph has no citations\n"
    out = [f"global main path (SPC total {result['global_spc']}; {result.get('chains', 0):,} works both cite "
           "and are cited, linking the chains):"]
    out += [f"  {_when(it)}  {it['label']}" for it in result["global"]]
    if result.get("caution"):
        out.append(f"  caution: {result['caution']}. Add the cited works' own reference lists, or a database "
                   "export whose records cite each other, for longer chains.")
    for i, route in enumerate(result["key_routes"], 1):
        out.append(f"\nkey-route path {i}:")
        out += [f"  {_when(it)}  {it['label']}" for it in route]
    if result["dropped"]:
        out.append(f"\n{len(result['dropped'])} arcs dropped to make the graph acyclic (--format json lists them)")
    return "\n".join(out) + "\n"


def clusters_text(result: dict, show_all: bool = False, shown: int = 15) -> str:
    out = []
    for key, title, unit in (("cocitation", "co-citation clusters of cited works (linked by papers citing both)", "works"),
                             ("coupling", "bibliographic coupling clusters of papers (linked by shared references)",
                              "papers")):
        r = result[key]
        if out:
            out.append("")
        if not r["clusters"]:
            out.append(f"{title}: none ({r.get('note', 'nothing to cluster')})")
            continue
        extra = f", works cited {r['min_cited']}+ times" if r.get("min_cited", 1) > 1 else ""
        out.append(f"{title}: {len(r['clusters'])} from {r['nodes']:,} {unit} and {r['links']:,} links{extra}; "
                   f"modularity {r['modularity']:.3f} at resolution {r['resolution']:g}")
        if r.get("selection"):
            out.append(f"  (clustered: {r['selection']})")
        rows = r["clusters"] if show_all else r["clusters"][:shown]
        for c in rows:
            year = f"{c['mean_year']:.0f}" if c["mean_year"] is not None else "n.d."
            out.append(f"  #{c['id']:<3} {c['size']:>5} {unit:<6} mean year {year:>5}  {c['label']}")
            out.append("        top: " + "; ".join(f"{t['label']} ({t['cited_by']})" for t in c["top"][:3]))
        if len(rows) < len(r["clusters"]):
            out.append(f"  … {len(r['clusters']) - len(rows)} smaller clusters (--all or --format json for all)")
    return "\n".join(out) + "\n"


def node_record(g, n: str) -> dict:
    d = dict(g.nodes[n])
    rec = {"id": n, **d, "out": {}, "in": {}}
    for _, v, e in sorted(g.out_edges(n, data=True), key=lambda x: (x[2]["kind"], x[1])):
        rec["out"].setdefault(e["kind"], []).append({"id": v, "label": g.nodes[v]["label"],
                                                     **{k: e[k] for k in ("weight", "lines") if k in e}})
    for u, _, e in sorted(g.in_edges(n, data=True), key=lambda x: (x[2]["kind"], x[0])):
        rec["in"].setdefault(e["kind"], []).append({"id": u, "label": g.nodes[u]["label"],
                                                    **{k: e[k] for k in ("weight", "lines") if k in e}})
    return rec


def show_text(records: list[dict], others: list[tuple[str, str]]) -> str:
    from .query import neighbour_groups

    out = []
    skip = {"id", "out", "in", "label", "kind", "variants", "merges"}
    for rec in records:
        out.append(f"{rec['label']}  [{rec['kind']}]  {rec['id']}")
        for k, v in rec.items():
            if k in skip or v in (None, [], "", False):
                continue
            if isinstance(v, list):
                v = "; ".join(map(str, v))
            out.append(f"  {k:<15} {v}")
        for m in rec.get("merges", []):
            out.append(f"  {'merged':<15} {m}")
        for name, items in neighbour_groups(rec):  # each neighbour once, with every edge kind
            shown = ", ".join(i["label"] + (f" ×{i['weight']}" if i["weight"] > 1 else "") for i in items[:12])
            more = f", … {len(items) - 12} more" if len(items) > 12 else ""
            out.append(f"  {name:<15} {shown}{more}")
        out.append("")
    if others:
        out.append("also matching: " + "; ".join(f"{label} ({n})" for n, label in others))
    return "\n".join(out) + "\n"


def suggest_text(path: str, found: list[dict]) -> str:
    if not found:
        return f"{path}: every theory and case it names is in the vocabulary\n"
    out = [f"{path}: {len(found)} names the vocabulary lacks"]
    for s in found:
        near = f"  (close to {s['nearest']})" if s.get("nearest") else ""
        out.append(f"  {s['kind']:<7} {s['name']}  ×{s['count']}, lines {', '.join(map(str, s['lines'][:6]))}{near}")
    out.append("(--format toml prints entries to paste into the vocabulary)")
    return "\n".join(out) + "\n"


def suggest_toml(found: list[dict]) -> str:
    import re

    out = []
    for s in found:
        ident = re.sub(r"[^a-z0-9]+", "-", s["name"].lower()).strip("-")
        out.append(f"[{s['kind']}.{ident}]")
        out.append(f'label = "{s["name"]}"')
        out.append(f'aliases = ["{s["name"]}"]')
        if s["kind"] == "theory":
            out += ["founded_by = []", "revised_by = []", "revises = []", "derives_from = []"]
        else:
            out += ["reported_by = []", "theories = []"]
        out.append("")
    return "\n".join(out)


def suggest_works_text(result: dict) -> str:
    """Suggested works, best first, each with its reasons (litgraph.analysis.suggestions)."""
    core = result["core"]
    head = (f"core: {core['size']} of {result['corpus_papers']} corpus papers ({core['rule']}); "
            f"{result['candidates']:,} cited-only works considered")
    if not result["suggestions"]:
        return f"{head}\nnothing to suggest: {result['note']}\n"
    shown = len(result["suggestions"])
    out = [head, f"{result.get('qualified', shown):,} have at least {result['min_links']} links to the core; "
                 f"the first {shown}, most linked first:", ""]
    for i, r in enumerate(result["suggestions"], 1):
        title = f"  {r['title']}" if r.get("title") else ""
        where = f"  doi:{r['doi']}" if r.get("doi") else (f"  {r['url']}" if r.get("url") else "")
        out.append(f"{i:>3}. {r['label']}{title}{where}")
        out.append("     " + "; ".join(r["reasons"]))
    return "\n".join(out) + "\n"
