"""Parse printed references into fields: a CRF tagger plus tidy-up rules.

    >>> from litgraph.refparse import parse_reference
    >>> ref = parse_reference("Penrose, E. T. (1959). The theory of the growth of the firm. Wiley.")
    >>> ref.authors[0].family, ref.year, ref.type
    ('Penrose', 1959, 'book')

The tagger (models/refs.crfsuite, trained by `python -m litgraph.refparse.train`)
labels each token; `fields.assemble` turns the labels into clean fields.
"""
from __future__ import annotations

from collections.abc import Iterable

from ..gcpause import paused_gc
from ..model import Reference
from . import models
from .features import sequence_features
from .fields import assemble
from .tokens import tokenize

MODEL_ENV = "LITGRAPH_REF_MODEL"
_LONG = 20000  # crf.LONG (not imported from there: numpy is loaded only when a list needs it)


def model_path() -> str:
    return models.model_path("refs.crfsuite", MODEL_ENV)


def _get_tagger():
    return models.tagger(model_path())


def tag(words: list[str], italic: list[bool] | None = None) -> list[str]:
    """The label of each token (author, date, title, container, volume, pages, ...)."""
    if not words:
        return []
    if len(words) > _LONG:
        return _get_batch().tag_many([(words, italic)])[0]
    return _get_tagger().tag(sequence_features(words, italic))


def parse_reference(raw: str, source: str = "", index: int = 1, line: int | None = None) -> Reference:
    """Parse one printed reference (any common style) into a Reference."""
    one_line = " ".join(raw.split())
    toks = tokenize(one_line)
    labels = tag(toks.words, toks.italic)
    ref = assemble(toks, labels, source, index, one_line)
    ref.line = line
    return ref


_batches: dict[str, object] = {}


def _get_batch():
    """The numpy tagger of the current model (it caches per distinct token, so one per process)."""
    path = model_path()
    batch = _batches.get(path)
    if batch is None:
        from .crf import BatchTagger

        batch = _batches[path] = BatchTagger(_get_tagger(), path)
    return batch


def parse_references(raws: Iterable[str], source: str = "", lines: Iterable[int | None] | None = None,
                     first_index: int = 1) -> list[Reference]:
    """Parse many references at once: the same result as parse_reference on
    each, several times faster on a long list (the tagger scores them together,
    and a reference printed twice is parsed once)."""
    raws = list(raws)
    if len(raws) < 20:
        refs = [parse_reference(r, source, i) for i, r in enumerate(raws, first_index)]
    else:
        with paused_gc():
            refs = _parse_many(raws, source, first_index)
    if lines is not None:
        for ref, line in zip(refs, lines):
            ref.line = line
    return refs


def _parse_many(raws: list[str], source: str, first_index: int) -> list[Reference]:
    texts = [" ".join(r.split()) for r in raws]
    first: dict[str, int] = {}
    which = [first.setdefault(t, len(first)) for t in texts]
    distinct = list(first)
    toks = [tokenize(t) for t in distinct]
    labels = _get_batch().tag_many([(t.words, t.italic) for t in toks])
    parsed = [assemble(t, lab, source, 0, text) for t, lab, text in zip(toks, labels, distinct)]
    used = [False] * len(parsed)
    refs = []
    for i, k in enumerate(which, first_index):
        ref = parsed[k] if not used[k] else parsed[k].copy()
        used[k] = True
        ref.index = i
        refs.append(ref)
    return refs

