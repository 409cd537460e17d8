"""Cheapest completions within one hub: the hub's best total, every candidate's best total
(its marginal), and the argmin choices to rebuild an example assembly."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from catalog.types import SlotKind
from solver.charms import CharmPlan, Front, charm_plan, combine
from solver.hub import INF, EndOption, Hub, Unit
from solver.space import PartClass

# slot -> class index -> (best total, how many of that part the best piece uses)
Marginals = dict[str, dict[int, tuple[float, int]]]


@dataclass
class HubResult:
    total: float
    marginals: Marginals = field(default_factory=dict)
    clasp: EndOption | None = None
    extender: EndOption | None = None
    charms: tuple[Unit, ...] = ()
    charm_rings: dict[str, PartClass | None] = field(default_factory=dict)

    def offer(self, slot: str, index: int, total: float, uses: int = 1) -> None:
        known = self.marginals.setdefault(slot, {})
        if total < known.get(index, (INF, 0))[0]:
            known[index] = (total, uses)


def option_costs(hub: Hub) -> tuple[int, dict[str, int]]:
    """Cheapest values of the option slots: their sum, and each slot's cheapest price."""
    cheapest: dict[str, int] = {}
    for name, values in hub.space.option_values.items():
        if name in hub.options:
            cheapest[name] = next((p for c, p in values if c == hub.options[name]), 0)
        elif not hub.space.option_required(name):
            cheapest[name] = 0  # an optional option is cheapest left out
        elif values:
            cheapest[name] = min(p for _, p in values)
    return sum(cheapest.values()), cheapest


def solve_hub(hub: Hub, collect: bool) -> HubResult:
    if not hub.valid():
        return HubResult(INF)
    space = hub.space
    options_total, cheapest_option = option_costs(hub)
    for name, values in space.option_values.items():
        if not values and space.option_required(name):
            return HubResult(INF)
    plating = hub.mode.plating
    base = hub.chain.min_cost + (plating.min_cost if plating else 0) + options_total
    clasps = hub.end_options(SlotKind.CLASP)
    extenders = hub.end_options(SlotKind.EXTENDER)
    cost = np.full((len(clasps), len(extenders)), INF)
    for i, clasp in enumerate(clasps):
        for j, extender in enumerate(extenders):
            if hub.end_pair_ok(clasp, extender):
                cost[i, j] = clasp.cost + extender.cost
    plan = charm_plan(hub)
    limits = [hub.clasp_limit(c) for c in clasps]
    charm_best = [plan.best(limit) for limit in limits]
    rows = cost.min(axis=1) if len(extenders) else np.full(len(clasps), INF)
    with_charms = rows + np.array([c for c, _ in charm_best]) if len(clasps) else np.array([])
    if not len(with_charms) or not np.isfinite(with_charms.min()):
        return HubResult(INF)
    i_best = int(np.argmin(with_charms))
    j_best = int(np.argmin(cost[i_best]))
    total = base + float(with_charms[i_best])
    result = HubResult(total, {}, clasps[i_best], extenders[j_best], charm_best[i_best][1],
                       _charm_rings(plan, charm_best[i_best][1], hub.labour))
    if not collect:
        return result

    result.offer(space.style.carrier.name, hub.chain.index, total)
    for slot in space.slots_of(SlotKind.PLATING):
        if plating is not None:
            result.offer(slot.name, plating.index, total)
    for name, values in space.option_values.items():
        for index, (code, price) in enumerate(values):
            if name in hub.ruled and hub.options.get(name) != code:
                continue
            result.offer(name, index, total - cheapest_option.get(name, 0) + price)
    g = np.array([c for c, _ in charm_best])
    _end_marginals(result, hub, SlotKind.CLASP, clasps, (cost + g[:, None]).min(axis=1) + base)
    _end_marginals(result, hub, SlotKind.EXTENDER, extenders, (cost + g[:, None]).min(axis=0) + base)
    _charm_marginals(result, hub, plan, rows, limits, base)
    return result


def _end_marginals(result: HubResult, hub: Hub, kind: SlotKind, ends: list[EndOption],
                   best: np.ndarray) -> None:
    slots = hub.space.slots_of(kind)
    if not slots:
        return
    slot = slots[0].name
    ring_slot = hub.space.ring_of.get(slot)
    for end, total in zip(ends, best, strict=True):
        if end.part is None or not np.isfinite(total):
            continue
        result.offer(slot, end.part.index, float(total))
        if ring_slot:
            cheapest_ring = min(r.min_cost for r in end.rings)
            for ring in end.rings:
                result.offer(ring_slot, ring.index, float(total) - cheapest_ring + ring.min_cost)


def _charm_rings(plan: CharmPlan, units: tuple[Unit, ...], labour: int) -> dict[str, PartClass | None]:
    """The ring each charm slot uses in the cheapest piece."""
    out: dict[str, PartClass | None] = {}
    for state in plan.states:
        if state.forced:
            out[state.name] = state.best_forced(labour)[1]
        for unit in units:
            if unit.slot == state.name:
                out[state.name] = unit.ring
    return out


def _others_front(plan: CharmPlan, skip: str, room: int) -> Front:
    front: Front = [(0, 0.0, ())]
    for name, slot_front in plan.free_fronts.items():
        if name != skip:
            front = combine(front, slot_front, room)
    return front


def _charm_marginals(result: HubResult, hub: Hub, plan: CharmPlan, rows: np.ndarray,
                     limits: list[int], base: float) -> None:
    """Best total with one more charm in a slot, or with a given ring in its ring slot."""
    # The ends only matter through their load limit: keep the cheapest row per limit.
    by_limit: dict[int, float] = {}
    for row, limit in zip(rows, limits, strict=True):
        if np.isfinite(row):
            by_limit[limit] = min(by_limit.get(limit, INF), float(row))
    if not by_limit:
        return
    top = max(by_limit)
    for state in plan.states:
        ring_slot = hub.space.ring_of.get(state.name)
        own_cost, _ = state.best_forced(hub.labour) if state.forced else (0.0, None)
        others_forced = plan.forced_cost - own_cost
        count_after = plan.forced_count + 1 + sum(1 for n in plan.free_fronts if n != state.name)
        front = _others_front(plan, state.name, top)
        ws = np.array([w for w, _, _ in front], dtype=np.int64)
        cs = np.array([c for _, c, _ in front])

        def others(room: np.ndarray) -> np.ndarray:
            idx = np.searchsorted(ws, room, side="right") - 1
            out = np.where(idx >= 0, cs[np.clip(idx, 0, None)], INF)
            return np.where(room >= 0, out, INF)

        fixed_weight = plan.forced_weight

        def best_over_limits(weights: np.ndarray) -> np.ndarray:
            best = np.full(weights.shape, INF)
            for limit, row in by_limit.items():
                best = np.minimum(best, row + others(limit - fixed_weight - weights))
            return best

        # Keep the forced charms, on a given ring, adding nothing.
        if state.forced and ring_slot:
            for ring in state.rings:
                if ring is not None and state.ring_fits_forced(ring):
                    extra = best_over_limits(np.zeros(1, dtype=np.int64))[0]
                    total = base + others_forced + state.forced_cost(ring, hub.labour) + extra
                    if np.isfinite(total):
                        result.offer(ring_slot, ring.index, float(total), len(state.forced))
        if state.exact or len(state.forced) + 1 > state.max_count or count_after > plan.capacity:
            continue
        if not state.forced_ok:
            continue
        forced_skus = {m.sku for m in state.forced}
        units = [u for u in state.units if state.ring_fits_forced(u.ring)
                 and any(m.sku not in forced_skus for m in u.charm.members)]
        if not units:
            continue
        weights = np.array([u.weight for u in units], dtype=np.int64)
        slot_cost = np.array([state.forced_cost(u.ring, hub.labour, extra=1) + _addable_cost(u, forced_skus)
                              for u in units])
        totals = base + others_forced + slot_cost + best_over_limits(weights)
        for unit, total in zip(units, totals, strict=True):
            if not np.isfinite(total):
                continue
            cheapest = unit.charm.min_cost
            addable = _addable_cost(unit, forced_skus)
            result.offer(state.name, unit.charm.index, float(total) - addable + cheapest)
            if ring_slot and unit.ring is not None:
                result.offer(ring_slot, unit.ring.index, float(total), len(state.forced) + 1)


def _addable_cost(unit: Unit, forced: set[str]) -> int:
    return next(m.cost for m in unit.charm.members if m.sku not in forced)
