"""Which rings an add-on may come with, cheapest first.

An add-on for an empty charm or extender slot comes with a new ring, and `check` then judges
the whole extended piece. Trying every ring for every module is |modules| × |rings| judgements
(7 M at 10^4 parts); instead the rings are screened in one array pass by what the join itself
must satisfy (the rules' own arithmetic with a looser tolerance, so the screen only ever keeps
more), and tried cheapest first: the extended piece's price differs between rings only by the
ring's own price, so the first ring `check` accepts is the module's cheapest offer.
"""

from __future__ import annotations

import numpy as np

from catalog import rules
from catalog.parts import Chain, Charm, Extender, JumpRing, Plating
from catalog.physics import Physics

SCREEN_TOLERANCE_MM = 1e-6  # looser than the rules' 1e-9: the screen keeps every ring they accept


def by_price(rings: list[JumpRing], quantity: int) -> list[JumpRing]:
    """Rings in the order their price adds to a piece: unit price at the quantity, then SKU."""
    return sorted(rings, key=lambda r: (rules.quote(r, quantity).unit_price_cents, r.sku))


def screened(rings: list[JumpRing], chain_side: rules.Attachment, part_side: rules.Attachment | None,
             physics: Physics, hung_g: float = 0.0) -> list[JumpRing]:
    """The rings that may join `part_side` to `chain_side` (and carry `hung_g`), in their order."""
    if part_side is None or not rings:
        return []  # nothing a ring can go through: `check` refuses every ring
    wire = np.array([float(r.wire_mm) for r in rings])
    bore = np.array([float(r.inner_diameter_mm) for r in rings])
    load = np.array([float(r.max_load_g) for r in rings])
    passes = physics.ring_pass_clearance_mm
    needed = float(chain_side.wire_mm) + float(part_side.wire_mm) + physics.ring_hold_clearance_mm
    keep = ((wire + passes <= float(chain_side.opening_mm) + SCREEN_TOLERANCE_MM)
            & (wire + passes <= float(part_side.opening_mm) + SCREEN_TOLERANCE_MM)
            & (bore + SCREEN_TOLERANCE_MM >= needed)
            & (load + SCREEN_TOLERANCE_MM >= hung_g))
    return [r for r, ok in zip(rings, keep.tolist(), strict=True) if ok]


def alone(rings: list[JumpRing], chain: Chain, plating: Plating | None, replate: bool, quantity: int,
          nickel_free: bool, physics: Physics) -> list[JumpRing]:
    """The rings `check` can accept on this piece whatever they join: a new ring must be active
    and supplied, and it touches the chain, so its finish must suit the piece (bare on an owned
    plated piece, matching the chain on an unplated one, platable when re-plated) — the rules'
    own functions, so nothing `check` accepts is dropped."""
    def ok(ring: JumpRing) -> bool:
        found: list[object] = [rules.active(ring), rules.supply(ring, quantity)]
        if plating is not None and not replate:
            found += [rules.finishes_match(plating, ring), rules.galvanic_safe(ring, chain, plated_together=False)]
        elif plating is not None:
            found += [rules.plating_allowed(plating, ring, physics), rules.platable(ring)]
        else:
            found += [rules.finishes_match(chain, ring), rules.galvanic_safe(ring, chain, plated_together=False)]
        if nickel_free:
            found.append(rules.nickel_free_part(ring, physics))
        return not any(isinstance(v, rules.Violation) for v in found)

    return [r for r in rings if ok(r)]


def charm_rings(rings: list[JumpRing], chain: Chain, charm: Charm, physics: Physics) -> list[JumpRing]:
    return screened(rings, rules.chain_body(chain), rules.charm_loop(charm), physics, float(charm.weight_g))


def extender_rings(rings: list[JumpRing], chain: Chain, extender: Extender, physics: Physics) -> list[JumpRing]:
    return screened(rings, rules.chain_end(chain), rules.extender_end(extender), physics)
