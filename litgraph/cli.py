"""The litgraph command line: thin wrappers that parse options, call the library, print.

Exit status: 0 success; 1 the command ran and found problems (check);
2 usage or input error, told on one line naming the file (and line).
Heavy modules are imported inside the commands so that `litgraph refs`
starts in a fraction of a second.
"""
from __future__ import annotations

import json
import os
import re
import sys

import click

from . import __version__
from .errors import InputError

DEFAULT_SOURCE = "bib"


class Problems:
    """Input errors met while the rest of the input is processed."""

    def __init__(self) -> None:
        self.count = 0

    def __call__(self, exc: InputError) -> None:
        self.count += 1
        click.echo(f"litgraph: error: {exc}", err=True)


# --strict: a warning about the input (a repaired entry, an odd encoding) exits 2 too.
STRICT = False


def _set_strict(ctx, param, value) -> None:
    global STRICT
    STRICT = STRICT or bool(value)


def strict_option(f):
    return click.option("--strict", is_flag=True, expose_value=False, callback=_set_strict,
                        help="Exit 2 on any input warning, not only on lost input.")(f)


def warn(findings, problems: "Problems | None" = None) -> None:
    """Tell reader findings; an error-severity one (input lost) counts as a problem (exit 2)."""
    told: dict[tuple, int] = {}
    for f in findings:
        label = "error" if f.severity == "error" else "warning"
        if problems is not None and (f.severity == "error" or STRICT):
            problems.count += 1
        told[(f.source, f.kind, label)] = told.get((f.source, f.kind, label), 0) + 1
        if told[(f.source, f.kind, label)] > WARNINGS_PER_KIND:
            continue  # a file with 10,000 repaired entries: the first lines, then a count
        where = f"{f.source}:{f.line}" if f.line else f.source
        click.echo(f"litgraph: {label}: {where}: {f.message}", err=True)
    for (source, kind, label), n in told.items():
        if n > WARNINGS_PER_KIND:
            click.echo(f"litgraph: {label}: {source}: {n - WARNINGS_PER_KIND} more like the above ({kind}) "
                       "not shown", err=True)


WARNINGS_PER_KIND = 20


def emit(text: str, output: str | None, escaped: bool = False) -> None:
    """Print, or write a file whole (never half of one).

    escaped: the text is dumps' JSON, which holds no control character (JSON escapes C0, dumps
    DEL and C1), so a file need not be checked again (0.2 s on 200,000 references)."""
    if output:
        from .output import atomic_write, terminal_safe

        atomic_write(output, text if escaped else terminal_safe(text))  # a report file is read on a terminal too
    else:
        click.echo(text, nl=not text.endswith("\n"))


def dumps(obj) -> str:
    """JSON for tools and people: an array with one object per line.

    (json's C encoder is used per object; `indent` would fall back to the
    pure-Python one, which costs more than parsing the references.)"""
    if isinstance(obj, list):
        if not obj:
            return "[]\n"
        # One encoder, not one per object; no check for cycles, which plain dicts
        # and lists of records cannot hold.
        encode = json.JSONEncoder(ensure_ascii=False, check_circular=False).encode
        text = "[\n" + ",\n".join(map(encode, obj)) + "\n]\n"
    else:
        text = json.dumps(obj, ensure_ascii=False, indent=2) + "\n"
    # json escapes C0 controls but leaves DEL and C1 raw; escaped they keep their
    # value and never act on a terminal. (Most texts hold none: that is checked
    # at byte speed first.)
    if len(text) > 100_000:
        from .output import control_free

        if control_free(text):
            return text
    return _RAW_CONTROLS.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


_RAW_CONTROLS = re.compile("[\x7f-\x9f]")


def _format_names() -> list[str]:
    from .readers.registry import format_names

    return format_names()


def as_option(f):
    return click.option("--as", "as_format", metavar="FORMAT", callback=_check_format,
                        help="Read every file in this format instead of guessing from its content "
                             "(list, paper, bibtex, ...; see `litgraph formats`).")(f)


def _check_format(ctx, param, value):
    if value is not None and value not in _format_names():
        raise click.BadParameter(f"'{value}' is no input format; known: {', '.join(_format_names())}")
    return value


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="litgraph")
def cli() -> None:
    """Literature citation graph explorer: references, citations, theories and cases;
    co-authorship and keyword networks of database exports (`litgraph network`)."""


@cli.command()
@strict_option
@click.argument("paths", nargs=-1, required=True)
@click.option("--format", "fmt", type=click.Choice(["text", "json", "bibtex"]), default="text", show_default=True)
@click.option("-o", "--output", help="Write to this file instead of standard output.")
@click.option("--accounting", is_flag=True,
              help="With --format json: an object with the references and, per file, the lines read "
                   "and every line left out of the entries, with the reason.")
@as_option
def refs(paths, fmt, output, as_format, accounting):
    """Parse reference lists: plain lists, papers' full text, or libraries and exports (their entries).

    Each list's account goes to standard error in text mode: how many entries
    were found in which lines, entries that look merged, lines left out."""
    import gc

    from .gcpause import paused_gc

    # Everything read is kept until the output is written: a cycle collection
    # would only walk it again (on 20,000 references, some 7% of the CPU).
    with paused_gc():
        try:
            _refs(paths, fmt, output, as_format, accounting)
        finally:
            # The process ends here: the collector, back on, would first walk
            # every object made while it was off (a whole young generation of
            # them) for nothing.
            gc.freeze()


def _refs(paths, fmt, output, as_format, accounting) -> None:
    from .readers.records import library_view

    problems = Problems()
    found = []
    sources = []
    for doc in library_view(_read(paths, problems, citations=False, as_format=as_format)):
        if doc.kind == "paper" and not doc.has_reference_list:
            click.echo(f"litgraph: warning: {doc.source}: no reference list found (no 'References' heading)", err=True)
        found.extend(doc.references)
        if doc.lines_read:
            sources.append(_account(doc))
    if fmt == "json":
        objs = []
        for r in found:
            obj = r.to_json()
            if r.line:
                obj["lines"] = [r.line, r.line_end or r.line]
            objs.append(obj)
        text = dumps(objs)
        if accounting:
            text = ('{"references": ' + text.rstrip("\n") + ',\n"sources": '
                    + dumps(sources).rstrip("\n") + "}\n")
    elif fmt == "bibtex":
        from .export.bibtex import to_bibtex

        text = to_bibtex(found)
    else:
        from .report import references_text

        text = references_text(found)
    emit(text, output, escaped=fmt == "json")
    if fmt == "text":  # told once the output is written
        for a in sources:
            left = f"; {len(a['skipped'])} left out" if a["skipped"] else ""
            click.echo(f"litgraph: {a['source']}: {a['entries']} entries in lines "
                       f"{a['lines'][0]}–{a['lines'][1]}{left}", err=True)
    sys.exit(2 if problems.count else 0)


def _account(doc) -> dict:
    """Where a list's entries came from, and every non-blank line left out of them."""
    return {"source": doc.source, "kind": doc.kind, "entries": len(doc.references),
            "lines": list(doc.lines_read),
            "skipped": [{"line": n, "text": t, "reason": r} for n, t, r in doc.skipped_lines]}


def _read(paths, problems, citations: bool = True, as_format: str | None = None):
    """Read each path (an unusable one is told and skipped), citations linked to the list."""
    from .readers import as_input_error, read_file

    if citations:
        from .resolve import link_citations  # (not loaded for `refs`, which links none)
    docs = []
    for path in paths:
        try:
            read = read_file(path, citations=citations, as_format=as_format)
        except Exception as exc:  # noqa: BLE001 - one bad file must not stop the others
            problems(as_input_error(path, exc))
            continue
        for doc in read:
            warn(doc.warnings, problems)
            if citations:
                link_citations(doc)
            docs.append(doc)
    return docs


@cli.command()
@strict_option
@click.argument("paths", nargs=-1, required=True)
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.option("-o", "--output", help="Write to this file instead of standard output.")
@as_option
def cites(paths, fmt, output, as_format):
    """In-text citations of papers' text, each linked to its reference entry."""
    from .readers.records import library_view

    problems = Problems()
    docs = library_view(_read(paths, problems, as_format=as_format))
    for doc in docs:
        if doc.kind != "paper":
            click.echo(f"litgraph: warning: {doc.source}: not a paper's text; no in-text citations to find", err=True)
        elif not doc.citations:
            click.echo(f"litgraph: warning: {doc.source}: no in-text citations found", err=True)
    if fmt == "json":
        text = dumps([c.to_json() for d in docs for c in d.citations])
    else:
        from .report import citations_text

        text = citations_text(docs, color=_color(output))
    emit(text, output)
    sys.exit(2 if problems.count else 0)


@cli.command()
@strict_option
@click.argument("paths", nargs=-1, required=True)
@click.option("--format", "fmt", type=click.Choice(["text", "json", "html"]), default="text", show_default=True,
              help="html: the editor's report, one printable page per manuscript.")
@click.option("--min-severity", type=click.Choice(["info", "warning", "error"]), default="info", show_default=True,
              help="Leave out findings below this severity.")
@click.option("-o", "--output", help="Write to this file instead of standard output (html with several "
                                       "manuscripts: a folder, one page each).")
@as_option
def check(paths, fmt, min_severity, output, as_format):
    """Citation problems an editor wants to see. Exit 1 when any error is found."""
    from .analysis.checks import check_document, skipped_checks
    from .model import SEVERITIES
    from .readers.records import library_view

    problems = Problems()
    docs = library_view(_read(paths, problems, as_format=as_format))
    rank = {s: i for i, s in enumerate(SEVERITIES)}
    results = []
    for doc in docs:
        findings = [f for f in check_document(doc) if rank[f.severity] <= rank[min_severity]]
        results.append((doc, findings, skipped_checks(doc)))
    if fmt == "html":
        _html_reports(results, output)
        if problems.count:
            sys.exit(2)
        sys.exit(1 if any(f.severity == "error" for _, fs, _ in results for f in fs) else 0)
    if fmt == "json":
        text = dumps([f.to_json() for _, fs, _ in results for f in fs])
    else:
        from .report import findings_text

        text = findings_text(results, color=_color(output))
    for doc, _, skipped in results:
        if skipped and fmt == "json":
            click.echo(f"litgraph: note: {doc.source}: no paper text, so these checks were skipped: "
                       f"{', '.join(skipped)}", err=True)
    emit(text, output)
    if problems.count:
        sys.exit(2)
    sys.exit(1 if any(f.severity == "error" for _, fs, _ in results for f in fs) else 0)


def _html_reports(results, output) -> None:
    """One page per manuscript: to `output` (a file for one, a folder for several) or standard output."""
    from .export.report_html import manuscript_lines, report_page
    from .output import atomic_write

    if len(results) > 1 and not output:
        raise InputError("-o", "several manuscripts give several pages: name a folder with -o")
    if len(results) > 1:
        os.makedirs(output, exist_ok=True)
    for doc, findings, skipped in results:
        page = report_page(doc, findings, manuscript_lines(doc), skipped)
        if len(results) > 1:
            target = os.path.join(output, f"{doc.id}.html")
            atomic_write(target, page)
            click.echo(f"wrote {target}", err=True)
        elif output:
            atomic_write(output, page)
        else:
            click.echo(page, nl=False)


def _color(output) -> bool:
    return output is None and sys.stdout.isatty() and not os.environ.get("NO_COLOR")


def format_option(f):
    return click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)(f)


def finish(result, text, fmt: str, problems: Problems) -> None:
    """Print a command's result as JSON or as text; exit 2 if some input was unusable."""
    click.echo(dumps(result) if fmt == "json" else text(result), nl=False)
    sys.exit(2 if problems.count else 0)


def _remember_store(ctx, _param, value):
    ctx.meta["litgraph_store"] = value
    return value


def sources_option(f):
    f = strict_option(f)
    f = click.option("--store", expose_value=False, callback=_remember_store, metavar="PATH",
                     help="Corpus store to use (a file, or the folder `build -o` wrote).  "
                          "[default: the one `build` wrote for these sources]")(f)
    f = as_option(f)
    f = click.option("--authors", is_flag=True, help="Add a node per author, with 'wrote' edges to their works.")(f)
    f = click.option("--vocabulary", metavar="FILE|none",
                     help="Theories and cases to look for; 'none' for none.  [default: vocabulary.toml in a source "
                          "folder, else litgraph's starter vocabulary of widely used theories]")(f)
    return click.option("-s", "--source", "sources", multiple=True,
                        help="Source file or folder (repeatable).  [default: bib/]")(f)


def note(text: str) -> None:
    click.echo(f"litgraph: note: {text}", err=True)


_FROZEN = [False]  # _corpus froze the loaded corpus (gc.freeze)
_GC_WAS = [False]  # _corpus left the collector off, which was on before


def _corpus(sources, vocabulary, authors=False, as_format=None, store=None, have_lock=False):
    """Read, link and build, or take all that from the corpus store `build`
    wrote (litgraph.store); input errors are told and the rest is used."""
    from .corpus import STARTER_VOCABULARY, load_corpus
    from .store import find_store

    problems = Problems()
    sources = list(sources) or [DEFAULT_SOURCE]
    if store is None:
        ctx = click.get_current_context(silent=True)
        store = find_store(sources, ctx.meta.get("litgraph_store") if ctx else None)
    import gc

    was = gc.isenabled()
    gc.disable()
    try:
        corpus = load_corpus(sources, vocabulary, on_error=problems, authors=authors, as_format=as_format,
                             store=store, update_store=store is not None, note=note, have_lock=have_lock)
    finally:
        # The corpus lives as long as the command: moved out of the cyclic collector's sight, so that
        # the analyses after it do not walk its million objects on every full collection (a third
        # of `mainpath` at 100,000 references). main() gives them back when the command ends.
        gc.freeze()
        _FROZEN[0] = True
        # The collector stays off for the rest of the command; main() turns it back on. What follows
        # renders and prints, making no cycles worth collecting; and after the freeze the collector
        # counts every new object as long-lived, so its full collections walked the outputs being
        # made (0.7 s of a `build` of a 2,000-record WoS export).
        _GC_WAS[0] = _GC_WAS[0] or was
    if vocabulary is None and corpus.vocabulary_path == STARTER_VOCABULARY:
        # Chosen for the user, with nothing in the sources asking for it: say so (build's summary
        # names the vocabulary in every case).
        note("vocabulary: litgraph's starter vocabulary of widely used theories, no cases (no vocabulary.toml "
             "in the sources; --vocabulary FILE, or none, to change)")
    warn(corpus.warnings, problems)
    if not corpus.n_docs:
        raise InputError(", ".join(sources) or DEFAULT_SOURCE, "no readable sources")
    return corpus, problems


def _graph_files(g, outdir: str) -> dict[str, bytes]:
    """build's three files of graph g, {path: content}: the tables sorted once for both graph files."""
    from .export.formats import Tables, to_graphml, to_json
    from .export.html import to_html
    from .progress import bar

    tables = Tables(g)
    writers = {"litgraph.json": lambda g: to_json(g, tables, as_bytes=True),
               "litgraph.graphml": lambda g: to_graphml(g, tables, as_bytes=True),
               "litgraph.html": lambda g: to_html(g).encode("utf-8")}
    return {os.path.join(outdir, name): write(g) for name, write in bar(list(writers.items()), "rendering", unit="file")}


@cli.command()
@sources_option
@click.option("-o", "--output", "outdir", default="graphs", show_default=True, help="Folder to write the graph files to.")
def build(sources, vocabulary, authors, as_format, outdir):
    """Build the graph from the sources and write it to the output folder."""
    from .gcpause import paused_gc
    from .output import atomic_write_many
    from .report import graph_summary

    from .store import STORE_NAME, Lock

    if not os.path.isdir(outdir):
        if os.path.exists(outdir):
            raise InputError(outdir, "is not a folder")
        try:
            os.makedirs(outdir)
        except OSError as exc:
            raise InputError(outdir, f"cannot create the folder ({exc.strerror})") from None
    # One build at a time writes a folder: the store and the graph files stay of one build.
    lock = Lock(outdir)
    lock.acquire(True, on_wait=lambda pid: note(f"{outdir}: another litgraph build (pid {pid or '?'}) is "
                                                "writing here; waiting for it to finish"))
    try:
        corpus, problems = _corpus(sources, vocabulary, authors, as_format,
                                   store=os.path.join(outdir, STORE_NAME), have_lock=True)
        # The collector paused over all three files, and the tables gone before it runs again: the
        # tables' rows and columns (10^6 references on a 2,000-record export) are none of them
        # garbage, and were walked by each collection between the writers (0.15 s there).
        with paused_gc():
            files = _graph_files(corpus.graph, outdir)
        # One set: all written to temporaries, then all renamed (a full disk leaves the old set).
        atomic_write_many(files)
        corpus.note_outputs(files)  # so that `export` can copy them while the corpus is unchanged
    finally:
        lock.release()
    click.echo(graph_summary(corpus, list(files)))
    sys.exit(2 if problems.count else 0)


@cli.command()
@sources_option
@click.option("-o", "--output", default=os.path.join("graphs", "litgraph.html"), show_default=True)
@click.option("--size-by", type=click.Choice(["score", "cited_by", "citations", "pagerank", "betweenness",
                                              "authority", "core"]), default="score", show_default=True)
@click.option("--max-nodes", type=click.IntRange(min=1), default=5000, show_default=True,
              help="Draw at most this many nodes: every corpus paper, then the highest-scoring nodes of each kind "
                   "linked to them; the page says what was left out.")
@click.option("--title", default="litgraph", show_default=True)
def html(sources, vocabulary, authors, as_format, output, size_by, max_nodes, title):
    """The interactive network as one self-contained HTML file (works offline)."""
    from .export.html import page_data, render_page
    from .output import atomic_write

    corpus, problems = _corpus(sources, vocabulary, authors, as_format)
    g = corpus.graph
    data = page_data(g, size_by=size_by, max_nodes=max_nodes, title=title)
    atomic_write(output, render_page(data))
    click.echo(f"wrote {output}: {len(data['nodes'])} of {g.number_of_nodes()} nodes, "
               f"{len(data['edges'])} of {g.number_of_edges()} edges")
    sys.exit(2 if problems.count else 0)


EXPORT_FORMATS = ("graphml", "gexf", "json", "csv", "parquet", "bibtex", "ris", "csljson")


@cli.command()
@sources_option
@click.option("--format", "fmt", type=click.Choice(EXPORT_FORMATS), required=True)
@click.option("-o", "--output", required=True,
              help="File to write (for csv and parquet: FILE-nodes.csv and FILE-edges.csv from FILE.csv).")
def export(sources, vocabulary, authors, as_format, fmt, output):
    """The graph or the merged library in the formats other tools read."""
    from .export import formats
    from .output import atomic_write, atomic_write_many

    corpus, problems = _corpus(sources, vocabulary, authors, as_format)
    g = corpus.graph
    writers = {"graphml": formats.to_graphml, "gexf": formats.to_gexf, "json": formats.to_json}
    if fmt in ("bibtex", "ris", "csljson"):  # imported only for them: it brings their readers along
        from .export import library

        writers[fmt] = getattr(library, f"to_{fmt}")
    if fmt == "parquet":
        from .export.parquet import write_parquet

        paths = write_parquet(g, output)
        click.echo(f"wrote {paths[0]} ({g.number_of_nodes()} nodes) and {paths[1]} ({g.number_of_edges()} edges)")
    elif fmt == "csv":
        stem = output[:-4] if output.lower().endswith(".csv") else output
        nodes, edges = formats.to_csv(g)
        paths = [f"{stem}-nodes.csv", f"{stem}-edges.csv"]
        for folder in {os.path.dirname(os.path.abspath(p)) for p in paths}:
            if not os.path.isdir(folder):
                raise InputError(output, f"cannot write: folder {folder} does not exist")
        atomic_write_many({paths[0]: nodes, paths[1]: edges})  # both or neither
        click.echo(f"wrote {paths[0]} and {paths[1]}")
    else:
        # The file build wrote for this very corpus, where it is unchanged, is what the writer would make
        built = corpus.built_output(f"litgraph.{fmt}") if fmt in ("graphml", "json") else None
        atomic_write(output, built if built is not None else writers[fmt](g))
        what = "entries" if fmt in ("bibtex", "ris", "csljson") else "nodes"
        count = sum(1 for _, d in g.nodes(data=True) if d["kind"] in ("work", "paper")) if what == "entries" \
            else g.number_of_nodes()
        click.echo(f"wrote {output} ({fmt}, {count} {what})")
    sys.exit(2 if problems.count else 0)


@cli.command()
@sources_option
@click.option("--by", type=click.Choice(["score", "cited_by", "citations", "pagerank", "betweenness", "authority",
                                         "hub", "core"]), default="score", show_default=True,
              help="Metric to sort by (each is printed; see above).")
@click.option("--kind", type=click.Choice(["paper", "work", "theory", "case", "author"]),
              help="Only nodes of this kind (author: with --authors).")
@click.option("--top", type=click.IntRange(min=1), default=20, show_default=True)
@format_option
def rank(sources, vocabulary, authors, as_format, by, kind, top, fmt):
    """Core sources: citations, PageRank, betweenness, HITS, k-core and a combined score.

    \b
    Metrics (--by; the one sorted by is always a column of the output):
      score        mean percentile, within each kind, of cited_by, citations,
                   pagerank, betweenness and core
      cited_by     corpus papers citing the node (local citations)
      citations    in-text citations received (a work cited 5 times in one
                   paper counts 5)
      pagerank     PageRank along citations, papers to works, theories, cases
      betweenness  how much the node bridges separate parts of the graph
      authority    HITS authority: cited by papers that cite many authorities
      hub          HITS hub: papers citing many authorities
      core         k-core number of the undirected citation graph
    A `burst` column shows the years of a work's strongest citation burst
    (Kleinberg's two-state automaton over the citing papers' years) where it
    has one."""
    from .analysis.centrality import rank as rank_nodes
    from .report import rank_text

    corpus, problems = _corpus(sources, vocabulary, authors, as_format)
    rows = rank_nodes(corpus.graph, by=by, kind=kind, top=top)
    from .analysis.centrality import metrics

    info = metrics(corpus.graph).get("_betweenness_info") or {}
    if info.get("method") == "sampled" and info.get("engine") == "kadabra":
        note(f"betweenness estimated from {info['pairs']:,} sampled shortest paths (KADABRA, error {info['error']}) "
             f"among {info['nodes']:,} nodes (leaves' share counted exactly); two independent halves of the "
             f"sample share {info['top20_overlap']} of their top 20")
    elif info.get("method") == "sampled":
        note(f"betweenness estimated from {info['pivots']:,} pivots among the {info.get('inner', info['nodes']):,} "
             f"nodes that are not leaves (of {info['nodes']:,}; leaves counted exactly); two independent halves of "
             f"the sample share {info['top20_overlap']} of their top 20")
    finish(rows, lambda r: rank_text(r, by), fmt, problems)


@cli.command()
@sources_option
@click.option("--resolution", type=click.FloatRange(min=0, min_open=True), default=1.0, show_default=True,
              help="Louvain resolution: higher gives more, smaller clusters.")
@click.option("--min-cited", type=click.IntRange(min=1), default=None,
              help="Co-cited works cited at least this often.  [default: 2 when 20+ works are cited twice, else 1]")
@click.option("--all", "show_all", is_flag=True, help="List every cluster (text output shows the 15 largest).")
@format_option
def clusters(sources, vocabulary, authors, as_format, resolution, min_cited, show_all, fmt):
    """Clusters of co-cited works and of coupled papers (Louvain), each named by its most telling terms.

    Terms from titles and keywords, ranked by log-likelihood ratio as CiteSpace does: those of the
    papers citing a works cluster, those of a papers cluster's own members."""
    from .analysis.clusters import cocitation_clusters, coupling_clusters
    from .report import clusters_text

    corpus, problems = _corpus(sources, vocabulary, authors, as_format)
    g = corpus.graph
    result = {"cocitation": cocitation_clusters(g, resolution, min_cited), "coupling": coupling_clusters(g, resolution)}
    finish(result, lambda r: clusters_text(r, show_all), fmt, problems)


NETWORK_EXPORTS = ("graphml", "gexf", "csv", "vosviewer", "html", "json")


@cli.command()
@strict_option
@as_option
@click.option("-s", "--source", "sources", multiple=True, help="Source file or folder (repeatable).  [default: bib/]")
@click.option("--kind", "net_kind", type=click.Choice(["authors", "institutions", "countries", "keywords"]),
              default="authors", show_default=True,
              help="Co-authorship by authors, institutions or countries, or keyword co-occurrence.")
@click.option("--counting", type=click.Choice(["full", "fractional"]), default="full", show_default=True,
              help="Link weight: 1 per shared document, or 1/(n-1) for a document of n items.")
@click.option("--min-occurrences", type=click.IntRange(min=1), default=1, show_default=True,
              help="Leave out items in fewer documents.")
@click.option("--top", "top_n", type=click.IntRange(min=1), help="Keep only this many items, most documents first.")
@click.option("--keywords", "keyword_set", type=click.Choice(["all", "author", "index"]), default="all",
              show_default=True, help="Author keywords, indexing terms (Keywords Plus, index keywords, MeSH) or both.")
@click.option("--max-items", type=click.IntRange(min=2),
              help="Records with more items give no links.  [default: 25; keywords 60]")
@click.option("--show", type=click.IntRange(min=1), default=20, show_default=True, help="Items listed in text output.")
@click.option("-o", "--output", help="Write the network to this file (see --to).")
@click.option("--to", "to_fmt", type=click.Choice(NETWORK_EXPORTS),
              help="Format of -o: graphml, gexf, csv (edge list), vosviewer (FILE-map.txt and "
                   "FILE-network.txt), html (the page), json.  [default: from the extension]")
@format_option
def network(sources, as_format, net_kind, counting, min_occurrences, top_n, keyword_set,
            max_items, show, output, to_fmt, fmt):
    """Co-authorship (authors, institutions, countries) and keyword co-occurrence networks of the
    records of database exports and libraries, as bibliometrix and VOSviewer draw them.

    \b
    Nodes carry documents, citations (the database's times cited), links and total
    link strength, and a cluster (Louvain); links carry full and fractional weights and
    VOSviewer's association strength. Records exported twice count once. Authors are
    "Family, initials", told apart or joined by ORCID, OpenAlex, Scopus and WoS ids and
    full given names where the records give them."""
    from .analysis.networks import network as make_network
    from .export.networks import network_text

    docs, problems = _records(sources, as_format)
    net = make_network(docs, net_kind, counting=counting, min_occurrences=min_occurrences, top=top_n,
                       keywords=keyword_set, max_items=max_items)
    for line in net.notes:
        note(line)
    if output:
        _write_network(net, output, to_fmt)
    elif to_fmt:
        raise InputError("--to", "needs -o FILE to write to")
    finish(net.to_json(), lambda r: network_text(net, show), fmt, problems)


def _records(sources, as_format):
    """The documents of the sources, read without building the citation graph (a network of
    authors or words needs only the records)."""
    from .readers import skipped_warning, source_files

    problems = Problems()
    sources = list(sources) or [DEFAULT_SOURCE]
    paths, skipped = source_files(sources, problems)
    docs = _read(paths, problems, citations=False, as_format=as_format)
    if skipped:
        warn([skipped_warning(skipped)], problems)
    if not docs:
        raise InputError(", ".join(sources), "no readable sources")
    return docs, problems


def _write_network(net, output: str, to_fmt: str | None) -> None:
    from .export import networks as nw
    from .output import atomic_write, atomic_write_many

    if to_fmt is None:
        ext = os.path.splitext(output)[1].lower().lstrip(".")
        to_fmt = {"htm": "html", "txt": "vosviewer"}.get(ext, ext)
        if to_fmt not in NETWORK_EXPORTS:
            raise InputError(output, f"cannot tell the format from the extension: give --to ({', '.join(NETWORK_EXPORTS)})")
    folder = os.path.dirname(os.path.abspath(output))
    if not os.path.isdir(folder):
        raise InputError(output, f"cannot write: folder {folder} does not exist")
    if to_fmt == "vosviewer":
        stem = output[:-4] if output.lower().endswith(".txt") else output
        paths = [f"{stem}-map.txt", f"{stem}-network.txt"]
        map_text, net_text = nw.vosviewer(net)
        atomic_write_many({paths[0]: map_text, paths[1]: net_text})  # both or neither
        note(f"wrote {paths[0]} ({len(net.nodes)} items) and {paths[1]} ({len(net.edges)} links)")
        return
    if to_fmt == "html":
        text, data = nw.page(net)
        atomic_write(output, text)
        note(f"wrote {output}: {len(data['nodes'])} of {len(net.nodes)} items, {len(data['edges'])} links")
        return
    writers = {"graphml": nw.graphml, "gexf": nw.gexf, "csv": nw.csv_edges,
               "json": lambda n: dumps(n.to_json())}
    atomic_write(output, writers[to_fmt](net))
    note(f"wrote {output} ({to_fmt}, {len(net.nodes)} items, {len(net.edges)} links)")


def _pick(g, query, kinds=None):
    """The node a query means, or a one-line error listing what it could mean."""
    from .query import find_nodes

    hits = find_nodes(g, query, kinds)
    if not hits:
        raise InputError(query, "matches nothing in the graph (try a label, key, DOI, author or theory name)")
    top = [h for h in hits if h[1] == hits[0][1]]
    if len(top) > 1 and hits[0][1] < 100 or len(top) > 1 and len({g.nodes[n]["kind"] for n, _ in top}) > 1:
        options = "; ".join(f"{n} ({g.nodes[n]['label']})" for n, _ in hits[:5])
        raise InputError(query, f"is ambiguous: it could mean {options}")
    return hits[0][0]


@cli.command()
@sources_option
@click.argument("work")
@format_option
def related(sources, vocabulary, authors, as_format, work, fmt):
    """Works co-cited with WORK, and papers coupled with it (shared references)."""
    from .analysis.centrality import cocitation, coupling, shared_theories
    from .report import related_text

    corpus, problems = _corpus(sources, vocabulary, authors, as_format)
    g = corpus.graph
    node = _pick(g, work, ("work", "paper"))
    result = {"id": node, "label": g.nodes[node]["label"], "cocited": cocitation(g, node),
              "coupled": coupling(g, node), "shared_theories": shared_theories(g, node)}
    finish(result, related_text, fmt, problems)


@cli.command()
@sources_option
@click.argument("name")
@format_option
def lineage(sources, vocabulary, authors, as_format, name, fmt):
    """A theory's lineage: founding works, revisions, papers that use it, cases it explains."""
    from .analysis.lineage import lineage as theory_lineage
    from .query import find_nodes
    from .report import lineage_text

    corpus, problems = _corpus(sources, vocabulary, authors, as_format)
    g = corpus.graph
    node = None
    if corpus.vocabulary:
        ent = corpus.vocabulary.lookup(name)
        if ent is not None and f"theory:{ent.id}" in g:
            node = f"theory:{ent.id}"
        elif ent is not None and ent.id in corpus.vocabulary.theories and not find_nodes(g, name, ("theory",)):
            # In the vocabulary, absent from the corpus: its founders and the fact that nothing here uses it.
            from .analysis.lineage import vocabulary_lineage

            finish(vocabulary_lineage(ent), lineage_text, fmt, problems)
    if node is None:
        hits = [h for h in find_nodes(g, name, ("theory",)) if h[1] >= 90]
        if not hits:
            if corpus.vocabulary is None:
                raise InputError(name, "no vocabulary is in use (--vocabulary none), so the graph has no theories")
            near = corpus.vocabulary.nearest(name) if corpus.vocabulary else []
            hint = f"; did you mean {' or '.join(repr(n) for n in near)}?" if near else ""
            raise InputError(name, f"is no theory of the vocabulary{hint}")
        node = hits[0][0]
    result = theory_lineage(g, node)
    finish(result, lineage_text, fmt, problems)


@cli.command()
@sources_option
@click.option("--routes", type=click.IntRange(min=1), default=3, show_default=True, help="Key-route paths to follow.")
@format_option
def mainpath(sources, vocabulary, authors, as_format, routes, fmt):
    """Main path analysis (SPC): the global main path and key-route paths."""
    from .analysis.lineage import main_path
    from .report import mainpath_text

    corpus, problems = _corpus(sources, vocabulary, authors, as_format)
    result = main_path(corpus.graph, routes)
    finish(result, mainpath_text, fmt, problems)


@cli.command("suggest-works")
@sources_option
@click.option("--top", type=click.IntRange(min=1), default=20, show_default=True, help="Suggestions to list.")
@click.option("--core", "core", type=click.IntRange(min=1), default=None,
              help="Measure against the N corpus papers with the most local citations (then PageRank).  "
                   "[default: every corpus paper that cites something]")
@click.option("--min-links", type=click.IntRange(min=1), default=2, show_default=True,
              help="Leave out works with fewer links to the core (core papers citing it or cited by it, "
                   "or co-citations with core papers).")
@format_option
def suggest_works(sources, vocabulary, authors, as_format, top, core, min_links, fmt):
    """Works to read next: cited by the corpus's core, or co-cited with it, but not in the corpus.

    \b
    In the corpus: the documents read (records of an export, library entries,
    papers). Cited-only works, known from reference lists alone, are the
    candidates, each listed with why: "cited by 14 of 50 core papers",
    "co-cited with X and Y 9 times", "cites 3 core papers" (where its own
    references are known). Not `litgraph suggest`, which proposes vocabulary
    entries (theories, cases) from a text."""
    from .analysis.suggestions import suggest_works as find
    from .report import suggest_works_text

    corpus, problems = _corpus(sources, vocabulary, authors, as_format)
    result = find(corpus.graph, top=top, core=core, min_links=min_links)
    if result["note"] and fmt == "json":
        note(f"nothing to suggest: {result['note']}")
    finish(result, suggest_works_text, fmt, problems)


@cli.command()
@sources_option
@click.argument("query")
@format_option
def show(sources, vocabulary, authors, as_format, query, fmt):
    """Everything known about a work, theory, case or author: by label, key, DOI or a fuzzy name."""
    from .query import find_nodes
    from .report import node_record, show_text

    corpus, problems = _corpus(sources, vocabulary, authors, as_format)
    g = corpus.graph
    hits = find_nodes(g, query)
    if not hits:
        raise InputError(query, "matches nothing in the graph (try a label, key, DOI, author or theory name)")
    best = [n for n, s in hits if s == hits[0][1]]
    records = [node_record(g, n) for n in best[:10]]
    others = [(n, g.nodes[n]["label"]) for n, _ in hits if n not in best][:5]
    finish(records, lambda r: show_text(r, others), fmt, problems)


@cli.command()
@click.argument("path")
@click.option("--vocabulary", default=os.path.join(DEFAULT_SOURCE, "vocabulary.toml"), show_default=True)
@click.option("--format", "fmt", type=click.Choice(["text", "json", "toml"]), default="text", show_default=True)
def suggest(path, vocabulary, fmt):
    """Vocabulary entries to add: theories and cases a text names that the vocabulary lacks (toml: ready to paste).

    For works to read next, see `litgraph suggest-works`."""
    from .knowledge import load_vocabulary
    from .suggest import suggest as find_suggestions
    from .textio import read_text
    from .report import suggest_text, suggest_toml

    if not os.path.exists(vocabulary) and vocabulary == os.path.join(DEFAULT_SOURCE, "vocabulary.toml"):
        from .corpus import STARTER_VOCABULARY

        vocabulary = STARTER_VOCABULARY  # outside the demo corpus: what the starter vocabulary lacks
    vocab = load_vocabulary(vocabulary) if os.path.exists(vocabulary) else None
    text = read_text(path)
    found = find_suggestions(text.text, vocab)
    if fmt == "json":
        click.echo(dumps(found), nl=False)
    elif fmt == "toml":
        click.echo(suggest_toml(found), nl=False)
    else:
        click.echo(suggest_text(path, found), nl=False)


@cli.command("formats")
def formats_command():
    """The input formats litgraph reads, as `--as` names them."""
    from .readers.registry import formats

    for fmt in formats().values():
        click.echo(f"{fmt.name:<14} {fmt.description}")


def main(argv: list[str] | None = None) -> None:
    """Entry point: turn every failure into one line and an exit status."""
    from .output import SafeStream

    # Whatever any command prints, no control code from input reaches the terminal.
    _terminate_cleanly()
    streams = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = (s if isinstance(s, SafeStream) else SafeStream(s) for s in streams)
    try:
        _main(argv)
    finally:
        sys.stdout, sys.stderr = streams
        if _FROZEN[0] or _GC_WAS[0]:  # run in a process that goes on (a test, a notebook): its garbage
            import gc                   # collectable again, by the collector as it was

            gc.unfreeze()
            _FROZEN[0] = False
            if _GC_WAS[0]:
                gc.enable()
                _GC_WAS[0] = False


def run() -> None:
    """main() as a process of its own (`python -m litgraph`, the `litgraph` script).

    Once the command is done, its output flushed and the exit handlers run (temporary files
    removed), the process ends with os._exit: the interpreter's own teardown would free the
    corpus object by object, which costs seconds for nothing (1.1 s of CPU after a `build`
    of a 2,000-record WoS export). main() itself returns normally, for tests and notebooks."""
    try:
        main()
        code = 0
    except SystemExit as exc:
        code = exc.code
    import atexit

    run_exitfuncs = getattr(atexit, "_run_exitfuncs", None)
    if code is None:
        code = 0
    if not isinstance(code, int) or run_exitfuncs is None:
        sys.exit(code)  # an exit message to print, or no way to run the handlers: Python's way
    run_exitfuncs()
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except Exception:  # noqa: BLE001 - a closed pipe: Python's own exit tells it as usual
        sys.exit(code)
    os._exit(code)


def _terminate_cleanly() -> None:
    """SIGTERM (kill, a CI timeout) unwinds like Ctrl-C, so half-written temporaries are removed."""
    import signal
    import threading

    if threading.current_thread() is threading.main_thread() and \
            signal.getsignal(signal.SIGTERM) is signal.SIG_DFL:
        signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(128 + signum))


def _main(argv: list[str] | None) -> None:
    try:
        cli.main(args=argv, prog_name="litgraph", standalone_mode=False)
    except InputError as exc:
        click.echo(f"litgraph: error: {exc}", err=True)
        sys.exit(2)
    except click.exceptions.Abort:
        click.echo("litgraph: interrupted", err=True)
        sys.exit(130)
    except click.ClickException as exc:
        exc.show()
        sys.exit(2)
    except BrokenPipeError:
        # `litgraph refs ... | head`: the reader went away; that is not an error.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        sys.exit(0)
    except KeyboardInterrupt:
        click.echo("litgraph: interrupted", err=True)
        sys.exit(130)
    except Exception as exc:  # noqa: BLE001 - the promise is: never a traceback
        if os.environ.get("LITGRAPH_DEBUG"):
            raise
        click.echo(f"litgraph: internal error: {type(exc).__name__}: {exc} "
                   "(set LITGRAPH_DEBUG=1 for details, and please report it)", err=True)
        sys.exit(3)


if __name__ == "__main__":
    run()
