"""Every hub of a space, one object at a time, for tests that look at hubs one by one (the
engine lists them as arrays: solver.roster, solver.walk)."""

from __future__ import annotations

from collections.abc import Iterator

from solver.hub import INF, Hub
from solver.hub_groups import group_of, options_open
from solver.hubs import hub_choices, ruled_options
from solver.hubsolve import hub_fixed_cost
from solver.space import Space


def every_hub(space: Space) -> Iterator[Hub]:
    """Finish modes × chain classes × hub choices, valid or not, in walk order."""
    ruled = frozenset(ruled_options(space))
    for mode in space.modes():
        for chain in space.classes[space.style.carrier.name]:
            for chosen, lifted in hub_choices(space):
                yield Hub(space, chain, mode, chosen, ruled, lifted)


def hub_total(hub: Hub) -> float:
    """The hub's cheapest piece, as the walk prices it: its fixed cost, its network context's
    cost and its group's best ends and charms (INF: the hub holds no piece)."""
    if not hub.valid() or not options_open(hub.space) or not hub.net.feasible:
        return INF
    group = group_of(hub)
    return INF if group is None else hub_fixed_cost(hub) + hub.net.cost + group.best
