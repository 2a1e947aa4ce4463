"""The segmenter's CRF decoded in numpy: crfsuite's own labels, without its strings.

python-crfsuite tags a list's lines from one list of feature strings per line:
for 200,000 lines that is some 6 million strings built in Python, converted
to C++ and looked up again, most of them the same few hundred over and over.
Here the model's weights are read once, exactly (from the model file, not from
crfsuite's text dump, which rounds them to six decimals); each distinct group
of features a line is made of (segment._Factored) gets its ids once; a line's
label scores are summed in numpy, and Viterbi runs in Python where a step is
in doubt and by table look-up where it is not.

The labels are crfsuite's, by construction, not by approximation:
- a line's scores are summed as crfsuite sums them (crf1dt_state_score): from
  0.0, one weight after another in the order of the line's features, unknown
  features adding nothing (adding 0.0 changes no sum);
- Viterbi (crf1dc_viterbi) adds prev[i] + trans[i][j], keeps the first best i,
  then adds the state score; where that is done here it is done in that order,
  in the same doubles;
- where every label of a line has the same best predecessor, whatever that
  line's scores are to within a bound far above any rounding (see _viterbi),
  the step is taken without the sums, and the one score the path needs is
  carried on with the additions crfsuite makes.
tests/test_segment.py compares the labels with python-crfsuite's on every kind
of list the tests have and on generated layouts.
"""
from __future__ import annotations

import struct
from functools import lru_cache
from itertools import chain

import numpy as np


class ModelError(ValueError):
    """Not a crfsuite model file this reader understands."""


def read_model(path: str) -> tuple[list[str], dict[str, int], np.ndarray, np.ndarray]:
    """A crfsuite CRF1d model file: its labels, its attributes (name -> row),
    the state weights (one row per attribute, and a last row of zeros for
    attributes the model does not know) and the transition weights [from, to].

    The file format is crfsuite's (crf1d_model.c): a header of offsets, the
    features as (type, source, destination, double weight), and the label and
    attribute names in two CQDB string tables."""
    with open(path, "rb") as fh:
        b = fh.read()
    try:
        magic, _, kind, _, _, n_labels, n_attrs, off_f, off_l, off_a, _, _ = struct.unpack_from("<4sI4sIIIIIIIII", b, 0)
        if magic != b"lCRF" or kind != b"FOMC":
            raise ModelError(f"{path}: not a crfsuite CRF1d model")
        labels = _cqdb(b, off_l, n_labels)
        attrs = {name: k for k, name in enumerate(_cqdb(b, off_a, n_attrs))}
        chunk, _, n_feats = struct.unpack_from("<4sII", b, off_f)
        if chunk != b"FEAT":
            raise ModelError(f"{path}: no feature table")
        feats = np.frombuffer(b, dtype=np.dtype([("type", "<u4"), ("src", "<u4"), ("dst", "<u4"), ("w", "<f8")]),
                              count=n_feats, offset=off_f + 12)
    except struct.error as exc:
        raise ModelError(f"{path}: truncated crfsuite model ({exc})") from None
    state = np.zeros((n_attrs + 1, n_labels))
    trans = np.zeros((n_labels, n_labels))
    s = feats[feats["type"] == 0]
    t = feats[feats["type"] == 1]
    # (One feature per attribute and label, one per pair of labels: plain assignment.)
    state[s["src"].astype(np.int64), s["dst"].astype(np.int64)] = s["w"]
    trans[t["src"].astype(np.int64), t["dst"].astype(np.int64)] = t["w"]
    return labels, attrs, state, trans


def _cqdb(b: bytes, off: int, n: int) -> list[str]:
    """The n strings of a CQDB table at `off`, by id (its backward array)."""
    chunk, _, _, _, bwd_size, bwd_off = struct.unpack_from("<4sIIIII", b, off)
    if chunk != b"CQDB" or bwd_size != n:
        raise ModelError("not a CQDB string table")
    out = []
    for k, rec in enumerate(struct.unpack_from(f"<{n}I", b, off + bwd_off)):
        rid, ksize = struct.unpack_from("<II", b, off + rec)
        if rid != k:
            raise ModelError("CQDB table out of order")
        out.append(b[off + rec + 8:off + rec + 7 + ksize].decode("utf-8"))
    return out


class LineDecoder:
    """One segmenter model, ready to label lists from their factored features."""

    def __init__(self, path: str) -> None:
        self.labels, self.attrs, self.state, self.trans = read_model(path)
        self.unknown = len(self.attrs)  # the zero row
        self._lookup = _Ids(self.attrs, self.unknown)
        tr = self.trans
        # need[m, i]: by how much a label m must lead a label i at one line for m
        # to be every next label's best predecessor (max over "to" of what the
        # transition from i gives more than the one from m).
        need = (tr[None, :, :] - tr[:, None, :]).max(axis=2)
        np.fill_diagonal(need, -np.inf)
        self.need = need

    def ids(self, groups: list[list[str]]) -> np.ndarray:
        """Each group of feature strings as a row of attribute ids, padded with the zero row."""
        lengths = np.fromiter(map(len, groups), dtype=np.int64, count=len(groups))
        width = int(lengths.max()) if len(groups) else 0
        out = np.full((len(groups), max(width, 1)), self.unknown, dtype=np.int64)
        total = int(lengths.sum())
        if total:
            flat = np.fromiter(map(self._lookup.__getitem__, chain.from_iterable(groups)), dtype=np.int64, count=total)
            rows = np.repeat(np.arange(len(groups)), lengths)
            cols = np.arange(total) - np.repeat(np.cumsum(lengths) - lengths, lengths)
            out[rows, cols] = flat
        return out

    def scores(self, parts: list[tuple[list[list[str]], np.ndarray]]) -> tuple[np.ndarray, np.ndarray]:
        """The distinct rows of label scores of the lines, and which row each line
        has. `parts` are (groups of features, which group each line takes) in
        the order a line's features come in; the weights are added one feature
        at a time in that order, as crfsuite adds them. (Lines that take the
        same groups have the same scores: each distinct combination is summed
        once.)"""
        key = None
        for _, of in parts:
            if key is None:
                key = of
            else:
                # (two ids into one: the distinct pairs so far, numbered, times this part's)
                _, key = np.unique(key * (int(of.max()) + 1) + of, return_inverse=True)
        rows, first, inverse = np.unique(key, return_index=True, return_inverse=True)
        w, unknown = self.state, self.unknown
        out = np.zeros((len(rows), w.shape[1]))
        for groups, of in parts:
            ids = self.ids(groups)
            which = of[first]
            for c in range(ids.shape[1]):
                col = ids[:, c]
                if (col == unknown).all():
                    continue
                out += w[col[which]]
        return out, inverse.reshape(-1)

    def decode(self, scores: tuple[np.ndarray, np.ndarray]) -> list[str]:
        labels = self.labels
        return [labels[k] for k in _viterbi(*scores, self.trans, self.need)]


def _viterbi(rows: np.ndarray, row_of: np.ndarray, trans: np.ndarray, need: np.ndarray) -> list[int]:
    """crfsuite's Viterbi path (crf1dc_viterbi: first best predecessor, first best
    last label) over the label scores of each line, rows[row_of[t], j], and the
    transitions trans[i, j].

    A step from line t-1 to t is in no doubt when one label m leads every other
    label i at t-1 by more than need[m, i] plus a bound on every rounding error
    (eps): m is then every label's best predecessor at t, and the scores at t
    are (A + trans[m, j]) + state[t, j], A being m's score at t-1. Whether that
    holds again at t is read from trans[m] + state[t] (the scores less A), for
    each m and each distinct row, in numpy beforehand; the walk then carries A
    alone. A step in doubt is computed in full, as crfsuite does."""
    n = len(row_of)
    L = rows.shape[1]
    if n == 0:
        return []
    tr = trans.tolist()
    st = rows.ravel().tolist()  # (flat lists: no container per line)
    at = (row_of * L).tolist()  # where each line's row starts in st
    # |scores| stay below `bound`; an error in a sum is at most a few units in
    # the last place of that, so eps is far above it.
    bound = float(np.abs(rows).max(axis=1)[row_of].sum() + n * np.abs(trans).max() + 1.0)
    eps = 1e-9 + bound * 2.0 ** -40
    lead_of, sure_of = _leads(rows, trans, need, eps)
    need_l = need.tolist()
    back: list = [0] * n
    labels_range = range(L)

    def settle(a: list[float]):
        """(m, True) when a has a label that is every next label's best predecessor."""
        m = 0
        for i in labels_range:
            if a[m] < a[i]:
                m = i
        am = a[m]
        need_m = need_l[m]
        for i in labels_range:
            if i != m and not am - a[i] > need_m[i] + eps:
                return m, False
        return m, True

    a = st[at[0]:at[0] + L]
    m, sure = settle(a)
    q = a[m]
    prev_q = prev_m = None  # (what the sure step into the current line started from)
    for t in range(1, n):
        r = at[t]
        if sure:
            back[t] = m
            k = r + m
            if sure_of[k]:
                m2 = lead_of[k]
                prev_q, prev_m = q, m
                q = (q + tr[m][m2]) + st[r + m2]
                m = m2
                continue
            trm = tr[m]
            a = [(q + trm[j]) + st[r + j] for j in labels_range]
            sure = False
            continue
        bt = [0] * L
        cur = [0.0] * L
        for j in labels_range:
            best = -1.7976931348623157e308
            arg = 0
            for i in labels_range:
                s = a[i] + tr[i][j]
                if best < s:
                    best = s
                    arg = i
            bt[j] = arg
            cur[j] = best + st[r + j]
        back[t] = bt
        a = cur
        m, sure = settle(a)
        q = a[m]
        prev_q = prev_m = None
    if sure and prev_m is not None:
        # (the last line's scores in full, for the first best of them)
        trm, r = tr[prev_m], at[n - 1]
        a = [(prev_q + trm[j]) + st[r + j] for j in labels_range]
    last = 0
    best = -1.7976931348623157e308
    for i in labels_range:
        if best < a[i]:
            best = a[i]
            last = i
    path = [0] * n
    path[n - 1] = last
    for t in range(n - 1, 0, -1):
        b = back[t]
        last = b if b.__class__ is int else b[last]
        path[t - 1] = last
    return path


def _leads(state: np.ndarray, trans: np.ndarray, need: np.ndarray, eps: float) -> tuple[list, list]:
    """For each line t and each label m that could be the previous line's sole
    best predecessor: the label leading trans[m] + state[t], and whether it
    leads every other by more than need + eps (in blocks, to bound memory)."""
    n, L = state.shape
    lead_out = np.empty((n, L), dtype=np.int64)
    sure_out = np.empty((n, L), dtype=bool)
    for b in range(0, n, 32768):
        s = state[b:b + 32768]
        rel = trans[None, :, :] + s[:, None, :]  # rel[t, m, j]
        lead = rel.argmax(axis=2)  # (first best, as the walk's own settle)
        top = np.take_along_axis(rel, lead[:, :, None], axis=2)
        sure_out[b:b + 32768] = ((top - rel) > need[lead] + eps).all(axis=2)
        lead_out[b:b + 32768] = lead
    return lead_out.ravel().tolist(), sure_out.ravel().tolist()


class _Ids(dict):
    """Attribute ids by name; the zero row's for a name the model does not know."""

    def __init__(self, attrs: dict[str, int], unknown: int) -> None:
        super().__init__(attrs)
        self.unknown = unknown

    def __missing__(self, key: str) -> int:
        return self.unknown


@lru_cache(maxsize=4)
def decoder(path: str) -> LineDecoder:
    return LineDecoder(path)
