"""Jewellery facts kept as data: wire gauges, metals, tolerances and FTC thresholds.

Merchandisers can change every number here through the catalog (`Catalog.physics`); rules read
them from there, never from literals.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from catalog.types import BaseMetal

# Wire diameter in mm by gauge number (AWG per ASTM B258; SWG per the British Imperial table).
AWG_WIRE_MM: dict[int, float] = {
    12: 2.05, 14: 1.63, 16: 1.29, 18: 1.02, 19: 0.91, 20: 0.81, 21: 0.72, 22: 0.64, 24: 0.51,
    26: 0.40,
}
SWG_WIRE_MM: dict[int, float] = {
    12: 2.64, 14: 2.03, 16: 1.63, 18: 1.22, 19: 1.02, 20: 0.91, 21: 0.81, 22: 0.71, 24: 0.56,
    26: 0.46,
}


class MetalFacts(BaseModel):
    model_config = ConfigDict(frozen=True)

    releases_nickel: bool = False
    platable: bool = True


DEFAULT_METALS: dict[BaseMetal, MetalFacts] = {
    BaseMetal.STERLING_SILVER: MetalFacts(),
    BaseMetal.GOLD_14K: MetalFacts(),
    BaseMetal.GOLD_18K: MetalFacts(),
    BaseMetal.GOLD_FILLED: MetalFacts(),
    BaseMetal.BRASS: MetalFacts(),
    BaseMetal.BRONZE: MetalFacts(),
    BaseMetal.COPPER: MetalFacts(),
    BaseMetal.STAINLESS_316L: MetalFacts(),
    # Titanium's oxide skin refuses ordinary electroplating.
    BaseMetal.TITANIUM: MetalFacts(platable=False),
    BaseMetal.NICKEL_SILVER: MetalFacts(releases_nickel=True),
}


class Physics(BaseModel):
    """Tolerances and limits the fit rules read. Stricter sources win (DESIGN §7)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    ring_pass_clearance_mm: float = Field(0.05, ge=0, description="wire must pass an opening by this much")
    ring_hold_clearance_mm: float = Field(0.10, ge=0, description="ring bore beyond the wires it holds")
    gate_clearance_mm: float = Field(0.0, ge=0, description="clasp gate beyond the link wire it hooks")
    bail_clearance_mm: float = Field(0.20, ge=0, description="slide bail bore beyond the chain width")
    gold_electroplate_min_um: float = Field(0.175, gt=0)
    heavy_gold_electroplate_min_um: float = Field(2.5, gt=0)
    vermeil_min_um: float = Field(2.5, gt=0)
    gold_min_karat: int = Field(10, ge=1, le=24)
    metals: dict[BaseMetal, MetalFacts] = Field(default_factory=lambda: dict(DEFAULT_METALS))

    def metal(self, metal: BaseMetal) -> MetalFacts:
        return self.metals.get(metal, MetalFacts())
