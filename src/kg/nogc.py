"""Python's cyclic garbage collector paused while a whole-graph pass builds a large structure (shared by every stage).

Such passes (reading the records, the subject index, the projection, the derived statements, the explorer's page, the
compiled tables' rows) allocate millions of small tuples, dicts
and lists that live on and form no cycles; each automatic full collection would walk every object already in
memory, which at 10k entities costs as much as the pass itself. Reference counting still frees everything.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def paused_gc() -> Iterator[None]:
    """The cyclic collector off inside the block (if it was on), on again after, whatever happens."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
