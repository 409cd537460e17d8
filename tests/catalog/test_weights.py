"""Every part weighs what its metal and dimensions say, within ±25 %: jump rings as tori of their
wire and bore, chains and extenders by their links per length, in the metal's density."""

from __future__ import annotations

from decimal import Decimal

import pytest

from catalog.demo import load_demo_catalog
from catalog.generator import generate_catalog
from catalog.model import Catalog
from catalog.parts import Chain, Extender, JumpRing
from catalog.physics import DEFAULT_METALS, chain_mass_g, ring_mass_g
from catalog.types import BaseMetal, ChainStyle

TOLERANCE = 0.25
CATALOGS = {"demo": load_demo_catalog(), "generated": generate_catalog(1500, seed=7)}


def _physical(part: object) -> float | None:
    if isinstance(part, JumpRing):
        return ring_mass_g(part.wire_mm, part.inner_diameter_mm, DEFAULT_METALS[part.base_metal].density_g_cm3)
    if isinstance(part, Chain):
        return chain_mass_g(part.chain_style, part.width_mm, part.wire_mm, part.link_inner_mm, part.length_mm,
                            DEFAULT_METALS[part.base_metal].density_g_cm3)
    if isinstance(part, Extender):
        return chain_mass_g(ChainStyle.CABLE, part.link_inner_mm, part.link_wire_mm, part.link_inner_mm,
                            part.length_mm, DEFAULT_METALS[part.base_metal].density_g_cm3)
    return None


def test_a_24_awg_sterling_ring_weighs_seventeen_milligrams() -> None:
    # π²·(2.0 + 0.51)·0.51²/4 mm³ of sterling (10.36 g/cm³) is 0.0167 g, listed to the milligram.
    assert ring_mass_g(0.51, 2.0, 10.36) == pytest.approx(0.0167, abs=0.0002)
    assert CATALOGS["demo"].by_sku()["JR-SS-24G-2.0"].weight_g == Decimal("0.017")


@pytest.mark.parametrize("name", sorted(CATALOGS))
def test_every_ring_chain_and_extender_is_within_a_quarter_of_its_physical_weight(name: str) -> None:
    catalog: Catalog = CATALOGS[name]
    checked = 0
    for part in catalog.parts:
        physical = _physical(part)
        if physical is None:
            continue
        listed = float(part.weight_g)  # type: ignore[union-attr]
        assert abs(listed - physical) <= TOLERANCE * physical, (part.sku, listed, round(physical, 4))
        checked += 1
    assert checked >= 50


def test_metals_are_as_dense_as_handbooks_say() -> None:
    assert DEFAULT_METALS[BaseMetal.STERLING_SILVER].density_g_cm3 == 10.36
    assert DEFAULT_METALS[BaseMetal.GOLD_14K].density_g_cm3 > DEFAULT_METALS[BaseMetal.STERLING_SILVER].density_g_cm3
    assert DEFAULT_METALS[BaseMetal.GOLD_FILLED].density_g_cm3 < DEFAULT_METALS[BaseMetal.STERLING_SILVER].density_g_cm3
