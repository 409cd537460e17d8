"""Counting rules (at most / at least N charms with a value) and charm × charm tables in the file
format: what is accepted, what is refused and where, and that they are stored as written."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from catalog.compat import CompatibilityRule
from catalog.exceptions import ValidationFailed
from catalog.model import parse_catalog

NAMEPLATE = {"kind": "charm", "attribute": "nameplate"}


def _counting(**changes: Any) -> dict[str, Any]:
    rule = {"id": "one-nameplate", "columns": [NAMEPLATE], "rows": [[True]], "mode": "at_most", "count": 1}
    rule.update(changes)
    return rule


def _refused(rule: dict[str, Any]) -> tuple[str, str]:
    with pytest.raises(ValidationFailed) as caught:
        parse_catalog({"rules": [rule]})
    error = caught.value.errors[0]
    return error.field, error.code


def test_a_one_column_counting_rule_is_accepted_and_round_trips() -> None:
    rule = CompatibilityRule.model_validate(_counting())
    assert rule.counts and rule.count == 1 and rule.on_charms
    dumped = rule.model_dump(mode="json")
    assert dumped["count"] == 1 and dumped["columns"] == [{**NAMEPLATE, "option_slot": None}]
    assert CompatibilityRule.model_validate(dumped) == rule


def test_a_two_column_counting_rule_round_trips_in_the_pairs_form() -> None:
    rule = CompatibilityRule.model_validate(_counting(
        columns=[NAMEPLATE, {"kind": "charm", "attribute": "surface"}], rows=[[True, "matte"]], count=0))
    dumped = rule.model_dump(mode="json")
    assert dumped["pairs"] == [[True, "matte"]] and dumped["count"] == 0
    assert CompatibilityRule.model_validate(dumped) == rule


def test_a_table_is_stored_without_a_count() -> None:
    rule = CompatibilityRule.model_validate({"id": "t-1", "columns": [NAMEPLATE, NAMEPLATE], "rows": [[True, True]],
                                             "mode": "forbidden"})
    assert "count" not in rule.model_dump() and rule.on_charms and not rule.counts


@pytest.mark.parametrize(("rule", "where"), [
    (_counting(count=None), ("rules[0].count", "count_required")),
    (_counting(count=-1), ("rules[0].count", "greater_than_equal")),
    (_counting(columns=[{"kind": "chain", "attribute": "chain_style"}], rows=[["rope"]]),
     ("rules[0].columns", "count_rule_kind")),
    (_counting(mode="forbidden", count=None, columns=[NAMEPLATE], rows=[[True]]),
     ("rules[0].columns", "columns_too_few")),
    (_counting(mode="allowed", columns=[NAMEPLATE, NAMEPLATE], rows=[[True, True]]),
     ("rules[0].count", "count_not_counting")),
])
def test_malformed_counting_rules_name_their_field(rule: dict[str, Any], where: tuple[str, str]) -> None:
    assert _refused(rule) == where


def test_at_least_zero_always_holds_and_is_accepted() -> None:
    assert CompatibilityRule.model_validate(_counting(mode="at_least", count=0)).count == 0


@pytest.mark.parametrize("count", [1, 2, 12])
def test_at_least_rules_are_accepted_and_round_trip(count: int) -> None:
    """The engine decides "at least N" exactly (solver/charm_extras.py): no longer refused."""
    rule = CompatibilityRule.model_validate(_counting(id="two-enamel", mode="at_least", count=count))
    assert rule.counts and (rule.mode, rule.count) == ("at_least", count)
    assert CompatibilityRule.model_validate(rule.model_dump(mode="json")) == rule
    parsed = parse_catalog({"rules": [rule.model_dump(mode="json")]})
    assert parsed.rules[0] == rule


def test_charm_by_charm_tables_with_anchors_are_accepted() -> None:
    rule = CompatibilityRule.model_validate({
        "id": "no-two-licensed", "mode": "forbidden",
        "columns": [{"kind": "charm", "attribute": "licensed"}, {"kind": "charm", "attribute": "licensed"},
                    {"kind": "chain", "attribute": "chain_style"}, {"kind": "option", "attribute": "code",
                                                                     "option_slot": "gift_box"}],
        "rows": [[True, True, "cable", "box"]]})
    assert rule.on_charms and not rule.counts


SCALARS = st.one_of(st.sampled_from(["matte", "18", "1.1", "True", "x"]), st.sampled_from([18, 1, 0]),
                    st.sampled_from([18.0, 1.1, 0.5]), st.booleans())


@settings(max_examples=300)
@given(st.integers(1, 3).flatmap(lambda n: st.tuples(
    st.lists(st.lists(SCALARS, min_size=n, max_size=n), min_size=1, max_size=6),
    st.lists(SCALARS, min_size=n, max_size=n))))
def test_indexed_matches_agree_with_a_scan(drawn: tuple[list[list[object]], list[object]]) -> None:
    rows, values = drawn
    columns = [{"kind": "charm", "attribute": f"a{i}"} for i in range(len(values))]
    rule = CompatibilityRule.model_validate({"id": "c-1", "columns": columns, "rows": rows, "mode": "at_most",
                                             "count": 1})
    assert rule.matches(*values) == rule.matches_by_scan(*values)


def test_counting_rules_and_charm_tables_round_trip_through_the_store(store: Any, small_catalog: Any) -> None:
    counting = CompatibilityRule.model_validate(_counting())
    table = CompatibilityRule.model_validate({
        "id": "no-two-enamel", "mode": "forbidden", "rows": [[True, True, "cable"]],
        "columns": [{"kind": "charm", "attribute": "enamel"}, {"kind": "charm", "attribute": "enamel"},
                    {"kind": "chain", "attribute": "chain_style"}]})
    catalog = small_catalog.model_copy(update={"rules": (*small_catalog.rules, counting, table)})
    store.import_catalog(catalog, "with charm rules")
    loaded = store.load(1)
    assert loaded.rules == catalog.rules
    assert next(r for r in loaded.rules if r.id == "one-nameplate").count == 1
    version = store.put_rule(counting.model_copy(update={"count": 2}))
    assert next(r for r in store.load(version).rules if r.id == "one-nameplate").count == 2
