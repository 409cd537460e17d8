"""Lower bounds on a hub's cheapest piece, read before any of its tables is built.

A piece pays its chain, its plating and its options, then at least the cheapest admitted class
of every end and charm it must hold (with a ring and a joint each). Under one hub the admitted
classes are the hub's (its finish and rules), so the floor is per finish, not per chain; a
floor of +inf means a part the piece must hold has no admitted class, and the hub holds no piece.

A walk that wants one part slot's offers alone (options lists a picked slot as if unpicked;
enumeration expands one slot) may skip every hub whose floor is no lower than the best each
class the hub could offer already has: the skipped hub's offers are no lower either, so neither
the slot's offers nor the walk's best total change.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from catalog.types import SlotKind
from solver.hub import INF, Hub
from solver.space import Mode, Space
from solver.units import class_table

Cheapest = Callable[[str], float]


def rest_floor(space: Space, cheapest_of: Cheapest | None = None) -> float:
    """A lower bound on what every piece pays beyond its chain, plating and options: the
    cheapest class (and ring, and joint) of each end the piece must have, and the charms it must
    carry. `cheapest_of`: a slot's cheapest class to choose (among the space's by default, among
    a hub's admitted ones under its finish). Every hub's total is at least its base plus this."""
    labour = space.style.labour_per_joint.amount_cents
    floor = 0.0

    def cheapest(slot: str | None) -> float:
        if not slot:
            return 0.0
        if cheapest_of is not None:
            return cheapest_of(slot)
        return min((c.min_cost for c in space.classes.get(slot, [])), default=INF)

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


def hub_rest_floor(hub: Hub) -> float:
    """`rest_floor` under the classes the hub admits (+inf: none for a part the piece needs)."""
    space = hub.space
    slots = floor_slots(space)
    # Per finish (and lifted values), kept with every request that narrows and picks these slots
    # alike: the same for every chain, and for enumeration's prefixes that fix only the chain.
    memo = space.memo_for(*slots)
    key = hub.keyed(("hub-rest-floor",), lambda: ("hub-rest-floor", floor_key(hub)))
    rest: float | None = memo.get(key)
    if rest is None:
        rest = memo.setdefault(key, rest_floor(space, lambda slot: _cheapest_admitted(hub, slot)))
    return rest


def floor_key(hub: Hub) -> tuple[bytes, ...]:
    """What `hub_rest_floor` reads of the hub: the classes it admits in the floor's slots."""
    return tuple(hub.mask_key(s) for s in floor_slots(hub.space))


def _cheapest_admitted(hub: Hub, slot: str) -> float:
    """The least cost of a class the request leaves in the slot and the hub admits (+inf: none).
    Kept per slot with every request that narrows that slot alike: a prefix of a page of
    assemblies narrows one slot, and the floor's other slots are read back, not found again."""
    memo = hub.space.memo_for(slot, picks_matter=False)
    key = ("cheapest-admitted", slot, hub.mask_key(slot))
    found: float | None = memo.get(key)
    if found is None:
        costs = class_table(hub.space, slot).min_cost[admitted(hub, slot)]
        found = memo.setdefault(key, float(costs.min()) if len(costs) else INF)
    return found


def admitted(hub: Hub, slot: str) -> np.ndarray:
    """Per base class of the slot: the request leaves it and the hub admits it."""
    found: np.ndarray = hub.admit_mask(slot) & class_table(hub.space, slot).alive
    return found


def floor_slots(space: Space) -> tuple[str, ...]:
    found: tuple[str, ...] | None = space.memo.get(("floor-slots",))
    if found is None:
        kinds = (SlotKind.CLASP, SlotKind.EXTENDER, SlotKind.CHARM)
        found = space.memo.setdefault(("floor-slots",), tuple(
            name for kind in kinds for s in space.slots_of(kind) for name in (s.name, space.ring_of.get(s.name))
            if name))
    return found


class Pruning:
    """Which hubs a walk may skip. Every walk skips a hub whose floor is +inf. A walk for the
    best total alone (`collect` false) skips a hub whose floor is no lower than that best so far.
    A walk that wants one part slot's offers alone skips a hub whose floor is no lower than the
    best every class it could offer already has: its chain's or its plating's (the walk's best
    when it has no plating), or the dearest best among the classes of the slot it admits. Such a
    walk takes the cheapest finishes first, so that their hubs set the bars (its example is never
    read, so which of two equal pieces it finds first is moot)."""

    def __init__(self, space: Space, collect: bool, only: str | None) -> None:
        self.space = space
        self.plating = {s.name for s in space.slots_of(SlotKind.PLATING)}
        self.carrier = space.style.carrier.name
        self.total_only = not collect
        self.by = only if collect and only is not None and _prunable(space, only) else None

    def modes(self) -> list[Mode]:
        modes = self.space.modes()
        if self.by is None:
            return modes
        return sorted(modes, key=lambda m: m.plating.min_cost if m.plating else 0)  # stable: ties keep order


def _prunable(space: Space, slot: str) -> bool:
    """Offers per class only: a part slot, with no counting rule in force (at_least rules make
    offers per member, which the bar does not read). Option slots are offered per hub context."""
    return space.style.slot(slot).kind is not SlotKind.OPTION and not any(r.counts for r in space.rules)
