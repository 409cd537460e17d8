"""Counting rules through GraphQL: defined with a mode and a count, read back, refused with the
field named when malformed, and answered by the engine ("at least one nameplate")."""

from __future__ import annotations

from api_helpers import TOKEN, Gql

from catalog.store import Store
from catalog.types import SlotKind

COUNTING_RULE = """mutation($input: RuleInput!) { defineRule(input: $input) {
    rule { id mode count columns { kind attribute } rows right { attribute } }
    catalogVersion errors { field code message } } }"""


def test_define_an_at_most_rule_and_read_it_back(gql: Gql, store: Store) -> None:
    rule = {"id": "one-nameplate", "mode": "AT_MOST", "count": 1,
            "columns": [{"kind": "CHARM", "attribute": "nameplate"}], "rows": [[True]]}
    payload = gql.data(COUNTING_RULE, {"input": rule}, token=TOKEN)["defineRule"]
    assert payload["errors"] == []
    assert payload["rule"]["mode"] == "AT_MOST" and payload["rule"]["count"] == 1
    assert payload["rule"]["right"] is None and payload["rule"]["rows"] == [[True]]
    stored = next(r for r in store.load().rules if r.id == "one-nameplate")
    assert (stored.mode, stored.count) == ("at_most", 1)
    listed = gql.data("{ rules { id mode count } }")["rules"]
    assert {"id": "one-nameplate", "mode": "AT_MOST", "count": 1} in listed


RECOMMEND = """query($style: ID!, $count: Int!) { recommend(style: $style, count: $count) {
    complete items { valid skus slots { slot values } price { total { amountCents } } } } }"""
OPTIONS = """query($style: ID!) { options(style: $style) { complete
    slots { slot candidates { value available minTotal { amountCents } } }
    example { valid price { total { amountCents } } } } }"""


def test_an_at_least_rule_is_accepted_and_every_answer_adds_the_charm(gql: Gql, store: Store) -> None:
    """At least one nameplate on the charm necklace, whose cheapest piece otherwise holds none:
    the recommended piece and the options' example add the cheapest nameplate that makes it."""
    before = store.latest_version()
    rule = {"id": "a-nameplate", "mode": "AT_LEAST", "count": 1, "styles": ["charm-necklace"],
            "columns": [{"kind": "CHARM", "attribute": "nameplate"}], "rows": [[True]]}
    payload = gql.data(COUNTING_RULE, {"input": rule}, token=TOKEN)["defineRule"]
    assert payload["errors"] == []
    assert (payload["rule"]["mode"], payload["rule"]["count"]) == ("AT_LEAST", 1)
    assert store.latest_version() > before
    nameplates = {p.sku for p in store.load().parts_of(SlotKind.CHARM) if p.nameplate}
    recommended = gql.data(RECOMMEND, {"style": "charm-necklace", "count": 1})["recommend"]
    assert recommended["complete"] is True and recommended["items"]
    piece = recommended["items"][0]
    charms = next(s["values"] for s in piece["slots"] if s["slot"] == "charms")
    assert piece["valid"] and set(charms) & nameplates
    listed = gql.data(OPTIONS, {"style": "charm-necklace"})["options"]
    assert listed["complete"] is True and listed["example"]["valid"]
    total = piece["price"]["total"]["amountCents"]
    assert listed["example"]["price"]["total"]["amountCents"] == total
    offered = [c["minTotal"]["amountCents"] for s in listed["slots"] if s["slot"] == "charms"
               for c in s["candidates"] if c["available"] and c["value"] in nameplates]
    assert min(offered) == total


def test_a_counting_rule_without_a_count_names_the_count(gql: Gql) -> None:
    rule = {"id": "no-count", "mode": "AT_MOST", "columns": [{"kind": "CHARM", "attribute": "nameplate"}],
            "rows": [[True]]}
    payload = gql.data(COUNTING_RULE, {"input": rule}, token=TOKEN)["defineRule"]
    assert [(e["field"], e["code"]) for e in payload["errors"]] == [("count", "count_required")]
