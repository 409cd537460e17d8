"""Lifting: the slots a table reads beside another part are fixed per hub, like an option.

A clasp, an extender and every jump-ring slot hold at most one part (a charm slot's ring slot
holds one ring type for all its charms). A table that reads two of them, or one of them with a
charm or two, couples parts the hub otherwise solves apart; so the hub fixes, for each such slot,
what those tables see of it — or that it is empty. Then a table over lifted slots and anchors is
decided once per hub (`Hub.valid`), a table that reads one kind once beside them (a charm, or
the rings beside a lifted clasp) filters that kind (`Hub.admits`), a table over two charms or
more decides the charm signatures beside every lifted item (`CharmRules.valid`), and a lifted
slot keeps only the classes that look alike to the tables. Which kinds are lifted:
`rulenet._sort_across` (and `index_rules`, for the kinds beside two charms).

Only what the tables can tell apart is lifted: two values are alike when they match the same
rows in every column that reads them, so a table that names two gauges splits the rings into
three values, not one per gauge in the catalog.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from catalog.types import SlotKind
from solver.hubnet import rule_index
from solver.space import Space, attr


@dataclass(frozen=True)
class Lifted:
    """What a hub fixes of one lifted slot: the rows its part matches (`key`, compared) and a
    representative value per lifted attribute (`values`, read by the tables)."""

    key: tuple[Any, ...]
    values: tuple[tuple[str, Any], ...]

    def value(self, attribute: str) -> Any:
        return next(v for a, v in self.values if a == attribute)


def part_key(space: Space, kind: SlotKind, part: Any) -> tuple[Any, ...]:
    """The rows a part matches in every table column that reads a lifted attribute of its kind."""
    index = rule_index(space)
    return tuple(rule.rows_matching(column, attr(part, attribute))
                 for attribute in index.lifted_attributes.get(kind, ())
                 for rule, column in index.lifted_reads[kind, attribute])


def class_keys(space: Space, slot: str) -> list[tuple[Any, ...]]:
    """Each base class's key (shared by every request on the base)."""
    key = ("lift-keys", slot, tuple(r.id for r in space.rules))
    found = space.geometry.get(key)
    if found is None:
        kind = space.slot(slot).kind
        found = space.geometry.setdefault(key, [part_key(space, kind, c.rep) for c in space.base_classes[slot]])
    return found  # type: ignore[no-any-return]


def slot_values(space: Space, slot: str) -> list[Lifted | None]:
    """What a hub may fix of a lifted slot: each key its classes (after picks) have, in class
    order, then None (empty) when the slot may hold nothing."""
    memo_key = ("lift-values", slot)
    found = space.memo.get(memo_key)
    if found is None:
        kind = space.slot(slot).kind
        attributes = rule_index(space).lifted_attributes[kind]
        keys = class_keys(space, slot)
        seen: dict[tuple[Any, ...], Lifted] = {}
        for cls in space.classes.get(slot, []):
            k = keys[cls.index]
            if k not in seen:
                seen[k] = Lifted(k, tuple((a, attr(cls.rep, a)) for a in attributes))
        values: list[Lifted | None] = list(seen.values())
        if may_be_empty(space, slot):
            values.append(None)
        found = space.memo.setdefault(memo_key, values)
    return found  # type: ignore[no-any-return]


def may_be_empty(space: Space, slot: str) -> bool:
    """Whether a piece of the request can leave this slot empty (generous: a hub that fixes it
    empty when it cannot be only finds nothing; one left out would lose pieces)."""
    if space.forced_present(slot):
        return False
    owner = next((name for name, ring in space.ring_of.items() if ring == slot), None)
    if space.slot(slot).kind is not SlotKind.JUMP_RING:
        ring = space.ring_of.get(slot)
        return space.slot(slot).min_count == 0 and not (ring and space.forced_present(ring))
    if owner is None:
        return True  # a ring slot that joins nothing stays empty
    return space.slot(owner).min_count == 0 and not space.forced_present(owner)


def lifted_slots(space: Space) -> tuple[str, ...]:
    return rule_index(space).lifted_slots


def lift_choices(space: Space) -> Iterator[dict[str, Lifted | None]]:
    """Every combination of the lifted slots' values. Lazy: the product may be large, and a
    caller's deadline stops the walk (an incomplete answer, never a MemoryError)."""
    slots = lifted_slots(space)
    for values in itertools.product(*(slot_values(space, s) for s in slots)):
        yield dict(zip(slots, values, strict=True))


def lift_count(space: Space) -> int:
    """How many combinations `lift_choices` walks."""
    total = 1
    for slot in lifted_slots(space):
        total *= len(slot_values(space, slot))
    return total
