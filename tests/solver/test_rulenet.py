"""The compiled rule network over option slots: against brute force over option values, and on
the demo catalog with rules between option slots (the defect where such rules were ignored)."""

from __future__ import annotations

import itertools
import json
from datetime import date
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from catalog.compat import CompatibilityRule
from catalog.demo import load_demo_catalog
from catalog.model import Catalog
from catalog.styles import Style
from solver.request import Request, SlotPick
from solver.results import CandidateStatus, ExitStatus
from solver.rulenet import RuleNetwork, compile_network, factor_table, never_fires
from solver.rulenet_eval import INF, evaluate, evaluate_batch
from solver.rulenet_passes import select
from tests.solver.bounded import bounded_solver
from tests.solver.test_options import EXAMPLES


def _option(name: str, codes: list[str], prices: list[int], required: bool) -> dict[str, Any]:
    return {"name": name, "kind": "option", "min_count": 1 if required else 0,
            "values": [{"code": c, "label": c.title(), "price": {"amount_cents": p, "currency": "EUR"}}
                       for c, p in zip(codes, prices, strict=True)]}


def _with(catalog: Catalog, style_id: str, slots: list[dict[str, Any]], rules: list[dict[str, Any]]) -> Catalog:
    data = catalog.model_dump(mode="json")
    for style in data["styles"]:
        if style["id"] == style_id:
            style["slots"] = [*style["slots"], *slots]
    data["rules"] = [*data["rules"], *rules]
    return Catalog.model_validate(data)


def _rule(rule_id: str, left: str, right: str, mode: str, pairs: list[list[str]]) -> dict[str, Any]:
    return {"id": rule_id, "left": {"kind": "option", "attribute": "code", "option_slot": left},
            "right": {"kind": "option", "attribute": "code", "option_slot": right}, "mode": mode, "pairs": pairs}


@pytest.fixture(scope="module")
def demo() -> Catalog:
    return load_demo_catalog()


def test_rule_between_two_option_slots_halves_the_count(demo: Catalog) -> None:
    plain = bounded_solver(demo).count("anklet", Request())
    assert plain.status is ExitStatus.COMPLETE and plain.count > 0
    slots = [_option("side", ["front", "back"], [0, 0], True), _option("card", ["plain", "printed"], [0, 0], True)]
    free = _with(demo, "anklet", slots, [])
    ruled = _with(demo, "anklet", slots, [_rule("side-card", "side", "card", "allowed",
                                                [["front", "plain"], ["back", "printed"]])])
    assert bounded_solver(free).count("anklet", Request()).count == 4 * plain.count
    # Two of the four (side, card) pairs are allowed: half the free count, not all of it.
    assert bounded_solver(ruled).count("anklet", Request()).count == 2 * plain.count
    options = bounded_solver(ruled).options("anklet", Request(picks=(SlotPick(slot="side", option="back"),)))
    card = next(s for s in options.slots if s.slot == "card")
    status = {c.value: c.status for c in card.candidates}
    assert status == {"plain": CandidateStatus.UNAVAILABLE, "printed": CandidateStatus.AVAILABLE}


def test_seven_chained_option_tables_count_exactly(demo: Catalog) -> None:
    """Seven option slots, each allowed only with some values of the next: the count is the
    physical count times the number of allowed chains of values, found here by brute force."""
    codes = ["a", "b", "c"]
    slots = [_option(f"o{i}", codes, [0, 100, 250], required=i % 2 == 0) for i in range(7)]
    tables = [[["a", "a"], ["a", "b"], ["b", "c"], ["c", "a"]], [["a", "c"], ["b", "b"], ["c", "c"]]]
    rules = [_rule(f"o{i}-o{i + 1}", f"o{i}", f"o{i + 1}", "allowed", tables[i % 2]) for i in range(6)]
    ruled = _with(demo, "anklet", slots, rules)
    plain = bounded_solver(demo).count("anklet", Request()).count
    domains = [codes if i % 2 == 0 else [*codes, None] for i in range(7)]

    def allowed(i: int, a: str | None, b: str | None) -> bool:
        if a is None or b is None:
            return True
        pairs = tables[i % 2]
        return [a, b] in pairs or all(p[0] != a for p in pairs)

    ways = sum(all(allowed(i, v[i], v[i + 1]) for i in range(6)) for v in itertools.product(*domains))
    assert ways < 3 ** 4 * 4 ** 3  # the rules do cut
    result = bounded_solver(ruled).count("anklet", Request())
    assert result.status is ExitStatus.COMPLETE and result.count == plain * ways


def test_many_hub_options_are_cut_short_not_out_of_memory(demo: Catalog) -> None:
    """Forty option slots each tied to the clasp's type: 2^40 hubs. The answer is incomplete
    within the work bound — never a MemoryError, never a wrong count labelled complete."""
    slots = [_option(f"h{i}", ["x", "y"], [0, 10], required=True) for i in range(40)]
    rules = [{"id": f"h{i}-clasp", "left": {"kind": "option", "attribute": "code", "option_slot": f"h{i}"},
              "right": {"kind": "clasp", "attribute": "clasp_type"}, "mode": "forbidden",
              "pairs": [["y", "magnetic"]]} for i in range(40)]
    catalog = _with(demo, "anklet", slots, rules)
    solver = bounded_solver(catalog)
    solver.work_limit = 2_000
    assert solver.count("anklet", Request()).status is ExitStatus.INCOMPLETE
    assert solver.recommend("anklet", Request(), 3).status is ExitStatus.INCOMPLETE


def test_three_hundred_option_slots_tied_to_the_chain_count_exactly(demo: Catalog) -> None:
    """300 option slots, each allowed with some chain styles: the network answers exactly."""
    slots = [_option(f"n{i}", ["x", "y", "z"], [0, 5, 9], required=i % 3 != 0) for i in range(300)]
    rules = [{"id": f"n{i}-chain", "left": {"kind": "option", "attribute": "code", "option_slot": f"n{i}"},
              "right": {"kind": "chain", "attribute": "chain_style"}, "mode": "forbidden",
              "pairs": [["z", "cable"]]} for i in range(0, 300, 2)]
    rules += [_rule(f"n{i}-n{i + 1}", f"n{i}", f"n{i + 1}", "forbidden", [["x", "y"]]) for i in range(1, 299, 2)]
    catalog = _with(demo, "anklet", slots, rules)
    result = bounded_solver(catalog).count("anklet", Request())
    assert result.status is ExitStatus.COMPLETE
    assert result.count > 2 ** 64  # past int64: counted in Python ints


# --- the evaluator alone, against brute force over every assignment ------------------------------

@st.composite
def networks(draw: st.DrawFn) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    n = draw(st.integers(1, 6))
    slots = []
    for i in range(n):
        size = draw(st.integers(1, 3))
        prices = draw(st.lists(st.sampled_from([0, 100, 250, 400]), min_size=size, max_size=size))
        slots.append(_option(f"s{i}", [f"v{j}" for j in range(size)], prices, draw(st.booleans())))
    rules = []
    for r in range(draw(st.integers(0, 7))):
        a, b = draw(st.integers(0, n - 1)), draw(st.integers(0, n - 1))
        every = [[x["code"], y["code"]] for x in slots[a]["values"] for y in slots[b]["values"]]
        pairs = draw(st.lists(st.sampled_from(every), min_size=1, max_size=len(every), unique_by=repr))
        rules.append(_rule(f"r{r}", f"s{a}", f"s{b}", draw(st.sampled_from(["allowed", "forbidden"])), pairs))
    return slots, rules


def _options_only(slots: list[dict[str, Any]], rule_data: list[dict[str, Any]]) -> tuple[
        Style, tuple[CompatibilityRule, ...], RuleNetwork]:
    """A style of a chain and the drawn option slots, its rules, and their compiled network."""
    style = Style.model_validate({"id": "options-only", "name": "options only", "joins": [],
                                  "slots": [{"name": "chain", "kind": "chain"}, *slots],
                                  "min_length_mm": 1, "max_length_mm": 2000})
    rules = tuple(CompatibilityRule.model_validate(r) for r in rule_data)
    return style, rules, compile_network(style, rules)


@EXAMPLES
@given(networks(), st.data())
def test_network_passes_match_brute_force(drawn: tuple[list[dict[str, Any]], list[dict[str, Any]]],
                                          data: st.DataObject) -> None:
    slots, rule_data = drawn
    _, rules, net = _options_only(slots, rule_data)
    # A shopper's picks: some slots fixed to one value.
    picks = {s["name"]: data.draw(st.one_of(st.none(), st.sampled_from([v["code"] for v in s["values"]])))
             for s in slots}

    def domain(s: dict[str, Any], picked: bool) -> list[str | None]:
        if picked and picks[s["name"]] is not None:
            return [picks[s["name"]]]
        return ([None] if s["min_count"] == 0 else []) + [v["code"] for v in s["values"]]

    masks = [np.array(([None in domain(s, True)] if s["min_count"] == 0 else [])
                      + [v["code"] in domain(s, True) for v in s["values"]], dtype=bool) for s in slots]
    tables = [factor_table(net, f, (), None) for f in net.factors]
    fresh = evaluate(net, masks, tables)
    # The same request recombining only what its picks change in an unpicked answer's passes.
    unpicked_masks = [np.ones(len(m), dtype=bool) for m in masks]
    answer = evaluate(net, masks, tables, evaluate(net, unpicked_masks, tables).passes)
    assert (answer.cost, answer.count, answer.choice) == (fresh.cost, fresh.count, fresh.choice)
    for s in slots:
        assert np.array_equal(answer.marginals[s["name"]], fresh.marginals[s["name"]])
    price = {(s["name"], v["code"]): v["price"]["amount_cents"] for s in slots for v in s["values"]}

    def valid(unpicked: str | None) -> list[tuple[int, dict[str, str | None]]]:
        found = []
        for values in itertools.product(*(domain(s, s["name"] != unpicked) for s in slots)):
            chosen = dict(zip((s["name"] for s in slots), values, strict=True))
            ok = all(r.permits(chosen[r.left.option_slot or ""], chosen[r.right.option_slot or ""])
                     for r in rules if r.left.option_slot != r.right.option_slot
                     and chosen[r.left.option_slot or ""] is not None and chosen[r.right.option_slot or ""] is not None)
            if ok:
                found.append((sum(price[(k, v)] for k, v in chosen.items() if v is not None), chosen))
        return found

    everything = valid(None)
    assert answer.count == len(everything)
    assert answer.cost == (min(c for c, _ in everything) if everything else INF)
    if everything:
        assert sum(price[(k, v)] for k, v in answer.choice.items() if v is not None) == answer.cost
        assert any(chosen == answer.choice for _, chosen in everything)
    for s in slots:
        unpicked = valid(s["name"])
        free = answer.free_marginal(s["name"])
        for i, v in enumerate(s["values"]):
            best = min((c for c, chosen in everything if chosen[s["name"]] == v["code"]), default=INF)
            assert answer.marginals[s["name"]][i] == best, (s["name"], v["code"])
            # As if this slot were not picked: what switching it would give.
            switch = min((c for c, chosen in unpicked if chosen[s["name"]] == v["code"]), default=INF)
            assert free[i] == switch, (s["name"], v["code"], "free")



# --- a batch of hub contexts: only some tables read the chain, the rest is shared ----------------

STYLES = ["cable", "curb", "rope"]
UNFIXED = object()  # the hub holds no chain value: tables reading it do not apply


@st.composite
def context_networks(draw: st.DrawFn) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Option slots and tables between them, and one to three tables that also read the chain's
    style (the hub's context): the others hold under every context and a batch shares them."""
    slots, rules = draw(networks())
    n = len(slots)
    chain = {"kind": "chain", "attribute": "chain_style"}
    for r in range(draw(st.integers(1, 3))):
        at = sorted(set(draw(st.lists(st.integers(0, n - 1), min_size=1, max_size=2))))
        columns = [{"kind": "option", "attribute": "code", "option_slot": f"s{a}"} for a in at] + [chain]
        every = list(itertools.product(*([v["code"] for v in slots[a]["values"]] for a in at), STYLES))
        rows = draw(st.lists(st.sampled_from(every), min_size=1, max_size=len(every), unique_by=repr))
        rules.append({"id": f"c{r}", "mode": draw(st.sampled_from(["allowed", "forbidden"])), "columns": columns,
                      "rows": [list(row) for row in rows]})
    return slots, rules


@EXAMPLES
@given(context_networks(), st.data())
def test_a_batch_of_contexts_answers_each_as_brute_force_does(
        drawn: tuple[list[dict[str, Any]], list[dict[str, Any]]], data: st.DataObject) -> None:
    """Every context of a batch against brute force under that context alone: fresh, recombined
    from an unpicked batch, and from some of its rows (what hubnet does): a table or message
    wrongly shared across contexts gives one context another's answer."""
    slots, rule_data = drawn
    _, rules, net = _options_only(slots, rule_data)
    contexts = data.draw(st.lists(st.sampled_from([*STYLES, UNFIXED]), min_size=2, max_size=4, unique=True))
    picks = {s["name"]: data.draw(st.one_of(st.none(), st.sampled_from([v["code"] for v in s["values"]])))
             for s in slots}

    def domain(s: dict[str, Any], unpicked: str | None = None) -> list[str | None]:
        if picks[s["name"]] is not None and s["name"] != unpicked:
            return [picks[s["name"]]]
        return ([None] if s["min_count"] == 0 else []) + [v["code"] for v in s["values"]]

    masks = [np.array([None in domain(s)] * (s["min_count"] == 0) + [v["code"] in domain(s) for v in s["values"]],
                      dtype=bool) for s in slots]
    unpicked_masks = [np.ones(len(m), dtype=bool) for m in masks]
    tables = [[factor_table(net, f, tuple(context for _ in f.context), UNFIXED) for f in net.factors]
              for context in contexts]
    unpicked = evaluate_batch(net, unpicked_masks, tables)[0].passes
    batches = [evaluate_batch(net, masks, tables), evaluate_batch(net, masks, tables, unpicked)]
    # Some of the contexts, in another order, from the unpicked batch's rows (a chain pick's).
    rows = list(reversed(range(len(contexts))))[:-1]
    some = evaluate_batch(net, masks, [tables[r] for r in rows], [select(p, rows) for p in unpicked])
    batches.append([some[rows.index(c)] if c in rows else batches[0][c] for c in range(len(contexts))])
    price = {(s["name"], v["code"]): v["price"]["amount_cents"] for s in slots for v in s["values"]}

    def valid(context: object, unpicked: str | None = None) -> list[tuple[int, dict[str, str | None]]]:
        found = []
        for values in itertools.product(*(domain(s, unpicked) for s in slots)):
            chosen = dict(zip((s["name"] for s in slots), values, strict=True))
            read = [[chosen[c.option_slot or ""] if c.option_slot else context for c in r.columns] for r in rules]
            if all(r.permits(*v) for r, v in zip(rules, read, strict=True)
                   if UNFIXED not in v and None not in v and not never_fires(r)):
                found.append((sum(price[(k, v)] for k, v in chosen.items() if v is not None), chosen))
        return found

    for at, context in enumerate(contexts):
        everything = valid(context)
        for answers in batches:
            answer = answers[at]
            assert answer.count == len(everything), (context, "count")
            assert answer.cost == min((c for c, _ in everything), default=INF), (context, "cost")
            assert not everything or any(chosen == answer.choice for _, chosen in everything)
            for s in slots:
                unpicked = valid(context, s["name"])
                free = answer.free_marginal(s["name"])
                for i, v in enumerate(s["values"]):
                    best = min((c for c, chosen in everything if chosen[s["name"]] == v["code"]), default=INF)
                    assert answer.marginals[s["name"]][i] == best, (context, s["name"], v["code"])
                    switch = min((c for c, chosen in unpicked if chosen[s["name"]] == v["code"]), default=INF)
                    assert free[i] == switch, (context, s["name"], v["code"], "free")
    # A walk's offers: per value, the least over contexts of the context's base plus its cost.
    # Bases past float32's exact range (2^24 cents) must still add exactly.
    base = np.array(data.draw(st.lists(st.sampled_from([0, 7, 1 << 25, (1 << 25) + 3, INF]), min_size=len(contexts),
                                       max_size=len(contexts))), dtype=np.float64)
    batch = batches[0][0].batch
    for s in slots:
        per_context = [base[c] + batches[0][c].marginals[s["name"]] for c in range(len(contexts))]
        assert np.array_equal(batch.offers(base)[s["name"]], np.minimum.reduce(per_context)), s["name"]
        frees = [base[c] + batches[0][c].free_marginal(s["name"]) for c in range(len(contexts))]
        assert np.array_equal(batch.free_offers(s["name"], base), np.minimum.reduce(frees)), (s["name"], "free")

def _docs_example() -> dict[str, Any]:
    """The worked n-ary example of docs/catalog-format.md, read from the page itself."""
    text = (Path(__file__).parents[2] / "docs" / "catalog-format.md").read_text()
    block = text.split("**A worked n-ary example.**", 1)[1].split("```json", 1)[1].split("```", 1)[0]
    found: dict[str, Any] = json.loads(block)
    return found


def test_worked_example_in_the_docs_means_what_the_docs_say(demo: Catalog) -> None:
    card = {"name": "card", "kind": "option", "min_count": 0,
            "values": [{"code": "printed", "label": "Printed card"}, {"code": "handwritten", "label": "Handwritten"}]}
    ruled = _with(demo, "charm-necklace", [card], [_docs_example()])
    free = _with(demo, "charm-necklace", [card], [])
    after_pause = date(2027, 1, 15)  # the demo pauses rose-gold paperclip pieces until 2026 ends
    picks = (SlotPick(slot="chain", skus=("CH-PCLIP-SS-18IN-2.5",)), SlotPick(slot="plating", skus=("PL-RH-0.75",)))
    request = Request(picks=picks, on_date=after_pause)
    options = bounded_solver(ruled).options("charm-necklace", request)
    available = {s.slot: {c.value for c in s.candidates if c.status is CandidateStatus.AVAILABLE}
                 for s in options.slots}
    # The card may be left out, and then the table does not apply: every box stays available.
    assert available["gift_box"] == {"none", "velvet", "box"} and available["card"] == {"printed"}
    # Of the 3 boxes x (2 cards or none) = 9 wrappings, 5 pass: velvet or box with a printed card,
    # or any box with the card left out.
    with_rule = bounded_solver(ruled).count("charm-necklace", request)
    without = bounded_solver(free).count("charm-necklace", request)
    assert with_rule.status is ExitStatus.COMPLETE and without.count > 0
    assert with_rule.count * 9 == without.count * 5
    rose = Request(picks=(picks[0], SlotPick(slot="plating", skus=("PL-RG14-0.5",)),
                          SlotPick(slot="card", option="printed")), on_date=after_pause)
    rose_options = bounded_solver(ruled).options("charm-necklace", rose)
    boxes = next(s for s in rose_options.slots if s.slot == "gift_box")
    assert {c.value for c in boxes.candidates if c.status is CandidateStatus.AVAILABLE} == {"velvet"}


def test_counts_past_two_to_the_sixty_four_are_exact(demo: Catalog) -> None:
    """Forty-eight option slots of three values, half of them optional, one table between each
    pair of neighbours: the count is the anklet's times a number known in closed form."""
    slots = [_option(f"e{i}", ["x", "y", "z"], [0, 1, 2], required=i % 2 == 0) for i in range(48)]
    # Each odd slot (optional) refuses "x" after an "x" in the slot before it: 3 * (1 + 3) - 1 ways per pair.
    rules = [_rule(f"e{i}-e{i + 1}", f"e{i}", f"e{i + 1}", "forbidden", [["x", "x"]]) for i in range(0, 48, 2)]
    catalog = _with(demo, "anklet", slots, rules)
    plain = bounded_solver(demo).count("anklet", Request()).count
    result = bounded_solver(catalog).count("anklet", Request())
    assert result.status is ExitStatus.COMPLETE
    assert result.count == plain * 11 ** 24 and 11 ** 24 > 2 ** 64


def test_a_component_counting_past_int64_is_exact(demo: Catalog) -> None:
    """Thirty-six slots of five values chained by tables: one component whose ceiling (6^36) is
    past int64, so the bags near its root count in Python ints (solver.rulenet_count); checked by
    a transfer-matrix count."""
    codes = ["a", "b", "c", "d", "e"]
    refused = [["a", "b"], ["c", "c"]]
    slots = [_option(f"r{i}", codes, [0, 1, 2, 3, 4], required=True) for i in range(36)]
    rules = [_rule(f"r{i}-r{i + 1}", f"r{i}", f"r{i + 1}", "forbidden", refused) for i in range(35)]
    ways = dict.fromkeys(codes, 1)
    for _ in range(35):
        ways = {b: sum(n for a, n in ways.items() if [a, b] not in refused) for b in codes}
    catalog = _with(demo, "anklet", slots, rules)
    plain = bounded_solver(demo).count("anklet", Request()).count
    result = bounded_solver(catalog).count("anklet", Request())
    assert result.status is ExitStatus.COMPLETE and result.count == plain * sum(ways.values())
    assert sum(ways.values()) > 2 ** 62


def test_a_table_reading_one_option_slot_twice_never_fires_even_beside_a_charm(demo: Catalog) -> None:
    """check() combines no value with itself, so such a table refuses nothing; the engine used to
    filter charms by it (found by hypothesis on a fresh clone: 15 assemblies counted, 18 valid)."""
    card = {"name": "card", "kind": "option", "min_count": 0,
            "values": [{"code": "plain", "label": "Plain"}, {"code": "printed", "label": "Printed"}]}
    odd = {"id": "charm-card-card", "mode": "allowed",
           "columns": [{"kind": "charm", "attribute": "base_metal"},
                       {"kind": "option", "attribute": "code", "option_slot": "card"},
                       {"kind": "option", "attribute": "code", "option_slot": "card"}],
           "rows": [["brass", "plain", "plain"]]}
    free = _with(demo, "charm-necklace", [card], [])
    ruled = _with(demo, "charm-necklace", [card], [odd])
    # A brass heart on a brass chain: the table would refuse it if it fired.
    request = Request(picks=(SlotPick(slot="card", option="printed"), SlotPick(slot="charms", skus=("CM-HEART-BR",))))
    expected = bounded_solver(free).count("charm-necklace", request)
    assert expected.count > 0
    assert bounded_solver(ruled).count("charm-necklace", request).count == expected.count
