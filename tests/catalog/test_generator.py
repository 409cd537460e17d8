"""The synthetic generator: deterministic, exact sizes, valid, realistic, and buildable per style."""

from __future__ import annotations

import random
from collections import Counter
from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from catalog import generator
from catalog.demo_styles import STYLE_IDS
from catalog.generator import SHARES, AssemblySampler, generate_catalog
from catalog.graph import build_graph, summary
from catalog.model import Catalog, parse_catalog
from catalog.parts import Chain, Charm, Clasp, Extender, JumpRing, Plating
from catalog.physics import AWG_WIRE_MM
from catalog.types import BaseMetal, ClaspType, FtcClass, PlatingMaterial, Production, Status, Underlayer
from solver.assembly import Assembly
from solver.check import evaluate
from solver.request import Request

STANDARD_IN = {14, 15, 16, 18, 20, 22, 24, 30, 6.5, 7, 7.5, 8, 9, 10, 11}


@pytest.fixture(scope="module")
def big() -> Catalog:
    return generate_catalog(5000, seed=11)


def test_deterministic_per_seed() -> None:
    assert generate_catalog(500, seed=3) == generate_catalog(500, seed=3)
    assert generate_catalog(500, seed=3) != generate_catalog(500, seed=4)


@pytest.mark.parametrize("n", [30, 100, 1000, 2345])
def test_exact_size_and_mix(n: int) -> None:
    catalog = generate_catalog(n, seed=1)
    kinds = Counter(part.kind for part in catalog.parts)
    assert len(catalog.parts) == n
    assert len({part.sku for part in catalog.parts}) == n
    for kind, share in SHARES.items():
        assert kinds[kind] >= 3
        if n >= 100 and kind != "charm":
            assert kinds[kind] == round(n * share)
    assert abs(kinds["charm"] - 0.4 * n) <= max(6, 0.02 * n)


def test_refuses_sizes_out_of_range() -> None:
    with pytest.raises(ValueError, match="n_parts"):
        generate_catalog(10)
    with pytest.raises(ValueError, match="n_parts"):
        generate_catalog(1_000_000)


def test_output_passes_full_validation() -> None:
    fast = generate_catalog(1000, seed=5)
    assert parse_catalog(fast.model_dump(mode="json")) == fast
    assert generate_catalog(1000, seed=5, validate=True) == fast


def test_styles_optional() -> None:
    with_styles = generate_catalog(100, seed=2)
    assert [s.id for s in with_styles.styles] == list(STYLE_IDS) and len(with_styles.rules) == 3
    bare = generate_catalog(100, seed=2, styles=False)
    assert bare.styles == () and bare.rules == ()
    assert bare.parts == with_styles.parts


def test_realistic_values(big: Catalog) -> None:
    parts = big.parts
    physical = [p for p in parts if not isinstance(p, Plating)]
    metals = Counter(p.base_metal for p in physical)
    assert metals.most_common(1)[0][0] is BaseMetal.STERLING_SILVER
    assert 0 < metals[BaseMetal.NICKEL_SILVER] < 0.1 * len(physical)
    retired = sum(p.status is Status.RETIRED for p in parts) / len(parts)
    assert 0.01 < retired < 0.06
    sold_out = sum(p.stock == 0 and p.production is Production.STOCKED for p in physical) / len(physical)
    assert 0.02 < sold_out < 0.1
    for part in parts:
        assert isinstance(part.price.amount_cents, int) and part.price.amount_cents > 0
        if not isinstance(part, Plating):
            places = Decimal("0.01") if part.kind == "charm" else Decimal("0.001")  # rings to the mg
            assert part.weight_g == part.weight_g.quantize(places)


def test_chains_rings_clasps_extenders(big: Catalog) -> None:
    chains = [p for p in big.parts if isinstance(p, Chain)]
    assert {round(c.length_mm / 25.4, 1) for c in chains} <= STANDARD_IN
    assert all(0.8 <= c.width_mm <= 3.5 and c.end_link_inner_mm > c.link_inner_mm for c in chains)
    loads = {c.chain_style.value: c.max_load_g / Decimal(c.width_mm * c.width_mm) for c in chains}
    assert loads["rope"] < loads["cable"] and loads["snake"] < loads["cable"]
    assert loads["herringbone"] < loads["cable"]
    rings = [p for p in big.parts if isinstance(p, JumpRing)]
    assert {r.wire_gauge for r in rings} == {16, 18, 19, 20, 22, 24}
    assert all(r.wire_gauge and r.wire_mm == AWG_WIRE_MM[r.wire_gauge] for r in rings)
    assert all(2.0 <= r.inner_diameter_mm <= 8.0 for r in rings) and any(r.soldered for r in rings)
    clasps = [p for p in big.parts if isinstance(p, Clasp)]
    assert {c.clasp_type for c in clasps} == set(ClaspType)
    assert all(c.max_load_g <= 3 for c in clasps if c.clasp_type is ClaspType.MAGNETIC)
    extenders = {round(p.length_mm / 25.4) for p in big.parts if isinstance(p, Extender)}
    assert extenders == {1, 2, 3}


def test_charms(big: Catalog) -> None:
    charms = [p for p in big.parts if isinstance(p, Charm)]
    connectors = Counter(c.connector.value for c in charms)
    assert connectors.most_common(1)[0][0] == "dangle"
    assert {"slide_bail", "clip", "screw"} <= set(connectors)
    assert all(Decimal("0.3") <= c.weight_g <= Decimal("8.0") for c in charms)
    plates = [c for c in charms if c.nameplate]
    assert plates and all(6 <= c.max_characters <= 12 and c.price_per_character and c.fonts for c in plates)
    assert any(c.enamel for c in charms)
    cast = [c for c in charms if c.production is Production.CAST]
    assert cast and all(50 <= c.moq <= 500 and 14 <= c.lead_time_days <= 49 and c.tooling for c in cast)
    made = [c for c in charms if c.production is Production.MADE_TO_ORDER]
    assert made and all(c.moq == 1 and 3 <= c.lead_time_days <= 10 for c in made)


def test_platings(big: Catalog) -> None:
    platings = [p for p in big.parts if isinstance(p, Plating)]
    classes = Counter(p.ftc_class() for p in platings)
    assert set(classes) == set(FtcClass)
    for plating in platings:
        if plating.vermeil:
            assert plating.allowed_base_metals == (BaseMetal.STERLING_SILVER,)
        if plating.material is PlatingMaterial.RHODIUM:
            assert 0.75 <= plating.thickness_um <= 1.0
            assert plating.underlayer in (Underlayer.PALLADIUM, Underlayer.NICKEL)
        else:
            assert plating.karat in (10, 14, 18, 24)
    assert any(p.underlayer is Underlayer.NICKEL for p in platings)


def test_interchangeable_classes(big: Catalog) -> None:
    counts = summary(build_graph(big))
    classes = sum(v for k, v in counts.items() if k.startswith("classes."))
    assert classes < len(big.parts) / 10
    # Supplier copies: same stem and fit, different price or stock.
    stems: dict[str, set[tuple[int, int]]] = {}
    for part in big.parts:
        if isinstance(part, JumpRing):
            stems.setdefault(part.sku.rsplit("-", 1)[0], set()).add((part.price.amount_cents, part.stock))
    assert max(len(v) for v in stems.values()) >= 5


def _valid_fraction(catalog: Catalog, style_id: str, n: int, seed: int) -> float:
    style = catalog.style(style_id)
    sampler, rng = AssemblySampler(catalog, style), random.Random(seed)
    order = [slot.name for slot in style.slots]
    request = Request(on_date=date(2026, 6, 1))
    valid = sum(evaluate(catalog, style, request, Assembly.build(style_id, order, sampler.sample(rng))).valid
                for _ in range(n))
    return valid / n


@pytest.mark.parametrize("style_id", STYLE_IDS)
def test_random_pieces_are_sometimes_valid(style_id: str) -> None:
    # Non-trivial but non-empty: roughly 1-5 % of uniformly random pieces are valid.
    fraction = _valid_fraction(generate_catalog(1000, seed=0), style_id, 800, seed=1)
    assert 0.005 <= fraction <= 0.5, fraction


def test_anchors_build_every_style_at_100_parts() -> None:
    catalog = generate_catalog(100, seed=9)

    def first(stem: str) -> str:
        return min((p.sku for p in catalog.parts if p.sku.startswith(stem + "-")),
                   key=lambda sku: int(sku.rsplit("-", 1)[1]))

    ring, small = first("JR-SS-20G-4.0"), first("JR-SS-22G-3.0")
    common = {"clasp": (first("CL-LOB-SS-10"),), "clasp_ring": (ring,)}
    pieces = {
        "charm-necklace": {"chain": (first("CH-CABLE-SS-18IN-1.2"),), "charms": (first("CM-HEART-SS"),),
                           "charm_ring": (small,), "gift_box": ("none",)},
        "name-necklace": {"chain": (first("CH-CABLE-SS-18IN-1.2"),), "nameplate": (first("NP-SCRIPT-SS"),),
                          "nameplate_ring": (small,), "plating": (first("PL-RH-0.75"),), "font": ("script",)},
        "clip-bracelet": {"chain": (first("CH-CLIP-SS-7IN-3.0"),), "clips": (first("CM-CLIP-SS"),)},
        "anklet": {"chain": (first("CH-CABLE-SS-10IN-1.2"),), "extender": (first("EX-SS-2IN"),),
                   "extender_ring": (ring,)},
    }
    for style_id, values in pieces.items():
        style = catalog.style(style_id)
        assembly = Assembly.build(style_id, [s.name for s in style.slots], common | values)
        result = evaluate(catalog, style, Request(on_date=date(2026, 6, 1)), assembly)
        assert result.valid, (style_id, result.violations)


def test_at_scale_each_template_is_validated_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """What keeps 10^5 parts generating in seconds, counted rather than timed so a busy machine
    cannot decide it: a template's supplier copies are copied from its first, validated SKU, and
    each price amount is validated once and shared."""
    validated: Counter[str] = Counter()
    templates: Counter[str] = Counter()

    def counting(kind: str, model: Any) -> Any:
        def build(**fields: Any) -> Any:
            validated[kind] += 1
            return model(**fields)
        return build

    for kind, model in generator.MODELS.items():
        monkeypatch.setitem(generator.MODELS, kind, counting(kind, model))
    drawn = generator._template

    def counted_template(rng: random.Random, kind: str) -> Any:
        templates[kind] += 1
        return drawn(rng, kind)

    monkeypatch.setattr(generator, "_template", counted_template)
    monkeypatch.setattr(generator, "_MONEY", {})
    amounts: Counter[int] = Counter()
    money = generator.Money

    def counted_money(**fields: Any) -> Any:
        amounts[fields["amount_cents"]] += 1
        return money(**fields)

    monkeypatch.setattr(generator, "Money", counted_money)
    catalog = generate_catalog(100_000, seed=0)
    assert len(catalog.parts) == 100_000
    anchors = {kind: len(found) for kind, found in generator._anchors().items()}
    for kind in generator.MODELS:
        assert validated[kind] == templates[kind] + anchors[kind], kind  # one per template, not per SKU
    assert sum(validated.values()) < len(catalog.parts) // 2
    assert amounts and max(amounts.values()) == 1  # every amount validated once
