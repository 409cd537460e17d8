"""Physical and production rules, each a pure function with a stable rule code.

Every number comes from `Physics` (catalog data) or from the parts themselves. The solver cites
these codes in reasons and explanations, so codes never change meaning once published.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from enum import Enum
from typing import Any

from catalog.compat import AttributeRef, CompatibilityRule
from catalog.parts import Chain, Charm, Clasp, Extender, JumpRing, PartBase, Plating, money_text
from catalog.physics import Physics
from catalog.styles import Style
from catalog.types import Connector, Production, SlotKind, Status

FONT_SLOT = "font"  # the option slot that names the nameplate's font


class RuleCode(str, Enum):
    RING_PASSES_OPENING = "RING_PASSES_OPENING"
    RING_HOLDS_PARTS = "RING_HOLDS_PARTS"
    CLASP_HOOKS_LINK = "CLASP_HOOKS_LINK"
    CHARM_FITS_CARRIER = "CHARM_FITS_CARRIER"
    LOAD_WITHIN_LIMITS = "LOAD_WITHIN_LIMITS"
    CHARM_CAPACITY = "CHARM_CAPACITY"
    LENGTH_IN_RANGE = "LENGTH_IN_RANGE"
    PLATING_ON_METAL = "PLATING_ON_METAL"
    PLATABLE_TOGETHER = "PLATABLE_TOGETHER"
    FINISH_MATCH = "FINISH_MATCH"
    GALVANIC = "GALVANIC"
    NICKEL_FREE = "NICKEL_FREE"
    QUANTITY_AVAILABLE = "QUANTITY_AVAILABLE"
    MOQ = "MOQ"
    LEAD_TIME = "LEAD_TIME"
    BUDGET = "BUDGET"
    RETIRED = "RETIRED"
    SLOT_COUNT = "SLOT_COUNT"
    COMPATIBILITY_TABLE = "COMPATIBILITY_TABLE"
    CHARM_COUNT = "CHARM_COUNT"  # a counting rule: at most / at least N charms with a value
    TEXT_FITS = "TEXT_FITS"
    NAMEPLATE_FONT = "NAMEPLATE_FONT"
    SELECTION = "SELECTION"


@dataclass(frozen=True)
class Violation:
    """A broken rule; money rules keep their amounts in cents beside the message, which shows
    them in the catalog's currency."""

    code: RuleCode
    message: str
    skus: tuple[str, ...] = field(default=())
    amount_cents: int | None = None  # what the piece costs
    limit_cents: int | None = None  # what the shopper allows


@dataclass(frozen=True)
class Attachment:
    """Where a ring goes through a part: the opening it passes and the wire it then holds."""

    sku: str
    opening_mm: float
    wire_mm: float


def chain_end(chain: Chain) -> Attachment:
    return Attachment(chain.sku, chain.end_link_inner_mm, chain.wire_mm)


def chain_body(chain: Chain) -> Attachment:
    return Attachment(chain.sku, chain.link_inner_mm, chain.wire_mm)


def clasp_loop(clasp: Clasp) -> Attachment:
    return Attachment(clasp.sku, clasp.loop_inner_mm, clasp.loop_wire_mm)


def extender_end(extender: Extender) -> Attachment:
    return Attachment(extender.sku, extender.end_link_inner_mm, extender.link_wire_mm)


def charm_loop(charm: Charm) -> Attachment | None:
    if charm.connector is not Connector.DANGLE or charm.loop_inner_mm is None or charm.loop_wire_mm is None:
        return None
    return Attachment(charm.sku, charm.loop_inner_mm, charm.loop_wire_mm)


# --- joins ------------------------------------------------------------------------------------


def ring_passes(ring: JumpRing, part: Attachment, physics: Physics) -> Violation | None:
    """The ring's wire must pass through the part's opening."""
    if ring.wire_mm + physics.ring_pass_clearance_mm <= part.opening_mm + 1e-9:
        return None
    return Violation(
        RuleCode.RING_PASSES_OPENING,
        f"{ring.wire_mm} mm ring wire does not pass the {part.opening_mm} mm opening of {part.sku}",
        (ring.sku, part.sku),
    )


def ring_holds(ring: JumpRing, a: Attachment, b: Attachment, physics: Physics) -> Violation | None:
    """The ring's bore must hold both parts' wires side by side, with clearance."""
    needed = a.wire_mm + b.wire_mm + physics.ring_hold_clearance_mm
    if ring.inner_diameter_mm + 1e-9 >= needed:
        return None
    return Violation(
        RuleCode.RING_HOLDS_PARTS,
        f"{ring.inner_diameter_mm} mm ring bore cannot hold {a.wire_mm} + {b.wire_mm} mm wires "
        f"of {a.sku} and {b.sku}",
        (ring.sku, a.sku, b.sku),
    )


def ring_join(ring: JumpRing, a: Attachment, b: Attachment, physics: Physics) -> list[Violation]:
    """All that a jump ring joining two parts must satisfy."""
    found = [ring_passes(ring, a, physics), ring_passes(ring, b, physics), ring_holds(ring, a, b, physics)]
    return [v for v in found if v is not None]


def clasp_hooks(clasp: Clasp, link_wire_mm: float, target_sku: str, physics: Physics) -> Violation | None:
    """The clasp gate must open wide enough to hook the link it closes on."""
    if clasp.magnetic:
        return None  # no gate: it closes on its own mating half (`clasp_closes`)
    if link_wire_mm + physics.gate_clearance_mm <= clasp.gate_opening_mm + 1e-9:
        return None
    return Violation(
        RuleCode.CLASP_HOOKS_LINK,
        f"{clasp.gate_opening_mm} mm gate of {clasp.sku} cannot hook the {link_wire_mm} mm link of {target_sku}",
        (clasp.sku, target_sku),
    )


def clasp_hooks_extender(clasp: Clasp, extender: Extender, physics: Physics) -> Violation | None:
    """With an extender the clasp closes on its links. A magnetic clasp has no gate: it joins
    only its own mating half, so it cannot hook an extender."""
    if clasp.magnetic:
        return Violation(
            RuleCode.CLASP_HOOKS_LINK,
            f"magnetic clasp {clasp.sku} has no gate: it joins only its mating half, not the links of "
            f"{extender.sku}",
            (clasp.sku, extender.sku),
        )
    return clasp_hooks(clasp, extender.link_wire_mm, extender.sku, physics)


def clasp_closes(clasp: Clasp, chain: Chain, extender: Extender | None, physics: Physics) -> Violation | None:
    """The clasp closes on the extender's links when there is one, else on the chain's."""
    if extender is not None:
        return clasp_hooks_extender(clasp, extender, physics)
    return clasp_hooks(clasp, chain.wire_mm, chain.sku, physics)


def charm_mounts_directly(charm: Charm, chain: Chain, physics: Physics) -> Violation | None:
    """A charm without a ring: slide bail, clip or screw must fit the carrier."""
    ok: bool
    why: str
    if charm.connector is Connector.SLIDE_BAIL:
        bore = charm.bail_inner_mm or 0.0
        ok = chain.bail_slide and chain.width_mm + physics.bail_clearance_mm <= bore + 1e-9
        why = f"bail {bore} mm vs chain {chain.width_mm} mm (slides: {chain.bail_slide})"
    elif charm.connector is Connector.CLIP:
        lo, hi = charm.clip_min_width_mm or 0.0, charm.clip_max_width_mm or 0.0
        ok = chain.charm_capacity > 0 and lo - 1e-9 <= chain.width_mm <= hi + 1e-9
        why = f"clip grips {lo}–{hi} mm, carrier is {chain.width_mm} mm"
    elif charm.connector is Connector.SCREW:
        ok = chain.thread_mm is not None and abs(chain.thread_mm - (charm.thread_mm or 0.0)) < 1e-6
        why = f"thread {charm.thread_mm} mm vs carrier thread {chain.thread_mm}"
    else:
        ok = False
        why = "a dangle charm needs a jump ring"
    if ok:
        return None
    return Violation(RuleCode.CHARM_FITS_CARRIER, f"{charm.sku} does not mount on {chain.sku}: {why}",
                     (charm.sku, chain.sku))


def charm_needs_ring(charm: Charm) -> Violation | None:
    if charm.connector is Connector.DANGLE:
        return None
    return Violation(
        RuleCode.CHARM_FITS_CARRIER,
        f"{charm.sku} has a {charm.connector.value} connector, not a loop for a jump ring",
        (charm.sku,),
    )


# --- the whole piece --------------------------------------------------------------------------


def load_within(limit_g: Decimal, hung_g: Decimal, holder_sku: str, hung_skus: tuple[str, ...]) -> Violation | None:
    if hung_g <= limit_g:
        return None
    return Violation(
        RuleCode.LOAD_WITHIN_LIMITS,
        f"{hung_g} g hung exceeds the {limit_g} g that {holder_sku} carries",
        (holder_sku, *hung_skus),
    )


def load_path(chain: Chain, clasp: Clasp | None, clasp_ring: JumpRing | None, extender: Extender | None,
              extender_ring: JumpRing | None) -> list[tuple[Decimal, str]]:
    """(limit, SKU) of every part that carries the whole hung weight to the wearer's neck: the
    chain; the clasp and the ring that joins it to the chain; and, when the clasp hooks the
    extender, the ring that joins the extender to the chain (the clasp pulls through it)."""
    path = [(chain.max_load_g, chain.sku)]
    if clasp is not None:
        path.append((clasp.max_load_g, clasp.sku))
        if clasp_ring is not None:
            path.append((clasp_ring.max_load_g, clasp_ring.sku))
        if extender is not None and extender_ring is not None:
            path.append((extender_ring.max_load_g, extender_ring.sku))
    return path


def capacity_within(chain: Chain, charm_count: int) -> Violation | None:
    if charm_count <= chain.charm_capacity:
        return None
    return Violation(
        RuleCode.CHARM_CAPACITY,
        f"{charm_count} charms exceed the capacity of {chain.sku} ({chain.charm_capacity})",
        (chain.sku,),
    )


def length_within(total_mm: float, low_mm: float, high_mm: float, skus: tuple[str, ...]) -> Violation | None:
    if low_mm - 1e-9 <= total_mm <= high_mm + 1e-9:
        return None
    return Violation(
        RuleCode.LENGTH_IN_RANGE,
        f"total length {total_mm:.1f} mm is outside {low_mm:.0f}–{high_mm:.0f} mm",
        skus,
    )


def plating_allowed(plating: Plating, part: PartBase, physics: Physics) -> Violation | None:
    """The plating must be lawful on this base metal (vermeil only over sterling)."""
    if part.base_metal in plating.allowed_base_metals and physics.metal(part.base_metal).platable:
        return None
    return Violation(
        RuleCode.PLATING_ON_METAL,
        f"{plating.name} cannot be applied over {part.base_metal.value} ({part.sku})",
        (plating.sku, part.sku),
    )


def platable(part: PartBase) -> Violation | None:
    """Plated as one piece: nothing may spoil in the bath (magnets, enamel)."""
    if part.platable:
        return None
    return Violation(
        RuleCode.PLATABLE_TOGETHER,
        f"{part.sku} cannot go through the plating bath (magnet or enamel)",
        (part.sku,),
    )


def finishes_match(a: PartBase | Plating, b: PartBase) -> Violation | None:
    """Unplated, a part must show the colour of the piece (the chain's, or an owned piece's plating)."""
    if a.colour is b.colour:
        return None
    piece = f"the piece is plated {a.colour.value} ({a.sku})" if isinstance(a, Plating) else (
        f"{a.sku} is {a.colour.value}")
    return Violation(RuleCode.FINISH_MATCH, f"unplated {b.sku} is {b.colour.value}, {piece}", (a.sku, b.sku))


def galvanic_safe(a: PartBase, b: PartBase, plated_together: bool) -> Violation | None:
    """Touching parts of different metals corrode each other unless plated as one."""
    if plated_together or a.base_metal is b.base_metal:
        return None
    return Violation(
        RuleCode.GALVANIC,
        f"{a.sku} ({a.base_metal.value}) touches {b.sku} ({b.base_metal.value}) unplated",
        (a.sku, b.sku),
    )


def nickel_free_part(part: PartBase, physics: Physics) -> Violation | None:
    if not physics.metal(part.base_metal).releases_nickel:
        return None
    return Violation(RuleCode.NICKEL_FREE, f"{part.sku} is {part.base_metal.value}, which releases nickel",
                     (part.sku,))


def nickel_free_plating(plating: Plating) -> Violation | None:
    if plating.underlayer.value != "nickel":
        return None
    return Violation(RuleCode.NICKEL_FREE, f"{plating.name} has a nickel underlayer", (plating.sku,))


def active(part: PartBase | Plating) -> Violation | None:
    if part.status is Status.ACTIVE:
        return None
    return Violation(RuleCode.RETIRED, f"{part.sku} is retired from sale", (part.sku,))


@dataclass(frozen=True)
class Supply:
    """How `quantity` of a part is had: from stock (lead 0) or made, and at what unit price."""

    from_stock: bool
    lead_time_days: int
    unit_price_cents: int


def quote(part: PartBase, quantity: int) -> Supply:
    """What `quantity` of the part costs and how long it takes, whether or not it may be had:
    a refused piece is still priced with every part in it (made to order: its lead time and the
    tooling spread over the quantity)."""
    price = part.price.amount_cents
    if part.stock >= quantity or part.production is Production.STOCKED:
        return Supply(part.stock >= quantity, 0, price)
    tooling = part.tooling.amount_cents if part.tooling else 0
    return Supply(False, part.lead_time_days, price + -(-tooling // quantity))


def supply(part: PartBase, quantity: int) -> Supply | Violation:
    """Stock first; else made to order or cast, at least the MOQ, tooling spread over the quantity."""
    price = part.price.amount_cents
    if part.stock >= quantity:
        return Supply(True, 0, price)
    if part.production is Production.STOCKED:
        return Violation(
            RuleCode.QUANTITY_AVAILABLE,
            f"{part.sku}: {part.stock} in stock, {quantity} needed, not made to order",
            (part.sku,),
        )
    if quantity < part.moq:
        return Violation(
            RuleCode.MOQ,
            f"{part.sku}: {part.stock} in stock and made only from {part.moq} pieces, {quantity} asked",
            (part.sku,),
        )
    tooling = part.tooling.amount_cents if part.tooling else 0
    return Supply(False, part.lead_time_days, price + -(-tooling // quantity))


def lead_time_within(days: int, deadline_days: int | None, skus: tuple[str, ...]) -> Violation | None:
    if deadline_days is None or days <= deadline_days:
        return None
    return Violation(RuleCode.LEAD_TIME, f"ready in {days} days, {deadline_days} allowed", skus)


def budget_within(total_cents: int, budget_cents: int | None, currency: str = "EUR") -> Violation | None:
    if budget_cents is None or total_cents <= budget_cents:
        return None
    return Violation(RuleCode.BUDGET, f"total {money_text(total_cents, currency)} exceeds the budget of "
                     f"{money_text(budget_cents, currency)}", (), total_cents, budget_cents)


def font_offered(charm: Charm, font: str) -> Violation | None:
    """A nameplate is cut only in the fonts it offers (one that lists none is not restricted)."""
    if not charm.nameplate or not charm.fonts or font in charm.fonts:
        return None
    return Violation(
        RuleCode.NAMEPLATE_FONT,
        f"{charm.sku} is cut only in {', '.join(charm.fonts)}, not {font}",
        (charm.sku,),
    )


def text_fits(charm: Charm, text: str | None) -> Violation | None:
    if not text:
        return None
    if charm.nameplate and len(text) <= charm.max_characters:
        return None
    limit = charm.max_characters if charm.nameplate else 0
    return Violation(RuleCode.TEXT_FITS, f"{charm.sku} takes {limit} characters, text has {len(text)}",
                     (charm.sku,))


def built_in_rules(charms: Callable[[], Iterable[Any]], style: Style) -> tuple[CompatibilityRule, ...]:
    """Physical rules between a part and an option value, put as tables the solver reads.
    `charms` is asked only when the style has a font slot."""
    slot = next((s for s in style.slots if s.kind is SlotKind.OPTION and s.name == FONT_SLOT), None)
    if slot is None:
        return ()
    found = font_rule([c for c in charms() if isinstance(c, Charm)], style.id, tuple(v.code for v in slot.values))
    return (found,) if found is not None else ()


def font_rule(charms: list[Charm], style_id: str, font_codes: tuple[str, ...]) -> CompatibilityRule | None:
    """`font_offered` as a compatibility table between the nameplate and the style's font slot, so
    the solver decides it like any merchandiser rule (a nameplate that offers none of the slot's
    fonts is listed with no font, which refuses every one)."""
    offered: dict[str, set[str]] = {}
    for charm in charms:
        if charm.cut_fonts:
            offered.setdefault(charm.cut_fonts, set(charm.fonts))
    pairs: list[tuple[str, str]] = []
    for key, fonts in sorted(offered.items()):
        allowed = [code for code in font_codes if code in fonts]
        pairs.extend((key, code) for code in allowed or [""])
    if not pairs:
        return None
    return CompatibilityRule(
        id="nameplate-fonts", description="A nameplate is cut only in the fonts it offers.",
        columns=(AttributeRef(kind=SlotKind.CHARM, attribute="cut_fonts"),
                 AttributeRef(kind=SlotKind.OPTION, attribute="code", option_slot=FONT_SLOT)),
        mode="allowed", rows=tuple(pairs), styles=(style_id,),
    )
