"""The segmenter's CRF decoded in numpy (readers/segment_crf.py) gives python-crfsuite's labels.

Fixtures: the test lists under tests/data and lists written here (invented
references), in the layouts both shipped models read.
"""

import random

import numpy as np
import pytest

from litgraph.readers import segment
from litgraph.readers.segment_crf import _viterbi, decoder, read_model
from litgraph.refparse import models

from conftest import ROOT

DATA = ROOT / "tests" / "data"

HANGING = """Abbott, K. L. (1998). Coastal trade and the small ports of the northern
    provinces, 1850-1900. Journal of Maritime History, 12(3), 201-229.
Baker, M., & Osei, T. (2004). Annual report on the coastal fisheries of the
    northern provinces. Fisheries Board.
Chen, L. (2011). Storage and spoilage of cassava in humid regions. African
    Journal of Food Science, 5(6), 339-344. https://doi.org/10.1000/xyz.2011.5
Diaz, C. (1979). Routing in sparse networks. Networks, 4, 10-20.
Evans, R. (2015). A very long title that wraps over more than one line in a list
    set with a hanging indent, as typeset lists are. Press.
"""

NUMBERED = "\n".join(f"[{k}] Author{k}, A. B. ({1990 + k % 30}). Title number {k}. Journal of Things, {k}, 1-{k + 5}."
                     + ("\n    continued on a second line of the entry." if k % 3 == 0 else "")
                     for k in range(1, 60))


def _lists() -> list[list[str]]:
    out = [HANGING.split("\n"), NUMBERED.split("\n"), [line.strip() for line in HANGING.split("\n")]]
    for path in sorted((DATA / "lists").glob("*.txt")) + sorted((DATA / "manuscripts").glob("*.txt")):
        out.append(path.read_text("utf-8").split("\n"))
    rng = random.Random(5)
    shuffled = [line for lines in out[:3] for line in lines]
    for _ in range(5):
        rng.shuffle(shuffled)
        out.append(list(shuffled))
    return out


def test_labels_are_python_crfsuites():
    seen_indented = seen_plain = 0
    for lines in _lists():
        fac, _, indent = segment._factored(lines, None)
        if not fac.idx:
            continue
        path = segment.model_path(indent)
        dec = decoder(path)
        want = models.tagger(path).tag(fac.strings())
        assert dec.decode(dec.scores(fac.parts())) == want
        seen_indented += indent
        seen_plain += not indent
    assert seen_indented and seen_plain  # (both models were read)


@pytest.mark.parametrize("indent", [False, True])
def test_model_file_read_exactly(indent):
    """The weights read from the model file are those crfsuite's dump prints (to its six decimals)."""
    from litgraph.refparse.crf import model_weights

    path = segment.model_path(indent)
    labels, attrs, state, trans = read_model(path)
    tagger = models.tagger(path)
    assert labels == list(tagger.labels())
    states, transitions = model_weights(tagger)
    lab = {name: k for k, name in enumerate(labels)}
    assert len(states) == np.count_nonzero(state)
    for (attr, label), w in states.items():
        assert abs(state[attrs[attr], lab[label]] - w) <= 5e-7
    for (a, b), w in transitions.items():
        assert abs(trans[lab[a], lab[b]] - w) <= 5e-7
    assert not state[-1].any()  # (the row of attributes the model does not know)


def _plain_viterbi(state: np.ndarray, trans: np.ndarray) -> list[int]:
    """crfsuite's crf1dc_viterbi, line by line."""
    n, L = state.shape
    st, tr = state.tolist(), trans.tolist()
    cur = list(st[0])
    back = []
    for t in range(1, n):
        prev, cur, bt = cur, [0.0] * L, [0] * L
        for j in range(L):
            best, arg = -1.7976931348623157e308, 0
            for i in range(L):
                s = prev[i] + tr[i][j]
                if best < s:
                    best, arg = s, i
            bt[j] = arg
            cur[j] = best + st[t][j]
        back.append(bt)
    last, best = 0, -1.7976931348623157e308
    for i in range(L):
        if best < cur[i]:
            best, last = cur[i], i
    path = [last]
    for bt in reversed(back):
        path.append(bt[path[-1]])
    return path[::-1]


@pytest.mark.parametrize("seed", range(6))
def test_viterbi_is_crfsuites_with_its_ties(seed):
    """The walk that skips steps in no doubt finds crfsuite's path, ties broken
    as crfsuite breaks them (small whole numbers make exact ties)."""
    rng = np.random.default_rng(seed)
    L = 5
    trans = rng.integers(-3, 4, size=(L, L)).astype(float)
    if seed % 2:
        trans = rng.normal(size=(L, L))
    need = (trans[None, :, :] - trans[:, None, :]).max(axis=2)
    np.fill_diagonal(need, -np.inf)
    for n in (1, 2, 3, 50, 2000):
        if seed % 3 == 0:
            rows = rng.integers(-4, 5, size=(n, L)).astype(float)  # ties everywhere
        elif seed % 3 == 1:
            rows = rng.normal(scale=4, size=(n, L))
        else:  # a few distinct rows over and over, with runs of sure steps
            kinds = rng.normal(scale=8, size=(4, L))
            rows = kinds[rng.integers(0, 4, size=n)]
        uniq, inv = np.unique(rows, axis=0, return_inverse=True)
        assert _viterbi(uniq, inv.reshape(-1), trans, need) == _plain_viterbi(rows, trans)


def test_repeats_found_through_digitless_text_are_the_normalised_ones():
    """A running head repeats with other numbers; Unicode digits count as digits; a long line never repeats."""
    from collections import Counter

    rng = random.Random(2)
    lines = []
    for k in range(3000):
        r = rng.random()
        if r < 0.2:
            lines.append(f"J Things {rng.randint(1, 10 ** rng.randint(1, 5))} (2003) {k}-{k + 9}")
        elif r < 0.25:
            lines.append(rng.choice(["Revue \u0661\u0662 %d" % k, "Revue %d\u0663" % k, "\u03a3\u039f\u03a6 %d" % k]))
        elif r < 0.3:
            lines.append("x" * 95 + " %d" % (k % 7))
        else:
            lines.append(f"Smith, J. ({1900 + k % 120}). Title {k}. Journal, {k % 99}, 1-9.")
    uniq = list(dict.fromkeys(lines))
    counts = Counter(lines)
    cnt = [counts[s] for s in uniq]
    lengths = [len(s) for s in uniq]
    norm = segment._norm_lines(uniq)
    by_norm = Counter()
    for nk, c in zip(norm, cnt):
        by_norm[nk] += c
    for rep_min in (3, 20, 200):
        want = [length <= 100 and by_norm[nk] >= rep_min for length, nk in zip(lengths, norm)]
        got = segment._repeats(uniq, segment._lower_lines(uniq), lengths, cnt, rep_min, None)
        assert got == want
        assert any(want)
