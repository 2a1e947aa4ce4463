"""Readers: turn each source file into Documents of records.

`read_sources` walks files and folders; a folder holding `paper.toml` is one
paper described by curated facts (see readers.facts). Every other file is
read by the format its content shows (readers.registry: one module per
format, each with a sniffer and a reader; `as_format` overrides the guess).
One file may hold many documents: a database export or a library gives one
per record.
"""
from __future__ import annotations

import os
import re
from collections.abc import Iterable
from pathlib import Path

from ..errors import InputError
from ..model import Document, Finding
from .registry import ReadOptions, detect, formats, get, probe

# Files in a corpus folder that are not sources.
_SKIP_NAMES = {"vocabulary.toml", "readme.md", "readme.txt", "license", "license.txt", "license.md"}


def doc_id(path: str | os.PathLike) -> str:
    """A stable, readable id from a path: 'bib/ornamental-plant-batu' -> 'ornamental-plant-batu'."""
    p = Path(path)
    stem = p.name if p.is_dir() or p.name == "paper.toml" else p.stem
    if p.name == "paper.toml":
        stem = p.parent.name
    return re.sub(r"[^a-z0-9]+", "-", stem.lower()).strip("-") or "source"


def read_file(path: str, vocabulary=None, citations: bool = True, as_format: str | None = None) -> list[Document]:
    """Read one source file into its documents (raises InputError when it cannot be used).

    citations=False skips finding in-text citations and mentions (all that
    `litgraph refs` needs is the reference list)."""
    options = ReadOptions(vocabulary=vocabulary, citations=citations)
    if as_format:
        fmt = get(as_format)
    elif os.path.basename(path) == "paper.toml":
        fmt = get("facts")  # what detect() gives it, whatever it holds, without reading its head first
    else:
        p = probe(path)
        fmt = detect(p)
        if fmt is None:
            raise InputError(path, _unknown(p))
    return fmt.read(path, options)


def _unknown(p) -> str:
    from ..textio import read_text

    read_text(p.path)  # says what is wrong with a file that is not text (empty, binary, a PDF...)
    return ("is in no format litgraph reads (" + ", ".join(formats()) + "); "
            "name one with --as if the guess is wrong")


def expand(paths: Iterable[str], skipped: list[str] | None = None) -> list[str]:
    """Files to read from the given files and folders, in a stable order.

    A folder with a paper.toml stands for that paper alone: its other files are
    the paper's own (reference list, BibTeX) and are read through the facts.
    In other folders, files whose extension no format reads are left out (and
    listed in `skipped`, when given, for the user to be told)."""
    known: set[str] = set()
    out: list[str] = []
    for path in paths:
        p = Path(path)
        if p.is_dir():
            # the suffixes of every format: only a folder walk needs them (and so every reader loaded)
            known = known or {s for f in formats().values() for s in f.suffixes}
            for root, dirs, files in os.walk(p):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                if "paper.toml" in files:
                    out.append(os.path.join(root, "paper.toml"))
                    dirs[:] = []
                    continue
                for f in sorted(files):
                    if f.startswith(".") or f.lower() in _SKIP_NAMES or f.upper().startswith(("NOTES", "VOCABULARY")):
                        continue
                    if Path(f).suffix.lower() in known:
                        out.append(os.path.join(root, f))
                    elif skipped is not None:
                        skipped.append(os.path.join(root, f))
        elif p.is_file():
            out.append(str(path))
        elif not p.exists():
            raise InputError(str(path), "no such file or folder")
        else:
            out.append(str(path))
    return out


def source_files(sources: Iterable[str], on_error=None) -> tuple[list[str], list[str]]:
    """The files the sources name (folders walked) and the files the walks left out; a missing
    source is passed to `on_error` (raised without one) and the others are still taken."""
    skipped: list[str] = []
    paths: list[str] = []
    for source in sources:
        try:
            paths += expand([source], skipped)
        except InputError as exc:
            if on_error is None:
                raise
            on_error(exc)
    return paths, skipped


def read_paths(paths: Iterable[str], vocabulary=None, on_error=None, as_format: str | None = None) -> list[Document]:
    """Read every file; one that cannot be read is passed to `on_error` (which may raise, or
    record it and let the rest be read). A reader that fails on a file in a way no one foresaw
    costs that file, not the corpus."""
    from ..gcpause import paused_gc

    docs: list[Document] = []
    with paused_gc():  # what is read is kept: each full collection would walk all of it again
        for path in paths:
            try:
                docs.extend(read_file(path, vocabulary, as_format=as_format))
            except Exception as exc:  # noqa: BLE001 - one bad file must not stop the corpus
                if on_error is None:
                    raise
                on_error(as_input_error(path, exc))
    return docs


def read_sources(paths: Iterable[str], vocabulary=None, on_error=None, as_format: str | None = None) -> list[Document]:
    """Read every source file and folder (source_files, then read_paths); the files a folder walk
    left out are told in the first document's warnings."""
    files, skipped = source_files(paths, on_error)
    docs = read_paths(files, vocabulary, on_error, as_format)
    if skipped and docs:
        docs[0].warnings.append(skipped_warning(skipped))
    return docs


def skipped_warning(skipped: list[str]) -> Finding:
    """'2 files of no known format left out (figure.png, notes.docx)': what a folder walk passed over."""
    names = ", ".join(os.path.basename(s) for s in skipped[:3]) + (", …" if len(skipped) > 3 else "")
    return Finding(os.path.dirname(skipped[0]) or ".", None, "skipped_files", "warning",
                   f"{len(skipped)} file{'s' if len(skipped) != 1 else ''} of no known format left out ({names})")


def as_input_error(path: str, exc: BaseException) -> InputError:
    """An InputError as it is; any other failure of a reader as one naming the file
    (LITGRAPH_DEBUG=1 lets it through, with its traceback)."""
    if isinstance(exc, InputError):
        return exc
    if isinstance(exc, RecursionError):
        return InputError(path, "cannot be read: its structure is nested too deeply")
    if isinstance(exc, MemoryError):
        return InputError(path, "cannot be read: it needs more memory than there is")
    if os.environ.get("LITGRAPH_DEBUG") or not isinstance(exc, Exception):
        raise exc
    return InputError(path, f"cannot be read: internal error {type(exc).__name__}: {exc} "
                            "(the rest was read; please report it)")
