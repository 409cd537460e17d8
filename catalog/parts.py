"""The six part kinds a brand stocks, as pydantic models with units in their field names."""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator
from pydantic_core import PydanticCustomError

from catalog.physics import AWG_WIRE_MM, SWG_WIRE_MM
from catalog.types import (
    BaseMetal,
    ChainStyle,
    ClaspType,
    Colour,
    Connector,
    FtcClass,
    GaugeSystem,
    PlatingMaterial,
    Production,
    Status,
    Surface,
    Underlayer,
)

SKU_PATTERN = r"^[A-Z0-9][A-Z0-9.-]{1,39}$"  # dots for sizes: JR-SS-18G-4.0
Mm = Annotated[float, Field(gt=0, le=1000)]
OpeningMm = Annotated[float, Field(gt=0, le=100)]


class Money(BaseModel):
    """An amount in integer minor units (cents) of an ISO 4217 currency."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    amount_cents: int = Field(ge=0)
    currency: str = Field("EUR", pattern=r"^[A-Z]{3}$")


CURRENCY_SYMBOLS = {"EUR": "€", "USD": "$", "GBP": "£", "JPY": "¥"}


def money_text(cents: int, currency: str) -> str:
    """An amount as a shopper reads it: €58.92, $1,250.00, CHF 12.50."""
    sign = "-" if cents < 0 else ""
    whole, part = divmod(abs(cents), 100)
    symbol = CURRENCY_SYMBOLS.get(currency)
    return f"{sign}{symbol}{whole:,}.{part:02d}" if symbol else f"{sign}{currency} {whole:,}.{part:02d}"


class _Model(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", use_enum_values=False)


class PartBase(_Model):
    sku: str = Field(pattern=SKU_PATTERN)
    name: str = Field(min_length=1, max_length=120)
    base_metal: BaseMetal
    colour: Colour
    surface: Surface = Surface.POLISHED
    price: Money
    # To the milligram: a fine jump ring weighs 0.017 g.
    weight_g: Decimal = Field(ge=0, le=1000, decimal_places=3)
    stock: int = Field(0, ge=0)
    production: Production = Production.STOCKED
    lead_time_days: int = Field(0, ge=0, le=365, description="days to make more when stock is short")
    moq: int = Field(1, ge=1, description="minimum order quantity when made to order")
    tooling: Money | None = Field(None, description="mould cost, spread over the ordered quantity")
    status: Status = Status.ACTIVE
    enamel: bool = False

    @property
    def platable(self) -> bool:
        """Plated with the piece only if nothing on it spoils in the bath (enamel, magnets)."""
        return not self.enamel

    @model_validator(mode="after")
    def _production_is_coherent(self) -> PartBase:
        if self.production is Production.CAST and self.tooling is None:
            raise PydanticCustomError("tooling_required", "a cast part needs its mould tooling cost")
        if self.tooling is not None and self.tooling.currency != self.price.currency:
            raise PydanticCustomError("currency_mismatch", "tooling and price must share a currency",
                                      {"field": "tooling.currency"})
        return self


class Chain(PartBase):
    kind: Literal["chain"] = "chain"
    chain_style: ChainStyle
    length_mm: Mm
    width_mm: OpeningMm
    wire_mm: OpeningMm
    end_link_inner_mm: OpeningMm = Field(description="opening of the end links that rings pass")
    link_inner_mm: OpeningMm = Field(description="opening of the body links that charm rings pass")
    max_load_g: Decimal = Field(ge=0, decimal_places=2, description="pendant load the chain carries")
    bail_slide: bool = Field(False, description="a slide bail can travel along it")
    charm_capacity: int = Field(0, ge=0, le=100, description="modular charms it holds at most")
    thread_mm: float | None = Field(None, gt=0, le=20, description="screw thread for screw charms")

    @model_validator(mode="after")
    def _links_fit_wire(self) -> Chain:
        if self.wire_mm >= self.width_mm * 1.01 and self.chain_style is not ChainStyle.SNAKE:
            raise PydanticCustomError("wire_wider_than_chain", "chain wire cannot exceed chain width")
        return self


class Clasp(PartBase):
    kind: Literal["clasp"] = "clasp"
    clasp_type: ClaspType
    loop_inner_mm: OpeningMm = Field(description="attachment loop opening")
    loop_wire_mm: OpeningMm
    gate_opening_mm: OpeningMm = Field(description="widest link wire the gate can hook")
    max_load_g: Decimal = Field(ge=0, decimal_places=2, description="hung weight it holds closed")
    length_mm: float = Field(ge=0, le=100)

    @property
    def magnetic(self) -> bool:
        return self.clasp_type is ClaspType.MAGNETIC

    @property
    def platable(self) -> bool:
        return not self.enamel and not self.magnetic


class Extender(PartBase):
    kind: Literal["extender"] = "extender"
    length_mm: float = Field(ge=25.4, le=152.4, description="1 to 6 in")
    link_wire_mm: OpeningMm
    link_inner_mm: OpeningMm
    end_link_inner_mm: OpeningMm


class JumpRing(PartBase):
    kind: Literal["jump_ring"] = "jump_ring"
    gauge_system: GaugeSystem = GaugeSystem.AWG
    wire_gauge: int | None = Field(None, ge=8, le=30)
    wire_mm: OpeningMm
    inner_diameter_mm: OpeningMm
    soldered: bool = False
    max_load_g: Decimal = Field(ge=0, decimal_places=2)

    @model_validator(mode="after")
    def _gauge_matches_wire(self) -> JumpRing:
        if self.wire_gauge is None:
            return self
        table = AWG_WIRE_MM if self.gauge_system is GaugeSystem.AWG else SWG_WIRE_MM
        if self.wire_gauge not in table:
            raise PydanticCustomError(
                "unknown_gauge", "no {system} gauge {gauge} in the wire table",
                {"system": self.gauge_system.value, "gauge": self.wire_gauge},
            )
        expected = table[self.wire_gauge]
        if abs(expected - self.wire_mm) > 0.03:
            raise PydanticCustomError(
                "gauge_mismatch", "{system} {gauge} is {expected} mm wire, not {wire}",
                {"system": self.gauge_system.value, "gauge": self.wire_gauge,
                 "expected": expected, "wire": self.wire_mm},
            )
        return self


class Charm(PartBase):
    kind: Literal["charm"] = "charm"
    # Hung weight is summed against loads in centigrams, exactly: charms to the centigram.
    weight_g: Decimal = Field(ge=0, le=1000, decimal_places=2)
    connector: Connector
    loop_inner_mm: float | None = Field(None, gt=0, le=50, description="hanging loop opening")
    loop_wire_mm: float | None = Field(None, gt=0, le=10)
    bail_inner_mm: float | None = Field(None, gt=0, le=50)
    clip_min_width_mm: float | None = Field(None, gt=0, le=50)
    clip_max_width_mm: float | None = Field(None, gt=0, le=50)
    thread_mm: float | None = Field(None, gt=0, le=20)
    nameplate: bool = False
    max_characters: int = Field(0, ge=0, le=40)
    price_per_character: Money | None = None
    fonts: tuple[str, ...] = ()

    @property
    def cut_fonts(self) -> str:
        """The fonts a nameplate is cut in, as one comparable value ("" when not restricted)."""
        return ",".join(sorted(self.fonts)) if self.nameplate else ""

    @model_validator(mode="after")
    def _connector_has_its_dimensions(self) -> Charm:
        needed = {
            Connector.DANGLE: ("loop_inner_mm", "loop_wire_mm"),
            Connector.SLIDE_BAIL: ("bail_inner_mm",),
            Connector.CLIP: ("clip_min_width_mm", "clip_max_width_mm"),
            Connector.SCREW: ("thread_mm",),
        }[self.connector]
        missing = [name for name in needed if getattr(self, name) is None]
        if missing:
            raise PydanticCustomError(
                "connector_dimension_missing", "a {connector} charm needs {missing}",
                {"connector": self.connector.value, "missing": ", ".join(missing)},
            )
        if (self.clip_min_width_mm or 0) > (self.clip_max_width_mm or 1e9):
            raise PydanticCustomError("clip_range_inverted", "clip_min_width_mm exceeds clip_max_width_mm")
        if self.nameplate and (self.max_characters < 1 or self.price_per_character is None):
            raise PydanticCustomError(
                "nameplate_text_missing", "a nameplate needs max_characters ≥ 1 and price_per_character"
            )
        return self


class Plating(_Model):
    """An electroplating service applied to the whole assembled piece."""

    kind: Literal["plating"] = "plating"
    sku: str = Field(pattern=SKU_PATTERN)
    name: str = Field(min_length=1, max_length=120)
    material: PlatingMaterial
    karat: int | None = Field(None, ge=1, le=24)
    thickness_um: float = Field(gt=0, le=50)
    underlayer: Underlayer = Underlayer.NONE
    allowed_base_metals: tuple[BaseMetal, ...] = Field(min_length=1)
    vermeil: bool = Field(False, description="sold as vermeil: ≥ 2.5 µm of ≥ 10k gold over sterling")
    price: Money
    lead_time_days: int = Field(0, ge=0, le=365)
    status: Status = Status.ACTIVE

    @property
    def colour(self) -> Colour:
        return {
            PlatingMaterial.RHODIUM: Colour.SILVER,
            PlatingMaterial.YELLOW_GOLD: Colour.YELLOW,
            PlatingMaterial.ROSE_GOLD: Colour.ROSE,
        }[self.material]

    @property
    def is_gold(self) -> bool:
        return self.material is not PlatingMaterial.RHODIUM

    @model_validator(mode="after")
    def _plating_is_lawful(self) -> Plating:
        if self.is_gold and self.karat is None:
            raise PydanticCustomError("karat_required", "a gold plating needs its karat")
        if not self.is_gold and self.karat is not None:
            raise PydanticCustomError("karat_not_gold", "rhodium has no karat")
        if self.vermeil:
            # Each refusal names the field at fault: the metal, the karat or the thickness.
            if not self.is_gold:
                raise PydanticCustomError("vermeil_not_gold", "vermeil is gold over sterling, not rhodium")
            if (self.karat or 0) < 10:
                raise PydanticCustomError(
                    "vermeil_karat", "vermeil needs at least 10k gold, not {karat}k", {"karat": self.karat}
                )
            if self.thickness_um < 2.5:
                raise PydanticCustomError(
                    "vermeil_layer", "vermeil needs at least 2.5 µm of gold, not {thickness} µm",
                    {"thickness": self.thickness_um},
                )
            others = [m.value for m in self.allowed_base_metals if m is not BaseMetal.STERLING_SILVER]
            if others:
                raise PydanticCustomError(
                    "vermeil_base_metal", "vermeil is only over sterling silver, not {others}",
                    {"others": ", ".join(others)},
                )
        if (
            self.material is PlatingMaterial.RHODIUM
            and BaseMetal.STERLING_SILVER in self.allowed_base_metals
            and self.underlayer is Underlayer.NONE
        ):
            raise PydanticCustomError(
                "rhodium_needs_underlayer", "silver needs an underlayer before rhodium"
            )
        return self

    def ftc_class(self, gold_electroplate_min_um: float = 0.175, heavy_min_um: float = 2.5,
                  min_karat: int = 10) -> FtcClass:
        if not self.is_gold:
            return FtcClass.NOT_GOLD
        if self.vermeil:
            return FtcClass.VERMEIL
        if (self.karat or 0) < min_karat or self.thickness_um < gold_electroplate_min_um:
            return FtcClass.FLASH
        if self.thickness_um >= heavy_min_um:
            return FtcClass.HEAVY_GOLD_ELECTROPLATE
        return FtcClass.GOLD_ELECTROPLATE


PhysicalPart = Chain | Clasp | Extender | JumpRing | Charm
Part = Annotated[Chain | Clasp | Extender | JumpRing | Charm | Plating, Field(discriminator="kind")]
