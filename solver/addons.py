"""add_ons(): modules that attach to a piece someone owns, without taking it apart.

The owned piece is known by its SKUs only (retired ones included). It is placed into the style
whose slots it fills validly; then every charm that a free place in a charm slot can take (on the
slot's ring, or a new ring when the slot is empty) and every extender for an empty extender slot
is tried on the whole extended piece, as `check` judges it (DESIGN §3): the owned parts need no
stock and cost nothing; an add-on is attached as it is — bare on a plated piece, so its finish
must match the plating and it must not corrode what it touches — unless the owner asks for the
whole piece to be re-plated (then platability, the plating's price and lead time apply). Its price
is the extended piece's: new parts, new joints' labour, engraving, and re-plating if asked.

At 10^4 parts that is thousands of modules on a thousand rings. Modules and rings that `check`
must refuse whatever else is added are dropped in array passes (`addon_screen`); each slot's
candidates are listed with the price floor of the piece they make (`addon_offers`); and `evaluate`
judges them cheapest first, only as far as the first `first` offers need (`addon_judge`). The
answer is the one judging every module on every ring gives (tests/solver/test_addons.py).
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator, Sequence
from datetime import date

from catalog.model import Catalog
from catalog.parts import Part
from catalog.rules import RuleCode
from catalog.styles import Style
from catalog.types import SlotKind
from solver.addon_judge import judge
from solver.addon_offers import offers
from solver.addon_screen import OwnedPiece, lasting
from solver.assembly import Assembly, Evaluation
from solver.check import evaluate
from solver.hubs import Deadline
from solver.request import Request
from solver.results import AddOn, AddOns, ExitStatus, Reason


def identify(catalog: Catalog, owned: list[str]) -> tuple[Style, Assembly] | None:
    """The first style (in catalog order) the owned SKUs form a valid piece of."""
    by_sku = catalog.by_sku()
    parts = [by_sku[s] for s in owned if s in by_sku]
    if len(parts) != len(owned):
        return None
    for style in catalog.styles:
        for assembly in _placements(style, parts):
            verdict = evaluate(catalog, style, Request(), assembly, owned=frozenset(owned))
            if verdict.valid:
                return style, assembly
    return None


def _placements(style: Style, parts: Sequence[Part]) -> Iterator[Assembly]:
    order = [s.name for s in style.slots]
    by_kind: dict[str, list[str]] = {}
    for part in parts:
        by_kind.setdefault(part.kind, []).append(part.sku)
    rings = {j.ring: (j.b if j.a == style.carrier.name else j.a) for j in style.joins if j.ring}
    fixed: dict[str, tuple[str, ...]] = {}
    for kind in (SlotKind.CHAIN, SlotKind.CLASP, SlotKind.EXTENDER, SlotKind.PLATING):
        slots = style.slots_of(kind)
        found = tuple(by_kind.get(kind.value, ()))
        if len(found) > (1 if slots else 0):
            return
        if slots and found:
            fixed[slots[0].name] = found
    for slot in style.slots_of(SlotKind.OPTION):
        if slot.min_count:
            # An owned piece keeps no record of its options (gift box, font): take the plainest.
            fixed[slot.name] = (min(slot.values, key=lambda v: (v.price.amount_cents, v.code)).code,)
    charm_slots = [s.name for s in style.slots_of(SlotKind.CHARM)]
    charms = by_kind.get("charm", [])
    if charms and not charm_slots:
        return
    for homes in itertools.product(charm_slots, repeat=len(charms)):
        values = dict(fixed)
        for sku, home in zip(charms, homes, strict=True):
            values[home] = (*values.get(home, ()), sku)
        needing = [r for r, joined in rings.items() if values.get(joined)]
        owned_rings = by_kind.get("jump_ring", [])
        if len(set(owned_rings)) > len(needing):
            continue
        for choice in itertools.product(sorted(set(owned_rings)) or [""], repeat=len(needing)):
            if needing and set(choice) != set(owned_rings):
                continue
            full = dict(values)
            full.update({slot: (sku,) for slot, sku in zip(needing, choice, strict=True) if sku})
            yield Assembly.build(style.id, order, full)


def add_ons(catalog: Catalog, owned: list[str], request: Request, first: int, deadline: Deadline,
            replate: bool = False) -> AddOns:
    placed = identify(catalog, owned)
    if placed is None:
        return AddOns(None, (), (Reason(RuleCode.SELECTION, "these SKUs form no valid piece of any style"),))
    style, assembly = placed
    # Judged without the budget (an offer over it is left out, not refused) or picks; on one date,
    # so that the screens and every judgement read the same rules in force.
    judged = request.model_copy(update={"budget_cents": None, "picks": (), "on_date": request.on_date or date.today()})
    piece = OwnedPiece.of(catalog, style, assembly, frozenset(owned), judged, replate)
    found: list[AddOn] = []
    if piece is not None:
        alone = evaluate(catalog, style, judged, assembly, owned=piece.owned, replate=replate)
        if not lasting(alone.violations):  # else every extension repeats its violation
            found = judge(piece, offers(piece, alone.price.total_cents), first, request.budget_cents, deadline)
    reasons = () if found else (Reason(RuleCode.CHARM_CAPACITY, "no module fits this piece as it is"),)
    status = ExitStatus.INCOMPLETE if deadline.expired else ExitStatus.COMPLETE
    return AddOns(style.id, tuple(found[:first]), reasons, status)


def owned_evaluation(catalog: Catalog, owned: list[str]) -> Evaluation | None:
    placed = identify(catalog, owned)
    if placed is None:
        return None
    style, assembly = placed
    return evaluate(catalog, style, Request(), assembly, owned=frozenset(owned))
