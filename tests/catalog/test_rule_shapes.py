"""Merchandiser rules the solver decides exactly are accepted; others are refused with a reason."""

from __future__ import annotations

import pytest

from catalog.compat import CompatibilityRule
from catalog.exceptions import ValidationFailed
from catalog.model import parse_catalog


def _rule(left: str, right: str) -> dict[str, object]:
    return {"id": "r-1", "left": {"kind": left, "attribute": "a"}, "right": {"kind": right, "attribute": "b"},
            "mode": "forbidden", "pairs": [["x", "y"]]}


@pytest.mark.parametrize(("left", "right"), [("chain", "charm"), ("charm", "plating"), ("clasp", "extender"),
                                             ("jump_ring", "chain")])
def test_anchored_rules_are_accepted(left: str, right: str) -> None:
    assert CompatibilityRule.model_validate(_rule(left, right)).id == "r-1"


@pytest.mark.parametrize(("left", "right"), [("clasp", "charm"), ("charm", "charm"), ("jump_ring", "extender")])
def test_rules_between_two_components_are_refused(left: str, right: str) -> None:
    with pytest.raises(ValidationFailed) as caught:
        parse_catalog({"rules": [_rule(left, right)]})
    error = caught.value.errors[0]
    assert error.code == "rule_shape_unsupported"
    assert error.field == "rules[0].right.kind"
    assert left in error.message and right in error.message
