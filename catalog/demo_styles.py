"""The four demo styles and the merchandiser rules; the generator reuses them for benchmarks."""

from __future__ import annotations

from datetime import date

from catalog.compat import AttributeRef, CompatibilityRule
from catalog.parts import Money
from catalog.sizes import mm
from catalog.styles import DEFAULT_INSPECTION, AttributeFilter, Join, OptionValue, Slot, Style
from catalog.types import SlotKind

CHARM_NECKLACE = "charm-necklace"
NAME_NECKLACE = "name-necklace"
CLIP_BRACELET = "clip-bracelet"
ANKLET = "anklet"
STYLE_IDS = (CHARM_NECKLACE, NAME_NECKLACE, CLIP_BRACELET, ANKLET)


def _eur(cents: int) -> Money:
    return Money(amount_cents=cents)


def _length(low_mm: float, high_mm: float) -> AttributeFilter:
    return AttributeFilter(attribute="length_mm", min=low_mm, max=high_mm)


def _ring(name: str, optional: bool = False) -> Slot:
    return Slot(name=name, kind=SlotKind.JUMP_RING, min_count=0 if optional else 1)


def charm_necklace() -> Style:
    """A 16-24 in chain with up to five dangle charms; optionally extended, plated and boxed."""
    return Style(
        id=CHARM_NECKLACE, name="Charm necklace",
        description="Pick a chain, up to five charms, a clasp; add an extender or a plating.",
        slots=(
            Slot(name="chain", kind=SlotKind.CHAIN, filters=(_length(mm(16) - 0.5, mm(24) + 0.5),)),
            Slot(name="clasp", kind=SlotKind.CLASP),
            _ring("clasp_ring"),
            Slot(name="extender", kind=SlotKind.EXTENDER, min_count=0),
            _ring("extender_ring", optional=True),
            Slot(name="charms", kind=SlotKind.CHARM, min_count=0, max_count=5,
                 filters=(AttributeFilter(attribute="connector", values=("dangle",)),)),
            _ring("charm_ring", optional=True),
            Slot(name="plating", kind=SlotKind.PLATING, min_count=0),
            Slot(name="gift_box", kind=SlotKind.OPTION, default="none", values=(
                OptionValue(code="none", label="No box"),
                OptionValue(code="box", label="Gift box", price=_eur(450)),
                OptionValue(code="velvet", label="Velvet box", price=_eur(900)),
            )),
        ),
        joins=(
            Join(a="chain", b="clasp", ring="clasp_ring"),
            Join(a="chain", b="extender", ring="extender_ring"),
            Join(a="chain", b="charms", ring="charm_ring"),
        ),
        # 16 in chain + clasp up to 24 in + 1 in extender + clasp; 24 in + 2-3 in is too long.
        min_length_mm=406.0, max_length_mm=660.0,
        labour_per_joint=_eur(150),
        inspection=("charms", "chain type and length", "clasp", "finish colour"),
    )


def name_necklace() -> Style:
    """The personalisation route: nameplate on a chain, the whole piece plated, then inspected."""
    return Style(
        id=NAME_NECKLACE, name="Name necklace",
        description="A laser-cut nameplate on a 14-22 in chain, electroplated after assembly.",
        slots=(
            Slot(name="chain", kind=SlotKind.CHAIN, filters=(_length(mm(14) - 0.5, mm(22) + 0.5),)),
            Slot(name="clasp", kind=SlotKind.CLASP),
            _ring("clasp_ring"),
            Slot(name="nameplate", kind=SlotKind.CHARM,
                 filters=(AttributeFilter(attribute="nameplate", values=(True,)),)),
            _ring("nameplate_ring"),
            Slot(name="plating", kind=SlotKind.PLATING),
            Slot(name="font", kind=SlotKind.OPTION, values=(
                OptionValue(code="script", label="Script"),
                OptionValue(code="block", label="Block capitals"),
                OptionValue(code="old_english", label="Old English", price=_eur(300)),
            )),
        ),
        joins=(
            Join(a="chain", b="clasp", ring="clasp_ring"),
            Join(a="chain", b="nameplate", ring="nameplate_ring"),
        ),
        min_length_mm=mm(14), max_length_mm=580.0,
        plate_after_assembly=True, labour_per_joint=_eur(250),
        inspection=DEFAULT_INSPECTION,
    )


def clip_bracelet() -> Style:
    """A clip-charm carrier bracelet: up to seven clips, slides or screw charms, no rings."""
    return Style(
        id=CLIP_BRACELET, name="Clip-charm bracelet",
        description="A 6.5-8 in carrier bracelet holding at most seven clip charms.",
        slots=(
            Slot(name="chain", kind=SlotKind.CHAIN, filters=(
                AttributeFilter(attribute="chain_style", values=("clip_carrier",)),
                _length(mm(6.5) - 0.5, mm(8) + 0.5),
            )),
            Slot(name="clasp", kind=SlotKind.CLASP),
            _ring("clasp_ring"),
            Slot(name="clips", kind=SlotKind.CHARM, min_count=0, max_count=7, filters=(
                AttributeFilter(attribute="connector", values=("clip", "slide_bail", "screw")),
            )),
        ),
        joins=(
            Join(a="chain", b="clasp", ring="clasp_ring"),
            Join(a="chain", b="clips"),
        ),
        # 6.5 in with a spring ring up to 8 in with a 10 mm lobster.
        min_length_mm=170.0, max_length_mm=215.0,
        labour_per_joint=_eur(100),
        inspection=("clips", "chain length", "clasp"),
    )


def anklet() -> Style:
    return Style(
        id=ANKLET, name="Anklet",
        description="A 9-11 in chain with an extender so it fits over the ankle bone.",
        slots=(
            Slot(name="chain", kind=SlotKind.CHAIN, filters=(_length(mm(9) - 0.5, mm(11) + 0.5),)),
            Slot(name="clasp", kind=SlotKind.CLASP),
            _ring("clasp_ring"),
            Slot(name="extender", kind=SlotKind.EXTENDER),
            _ring("extender_ring"),
        ),
        joins=(
            Join(a="chain", b="clasp", ring="clasp_ring"),
            Join(a="chain", b="extender", ring="extender_ring"),
        ),
        min_length_mm=240.0, max_length_mm=320.0,
        labour_per_joint=_eur(150),
        inspection=("chain type and length", "extender", "clasp"),
    )


def demo_styles() -> tuple[Style, ...]:
    return (charm_necklace(), name_necklace(), clip_bracelet(), anklet())


def demo_rules() -> tuple[CompatibilityRule, ...]:
    """Brand decisions, not physics; each has the chain, the plating or an option on one side."""
    return (
        CompatibilityRule(
            id="nameplate-chain-styles",
            description="Nameplates are sold on cable, curb, box and figaro chains only "
            "(they twist on rope, snake and herringbone and slip on paperclip).",
            columns=(AttributeRef(kind=SlotKind.CHARM, attribute="nameplate"),
                     AttributeRef(kind=SlotKind.CHAIN, attribute="chain_style")),
            mode="allowed",
            rows=((True, "cable"), (True, "curb"), (True, "box"), (True, "figaro")),
            styles=(NAME_NECKLACE,),
        ),
        CompatibilityRule(
            id="old-english-not-rose",
            description="Old English lettering loses its hairlines under rose gold; not offered.",
            columns=(AttributeRef(kind=SlotKind.OPTION, attribute="code", option_slot="font"),
                     AttributeRef(kind=SlotKind.PLATING, attribute="material")),
            mode="forbidden",
            rows=(("old_english", "rose_gold"),),
            styles=(NAME_NECKLACE,),
        ),
        CompatibilityRule(
            id="rose-paperclip-paused",
            description="Rose-gold paperclip necklaces are paused until the new bath line opens in 2027.",
            columns=(AttributeRef(kind=SlotKind.PLATING, attribute="material"),
                     AttributeRef(kind=SlotKind.CHAIN, attribute="chain_style")),
            mode="forbidden",
            rows=(("rose_gold", "paperclip"),),
            styles=(CHARM_NECKLACE,),
            effective_until=date(2026, 12, 31),
        ),
    )
