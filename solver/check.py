"""check(): the reference meaning of a valid assembly, rule by rule.

Every fast path in the solver must agree with this function; the brute-force oracle in the
tests enumerates assemblies and asks it. Kept straightforward on purpose.
"""

from __future__ import annotations

import itertools
from datetime import date
from decimal import Decimal
from typing import Any

from catalog import rules
from catalog.attributes import attribute_value, filter_admits
from catalog.model import Catalog
from catalog.parts import Chain, Charm, Clasp, Extender, JumpRing, PartBase, Plating
from catalog.rules import RuleCode, Violation
from catalog.styles import Style
from catalog.types import SlotKind
from solver.assembly import Assembly, BuildStep, Evaluation, PriceBreakdown
from solver.request import Request


def evaluate(catalog: Catalog, style: Style, request: Request, assembly: Assembly,
             *, owned: frozenset[str] = frozenset()) -> Evaluation:
    """Every violated rule of a complete assembly, its price breakdown, lead time and build steps.

    `owned`: SKUs the customer already has in hand (an add-on's base piece): no stock, sale status
    or price applies to them.
    """
    physics = catalog.physics
    by_sku = catalog.by_sku()
    out: list[Violation] = []
    chosen = assembly.as_dict()
    parts: dict[str, list[Any]] = {}
    option_codes: dict[str, str] = {}

    # Slots: counts, kinds, filters, picks.
    for slot in style.slots:
        values = chosen.get(slot.name, ())
        pick = request.pick(slot.name)
        if slot.kind is SlotKind.OPTION:
            codes = {v.code for v in slot.values}
            if not slot.min_count <= len(values) <= 1:
                out.append(Violation(RuleCode.SLOT_COUNT, f"option {slot.name} takes one value"))
            for code in values:
                if code not in codes:
                    out.append(Violation(RuleCode.SELECTION, f"{code} is not a value of {slot.name}"))
                option_codes[slot.name] = code
            if pick and pick.option and values != (pick.option,):
                out.append(Violation(RuleCode.SELECTION, f"{slot.name} must be {pick.option}"))
            continue
        found = []
        for sku in values:
            part = by_sku.get(sku)
            if part is None or part.kind != slot.kind.value:
                out.append(Violation(RuleCode.SELECTION, f"{sku} is not a {slot.kind.value}", (sku,)))
                continue
            found.append(part)
        parts[slot.name] = found
        for sku in values:
            if sku in request.exclude:
                out.append(Violation(RuleCode.SELECTION, f"{sku} is excluded", (sku,)))
        if len(set(values)) != len(values):
            out.append(Violation(RuleCode.SLOT_COUNT, f"{slot.name} repeats a part"))
        if not _ring_slot(style, slot.name):
            if not slot.min_count <= len(values) <= slot.max_count:
                out.append(Violation(RuleCode.SLOT_COUNT,
                                     f"{slot.name} holds {len(values)}, needs {slot.min_count}–{slot.max_count}"))
        for part in found:
            for flt in slot.filters:
                if not filter_admits(flt, part):
                    out.append(Violation(RuleCode.SELECTION, f"{part.sku} fails the style filter on "
                                         f"{flt.attribute}", (part.sku,)))
        if pick:
            missing = [s for s in pick.skus if s not in values]
            if missing:
                out.append(Violation(RuleCode.SELECTION, f"{slot.name} must contain {', '.join(missing)}"))
            if not slot.multi and pick.skus and len(values) != len(pick.skus):
                out.append(Violation(RuleCode.SELECTION, f"{slot.name} must be {pick.skus}"))
            if pick.exact and tuple(sorted(values)) != tuple(sorted(pick.skus)):
                out.append(Violation(RuleCode.SELECTION, f"{slot.name} must hold exactly {pick.skus}"))
            for part in found:
                for flt in pick.filters:
                    if not filter_admits(flt, part):
                        out.append(Violation(RuleCode.SELECTION, f"{part.sku} fails the filter on "
                                             f"{flt.attribute}", (part.sku,)))

    def one(kind: SlotKind) -> Any:
        for slot in style.slots_of(kind):
            found = parts.get(slot.name) or []
            return found[0] if found else None
        return None

    chain: Chain | None = one(SlotKind.CHAIN)
    clasp: Clasp | None = one(SlotKind.CLASP)
    extender: Extender | None = one(SlotKind.EXTENDER)
    plating: Plating | None = one(SlotKind.PLATING)
    if chain is None:
        return _finish(assembly, out, PriceBreakdown(), 0, [], [])

    # Joins: a ring slot is used exactly when the slot it joins holds something.
    touching: list[tuple[PartBase, PartBase]] = []
    ring_units: dict[str, int] = {}
    steps: list[BuildStep] = []
    joints = 0
    for join in style.joins:
        other = join.b if join.a == style.carrier.name else join.a
        members = parts.get(other) or []
        ring_parts = parts.get(join.ring) or [] if join.ring else []
        if join.ring is not None:
            if members and len(ring_parts) != 1:
                out.append(Violation(RuleCode.SLOT_COUNT, f"{join.ring} needs one jump ring for {other}"))
                continue
            if not members and ring_parts:
                out.append(Violation(RuleCode.SLOT_COUNT, f"{join.ring} is used only with {other}"))
                continue
        for member in members:
            joints += 1
            if join.ring is None:
                if isinstance(member, Charm):
                    _add(out, rules.charm_mounts_directly(member, chain, physics))
                touching.append((member, chain))
                steps.append(BuildStep("join", f"mount {member.sku} on {chain.sku}"))
                continue
            ring: JumpRing = ring_parts[0]
            ring_units[join.ring] = ring_units.get(join.ring, 0) + 1
            if isinstance(member, Charm):
                attach = rules.charm_loop(member)
                if attach is None:
                    _add(out, rules.charm_needs_ring(member))
                    continue
                out.extend(rules.ring_join(ring, rules.chain_body(chain), attach, physics))
                _add(out, rules.load_within(ring.max_load_g, member.weight_g, ring.sku, (member.sku,)))
            elif isinstance(member, Clasp):
                out.extend(rules.ring_join(ring, rules.chain_end(chain), rules.clasp_loop(member), physics))
            elif isinstance(member, Extender):
                out.extend(rules.ring_join(ring, rules.chain_end(chain), rules.extender_end(member), physics))
            touching.extend([(ring, chain), (ring, member)])
            action = "solder" if ring.soldered else "join"
            steps.append(BuildStep(action, f"{member.sku} to {chain.sku} with {ring.sku}"))

    charms: list[Charm] = [p for s in style.slots_of(SlotKind.CHARM) for p in parts.get(s.name) or []]
    if clasp is not None:
        target_wire, target = (extender.link_wire_mm, extender) if extender else (chain.wire_mm, chain)
        _add(out, rules.clasp_hooks(clasp, target_wire, target.sku, physics))
        touching.append((clasp, target))
    hung = sum((c.weight_g for c in charms), Decimal(0))
    hung_skus = tuple(c.sku for c in charms)
    _add(out, rules.load_within(chain.max_load_g, hung, chain.sku, hung_skus))
    if clasp is not None:
        _add(out, rules.load_within(clasp.max_load_g, hung, clasp.sku, hung_skus))
    _add(out, rules.capacity_within(chain, len(charms)))
    length = chain.length_mm + (extender.length_mm if extender else 0) + (clasp.length_mm if clasp else 0)
    _add(out, rules.length_within(length, style.min_length_mm, style.max_length_mm,
                                  tuple(p.sku for p in (chain, extender, clasp) if p)))

    physical: list[PartBase] = [p for found in parts.values() for p in found if not isinstance(p, Plating)]
    if plating is not None:
        for piece_part in physical:
            _add(out, rules.plating_allowed(plating, piece_part, physics))
            _add(out, rules.platable(piece_part))
    else:
        for piece_part in physical:
            _add(out, rules.finishes_match(chain, piece_part))
        for a, b in touching:
            _add(out, rules.galvanic_safe(a, b, plated_together=False))
    if request.nickel_free:
        for piece_part in physical:
            _add(out, rules.nickel_free_part(piece_part, physics))
        if plating is not None:
            _add(out, rules.nickel_free_plating(plating))

    # Rules in force on the date, across every pair of parts (and option values).
    on = request.on_date or date.today()
    for rule in catalog.rules:
        if not (rule.in_force(on) and rule.applies_to(style.id)):
            continue
        sides = [_rule_side(column, parts, option_codes, style) for column in rule.columns]
        for combination in itertools.product(*sides):
            items = [item for item, _ in combination]
            if len(set(items)) < len(items):
                continue  # no part (or option value) is combined with itself
            combined = [value for _, value in combination]
            if not rule.permits(*combined):
                out.append(Violation(RuleCode.COMPATIBILITY_TABLE,
                                     f"rule {rule.id}: {' with '.join(str(v) for v in combined)} is not allowed",
                                     tuple(s for s in items if not s.startswith("option:"))))

    # Text, supply, lead time and price.
    engraving = 0
    if request.text:
        nameplates = [c for c in charms if c.nameplate]
        # The style's nameplate slot guarantees one (checked when the request is compiled).
        for charm in nameplates:
            _add(out, rules.text_fits(charm, request.text))
            if charm.price_per_character:
                engraving += len(request.text) * charm.price_per_character.amount_cents
    parts_cents = 0
    lead = 0
    for slot_name, found in parts.items():
        for part in found:
            if isinstance(part, Plating) or part.sku in owned:
                continue
            if part.status.value != "active":
                _add(out, rules.active(part))
            got = rules.supply(part, request.quantity)
            if isinstance(got, Violation):
                out.append(got)
                continue
            lead = max(lead, got.lead_time_days)
            # A ring slot's ring is used once per part it joins (every charm of a slot).
            parts_cents += got.unit_price_cents * ring_units.get(slot_name, 1)
    plating_cents = 0
    if plating is not None:
        if plating.sku not in owned:
            _add(out, rules.active(plating))
            plating_cents = plating.price.amount_cents
            lead += plating.lead_time_days
        steps.append(BuildStep("plate", f"electroplate the whole piece: {plating.name}"))
    _add(out, rules.lead_time_within(lead, request.deadline_days, assembly.skus()))
    options_cents = sum(
        v.price.amount_cents for s in style.slots_of(SlotKind.OPTION) for v in s.values
        if option_codes.get(s.name) == v.code
    )
    price = PriceBreakdown(parts_cents, plating_cents, joints * style.labour_per_joint.amount_cents,
                           engraving, options_cents)
    _add(out, rules.budget_within(price.total_cents, request.budget_cents))
    steps.append(BuildStep("inspect", "check " + ", ".join(style.inspection)))
    warnings = []
    if clasp is not None and clasp.magnetic:
        warnings.append("magnetic clasp: keep away from pacemakers and insulin pumps")
    return _finish(assembly, out, price, lead, steps, warnings)


def _ring_slot(style: Style, slot_name: str) -> bool:
    return any(join.ring == slot_name for join in style.joins)


def _rule_side(ref: Any, parts: dict[str, list[Any]], options: dict[str, str], style: Style) -> list[tuple[str, Any]]:
    if ref.kind is SlotKind.OPTION:
        code = options.get(ref.option_slot or "")
        return [(f"option:{ref.option_slot}", code)] if code is not None else []
    out = []
    for slot in style.slots_of(ref.kind):
        for part in parts.get(slot.name) or []:
            out.append((part.sku, attribute_value(part, ref.attribute)))
    return out


def _add(out: list[Violation], violation: Violation | None) -> None:
    if violation is not None:
        out.append(violation)


def _finish(assembly: Assembly, out: list[Violation], price: PriceBreakdown, lead: int,
            steps: list[BuildStep], warnings: list[str]) -> Evaluation:
    unique = tuple(dict.fromkeys(out))
    return Evaluation(assembly, unique, price, lead, tuple(steps), tuple(warnings))
