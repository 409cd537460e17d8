"""What picks and exclusions keep of a slot (solver.restrict) equals judging every member, and the
reasons for a dropped member are those `pick_reasons` gives it."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from catalog.demo import load_demo_catalog
from catalog.styles import Slot
from catalog.types import SlotKind
from solver.classes import PartClass
from solver.request import Request, SlotPick
from solver.restrict import members, pick_reasons, restrict
from solver.space import base_request, compile_base
from tests.solver.test_options import EXAMPLES

CATALOG = load_demo_catalog()
STYLE = CATALOG.style("charm-necklace")
BASE = compile_base(CATALOG, STYLE, base_request(Request()))


@st.composite
def _requests(draw: st.DrawFn) -> tuple[Slot, Request]:
    slot = draw(st.sampled_from([s for s in STYLE.slots if s.kind is not SlotKind.OPTION]))
    skus = sorted(m.sku for c in BASE.classes[slot.name] for m in c.members)
    other = sorted(m.sku for s in STYLE.slots if s.kind is not SlotKind.OPTION
                   for c in BASE.classes[s.name] for m in c.members)
    exclude = tuple(draw(st.lists(st.sampled_from(other + skus), max_size=4, unique=True)))
    kind = draw(st.sampled_from(["none", "skus", "exact", "exact-empty"]))
    picks: tuple[SlotPick, ...] = ()
    if kind != "none" and skus:
        chosen = tuple(draw(st.lists(st.sampled_from(skus), min_size=1, max_size=2, unique=True)))
        if kind == "exact-empty":
            picks = (SlotPick(slot=slot.name, exact=True),)
        elif not slot.multi:
            picks = (SlotPick(slot=slot.name, skus=chosen[:1], exact=kind == "exact"),)
        else:
            picks = (SlotPick(slot=slot.name, skus=chosen, exact=kind == "exact"),)
    return slot, Request(picks=picks, exclude=exclude)


def _by_judging(classes: list[PartClass], slot: Slot, request: Request) -> list[tuple[int, tuple[str, ...]]]:
    pick = request.pick(slot.name)
    out = []
    for cls in classes:
        kept = tuple(m.sku for m in cls.members if not pick_reasons(m.part, slot, pick, request))
        if kept:
            out.append((cls.index, kept))
    return out


@EXAMPLES
@given(_requests())
def test_kept_classes_and_reasons_equal_judging_every_member(drawn: tuple[Slot, Request]) -> None:
    slot, request = drawn
    classes = BASE.classes[slot.name]
    index = members(BASE.geometry, slot.name, classes)
    restricted, verdicts = restrict(classes, BASE.rejected[slot.name], slot, request.pick(slot.name), request, index)
    assert [(c.index, tuple(m.sku for m in c.members)) for c in restricted] == _by_judging(classes, slot, request)
    for sku, (_, member) in index.items():
        why = pick_reasons(member.part, slot, request.pick(slot.name), request)
        assert verdicts.get(sku, ()) == why
    for sku, why in BASE.rejected[slot.name].items():
        assert verdicts[sku] == why
    assert len(verdicts) == len(list(verdicts))
