"""One Solver answering many requests shares work through the base space (geometry, units and
plans of slots no pick narrows). Whatever the order of the requests, every answer must equal
that of a fresh Solver, which the oracle properties prove exact."""

from __future__ import annotations

from unittest.mock import patch

from hypothesis import given, settings
from hypothesis import strategies as st

from catalog.model import Catalog
from catalog.styles import Style
from solver import space as space_module
from solver.request import Request
from solver.service import Solver
from tests.solver.bounded import bounded_solver
from tests.solver.test_options import EXAMPLES
from tests.solver.worlds import worlds


def _options(solver: Solver, style: Style, request: Request) -> list[tuple[str, str, str, int | None]]:
    result = solver.options(style.id, request)
    return [(s.slot, c.value, c.status.value, c.min_total_cents) for s in result.slots for c in s.candidates]


def _variants(catalog: Catalog, style: Style, request: Request) -> list[Request]:
    out = [Request(), request.model_copy(update={"picks": ()}), request]
    out += [request.without(f"pick:{p.slot}") for p in request.picks]
    out += _swapped(catalog, style, request)
    # Budgets share the plain request's walk (SpaceCache.get): with and without, and another.
    out += [request.model_copy(update={"budget_cents": None}),
            request.model_copy(update={"budget_cents": (request.budget_cents or 8_000) // 2})]
    return out


def _swapped(catalog: Catalog, style: Style, request: Request) -> list[Request]:
    """The request with each part pick moved to another part of its kind: requests that narrow a
    slot differently must never share the work kept for it (Space.memo_for)."""
    out = []
    for pick in request.picks:
        if not pick.skus:
            continue
        kind = style.slot(pick.slot).kind
        others = sorted(p.sku for p in catalog.parts_of(kind) if p.sku not in pick.skus)
        if others:
            moved = pick.model_copy(update={"skus": (others[0], *pick.skus[1:])})
            out.append(request.model_copy(update={"picks": tuple(moved if p is pick else p for p in request.picks)}))
    return out


def assert_order_does_not_matter(catalog: Catalog, style: Style, request: Request, rng: object,
                                 recommend: bool = True) -> None:
    """One solver answers the request's variants in a random order; each answer equals a fresh
    solver's (options and count, and recommend's totals when asked)."""
    variants = _variants(catalog, style, request)
    rng.shuffle(variants)  # type: ignore[attr-defined]
    shared = bounded_solver(catalog)
    for variant in variants:
        fresh = bounded_solver(catalog)
        assert _options(shared, style, variant) == _options(fresh, style, variant), variant
        assert shared.count(style.id, variant).count == fresh.count(style.id, variant).count, variant
        if recommend:
            got = [e.price.total_cents for e in shared.recommend(style.id, variant, 3).items]
            assert got == [e.price.total_cents for e in fresh.recommend(style.id, variant, 3).items], variant


@EXAMPLES
@given(worlds(), st.randoms(use_true_random=False))
def test_answers_do_not_depend_on_earlier_requests(world: tuple[Catalog, Style, Request], rng: object) -> None:
    assert_order_does_not_matter(*world, rng)


def test_warm_up_solves_every_style_and_changes_no_answer() -> None:
    from catalog.demo import load_demo_catalog
    from solver.request import SlotPick
    from solver.results import ExitStatus

    catalog = load_demo_catalog()
    warm = bounded_solver(catalog)
    assert warm.warm() == {style.id: ExitStatus.COMPLETE for style in catalog.styles}
    for style in catalog.styles:
        carrier = style.carrier.name
        chain = next(p.sku for p in catalog.parts_of(style.carrier.kind) if p.status.value == "active")
        for request in (Request(), Request(picks=(SlotPick(slot=carrier, skus=(chain,)),)),
                        Request(budget_cents=6_000)):
            fresh = bounded_solver(catalog)
            assert _options(warm, style, request) == _options(fresh, style, request)
            if request.budget_cents is None:  # under a budget count walks pieces: slow, and proved elsewhere
                counted, recounted = warm.count(style.id, request), fresh.count(style.id, request)
                assert counted.status is recounted.status is ExitStatus.COMPLETE
                assert counted.count == recounted.count


def test_a_slot_narrowed_to_nothing_never_shares_the_work_of_one_left_alone() -> None:
    """An exact empty pick (enumeration's "this slot stays empty") narrows a slot to no class at
    all; keyed like an untouched slot, work on it was shared with requests that leave it alone
    (found by the paging property on a fresh clone: 2 pieces counted where there are 6)."""
    from catalog.demo import load_demo_catalog
    from solver.request import SlotPick

    catalog = load_demo_catalog()
    solver = bounded_solver(catalog)
    style = catalog.style("anklet")
    clasp = catalog.parts_of(style.slot("clasp").kind)[0].sku
    alone = solver.spaces.get(catalog, style, Request(picks=(SlotPick(slot="clasp", skus=(clasp,)),)))
    emptied = solver.spaces.get(catalog, style, Request(picks=(
        SlotPick(slot="clasp", skus=(clasp,)), SlotPick(slot="extender", exact=True))))
    assert emptied.classes["extender"] == []
    assert alone.memo_for("clasp", "extender", picks_matter=False) is not emptied.memo_for(
        "clasp", "extender", picks_matter=False)


def test_a_budget_shares_the_walk_of_the_request_without_it() -> None:
    """A budget only filters finished totals: its space shares the plain request's work (a
    budget slider re-walked every hub), answers under its own budget, and never leaks it."""
    from catalog.demo import load_demo_catalog

    catalog = load_demo_catalog()
    solver = bounded_solver(catalog)
    style = catalog.style("anklet")
    plain = solver.spaces.get(catalog, style, Request())
    tight = solver.spaces.get(catalog, style, Request(budget_cents=1))
    assert tight.memo is plain.memo and tight.request.budget_cents == 1 and plain.request.budget_cents is None
    cheapest = min(c.min_total_cents for s in solver.options(style.id, Request()).slots for c in s.candidates
                   if c.min_total_cents is not None)
    under = solver.options(style.id, Request(budget_cents=cheapest - 1))
    assert all(c.status.value == "unavailable" for s in under.slots for c in s.candidates)
    again = _options(solver, style, Request())
    assert again == _options(bounded_solver(catalog), style, Request())
    assert any(status == "available" for _, _, status, _ in again)


@settings(max_examples=100, deadline=None)
@given(worlds(), st.randoms(use_true_random=False))
def test_answers_do_not_depend_on_which_narrowings_the_family_dropped(world: tuple[Catalog, Style, Request],
                                                                       rng: object) -> None:
    """With room for two narrowings, every request drops others' work (least recently used
    first) while spaces made earlier still read it: the answers stay a fresh solver's."""
    with patch.object(space_module, "FAMILY_SIZE", 2):
        assert_order_does_not_matter(*world, rng, recommend=False)


def test_the_family_drops_the_least_recently_used_narrowing() -> None:
    family = space_module.Family(size=2)
    first, second = family.memo(("a",)), family.memo(("b",))
    assert family.memo(("a",)) is first  # read again: now the most recent
    family.memo(("c",))  # drops b, the least recently used
    assert len(family) == 2
    assert family.memo(("a",)) is first
    assert family.memo(("b",)) is not second
