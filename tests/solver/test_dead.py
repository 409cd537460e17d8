"""Dead parts are explained by the rule that kills every completion, found by trying every
partner a piece must have, under every finish — not by what one example piece breaks."""

from __future__ import annotations

from catalog.demo import load_demo_catalog
from catalog.types import SlotKind
from tests.solver.bounded import bounded_solver

CATALOG = load_demo_catalog()
LINT = bounded_solver(CATALOG).lint()
REASONS = {d.sku: d.reason for d in LINT.dead_parts}


def test_a_14k_chain_dies_of_galvanic_contact_with_every_ring_and_of_every_plating() -> None:
    # No 14K jump ring exists: bare, every clasp ring is another metal; no plating goes over 14K.
    assert not any(r.base_metal.value == "gold_14k" for r in CATALOG.parts_of(SlotKind.JUMP_RING))
    reason = REASONS["CH-CABLE-14K-16IN-0.8"]
    rings = sum(1 for r in CATALOG.parts_of(SlotKind.JUMP_RING) if r.status.value == "active")
    assert reason.startswith("charm-necklace/chain: unplated: GALVANIC with every clasp_ring")
    assert f"({rings} tried)" in reason
    assert "PLATING_ON_METAL" in reason
    assert "CL-LOB-NS-12" not in reason  # the old answer blamed one example's clasp


def test_a_clasp_whose_loop_no_ring_passes_says_so() -> None:
    assert "RING_PASSES_OPENING with every clasp_ring" in REASONS["CL-SPR-SS-4"]


def test_a_part_no_style_admits_is_outside_every_style() -> None:
    reason = REASONS["CH-CABLE-SS-7IN-1.2"]
    assert "outside the style (its filter on length_mm)" in reason
    assert "clip-bracelet/chain: outside the style (its filter on chain_style)" in reason


def test_a_sold_out_part_is_dead_for_its_stock() -> None:
    assert "0 in stock" in REASONS["CH-CURB-SS-24IN-3.0"]
