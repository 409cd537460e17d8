"""recommend() against brute force: optimal, within budget, one per chain class."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from catalog.model import Catalog
from catalog.styles import Style
from solver.request import Preferences, Request
from solver.space import compile_space
from tests.solver.bounded import bounded_solver
from tests.solver.oracle import valid_assemblies
from tests.solver.test_options import EXAMPLES
from tests.solver.worlds import worlds


def _unmet(catalog: Catalog, style: Style, choice: dict[str, tuple[str, ...]], prefs: Preferences) -> int:
    parts = catalog.by_sku()
    chain = parts[choice["chain"][0]]
    platings = [parts[s] for slot in style.slots if slot.kind.value == "plating" for s in choice.get(slot.name, ())]
    colour = platings[0].colour.value if platings else chain.colour.value
    return sum([bool(prefs.colour and prefs.colour != colour),
                bool(prefs.base_metal and prefs.base_metal != chain.base_metal.value),
                bool(prefs.chain_style and prefs.chain_style != chain.chain_style.value)])


@EXAMPLES
@given(worlds(), st.integers(1, 4), st.sampled_from([None, "silver", "yellow"]))
def test_recommend_is_optimal_and_diverse(world: tuple[Catalog, Style, Request], k: int, colour: str | None) -> None:
    catalog, style, request = world
    check_against_brute_force(catalog, style, request.model_copy(update={"preferences": Preferences(colour=colour)}), k)


def check_against_brute_force(catalog: Catalog, style: Style, request: Request, k: int) -> None:
    result = bounded_solver(catalog).recommend(style.id, request, k)
    space = compile_space(catalog, style, request.without("budget") if request.budget_cents else request)
    class_of = {m.sku: cls.index for cls in space.classes["chain"] for m in cls.members}
    best: dict[int, tuple[int, int, str]] = {}
    for e in valid_assemblies(catalog, style, request):
        choice = e.assembly.as_dict()
        key = (_unmet(catalog, style, choice, request.preferences), e.price.total_cents, choice["chain"][0])
        cls = class_of[choice["chain"][0]]
        best[cls] = min(best.get(cls, key), key)
    expected = sorted(best.values())[:k]
    got = []
    for e in result.items:
        assert e.valid, e.violations
        choice = e.assembly.as_dict()
        got.append((_unmet(catalog, style, choice, request.preferences), e.price.total_cents))
    assert got == [(u, p) for u, p, _ in expected]
    assert len({class_of[e.assembly.get("chain")[0]] for e in result.items}) == len(result.items)


@EXAMPLES
@given(worlds(), st.integers(1, 4), st.sampled_from([None, "silver", "yellow"]), st.data())
def test_recommend_under_a_budget_among_the_totals(world: tuple[Catalog, Style, Request], k: int,
                                                   colour: str | None, data: st.DataObject) -> None:
    """The budget drawn from the pieces' own totals, so that it falls between a hub's floor and
    its cheapest piece far more often than a fixed budget does (where a walk must price the hub
    before it can leave it out)."""
    catalog, style, request = world
    request = request.model_copy(update={"budget_cents": None, "preferences": Preferences(colour=colour)})
    totals = sorted({e.price.total_cents for e in valid_assemblies(catalog, style, request)})
    if not totals:
        return
    budget = data.draw(st.sampled_from(totals)) - data.draw(st.sampled_from([0, 1]))
    check_against_brute_force(catalog, style, request.model_copy(update={"budget_cents": budget}), k)


def test_a_budget_between_a_hubs_floor_and_its_cheapest_piece_leaves_its_class_out() -> None:
    """On the demo catalog, where many hubs' floors are below their cheapest piece: under a
    budget at such a floor, recommend lists exactly the chain classes whose cheapest piece is
    within it, each at that piece's total (as recommend without a budget prices them)."""
    from catalog.demo import load_demo_catalog
    from solver.deadline import unbounded
    from solver.walk import walk_of

    catalog = load_demo_catalog()
    solver = bounded_solver(catalog)
    telling = 0
    for style in catalog.styles:
        everything = solver.recommend(style.id, Request(), k=100)
        cheapest = {e.assembly.get("chain")[0]: e.price.total_cents for e in everything.items}
        space = solver.spaces.get(catalog, style, Request())
        walk = walk_of(space, unbounded(), space.modes())
        assert walk is not None
        for budget in sorted({int(f) for f in walk.floor.tolist()})[::7]:
            found = solver.recommend(style.id, Request(budget_cents=budget), k=100)
            got = {e.assembly.get("chain")[0]: e.price.total_cents for e in found.items}
            assert got == {chain: total for chain, total in cheapest.items() if total <= budget}, (style.id, budget)
            # Not vacuous: a class whose hubs' floors let it in and whose cheapest piece does not.
            for at, chain in enumerate(walk.chains):
                total = cheapest.get(chain.members[0].sku)
                floor = walk.floor[walk.chain_at == at]
                telling += total is not None and len(floor) > 0 and floor.min() <= budget < total
    assert telling
