"""One Solver answering many requests shares work through the base space (geometry, units and
plans of slots no pick narrows). Whatever the order of the requests, every answer must equal
that of a fresh Solver, which the oracle properties prove exact."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from catalog.model import Catalog
from catalog.styles import Style
from solver.request import Request
from solver.service import Solver
from tests.solver.test_options import EXAMPLES
from tests.solver.worlds import worlds


def _options(solver: Solver, style: Style, request: Request) -> list[tuple[str, str, str, int | None]]:
    result = solver.options(style.id, request)
    return [(s.slot, c.value, c.status.value, c.min_total_cents) for s in result.slots for c in s.candidates]


def _variants(request: Request) -> list[Request]:
    out = [Request(), request.model_copy(update={"picks": ()}), request]
    out += [request.without(f"pick:{p.slot}") for p in request.picks]
    return out


@EXAMPLES
@given(worlds(), st.randoms(use_true_random=False))
def test_answers_do_not_depend_on_earlier_requests(world: tuple[Catalog, Style, Request], rng: object) -> None:
    catalog, style, request = world
    variants = _variants(request)
    rng.shuffle(variants)  # type: ignore[attr-defined]
    shared = Solver(catalog)
    for variant in variants:
        fresh = Solver(catalog)
        assert _options(shared, style, variant) == _options(fresh, style, variant), variant
        assert shared.count(style.id, variant).count == fresh.count(style.id, variant).count, variant
        got = [e.price.total_cents for e in shared.recommend(style.id, variant, 3).items]
        assert got == [e.price.total_cents for e in fresh.recommend(style.id, variant, 3).items], variant
