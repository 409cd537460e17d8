"""add_ons(): modules that attach to a piece someone owns, without taking it apart.

The owned piece is known by its SKUs only (retired ones included). It is placed into the style
whose slots it fills validly; then every charm that a free place in a charm slot can take (on the
slot's ring, or a new ring when the slot is empty) and every extender for an empty extender slot
is tried on the whole extended piece, as `check` judges it (DESIGN §3): the owned parts need no
stock and cost nothing; an add-on is attached as it is — bare on a plated piece, so its finish
must match the plating and it must not corrode what it touches — unless the owner asks for the
whole piece to be re-plated (then platability, the plating's price and lead time apply). Its price
is the extended piece's: new parts, new joints' labour, engraving, and re-plating if asked.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator, Sequence

from catalog.model import Catalog
from catalog.parts import Part
from catalog.rules import RuleCode
from catalog.styles import Style
from catalog.types import SlotKind
from solver.addon_rings import alone, by_price, charm_rings, extender_rings
from solver.assembly import Assembly, Evaluation
from solver.check import evaluate
from solver.hubs import Deadline
from solver.request import Request
from solver.results import AddOn, AddOns, ExitStatus, Reason


def identify(catalog: Catalog, owned: list[str]) -> tuple[Style, Assembly] | None:
    """The first style (in catalog order) the owned SKUs form a valid piece of."""
    by_sku = catalog.by_sku()
    parts = [by_sku[s] for s in owned if s in by_sku]
    if len(parts) != len(owned):
        return None
    for style in catalog.styles:
        for assembly in _placements(style, parts):
            verdict = evaluate(catalog, style, Request(), assembly, owned=frozenset(owned))
            if verdict.valid:
                return style, assembly
    return None


def _placements(style: Style, parts: Sequence[Part]) -> Iterator[Assembly]:
    order = [s.name for s in style.slots]
    by_kind: dict[str, list[str]] = {}
    for part in parts:
        by_kind.setdefault(part.kind, []).append(part.sku)
    rings = {j.ring: (j.b if j.a == style.carrier.name else j.a) for j in style.joins if j.ring}
    fixed: dict[str, tuple[str, ...]] = {}
    for kind in (SlotKind.CHAIN, SlotKind.CLASP, SlotKind.EXTENDER, SlotKind.PLATING):
        slots = style.slots_of(kind)
        found = tuple(by_kind.get(kind.value, ()))
        if len(found) > (1 if slots else 0):
            return
        if slots and found:
            fixed[slots[0].name] = found
    for slot in style.slots_of(SlotKind.OPTION):
        if slot.min_count:
            # An owned piece keeps no record of its options (gift box, font): take the plainest.
            fixed[slot.name] = (min(slot.values, key=lambda v: (v.price.amount_cents, v.code)).code,)
    charm_slots = [s.name for s in style.slots_of(SlotKind.CHARM)]
    charms = by_kind.get("charm", [])
    if charms and not charm_slots:
        return
    for homes in itertools.product(charm_slots, repeat=len(charms)):
        values = dict(fixed)
        for sku, home in zip(charms, homes, strict=True):
            values[home] = (*values.get(home, ()), sku)
        needing = [r for r, joined in rings.items() if values.get(joined)]
        owned_rings = by_kind.get("jump_ring", [])
        if len(set(owned_rings)) > len(needing):
            continue
        for choice in itertools.product(sorted(set(owned_rings)) or [""], repeat=len(needing)):
            if needing and set(choice) != set(owned_rings):
                continue
            full = dict(values)
            full.update({slot: (sku,) for slot, sku in zip(needing, choice, strict=True) if sku})
            yield Assembly.build(style.id, order, full)


def add_ons(catalog: Catalog, owned: list[str], request: Request, first: int, deadline: Deadline,
            replate: bool = False) -> AddOns:
    placed = identify(catalog, owned)
    if placed is None:
        return AddOns(None, (), (Reason(RuleCode.SELECTION, "these SKUs form no valid piece of any style"),))
    style, assembly = placed
    found: list[AddOn] = []
    judged = request.model_copy(update={"budget_cents": None, "picks": ()})
    for slot, module, ring_slot, rings in _offers(catalog, style, assembly, request, replate):
        for ring in rings:
            if deadline.check():
                break
            skus = [(slot, module)] + ([(ring_slot, ring)] if ring is not None and ring_slot is not None else [])
            extended = dict(assembly.choice)
            for name, value in skus:
                extended[name] = tuple(sorted({*extended.get(name, ()), value}))
            candidate = Assembly(style.id, tuple((s, extended.get(s, ())) for s, _ in assembly.choice))
            verdict = evaluate(catalog, style, judged, candidate, owned=frozenset(owned), replate=replate)
            if not verdict.valid:
                continue
            price = verdict.price.total_cents
            if request.budget_cents is None or price <= request.budget_cents:
                found.append(AddOn(slot, tuple(v for _, v in skus), price, verdict))
            break  # rings come cheapest first: the rest make the same piece dearer
    ranked = sorted(found, key=lambda a: (a.price_cents, a.skus))  # one per module: its cheapest ring
    reasons = () if ranked else (Reason(RuleCode.CHARM_CAPACITY, "no module fits this piece as it is"),)
    status = ExitStatus.INCOMPLETE if deadline.expired else ExitStatus.COMPLETE
    return AddOns(style.id, tuple(ranked[:first]), reasons, status)


def _offers(catalog: Catalog, style: Style, assembly: Assembly, request: Request,
            replate: bool) -> Iterator[tuple[str, str, str | None, list[str | None]]]:
    """(slot, module, its ring slot, the rings to try cheapest first) for every module that might
    attach: a charm in a charm slot with room (on the slot's ring, or a new one when the slot is
    empty), an extender in an empty extender slot."""
    chosen = assembly.as_dict()
    by_sku = catalog.by_sku()
    chain = next((by_sku[s] for c in style.slots_of(SlotKind.CHAIN) for s in chosen.get(c.name, ())), None)
    physics = catalog.physics
    plating = next((by_sku[s] for p in style.slots_of(SlotKind.PLATING) for s in chosen.get(p.name, ())), None)
    rings = by_price(list(catalog.parts_of(SlotKind.JUMP_RING)), request.quantity)  # type: ignore[arg-type]
    if chain is not None:
        rings = alone(rings, chain, plating, replate, request.quantity, request.nickel_free,  # type: ignore[arg-type]
                      physics)
    ring_of = {(j.b if j.a == style.carrier.name else j.a): j.ring for j in style.joins}
    for slot in style.slots_of(SlotKind.CHARM):
        have = chosen.get(slot.name, ())
        if len(have) >= slot.max_count:
            continue
        ring_slot = ring_of.get(slot.name)
        owned_ring = list(chosen.get(ring_slot, ())) if ring_slot is not None else []
        for charm in catalog.parts_of(SlotKind.CHARM):
            if charm.sku in have:
                continue
            if ring_slot is None:
                yield slot.name, charm.sku, None, [None]
            elif owned_ring:
                yield slot.name, charm.sku, ring_slot, list(owned_ring)
            elif chain is not None:
                fits = charm_rings(rings, chain, charm, physics)  # type: ignore[arg-type]
                yield slot.name, charm.sku, ring_slot, [r.sku for r in fits]
    for slot in style.slots_of(SlotKind.EXTENDER):
        if chosen.get(slot.name) or chain is None:
            continue
        ring_slot = ring_of.get(slot.name)
        for extender in catalog.parts_of(SlotKind.EXTENDER):
            if ring_slot is None:
                yield slot.name, extender.sku, None, [None]
            else:
                fits = extender_rings(rings, chain, extender, physics)  # type: ignore[arg-type]
                yield slot.name, extender.sku, ring_slot, [r.sku for r in fits]


def owned_evaluation(catalog: Catalog, owned: list[str]) -> Evaluation | None:
    placed = identify(catalog, owned)
    if placed is None:
        return None
    style, assembly = placed
    return evaluate(catalog, style, Request(), assembly, owned=frozenset(owned))
