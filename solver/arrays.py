"""Small numpy idioms the hub walk runs thousands of times per request.

`np.unique` (a sort, then hashing and bookkeeping for options these callers never use) and
`np.r_` (an index-trick object parsed on every call) cost 40-80 µs each on arrays of a few
hundred entries, where a sort and a comparison cost a few: at 10^4 parts they were ~10 % of a
narrowed walk. Each helper is what those calls computed here, tested against them.
"""

from __future__ import annotations

import numpy as np


def _run_heads(ordered: np.ndarray) -> np.ndarray:
    """Which entries begin a run of equal entries (the first always does)."""
    new = np.empty(len(ordered), dtype=bool)
    if len(ordered):
        new[0] = True
        np.not_equal(ordered[1:], ordered[:-1], out=new[1:])
    return new


def run_starts(ordered: np.ndarray) -> np.ndarray:
    """Positions where a run of equal entries begins in an array already grouped (sorted)."""
    return np.flatnonzero(_run_heads(ordered))


def distinct(values: np.ndarray) -> np.ndarray:
    """The distinct entries, ascending (`np.unique` of a 1-d array)."""
    ordered = np.sort(values)
    found: np.ndarray = ordered[run_starts(ordered)]
    return found


def distinct_sorted_inverse(ordered: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """`np.unique(ordered, return_inverse=True)` of an array already ascending."""
    new = _run_heads(ordered)
    return ordered[new], np.cumsum(new) - 1


def starts_of(lengths: np.ndarray) -> np.ndarray:
    """Where each of consecutive blocks of these lengths begins, and where the last ends."""
    out = np.zeros(len(lengths) + 1, dtype=np.int64)
    np.cumsum(lengths, out=out[1:])
    return out


def first_appearance(indices: np.ndarray) -> np.ndarray:
    """The distinct entries of small non-negative indices (or -1), in order of first appearance:
    each entry's first position by one scatter-min over the index range, instead of
    `np.unique(return_index=True)`'s sort (~100x slower on the ~10^4 ring uses of a charm slot)."""
    n = len(indices)
    if not n:
        return indices[:0]
    shifted = indices.astype(np.int64) + 1  # -1 (no ring) becomes 0
    first = np.full(int(shifted.max()) + 1, n, dtype=np.int64)
    np.minimum.at(first, shifted, np.arange(n, dtype=np.int64))
    present = np.flatnonzero(first < n)
    found: np.ndarray = (present[np.argsort(first[present], kind="stable")] - 1).astype(indices.dtype)
    return found
