"""The fast BibTeX splitter gives bibtexparser's blocks, or declines (and bibtexparser decides)."""
from __future__ import annotations

import glob
import os
import random

import pytest

from litgraph.readers import bibtex
from litgraph.readers.bibsplit import split_fast

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SHARED = os.path.join(ROOT, "..", "shared", "datasets", "exports")


def _slow(text):
    import logging

    import bibtexparser

    logging.getLogger("bibtexparser").setLevel(logging.CRITICAL)
    return bibtexparser.parse_string(text, parse_stack=[])


def _blocks(lib):
    out = []
    for b in lib.blocks:
        if hasattr(b, "fields"):
            fields = [(f.key, f.value, f.start_line) for f in b.fields]
            if hasattr(b, "pairs"):  # the fast path's entry: what the reader uses is what `fields` says
                assert b.pairs == [(k, v) for k, v, _ in fields]
            # bibtexparser's Entry or the fast path's PlainEntry: the same block either way
            out.append(("Entry", b.entry_type, b.key, b.start_line, fields))
        else:
            out.append((type(b).__name__, getattr(b, "comment", None), b.start_line))
    return out


PLAIN = """% a library as a reference manager writes it
@article{smith2001,
  author = {Smith, John and M{\\"u}ller, Karl},
  title = {{The {DNA} of firms}: a {Study {in depth}}},
  journal = "Journal of Things",
  year = 2001,
  month = jan,
  pages = {1--10},
}

// a line between entries
@Book{jones1999,author={Jones, A.},title={Books, commas = and "quotes"},year={1999}}
@misc{x,
  note = {a value
spanning lines},
  funding_text 1 = {a field name with a space}
}
"""

DECLINED = [
    "@string{jibs = {J Int Bus Stud}}\n@article{a, journal = jibs}",
    "@comment{x}\n@article{a, title = {T}}",
    "@preamble{\"x\"}\n@article{a, title = {T}}",
    "@article(a, title = {T})",
    "@article{a, title = {T}}\n@article{a, title = {U}}",  # a repeated key
    "@article{a, title = {T}, title = {U}}",  # a repeated field
    "@article{a, title = {x \\{ y}}",  # an escaped brace
    "@article{a, title = {T} # {U}}",  # concatenation
    "@article{a, title = {{{{deep}}}}}",  # braces four deep
    "@article{a, title = {T}\n@article{b, title = {U}}",  # an entry closed too late
    "@article{, title = {T}}",  # no key
    "@article{a, title = \"with {braces}\"}",
]


def test_a_plain_library_splits_as_bibtexparser_splits_it():
    fast = split_fast(PLAIN)
    assert fast is not None
    assert _blocks(fast) == _blocks(_slow(PLAIN))
    entries = [b for b in fast.blocks if hasattr(b, "fields")]
    assert [e.key for e in entries] == ["smith2001", "jones1999", "x"]
    assert entries[1].entry_type == "book"


@pytest.mark.parametrize("text", DECLINED)
def test_what_the_fast_path_cannot_promise_is_left_to_bibtexparser(text):
    assert split_fast(text) is None
    # and the reader still reads it, through bibtexparser
    lib = bibtex._split(text)
    assert lib.blocks


def test_text_between_entries_is_kept_as_bibtexparser_keeps_it():
    text = "@article{a, title = {T}} trailing text, title = {stray}\n\n  % note\n@misc{b, note = {N}}\nend"
    fast = split_fast(text)
    assert fast is not None and _blocks(fast) == _blocks(_slow(text))


def test_generated_libraries_split_the_same_either_way():
    rnd = random.Random(7)
    pieces = ["{A}", "{B and C}", '"q"', "1999", "jan", "{x, y = z}", "{{N}ested}", "{a\nb}", "{@ x}",
              "{\\'e}", '{say "hi"}', "{}", "{a}b"]
    for _ in range(300):
        lines = []
        for k in range(rnd.randint(0, 4)):
            if rnd.random() < 0.2:
                lines.append(rnd.choice(["% c", "text", "", "  "]))
            fields = ",\n".join(f"  {rnd.choice(['title', 'author', 'year', 'note', 'x-y'])}{k}{n} = "
                                f"{rnd.choice(pieces)}" for n in range(rnd.randint(0, 4)))
            lines.append(f"@{rnd.choice(['article', 'Book', 'misc'])}{{key{k},\n{fields}{rnd.choice(['', ','])}\n}}")
        text = "\n".join(lines)
        fast = split_fast(text)
        if fast is not None:
            assert _blocks(fast) == _blocks(_slow(text)), text


def _files():
    found = sorted(glob.glob(os.path.join(ROOT, "bib", "**", "*.bib"), recursive=True))
    found += sorted(glob.glob(os.path.join(ROOT, "tests", "data", "**", "*.bib"), recursive=True))
    return found


@pytest.mark.parametrize("path", _files(), ids=os.path.basename)
def test_the_project_files_split_the_same(path):
    from litgraph.textio import read_text

    text = read_text(path).text
    fast = split_fast(text)
    if fast is not None:
        assert _blocks(fast) == _blocks(_slow(text))


def test_the_shared_exports_split_the_same():
    if not os.path.isdir(SHARED):
        pytest.skip("../shared/datasets/exports is absent (it is not part of the project)")
    from litgraph.textio import read_text

    files = glob.glob(os.path.join(SHARED, "**", "*.bib*"), recursive=True)
    taken = 0
    for path in files:
        text = read_text(path).text
        fast = split_fast(text)
        if fast is not None:
            taken += 1
            assert _blocks(fast) == _blocks(_slow(text)), path
    assert taken  # the fast path is taken on real exports, not only on our own fixtures
