"""The charm slots of one hub: their states, and cheapest completions (Pareto fronts); exact
counts are in solver.charm_counts.

A multi-charm slot holds a set of distinct charms, all hung on one ring type (or mounted
directly). The slots meet only through the hung weight (≤ a load limit) and the charm count
(≤ the chain's capacity). Cheapest completions never add an optional charm (prices are ≥ 0 and
every multi slot requires at most one) unless an at_least rule needs it (solver.charm_extras), so
without those a slot is its forced charms, or those plus one, or one free charm when it needs one.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

import numpy as np

from solver import charm_extras as extras
from solver import charm_signatures as sig
from solver.charm_extras import cheapest
from solver.charm_rules import CharmRules, charm_rules, hub_context
from solver.charm_signatures import Front, pareto
from solver.hub import INF, Hub, Unit, UnitSet, centigrams
from solver.space import Member, PartClass


def combine(a: Front, b: Front, limit: int) -> Front:
    return pareto([(wa + wb, ca + cb, ua + ub) for wa, ca, ua in a for wb, cb, ub in b if wa + wb <= limit])


@dataclass(frozen=True)
class UnitTable:
    charm_index: np.ndarray
    ring_index: np.ndarray  # -1: mounted directly
    weight: np.ndarray
    slot_cost: np.ndarray  # the forced charms plus this one, rings and joints included
    member_extra: np.ndarray  # the added member's price above its class's cheapest

    @cached_property
    def distinct_weights(self) -> tuple[np.ndarray, np.ndarray]:
        """The distinct weights, and where each unit's is among them: ~13,000 units at 10^4
        parts hang ~200 weights, and what the other slots and the ends allow depends on the
        weight alone (hubsolve._charm_marginals works per weight, then spreads it)."""
        distinct, inverse = np.unique(self.weight, return_inverse=True)
        return distinct, inverse.ravel()


@dataclass
class SlotState:
    """One charm slot in one hub."""

    name: str
    min_count: int
    max_count: int
    exact: bool
    units: UnitSet
    forced: tuple[Member, ...]
    forced_class: dict[str, PartClass] = field(default_factory=dict)  # forced sku -> its class here
    forced_ok: bool = True

    @cached_property
    def rings(self) -> list[PartClass | None]:
        return [self.units.ring_class(int(r)) for r in self.units.ring_order]

    def ring_fits_forced(self, ring: PartClass | None) -> bool:
        if not self.forced:
            return True
        return bool(self._fits_forced.get(-1 if ring is None else ring.index, False))

    @cached_property
    def _forced_indices(self) -> np.ndarray:
        return np.array(sorted({c.index for c in self.forced_class.values()}), dtype=np.int64)

    @cached_property
    def _fits_forced(self) -> dict[int, bool]:
        """Ring index → whether every forced charm hangs on it (units are distinct pairs)."""
        hits = np.isin(self.units.charm, self._forced_indices)
        per_ring = np.bincount(self.units.ring[hits] + 1, minlength=1)
        need = len(self._forced_indices)
        return {int(r): bool(r + 1 < len(per_ring) and per_ring[r + 1] == need) for r in self.units.ring_order}

    def _fits_forced_per_unit(self, ring: np.ndarray) -> np.ndarray:
        """Per unit (`ring`: each unit's ring index): its ring carries every forced charm."""
        if not self.forced:
            return np.ones(len(ring), dtype=bool)
        good = np.array([r for r, ok in self._fits_forced.items() if ok], dtype=np.int64)
        return np.isin(ring, good)

    @cached_property
    def forced_weight(self) -> int:
        return sum(centigrams(m.part.weight_g) for m in self.forced)

    @cached_property
    def _forced_price(self) -> int:
        return sum(m.cost for m in self.forced)

    def forced_cost(self, ring: PartClass | None, labour: int, extra: int = 0) -> float:
        """Forced charms (plus `extra` more) on `ring`: charms + a ring and a joint each."""
        n = len(self.forced) + extra
        ring_cost = ring.min_cost if ring is not None else 0
        return self._forced_price + n * (ring_cost + labour)

    def best_forced(self, labour: int) -> tuple[float, PartClass | None]:
        if not self.forced_ok:
            return INF, None
        best: tuple[float, PartClass | None] = (INF, None)
        for ring in self.rings:
            if self.ring_fits_forced(ring):
                cost = self.forced_cost(ring, labour)
                if cost < best[0]:
                    best = (cost, ring)
        return best

    def addable(self, charm: np.ndarray, charm_cost: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Per unit (`charm`, `charm_cost`: each unit's charm class and its cheapest member's
        price): the cheapest member of its class that is not already forced (INF when none is
        left), and whether there is one."""
        price = charm_cost.astype(float)
        if self.forced:
            skus = {m.sku for m in self.forced}
            for cls in {c.index: c for c in self.forced_class.values()}.values():
                cheapest = next((m.cost for m in cls.members if m.sku not in skus), None)
                price[charm == cls.index] = INF if cheapest is None else cheapest
        return price, np.isfinite(price)

    def unit_table(self, labour: int) -> UnitTable | None:
        """Arrays over the units that can join the forced charms: what adding one costs. Kept
        with the state (shared by every hub and request that shares the state): each walk after
        a pick used to remake it per hub, ~1 ms each, about as much memory as the units."""
        tables: dict[int, UnitTable | None] = self.__dict__.setdefault("_unit_tables", {})
        if labour not in tables:
            tables[labour] = self._unit_table(labour)
        return tables[labour]

    def _unit_table(self, labour: int) -> UnitTable | None:
        # The units' arrays are gathered from the shared geometry on each read: read each once.
        units = self.units
        at = units.positions
        charm, ring = units.geometry.charm[at], units.geometry.ring[at]
        charm_cost = units.charms.min_cost[charm]
        price, left = self.addable(charm, charm_cost)
        keep = left & self._fits_forced_per_unit(ring)
        if not keep.any():
            return None
        charm, ring, charm_cost, price = charm[keep], ring[keep], charm_cost[keep], price[keep]
        ring_cost = units.rings.min_cost[ring] if units.rings is not None else np.zeros(len(ring), dtype=np.int64)
        n = len(self.forced) + 1
        slot_cost = self._forced_price + n * (ring_cost + labour) + price
        return UnitTable(charm, ring, units.geometry.weight[at[keep]], slot_cost, price - charm_cost)

    def needs_one(self) -> bool:
        return not self.forced and self.min_count >= 1

    @cached_property
    def impossible(self) -> bool:
        """No fill of the slot exists in this hub: a picked charm it cannot carry (or one the
        request ruled out), more picked charms than the slot holds, no ring that carries them
        all, or a charm it needs and none it admits."""
        if not self.forced_ok or len(self.forced) > self.max_count:
            return True
        if self.forced:
            return not any(self.ring_fits_forced(ring) for ring in self.rings)
        return self.needs_one() and not len(self.units)


def charms_impossible(states: list[SlotState], capacity: int) -> bool:
    """No charms fit the hub whatever its ends: some slot has no fill, or the picked charms and
    one for each slot that needs one are more than the chain holds. Then its charm plan costs
    INF and its charm ways are 0, so a walk or a count skips the hub before building its ends
    (over a shopper's clicks at 10^4, half the groups a walk met were these)."""
    return any(s.impossible for s in states) or sum(len(s.forced) + s.needs_one() for s in states) > capacity


def slot_states(hub: Hub) -> list[SlotState]:
    """Each charm slot's state in the hub, found once per hub object (a hub lives in one space;
    a walk asks for its group's states twice: `charms_impossible`, then the plan)."""
    found: list[SlotState] | None = hub.__dict__.get("_charm_states")
    if found is None:
        found = hub.__dict__["_charm_states"] = _slot_states_of(hub)
    return found


def _slot_states_of(hub: Hub) -> list[SlotState]:
    return [hub._memo(("state", name, id(units), hub.holds(hub.space.ring_of.get(name))),
                      lambda n=name, u=units: _slot_state(hub, n, u), (name, hub.space.ring_of.get(name)))
            for name in hub.charm_slots() for units in (hub.units(name),)]


def _slot_state(hub: Hub, name: str, units: UnitSet) -> SlotState:
    space = hub.space
    slot = space.slot(name)
    pick = space.request.pick(name)
    ring_slot = space.ring_of.get(name)
    min_count = slot.min_count
    if ring_slot and (space.forced_present(ring_slot) or hub.holds(ring_slot)):
        min_count = max(min_count, 1)  # a picked (or lifted) ring needs a charm to carry
    forced = space.forced.get(name, ())
    by_sku = space.member_index(name)
    forced_class = {m.sku: by_sku[m.sku][0] for m in forced if m.sku in by_sku}
    wanted = np.array([c.index for c in forced_class.values()], dtype=np.int64)
    ok = len(forced_class) == len(forced) and bool(np.isin(wanted, units.charm).all())  # each has a unit
    if pick and pick.skus and len(forced) < len(pick.skus):
        ok = False
    return SlotState(name, min_count, slot.max_count, bool(pick and pick.exact), units, forced, forced_class, ok)


@dataclass
class CharmPlan:
    """Everything the hub needs about its charms for cheapest completions."""

    states: list[SlotState]
    forced_cost: float
    forced_weight: int
    forced_count: int
    free_fronts: dict[str, Front]  # slots that must add one charm: (weight, cost) fronts
    capacity: int
    # With counting rules or charm × charm tables (solver.charm_rules): which signatures pass
    # under this hub, the forced charms' signature, and each free slot's front per charm type.
    rules: CharmRules | None = None
    valid: np.ndarray | None = None
    start: int = 0
    typed: dict[str, dict[int, Front]] = field(default_factory=dict)
    extra: int = 0  # optional charms at_least rules may need (solver.charm_extras); 0: none
    labour: int = 0

    def best(self, limit: int, skip: str | None = None) -> tuple[float, tuple[Unit, ...]]:
        """Cheapest charms within `limit` centigrams, optionally leaving out slot `skip`'s free pick."""
        memo = self.__dict__.setdefault("_best_memo", {})
        if (limit, skip) not in memo:
            memo[limit, skip] = self._best(limit, skip)
        found: tuple[float, tuple[Unit, ...]] = memo[limit, skip]
        return found

    def best_under(self, limits: np.ndarray) -> tuple[list[tuple[float, tuple[Unit, ...]]], np.ndarray]:
        """`best` under each limit, and their costs as an array: kept per distinct limits, which
        many pair tables share (solver.end_pairs.EndPairs.values)."""
        memo = self.__dict__.setdefault("_under_memo", {})
        key = limits.tobytes()
        found = memo.get(key)
        if found is None:
            best = [self.best(limit) for limit in limits.tolist()]
            found = memo.setdefault(key, (best, np.array([c for c, _ in best], dtype=float)))
        return found  # type: ignore[no-any-return]

    def _best(self, limit: int, skip: str | None) -> tuple[float, tuple[Unit, ...]]:
        count = self.forced_count + sum(1 for name in self.free_fronts if name != skip)
        if count > self.capacity:
            return INF, ()
        if self.extra:
            assert skip is None
            return extras.plan_cheapest(self, limit)
        room = limit - self.forced_weight
        if self.rules is not None:
            assert self.valid is not None
            fronts = sig.signature_fronts(self.rules, self.start, self.typed, room, skip)
            cost, units = sig.cheapest_valid(fronts, self.valid, room)
            return cost + self.forced_cost, units
        front: Front = [(0, 0.0, ())]
        for name, slot_front in self.free_fronts.items():
            if name != skip:
                front = combine(front, slot_front, room)
        cost, units = cheapest(front, room)
        return cost + self.forced_cost, units


def charm_plan(hub: Hub) -> CharmPlan:
    states = slot_states(hub)
    context = charm_context(hub)
    key = ("plan", tuple(id(s) for s in states), hub.capacity, context and context[0])
    return hub._memo(key, lambda: _charm_plan(hub, states, context), hub.charm_slots_with_rings())  # type: ignore[no-any-return]


def charm_context(hub: Hub) -> tuple[tuple[Any, ...], CharmRules, np.ndarray] | None:
    """The hub's charm rules, if any: (key of its anchor values, the rules, the valid signatures)."""
    rules = charm_rules(hub.space)
    if rules is None:
        return None
    key, sides = hub_context(rules, hub._sides)
    return key, rules, rules.valid(key, sides)


def _charm_plan(hub: Hub, states: list[SlotState],
                context: tuple[tuple[Any, ...], CharmRules, np.ndarray] | None = None) -> CharmPlan:
    forced_cost = 0.0
    weight = 0
    count = 0
    fronts: dict[str, Front] = {}
    for state in states:
        if not state.forced_ok:
            forced_cost = INF  # a picked charm this hub cannot carry (or one the request ruled out)
        if state.forced:
            cost, _ = state.best_forced(hub.labour)
            forced_cost += cost
            weight += state.forced_weight
            count += len(state.forced)
            if len(state.forced) > state.max_count:
                forced_cost = INF
        elif state.needs_one():
            fronts[state.name] = state.units.pareto()
            if not fronts[state.name]:
                forced_cost = INF
    plan = CharmPlan(states, forced_cost, weight, count, fronts, hub.capacity)
    if context is not None:
        _, rules, valid = context
        plan.rules, plan.valid = rules, valid
        plan.extra, plan.labour = extras.extra_charms(rules), hub.labour
        start = rules.empty
        for state in states:
            own = sig.forced_signature(rules, state)
            start = int(rules.join(own)[start]) if own >= 0 and start >= 0 else -1
        plan.start = start
        plan.typed = {name: sig.typed_front(state.units, sig.slot_types(rules, name, state.units.charm))
                      for state in states for name in (state.name,) if name in fronts}
    return plan
