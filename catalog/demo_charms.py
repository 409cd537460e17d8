"""The demo catalog's modular charms: dangles, initials, birthstones, nameplates and clip charms."""

from __future__ import annotations

from catalog.demo_parts import Stock, eur, status
from catalog.parts import Charm, Money
from catalog.sizes import METALS, MetalInfo, grams
from catalog.types import Connector, Production

FONTS = ("script", "block", "old_english")


# (code, name, loop inner mm, loop wire mm, weight g, sterling price cents, enamel)
DANGLES: dict[str, tuple[str, float, float, float, int, bool]] = {
    "HEART": ("Heart", 1.2, 0.6, 1.2, 1290, False),
    "STAR": ("Star", 1.2, 0.6, 0.9, 1190, False),
    "MOON": ("Crescent moon", 1.5, 0.7, 1.5, 1390, False),
    "CLOVER": ("Four-leaf clover", 1.5, 0.7, 1.4, 1490, False),
    "ANCHOR": ("Anchor", 2.0, 0.8, 2.6, 1690, False),
    "CROSS": ("Cross", 1.5, 0.7, 1.8, 1390, False),
    "BAR": ("Engravable bar", 2.0, 0.8, 3.2, 1790, False),
    # A 6.5 g medallion: only strong rings carry it, and three of them overload a 1.2 mm cable.
    "MEDAL": ("Saint Christopher medallion", 2.5, 1.0, 6.5, 3900, False),
    # Enamel does not survive the plating bath.
    "EVILEYE": ("Evil eye, blue enamel", 1.5, 0.7, 1.1, 1890, True),
    "DAISY": ("Daisy, white enamel", 1.5, 0.7, 1.0, 1790, True),
}

# Which motifs each metal line carries.
DANGLE_LINES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("SS", tuple(DANGLES)),
    ("GF", ("HEART", "STAR", "MOON", "CLOVER", "ANCHOR", "CROSS", "BAR", "MEDAL", "EVILEYE")),
    ("RGF", ("HEART", "STAR", "MOON")),
    ("BR", ("HEART", "STAR", "MEDAL")),
    ("ST", ("HEART", "STAR", "ANCHOR", "CROSS")),
    ("NS", ("HEART", "STAR")),
    ("14K", ("HEART", "STAR")),
)

MONTHS = ("JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC")

# (code, name, connector dims, weight g, sterling price cents, enamel)
# Clip charms grip a 2.8-3.2 mm carrier; slide charms need a bail 0.2 mm wider than the carrier.
CLIPS: tuple[tuple[str, str, tuple[float, float], float, int, bool], ...] = (
    ("HEART", "Heart clip", (2.8, 3.2), 2.1, 3490, False),
    ("STAR", "Star clip", (2.8, 3.2), 1.9, 3290, False),
    ("CROWN", "Crown clip", (2.8, 3.2), 2.6, 3990, False),
    ("PAW", "Paw print clip", (2.8, 3.2), 2.0, 2990, False),
    ("SPACER", "Beaded spacer clip", (2.8, 3.2), 1.5, 2490, False),
    ("FLOWER", "Flower clip, pink enamel", (2.8, 3.2), 2.4, 4290, True),
    ("KNOT", "Love knot clip", (2.8, 3.2), 2.2, 3490, False),
    ("LEAF", "Leaf clip", (2.8, 3.2), 1.8, 3190, False),
    ("SUN", "Sun clip", (2.8, 3.2), 2.3, 3590, False),
    ("SHELL", "Shell clip", (2.8, 3.2), 2.5, 3690, False),
    ("WIDE", "Wide band clip", (3.3, 3.8), 3.9, 4490, False),  # grips only the 3.5 mm carrier
)
CLIP_LINES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("SS", tuple(code for code, *_ in CLIPS)),
    ("GF", ("HEART", "STAR", "CROWN", "SUN", "WIDE")),
    ("RGF", ("HEART", "CROWN")),
    ("ST", ("HEART", "SPACER")),
    ("NS", ("HEART",)),
)
# (sku, name, metal, bail inner mm, weight g, price cents)
SLIDES: tuple[tuple[str, str, str, float, float, int], ...] = (
    ("CM-SLIDE-HEART-SS", "Heart slide charm", "SS", 3.4, 2.8, 3990),
    ("CM-SLIDE-BAR-SS", "Bar slide charm", "SS", 3.4, 3.5, 3490),
    ("CM-SLIDE-STAR-GF", "Star slide charm", "GF", 3.4, 2.6, 5290),
    ("CM-SLIDE-HEART-RGF", "Heart slide charm", "RGF", 3.4, 2.8, 5590),
    ("CM-SLIDE-MINI-SS", "Mini slide charm", "SS", 3.0, 1.2, 2490),  # bail too tight for 3 mm
)
SCREWS: tuple[tuple[str, str, str, float, int], ...] = (
    ("CM-SCREW-STOP-SS", "Screw-on stopper", "SS", 2.4, 2990),
    ("CM-SCREW-STOP-GF", "Screw-on stopper", "GF", 2.4, 4190),
)

# (sku suffix, font, metal, max characters, per-character cents, sterling base cents, enamel)
NAMEPLATES: tuple[tuple[str, str, str, int, int, int, bool], ...] = (
    ("SCRIPT", "script", "SS", 10, 150, 2900, False),
    ("BLOCK", "block", "SS", 8, 150, 2900, False),
    ("OLDENG", "old_english", "SS", 8, 200, 3400, False),
    ("SCRIPT", "script", "GF", 10, 200, 2900, False),
    ("BLOCK", "block", "GF", 8, 200, 2900, False),
    ("SCRIPT", "script", "BR", 12, 100, 2900, False),
    ("BLOCK", "block", "BR", 12, 100, 2900, False),
    ("SCRIPT", "script", "ST", 10, 120, 2900, False),
    ("SCRIPT", "script", "NS", 10, 100, 2900, False),
    ("ENAMEL", "script", "SS", 6, 250, 3900, True),  # colour-filled: cannot be plated
    ("SCRIPT", "script", "14K", 8, 300, 2900, False),
)


def _charm(sku: str, name: str, metal: MetalInfo, cents: int, weight: float, stock: Stock,
           connector: Connector, typical_stock: int = 60, **fields: object) -> Charm:
    return Charm(
        sku=sku, name=f"{name}, {metal.label}", base_metal=metal.metal, colour=metal.colour,
        price=eur(max(90, int(round(cents * metal.price_factor, -1)) - 10)),
        weight_g=grams(weight * metal.density_factor), stock=stock(sku, typical_stock), status=status(sku),
        connector=connector, **fields,
    )


def dangles(stock: Stock) -> list[Charm]:
    out = []
    for code, motifs in DANGLE_LINES:
        for motif in motifs:
            name, loop, wire, weight, cents, enamel = DANGLES[motif]
            out.append(_charm(f"CM-{motif}-{code}", name, METALS[code], cents, weight, stock,
                              Connector.DANGLE, loop_inner_mm=loop, loop_wire_mm=wire, enamel=enamel))
    ss = METALS["SS"]
    # Initials and birthstones: 26 and 12 interchangeable charms (same fit, different motif).
    for letter in "ABCDEFGHIJKLMNOPQRSTUVWXYZ":
        out.append(_charm(f"CM-INIT-{letter}-SS", f"Initial {letter} disc", ss, 1190, 0.8, stock,
                          Connector.DANGLE, 25, loop_inner_mm=1.2, loop_wire_mm=0.6))
    for month in MONTHS:
        out.append(_charm(f"CM-BIRTH-{month}-SS", f"Birthstone drop {month.title()}", ss, 1490, 0.4, stock,
                          Connector.DANGLE, 30, loop_inner_mm=1.0, loop_wire_mm=0.5))
    # A seed-bead drop whose 0.5 mm loop no stocked ring passes: a dead part for lint to find.
    out.append(_charm("CM-SEED-SS", "Seed bead drop", ss, 490, 0.3, stock, Connector.DANGLE,
                      loop_inner_mm=0.5, loop_wire_mm=0.3))
    # Cast from a mould: no stock, MOQ 100 (refused for single pieces) and 50.
    out.append(Charm(
        sku="CM-LION-BR", name="Lion head, cast brass", base_metal=METALS["BR"].metal,
        colour=METALS["BR"].colour, price=eur(690), weight_g=grams(8.0), stock=0,
        production=Production.CAST, lead_time_days=35, moq=100, tooling=eur(45000),
        connector=Connector.DANGLE, loop_inner_mm=2.5, loop_wire_mm=1.0,
    ))
    out.append(Charm(
        sku="CM-CREST-SS", name="Family crest, cast sterling silver", base_metal=ss.metal, colour=ss.colour,
        price=eur(2400), weight_g=grams(4.5), stock=0, production=Production.CAST, lead_time_days=28,
        moq=50, tooling=eur(60000), connector=Connector.DANGLE, loop_inner_mm=2.0, loop_wire_mm=0.8,
    ))
    return out


def nameplates() -> list[Charm]:
    """Laser-cut to order: no stock, MOQ 1, a few days."""
    out = []
    for suffix, font, code, chars, per_char, cents, enamel in NAMEPLATES:
        metal = METALS[code]
        sku = f"NP-{suffix}-{code}"
        out.append(Charm(
            sku=sku, name=f"Nameplate {font.replace('_', ' ')}, {metal.label}", base_metal=metal.metal,
            colour=metal.colour,
            price=eur(max(900, int(round(cents * min(metal.price_factor, 6.0), -1)) - 10)),
            weight_g=grams(2.4 * metal.density_factor), stock=0, production=Production.MADE_TO_ORDER,
            lead_time_days=5 if code == "14K" else 3, moq=1, status=status(sku), enamel=enamel,
            connector=Connector.DANGLE, loop_inner_mm=1.5, loop_wire_mm=0.8, nameplate=True,
            max_characters=chars, price_per_character=Money(amount_cents=per_char), fonts=(font,),
        ))
    return out


def clip_charms(stock: Stock) -> list[Charm]:
    out = []
    specs = {code: (name, grip, weight, cents, enamel) for code, name, grip, weight, cents, enamel in CLIPS}
    for code, motifs in CLIP_LINES:
        for motif in motifs:
            name, (lo, hi), weight, cents, enamel = specs[motif]
            out.append(_charm(f"CM-CLIP-{motif}-{code}", name, METALS[code], cents, weight, stock,
                              Connector.CLIP, 40, clip_min_width_mm=lo, clip_max_width_mm=hi, enamel=enamel))
    for sku, name, code, bail, weight, cents in SLIDES:
        out.append(_charm(sku, name, METALS[code], cents, weight, stock, Connector.SLIDE_BAIL, 40,
                          bail_inner_mm=bail))
    for sku, name, code, weight, cents in SCREWS:
        out.append(_charm(sku, name, METALS[code], cents, weight, stock, Connector.SCREW, 40, thread_mm=3.0))
    return out
