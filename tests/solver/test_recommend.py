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
    request = request.model_copy(update={"preferences": Preferences(colour=colour)})
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
