"""count(): the exact number of valid assemblies, as a Python int, however large.

Per hub the ends and the charm slots are independent but for the charms' weight against the
load limit each clasp sets, so the count is a sum over clasp/extender pairs of their ways times
the charm ways within that pair's limit (dynamic programming over charm count and weight).
"""

from __future__ import annotations

import numpy as np

from catalog.types import SlotKind
from solver.charms import count_charms, slot_states
from solver.hub import Hub
from solver.hubs import Deadline, hubs
from solver.hubsolve import end_pairs
from solver.results import CountResult, ExitStatus
from solver.space import Space


def option_ways(hub: Hub) -> int:
    ways = 1
    for name, values in hub.space.option_values.items():
        if name in hub.ruled:
            continue  # the hub fixed it (or left it out)
        ways *= len(values) + (0 if hub.space.option_required(name) else 1)
    return ways


def count_hub(hub: Hub) -> int:
    if not hub.valid():
        return 0
    space = hub.space
    for name, values in space.option_values.items():
        if not values and space.option_required(name):
            return 0
    clasps = hub.end_options(SlotKind.CLASP)
    extenders = hub.end_options(SlotKind.EXTENDER)
    if not clasps or not extenders:
        return 0
    cost = end_pairs(hub, clasps, extenders)
    states = slot_states(hub)
    limits = [hub.clasp_limit(c) for c in clasps]
    key = ("charm-ways", tuple(id(s) for s in states), hub.capacity, tuple(sorted(set(limits))))
    charm_ways = hub._memo(key, lambda: count_charms(states, hub.capacity, sorted(set(limits))),
                           hub.charm_slots_with_rings())
    # Ways per clasp option times the ways of the extenders it goes with; Python ints past int64.
    extender_ways = [e.ways for e in extenders]
    fits = np.isfinite(cost)
    ends = 0
    for i, clasp in enumerate(clasps):
        pair_ways = sum(w for w, ok in zip(extender_ways, fits[i].tolist(), strict=True) if ok)
        ends += clasp.ways * pair_ways * charm_ways[limits[i]]
    plating = hub.mode.plating.size if hub.mode.plating else 1
    return hub.chain.size * plating * option_ways(hub) * ends


def count_space(space: Space, deadline: Deadline) -> CountResult:
    """Exact when COMPLETE, then kept on the (cached) space: enumerate's every page and a repeated
    count read it back."""
    known = space.memo.get(("count",))
    if known is not None:
        return known  # type: ignore[no-any-return]
    if space.infeasible:
        return CountResult(0)
    total = 0
    for hub in hubs(space, deadline):
        total += count_hub(hub)
    if deadline.expired:
        return CountResult(total, ExitStatus.INCOMPLETE)
    result = space.memo[("count",)] = CountResult(total)
    return result
