"""Ring and charm counts: how many valid pieces hold one given jump ring or charm, for every part
at once, from one walk over a space's hubs (the walk count_space makes, reading what it kept).

impact() used to count these as "every piece minus the pieces without the part", a whole re-walk
of a narrowed space (5–19 s at 10^4 parts). Members of a class are interchangeable in a count, so
the pieces without member s are the count with s's class one member smaller, and what s adds is
read off the same per-hub numbers the count multiplies (Python ints, never a division).

Rings. A hub's count is Σ over fitting (clasp option i, extender option j) of wc_i · we_j ·
cw(limit of the pair), where an option's ways are its class size times its ring members and cw
are the charm ways (by weight) within the limit, themselves Σ over the charm ring's classes of
their size times that ring's charm table. A ring sits in the clasp's, the extender's and the
charms' ring slot at once or in any of them; with E[r, l] the ways of the pairs at limit l that
hold one given member of ring class r at the clasp, the extender or both (inclusion–exclusion
over the two ends), and Γ[r, l] the charm ways hung on one given member of r:

    pieces with the member = Σ_l E[r, l] · (cw[l] − Γ[r, l]) + W[l] · Γ[r, l]

(W: every fitting pair's ways). Ring slots must split the rings into the same classes.

Charms. One charm slot holding a set of distinct charms on one ring class: its table for ring ρ
is ∏ over weights (1 + z·y^w)^n_w (count z, weight y). The sets holding one given charm of weight
w are z·y^w times the table divided by (1 + z·y^w), and summed up to a pair's limit L and the
slot's k_max charms that is Σ_m (−1)^(m−1) C[k_max − m, L − m·w], with C the table's prefix sums
over count and weight. So per charm table only the pairs' ways per limit are kept (Λ, summed over
the hubs that share the table) and a charm's count is a few lookups per table that carries it.

Shapes this does not cover — charm rules (counting rules, charm × charm tables: their signature
tables), tables that lift slots into the hub (solver.lifting), several charm slots, several clasp
or extender slots, ring slots that split the rings differently — give None: impact() then counts
the narrowed space as before. The property tests
in tests/solver/test_ring_charm_counts.py check every ring and charm of generated worlds against
brute force.
"""


from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np

from catalog.types import SlotKind
from solver.charm_choose import ring_ways
from solver.charm_counts import CharmWays, by_ring_and_weight
from solver.charm_rules import TooManySignatures, charm_rules
from solver.charms import SlotState, slot_states
from solver.counting import counted_hubs
from solver.deadline import Deadline, tick
from solver.end_rings import end_ring_ways
from solver.lifting import lifted_slots
from solver.request import Request
from solver.space import Space
from solver.units import UnitSet

KEY = ("ring-charm-counts",)


@dataclass
class _CharmTable:
    """One charm table (a hub's charm slot state under one capacity and weight range) and the
    pairs' ways per weight position of the hubs that use it (Λ)."""

    state: SlotState
    kmax: int
    scale: int
    sums: dict[int, int]  # ring class index (-1: mounted directly) -> its prefix sums' index
    by_weight: dict[int, int] = field(default_factory=dict)  # weight position -> Σ multiplier × pair ways


@dataclass
class RingCharmCounts:
    """Of one space: per ring class, the pieces holding one given member of it (in any ring slot);
    per charm table, what a charm's count reads."""

    ring_slots: tuple[str, ...]
    rings: dict[int, int]
    charm_slot: str | None
    charms: list[_CharmTable]
    sums: list[np.ndarray]  # prefix sums C[k, v] (k < kmax) of each distinct ring charm table

    def __post_init__(self) -> None:
        # Every table's Λ end to end, and every prefix-sum table flat: a charm's count is then a
        # few array passes over the tables that carry it, not a Python loop per table.
        spread = [sorted(t.by_weight.items()) for t in self.charms]
        self._starts = np.cumsum([0] + [len(s) for s in spread]).astype(np.int64)
        self._at = np.array([v for s in spread for v, _ in s], dtype=np.int64)
        self._ways = np.array([n for s in spread for _, n in s] + [0], dtype=object)[:-1]
        for table in self.charms:
            table.by_weight = {}
        self._width = np.array([c.shape[1] for c in self.sums], dtype=np.int64)
        self._offset = np.cumsum([0] + [c.size for c in self.sums])[:-1].astype(np.int64)
        # Machine integers while an alternating sum of kmax entries provably fits.
        small = all(c.dtype != object and int(c.max(initial=0)) * max(c.shape[0], 1) < 2**62 for c in self.sums)
        kind: Any = np.int64 if small else object
        self._flat = np.concatenate([np.zeros(0, dtype=kind)] + [c.astype(kind).ravel() for c in self.sums])
        self.sums = []  # read through the flat copy only

    def pieces_with(self, space: Space, kind: SlotKind, sku: str) -> int:
        """Pieces holding the ring or charm `sku` (0 when the slots' unary rules dropped it)."""
        if kind is SlotKind.JUMP_RING:
            found = space.member_index(self.ring_slots[0]).get(sku) if self.ring_slots else None
            return 0 if found is None else self.rings.get(found[0].index, 0)
        if self.charm_slot is None:
            return 0
        got = space.member_index(self.charm_slot).get(sku)
        return 0 if got is None else self._charm(got[0].index)

    def _charm(self, index: int) -> int:
        """Σ over the tables carrying the charm class, per ring it hangs on: the ring's members ×
        Σ_V Λ[V] × the sets holding one given member of the class within V."""
        reads: list[tuple[int, int, int, int]] = []  # (table, prefix sums, ring members, weight step)
        spans: dict[int, list[int]] = {}
        for i, charm in enumerate(self.charms):
            if self._starts[i] == self._starts[i + 1]:
                continue
            units = charm.state.units
            geometry = units.geometry
            span = spans.get(id(geometry))
            if span is None:  # a geometry lists its units by charm class: the class's run of them
                span = spans[id(geometry)] = np.searchsorted(geometry.charm, (index, index + 1)).tolist()
            a, b = np.searchsorted(units.positions, span).tolist()
            if a < b:
                reads.extend(_ring_reads(i, charm, units, units.positions[a:b]))
        if not reads:
            return 0
        # One row per (table, ring table, weight position V) the charm reads.
        entry, table, members, step = (np.array(c, dtype=np.int64) for c in zip(*reads, strict=True))
        lengths = self._starts[entry + 1] - self._starts[entry]
        owner = np.repeat(np.arange(len(entry)), lengths)
        where = np.arange(int(lengths.sum())) + np.repeat(self._starts[entry] - (np.cumsum(lengths) - lengths),
                                                          lengths)
        at = self._at[where]
        kmax = np.array([self.charms[i].kmax for i in entry.tolist()], dtype=np.int64)[owner]
        step, width, offset = step[owner], self._width[table][owner], self._offset[table][owner]
        holding = np.zeros(len(at), dtype=self._flat.dtype)
        for m in range(1, int(kmax.max(initial=0)) + 1):
            v = at - m * step
            ok = (v >= 0) & (m <= kmax)
            found = np.where(ok, self._flat[np.where(ok, offset + (kmax - m) * width + v, 0)], 0)
            holding = holding + found if m % 2 else holding - found
        return int((holding.astype(object) * members.astype(object)[owner]).dot(self._ways[where]))


def _ring_reads(i: int, table: _CharmTable, units: UnitSet, hit: np.ndarray) -> list[tuple[int, int, int, int]]:
    """The class's units in one table: per prefix-sum table, the members of the rings it hangs on."""
    step = int(units.geometry.weight[hit[0]]) // table.scale
    members: dict[int, int] = {}
    for ring in units.geometry.ring[hit].tolist():
        size = 1 if ring < 0 or units.rings is None else int(units.rings.size[ring])
        at = table.sums[ring]
        members[at] = members.get(at, 0) + size
    return [(i, at, n, step) for at, n in members.items()]


def kept_ring_charm_counts(space: Space) -> RingCharmCounts | None:
    """The counts if a complete walk built them (Solver.warm does); None otherwise."""
    found: RingCharmCounts | None = space.memo.get(KEY)
    return found


def covered(space: Space) -> bool:
    """The shapes this pass counts: the empty selection, at most one clasp, extender and charm
    slot, every ring slot the ring of one of them, the ring slots splitting the rings into the
    same classes, and no charm rules."""
    if space.request != Request() or charm_rules(space) is not None:
        return False
    if lifted_slots(space):
        # Tables that lift slots into the hub (two rings of one piece, say) tie slots this pass
        # counts apart: a ring in one slot counted 144 pieces where 72 hold it (found by
        # test_ring_charm_counts_with_twin_rings_and_charms on a random seed).
        return False
    if any(len(space.slots_of(k)) > 1 for k in (SlotKind.CLASP, SlotKind.EXTENDER, SlotKind.CHARM)):
        return False
    ring_slots = [s.name for s in space.slots_of(SlotKind.JUMP_RING)]
    joined = {space.ring_of.get(s.name) for k in (SlotKind.CLASP, SlotKind.EXTENDER, SlotKind.CHARM)
              for s in space.slots_of(k)}
    if not set(ring_slots) <= joined:
        return False
    return len({tuple(tuple(m.sku for m in c.members) for c in space.classes[s]) for s in ring_slots}) <= 1


def ring_charm_counts(space: Space, deadline: Deadline) -> RingCharmCounts | None:
    """The space's ring and charm counts, kept on it once complete; None when the walk was cut
    short or the space has a shape the pass does not cover (impact() counts a narrowed space)."""
    known = kept_ring_charm_counts(space)
    if known is not None:
        return known
    ring_slots = tuple(s.name for s in space.slots_of(SlotKind.JUMP_RING))
    charm_slots = space.slots_of(SlotKind.CHARM)
    charm_slot = charm_slots[0].name if charm_slots else None
    if space.infeasible:
        return RingCharmCounts(ring_slots, {}, charm_slot, [], [])
    if not covered(space):
        return None
    # Hubs that share their end pairs and charm ways share everything but their multiplier (the
    # ways to choose their chain and plating members and option values).
    try:
        counted = counted_hubs(space, deadline)
    except TooManySignatures:
        return None
    if deadline.expired:
        return None
    groups: dict[tuple[int, int], list[Any]] = {}
    if counted is not None:
        for g, n in counted.multipliers().items():
            found = counted.ends[g]
            assert found is not None
            key = (id(found.pairs), id(found.ways))
            group = groups.get(key)
            if group is None:
                hub = counted.walk.rep(g)
                group = groups[key] = [found.pairs, found.ways, slot_states(hub), hub.capacity, 0]
            group[4] += n
    rings = len(space.base_classes[ring_slots[0]]) if ring_slots else 0
    charm_ring = space.ring_of.get(charm_slot) if charm_slot else None
    totals = np.zeros(rings, dtype=object)
    by_pairs: dict[int, list[list[Any]]] = {}
    for group in groups.values():
        by_pairs.setdefault(id(group[0]), []).append(group)
    memberships: dict[int, Any] = {}
    charms: dict[tuple[int, int], _CharmTable] = {}
    sums: list[np.ndarray] = []
    shared: dict[tuple[Any, ...], int] = {}
    for same_pairs in by_pairs.values():  # one pairs' E at a time (~50 KB each, thousands of pairs)
        tick()
        pairs = same_pairs[0][0]
        e = end_ring_ways(pairs, rings, memberships)
        if e is None:
            return None  # pairs whose limits this pass does not read right: count instead
        spread = np.zeros(len(pairs.values), dtype=object)  # Σ multiplier × cw
        for _, ways, _, _, multiplier in same_pairs:
            spread += multiplier * _objects([ways.at(int(v)) for v in pairs.values.tolist()])
        if rings:
            totals += e.astype(object).dot(spread)
        w = _objects(list(pairs.ways_at))
        for _, ways, states, capacity, multiplier in same_pairs:
            if not states:
                continue
            charm = charms.get((id(ways), capacity))
            if charm is None:
                if np.any(np.diff(states[0].units.geometry.charm) < 0):
                    return None  # a charm's units are read as one run of its geometry (solver.units)
                charm = charms[(id(ways), capacity)] = _charm_table(states[0], ways, capacity, sums, shared)
            positions = np.minimum(pairs.values, ways.top) // ways.scale
            for position, n in zip(positions.tolist(), (multiplier * w).tolist(), strict=True):
                charm.by_weight[position] = charm.by_weight.get(position, 0) + n
            hanging = [(ring, at) for ring, at in charm.sums.items() if ring >= 0]
            if charm_ring is not None and hanging:
                # Γ[r, l]: the charm ways hung on one member of ring r (sets of one charm or more).
                on, at = (np.array(c, dtype=np.int64) for c in zip(*hanging, strict=True))
                hung = np.array([sums[a][charm.kmax, positions] - sums[a][0, positions] for a in at.tolist()])
                totals[on] += multiplier * ((w[None, :] - e[on].astype(object)) * hung.astype(object)).sum(axis=1)
    # A charm's count reads rows below kmax; Γ (row kmax) was read above.
    result = RingCharmCounts(ring_slots, {i: int(n) for i, n in enumerate(totals.tolist()) if n}, charm_slot,
                             list(charms.values()), [c[:-1] for c in sums])
    kept: RingCharmCounts = space.memo.setdefault(KEY, result)
    return kept


def _objects(values: list[int]) -> np.ndarray:
    """Python ints as a 1-d object array (np.array would make int64, or fail past 2^63)."""
    out = np.empty(len(values), dtype=object)
    out[:] = values
    return out


def _charm_table(state: SlotState, ways: CharmWays, capacity: int, sums: list[np.ndarray],
                 shared: dict[tuple[Any, ...], int]) -> _CharmTable:
    """The state's ring charm tables' prefix sums (shared by content), as count's slot_table
    makes the tables for the empty selection."""
    kmax = min(state.max_count, capacity)
    width = ways.top // ways.scale + 1
    at: dict[int, int] = {}
    for ring, (steps, counts) in hung_by_ring(state.units, ways.scale).items():
        key = (steps.tobytes(), counts.tobytes(), kmax, width)
        if key not in shared:
            sub = ring_ways(steps, counts, kmax, width, 0, 0)
            shared[key] = len(sums)
            sums.append(np.cumsum(np.cumsum(sub, axis=0), axis=1))
        at[ring] = shared[key]
    return _CharmTable(state, kmax, ways.scale, at)


def hung_by_ring(units: UnitSet, scale: int) -> dict[int, tuple[np.ndarray, np.ndarray]]:
    """ring index → (weight steps ascending, how many charm members hang on it at each): what
    solver.charms' slot tables read of a slot with no charm picked."""
    return by_ring_and_weight(units, units.charms.size[units.charm], scale)
