"""What a group's ends and charms offer, found once: every offer a hub of the group makes for
its clasps, extenders, charms and their rings is the hub's base (its total without ends and
charms) plus a term the group alone fixes. Recorded on a base of 0, a walk offers the group's
terms on its lowest base in one array pass per slot.

Prices are whole cents, so a term plus a base is the very sum the walk made hub by hub.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from solver.hub import INF, Hub
from solver.hub_groups import EndsAndCharms, group_slots
from solver.hubsolve import HubResult, group_offers


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


def group_terms(hub: Hub, group: EndsAndCharms) -> GroupTerms:
    """The group's terms (hub: any hub of the group), kept beside the group: groups that share
    their pairs, charm plan and chain load share one."""
    memo = hub.space.memo_for(*group_slots(hub))
    key = ("group-terms", id(group.pairs), id(group.plan), hub.chain_load)  # the group, beside it, holds both
    found: GroupTerms | None = memo.get(key)
    if found is None:
        recorder = _Recorder()
        group_offers(recorder, hub, group, 0.0, {})  # a walk of its own: no envelope skips an offer
        found = memo.setdefault(key, GroupTerms({slot: _least(hub, slot, kept) for slot, kept in recorder.kept.items()},
                                                recorder.members))
    return found


def _least(hub: Hub, slot: str, kept: list[tuple[np.ndarray, np.ndarray]]) -> tuple[np.ndarray, np.ndarray]:
    """The least term per class, finite ones only, by class index."""
    least = np.full(hub.space.sizes[slot], INF)
    np.minimum.at(least, np.concatenate([i for i, _ in kept]), np.concatenate([t for _, t in kept]))
    at = np.flatnonzero(least < INF)
    return at, least[at]
