"""Every valid hub of a walk as arrays (from the finishes' rosters, solver.roster): its chain,
finish and choice, its fixed cost, its base (with its network context's cost), its floor, its
group and its context; hub objects only where work is not already kept under those ids.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cached_property, partial

import numpy as np

from solver.charm_rules import charm_rules_fit
from solver.deadline import Deadline
from solver.floors import floor_slots, hub_rest_floor
from solver.group_terms import GroupTerms, terms_at
from solver.hub import INF, Hub
from solver.hub_groups import EndsAndCharms, group_at, options_open
from solver.hubnet import network
from solver.hubs import Choice, choice_count, listed_choices, ruled_options
from solver.hubsolve import hub_option_price
from solver.roster import Roster, roster
from solver.rulenet_eval import NetAnswer
from solver.space import Mode, Space

# Hubs a walk may list (finish modes × chain classes × hub choices): a roster holds a row per
# valid hub, made in Python once per chain and plating narrowing.
MAX_WALK_HUBS = 1_000_000


def listable(space: Space) -> bool:
    """The walk's hubs are few enough to list; past that a walk answers incomplete (the
    hub-by-hub walk it replaced would not have finished either: ~25 µs a hub)."""
    chains = len(space.classes[space.style.carrier.name])
    return len(space.modes()) * chains * choice_count(space) <= MAX_WALK_HUBS


class Walk:
    """Every valid hub of the walk's finishes whose rest floor is finite, as arrays in walk
    order; per hub its fixed cost, base (with the network's cost), floor, group and context.
    A hub object is made only where work is not already kept under its ids."""

    def __init__(self, space: Space, modes: list[Mode], rosters: list[Roster], choices: list[Choice]) -> None:
        self.space, self.modes, self.choices = space, modes, choices
        self.chains = space.classes[space.style.carrier.name]
        self.ruled = frozenset(ruled_options(space))
        self.mode = np.repeat(np.arange(len(modes)), [len(r) for r in rosters])
        self.chain_at = np.concatenate([r.chain_at for r in rosters])
        self.choice = np.concatenate([r.choice for r in rosters])
        floors, at_floor, first = _firsts(np.concatenate([r.floor for r in rosters]))
        rest = np.array([_rest_floor(space, f, partial(self.hub, i)) for f, i in zip(floors, first, strict=True)])
        rest = rest[at_floor]
        keep = np.flatnonzero(rest < INF)
        self.mode, self.chain_at, self.choice = self.mode[keep], self.chain_at[keep], self.choice[keep]
        self.structures, self.group, self.group_first = _firsts(np.concatenate([r.structure for r in rosters])[keep])
        contexts, self.context, first = _firsts(np.concatenate([r.context for r in rosters])[keep])
        self.nets = [_net(space, c, partial(self.hub, i)) for c, i in zip(contexts, first, strict=True)]
        self.fixed = self._fixed_cost()
        self.base = self.fixed + np.array([n.cost for n in self.nets])[self.context]
        self.floor = self.base + rest[keep]
        self._reps: dict[int, Hub] = {}

    def __len__(self) -> int:
        return len(self.mode)

    def hub(self, i: int) -> Hub:
        chosen, lifted = self.choices[int(self.choice[i])]
        return Hub(self.space, self.chains[int(self.chain_at[i])], self.modes[int(self.mode[i])], chosen,
                   self.ruled, lifted)

    def rep(self, group: int) -> Hub:
        """The group's first hub in walk order."""
        found = self._reps.get(group)
        if found is None:
            found = self._reps[group] = self.hub(self.group_first[group])
        return found

    def group_of(self, group: int) -> EndsAndCharms | None:
        return group_at(self.space, self.structures[group], lambda: self.rep(group))

    def terms(self, group: int, part: str, found: EndsAndCharms) -> GroupTerms:
        return terms_at(self.space, self.structures[group], part, lambda: self.rep(group), found)

    def _fixed_cost(self) -> np.ndarray:
        """hubsolve.hub_fixed_cost of each hub: its chain's, plating's and options' cheapest."""
        chain = np.array([c.min_cost for c in self.chains], dtype=float)
        plating = np.array([m.plating.min_cost if m.plating else 0 for m in self.modes], dtype=float)
        options = np.array([hub_option_price(self.space, chosen) for chosen, _ in self.choices], dtype=float)
        found: np.ndarray = chain[self.chain_at] + plating[self.mode] + options[self.choice]
        return found

    def chain_index(self, at: np.ndarray) -> np.ndarray:
        found: np.ndarray = self._chain_classes[self.chain_at[at]]
        return found

    def plating_index(self, at: np.ndarray) -> np.ndarray:
        """Each hub's plating class (-1: unplated)."""
        found: np.ndarray = self._plating_classes[self.mode[at]]
        return found

    # Read per group by a pruning walk (a few thousand times per options answer at 10^4).
    @cached_property
    def _chain_classes(self) -> np.ndarray:
        return np.array([c.index for c in self.chains], dtype=np.int64)

    @cached_property
    def _plating_classes(self) -> np.ndarray:
        return np.array([m.plating.index if m.plating else -1 for m in self.modes], dtype=np.int64)


def _firsts(ids: np.ndarray) -> tuple[list[int], np.ndarray, list[int]]:
    """The distinct ids in order of first appearance, each position's rank among them, and
    each one's first position."""
    _, first, inverse = np.unique(ids, return_index=True, return_inverse=True)
    order = np.argsort(first, kind="stable")
    rank = np.empty(len(order), dtype=np.int64)
    rank[order] = np.arange(len(order))
    return ids[first[order]].tolist(), rank[inverse.ravel()], first[order].tolist()


def _rest_floor(space: Space, floor: int, hub: Callable[[], Hub]) -> float:
    """floors.hub_rest_floor of the hubs with this floor id, kept where it is."""
    memo = space.memo_for(*floor_slots(space))
    key = ("rest-floor-of", floor)
    found: float | None = memo.get(key)
    if found is None:
        found = memo.setdefault(key, hub_rest_floor(hub()))
    return found


def _net(space: Space, context: int, hub: Callable[[], Hub]) -> NetAnswer:
    """The network's answer under the hubs with this context id (Hub.net), kept per request."""
    key = ("net-of-context", context)
    found: NetAnswer | None = space.memo.get(key)
    if found is None:
        found = space.memo.setdefault(key, hub().net)
    return found


def walk_of(space: Space, deadline: Deadline, modes: list[Mode]) -> Walk | None:
    """None: no hub to walk, or the deadline cut the rosters short (then it says so)."""
    if not network(space).fits or not charm_rules_fit(space) or not listable(space):
        deadline.expired = True  # bags, charm signatures or hubs too many to answer: incomplete
        return None
    choices, listed_key = listed_choices(space)
    ruled = frozenset(ruled_options(space))
    rosters = []
    for mode in modes:
        found = roster(space, deadline, mode, choices, listed_key, ruled)
        if found is None:
            return None
        rosters.append(found)
    if not sum(len(r) for r in rosters) or not options_open(space):
        return None
    walk = Walk(space, modes, rosters, choices)
    return walk if len(walk) else None
