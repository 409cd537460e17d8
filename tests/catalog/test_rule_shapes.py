"""Merchandiser tables over any slots are accepted, of any width: two charms beside a clasp,
an extender or rings too (the solver decides them on the charm multiset with the lifted slots)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from catalog.compat import CompatibilityRule
from catalog.exceptions import ValidationFailed
from catalog.model import parse_catalog
from catalog.types import ChainStyle


def _rule(left: str, right: str) -> dict[str, object]:
    return {"id": "r-1", "left": {"kind": left, "attribute": "a"}, "right": {"kind": right, "attribute": "b"},
            "mode": "forbidden", "pairs": [["x", "y"]]}


@pytest.mark.parametrize(("left", "right"), [("chain", "charm"), ("charm", "plating"), ("clasp", "extender"),
                                             ("jump_ring", "chain"), ("clasp", "charm"), ("jump_ring", "extender"),
                                             ("jump_ring", "jump_ring"), ("clasp", "jump_ring"),
                                             ("charm", "jump_ring"), ("clasp", "clasp"), ("extender", "charm"),
                                             ("charm", "charm")])
def test_rules_between_any_two_slots_are_accepted(left: str, right: str) -> None:
    assert CompatibilityRule.model_validate(_rule(left, right)).id == "r-1"


@pytest.mark.parametrize("kinds", [("charm", "charm", "jump_ring"), ("charm", "charm", "clasp"),
                                   ("extender", "charm", "charm"), ("charm", "jump_ring", "charm", "jump_ring"),
                                   ("option", "charm", "clasp", "charm"), ("charm", "charm", "charm", "extender"),
                                   ("clasp", "charm", "chain", "jump_ring", "charm")])
def test_two_charms_beside_other_parts_are_accepted(kinds: tuple[str, ...]) -> None:
    """Charms with charms beside a clasp, extender or ring: a constraint on the charm multiset."""
    catalog = parse_catalog({"rules": [_table(*kinds)]})
    rule = catalog.rules[0]
    assert [c.kind.value for c in rule.columns] == list(kinds) and rule.on_charms


def _table(*kinds: str) -> dict[str, object]:
    columns = [{"kind": k, "attribute": "code", "option_slot": f"o{i}"} if k == "option" else
               {"kind": k, "attribute": f"a{i}"} for i, k in enumerate(kinds)]
    return {"id": "t-1", "columns": columns, "mode": "allowed", "rows": [[f"v{i}" for i in range(len(kinds))]]}


@pytest.mark.parametrize("kinds", [("option", "option", "option"), ("chain", "plating", "option", "charm"),
                                   ("clasp", "extender", "option"), ("option", "jump_ring", "chain"),
                                   ("option", "charm", "clasp"), ("clasp", "jump_ring", "plating"),
                                   ("jump_ring", "jump_ring", "extender", "charm", "chain")])
def test_wide_tables_over_any_slots_are_accepted(kinds: tuple[str, ...]) -> None:
    rule = CompatibilityRule.model_validate(_table(*kinds))
    assert len(rule.columns) == len(kinds) and rule.permits(*(f"v{i}" for i in range(len(kinds))))


def test_two_column_rules_keep_their_written_form() -> None:
    rule = CompatibilityRule.model_validate(_rule("chain", "charm"))
    assert rule.columns == (rule.left, rule.right) and rule.rows == (("x", "y"),)
    assert rule.model_dump(mode="json")["pairs"] == [["x", "y"]] and "columns" not in rule.model_dump()


def test_a_row_of_the_wrong_width_names_the_rows() -> None:
    data = _table("option", "option", "chain")
    data["rows"] = [["v0", "v1"]]
    with pytest.raises(ValidationFailed) as caught:
        parse_catalog({"rules": [data]})
    assert (caught.value.errors[0].field, caught.value.errors[0].code) == ("rules[0].rows", "row_width")


def test_a_wide_table_over_two_charms_and_anchors_is_accepted() -> None:
    rule = CompatibilityRule.model_validate(_table("option", "charm", "chain", "charm"))
    assert rule.on_charms


SCALARS = st.one_of(st.sampled_from(["cable", "18", "1.1", "True", "x"]), st.sampled_from([18, 1, 0]),
                    st.sampled_from([18.0, 1.1, 0.5]), st.booleans())
PART_VALUES = st.one_of(SCALARS, st.sampled_from([Decimal("18"), Decimal("18.0"), Decimal("1.1")]),
                        st.sampled_from(list(ChainStyle)))


@settings(max_examples=300)
@given(st.integers(2, 4).flatmap(lambda n: st.tuples(
    st.lists(st.lists(SCALARS, min_size=n, max_size=n), min_size=1, max_size=6),
    st.lists(st.lists(PART_VALUES, min_size=n, max_size=n), min_size=1, max_size=6),
    st.sampled_from(["allowed", "forbidden"]))))
def test_indexed_rows_match_a_scan_of_every_row(drawn: tuple[list[list[object]], list[list[object]], str]) -> None:
    # Several combinations per table, repeats and look-alikes (1, 1.0, True, "1") among them:
    # `permits` keeps its answers, and one must never stand for another.
    rows, asked, mode = drawn
    columns = [{"kind": "option", "attribute": "code", "option_slot": f"o{i}"} for i in range(len(asked[0]))]
    rule = CompatibilityRule.model_validate({"id": "t-1", "columns": columns, "mode": mode, "rows": rows})
    for values in [*asked, *asked]:
        assert rule.permits(*values) == rule.permits_by_scan(*values)


def test_kept_answers_never_stand_for_a_look_alike_value() -> None:
    # True == 1 in Python, but a table matches "True" as text and 1 as the number: the answer
    # kept for one must not answer the other.
    columns = [{"kind": "option", "attribute": "code", "option_slot": f"o{i}"} for i in range(2)]
    rule = CompatibilityRule.model_validate({"id": "t-1", "columns": columns, "mode": "allowed",
                                             "rows": [["True", "a"], [2.0, "a"]]})
    asked: list[tuple[object, ...]] = [(True, "b"), (1, "b"), (2, "b"), (2.0, "b"), ("2", "b"), (True, "b")]
    assert [rule.permits(*values) for values in asked] == [rule.permits_by_scan(*values) for values in asked]
    assert [rule.permits(*values) for values in asked] == [False, True, False, False, True, False]
