"""The end pairs of a hub split by ring class: per ring class and load limit, the ways of the
fitting (clasp option, extender option) pairs that hold one given member of the ring at the
clasp, at the extender or at both (solver.ring_charm_counts sums them into impact's ring counts).

An option's ways are its class size times its ring members, so the pairs holding one given ring
member r at the clasp are the option's class size times the option's pairs (with r among its
rings); at the extender likewise; the pairs holding r at both ends are counted once, by
inclusion–exclusion. Every number is an exact integer (int64 while a bound proves it fits).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from solver.arrays import run_starts
from solver.end_pairs import EndPairs, _grouped_sum
from solver.ends import EndTable


@dataclass(frozen=True)
class _Rings:
    """An end table's (option, ring) memberships, sorted by ring once (tables are shared by hubs)."""

    option: np.ndarray  # each membership's option, by ring
    ring: np.ndarray  # each membership's ring class, ascending
    starts: np.ndarray  # where each distinct ring's memberships start
    size: np.ndarray  # each option's part class size (0: nothing in the slot)

    @classmethod
    def of(cls, table: EndTable) -> _Rings:
        owner = np.repeat(np.arange(len(table)), np.diff(table.ring_start))
        ring = table.ring_index[: len(owner)].astype(np.int64)
        order = np.argsort(ring, kind="stable")
        ring = ring[order]
        size = np.array([0 if p is None else p.size for p in table.parts], dtype=np.int64)[table.at]
        return cls(owner[order], ring, run_starts(ring), size)

    def add(self, out: np.ndarray, ways: np.ndarray) -> None:
        """out[r] += Σ over r's memberships of the option's class size × its ways row."""
        if len(self.ring):
            rows = self.size[self.option].astype(out.dtype)[:, None] * ways[self.option]
            out[self.ring[self.starts]] += np.add.reduceat(rows, self.starts, axis=0)


def table_rings(table: EndTable, kept: dict[int, tuple[EndTable, _Rings]]) -> _Rings:
    """The table's memberships, made once per table for one walk (`kept` holds the table, so
    its id stays its own)."""
    found = kept.get(id(table))
    if found is None:
        found = kept[id(table)] = (table, _Rings.of(table))
    return found[1]


def end_ring_ways(pairs: EndPairs, rings: int, kept: dict[int, tuple[EndTable, _Rings]]) -> np.ndarray | None:
    """E[r, l]: ways of the fitting pairs at limit position l that hold one given member of ring
    class r at the clasp, at the extender or at both (the clasp's plus the extender's minus
    both). None when a ring's clasp side lies above its extender hook (a pair holding it at both
    ends is then not at the clasp's side, which this does not read)."""
    s = pairs._source
    clasps, extenders = s.clasps, s.extenders
    k = len(pairs.values)
    fits, rows, cols, side, hook, here = s.fits, s.rows, s.cols, s.side, s.hook, s.here
    at_clasp, at_extender = table_rings(clasps, kept), table_rings(extenders, kept)
    wc_sum, we_sum = sum(clasps.ways.tolist()), sum(extenders.ways.tolist())
    bound = (int(at_clasp.size.max(initial=0)) + int(at_extender.size.max(initial=0)) + 1) * (wc_sum + we_sum + 1)
    kind: Any = np.int64 if bound < 2**62 else object
    wc, we = clasps.ways.astype(kind), extenders.ways.astype(kind)
    out = np.zeros((rings, k), dtype=kind)
    position = np.arange(k)
    if len(at_clasp.ring):
        # A clasp option's pairs: below its side at the hook of the extender (hooks under it),
        # at its side every extender hooked at or above it (or none).
        by_hook = _grouped_sum(fits[:, cols], we, hook, k + 1)
        from_hook = np.cumsum(by_hook[:, ::-1], axis=1)[:, ::-1]
        ways = np.where(position[None, :] < side[:, None], by_hook[rows, :k], 0).astype(kind)
        ways[np.arange(len(side)), side] += from_hook[rows, side]
        at_clasp.add(out, ways)
    if len(at_extender.ring):
        # An extender option's pairs: a clasp hooking it binds at min(side, hook); one absent at its side.
        by_clasp = fits[rows, :].T
        hooking = _grouped_sum(by_clasp[:, here], wc[here], side[here], k)
        absent = _grouped_sum(by_clasp[:, ~here], wc[~here], side[~here], k)
        at = np.minimum(hook, k - 1)
        ways = np.where(position[None, :] < hook[:, None], hooking[cols, :], 0).astype(kind) + absent[cols, :]
        above = np.cumsum(hooking[:, ::-1], axis=1)[:, ::-1]  # clasps hooking at or above a position
        ways[np.arange(len(hook)), at] += np.where(hook < k, above[cols, at], 0).astype(kind)
        at_extender.add(out, ways)
    if len(at_clasp.ring) and len(at_extender.ring):
        # The ring at both ends: its load is the extender's hook and caps the clasp's side, so such
        # a pair sits at the clasp's side.
        c_option, c_ring = at_clasp.option, at_clasp.ring
        e_option, e_ring = at_extender.option, at_extender.ring
        top_side = np.full(rings, -1, dtype=np.int64)
        np.maximum.at(top_side, c_ring, side[c_option])
        low_hook = np.full(rings, k, dtype=np.int64)
        np.minimum.at(low_hook, e_ring, hook[e_option])
        if (top_side > low_hook).any():
            return None
        at_ends = np.zeros((rings, fits.shape[1]), dtype=kind)
        np.add.at(at_ends, (e_ring, cols[e_option]), at_extender.size[e_option].astype(kind))
        # [ring, clasp class]: one member at a fitting extender. Sums of whole numbers below 2^53
        # are exact in floating point at every step, so BLAS may add them (5x numpy's int product).
        if kind is np.int64 and int(at_ends.sum()) < 2**53:
            both = (at_ends.astype(np.float64) @ fits.T.astype(np.float64)).astype(np.int64)
        else:
            both = at_ends @ fits.T.astype(kind)
        np.subtract.at(out, (c_ring, side[c_option]),
                       at_clasp.size[c_option].astype(kind) * both[c_ring, rows[c_option]])
    return out
