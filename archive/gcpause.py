"""Pausing Python's cyclic garbage collector around bulk work.

Reading, checking, hashing or storing 100,000 units allocates millions of
objects and no reference cycles worth collecting meanwhile; each allocation
burst makes the collector rescan everything still alive, which costs 10-30%
of those phases. ``paused_gc()`` turns it off for the block and back on
after (only if it was on), so nesting is harmless and anything left over is
collected as usual afterwards.

``for_good()`` is for a command whose objects live until the process ends:
leaving the block moves everything alive into the collector's permanent
generation (``gc.freeze``), so neither a later collection nor the one Python
runs at exit scans them again. Objects made after it are collected as usual.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def paused_gc() -> Iterator[None]:
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


@contextmanager
def for_good() -> Iterator[None]:
    try:
        yield
    finally:
        gc.freeze()
