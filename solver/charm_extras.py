"""Cheapest completions under "at least N" counting rules: the optional charms a piece must add.

Without at_least rules, taking a charm off never breaks a rule (at_most and tables are closed
under removal), so a cheapest piece adds no optional charm (solver.charms). With them it may have
to. But in a cheapest piece that cannot lose a charm, every charm beyond a slot's forced ones and
its minimum is needed by an at_least rule that holds with none to spare, so there are at most
`extra` (the sum of the at_least counts) of them. Taking charms off is never dearer (prices ≥ 0),
so such a piece exists among the cheapest, and searching the pieces within that bound is exact.

A slot's *fills* are its forced charms plus up to (its minimum's shortfall + `extra`) more, all on
one ring type that carries every one of them, as (weight, cost) fronts per (signature, charms in
the slot); costs and weights are the whole slot's (forced charms, rings and joints included).
Charms of one type, weight and ring differ only in price, so a fill takes the j cheapest of each
such group. Slots combine signature by signature, as charm_signatures.signature_fronts does, and
only the valid signatures are read. Past `MAX_POINTS` front points the work stops with `Cut`: the
answer says incomplete, never runs out of memory.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from solver.charm_rules import CharmRules
from solver.charm_signatures import Front, forced_signature, pareto
from solver.deadline import Cut, tick
from solver.hub import INF
from solver.space import Member, PartClass
from solver.units import Unit

Fills = dict[tuple[int, int], Front]  # (signature, charms in the slots) -> (weight, cost, charms added)

MAX_POINTS = 1 << 18  # front points one fill or combination may hold


def extra_charms(rules: CharmRules) -> int:
    """How many optional charms a cheapest piece may need beyond the slots' minimums."""
    return sum(int(r.count or 0) for r in rules.rules if r.counts and r.mode == "at_least")


@dataclass(frozen=True)
class _Group:
    """Alike charms on one ring: one type and weight, cheapest first."""

    type: int
    weight: int
    costs: list[int]  # each with its ring and joint
    units: list[Unit]


def _groups(state: Any, rules: CharmRules, labour: int, ring: PartClass | None, most: int,
            exclude: str | None) -> list[_Group]:
    units = state.units
    at = -1 if ring is None else ring.index
    taken = {m.sku for m in state.forced} | ({exclude} if exclude else set())
    ring_cost = ring.min_cost if ring is not None else 0
    types = rules.type_of[state.name]
    found: dict[tuple[int, int], list[tuple[int, Unit]]] = {}
    for i in np.flatnonzero(units.ring == at).tolist():
        cls = units.charm_class(int(units.charm[i]))
        weight = int(units.weight[i])
        items = found.setdefault((int(types[cls.index]), weight), [])
        for member in [m for m in cls.members if m.sku not in taken][:most]:
            cost = member.cost + ring_cost + labour
            items.append((cost, Unit(state.name, cls, ring, cost, weight)))
    out = []
    for (t, weight), items in found.items():
        items.sort(key=lambda item: item[0])
        kept = items[:most]
        out.append(_Group(t, weight, [c for c, _ in kept], [u for _, u in kept]))
    return out


def _bounded(fills: Fills) -> Fills:
    if sum(len(f) for f in fills.values()) > MAX_POINTS:
        raise Cut  # too many fronts to keep: the answer says incomplete
    return fills


def _grow(fills: Fills, groups: list[_Group], rules: CharmRules, room: int, most: int) -> Fills:
    """Add up to `most` charms (counted in the key) from the groups, j cheapest of each."""
    for group in groups:
        tick()
        prefix = [0, *np.cumsum(group.costs).tolist()]
        grown: Fills = {key: list(front) for key, front in fills.items()}
        for (s, n), front in fills.items():
            for j in range(1, min(len(group.costs), most - n) + 1):
                target = int(rules.plus(group.type, j)[s])
                weight = j * group.weight
                if target < 0 or weight > room:
                    continue
                units = tuple(group.units[:j])
                points = [(w + weight, c + prefix[j], u + units) for w, c, u in front if w + weight <= room]
                if points:
                    grown.setdefault((target, n + j), []).extend(points)
        fills = _bounded({key: pareto(front) for key, front in grown.items()})
    return fills


def slot_fills(state: Any, rules: CharmRules, labour: int, room: int, extra: int,
               ring: int | None = None, first: tuple[Member, int] | None = None) -> Fills:
    """The slot's fills within `room` centigrams. `ring`: on that ring class only (-1: mounted
    directly). `first`: with this member (of the unit at that position) added, whatever else."""
    out: Fills = {}
    if not state.forced and state.min_count == 0 and first is None and ring is None:
        out[rules.empty, 0] = [(0, 0.0, ())]
    n0 = len(state.forced)
    s0 = forced_signature(rules, state)
    if not state.forced_ok or n0 > state.max_count or s0 < 0:
        return out
    if state.exact:
        if n0 and first is None:
            for ring_class in state.rings:
                at = -1 if ring_class is None else ring_class.index
                if state.ring_fits_forced(ring_class) and ring in (None, at) and state.forced_weight <= room:
                    out.setdefault((s0, n0), []).append((state.forced_weight, state.forced_cost(ring_class, labour), ()))
        return {key: pareto(front) for key, front in out.items()}
    need = max(state.min_count - n0, 0)
    most = min(state.max_count - n0, need + extra + (first is not None))
    units = state.units
    for ring_class in state.rings:
        at = -1 if ring_class is None else ring_class.index
        if not state.ring_fits_forced(ring_class) or ring not in (None, at):
            continue
        start: Fills = {(s0, 0): [(state.forced_weight, state.forced_cost(ring_class, labour), ())]}
        exclude = None
        if first is not None:
            member, i = first
            if int(units.ring[i]) != at:
                continue
            cls = units.charm_class(int(units.charm[i]))
            weight, t = int(units.weight[i]), int(rules.type_of[state.name][cls.index])
            cost = member.cost + (ring_class.min_cost if ring_class is not None else 0) + labour
            target = int(rules.plus(t)[s0])
            if target < 0 or state.forced_weight + weight > room or most < 1:
                continue
            start = {(target, 1): [(state.forced_weight + weight, state.forced_cost(ring_class, labour) + cost,
                                    (Unit(state.name, cls, ring_class, cost, weight),))]}
            exclude = member.sku
        fills = _grow(start, _groups(state, rules, labour, ring_class, most, exclude), rules, room, most)
        for (s, n), front in fills.items():
            if n >= need and n0 + n > 0:
                out.setdefault((s, n0 + n), []).extend(front)
    return _bounded({key: pareto(front) for key, front in out.items()})


def combine(a: Fills, b: Fills, rules: CharmRules, capacity: int, room: int) -> Fills:
    """Two groups of slots together: signatures join, charms and weights add."""
    out: Fills = {}
    for (sb, nb), front_b in b.items():
        tick()
        joined = rules.join(sb)
        for (sa, na), front_a in a.items():
            target = int(joined[sa])
            if target < 0 or na + nb > capacity:
                continue
            points = [(wa + wb, ca + cb, ua + ub) for wa, ca, ua in front_a for wb, cb, ub in front_b
                      if wa + wb <= room]
            if points:
                out.setdefault((target, na + nb), []).extend(points)
    return _bounded({key: pareto(front) for key, front in out.items()})


def all_fills(states: list[Any], rules: CharmRules, labour: int, room: int, extra: int, capacity: int,
              skip: str | None = None) -> Fills:
    """Every slot's fills combined (but `skip`'s)."""
    total: Fills = {(rules.empty, 0): [(0, 0.0, ())]}
    for state in states:
        if state.name != skip:
            total = combine(total, slot_fills(state, rules, labour, room, extra), rules, capacity, room)
    return total


def cheapest(fills: Fills, valid: np.ndarray, limit: int) -> tuple[float, tuple[Unit, ...]]:
    best: tuple[float, tuple[Unit, ...]] = (INF, ())
    for (s, _), front in fills.items():
        if valid[s]:
            for weight, cost, units in front:
                if weight <= limit and cost < best[0]:
                    best = (cost, units)
    return best


class Others:
    """The other slots' fills, searchable by weight: the cheapest with a given slot's fill."""

    def __init__(self, fills: Fills, rules: CharmRules, valid: np.ndarray, capacity: int) -> None:
        self.rules, self.valid, self.capacity = rules, valid, capacity
        self.fronts = [(s, n, np.array([w for w, _, _ in f], dtype=np.int64), np.array([c for _, c, _ in f]))
                       for (s, n), f in fills.items()]

    def best(self, fills: Fills, by_limit: dict[int, float]) -> float:
        """min over load limits of (their row + the cheapest valid piece of `fills` with the others)."""
        best = INF
        for (s, n), front in fills.items():
            weights = np.array([w for w, _, _ in front], dtype=np.int64)
            costs = np.array([c for _, c, _ in front])
            for so, no, ws, cs in self.fronts:
                joined = int(self.rules.join(so)[s])
                if joined < 0 or not self.valid[joined] or n + no > self.capacity:
                    continue
                for limit, row in by_limit.items():
                    at = np.searchsorted(ws, limit - weights, side="right") - 1
                    ok = at >= 0
                    if ok.any():
                        best = min(best, row + float((costs[ok] + cs[at[ok]]).min()))
        return best


@dataclass
class SlotOffers:
    """One slot's exact offers beyond the hub's base: per charm class (its cheapest free member)
    and per member; per ring class (its cheapest member) and per ring member."""

    charms: dict[int, float]
    charm_members: dict[str, float]
    rings: dict[int, float]
    ring_members: dict[str, float]


def slot_offers(state: Any, rules: CharmRules, valid: np.ndarray, labour: int, capacity: int, extra: int,
                others: Others, by_limit: dict[int, float]) -> SlotOffers:
    """Best totals with each charm added to the slot, and with each ring carrying its charms."""
    room = max(by_limit)
    offers = SlotOffers({}, {}, {}, {})
    units = state.units
    if not (state.exact or not state.forced_ok or len(state.forced) + 1 > state.max_count):
        taken = {m.sku for m in state.forced}
        for i in range(len(units)):
            cls = units.charm_class(int(units.charm[i]))
            free = [m for m in cls.members if m.sku not in taken]
            if not free:
                continue
            need = max(state.min_count - len(state.forced), 0)
            most = min(state.max_count - len(state.forced), need + extra + 1)
            # Members past the first `most` leave the same others to choose from: one search
            # for them all, priced by their own cost.
            beyond: float | None = None
            for rank, member in enumerate(free):
                if rank <= most:
                    fills = slot_fills(state, rules, labour, room, extra, int(units.ring[i]), (member, i))
                    total = others.best(fills, by_limit)
                else:
                    if beyond is None:
                        beyond = total - free[most].cost
                    total = beyond + member.cost
                _lower(offers.charm_members, member.sku, total)
                if rank == 0:
                    _lower(offers.charms, cls.index, total - (member.cost - cls.min_cost))
    for ring_class in state.rings:
        if ring_class is None:
            continue
        fills = slot_fills(state, rules, labour, room, extra, ring_class.index)
        for n in sorted({n for _, n in fills}):
            if n == 0:
                continue
            total = others.best({k: f for k, f in fills.items() if k[1] == n}, by_limit)
            _lower(offers.rings, ring_class.index, total)
            for member in ring_class.members:
                _lower(offers.ring_members, member.sku, total + n * (member.cost - ring_class.min_cost))
    return offers


def _lower(into: dict[Any, float], key: Any, total: float) -> None:
    if total < into.get(key, INF):
        into[key] = total
