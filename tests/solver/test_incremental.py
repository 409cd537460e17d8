"""A new catalog version reuses the previous version's compiled work (solver.reuse) for what the
edit cannot have changed. After any edit, a solver built on the previous one must answer exactly
as a fresh solver: options (every candidate's status and cheapest total) and count. Reuse that is
too eager (a changed part, rule or finish read from the old work) shows up as a difference."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given, reject
from hypothesis import strategies as st
from pydantic import ValidationError

from catalog.compat import CompatibilityRule
from catalog.demo import load_demo_catalog
from catalog.exceptions import ValidationFailed
from catalog.generator import generate_catalog
from catalog.model import Catalog
from catalog.store_changes import validated
from catalog.styles import Style
from catalog.types import SlotKind, Status
from solver import reuse
from solver.request import Request
from solver.service import Solver
from tests.solver.bounded import WORK_LIMIT, bounded_solver
from tests.solver.test_options import EXAMPLES
from tests.solver.worlds import charm_rules, worlds
from tests.solver.worlds import rules as worlds_rules

# Measured attributes an edit may change, by how far.
_MEASURES = ("weight_g", "wire_mm", "inner_diameter_mm", "max_load_g", "loop_inner_mm", "gate_opening_mm",
             "length_mm", "end_link_inner_mm", "link_inner_mm", "charm_capacity")


@st.composite
def _edit(draw: st.DrawFn, catalog: Catalog) -> tuple[str, Catalog]:
    """One merchandiser edit, as the store makes it: the other parts stay the same objects, or
    (as when a version is loaded from the database) every object is new but equal."""
    parts = list(catalog.parts)
    rules = list(catalog.rules)
    what = draw(st.sampled_from(["same", "price", "measure", "heavier charm", "retire", "add", "drop rule",
                                 "reorder rules", "charm price", "retire charm", "add rule", "option rule"]))
    at = draw(st.integers(0, len(parts) - 1))
    charms = [i for i, p in enumerate(parts) if p.kind == "charm"]
    if what in ("charm price", "retire charm") and charms:  # the edits solver.reuse_answers patches
        at = draw(st.sampled_from(charms))
        what = what.split()[1] if what == "charm price" else "retire"
    part = parts[at]
    if what == "price":
        cents = max(0, part.price.amount_cents + draw(st.integers(-300, 300)))
        parts[at] = part.model_copy(update={"price": part.price.model_copy(update={"amount_cents": cents})})
    elif what == "measure":
        names = [n for n in _MEASURES if getattr(part, n, None) is not None]
        if names:
            name = draw(st.sampled_from(names))
            value: Any = getattr(part, name)
            factor = draw(st.sampled_from(["0.5", "0.8", "1.25", "2"]))
            scaled = Decimal(str(value)) * Decimal(factor)
            changed = scaled if isinstance(value, Decimal) else type(value)(scaled)
            parts[at] = part.model_copy(update={name: changed})
    elif what == "heavier charm":  # the heaviest load changes: end options must not be carried
        charms = [i for i, p in enumerate(parts) if getattr(p, "weight_g", None) is not None and p.kind == "charm"]
        if charms:
            at = draw(st.sampled_from(charms))
            factor = Decimal(draw(st.sampled_from(["2", "3", "6"])))
            parts[at] = parts[at].model_copy(update={"weight_g": parts[at].weight_g * factor})  # type: ignore[union-attr]
    elif what == "retire":
        parts[at] = part.model_copy(update={"status": Status.RETIRED})
    elif what == "add":
        update: dict[str, Any] = {"sku": part.sku + "-NEW"}
        if draw(st.booleans()):
            update["price"] = part.price.model_copy(update={"amount_cents": part.price.amount_cents // 2})
        parts.append(part.model_copy(update=update))
    elif what == "add rule":  # any shape worlds draw, on parts or on the charms' multiset
        style = catalog.styles[0].model_dump(mode="json")
        drawn = draw(st.one_of(worlds_rules(style, len(rules) + 100), charm_rules(style, len(rules) + 100)))
        try:
            rules.append(CompatibilityRule.model_validate(drawn))
        except ValidationError:
            reject()
    elif what == "option rule":  # a table between one option slot and the chain (reuse_answers)
        rule = draw(_option_rule(catalog, len(rules)))
        if rule is not None:
            rules.append(rule)
    elif what == "drop rule" and rules:
        rules.pop(draw(st.integers(0, len(rules) - 1)))
    elif what == "reorder rules":
        rules.reverse()
    try:
        edited = validated(catalog, parts=tuple(parts), rules=tuple(rules))
        if draw(st.booleans()):
            edited = Catalog.model_validate(edited.model_dump())  # every object new, as loaded from a store
    except (ValidationError, ValidationFailed):
        reject()  # the store would refuse this edit (a measure scaled out of its valid range)
    return what, edited.model_copy(update={"version": catalog.version + 1})


@st.composite
def _option_rule(draw: st.DrawFn, catalog: Catalog, index: int) -> CompatibilityRule | None:
    """Allowed or forbidden pairs of an option slot's codes and the chains' style or metal."""
    slots = [s for s in catalog.styles[0].slots if s.kind is SlotKind.OPTION and s.values]
    chains = catalog.parts_of(SlotKind.CHAIN)
    if not slots or not chains:
        return None
    slot = draw(st.sampled_from(slots))
    attribute = draw(st.sampled_from(["chain_style", "base_metal"]))
    seen = sorted({str(getattr(getattr(c, attribute), "value", getattr(c, attribute))) for c in chains})
    pairs = st.tuples(st.sampled_from([v.code for v in slot.values]), st.sampled_from(seen))
    rows = draw(st.lists(pairs, min_size=1, max_size=4, unique=True))
    return CompatibilityRule.model_validate({
        "id": f"edit-option-{index}", "description": "an edit: an option with the chain",
        "columns": [{"kind": "option", "attribute": "code", "option_slot": slot.name},
                    {"kind": "chain", "attribute": attribute}],
        "mode": draw(st.sampled_from(["forbidden", "allowed"])), "rows": rows})


def _options(solver: Solver, style: Style, request: Request) -> tuple[Any, ...]:
    """Every candidate's status, cheapest total and reasons, and the example piece."""
    result = solver.options(style.id, request)
    return (result.status, [(s.slot, c.value, c.status.value, c.min_total_cents, c.reasons)
                            for s in result.slots for c in s.candidates],
            result.example.assembly if result.example else None)


@EXAMPLES
@given(st.data(), worlds())
def test_a_version_built_on_the_previous_one_answers_as_a_fresh_one(
        data: st.DataObject, world: tuple[Catalog, Style, Request]) -> None:
    catalog, style, request = world
    before = bounded_solver(catalog)
    asked = [Request(), request, request.model_copy(update={"picks": ()})]
    for variant in asked:  # the previous version has solved these: its work is there to reuse
        before.options(style.id, variant)
        before.count(style.id, variant)
    what, edited = data.draw(_edit(catalog), label="edit")
    reused = Solver(edited, time_limit_s=None, work_limit=WORK_LIMIT, previous=before)
    fresh = bounded_solver(edited)
    for variant in asked:
        assert _options(reused, style, variant) == _options(fresh, style, variant), (what, variant)
        assert reused.count(style.id, variant).count == fresh.count(style.id, variant).count, (what, variant)


def test_work_the_previous_version_adds_meanwhile_does_not_break_a_successor(monkeypatch: pytest.MonkeyPatch) -> None:
    """The previous version keeps working while a request on the new one carries its memo over:
    its warm-up and the requests still on it run in other threads and add entries. One added
    midway through the carrying (here between two entries, as a thread switch can) must change
    nothing; walking the live memo raised "dictionary changed size during iteration" (an edit's
    impact failed on a busy server, and the new version's warm-up thread died)."""
    catalog = load_demo_catalog()
    style = catalog.style("clip-bracelet")
    before = bounded_solver(catalog)
    before.options(style.id, Request())  # the previous version's memo, to carry
    moon = catalog.by_sku()["CM-MOON-SS"]
    edited = validated(catalog, parts=tuple(p.model_copy(update={"stock": 12}) if p is moon else p
                                            for p in catalog.parts))
    edited = edited.model_copy(update={"version": catalog.version + 1})
    walking: list[dict[tuple[Any, ...], Any]] = []
    added: list[tuple[Any, ...]] = []
    real_carried, real_reads = reuse.carried, reuse._reads

    def carried(geometry: dict[tuple[Any, ...], Any], *args: Any, **kwargs: Any) -> dict[tuple[Any, ...], Any]:
        walking.append(geometry)
        return real_carried(geometry, *args, **kwargs)

    def reads(*args: Any) -> Callable[[tuple[Any, ...]], set[str]]:
        inner = real_reads(*args)

        def reading(key: tuple[Any, ...]) -> set[str]:
            if not added:  # another thread's entry lands in the memo being walked
                added.append(("added-meanwhile",))
                walking[-1][added[0]] = None
            return inner(key)
        return reading

    monkeypatch.setattr(reuse, "carried", carried)
    monkeypatch.setattr(reuse, "_reads", reads)
    reused = Solver(edited, time_limit_s=None, work_limit=WORK_LIMIT, previous=before)
    answered = _options(reused, style, Request())
    assert added, "the memo was not carried: this test no longer meets the race"
    assert answered == _options(bounded_solver(edited), style, Request())


def _solved(solver: Solver, style: Style) -> Any:
    return solver.spaces.get(solver.catalog, style, Request()).memo.get(("solution", True))


def test_a_repriced_or_retired_charm_patches_the_previous_answer_exactly() -> None:
    """On a generated catalog, single-member charm classes repriced (up and down) and retired:
    the new version takes the previous answer, patched, instead of walking its hubs (a walk is
    ~1 s at 10^4), and answers as a fresh solver does, example and reasons included."""
    catalog = generate_catalog(1000, seed=20251123)
    style = catalog.style("charm-necklace")
    before = bounded_solver(catalog)
    answered = _options(before, style, Request())
    space = before.spaces.get(catalog, style, Request())
    singles = [c.members[0].part for c in space.classes["charms"] if c.size == 1][:8]
    patched = 0
    for charm in singles:
        for change in (+25, -25, None):
            if change is None:
                edited_part = charm.model_copy(update={"status": Status.RETIRED})
            else:
                cents = max(0, charm.price.amount_cents + change)
                edited_part = charm.model_copy(update={"price": charm.price.model_copy(update={"amount_cents": cents})})
            edited = validated(catalog, parts=tuple(edited_part if p is charm else p for p in catalog.parts))
            edited = edited.model_copy(update={"version": catalog.version + 1})
            reused = Solver(edited, time_limit_s=None, work_limit=WORK_LIMIT, previous=before)
            assert _options(reused, style, Request()) == _options(bounded_solver(edited), style, Request()), (
                charm.sku, change)
            patched += _solved(reused, style).piece is not None
    # The previous version still answers as it did (its answer's arrays are shared, never written).
    assert _options(before, style, Request()) == answered
    # About half have a stand-in (solver.reuse_answers) at 10^3; the rest walk.
    assert patched >= 6, "the patch no longer applies: an edit walks every hub again"


def test_a_part_joining_a_class_carries_the_previous_answer() -> None:
    """A new chain alike to one on sale (joins its class, above its cheapest member): the answer
    is carried whole (no walk) and equals a fresh solver's."""
    catalog = generate_catalog(1000, seed=20251123)
    style = catalog.style("charm-necklace")
    before = bounded_solver(catalog)
    before.options(style.id, Request())
    chain = next(p for p in catalog.parts if p.kind == "chain" and p.status is Status.ACTIVE)
    edited = validated(catalog, parts=(*catalog.parts, chain.model_copy(update={"sku": chain.sku + "-B"})))
    edited = edited.model_copy(update={"version": catalog.version + 1})
    reused = Solver(edited, time_limit_s=None, work_limit=WORK_LIMIT, previous=before)
    assert _options(reused, style, Request()) == _options(bounded_solver(edited), style, Request())
    assert _solved(reused, style).piece is not None


@pytest.mark.parametrize("mode,rows", [
    ("forbidden", [("velvet", "rope")]),  # the benchmark's edit: the cheapest box stays everywhere
    ("forbidden", [("none", "cable"), ("velvet", "rope")]),  # cable chains lose the cheapest box
    ("allowed", [("velvet", "rope"), ("box", "rope")]),
])
def test_a_table_between_an_option_and_the_chain_patches_the_previous_answer(
        mode: str, rows: list[tuple[str, str]]) -> None:
    catalog = generate_catalog(1000, seed=20251123)
    style = catalog.style("charm-necklace")
    codes = {v.code for v in style.slot("gift_box").values}
    rows = [r for r in rows if r[0] in codes]
    before = bounded_solver(catalog)
    before.options(style.id, Request())
    rule = CompatibilityRule.model_validate({
        "id": "edit-box-chain", "description": "an edit", "mode": mode, "rows": rows, "styles": [style.id],
        "columns": [{"kind": "option", "attribute": "code", "option_slot": "gift_box"},
                    {"kind": "chain", "attribute": "chain_style"}]})
    edited = validated(catalog, rules=(*catalog.rules, rule)).model_copy(update={"version": catalog.version + 1})
    reused = Solver(edited, time_limit_s=None, work_limit=WORK_LIMIT, previous=before)
    assert _options(reused, style, Request()) == _options(bounded_solver(edited), style, Request())
    if rows == [("velvet", "rope")]:
        assert _solved(reused, style).piece is not None, "the benchmark's rule edit walks every hub again"


def test_ring_and_charm_counts_carry_to_a_version_that_left_the_style_alone() -> None:
    """A rule for another style leaves the charm necklace's base whole: the new version reads the
    ring and charm counts the previous warm-up built (impact stays a lookup) and answers as fresh."""
    from solver.deadline import unbounded
    from solver.ring_charm_counts import KEY

    catalog = generate_catalog(1000, seed=20251123)
    style = catalog.style("charm-necklace")
    before = bounded_solver(catalog)
    before.warm([style.id])
    kept = before.spaces.get(catalog, style, Request(), unbounded()).memo.get(KEY)
    assert kept is not None
    other = next(s for s in catalog.styles if s.id != style.id)
    rule = CompatibilityRule.model_validate({
        "id": "edit-other-style", "description": "an edit", "mode": "forbidden", "rows": [["rope", "gold"]],
        "styles": [other.id], "columns": [{"kind": "chain", "attribute": "chain_style"},
                                          {"kind": "plating", "attribute": "material"}]})
    edited = validated(catalog, rules=(*catalog.rules, rule)).model_copy(update={"version": catalog.version + 1})
    reused = Solver(edited, time_limit_s=None, work_limit=WORK_LIMIT, previous=before)
    assert reused.spaces.get(edited, edited.style(style.id), Request(), unbounded()).memo.get(KEY) is kept
    fresh = bounded_solver(edited)
    fresh.warm([style.id])
    for sku in [p.sku for p in catalog.parts if p.kind in ("jump_ring", "charm")][:12]:
        assert reused.impact(sku).counts == fresh.impact(sku).counts, sku
