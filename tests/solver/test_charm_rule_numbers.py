"""Counting rules and charm × charm tables on real numbers: the demo's charm necklace with "at most
one nameplate", and a bracelet whose count passes 2^64, each against a number computed another way
(so that a rule the engine ignored, or a count it rounded, fails)."""

from __future__ import annotations

from math import comb
from typing import Any

from catalog.compat import CompatibilityRule
from catalog.demo import load_demo_catalog
from catalog.model import Catalog
from catalog.types import SlotKind
from solver.request import Request, SlotPick
from solver.results import ExitStatus
from tests.solver.bounded import bounded_solver

NECKLACE = "charm-necklace"


def _count(catalog: Catalog, style: str, request: Request) -> int:
    result = bounded_solver(catalog).count(style, request)
    assert result.status is ExitStatus.COMPLETE
    return result.count


def _with(catalog: Catalog, *rules: dict[str, Any]) -> Catalog:
    return catalog.model_copy(update={"rules": (*catalog.rules, *(CompatibilityRule.model_validate(r) for r in rules))})


def _at_most_one(catalog: Catalog, chosen: list[str]) -> int:
    """Pieces holding at most one of `chosen`, counted without any counting rule: none of them
    (all excluded), plus for each one, pieces that hold it and none of the others."""
    none = _count(catalog, NECKLACE, Request(exclude=tuple(chosen)))
    one = sum(_count(catalog, NECKLACE, Request(picks=(SlotPick(slot="charms", skus=(sku,)),),
                                                exclude=tuple(s for s in chosen if s != sku)))
              for sku in chosen)
    return none + one


def test_at_most_one_nameplate_on_the_demo_charm_necklace() -> None:
    demo = load_demo_catalog()
    nameplates = sorted(p.sku for p in demo.parts_of(SlotKind.CHARM) if p.nameplate)
    without = _count(demo, NECKLACE, Request())
    ruled = _with(demo, {"id": "one-nameplate", "columns": [{"kind": "charm", "attribute": "nameplate"}],
                         "rows": [[True]], "mode": "at_most", "count": 1})
    expected = _at_most_one(demo, nameplates)
    assert (without, len(nameplates)) == (18199580853667776, 11)
    assert _count(ruled, NECKLACE, Request()) == expected < without


def test_no_two_enamel_charms_as_a_table_and_as_a_counting_rule() -> None:
    demo = load_demo_catalog()
    enamel = sorted(p.sku for p in demo.parts_of(SlotKind.CHARM) if p.enamel)
    expected = _at_most_one(demo, enamel)
    enamel_column = {"kind": "charm", "attribute": "enamel"}
    table = _with(demo, {"id": "no-two-enamel", "columns": [enamel_column, enamel_column], "rows": [[True, True]],
                         "mode": "forbidden"})
    counting = _with(demo, {"id": "one-enamel", "columns": [enamel_column], "rows": [[True]], "mode": "at_most",
                            "count": 1})
    assert _count(table, NECKLACE, Request()) == _count(counting, NECKLACE, Request()) == expected
    assert expected < _count(demo, NECKLACE, Request())


def _clip(sku: str, surface: str) -> dict[str, Any]:
    return {"kind": "charm", "sku": sku, "name": sku, "base_metal": "sterling_silver", "colour": "silver",
            "surface": surface, "price": {"amount_cents": 100, "currency": "EUR"}, "weight_g": "0.5", "stock": 9,
            "connector": "clip", "clip_min_width_mm": 1.0, "clip_max_width_mm": 4.0}


def _big_bracelet(matte: int, polished: int, room: int) -> Catalog:
    part = {"base_metal": "sterling_silver", "colour": "silver", "price": {"amount_cents": 900, "currency": "EUR"},
            "weight_g": "2", "stock": 9}
    chain = {**part, "kind": "chain", "sku": "CH", "name": "carrier", "chain_style": "clip_carrier",
             "length_mm": 180.0, "width_mm": 3.0, "wire_mm": 0.5, "end_link_inner_mm": 2.0, "link_inner_mm": 2.0,
             "max_load_g": "100", "charm_capacity": room}
    clasp = {**part, "kind": "clasp", "sku": "CL", "name": "lobster", "clasp_type": "lobster", "loop_inner_mm": 1.2,
             "loop_wire_mm": 0.5, "gate_opening_mm": 1.2, "max_load_g": "100", "length_mm": 10.0}
    ring = {**part, "kind": "jump_ring", "sku": "JR", "name": "ring", "wire_gauge": 22, "wire_mm": 0.64,
            "inner_diameter_mm": 3.0, "max_load_g": "100"}
    clips = [_clip(f"M{i:04d}", "matte") for i in range(matte)] + [_clip(f"P{i:04d}", "polished")
                                                                  for i in range(polished)]
    style = {"id": "big", "name": "big", "min_length_mm": 150.0, "max_length_mm": 250.0,
             "slots": [{"name": "chain", "kind": "chain"}, {"name": "clasp", "kind": "clasp"},
                       {"name": "clasp_ring", "kind": "jump_ring"},
                       {"name": "clips", "kind": "charm", "min_count": 0, "max_count": room}],
             "joins": [{"a": "chain", "b": "clasp", "ring": "clasp_ring"}, {"a": "chain", "b": "clips"}]}
    return Catalog.model_validate({"version": 1, "parts": [chain, clasp, ring, *clips], "styles": [style]})


def test_counts_past_two_to_the_64_stay_exact_under_a_counting_rule() -> None:
    matte, polished, room = 600, 1400, 9
    bracelet = _big_bracelet(matte, polished, room)
    surface = {"kind": "charm", "attribute": "surface"}
    at_most_two = _with(bracelet, {"id": "two-matte", "columns": [surface], "rows": [["matte"]], "mode": "at_most",
                                   "count": 2})
    no_two = _with(bracelet, {"id": "no-two-matte", "columns": [surface, surface], "rows": [["matte", "matte"]],
                              "mode": "forbidden"})
    everything = sum(comb(matte + polished, k) for k in range(room + 1))
    expected = sum(comb(matte, j) * comb(polished, k - j) for k in range(room + 1) for j in range(min(k, 2) + 1))
    at_most_one = sum(comb(matte, j) * comb(polished, k - j) for k in range(room + 1) for j in range(min(k, 1) + 1))
    assert expected > 2**64 and at_most_one < expected < everything
    assert _count(bracelet, "big", Request()) == everything
    assert _count(at_most_two, "big", Request()) == expected
    assert _count(no_two, "big", Request()) == at_most_one


def test_too_many_signatures_answer_incomplete_not_out_of_memory() -> None:
    # An allowed table over two charms by SKU gives every charm its own type: 30 types, up to 9 charms.
    by_sku = {"kind": "charm", "attribute": "sku"}
    only_with = {"id": "m0-only-with-p0", "columns": [by_sku, by_sku], "rows": [["M0000", "P0000"]], "mode": "allowed"}
    solver = bounded_solver(_with(_big_bracelet(10, 20, 9), only_with))
    assert solver.count("big", Request()).status is ExitStatus.INCOMPLETE
    assert solver.options("big", Request()).status is ExitStatus.INCOMPLETE
    assert solver.recommend("big", Request(), 3).status is ExitStatus.INCOMPLETE
    # The same rule over few charms fits, and is exact: M0000 goes alone or with P0000 only.
    small = _with(_big_bracelet(2, 3, 3), only_with)
    with_m0 = sum(comb(4, k) for k in range(3))
    assert _count(small, "big", Request()) == sum(comb(5, k) for k in range(4)) - with_m0 + 2


def test_a_count_table_past_its_bound_answers_incomplete(monkeypatch: Any) -> None:
    import solver.charm_signatures as signatures

    bracelet = _with(_big_bracelet(3, 3, 3), {"id": "two-matte", "columns": [{"kind": "charm", "attribute": "surface"}],
                                              "rows": [["matte"]], "mode": "at_most", "count": 1})
    assert _count(bracelet, "big", Request()) > 0
    monkeypatch.setattr(signatures, "MAX_TABLE_ENTRIES", 10)
    assert bounded_solver(bracelet).count("big", Request()).status is ExitStatus.INCOMPLETE


AT_LEAST_ONE_NAMEPLATE = {"id": "a-nameplate", "columns": [{"kind": "charm", "attribute": "nameplate"}],
                          "rows": [[True]], "mode": "at_least", "count": 1}


def _cheapest(catalog: Catalog, request: Request) -> tuple[float, dict[str, tuple[str, ...]]]:
    page = bounded_solver(catalog).enumerate(NECKLACE, request, first=1)
    assert page.status is ExitStatus.COMPLETE
    if not page.items:
        return float("inf"), {}
    piece = page.items[0]
    return piece.price.total_cents, piece.assembly.as_dict()


def test_at_least_one_nameplate_makes_the_cheapest_necklace_add_one() -> None:
    """The demo's cheapest charm necklace holds no charm (its charm slot may stay empty): "at least
    one nameplate" makes every answer add the nameplate that makes the cheapest piece, the one
    found by picking each nameplate in turn without the rule (the old engine never added a charm
    a slot did not require)."""
    demo = load_demo_catalog()
    nameplates = sorted(p.sku for p in demo.parts_of(SlotKind.CHARM) if p.nameplate)
    plain_total, plain = _cheapest(demo, Request())
    assert not set(plain.get("charms", ())) & set(nameplates)
    expected = min(_cheapest(demo, Request(picks=(SlotPick(slot="charms", skus=(sku,)),)))[0] for sku in nameplates)
    assert expected > plain_total
    ruled = _with(demo, AT_LEAST_ONE_NAMEPLATE)
    total, piece = _cheapest(ruled, Request())
    assert total == expected and set(piece["charms"]) & set(nameplates)
    solver = bounded_solver(ruled)
    recommended = solver.recommend(NECKLACE, Request(), k=1)
    assert recommended.status is ExitStatus.COMPLETE and recommended.items[0].price.total_cents == expected
    options = solver.options(NECKLACE, Request())
    assert options.status is ExitStatus.COMPLETE and options.example is not None
    assert options.example.price.total_cents == expected and options.example.valid
    offered = [c.min_total_cents for c in options.slot("charms").candidates if c.value in nameplates]
    assert min(t for t in offered if t is not None) == expected


def test_at_least_two_enamel_prices_each_member_of_one_class_on_its_own() -> None:
    """Two enamel charms alike but for price (one class, two members): "at least two enamel"
    makes the cheapest piece hold both, so both are offered at that piece's price. A class's
    offer plus a member's price difference would overprice the dearer one."""
    demo = load_demo_catalog()
    enamel = sorted((p for p in demo.parts_of(SlotKind.CHARM) if p.enamel), key=lambda p: (p.price.amount_cents, p.sku))
    ruled = _with(demo, {"id": "two-enamel", "mode": "at_least", "count": 2, "rows": [[True]],
                         "columns": [{"kind": "charm", "attribute": "enamel"}], "styles": [NECKLACE]})
    _, piece = _cheapest(ruled, Request())
    original = next(p for p in enamel if p.sku in piece["charms"])
    copy = original.model_copy(update={"sku": "ENAMEL-COPY", "name": "enamel copy",
                                       "price": original.price.model_copy(update={
                                           "amount_cents": original.price.amount_cents + 7})})
    twins = ruled.model_copy(update={"parts": (*ruled.parts, copy)})
    others = tuple(p.sku for p in enamel if p.sku != original.sku)
    request = Request(exclude=others)
    expected, _ = _cheapest(demo.model_copy(update={"parts": (*demo.parts, copy)}),
                            Request(picks=(SlotPick(slot="charms", skus=(original.sku, copy.sku)),), exclude=others))
    total, piece = _cheapest(twins, request)
    assert total == expected < float("inf") and {original.sku, copy.sku} <= set(piece["charms"])
    options = bounded_solver(twins).options(NECKLACE, request)
    assert options.status is ExitStatus.COMPLETE
    offered = {c.value: c.min_total_cents for c in options.slot("charms").candidates}
    assert offered[original.sku] == offered[copy.sku] == expected


def test_at_least_two_enamel_prices_a_dearer_ring_for_every_charm_it_carries() -> None:
    """Each charm hangs on its own ring of the slot's ring type: a ring member dearer by 5 cents
    makes the two-enamel piece dearer by 10, as picking that ring says."""
    demo = load_demo_catalog()
    ruled = _with(demo, {"id": "two-enamel", "mode": "at_least", "count": 2, "rows": [[True]],
                         "columns": [{"kind": "charm", "attribute": "enamel"}], "styles": [NECKLACE]})
    total, piece = _cheapest(ruled, Request())
    style = demo.style(NECKLACE)
    ring_slot = next(j.ring for j in style.joins if j.ring and "charms" in (j.a, j.b))
    assert len(piece["charms"]) == 2 and piece[ring_slot]
    ring = next(p for p in demo.parts if p.sku == piece[ring_slot][0])
    copy = ring.model_copy(update={"sku": "RING-COPY", "name": "ring copy", "price": ring.price.model_copy(
        update={"amount_cents": ring.price.amount_cents + 5})})
    ringed = ruled.model_copy(update={"parts": (*ruled.parts, copy)})
    picked, _ = _cheapest(ringed, Request(picks=(SlotPick(slot=ring_slot, skus=(copy.sku,)),)))
    options = bounded_solver(ringed).options(NECKLACE, Request())
    assert options.status is ExitStatus.COMPLETE
    offered = {c.value: c.min_total_cents for c in options.slot(ring_slot).candidates}
    assert offered[copy.sku] == picked == total + 10
