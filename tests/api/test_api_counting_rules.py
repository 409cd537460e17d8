"""Counting rules through GraphQL: defined with a mode and a count, read back, refused with the
field named when the engine cannot decide them."""

from __future__ import annotations

from api_helpers import TOKEN, Gql

from catalog.store import Store

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


def test_an_at_least_rule_is_refused_at_its_mode_and_writes_nothing(gql: Gql, store: Store) -> None:
    before = store.latest_version()
    rule = {"id": "two-charms-at-least", "mode": "AT_LEAST", "count": 2,
            "columns": [{"kind": "CHARM", "attribute": "nameplate"}], "rows": [[False]]}
    payload = gql.data(COUNTING_RULE, {"input": rule}, token=TOKEN)["defineRule"]
    assert payload["rule"] is None
    assert [(e["field"], e["code"]) for e in payload["errors"]] == [("mode", "count_rule_unsupported")]
    assert store.latest_version() == before


def test_a_counting_rule_without_a_count_names_the_count(gql: Gql) -> None:
    rule = {"id": "no-count", "mode": "AT_MOST", "columns": [{"kind": "CHARM", "attribute": "nameplate"}],
            "rows": [[True]]}
    payload = gql.data(COUNTING_RULE, {"input": rule}, token=TOKEN)["defineRule"]
    assert [(e["field"], e["code"]) for e in payload["errors"]] == [("count", "count_required")]
