"""The reference tagger's CRF, scored in numpy over many references at once.

crfsuite (via python-crfsuite) tags one sequence of feature strings at a time:
for a list of 20,000 references that is some 30 million strings built in
Python and looked up again in C, most of them the same few thousand token
descriptions over and over. Here the model's weights are read once into a
matrix; each distinct token string gets its score vectors once (its own
features, and what a neighbour two or one before or after sees of it); each
distinct set of positional features likewise. A token's label scores are then
a sum of five or six cached rows, and Viterbi runs over all references of one
length together. The labels are crfsuite's own (same model, same sums, same
first-best tie-break).

A "reference" of more than LONG tokens is no real one (a list glued into one
line, a megabyte of names): it is tagged in windows of LONG tokens, all
windows together, as if each were a reference; its labels then differ from
crfsuite's on the whole, but the time stays linear and small.
"""
from __future__ import annotations

import os
import re
import tempfile
from collections import defaultdict
from itertools import chain, count, islice, repeat

import numpy as np

from . import features as F
from .features import _CONTEXT_KEEP, decode_position, describe

# Past this many tokens a reference is tagged in windows of this many (the
# longest real author lists, physics collaborations, run to some 15,000 tokens).
LONG = 20000
WINDOW = 2000


class BatchTagger:
    def __init__(self, tagger, model_file: str | None = None) -> None:
        """`tagger`: an open pycrfsuite.Tagger; `model_file`, its file, names the
        cache of what is read from the model here (see ModelCache)."""
        self.tagger = tagger
        self.labels = list(tagger.labels())
        cache = ModelCache(model_file, self.labels) if model_file else None
        derived = cache.load() if cache else None
        if derived is None:
            derived = _derive(tagger, self.labels)
            if cache:
                cache.save(derived)
        attr_names, self.weights, self.trans, feature_names, self.feature_table = derived
        self.attrs = dict(zip(attr_names, range(len(attr_names))))
        self.unknown = len(attr_names)
        self.feature_ids = dict(zip(feature_names, range(1, len(feature_names) + 1)))
        n_labels = len(self.labels)
        # Score tables are label-major, a column per token id (or positional code),
        # since the Viterbi below runs on rows of references. Column 0 of every
        # table is "no token / nothing": zeros.
        self.token_ids: defaultdict[str, int] = defaultdict(None)  # (a default only while tag_many adds words)
        self.tables = np.zeros((5, n_labels, 1024))  # [view, label, token id]: own, then as neighbour -2, -1, +1, +2
        self.token_marks = np.zeros(1024, dtype=np.int64)  # marks() of each token id
        # Which features add anything to a token's own scores, and which to what
        # its neighbours see (most features are the token's own only).
        self.feature_own = np.abs(self.feature_table[:, 0]).sum(axis=1) > 0
        self.feature_context = np.abs(self.feature_table[:, 1:]).sum(axis=(1, 2)) > 0
        self.own_table = np.ascontiguousarray(self.feature_table[:, 0])
        self.context_table = np.ascontiguousarray(self.feature_table[:, 1:])
        self.pos_ids: dict[int, int] = {}
        self.pos_table = np.zeros((n_labels, 256))
        self.label_array = np.array(self.labels, dtype=object)

    # -- score vectors, cached per distinct token and per positional feature set
    def _score(self, groups: list[list[int]]) -> np.ndarray:
        """Summed weight rows of each group of attribute ids (in blocks, to bound memory)."""
        out = np.empty((len(groups), self.weights.shape[1]))
        for b in range(0, len(groups), 4096):
            flat: list[int] = []
            starts: list[int] = []
            for g in groups[b:b + 4096]:
                starts.append(len(flat))
                flat.extend(g or (self.unknown,))
            out[b:b + len(starts)] = np.add.reduceat(self.weights[np.array(flat, dtype=np.int64)],
                                                     np.array(starts, dtype=np.int64), axis=0)
        return out

    def _add_tokens(self, new: list[str], first: int) -> None:
        """Marks and five score vectors for tokens not seen before (ids `first`,
        `first` + 1, ...): the sum of their features' rows of feature_table
        (features the model does not know are row 0, zeros, and add nothing),
        all together in blocks."""
        fget = self.feature_ids.get
        self.tables = _grow(self.tables, first + len(new))  # (grown once, not block by block)
        self.token_marks = _grow(self.token_marks, first + len(new))
        for b in range(0, len(new), 8192):
            block = new[b:b + 8192]
            described = list(map(describe, block))
            feats = [d[0] for d in described]
            lengths = np.fromiter(map(len, feats), dtype=np.int64, count=len(feats))
            flat = np.fromiter(map(fget, chain.from_iterable(feats), repeat(0)), dtype=np.int64,
                               count=int(lengths.sum()))
            token = np.repeat(np.arange(len(block)), lengths)
            at, end = first + b, first + b + len(block)
            # Each view sums only the features that add to it, in the features'
            # order (adding a zero changes no sum, so the sums are the same).
            for keep, table, views in ((self.feature_own[flat], self.own_table, 0),
                                       (self.feature_context[flat], self.context_table, slice(1, 5))):
                part = _sum_rows(table, flat[keep], np.bincount(token[keep], minlength=len(block)))
                self.tables[views, ..., at:end] = np.moveaxis(part, 0, -1)
            self.token_marks = _put(self.token_marks, at, np.fromiter((d[1] for d in described), dtype=np.int64,
                                                                      count=len(block)))

    def _pos_rows(self, codes: np.ndarray) -> np.ndarray:
        """The pos_table row of each positional code (scored once per distinct code)."""
        uniq, inverse = np.unique(codes, return_inverse=True)
        keys = uniq.tolist()
        get = self.pos_ids.get
        rows = [get(c) for c in keys]
        if None in rows:
            fresh = [c for c, r in zip(keys, rows) if r is None]
            first = len(self.pos_ids) + 1
            self.pos_ids.update(zip(fresh, range(first, first + len(fresh))))
            aget, unknown = self.attrs.get, self.unknown
            block = self._score([[aget(a, unknown) for a in decode_position(c)] for c in fresh])
            self.pos_table = _put(self.pos_table, first, block.T)
            rows = [get(c) for c in keys]
        return np.array(rows, dtype=np.int64)[inverse.reshape(-1)]

    def _emissions(self, ids: np.ndarray, pos_rows: np.ndarray, offset: np.ndarray, remain: np.ndarray,
                   perm: np.ndarray) -> np.ndarray:
        """Each token's label scores, (labels, tokens), the tokens in the order `perm`:
        its own row, its positional features', then what its neighbours at -2, -1,
        +1, +2 add (summed in that order, as crfsuite's sums come out the same)."""
        tables = self.tables
        padded = np.concatenate([[0, 0], ids, [0, 0]])
        em = np.take(tables[0], ids[perm], axis=1)
        em += np.take(self.pos_table, pos_rows[perm], axis=1)
        for shift, view, ok in ((-2, 1, offset >= 2), (-1, 2, offset >= 1), (1, 3, remain >= 1), (2, 4, remain >= 2)):
            nb = padded[2 + shift: 2 + shift + len(ids)] * ok
            em += np.take(tables[view], nb[perm], axis=1)
        return em

    # -- tagging
    def tag_many(self, seqs: list[tuple[list[str], list[bool] | None]]) -> list[list[str]]:
        """Labels of each (words, italic) sequence."""
        out: list[list[str] | None] = [None] * len(seqs)
        lengths: list[int] = []
        which: list[int] = []
        longs: list[int] = []
        for s, (words, _) in enumerate(seqs):
            n = len(words)
            if n == 0:
                out[s] = []
            elif n > LONG:
                longs.append(s)  # (tagged after the rest: their new tokens are not in the tables yet)
            else:
                lengths.append(n)
                which.append(s)
        if not which:
            return self._tag_long(seqs, longs, out)
        picked = [seqs[s] for s in which]
        words = list(chain.from_iterable(w for w, _ in picked))
        # Each word's id, a new word getting the next one (one dict look-up a word).
        token_ids = self.token_ids
        known = len(token_ids)
        token_ids.default_factory = count(known + 1).__next__
        try:
            ids = np.fromiter(map(token_ids.__getitem__, words), dtype=np.int64, count=len(words))
        except BaseException:
            for w in list(islice(token_ids, known, None)):
                del token_ids[w]
            raise
        finally:
            token_ids.default_factory = None
        if len(token_ids) > known:
            self._add_tokens(list(islice(token_ids, known, None)), known + 1)
        lengths_a = np.array(lengths, dtype=np.int64)
        starts_a = np.cumsum(lengths_a) - lengths_a
        has_italic = [bool(it) and any(it) for _, it in picked]
        italic = None
        if any(has_italic):
            italic = np.fromiter(chain.from_iterable(it[:len(w)] if h else repeat(False, len(w))
                                                     for (w, it), h in zip(picked, has_italic)),
                                 dtype=bool, count=len(words))
        # Position of each token inside its reference, to blank neighbours past its ends.
        offset = np.arange(len(ids)) - np.repeat(starts_a, lengths_a)
        remain = np.repeat(lengths_a, lengths_a) - offset - 1
        codes = positional_codes_flat(self.token_marks[ids], italic, offset, remain, lengths_a, starts_a)
        pos_rows = self._pos_rows(codes)  # (may grow pos_table)
        # References longest first (stable): at step t the references longer than
        # t are a prefix of that order. Tokens are laid out step by step ("time
        # major"), so a step's emissions are one contiguous block.
        order = np.argsort(-lengths_a, kind="stable")
        sorted_len = lengths_a[order]
        sorted_starts = starts_a[order]
        steps = int(sorted_len[0])
        alive = np.searchsorted(-sorted_len, -np.arange(steps), side="left")  # references longer than t
        perm = np.concatenate([sorted_starts[:k] + t for t, k in enumerate(alive.tolist())])
        em_t = self._emissions(ids, pos_rows, offset, remain, perm)
        path_t = viterbi_many(em_t, alive, self.trans)
        path = np.empty(len(ids), dtype=np.int64)
        path[perm] = path_t
        flat = self.label_array[path].tolist()
        for s, st, n in zip(which, starts_a.tolist(), lengths):
            out[s] = flat[st:st + n]
        return self._tag_long(seqs, longs, out)

    def _tag_long(self, seqs, longs: list[int], out: list) -> list[list[str]]:
        """Tag the references of more than LONG tokens in windows, once every other
        reference's new tokens are in the tables (a window meets them there)."""
        for s in longs:
            words, italic = seqs[s]
            parts = [(words[k:k + WINDOW], italic[k:k + WINDOW] if italic else None)
                     for k in range(0, len(words), WINDOW)]
            out[s] = [lab for part in self.tag_many(parts) for lab in part]
        return out


Derived = tuple  # (attribute names, weights, transitions, feature names, feature table)


def _derive(tagger, labels: list[str]) -> Derived:
    """What BatchTagger reads from a model: its attributes (in id order) and their
    weights (a row each, then a row of zeros for attributes it never saw), the
    transitions [from, to], and the token features with their rows per view
    (_feature_views)."""
    state_features, transitions = model_weights(tagger)
    lab = {name: k for k, name in enumerate(labels)}
    n_labels = len(labels)
    attrs: dict[str, int] = {}
    rows, cols, vals = [], [], []
    for (attr, label), w in state_features.items():
        rows.append(attrs.setdefault(attr, len(attrs)))
        cols.append(lab[label])
        vals.append(w)
    weights = np.zeros((len(attrs) + 1, n_labels))
    np.add.at(weights, (np.array(rows, dtype=np.int64), np.array(cols, dtype=np.int64)), vals)
    trans = np.zeros((n_labels, n_labels))
    for (a, b), w in transitions.items():
        trans[lab[a], lab[b]] = w
    feature_ids, feature_table = _feature_views(attrs, weights)
    return list(attrs), weights, trans, list(feature_ids), feature_table


class ModelCache:
    """What BatchTagger reads from a model file (some 0.1 s of crfsuite's dump
    and Python loops), kept in the user's cache directory
    ($XDG_CACHE_HOME/litgraph/models, else ~/.cache/litgraph/models) under the
    hash of the model's bytes and of this cache's layout, so a retrained model
    or a new layout never meets an old entry. The entry is written whole (a
    temporary file renamed) or not at all; one that cannot be read, or does not
    fit the model, is ignored (the model is read again) and a cache that cannot
    be written is no error."""

    LAYOUT = 1  # (raise when _derive or what is stored changes)

    def __init__(self, model_file: str, labels: list[str]) -> None:
        self.model_file = model_file
        self.labels = labels  # (the open model's: an entry with others is not this model's)
        self._path: str | None = None

    def path(self) -> str:
        """The entry's file (the model's bytes hashed once: a miss asks for it to load, then to save)."""
        if self._path is None:
            import hashlib

            from ..output import cache_dir

            with open(self.model_file, "rb") as fh:
                digest = hashlib.sha256(fh.read()).hexdigest()[:40]
            self._path = os.path.join(cache_dir("models"), f"batch-{digest}-{self.LAYOUT}.npz")
        return self._path

    def load(self) -> Derived | None:
        import json

        try:
            with np.load(self.path(), allow_pickle=False) as z:
                names = json.loads(z["names"].tobytes().decode("utf-8"))
                weights, trans, table = z["weights"], z["trans"], z["feature_table"]
            attr_names, feature_names = names["attrs"], names["features"]
            n = len(self.labels)
            if (names["labels"] != self.labels or weights.shape != (len(attr_names) + 1, n) or trans.shape != (n, n)
                    or table.shape != (len(feature_names) + 1, 5, n) or weights.dtype != np.float64
                    or trans.dtype != np.float64 or table.dtype != np.float64):
                return None
            return attr_names, weights, trans, feature_names, table
        except Exception:  # noqa: BLE001 - missing, unreadable or foreign: read the model instead
            return None

    def save(self, derived: Derived) -> None:
        import json

        attr_names, weights, trans, feature_names, table = derived
        tmp = None
        try:
            path = self.path()
            os.makedirs(os.path.dirname(path), exist_ok=True)
            names = json.dumps({"labels": self.labels, "attrs": attr_names,
                                "features": feature_names}).encode("utf-8")
            fd, tmp = tempfile.mkstemp(prefix=".batch-", suffix=".npz", dir=os.path.dirname(path))
            with os.fdopen(fd, "wb") as fh:
                np.savez(fh, names=np.frombuffer(names, dtype=np.uint8), weights=weights, trans=trans,
                         feature_table=table)
            os.replace(tmp, path)
            tmp = None
        except OSError:
            pass  # (a read-only or full cache directory: the model is read each time, as without a cache)
        finally:
            if tmp:
                try:
                    os.unlink(tmp)
                except OSError:
                    pass


def viterbi_many(em: np.ndarray, alive: np.ndarray, trans: np.ndarray) -> np.ndarray:
    """The best label path of many references at once.

    `em`: label scores, (labels, tokens), the tokens step by step: first every
    reference's first token, then the second token of each reference longer
    than one, and so on, the references in the same order at every step and
    the longer ones first (alive[t] of them at step t). `trans[from, to]`.
    Returns the label of each token, in em's order: crfsuite's labels (the same
    sums, and the same first-best choice among equal scores).

    em is overwritten with the forward scores. Only the scores are kept going
    forward; the best predecessor is found going back, for the path's labels
    alone, from the same sums (so no back pointer is stored per label and
    token). Labels run down the first axis and references along the second, so
    every operation is on rows of references (the other way round, numpy loops
    over seventeen numbers per reference, several times slower)."""
    n_labels, n_tok = em.shape
    steps = len(alive)
    ends = np.cumsum(alive)
    starts = ends - alive
    trans_to = trans[:, :, None]  # trans_to[f]: a column, trans[f, to] for each "to"
    v = np.empty((n_labels, int(alive[1]) if steps > 1 else 0))
    for t in range(1, steps):
        k = int(alive[t])
        prev = em[:, starts[t - 1]:starts[t - 1] + k]  # the scores at t - 1 of the references still going
        top = prev[0] + trans_to[0]
        vk = v[:, :k]
        for f in range(1, n_labels):
            np.add(prev[f], trans_to[f], out=vk)
            np.maximum(top, vk, out=top)
        here = em[:, starts[t]:ends[t]]
        np.add(top, here, out=here)
    path = np.empty(n_tok, dtype=np.int64)
    cur = np.empty(int(alive[0]) if steps else 0, dtype=np.int64)
    for t in range(steps - 1, -1, -1):
        k = int(alive[t])
        ending = int(alive[t + 1]) if t + 1 < steps else 0  # references from here on end at t
        if k > ending:
            cur[ending:k] = em[:, starts[t] + ending:ends[t]].argmax(axis=0)
        path[starts[t]:ends[t]] = cur[:k]
        if t:
            # The first label with the best sum into each reference's label at t.
            cur[:k] = (em[:, starts[t - 1]:starts[t - 1] + k] + trans[:, cur[:k]]).argmax(axis=0)
    return path


# A weight line of crfsuite's text dump, as pycrfsuite's dump parser reads it.
_SECTION = re.compile(r"^(TRANSITIONS|STATE_FEATURES) = \{\n(.*?)^\}", re.M | re.S)
_WEIGHT = re.compile(r"^[^\S\r\n]*\(\d+\) (.+) --> (.+): ([+-]?\d+\.\d+)", re.M)


def model_weights(tagger) -> tuple[dict[tuple[str, str], float], dict[tuple[str, str], float]]:
    """The state features' and the transitions' weights of an open pycrfsuite.Tagger,
    the same dicts as its info() (read from the same text dump, but with one
    pattern over each section instead of some calls in Python per line: 2-3x
    faster, which a list's parse pays once)."""
    fd, name = tempfile.mkstemp()
    try:
        tagger.dump(name)
        with open(name, "rb") as fh:
            text = fh.read().decode("utf8")
    finally:
        os.close(fd)
        try:
            os.unlink(name)
        except OSError:
            pass
    found: dict[str, dict[tuple[str, str], float]] = {"TRANSITIONS": {}, "STATE_FEATURES": {}}
    for m in _SECTION.finditer(text):
        found[m.group(1)] = {(a, b): float(w) for a, b, w in _WEIGHT.findall(m.group(2))}
    return found["STATE_FEATURES"], found["TRANSITIONS"]


def _feature_views(attrs: dict[str, int], weights: np.ndarray) -> tuple[dict[str, int], np.ndarray]:
    """Each token feature the model knows, and its weights as the token's own,
    then as its neighbour's at -2, -1, +1, +2 (context_features' names; zeros
    where the model has no such attribute or the feature is not shared with
    neighbours), one row each from row 1. A feature not here (most of a long
    list's new words and spellings) adds nothing to any view."""
    views: dict[str, list[int]] = {}
    unknown = len(attrs)
    for attr, k in attrs.items():
        view, name = 0, attr
        for v, prefix in enumerate(("-2:", "-1:", "1:", "2:"), 1):
            if attr.startswith(prefix):
                view, name = v, attr[len(prefix):]
                break
        # (as context_features: the word itself, its last character, and a few kinds)
        if view and not (name in _CONTEXT_KEEP or name.startswith("last=") or name.startswith("w=")):
            continue
        views.setdefault(name, [unknown] * 5)[view] = k
    ids = {name: row for row, name in enumerate(views, 1)}
    table = np.zeros((len(views) + 1, 5, weights.shape[1]))
    if views:
        table[1:] = weights[np.array(list(views.values()), dtype=np.int64)]
    return ids, table


def _sum_rows(table: np.ndarray, flat: np.ndarray, lengths: np.ndarray) -> np.ndarray:
    """table[ids].sum(axis=0) for each run of row ids (`flat`, cut in runs of
    `lengths`), summed in the run's order. (np.add.reduceat along the first axis
    of a gathered block gives the same sums several times slower.) The runs are
    taken longest first, so the k-th terms of all runs that have one are added
    in one gather."""
    starts = np.cumsum(lengths) - lengths
    order = np.argsort(-lengths, kind="stable")
    sorted_len = lengths[order]
    sorted_starts = starts[order]
    out = np.zeros((len(lengths),) + table.shape[1:])
    for k in range(int(sorted_len[0]) if len(lengths) else 0):
        n = int(np.searchsorted(-sorted_len, -k, side="left"))  # runs longer than k
        out[:n] += table[flat[sorted_starts[:n] + k]]
    back = np.empty_like(order)
    back[order] = np.arange(len(order))
    return out[back]


def _put(table: np.ndarray, at: int, block: np.ndarray) -> np.ndarray:
    """Write `block` into `table` from column `at` of its last axis, doubling the
    table when full (so caching column by column costs linear time overall)."""
    end = at + block.shape[-1]
    table = _grow(table, end)
    table[..., at:end] = block
    return table


def _grow(table: np.ndarray, end: int) -> np.ndarray:
    """`table`, or a copy at least twice as long on its last axis (zeros past
    the old end) when it holds fewer than `end` columns."""
    size = table.shape[-1]
    if end <= size:
        return table
    grown = np.zeros(table.shape[:-1] + (max(end, 2 * size),), dtype=table.dtype)
    grown[..., :size] = table
    return grown


def positional_codes_flat(tmarks: np.ndarray, italic: np.ndarray | None, offset: np.ndarray, remain: np.ndarray,
                          lengths: np.ndarray, starts: np.ndarray) -> np.ndarray:
    """features.positional_codes of many references at once, their tokens end to
    end: `tmarks` each token's marks(), `italic` its flag (None: no italics
    anywhere; all False in a reference without any), `offset` and `remain` the
    tokens before and after it in its reference, `lengths` and `starts` the
    references'. The same codes, bit for bit, as array operations instead of a
    Python loop per token (tests/test_refparse.py compares the two)."""
    n_tok = len(tmarks)
    first = offset == 0
    seq = np.repeat(np.arange(len(lengths)), lengths)
    c = (10 * offset) // np.repeat(lengths, lengths)
    # Segments: a new one after each break; its number, and which hold a journal
    # word, a publisher word, a year.
    brk = (tmarks & F._T_BREAK) != 0
    prev_brk = np.empty(n_tok, dtype=bool)
    prev_brk[0] = False
    prev_brk[1:] = brk[:-1]
    seg_start = first | prev_brk
    seg_no = np.cumsum(prev_brk & ~first)
    seg_no -= seg_no[starts][seq]
    c |= np.minimum(seg_no, 7) << 4
    group = np.cumsum(seg_start) - 1
    tagbits = (np.where(tmarks & F._T_JOURNAL, F._SEGJ, 0) | np.where(tmarks & F._T_PUB, F._SEGP, 0)
               | np.where(tmarks & F._T_YEAR, F._SEGY, 0))
    c |= np.bitwise_or.reduceat(tagbits, np.flatnonzero(seg_start))[group]
    c |= np.where(seg_start, F._SEGSTART, 0)
    # The state before each token, from the tokens before it in its reference.
    index = np.arange(n_tok)
    seq_start = np.repeat(starts, lengths)

    def before(after: np.ndarray) -> np.ndarray:
        out = np.zeros(n_tok, dtype=bool)
        out[1:] = after[:-1]
        out[first] = False
        return out

    def latest(event: np.ndarray, value: np.ndarray) -> np.ndarray:
        """After each token: the value of the last event so far in its reference (False before any)."""
        last = np.maximum.accumulate(np.where(event, index, -1))
        return (last >= seq_start) & value[np.maximum(last, 0)]

    def ever(event: np.ndarray) -> np.ndarray:
        """After each token: has the event happened so far in its reference?"""
        last = np.maximum.accumulate(np.where(event, index, -1))
        return last >= seq_start

    year = (tmarks & F._T_YEAR) != 0
    openq = (tmarks & F._T_OPENQ) != 0
    closeq = (tmarks & F._T_CLOSEQ) != 0
    opn = (tmarks & F._T_OPEN) != 0
    close = (tmarks & F._T_CLOSE) != 0
    c |= np.where(before(ever(year)), F._AFTERYEAR, 0)
    # An opening quote starts a quotation, a closing one ends it (a token with both,
    # "'word'", opens and closes); a closing quote inside one marks what follows.
    inquote = latest(openq | closeq, openq & ~closeq)
    inquote_before = before(inquote)
    afterquote_before = before(ever(closeq & (openq | inquote_before)))
    c |= np.where(inquote_before, F._INQUOTE, 0)
    c |= np.where(afterquote_before & ~inquote_before, F._AFTERQUOTE, 0)
    c |= np.where(before(latest(opn | close, opn & ~close)), F._INPAREN, 0)
    if italic is not None:
        prev_it = before(italic)
        next_it = np.zeros(n_tok, dtype=bool)
        next_it[:-1] = italic[1:]
        next_it &= remain >= 1
        has = np.repeat(np.add.reduceat(italic, starts) > 0, lengths)
        c |= np.where(has & italic, F._ITAL, 0) | np.where(has & italic & ~prev_it & ~first, F._ITAL_START, 0)
        roman = has & ~italic
        c |= (np.where(roman, F._ROMAN, 0) | np.where(roman & next_it, F._BEFORE_ITAL, 0)
              | np.where(roman & prev_it, F._AFTER_ITAL, 0))
    c |= np.where(first, F._BOS, 0) | np.where(remain == 0, F._EOS, 0)
    return c
