"""recommend(): the k best pieces within budget, one per chain class, each with its price breakdown.

Rank: fewest unmet preferences, then total price, then chain SKU. Preferences read only the hub
(the chain and the finish), so each hub's cheapest piece carries its own rank exactly.
"""

from __future__ import annotations

from typing import Any

from catalog.types import Colour, SlotKind
from solver.assembly import Assembly
from solver.example import rebuild
from solver.hub import INF, Hub
from solver.hubs import Deadline, hubs
from solver.hubsolve import option_costs, solve_hub
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


def rest_floor(space: Space) -> float:
    """A lower bound on what every piece pays beyond its chain, plating and options: the
    cheapest class (and ring, and joint) of each end the piece must have, and the charms it must
    carry. Every hub's total is at least its base plus this."""
    labour = space.style.labour_per_joint.amount_cents
    floor = 0.0

    def cheapest(slot: str | None) -> float:
        found = space.classes.get(slot or "", [])
        return min((c.min_cost for c in found), default=INF) if slot else 0.0

    for kind in (SlotKind.CLASP, SlotKind.EXTENDER):
        for slot in space.slots_of(kind):
            ring = space.ring_of.get(slot.name)
            if slot.min_count or space.forced_present(slot.name) or (ring and space.forced_present(ring)):
                floor += cheapest(slot.name) + cheapest(ring) + labour
    for slot in space.slots_of(SlotKind.CHARM):
        forced = space.forced.get(slot.name, ())
        ring = space.ring_of.get(slot.name)
        if forced:
            floor += sum(m.cost for m in forced) + len(forced) * labour
        elif slot.min_count or (ring and space.forced_present(ring)):
            floor += cheapest(slot.name) + labour
    return floor


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
    bounded = []
    for hub in hubs(space, deadline):
        plating = hub.mode.plating.min_cost if hub.mode.plating else 0
        bound = hub.chain.min_cost + plating + option_costs(hub)[0] + floor
        if budget is None or bound <= budget:
            bounded.append(((unmet(space.request.preferences, hub), bound), hub))
    bounded.sort(key=lambda item: item[0])
    for (misses, bound), hub in bounded:
        if k is not None and len(best) >= k:
            kth = sorted(v[:2] for v in best.values())[k - 1]
            if (misses, bound) > kth:
                break
        if deadline.check():
            break
        result = solve_hub(hub, collect=False)
        if result.total >= INF or (budget is not None and result.total > budget):
            continue
        key = (misses, result.total)
        known = best.get(hub.chain.index)
        if known is None or key < known[:2]:
            best[hub.chain.index] = (*key, hub, result)
    return best


def recommend(space: Space, k: int, deadline: Deadline) -> list[tuple[int, Assembly]]:
    """Up to k assemblies, each from a different chain class, best first."""
    ranked = sorted(best_per_chain_class(space, deadline, k).values(),
                    key=lambda item: (item[0], item[1], item[2].chain.members[0].sku))
    return [(int(total), rebuild(hub, result)) for _, total, hub, result in ranked[:k]]
