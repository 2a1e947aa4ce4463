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

import numpy as np

from .features import _CONTEXT_KEEP, decode_position, marks, positional_codes, token_features

# Past this many tokens a reference is tagged in windows of this many (the
# longest real author lists, physics collaborations, run to some 15,000 tokens).
LONG = 20000
WINDOW = 2000


class BatchTagger:
    def __init__(self, tagger) -> None:
        """`tagger`: an open pycrfsuite.Tagger (kept for long references)."""
        info = tagger.info()
        self.tagger = tagger
        self.labels = list(tagger.labels())
        lab = {name: k for k, name in enumerate(self.labels)}
        n_labels = len(self.labels)
        attrs: dict[str, int] = {}
        rows, cols, vals = [], [], []
        for (attr, label), w in info.state_features.items():
            rows.append(attrs.setdefault(attr, len(attrs)))
            cols.append(lab[label])
            vals.append(w)
        self.attrs = attrs
        weights = np.zeros((len(attrs) + 1, n_labels))  # the last row: attributes the model never saw
        np.add.at(weights, (np.array(rows, dtype=np.int64), np.array(cols, dtype=np.int64)), vals)
        self.weights = weights
        self.unknown = len(attrs)
        trans = np.zeros((n_labels, n_labels))
        for (a, b), w in info.transitions.items():
            trans[lab[a], lab[b]] = w
        self.trans = trans
        # Row 0 of every table is "no token / nothing": zeros.
        self.token_ids: dict[str, int] = {}
        self.tables = np.zeros((1024, 5, n_labels))
        self.token_marks: list[int] = [0]  # marks() of each token id
        self.feature_ids, self.feature_table = _feature_views(attrs, self.weights)
        self.pos_ids: dict[int, int] = {}
        self.pos_table = np.zeros((256, n_labels))
        self._pending_pos: list[tuple[str, ...]] = []

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

    def _token_id(self, tok: str, new: list[str]) -> int:
        k = self.token_ids.get(tok)
        if k is None:
            k = self.token_ids[tok] = len(self.token_ids) + 1
            new.append(tok)
            self.token_marks.append(marks(tok))
        return k

    def _add_tokens(self, new: list[str]) -> None:
        # A token's five score vectors: the sum of its features' rows of
        # feature_table (features the model does not know add nothing), all
        # new tokens together (in blocks, to bound memory).
        fget = self.feature_ids.get
        first = len(self.token_ids) + 1 - len(new)
        for b in range(0, len(new), 4096):
            rows = [[k for name in token_features(t) if (k := fget(name, 0))] for t in new[b:b + 4096]]
            self.tables = _put(self.tables, first + b, _sum_rows(self.feature_table, rows))

    def _pos_id(self, key: int) -> int:
        k = self.pos_ids.get(key)
        if k is None:
            k = self.pos_ids[key] = len(self.pos_ids) + 1
            self._pending_pos.append(key)
        return k

    def _flush_pos(self) -> None:
        if self._pending_pos:
            get, unknown = self.attrs.get, self.unknown
            block = self._score([[get(a, unknown) for a in decode_position(c)] for c in self._pending_pos])
            self.pos_table = _put(self.pos_table, len(self.pos_ids) + 1 - len(block), block)
            self._pending_pos = []

    # -- tagging
    def tag_many(self, seqs: list[tuple[list[str], list[bool] | None]]) -> list[list[str]]:
        """Labels of each (words, italic) sequence."""
        out: list[list[str] | None] = [None] * len(seqs)
        new: list[str] = []
        tok_ids: list[int] = []
        pos_ids: list[int] = []
        starts: list[int] = []
        lengths: list[int] = []
        which: list[int] = []
        longs: list[int] = []
        tid = self._token_id
        tget = self.token_ids.get
        pid = self._pos_id
        pget = self.pos_ids.get
        tmarks = self.token_marks
        for s, (words, italic) in enumerate(seqs):
            n = len(words)
            if n == 0:
                out[s] = []
                continue
            if n > LONG:
                longs.append(s)  # (tagged after the rest: their new tokens are not in the tables yet)
                continue
            starts.append(len(tok_ids))
            lengths.append(n)
            which.append(s)
            ids = [tget(w) for w in words]
            if None in ids:
                ids = [k if k is not None else tid(w, new) for k, w in zip(ids, words)]
            tok_ids.extend(ids)
            codes = positional_codes(words, italic, [tmarks[k] for k in ids])
            got = [pget(c) for c in codes]
            if None in got:
                got = [k if k is not None else pid(c) for k, c in zip(got, codes)]
            pos_ids.extend(got)
        if not which:
            return self._tag_long(seqs, longs, out)
        if new:
            self._add_tokens(new)
        self._flush_pos()
        ids = np.array(tok_ids, dtype=np.int64)
        starts_a = np.array(starts, dtype=np.int64)
        lengths_a = np.array(lengths, dtype=np.int64)
        # Position of each token inside its reference, to blank neighbours past its ends.
        offset = np.arange(len(ids)) - np.repeat(starts_a, lengths_a)
        remain = np.repeat(lengths_a, lengths_a) - offset - 1
        tables = self.tables
        em = tables[ids, 0] + self.pos_table[np.array(pos_ids, dtype=np.int64)]
        padded = np.concatenate([[0, 0], ids, [0, 0]])
        for shift, view, ok in ((-2, 1, offset >= 2), (-1, 2, offset >= 1), (1, 3, remain >= 1), (2, 4, remain >= 2)):
            nb = padded[2 + shift: 2 + shift + len(ids)] * ok
            em += tables[nb, view]
        labels = self.labels
        trans = self.trans.T[None, :, :].copy()  # (1, to, from): reductions run along the last axis
        # Viterbi over all references together, longest first: at step t the
        # references longer than t are a prefix of that order, and one set of
        # array operations moves them all on (the shorter ones keep their scores).
        order = np.argsort(-lengths_a, kind="stable")
        sorted_len = lengths_a[order]
        sorted_starts = starts_a[order]
        neg = -sorted_len
        score = em[sorted_starts]
        backs = []
        for t in range(1, int(sorted_len[0])):
            k = int(np.searchsorted(neg, -t, side="left"))  # references longer than t
            cand = score[:k, None, :] + trans  # (k, to, from)
            best = cand.argmax(axis=2)
            backs.append(best)
            # the best scores, picked by their argmax (cheaper than a second reduction)
            score[:k] = np.take_along_axis(cand, best[:, :, None], axis=2)[:, :, 0] + em[sorted_starts[:k] + t]
        cur = score.argmax(axis=1)
        path = np.empty(len(ids), dtype=np.int64)
        for t in range(len(backs), 0, -1):
            best = backs[t - 1]
            k = len(best)
            path[sorted_starts[:k] + t] = cur[:k]
            cur[:k] = best[np.arange(k), cur[:k]]
        path[sorted_starts] = cur
        flat = path.tolist()
        for s, st, n in zip(which, starts, lengths):
            out[s] = [labels[j] for j in flat[st:st + n]]
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


def _sum_rows(table: np.ndarray, rows: list[list[int]]) -> np.ndarray:
    """table[ids].sum(axis=0) for each list of row ids, summed in the list's
    order. (np.add.reduceat along the first axis of a gathered block gives the
    same sums several times slower.) The lists are taken longest first, so the
    k-th terms of all lists that have one are added in one gather."""
    lengths = np.fromiter(map(len, rows), dtype=np.int64, count=len(rows))
    flat = np.fromiter((k for r in rows for k in r), dtype=np.int64, count=int(lengths.sum()))
    starts = np.cumsum(lengths) - lengths
    order = np.argsort(-lengths, kind="stable")
    sorted_len = lengths[order]
    sorted_starts = starts[order]
    out = np.zeros((len(rows),) + table.shape[1:])
    for k in range(int(sorted_len[0]) if len(rows) else 0):
        n = int(np.searchsorted(-sorted_len, -k, side="left"))  # lists longer than k
        out[:n] += table[flat[sorted_starts[:n] + k]]
    back = np.empty_like(order)
    back[order] = np.arange(len(order))
    return out[back]


def _put(table: np.ndarray, at: int, block: np.ndarray) -> np.ndarray:
    """Write `block` into `table` from row `at`, doubling the table when full
    (so caching row by row costs linear time overall)."""
    end = at + len(block)
    if end > len(table):
        grown = np.zeros((max(end, 2 * len(table)),) + table.shape[1:])
        grown[:at] = table[:at]
        table = grown
    table[at:end] = block
    return table
