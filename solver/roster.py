"""A finish's valid hubs as arrays: for each, its chain, its choice of hub options and lifted
values, and the ids of what it shares with other hubs (its group's ends and charms, its rest
floor, its rule-network context).

None of these reads a pick beyond the chain and plating narrowing (Hub.valid), so a roster is
kept where hub validity is and every later walk with that narrowing reads it back: the walk
(solver.sweep) then prices and offers every hub in array passes, with one Python step per
group and per context, not per hub.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from typing import Any

import numpy as np

from catalog.types import SlotKind
from solver.deadline import Deadline
from solver.floors import floor_key
from solver.hub import Hub
from solver.hub_groups import structure_id
from solver.hubnet import context_key
from solver.hubs import Choice
from solver.space import Mode, Space


@dataclass(frozen=True)
class Roster:
    """One finish's valid hubs, in walk order (chain, then choice)."""

    chain_at: np.ndarray  # position among the space's chain classes
    choice: np.ndarray  # index into the walk's choices
    structure: np.ndarray  # solver.hub_groups.structure_id
    floor: np.ndarray  # interned rest-floor key (solver.floors.floor_key)
    context: np.ndarray  # interned rule-network context key

    def __len__(self) -> int:
        return len(self.chain_at)


def roster(space: Space, deadline: Deadline, mode: Mode, choices: list[Choice], listed_key: tuple[Any, ...],
           ruled: frozenset[str]) -> Roster | None:
    """The finish's roster; None when the deadline cut its first listing short (nothing kept)."""
    memo = space.memo_for(space.style.carrier.name, *(s.name for s in space.slots_of(SlotKind.PLATING)),
                          picks_matter=False)
    key = ("roster", mode.plating.index if mode.plating else ("bare", mode.colour), listed_key)
    found: Roster | None = memo.get(key)
    if found is not None:
        return None if deadline.check(len(found)) else found
    chains = space.classes[space.style.carrier.name]
    rows: list[tuple[int, int, int, int, int]] = []
    for (at, chain), (choice, (chosen, lifted)) in itertools.product(enumerate(chains), enumerate(choices)):
        if deadline.check():
            return None
        hub = Hub(space, chain, mode, chosen, ruled, lifted)
        if hub.valid():
            rows.append((at, choice, structure_id(hub), _interned(space, "floor", floor_key(hub)),
                         _interned(space, "context", context_key(space, hub._hub_value))))
    columns = np.array(rows, dtype=np.int64).reshape(len(rows), 5).T
    found = memo.setdefault(key, Roster(*columns))
    return found


def _interned(space: Space, name: str, key: tuple[Any, ...]) -> int:
    """A small int per distinct key, for the base (threads may race: setdefault is atomic)."""
    ids, counter = space.geometry.setdefault(("roster-ids", name), ({}, itertools.count()))
    found: int = ids.setdefault(key, next(counter))
    return found
