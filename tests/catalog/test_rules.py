"""Each physical and production rule, both ways, with real jewellery numbers."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from pydantic import ValidationError

from catalog import rules
from catalog.demo import load_demo_catalog
from catalog.parts import Chain, Charm, Clasp, Extender, JumpRing, Money, Plating
from catalog.physics import AWG_WIRE_MM, MetalFacts, Physics
from catalog.rules import Attachment, RuleCode
from catalog.types import BaseMetal, FtcClass, PlatingMaterial, Production, Status, Underlayer

CATALOG = load_demo_catalog()
PHYSICS = Physics()


def get(sku: str) -> Any:
    return CATALOG.by_sku()[sku]


def ring(gauge: int, inner: float, **changes: Any) -> JumpRing:
    base: JumpRing = get("JR-SS-18G-4.0")
    return base.model_copy(update={"wire_gauge": gauge, "wire_mm": AWG_WIRE_MM[gauge],
                                   "inner_diameter_mm": inner, **changes})


def test_awg_table() -> None:
    assert AWG_WIRE_MM[16] == 1.29 and AWG_WIRE_MM[18] == 1.02 and AWG_WIRE_MM[20] == 0.81
    assert AWG_WIRE_MM[22] == 0.64 and AWG_WIRE_MM[24] == 0.51


def test_attachments_read_the_right_openings() -> None:
    chain: Chain = get("CH-CABLE-SS-18IN-1.2")
    assert rules.chain_end(chain) == Attachment(chain.sku, 1.52, 0.36)
    assert rules.chain_body(chain) == Attachment(chain.sku, 0.74, 0.36)
    assert rules.clasp_loop(get("CL-SPR-SS-5")) == Attachment("CL-SPR-SS-5", 0.9, 0.45)
    assert rules.extender_end(get("EX-SS-2IN")) == Attachment("EX-SS-2IN", 1.6, 0.7)
    assert rules.charm_loop(get("CM-HEART-SS")) == Attachment("CM-HEART-SS", 1.2, 0.6)
    assert rules.charm_loop(get("CM-CLIP-HEART-SS")) is None


class TestRingPasses:
    loop = Attachment("CL-SPR-SS-5", 0.9, 0.45)  # a 5 mm spring ring's 0.9 mm loop

    def test_18_awg_does_not_pass_a_0_9_mm_loop(self) -> None:
        found = rules.ring_passes(ring(18, 4.0), self.loop, PHYSICS)
        assert found is not None and found.code is RuleCode.RING_PASSES_OPENING
        assert "1.02 mm" in found.message and "0.9 mm" in found.message

    def test_20_awg_passes_with_its_clearance(self) -> None:
        assert rules.ring_passes(ring(20, 4.0), self.loop, PHYSICS) is None  # 0.81 + 0.05 <= 0.9

    def test_19_awg_is_refused_by_the_clearance_only(self) -> None:
        # 0.91 mm wire in a 0.9 mm loop fails; with a looser tolerance, 0.88 mm passes 0.9 mm.
        assert rules.ring_passes(ring(19, 4.0), self.loop, PHYSICS) is not None
        loose = Physics(ring_pass_clearance_mm=0.0)
        assert rules.ring_passes(ring(19, 4.0), Attachment("X", 0.91, 0.4), loose) is None


class TestRingHolds:
    thick = Attachment("A", 2.0, 1.6)

    def test_3_mm_bore_cannot_hold_two_1_6_mm_wires(self) -> None:
        found = rules.ring_holds(ring(16, 3.0), self.thick, Attachment("B", 2.0, 1.6), PHYSICS)
        assert found is not None and found.code is RuleCode.RING_HOLDS_PARTS
        assert found.skus[1:] == ("A", "B")

    def test_4_mm_bore_holds_them(self) -> None:
        assert rules.ring_holds(ring(16, 4.0), self.thick, Attachment("B", 2.0, 1.6), PHYSICS) is None

    def test_exact_fit_with_clearance(self) -> None:
        # 1.6 + 1.3 + 0.1 = 3.0 mm: a 3.0 mm bore holds it, not a mm less.
        assert rules.ring_holds(ring(16, 3.0), self.thick, Attachment("B", 2.0, 1.3), PHYSICS) is None
        assert rules.ring_holds(ring(16, 2.9), self.thick, Attachment("B", 2.0, 1.3), PHYSICS) is not None


def test_ring_join_collects_every_failure() -> None:
    chain_end = rules.chain_end(get("CH-CURB-SS-18IN-3.0"))  # 2.6 mm end ring, 0.9 mm wire
    heavy_toggle = rules.clasp_loop(get("CL-TOG-SS-20H"))  # 2.5 mm loop, 1.6 mm wire
    assert rules.ring_join(ring(22, 3.0), chain_end, heavy_toggle, PHYSICS) == []
    assert [v.code for v in rules.ring_join(ring(24, 2.5), chain_end, heavy_toggle, PHYSICS)] == [
        RuleCode.RING_HOLDS_PARTS]  # 0.9 + 1.6 + 0.1 = 2.6 mm > 2.5 mm
    spring = rules.clasp_loop(get("CL-SPR-SS-5"))
    codes = [v.code for v in rules.ring_join(ring(18, 2.5), chain_end, spring, PHYSICS)]
    assert codes == [RuleCode.RING_PASSES_OPENING]


def test_clasp_gate_hooks_links_up_to_its_opening() -> None:
    lobster: Clasp = get("CL-LOB-SS-10")  # 1.2 mm gate
    assert rules.clasp_hooks(lobster, 0.7, "EX-SS-2IN", PHYSICS) is None
    found = rules.clasp_hooks(lobster, 1.3, "EX-SS-2IN-HEAVY", PHYSICS)
    assert found is not None and found.code is RuleCode.CLASP_HOOKS_LINK
    assert rules.clasp_hooks(lobster, 1.2, "X", PHYSICS) is None  # equal is fine


class TestMounts:
    carrier: Chain = get("CH-CLIP-SS-7IN-3.0")
    threaded: Chain = get("CH-CLIPTH-SS-7IN-3.0")

    def test_clip_grips_its_width_range(self) -> None:
        assert rules.charm_mounts_directly(get("CM-CLIP-HEART-SS"), self.carrier, PHYSICS) is None
        wide = rules.charm_mounts_directly(get("CM-CLIP-WIDE-SS"), self.carrier, PHYSICS)
        assert wide is not None and wide.code is RuleCode.CHARM_FITS_CARRIER
        assert rules.charm_mounts_directly(get("CM-CLIP-WIDE-GF"), get("CH-CLIP-GF-7IN-3.5"), PHYSICS) is None

    def test_clip_needs_a_carrier_with_capacity(self) -> None:
        plain = get("CH-CABLE-SS-18IN-1.2").model_copy(update={"width_mm": 3.0, "charm_capacity": 0})
        assert rules.charm_mounts_directly(get("CM-CLIP-HEART-SS"), plain, PHYSICS) is not None

    def test_slide_bail_needs_clearance_over_the_width(self) -> None:
        assert rules.charm_mounts_directly(get("CM-SLIDE-HEART-SS"), self.carrier, PHYSICS) is None  # 3.4
        assert rules.charm_mounts_directly(get("CM-SLIDE-MINI-SS"), self.carrier, PHYSICS) is not None  # 3.0
        paperclip = get("CH-PCLIP-SS-18IN-2.5")  # a bail does not slide on paperclip links
        assert rules.charm_mounts_directly(get("CM-SLIDE-HEART-SS"), paperclip, PHYSICS) is not None

    def test_screw_needs_the_same_thread(self) -> None:
        stopper: Charm = get("CM-SCREW-STOP-SS")
        assert rules.charm_mounts_directly(stopper, self.threaded, PHYSICS) is None
        assert rules.charm_mounts_directly(stopper, self.carrier, PHYSICS) is not None

    def test_dangle_needs_a_ring(self) -> None:
        heart = get("CM-HEART-SS")
        assert rules.charm_mounts_directly(heart, self.carrier, PHYSICS) is not None
        assert rules.charm_needs_ring(heart) is None
        found = rules.charm_needs_ring(get("CM-CLIP-HEART-SS"))
        assert found is not None and found.code is RuleCode.CHARM_FITS_CARRIER


def test_load_within() -> None:
    assert rules.load_within(Decimal("14.40"), Decimal("14.40"), "CH", ()) is None
    found = rules.load_within(Decimal("3.00"), Decimal("6.50"), "CL-MAG-SS-6", ("CM-MEDAL-SS",))
    assert found is not None and found.code is RuleCode.LOAD_WITHIN_LIMITS
    assert found.skus == ("CL-MAG-SS-6", "CM-MEDAL-SS")


def test_capacity_within() -> None:
    carrier = get("CH-CLIP-SS-7IN-3.0")  # holds 7 clips
    assert rules.capacity_within(carrier, 7) is None
    found = rules.capacity_within(carrier, 8)
    assert found is not None and found.code is RuleCode.CHARM_CAPACITY


def test_length_within() -> None:
    # 18 in chain + 2 in extender + 10 mm lobster = 518 mm.
    assert rules.length_within(457.2 + 50.8 + 10, 406, 660, ()) is None
    found = rules.length_within(609.6 + 76.2 + 12, 406, 660, ("CH", "EX"))
    assert found is not None and found.code is RuleCode.LENGTH_IN_RANGE


class TestPlating:
    vermeil: Plating = get("PL-YG14-2.5-VERMEIL")

    def test_vermeil_over_sterling_not_brass(self) -> None:
        assert rules.plating_allowed(self.vermeil, get("CH-CABLE-SS-18IN-1.2"), PHYSICS) is None
        found = rules.plating_allowed(self.vermeil, get("CH-CABLE-BR-18IN-1.8"), PHYSICS)
        assert found is not None and found.code is RuleCode.PLATING_ON_METAL

    def test_unplatable_metal_is_refused_even_if_listed(self) -> None:
        physics = Physics(metals={**PHYSICS.metals, BaseMetal.BRASS: MetalFacts(platable=False)})
        rhodium = get("PL-RH-0.75")
        assert rules.plating_allowed(rhodium, get("CH-CABLE-BR-18IN-1.8"), PHYSICS) is None
        assert rules.plating_allowed(rhodium, get("CH-CABLE-BR-18IN-1.8"), physics) is not None

    def test_vermeil_needs_2_5_um_of_10k_over_sterling(self) -> None:
        fields = self.vermeil.model_dump()
        with pytest.raises(ValidationError, match="vermeil_layer"):
            Plating(**(fields | {"thickness_um": 2.4}))
        with pytest.raises(ValidationError, match="vermeil_karat"):
            Plating(**(fields | {"karat": 9}))
        with pytest.raises(ValidationError, match="vermeil_base_metal"):
            Plating(**(fields | {"allowed_base_metals": (BaseMetal.STERLING_SILVER, BaseMetal.BRASS)}))
        assert Plating(**(fields | {"thickness_um": 2.5, "karat": 10})).ftc_class() is FtcClass.VERMEIL

    @pytest.mark.parametrize(("karat", "um", "ftc"), [
        (14, 0.1, FtcClass.FLASH),
        (14, 0.174, FtcClass.FLASH),
        (14, 0.175, FtcClass.GOLD_ELECTROPLATE),
        (14, 0.5, FtcClass.GOLD_ELECTROPLATE),
        (14, 2.49, FtcClass.GOLD_ELECTROPLATE),
        (14, 2.5, FtcClass.HEAVY_GOLD_ELECTROPLATE),
        (9, 1.0, FtcClass.FLASH),  # under 10k it is not "gold electroplate" at any thickness
    ])
    def test_ftc_classes(self, karat: int, um: float, ftc: FtcClass) -> None:
        plating = Plating(sku="PL-T", name="t", material=PlatingMaterial.YELLOW_GOLD, karat=karat,
                          thickness_um=um, allowed_base_metals=(BaseMetal.BRASS,),
                          price=Money(amount_cents=1))
        assert plating.ftc_class() is ftc

    def test_rhodium_over_silver_needs_an_underlayer(self) -> None:
        fields = get("PL-RH-0.75").model_dump()
        with pytest.raises(ValidationError, match="rhodium_needs_underlayer"):
            Plating(**(fields | {"underlayer": Underlayer.NONE}))
        brass_only = fields | {"underlayer": Underlayer.NONE, "allowed_base_metals": (BaseMetal.BRASS,)}
        assert Plating(**brass_only).underlayer is Underlayer.NONE


def test_platable_excludes_enamel_and_magnets() -> None:
    assert rules.platable(get("CM-HEART-SS")) is None
    assert rules.platable(get("CL-LOB-SS-10")) is None
    for sku in ("CM-EVILEYE-SS", "NP-ENAMEL-SS", "CL-MAG-SS-6"):
        found = rules.platable(get(sku))
        assert found is not None and found.code is RuleCode.PLATABLE_TOGETHER


def test_finishes_match() -> None:
    assert rules.finishes_match(get("CH-CABLE-GF-18IN-1.2"), get("CL-LOB-GF-10")) is None
    found = rules.finishes_match(get("CH-CABLE-GF-18IN-1.2"), get("CL-LOB-RGF-10"))  # yellow vs rose
    assert found is not None and found.code is RuleCode.FINISH_MATCH


def test_galvanic() -> None:
    chain, steel = get("CH-CABLE-SS-18IN-1.2"), get("CL-LOB-ST-10")
    assert rules.galvanic_safe(chain, get("CL-LOB-SS-10"), plated_together=False) is None
    found = rules.galvanic_safe(chain, steel, plated_together=False)
    assert found is not None and found.code is RuleCode.GALVANIC
    assert rules.galvanic_safe(chain, steel, plated_together=True) is None


def test_nickel_free() -> None:
    assert rules.nickel_free_part(get("CL-LOB-SS-12"), PHYSICS) is None
    found = rules.nickel_free_part(get("CL-LOB-NS-12"), PHYSICS)
    assert found is not None and found.code is RuleCode.NICKEL_FREE
    assert rules.nickel_free_plating(get("PL-RH-0.75")) is None  # palladium barrier
    found = rules.nickel_free_plating(get("PL-RH-0.75-NI"))
    assert found is not None and found.code is RuleCode.NICKEL_FREE


def test_active() -> None:
    assert rules.active(get("CH-CABLE-SS-18IN-1.2")) is None
    found = rules.active(get("CL-SPR-GF-6"))
    assert get("CL-SPR-GF-6").status is Status.RETIRED
    assert found is not None and found.code is RuleCode.RETIRED


class TestSupply:
    def test_from_stock(self) -> None:
        chain = get("CH-CABLE-SS-18IN-1.2")
        got = rules.supply(chain, 1)
        assert got == rules.Supply(True, 0, chain.price.amount_cents)

    def test_sold_out_stocked_part(self) -> None:
        found = rules.supply(get("CH-CURB-SS-24IN-3.0"), 1)
        assert isinstance(found, rules.Violation) and found.code is RuleCode.QUANTITY_AVAILABLE

    def test_made_to_order_nameplate(self) -> None:
        plate = get("NP-SCRIPT-SS")
        assert plate.production is Production.MADE_TO_ORDER and plate.stock == 0
        assert rules.supply(plate, 1) == rules.Supply(False, 3, plate.price.amount_cents)

    def test_cast_part_below_and_above_moq(self) -> None:
        lion = get("CM-LION-BR")  # cast, MOQ 100, EUR 450 tooling, 35 days
        found = rules.supply(lion, 1)
        assert isinstance(found, rules.Violation) and found.code is RuleCode.MOQ
        got = rules.supply(lion, 100)
        assert got == rules.Supply(False, 35, 690 + 450)  # 45000 cents of tooling over 100 pieces
        got = rules.supply(lion, 300)
        assert isinstance(got, rules.Supply) and got.unit_price_cents == 690 + 150


def test_lead_time_and_budget() -> None:
    assert rules.lead_time_within(10, None, ()) is None
    assert rules.lead_time_within(10, 10, ()) is None
    assert rules.lead_time_within(11, 10, ()) is not None
    assert rules.budget_within(5000, None) is None
    assert rules.budget_within(5000, 5000) is None
    found = rules.budget_within(5001, 5000)
    assert found is not None and found.code is RuleCode.BUDGET


def test_text_fits_the_nameplate() -> None:
    plate = get("NP-BLOCK-SS")  # 8 characters
    assert rules.text_fits(plate, "AMELIE") is None
    assert rules.text_fits(plate, None) is None
    found = rules.text_fits(plate, "ALEXANDRA")
    assert found is not None and found.code is RuleCode.TEXT_FITS
    assert rules.text_fits(get("CM-HEART-SS"), "A") is not None  # no nameplate, no text


def test_demo_extender_and_charm_models() -> None:
    assert isinstance(get("EX-SS-2IN"), Extender) and get("EX-SS-2IN").length_mm == 50.8
    medal = get("CM-MEDAL-SS")
    assert isinstance(medal, Charm) and medal.weight_g == Decimal("6.50")
