"""The naive CP-SAT peer (DESIGN §6): the part-level model of `solver.cpsat`, one solve per
still-unseen value for options, CP-SAT's assumption core for explain, optimisation for the
cheapest piece."""

from __future__ import annotations

import time

from benchmarks.peers.common import Availability, PeerAnswer, option_spaces
from catalog.model import Catalog
from catalog.styles import Style
from solver.cpsat import CpSatSpace, explain_core
from solver.request import Request
from solver.space import compile_space


def options(catalog: Catalog, style: Style, request: Request, bound_s: float) -> PeerAnswer:
    stop = time.monotonic() + bound_s
    out: dict[str, frozenset[str]] = {}
    solves = 0
    for space, slots in option_spaces(catalog, style, request):
        left = stop - time.monotonic()
        if left <= 0:
            return PeerAnswer(None, False, f"bound reached after {solves} solves")
        domains = CpSatSpace(space).naive_options(left, slots)
        solves += domains.solves
        if domains.undecided or domains.status.value != "complete":
            return PeerAnswer(None, False, f"bound reached after {solves} solves")
        out.update({slot: frozenset(v for v, ok in domains[slot].items() if ok) for slot in slots})
    answer: Availability = out
    return PeerAnswer(answer, True, f"{solves} solves")


def cheapest(catalog: Catalog, style: Style, request: Request, bound_s: float) -> PeerAnswer:
    status, total, _ = CpSatSpace(compile_space(catalog, style, request)).cheapest(bound_s)
    return PeerAnswer(total, status.complete)


def core(catalog: Catalog, style: Style, request: Request, bound_s: float) -> PeerAnswer:
    result = explain_core(catalog, style, request, bound_s)
    return PeerAnswer((not result.outcome.infeasible, tuple(sorted(result.names))), result.outcome.complete)


def feasible(catalog: Catalog, style: Style, request: Request, bound_s: float) -> PeerAnswer:
    result = CpSatSpace(compile_space(catalog, style, request)).feasible(bound_s)
    return PeerAnswer(result.feasible, result.complete)
