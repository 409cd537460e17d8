"""Every non-numeric rule of `solver.check.evaluate` as clauses over the atoms of `ModelIR`.

Each rule function of `catalog.rules` reads a few attributes; candidates are grouped by exactly
those attributes (a feature), the function is asked once per pair (or triple) of feature values,
and each refused combination becomes one clause. So the clauses agree with `check` by
construction, and their number grows with distinct attribute values, not with parts.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Hashable
from typing import Any

from catalog import rules
from catalog.attributes import attribute_value
from catalog.compat import AttributeRef, CompatibilityRule
from catalog.physics import Physics
from catalog.rules import Attachment
from catalog.types import SlotKind
from solver.cpsat.charm_rules import charm_rule
from solver.cpsat.ir import Atom, Has, Lit, ModelIR, Opt, Pick, SlotIR, Used, rule_key
from solver.space import Space

KeyOf = Callable[[Any], Hashable]
Side = tuple[str, str, KeyOf]  # (slot, feature name, key function)


def add_clauses(ir: ModelIR, space: Space) -> None:
    physics = space.catalog.physics
    _joins(ir, physics)
    _clasp_target(ir, physics)
    _finish(ir, physics)
    for rule in space.rules:
        _rule(ir, rule)


def _no(atom: Atom) -> Lit:
    return (atom, False)


def forbid_pairs(ir: ModelIR, a: Side, b: Side, bad: Callable[[Any, Any], bool],
                 unless: tuple[Lit, ...] = ()) -> None:
    """For every pair of feature values the rule refuses: not both, unless one of `unless`."""
    groups_a = ir.group(*a)
    groups_b = ir.group(*b)
    for ka in groups_a:
        if ka is None:
            continue
        rep_a = ir.rep(a[0], a[1], ka)
        for kb in groups_b:
            if kb is not None and bad(rep_a, ir.rep(b[0], b[1], kb)):
                ir.clauses.append((_no(Has(a[0], a[1], ka)), _no(Has(b[0], b[1], kb)), *unless))


def forbid_triples(ir: ModelIR, a: Side, b: Side, c: Side, bad: Callable[[Any, Any, Any], bool]) -> None:
    groups = [ir.group(*side) for side in (a, b, c)]
    for ka in groups[0]:
        for kb in groups[1]:
            for kc in groups[2]:
                if None in (ka, kb, kc):
                    continue
                reps = [ir.rep(s[0], s[1], k) for s, k in zip((a, b, c), (ka, kb, kc), strict=True)]
                if bad(*reps):
                    ir.clauses.append((_no(Has(a[0], a[1], ka)), _no(Has(b[0], b[1], kb)),
                                       _no(Has(c[0], c[1], kc))))


# --- attachments: what a jump ring passes through and holds ----------------------------------------


def _member_attachment(kind: SlotKind) -> Callable[[Any], Attachment | None]:
    if kind is SlotKind.CLASP:
        return rules.clasp_loop
    if kind is SlotKind.EXTENDER:
        return rules.extender_end
    return rules.charm_loop


def _opening(att: Callable[[Any], Attachment | None]) -> KeyOf:
    def key(part: Any) -> Hashable:
        found = att(part)
        return None if found is None else found.opening_mm
    return key


def _wire(att: Callable[[Any], Attachment | None]) -> KeyOf:
    def key(part: Any) -> Hashable:
        found = att(part)
        return None if found is None else found.wire_mm
    return key


def _joins(ir: ModelIR, physics: Physics) -> None:
    chain = ir.carrier
    plated = ir.plated_lit()
    for slot in ir.slots.values():
        if slot.ring_for is not None or slot.name == chain or slot.kind is SlotKind.PLATING:
            continue
        if slot.ring is None:
            if slot.name in {s.name for s in ir.joined()} and slot.kind is SlotKind.CHARM:
                _direct_mount(ir, slot, physics)
            continue
        _ring_join(ir, slot, ir.slots[slot.ring], physics, plated)


def _direct_mount(ir: ModelIR, slot: SlotIR, physics: Physics) -> None:
    chain = ir.carrier
    forbid_pairs(
        ir,
        (slot.name, "mount", lambda c: (c.connector, c.bail_inner_mm, c.clip_min_width_mm, c.clip_max_width_mm,
                                        c.thread_mm)),
        (chain, "mount", lambda ch: (ch.bail_slide, ch.width_mm, ch.charm_capacity > 0, ch.thread_mm)),
        lambda charm, ch: rules.charm_mounts_directly(charm, ch, physics) is not None,
    )
    forbid_pairs(ir, (slot.name, "metal", _metal), (chain, "metal", _metal), _galvanic, ir.plated_lit())


def _ring_join(ir: ModelIR, member: SlotIR, ring: SlotIR, physics: Physics, plated: tuple[Lit, ...]) -> None:
    chain = ir.carrier
    charm = member.kind is SlotKind.CHARM
    chain_att = rules.chain_body if charm else rules.chain_end
    member_att = _member_attachment(member.kind)
    if charm:
        for cand in member.cands:
            if rules.charm_loop(cand.part) is None:  # not a dangle: it cannot hang on a ring
                ir.clauses.append((_no(Pick(member.name, cand.index)),))
    chain_open = (chain, "open_body" if charm else "open_end", _opening(chain_att))
    wire_of_ring = (ring.name, "ring_wire", lambda r: r.wire_mm)
    forbid_pairs(ir, wire_of_ring, chain_open,
                 lambda r, ch: rules.ring_passes(r, chain_att(ch), physics) is not None)
    forbid_pairs(ir, wire_of_ring, (member.name, "open", _opening(member_att)),
                 lambda r, m: rules.ring_passes(r, _att(member_att, m), physics) is not None)
    forbid_triples(ir, (ring.name, "ring_inner", lambda r: r.inner_diameter_mm),
                   (chain, "wire", lambda ch: ch.wire_mm), (member.name, "wire", _wire(member_att)),
                   lambda r, ch, m: rules.ring_holds(r, chain_att(ch), _att(member_att, m), physics) is not None)
    if charm:
        forbid_pairs(ir, (ring.name, "ring_load", lambda r: r.max_load_g),
                     (member.name, "weight", lambda c: c.weight_g),
                     lambda r, c: rules.load_within(r.max_load_g, c.weight_g, r.sku, (c.sku,)) is not None)
    forbid_pairs(ir, (ring.name, "metal", _metal), (chain, "metal", _metal), _galvanic, plated)
    forbid_pairs(ir, (ring.name, "metal", _metal), (member.name, "metal", _metal), _galvanic, plated)


def _att(make: Callable[[Any], Attachment | None], part: Any) -> Attachment:
    found = make(part)
    assert found is not None  # groups keyed None are never asked about
    return found


# --- the clasp closes on the extender, or on the chain when there is none ------------------------------


def _clasp_target(ir: ModelIR, physics: Physics) -> None:
    clasps = [s for s in ir.slots.values() if s.kind is SlotKind.CLASP]
    extenders = [s for s in ir.slots.values() if s.kind is SlotKind.EXTENDER]
    if not clasps:
        return
    clasp = clasps[0].name
    chain = ir.carrier
    plated = ir.plated_lit()
    gate = (clasp, "gate", lambda c: (c.gate_opening_mm, c.magnetic))
    no_extender: tuple[Lit, ...] = ()
    if extenders:
        ext = extenders[0].name
        forbid_pairs(ir, gate, (ext, "link_wire", lambda e: e.link_wire_mm),
                     lambda c, e: rules.clasp_hooks_extender(c, e, physics) is not None)
        forbid_pairs(ir, (clasp, "metal", _metal), (ext, "metal", _metal), _galvanic, plated)
        no_extender = ((Used(ext), True),)
    forbid_pairs(ir, gate, (chain, "wire", lambda ch: ch.wire_mm),
                 lambda c, ch: rules.clasp_hooks(c, ch.wire_mm, ch.sku, physics) is not None, no_extender)
    forbid_pairs(ir, (clasp, "metal", _metal), (chain, "metal", _metal), _galvanic, (*no_extender, *plated))


# --- finish: plated as one piece, or unplated in one colour and one metal -----------------------------


def _metal(part: Any) -> Hashable:
    metal: Hashable = part.base_metal
    return metal


def _galvanic(a: Any, b: Any) -> bool:
    return rules.galvanic_safe(a, b, plated_together=False) is not None


def _finish(ir: ModelIR, physics: Physics) -> None:
    chain = ir.carrier
    physical = [s for s in ir.slots.values() if s.kind is not SlotKind.PLATING]
    for slot in physical:
        if slot.name != chain:
            forbid_pairs(ir, (chain, "colour", lambda p: p.colour), (slot.name, "colour", lambda p: p.colour),
                         lambda a, b: rules.finishes_match(a, b) is not None, ir.plated_lit())
    if ir.plating is None:
        return
    plating = ir.plating
    for slot in physical:
        forbid_pairs(ir, (plating, "allowed", lambda p: tuple(p.allowed_base_metals)), (slot.name, "metal", _metal),
                     lambda pl, part: rules.plating_allowed(pl, part, physics) is not None)
        for cand in slot.cands:
            if rules.platable(cand.part) is not None:
                ir.clauses.append((_no(Pick(slot.name, cand.index)), _no(Used(plating))))


# --- merchandiser rules: every pair of parts (or option values) in the piece ---------------------------


def _sides(ir: ModelIR, ref: AttributeRef) -> list[str]:
    if ref.kind is SlotKind.OPTION:
        return [ref.option_slot] if ref.option_slot in ir.options else []
    return [s.name for s in ir.slots.values() if s.kind is ref.kind]


def _rule(ir: ModelIR, rule: CompatibilityRule) -> None:
    if rule.on_charms:
        charm_rule(ir, rule, _values, _sides)
        return
    if len(rule.columns) > 2:
        _table_rule(ir, rule)
        return
    for left in _sides(ir, rule.left):
        for right in _sides(ir, rule.right):
            if rule.left.kind is SlotKind.OPTION or rule.right.kind is SlotKind.OPTION:
                _option_rule(ir, rule, left, right)
            elif rule.left.kind is rule.right.kind:
                _same_kind_rule(ir, rule, left, right)
            else:
                _attribute_rule(ir, rule, left, right)


def _attribute_rule(ir: ModelIR, rule: CompatibilityRule, left: str, right: str) -> None:
    la, ra = rule.left.attribute, rule.right.attribute

    def left_key(part: Any) -> Hashable:
        return rule_key(part, la)

    def right_key(part: Any) -> Hashable:
        return rule_key(part, ra)

    def refused(lp: Any, rp: Any) -> bool:
        return not rule.permits(attribute_value(lp, la), attribute_value(rp, ra))

    forbid_pairs(ir, (left, "attr:" + la, left_key), (right, "attr:" + ra, right_key), refused)


def _values(ir: ModelIR, ref: AttributeRef, slot: str) -> list[tuple[Atom, Any]]:
    """(atom, value) for each value one side of a rule can take in `slot`."""
    if ref.kind is SlotKind.OPTION:
        return [(Opt(slot, code), code) for code, _ in ir.options[slot].values]
    feature = "attr:" + ref.attribute
    groups = ir.group(slot, feature, lambda p: rule_key(p, ref.attribute))
    return [(Has(slot, feature, key), attribute_value(ir.rep(slot, feature, key), ref.attribute)) for key in groups]


def _option_rule(ir: ModelIR, rule: CompatibilityRule, left: str, right: str) -> None:
    if left == right:
        return  # one value of one option slot: check pairs it only with itself, which it skips
    for la, lv in _values(ir, rule.left, left):
        for ra, rv in _values(ir, rule.right, right):
            if not rule.permits(lv, rv):
                ir.clauses.append((_no(la), _no(ra)))


def _same_kind_rule(ir: ModelIR, rule: CompatibilityRule, left: str, right: str) -> None:
    """Two parts of one kind. In two slots they are two items, the same SKU included (check
    combines items, a part in one slot each): decided on attribute values like any two kinds.
    In one slot, only a multi slot's distinct parts are paired, at part level."""
    ls = ir.slots[left]
    if left != right:
        _attribute_rule(ir, rule, left, right)
        return
    if not ls.multi:
        return
    rs = ls
    for a in ls.cands:
        lv = attribute_value(a.part, rule.left.attribute)
        for b in rs.cands:
            if a.sku == b.sku:
                continue
            if not rule.permits(lv, attribute_value(b.part, rule.right.attribute)):
                ir.clauses.append((_no(Pick(left, a.index)), _no(Pick(right, b.index))))


def _table_rule(ir: ModelIR, rule: CompatibilityRule) -> None:
    """Three columns or more: one clause per refused combination of values, per combination of
    distinct slots (a slot read twice would combine a part with itself)."""
    for slots in itertools.product(*(_sides(ir, column) for column in rule.columns)):
        if len(set(slots)) < len(slots):
            continue
        choices = [_values(ir, column, slot) for column, slot in zip(rule.columns, slots, strict=True)]
        for combination in itertools.product(*choices):
            if not rule.permits(*(value for _, value in combination)):
                ir.clauses.append(tuple(_no(atom) for atom, _ in combination))
