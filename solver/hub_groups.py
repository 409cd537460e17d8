"""Hubs that share their ends and charms: within one space, hubs whose tables are built from the
same admitted classes and geometry get the same end options, pair table and charm plan.

`structure_id` names that group once per hub of the base (it reads nothing a pick changes), so
a walk finds a hub's tables with one lookup and does the work they need once per group: at
10^4 parts a walk of the charm necklace visits ~2,800 hubs and ~700 groups.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from typing import Any, TypeVar

from catalog.types import SlotKind
from solver.charms import charm_context
from solver.hub import Hub

T = TypeVar("T")
MISSING: Any = object()


def structure_id(hub: Hub) -> int:
    """Equal for hubs whose end options, pair table and charm plan are the same objects in any
    space of the base (they are memoised under keys made of these parts)."""
    found: int = hub.keyed(("structure",), lambda: _interned(hub, _structure(hub)))
    return found


def _structure(hub: Hub) -> tuple[Any, ...]:
    chain = hub.chain.rep
    context = charm_context(hub)
    ruled = hub.admit_key if hub.rules.ends else None  # clasp × extender rules read the hub (end_pairs)
    charms = tuple((hub.units_key(name), hub.holds(hub.space.ring_of.get(name))) for name in hub.charm_slots())
    return (hub.ends_key(SlotKind.CLASP), hub.ends_key(SlotKind.EXTENDER), chain.wire_mm, chain.length_mm,
            hub.chain_load, ruled, charms, hub.capacity, context and context[0])


def _interned(hub: Hub, structure: tuple[Any, ...]) -> int:
    ids, counter = hub.space.geometry.setdefault(("structure-ids",), ({}, itertools.count()))
    found: int = ids.setdefault(structure, next(counter))  # atomic steps: threads may race here
    return found


def grouped(hub: Hub, kept: dict[Any, Any], build: Callable[[], T]) -> T:
    """`build()` once per group of one walk (`kept`: the walk's own dict)."""
    key = ("group", structure_id(hub))
    found = kept.get(key, MISSING)
    if found is MISSING:
        found = kept[key] = build()
    return found  # type: ignore[no-any-return]
