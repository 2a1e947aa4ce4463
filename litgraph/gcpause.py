"""`paused_gc`: CPython's cycle collector off while a large tree of new objects is made.

Reading, parsing, building and unpickling a corpus make millions of small objects, none of
them garbage yet and almost none in a reference cycle; each collection the allocations set off
would walk all of them again (unpickling a 100,000-reference graph took 8x longer with the
collector on; parsing 20,000 references spent a fifth of its CPU in it)."""
from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def paused_gc(keep: bool = False) -> Iterator[None]:
    """The collector off inside the block, and back as the caller had it afterwards.

    keep: what the block makes is kept (a graph): it goes to the oldest generation as the block
    ends, as if it had outlived two collections, without them. Back on, the collector would first
    walk every object made while it was off (the million objects of a 2,000-record export's graph,
    some 0.15 s) and again when it collects the middle generation. gc.freeze then gc.unfreeze move
    the generations' lists as a whole; not done while the caller has objects frozen, which unfreeze
    would hand back to the collector."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            if keep and not gc.get_freeze_count():
                gc.freeze()
                gc.unfreeze()
            gc.enable()
