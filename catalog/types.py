"""Shared vocabulary: the enumerations and aliases every layer speaks."""

from __future__ import annotations

from enum import Enum
from typing import Literal

Sku = str
SlotName = str
StyleId = str
CatalogVersion = int


class PartKind(str, Enum):
    CHAIN = "chain"
    CLASP = "clasp"
    EXTENDER = "extender"
    JUMP_RING = "jump_ring"
    CHARM = "charm"
    PLATING = "plating"


class SlotKind(str, Enum):
    """What a style slot holds: a part kind, or an attribute-only option (font, gift box)."""

    CHAIN = "chain"
    CLASP = "clasp"
    EXTENDER = "extender"
    JUMP_RING = "jump_ring"
    CHARM = "charm"
    PLATING = "plating"
    OPTION = "option"


class BaseMetal(str, Enum):
    STERLING_SILVER = "sterling_silver"
    GOLD_14K = "gold_14k"
    GOLD_18K = "gold_18k"
    GOLD_FILLED = "gold_filled"
    BRASS = "brass"
    BRONZE = "bronze"
    COPPER = "copper"
    STAINLESS_316L = "stainless_316l"
    TITANIUM = "titanium"
    NICKEL_SILVER = "nickel_silver"


class Colour(str, Enum):
    """Finish colour as a shopper sees it (white gold and rhodium read as silver)."""

    SILVER = "silver"
    YELLOW = "yellow"
    ROSE = "rose"


class Surface(str, Enum):
    POLISHED = "polished"
    MATTE = "matte"
    BRUSHED = "brushed"
    HAMMERED = "hammered"


class Status(str, Enum):
    ACTIVE = "active"
    RETIRED = "retired"


class Production(str, Enum):
    """How more of a part is had: only from stock, made to order directly, or cast from a mould."""

    STOCKED = "stocked"
    MADE_TO_ORDER = "made_to_order"
    CAST = "cast"


class ChainStyle(str, Enum):
    CABLE = "cable"
    CURB = "curb"
    BOX = "box"
    ROPE = "rope"
    FIGARO = "figaro"
    SNAKE = "snake"
    PAPERCLIP = "paperclip"
    BALL = "ball"
    HERRINGBONE = "herringbone"
    CLIP_CARRIER = "clip_carrier"


class ClaspType(str, Enum):
    LOBSTER = "lobster"
    SPRING_RING = "spring_ring"
    TOGGLE = "toggle"
    BOX = "box"
    HOOK = "hook"
    MAGNETIC = "magnetic"


class Connector(str, Enum):
    """How a modular charm mounts on its carrier."""

    DANGLE = "dangle"  # its loop hangs on a jump ring
    SLIDE_BAIL = "slide_bail"  # the chain threads through its bail
    CLIP = "clip"  # clips onto the carrier
    SCREW = "screw"  # screws onto a threaded carrier


class PlatingMaterial(str, Enum):
    RHODIUM = "rhodium"
    YELLOW_GOLD = "yellow_gold"
    ROSE_GOLD = "rose_gold"


class Underlayer(str, Enum):
    NONE = "none"
    NICKEL = "nickel"
    PALLADIUM = "palladium"
    COPPER = "copper"


class GaugeSystem(str, Enum):
    AWG = "AWG"
    SWG = "SWG"


class FtcClass(str, Enum):
    """FTC 16 CFR 23 names for a gold layer (rhodium is `not_gold`)."""

    NOT_GOLD = "not_gold"
    FLASH = "flash"
    GOLD_ELECTROPLATE = "gold_electroplate"
    HEAVY_GOLD_ELECTROPLATE = "heavy_gold_electroplate"
    VERMEIL = "vermeil"


RuleMode = Literal["allowed", "forbidden", "at_most", "at_least"]
COUNTING_MODES = frozenset({"at_most", "at_least"})  # counting rules: how many charms match a row
