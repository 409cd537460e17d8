"""The rule-stress family: seeded, the shape the issue asks for, tree width exactly as asked."""

from __future__ import annotations

import itertools
import math

import networkx as nx
import pytest
from networkx.algorithms.approximation import treewidth_min_fill_in

from catalog.compat import CompatibilityRule
from catalog.generator import generate_catalog, generate_rule_stress
from catalog.generator_rules import CONTEXT_VALUES, STYLE_ID
from catalog.model import Catalog
from catalog.types import SlotKind


def _interaction_graph(catalog: Catalog) -> nx.Graph:
    graph = nx.Graph()
    graph.add_nodes_from(s.name for s in catalog.styles[0].slots_of(SlotKind.OPTION))
    for rule in catalog.rules:
        graph.add_edges_from(itertools.combinations([c.option_slot for c in rule.columns if c.option_slot], 2))
    return graph


@pytest.fixture(scope="module")
def large() -> Catalog:
    return generate_rule_stress(300, 10, seed=3)


def test_same_seed_same_catalog_and_another_seed_another() -> None:
    assert generate_rule_stress(30, 5, seed=1) == generate_rule_stress(30, 5, seed=1)
    assert generate_rule_stress(30, 5, seed=1).rules != generate_rule_stress(30, 5, seed=2).rules


def test_physical_parts_are_the_base_catalogs(large: Catalog) -> None:
    assert large.parts == generate_catalog(200, 3, styles=False).parts
    assert [s.id for s in large.styles] == [STYLE_ID]


def test_shape_option_slots_values_arity_and_context(large: Catalog) -> None:
    options = large.styles[0].slots_of(SlotKind.OPTION)
    assert len(options) == 300
    assert {len(s.values) for s in options} == {2, 3, 4}
    assert {s.min_count for s in options} == {0, 1}  # some may be left out
    assert any(v.price.amount_cents > 0 for s in options for v in s.values)
    arities = {len(r.columns) for r in large.rules}
    assert arities == {2, 3, 4}
    context = [r for r in large.rules if any(c.kind is not SlotKind.OPTION for c in r.columns)]
    kinds = {c.kind for r in context for c in r.columns if c.kind is not SlotKind.OPTION}
    assert kinds == {SlotKind.CHAIN, SlotKind.PLATING}
    assert 0.05 < len(context) / len(large.rules) < 0.5
    assert all(r.mode == "allowed" and r.styles == (STYLE_ID,) for r in large.rules)
    # Tables cut: nearly every table allows only some combinations of its columns.
    cutting = [len(r.rows) < _combinations(large, r) for r in large.rules]
    assert sum(cutting) > 0.9 * len(cutting)


def _combinations(catalog: Catalog, rule: CompatibilityRule) -> int:
    style = catalog.styles[0]
    return math.prod(len(style.slot(c.option_slot).values) if c.option_slot else len(CONTEXT_VALUES[c])
                     for c in rule.columns)


@pytest.mark.parametrize(("slots", "width"), [(8, 3), (40, 5), (120, 8)])
def test_interaction_graph_is_a_k_tree(slots: int, width: int) -> None:
    """A k-tree over n vertices has k(k+1)/2 + (n-k-1)k edges, is chordal, and has tree width k."""
    graph = _interaction_graph(generate_rule_stress(slots, width, seed=5))
    assert graph.number_of_edges() == width * (width + 1) // 2 + (slots - width - 1) * width
    assert nx.is_chordal(graph) and nx.is_connected(graph)
    found, _ = treewidth_min_fill_in(graph)  # exact on chordal graphs
    assert found == width


def test_large_graph_has_tree_width_ten(large: Catalog) -> None:
    found, _ = treewidth_min_fill_in(_interaction_graph(large))
    assert found == 10


@pytest.mark.parametrize(("slots", "width", "field"), [(1, 1, "option_slots"), (301, 5, "option_slots"),
                                                        (20, 13, "tree_width"), (5, 5, "tree_width"),
                                                        (20, 0, "tree_width")])
def test_out_of_range_is_refused_naming_the_field(slots: int, width: int, field: str) -> None:
    with pytest.raises(ValueError, match=field):
        generate_rule_stress(slots, width, seed=0)
