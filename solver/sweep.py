"""A walk of every hub in array passes: the hubs' rosters (solver.roster) give each one's chain,
choice, group, floor and network context; a hub's total is its fixed cost + its context's
network cost + its group's best ends and charms, found for all of them at once.

What the hub-by-hub walk it replaced did per hub (a hub object, its floor, its key lookups,
its chain, plating and option offers; ~25 µs, 4,347 hubs in the 10^4 charm necklace) is a few
numpy passes here (benchmarks/README.md, "Agreement", compares the two before the old one
went). Python steps remain per group (its ends and charms, found once per narrowing, and their
offers: terms recorded once, offered on the group's lowest base, since every other hub of the
group offers the same terms on a higher base) and per network context.

A walk that prunes (solver.floors.Pruning) takes the groups by their lowest floor and skips a
group when each of its hubs would be skipped (the bar only falls as offers come in, so a skip
is as sound as a skip of each hub). The best hub is the first of the lowest total in walk
order (finish, chain, choice) among the hubs walked.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from catalog.types import SlotKind
from solver.deadline import Deadline
from solver.floors import Pruning, admitted
from solver.group_terms import GroupTerms, parts
from solver.hub import INF, Hub
from solver.hub_groups import EndsAndCharms, Envelopes, group_slots
from solver.hubsolve import HubResult, Marginals, option_index, piece_finder
from solver.space import Space
from solver.walk import Walk, walk_of

__all__ = ["Swept", "sweep"]


@dataclass
class Swept:
    """The walk's best: its total, hub and that hub's result (solver.solve.SpaceSolution)."""

    total: float = INF
    hub: Hub | None = None
    result: HubResult | None = None


def sweep(space: Space, deadline: Deadline, pruning: Pruning, only: str | None, seen: Envelopes,
          marginals: Marginals, members: dict[str, dict[str, float]]) -> Swept:
    """Every valid hub of the walk: its offers into `marginals` and `members` (with `only`, that
    slot's, besides the chain's, plating's and hub options'), the network's kept in `seen`
    (hubsolve.offer_network); the best hub. A deadline spent leaves the walk empty."""
    swept = Swept()
    walk = walk_of(space, deadline, pruning.modes())
    if walk is None:
        return swept
    sink = HubResult(INF, marginals, members)
    if pruning.total_only or pruning.by is not None:
        groups = _pruned_groups(walk, pruning, sink, seen)
    else:
        groups = [walk.group_of(g) for g in range(len(walk.structures))]
    best = np.array([g.best if g is not None else INF for g in groups])[walk.group]
    if not pruning.total_only:
        # The network's offers: the lowest (fixed + best) per context, for hubs whose ends and
        # charms hold a piece, before the network's feasibility: a picked option slot still
        # lists what switching it would give when the picks leave the network empty.
        lowest = np.full(len(walk.nets), INF)
        np.minimum.at(lowest, walk.context, walk.fixed + best)
        for net, low in zip(walk.nets, lowest.tolist(), strict=True):
            key = ("network", id(net))
            if low < seen.get(key, (INF, None))[0]:
                seen[key] = (low, net)
    total = walk.base + best
    live = np.flatnonzero(np.isfinite(total))
    if not len(live):
        return swept
    first = int(live[np.argmin(total[live])])
    hub, group = walk.hub(first), groups[int(walk.group[first])]
    assert group is not None
    swept.total, swept.hub = float(total[first]), hub
    swept.result = HubResult(swept.total, marginals, members, piece_finder(hub, group))
    if pruning.total_only:
        return swept
    _offer_hubs(sink, hub, walk, live, total[live])
    if only is None or (only in group_slots(space) and only != pruning.by):
        low_base = np.full(len(groups), INF)
        np.minimum.at(low_base, walk.group[live], walk.base[live])
        _offer_groups(sink, hub, walk, groups, low_base, only)
    return swept


def _pruned_groups(walk: Walk, pruning: Pruning, sink: HubResult, seen: Envelopes) -> list[EndsAndCharms | None]:
    """The groups a pruning walk needs, lowest floor first (None: skipped, or no piece). A walk
    for the best total alone stops at the first group whose floor is above the best so far (not
    at one equal to it: the first hub of a tie in walk order stays the best). A walk for one
    slot's offers makes that slot's offers as it goes, so that the bars fall."""
    count = len(walk.structures)
    groups: list[EndsAndCharms | None] = [None] * count
    low = np.full(count, INF)
    np.minimum.at(low, walk.group, walk.floor)
    order = np.argsort(walk.group, kind="stable")
    starts = np.searchsorted(walk.group[order], np.arange(count + 1))
    best_total = INF
    for g in np.argsort(low, kind="stable").tolist():
        if low[g] >= INF or (pruning.total_only and low[g] > best_total):
            break
        at = order[starts[g]:starts[g + 1]]
        if pruning.by is not None and _skipped(walk, pruning, sink, g, at, best_total):
            continue
        group = groups[g] = walk.group_of(g)
        if group is None:
            continue
        totals = walk.base[at] + group.best
        best_total = min(best_total, float(totals.min()))
        if pruning.by is not None:
            _offer_one(sink, walk, pruning.by, g, group, at[np.isfinite(totals)], totals)
    return groups


def _skipped(walk: Walk, pruning: Pruning, sink: HubResult, group: int, at: np.ndarray, best_total: float) -> bool:
    """Every hub `at` (one group) has a floor no lower than what the walk wants of it
    (Pruning.bar, per hub here; `best_total`: the walk's best so far)."""
    by = pruning.by
    assert by is not None
    offers = sink.marginals.get(by)
    if offers is None:
        return False
    floor = walk.floor[at]
    if by == pruning.carrier:
        return bool((floor >= offers[walk.chain_index(at)]).all())
    if by in pruning.plating:
        plating = walk.plating_index(at)
        bars = np.where(plating >= 0, offers[np.maximum(plating, 0)], best_total)
        return bool((floor >= bars).all())
    if by not in group_slots(walk.space):
        return False  # the bar reads the hub's admitted classes: not the group's alone
    admits = admitted(walk.rep(group), by)
    bar = float(offers[admits].max()) if admits.any() else best_total
    return bool((floor >= bar).all())


def _offer_one(sink: HubResult, walk: Walk, by: str, g: int, group: EndsAndCharms, live: np.ndarray,
               totals: np.ndarray) -> None:
    """The group's offers for the pruning walk's slot, made as the walk goes (its bars read them);
    `totals` of the group's hubs, `live` those of them with a piece."""
    finite = np.isfinite(totals)
    if not finite.any():
        return
    rep = walk.rep(g)
    if by == walk.space.style.carrier.name:
        sink.offer(rep, by, walk.chain_index(live), totals[finite])
    elif by in {s.name for s in walk.space.slots_of(SlotKind.PLATING)}:
        plating = walk.plating_index(live)
        plated = plating >= 0
        if plated.any():
            sink.offer(rep, by, plating[plated], totals[finite][plated])
    else:
        for part in parts(walk.space, by):
            terms = walk.terms(g, part, group)
            if by in terms.offers:
                index, term = terms.offers[by]
                sink.offer(rep, by, index, term + float(walk.base[live].min()))


def _offer_hubs(result: HubResult, hub: Hub, walk: Walk, at: np.ndarray, total: np.ndarray) -> None:
    """What each hub fixes offers its total: its chain class, its plating, its hub options' values."""
    space = walk.space
    result.offer(hub, space.style.carrier.name, walk.chain_index(at), total)
    per_mode = np.full(len(walk.modes), INF)
    np.minimum.at(per_mode, walk.mode[at], total)
    for slot in space.slots_of(SlotKind.PLATING):
        for mode, low in zip(walk.modes, per_mode.tolist(), strict=True):
            if mode.plating is not None and low < INF:
                result.offer(hub, slot.name, mode.plating.index, low)
    per_choice = np.full(len(walk.choices), INF)
    np.minimum.at(per_choice, walk.choice[at], total)
    for (chosen, _), low in zip(walk.choices, per_choice.tolist(), strict=True):
        if low < INF:
            for name, code in chosen.items():
                result.offer(hub, name, option_index(space, name, code), low)


def _offer_groups(result: HubResult, hub: Hub, walk: Walk, groups: list[EndsAndCharms | None],
                  low_base: np.ndarray, only: str | None) -> None:
    """Each group's terms on its lowest base (groups sharing terms: on the lowest of theirs), in
    one array pass per slot (`only`: that slot's alone)."""
    lowest: dict[int, tuple[GroupTerms, float]] = {}
    wanted = parts(walk.space, only)
    for g, (group, low) in enumerate(zip(groups, low_base.tolist(), strict=True)):
        if group is not None and low < INF:
            for part in wanted:
                terms = walk.terms(g, part, group)
                known = lowest.get(id(terms))
                if known is None or low < known[1]:
                    lowest[id(terms)] = (terms, low)
    per_slot: dict[str, list[tuple[np.ndarray, np.ndarray]]] = {}
    for terms, low in lowest.values():
        for slot, (index, total) in terms.offers.items():
            if only is None or slot == only:
                per_slot.setdefault(slot, []).append((index, total + low))
        for slot, totals in terms.members.items():
            if only is None or slot == only:
                known_members = result.members.setdefault(slot, {})
                for sku, term in totals.items():
                    if low + term < known_members.get(sku, INF):
                        known_members[sku] = low + term
    for slot, offers in per_slot.items():
        result.offer(hub, slot, np.concatenate([i for i, _ in offers]), np.concatenate([t for _, t in offers]))
