"""The garbage collector and a warm solver.

A warm-up leaves ~220,000 long-lived objects at 10^4 parts (classes, tables, memos), and
requests then make many short-lived ones: every full collection rescanned the warm heap, about
a fifth of an options answer's time at 10^4. Settled, the warm heap is frozen out of the
collector's scans (and, before a fork, its pages stay shared by the workers), and full
collections come ten times less often; reference counting still frees what is not in a cycle.
"""

from __future__ import annotations

import gc

FULL_EVERY = 100  # collections of the middle generation per full one (CPython's default: 10)


def settle() -> None:
    """After a warm-up: collect once (the frozen leftovers of earlier versions too), then freeze
    what is alive. Process-wide; called by `Solver.warm` on large catalogs."""
    gc.unfreeze()
    gc.collect()
    gc.freeze()
    young, middle, full = gc.get_threshold()
    gc.set_threshold(young, middle, max(full, FULL_EVERY))
