"""Rules on the multiset of a piece's charms in the part-level model: counting rules as sums over
the charm candidates, charm × charm tables as clauses over "at least n of this group" literals
(distinct charms: a group two columns read needs two of its candidates). A table's other columns
(chain, plating, options, clasps, extenders, rings) add one literal each per slot they read: a
refused combination is refused beside every ring slot that holds a matching ring."""

from __future__ import annotations

import itertools
from collections.abc import Callable, Hashable
from typing import Any

from ortools.sat.python import cp_model

from catalog.attributes import attribute_value
from catalog.compat import AttributeRef, CompatibilityRule
from catalog.types import SlotKind
from solver.cpsat.ir import Atom, CharmClause, CharmCount, Lit, ModelIR, Pick, rule_key

Values = Callable[[ModelIR, AttributeRef, str], list[tuple[Atom, Any]]]
Sides = Callable[[ModelIR, AttributeRef], list[str]]


def charm_rule(ir: ModelIR, rule: CompatibilityRule, values_of: Values, sides_of: Sides) -> None:
    """Describe one counting rule or charm × charm table (`values_of`, `sides_of`: how the other
    clauses read an anchor column)."""
    charm_slots = [s for s in ir.slots.values() if s.kind is SlotKind.CHARM]
    charm_columns = [c for c in rule.columns if c.kind is SlotKind.CHARM]

    def values(part: Any) -> tuple[Any, ...]:
        return tuple(attribute_value(part, c.attribute) for c in charm_columns)

    if rule.counts:
        picks = tuple(Pick(s.name, c.index) for s in charm_slots for c in s.cands
                      if rule.matches_by_scan(*values(c.part)))
        ir.charm_counts.append(CharmCount(rule.id, picks, rule.mode == "at_most", int(rule.count or 0)))
        return
    # Charms alike in every charm column form a group per slot; a column picks a group.
    groups: list[tuple[tuple[Pick, ...], tuple[Any, ...]]] = []
    for slot in charm_slots:
        by_key: dict[Hashable, list[Any]] = {}
        for cand in slot.cands:
            by_key.setdefault(tuple(rule_key(cand.part, c.attribute) for c in charm_columns), []).append(cand)
        groups.extend((tuple(Pick(slot.name, c.index) for c in cands), values(cands[0].part))
                      for cands in by_key.values())
    others = [ref for ref in rule.columns if ref.kind is not SlotKind.CHARM]
    for slots in itertools.product(*(sides_of(ir, ref) for ref in others)):
        if len(set(slots)) < len(slots):
            continue  # one slot read twice (two ring columns): check() never pairs its part with itself
        choices = [values_of(ir, ref, slot) for ref, slot in zip(others, slots, strict=True)]
        for anchor_values in itertools.product(*choices):
            for chosen in itertools.product(range(len(groups)), repeat=len(charm_columns)):
                charms = iter(groups[g][1][j] for j, g in enumerate(chosen))
                given = iter(value for _, value in anchor_values)
                combined = [next(charms) if c.kind is SlotKind.CHARM else next(given) for c in rule.columns]
                if rule.permits(*combined):
                    continue
                need = {g: chosen.count(g) for g in dict.fromkeys(chosen)}
                ir.charm_clauses.append(CharmClause(tuple((atom, False) for atom, _ in anchor_values),
                                                    tuple((groups[g][0], n) for g, n in need.items())))


def add_charm_rules(m: cp_model.CpModel, x: dict[str, list[cp_model.IntVar]],
                    lit: Callable[[Lit], cp_model.IntVar], ir: ModelIR) -> None:
    for rule in ir.charm_counts:
        total = sum(x[p.slot][p.index] for p in rule.picks)
        m.add(total <= rule.count) if rule.at_most else m.add(total >= rule.count)
    at_least: dict[tuple[tuple[Pick, ...], int], cp_model.IntVar] = {}
    for clause in ir.charm_clauses:
        lits: list[Any] = [lit(one) for one in clause.lits]
        for picks, n in clause.groups:
            held = at_least.get((picks, n))
            if held is None:
                held = at_least[(picks, n)] = m.new_bool_var(f"at_least_{n}")
                chosen = sum(x[p.slot][p.index] for p in picks)
                m.add(chosen >= n).only_enforce_if(held)
                m.add(chosen <= n - 1).only_enforce_if(~held)
            lits.append(~held)
        m.add_bool_or(lits)
