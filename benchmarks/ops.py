"""Our engine's operations as the benchmarks call them, each answer reduced to what peers compare."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from benchmarks.selections import Selection
from solver.candidate_list import values_of
from solver.request import Request
from solver.results import CandidateStatus, ExitStatus
from solver.service import Solver


@dataclass(frozen=True)
class Answer:
    value: Any
    complete: bool


def options(solver: Solver, sel: Selection) -> Answer:
    result = solver.options(sel.style_id, sel.request)
    value = {s.slot: frozenset(values_of(s.candidates, CandidateStatus.AVAILABLE))
             for s in result.slots}
    example = result.example.assembly.skus() if result.example is not None else None
    return Answer({"available": value, "example": example}, result.status is ExitStatus.COMPLETE)


def recommend(solver: Solver, sel: Selection) -> Answer:
    result = solver.recommend(sel.style_id, sel.request, k=5)
    return Answer(tuple(e.price.total_cents for e in result.items), result.status is ExitStatus.COMPLETE)


def count(solver: Solver, sel: Selection) -> Answer:
    result = solver.count(sel.style_id, sel.request)
    return Answer(result.count, result.status is ExitStatus.COMPLETE)


def enumerate_(solver: Solver, sel: Selection) -> Answer:
    page = solver.enumerate(sel.style_id, sel.request, first=100)
    items = tuple((e.price.total_cents, e.assembly.choice) for e in page.items)
    return Answer((items, page.total_count), page.status is ExitStatus.COMPLETE)


def explain(solver: Solver, sel: Selection) -> Answer:
    result = solver.explain(sel.style_id, sel.explain_request())
    names = tuple(sorted(r.name for r in result.conflict))
    return Answer((result.satisfiable, names), result.status is ExitStatus.COMPLETE)


def add_ons(solver: Solver, sel: Selection) -> Answer:
    result = solver.add_ons(list(sel.owned), Request())
    return Answer(tuple((a.slot, a.skus, a.price_cents) for a in result.items), result.status is ExitStatus.COMPLETE)


OPS: dict[str, Callable[[Solver, Selection], Answer]] = {
    "options": options,
    "recommend": recommend,
    "count": count,
    "enumerate": enumerate_,
    "explain": explain,
    "add_ons": add_ons,
}
