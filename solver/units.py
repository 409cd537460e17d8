"""Charm units as arrays: every (charm class, ring class) that mounts on a chain, in one numpy pass.

A unit is one charm class hung on one ring class (or mounted directly), with the weight it adds
and the cheapest price of the pair plus the joint's labour. The fit rules are thresholds, so
the geometry of all pairs is one broadcast per chain body (pure geometry, shared by every finish
mode and every pick of a base space); a hub then keeps the pairs its finish and the request's
picks allow, by indexing. The float arithmetic is the rules' own, in the same order, so the
answers are those of `catalog.rules` (a test compares them pair by pair).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from functools import cached_property
from typing import Any

import numpy as np

from catalog import rules
from catalog.types import Connector
from solver.arrays import first_appearance
from solver.space import PartClass, Space

EPS = 1e-9  # the rules' tolerance on measured dimensions


def centigrams(grams: Decimal | float) -> int:
    return int((Decimal(str(grams)) * 100).to_integral_value())


@dataclass(frozen=True)
class Unit:
    """A charm class mounted through a ring class (or directly): what one charm adds."""

    slot: str
    charm: PartClass
    ring: PartClass | None
    cost: int  # cheapest member of each, plus the joint's labour
    weight: int  # centigrams


@dataclass(frozen=True)
class ClassTable:
    """One slot's classes after picks, by base class index (stable across picks)."""

    classes: list[PartClass | None]
    alive: np.ndarray  # bool
    min_cost: np.ndarray  # int64, 0 where not alive
    size: np.ndarray  # int64 members, 0 where not alive


def class_table(space: Space, slot: str) -> ClassTable:
    key = ("class-table", slot)
    memo = space.memo_for(slot, picks_matter=False)
    if key not in memo:
        size = space.sizes[slot]
        classes: list[PartClass | None] = [None] * size
        for cls in space.classes[slot]:
            classes[cls.index] = cls
        alive = np.array([c is not None for c in classes], dtype=bool)
        cost = np.array([c.min_cost if c is not None else 0 for c in classes], dtype=np.int64)
        size_of = np.array([c.size if c is not None else 0 for c in classes], dtype=np.int64)
        memo[key] = ClassTable(classes, alive, cost, size_of)
    table: ClassTable = memo[key]
    return table


def base_weights(space: Space, slot: str) -> np.ndarray:
    """Centigrams of each base class's representative (charms), computed once per base."""
    key = ("weights", slot)
    if key not in space.geometry:
        space.geometry[key] = np.array([centigrams(c.rep.weight_g) for c in space.base_classes[slot]],
                                       dtype=np.int64)
    found: np.ndarray = space.geometry[key]
    return found


def column(parts: list[Any], name: str, missing: float = np.nan) -> np.ndarray:
    """One measured attribute of each part as floats (`missing` where a part has none)."""
    return np.array([missing if getattr(p, name, None) is None else float(getattr(p, name)) for p in parts],
                    dtype=float)


@dataclass(frozen=True)
class UnitGeometry:
    """Pairs that fit one chain body, finish aside: base class indices and the charm's weight."""

    charm: np.ndarray  # int32
    ring: np.ndarray  # int32, -1: mounted directly
    weight: np.ndarray  # int64 centigrams


def unit_geometry(space: Space, slot: str, chain: Any, chain_load: int) -> UnitGeometry:
    """Every (charm class, ring class) of the base that mounts on this chain's body, in charm-
    then ring-index order, charms no heavier than the chain's load and the ring's."""
    physics = space.catalog.physics
    charms = space.base_classes[slot]
    weights = base_weights(space, slot)
    light = weights <= chain_load
    ring_slot = space.ring_of.get(slot)
    empty = np.zeros(0, dtype=np.int64)
    if ring_slot is None:
        keep = [i for i, ch in enumerate(charms)
                if light[i] and not rules.charm_mounts_directly(ch.rep, chain, physics)]
        index = np.array(keep, dtype=np.int64)
        return UnitGeometry(index.astype(np.int32), np.full(len(index), -1, dtype=np.int32),
                            weights[index] if len(index) else empty)
    rings = space.base_classes[ring_slot]
    reps = [r.rep for r in rings]
    ring_wire = column(reps, "wire_mm")
    ring_bore = column(reps, "inner_diameter_mm")
    ring_load = np.array([centigrams(r.max_load_g) for r in reps], dtype=np.int64)
    # rules.ring_passes(ring, chain body): the ring's wire through the chain's links.
    through_body = ring_wire + physics.ring_pass_clearance_mm <= chain.link_inner_mm + EPS
    dangles = [c.rep.connector is Connector.DANGLE and c.rep.loop_inner_mm is not None
               and c.rep.loop_wire_mm is not None for c in charms]
    reps_c = [c.rep for c in charms]
    loop_inner = column(reps_c, "loop_inner_mm")
    loop_wire = column(reps_c, "loop_wire_mm")
    ok_charm = light & np.array(dangles, dtype=bool)
    if not len(charms) or not len(rings):
        return UnitGeometry(empty.astype(np.int32), empty.astype(np.int32), empty)
    # rules.ring_join(ring, body, loop): passes both openings, bore holds both wires.
    through_loop = ring_wire[None, :] + physics.ring_pass_clearance_mm <= loop_inner[:, None] + EPS
    needed = chain.wire_mm + loop_wire + physics.ring_hold_clearance_mm
    holds = ring_bore[None, :] + EPS >= needed[:, None]
    carries = weights[:, None] <= ring_load[None, :]
    fits = ok_charm[:, None] & through_body[None, :] & through_loop & holds & carries
    charm_index, ring_index = np.nonzero(fits)
    # int32 indices: geometries are kept per chain body for the life of the base.
    return UnitGeometry(charm_index.astype(np.int32), ring_index.astype(np.int32), weights[charm_index])


class UnitSet:
    """The units one hub admits: positions into the chain's unit geometry, read through to
    arrays on use. Sets are kept with the base for every finish mode and geometry, so they hold
    4 bytes per unit and class tables (never the space: a shared set must not keep a request
    alive); the arrays they hand out are made per call."""

    def __init__(self, charms: ClassTable, rings: ClassTable | None, slot: str, geometry: UnitGeometry,
                 positions: np.ndarray, labour: int) -> None:
        self.charms = charms
        self.rings = rings
        self.slot = slot
        self.geometry = geometry
        self.positions = positions.astype(np.int32)
        self.labour = labour

    @property
    def charm(self) -> np.ndarray:
        found: np.ndarray = self.geometry.charm[self.positions]
        return found

    @property
    def ring(self) -> np.ndarray:
        found: np.ndarray = self.geometry.ring[self.positions]
        return found

    @property
    def weight(self) -> np.ndarray:
        found: np.ndarray = self.geometry.weight[self.positions]
        return found

    @property
    def charm_cost(self) -> np.ndarray:
        found: np.ndarray = self.charms.min_cost[self.charm]
        return found

    @property
    def ring_cost(self) -> np.ndarray:
        if self.rings is None:
            return np.zeros(len(self.positions), dtype=np.int64)
        found: np.ndarray = self.rings.min_cost[self.ring]
        return found

    @property
    def cost(self) -> np.ndarray:
        found: np.ndarray = self.charm_cost + self.ring_cost + self.labour
        return found

    def __len__(self) -> int:
        return len(self.positions)

    def charm_class(self, index: int) -> PartClass:
        found = self.charms.classes[index]
        assert found is not None
        return found

    def ring_class(self, index: int) -> PartClass | None:
        if index < 0 or self.rings is None:
            return None
        return self.rings.classes[index]

    def unit(self, i: int) -> Unit:
        at = int(self.positions[i])
        charm, ring = int(self.geometry.charm[at]), int(self.geometry.ring[at])
        cost = int(self.charms.min_cost[charm]) + (int(self.rings.min_cost[ring]) if self.rings is not None else 0)
        return Unit(self.slot, self.charm_class(charm), self.ring_class(ring), cost + self.labour,
                    int(self.geometry.weight[at]))

    @cached_property
    def ring_order(self) -> np.ndarray:
        """The distinct ring indices (-1: no ring), in order of first appearance."""
        return first_appearance(self.ring)

    def pareto(self) -> list[tuple[int, float, tuple[Unit, ...]]]:
        """Units no other unit beats on both weight and cost, weight ascending (ties: first unit)."""
        if not len(self):
            return []
        cost, weight = self.cost, self.weight
        order = np.lexsort((cost, weight))
        costs = cost[order].astype(float)
        best_before = np.concatenate(([np.inf], np.minimum.accumulate(costs)[:-1]))
        kept = order[costs < best_before]
        return [(int(weight[i]), float(cost[i]), (self.unit(int(i)),)) for i in kept]


def hub_units(space: Space, slot: str, geometry: UnitGeometry, charm_ok: np.ndarray, ring_ok: np.ndarray | None,
              labour: int) -> UnitSet:
    """The geometry's pairs whose charm and ring this hub admits and the picks keep."""
    charms = class_table(space, slot)
    usable = charm_ok & charms.alive
    ring_slot = space.ring_of.get(slot)
    rings = None
    ring_usable = None
    if ring_slot is not None and ring_ok is not None:
        rings = class_table(space, ring_slot)
        ring_usable = ring_ok & rings.alive
    wanted = np.flatnonzero(usable)
    if len(wanted) * 8 < len(usable):
        # A narrowed slot (picked charms, a page's prefixes): read only those charms' runs of
        # the geometry, which lists pairs charm by charm, rather than mask every pair.
        positions = _runs_of(geometry.charm, wanted)
        if ring_usable is not None:
            positions = positions[ring_usable[geometry.ring[positions]]]
        return UnitSet(charms, rings, slot, geometry, positions, labour)
    keep = usable[geometry.charm]
    if ring_usable is not None:
        keep &= ring_usable[geometry.ring]
    return UnitSet(charms, rings, slot, geometry, np.flatnonzero(keep), labour)


def _runs_of(sorted_values: np.ndarray, wanted: np.ndarray) -> np.ndarray:
    """Positions of `sorted_values` (ascending) whose value is in `wanted` (ascending), in order."""
    starts = np.searchsorted(sorted_values, wanted, side="left")
    ends = np.searchsorted(sorted_values, wanted, side="right")
    lengths = ends - starts
    total = int(lengths.sum())
    if not total:
        return np.zeros(0, dtype=np.int64)
    # arange per run in one pass: each position's offset from its run's first, plus that first.
    firsts = np.repeat(starts - np.concatenate(([0], np.cumsum(lengths)[:-1])), lengths)
    found: np.ndarray = firsts + np.arange(total)
    return found
