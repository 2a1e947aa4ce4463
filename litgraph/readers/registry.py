"""Which reader reads a file: every input format is one module with a sniffer and a reader.

A format module ends with `FORMAT = Format(...)`. Its sniffer scores what a
file looks like (0: not this format, 1: certainly this one) from a `Probe`:
the first 64 KiB, decoded once for all text formats, and the file's name,
which is only a hint (Web of Science text comes behind a .ris name, Scopus
CSV behind .txt). `detect` takes the best score; `--as NAME` skips it. A new
format is one new module and one line in `_MODULES`.

Format modules are imported when first needed, in `_MODULES` order: `detect`
stops at the first certain claim (a score of 1), so a Web of Science export
never loads the PDF, RIS or CSV readers (nor compiles them, where Python keeps
no bytecode); `--as NAME` loads that one module. `formats()` loads them all.
"""
from __future__ import annotations

import importlib
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property

from ..errors import InputError
from ..model import Document

HEAD_BYTES = 65536

# Format modules, in the order that breaks ties: specific formats first, the
# catch-all text formats (a bare list, a paper's text) last.
_MODULES = (
    "facts",
    "bibtex",
    "pdf",
    "docx",
    "wos",
    "wos_tab",
    "scopus",
    "openalex",
    "openalex_csv",
    "lens",
    "dimensions",
    "ris",
    "medline",
    "endnote_xml",
    "csljson",
    "reflist",
    "paper",
)


@dataclass(frozen=True)
class ReadOptions:
    """What a reader is asked for beyond the file itself."""

    vocabulary: object | None = None  # knowledge.Vocabulary: find mentions of theories and cases
    citations: bool = True  # find in-text citations and mentions (`refs` needs neither)


@dataclass(frozen=True)
class Probe:
    """What a sniffer sees of a file: its head and its name."""

    path: str
    head: bytes
    size: int = 0

    @property
    def name(self) -> str:
        return os.path.basename(self.path)

    @property
    def suffix(self) -> str:
        return os.path.splitext(self.path)[1].lower()

    @cached_property
    def text(self) -> str:
        """The head as text ('' for what is plainly binary): BOM, UTF-16, UTF-8, else cp1252."""
        return decode_head(self.head)


@dataclass(frozen=True)
class Format:
    name: str
    sniff: Callable[[Probe], float]
    read: Callable[[str, ReadOptions], list[Document]]
    description: str
    # Extensions a folder walk picks up for this format (sniffing still decides).
    suffixes: tuple[str, ...] = field(default=())


def decode_head(head: bytes) -> str:
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        text = head[: len(head) - len(head) % 2].decode("utf-16", "replace")
    elif b"\x00" in head[:4096]:
        return ""
    else:
        try:
            text = head.decode("utf-8")
        except UnicodeDecodeError as exc:
            # A multi-byte character cut at the end of the head is still UTF-8.
            text = head[: exc.start].decode("utf-8") if exc.start > len(head) - 4 else head.decode("cp1252", "replace")
    return text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")


_formats: dict[str, Format] | None = None
_loaded: dict[str, Format] = {}  # module name -> its Format, as imported so far


def _format_of(module: str) -> Format:
    fmt = _loaded.get(module)
    if fmt is None:
        fmt = _loaded[module] = importlib.import_module(f"{__package__}.{module}").FORMAT
    return fmt


def formats() -> dict[str, Format]:
    """Every format, by name, in tie-breaking order."""
    global _formats
    if _formats is None:
        _formats = {fmt.name: fmt for fmt in map(_format_of, _MODULES)}
    return _formats


def format_names() -> list[str]:
    return list(formats())


def probe(path: str) -> Probe:
    """The head of a regular file (InputError for what cannot be read: a FIFO, a device, too large)."""
    from ..textio import read_head

    head, size = read_head(path, HEAD_BYTES)
    return Probe(path, head, size)


def detect(p: Probe) -> Format | None:
    """The format that claims the file most strongly, or None when none does."""
    best, best_score = None, 0.0
    for module in _MODULES:  # imported as reached: a certain claim leaves the rest unloaded
        fmt = _format_of(module)
        score = fmt.sniff(p)
        if score >= 1.0:  # certain (a signature no other format has): the catch-alls need not look
            return fmt
        if score > best_score:
            best, best_score = fmt, score
    return best


def get(name: str) -> Format:
    module = name.replace("-", "_")
    if module in _MODULES and _format_of(module).name == name:
        return _loaded[module]  # its module alone (most formats are named after theirs)
    try:
        return formats()[name]
    except KeyError:
        raise InputError(name, f"is no input format; known: {', '.join(formats())}") from None


def encoding_warnings(text) -> list:
    """A warning naming the first line that was not UTF-8, when the file was read otherwise."""
    from ..model import Finding

    if not text.first_bad_line:
        return []
    return [Finding(text.path, text.first_bad_line, "encoding", "warning", f"not UTF-8; read as {text.encoding}")]
