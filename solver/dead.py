"""Why a dead part is dead: the rule that refuses it with every partner a piece must have.

A part in no valid piece is refused either on its own (out of stock, MOQ, retired: the space's
unary verdict) or by what it must touch. For the second, one example piece says little ("the
clasp is silver"); the cause is the rule every completion breaks. So the part is put into the
style's cheapest piece and each slot the piece cannot do without is filled with every part the
style admits there, bare and under each plating: a rule code that every one of those breaks,
with this part or the partner named, is what kills it (a 14K chain: GALVANIC with every jump
ring, since no 14K ring exists).
"""

from __future__ import annotations

from catalog.attributes import filter_admits
from catalog.model import Catalog
from catalog.rules import RuleCode, Violation
from catalog.styles import Slot, Style
from catalog.types import SlotKind
from solver.assembly import Assembly, Evaluation
from solver.candidate_list import candidate_of
from solver.check import evaluate
from solver.deadline import tick
from solver.request import Request
from solver.results import OptionsResult

MAX_PARTNERS = 200  # per slot: enough for a real catalog's admitted rings or clasps


def outside_style(style: Style, slot: Slot, part: object) -> str | None:
    """The style filter that keeps the part out of the slot, if one does."""
    for flt in slot.filters:
        if not filter_admits(flt, part):
            return f"{style.id}/{slot.name}: outside the style (its filter on {flt.attribute})"
    return None


def killing_rule(catalog: Catalog, style: Style, slot: Slot, sku: str, example: Evaluation | None) -> str | None:
    """'style/slot: <finish>: CODE with every <partner slot> …' for each finish, or None when no
    single rule refuses every partner (the part then dies of a combination; the caller keeps the
    example's reason)."""
    if example is None:
        return None
    base = dict(example.assembly.choice)
    base[slot.name] = (sku,)
    finishes = _finishes(catalog, style, base)
    said: dict[str, list[str]] = {}  # the rule and partner (without the example) -> finishes
    samples: dict[str, str] = {}
    for label, values in finishes:
        found = _killer(catalog, style, slot, sku, values)
        if found is None:
            return None  # this finish has no single culprit: do not guess
        rule, _, sample = found.partition(", e.g. ")
        said.setdefault(rule, []).append(label)
        samples.setdefault(rule, sample)
    parts = []
    for rule, labels in said.items():
        plated = [label for label in labels if label != "unplated"]
        where = ["unplated"] if "unplated" in labels else []
        if plated:
            where.append(f"plated ({len(plated)} plating{'s' if len(plated) > 1 else ''})" if len(plated) > 1
                         else plated[0])
        parts.append(f"{' and '.join(where)}: {rule}" + (f", e.g. {samples[rule]}" if samples[rule] else ""))
    return f"{style.id}/{slot.name}: " + "; ".join(parts) if parts else None


Values = dict[str, tuple[str, ...]]


def _finishes(catalog: Catalog, style: Style, base: Values) -> list[tuple[str, Values]]:
    plating_slots = style.slots_of(SlotKind.PLATING)
    if not plating_slots:
        return [("unplated", base)]
    slot = plating_slots[0]
    out = [] if slot.min_count else [("unplated", {**base, slot.name: ()})]
    for plating in catalog.parts_of(SlotKind.PLATING):
        if plating.status.value == "active":
            out.append((f"plated {plating.sku}", {**base, slot.name: (plating.sku,)}))
    return out


def _needed(style: Style, slot: Slot, values: dict[str, tuple[str, ...]]) -> list[Slot]:
    """Part slots a piece with this part cannot leave empty: required slots and the rings of
    whatever is joined, the part's own ring first."""
    ring_of = {(j.b if j.a == style.carrier.name else j.a): j.ring for j in style.joins if j.ring}
    names: list[str] = []
    own = ring_of.get(slot.name)
    if own:
        names.append(own)
    if slot.name != style.carrier.name:
        names.append(style.carrier.name)
    for other in style.slots:
        if other.kind in (SlotKind.OPTION, SlotKind.PLATING) or other.name == slot.name:
            continue
        if other.min_count and other.name not in names:
            names.append(other.name)
    for joined, ring in ring_of.items():
        if values.get(joined) and ring not in names:
            names.append(ring)
    return [style.slot(n) for n in names]


def _killer(catalog: Catalog, style: Style, slot: Slot, sku: str, values: Values) -> str | None:
    order = [s.name for s in style.slots]
    request = Request()
    plating = [v for s in style.slots_of(SlotKind.PLATING) for v in values.get(s.name, ())]
    for partner in _needed(style, slot, values):
        candidates = [p for p in catalog.parts_of(partner.kind)
                      if p.sku != sku and p.status.value == "active"
                      and all(filter_admits(f, p) for f in partner.filters)][:MAX_PARTNERS]
        if not candidates:
            return f"no part fits {partner.name} in this style"
        common: set[RuleCode] | None = None
        first: list[Violation] = []
        for part in candidates:
            tick()  # one evaluate per partner: a lint over many dead parts honours its limit
            tried = Assembly(style.id, tuple((name, tuple(sorted({**values, partner.name: (part.sku,)}.get(name, ()))))
                                             for name in order))
            # Only what the pair breaks (with the plating): the rest of the example piece is
            # one completion among many, not the cause.
            pair = {sku, part.sku, *plating}
            broken = [v for v in evaluate(catalog, style, request, tried).violations
                      if sku in v.skus and set(v.skus) <= pair]
            codes = {v.code for v in broken}
            common = codes if common is None else common & codes
            if not common:
                break
            first = first or broken
        if common:
            code = sorted(common, key=lambda c: c.value)[0]
            sample = next(v.message for v in first if v.code is code)
            return f"{code.value} with every {partner.name} ({len(candidates)} tried), e.g. {sample}"
    return None


# Verdicts on the part alone (the space's unary rules): they are the cause as they stand.
ON_ITS_OWN = frozenset({RuleCode.QUANTITY_AVAILABLE, RuleCode.MOQ, RuleCode.RETIRED, RuleCode.NICKEL_FREE,
                        RuleCode.TEXT_FITS, RuleCode.LEAD_TIME})


def dead_reason(catalog: Catalog, part: object, per_style: dict[str, OptionsResult]) -> str:
    """The reason a dead part is in no valid piece of any style (see the module docstring)."""
    sku: str = getattr(part, "sku", "")
    kind = getattr(part, "kind", "")
    outside: list[str] = []
    for style in catalog.styles:
        result = per_style.get(style.id)
        for slot in style.slots:
            if slot.kind.value != kind:
                continue
            why = outside_style(style, slot, part)
            if why is not None:
                outside.append(why)
                continue
            offered = next((s for s in (result.slots if result else ()) if s.slot == slot.name), None)
            listed = candidate_of(offered.candidates, sku) if offered is not None else None
            if listed is not None and listed.reasons and listed.reasons[0].code in ON_ITS_OWN:
                return f"{style.id}/{slot.name}: {listed.reasons[0].message}"
            found = killing_rule(catalog, style, slot, sku, result.example if result else None)
            if found is not None:
                return found
            if listed is not None and listed.reasons:
                return f"{style.id}/{slot.name}: {listed.reasons[0].message}"
    if outside:
        return "; ".join(outside)
    return "no style has a slot for this kind of part"
