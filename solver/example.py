"""Rebuild the cheapest assembly of a hub from its argmin choices."""

from __future__ import annotations

from catalog.types import SlotKind
from solver.assembly import Assembly
from solver.hub import EndOption, Hub
from solver.hubsolve import HubResult, option_costs
from solver.space import PartClass


def cheapest_member(cls: PartClass, exclude: set[str] | frozenset[str] = frozenset()) -> str:
    return next(m.sku for m in cls.members if m.sku not in exclude)


def rebuild(hub: Hub, result: HubResult) -> Assembly:
    space = hub.space
    style = space.style
    values: dict[str, tuple[str, ...]] = {style.carrier.name: (hub.chain.members[0].sku,)}
    if hub.mode.plating is not None:
        values[space.slots_of(SlotKind.PLATING)[0].name] = (hub.mode.plating.members[0].sku,)
    _, cheapest_option = option_costs(hub)
    for name, options in space.option_values.items():
        if name in hub.options:
            values[name] = (hub.options[name],)
        elif options and space.option_required(name):
            price = cheapest_option[name]
            values[name] = (next(code for code, p in options if p == price),)
    for kind, end in ((SlotKind.CLASP, result.clasp), (SlotKind.EXTENDER, result.extender)):
        _place_end(hub, kind, end, values)
    for slot in space.slots_of(SlotKind.CHARM):
        forced = tuple(m.sku for m in space.forced.get(slot.name, ()))
        chosen = list(forced)
        for unit in result.charms:
            if unit.slot == slot.name:
                chosen.append(cheapest_member(unit.charm, set(forced)))
        if chosen:
            values[slot.name] = tuple(sorted(chosen))
            ring = result.charm_rings.get(slot.name)
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
