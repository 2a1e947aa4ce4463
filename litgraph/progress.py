"""Progress on a terminal for the stages that take a while; silent otherwise.

    from litgraph.progress import bar, stage
    for path in bar(paths, "reading", unit="file"):
        ...
    with stage("computing metrics"):
        ...

Bars go to standard error, only when it is a terminal, and only for a stage
that has run for more than a second (tqdm's `delay`): a quick command prints
nothing, a pipe or a log file gets no control codes. LITGRAPH_PROGRESS=0
turns them off, =1 forces them (for a terminal that does not say it is one).
A stage with no count of its own (resolving, metrics) shows its elapsed
time, ticking from a background thread.
"""
from __future__ import annotations

import os
import sys
import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager

DELAY = 1.0  # seconds before a bar appears


def enabled() -> bool:
    forced = os.environ.get("LITGRAPH_PROGRESS")
    if forced is not None:
        return forced not in ("", "0", "no", "false")
    try:
        return sys.stderr.isatty()
    except (AttributeError, ValueError):
        return False


def bar(items: Iterable, desc: str, total: int | None = None, unit: str = "it") -> Iterator:
    """Iterate over `items`, with a bar on a terminal once it has taken a second."""
    if not enabled():
        yield from items
        return
    from tqdm import tqdm

    if total is None:
        try:
            total = len(items)  # type: ignore[arg-type]
        except TypeError:
            total = None
    with tqdm(items, desc=desc, total=total, unit=unit, delay=DELAY, file=sys.stderr, leave=False,
              dynamic_ncols=True, mininterval=0.2) as it:
        yield from it


@contextmanager
def stage(desc: str):
    """A stage with no count: '<desc> 3s' on a terminal, ticking, once it has taken a second."""
    if not enabled():
        yield
        return
    from tqdm import tqdm

    done = threading.Event()
    with tqdm(total=None, desc=desc, bar_format="{desc} {elapsed}", delay=DELAY, file=sys.stderr,
              leave=False, dynamic_ncols=True) as t:
        def tick() -> None:
            while not done.wait(0.5):
                if t._time() - t.start_t >= DELAY:
                    t.refresh()
                    t.last_print_t = t._time()  # so that closing clears the line

        ticker = threading.Thread(target=tick, daemon=True)
        ticker.start()
        try:
            yield
        finally:
            done.set()
            ticker.join()
