"""Which modules and rings may attach to an owned piece: `check`'s own conditions, in array passes.

add_ons judges an extended piece (the owned piece, one module, and the ring joining it) with
`check.evaluate`. Most modules fail for reasons that no ring changes — a connector, a finish, a
metal, the stock — and judging each one on every ring was the whole cost. This module drops, in
one numpy pass per condition, every module and every ring that `evaluate` must refuse whatever
the other new part is. Each screen transcribes one check of `solver/check.py` (cited beside
it) and only ever keeps more than the check: `evaluate` stays the judge of what is kept.

Only parts new to the piece are screened: a module whose SKU the owner already has (in another
charm slot) is exempt from supply, labour and finish checks in `evaluate`, so it is judged
unscreened (`OwnedPiece.new`).
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import numpy as np

from catalog import rules
from catalog.attributes import attribute_value
from catalog.model import Catalog
from catalog.parts import Chain, Clasp, Extender, JumpRing, PartBase, Plating
from catalog.rules import RuleCode, Violation
from catalog.styles import Slot, Style
from catalog.types import Connector, SlotKind
from solver.addon_arrays import COLOURS, CONNECTORS, METALS, PartArrays
from solver.assembly import Assembly
from solver.check import rule_side, tables_touching  # the one reading of a rule's column
from solver.request import Request

TOLERANCE = 1e-6  # looser than the rules' 1e-9 and exact Decimals: a screen keeps every borderline part

# Violations of the owned piece alone that every extension of it repeats: they read parts, values
# and a plating that the extension keeps, through checks that only grow with more parts (a table
# combination of owned items, a nickel part, the bath's platability and lead time when re-plated,
# an excluded SKU, the owner's nameplate text). Counts, loads, lengths, clasps and slot counts are
# not here: an add-on can change them (an at-least rule, an extender).
LASTING = frozenset({RuleCode.NICKEL_FREE, RuleCode.PLATING_ON_METAL, RuleCode.PLATABLE_TOGETHER,
                     RuleCode.RETIRED, RuleCode.LEAD_TIME, RuleCode.TEXT_FITS, RuleCode.NAMEPLATE_FONT,
                     RuleCode.COMPATIBILITY_TABLE, RuleCode.SELECTION})


@dataclass(frozen=True)
class OwnedPiece:
    """The owned piece as `evaluate` reads it, under the request add_ons judges with."""

    catalog: Catalog
    style: Style
    assembly: Assembly
    owned: frozenset[str]
    request: Request
    replate: bool
    parts: dict[str, list[Any]]  # slot -> its parts (not option slots), as `evaluate` builds them
    options: dict[str, str]  # option slot -> code
    chain: Chain
    clasp: Clasp | None
    clasp_ring: JumpRing | None
    extender: Extender | None
    extender_ring: JumpRing | None
    plating: Plating | None

    @classmethod
    def of(cls, catalog: Catalog, style: Style, assembly: Assembly, owned: frozenset[str], request: Request,
           replate: bool) -> OwnedPiece | None:
        by_sku = catalog.by_sku()
        chosen = assembly.as_dict()
        parts = {s.name: [by_sku[k] for k in chosen.get(s.name, ()) if k in by_sku and by_sku[k].kind == s.kind.value]
                 for s in style.slots if s.kind is not SlotKind.OPTION}
        options = {s.name: chosen[s.name][0] for s in style.slots_of(SlotKind.OPTION) if chosen.get(s.name)}

        def one(kind: SlotKind) -> Any:
            found = [p for s in style.slots_of(kind)[:1] for p in parts[s.name][:1]]
            return found[0] if found else None

        def ring_of(kind: SlotKind) -> Any:
            slot = style.slots_of(kind)[:1]
            join = style.join_of(slot[0].name) if slot else None
            if join is None or not join.ring or not parts[slot[0].name]:
                return None
            return one_of(parts.get(join.ring) or [])

        chain = one(SlotKind.CHAIN)
        if chain is None:
            return None
        return cls(catalog, style, assembly, owned, request, replate, parts, options, chain, one(SlotKind.CLASP),
                   ring_of(SlotKind.CLASP), one(SlotKind.EXTENDER), ring_of(SlotKind.EXTENDER), one(SlotKind.PLATING))

    @property
    def plated_now(self) -> bool:
        """The whole piece goes through the bath (`evaluate`: plated_now)."""
        return self.plating is not None and (self.plating.sku not in self.owned or self.replate)

    @property
    def charms(self) -> list[Any]:
        return [p for s in self.style.slots_of(SlotKind.CHARM) for p in self.parts[s.name]]

    @property
    def hung_g(self) -> Decimal:
        return sum((c.weight_g for c in self.charms), Decimal(0))

    def new(self, arr: PartArrays) -> np.ndarray:
        """The parts the owner does not have: the only ones the screens may judge."""
        keep = np.ones(len(arr.parts), dtype=bool)
        for sku in self.owned:
            if sku in arr.index:
                keep[arr.index[sku]] = False
        return keep


def one_of(parts: list[Any]) -> Any:
    return parts[0] if parts else None


def lasting(violations: tuple[Violation, ...]) -> bool:
    """Whether the owned piece alone breaks a rule that every extension of it breaks too."""
    return any(v.code in LASTING for v in violations)


# --- what any new part must satisfy --------------------------------------------------------------


def new_part(piece: OwnedPiece, arr: PartArrays, slot: Slot, touches: list[PartBase],
             modules: bool = True) -> np.ndarray:
    """A new part in `slot` (module or ring), touching `touches`: the checks `evaluate` makes of
    every part that is new to the piece, whatever else is added. A module is new when the owner
    lacks its SKU (`modules`); a ring is new whenever the module it joins is, even when the owner
    has rings of its type elsewhere (`evaluate` charges and checks one ring per new joint)."""
    request, physics = piece.request, piece.catalog.physics
    q = request.quantity
    keep = arr.admitted(slot.filters).copy()  # the style's filter (SELECTION)
    if modules:
        keep &= piece.new(arr)
    for sku in request.exclude:  # excluded (SELECTION)
        if sku in arr.index:
            keep[arr.index[sku]] = False
    keep &= arr.active & arr.supplied(q)  # RETIRED; QUANTITY_AVAILABLE / MOQ: a new part is used once
    if request.deadline_days is not None:  # LEAD_TIME: the piece waits for its slowest new part, then the bath
        bath = piece.plating.lead_time_days if piece.plated_now and piece.plating is not None else 0
        keep &= arr.lead(q) + bath <= request.deadline_days
    if request.nickel_free:  # NICKEL_FREE, of every physical part
        keep &= ~np.array([physics.metal(m).releases_nickel for m in METALS])[arr.metal]
    if piece.plated_now and piece.plating is not None:  # PLATING_ON_METAL, PLATABLE_TOGETHER
        lawful = [m in piece.plating.allowed_base_metals and physics.metal(m).platable for m in METALS]
        plated: np.ndarray = keep & np.array(lawful)[arr.metal] & arr.platable
        return plated
    # Bare: FINISH_MATCH with the plating (an owned plated piece) or the chain (unplated); GALVANIC
    # with every part it touches (new-to-owned pairs are checked either way).
    colour = piece.plating.colour if piece.plating is not None else piece.chain.colour
    keep &= arr.colour == COLOURS.index(colour)
    for other in touches:
        keep &= arr.metal == METALS.index(other.base_metal)
    return keep


def tables(piece: OwnedPiece, arr: PartArrays, kind: SlotKind, keep: np.ndarray) -> np.ndarray:
    """COMPATIBILITY_TABLE: a new part of `kind` in a combination with owned items only is in
    every extension that holds it, so a refused one drops the part. Decided once per distinct
    value of the column it sits in."""
    keep = keep.copy()
    for rule in tables_touching(piece.catalog, piece.style, piece.request):
        for j, column in enumerate(rule.columns):
            if column.kind is not kind or not keep.any():
                continue
            sides = [rule_side(c, piece.parts, piece.options, piece.style)
                     for i, c in enumerate(rule.columns) if i != j]
            codes, values = arr.factor(column.attribute)
            refused = [c for c in np.unique(codes[keep]).tolist() if _refuses(rule, j, values[c], sides)]
            if refused:
                keep &= ~np.isin(codes, refused)
    return keep


def _refuses(rule: Any, j: int, value: Any, sides: list[list[tuple[tuple[str, str], Any]]]) -> bool:
    for combination in itertools.product(*sides):
        items = [item for item, _ in combination]
        if len(set(items)) < len(items):
            continue  # `table_violations` combines no item with itself
        values = [v for _, v in combination]
        values.insert(j, value)
        if not rule.permits(*values):
            return True
    return False


def counts(piece: OwnedPiece, arr: PartArrays | None, keep: np.ndarray) -> np.ndarray:
    """CHARM_COUNT (`count_violations`): the owned charms that match a counting rule, plus the
    new charm if it does (`arr`; None for a module that is not a charm), against the bound."""
    on = piece.request.on_date
    assert on is not None  # add_ons pins the date, so the screens and `evaluate` read one set of rules
    keep = keep.copy()
    for rule in piece.catalog.rules:
        if not (rule.counts and rule.in_force(on) and rule.applies_to(piece.style.id)):
            continue
        owned = sum(1 for c in piece.charms
                    if rule.matches_by_scan(*(attribute_value(c, col.attribute) for col in rule.columns)))
        hits = np.zeros(len(keep), dtype=np.int64)
        if arr is not None and keep.any():
            factors = [arr.factor(col.attribute) for col in rule.columns]
            rows = np.stack([codes for codes, _ in factors], axis=1)
            alive = np.flatnonzero(keep)
            distinct, inverse = np.unique(rows[alive], axis=0, return_inverse=True)
            hit = np.array([rule.matches_by_scan(*(factors[c][1][code] for c, code in enumerate(row)))
                            for row in distinct.tolist()], dtype=np.int64)
            hits[alive] = hit[inverse.reshape(-1)]
        total = owned + hits
        keep &= total <= (rule.count or 0) if rule.mode == "at_most" else total >= (rule.count or 0)
    return keep


# --- modules --------------------------------------------------------------------------------------


def charms(piece: OwnedPiece, arr: PartArrays, slot: Slot, ringed: bool, owned_ring: JumpRing | None) -> np.ndarray:
    """The new charms that may hang in `slot`: on a ring (`ringed`: the owner's, or a new one
    joined to the chain) or mounted directly."""
    chain, request = piece.chain, piece.request
    if len(piece.charms) + 1 > chain.charm_capacity:  # CHARM_CAPACITY
        return np.zeros(len(arr.parts), dtype=bool)
    # GALVANIC: a ring touches the chain and the charm, so a new ring makes the charm the chain's
    # metal; the owner's ring, that ring's metal; a charm without a ring touches the chain.
    keep = new_part(piece, arr, slot, [owned_ring] if owned_ring is not None else [chain])
    if ringed:  # CHARM_FITS_CARRIER: only a dangle charm has a loop for a ring
        keep &= arr.extra["connector"] == CONNECTORS.index(Connector.DANGLE)
    if owned_ring is not None:  # RING_PASSES_OPENING, RING_HOLDS_PARTS, LOAD_WITHIN_LIMITS of the owner's ring
        physics = piece.catalog.physics
        with np.errstate(invalid="ignore"):  # no loop (NaN): not a dangle charm, dropped above
            keep &= owned_ring.wire_mm + physics.ring_pass_clearance_mm <= arr.extra["loop_inner_mm"] + TOLERANCE
            needed = chain.wire_mm + arr.extra["loop_wire_mm"] + physics.ring_hold_clearance_mm
            keep &= owned_ring.inner_diameter_mm + TOLERANCE >= needed
        keep &= arr.weight_g <= float(owned_ring.max_load_g) + TOLERANCE
    # LOAD_WITHIN_LIMITS: every part between the charms and the neck carries them all.
    limit = min(limit for limit, _ in rules.load_path(chain, piece.clasp, piece.clasp_ring, piece.extender,
                                                        piece.extender_ring))
    keep &= float(piece.hung_g) + arr.weight_g <= float(limit) + TOLERANCE
    if request.text:  # TEXT_FITS, of a nameplate
        keep &= ~arr.extra["nameplate"] | (arr.extra["max_characters"] >= len(request.text))
    keep = counts(piece, arr, tables(piece, arr, SlotKind.CHARM, keep))
    font = piece.options.get(rules.FONT_SLOT)
    # The rule functions themselves on the few left: the font a nameplate is cut in, how a charm
    # without a ring mounts (NAMEPLATE_FONT, CHARM_FITS_CARRIER).
    if font is not None:
        for i in np.flatnonzero(keep & arr.extra["nameplate"]).tolist():
            if rules.font_offered(arr.parts[i], font) is not None:
                keep[i] = False
    if not ringed:
        for i in np.flatnonzero(keep).tolist():
            if rules.charm_mounts_directly(arr.parts[i], chain, piece.catalog.physics) is not None:
                keep[i] = False
    return keep


def extenders(piece: OwnedPiece, arr: PartArrays, slot: Slot) -> np.ndarray:
    """The new extenders that may fill `slot` (on a new ring to the chain's end)."""
    chain, clasp, style = piece.chain, piece.clasp, piece.style
    # GALVANIC: the ring makes it the chain's metal; the clasp now closes on it.
    keep = new_part(piece, arr, slot, [chain] + ([clasp] if clasp is not None else []))
    length = chain.length_mm + arr.extra["length_mm"] + (clasp.length_mm if clasp is not None else 0)
    keep &= (length >= style.min_length_mm - TOLERANCE) & (length <= style.max_length_mm + TOLERANCE)  # LENGTH
    if clasp is not None:  # CLASP_HOOKS_LINK: the clasp closes on the extender's links
        if clasp.magnetic:
            return np.zeros(len(arr.parts), dtype=bool)
        reach = arr.extra["link_wire_mm"] + piece.catalog.physics.gate_clearance_mm
        keep &= reach <= clasp.gate_opening_mm + TOLERANCE
    return counts(piece, None, tables(piece, arr, SlotKind.EXTENDER, keep))


def new_rings(piece: OwnedPiece, arr: PartArrays, ring_slot: Slot, carries_g: Decimal | None) -> np.ndarray:
    """The rings that may join a new module to the chain in `ring_slot`, whatever the module: a new
    ring touches the chain, and carries `carries_g` when it is on the load path (an extender's
    ring, when the clasp hooks the extender)."""
    keep = new_part(piece, arr, ring_slot, [piece.chain], modules=False)
    if carries_g is not None:  # LOAD_WITHIN_LIMITS
        keep &= arr.extra["max_load_g"] + TOLERANCE >= float(carries_g)
    return tables(piece, arr, SlotKind.JUMP_RING, keep)
