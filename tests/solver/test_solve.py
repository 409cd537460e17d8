"""solver.solve: the array pass over a slot's members agrees with asking member by member."""

from __future__ import annotations

import os

from hypothesis import HealthCheck, given, settings

from catalog.model import Catalog
from catalog.styles import Style
from solver.deadline import unbounded
from solver.request import Request, SlotPick
from solver.solve import solve_space
from tests.solver.bounded import bounded_solver
from tests.solver.worlds import worlds

EXAMPLES = settings(max_examples=int(os.environ.get("LINKWISE_EXAMPLES", "200")), deadline=None,
                    suppress_health_check=list(HealthCheck))


def check_member_totals(catalog: Catalog, style: Style, request: Request) -> None:
    solver = bounded_solver(catalog)
    space = solver.spaces.get(catalog, style, request, unbounded())
    solution = solve_space(space, unbounded())
    for slot in style.slots:
        skus, totals = solution.class_member_totals(slot.name)
        assert totals == [solution.member_total(slot.name, sku) for sku in skus], slot.name


@EXAMPLES
@given(worlds())
def test_class_member_totals_are_member_totals(world: tuple[Catalog, Style, Request]) -> None:
    catalog, style, request = world
    check_member_totals(catalog, style, request)
    # The same with a charm already in the piece (forced: its total is the piece's).
    for slot in style.slots:
        if slot.multi and catalog.parts_of(slot.kind):
            held = SlotPick(slot=slot.name, skus=(catalog.parts_of(slot.kind)[0].sku,))
            check_member_totals(catalog, style, request.model_copy(
                update={"picks": (*[p for p in request.picks if p.slot != slot.name], held)}))
