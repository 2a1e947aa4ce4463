"""The litgraph command line: thin wrappers that parse options, call the library, print.

Exit status: 0 success; 1 the command ran and found problems (check);
2 usage or input error, told on one line naming the file (and line).
Heavy modules are imported inside the commands so that `litgraph refs`
starts in a fraction of a second.
"""
from __future__ import annotations

import json
import os
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


def warn(findings) -> None:
    for f in findings:
        where = f"{f.source}:{f.line}" if f.line else f.source
        click.echo(f"litgraph: warning: {where}: {f.message}", err=True)


def emit(text: str, output: str | None) -> None:
    """Print, or write a file whole (never half of one)."""
    if output:
        from .output import atomic_write

        atomic_write(output, text)
    else:
        click.echo(text, nl=not text.endswith("\n"))


def dumps(obj) -> str:
    """JSON for tools and people: an array with one object per line.

    (json's C encoder is used per object; `indent` would fall back to the
    pure-Python one, which costs more than parsing the references.)"""
    if isinstance(obj, list):
        if not obj:
            return "[]\n"
        return "[\n" + ",\n".join(json.dumps(o, ensure_ascii=False) for o in obj) + "\n]\n"
    return json.dumps(obj, ensure_ascii=False, indent=2) + "\n"


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="litgraph")
def cli() -> None:
    """Literature citation graph explorer: references, citations, theories and cases."""


@cli.command()
@click.argument("paths", nargs=-1, required=True)
@click.option("--format", "fmt", type=click.Choice(["text", "json", "bibtex"]), default="text", show_default=True)
@click.option("-o", "--output", help="Write to this file instead of standard output.")
def refs(paths, fmt, output):
    """Parse reference lists: plain lists, papers' full text, or BibTeX files."""
    from .readers import read_file

    problems = Problems()
    found = []
    for path in paths:
        try:
            doc = read_file(path)
        except InputError as exc:
            problems(exc)
            continue
        warn(doc.warnings)
        if doc.kind == "paper" and not doc.has_reference_list:
            click.echo(f"litgraph: warning: {path}: no reference list found (no 'References' heading)", err=True)
        found.extend(doc.references)
    if fmt == "json":
        text = dumps([r.to_json() for r in found])
    elif fmt == "bibtex":
        from .export.bibtex import to_bibtex

        text = to_bibtex(found)
    else:
        from .report import references_text

        text = references_text(found)
    emit(text, output)
    sys.exit(2 if problems.count else 0)


def _read_linked(paths, problems):
    """Read each path and link its citations to its list."""
    from .readers import read_file
    from .resolve import link_citations

    docs = []
    for path in paths:
        try:
            doc = read_file(path)
        except InputError as exc:
            problems(exc)
            continue
        warn(doc.warnings)
        link_citations(doc)
        docs.append(doc)
    return docs


@cli.command()
@click.argument("paths", nargs=-1, required=True)
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.option("-o", "--output", help="Write to this file instead of standard output.")
def cites(paths, fmt, output):
    """In-text citations of papers' text, each linked to its reference entry."""
    problems = Problems()
    docs = _read_linked(paths, problems)
    for doc in docs:
        if doc.kind != "paper":
            click.echo(f"litgraph: warning: {doc.source}: not a paper's text; no in-text citations to find", err=True)
        elif not doc.citations:
            click.echo(f"litgraph: warning: {doc.source}: no author-year citations found", err=True)
    if fmt == "json":
        text = dumps([c.to_json() for d in docs for c in d.citations])
    else:
        from .report import citations_text

        text = citations_text(docs, color=_color(output))
    emit(text, output)
    sys.exit(2 if problems.count else 0)


@cli.command()
@click.argument("paths", nargs=-1, required=True)
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.option("--min-severity", type=click.Choice(["info", "warning", "error"]), default="info", show_default=True,
              help="Leave out findings below this severity.")
@click.option("-o", "--output", help="Write to this file instead of standard output.")
def check(paths, fmt, min_severity, output):
    """Citation problems an editor wants to see. Exit 1 when any error is found."""
    from .analysis.checks import check_document, skipped_checks
    from .model import SEVERITIES

    problems = Problems()
    docs = _read_linked(paths, problems)
    rank = {s: i for i, s in enumerate(SEVERITIES)}
    results = []
    for doc in docs:
        findings = [f for f in check_document(doc) if rank[f.severity] <= rank[min_severity]]
        results.append((doc, findings, skipped_checks(doc)))
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


def _color(output) -> bool:
    return output is None and sys.stdout.isatty() and not os.environ.get("NO_COLOR")


@cli.command()
@click.option("-s", "--source", "sources", multiple=True, help="Source file or folder (repeatable).  [default: bib/]")
@click.option("-o", "--output", "outdir", default="graphs", show_default=True, help="Folder to write the graph files to.")
def build(sources, outdir):
    """Build the graph from the sources and write it to the output folder."""
    from .readers import read_sources
    from .report import corpus_summary

    problems = Problems()
    docs = read_sources(sources or [DEFAULT_SOURCE], on_error=problems)
    for d in docs:
        warn(d.warnings)
    click.echo(corpus_summary(docs))
    sys.exit(2 if problems.count else 0)


def main(argv: list[str] | None = None) -> None:
    """Entry point: turn every failure into one line and an exit status."""
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
    main()
