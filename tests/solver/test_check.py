"""check() as a bench jeweller checks a piece, on the demo catalog with its real numbers: the load
path, the magnetic clasp, the nameplate's fonts, a refused piece's full price, option defaults and
the errors a wrong pick gets."""

from __future__ import annotations

from decimal import Decimal

import pytest

from catalog.demo import load_demo_catalog
from catalog.exceptions import ValidationFailed
from catalog.rules import RuleCode
from solver.request import Request, SlotPick
from tests.catalog.test_demo import BASE, ON, codes, judge
from tests.solver.bounded import bounded_solver

CATALOG = load_demo_catalog()
SOLVER = bounded_solver(CATALOG)


def _part(sku: str) -> object:
    return CATALOG.by_sku()[sku]


# --- the load path ------------------------------------------------------------------------------


def test_the_clasp_ring_carries_every_hung_charm() -> None:
    # A 6.5 g medallion on a 22 AWG 2.5 mm charm ring (6.55 g) is fine on its own ring; the clasp
    # ring, a 24 AWG 2.5 mm rated 4.16 g, carries it to the neck and gives way.
    assert _part("JR-SS-24G-2.5").max_load_g == Decimal("4.16")  # type: ignore[attr-defined]
    assert _part("CM-MEDAL-SS").weight_g == Decimal("6.50")  # type: ignore[attr-defined]
    strong = judge("charm-necklace", {"charms": ("CM-MEDAL-SS",), "charm_ring": ("JR-SS-22G-2.5",),
                                      "clasp_ring": ("JR-SS-18G-3.0",)})
    assert strong.valid, strong.violations
    weak = judge("charm-necklace", {"charms": ("CM-MEDAL-SS",), "charm_ring": ("JR-SS-22G-2.5",),
                                    "clasp_ring": ("JR-SS-24G-2.5",)})
    assert codes(weak) == {RuleCode.LOAD_WITHIN_LIMITS}
    assert weak.violations[0].skus[0] == "JR-SS-24G-2.5"
    assert "6.50 g hung exceeds the 4.16 g" in weak.violations[0].message


def test_the_extender_ring_carries_the_load_when_the_clasp_hooks_the_extender() -> None:
    values = {"charms": ("CM-MEDAL-SS",), "charm_ring": ("JR-SS-22G-2.5",), "clasp_ring": ("JR-SS-18G-3.0",),
              "extender": ("EX-SS-2IN",)}
    strong = judge("charm-necklace", {**values, "extender_ring": ("JR-SS-18G-3.0",)})
    assert strong.valid, strong.violations
    weak = judge("charm-necklace", {**values, "extender_ring": ("JR-SS-24G-2.5",)})
    assert codes(weak) == {RuleCode.LOAD_WITHIN_LIMITS}
    assert weak.violations[0].skus[0] == "JR-SS-24G-2.5"


# --- the magnetic clasp -------------------------------------------------------------------------


def test_a_magnetic_clasp_joins_only_its_mating_half() -> None:
    # No gate: it never hooks an extender's links, however thin; on a bare chain it is fine.
    hooked = judge("anklet", {"clasp": ("CL-MAG-SS-6",)})
    assert codes(hooked) == {RuleCode.CLASP_HOOKS_LINK}
    assert "no gate" in hooked.violations[0].message
    bare = judge("charm-necklace", {"clasp": ("CL-MAG-SS-6",), "charms": (), "charm_ring": ()})
    assert bare.valid, bare.violations
    assert any("pacemaker" in w for w in bare.warnings)


# --- nameplate fonts ----------------------------------------------------------------------------


def test_a_nameplate_is_cut_only_in_its_fonts() -> None:
    assert _part("NP-SCRIPT-SS").fonts == ("script",)  # type: ignore[attr-defined]
    assert judge("name-necklace", text="ADA").valid
    wrong = judge("name-necklace", {"font": ("block",)}, text="ADA")
    assert codes(wrong) == {RuleCode.NAMEPLATE_FONT}
    assert wrong.violations[0].message == "NP-SCRIPT-SS is cut only in script, not block"


def test_every_recommended_and_listed_name_necklace_has_an_offered_font() -> None:
    request = Request(text="ADA", on_date=ON)
    for evaluation in SOLVER.recommend("name-necklace", request, 10).items:
        nameplate = _part(evaluation.assembly.get("nameplate")[0])
        assert evaluation.assembly.get("font")[0] in nameplate.fonts  # type: ignore[attr-defined]
    block = Request(text="ADA", on_date=ON, picks=(SlotPick(slot="font", option="block"),))
    options = SOLVER.options("name-necklace", block)
    nameplates = next(s for s in options.slots if s.slot == "nameplate")
    available = [c.value for c in nameplates.candidates if c.status.value == "available"]
    assert available and all("BLOCK" in sku for sku in available)


# --- a refused piece keeps its full price ---------------------------------------------------------


def test_a_piece_refused_for_moq_is_priced_with_the_cast_part_and_its_lead_time() -> None:
    lion = _part("CM-LION-BR")
    evaluation = judge("charm-necklace", {"chain": ("CH-CABLE-SS-18IN-1.8",), "charms": ("CM-LION-BR",),
                                          "charm_ring": ("JR-SS-18G-3.0",), "clasp_ring": ("JR-SS-18G-3.0",),
                                          "plating": ("PL-RH-0.75",)})
    assert codes(evaluation) == {RuleCode.MOQ}
    without = judge("charm-necklace", {"chain": ("CH-CABLE-SS-18IN-1.8",), "charms": (), "charm_ring": (),
                                       "clasp_ring": ("JR-SS-18G-3.0",), "plating": ("PL-RH-0.75",)})
    tooling = lion.tooling.amount_cents  # type: ignore[attr-defined]
    lion_price = lion.price.amount_cents + tooling  # one piece carries the whole mould
    ring = _part("JR-SS-18G-3.0").price.amount_cents  # type: ignore[attr-defined]
    assert evaluation.price.parts_cents == without.price.parts_cents + lion_price + ring
    assert evaluation.lead_time_days >= lion.lead_time_days  # type: ignore[attr-defined]


def test_a_piece_refused_for_stock_still_counts_the_missing_chain() -> None:
    out = next(p for p in CATALOG.parts_of(CATALOG.style("charm-necklace").carrier.kind)
               if p.stock == 0 and p.production.value == "stocked" and p.status.value == "active")
    evaluation = judge("charm-necklace", {"chain": (out.sku,)})
    assert RuleCode.QUANTITY_AVAILABLE in codes(evaluation)
    base = judge("charm-necklace")
    chain = _part(BASE["charm-necklace"]["chain"][0]).price.amount_cents  # type: ignore[attr-defined]
    assert evaluation.price.parts_cents == base.price.parts_cents - chain + out.price.amount_cents


# --- check as a shop front calls it -------------------------------------------------------------------


def test_a_left_out_gift_box_takes_its_default() -> None:
    choice = {k: list(v) for k, v in BASE["charm-necklace"].items() if k != "gift_box"}
    evaluation = SOLVER.check("charm-necklace", Request(on_date=ON), choice)
    assert evaluation.valid, evaluation.violations
    assert evaluation.assembly.get("gift_box") == ("none",)


@pytest.mark.parametrize(("sku", "code"), [("CH-NOPE", "unknown_sku"), ("CL-LOB-SS-10", "wrong_kind")])
def test_a_pick_of_an_unknown_or_wrong_kind_sku_is_a_field_error(sku: str, code: str) -> None:
    request = Request(picks=(SlotPick(slot="clasp", skus=("CL-LOB-SS-10",)), SlotPick(slot="chain", skus=(sku,))))
    for call in (lambda: SOLVER.count("charm-necklace", request), lambda: SOLVER.explain("charm-necklace", request),
                 lambda: SOLVER.options("charm-necklace", request)):
        with pytest.raises(ValidationFailed) as refused:
            call()
        [error] = refused.value.errors
        assert (error.field, error.code) == ("picks[1].skus[0]", code)
        assert sku in error.message and "chain" in error.message


# --- options list what the style can use -----------------------------------------------------------


def test_options_list_only_the_parts_the_style_admits_and_count_the_rest() -> None:
    from catalog.attributes import filter_admits

    style = CATALOG.style("anklet")
    chains = CATALOG.parts_of(style.carrier.kind)
    admitted = {p.sku for p in chains if all(filter_admits(f, p) for f in style.carrier.filters)}
    assert 0 < len(admitted) < len(chains)
    result = SOLVER.options("anklet", Request(on_date=ON))
    chain = next(s for s in result.slots if s.slot == "chain")
    assert {c.value for c in chain.candidates} == admitted
    assert chain.outside_style == len(chains) - len(admitted)
