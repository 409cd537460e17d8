"""The load path against an oracle that knows it: every ring and connector between a hung charm
and the wearer's neck carries the whole hung weight — the chain, the clasp, the ring that joins
the clasp, and the extender's ring when the clasp hooks the extender — and each charm's own ring
carries that charm. Brute force over small worlds: check() refuses for load exactly when this
independent statement of the rule does, and count() agrees with the brute force (so the engine
splits its end options by ring load exactly)."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import given

from catalog.model import Catalog
from catalog.parts import Charm, Clasp, JumpRing
from catalog.rules import RuleCode
from catalog.styles import Style
from catalog.types import SlotKind
from solver.check import evaluate
from solver.request import Request
from tests.solver.bounded import bounded_solver
from tests.solver.oracle import assemblies, valid_assemblies
from tests.solver.test_options import EXAMPLES
from tests.solver.worlds import worlds


def _overloaded(catalog: Catalog, style: Style, values: dict[str, tuple[str, ...]]) -> bool:
    by_sku = catalog.by_sku()
    ring_of = {(j.b if j.a == style.carrier.name else j.a): j.ring for j in style.joins}

    def one(kind: SlotKind) -> object:
        for slot in style.slots_of(kind):
            found = values.get(slot.name, ())
            return by_sku[found[0]] if found else None
        return None

    chain, clasp, extender = one(SlotKind.CHAIN), one(SlotKind.CLASP), one(SlotKind.EXTENDER)
    charms = [by_sku[s] for slot in style.slots_of(SlotKind.CHARM) for s in values.get(slot.name, ())]
    hung = sum((c.weight_g for c in charms if isinstance(c, Charm)), Decimal(0))
    carriers: list[Decimal] = [chain.max_load_g]  # type: ignore[attr-defined]
    if isinstance(clasp, Clasp):
        carriers.append(clasp.max_load_g)
        for slot in style.slots_of(SlotKind.CLASP) + (style.slots_of(SlotKind.EXTENDER) if extender else []):
            ring = values.get(ring_of.get(slot.name) or "", ())
            if ring and isinstance(by_sku[ring[0]], JumpRing):
                carriers.append(by_sku[ring[0]].max_load_g)  # type: ignore[union-attr]
    if any(hung > limit for limit in carriers):
        return True
    for slot in style.slots_of(SlotKind.CHARM):
        ring = values.get(ring_of.get(slot.name) or "", ())
        for sku in values.get(slot.name, ()):
            if ring and by_sku[sku].weight_g > by_sku[ring[0]].max_load_g:  # type: ignore[union-attr]
                return True
    return False


@EXAMPLES
@given(worlds())
def test_check_refuses_for_load_exactly_on_the_load_path(world: tuple[Catalog, Style, Request]) -> None:
    catalog, style, _ = world
    request = Request()
    for assembly in assemblies(catalog, style):
        evaluation = evaluate(catalog, style, request, assembly)
        if any(v.code is RuleCode.CHARM_FITS_CARRIER for v in evaluation.violations):
            continue  # a charm that cannot hang does not load anything
        refused = any(v.code is RuleCode.LOAD_WITHIN_LIMITS for v in evaluation.violations)
        assert refused == _overloaded(catalog, style, assembly.as_dict()), (assembly, evaluation.violations)


@EXAMPLES
@given(worlds())
def test_the_engine_counts_the_load_path(world: tuple[Catalog, Style, Request]) -> None:
    catalog, style, _ = world
    request = Request()
    result = bounded_solver(catalog).count(style.id, request)
    assert result.count == len(valid_assemblies(catalog, style, request))
