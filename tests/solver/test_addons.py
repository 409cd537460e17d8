"""add_ons() against brute force: every add-on yields a valid extended piece, and none is missed."""

from __future__ import annotations

from hypothesis import given

from catalog.model import Catalog
from catalog.styles import Style
from catalog.types import SlotKind
from solver.assembly import Assembly
from solver.check import evaluate
from solver.request import Request
from tests.solver.bounded import bounded_solver
from tests.solver.oracle import valid_assemblies
from tests.solver.test_options import EXAMPLES
from tests.solver.worlds import worlds


@EXAMPLES
@given(worlds())
def test_add_ons_extend_validly_and_completely(world: tuple[Catalog, Style, Request]) -> None:
    catalog, style, _ = world
    valid = valid_assemblies(catalog, style, Request())
    if not valid:
        return
    # An owned piece carries no option record: the solver assumes the plainest value.
    owned_assembly = next((e.assembly for e in reversed(valid) if all(
        e.assembly.get(s.name) == (min(s.values, key=lambda v: (v.price.amount_cents, v.code)).code,)
        for s in style.slots_of(SlotKind.OPTION) if s.min_count)), None)
    if owned_assembly is None:
        return
    owned = list(owned_assembly.skus())
    option_codes = {v.code for s in style.slots_of(SlotKind.OPTION) for v in s.values}
    owned = [s for s in owned if s not in option_codes]
    result = bounded_solver(catalog).add_ons(owned, Request(), first=100)
    got = {(a.slot, a.skus[0]) for a in result.items}
    for item in result.items:
        assert item.evaluation.valid, item.evaluation.violations
    # Brute force: every charm on every ring in every charm slot with room.
    chosen = owned_assembly.as_dict()
    ring_of = {(j.b if j.a == style.carrier.name else j.a): j.ring for j in style.joins}
    expected = set()
    rings = [p.sku for p in catalog.parts_of(SlotKind.JUMP_RING)]
    for slot in style.slots_of(SlotKind.CHARM):
        if len(chosen.get(slot.name, ())) >= slot.max_count:
            continue
        ring_slot = ring_of[slot.name]
        options = [None] if ring_slot is None else (list(chosen.get(ring_slot, ())) or rings)
        for charm in catalog.parts_of(SlotKind.CHARM):
            if charm.sku in chosen.get(slot.name, ()):
                continue
            for ring in options:
                extended = dict(chosen)
                extended[slot.name] = tuple(sorted({*chosen.get(slot.name, ()), charm.sku}))
                if ring_slot is not None and ring is not None:
                    extended[ring_slot] = (ring,)
                assembly = Assembly(style.id, tuple((s, extended.get(s, ())) for s, _ in owned_assembly.choice))
                verdict = evaluate(catalog, style, Request(), assembly, owned=frozenset(owned))
                plated = [catalog.by_sku()[s] for s in owned if catalog.by_sku()[s].kind == "plating"]
                colour_ok = not plated or charm.colour is plated[0].colour  # type: ignore[union-attr]
                if verdict.valid and colour_ok:
                    expected.add((slot.name, charm.sku))
    for slot in style.slots_of(SlotKind.EXTENDER):
        if chosen.get(slot.name):
            continue
        for extender in catalog.parts_of(SlotKind.EXTENDER):
            for ring in rings:
                extended = dict(chosen)
                extended[slot.name] = (extender.sku,)
                extended[ring_of[slot.name]] = (ring,)
                assembly = Assembly(style.id, tuple((s, extended.get(s, ())) for s, _ in owned_assembly.choice))
                verdict = evaluate(catalog, style, Request(), assembly, owned=frozenset(owned))
                plated = [catalog.by_sku()[s] for s in owned if catalog.by_sku()[s].kind == "plating"]
                if verdict.valid and (not plated or extender.colour is plated[0].colour):  # type: ignore[union-attr]
                    expected.add((slot.name, extender.sku))
    assert got == expected
