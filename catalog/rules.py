"""Physical and production rules, each a pure function with a stable rule code.

Every number comes from `Physics` (catalog data) or from the parts themselves. The solver cites
these codes in reasons and explanations, so codes never change meaning once published.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from enum import Enum

from catalog.parts import Chain, Charm, Clasp, Extender, JumpRing, PartBase, Plating
from catalog.physics import Physics
from catalog.types import Connector, Production, Status


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
    TEXT_FITS = "TEXT_FITS"
    SELECTION = "SELECTION"


@dataclass(frozen=True)
class Violation:
    code: RuleCode
    message: str
    skus: tuple[str, ...] = field(default=())


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
    if link_wire_mm + physics.gate_clearance_mm <= clasp.gate_opening_mm + 1e-9:
        return None
    return Violation(
        RuleCode.CLASP_HOOKS_LINK,
        f"{clasp.gate_opening_mm} mm gate of {clasp.sku} cannot hook the {link_wire_mm} mm link of {target_sku}",
        (clasp.sku, target_sku),
    )


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


def finishes_match(a: PartBase, b: PartBase) -> Violation | None:
    if a.colour is b.colour:
        return None
    return Violation(
        RuleCode.FINISH_MATCH,
        f"unplated {a.sku} is {a.colour.value}, {b.sku} is {b.colour.value}",
        (a.sku, b.sku),
    )


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


def budget_within(total_cents: int, budget_cents: int | None) -> Violation | None:
    if budget_cents is None or total_cents <= budget_cents:
        return None
    return Violation(RuleCode.BUDGET, f"total {total_cents} cents exceeds budget {budget_cents} cents")


def text_fits(charm: Charm, text: str | None) -> Violation | None:
    if not text:
        return None
    if charm.nameplate and len(text) <= charm.max_characters:
        return None
    limit = charm.max_characters if charm.nameplate else 0
    return Violation(RuleCode.TEXT_FITS, f"{charm.sku} takes {limit} characters, text has {len(text)}",
                     (charm.sku,))
