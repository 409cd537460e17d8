"""The garbage collector and a warm solver.

A warm-up leaves ~220,000 long-lived objects at 10^4 parts (classes, tables, memos), and
requests then make many short-lived ones: every full collection rescanned the warm heap, about
a fifth of an options answer's time at 10^4. Settled, the warm heap is frozen out of the
collector's scans (and, before a fork, its pages stay shared by the workers), and full
collections come a hundred times less often; reference counting frees what is not in a cycle.

Requests leave next to no cyclic garbage (an evicted space drops its solutions: solver.solve):
in a 10^4 replay of 326 calls, every one of 11 full collections at a tenth of the default
rate found nothing to free, and each paused every request for 0.17-0.59 s, longer as the
caches grew. A tenth as many again leaves one or two such pauses in that run.
"""

from __future__ import annotations

import gc

FULL_EVERY = 1_000  # collections of the middle generation per full one (CPython's default: 10)


def settle() -> None:
    """After a warm-up: collect once (the frozen leftovers of earlier versions too), then freeze
    what is alive. Process-wide; called by `Solver.warm` on large catalogs."""
    gc.unfreeze()
    gc.collect()
    gc.freeze()
    young, middle, full = gc.get_threshold()
    gc.set_threshold(young, middle, max(full, FULL_EVERY))
