"""recommend(): the k best pieces within budget, one per chain class, each with its price breakdown.

Rank: fewest unmet preferences, then total price, then chain SKU. Preferences read only the hub
(the chain and the finish), so each hub's cheapest piece carries its own rank exactly.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from catalog.types import Colour
from solver.arrays import run_starts
from solver.assembly import Assembly
from solver.deadline import Deadline
from solver.example import rebuild
from solver.hub import INF, Hub
from solver.hub_groups import EndsAndCharms
from solver.hubsolve import HubResult, piece_finder
from solver.request import Preferences
from solver.space import Mode, Space
from solver.walk import walk_of


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


def best_per_chain_class(space: Space, deadline: Deadline,
                         k: int | None = None) -> dict[int, tuple[int, float, Hub, HubResult]]:
    """For each chain class: (unmet preferences, cheapest total, its hub, the hub's solution).
    A hub's total is its base plus its group's best ends and charms (solver.walk). With `k`,
    groups are priced best bound first (fewest unmet, then the walk's floor, over their hubs)
    and only until no other hub can enter the k best: the classes beyond those k may be missing.
    Of a class's hubs of one key, the first in walk order is its piece."""
    budget = space.request.budget_cents
    if space.infeasible:
        return {}
    walk = walk_of(space, deadline, space.modes())
    if walk is None:
        return {}
    prefs = space.request.preferences
    misses = np.array([[unmet_for(prefs, c.rep, m) for c in walk.chains] for m in walk.modes], dtype=np.int64)
    unmet, low = misses[walk.mode, walk.chain_at], walk.floor
    classes = walk.chain_index(np.arange(len(walk)))
    live = np.flatnonzero(np.isfinite(low) if budget is None else low <= budget)
    # The live hubs group by group, each group's hubs best bound first; groups by their best bound.
    by_group = live[np.lexsort((low[live], unmet[live], walk.group[live]))]
    starts = run_starts(walk.group[by_group])
    ends = np.append(starts[1:], len(by_group))
    firsts = by_group[starts]
    visit = np.lexsort((walk.group[firsts], low[firsts], unmet[firsts]))
    size = int(classes.max()) + 1
    best_unmet, best_total = np.full(size, np.iinfo(np.int64).max), np.full(size, INF)
    best_hub = np.full(size, -1)
    groups: dict[int, EndsAndCharms] = {}
    for i in visit.tolist():
        first = int(firsts[i])
        if k is not None and np.count_nonzero(best_hub >= 0) >= k:
            found = np.flatnonzero(best_hub >= 0)
            kth = found[np.lexsort((best_total[found], best_unmet[found]))[k - 1]]
            if (unmet[first], low[first]) > (best_unmet[kth], best_total[kth]):
                break
        if deadline.check():
            break
        g = int(walk.group[first])
        group = walk.group_of(g)
        if group is None:
            continue
        groups[g] = group
        at = np.sort(by_group[starts[i]:ends[i]])  # walk order
        total = walk.base[at] + group.best
        keep = np.isfinite(total) if budget is None else total <= budget
        at, total = at[keep], total[keep]
        # Per class, the group's best hub (ties: the first in walk order), then kept if better.
        order = np.lexsort((at, total, unmet[at], classes[at]))
        at, total = at[order], total[order]
        first_of = run_starts(classes[at])
        at, total = at[first_of], total[first_of]
        cls, u = classes[at], unmet[at]
        better = (u < best_unmet[cls]) | ((u == best_unmet[cls]) & (total < best_total[cls])) | (
            (u == best_unmet[cls]) & (total == best_total[cls]) & (at < best_hub[cls]))
        cls = cls[better]
        best_unmet[cls], best_total[cls], best_hub[cls] = u[better], total[better], at[better]
    out: dict[int, tuple[int, float, Hub, HubResult]] = {}
    for cls in np.flatnonzero(best_hub >= 0).tolist():
        h = int(best_hub[cls])
        hub, group = walk.hub(h), groups[int(walk.group[h])]
        out[cls] = (int(best_unmet[cls]), float(best_total[cls]), hub,
                    HubResult(float(best_total[cls]), find_piece=piece_finder(hub, group)))
    return out


def recommend(space: Space, k: int, deadline: Deadline) -> list[tuple[int, Assembly]]:
    """Up to k assemblies, each from a different chain class, best first."""
    ranked = sorted(best_per_chain_class(space, deadline, k).values(),
                    key=lambda item: (item[0], item[1], item[2].chain.members[0].sku))
    return [(int(total), rebuild(hub, result)) for _, total, hub, result in ranked[:k]]
