"""add_ons() against brute force: every add-on yields a valid extended piece, and none is missed."""

from __future__ import annotations

import random
from datetime import date

import pytest
from hypothesis import assume, event, given
from hypothesis import strategies as st

from catalog import rules
from catalog.compat import AttributeRef, CompatibilityRule
from catalog.model import Catalog, parse_part
from catalog.rules import RuleCode
from catalog.styles import Style
from catalog.types import SlotKind
from solver.addons import identify
from solver.assembly import Assembly
from solver.check import evaluate
from solver.request import Request
from solver.results import AddOn, AddOns, ExitStatus, Reason
from tests.solver import worlds as world_parts
from tests.solver.bounded import bounded_solver
from tests.solver.oracle import valid_assemblies
from tests.solver.test_options import EXAMPLES
from tests.solver.worlds import worlds


@EXAMPLES
@given(worlds(), st.booleans())
def test_add_ons_extend_validly_and_completely(world: tuple[Catalog, Style, Request], replate: bool) -> None:
    """Brute force over the owned piece plus one add-on, judged by check itself: an add-on is
    offered exactly when the extended piece is valid (bare on a plated piece, or re-plated with
    it), at the cheapest such piece's price, which charges the new parts and joints only."""
    catalog, style, _ = world
    valid = valid_assemblies(catalog, style, Request())
    if not valid:
        return
    # An owned piece carries no option record: the solver assumes the plainest value.
    owned_assembly = next((e.assembly for e in reversed(valid) if all(
        e.assembly.get(s.name) == (min(s.values, key=lambda v: (v.price.amount_cents, v.code)).code,)
        for s in style.slots_of(SlotKind.OPTION) if s.min_count)), None)
    if owned_assembly is None:
        return
    owned = list(owned_assembly.skus())
    option_codes = {v.code for s in style.slots_of(SlotKind.OPTION) for v in s.values}
    owned = [s for s in owned if s not in option_codes]
    result = bounded_solver(catalog).add_ons(owned, Request(), first=100, replate=replate)
    got = {(a.slot, a.skus[0]): a.price_cents for a in result.items}
    for item in result.items:
        assert item.evaluation.valid, item.evaluation.violations
        assert item.price_cents == item.evaluation.price.total_cents
    assert got == _brute_add_ons(catalog, style, owned_assembly, owned, replate)[0]


def _brute_add_ons(catalog: Catalog, style: Style, owned_assembly: Assembly, owned: list[str],
                   replate: bool) -> tuple[dict[tuple[str, str], int], int]:
    """Every add-on's cheapest valid extended piece, by judging every module on every ring; and
    how many modules had valid rings at two prices or more (so that the cheapest one matters)."""
    prices: dict[tuple[str, str], set[int]] = {}
    # Brute force: every charm on every ring in every charm slot with room, every extender.
    # An owned piece keeps no record of its options: a required slot takes its plainest value,
    # an optional one is left out (they were paid for with the piece, not with the add-on).
    chosen = owned_assembly.as_dict()
    for slot in style.slots_of(SlotKind.OPTION):
        plainest = min(slot.values, key=lambda v: (v.price.amount_cents, v.code)).code
        chosen[slot.name] = (plainest,) if slot.min_count else ()
    ring_of = {(j.b if j.a == style.carrier.name else j.a): j.ring for j in style.joins}
    rings = [p.sku for p in catalog.parts_of(SlotKind.JUMP_RING)]

    def judge(slot: str, sku: str, extended: dict[str, tuple[str, ...]]) -> None:
        assembly = Assembly(style.id, tuple((s, extended.get(s, ())) for s, _ in owned_assembly.choice))
        verdict = evaluate(catalog, style, Request(), assembly, owned=frozenset(owned), replate=replate)
        if verdict.valid:
            prices.setdefault((slot, sku), set()).add(verdict.price.total_cents)

    for slot in style.slots_of(SlotKind.CHARM):
        if len(chosen.get(slot.name, ())) >= slot.max_count:
            continue
        ring_slot = ring_of[slot.name]
        options = [None] if ring_slot is None else (list(chosen.get(ring_slot, ())) or rings)
        for charm in catalog.parts_of(SlotKind.CHARM):
            if charm.sku in chosen.get(slot.name, ()):
                continue
            for ring in options:
                extended = dict(chosen)
                extended[slot.name] = tuple(sorted({*chosen.get(slot.name, ()), charm.sku}))
                if ring_slot is not None and ring is not None:
                    extended[ring_slot] = (ring,)
                judge(slot.name, charm.sku, extended)
    for slot in style.slots_of(SlotKind.EXTENDER):
        if chosen.get(slot.name):
            continue
        for extender in catalog.parts_of(SlotKind.EXTENDER):
            for ring in rings:
                extended = dict(chosen)
                extended[slot.name] = (extender.sku,)
                extended[ring_of[slot.name]] = (ring,)
                judge(slot.name, extender.sku, extended)
    return {k: min(v) for k, v in prices.items()}, sum(1 for v in prices.values() if len(v) > 1)


@pytest.mark.parametrize("owned", [["CH-CABLE-SS-18IN-1.2", "CL-LOB-SS-10", "JR-SS-20G-4.0", "PL-RH-0.75"],
                                   ["CH-CABLE-SS-18IN-1.2", "CL-LOB-SS-10", "JR-SS-20G-4.0"]])
@pytest.mark.parametrize("replate", [False, True])
def test_an_add_on_comes_with_its_cheapest_ring(owned: list[str], replate: bool) -> None:
    """On the demo catalog, a sterling piece with an empty charm slot, plated or not: most charms
    fit several rings at different prices, and each add-on is priced with the cheapest ring the
    extended piece accepts, as judging every ring finds."""
    from catalog.demo import load_demo_catalog

    catalog = load_demo_catalog()
    placed = identify(catalog, owned)
    assert placed is not None
    style, assembly = placed
    expected, spread = _brute_add_ons(catalog, style, assembly, owned, replate)
    assert spread > 10  # the test bites: the ring matters for most modules
    result = bounded_solver(catalog).add_ons(owned, Request(), first=1000, replate=replate)
    assert {(a.slot, a.skus[0]): a.price_cents for a in result.items} == expected


# --- a rhodium-plated piece, as its owner brings it back (demo catalog, real prices) ------------------

PLATED_PIECE = ["CH-CABLE-SS-18IN-1.2", "CL-LOB-SS-10", "JR-SS-20G-4.0", "CM-HEART-SS", "JR-SS-22G-3.0",
                "PL-RH-0.75"]


def _demo_add_ons(replate: bool) -> dict[str, object]:
    from catalog.demo import load_demo_catalog

    result = bounded_solver(load_demo_catalog()).add_ons(PLATED_PIECE, Request(), first=100, replate=replate)
    return {a.skus[0]: a for a in result.items}


def test_a_bare_add_on_matches_the_plating_and_touches_no_other_metal() -> None:
    bare = _demo_add_ons(replate=False)
    # Enamel never goes through the bath: attached as it is, it is welcome.
    assert "CM-EVILEYE-SS" in bare
    # Brass shows yellow on a rhodium piece; nickel silver corrodes against the sterling ring.
    assert "CM-STAR-BR" not in bare and "CM-HEART-NS" not in bare
    star = bare["CM-STAR-SS"]
    steps = [s.action for s in star.evaluation.steps]  # type: ignore[attr-defined]
    assert "plate" not in steps
    # The star and one new ring and one new joint (€1.50): not the owned piece's joints again.
    assert star.evaluation.price.plating_cents == 0  # type: ignore[attr-defined]
    assert star.evaluation.price.labour_cents == 150  # type: ignore[attr-defined]
    from catalog.demo import load_demo_catalog

    prices = {p.sku: p.price.amount_cents for p in load_demo_catalog().parts}
    assert star.price_cents == prices["CM-STAR-SS"] + prices["JR-SS-22G-3.0"] + 150  # type: ignore[attr-defined]


def test_a_replated_add_on_pays_the_bath_and_must_survive_it() -> None:
    replated = _demo_add_ons(replate=True)
    assert "CM-EVILEYE-SS" not in replated  # enamel spoils in the bath
    brass = replated["CM-STAR-BR"]
    assert brass.evaluation.price.plating_cents == 1200  # type: ignore[attr-defined]
    assert "plate" in [s.action for s in brass.evaluation.steps]  # type: ignore[attr-defined]
    assert brass.evaluation.price.labour_cents == 150  # type: ignore[attr-defined]


# --- the screened add_ons against judging every module on every ring ---------------------------------

DATES = (None, date(2025, 1, 1), date(2026, 6, 1), date(2027, 1, 1))


@st.composite
def _owned_cases(draw: st.DrawFn) -> tuple[Catalog, list[str], Request, int, bool]:
    """A world whose catalog has more rings, charms and extenders to offer (at its own noise
    level), its rules dated now and then, a valid piece of it as owned (its required options at
    their plainest, as an owner's piece is placed), and a request with every field add_ons reads."""
    catalog, style, _ = draw(worlds())
    # A second charm slot: on the necklace, a charm the owner has in one slot may be offered for the
    # other; the name necklace's one slot is always full, the second takes charms beside the nameplate.
    if (style.id == "style-necklace" and draw(st.integers(0, 2)) == 0) or (
            style.id == "style-name" and draw(st.integers(0, 3))):
        style = _second_charm_slot(style)
    # Now and then a table between the module and its ring (mostly by the ring's look, which differs
    # between rings that fit alike): the cheapest ring that fits may be refused, a dearer one not.
    paired = [_ring_rule(draw, kind) for kind in ("charm", "extender") if draw(st.integers(0, 2)) == 0]
    catalog = Catalog(version=1, parts=catalog.parts, styles=(style,),
                      rules=tuple(_dated(draw, r) for r in (*catalog.rules, *paired)))
    piece = _random_piece(catalog, style, random.Random(draw(st.integers(0, 2**32))))
    assume(piece is not None)
    assert piece is not None
    # More to offer, drawn to suit the piece (its chain's metal, its finish: the plating's when it
    # has one) but for misfits at a noise level; rings misfit often, so that a module's cheapest
    # ring is refused now and then.
    noise, ring_noise = draw(st.sampled_from([0, 0, 10, 30])), draw(st.sampled_from([0, 10, 30, 50]))
    nameplates = any(s.name == "nameplate" for s in style.slots)
    connector = "clip" if style.id == "style-bracelet" else "dangle"
    more = [world_parts.ring(draw, ring_noise, 10 + i) for i in range(draw(st.integers(1, 4)))]
    more += [world_parts.charm(draw, noise, 10 + i, connector, nameplates) for i in range(draw(st.integers(1, 3)))]
    more += [world_parts.extender(draw, noise, 10 + i) for i in range(draw(st.integers(0, 2)))]
    by_sku, chosen = catalog.by_sku(), piece.as_dict()
    chain = by_sku[chosen["chain"][0]]
    plating = next((by_sku[s] for s in chosen.get("plating", ())), None)
    finish = plating.colour if plating is not None else chain.colour
    for part in more:
        if draw(st.integers(0, 3)):
            part["base_metal"] = chain.base_metal.value
        if draw(st.integers(0, 3)):
            part["colour"] = finish.value
    catalog = catalog.model_copy(update={"parts": catalog.parts + tuple(parse_part(p) for p in more)})
    codes = {v.code for s in style.slots_of(SlotKind.OPTION) for v in s.values}
    skus = [p.sku for p in catalog.parts]
    # Mostly one requirement at a time, so that most pieces have add-ons for it to narrow.
    strict = draw(st.sampled_from(["none", "none", "budget", "budget", "quantity", "deadline", "nickel", "text",
                                   "exclude", "all"]))
    request = Request(
        budget_cents=draw(st.sampled_from([300, 900, 1500, 3000])) if strict in ("budget", "all") else None,
        quantity=draw(st.sampled_from([2, 3, 6])) if strict in ("quantity", "all") else 1,
        deadline_days=draw(st.sampled_from([0, 4, 12])) if strict in ("deadline", "all") else None,
        nickel_free=strict in ("nickel", "all"),
        text=draw(st.sampled_from(["ANA", "ISABEL"])) if strict in ("text", "all") or nameplates else None,
        exclude=tuple(draw(st.lists(st.sampled_from(skus), min_size=1, max_size=2, unique=True)))
        if strict in ("exclude", "all") else (),
        on_date=draw(st.sampled_from(DATES)),
    )
    return catalog, [s for s in piece.skus() if s not in codes], request, draw(st.sampled_from([0, 1, 2, 3, 100])), \
        draw(st.booleans())


def _ring_rule(draw: st.DrawFn, kind: str) -> CompatibilityRule:
    attribute = draw(st.sampled_from(["surface", *sorted(world_parts.RULE_ATTRIBUTES[kind])]))
    left = world_parts.CHARM_RULE_ATTRIBUTES[attribute] if kind == "charm" and attribute == "surface" else (
        world_parts.RULE_ATTRIBUTES[kind].get(attribute, ["polished", "matte"]))
    ring_attribute = draw(st.sampled_from(["surface", "surface", "wire_gauge"]))
    right = world_parts.RULE_ATTRIBUTES["jump_ring"][ring_attribute]
    every = [(a, b) for a in left for b in right]
    rows = draw(st.lists(st.sampled_from(every), min_size=1, max_size=len(every), unique=True))
    return CompatibilityRule(id=f"ring-rule-{kind}", columns=(
        AttributeRef(kind=SlotKind(kind), attribute=attribute), AttributeRef(kind=SlotKind.JUMP_RING,
                                                                             attribute=ring_attribute)),
        mode=draw(st.sampled_from(["allowed", "forbidden"])), rows=tuple(rows))


def _second_charm_slot(style: Style) -> Style:
    data = style.model_dump()
    data["slots"] = [*data["slots"], {"name": "charms_b", "kind": "charm", "min_count": 0, "max_count": 1},
                     {"name": "charm_ring_b", "kind": "jump_ring", "min_count": 0}]
    data["joins"] = [*data["joins"], {"a": "chain", "b": "charms_b", "ring": "charm_ring_b"}]
    return Style.model_validate(data)


def _dated(draw: st.DrawFn, rule: CompatibilityRule) -> CompatibilityRule:
    """The rule, in force from and/or until one of DATES now and then (today is inside the range)."""
    start, end = draw(st.sampled_from(DATES)), draw(st.sampled_from(DATES))
    if start is not None and end is not None and start > end:
        start, end = end, start
    if draw(st.booleans()):
        return rule
    return rule.model_copy(update={"effective_from": start, "effective_until": end})


def _random_piece(catalog: Catalog, style: Style, rng: random.Random) -> Assembly | None:
    """A valid piece drawn slot by slot (a random count, random parts, a ring per joint), today."""
    ring_of = {(j.b if j.a == style.carrier.name else j.a): j.ring for j in style.joins if j.ring}
    rings = [p.sku for p in catalog.parts_of(SlotKind.JUMP_RING)]
    for _ in range(100):
        values: dict[str, tuple[str, ...]] = {}
        for slot in style.slots:
            if slot.name in ring_of.values():
                continue
            if slot.kind is SlotKind.OPTION:
                plainest = min(slot.values, key=lambda v: (v.price.amount_cents, v.code)).code
                values[slot.name] = (plainest,) if slot.min_count else ()
                continue
            parts = [p.sku for p in catalog.parts_of(slot.kind)]
            low, high = min(slot.min_count, len(parts)), min(slot.max_count, len(parts))
            count = min(high, low + (rng.random() < 0.4) + (rng.random() < 0.2))  # mostly room for one more
            values[slot.name] = tuple(rng.sample(parts, count))
        for joined, ring_slot in ring_of.items():
            if values.get(joined) and rings:
                values[ring_slot] = (rng.choice(rings),)
        assembly = Assembly.build(style.id, [s.name for s in style.slots], values)
        if evaluate(catalog, style, Request(), assembly).valid:
            return assembly
    return None


def _every_ring_add_ons(catalog: Catalog, owned: list[str], request: Request, first: int,
                        replate: bool) -> AddOns:
    """add_ons by its definition, with no screen: the piece placed as `identify` places it, then
    every module that might attach judged by `evaluate` on every ring, cheapest ring first (unit
    price, then SKU); a module's offer is its first accepted ring; offers within the budget,
    ranked by (price, SKUs), the first `first` shown (none for 0, with the reasons of the whole ranking)."""
    placed = identify(catalog, owned)
    if placed is None:
        return AddOns(None, (), (Reason(RuleCode.SELECTION, "these SKUs form no valid piece of any style"),))
    style, assembly = placed
    judged = request.model_copy(update={"budget_cents": None, "picks": (), "on_date": request.on_date or date.today()})
    chosen = assembly.as_dict()
    ring_of = {(j.b if j.a == style.carrier.name else j.a): j.ring for j in style.joins}
    rings: list[str | None] = [r.sku for r in sorted(
        catalog.parts_of(SlotKind.JUMP_RING), key=lambda r: (rules.quote(r, request.quantity).unit_price_cents, r.sku))]
    tries: list[tuple[str, str, str | None, list[str | None]]] = []
    for slot in style.slots_of(SlotKind.CHARM):
        have = chosen.get(slot.name, ())
        if len(have) >= slot.max_count:
            continue
        ring_slot = ring_of.get(slot.name)
        on = [None] if ring_slot is None else (list(chosen.get(ring_slot, ())) or rings)
        tries += [(slot.name, c.sku, ring_slot, on) for c in catalog.parts_of(SlotKind.CHARM) if c.sku not in have]
    for slot in style.slots_of(SlotKind.EXTENDER):
        if not chosen.get(slot.name):
            ring_slot = ring_of.get(slot.name)
            on = [None] if ring_slot is None else rings
            tries += [(slot.name, e.sku, ring_slot, on) for e in catalog.parts_of(SlotKind.EXTENDER)]
    found: list[AddOn] = []
    for slot_name, module, ring_slot, on in tries:
        for tried, ring in enumerate(on):
            skus = [(slot_name, module)] + ([(ring_slot, ring)] if ring is not None and ring_slot is not None else [])
            extended = dict(chosen)
            for name, value in skus:
                extended[name] = tuple(sorted({*extended.get(name, ()), value}))
            candidate = Assembly(style.id, tuple((s, extended.get(s, ())) for s, _ in assembly.choice))
            verdict = evaluate(catalog, style, judged, candidate, owned=frozenset(owned), replate=replate)
            if verdict.valid:
                price = verdict.price.total_cents
                if request.budget_cents is None or price <= request.budget_cents:
                    found.append(AddOn(slot_name, tuple(v for _, v in skus), price, verdict))
                if tried:
                    event("a module's cheaper rings were refused, a dearer one taken")
                if module in owned:
                    event("the owner's charm offered for another slot")
                break
    ranked = sorted(found, key=lambda a: (a.price_cents, a.skus))
    event(f"offers within the budget: {min(len(ranked), 4)}{'+' if len(ranked) >= 4 else ''}"
          f"{', more than first' if len(ranked) > first else ''}")
    reasons = () if ranked else (Reason(RuleCode.CHARM_CAPACITY, "no module fits this piece as it is"),)
    return AddOns(style.id, tuple(ranked[:first]), reasons)


@EXAMPLES
@given(_owned_cases())
def test_screened_add_ons_equal_judging_every_module_on_every_ring(
        case: tuple[Catalog, list[str], Request, int, bool]) -> None:
    """The screens drop only what `evaluate` refuses on every ring, the cheapest-first search stops
    only when nothing untried can rank among the first `first`: the answer is the definition's,
    item for item (the module, its ring, the price, the whole evaluation), with its reasons."""
    catalog, owned, request, first, replate = case
    fast = bounded_solver(catalog).add_ons(owned, request, first=first, replate=replate)
    slow = _every_ring_add_ons(catalog, owned, request, first, replate)
    assert fast.status is ExitStatus.COMPLETE
    assert (fast.style_id, fast.items, fast.reasons) == (slow.style_id, slow.items, slow.reasons)
