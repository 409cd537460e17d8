"""solver.listing against the plain pass it replaced: part by part in catalog order, each part's
verdict from its own rejection, total and class, then one sort. Same candidates, same order, same
reasons (read), the same parts left outside the style, and the same prefix when a work bound cuts
the listing."""

from __future__ import annotations

import os

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from catalog.attributes import filter_admits
from catalog.model import Catalog
from catalog.styles import Slot, Style
from catalog.types import SlotKind
from solver.candidate_list import CandidateList, candidate_of, values_of
from solver.deadline import STRIDE, Deadline, unbounded
from solver.hub import INF
from solver.listing import over_budget, part_candidates
from solver.request import Request
from solver.results import Candidate, CandidateStatus, Reason
from solver.solve import SpaceSolution, solve_space
from solver.why_not import WhyNot
from tests.solver.bounded import bounded_solver
from tests.solver.worlds import worlds

EXAMPLES = settings(max_examples=int(os.environ.get("LINKWISE_EXAMPLES", "200")), deadline=None,
                    suppress_health_check=list(HealthCheck))


def reference(slot: Slot, solution: SpaceSolution, budget: int | None, why: WhyNot,
              deadline: Deadline) -> tuple[list[tuple[object, ...]], int]:
    space = solution.space
    parts = space.catalog.parts_of(slot.kind)
    rejected = space.rejected.get(slot.name, {})
    totals = solution.member_totals(slot.name, parts)
    out: list[Candidate] = []
    outside = 0
    for i, part in enumerate(parts):
        if i % STRIDE == 0 and deadline.check(min(STRIDE, len(parts) - i)):
            break
        if not all(filter_admits(f, part) for f in slot.filters):
            outside += 1
            continue
        if part.sku in rejected:
            out.append(Candidate(part.sku, CandidateStatus.UNAVAILABLE, None,
                                 tuple(Reason.of(v) for v in rejected[part.sku]), part.name))
        elif totals[i] < INF and (budget is None or totals[i] <= budget):
            out.append(Candidate(part.sku, CandidateStatus.AVAILABLE, int(totals[i]), (), part.name))
        elif totals[i] < INF:
            assert budget is not None
            reason = over_budget(part.sku, int(totals[i]), budget, space.catalog.currency)
            out.append(Candidate(part.sku, CandidateStatus.UNAVAILABLE, int(totals[i]), (reason,), part.name))
        else:
            out.append(Candidate(part.sku, CandidateStatus.UNAVAILABLE, None, why.reasons(slot, part.sku), part.name))
    out.sort(key=lambda c: (c.status is not CandidateStatus.AVAILABLE,
                            c.min_total_cents if c.min_total_cents is not None else 1 << 62, c.value))
    return [(c.value, c.status, c.min_total_cents, c.reasons, c.name) for c in out], outside


def check_made_when_read(got: CandidateList) -> None:
    """The list made when read (solver.candidate_list) is one list: a candidate read twice is the
    same object, slices agree with indexing, a status is one run, a value's place is its index."""
    assert got == tuple(got) and got[:] == tuple(got[i] for i in range(len(got)))
    if len(got):
        assert got[-1] is got[len(got) - 1]
    start, stop = got.with_status(CandidateStatus.AVAILABLE)
    assert start == 0 and got.with_status(CandidateStatus.UNAVAILABLE) == (stop, len(got))
    statuses = [CandidateStatus.AVAILABLE] * stop + [CandidateStatus.UNAVAILABLE] * (len(got) - stop)
    assert [c.status for c in got] == statuses
    for at, candidate in enumerate(got):
        assert got[at] is candidate and got.place(candidate.value) == at
        assert candidate_of(got, candidate.value) is candidate
    for status in CandidateStatus:
        assert values_of(got, status) == [c.value for c in got if c.status is status]


def check_listing(catalog: Catalog, style: Style, request: Request, bound: int | None) -> int:
    solver = bounded_solver(catalog)
    result = solver.options(style.id, request)  # its example is what reasons are read from
    space = solver.spaces.get(catalog, style, request, unbounded())
    solution = solve_space(space, unbounded())
    why = WhyNot(space, request, result.example)
    listed = 0
    for slot in style.slots:
        if slot.kind is SlotKind.OPTION:
            continue
        got, outside = part_candidates(slot, solution, request.budget_cents, why, Deadline(None, bound))
        expected = reference(slot, solution, request.budget_cents, why, Deadline(None, bound))
        assert ([(c.value, c.status, c.min_total_cents, c.reasons, c.name) for c in got], outside) == expected
        check_made_when_read(got)
        listed += len(got)
    return listed


@EXAMPLES
@given(worlds(), st.sampled_from([None, 0, 1, STRIDE - 1, STRIDE, 3 * STRIDE + 5]))
def test_listing_matches_the_plain_pass(world: tuple[Catalog, Style, Request], bound: int | None) -> None:
    check_listing(*world, bound)


def test_a_generated_shop_lists_as_the_plain_pass() -> None:
    """Past one stride of parts per kind, with a budget that leaves some over it."""
    from catalog.generator import generate_catalog

    catalog = generate_catalog(600, seed=4)
    listed = 0
    for style in catalog.styles:
        for budget in (None, 20_000):
            listed += check_listing(catalog, style, Request(budget_cents=budget), None)
            listed += check_listing(catalog, style, Request(budget_cents=budget), 2 * STRIDE + 7)
    assert listed > 1_000  # not vacuous
