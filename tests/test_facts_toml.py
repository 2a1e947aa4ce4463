"""paper.toml's simple lines are read by one pattern a line: what tomllib gives, or declined."""
from __future__ import annotations

import glob
import os
import random

try:
    import tomllib
except ModuleNotFoundError:  # Python 3.10
    import tomli as tomllib  # type: ignore[no-redef]

from litgraph.readers.facts import _simple_toml

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def _tomllib(text):
    try:
        return tomllib.loads(text)
    except (tomllib.TOMLDecodeError, ValueError):
        return "error"


def test_generated_files_read_as_tomllib_reads_them():
    rnd = random.Random(5)
    keys = ["id", "title", "year", "authors", "x-y", "a_b", "1", "title", "seed", "t.u", '"q"', "é"]
    values = ['"Okafor, H."', '"with \\"escape\\""', '""', '"a # not a comment"', "2004", "0", "-0", "-12", "+1",
              "01", "1_000", "1.5", "true", "false", "True", "[]", '["a", "b"]', '[ "a" , ]', '["a",]', "[1, 2]",
              '["a"', "'literal'", '"""x"""', '"tab\there"', "12345678901234567890", '{a = 1}', '"ü ♥ 東京"']
    taken = 0
    for _ in range(4000):
        lines = []
        for _ in range(rnd.randint(0, 6)):
            shape = rnd.random()
            if shape < 0.7:
                sp = rnd.choice(["", " ", "  ", "\t"])
                line = f"{sp}{rnd.choice(keys)}{sp} ={rnd.choice(['', ' '])}{rnd.choice(values)}"
                if rnd.random() < 0.2:
                    line += rnd.choice([" # note", "# x", " #", "  "])
            elif shape < 0.85:
                line = rnd.choice(["", "   ", "# a comment", "  # indented", "[table]", "key", "= 1"])
            else:
                line = f"{rnd.choice(keys)} = {rnd.choice(values)} {rnd.choice(values)}"
            lines.append(line)
        text = "\n".join(lines) + rnd.choice(["", "\n"])
        simple = _simple_toml(text)
        if simple is not None:
            taken += 1
            assert simple == _tomllib(text), text
    assert taken > 500


def test_the_project_paper_files_read_as_tomllib_reads_them():
    files = glob.glob(os.path.join(ROOT, "bib", "**", "*.toml"), recursive=True)
    files += glob.glob(os.path.join(ROOT, "tests", "**", "*.toml"), recursive=True)
    taken = 0
    for path in files:
        with open(path, encoding="utf-8") as fh:
            text = fh.read()
        simple = _simple_toml(text)
        if simple is not None:
            taken += 1
            assert simple == tomllib.loads(text), path
    assert taken  # the demo corpus's paper.toml files are simple
