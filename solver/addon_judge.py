"""Judging the screened add-ons with `check.evaluate`, cheapest first, only as far as the answer needs.

Every candidate (a module with one of its rings) has a price floor: the owned piece's own price
under the request plus what the module, its ring, its joint and its engraving must add (each
`evaluate` charges them, and nothing of the owned piece gets cheaper when a part is added).
Candidates are judged in floor order; a module's next ring is tried only after its cheaper one was
refused; the search stops once `first` offers are found whose prices no untried floor undercuts
(or the floors pass the budget), so the list is the one judging every candidate would rank.

A refusal that cannot depend on the ring ends the module's search: a violation that names the
parts it read (every rule code but slot counts and the budget names them) and does not name the
ring is found on every ring (the checks it comes from read the same parts of every extension).
"""

from __future__ import annotations

import heapq
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Protocol

import numpy as np

from catalog.rules import RuleCode, Violation
from solver.addon_screen import OwnedPiece
from solver.assembly import Assembly, Evaluation
from solver.check import evaluate
from solver.deadline import Deadline
from solver.results import AddOn

# Rule codes whose violations name every part the check read (SLOT_COUNT names none; BUDGET is
# not judged here). LEAD_TIME names the whole piece, the ring with it.
NAMING = frozenset(RuleCode) - {RuleCode.SLOT_COUNT, RuleCode.BUDGET}

Ring = tuple[str | None, int]  # a ring SKU (None: the module needs none) and the candidate's price floor


class Rings(Protocol):
    """A module's rings, cheapest first (a list, or read from arrays only as far as they are tried)."""

    def __len__(self) -> int: ...

    def __getitem__(self, pos: int) -> Ring: ...


@dataclass
class Offer:
    """One slot's candidates: the screened modules, each with the position the unscreened loop met
    it at (ties in price and SKUs keep that order), its price floor before its rings are known
    and a way to list its rings, cheapest first."""

    slot: str
    ring_slot: str | None
    modules: list[str]
    order: np.ndarray
    floor: np.ndarray
    rings: Callable[[int], Rings]
    _listed: dict[int, Rings] = field(default_factory=dict)

    def rings_of(self, i: int) -> Rings:
        found = self._listed.get(i)
        if found is None:
            found = self._listed[i] = self.rings(i)
        return found


def blind(violation: Violation, ring: str | None) -> bool:
    """A refusal that every ring of the module meets (see the module docstring)."""
    return violation.code in NAMING and bool(violation.skus) and (ring is None or ring not in violation.skus)


def judge(piece: OwnedPiece, offers: list[Offer], first: int, budget: int | None,
          deadline: Deadline) -> list[AddOn]:
    """The offers within the budget, one per module at its cheapest accepted ring, ranked by
    (price, SKUs): at least the first `first` of the full ranking (and one, when any exists)."""
    if not offers:
        return []
    floors = np.concatenate([o.floor for o in offers])
    orders = np.concatenate([o.order for o in offers])
    owner = np.concatenate([np.full(len(o.modules), k) for k, o in enumerate(offers)])
    local = np.concatenate([np.arange(len(o.modules)) for o in offers])
    seeds = np.lexsort((orders, floors)).tolist()
    floor_list, order_list, owner_list, local_list = floors.tolist(), orders.tolist(), owner.tolist(), local.tolist()
    tried: list[tuple[int, int, int, int, int]] = []  # (floor, order, offer, module, ring position)
    found: list[tuple[int, tuple[str, ...], int, AddOn]] = []
    cheapest: list[int] = []  # the `need` lowest prices found, negated (a max-heap)
    # One offer at least, to tell "nothing fits" from an empty page; a negative `first` cuts the
    # ranking from its end (a slice), so it needs all of it.
    need = max(first, 1) if first >= 0 else len(floors) + 1
    s = 0
    while True:
        if s < len(seeds) and (not tried or (floor_list[seeds[s]], order_list[seeds[s]]) <= tried[0][:2]):
            n = seeds[s]
            s += 1
            bound, order, k, i, pos = floor_list[n], order_list[n], owner_list[n], local_list[n], -1
        elif tried:
            bound, order, k, i, pos = heapq.heappop(tried)
        else:
            break
        if budget is not None and bound > budget:
            break  # every candidate left costs more than the budget
        if len(cheapest) == need and bound > -cheapest[0]:
            break  # every candidate left ranks after the `need` found
        offer = offers[k]
        rings = offer.rings_of(i)
        if pos < 0:  # the module's rings are listed only when its floor is reached
            if rings:
                heapq.heappush(tried, (rings[0][1], order, k, i, 0))
            continue
        if deadline.check():
            break
        ring = rings[pos][0]
        verdict = _evaluate(piece, offer.slot, offer.modules[i], offer.ring_slot, ring)
        if verdict.valid:
            price = verdict.price.total_cents
            if budget is None or price <= budget:
                skus = (offer.modules[i],) if ring is None or offer.ring_slot is None else (offer.modules[i], ring)
                found.append((price, skus, order, AddOn(offer.slot, skus, price, verdict)))
                heapq.heappush(cheapest, -price)
                if len(cheapest) > need:
                    heapq.heappop(cheapest)
            continue  # rings come cheapest first: the rest make the same piece dearer
        if any(blind(v, ring) for v in verdict.violations):
            continue
        if pos + 1 < len(rings):
            heapq.heappush(tried, (rings[pos + 1][1], order, k, i, pos + 1))
    found.sort(key=lambda f: (f[0], f[1], f[2]))
    return [f[3] for f in found]


def _evaluate(piece: OwnedPiece, slot: str, module: str, ring_slot: str | None, ring: str | None) -> Evaluation:
    skus = [(slot, module)] + ([(ring_slot, ring)] if ring is not None and ring_slot is not None else [])
    extended = piece.assembly.as_dict()
    for name, value in skus:
        extended[name] = tuple(sorted({*extended.get(name, ()), value}))
    candidate = Assembly(piece.style.id, tuple((s, extended.get(s, ())) for s, _ in piece.assembly.choice))
    return evaluate(piece.catalog, piece.style, piece.request, candidate, owned=piece.owned, replate=piece.replate)
