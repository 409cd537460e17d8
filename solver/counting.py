"""count(): the exact number of valid assemblies, as a Python int, however large.

Per hub the ends and the charm slots are independent but for the charms' weight against the
load limit each clasp sets, so the count is a sum over clasp/extender pairs of their ways times
the charm ways within that pair's limit (dynamic programming over charm count and weight).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property, partial

import numpy as np

from catalog.types import SlotKind
from solver.charm_counts import CharmWays, charm_ways
from solver.charm_rules import TooManySignatures
from solver.charms import SlotState, charm_context, charms_impossible, slot_states
from solver.deadline import Deadline
from solver.end_pairs import EndPairs
from solver.ends import EndTable
from solver.hub import Hub
from solver.hub_groups import MISSING, end_tables, group_slots
from solver.request import Request
from solver.results import CountResult, ExitStatus
from solver.space import Space
from solver.walk import Walk, walk_of


@dataclass(frozen=True)
class HubEnds:
    """What a hub's count is made of: its end options, their pairs by load limit and the charm
    ways by hung weight. A count multiplies them out; count marginals split them by class."""

    clasps: EndTable
    extenders: EndTable
    pairs: EndPairs
    ways: CharmWays
    ends: int  # Σ over limits of the pairs' ways × the charm ways within the limit


def group_ends(space: Space, structure: int, hub: Callable[[], Hub]) -> HubEnds | None:
    """The ends and charm ways of the group `structure` names (solver.hub_groups; `hub()`: one
    of its hubs, made only when they are not known), None when its hubs hold no piece; kept with
    every request that narrows and picks the ends, the charms and their rings alike."""
    memo = space.memo_for(*group_slots(space))
    key = ("hub-ends", structure)
    found = memo.get(key, MISSING)
    if found is MISSING:
        found = memo.setdefault(key, _ends(hub()))
    return found  # type: ignore[no-any-return]


def _ends(hub: Hub) -> HubEnds | None:
    if charms_impossible(slot_states(hub), hub.capacity):
        return None
    tables = end_tables(hub)
    if tables is None:
        return None
    clasps, extenders, pairs = tables
    states = slot_states(hub)
    slots = hub.end_slots(SlotKind.CLASP) + hub.end_slots(SlotKind.EXTENDER) + hub.charm_slots_with_rings()
    # Hubs with the same ends, pairs, charm states, capacity and load have the same end × charm
    # ways: counted once.
    context = charm_context(hub)
    key = ("end-ways", id(clasps), id(extenders), id(pairs), tuple(id(s) for s in states), hub.capacity,
           hub.chain_load, context and context[0])
    ways = _charm_ways(hub, pairs, states)
    # The entry keeps what its key names by id() alive, so that no id is reused under it.
    ends: int = hub._memo(key, lambda: (_end_ways(pairs, ways), (clasps, extenders, pairs, states)), slots)[0]
    return HubEnds(clasps, extenders, pairs, ways, ends)


def _charm_ways(hub: Hub, pairs: EndPairs, states: list[SlotState]) -> CharmWays:
    # Ways by weight up to the highest limit seen, kept per charm states: a lower limit (a
    # picked clasp) is a lookup, a higher one recomputes.
    memo = hub.space.memo_for(*hub.charm_slots_with_rings())
    context = charm_context(hub)
    key = ("charm-ways", tuple(id(s) for s in states), hub.capacity, context and context[0])
    kept: tuple[CharmWays, list[SlotState]] | None = memo.get(key)
    if kept is None or kept[0].top < pairs.top:
        # With the states its key names by id(), so that no id is reused under the entry.
        kept = memo[key] = (charm_ways(states, hub.capacity, pairs.top, context and context[1:]), states)
    return kept[0]


def _end_ways(pairs: EndPairs, ways: CharmWays) -> int:
    # End ways per load limit of the pair times the charm ways within it; Python ints.
    return sum(n * ways.at(int(v)) for n, v in zip(pairs.ways_at, pairs.values.tolist(), strict=True) if n)


def count_space(space: Space, deadline: Deadline) -> CountResult:
    """Exact when COMPLETE, then kept on the (cached) space: enumerate's every page and a repeated
    count read it back."""
    known = space.memo.get(("count",))
    if known is not None:
        return known  # type: ignore[no-any-return]
    if space.infeasible:
        return CountResult(0)
    try:
        total = count_walk(space, deadline)
    except TooManySignatures:
        return CountResult(0, ExitStatus.INCOMPLETE)  # charm rules past what a count may hold
    if deadline.expired:
        return CountResult(total, ExitStatus.INCOMPLETE)
    result = space.memo[("count",)] = CountResult(total)
    return result


@dataclass(frozen=True)
class CountedHubs:
    """The walk's hubs that hold pieces (a feasible network context, ends found for their
    group), as positions in the walk, with each group's ends and each hub's member factors."""

    walk: Walk
    at: np.ndarray
    ends: list[HubEnds | None]  # per group of the walk

    # Read several times by the class splits: each made once.
    @cached_property
    def group(self) -> np.ndarray:
        found: np.ndarray = self.walk.group[self.at]
        return found

    @cached_property
    def context(self) -> np.ndarray:
        found: np.ndarray = self.walk.context[self.at]
        return found

    @cached_property
    def chain_size(self) -> np.ndarray:
        sizes = np.array([c.size for c in self.walk.chains], dtype=np.int64)
        found: np.ndarray = sizes[self.walk.chain_at[self.at]]
        return found

    @cached_property
    def plating_size(self) -> np.ndarray:
        sizes = np.array([m.plating.size if m.plating else 1 for m in self.walk.modes], dtype=np.int64)
        found: np.ndarray = sizes[self.walk.mode[self.at]]
        return found

    def multipliers(self) -> dict[int, int]:
        """Per group: the ways to choose its hubs' chain and plating members and option values
        (what multiplies its end and charm ways)."""
        found: dict[int, int] = {}
        for (g, c), n in summed([self.group, self.context], self.chain_size * self.plating_size):
            found[g] = found.get(g, 0) + n * self.walk.nets[c].count
        return found

    def rest(self, group: int, context: int) -> int:
        """A hub's count over its chain and plating members: its context's option ways × its
        group's end and charm ways (Python ints)."""
        found = self.ends[group]
        assert found is not None
        return self.walk.nets[context].count * found.ends


def counted_hubs(space: Space, deadline: Deadline) -> CountedHubs | None:
    """None: no hub holds a piece, or the deadline cut the walk short (it then says so). The
    empty selection's is kept: warm() counts it, splits it by class and counts its rings and
    charms from one walk (kept on every space, the walks would tie a cycle through each)."""
    key = ("counted-hubs",)
    known: CountedHubs | None = space.memo.get(key)
    if known is not None:
        return known
    found = _counted_hubs(space, deadline)
    if found is not None and not deadline.expired and space.request == Request():
        space.memo[key] = found
    return found


def _counted_hubs(space: Space, deadline: Deadline) -> CountedHubs | None:
    walk = walk_of(space, deadline, space.modes())
    if walk is None:
        return None
    feasible = np.array([n.feasible for n in walk.nets])[walk.context]
    wanted = np.zeros(len(walk.structures), dtype=bool)
    wanted[walk.group[feasible]] = True  # a group only infeasible hubs hold counts nothing: not found
    ends = [group_ends(space, walk.structures[g], partial(walk.rep, g)) if wanted[g] else None
            for g in range(len(walk.structures))]
    held = np.array([e is not None for e in ends])[walk.group]
    return CountedHubs(walk, np.flatnonzero(held & feasible), ends)


def summed(keys: list[np.ndarray], values: np.ndarray) -> list[tuple[list[int], int]]:
    """Per distinct row of `keys` (columns of one length), the sum of `values` (int64) over it."""
    if not len(values):
        return []
    rows, inverse = np.unique(np.stack(keys, axis=1), axis=0, return_inverse=True)
    sums = np.zeros(len(rows), dtype=np.int64)
    np.add.at(sums, inverse.ravel(), values)
    return list(zip(rows.tolist(), sums.tolist(), strict=True))


def count_walk(space: Space, deadline: Deadline) -> int:
    """The count over every hub of the walk (solver.walk) in array passes: a hub counts
    its chain's and plating's members × its context's option ways × its group's end and charm
    ways; the small factors are summed per (group, context) first, the big ones multiply once per
    pair (Python ints)."""
    counted = counted_hubs(space, deadline)
    if counted is None:
        return 0
    pairs = summed([counted.group, counted.context], counted.chain_size * counted.plating_size)
    return sum(members * counted.rest(group, context) for (group, context), members in pairs)
