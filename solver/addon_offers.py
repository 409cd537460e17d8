"""The candidates add_ons judges: per slot with room, the screened modules and how to find their rings.

A charm may go into a charm slot with room — on the slot's owned ring, on a new ring when the
slot is empty, or mounted directly when the slot takes no ring — and an extender into an empty
extender slot, on a new ring. Modules and rings are screened (`addon_screen`) and each module's
rings are listed only when the judge reaches it (`addon_judge`), cheapest first, with the price
floor of the piece they would make.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from catalog.styles import Slot
from catalog.types import SlotKind
from solver import addon_screen as screen
from solver.addon_arrays import PartArrays, arrays
from solver.addon_judge import Offer, Ring, Rings
from solver.addon_rings import by_price, charm_rings, extender_rings
from solver.addon_screen import OwnedPiece


def offers(piece: OwnedPiece, base_cents: int) -> list[Offer]:
    """Every slot's candidates, in the order the unscreened loop met them (charm slots, then
    extender slots; modules in catalog order). `base_cents`: the owned piece's own price."""
    catalog, style = piece.catalog, piece.style
    rings = arrays(catalog, SlotKind.JUMP_RING)
    chosen = piece.assembly.as_dict()
    ring_of = {(j.b if j.a == style.carrier.name else j.a): j.ring for j in style.joins}
    out: list[Offer] = []
    offset = 0
    for slot in style.slots_of(SlotKind.CHARM):
        arr = arrays(catalog, SlotKind.CHARM)
        have = chosen.get(slot.name, ())
        if len(have) < slot.max_count:
            ring_slot = ring_of.get(slot.name)
            owned_ring = screen.one_of(piece.parts[ring_slot]) if ring_slot is not None else None
            if owned_ring is not None and ring_slot is not None and not _reusable(piece, rings, slot, ring_slot):
                fresh = np.zeros(len(arr.parts), dtype=bool)
            else:
                fresh = screen.charms(piece, arr, slot, ring_slot is not None, owned_ring)
            out.append(_offer(piece, slot, ring_slot, arr, rings, fresh, offset, base_cents, have, owned_ring))
        offset += len(arr.parts)
    for slot in style.slots_of(SlotKind.EXTENDER):
        arr = arrays(catalog, SlotKind.EXTENDER)
        if not chosen.get(slot.name):
            fresh = screen.extenders(piece, arr, slot)
            out.append(_offer(piece, slot, ring_of.get(slot.name), arr, rings, fresh, offset, base_cents, (), None))
        offset += len(arr.parts)
    return out


def _reusable(piece: OwnedPiece, rings: PartArrays, slot: Slot, ring_slot: str) -> bool:
    """A new charm on the slot's owned ring uses one more ring of its type: `evaluate` charges it
    and checks it as a new part (supply, finish), and, the ring counting as new, its contact with
    the chain and with the charms already on it (GALVANIC), whichever charm is added."""
    ring = piece.parts[ring_slot][0]
    touches = [piece.chain, *piece.parts[slot.name]]
    ok = screen.new_part(piece, rings, piece.style.slot(ring_slot), touches, modules=False)
    return bool(ok[rings.index[ring.sku]])


def _offer(piece: OwnedPiece, slot: Slot, ring_slot: str | None, arr: PartArrays, rings: PartArrays,
           fresh: np.ndarray, offset: int, base_cents: int, have: tuple[str, ...], owned_ring: Any) -> Offer:
    """One slot's candidates: the new modules `fresh` lets through, and the modules the owner
    already has elsewhere, unscreened (`evaluate` charges and checks them as owned)."""
    style, request = piece.style, piece.request
    q = request.quantity
    unit = arr.unit_cents(q)
    ring_units = rings.unit_cents(q)
    # What a new module must add: itself, its joint and (a nameplate) the engraving of the text.
    adds = unit + style.labour_per_joint.amount_cents
    if "nameplate" in arr.extra and request.text:
        adds = adds + np.where(arr.extra["nameplate"], len(request.text) * arr.extra["per_character"], 0)
    held = ~piece.new(arr)
    for sku in have:
        held[arr.index[sku]] = False  # already in this slot: not offered again
    every = by_price(rings, q)
    if ring_slot is None:
        ring_floor = np.zeros(len(arr.parts), dtype=np.int64)
        shared: np.ndarray = every[:0]
    elif owned_ring is not None:
        # One more use of the owner's ring type: charged once, as `evaluate` counts ring uses.
        ring_floor = np.full(len(arr.parts), int(ring_units[rings.index[owned_ring.sku]]), dtype=np.int64)
        shared = every[:0]
    else:
        carries = piece.hung_g if arr.kind is SlotKind.EXTENDER and piece.clasp is not None else None
        shared = every[screen.new_rings(piece, rings, style.slot(ring_slot), carries)[every]]
        if not len(shared):
            fresh = np.zeros(len(arr.parts), dtype=bool)
        ring_floor = np.full(len(arr.parts), int(ring_units[shared[0]]) if len(shared) else 0, dtype=np.int64)
    picked = np.flatnonzero(fresh | held)
    floor = np.where(held[picked], base_cents, base_cents + adds[picked] + ring_floor[picked])
    fits: dict[tuple[Any, ...], np.ndarray] = {}  # one ring screen per physical class of module

    def listed(i: int) -> Rings:
        position = int(picked[i])
        module = arr.parts[position]
        if ring_slot is None:
            return [(None, int(floor[i]))]
        if owned_ring is not None:
            return [(owned_ring.sku, int(floor[i]))]
        owners = bool(held[position])
        key = (owners, *_physical(module))
        found = fits.get(key)
        if found is None:
            found = fits[key] = _fitting(piece, rings, every if owners else shared, module)
        if owners:  # neither charged nor checked as a new part: every ring the join accepts
            return _Listed(rings, found, np.full(len(found), base_cents, dtype=np.int64))
        return _Listed(rings, found, base_cents + int(adds[position]) + ring_units[found])

    return Offer(slot.name, ring_slot, [arr.parts[p].sku for p in picked.tolist()], offset + picked,
                 floor.astype(np.int64), listed)


class _Listed:
    """Rings (positions, cheapest first) and the floors of the pieces they make, read one by one:
    a module that fits a thousand rings is mostly judged on its first."""

    def __init__(self, rings: PartArrays, positions: np.ndarray, floors: np.ndarray) -> None:
        self.rings, self.positions, self.floors = rings, positions, floors

    def __len__(self) -> int:
        return len(self.positions)

    def __getitem__(self, pos: int) -> Ring:
        return self.rings.parts[int(self.positions[pos])].sku, int(self.floors[pos])


def _physical(module: Any) -> tuple[Any, ...]:
    """What the join screen reads of a module: modules alike in it share their ring list."""
    if module.kind == SlotKind.EXTENDER.value:
        return (module.end_link_inner_mm, module.link_wire_mm)
    return (module.connector, module.loop_inner_mm, module.loop_wire_mm, module.weight_g)


def _fitting(piece: OwnedPiece, rings: PartArrays, candidates: np.ndarray, module: Any) -> np.ndarray:
    physics = piece.catalog.physics
    screen_of: Callable[..., np.ndarray] = extender_rings if module.kind == SlotKind.EXTENDER.value else charm_rings
    return screen_of(rings, candidates, piece.chain, module, physics)
