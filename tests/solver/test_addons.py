"""add_ons() against brute force: every add-on yields a valid extended piece, and none is missed."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from catalog.model import Catalog
from catalog.styles import Style
from catalog.types import SlotKind
from solver.addons import identify
from solver.assembly import Assembly
from solver.check import evaluate
from solver.request import Request
from tests.solver.bounded import bounded_solver
from tests.solver.oracle import valid_assemblies
from tests.solver.test_options import EXAMPLES
from tests.solver.worlds import worlds


@EXAMPLES
@given(worlds(), st.booleans())
def test_add_ons_extend_validly_and_completely(world: tuple[Catalog, Style, Request], replate: bool) -> None:
    """Brute force over the owned piece plus one add-on, judged by check itself: an add-on is
    offered exactly when the extended piece is valid (bare on a plated piece, or re-plated with
    it), at the cheapest such piece's price, which charges the new parts and joints only."""
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
    result = bounded_solver(catalog).add_ons(owned, Request(), first=100, replate=replate)
    got = {(a.slot, a.skus[0]): a.price_cents for a in result.items}
    for item in result.items:
        assert item.evaluation.valid, item.evaluation.violations
        assert item.price_cents == item.evaluation.price.total_cents
    assert got == _brute_add_ons(catalog, style, owned_assembly, owned, replate)[0]


def _brute_add_ons(catalog: Catalog, style: Style, owned_assembly: Assembly, owned: list[str],
                   replate: bool) -> tuple[dict[tuple[str, str], int], int]:
    """Every add-on's cheapest valid extended piece, by judging every module on every ring; and
    how many modules had valid rings at two prices or more (so that the cheapest one matters)."""
    prices: dict[tuple[str, str], set[int]] = {}
    # Brute force: every charm on every ring in every charm slot with room, every extender.
    # An owned piece keeps no record of its options: a required slot takes its plainest value,
    # an optional one is left out (they were paid for with the piece, not with the add-on).
    chosen = owned_assembly.as_dict()
    for slot in style.slots_of(SlotKind.OPTION):
        plainest = min(slot.values, key=lambda v: (v.price.amount_cents, v.code)).code
        chosen[slot.name] = (plainest,) if slot.min_count else ()
    ring_of = {(j.b if j.a == style.carrier.name else j.a): j.ring for j in style.joins}
    rings = [p.sku for p in catalog.parts_of(SlotKind.JUMP_RING)]

    def judge(slot: str, sku: str, extended: dict[str, tuple[str, ...]]) -> None:
        assembly = Assembly(style.id, tuple((s, extended.get(s, ())) for s, _ in owned_assembly.choice))
        verdict = evaluate(catalog, style, Request(), assembly, owned=frozenset(owned), replate=replate)
        if verdict.valid:
            prices.setdefault((slot, sku), set()).add(verdict.price.total_cents)

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
                judge(slot.name, charm.sku, extended)
    for slot in style.slots_of(SlotKind.EXTENDER):
        if chosen.get(slot.name):
            continue
        for extender in catalog.parts_of(SlotKind.EXTENDER):
            for ring in rings:
                extended = dict(chosen)
                extended[slot.name] = (extender.sku,)
                extended[ring_of[slot.name]] = (ring,)
                judge(slot.name, extender.sku, extended)
    return {k: min(v) for k, v in prices.items()}, sum(1 for v in prices.values() if len(v) > 1)


@pytest.mark.parametrize("owned", [["CH-CABLE-SS-18IN-1.2", "CL-LOB-SS-10", "JR-SS-20G-4.0", "PL-RH-0.75"],
                                   ["CH-CABLE-SS-18IN-1.2", "CL-LOB-SS-10", "JR-SS-20G-4.0"]])
@pytest.mark.parametrize("replate", [False, True])
def test_an_add_on_comes_with_its_cheapest_ring(owned: list[str], replate: bool) -> None:
    """On the demo catalog, a sterling piece with an empty charm slot, plated or not: most charms
    fit several rings at different prices, and each add-on is priced with the cheapest ring the
    extended piece accepts, as judging every ring finds."""
    from catalog.demo import load_demo_catalog

    catalog = load_demo_catalog()
    placed = identify(catalog, owned)
    assert placed is not None
    style, assembly = placed
    expected, spread = _brute_add_ons(catalog, style, assembly, owned, replate)
    assert spread > 10  # the test bites: the ring matters for most modules
    result = bounded_solver(catalog).add_ons(owned, Request(), first=1000, replate=replate)
    assert {(a.slot, a.skus[0]): a.price_cents for a in result.items} == expected


# --- a rhodium-plated piece, as its owner brings it back (demo catalog, real prices) ------------------

PLATED_PIECE = ["CH-CABLE-SS-18IN-1.2", "CL-LOB-SS-10", "JR-SS-20G-4.0", "CM-HEART-SS", "JR-SS-22G-3.0",
                "PL-RH-0.75"]


def _demo_add_ons(replate: bool) -> dict[str, object]:
    from catalog.demo import load_demo_catalog

    result = bounded_solver(load_demo_catalog()).add_ons(PLATED_PIECE, Request(), first=100, replate=replate)
    return {a.skus[0]: a for a in result.items}


def test_a_bare_add_on_matches_the_plating_and_touches_no_other_metal() -> None:
    bare = _demo_add_ons(replate=False)
    # Enamel never goes through the bath: attached as it is, it is welcome.
    assert "CM-EVILEYE-SS" in bare
    # Brass shows yellow on a rhodium piece; nickel silver corrodes against the sterling ring.
    assert "CM-STAR-BR" not in bare and "CM-HEART-NS" not in bare
    star = bare["CM-STAR-SS"]
    steps = [s.action for s in star.evaluation.steps]  # type: ignore[attr-defined]
    assert "plate" not in steps
    # The star and one new ring and one new joint (€1.50): not the owned piece's joints again.
    assert star.evaluation.price.plating_cents == 0  # type: ignore[attr-defined]
    assert star.evaluation.price.labour_cents == 150  # type: ignore[attr-defined]
    from catalog.demo import load_demo_catalog

    prices = {p.sku: p.price.amount_cents for p in load_demo_catalog().parts}
    assert star.price_cents == prices["CM-STAR-SS"] + prices["JR-SS-22G-3.0"] + 150  # type: ignore[attr-defined]


def test_a_replated_add_on_pays_the_bath_and_must_survive_it() -> None:
    replated = _demo_add_ons(replate=True)
    assert "CM-EVILEYE-SS" not in replated  # enamel spoils in the bath
    brass = replated["CM-STAR-BR"]
    assert brass.evaluation.price.plating_cents == 1200  # type: ignore[attr-defined]
    assert "plate" in [s.action for s in brass.evaluation.steps]  # type: ignore[attr-defined]
    assert brass.evaluation.price.labour_cents == 150  # type: ignore[attr-defined]
