"""Rebuild the cheapest assembly of a hub from its argmin choices."""

from __future__ import annotations

from catalog.types import SlotKind
from solver.assembly import Assembly
from solver.hub import EndOption, Hub
from solver.hubsolve import HubResult
from solver.space import PartClass


def cheapest_member(cls: PartClass, exclude: set[str] | frozenset[str] = frozenset()) -> str:
    return next(m.sku for m in cls.members if m.sku not in exclude)


def rebuild(hub: Hub, result: HubResult) -> Assembly:
    space = hub.space
    style = space.style
    values: dict[str, tuple[str, ...]] = {style.carrier.name: (hub.chain.members[0].sku,)}
    if hub.mode.plating is not None:
        values[space.slots_of(SlotKind.PLATING)[0].name] = (hub.mode.plating.members[0].sku,)
    for name, code in hub.options.items():
        values[name] = (code,)
    for name, chosen in hub.net.choice.items():
        if chosen is not None:
            values[name] = (chosen,)
    for kind, end in ((SlotKind.CLASP, result.piece.clasp), (SlotKind.EXTENDER, result.piece.extender)):
        _place_end(hub, kind, end, values)
    for slot in space.slots_of(SlotKind.CHARM):
        forced = tuple(m.sku for m in space.forced.get(slot.name, ()))
        hung = list(forced)
        for unit in result.piece.charms:
            if unit.slot == slot.name:
                hung.append(cheapest_member(unit.charm, set(hung)))  # at_least: a class may give two
        if hung:
            values[slot.name] = tuple(sorted(hung))
            ring = result.piece.charm_rings.get(slot.name)
            ring_slot = space.ring_of.get(slot.name)
            if ring_slot and ring is not None:
                values[ring_slot] = (ring.members[0].sku,)
    order = [s.name for s in style.slots]
    return Assembly.build(style.id, order, values)


def _place_end(hub: Hub, kind: SlotKind, end: EndOption | None, values: dict[str, tuple[str, ...]]) -> None:
    slots = hub.space.slots_of(kind)
    if not slots or end is None or end.part is None:
        return
    values[slots[0].name] = (end.part.members[0].sku,)
    ring_slot = hub.space.ring_of.get(slots[0].name)
    if ring_slot:
        ring = min(end.rings, key=lambda r: (r.min_cost, r.members[0].sku))
        values[ring_slot] = (ring.members[0].sku,)
