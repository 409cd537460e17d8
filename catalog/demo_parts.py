"""The demo catalog's parts, shaped by hand from standard sizes (see catalog/sizes.py).

Every number is a real trade size: 16/18/20/24 in necklaces, 7 in bracelets, 9-11 in anklets,
AWG 16-24 jump rings, 5-15 mm clasps, 1-3 in extenders, FTC plating classes. Stock levels come
from a fixed seed so the catalog is the same on every run. Some parts are there on purpose to be
refused (see the comments): the solver needs impossible combinations to explain.
"""

from __future__ import annotations

import random

from catalog.parts import Chain, Clasp, Extender, JumpRing, Money, Plating
from catalog.physics import AWG_WIRE_MM
from catalog.sizes import (
    CLASPS,
    EXTENDERS,
    METALS,
    MetalInfo,
    chain_dims,
    chain_price_cents,
    chain_weight,
    extender_price_cents,
    extender_weight,
    grams,
    mm,
    ring_load_g,
    ring_price_cents,
    ring_weight,
)
from catalog.types import (
    BaseMetal,
    ChainStyle,
    PlatingMaterial,
    Production,
    Status,
    Underlayer,
)

CHAIN_CODES: dict[ChainStyle, str] = {
    ChainStyle.CABLE: "CABLE", ChainStyle.CURB: "CURB", ChainStyle.BOX: "BOX", ChainStyle.ROPE: "ROPE",
    ChainStyle.FIGARO: "FIGARO", ChainStyle.SNAKE: "SNAKE", ChainStyle.PAPERCLIP: "PCLIP",
    ChainStyle.BALL: "BALL", ChainStyle.HERRINGBONE: "HBONE", ChainStyle.CLIP_CARRIER: "CLIP",
}

# Retired on purpose: owners still have them, shoppers can no longer buy them.
RETIRED = frozenset({
    "CH-ROPE-GF-18IN-1.5", "CL-SPR-GF-6", "JR-BR-24G-2.5", "CM-DAISY-SS", "EX-NS-2IN",
    "PL-YG24-0.5", "CM-CLIP-SHELL-SS", "CH-CABLE-SS-30IN-1.8",
})
# Sold out and only ever bought from stock: refused with QUANTITY_AVAILABLE.
SOLD_OUT = frozenset({
    "CH-CURB-SS-24IN-3.0", "CL-LOB-RGF-12", "JR-SS-19G-4.0", "CM-ANCHOR-GF", "EX-GF-3IN",
    "CM-CLIP-KNOT-SS", "CH-FIGARO-BR-20IN-2.5",
})


def eur(cents: int) -> Money:
    return Money(amount_cents=cents)


class Stock:
    """Fixed-seed stock levels: most parts have plenty, a few run low."""

    def __init__(self, seed: int = 2026) -> None:
        self._rng = random.Random(seed)

    def __call__(self, sku: str, typical: int) -> int:
        if sku in SOLD_OUT:
            return 0
        return max(1, round(typical * self._rng.choice((0.1, 0.4, 0.8, 1.0, 1.0, 1.5, 2.5))))


def status(sku: str) -> Status:
    return Status.RETIRED if sku in RETIRED else Status.ACTIVE


# --- chains -----------------------------------------------------------------------------------

# (style, width mm, metal code, lengths in inches)
NECKLACE_CHAINS: tuple[tuple[ChainStyle, float, str, tuple[float, ...]], ...] = (
    (ChainStyle.CABLE, 0.8, "SS", (16, 18, 20)),
    (ChainStyle.CABLE, 1.2, "SS", (14, 16, 18, 20, 24)),
    (ChainStyle.CABLE, 1.8, "SS", (16, 18, 20, 24, 30)),
    (ChainStyle.CURB, 2.0, "SS", (18, 20, 24)),
    (ChainStyle.CURB, 3.0, "SS", (18, 20, 24)),
    (ChainStyle.BOX, 1.0, "SS", (16, 18, 20)),
    (ChainStyle.ROPE, 1.5, "SS", (18, 20)),
    (ChainStyle.SNAKE, 1.0, "SS", (16, 18)),
    (ChainStyle.FIGARO, 2.5, "SS", (18, 20, 24)),
    (ChainStyle.PAPERCLIP, 2.5, "SS", (16, 18, 20)),
    (ChainStyle.BALL, 1.5, "SS", (18, 20)),
    (ChainStyle.HERRINGBONE, 3.0, "SS", (16, 18)),
    (ChainStyle.CABLE, 1.2, "GF", (16, 18, 20, 24)),
    (ChainStyle.CURB, 2.0, "GF", (18, 20)),
    (ChainStyle.PAPERCLIP, 2.5, "GF", (16, 18)),
    (ChainStyle.ROPE, 1.5, "GF", (18,)),
    (ChainStyle.SNAKE, 1.0, "GF", (18,)),
    (ChainStyle.FIGARO, 2.5, "GF", (18, 20)),
    (ChainStyle.CABLE, 1.2, "RGF", (16, 18, 20)),
    (ChainStyle.CABLE, 1.8, "BR", (16, 18, 20)),
    (ChainStyle.CURB, 3.0, "BR", (18, 20)),
    (ChainStyle.ROPE, 2.0, "BR", (18,)),
    (ChainStyle.FIGARO, 2.5, "BR", (18, 20)),
    (ChainStyle.CABLE, 1.8, "ST", (18, 20, 24)),
    (ChainStyle.CURB, 2.0, "ST", (18, 20)),
    (ChainStyle.BOX, 1.2, "ST", (18,)),
    (ChainStyle.CABLE, 1.2, "NS", (18,)),
    (ChainStyle.CURB, 2.0, "NS", (18,)),
    (ChainStyle.CABLE, 0.8, "14K", (16, 18)),
    # Bracelets (7 in is the usual wrist) and anklets (9-11 in).
    (ChainStyle.CABLE, 1.2, "SS", (7, 9, 10, 11)),
    (ChainStyle.CURB, 2.0, "SS", (7, 9, 10)),
    (ChainStyle.FIGARO, 2.5, "SS", (10,)),
    (ChainStyle.BOX, 1.0, "SS", (10,)),
    (ChainStyle.CABLE, 1.2, "GF", (7, 9, 10)),
    (ChainStyle.CABLE, 1.2, "RGF", (10,)),
    (ChainStyle.CABLE, 1.8, "BR", (10,)),
    (ChainStyle.CABLE, 1.8, "ST", (10, 11)),
    (ChainStyle.CABLE, 1.2, "NS", (10,)),
)

# Clip-charm carriers (3 mm, 7 clips at most); "TH" carriers have threads for screw charms.
CARRIERS: tuple[tuple[str, float, str, tuple[float, ...]], ...] = (
    ("", 3.0, "SS", (6.5, 7.0, 7.5, 8.0)),
    ("TH", 3.0, "SS", (7.0, 7.5)),
    ("", 3.0, "GF", (7.0, 7.5)),
    ("", 3.0, "RGF", (7.0,)),
    ("", 3.0, "ST", (7.0,)),
    ("", 3.5, "GF", (7.0,)),  # a wider carrier: standard 2.8-3.2 mm clips do not grip it
)


def _chain(style: ChainStyle, width: float, metal: MetalInfo, inches: float, stock: Stock,
           sku: str | None = None, thread_mm: float | None = None) -> Chain:
    dims = chain_dims(style, width)
    length = mm(inches)
    sku = sku or f"CH-{CHAIN_CODES[style]}-{metal.code}-{inches:g}IN-{width:.1f}"
    made_to_order = metal.code == "14K"  # solid gold chains are cut to length on order
    return Chain(
        sku=sku, name=f"{style.value.replace('_', ' ').title()} chain {width:.1f} mm, {inches:g} in, "
        f"{metal.label}",
        base_metal=metal.metal, colour=metal.colour,
        price=eur(chain_price_cents(style, width, length, metal)),
        weight_g=chain_weight(style, width, length, metal), stock=stock(sku, 0 if made_to_order else 40),
        production=Production.MADE_TO_ORDER if made_to_order else Production.STOCKED,
        lead_time_days=7 if made_to_order else 0, status=status(sku),
        chain_style=style, length_mm=length, width_mm=width, wire_mm=dims.wire_mm,
        end_link_inner_mm=dims.end_link_inner_mm, link_inner_mm=dims.link_inner_mm,
        max_load_g=dims.max_load_g, bail_slide=dims.bail_slide, charm_capacity=dims.charm_capacity,
        thread_mm=thread_mm,
    )


def chains(stock: Stock) -> list[Chain]:
    out = [
        _chain(style, width, METALS[code], inches, stock)
        for style, width, code, lengths in NECKLACE_CHAINS
        for inches in lengths
    ]
    for variant, width, code, lengths in CARRIERS:
        for inches in lengths:
            sku = f"CH-CLIP{variant}-{code}-{inches:g}IN-{width:.1f}"
            out.append(_chain(ChainStyle.CLIP_CARRIER, width, METALS[code], inches, stock, sku,
                              thread_mm=3.0 if variant == "TH" else None))
    return out


# --- jump rings -------------------------------------------------------------------------------

# (metal code, [(AWG, inner diameter mm, soldered)])
RINGS: tuple[tuple[str, tuple[tuple[int, float, bool], ...]], ...] = (
    ("SS", ((24, 2.0, False), (24, 2.5, False), (22, 2.5, False), (22, 3.0, False), (22, 4.0, False),
            (20, 3.0, False), (20, 4.0, False), (20, 5.0, False), (19, 4.0, False), (18, 3.0, False),
            (18, 4.0, False), (18, 5.0, False), (18, 6.0, False), (16, 5.0, False), (16, 6.0, False),
            (16, 8.0, False), (20, 4.0, True), (18, 5.0, True))),
    ("GF", ((24, 2.5, False), (22, 3.0, False), (22, 4.0, False), (20, 3.0, False), (20, 4.0, False),
            (20, 5.0, False), (18, 4.0, False), (18, 5.0, False), (18, 6.0, False), (16, 6.0, False))),
    ("RGF", ((22, 3.0, False), (20, 4.0, False), (18, 5.0, False))),
    ("BR", ((24, 2.5, False), (22, 3.0, False), (20, 4.0, False), (20, 5.0, False), (18, 4.0, False),
            (18, 6.0, False), (16, 6.0, False))),
    ("ST", ((22, 3.0, False), (20, 4.0, False), (20, 5.0, False), (18, 4.0, False), (18, 6.0, False),
            (16, 8.0, False))),
    ("NS", ((20, 4.0, False), (18, 5.0, False))),
)


def make_ring(metal: MetalInfo, gauge: int, inner: float, soldered: bool, sku: str, stock: int,
              ring_status: Status = Status.ACTIVE) -> JumpRing:
    wire = AWG_WIRE_MM[gauge]
    return JumpRing(
        sku=sku, name=f"Jump ring {gauge} AWG {inner:.1f} mm{' soldered' if soldered else ''}, {metal.label}",
        base_metal=metal.metal, colour=metal.colour,
        price=eur(ring_price_cents(wire, inner, soldered, metal)), weight_g=ring_weight(wire, inner, metal),
        stock=stock, status=ring_status, wire_gauge=gauge, wire_mm=wire, inner_diameter_mm=inner,
        soldered=soldered, max_load_g=ring_load_g(wire, inner, soldered),
    )


def rings(stock: Stock) -> list[JumpRing]:
    out = []
    for code, sizes in RINGS:
        for gauge, inner, soldered in sizes:
            sku = f"JR-{code}-{gauge}G-{inner:.1f}{'-S' if soldered else ''}"
            out.append(make_ring(METALS[code], gauge, inner, soldered, sku, stock(sku, 2000), status(sku)))
    return out


# --- clasps and extenders ---------------------------------------------------------------------

CLASP_LINES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("SS", ("SPR-4", "SPR-5", "SPR-6", "LOB-10", "LOB-12", "LOB-15", "TOG-12", "TOG-20H", "BOX-8", "HOOK-12",
            "MAG-6")),
    ("GF", ("SPR-5", "SPR-6", "LOB-10", "LOB-12", "LOB-15", "TOG-12", "MAG-6")),
    ("RGF", ("SPR-5", "LOB-10", "LOB-12")),
    ("BR", ("LOB-10", "LOB-12", "LOB-15", "TOG-12", "MAG-6")),
    ("ST", ("LOB-10", "LOB-12", "LOB-15", "TOG-12")),
    ("NS", ("LOB-12",)),
    ("14K", ("SPR-5", "LOB-10")),
)


def clasps(stock: Stock) -> list[Clasp]:
    out = []
    for code, models in CLASP_LINES:
        metal = METALS[code]
        for model in models:
            spec = CLASPS[model]
            sku = f"CL-{spec.code}-{code}-{spec.size}"
            out.append(Clasp(
                sku=sku, name=f"{spec.clasp_type.value.replace('_', ' ').title()} clasp {spec.size} mm, "
                f"{metal.label}",
                base_metal=metal.metal, colour=metal.colour,
                price=eur(round(spec.price_cents * metal.price_factor)),
                weight_g=grams(float(spec.weight_g) * metal.density_factor), stock=stock(sku, 300),
                status=status(sku), clasp_type=spec.clasp_type, loop_inner_mm=spec.loop_inner_mm,
                loop_wire_mm=spec.loop_wire_mm, gate_opening_mm=spec.gate_opening_mm,
                max_load_g=spec.max_load_g, length_mm=spec.length_mm,
            ))
    return out


EXTENDER_LINES: tuple[tuple[str, str, tuple[float, ...]], ...] = (
    ("SS", "", (1, 2, 3)), ("SS", "HEAVY", (2,)), ("SS", "FINE", (2,)), ("GF", "", (1, 2, 3)),
    ("RGF", "", (2,)), ("BR", "", (2, 3)), ("ST", "", (2, 3)), ("NS", "", (2,)),
)


def extenders(stock: Stock) -> list[Extender]:
    out = []
    for code, variant, lengths in EXTENDER_LINES:
        metal, spec = METALS[code], EXTENDERS[variant]
        for inches in lengths:
            sku = f"EX-{code}-{inches:g}IN" + (f"-{variant}" if variant else "")
            out.append(Extender(
                sku=sku, name=f"Extender chain {inches:g} in{' ' + variant.lower() if variant else ''}, "
                f"{metal.label}",
                base_metal=metal.metal, colour=metal.colour,
                price=eur(extender_price_cents(spec, inches, metal)),
                weight_g=extender_weight(spec, inches, metal),
                stock=stock(sku, 150), status=status(sku), length_mm=mm(inches),
                link_wire_mm=spec.link_wire_mm, link_inner_mm=spec.link_inner_mm,
                end_link_inner_mm=spec.end_link_inner_mm,
            ))
    return out


# --- platings ---------------------------------------------------------------------------------

_PLATABLE = (BaseMetal.STERLING_SILVER, BaseMetal.BRASS, BaseMetal.BRONZE, BaseMetal.COPPER)
_WITH_GF = (*_PLATABLE, BaseMetal.GOLD_FILLED)
# A nickel strike lets plating bite on stainless and nickel silver, but nickel must be disclosed
# and is refused for nickel-free requests.
_NICKEL_STRIKE = (*_PLATABLE, BaseMetal.STAINLESS_316L, BaseMetal.NICKEL_SILVER)
_SILVER_ONLY = (BaseMetal.STERLING_SILVER,)

# (sku, material, karat, µm, underlayer, allowed metals, vermeil, price cents, lead days)
PLATINGS: tuple[tuple[str, PlatingMaterial, int | None, float, Underlayer, tuple[BaseMetal, ...], bool,
                      int, int], ...] = (
    ("PL-RH-0.25", PlatingMaterial.RHODIUM, None, 0.25, Underlayer.PALLADIUM, _PLATABLE, False, 800, 2),
    ("PL-RH-0.75", PlatingMaterial.RHODIUM, None, 0.75, Underlayer.PALLADIUM, _PLATABLE, False, 1200, 2),
    ("PL-RH-1.0", PlatingMaterial.RHODIUM, None, 1.0, Underlayer.PALLADIUM, _PLATABLE, False, 1500, 3),
    ("PL-RH-0.75-NI", PlatingMaterial.RHODIUM, None, 0.75, Underlayer.NICKEL, _NICKEL_STRIKE, False, 950, 2),
    ("PL-YG14-0.1", PlatingMaterial.YELLOW_GOLD, 14, 0.1, Underlayer.NONE, _PLATABLE, False, 600, 1),
    ("PL-YG24-0.1", PlatingMaterial.YELLOW_GOLD, 24, 0.1, Underlayer.NONE, _PLATABLE, False, 700, 1),
    ("PL-YG10-0.5", PlatingMaterial.YELLOW_GOLD, 10, 0.5, Underlayer.NONE, _PLATABLE, False, 1100, 2),
    ("PL-YG14-0.5", PlatingMaterial.YELLOW_GOLD, 14, 0.5, Underlayer.NONE, _WITH_GF, False, 1400, 2),
    ("PL-YG14-0.5-NI", PlatingMaterial.YELLOW_GOLD, 14, 0.5, Underlayer.NICKEL, _NICKEL_STRIKE, False,
     1200, 2),
    ("PL-YG14-1.0", PlatingMaterial.YELLOW_GOLD, 14, 1.0, Underlayer.NONE, _WITH_GF, False, 2200, 3),
    ("PL-YG18-1.0", PlatingMaterial.YELLOW_GOLD, 18, 1.0, Underlayer.PALLADIUM, _WITH_GF, False, 2600, 3),
    ("PL-YG24-0.5", PlatingMaterial.YELLOW_GOLD, 24, 0.5, Underlayer.NONE, _PLATABLE, False, 1600, 2),
    ("PL-YG14-2.5", PlatingMaterial.YELLOW_GOLD, 14, 2.5, Underlayer.NONE, _WITH_GF, False, 4500, 5),
    ("PL-YG18-3.0", PlatingMaterial.YELLOW_GOLD, 18, 3.0, Underlayer.PALLADIUM, _WITH_GF, False, 5900, 6),
    # Vermeil: at least 2.5 µm of at least 10k gold, over sterling silver only.
    ("PL-YG14-2.5-VERMEIL", PlatingMaterial.YELLOW_GOLD, 14, 2.5, Underlayer.NONE, _SILVER_ONLY, True,
     4900, 5),
    ("PL-YG18-2.5-VERMEIL", PlatingMaterial.YELLOW_GOLD, 18, 2.5, Underlayer.NONE, _SILVER_ONLY, True,
     5600, 5),
    ("PL-RG14-0.1", PlatingMaterial.ROSE_GOLD, 14, 0.1, Underlayer.NONE, _PLATABLE, False, 650, 1),
    ("PL-RG14-0.5", PlatingMaterial.ROSE_GOLD, 14, 0.5, Underlayer.NONE, _WITH_GF, False, 1500, 2),
    ("PL-RG14-1.0", PlatingMaterial.ROSE_GOLD, 14, 1.0, Underlayer.NONE, _WITH_GF, False, 2300, 3),
    ("PL-RG14-2.5", PlatingMaterial.ROSE_GOLD, 14, 2.5, Underlayer.NONE, _WITH_GF, False, 4700, 5),
    ("PL-RG14-2.5-VERMEIL", PlatingMaterial.ROSE_GOLD, 14, 2.5, Underlayer.NONE, _SILVER_ONLY, True,
     5100, 5),
)

_MATERIAL_NAME = {
    PlatingMaterial.RHODIUM: "Rhodium", PlatingMaterial.YELLOW_GOLD: "Yellow gold",
    PlatingMaterial.ROSE_GOLD: "Rose gold",
}


def platings() -> list[Plating]:
    out = []
    for sku, material, karat, um, under, allowed, vermeil, cents, lead in PLATINGS:
        label = _MATERIAL_NAME[material] + (f" {karat}k" if karat else "") + f" {um:g} µm"
        if vermeil:
            label += " vermeil"
        if under is not Underlayer.NONE:
            label += f" over {under.value}"
        out.append(Plating(
            sku=sku, name=label, material=material, karat=karat, thickness_um=um, underlayer=under,
            allowed_base_metals=allowed, vermeil=vermeil, price=eur(cents), lead_time_days=lead,
            status=status(sku),
        ))
    return out
