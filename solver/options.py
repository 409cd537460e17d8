"""options(): every candidate of every slot, available or why not, with its cheapest total.

Backtrack-free: a candidate is available exactly when some complete valid piece (budget
included) contains it, because its reported total is the exact cheapest such piece. A slot's
own pick is set aside when listing that slot, so a shopper sees what switching would give.
"""

from __future__ import annotations

from functools import partial
from typing import Any

import numpy as np

from catalog.attributes import filter_admits
from catalog.model import Catalog
from catalog.parts import money_text
from catalog.rules import RuleCode
from catalog.styles import Slot, Style
from catalog.types import SlotKind
from solver.check import evaluate
from solver.deadline import STRIDE, Deadline, unbounded
from solver.hub import INF
from solver.hubnet import network
from solver.request import Request
from solver.results import Candidate, CandidateStatus, Deferred, ExitStatus, OptionsResult, Reason, SlotOptions
from solver.solve import SpaceCache, SpaceSolution, solve_space
from solver.space import Space
from solver.why_not import WhyNot


def options(cache: SpaceCache, catalog: Catalog, style: Style, request: Request,
            deadline: Deadline) -> OptionsResult:
    space = cache.get(catalog, style, request, deadline)
    main = solve_space(space, deadline)
    example_assembly = main.example()
    example = evaluate(space.catalog, space.style, request, example_assembly) if example_assembly else None
    if example is not None and not example.valid:
        example = None  # over budget: nothing is consistent with the whole selection
    complete = main.complete
    why = WhyNot(space, request, example)
    slots = []
    compiled = network(space).index
    for slot in space.style.slots:
        solution = main
        pick = request.pick(slot.name)
        if pick is not None and pick.option and slot.name in compiled:
            # A picked network slot: one solve already gave its values as if it were unpicked.
            slots.append(_slot_options(slot, main, request, why, main.free.get(slot.name)))
            continue
        if pick is not None and (not slot.multi or slot.kind is SlotKind.OPTION):
            solution = solve_space(cache.get(catalog, style, request.without(f"pick:{slot.name}"), deadline), deadline,
                                   only=slot.name)
            complete = complete and solution.complete
        slots.append(_slot_options(slot, solution, request, why, deadline=deadline))
    complete = complete and not deadline.expired  # a slot's listing may have been cut short
    return OptionsResult(space.style.id, space.catalog.version, tuple(slots), example,
                         ExitStatus.COMPLETE if complete else ExitStatus.INCOMPLETE)


def _slot_options(slot: Slot, solution: SpaceSolution, request: Request, why: WhyNot,
                  free: np.ndarray | None = None, deadline: Deadline | None = None) -> SlotOptions:
    """The slot's candidates; with a `deadline`, one step per part listed, and the listing stops
    (shorter, the answer incomplete) once it is spent."""
    deadline = deadline or unbounded()
    space = solution.space
    budget = request.budget_cents
    candidates = []
    if slot.kind is SlotKind.OPTION:
        offers = free if free is not None else solution.marginals.get(slot.name)
        for index, value in enumerate(slot.values):
            total = INF if offers is None else float(offers[index])
            candidates.append(_candidate(value.code, value.label, total, budget, (), slot, why, space))
        return SlotOptions(slot.name, slot.kind.value, slot.min_count, slot.max_count, tuple(candidates))
    rejected = space.rejected.get(slot.name, {})
    members = space.member_index(slot.name)
    said: dict[int, tuple[str, Candidate]] = {}  # class index -> the first member's verdict
    outside = 0
    parts = space.catalog.parts_of(slot.kind)
    inside = _inside_filters(space, slot, parts)
    totals = solution.member_totals(slot.name, parts)
    for i, part in enumerate(parts):
        if i % STRIDE == 0 and deadline.check(min(STRIDE, len(parts) - i)):
            break
        if not inside[i]:
            outside += 1  # the style never uses it: counted, not listed
            continue
        unary = tuple(Reason.of(v) for v in rejected[part.sku]) if part.sku in rejected else ()
        total = INF if unary else totals[i]
        found = members.get(part.sku)
        if not unary and total >= INF and found is not None and found[0].index in said:
            # Interchangeable parts fail for the same reasons: say it once per class.
            first, verdict = said[found[0].index]
            candidates.append(Candidate(part.sku, CandidateStatus.UNAVAILABLE, None,
                                        Deferred(partial(_said_of, verdict, first, part.sku)), part.name))
            continue
        candidate = _candidate(part.sku, part.name, total, budget, unary, slot, why, space)
        if found is not None and not unary and total >= INF:
            said[found[0].index] = (part.sku, candidate)
        candidates.append(candidate)
    candidates.sort(key=lambda c: (c.status is not CandidateStatus.AVAILABLE,
                                   c.min_total_cents if c.min_total_cents is not None else 1 << 62, c.value))
    return SlotOptions(slot.name, slot.kind.value, slot.min_count, slot.max_count, tuple(candidates), outside)


def _inside_filters(space: Space, slot: Slot, parts: list[Any]) -> list[bool]:
    """Which of the catalog's parts of the slot's kind the style's filters let in: once per
    catalog version and slot (a scan of every part cost ~20 ms of each answer at 10^4)."""
    key = ("inside-filters", slot.name, space.catalog.version, id(space.catalog))
    found: list[bool] | None = space.geometry.get(key)
    if found is None:
        found = space.geometry.setdefault(key, [all(filter_admits(f, p) for f in slot.filters) for p in parts])
    return found


def _candidate(value: str, name: str, total: float, budget: int | None, unary: tuple[Reason, ...],
               slot: Slot, why: WhyNot, space: Space) -> Candidate:
    catalog = space.catalog
    finite = total < INF
    min_total = int(total) if finite else None
    if finite and (budget is None or total <= budget):
        return Candidate(value, CandidateStatus.AVAILABLE, min_total, (), name)
    if unary:
        return Candidate(value, CandidateStatus.UNAVAILABLE, min_total, unary, name)
    if finite:
        assert min_total is not None and budget is not None
        reason = Reason(RuleCode.BUDGET, f"the cheapest complete piece with {value} costs "
                        f"{money_text(min_total, catalog.currency)}, over the budget of "
                        f"{money_text(budget, catalog.currency)}", (value,), min_total, budget)
        return Candidate(value, CandidateStatus.UNAVAILABLE, min_total, (reason,), name)
    return Candidate(value, CandidateStatus.UNAVAILABLE, None, Deferred(partial(why.reasons, slot, value)), name)


def _said_of(verdict: Candidate, first: str, sku: str) -> tuple[Reason, ...]:
    """A class member's reasons: its class's first member's, naming it instead."""
    return tuple(Reason(r.code, r.message.replace(first, sku), tuple(sku if s == first else s for s in r.skus))
                 for r in verdict.reasons)
