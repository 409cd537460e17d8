"""options(): every candidate of every slot, available or why not, with its cheapest total.

Backtrack-free: a candidate is available exactly when some complete valid piece (budget
included) contains it, because its reported total is the exact cheapest such piece. A slot's
own pick is set aside when listing that slot, so a shopper sees what switching would give.
"""

from __future__ import annotations

from functools import partial

import numpy as np

from catalog.model import Catalog
from catalog.styles import Slot, Style
from catalog.types import SlotKind
from solver.check import evaluate
from solver.deadline import Deadline, unbounded
from solver.hub import INF
from solver.hubnet import network
from solver.listing import over_budget, part_candidates
from solver.request import Request
from solver.results import Candidate, CandidateStatus, Deferred, ExitStatus, OptionsResult, SlotOptions
from solver.solve import SpaceCache, SpaceSolution, solve_space
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
    budget = request.budget_cents
    if slot.kind is not SlotKind.OPTION:
        candidates, outside = part_candidates(slot, solution, budget, why, deadline or unbounded())
        return SlotOptions(slot.name, slot.kind.value, slot.min_count, slot.max_count, candidates, outside)
    offers = free if free is not None else solution.marginals.get(slot.name)
    currency = solution.space.catalog.currency
    values = []
    for index, value in enumerate(slot.values):
        total = INF if offers is None else float(offers[index])
        values.append(_option_candidate(value.code, value.label, total, budget, slot, why, currency))
    return SlotOptions(slot.name, slot.kind.value, slot.min_count, slot.max_count, tuple(values))


def _option_candidate(code: str, label: str, total: float, budget: int | None, slot: Slot, why: WhyNot,
                      currency: str) -> Candidate:
    if total >= INF:
        return Candidate(code, CandidateStatus.UNAVAILABLE, None, Deferred(partial(why.reasons, slot, code)), label)
    if budget is None or total <= budget:
        return Candidate(code, CandidateStatus.AVAILABLE, int(total), (), label)
    return Candidate(code, CandidateStatus.UNAVAILABLE, int(total), (over_budget(code, int(total), budget, currency),),
                     label)
