"""Fixtures for the catalog store and file-format tests: a small real catalog and store backends.

The catalog is built here from the models (not from the demo catalog) so these tests depend only
on catalog.models. Store backends: SQLite always; PostgreSQL when LINKWISE_TEST_POSTGRES_URL names
a server (see .ci/postgres.sh), each test in a fresh schema that is dropped afterwards.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from catalog.compat import AttributeRef, CompatibilityRule
from catalog.model import Catalog
from catalog.parts import Chain, Charm, Clasp, Extender, JumpRing, Money, Plating
from catalog.store import Store
from catalog.styles import Join, OptionValue, Slot, Style
from catalog.types import (
    BaseMetal,
    ChainStyle,
    ClaspType,
    Colour,
    Connector,
    PlatingMaterial,
    Production,
    SlotKind,
    Underlayer,
)
from tests.postgres import postgres_schema


def eur(cents: int) -> Money:
    return Money(amount_cents=cents, currency="EUR")


def make_chain(sku: str = "CH-CABLE-45", **changes: Any) -> Chain:
    """An 18 in (457 mm) sterling cable chain, 1.5 mm wide: the most common pendant chain."""
    fields: dict[str, Any] = dict(
        sku=sku, name="Cable chain 45 cm", base_metal=BaseMetal.STERLING_SILVER, colour=Colour.SILVER,
        price=eur(3900), weight_g=Decimal("2.35"), stock=120, lead_time_days=0,
        chain_style=ChainStyle.CABLE, length_mm=457.2, width_mm=1.5, wire_mm=0.45,
        end_link_inner_mm=1.2, link_inner_mm=0.9, max_load_g=Decimal("15.00"), bail_slide=True,
        charm_capacity=5,
    )
    fields.update(changes)
    return Chain(**fields)


def make_clasp(sku: str = "CL-LOB-10", **changes: Any) -> Clasp:
    fields: dict[str, Any] = dict(
        sku=sku, name="Lobster clasp 10 mm", base_metal=BaseMetal.STERLING_SILVER, colour=Colour.SILVER,
        price=eur(650), weight_g=Decimal("0.40"), stock=800, clasp_type=ClaspType.LOBSTER,
        loop_inner_mm=1.6, loop_wire_mm=0.7, gate_opening_mm=1.1, max_load_g=Decimal("40.00"),
        length_mm=10.0,
    )
    fields.update(changes)
    return Clasp(**fields)


def make_ring(sku: str = "JR-20-4", **changes: Any) -> JumpRing:
    """AWG 20 (0.81 mm) open jump ring, 4 mm inner diameter."""
    fields: dict[str, Any] = dict(
        sku=sku, name="Jump ring 20 ga 4 mm", base_metal=BaseMetal.STERLING_SILVER, colour=Colour.SILVER,
        price=eur(35), weight_g=Decimal("0.05"), stock=5000, wire_gauge=20, wire_mm=0.81,
        inner_diameter_mm=4.0, max_load_g=Decimal("20.00"),
    )
    fields.update(changes)
    return JumpRing(**fields)


def make_extender(sku: str = "EX-2IN", **changes: Any) -> Extender:
    fields: dict[str, Any] = dict(
        sku=sku, name="Extender 2 in", base_metal=BaseMetal.STERLING_SILVER, colour=Colour.SILVER,
        price=eur(900), weight_g=Decimal("0.60"), stock=300, length_mm=50.8, link_wire_mm=0.6,
        link_inner_mm=2.0, end_link_inner_mm=2.5,
    )
    fields.update(changes)
    return Extender(**fields)


def make_charm(sku: str = "CM-NAME-1", **changes: Any) -> Charm:
    """A laser-cut nameplate, made to order: MOQ 1, a few days, priced per character."""
    fields: dict[str, Any] = dict(
        sku=sku, name="Nameplate script", base_metal=BaseMetal.STERLING_SILVER, colour=Colour.SILVER,
        price=eur(2500), weight_g=Decimal("1.80"), stock=0, production=Production.MADE_TO_ORDER,
        lead_time_days=4, connector=Connector.DANGLE, loop_inner_mm=2.0, loop_wire_mm=0.8,
        nameplate=True, max_characters=10, price_per_character=eur(150), fonts=("script", "block"),
    )
    fields.update(changes)
    return Charm(**fields)


def make_plating(sku: str = "PL-RH-075", **changes: Any) -> Plating:
    """0.75 µm rhodium over a palladium barrier (silver needs an underlayer before rhodium)."""
    fields: dict[str, Any] = dict(
        sku=sku, name="Rhodium 0.75 µm", material=PlatingMaterial.RHODIUM, thickness_um=0.75,
        underlayer=Underlayer.PALLADIUM,
        allowed_base_metals=(BaseMetal.STERLING_SILVER, BaseMetal.BRASS), price=eur(1200),
        lead_time_days=2,
    )
    fields.update(changes)
    return Plating(**fields)


def make_style(style_id: str = "name-necklace", **changes: Any) -> Style:
    """clasp —ring— chain —ring— extender, charm —ring— chain; plated after assembly."""
    fields: dict[str, Any] = dict(
        id=style_id, name="Name necklace",
        slots=(
            Slot(name="chain", kind=SlotKind.CHAIN),
            Slot(name="clasp", kind=SlotKind.CLASP),
            Slot(name="clasp_ring", kind=SlotKind.JUMP_RING),
            Slot(name="extender", kind=SlotKind.EXTENDER, min_count=0),
            Slot(name="extender_ring", kind=SlotKind.JUMP_RING, min_count=0),
            Slot(name="charm", kind=SlotKind.CHARM, min_count=0, max_count=3),
            Slot(name="charm_ring", kind=SlotKind.JUMP_RING, min_count=0),
            Slot(name="plating", kind=SlotKind.PLATING),
            Slot(name="gift_box", kind=SlotKind.OPTION, min_count=0, values=(
                OptionValue(code="pouch", label="Velvet pouch"),
                OptionValue(code="box", label="Gift box", price=eur(450)),
            )),
        ),
        joins=(
            Join(a="clasp", b="chain", ring="clasp_ring"),
            Join(a="chain", b="extender", ring="extender_ring"),
            Join(a="charm", b="chain", ring="charm_ring"),
        ),
        min_length_mm=406.4, max_length_mm=558.8, plate_after_assembly=True, labour_per_joint=eur(200),
    )
    fields.update(changes)
    return Style(**fields)


def make_rule(rule_id: str = "no-rope-nameplates", **changes: Any) -> CompatibilityRule:
    fields: dict[str, Any] = dict(
        id=rule_id, description="Rope chains twist nameplates",
        left=AttributeRef(kind=SlotKind.CHAIN, attribute="chain_style"),
        right=AttributeRef(kind=SlotKind.CHARM, attribute="nameplate"),
        mode="forbidden", pairs=(("rope", True),), styles=("name-necklace",),
        effective_from=date(2026, 1, 1),
    )
    fields.update(changes)
    return CompatibilityRule(**fields)


def make_catalog(**changes: Any) -> Catalog:
    fields: dict[str, Any] = dict(
        currency="EUR",
        parts=(make_chain(), make_clasp(), make_ring(), make_extender(), make_charm(), make_plating()),
        styles=(make_style(),),
        rules=(make_rule(),),
    )
    fields.update(changes)
    return Catalog(**fields)


class Build:
    """The builders above, handed to tests as the `build` fixture.

    A fixture rather than `from conftest import …`: several directories may hold a conftest.py,
    and which one that import finds depends on collection order.
    """

    eur = staticmethod(eur)
    chain = staticmethod(make_chain)
    clasp = staticmethod(make_clasp)
    ring = staticmethod(make_ring)
    extender = staticmethod(make_extender)
    charm = staticmethod(make_charm)
    plating = staticmethod(make_plating)
    style = staticmethod(make_style)
    rule = staticmethod(make_rule)
    catalog = staticmethod(make_catalog)

    @staticmethod
    def chains(count: int) -> tuple[Chain, ...]:
        """`count` distinct chains, 400.0 mm upwards in 0.1 mm steps."""
        return tuple(
            make_chain(sku=f"CH-{i:05d}", length_mm=400 + i / 10, price=eur(3000 + i)) for i in range(count)
        )


@pytest.fixture
def build() -> type[Build]:
    return Build


@pytest.fixture
def small_catalog() -> Catalog:
    """Chain, clasp, jump ring, extender, nameplate charm, rhodium plating; one style, one rule."""
    return make_catalog()


def _sqlite_url(tmp_path: Path) -> Iterator[str]:
    yield f"sqlite:///{tmp_path / 'catalog.db'}"


def _postgres_url() -> Iterator[str]:
    """A fresh schema per test, selected through the connection's search_path, dropped afterwards."""
    with postgres_schema() as url:
        yield url


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def store_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A database URL for a store with nothing in it, on each backend."""
    if request.param == "sqlite":
        yield from _sqlite_url(tmp_path)
    else:
        yield from _postgres_url()


@pytest.fixture
def store(store_url: str) -> Iterator[Store]:
    """An empty store with its tables, on each backend."""
    opened = Store.from_url(store_url)
    opened.create_schema()
    try:
        yield opened
    finally:
        opened.close()
