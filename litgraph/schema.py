"""A small declarative schema for the files users write by hand (paper.toml,
citations.json, mentions.json, vocabulary.toml).

A schema is a tree of specs; `check(value, spec)` returns the value cleaned
(strings stripped of control characters, a lone string where a list is wanted
taken as a list of one, numbers where text is wanted taken as text) or raises
`Invalid` with the path of the key that is wrong and what it should be:

    PAPER = Table({"title": Text(), "year": Int(1, 9999), "authors": ListOf(Text())})
    check({"year": "1977"}, PAPER)  # Invalid(("year",), "must be a whole number, not a string")

Readers turn `Invalid` into an InputError naming the file, the key and its line.
Why not jsonschema: its messages name JSON pointers, not TOML keys and lines,
and what is needed here (types, ranges, required and unknown keys) is this page.
"""
from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from typing import Any

_CONTROLS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


class Invalid(Exception):
    """A value that does not fit its schema, at `path` (keys and list indexes)."""

    def __init__(self, path: tuple, message: str, complete: bool = False):
        super().__init__(message)
        self.path = path
        self.message = message
        self.complete = complete  # the message names the key itself

    def where(self) -> str:
        """'authors[2]', 'theory.rbv.aliases' or '' for the whole file."""
        out = ""
        for p in self.path:
            out += f"[{p + 1}]" if isinstance(p, int) else (f".{p}" if out else str(p))
        return out

    def __str__(self) -> str:
        return f"'{self.where()}' {self.message}" if self.path and not self.complete else self.message


def kind_of(value: Any) -> str:
    """What a value is, in the words of a TOML or JSON user."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, int):
        return "a whole number"
    if isinstance(value, float):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a table"
    return f"a {type(value).__name__}"


class Spec:
    description = "a value"

    def check(self, value: Any, path: tuple) -> Any:  # pragma: no cover - abstract
        raise NotImplementedError

    def fail(self, value: Any, path: tuple, what: str | None = None):
        raise Invalid(path, f"must be {what or self.description}, not {kind_of(value)}")


@dataclass
class Text(Spec):
    """A string (with numbers=True, a whole number is taken as its text: "volume = 8"). NUL and other
    control characters are dropped; `path=True` refuses a NUL byte instead (a
    file name holding one is no file name)."""

    nonempty: bool = False
    numbers: bool = False
    path: bool = False
    choices: tuple[str, ...] = ()
    description: str = "a string"

    def check(self, value, path):
        if self.numbers and isinstance(value, int) and not isinstance(value, bool):
            value = str(value)
        if not isinstance(value, str):
            self.fail(value, path)
        if self.path and "\x00" in value:
            raise Invalid(path, "holds a NUL byte, which no file name can")
        value = _CONTROLS.sub("", value).strip()
        if self.nonempty and not value:
            raise Invalid(path, "must not be empty")
        if self.choices and value not in self.choices:
            near = difflib.get_close_matches(value, self.choices, n=1)
            hint = f" (did you mean '{near[0]}'?)" if near else ""
            raise Invalid(path, f"must be one of {', '.join(self.choices)}, not '{value}'{hint}")
        return value


@dataclass
class Int(Spec):
    """A whole number within [low, high] (TOML and JSON have no other bound)."""

    low: int | None = None
    high: int | None = None
    description: str = "a whole number"

    def check(self, value, path):
        if isinstance(value, bool) or not isinstance(value, int):
            self.fail(value, path)
        if (self.low is not None and value < self.low) or (self.high is not None and value > self.high):
            shown = str(value) if abs(value) < 10**15 else f"a number of {len(str(abs(value)))} digits"
            raise Invalid(path, f"must be between {self.low} and {self.high}, not {shown}")
        return value


@dataclass
class Bool(Spec):
    description: str = "true or false"

    def check(self, value, path):
        if not isinstance(value, bool):
            self.fail(value, path)
        return value


@dataclass
class Optional(Spec):
    """`inner`, or null (JSON's null; TOML has none)."""

    inner: Spec

    def check(self, value, path):
        return None if value is None else self.inner.check(value, path)


@dataclass
class ListOf(Spec):
    """A list of `item`; a lone string stands for a list of one (`aliases = "RBV"`)."""

    item: Spec
    max_items: int | None = None

    @property
    def description(self) -> str:
        return f"a list of {_plural(self.item.description)}"

    def check(self, value, path):
        if isinstance(value, str) and isinstance(self.item, Text):
            value = [value]
        if not isinstance(value, list):
            self.fail(value, path)
        if self.max_items is not None and len(value) > self.max_items:
            raise Invalid(path, f"holds {len(value)} items; at most {self.max_items} are allowed")
        return [self.item.check(v, path + (i,)) for i, v in enumerate(value)]


@dataclass
class Table(Spec):
    """A table (TOML) or object (JSON) with known keys; `values` types the values of
    a table whose keys are free (ids: `[theory.<id>]`)."""

    fields: dict[str, Spec] = field(default_factory=dict)
    required: tuple[str, ...] = ()
    values: Spec | None = None
    key: Text | None = None
    description: str = "a table"

    def check(self, value, path):
        if not isinstance(value, dict):
            self.fail(value, path)
        for name in self.required:
            if name not in value:
                raise Invalid(path + (name,), "is missing")
        out = {}
        for name, v in value.items():
            if self.values is not None:
                if self.key is not None:
                    self.key.check(name, path + (name,))
                out[name] = self.values.check(v, path + (name,))
                continue
            spec = self.fields.get(name)
            if spec is None:
                near = difflib.get_close_matches(name, sorted(self.fields), n=1)
                hint = f"did you mean '{near[0]}'?" if near else f"known: {', '.join(sorted(self.fields))}"
                table = Invalid(path, "").where()
                where = f" in [{table}]" if table else ""
                raise Invalid(path + (name,), f"unknown key '{name}'{where} ({hint})", complete=True)
            out[name] = spec.check(v, path + (name,))
        return out


def _plural(description: str) -> str:
    for one, many in (("a string", "strings"), ("a whole number", "whole numbers"), ("a table", "tables"),
                      ("true or false", "true/false values")):
        if description == one:
            return many
    return description


def check(value: Any, spec: Spec) -> Any:
    """`value` checked against `spec` and cleaned; raises Invalid."""
    return spec.check(value, ())
