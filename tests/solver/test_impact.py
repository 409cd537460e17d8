"""impact() and lint() against brute force."""

from __future__ import annotations

from hypothesis import given

from catalog.model import Catalog
from catalog.styles import Style
from solver.request import Request
from tests.solver.bounded import bounded_solver
from tests.solver.oracle import valid_assemblies
from tests.solver.test_options import EXAMPLES
from tests.solver.worlds import worlds


@EXAMPLES
@given(worlds())
def test_impact_and_lint_match_brute_force(world: tuple[Catalog, Style, Request]) -> None:
    catalog, style, _ = world
    solver = bounded_solver(catalog)
    valid = valid_assemblies(catalog, style, Request())
    report = solver.lint()
    assert [(c.style_id, c.count) for c in report.style_counts] == [(style.id, len(valid))]
    assert report.unreachable_styles == ((style.id,) if not valid else ())
    used = {sku for e in valid for sku in e.assembly.skus()}
    dead = {d.sku for d in report.dead_parts}
    active = {p.sku for p in catalog.parts if p.status.value == "active"}
    assert dead == active - used
    for part in catalog.parts:  # every kind: rings and charms may sit in several slots
        impact = solver.impact(part.sku)
        expected = sum(1 for e in valid if part.sku in e.assembly.skus())
        assert [c.count for c in impact.counts] == [expected]
        assert impact.dead == (expected == 0)
        if impact.dead:
            assert impact.reasons
