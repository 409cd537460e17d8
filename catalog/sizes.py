"""Standard jewellery sizes and the dimension formulas the demo catalog and the generator share.

Everything here is trade knowledge turned into numbers (DESIGN §3): standard chain lengths in
inches, how a chain's wire and link openings follow from its style and width, how strong a jump
ring is for its gauge and bore, clasp loop and gate sizes. Keeping it in one place means the demo
and the synthetic catalogs obey the same physics, so benchmark spaces look like real ones.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from catalog.physics import DEFAULT_METALS, chain_mass_g, ring_mass_g
from catalog.types import BaseMetal, ChainStyle, ClaspType, Colour

INCH_MM = 25.4

# Standard lengths in inches (DESIGN §3): chokers, princess, matinee, opera; bracelets; anklets.
CHOKER_IN = (14.0, 15.0, 16.0)
PRINCESS_IN = (16.0, 18.0, 20.0)
MATINEE_IN = (22.0, 24.0)
OPERA_IN = (30.0,)
NECKLACE_IN = (14.0, 16.0, 18.0, 20.0, 22.0, 24.0, 30.0)
BRACELET_IN = (6.5, 7.0, 7.5, 8.0)
ANKLET_IN = (9.0, 10.0, 11.0)
EXTENDER_IN = (1.0, 2.0, 3.0)

# AWG gauges a jewellery supplier stocks jump rings in, with their standard inner diameters.
RING_GAUGES = (16, 18, 19, 20, 22, 24)
RING_INNER_MM: dict[int, tuple[float, ...]] = {
    16: (5.0, 6.0, 8.0),
    18: (3.0, 4.0, 5.0, 6.0),
    19: (3.5, 4.0, 5.0),
    20: (3.0, 4.0, 5.0),
    22: (2.5, 3.0, 4.0),
    24: (2.0, 2.5, 3.0),
}


def mm(inches: float) -> float:
    """Inches to millimetres, to 0.1 mm as suppliers list them (18 in = 457.2 mm)."""
    return round(inches * INCH_MM, 1)


def grams(value: float, places: int = 2) -> Decimal:
    """A weight or load as the Decimal the part models require (centigrams unless asked finer)."""
    return Decimal(f"{max(value, 0.0):.{places}f}")


# Metal codes used in SKUs, the colour each metal shows unplated, and a price factor against
# sterling (gold-filled ~1.4x, brass a quarter, solid 14k an order of magnitude more).
@dataclass(frozen=True)
class MetalInfo:
    code: str
    metal: BaseMetal
    colour: Colour
    price_factor: float
    label: str

    @property
    def density_g_cm3(self) -> float:
        return DEFAULT_METALS[self.metal].density_g_cm3

    @property
    def density_factor(self) -> float:
        """Weight against the same part in sterling silver."""
        return self.density_g_cm3 / DEFAULT_METALS[BaseMetal.STERLING_SILVER].density_g_cm3


METALS: dict[str, MetalInfo] = {
    "SS": MetalInfo("SS", BaseMetal.STERLING_SILVER, Colour.SILVER, 1.0, "sterling silver"),
    "GF": MetalInfo("GF", BaseMetal.GOLD_FILLED, Colour.YELLOW, 1.4, "14k gold-filled"),
    "RGF": MetalInfo("RGF", BaseMetal.GOLD_FILLED, Colour.ROSE, 1.5, "14k rose gold-filled"),
    "BR": MetalInfo("BR", BaseMetal.BRASS, Colour.YELLOW, 0.25, "brass"),
    "ST": MetalInfo("ST", BaseMetal.STAINLESS_316L, Colour.SILVER, 0.35, "316L stainless steel"),
    "NS": MetalInfo("NS", BaseMetal.NICKEL_SILVER, Colour.SILVER, 0.3, "nickel silver"),
    "14K": MetalInfo("14K", BaseMetal.GOLD_14K, Colour.YELLOW, 12.0, "solid 14k gold"),
}


@dataclass(frozen=True)
class ChainDims:
    wire_mm: float
    link_inner_mm: float
    end_link_inner_mm: float
    max_load_g: Decimal
    bail_slide: bool
    charm_capacity: int


# Per style: wire as a fraction of width, body-link opening as a fraction of width, pendant load
# per mm² of width, whether a bail slides, charms it carries. Rope, snake, herringbone and ball
# chains have tight or no link openings and carry little (DESIGN §3: poor for heavy pendants).
_CHAIN_STYLE: dict[ChainStyle, tuple[float, float, float, bool, int]] = {
    ChainStyle.CABLE: (0.30, 0.62, 10.0, True, 5),
    ChainStyle.CURB: (0.30, 0.50, 12.0, True, 5),
    ChainStyle.BOX: (0.25, 0.45, 9.0, True, 3),
    ChainStyle.ROPE: (0.30, 0.30, 2.0, True, 1),
    ChainStyle.FIGARO: (0.30, 0.55, 10.0, True, 5),
    ChainStyle.SNAKE: (1.00, 0.20, 3.0, True, 1),
    ChainStyle.PAPERCLIP: (0.25, 0.70, 6.0, False, 5),
    ChainStyle.BALL: (0.35, 0.30, 4.0, True, 3),
    ChainStyle.HERRINGBONE: (0.30, 0.20, 0.8, False, 1),
    ChainStyle.CLIP_CARRIER: (0.33, 0.43, 6.7, True, 7),
}


def chain_dims(style: ChainStyle, width_mm: float) -> ChainDims:
    """Wire and openings of a chain from its style and width.

    The end links are larger than the body links (makers add a bigger end ring so a jump ring can
    pass): about 0.6 x width + 0.8 mm, so a 1.2 mm cable ends in a 1.52 mm ring.
    """
    wire_ratio, link_ratio, load_per_mm2, slides, capacity = _CHAIN_STYLE[style]
    wire = round(wire_ratio * width_mm, 2)
    link = round(max(link_ratio * width_mm, 0.15), 2)
    end = round(0.6 * width_mm + 0.8, 2)
    if width_mm < 1.0:
        capacity = min(capacity, 3)
    return ChainDims(wire, link, end, grams(load_per_mm2 * width_mm * width_mm), slides, capacity)


_CHAIN_PRICE_FACTOR: dict[ChainStyle, float] = {
    ChainStyle.CABLE: 1.0, ChainStyle.CURB: 1.2, ChainStyle.BOX: 1.3, ChainStyle.ROPE: 1.5,
    ChainStyle.FIGARO: 1.2, ChainStyle.SNAKE: 1.4, ChainStyle.PAPERCLIP: 1.1, ChainStyle.BALL: 0.9,
    ChainStyle.HERRINGBONE: 1.8, ChainStyle.CLIP_CARRIER: 3.0,
}


def chain_price_cents(style: ChainStyle, width_mm: float, length_mm: float, metal: MetalInfo) -> int:
    """Sterling 1.2 mm cable at 18 in is about EUR 30; wider, fancier and finer metals cost more."""
    per_cm = (20.0 + 35.0 * width_mm**1.5) * _CHAIN_PRICE_FACTOR[style] * metal.price_factor
    return max(100, int(round(per_cm * length_mm / 10.0, -1)) - 10)


def chain_weight(style: ChainStyle, width_mm: float, length_mm: float, metal: MetalInfo) -> Decimal:
    dims = chain_dims(style, width_mm)
    return grams(chain_mass_g(style, width_mm, dims.wire_mm, dims.link_inner_mm, length_mm, metal.density_g_cm3))


def ring_load_g(wire_mm: float, inner_mm: float, soldered: bool) -> Decimal:
    """Thicker wire and a smaller bore hold more; soldered rings cannot gape open."""
    return grams(40.0 * wire_mm * wire_mm / inner_mm * (2.5 if soldered else 1.0))


def ring_price_cents(wire_mm: float, inner_mm: float, soldered: bool, metal: MetalInfo) -> int:
    base = (8.0 + 25.0 * wire_mm * wire_mm * inner_mm / 3.0) * (1.6 if soldered else 1.0)
    return max(2, round(base * metal.price_factor))


def ring_weight(wire_mm: float, inner_mm: float, metal: MetalInfo) -> Decimal:
    return grams(ring_mass_g(wire_mm, inner_mm, metal.density_g_cm3), 3)


@dataclass(frozen=True)
class ClaspSpec:
    """A clasp model: attachment loop, gate, hold and length, plus its sterling price."""

    code: str
    clasp_type: ClaspType
    size: str
    loop_inner_mm: float
    loop_wire_mm: float
    gate_opening_mm: float
    max_load_g: Decimal
    length_mm: float
    price_cents: int
    weight_g: Decimal


CLASPS: dict[str, ClaspSpec] = {
    spec.code + "-" + spec.size: spec
    for spec in (
        # A 5 mm spring ring has a 0.9 mm loop: an 18 AWG (1.02 mm) ring does not pass it.
        # The smallest spring ring: its 0.5 mm loop takes no stocked jump ring (a dead part).
        ClaspSpec("SPR", ClaspType.SPRING_RING, "4", 0.5, 0.3, 0.5, grams(8), 4.0, 140, grams(0.1)),
        ClaspSpec("SPR", ClaspType.SPRING_RING, "5", 0.9, 0.45, 0.7, grams(12), 5.0, 150, grams(0.15)),
        ClaspSpec("SPR", ClaspType.SPRING_RING, "6", 1.1, 0.5, 0.9, grams(18), 6.0, 180, grams(0.2)),
        ClaspSpec("LOB", ClaspType.LOBSTER, "10", 1.3, 0.6, 1.2, grams(40), 10.0, 290, grams(0.35)),
        ClaspSpec("LOB", ClaspType.LOBSTER, "12", 1.6, 0.7, 1.5, grams(60), 12.0, 350, grams(0.55)),
        ClaspSpec("LOB", ClaspType.LOBSTER, "15", 2.0, 0.9, 1.9, grams(90), 15.0, 480, grams(0.95)),
        ClaspSpec("TOG", ClaspType.TOGGLE, "12", 2.2, 1.0, 3.0, grams(80), 18.0, 650, grams(1.4)),
        # A heavy toggle: its 1.6 mm loop wire and a thick chain need a roomy ring.
        ClaspSpec("TOG", ClaspType.TOGGLE, "20H", 2.5, 1.6, 3.5, grams(120), 24.0, 990, grams(3.2)),
        ClaspSpec("BOX", ClaspType.BOX, "8", 1.5, 0.7, 1.1, grams(60), 8.0, 890, grams(1.1)),
        ClaspSpec("HOOK", ClaspType.HOOK, "12", 1.6, 0.8, 1.6, grams(30), 12.0, 320, grams(0.5)),
        # Magnetic: convenient but holds almost nothing hung and cannot go through a plating bath.
        ClaspSpec("MAG", ClaspType.MAGNETIC, "6", 1.2, 0.6, 1.5, grams(3), 8.0, 590, grams(0.8)),
    )
}


@dataclass(frozen=True)
class ExtenderSpec:
    variant: str  # "" standard, "HEAVY", "FINE"
    link_wire_mm: float
    link_inner_mm: float
    end_link_inner_mm: float
    price_per_inch_cents: int


EXTENDERS: dict[str, ExtenderSpec] = {
    "": ExtenderSpec("", 0.7, 2.5, 1.6, 200),
    # Heavy links (1.3 mm wire) are too thick for a 10 mm lobster's 1.2 mm gate.
    "HEAVY": ExtenderSpec("HEAVY", 1.3, 3.5, 2.2, 330),
    "FINE": ExtenderSpec("FINE", 0.5, 1.8, 1.2, 170),
}


def extender_weight(spec: ExtenderSpec, inches: float, metal: MetalInfo) -> Decimal:
    """An extender is a short cable chain of its link wire."""
    return grams(chain_mass_g(ChainStyle.CABLE, spec.link_inner_mm, spec.link_wire_mm, spec.link_inner_mm,
                              mm(inches), metal.density_g_cm3))


def extender_price_cents(spec: ExtenderSpec, inches: float, metal: MetalInfo) -> int:
    return max(50, int(round((190 + spec.price_per_inch_cents * inches) * metal.price_factor, -1)) - 10)
