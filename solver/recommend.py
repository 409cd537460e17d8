"""recommend(): the k best pieces within budget, one per chain class, each with its price breakdown.

Rank: fewest unmet preferences, then total price, then chain SKU. Preferences read only the hub
(the chain and the finish), so each hub's cheapest piece carries its own rank exactly.
"""

from __future__ import annotations

from typing import Any

from catalog.types import Colour
from solver.assembly import Assembly
from solver.example import rebuild
from solver.hub import INF, Hub
from solver.hubs import Deadline, hubs
from solver.hubsolve import solve_hub
from solver.request import Preferences
from solver.space import Space


def unmet(preferences: Preferences, hub: Hub) -> int:
    chain = hub.chain.rep
    colour: Colour = hub.mode.plating.rep.colour if hub.mode.plating else chain.colour
    misses = 0
    if preferences.colour and preferences.colour != colour.value:
        misses += 1
    if preferences.base_metal and preferences.base_metal != chain.base_metal.value:
        misses += 1
    if preferences.chain_style and preferences.chain_style != chain.chain_style.value:
        misses += 1
    return misses


def best_per_chain_class(space: Space, deadline: Deadline) -> dict[int, tuple[int, float, Hub, Any]]:
    """For each chain class: (unmet preferences, cheapest total, its hub, the hub's solution)."""
    best: dict[int, tuple[int, float, Hub, Any]] = {}
    budget = space.request.budget_cents
    if space.infeasible:
        return best
    for hub in hubs(space, deadline):
        result = solve_hub(hub, collect=False)
        if result.total >= INF or (budget is not None and result.total > budget):
            continue
        key = (unmet(space.request.preferences, hub), result.total)
        known = best.get(hub.chain.index)
        if known is None or key < known[:2]:
            best[hub.chain.index] = (*key, hub, result)
    return best


def recommend(space: Space, k: int, deadline: Deadline) -> list[tuple[int, Assembly]]:
    """Up to k assemblies, each from a different chain class, best first."""
    ranked = sorted(best_per_chain_class(space, deadline).values(),
                    key=lambda item: (item[0], item[1], item[2].chain.members[0].sku))
    return [(int(total), rebuild(hub, result)) for _, total, hub, result in ranked[:k]]
