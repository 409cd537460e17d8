"""A walk of every hub in array passes: the hubs' rosters (solver.roster) give each one's chain,
choice, group, floor and network context; a hub's total is its fixed cost + its context's
network cost + its group's best ends and charms, found for all of them at once.

What a walk hub by hub did per hub (a hub object, its floor, its key lookups, its chain,
plating and option offers; ~25 µs, 4,347 hubs in the 10^4 charm necklace) is now a few numpy
passes. Python steps remain per group (its ends and charms, and their offers, made once at the
group's lowest base: every other hub of the group offers the same terms on a higher base) and
per network context. The answers are the walk's, to the tie: the best hub is the first of the
lowest total in walk order (finish, chain, choice).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from catalog.types import SlotKind
from solver.charm_rules import charm_rules_fit
from solver.deadline import Deadline
from solver.floors import hub_rest_floor
from solver.group_terms import GroupTerms, group_terms
from solver.hub import INF, Hub
from solver.hub_groups import EndsAndCharms, Envelopes, group_of, options_open
from solver.hubnet import network
from solver.hubs import LISTED_CHOICES, Choice, choice_count, listed_choices, ruled_options
from solver.hubsolve import HubResult, Marginals, hub_option_price, option_index, piece_finder
from solver.roster import Roster, roster
from solver.space import Mode, Space


def sweepable(space: Space) -> bool:
    """The walk's choices are few enough to list (else it walks hub by hub, lazily)."""
    return choice_count(space) <= LISTED_CHOICES


@dataclass
class Swept:
    """The walk's best: its total, hub and that hub's result (solver.solve.SpaceSolution)."""

    total: float = INF
    hub: Hub | None = None
    result: HubResult | None = None


class _Walk:
    """Every valid hub of the walk's finishes, as arrays in walk order."""

    def __init__(self, space: Space, modes: list[Mode], rosters: list[Roster], choices: list[Choice]) -> None:
        self.space, self.modes, self.choices = space, modes, choices
        self.chains = space.classes[space.style.carrier.name]
        self.ruled = frozenset(ruled_options(space))
        self.mode = np.repeat(np.arange(len(modes)), [len(r) for r in rosters])
        self.chain_at = np.concatenate([r.chain_at for r in rosters])
        self.choice = np.concatenate([r.choice for r in rosters])
        self.structure = np.concatenate([r.structure for r in rosters])
        self.floor = np.concatenate([r.floor for r in rosters])
        self.context = np.concatenate([r.context for r in rosters])

    def hub(self, i: int) -> Hub:
        chosen, lifted = self.choices[int(self.choice[i])]
        return Hub(self.space, self.chains[int(self.chain_at[i])], self.modes[int(self.mode[i])], chosen,
                   self.ruled, lifted)

    def per_first(self, ids: np.ndarray, at: np.ndarray) -> tuple[list[Hub], np.ndarray]:
        """One hub per distinct id among the hubs `at` (the first in walk order), in order of first
        appearance, and each hub's position in that list."""
        _, first, inverse = np.unique(ids[at], return_index=True, return_inverse=True)
        order = np.argsort(first, kind="stable")
        rank = np.empty(len(order), dtype=np.int64)
        rank[order] = np.arange(len(order))
        return [self.hub(int(at[first[k]])) for k in order.tolist()], rank[inverse.ravel()]

    def fixed_cost(self, at: np.ndarray) -> np.ndarray:
        """hubsolve.hub_fixed_cost of each hub `at`: its chain's, plating's and options' cheapest."""
        chain = np.array([c.min_cost for c in self.chains], dtype=float)
        plating = np.array([m.plating.min_cost if m.plating else 0 for m in self.modes], dtype=float)
        options = np.array([hub_option_price(self.space, chosen) for chosen, _ in self.choices], dtype=float)
        found: np.ndarray = chain[self.chain_at[at]] + plating[self.mode[at]] + options[self.choice[at]]
        return found


def sweep(space: Space, deadline: Deadline, modes: list[Mode], seen: Envelopes, marginals: Marginals,
          members: dict[str, dict[str, float]]) -> Swept:
    """Every valid hub of `modes`: its offers into `marginals` and `members`, the network's kept
    in `seen` (hubsolve.offer_network); the best hub. A deadline spent leaves the walk empty."""
    swept = Swept()
    if not network(space).fits or not charm_rules_fit(space):
        deadline.expired = True  # bags or charm signatures too many to answer: incomplete
        return swept
    choices, listed_key = listed_choices(space)
    ruled = frozenset(ruled_options(space))
    rosters = []
    for mode in modes:
        found = roster(space, deadline, mode, choices, listed_key, ruled)
        if found is None:
            return swept
        rosters.append(found)
    if not sum(len(r) for r in rosters) or not options_open(space):
        return swept
    walk = _Walk(space, modes, rosters, choices)
    floors, at_floor = walk.per_first(walk.floor, np.arange(len(walk.floor)))
    rest = np.array([hub_rest_floor(h) for h in floors])[at_floor]
    kept = np.flatnonzero(rest < INF)
    if not len(kept):
        return swept
    reps, at_group = walk.per_first(walk.structure, kept)
    groups = [group_of(rep, seen) for rep in reps]
    group_best = np.array([g.best if g is not None else INF for g in groups])[at_group]
    fixed = walk.fixed_cost(kept)
    contexts, at_context = walk.per_first(walk.context, kept)
    nets = [h.net for h in contexts]
    # The network's offers: the lowest (fixed + best) per context, for hubs whose ends and
    # charms hold a piece (as solve_hub keeps them, before the network's feasibility).
    lowest = np.full(len(nets), INF)
    np.minimum.at(lowest, at_context, fixed + group_best)
    for net, low in zip(nets, lowest.tolist(), strict=True):
        key = ("network", id(net))
        if low < seen.get(key, (INF, None))[0]:
            seen[key] = (low, net)
    base = fixed + np.array([n.cost for n in nets])[at_context]
    total = base + group_best
    live = np.flatnonzero(np.isfinite(total))
    if not len(live):
        return swept
    best = int(live[np.argmin(total[live])])
    hub, group = walk.hub(int(kept[best])), groups[int(at_group[best])]
    assert group is not None
    swept.total, swept.hub = float(total[best]), hub
    swept.result = HubResult(swept.total, marginals, members, piece_finder(hub, group))
    _offer_hubs(swept.result, hub, walk, kept[live], total[live])
    low_base = np.full(len(groups), INF)
    np.minimum.at(low_base, at_group[live], base[live])
    _offer_groups(swept.result, hub, reps, groups, low_base)
    return swept


def _offer_groups(result: HubResult, hub: Hub, reps: list[Hub], groups: list[EndsAndCharms | None],
                  low_base: np.ndarray) -> None:
    """Each group's terms on its lowest base (groups sharing terms: on the lowest of theirs), in
    one array pass per slot."""
    lowest: dict[int, tuple[GroupTerms, float]] = {}
    for rep, group, low in zip(reps, groups, low_base.tolist(), strict=True):
        if group is not None and low < INF:
            terms = group_terms(rep, group)
            known = lowest.get(id(terms))
            if known is None or low < known[1]:
                lowest[id(terms)] = (terms, low)
    per_slot: dict[str, list[tuple[np.ndarray, np.ndarray]]] = {}
    for terms, low in lowest.values():
        for slot, (index, total) in terms.offers.items():
            per_slot.setdefault(slot, []).append((index, total + low))
        for slot, totals in terms.members.items():
            known_members = result.members.setdefault(slot, {})
            for sku, term in totals.items():
                if low + term < known_members.get(sku, INF):
                    known_members[sku] = low + term
    for slot, offers in per_slot.items():
        result.offer(hub, slot, np.concatenate([i for i, _ in offers]), np.concatenate([t for _, t in offers]))


def _offer_hubs(result: HubResult, hub: Hub, walk: _Walk, at: np.ndarray, total: np.ndarray) -> None:
    """What each hub fixes offers its total: its chain class, its plating, its hub options' values."""
    space = walk.space
    chains = np.array([c.index for c in walk.chains], dtype=np.int64)
    result.offer(hub, space.style.carrier.name, chains[walk.chain_at[at]], total)
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
