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
def paused_gc() -> Iterator[None]:
    """The collector off inside the block, and back as the caller had it afterwards."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()
