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
from solver.request import Request, SlotPick


def evaluate(catalog: Catalog, style: Style, request: Request, assembly: Assembly,
             *, owned: frozenset[str] = frozenset(), replate: bool = False,
             tables: list[Any] | None = None) -> Evaluation:
    """Every violated rule of a complete assembly, its price breakdown, lead time and build steps.

    `tables`: the merchandiser tables to check, in catalog order, when the caller knows the others
    hold (`tables_touching`'s list, less tables only reading values a valid piece kept); all in
    force otherwise.

    `owned`: SKUs the customer already has in hand (an add-on's base piece): no stock, sale status,
    price or labour applies to them; what else the assembly holds is added to the piece as it is.
    On an owned plated piece the additions are attached bare (finish match and galvanic contact
    with what they touch), unless `replate`: then the whole piece goes through the bath again
    (platability, plating price and lead time). Labour is charged for the new joints only.
    """
    physics = catalog.physics
    by_sku = catalog.by_sku()
    out: list[Violation] = []
    chosen = assembly.as_dict()
    parts: dict[str, list[Any]] = {}
    option_codes: dict[str, str] = {}

    # Slots: counts, kinds, filters, picks.
    picks = {pick.slot: pick for pick in request.picks}
    for slot in style.slots:
        values = chosen.get(slot.name, ())
        pick = picks.get(slot.name)
        if slot.kind is SlotKind.OPTION:
            codes = {v.code for v in slot.values}
            if not slot.min_count <= len(values) <= 1:
                out.append(Violation(RuleCode.SLOT_COUNT, f"option {slot.name} takes one value"))
            for code in values:
                if code not in codes:
                    out.append(Violation(RuleCode.SELECTION, f"{code} is not a value of {slot.name}"))
                option_codes[slot.name] = code
            out.extend(option_pick_violations(slot.name, values, pick))
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
        if slot.name not in style.ring_slots:
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
    end_rings: dict[type, JumpRing] = {}  # the ring that joins the clasp (extender) to the chain
    ring_units: dict[str, int] = {}
    owned_units: dict[str, int] = {}  # ring uses the owned piece already has
    added: list[PartBase] = []  # parts new to an owned piece, each ring use its own
    steps: list[BuildStep] = []
    joints = 0
    carrier = style.carrier.name
    for join in style.joins:
        other = join.b if join.a == carrier else join.a
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
            new = member.sku not in owned
            joints += new
            if new:
                added.append(member)
            if join.ring is None:
                if isinstance(member, Charm):
                    _add(out, rules.charm_mounts_directly(member, chain, physics))
                touching.append((member, chain))
                if new:
                    steps.append(BuildStep("join", f"mount {member.sku} on {chain.sku}"))
                continue
            ring: JumpRing = ring_parts[0]
            ring_units[join.ring] = ring_units.get(join.ring, 0) + 1
            if new:
                added.append(ring)
            else:
                owned_units[join.ring] = owned_units.get(join.ring, 0) + 1
            if isinstance(member, Charm):
                attach = rules.charm_loop(member)
                if attach is None:
                    _add(out, rules.charm_needs_ring(member))
                    continue
                out.extend(rules.ring_join(ring, rules.chain_body(chain), attach, physics))
                _add(out, rules.load_within(ring.max_load_g, member.weight_g, ring.sku, (member.sku,)))
            elif isinstance(member, Clasp):
                end_rings[Clasp] = ring
                out.extend(rules.ring_join(ring, rules.chain_end(chain), rules.clasp_loop(member), physics))
            elif isinstance(member, Extender):
                end_rings[Extender] = ring
                out.extend(rules.ring_join(ring, rules.chain_end(chain), rules.extender_end(member), physics))
            touching.extend([(ring, chain), (ring, member)])
            if new:
                action = "solder" if ring.soldered else "join"
                steps.append(BuildStep(action, f"{member.sku} to {chain.sku} with {ring.sku}"))

    charms: list[Charm] = [p for s in style.slots_of(SlotKind.CHARM) for p in parts.get(s.name) or []]
    if clasp is not None:
        _add(out, rules.clasp_closes(clasp, chain, extender, physics))
        touching.append((clasp, extender or chain))
    hung = sum((c.weight_g for c in charms), Decimal(0))
    hung_skus = tuple(c.sku for c in charms)
    # Every part between the hung charms and the wearer's neck carries their whole weight.
    for limit, holder in rules.load_path(chain, clasp, end_rings.get(Clasp), extender, end_rings.get(Extender)):
        _add(out, rules.load_within(limit, hung, holder, hung_skus))
    _add(out, rules.capacity_within(chain, len(charms)))
    length = chain.length_mm + (extender.length_mm if extender else 0) + (clasp.length_mm if clasp else 0)
    _add(out, rules.length_within(length, style.min_length_mm, style.max_length_mm,
                                  tuple(p.sku for p in (chain, extender, clasp) if p)))

    physical: list[PartBase] = [p for found in parts.values() for p in found if not isinstance(p, Plating)]
    plated_now = plating is not None and (plating.sku not in owned or replate)
    if plating is not None and not plated_now:
        # An owned plated piece, added to as it is: the additions hang bare on plated parts.
        new_ids = {id(p) for p in added}
        for piece_part in added:
            _add(out, rules.finishes_match(plating, piece_part))
        for a, b in touching:
            if id(a) in new_ids or id(b) in new_ids:
                _add(out, rules.galvanic_safe(a, b, plated_together=False))
    elif plating is not None:
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

    # Rules in force on the date, across every combination of parts (and option values).
    out.extend(table_violations(catalog, style, request, parts, option_codes, tables=tables))
    out.extend(count_violations(catalog, style, request, parts))

    # Text, supply, lead time and price.
    engraving = 0
    if request.text:
        nameplates = [c for c in charms if c.nameplate]
        # The style's nameplate slot guarantees one (checked when the request is compiled).
        for charm in nameplates:
            _add(out, rules.text_fits(charm, request.text))
            if charm.price_per_character:
                engraving += len(request.text) * charm.price_per_character.amount_cents
    font = option_codes.get(rules.FONT_SLOT)
    if font is not None:
        for charm in charms:
            _add(out, rules.font_offered(charm, font))
    parts_cents = 0
    lead = 0
    for slot_name, found in parts.items():
        for part in found:
            # A ring slot's ring is used once per part it joins (every charm of a slot); an owned
            # piece pays only for the rings of its new joints.
            if slot_name in ring_units:
                uses = ring_units[slot_name] - owned_units.get(slot_name, 0)
            else:
                uses = 0 if part.sku in owned else 1
            if isinstance(part, Plating) or not uses:
                continue
            if part.status.value != "active":
                _add(out, rules.active(part))
            refused = rules.supply(part, request.quantity)
            if isinstance(refused, Violation):
                out.append(refused)
            # A refused piece is still priced with every part in it, as it would be made.
            got = rules.quote(part, request.quantity)
            lead = max(lead, got.lead_time_days)
            parts_cents += got.unit_price_cents * uses
    plating_cents = 0
    if plating is not None and plated_now:
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
    _add(out, rules.budget_within(price.total_cents, request.budget_cents, catalog.currency))
    steps.append(BuildStep("inspect", "check " + ", ".join(style.inspection)))
    warnings = []
    if clasp is not None and clasp.magnetic:
        warnings.append("magnetic clasp: keep away from pacemakers and insulin pumps")
    return _finish(assembly, out, price, lead, steps, warnings)


def option_pick_violations(slot_name: str, values: tuple[str, ...], pick: SlotPick | None) -> list[Violation]:
    """An option slot holding other than its picked value."""
    if pick and pick.option and values != (pick.option,):
        return [Violation(RuleCode.SELECTION, f"{slot_name} must be {pick.option}")]
    return []


def with_defaults(style: Style, choice: dict[str, tuple[str, ...]]) -> dict[str, tuple[str, ...]]:
    """A required option slot left out of a checked piece takes its default value (gift box:
    "none"), as a shop front that never showed it would mean."""
    out = dict(choice)
    for slot in style.slots_of(SlotKind.OPTION):
        if slot.name not in out and slot.min_count and slot.default is not None:
            out[slot.name] = (slot.default,)
    return out


def tables_touching(catalog: Catalog, style: Style, request: Request, touching: str | None = None) -> list[Any]:
    """The merchandiser tables in force for the style (`touching`: only those reading that option
    slot); a caller asking often keeps the list."""
    on = request.on_date or date.today()
    return [rule for rule in catalog.rules
            if rule.in_force(on) and rule.applies_to(style.id) and not rule.counts  # counting: count_violations
            and (touching is None or any(c.option_slot == touching for c in rule.columns))]


def tables_by_option_slot(tables: list[Any]) -> dict[str, list[Any]]:
    """`tables_touching` of every option slot at once, from `tables_touching`'s whole list (in
    catalog order): one reading of the rules, where one per slot read ~1,500 rules 300 times."""
    out: dict[str, list[Any]] = {}
    for rule in tables:
        for name in dict.fromkeys(c.option_slot for c in rule.columns if c.option_slot):
            out.setdefault(name, []).append(rule)
    return out


Sides = dict[tuple[str, str, str | None], list[tuple[tuple[str, str], Any]]]  # column -> (item, value)


def table_violations(catalog: Catalog, style: Style, request: Request, parts: dict[str, list[Any]],
                     option_codes: dict[str, str], tables: list[Any] | None = None) -> list[Violation]:
    """The merchandiser tables a piece breaks (`tables`: `tables_touching`'s list, when the
    caller kept it)."""
    out: list[Violation] = []
    # Items are (slot, SKU) or (option slot, code): a part in one slot is one item, so the same
    # SKU in two slots (one ring type at the clasp and at the extender) is two parts, combined.
    read: Sides = {}  # many tables read one column
    for rule in tables if tables is not None else tables_touching(catalog, style, request):
        sides = []
        for column in rule.columns:
            key = (column.kind.value, column.attribute, column.option_slot)
            if key not in read:
                read[key] = rule_side(column, parts, option_codes, style)
            sides.append(read[key])
        broken_combinations(rule, sides, out)
    return out


def broken_combinations(rule: Any, sides: list[list[tuple[tuple[str, str], Any]]], out: list[Violation]) -> None:
    """The combinations of one item per column (no item twice) the table refuses, into `out`."""
    for combination in itertools.product(*sides):
        items = [item for item, _ in combination]
        if len(set(items)) < len(items):
            continue  # no item (a part in its slot, an option value) is combined with itself
        combined = [value for _, value in combination]
        if not rule.permits(*combined):
            skus = tuple(dict.fromkeys(sku for slot, sku in items if slot != OPTION_ITEM))
            out.append(Violation(RuleCode.COMPATIBILITY_TABLE,
                                 f"rule {rule.id}: {' with '.join(str(v) for v in combined)} is not allowed",
                                 skus))


def count_violations(catalog: Catalog, style: Style, request: Request,
                     parts: dict[str, list[Any]]) -> list[Violation]:
    """The counting rules a piece breaks: charms (one per slot each sits in) whose values are a
    row, at most or at least `count` of them."""
    out: list[Violation] = []
    on = request.on_date or date.today()
    charms = [part for slot in style.slots_of(SlotKind.CHARM) for part in parts.get(slot.name) or []]
    for rule in catalog.rules:
        if not (rule.counts and rule.in_force(on) and rule.applies_to(style.id)):
            continue
        hits = [c for c in charms if rule.matches_by_scan(*(attribute_value(c, col.attribute) for col in rule.columns))]
        count = rule.count or 0
        if (rule.mode == "at_most" and len(hits) > count) or (rule.mode == "at_least" and len(hits) < count):
            words = "at most" if rule.mode == "at_most" else "at least"
            out.append(Violation(RuleCode.CHARM_COUNT, f"rule {rule.id}: {len(hits)} matching charms, "
                                 f"{words} {count} allowed", tuple(c.sku for c in hits)))
    return out


OPTION_ITEM = "option:"  # the slot part of an option value's item: (option:, slot name)


def rule_side(ref: Any, parts: dict[str, list[Any]], options: dict[str, str],
               style: Style) -> list[tuple[tuple[str, str], Any]]:
    """(item, value) for every item the column reads in the piece."""
    if ref.kind is SlotKind.OPTION:
        code = options.get(ref.option_slot or "")
        return [((OPTION_ITEM, ref.option_slot or ""), code)] if code is not None else []
    out = []
    for slot in style.slots_of(ref.kind):
        for part in parts.get(slot.name) or []:
            out.append(((slot.name, part.sku), attribute_value(part, ref.attribute)))
    return out


def _add(out: list[Violation], violation: Violation | None) -> None:
    if violation is not None:
        out.append(violation)


def _finish(assembly: Assembly, out: list[Violation], price: PriceBreakdown, lead: int,
            steps: list[BuildStep], warnings: list[str]) -> Evaluation:
    unique = tuple(dict.fromkeys(out))
    return Evaluation(assembly, unique, price, lead, tuple(steps), tuple(warnings))
