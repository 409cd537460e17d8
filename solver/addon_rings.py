"""Which rings an add-on may come with, cheapest first.

An add-on for an empty charm or extender slot comes with a new ring, and `check` then judges the
whole extended piece. The rings every new module shares are screened once per slot
(`addon_screen.new_rings`); here each module's own join is screened in one array pass (the
rules' arithmetic with a looser tolerance, so the screen only ever keeps more), and the rings
are tried cheapest first: the extended piece's price differs between rings only by the ring's own
price, so the first ring `check` accepts is the module's cheapest offer.
"""

from __future__ import annotations

import numpy as np

from catalog import rules
from catalog.parts import Chain, Charm, Extender
from catalog.physics import Physics
from solver.addon_arrays import PartArrays

SCREEN_TOLERANCE_MM = 1e-6  # looser than the rules' 1e-9: the screen keeps every ring they accept


def by_price(rings: PartArrays, quantity: int) -> np.ndarray:
    """Ring positions in the order their price adds to a piece: unit price at the quantity, then
    SKU (kept per quantity: the catalog's rings never change)."""
    key = ("by_price", quantity)
    found = rings.memo.get(key)
    if found is None:
        unit = rings.unit_cents(quantity).tolist()
        order = sorted(range(len(rings.parts)), key=lambda i: (unit[i], rings.parts[i].sku))
        found = np.array(order, dtype=np.int64)
        found.flags.writeable = False
        rings.memo[key] = found
    return found


def screened(rings: PartArrays, candidates: np.ndarray, chain_side: rules.Attachment,
             part_side: rules.Attachment | None, physics: Physics, hung_g: float = 0.0) -> np.ndarray:
    """The candidates (ring positions) that may join `part_side` to `chain_side` and carry
    `hung_g` (RING_PASSES_OPENING, RING_HOLDS_PARTS, LOAD_WITHIN_LIMITS), in their order."""
    if part_side is None or not len(candidates):
        return candidates[:0]  # nothing a ring can go through: `check` refuses every ring
    wire = rings.extra["wire_mm"][candidates]
    bore = rings.extra["inner_diameter_mm"][candidates]
    load = rings.extra["max_load_g"][candidates]
    passes = physics.ring_pass_clearance_mm
    needed = float(chain_side.wire_mm) + float(part_side.wire_mm) + physics.ring_hold_clearance_mm
    keep = ((wire + passes <= float(chain_side.opening_mm) + SCREEN_TOLERANCE_MM)
            & (wire + passes <= float(part_side.opening_mm) + SCREEN_TOLERANCE_MM)
            & (bore + SCREEN_TOLERANCE_MM >= needed)
            & (load + SCREEN_TOLERANCE_MM >= hung_g))
    kept: np.ndarray = candidates[keep]
    return kept


def charm_rings(rings: PartArrays, candidates: np.ndarray, chain: Chain, charm: Charm,
                physics: Physics) -> np.ndarray:
    """A dangle charm's ring passes the chain's body links and its loop, and carries it."""
    return screened(rings, candidates, rules.chain_body(chain), rules.charm_loop(charm), physics,
                    float(charm.weight_g))


def extender_rings(rings: PartArrays, candidates: np.ndarray, chain: Chain, extender: Extender,
                   physics: Physics) -> np.ndarray:
    """An extender's ring passes the chain's end link and the extender's."""
    return screened(rings, candidates, rules.chain_end(chain), rules.extender_end(extender), physics)
