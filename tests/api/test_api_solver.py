"""Solver queries through GraphQL: options, assemblies, count, recommend, explain, check, addOns.

These assert the API's contract (shapes, exact BigInt counts, cursors, `complete`, error fields)
and that GraphQL answers agree with each other; the solver's own exactness is tested in tests/solver.
"""

from __future__ import annotations

from typing import Any

from api_helpers import STYLE, TOKEN, Gql

from catalog.store import Store

ANKLET = "anklet"
CHARMS = "charm-necklace"

ASSEMBLY = """fragment A on Assembly { styleHandle skus valid leadTimeDays warnings
    slots { slot values parts { sku } }
    price { total { amountCents currency } parts { amountCents } plating { amountCents }
            labour { amountCents } engraving { amountCents } options { amountCents } }
    violations { code message skus } steps { action detail } }"""

OPTIONS = (
    ASSEMBLY
    + """
query($style: ID!, $selection: SelectionInput) { options(style: $style, selection: $selection) {
    styleHandle catalogVersion complete
    slots { slot kind minCount maxCount candidates { value name status available
            minTotal { amountCents currency } reasons { code message skus parts { sku } } part { sku } } }
    example { ...A } } }"""
)


def options(gql: Gql, style: str, selection: dict[str, Any] | None = None) -> dict[str, Any]:
    result: dict[str, Any] = gql.data(OPTIONS, {"style": style, "selection": selection})["options"]
    return result


def first_available(result: dict[str, Any], slot: str) -> str:
    slot_options = next(s for s in result["slots"] if s["slot"] == slot)
    value: str = next(c["value"] for c in slot_options["candidates"] if c["available"])
    return value


# --- options ------------------------------------------------------------------------------------


def test_options_on_the_empty_selection(gql: Gql, store: Store) -> None:
    result = options(gql, STYLE)
    assert result["complete"] is True
    assert result["styleHandle"] == STYLE
    assert result["catalogVersion"] == store.latest_version()
    style = store.load().style(STYLE)
    assert [s["slot"] for s in result["slots"]] == [s.name for s in style.slots]
    for slot in result["slots"]:
        for candidate in slot["candidates"]:
            assert candidate["status"] in ("AVAILABLE", "UNAVAILABLE")
            assert candidate["available"] == (candidate["status"] == "AVAILABLE")
            if candidate["available"]:
                assert candidate["minTotal"]["currency"] == "EUR"
                assert candidate["reasons"] == []
            else:
                assert candidate["minTotal"] is None
                assert candidate["reasons"], candidate
    example = result["example"]
    assert example["valid"] is True
    assert example["violations"] == []
    # The example is the cheapest piece, so it costs what the cheapest chain candidate says.
    chains = next(s for s in result["slots"] if s["slot"] == "chain")["candidates"]
    cheapest = min(c["minTotal"]["amountCents"] for c in chains if c["available"])
    assert example["price"]["total"]["amountCents"] == cheapest


def test_options_after_a_pick_keep_the_pick_in_the_example(gql: Gql) -> None:
    chain = first_available(options(gql, STYLE), "chain")
    result = options(gql, STYLE, {"picks": [{"slot": "chain", "skus": [chain]}]})
    assert result["complete"] is True
    example = result["example"]
    assert next(s for s in example["slots"] if s["slot"] == "chain")["values"] == [chain]
    breakdown = example["price"]
    parts_sum = sum(
        breakdown[k]["amountCents"] for k in ("parts", "plating", "labour", "engraving", "options")
    )
    assert breakdown["total"]["amountCents"] == parts_sum


def test_options_with_an_impossible_budget_offer_nothing_available(gql: Gql) -> None:
    result = options(gql, STYLE, {"budgetCents": 1})
    assert result["example"] is None
    chains = next(s for s in result["slots"] if s["slot"] == "chain")["candidates"]
    assert not any(c["available"] for c in chains)


def test_options_refusals_name_the_selection_field(gql: Gql) -> None:
    errors = gql.errors(OPTIONS, {"style": STYLE, "selection": {"quantity": 0, "budgetCents": -5}})
    fields = {e["extensions"]["field"]: e["extensions"]["reason"] for e in errors}
    assert fields == {
        "selection.quantity": "greater_than_equal",
        "selection.budgetCents": "greater_than_equal",
    }
    assert all(e["extensions"]["code"] == "VALIDATION_FAILED" for e in errors)
    errors = gql.errors(OPTIONS, {"style": "no-such-style"})
    assert errors[0]["extensions"] == {"code": "NOT_FOUND", "field": "style", "reason": "unknown_style"}
    errors = gql.errors(
        OPTIONS, {"style": STYLE, "selection": {"picks": [{"slot": "chain", "skus": ["X"] * 101}]}}
    )
    assert errors[0]["extensions"]["code"] == "INPUT_TOO_LONG"
    assert errors[0]["extensions"]["field"] == "selection.picks[0].skus"


# --- assemblies and count -----------------------------------------------------------------------

ASSEMBLIES = (
    ASSEMBLY
    + """
query($style: ID!, $first: Int, $after: String, $selection: SelectionInput) {
    assemblies(style: $style, first: $first, after: $after, selection: $selection) {
        totalCount complete edges { cursor node { ...A } }
        pageInfo { hasNextPage hasPreviousPage startCursor endCursor } } }"""
)
COUNT = """query($style: ID!, $selection: SelectionInput) {
    count(style: $style, selection: $selection) { count complete } }"""


def test_count_is_an_exact_big_int_string(gql: Gql) -> None:
    result = gql.data(COUNT, {"style": CHARMS})["count"]
    assert result["complete"] is True
    assert isinstance(result["count"], str)
    assert int(result["count"]) > 2**31  # the charm necklace has billions of assemblies


def test_assemblies_page_in_a_stable_order_with_the_exact_total(gql: Gql) -> None:
    page = gql.data(ASSEMBLIES, {"style": ANKLET, "first": 4})["assemblies"]
    total = gql.data(COUNT, {"style": ANKLET})["count"]["count"]
    assert page["totalCount"] == total
    assert page["complete"] is True
    nodes = [e["node"] for e in page["edges"]]
    assert len(nodes) == min(4, int(total))
    assert all(n["valid"] for n in nodes)
    prices = [n["price"]["total"]["amountCents"] for n in nodes]
    assert prices == sorted(prices)
    assert page["pageInfo"]["endCursor"] == page["edges"][-1]["cursor"]
    assert page["pageInfo"]["hasPreviousPage"] is False

    following = gql.data(ASSEMBLIES, {"style": ANKLET, "first": 4, "after": page["pageInfo"]["endCursor"]})
    both = gql.data(ASSEMBLIES, {"style": ANKLET, "first": 8})["assemblies"]
    assert [e["node"]["skus"] for e in both["edges"]] == [
        n["skus"] for n in nodes + [e["node"] for e in following["assemblies"]["edges"]]
    ]


def test_every_edge_cursor_resumes_right_after_its_edge(gql: Gql) -> None:
    page = gql.data(ASSEMBLIES, {"style": ANKLET, "first": 5})["assemblies"]
    skus = [e["node"]["skus"] for e in page["edges"]]
    resumed = gql.data(ASSEMBLIES, {"style": ANKLET, "first": 2, "after": page["edges"][1]["cursor"]})
    assert [e["node"]["skus"] for e in resumed["assemblies"]["edges"]] == skus[2:4]


def test_assemblies_respect_the_selection(gql: Gql) -> None:
    chain = gql.data(ASSEMBLIES, {"style": ANKLET, "first": 1})["assemblies"]["edges"][0]["node"]["slots"][0]
    selection = {"picks": [{"slot": "chain", "skus": chain["values"]}]}
    page = gql.data(ASSEMBLIES, {"style": ANKLET, "first": 10, "selection": selection})["assemblies"]
    for edge in page["edges"]:
        assert edge["node"]["slots"][0]["values"] == chain["values"]
    count = gql.data(COUNT, {"style": ANKLET, "selection": selection})["count"]["count"]
    assert page["totalCount"] == count


# --- recommend, explain, check ------------------------------------------------------------------

RECOMMEND = (
    ASSEMBLY
    + """
query($style: ID!, $selection: SelectionInput, $budget: Int, $count: Int!) {
    recommend(style: $style, selection: $selection, budgetCents: $budget, count: $count) {
        complete items { ...A } } }"""
)


def test_recommend_within_budget(gql: Gql) -> None:
    cheapest = options(gql, STYLE)["example"]["price"]["total"]["amountCents"]
    budget = cheapest * 2
    result = gql.data(
        RECOMMEND,
        {
            "style": STYLE,
            "budget": budget,
            "count": 5,
            "selection": {"text": "Ada", "preferences": {"colour": "YELLOW"}},
        },
    )["recommend"]
    assert result["complete"] is True
    items = result["items"]
    assert 1 <= len(items) <= 5
    assert len({tuple(i["skus"]) for i in items}) == len(items)
    for item in items:
        assert item["valid"] is True
        assert item["price"]["total"]["amountCents"] <= budget


def test_recommend_count_is_capped(gql: Gql) -> None:
    errors = gql.errors(RECOMMEND, {"style": STYLE, "count": 51})
    assert errors[0]["extensions"]["code"] == "PAGE_SIZE"
    assert errors[0]["extensions"]["field"] == "count"


EXPLAIN = """query($style: ID!, $selection: SelectionInput) { explain(style: $style, selection: $selection) {
    satisfiable complete conflict { name description } relaxations { drop description to } } }"""


def test_explain_names_a_minimal_conflict_and_relaxations(gql: Gql) -> None:
    result = gql.data(EXPLAIN, {"style": STYLE, "selection": {"budgetCents": 100, "nickelFree": True}})[
        "explain"
    ]
    assert result["satisfiable"] is False
    assert result["complete"] is True
    assert [c["name"] for c in result["conflict"]] == ["budget"]
    assert any(r["drop"] == ["budget"] for r in result["relaxations"])
    budget = next(r for r in result["relaxations"] if r["drop"] == ["budget"])
    assert budget["to"] is None or int(budget["to"]) > 100
    fine = gql.data(EXPLAIN, {"style": STYLE})["explain"]
    assert fine["satisfiable"] is True
    assert fine["conflict"] == []


CHECK = (
    ASSEMBLY
    + """
query($style: ID!, $assembly: [SlotValuesInput!]!) { check(style: $style, assembly: $assembly) { ...A } }"""
)


def test_check_a_complete_assembly(gql: Gql) -> None:
    example = options(gql, STYLE)["example"]
    assembly = [{"slot": s["slot"], "values": s["values"]} for s in example["slots"]]
    checked = gql.data(CHECK, {"style": STYLE, "assembly": assembly})["check"]
    assert checked["valid"] is True
    assert checked["price"] == example["price"]
    assert [s["action"] for s in checked["steps"]][-1] == "inspect"
    broken = [dict(s, values=[]) if s["slot"] == "clasp" else s for s in assembly]
    checked = gql.data(CHECK, {"style": STYLE, "assembly": broken})["check"]
    assert checked["valid"] is False
    assert "SLOT_COUNT" in {v["code"] for v in checked["violations"]}


# --- add-ons ------------------------------------------------------------------------------------

ADD_ONS = (
    ASSEMBLY
    + """
query($piece: PieceInput!, $budget: Int, $first: Int) {
  addOns(piece: $piece, budgetCents: $budget, first: $first) {
    styleHandle complete reasons { code message }
    items { slot skus parts { sku } price { amountCents } assembly { ...A } } } }"""
)


OWNED_CHAIN = "CH-CABLE-SS-18IN-1.2"


def owned_charm_necklace(gql: Gql) -> list[str]:
    """A sterling charm necklace sold without charms (room for add-ons)."""
    picks = [{"slot": "chain", "skus": [OWNED_CHAIN]}, {"slot": "charms", "exact": True}]
    example = options(gql, CHARMS, {"picks": picks})["example"]
    skus: list[str] = example["skus"]
    return skus


def test_add_ons_fit_the_piece_as_it_is(gql: Gql) -> None:
    skus = owned_charm_necklace(gql)
    result = gql.data(ADD_ONS, {"piece": {"skus": skus}, "first": 5})["addOns"]
    assert result["styleHandle"] == CHARMS
    assert result["complete"] is True
    assert 0 < len(result["items"]) <= 5
    for item in result["items"]:
        assert item["assembly"]["valid"] is True
        assert set(skus) <= set(item["assembly"]["skus"])
        assert set(item["skus"]) <= set(item["assembly"]["skus"])
    cheap = gql.data(ADD_ONS, {"piece": {"skus": skus}, "budget": 1})["addOns"]
    assert cheap["items"] == []


def test_add_ons_by_order_reference(gql: Gql) -> None:
    skus = owned_charm_necklace(gql)
    register = """mutation($skus: [String!]!) { registerPiece(orderReference: "ORD-ADDON-1", skus: $skus) {
        claimToken errors { field code } } }"""
    registered = gql.data(register, {"skus": skus}, token=TOKEN)["registerPiece"]
    assert registered["errors"] == []
    claim = registered["claimToken"]
    by_ref = gql.data(ADD_ONS, {"piece": {"orderReference": "ORD-ADDON-1", "claimToken": claim}, "first": 5})
    by_skus = gql.data(ADD_ONS, {"piece": {"skus": skus}, "first": 5})
    assert by_ref["addOns"] == by_skus["addOns"]
    for wrong in ({}, {"claimToken": "guess"}):  # the reference alone reveals nothing
        errors = gql.errors(ADD_ONS, {"piece": {"orderReference": "ORD-ADDON-1", **wrong}})
        assert errors[0]["extensions"]["code"] == "NOT_FOUND"


def test_add_ons_refusals(gql: Gql) -> None:
    errors = gql.errors(ADD_ONS, {"piece": {}})
    assert errors[0]["extensions"]["field"] == "piece"
    errors = gql.errors(ADD_ONS, {"piece": {"skus": ["A"], "orderReference": "ORD-1"}})
    assert errors[0]["extensions"]["field"] == "piece"
    errors = gql.errors(ADD_ONS, {"piece": {"orderReference": "ORD-UNKNOWN"}})
    assert errors[0]["extensions"]["code"] == "NOT_FOUND"


def test_cursors_resume_exactly_beyond_one_solver_page(store: Store, db_url: str) -> None:
    from api_helpers import make_settings
    from starlette.testclient import TestClient

    from api.app import create_app

    query = """query($first: Int, $after: String) { assemblies(style: "anklet", first: $first,
        after: $after) { edges { cursor node { skus } } pageInfo { endCursor hasNextPage } } }"""
    with TestClient(create_app(make_settings(db_url, max_page_size=100), store)) as client:
        gql = Gql(client)
        first = gql.data(query, {"first": 100})["assemblies"]
        rest = gql.data(query, {"first": 20, "after": first["pageInfo"]["endCursor"]})["assemblies"]
        reference = [e["node"]["skus"] for e in first["edges"] + rest["edges"]]
        # Edge 60's cursor skips 60 items after the start; asking 60 more needs two solver pages.
        resumed = gql.data(query, {"first": 60, "after": first["edges"][59]["cursor"]})["assemblies"]
    assert [e["node"]["skus"] for e in resumed["edges"]] == reference[60:120]
    assert resumed["pageInfo"]["hasNextPage"] is True
