"""The previous version's solved answer (cheapest totals per class) patched to the edited one,
when the edit changed its slots' classes only in ways that provably leave every other total as
it was (issue 8: an edit live within a second; a walk of every hub costs ~1 s at 10^4 even with
all its memoised work at hand).

Two edits qualify, on a request with no picks and the same style, physics and rules in force:

- Members move but no class does (a part joins a class above its cheapest member, a dearer
  member is repriced or retired): every class keeps its index, cheapest member, price and lead
  time, and the walk reads classes only through those (a charm slot holding ≥ 2 charms could
  read a class's second member: then the members must stay as they were).
- A charm that is a class of its own is repriced or retired, in a charm slot that may stay empty,
  without at_least rules. Taking a charm off a piece keeps it valid (tables and at_most rules are
  closed under removal, the load only falls) and makes it strictly cheaper (its price plus a
  joint's labour, > 0 is required), so no cheapest piece holding any other class of any slot
  holds that charm, in either version: those totals are unchanged. The charm's own total moves by
  its price change (a cheapest piece holds it once: its class has one member). A ring of a charm
  slot may be the charm's only company: its totals are kept only when each is below every total
  with the charm (before and after), so no cheapest piece with it holds the charm.

Anything else returns None and the new version walks its hubs.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

import numpy as np

from catalog import rules
from catalog.rules import FONT_SLOT
from catalog.types import Connector, SlotKind
from solver.classes import PartClass
from solver.space import FIT_FIELDS, attr, ruled_attributes

if TYPE_CHECKING:
    from solver.solve import SpaceSolution
    from solver.space import Space

INF = float("inf")


@dataclass(frozen=True)
class _Charm:
    """The one class an edit changed: its slot, its old index, its new index (None: retired) and
    its price change."""

    slot: str
    before: int
    after: int | None
    delta: int
    rep: Any  # the charm (its fit is the same in both versions)
    cost: int  # its price before the edit
    lead: int  # its class's lead time (the same after a price change)


def patched_solution(before: Space, solution: SpaceSolution, space: Space) -> SpaceSolution | None:
    """`solution` (complete, of `before` on the previous version) as the answer of `space` (the
    same request on the edited version), or None when the edit may have changed it."""
    if not _comparable(before, solution, space):
        return patched_for_rule(before, solution, space)
    at_least = any(r.counts and r.mode == "at_least" for r in space.rules)
    labour = space.style.labour_per_joint.amount_cents
    orders: dict[str, list[int]] = {}  # slot -> new index -> old index, where they differ
    edit: _Charm | None = None
    for slot in space.style.slots:
        if slot.kind is SlotKind.OPTION:
            continue
        old, new = before.classes.get(slot.name, []), space.classes.get(slot.name, [])
        if len(old) == len(new) and all(_same(a, b, slot.multi and (at_least or slot.min_count > 1))
                                        for a, b in zip(old, new, strict=True)):
            continue
        if edit is not None or slot.kind is not SlotKind.CHARM or slot.min_count or at_least:
            return None
        found = _one_charm(old, new, slot.name)
        if found is None:
            return None
        edit, orders[slot.name] = found
        cheapest = min(_cost(old[edit.before]), _cost(old[edit.before]) + edit.delta)
        if cheapest + labour <= 0:
            return None  # taking it off would not be strictly cheaper
        ring = space.ring_of.get(slot.name)
        if ring is not None and space.style.slot(ring).min_count:
            return None
    example = solution.example()
    if example is None or not _same_example(before, space, dict(example.choice), edit):
        return None
    marginals = dict(solution.marginals)
    if edit is not None and not _patch(marginals, edit, orders[edit.slot], space):
        return None
    return replace(solution, space=space, marginals=marginals, free=dict(solution.free), members={},
                   hub=None, result=None, piece=example)


def _comparable(before: Space, solution: SpaceSolution, space: Space, rules: bool = True) -> bool:
    """Same request, style, physics, rules (with `rules`); no picks; the old answer complete and
    per class."""
    request = space.request
    return (solution.complete and not solution.members and before.request == request
            and not request.picks and not request.exclude and not before.infeasible and not space.infeasible
            and before.style == space.style and (not rules or before.rules == space.rules)
            and before.catalog.physics == space.catalog.physics
            and before.catalog.currency == space.catalog.currency
            and before.option_values == space.option_values and before.ring_of == space.ring_of)


def _same(a: PartClass, b: PartClass, members: bool) -> bool:
    """Equal for the walk: index, lead time, cheapest member (the representative) and its price;
    with `members`, every member too."""
    if a is b:
        return True
    if a.index != b.index or a.lead != b.lead or not _alike(a, b):
        return False
    return not members or (len(a.members) == len(b.members) and all(
        x.sku == y.sku and x.cost == y.cost and (x.part is y.part or x.part == y.part)
        for x, y in zip(a.members, b.members, strict=True)))


def _alike(a: PartClass, b: PartClass) -> bool:
    """Same cheapest member at the same price, the same part (so the same class key)."""
    x, y = a.members[0], b.members[0]
    return x.sku == y.sku and x.cost == y.cost and (a.rep is b.rep or a.rep == b.rep)


def _cost(cls: PartClass) -> int:
    return cls.min_cost


def _one_charm(old: Sequence[PartClass], new: Sequence[PartClass], slot: str) -> tuple[_Charm, list[int]] | None:
    """The one single-member class repriced or retired, with the new → old index map; None when
    the classes differ otherwise."""
    by_sku = {c.members[0].sku: c for c in new}
    gone = [c for c in old if not ((n := by_sku.get(c.members[0].sku)) is not None
                                   and n.lead == c.lead and _alike(c, n) and n.size == c.size)]
    if len(gone) != 1 or gone[0].size != 1:
        return None
    charm = gone[0]
    sku = charm.members[0].sku
    after = by_sku.get(sku)
    if after is None:
        if len(new) != len(old) - 1:
            return None
        delta = 0
    else:
        if len(new) != len(old) or after.size != 1 or after.lead != charm.lead or not _repriced(charm.rep, after.rep):
            return None
        delta = after.min_cost - charm.min_cost
    old_of = {c.members[0].sku: c.index for c in old}
    order = [old_of.get(c.members[0].sku, -1) for c in new]
    if -1 in order:
        return None
    after_index = None if after is None else after.index
    return _Charm(slot, charm.index, after_index, delta, charm.rep, charm.min_cost, charm.lead), order


def _repriced(before: Any, after: Any) -> bool:
    """The same part but for its price."""
    return bool(before.model_copy(update={"price": after.price}) == after)


def _patch(marginals: dict[str, np.ndarray], edit: _Charm, order: list[int], space: Space) -> bool:
    """Move the charm slot's totals to the new indices (the charm's by its price change); keep
    the rings' totals when none can have come from a piece holding the charm."""
    old = marginals.get(edit.slot)
    if old is None:
        return True  # no piece holds any charm of the slot: nothing moves
    was = float(old[edit.before])
    now = INF if edit.after is None else was + edit.delta
    ring = space.ring_of.get(edit.slot)
    offers = marginals.get(ring) if ring is not None else None
    if ring is not None and offers is not None and was < INF:
        physics = space.catalog.physics
        doubt = [r for r in np.flatnonzero(np.isfinite(offers) & (offers >= min(was, now))).tolist()
                 if _may_hang(edit.rep, space.classes[ring][r].rep, physics)]
        dearest = edit.cost if edit.after is None else min(edit.cost, edit.cost + edit.delta)
        if doubt and not _stand_in(edit, space, order, dearest):
            return False  # a ring's cheapest piece may hold the charm alone: walk
    moved = old[np.asarray(order, dtype=np.int64)] if order else np.zeros(0)
    if edit.after is not None:
        moved[edit.after] = now
    marginals[edit.slot] = moved
    return True



# What a charm on a ring is judged by beyond its finish and the rules: a stand-in must be at least
# as good on each (check(): the ring's wire through its loop, the ring's bore around the chain's
# wire and its loop's, the loads).
_HANGING = {"loop_inner_mm": 1, "loop_wire_mm": -1, "weight_g": -1}


def _stand_in(edit: _Charm, space: Space, order: list[int], dearest: int) -> bool:
    """Another charm of the slot, no dearer than `dearest` (the charm's price before and after),
    that hangs wherever the charm hangs and that every rule treats alike: a piece whose only charm
    is the edited one is then never cheaper than the same piece with the stand-in instead."""
    charm = edit.rep
    if charm.connector is not Connector.DANGLE or space.request.text:
        return False
    same = [n for n in sorted({*FIT_FIELDS["charm"], *ruled_attributes(space.rules)} - set(_HANGING))
            if hasattr(charm, n)]
    mine = [getattr(charm, n) for n in same]
    for cls in space.classes[edit.slot]:
        other = cls.rep
        if cls.min_cost > dearest or other.sku == charm.sku or other.connector is not Connector.DANGLE:
            continue
        if cls.lead > edit.lead:
            continue
        if any(getattr(other, n) is None or getattr(charm, n) is None
               or (getattr(other, n) - getattr(charm, n)) * sign < 0 for n, sign in _HANGING.items()):
            continue
        if [getattr(other, n, None) for n in same] == mine:
            return True
    return False


def _may_hang(charm: Any, ring: Any, physics: Any) -> bool:
    """The charm may hang on the ring on some chain (check()'s chain-free tests: its loop takes
    the ring's wire, the ring carries its weight)."""
    loop = rules.charm_loop(charm)
    return loop is not None and rules.ring_passes(ring, loop, physics) is None and rules.load_within(
        ring.max_load_g, charm.weight_g, ring.sku, (charm.sku,)) is None


def _same_example(before: Space, space: Space, choice: dict[str, tuple[str, ...]], edit: _Charm | None) -> bool:
    """The example rebuilt on the new classes names the same parts: each part's class keeps the
    members ahead of it (rebuild takes a class's first member not yet in the piece), and the
    changed charm is not in it."""
    for slot, skus in choice.items():
        if space.style.slot(slot).kind is SlotKind.OPTION:
            continue
        old_index, new_index = before.member_index(slot), space.member_index(slot)
        for sku in skus:
            if sku not in old_index or sku not in new_index:
                return False
            old_cls, new_cls = old_index[sku][0], new_index[sku][0]
            if edit is not None and edit.slot == slot and old_cls.index == edit.before:
                return False
            at = next(i for i, m in enumerate(old_cls.members) if m.sku == sku)
            if [m.sku for m in old_cls.members[:at + 1]] != [m.sku for m in new_cls.members[:at + 1]]:
                return False
    return True


def patched_for_rule(before: Space, solution: SpaceSolution, space: Space) -> SpaceSolution | None:
    """One table added between one option slot no other rule reads and the chain (a merchandiser's
    "no velvet box with a rope chain"), every class as it was. The option meets the rest of the
    piece only through that table, so a piece with chain class k and value v costs the cheapest
    piece with k less the option's cheapest choice plus v's price. When every chain that has a
    piece still permits a cheapest choice, no other total moves (a piece with a value now
    refused is no cheaper than the same piece with that choice), and each value's total is the
    cheapest chain that permits it, moved by its price."""
    added = [r for r in space.rules if r not in before.rules]
    if (len(added) != 1 or len(space.rules) != len(before.rules) + 1 or not _comparable(before, solution, space, False)
            or not set(before.rules) <= set(space.rules)):
        return None
    rule = added[0]
    options = [c for c in rule.columns if c.kind is SlotKind.OPTION]
    if rule.counts or len(options) != 1 or any(c.kind not in (SlotKind.OPTION, SlotKind.CHAIN) for c in rule.columns):
        return None
    name = options[0].option_slot or ""
    if name == FONT_SLOT or name not in space.option_values or any(
            c.kind is SlotKind.OPTION and c.option_slot == name for r in before.rules for c in r.columns):
        return None
    for slot in space.style.slots:
        old, new = before.classes.get(slot.name, []), space.classes.get(slot.name, [])
        if slot.kind is not SlotKind.OPTION and not (len(old) == len(new) and all(
                _same(a, b, True) for a, b in zip(old, new, strict=True))):
            return None
    carrier = space.style.carrier.name
    chains, offers = space.classes[carrier], solution.marginals.get(carrier)
    values = space.style.slot(name).values
    if offers is None or name not in solution.marginals:
        return None
    optional = not space.option_required(name)
    prices = np.array([v.price.amount_cents for v in values], dtype=float)
    cheapest = min([*prices.tolist(), *([0.0] if optional else [])], default=INF)
    # permitted[k, v]: chain class k with value v passes the table (a left-out option always does).
    permitted = np.array([[rule.permits(*(v.code if c.kind is SlotKind.OPTION else attr(k.rep, c.attribute)
                                          for c in rule.columns)) for v in values] for k in chains], dtype=bool)
    best_choice = np.where(permitted, prices[None, :], INF).min(axis=1, initial=INF)
    if optional:
        best_choice = np.minimum(best_choice, 0.0)
    if np.any(np.isfinite(offers) & (best_choice > cheapest)):
        return None  # a chain's cheapest piece loses its cheapest choice: totals move, walk
    example = solution.example()
    if example is None or not _same_example(before, space, dict(example.choice), None):
        return None
    chosen = dict(example.choice)
    picked = chosen.get(name, ())
    if picked:
        k = next((c.index for c in chains if c.members[0].sku in chosen.get(carrier, ())), None)
        at = [v.code for v in values].index(picked[0])
        if k is None or not permitted[k, at]:
            return None
    without = np.where(permitted, offers[:, None], INF).min(axis=0, initial=INF) - cheapest
    marginals = dict(solution.marginals)
    marginals[name] = without + prices
    return replace(solution, space=space, marginals=marginals, free=dict(solution.free), members={},
                   hub=None, result=None, piece=example)
