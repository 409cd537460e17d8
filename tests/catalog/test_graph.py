"""The fit graph agrees with the rule functions SKU by SKU, is symmetric, and finds dead parts."""

from __future__ import annotations

from collections import Counter, defaultdict
from decimal import Decimal
from typing import Any

import pytest

from catalog import graph as graph_module
from catalog import rules
from catalog.demo import load_demo_catalog
from catalog.generator import generate_catalog
from catalog.graph import build_graph, compatible, isolated_parts, kind_of, node_of, rings_joining, summary
from catalog.model import Catalog
from catalog.parts import Chain, Charm, Clasp, Extender, JumpRing, Plating
from catalog.types import BaseMetal, Connector, PartKind

CATALOG = load_demo_catalog()
GRAPH = build_graph(CATALOG)
PHYSICS = CATALOG.physics


def of(kind: type[Any]) -> list[Any]:
    return [p for p in CATALOG.parts if isinstance(p, kind)]


def brute_force(catalog: Catalog) -> dict[str, set[str]]:
    """Every fit relation straight from the rule functions, SKU by SKU (no classes, no bisect)."""
    physics = catalog.physics
    parts = catalog.parts
    ring_list = [p for p in parts if isinstance(p, JumpRing)]
    out: dict[str, set[str]] = defaultdict(set)

    def link(a: str, b: str) -> None:
        out[a].add(b)
        out[b].add(a)

    def via_rings(chain: Chain, here: rules.Attachment, other: rules.Attachment, sku: str,
                  load: Decimal | None = None) -> None:
        found = [r for r in ring_list if not rules.ring_join(r, here, other, physics)
                 and (load is None or r.max_load_g >= load)]
        if found:
            link(chain.sku, sku)
            for ring in found:
                link(ring.sku, chain.sku)
                link(ring.sku, sku)

    for chain in (p for p in parts if isinstance(p, Chain)):
        for part in parts:
            if isinstance(part, Clasp):
                via_rings(chain, rules.chain_end(chain), rules.clasp_loop(part), part.sku)
                if rules.clasp_hooks(part, chain.wire_mm, chain.sku, physics) is None:
                    link(part.sku, chain.sku)
            elif isinstance(part, Extender):
                via_rings(chain, rules.chain_end(chain), rules.extender_end(part), part.sku)
            elif isinstance(part, Charm) and chain.charm_capacity > 0:
                loop = rules.charm_loop(part)
                if loop is not None:
                    via_rings(chain, rules.chain_body(chain), loop, part.sku, part.weight_g)
                elif rules.charm_mounts_directly(part, chain, physics) is None:
                    link(part.sku, chain.sku)
    for clasp in (p for p in parts if isinstance(p, Clasp)):
        for extender in (p for p in parts if isinstance(p, Extender)):
            if rules.clasp_hooks(clasp, extender.link_wire_mm, extender.sku, physics) is None:
                link(clasp.sku, extender.sku)
    for plating in (p for p in parts if isinstance(p, Plating)):
        for part in parts:
            if not isinstance(part, Plating) and rules.plating_allowed(plating, part, physics) is None \
                    and rules.platable(part) is None:
                link(plating.sku, part.sku)
    return out


@pytest.fixture(scope="module")
def truth() -> dict[str, set[str]]:
    return brute_force(CATALOG)


def test_classes_partition_the_physical_parts() -> None:
    physical = {p.sku for p in CATALOG.parts if not isinstance(p, Plating)}
    members = [sku for _, data in GRAPH.nodes(data=True) for sku in data["skus"]]
    assert sorted(members) == sorted(physical)
    assert set(GRAPH.graph["class_of"]) == physical
    # The 26 initials share one fit class: interchangeable but for the motif.
    initials = {node_of(GRAPH, f"CM-INIT-{letter}-SS") for letter in "ABCXYZ"}
    assert len(initials) == 1
    assert GRAPH.number_of_nodes() < len(physical) / 2


def test_compatible_equals_the_rules_sku_by_sku(truth: dict[str, set[str]]) -> None:
    for part in CATALOG.parts:
        assert compatible(GRAPH, part.sku) == truth.get(part.sku, set()), part.sku


def test_compatibility_is_symmetric() -> None:
    for part in CATALOG.parts:
        for other in compatible(GRAPH, part.sku):
            assert part.sku in compatible(GRAPH, other), (part.sku, other)


def test_kind_filter() -> None:
    rings_ = compatible(GRAPH, "CL-SPR-SS-5", PartKind.JUMP_RING)
    assert "JR-SS-20G-4.0" in rings_  # 0.81 mm passes the 0.9 mm loop
    assert "JR-SS-18G-4.0" not in rings_  # 1.02 mm does not
    assert all(kind_of(GRAPH, sku) is PartKind.JUMP_RING for sku in rings_)
    assert compatible(GRAPH, "CL-SPR-SS-5", "chain") <= {p.sku for p in of(Chain)}


def test_platings_plate_allowed_platable_metals() -> None:
    vermeil = compatible(GRAPH, "PL-YG14-2.5-VERMEIL")
    assert "CH-CABLE-SS-18IN-1.2" in vermeil
    assert "CH-CABLE-BR-18IN-1.8" not in vermeil  # vermeil only over sterling
    assert "CM-EVILEYE-SS" not in vermeil and "CL-MAG-SS-6" not in vermeil  # enamel, magnet
    assert "PL-YG14-2.5-VERMEIL" in compatible(GRAPH, "CH-CABLE-SS-18IN-1.2", PartKind.PLATING)


def test_rings_joining_matches_ring_join() -> None:
    chain_sku, clasp_sku = "CH-CABLE-SS-18IN-1.2", "CL-SPR-SS-5"
    chain, clasp = CATALOG.by_sku()[chain_sku], CATALOG.by_sku()[clasp_sku]
    expected = sorted(r.sku for r in of(JumpRing)
                      if not rules.ring_join(r, rules.chain_end(chain), rules.clasp_loop(clasp), PHYSICS))
    assert rings_joining(CATALOG, chain_sku, clasp_sku) == expected
    assert rings_joining(CATALOG, clasp_sku, chain_sku) == expected  # order does not matter
    assert "JR-SS-18G-4.0" not in expected and "JR-SS-20G-4.0" in expected
    # A 6.5 g medallion on a 1.2 mm cable: only the 22 AWG 2.5 mm ring (6.55 g) carries it.
    assert rings_joining(CATALOG, chain_sku, "CM-MEDAL-SS") == ["JR-SS-22G-2.5"]
    assert rings_joining(CATALOG, "CL-LOB-SS-10", "EX-SS-2IN") == []  # no style joins those by a ring
    assert rings_joining(CATALOG, chain_sku, "CM-CLIP-HEART-SS") == []  # clips mount without rings


def test_edge_rings_are_the_joining_rings() -> None:
    for a, b, key, data in GRAPH.edges(keys=True, data=True):
        if key not in ("clasp_ring", "extender_ring", "charm_ring"):
            continue
        a_sku, b_sku = GRAPH.nodes[a]["skus"][0], GRAPH.nodes[b]["skus"][0]
        expanded = sorted(sku for node in data["rings"] for sku in GRAPH.nodes[node]["skus"])
        assert expanded == rings_joining(CATALOG, a_sku, b_sku), (a, b, key)


def test_demo_isolated_parts() -> None:
    found = {item.sku: item for item in isolated_parts(CATALOG)}
    assert set(found) == {"CM-SEED-SS", "CL-SPR-SS-4"}
    assert found["CM-SEED-SS"].kind is PartKind.CHARM
    assert found["CM-SEED-SS"].reason == "no ring passes its 0.5 mm loop (thinnest ring wire 0.51 mm)"
    assert found["CL-SPR-SS-4"].reason.startswith("no ring passes its 0.5 mm loop")


def _with(catalog: Catalog, *parts: Any) -> Catalog:
    return catalog.model_copy(update={"parts": (*catalog.parts, *parts)})


def test_isolated_reasons_for_each_cause() -> None:
    by = CATALOG.by_sku()
    heart: Charm = by["CM-HEART-SS"]
    too_heavy = heart.model_copy(update={"sku": "CM-ANVIL-SS", "weight_g": Decimal("60.00")})
    clip: Charm = by["CM-CLIP-WIDE-SS"]
    no_carrier = clip.model_copy(update={"sku": "CM-CLIP-HUGE-SS", "clip_min_width_mm": 6.0,
                                         "clip_max_width_mm": 6.5})
    fat_ring = by["JR-SS-16G-8.0"].model_copy(update={"sku": "JR-SS-8G-9.0", "wire_gauge": None,
                                                       "wire_mm": 3.26, "inner_diameter_mm": 9.0})
    plating: Plating = by["PL-RH-0.75"]
    titanium = plating.model_copy(update={"sku": "PL-RH-TI", "allowed_base_metals": (BaseMetal.TITANIUM,)})
    catalog = _with(CATALOG, too_heavy, no_carrier, fat_ring, titanium)
    found = {item.sku: item.reason for item in isolated_parts(catalog)}
    assert found["CM-ANVIL-SS"] == "no ring that passes its 1.2 mm loop carries its 60.00 g"
    assert found["CM-CLIP-HUGE-SS"].startswith("it mounts on no chain")
    assert found["JR-SS-8G-9.0"].startswith("its 3.26 mm wire")
    assert found["PL-RH-TI"] == "no platable part is of a metal it allows (titanium)"
    assert {"CM-SEED-SS", "CL-SPR-SS-4"} <= set(found)


def test_generated_catalog_graph_is_decided_per_class_and_matches_rules(monkeypatch: pytest.MonkeyPatch) -> None:
    """What keeps the graph fast at 10^4 parts (the module's complexity note), counted rather
    than timed so a busy machine cannot decide it: one fit question per pair of fit classes,
    never per pair of SKUs, and few classes."""
    small = generate_catalog(300, seed=4)
    graph, truth = build_graph(small), brute_force(small)
    for part in small.parts:
        assert compatible(graph, part.sku) == truth.get(part.sku, set()), part.sku
    big = generate_catalog(10_000, seed=4)
    asked: Counter[str] = Counter()
    joining, mounts = graph_module._RingIndex.joining, rules.charm_mounts_directly

    def counted_joining(self: Any, *args: Any) -> Any:
        asked["ring"] += 1
        return joining(self, *args)

    def counted_mounts(*args: Any) -> Any:
        asked["mount"] += 1
        return mounts(*args)

    monkeypatch.setattr(graph_module._RingIndex, "joining", counted_joining)
    monkeypatch.setattr(rules, "charm_mounts_directly", counted_mounts)
    graph = build_graph(big)
    counts = summary(graph)
    classes = sum(v for k, v in counts.items() if k.startswith("classes."))
    assert classes < 500 and counts["parts.charm"] == 4000
    class_pairs = counts["classes.chain"] * sum(counts[f"classes.{kind}"] for kind in ("clasp", "extender", "charm"))
    sku_pairs = counts["parts.chain"] * sum(counts[f"parts.{kind}"] for kind in ("clasp", "extender", "charm"))
    assert 0 < asked["ring"] + asked["mount"] <= class_pairs < sku_pairs // 20, (asked, class_pairs, sku_pairs)
    assert any(connector is Connector.DANGLE for connector in [
        p.connector for p in big.parts if isinstance(p, Charm)])
