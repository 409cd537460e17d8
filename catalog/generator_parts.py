"""Random but realistic part templates for the synthetic generator (one fit class each).

A template fixes everything a rule reads; the generator then stamps out several SKUs per
template that differ only in price, stock and supply, as real catalogs list the same ring or
chain from several suppliers. Distributions follow what jewellery suppliers stock: 18 in and
20/22 AWG most common, sterling dominant, lobster clasps the default.
"""

from __future__ import annotations

import bisect
import random
from dataclasses import dataclass, field
from typing import Any

from catalog.demo_charms import DANGLES, FONTS
from catalog.demo_parts import CHAIN_CODES
from catalog.parts import Money
from catalog.physics import AWG_WIRE_MM
from catalog.sizes import (
    ANKLET_IN,
    BRACELET_IN,
    CLASPS,
    EXTENDERS,
    METALS,
    RING_INNER_MM,
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
from catalog.types import BaseMetal, ChainStyle, Connector, PlatingMaterial, Underlayer

# Sterling dominates a fashion-jewellery range; nickel silver is the cheap outlier.
METAL_WEIGHTS = {"SS": 0.58, "GF": 0.12, "RGF": 0.04, "BR": 0.10, "ST": 0.10, "NS": 0.03, "14K": 0.03}
NECKLACE_STYLE_WEIGHTS = {
    ChainStyle.CABLE: 0.30, ChainStyle.CURB: 0.15, ChainStyle.BOX: 0.08, ChainStyle.ROPE: 0.07,
    ChainStyle.FIGARO: 0.08, ChainStyle.SNAKE: 0.07, ChainStyle.PAPERCLIP: 0.10, ChainStyle.BALL: 0.05,
    ChainStyle.HERRINGBONE: 0.05,
}
WIDTHS = {0.8: 0.08, 1.0: 0.12, 1.2: 0.2, 1.5: 0.15, 1.8: 0.15, 2.0: 0.12, 2.5: 0.1, 3.0: 0.08}
NECKLACE_LENGTHS = {14.0: 0.04, 16.0: 0.2, 18.0: 0.34, 20.0: 0.2, 22.0: 0.08, 24.0: 0.11, 30.0: 0.03}
LENGTHS_BY_USE = {"necklace": NECKLACE_LENGTHS, "bracelet": dict.fromkeys(BRACELET_IN, 1.0),
                  "anklet": dict.fromkeys(ANKLET_IN, 1.0)}
GAUGE_WEIGHTS = {16: 0.08, 18: 0.2, 19: 0.07, 20: 0.3, 22: 0.25, 24: 0.1}
CLASP_WEIGHTS = {
    "SPR-4": 0.02, "SPR-5": 0.1, "SPR-6": 0.1, "LOB-10": 0.2, "LOB-12": 0.22, "LOB-15": 0.1,
    "TOG-12": 0.08, "TOG-20H": 0.03, "BOX-8": 0.05, "HOOK-12": 0.04, "MAG-6": 0.06,
}
EXTENDER_VARIANTS = {"": 0.8, "HEAVY": 0.1, "FINE": 0.1}
EXTENDER_LENGTHS = {1.0: 0.25, 2.0: 0.5, 3.0: 0.25}
CONNECTOR_WEIGHTS = {"dangle": 0.66, "nameplate": 0.1, "clip": 0.15, "slide": 0.05, "screw": 0.04}
MATERIAL_WEIGHTS = {PlatingMaterial.RHODIUM: 0.35, PlatingMaterial.YELLOW_GOLD: 0.45,
                    PlatingMaterial.ROSE_GOLD: 0.2}
KARAT_WEIGHTS = {10: 0.15, 14: 0.5, 18: 0.25, 24: 0.1}
# FTC classes: flash < 0.175 µm, gold electroplate, heavy >= 2.5 µm, vermeil (over sterling only).
FTC_WEIGHTS = {"flash": 0.2, "electroplate": 0.5, "heavy": 0.2, "vermeil": 0.1}
SILVER_METALS = (BaseMetal.STERLING_SILVER, BaseMetal.BRASS, BaseMetal.BRONZE, BaseMetal.COPPER)


_CUMULATIVE: dict[int, tuple[dict[Any, float], list[Any], list[float]]] = {}


def pick(rng: random.Random, weights: dict[Any, float]) -> Any:
    """One key drawn by weight; cumulative tables are cached per (constant) table."""
    entry = _CUMULATIVE.get(id(weights))
    if entry is None or entry[0] is not weights:
        keys, total, cum = list(weights), 0.0, []
        for value in weights.values():
            total += value
            cum.append(total)
        entry = _CUMULATIVE[id(weights)] = (weights, keys, cum)
    cum = entry[2]
    return entry[1][min(bisect.bisect_right(cum, rng.random() * cum[-1]), len(cum) - 1)]


@dataclass
class Template:
    """One fit class: the model class name, a SKU stem, fields, and a reference price."""

    kind: str
    stem: str
    fields: dict[str, Any]
    price_cents: int
    extra: dict[str, Any] = field(default_factory=dict)


def metal(rng: random.Random) -> MetalInfo:
    return METALS[pick(rng, METAL_WEIGHTS)]


def _common(info: MetalInfo, name: str) -> dict[str, Any]:
    return {"name": f"{name}, {info.label}", "base_metal": info.metal, "colour": info.colour}


def chain(rng: random.Random, info: MetalInfo, use: str, style: ChainStyle | None = None,
          width: float | None = None, inches: float | None = None) -> Template:
    """use: necklace, bracelet, anklet or carrier (a clip-charm bracelet); drawn unless given."""
    thread = None
    if use == "carrier":
        style, width = ChainStyle.CLIP_CARRIER, width or (3.0 if rng.random() < 0.85 else 3.5)
        inches = inches or rng.choice(BRACELET_IN)
        thread = 3.0 if rng.random() < 0.4 else None
    else:
        style, width = style or pick(rng, NECKLACE_STYLE_WEIGHTS), width or pick(rng, WIDTHS)
        inches = inches or pick(rng, LENGTHS_BY_USE[use])
    if style is ChainStyle.SNAKE:
        width = min(width, 1.5)
    dims, length = chain_dims(style, width), mm(inches)
    return Template("chain", f"CH-{CHAIN_CODES[style]}-{info.code}-{inches:g}IN-{width:.1f}", {
        **_common(info, f"{style.value.replace('_', ' ')} chain {width:.1f} mm {inches:g} in"),
        "weight_g": chain_weight(style, width, length, info), "chain_style": style, "length_mm": length,
        "width_mm": width, "wire_mm": dims.wire_mm, "end_link_inner_mm": dims.end_link_inner_mm,
        "link_inner_mm": dims.link_inner_mm, "max_load_g": dims.max_load_g, "bail_slide": dims.bail_slide,
        "charm_capacity": dims.charm_capacity, "thread_mm": thread,
    }, chain_price_cents(style, width, length, info))


def ring(rng: random.Random, info: MetalInfo, gauge: int | None = None, inner: float | None = None,
         soldered: bool | None = None) -> Template:
    gauge = gauge or pick(rng, GAUGE_WEIGHTS)
    inner = inner or rng.choice(RING_INNER_MM[gauge])
    soldered = rng.random() < 0.15 if soldered is None else soldered
    wire = AWG_WIRE_MM[gauge]
    return Template("jump_ring", f"JR-{info.code}-{gauge}G-{inner:.1f}{'-S' if soldered else ''}", {
        **_common(info, f"jump ring {gauge} AWG {inner:.1f} mm{' soldered' if soldered else ''}"),
        "weight_g": ring_weight(wire, inner, info), "wire_gauge": gauge, "wire_mm": wire,
        "inner_diameter_mm": inner, "soldered": soldered, "max_load_g": ring_load_g(wire, inner, soldered),
    }, ring_price_cents(wire, inner, soldered, info))


def clasp(rng: random.Random, info: MetalInfo, model: str | None = None) -> Template:
    spec = CLASPS[model or pick(rng, CLASP_WEIGHTS)]
    return Template("clasp", f"CL-{spec.code}-{info.code}-{spec.size}", {
        **_common(info, f"{spec.clasp_type.value.replace('_', ' ')} clasp {spec.size} mm"),
        "weight_g": grams(float(spec.weight_g) * info.density_factor), "clasp_type": spec.clasp_type,
        "loop_inner_mm": spec.loop_inner_mm, "loop_wire_mm": spec.loop_wire_mm,
        "gate_opening_mm": spec.gate_opening_mm, "max_load_g": spec.max_load_g, "length_mm": spec.length_mm,
    }, round(spec.price_cents * info.price_factor))


def extender(rng: random.Random, info: MetalInfo, inches: float | None = None) -> Template:
    variant = pick(rng, EXTENDER_VARIANTS)
    spec = EXTENDERS[variant]
    inches = inches or pick(rng, EXTENDER_LENGTHS)
    return Template("extender", f"EX-{info.code}-{inches:g}IN" + (f"-{variant}" if variant else ""), {
        **_common(info, f"extender {inches:g} in"), "weight_g": extender_weight(spec, inches, info),
        "length_mm": mm(inches), "link_wire_mm": spec.link_wire_mm, "link_inner_mm": spec.link_inner_mm,
        "end_link_inner_mm": spec.end_link_inner_mm,
    }, extender_price_cents(spec, inches, info))


def charm(rng: random.Random, info: MetalInfo, connector: str | None = None) -> Template:
    """connector: dangle, nameplate, clip, slide or screw (drawn when None)."""
    connector = connector or pick(rng, CONNECTOR_WEIGHTS)
    enamel = rng.random() < 0.1
    fields: dict[str, Any]
    if connector in ("dangle", "nameplate"):
        motif = rng.choice(list(DANGLES)) if connector == "dangle" else "NAME"
        loop = rng.choice((1.0, 1.2, 1.2, 1.5, 1.5, 2.0, 2.5))
        wire = round(min(0.4 + 0.2 * loop, 1.0), 2)
        weight = round(min(8.0, max(0.3, rng.lognormvariate(0.3, 0.6))), 2)
        fields = {"connector": Connector.DANGLE, "loop_inner_mm": loop, "loop_wire_mm": wire}
        cents = rng.randint(9, 40) * 100 - 10
        if connector == "nameplate":
            font = rng.choice(FONTS)
            weight = round(rng.uniform(1.5, 3.5), 2)
            fields |= {"nameplate": True, "max_characters": rng.randint(6, 12), "fonts": (font,),
                       "price_per_character": Money(amount_cents=rng.choice((100, 120, 150, 200, 250)))}
            motif = "NP-" + {"script": "SCRIPT", "block": "BLOCK", "old_english": "OLDENG"}[font]
    elif connector == "clip":
        motif, weight, cents = "CLIP", round(rng.uniform(1.2, 4.0), 2), rng.randint(25, 45) * 100 - 10
        lo = 3.3 if rng.random() < 0.08 else 2.8
        fields = {"connector": Connector.CLIP, "clip_min_width_mm": lo, "clip_max_width_mm": lo + 0.4}
    elif connector == "slide":
        motif, weight, cents = "SLIDE", round(rng.uniform(1.0, 4.0), 2), rng.randint(25, 45) * 100 - 10
        fields = {"connector": Connector.SLIDE_BAIL, "bail_inner_mm": rng.choice((3.0, 3.4, 3.4, 3.8))}
    else:
        motif, weight, cents = "SCREW", round(rng.uniform(1.5, 3.0), 2), rng.randint(20, 35) * 100 - 10
        fields = {"connector": Connector.SCREW, "thread_mm": 3.0}
    stem = motif if motif.startswith("NP-") else f"CM-{motif}"
    return Template("charm", f"{stem}-{info.code}", {
        **_common(info, f"{motif.lower()} charm"), "weight_g": grams(weight), "enamel": enamel, **fields,
    }, max(90, round(cents * min(info.price_factor, 6.0) * (1.4 if enamel else 1.0))))


def plating(rng: random.Random) -> Template:
    """Rhodium 0.75-1.0 µm over palladium (or nickel), gold by karat and FTC class."""
    material = pick(rng, MATERIAL_WEIGHTS)
    nickel = rng.random() < 0.15
    allowed: tuple[BaseMetal, ...] = SILVER_METALS
    if nickel:
        allowed = (*allowed, BaseMetal.STAINLESS_316L, BaseMetal.NICKEL_SILVER)
    karat: int | None = None
    vermeil = False
    if material is PlatingMaterial.RHODIUM:
        um = rng.choice((0.75, 0.75, 1.0))
        under = Underlayer.NICKEL if nickel else Underlayer.PALLADIUM
        cents, code = round(1200 * um / 0.75), "RH"
    else:
        karat = pick(rng, KARAT_WEIGHTS)
        ftc = pick(rng, FTC_WEIGHTS)
        um = {"flash": 0.1, "electroplate": rng.choice((0.5, 0.75, 1.0)), "heavy": rng.choice((2.5, 3.0)),
              "vermeil": rng.choice((2.5, 3.0))}[ftc]
        under = Underlayer.NICKEL if nickel else rng.choice((Underlayer.NONE, Underlayer.PALLADIUM))
        if ftc == "vermeil":
            vermeil, under, allowed = True, Underlayer.NONE, (BaseMetal.STERLING_SILVER,)
        elif ftc != "flash" and rng.random() < 0.5:
            allowed = (*allowed, BaseMetal.GOLD_FILLED)
        cents = round(500 + 1500 * um * (karat / 14))
        code = ("YG" if material is PlatingMaterial.YELLOW_GOLD else "RG") + str(karat)
    stem = f"PL-{code}-{um:g}" + ("-VERMEIL" if vermeil else "-NI" if under is Underlayer.NICKEL else "")
    name = f"{material.value.replace('_', ' ')}{f' {karat}k' if karat else ''} {um:g} µm"
    return Template("plating", stem, {
        "name": name + (" vermeil" if vermeil else ""), "material": material, "karat": karat,
        "thickness_um": um, "underlayer": under, "allowed_base_metals": allowed, "vermeil": vermeil,
        "lead_time_days": rng.randint(1, 7),
    }, cents)
