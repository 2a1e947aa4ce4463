"""The shipped CRF models (models/*.crfsuite), each opened once per process.

Both learned parts of reading a list use python-crfsuite models: the line
segmenter (readers.segment, models/segment.crfsuite) and the reference field
tagger (refparse, models/refs.crfsuite). An environment variable names another
model file for either (a retrained one, or one under test).
"""
from __future__ import annotations

import os
from importlib import resources

_open: dict[str, object] = {}


def model_path(name: str, env: str) -> str:
    """The model file: $env when set, else the packaged models/<name>."""
    return os.environ.get(env) or str(resources.files("litgraph") / "models" / name)


def tagger(path: str):
    """An open pycrfsuite.Tagger of the model at `path` (opened at first use)."""
    t = _open.get(path)
    if t is None:
        import pycrfsuite

        t = pycrfsuite.Tagger()
        t.open(path)
        _open[path] = t
    return t
