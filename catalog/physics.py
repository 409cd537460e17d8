"""Jewellery facts kept as data: wire gauges, metals, tolerances and FTC thresholds.

Merchandisers can change every number here through the catalog (`Catalog.physics`); rules read
them from there, never from literals.
"""

from __future__ import annotations

import math

from pydantic import BaseModel, ConfigDict, Field

from catalog.types import BaseMetal, ChainStyle

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
    density_g_cm3: float = Field(10.36, gt=0, le=25)


# Densities from metal handbooks: sterling 10.36, 14k yellow 13.1, 18k 15.6, gold-filled is 1/20
# 14k over a brass core (~8.7), 316L 8.0, nickel silver (CuNi18Zn20) 8.7.
DEFAULT_METALS: dict[BaseMetal, MetalFacts] = {
    BaseMetal.STERLING_SILVER: MetalFacts(density_g_cm3=10.36),
    BaseMetal.GOLD_14K: MetalFacts(density_g_cm3=13.1),
    BaseMetal.GOLD_18K: MetalFacts(density_g_cm3=15.6),
    BaseMetal.GOLD_FILLED: MetalFacts(density_g_cm3=8.7),
    BaseMetal.BRASS: MetalFacts(density_g_cm3=8.5),
    BaseMetal.BRONZE: MetalFacts(density_g_cm3=8.8),
    BaseMetal.COPPER: MetalFacts(density_g_cm3=8.96),
    BaseMetal.STAINLESS_316L: MetalFacts(density_g_cm3=8.0),
    # Titanium's oxide skin refuses ordinary electroplating.
    BaseMetal.TITANIUM: MetalFacts(platable=False, density_g_cm3=4.5),
    BaseMetal.NICKEL_SILVER: MetalFacts(releases_nickel=True, density_g_cm3=8.7),
}


def ring_mass_g(wire_mm: float, inner_mm: float, density_g_cm3: float) -> float:
    """A jump ring is a torus: volume π²·(ID + d)·d²/4 mm³ (24 AWG, 2.0 mm sterling: 0.017 g)."""
    volume_mm3 = math.pi**2 * (inner_mm + wire_mm) * wire_mm**2 / 4
    return volume_mm3 * density_g_cm3 / 1000


# Open-link chains: each link's length over its opening (it advances the chain by that length).
LINK_ASPECT: dict[ChainStyle, float] = {
    ChainStyle.CABLE: 1.3, ChainStyle.CURB: 1.3, ChainStyle.FIGARO: 1.5, ChainStyle.PAPERCLIP: 2.5,
    ChainStyle.CLIP_CARRIER: 1.3,
}
# Dense chains: the fraction of the chain's round section that is metal.
SECTION_FILL: dict[ChainStyle, float] = {
    ChainStyle.SNAKE: 0.6, ChainStyle.ROPE: 0.5, ChainStyle.HERRINGBONE: 0.35, ChainStyle.BOX: 0.4,
    ChainStyle.BALL: 0.3,
}


def chain_mass_g(style: ChainStyle, width_mm: float, wire_mm: float, link_inner_mm: float, length_mm: float,
                 density_g_cm3: float) -> float:
    """Open links: the wire of each oval link (centre-line perimeter) per link length; dense
    chains (snake, rope, box…): their section's metal fill."""
    if style in LINK_ASPECT:
        pitch = LINK_ASPECT[style] * link_inner_mm
        perimeter = 2 * (pitch + link_inner_mm + 2 * wire_mm)
        volume_mm3 = length_mm * perimeter / pitch * math.pi * wire_mm**2 / 4
    else:
        volume_mm3 = length_mm * math.pi * width_mm**2 / 4 * SECTION_FILL[style]
    return volume_mm3 * density_g_cm3 / 1000


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
