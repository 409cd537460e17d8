"""Count marginals: per slot and part class, how many valid pieces hold one given member there.

The walk count_space makes (solver.counting.counted_hubs, reading what it kept) splits each
hub's count by the chain class, the plating class, and the clasp and extender classes of its end
options. impact() of a part in one of those slots is then a lookup instead of a count of a space
narrowed to the part (which re-walks every hub).

Why a member's count is its class's share: a hub's count is a product in which a class enters
through its size alone (chain.size, plating.size, an end option's ways = class size × ring
members), and picking one member narrows the class to size one and changes nothing else the
count reads (no budget: the empty selection has none). So the member's count is the hub's count
with that size factor left out — never a division that could round (an end option's ways are
divided by their own class size, a factor of them). Every number is a Python int; the property
tests/solver/test_count_marginals.py checks every part of generated worlds against brute force.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from catalog.types import SlotKind
from solver.arrays import run_starts
from solver.charm_rules import TooManySignatures
from solver.counting import CountedHubs, HubEnds, counted_hubs, summed
from solver.deadline import Deadline
from solver.space import Space

# Slot kinds whose members' counts the marginals hold (a style has at most one slot of each).
SPLIT_KINDS = frozenset({SlotKind.CHAIN, SlotKind.PLATING, SlotKind.CLASP, SlotKind.EXTENDER})


@dataclass(frozen=True)
class CountMarginals:
    """Of one space: the count, and per slot and class index the pieces holding a given member."""

    total: int
    per_member: dict[str, dict[int, int]]

    def pieces_with(self, space: Space, slot: str, sku: str) -> int:
        """Pieces with `sku` in `slot`: 0 when the slot's unary rules dropped it."""
        found = space.member_index(slot).get(sku)
        return 0 if found is None else self.per_member.get(slot, {}).get(found[0].index, 0)


def splits(space: Space, slot: str) -> bool:
    """The marginals hold this slot's members' counts."""
    return space.slot(slot).kind in SPLIT_KINDS


def kept_marginals(space: Space) -> CountMarginals | None:
    """The marginals if a complete walk built them (Solver.warm does); None otherwise."""
    known: CountMarginals | None = space.memo.get(("count-marginals",))
    return known


def count_marginals(space: Space, deadline: Deadline) -> CountMarginals | None:
    """The space's marginals, kept on it once complete; None when the walk was cut short (or
    the charm rules are past what a count may hold): the caller counts the narrowed space."""
    known: CountMarginals | None = space.memo.get(("count-marginals",))
    if known is not None:
        return known
    if space.infeasible:
        return CountMarginals(0, {})
    try:
        counted = counted_hubs(space, deadline)
    except TooManySignatures:
        return None
    if deadline.expired:
        return None
    result: CountMarginals = space.memo.setdefault(("count-marginals",), _split(space, counted))
    return result


def _split(space: Space, counted: CountedHubs | None) -> CountMarginals:
    """Each counted hub's count, split by its chain class, plating class and end classes: the
    small factors summed in arrays per (class, group, context), the big ones multiplied once per
    such row (Python ints)."""
    per_member: dict[str, dict[int, int]] = {}
    if counted is None:
        return CountMarginals(0, per_member)
    walk, group, context = counted.walk, counted.group, counted.context
    chain_size, plating_size = counted.chain_size, counted.plating_size
    names = {kind: [s.name for s in space.slots_of(kind)] for kind in SPLIT_KINDS}
    pairs = summed([group, context], chain_size * plating_size)
    rest = {(g, c): counted.rest(g, c) for (g, c), _ in pairs}
    total = sum(n * rest[g, c] for (g, c), n in pairs)
    for (chain, g, c), n in summed([walk.chain_index(counted.at), group, context], plating_size):
        _add(per_member, space.style.carrier.name, chain, n * rest[g, c])
    plating = walk.plating_index(counted.at)
    plated = plating >= 0
    if names[SlotKind.PLATING] and plated.any():
        for (index, g, c), n in summed([plating[plated], group[plated], context[plated]], chain_size[plated]):
            _add(per_member, names[SlotKind.PLATING][0], index, n * rest[g, c])
    # The split ends' ways times the rest of each hub (its chain, plating and option ways),
    # summed per group; groups sharing their pairs and charm ways share their split.
    shared: dict[tuple[int, int], list[dict[int, int]]] = {}
    for g, ways in counted.multipliers().items():
        found = counted.ends[g]
        assert found is not None
        key = (id(found.pairs), id(found.ways))
        if key not in shared:
            shared[key] = split_ends(found)
        for kind, by_class in zip((SlotKind.CLASP, SlotKind.EXTENDER), shared[key], strict=True):
            if names[kind]:
                for index, n in by_class.items():
                    _add(per_member, names[kind][0], index, ways * n)
    return CountMarginals(total, per_member)


def _add(per_member: dict[str, dict[int, int]], slot: str, index: int, ways: int) -> None:
    if ways:
        at = per_member.setdefault(slot, {})
        at[index] = at.get(index, 0) + ways


def split_ends(found: HubEnds) -> list[dict[int, int]]:
    """[clasp, extender]: per class index, the hub's end × charm ways with one given member of
    it in its slot (the ways the other end and the charms add; Python ints).

    A pair's limit is min(clasp side, extender hook) when the clasp is there, else the clasp
    side (as in solver.end_pairs); the charm ways within it multiply the pair's ways. Ways are
    grouped in machine integers while their sum provably fits, and only the products with the
    charm ways (10^30 and more) are Python ints."""
    pairs, clasps, extenders = found.pairs, found.clasps, found.extenders
    source = pairs._source
    k = len(pairs.values)
    cw = np.array([found.ways.at(int(v)) for v in pairs.values.tolist()] + [0], dtype=object)
    wc, we = _exact(clasps.ways), _exact(extenders.ways)
    fits, rows, cols, a, hook, here = source.fits, source.rows, source.cols, source.side, source.hook, source.here
    # Clasp option i: Σ over fitting extender options j of we[j] · cw[limit(i, j)].
    by_hook = np.zeros((fits.shape[0], k + 1), dtype=we.dtype)
    pi, jj = np.nonzero(fits[:, cols])
    np.add.at(by_hook, (pi, hook[jj]), we[jj])
    by_hook = by_hook.astype(object)
    from_hook = np.cumsum(by_hook[:, ::-1], axis=1)[:, ::-1]  # hooks at or above a position
    below = np.zeros((fits.shape[0], k + 1), dtype=object)
    below[:, 1:] = np.cumsum(by_hook[:, :k] * cw[None, :k], axis=1)  # hooks under a position
    on_clasp = np.where(here, below[rows, a] + cw[a] * from_hook[rows, a], cw[a] * from_hook[rows, 0])
    # Extender option j: Σ over fitting clasp options i of wc[i] · cw[limit(i, j)]; a clasp
    # that is there binds at min(side, hook), an absent one at its own side.
    m = fits.shape[1]
    hooking = np.zeros((m, k + 1), dtype=wc.dtype)
    absent = np.zeros((m, k + 1), dtype=wc.dtype)
    ii, cc = np.nonzero(fits[rows, :])
    present = here[ii]
    np.add.at(hooking, (cc[present], a[ii[present]]), wc[ii[present]])
    np.add.at(absent, (cc[~present], a[ii[~present]]), wc[ii[~present]])
    hooking = hooking.astype(object)
    from_side = np.cumsum(hooking[:, ::-1], axis=1)[:, ::-1]
    under = np.zeros((m, k + 1), dtype=object)
    under[:, 1:] = np.cumsum(hooking[:, :k] * cw[None, :k], axis=1)
    alone = (absent.astype(object) * cw[None, :]).sum(axis=1)
    on_extender = under[cols, hook] + cw[hook] * from_side[cols, hook] + alone[cols]
    return [_by_class(clasps.parts, clasps.at, wc, on_clasp), _by_class(extenders.parts, extenders.at, we, on_extender)]


def _exact(ways: np.ndarray) -> np.ndarray:
    """The ways as int64 while any sum of them fits, else as Python ints."""
    if ways.dtype != object and sum(ways.tolist()) < 2**62:
        return ways.astype(np.int64)
    return ways.astype(object)


def _by_class(parts: list[Any], at: np.ndarray, ways: np.ndarray, other: np.ndarray) -> dict[int, int]:
    """Per class index: Σ over its options of (ways per member) × (what the rest adds)."""
    index = np.array([-1 if p is None else p.index for p in parts], dtype=np.int64)[at]
    size = np.array([1 if p is None else p.size for p in parts], dtype=np.int64)[at]
    keep = index >= 0
    if not keep.any():
        return {}
    index = index[keep]
    # An option's ways are its class size times its ring members: a member's share is exact.
    share = (ways[keep] // size[keep]).astype(object) * other[keep]
    order = np.argsort(index, kind="stable")
    index, share = index[order], share[order]
    starts = run_starts(index)
    sums = np.add.reduceat(share, starts)
    return {int(i): int(n) for i, n in zip(index[starts].tolist(), sums.tolist(), strict=True) if n}
