"""Exact counts of the charm slots of one hub: per slot, the ways to fill it by charm count and
hung weight (a product per ring type, solver.charm_choose), convolved over the slots and kept
cumulative by weight, so that any load limit of a clasp and extender pair is one lookup."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from math import comb
from typing import Any

import numpy as np

from solver import charm_signatures as sig
from solver.charm_choose import ring_ways
from solver.charm_rules import CharmRules
from solver.charms import SlotState
from solver.deadline import tick
from solver.hub import UnitSet, centigrams


def slot_table(state: SlotState, capacity: int, limit: int, scale: int) -> np.ndarray:
    """table[k, w]: the number of ways to fill the slot with k charms weighing w·scale cg. Made
    per call, not kept on the state (states live with the base); count keeps its totals."""
    kmax = min(state.max_count, capacity)
    width = limit // scale + 1
    k0, w0 = len(state.forced), state.forced_weight // scale
    # Rings that carry the same charms (by weight) give the same table: group them.
    hist = _by_ring_and_weight_forced(state, scale)
    none = (np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64))
    groups: dict[tuple[bytes, ...], list[Any]] = {}  # signature -> [steps, counts, less, ways]
    if state.forced_ok and k0 <= kmax and w0 < width:
        for ring_class in state.rings:
            if state.ring_fits_forced(ring_class):
                at = -1 if ring_class is None else ring_class.index
                steps, counts, less = none if state.exact else hist.get(at, none)
                group = groups.setdefault((steps.tobytes(), counts.tobytes(), less.tobytes()),
                                          [steps, counts, less, 0])
                group[3] += ring_class.size if ring_class is not None else 1
    bound = 1 + sum(ways * sum(comb(int(counts.sum()) - len(less), k) for k in range(kmax + 1))
                    for _, counts, less, ways in groups.values())
    table: np.ndarray = np.zeros((kmax + 1, width), dtype=_dtype(bound))
    if not state.forced and state.min_count == 0 and state.forced_ok:  # not ok: a pick it cannot hold
        table[0, 0] = 1
    for steps, counts, less, ways in groups.values():
        sub = ring_ways(steps, counts, kmax, width, k0, w0, less).astype(table.dtype)
        if k0 == 0:
            sub[0, :] = 0  # the empty set does not use a ring; counted once above
        table += sub * ways
    return table


def _by_ring_and_weight_forced(state: SlotState, scale: int) -> dict[int, tuple[np.ndarray, np.ndarray, np.ndarray]]:
    """ring index → (weight steps ascending, how many members hang on it at each, the forced
    ones counted too; the steps of the forced ones, one per forced charm). The ways without the
    forced charms divide them out of the whole histogram's product, which the slot made before
    its charms were picked (charm_choose.ring_ways)."""
    units = state.units
    hist = by_ring_and_weight(units, units.charms.size[units.charm], scale)
    taken = Counter(cls.index for m in state.forced if (cls := state.forced_class.get(m.sku)) is not None)
    per_unit = np.zeros(len(units), dtype=np.int64)
    for index, n in taken.items():
        per_unit[units.charm == index] = n
    held = np.flatnonzero(per_unit)
    rings = np.repeat(units.ring[held].astype(np.int64), per_unit[held])
    steps = np.repeat(units.weight[held] // scale, per_unit[held]).astype(np.int64)
    empty = np.zeros(0, dtype=np.int64)
    return {ring: (ring_steps, counts, steps[rings == ring] if len(rings) else empty)
            for ring, (ring_steps, counts) in hist.items()}


def by_ring_and_weight(units: UnitSet, free: np.ndarray, scale: int) -> dict[int, tuple[np.ndarray, np.ndarray]]:
    """ring index → (weight steps ascending, how many of the `free` members per unit hang on it
    at each): the histogram a ring's charm table is the product over."""
    hist: dict[int, tuple[np.ndarray, np.ndarray]] = {}
    if not len(units):
        return hist
    steps = units.weight // scale
    width = int(steps.max()) + 1
    key = (units.ring.astype(np.int64) + 1) * width + steps
    sums, pairs = _sum_by_key(key, free.astype(np.int64))
    rings = pairs // width - 1
    bounds = np.flatnonzero(np.diff(rings)) + 1
    for ring, ring_steps, ring_sums in zip(np.split(rings, bounds), np.split(pairs % width, bounds),
                                           np.split(sums, bounds), strict=True):
        if len(ring):
            hist[int(ring[0])] = (ring_steps, ring_sums)
    return hist


def _dtype(bound: int) -> type:
    """Machine integers while every sum provably fits, Python integers beyond."""
    return np.int64 if bound < 2**62 else object


NO_LIMIT = 10**12


@dataclass(frozen=True)
class CharmWays:
    """Ways to fill every charm slot, cumulative by hung weight, up to `top` centigrams."""

    top: int
    scale: int
    cumulative: np.ndarray  # [w]: ways weighing at most w·scale cg (int64, or Python ints past it)

    def at(self, limit: int) -> int:
        return int(self.cumulative[min(limit, self.top) // self.scale])


def charm_ways(states: list[SlotState], capacity: int, top: int,
               rules: tuple[CharmRules, np.ndarray] | None = None) -> CharmWays:
    """Every slot's charms within `top`, by weight: any lower load limit is then one lookup.
    `rules`: the charm rules and the signatures that pass them (only those are counted)."""
    if not states:
        return CharmWays(NO_LIMIT, NO_LIMIT + 1, np.ones(1, dtype=np.int64))  # one way: no charms, any limit
    forced = np.array([centigrams(m.part.weight_g) for s in states for m in s.forced], dtype=np.int64)
    weights = np.concatenate([s.units.weight for s in states] + [forced])
    positive = weights[weights > 0]
    scale = int(np.gcd.reduce(positive)) if len(positive) else 1
    total: np.ndarray | None = None
    if rules is not None:
        for state in states:
            table = sig.slot_table(state, capacity, top, scale, rules[0])
            total = table if total is None else sig.convolve(total, table, capacity, rules[0])
        assert total is not None
        by_weight = sig.by_weight(total, capacity, rules[1])
    else:
        for state in states:
            table = slot_table(state, capacity, top, scale)
            total = table if total is None else _convolve(total, table, capacity)
        assert total is not None
        by_weight = total[: capacity + 1].astype(object).sum(axis=0)
    cumulative = np.cumsum(by_weight)
    fits = not len(cumulative) or int(cumulative[-1]) < 2**62
    return CharmWays(top, scale, cumulative.astype(np.int64) if fits else cumulative)


def _convolve(a: np.ndarray, b: np.ndarray, capacity: int) -> np.ndarray:
    kmax = min(a.shape[0] + b.shape[0] - 2, capacity)
    wmax = a.shape[1] - 1
    bound = int(a.astype(object).sum()) * int(b.astype(object).sum()) + 1
    a = a.astype(_dtype(bound))
    out = np.zeros((kmax + 1, wmax + 1), dtype=a.dtype)
    for k in range(min(b.shape[0], kmax + 1)):
        tick()
        for w in np.nonzero(b[k])[0]:
            rows = min(a.shape[0], kmax + 1 - k)
            out[k : k + rows, w:] += int(b[k, w]) * a[:rows, : wmax + 1 - w]
    return out


def _sum_by_key(key: np.ndarray, amounts: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(sums, keys): the positive sums of `amounts` per distinct non-negative `key`, keys
    ascending. A dense scatter when the key range is not much larger than the input (a
    (ring, weight) key at 10^4 parts), else a sort: `np.unique`'s sort was ~5 % of a warm-up."""
    if not len(key):
        return np.zeros(0, dtype=np.int64), key
    size = int(key.max()) + 1
    if size <= 4 * len(key) + 4096:
        dense = np.zeros(size, dtype=np.int64)
        np.add.at(dense, key, amounts)
        keys = np.flatnonzero(dense > 0)
        return dense[keys], keys
    keys, inverse = np.unique(key, return_inverse=True)
    sums = np.zeros(len(keys), dtype=np.int64)
    np.add.at(sums, inverse, amounts)
    keep = sums > 0
    return sums[keep], keys[keep]
