"""Cheapest completions within one hub: the hub's best total, every candidate's best total
(its marginal), and the argmin choices to rebuild an example assembly.

Marginals are numpy arrays indexed by class, so one hub offers thousands of candidates in a
few vector operations.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

import numpy as np

from catalog.types import SlotKind
from solver import charm_extras as extras
from solver import charm_signatures as sig
from solver.charm_rules import NEUTRAL
from solver.charms import CharmPlan, SlotState, combine
from solver.hub import INF, EndOption, EndTable, Hub, Unit
from solver.hub_groups import EndsAndCharms, Envelopes
from solver.hubnet import network
from solver.rulenet_eval import NetBatch
from solver.space import PartClass, Space

Marginals = dict[str, np.ndarray]  # slot -> best total per class index (per value for options)


@dataclass(frozen=True)
class HubPiece:
    """The parts of a hub's cheapest piece (what solver.example rebuilds it from)."""

    clasp: EndOption | None = None
    extender: EndOption | None = None
    charms: tuple[Unit, ...] = ()
    charm_rings: dict[str, PartClass | None] = field(default_factory=dict)


@dataclass
class HubResult:
    total: float
    marginals: Marginals = field(default_factory=dict)
    # With at_least rules a piece may hold several members of one class (or n charms on one ring),
    # so a member's best total is not its class's plus its price difference: slot -> sku -> total.
    members: dict[str, dict[str, float]] = field(default_factory=dict)
    # The argmin, found when first read: a walk keeps one hub's piece, and finding the first
    # cheapest pair (EndPairs.cheapest's tie-break) for every hub was ~10 % of a walk.
    find_piece: Callable[[], HubPiece] = HubPiece

    @cached_property
    def piece(self) -> HubPiece:
        return self.find_piece()

    def offer(self, hub: Hub, slot: str, index: Any, total: Any) -> None:
        known = self.marginals.get(slot)
        if known is None:
            size = len(hub.space.slot(slot).values) if slot in hub.space.option_values else (
                hub.space.sizes[slot])
            known = self.marginals[slot] = np.full(size, INF)
        if isinstance(index, int):  # one class (the chain, the plating, a hub option): no scatter
            if total < known[index]:
                known[index] = total
            return
        np.minimum.at(known, np.asarray(index, dtype=np.int64), np.asarray(total, dtype=float))


def hub_option_price(space: Space, options: dict[str, str]) -> int:
    """What the values a hub fixes cost (a left-out hub option costs nothing)."""
    if not options:
        return 0
    key = ("option-price", tuple(options.items()))
    found: int | None = space.memo.get(key)
    if found is None:
        found = space.memo.setdefault(key, sum(next((p for c, p in space.option_values[name] if c == code), 0)
                                               for name, code in options.items()))
    return found


def hub_fixed_cost(hub: Hub) -> int:
    """What the hub itself fixes: its chain class's and plating's cheapest members and its
    hub options' values."""
    plating = hub.mode.plating
    return hub.chain.min_cost + (plating.min_cost if plating else 0) + hub_option_price(hub.space, hub.options)


def offer_network(marginals: Marginals, free: Marginals, space: Space, seen: Envelopes) -> None:
    """The network options' offers the walk kept (solver.sweep): one per (context, option value), made
    per batch of contexts in one pass (`NetBatch.offers`). `free` gets each picked network
    slot's offers as if it were not picked (what switching gives)."""
    picked = [name for name in network(space).index if (pick := space.request.pick(name)) and pick.option]
    bases: dict[int, tuple[NetBatch, np.ndarray]] = {}
    for key, kept in seen.items():
        if isinstance(key, tuple) and key[0] == "network":
            base, answer = kept
            batch = answer.batch
            _, lowest = bases.setdefault(id(batch), (batch, np.full(batch.size, INF)))
            lowest[answer.context] = min(lowest[answer.context], base)
    for batch, lowest in bases.values():
        for name, totals in batch.offers(lowest).items():
            _minimum(marginals, name, totals)
        for name in picked:
            _minimum(free, name, batch.free_offers(name, lowest))


def _minimum(into: Marginals, slot: str, totals: np.ndarray) -> None:
    known = into.get(slot)
    if known is None:
        into[slot] = totals.copy()
    else:
        np.minimum(known, totals, out=known)


def option_index(space: Space, name: str, code: str) -> int:
    """Where a value's offer goes: marginals index the style's full list of the slot's values."""
    return [v.code for v in space.slot(name).values].index(code)


def group_offers(result: HubResult, hub: Hub, group: EndsAndCharms, base: float, seen: Envelopes,
                 only: str | None = None) -> None:
    """The ends' and charms' offers of a hub of the group whose total without them is `base`:
    each is base + a term the group fixes, so a hub whose base is no lower than an earlier one's
    with the same terms offers nothing new (and is skipped here)."""
    pairs, plan, charm_cost = group.pairs, group.plan, group.charm_cost
    # The end tables too: tables of equal costs and limits share a pair table, not their rings.
    ends_key = ("ends", id(group.clasps), id(group.extenders), id(pairs), id(plan), hub.chain_load)
    ends = hub.end_slots(SlotKind.CLASP) + hub.end_slots(SlotKind.EXTENDER)
    if (only is None or only in ends) and base < seen.get(ends_key, INF):
        seen[ends_key] = base
        _end_marginals(result, hub, SlotKind.CLASP, group.clasps, pairs.rows(charm_cost) + base)
        _end_marginals(result, hub, SlotKind.EXTENDER, group.extenders, pairs.cols(charm_cost) + base)
    if only is not None and only not in hub.charm_slots_with_rings():
        return
    # The charms see the ends only through the cheapest pair per load limit.
    # A hub whose base is no lower than an earlier one's with the same plan and pairs can lower
    # no limit of the plan's envelope: skip the per-limit pass.
    charms_base = ("charm-base", id(plan), id(pairs))
    if base < seen.get(charms_base, INF):
        seen[charms_base] = base
        _charm_marginals(result, hub, plan, *pairs.finite_limits, base, seen)


def piece_finder(hub: Hub, group: EndsAndCharms) -> Callable[[], HubPiece]:
    """How to find the hub's cheapest piece when it is first read (HubResult.piece)."""

    def find_piece() -> HubPiece:
        _, i_best, j_best, at_best = group.pairs.cheapest(group.charm_cost)
        chosen = group.charm_best[at_best][1]
        return HubPiece(group.clasps[i_best], group.extenders[j_best], chosen,
                        _charm_rings(group.plan, chosen, hub.labour))

    return find_piece


def _end_marginals(result: HubResult, hub: Hub, kind: SlotKind, ends: EndTable,
                   best: np.ndarray) -> None:
    slots = hub.space.slots_of(kind)
    if not slots:
        return
    slot = slots[0].name
    arrays = ends.offers
    totals = best[arrays.present]
    if not len(totals):
        return
    result.offer(hub, slot, arrays.part_index, totals)
    ring_slot = hub.space.ring_of.get(slot)
    if ring_slot and len(arrays.ring_index):
        result.offer(hub, ring_slot, arrays.ring_index, totals[arrays.ring_owner] + arrays.ring_extra)


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


def _charm_marginals(result: HubResult, hub: Hub, plan: CharmPlan, limits: list[int], rows: list[float],
                     base: float, seen: Envelopes) -> None:
    """Best total with one more charm in a slot, or with a given ring in its ring slot."""
    # The ends matter to the charms only through their load limit: the cheapest row per limit
    # (`limits` are distinct, `rows` finite). Every offer below is (base + row at a limit) + a
    # term fixed by the plan and the limit. A limit where an earlier hub with the same plan had
    # a lower base + row offers nothing new.
    envelope = seen.setdefault(id(plan), {})
    by_limit: dict[int, float] = {}
    for limit, row in zip(limits, rows, strict=True):
        if base + row < envelope.get(limit, INF):
            envelope[limit] = base + row
            by_limit[limit] = row
    if not by_limit:
        return
    top = max(by_limit)
    limit_values = np.array(sorted(by_limit), dtype=np.int64)
    # suffix[i]: the cheapest row among limits ≥ limit_values[i].
    suffix = np.minimum.accumulate(np.array([by_limit[v] for v in limit_values.tolist()])[::-1])[::-1]
    if plan.extra:
        _extra_marginals(result, hub, plan, by_limit, base)
        return
    for state in plan.states:
        own_cost = state.best_forced(hub.labour)[0] if state.forced else 0.0
        others_forced = plan.forced_cost - own_cost
        fronts = _other_slots(plan, state.name, top)

        def best_over_limits(weights: np.ndarray, t: int = NEUTRAL, fronts: Any = fronts) -> np.ndarray:
            ws, cs = fronts(t)
            return _best_over_limits(weights, ws, cs, by_limit, limit_values, suffix, plan.forced_weight)

        _forced_ring_marginals(result, hub, state, base + others_forced, best_over_limits)
        count_after = plan.forced_count + 1 + sum(1 for n in plan.free_fronts if n != state.name)
        if (state.exact or not state.forced_ok or len(state.forced) + 1 > state.max_count
                or count_after > plan.capacity):
            continue
        table = state.unit_table(hub.labour)
        if table is None:
            continue
        # What the other slots and the ends allow depends on a unit's weight alone: found per
        # distinct weight (~200 of ~13,000 units at 10^4 parts), then spread to the units.
        distinct, unit_at = table.distinct_weights
        if plan.rules is None:
            others = best_over_limits(distinct)[unit_at]
        else:
            # A candidate's type joins the others' signature: group the candidates by type.
            types = sig.slot_types(plan.rules, state.name, table.charm_index)
            others = np.full(len(types), INF)
            for t in np.unique(types).tolist():
                at = types == t
                others[at] = best_over_limits(distinct, int(t))[unit_at[at]]
        totals = base + others_forced + table.slot_cost + others
        keep = np.isfinite(totals)
        result.offer(hub, state.name, table.charm_index[keep], (totals - table.member_extra)[keep])
        ring_slot = hub.space.ring_of.get(state.name)
        if ring_slot and not state.forced:
            rings = keep & (table.ring_index >= 0)
            result.offer(hub, ring_slot, table.ring_index[rings], totals[rings])


def _extra_marginals(result: HubResult, hub: Hub, plan: CharmPlan, by_limit: dict[int, float], base: float) -> None:
    """With at_least rules: every charm's and ring's best total, per class and per member."""
    limits = extras.Limits(by_limit)
    for state in plan.states:
        offers = extras.slot_offers(plan, state, hub.labour, limits)
        for index, total in offers.charms.items():
            result.offer(hub, state.name, index, base + total)
        _offer_members(result, state.name, offers.charm_members, base)
        ring_slot = hub.space.ring_of.get(state.name)
        if ring_slot:
            for index, total in offers.rings.items():
                result.offer(hub, ring_slot, index, base + total)
            _offer_members(result, ring_slot, offers.ring_members, base)


def _offer_members(result: HubResult, slot: str, totals: dict[str, float], base: float) -> None:
    known = result.members.setdefault(slot, {})
    for sku, total in totals.items():
        if base + total < known.get(sku, INF):
            known[sku] = base + total


def _other_slots(plan: CharmPlan, skip: str, top: int) -> Any:
    """type -> the (weights, costs) front of the other free slots' picks that stay valid once a
    charm of that type joins the piece (every type alike when the style has no charm rules)."""
    if plan.rules is None:
        front: list[tuple[int, float, tuple[Unit, ...]]] = [(0, 0.0, ())]
        for name, slot_front in plan.free_fronts.items():
            if name != skip:
                front = combine(front, slot_front, top)
        arrays = (np.array([w for w, _, _ in front], dtype=np.int64), np.array([c for _, c, _ in front]))
        return lambda t: arrays
    rules, valid = plan.rules, plan.valid
    assert valid is not None
    by_signature = sig.signature_fronts(rules, plan.start, plan.typed, top, skip)

    def of_type(t: int) -> tuple[np.ndarray, np.ndarray]:
        front = sig.merged(by_signature, valid, t, rules)
        return np.array([w for w, _, _ in front], dtype=np.int64), np.array([c for _, c, _ in front], dtype=float)

    return of_type


def _best_over_limits(weights: np.ndarray, ws: np.ndarray, cs: np.ndarray, by_limit: dict[int, float],
                      limit_values: np.ndarray, suffix: np.ndarray, forced_weight: int) -> np.ndarray:
    """Per added weight: the cheapest row whose load limit holds it with the others' front."""
    if not len(ws):
        return np.full(weights.shape, INF)
    if len(ws) == 1 and ws[0] == 0:
        # No other slot must add a charm: the cheapest row whose limit holds the weight.
        at = np.searchsorted(limit_values, forced_weight + weights, side="left")
        found: np.ndarray = np.where(at < len(limit_values), suffix[np.minimum(at, len(suffix) - 1)], INF)
        return found + float(cs[0])
    best = np.full(weights.shape, INF)
    for limit, row in by_limit.items():
        room = limit - forced_weight - weights
        idx = np.searchsorted(ws, room, side="right") - 1
        others = np.where((idx >= 0) & (room >= 0), cs[np.clip(idx, 0, None)], INF)
        best = np.minimum(best, row + others)
    return best


def _forced_ring_marginals(result: HubResult, hub: Hub, state: SlotState, base: float, best_over_limits: Any) -> None:
    """With charms already picked, a ring candidate keeps them and adds nothing."""
    ring_slot = hub.space.ring_of.get(state.name)
    if not (state.forced and ring_slot and state.forced_ok):
        return
    extra = float(best_over_limits(np.zeros(1, dtype=np.int64))[0])
    for ring in state.rings:
        if ring is not None and state.ring_fits_forced(ring):
            total = base + state.forced_cost(ring, hub.labour) + extra
            if np.isfinite(total):
                result.offer(hub, ring_slot, ring.index, total)
