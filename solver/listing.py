"""A part slot's candidates in one array pass: every part of the slot's kind the style admits,
available or why not, sorted available first, cheapest first.

At 10^4 parts an options answer lists ~13,000 parts; a Python pass asking each part's class,
verdict and total was ~100 ms of every answer. What never changes for a base (which parts the
style admits, their classes, their order by SKU) is kept with the base; an answer reads its
totals as one array, sorts once, and makes the candidates.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import partial
from typing import Any

import numpy as np

from catalog.attributes import filter_admits
from catalog.parts import money_text
from catalog.rules import RuleCode, Violation
from catalog.styles import Slot
from solver.candidate_list import CandidateList
from solver.deadline import STRIDE, Deadline
from solver.hub import INF
from solver.restrict import members
from solver.results import Candidate, CandidateStatus, Deferred, Reason
from solver.solve import SpaceSolution
from solver.space import Space
from solver.why_not import WhyNot

NO_TOTAL = float(1 << 62)  # sorts a candidate without a total after every priced one


@dataclass(frozen=True)
class Listed:
    """The parts of one slot's kind that its style's filters admit, in catalog order."""

    at: np.ndarray  # each one's position among the catalog's parts of the kind
    skus: list[str]
    names: list[str]
    base_class: np.ndarray  # its class in the base (-1: refused on its own)
    sku_rank: np.ndarray  # its place in SKU order (the sort's last key)
    position: dict[str, int]  # SKU -> its place in this list


def listed(space: Space, slot: Slot, parts: list[Any]) -> Listed:
    """Kept with the base, per catalog version (a scan of every part cost ~20 ms an answer)."""
    key = ("listed", slot.name, space.catalog.version, id(space.catalog))
    found: Listed | None = space.geometry.get(key)
    if found is None:
        at = [i for i, part in enumerate(parts) if all(filter_admits(f, part) for f in slot.filters)]
        index = members(space.geometry, slot.name, space.base_classes.get(slot.name, []))
        skus = [parts[i].sku for i in at]
        base_class = np.array([index[s][0].index if s in index else -1 for s in skus], dtype=np.int64)
        rank = np.empty(len(skus), dtype=np.int64)
        rank[np.argsort(np.array(skus, dtype=object), kind="stable")] = np.arange(len(skus))
        found = space.geometry.setdefault(key, Listed(np.array(at, dtype=np.int64), skus, [parts[i].name for i in at],
                                                      base_class, rank, {s: i for i, s in enumerate(skus)}))
    return found


def part_candidates(slot: Slot, solution: SpaceSolution, budget: int | None, why: WhyNot,
                    deadline: Deadline) -> tuple[CandidateList, int]:
    """The slot's candidates and how many parts of its kind the style leaves out. One step per
    part of the kind: once the deadline is spent the listing stops there (a prefix in catalog
    order; the caller answers incomplete)."""
    space = solution.space
    parts = space.catalog.parts_of(slot.kind)
    reach = 0
    while reach < len(parts):
        step = min(STRIDE, len(parts) - reach)
        if deadline.check(step):
            break
        reach += step
    found = listed(space, slot, parts)
    n = int(np.searchsorted(found.at, reach))  # the admitted parts within reach
    skus, names = found.skus, found.names
    rejected = space.rejected.get(slot.name, {})
    unary = np.zeros(n, dtype=bool)
    if rejected:
        unary[[i for s in rejected if (i := found.position.get(s, n)) < n]] = True
    totals = _listed_totals(solution, slot.name, found, parts)[:n]
    totals[unary] = INF
    finite = totals < INF
    available = finite & (totals <= budget) if budget is not None else finite
    order = np.lexsort((found.sku_rank[:n], np.where(finite, totals, NO_TOTAL), ~available))
    make = _Maker(slot, why, budget, space.catalog.currency, skus, names, rejected, found.base_class[:n],
                  ~finite & ~unary, order, totals[order], available[order], unary[order])
    return CandidateList(len(order), int(available.sum()), make, make.value_at), int(reach - n)


class _Maker:
    """Makes the candidate at a place of the sorted listing (solver.candidate_list)."""

    def __init__(self, slot: Slot, why: WhyNot, budget: int | None, currency: str, skus: list[str],
                 names: list[str], rejected: Mapping[str, tuple[Violation, ...]], base_class: np.ndarray,
                 unexplained: np.ndarray, order: np.ndarray, totals: np.ndarray, available: np.ndarray,
                 unary: np.ndarray) -> None:
        self.slot, self.why, self.budget, self.currency = slot, why, budget, currency
        self.skus, self.names, self.rejected = skus, names, rejected
        # Arrays, read one place at a time: Python lists of them held ~1 MB more per answer.
        self.order, self.totals, self.available, self.unary = order, totals, available, unary
        self.base_class = base_class
        # Interchangeable parts fail for the same reasons: found once per class (its first part
        # in catalog order), named for each member when read.
        unexplained_at = np.flatnonzero(unexplained & (base_class >= 0))
        classes, first = np.unique(base_class[unexplained_at], return_index=True)
        self.first_of = dict(zip(classes.tolist(), unexplained_at[first].tolist(), strict=True))
        self.firsts: dict[int, Candidate] = {}

    def value_at(self, at: int) -> str:
        return self.skus[int(self.order[at])]

    def __call__(self, at: int) -> Candidate:
        i, total = int(self.order[at]), float(self.totals[at])
        sku, name = self.skus[i], self.names[i]
        if self.available[at]:
            return Candidate(sku, CandidateStatus.AVAILABLE, int(total), (), name)
        if self.unary[at]:
            return Candidate(sku, CandidateStatus.UNAVAILABLE, None,
                             tuple(Reason.of(v) for v in self.rejected[sku]), name)
        if total < INF:
            assert self.budget is not None
            return Candidate(sku, CandidateStatus.UNAVAILABLE, int(total),
                             (over_budget(sku, int(total), self.budget, self.currency),), name)
        first = self.first_of.get(int(self.base_class[i]))
        if first is None:
            return Candidate(sku, CandidateStatus.UNAVAILABLE, None,
                             Deferred(partial(self.why.reasons, self.slot, sku)), name)
        if first == i:
            return self._first(i)
        return Candidate(sku, CandidateStatus.UNAVAILABLE, None,
                         Deferred(partial(_like, self.why, self.slot, partial(self._first, first), sku)), name)

    def _first(self, i: int) -> Candidate:
        """The class's first member's candidate: one object, wherever it is read from."""
        found = self.firsts.get(i)
        if found is None:
            sku = self.skus[i]
            found = self.firsts.setdefault(i, Candidate(
                sku, CandidateStatus.UNAVAILABLE, None, Deferred(partial(self.why.reasons, self.slot, sku)),
                self.names[i]))
        return found


def _listed_totals(solution: SpaceSolution, slot: str, found: Listed, parts: list[Any]) -> np.ndarray:
    """Each listed part's `member_total` (INF: in no class of the space), from the classes'
    totals in one scatter."""
    if slot in solution.members:  # at_least rules: each member's own total
        every: np.ndarray = np.asarray(solution.member_totals(slot, parts), dtype=float)[found.at]
        return every
    space = solution.space
    memo = space.geometry if space.unnarrowed(slot) else space.memo
    key = ("listed-position", slot, space.catalog.version, id(space.catalog))
    where = memo.get(key)
    if where is None:  # each class member's place in the listing (-1: not listed)
        where = memo.setdefault(key, np.array([found.position.get(s, -1) for s in space.class_members(slot)[0]],
                                              dtype=np.int64))
    totals: np.ndarray = np.full(len(found.skus), INF)
    listed = where >= 0
    totals[where[listed]] = solution.class_member_array(slot)[listed]
    return totals


def over_budget(value: str, total: int, budget: int, currency: str) -> Reason:
    return Reason(RuleCode.BUDGET, f"the cheapest complete piece with {value} costs "
                  f"{money_text(total, currency)}, over the budget of {money_text(budget, currency)}",
                  (value,), total, budget)


def _like(why: WhyNot, slot: Slot, first: Callable[[], Candidate], sku: str) -> tuple[Reason, ...]:
    """Interchangeable parts fail for the same reasons: the class's first member's, named anew."""
    candidate = first()
    return why.reasons_like(slot, candidate.value, candidate.reasons, sku)
