"""What a group's ends and charms offer, found once: every offer a hub of the group makes for
its clasps, extenders, charms and their rings is the hub's base (its total without ends and
charms) plus a term the group alone fixes. Recorded on a base of 0, a walk offers the group's
terms on its lowest base in one array pass per slot.

Prices are whole cents, so a term plus a base is the very sum a hub's own offers would make.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from weakref import WeakKeyDictionary

import numpy as np

from catalog.types import SlotKind
from solver.end_pairs import EndPairs
from solver.hub import INF, Hub
from solver.hub_groups import EndsAndCharms, group_slots
from solver.hubsolve import HubResult, group_offers
from solver.space import Space


@dataclass(frozen=True)
class GroupTerms:
    offers: dict[str, tuple[np.ndarray, np.ndarray]]  # slot -> (class indices, totals on a base of 0)
    members: dict[str, dict[str, float]]  # at_least rules: slot -> sku -> total on a base of 0


class _Recorder(HubResult):
    """A result that keeps each offer instead of writing it into the walk's marginals."""

    def __init__(self) -> None:
        super().__init__(0.0)
        self.kept: dict[str, list[tuple[np.ndarray, np.ndarray]]] = {}

    def offer(self, hub: Hub, slot: str, index: Any, total: Any) -> None:
        self.kept.setdefault(slot, []).append(
            (np.atleast_1d(np.asarray(index, dtype=np.int64)), np.atleast_1d(np.asarray(total, dtype=float))))


Part = str  # "ends" or "charms"


def parts(space: Space, only: str | None) -> list[Part]:
    """The parts whose offers a walk wants: those holding `only` (every one when None)."""
    found = []
    for part in ("ends", "charms"):
        slots = _part_slots(space, part)
        if any(slots) and (only is None or only in slots):
            found.append(part)
    return found


def _part_slots(space: Space, part: Part) -> tuple[str | None, ...]:
    kinds = (SlotKind.CLASP, SlotKind.EXTENDER) if part == "ends" else (SlotKind.CHARM,)
    return tuple(n for kind in kinds for s in space.slots_of(kind) for n in (s.name, space.ring_of.get(s.name)))


def terms_at(space: Space, structure: int, part: Part, hub: Callable[[], Hub], group: EndsAndCharms) -> GroupTerms:
    """`group_terms` of the group `structure` names (`hub()`: one of its hubs, made only when
    they are not known)."""
    memo = space.memo_for(*group_slots(space))
    key = ("group-terms-of", structure, part)
    found: GroupTerms | None = memo.get(key)
    if found is None:
        found = memo.setdefault(key, group_terms(hub(), group, part))
    return found


def group_terms(hub: Hub, group: EndsAndCharms, part: Part) -> GroupTerms:
    """The group's terms for its ends or its charms (hub: any hub of the group). A walk for one
    slot's offers records only its part's."""
    kept, key = _kept(hub, group, part)
    found: GroupTerms | None = kept.get(key)
    if found is None:
        recorder = _Recorder()
        # A walk of its own (no envelope skips an offer); `only` keeps it to the part.
        group_offers(recorder, hub, group, 0.0, {}, next(s for s in _part_slots(hub.space, part) if s))
        offers = {slot: offers for slot, offers in recorder.kept.items() if slot in _part_slots(hub.space, part)}
        found = kept.setdefault(key, GroupTerms({slot: _least(hub, slot, o) for slot, o in offers.items()},
                                                recorder.members))
    return found


def _kept(hub: Hub, group: EndsAndCharms, part: Part) -> tuple[dict[Any, GroupTerms], tuple[Any, ...]]:
    """Where the terms are kept, and under which key.

    The charms' terms read the group's charm plan, its pairs' load limits and the chain's load,
    nothing else of the request: kept by the plan per pairs while both live, so narrowings whose
    end tables hold the same options (and so share their pairs, solver.hub_groups) share them.
    The ends' terms also read the end tables' parts and rings, which a pair table does not (two
    tables of equal costs and load limits share one, whichever rings they hold): kept beside the
    group, with the narrowing of its slots, by the tables as well as the pairs."""
    if part == "ends":
        # The group, beside it, holds all four, so no id is reused under the key.
        key = ("group-terms", id(group.clasps), id(group.extenders), id(group.pairs), id(group.plan), hub.chain_load,
               part)
        return hub.space.memo_for(*group_slots(hub.space)), key
    plan = group.plan.__dict__
    by_pairs: WeakKeyDictionary[EndPairs, dict[Any, GroupTerms]] | None = plan.get("_charm_terms")
    if by_pairs is None:
        by_pairs = plan.setdefault("_charm_terms", WeakKeyDictionary())
    found = by_pairs.get(group.pairs)
    if found is None:
        found = by_pairs.setdefault(group.pairs, {})  # holds neither the plan nor the pairs
    return found, (hub.chain_load,)


def _least(hub: Hub, slot: str, kept: list[tuple[np.ndarray, np.ndarray]]) -> tuple[np.ndarray, np.ndarray]:
    """The least term per class, finite ones only, by class index."""
    least = np.full(hub.space.sizes[slot], INF)
    np.minimum.at(least, np.concatenate([i for i, _ in kept]), np.concatenate([t for _, t in kept]))
    at = np.flatnonzero(least < INF)
    return at, least[at]
