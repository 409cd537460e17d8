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

import itertools
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

import numpy as np

from solver.charm_rules import CharmRules
from solver.charm_signatures import Front, forced_signature, pareto
from solver.deadline import Cut, tick
from solver.hub import INF
from solver.space import PartClass
from solver.units import Unit

Fills = dict[tuple[int, int], Front]  # (signature, charms in the slots) -> (weight, cost, charms added)

MAX_POINTS = 1 << 18  # front points one fill or combination may hold
NO_LIMIT = 10**12  # fills are kept whatever they weigh: a load limit reads them by weight
T = TypeVar("T")


def extra_charms(rules: CharmRules) -> int:
    """How many optional charms a cheapest piece may need beyond the slots' minimums."""
    return sum(int(r.count or 0) for r in rules.rules if r.counts and r.mode == "at_least")


def wanted(rules: CharmRules) -> set[int]:
    """The charm types some at_least rule counts: the only ones a cheapest piece adds beyond a
    slot's minimum (multi slots require at most one charm, so that minimum is one charm of any)."""
    counting = [r for r in rules.rules if r.counts]
    rows = [i for i, r in enumerate(counting) if r.mode == "at_least"]
    return {t for i in rows for t in np.flatnonzero(rules.matches[i]).tolist()}


def _memo(owner: Any, key: Any, make: Callable[[], T]) -> T:
    """Kept on the slot state (shared by every hub of a base) or on the charm plan (one context)."""
    store: dict[Any, Any] = owner.__dict__.setdefault("_extras_memo", {})
    if key not in store:
        store[key] = make()
    found: T = store[key]
    return found


@dataclass(frozen=True)
class _Group:
    """Alike charms on one ring: one type and weight, cheapest first (each with ring and joint)."""

    type: int
    weight: int
    costs: list[int]
    units: list[Unit]
    skus: list[str]


def _groups(state: Any, rules: CharmRules, labour: int, ring: PartClass | None, most: int) -> list[_Group]:
    def make() -> list[_Group]:
        units = state.units
        at = -1 if ring is None else ring.index
        taken = {m.sku for m in state.forced}
        ring_cost = ring.min_cost if ring is not None else 0
        types = rules.type_of[state.name]
        found: dict[tuple[int, int], list[tuple[int, str, Unit]]] = {}
        for cls, weight in _on_ring(units, at):
            items = found.setdefault((int(types[cls.index]), weight), [])
            for member in [m for m in cls.members if m.sku not in taken][:most]:
                cost = member.cost + ring_cost + labour
                items.append((cost, member.sku, Unit(state.name, cls, ring, cost, weight)))
        out = []
        for (t, weight), items in found.items():
            if not items:
                continue  # every member forced already
            kept = sorted(items, key=lambda item: item[0])[:most]
            out.append(_Group(t, weight, [c for c, _, _ in kept], [u for _, _, u in kept], [k for _, k, _ in kept]))
        return out

    return _memo(state, ("groups", id(rules), labour, -1 if ring is None else ring.index, most), make)


def _on_ring(units: Any, at: int) -> list[tuple[PartClass, int]]:
    """The charm classes the slot hangs on ring index `at` (-1: directly), with their weights."""
    here = np.flatnonzero(units.ring == at)  # the unit arrays are made per read: read each once
    charms, weights = units.charm[here].tolist(), units.weight[here].tolist()
    return [(units.charm_class(int(c)), int(w)) for c, w in zip(charms, weights, strict=True)]


def _bounded(fills: Fills) -> Fills:
    if sum(len(f) for f in fills.values()) > MAX_POINTS:
        raise Cut  # too many fronts to keep: the answer says incomplete
    return fills


def _grow(fills: Fills, groups: list[_Group], rules: CharmRules, most: int) -> Fills:
    """Add up to `most` charms (counted in the key) from the groups, the j cheapest of each."""
    for group in groups:
        tick()
        prefix = [0, *itertools.accumulate(group.costs)]  # short lists: plain Python is quicker
        grown: Fills = {key: list(front) for key, front in fills.items()}
        for (s, n), front in fills.items():
            for j in range(1, min(len(group.costs), most - n) + 1):
                target = int(rules.plus(group.type, j)[s])
                if target < 0:
                    continue
                units = tuple(group.units[:j])
                weight = j * group.weight
                grown.setdefault((target, n + j), []).extend(
                    (w + weight, c + prefix[j], u + units) for w, c, u in front)
        fills = _bounded({key: pareto(front) for key, front in grown.items()})
    return fills


def _shift(fills: Fills, t: int, weight: int, cost: int, unit: Unit, rules: CharmRules) -> Fills:
    """One given charm more in every fill."""
    out: Fills = {}
    after = rules.plus(t)
    for (s, n), front in fills.items():
        if after[s] >= 0:
            out[int(after[s]), n + 1] = [(w + weight, c + cost, (*u, unit)) for w, c, u in front]
    return out


def _rings(state: Any, ring: int | None = None) -> list[PartClass | None]:
    """The ring types that carry the slot's forced charms (`ring`: that one only)."""
    if not state.forced_ok or len(state.forced) > state.max_count:
        return []
    return [r for r in state.rings if state.ring_fits_forced(r) and ring in (None, -1 if r is None else r.index)]


def _start(state: Any, ring: PartClass | None, labour: int, s0: int) -> Fills:
    return {(s0, 0): [(state.forced_weight, state.forced_cost(ring, labour), ())]}


def _most(state: Any, extra: int, first: bool) -> int:
    """Charms a cheapest piece may add to the slot (one given charm more with `first`)."""
    need = max(state.min_count - len(state.forced), 0)
    return int(min(state.max_count - len(state.forced), need + extra + int(first)))


def slot_fills(state: Any, rules: CharmRules, labour: int, extra: int, ring: int | None = None) -> Fills:
    """The slot's fills (`ring`: on that ring class only, -1: mounted directly; never empty)."""
    def make() -> Fills:
        out: Fills = {}
        if not state.forced and state.min_count == 0 and ring is None:
            out[rules.empty, 0] = [(0, 0.0, ())]
        n0, s0 = len(state.forced), forced_signature(rules, state)
        if s0 < 0:
            return out
        need = max(state.min_count - n0, 0)
        most = 0 if state.exact else _most(state, extra, False)
        counted = wanted(rules)
        for ring_class in _rings(state, ring):
            groups = [] if state.exact else _groups(state, rules, labour, ring_class, most)
            # Charms no at_least rule counts only make up the slot's minimum.
            plain = _grow(_start(state, ring_class, labour, s0), [g for g in groups if g.type not in counted],
                          rules, need)
            grown = _grow(plain, [g for g in groups if g.type in counted], rules, most)
            for (s, n), front in grown.items():
                if n >= need and n0 + n > 0:
                    out.setdefault((s, n0 + n), []).extend(front)
        return _bounded({key: pareto(front) for key, front in out.items()})

    return _memo(state, ("fills", id(rules), labour, extra, ring), make)


@dataclass(frozen=True)
class Candidates:
    """Fills of a slot with one given charm added, shared by the members they stand for:
    member sku -> [(position in `fills`, its cost on top)], and its class index."""

    fills: list[Fills]
    members: dict[str, list[tuple[int, int]]]
    classes: dict[str, PartClass]


def candidates(state: Any, rules: CharmRules, labour: int, extra: int) -> Candidates:
    """Per ring and group of alike charms: the fills without that group, the given charm added,
    then the group again without it (one search per kept member, one for all the others)."""
    def make() -> Candidates:
        found = Candidates([], {}, {})
        n0, s0 = len(state.forced), forced_signature(rules, state)
        if state.exact or s0 < 0 or n0 + 1 > state.max_count:
            return found
        most = _most(state, extra, True)
        taken = {m.sku for m in state.forced}
        types = rules.type_of[state.name]
        counted = wanted(rules)
        for ring_class in _rings(state):
            groups = _groups(state, rules, labour, ring_class, most)
            ring_cost = ring_class.min_cost if ring_class is not None else 0
            start = _start(state, ring_class, labour, s0)
            ruled = [g for g in groups if g.type in counted]
            alike: dict[tuple[int, int], list[PartClass]] = {}
            for cls, weight in _on_ring(state.units, -1 if ring_class is None else ring_class.index):
                alike.setdefault((int(types[cls.index]), weight), []).append(cls)
            # With the given charm the slot's minimum is met: the rest are charms at_least counts.
            common = _grow(start, ruled, rules, most - 1)
            for group in groups:
                outside = len(found.fills)
                if group.type not in counted:
                    found.fills.append(_shift(common, group.type, group.weight, 0, group.units[0], rules))
                    kept: set[str] = set()
                else:
                    rest = _grow(start, [g for g in ruled if g is not group], rules, most - 1)
                    found.fills.append(_grow(_shift(rest, group.type, group.weight, 0, group.units[0], rules),
                                             [group], rules, most))
                    kept = set(group.skus)
                    for p, sku in enumerate(group.skus):
                        left = _Group(group.type, group.weight, group.costs[:p] + group.costs[p + 1:],
                                      group.units[:p] + group.units[p + 1:], group.skus[:p] + group.skus[p + 1:])
                        shifted = _shift(rest, group.type, group.weight, group.costs[p], group.units[p], rules)
                        found.members.setdefault(sku, []).append((len(found.fills), 0))
                        found.fills.append(_grow(shifted, [left], rules, most))
                for cls in alike.get((group.type, group.weight), []):
                    for member in cls.members:
                        found.classes[member.sku] = cls
                        if member.sku not in taken and member.sku not in kept:
                            found.members.setdefault(member.sku, []).append(
                                (outside, member.cost + ring_cost + labour))
        found.fills[:] = [{(s, n0 + n): f for (s, n), f in fills.items()} for fills in found.fills]
        return found

    return _memo(state, ("candidates", id(rules), labour, extra), make)


def combine(a: Fills, b: Fills, rules: CharmRules, capacity: int) -> Fills:
    """Two groups of slots together: signatures join, charms and weights add."""
    out: Fills = {}
    for (sb, nb), front_b in b.items():
        tick()
        joined = rules.join(sb)
        for (sa, na), front_a in a.items():
            target = int(joined[sa])
            if target >= 0 and na + nb <= capacity:
                out.setdefault((target, na + nb), []).extend(
                    (wa + wb, ca + cb, ua + ub) for wa, ca, ua in front_a for wb, cb, ub in front_b)
    return _bounded({key: pareto(front) for key, front in out.items()})


def all_fills(states: list[Any], rules: CharmRules, labour: int, extra: int, capacity: int,
              skip: str | None = None) -> Fills:
    """Every slot's fills combined (but `skip`'s)."""
    total: Fills = {(rules.empty, 0): [(0, 0.0, ())]}
    for state in states:
        if state.name != skip:
            total = combine(total, slot_fills(state, rules, labour, extra), rules, capacity)
    return total


def valid_front(fills: Fills, valid: np.ndarray) -> Front:
    """The pieces whose signature passes, as one (weight, cost) front."""
    return pareto([p for (s, _), front in fills.items() if valid[s] for p in front])


def cheapest(front: Front, limit: float) -> tuple[float, tuple[Unit, ...]]:
    """The cheapest point of a front within `limit` centigrams."""
    best: tuple[float, tuple[Unit, ...]] = (INF, ())
    for weight, cost, units in front:
        if weight <= limit and cost < best[0]:
            best = (cost, units)
    return best


def plan_cheapest(plan: Any, limit: int) -> tuple[float, tuple[Unit, ...]]:
    """A charm plan's cheapest valid charms within `limit` centigrams (its forced ones included)."""
    front = _memo(plan, "front", lambda: valid_front(all_fills(plan.states, plan.rules, plan.labour, plan.extra,
                                                               plan.capacity), plan.valid))
    return cheapest(front, limit)


class Limits:
    """The ends' cheapest row per load limit: a front's best total over them."""

    def __init__(self, by_limit: dict[int, float]) -> None:
        self.limits = np.array(list(by_limit), dtype=np.int64)
        self.rows = np.array(list(by_limit.values()), dtype=float)

    def best(self, front: Front) -> float:
        if not front:
            return INF
        ws = np.array([w for w, _, _ in front], dtype=np.int64)
        cs = np.array([c for _, c, _ in front], dtype=float)
        at = np.searchsorted(ws, self.limits, side="right") - 1
        ok = at >= 0
        return float((self.rows[ok] + cs[at[ok]]).min()) if ok.any() else INF


@dataclass
class SlotOffers:
    """One slot's exact offers beyond the hub's base: per charm class (its members' best less
    their price above the class's cheapest) and per member; the same for its ring slot."""

    charms: dict[int, float]
    charm_members: dict[str, float]
    rings: dict[int, float]
    ring_members: dict[str, float]


def slot_offers(plan: Any, state: Any, labour: int, limits: Limits) -> SlotOffers:
    """Best totals with each charm added to the slot, and with each ring carrying its charms."""
    rules, valid, capacity, extra = plan.rules, plan.valid, plan.capacity, plan.extra
    others = _memo(plan, ("others", state.name), lambda: all_fills(plan.states, rules, labour, extra, capacity,
                                                                   state.name))
    offers = SlotOffers({}, {}, {}, {})
    found = candidates(state, rules, labour, extra)

    def with_others(key: Any, fills: Fills) -> Front:
        return _memo(plan, key, lambda: valid_front(combine(fills, others, rules, capacity), valid))

    totals = [limits.best(with_others(("candidate", state.name, i), fills)) for i, fills in enumerate(found.fills)]
    for sku, entries in found.members.items():
        total = min(totals[i] + add for i, add in entries)
        _lower(offers.charm_members, sku, total)
        cls = found.classes[sku]
        member_cost = next(m.cost for m in cls.members if m.sku == sku)
        _lower(offers.charms, cls.index, total - (member_cost - cls.min_cost))
    for ring_class in state.rings:
        if ring_class is None:
            continue
        fills = slot_fills(state, rules, labour, extra, ring_class.index)
        for n in sorted({n for _, n in fills}):
            total = limits.best(with_others(("ring", state.name, ring_class.index, n),
                                            {k: f for k, f in fills.items() if k[1] == n}))
            _lower(offers.rings, ring_class.index, total)
            for member in ring_class.members:
                _lower(offers.ring_members, member.sku, total + n * (member.cost - ring_class.min_cost))
    return offers


def _lower(into: dict[Any, float], key: Any, total: float) -> None:
    if total < into.get(key, INF):
        into[key] = total
