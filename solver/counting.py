"""count(): the exact number of valid assemblies, as a Python int, however large.

Per hub the ends and the charm slots are independent but for the charms' weight against the
load limit each clasp sets, so the count is a sum over clasp/extender pairs of their ways times
the charm ways within that pair's limit (dynamic programming over charm count and weight).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import Any

import numpy as np

from catalog.types import SlotKind
from solver.charm_counts import CharmWays, charm_ways
from solver.charm_rules import TooManySignatures
from solver.charms import SlotState, charm_context, charms_impossible, slot_states
from solver.end_pairs import EndPairs
from solver.ends import EndTable
from solver.floors import hub_rest_floor
from solver.hub import INF, Hub
from solver.hub_groups import MISSING, end_tables, group_slots, options_open, structure_id
from solver.hubs import Deadline, hubs
from solver.results import CountResult, ExitStatus
from solver.space import Space
from solver.walk import sweepable, walk_of


def option_ways(hub: Hub) -> int:
    """Ways to fill the option slots: the hub fixes its hub options, the rule network counts the rest."""
    return hub.net.count


@dataclass(frozen=True)
class HubEnds:
    """What a hub's count is made of: its end options, their pairs by load limit and the charm
    ways by hung weight. count_hub multiplies them out; count marginals split them by class."""

    clasps: EndTable
    extenders: EndTable
    pairs: EndPairs
    ways: CharmWays
    ends: int  # Σ over limits of the pairs' ways × the charm ways within the limit


def hub_ends(hub: Hub, kept: dict[Any, Any] | None = None) -> HubEnds | None:
    """The hub's ends and charm ways; None when the hub holds no valid piece. `kept`: a walk's
    own dict, where hubs of one group (solver.hub_groups) find them once."""
    if not hub.valid() or not hub.net.feasible or not options_open(hub.space):
        return None
    if kept is not None:
        return group_ends(hub.space, structure_id(hub), lambda: hub)
    return _ends(hub)


def group_ends(space: Space, structure: int, hub: Callable[[], Hub]) -> HubEnds | None:
    """`hub_ends` of the group `structure` names (solver.hub_groups; `hub()`: one of its hubs,
    made only when they are not known), kept with every request that narrows and picks the ends,
    the charms and their rings alike."""
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


def hub_multiplier(hub: Hub) -> int:
    """Ways to choose the chain and plating members and the option values, given the hub."""
    plating = hub.mode.plating.size if hub.mode.plating else 1
    return hub.chain.size * plating * option_ways(hub)


def count_hub(hub: Hub, kept: dict[Any, Any] | None = None) -> int:
    found = hub_ends(hub, kept)
    return 0 if found is None else hub_multiplier(hub) * found.ends


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
    total = 0
    try:
        if sweepable(space):
            total = count_walk(space, deadline)
        else:
            kept: dict[Any, Any] = {}
            for hub in hubs(space, deadline):
                if hub_rest_floor(hub) < INF:  # else a part the piece needs has no admitted class: none
                    total += count_hub(hub, kept)
    except TooManySignatures:
        return CountResult(total, ExitStatus.INCOMPLETE)  # charm rules past what a count may hold
    if deadline.expired:
        return CountResult(total, ExitStatus.INCOMPLETE)
    result = space.memo[("count",)] = CountResult(total)
    return result


def count_walk(space: Space, deadline: Deadline) -> int:
    """count_hub summed over every hub of the walk (solver.walk) in array passes: a hub counts
    its chain's and plating's members × its context's option ways × its group's end and charm
    ways; the small factors are summed per (group, context) first, the big ones multiply once per
    pair (Python ints)."""
    walk = walk_of(space, deadline, space.modes())
    if walk is None:
        return 0
    feasible = np.array([n.feasible for n in walk.nets])[walk.context]
    wanted = np.zeros(len(walk.structures), dtype=bool)
    wanted[walk.group[feasible]] = True  # a group only infeasible hubs hold counts nothing: not found
    ends = [group_ends(space, walk.structures[g], partial(walk.rep, g)) if wanted[g] else None
            for g in range(len(walk.structures))]
    counted = np.array([e is not None and e.ends > 0 for e in ends])[walk.group]
    at = np.flatnonzero(counted & feasible)
    if not len(at):
        return 0
    chain = np.array([c.size for c in walk.chains], dtype=np.int64)[walk.chain_at[at]]
    plating = np.array([m.plating.size if m.plating else 1 for m in walk.modes], dtype=np.int64)[walk.mode[at]]
    pair = walk.group[at] * len(walk.nets) + walk.context[at]
    pairs, inverse = np.unique(pair, return_inverse=True)
    members = np.zeros(len(pairs), dtype=np.int64)
    np.add.at(members, inverse.ravel(), chain * plating)
    total = 0
    for key, ways in zip(pairs.tolist(), members.tolist(), strict=True):
        group, context = divmod(key, len(walk.nets))
        found = ends[group]
        assert found is not None
        total += ways * walk.nets[context].count * found.ends
    return total
