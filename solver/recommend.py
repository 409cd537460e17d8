"""recommend(): the k best pieces within budget, one per chain class, each with its price breakdown.

Rank: fewest unmet preferences, then total price, then chain SKU. Preferences read only the hub
(the chain and the finish), so each hub's cheapest piece carries its own rank exactly.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from catalog.types import Colour
from solver.assembly import Assembly
from solver.charm_rules import charm_rules_fit
from solver.example import rebuild
from solver.floors import rest_floor
from solver.hub import INF, Hub
from solver.hubnet import hub_answer, network
from solver.hubs import Deadline, choice_count, hub_choices, ruled_options
from solver.hubsolve import hub_option_price, solve_hub
from solver.request import Preferences
from solver.space import Mode, Space


def unmet(preferences: Preferences, hub: Hub) -> int:
    return unmet_for(preferences, hub.chain.rep, hub.mode)


def unmet_for(preferences: Preferences, chain: Any, mode: Mode) -> int:
    colour: Colour = mode.plating.rep.colour if mode.plating else chain.colour
    misses = 0
    if preferences.colour and preferences.colour != colour.value:
        misses += 1
    if preferences.base_metal and preferences.base_metal != chain.base_metal.value:
        misses += 1
    if preferences.chain_style and preferences.chain_style != chain.chain_style.value:
        misses += 1
    return misses


MAX_BOUND_ENTRIES = 5_000_000


def best_per_chain_class(space: Space, deadline: Deadline,
                         k: int | None = None) -> dict[int, tuple[int, float, Hub, Any]]:
    """For each chain class: (unmet preferences, cheapest total, its hub, the hub's solution).
    With `k`, hubs are solved best bound first and only until no other hub can enter the k best:
    the classes beyond those k may be missing."""
    best: dict[int, tuple[int, float, Hub, Any]] = {}
    budget = space.request.budget_cents
    if space.infeasible:
        return best
    floor = rest_floor(space)
    # Bounds for every (finish mode, chain class, ruled options) as one array; hubs are made
    # only for the entries visited.
    chains = space.classes[space.style.carrier.name]
    modes = space.modes()
    if not chains or not modes:
        return best
    if choice_count(space) * len(chains) * len(modes) > MAX_BOUND_ENTRIES or not network(space).fits \
            or not charm_rules_fit(space):
        deadline.expired = True  # the bound table would not fit: say incomplete, never run out of memory
        return best
    combos = list(hub_choices(space))
    ruled = frozenset(ruled_options(space))
    chain_cost = np.array([c.min_cost for c in chains], dtype=float)
    mode_cost = np.array([m.plating.min_cost if m.plating else 0 for m in modes], dtype=float)
    # Without its context rules the network's cost is a floor under every hub's option cost.
    floor += hub_answer(space, None).cost
    combo_cost = np.array([hub_option_price(space, chosen) for chosen, _ in combos], dtype=float)
    prefs = space.request.preferences
    misses = np.array([[unmet_for(prefs, c.rep, m) for c in chains] for m in modes], dtype=np.int64)
    shape = (len(modes), len(chains), len(combos))
    bound = (mode_cost[:, None, None] + chain_cost[None, :, None] + combo_cost[None, None, :] + floor)
    unmet_all = np.broadcast_to(misses[:, :, None], shape)
    order = np.lexsort((bound.ravel(), unmet_all.ravel()))
    if budget is not None:
        order = order[bound.ravel()[order] <= budget]
    at_mode, at_chain, at_combo = (a.tolist() for a in np.unravel_index(order, shape))
    keys = zip(unmet_all.ravel()[order].tolist(), bound.ravel()[order].tolist(), strict=True)
    bounded = zip(keys, zip(at_mode, at_chain, at_combo, strict=True), strict=True)
    for (missed, low), (m, c, o) in bounded:
        if k is not None and len(best) >= k:
            kth = sorted(v[:2] for v in best.values())[k - 1]
            if (missed, low) > kth:
                break
        if deadline.check():
            break
        hub = Hub(space, chains[c], modes[m], combos[o][0], ruled, combos[o][1])
        result = solve_hub(hub, collect=False)
        if result.total >= INF or (budget is not None and result.total > budget):
            continue
        key = (missed, result.total)
        known = best.get(hub.chain.index)
        if known is None or key < known[:2]:
            best[hub.chain.index] = (*key, hub, result)
    return best


def recommend(space: Space, k: int, deadline: Deadline) -> list[tuple[int, Assembly]]:
    """Up to k assemblies, each from a different chain class, best first."""
    ranked = sorted(best_per_chain_class(space, deadline, k).values(),
                    key=lambda item: (item[0], item[1], item[2].chain.members[0].sku))
    return [(int(total), rebuild(hub, result)) for _, total, hub, result in ranked[:k]]
