"""GraphQL types for what the catalog holds: money, parts of each kind, styles, rules, versions.

Parts and styles are Relay nodes: `id` is a global ID ("Chain:CH-CABLE-45" in base64), `sku` and
`handle` are the catalog's own keys. Each object is built from the catalog's pydantic model by the
`*_node` functions at the bottom; nothing here decides anything about the domain.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime
from typing import Any

import strawberry
from strawberry import relay
from strawberry.scalars import JSON
from strawberry.types import Info

from api.graphql.context import ctx
from api.graphql.enums import (
    BaseMetal,
    ChainStyle,
    ClaspType,
    Colour,
    Connector,
    FtcClass,
    GaugeSystem,
    PartKind,
    PlatingMaterial,
    Production,
    RuleMode,
    SlotKind,
    Status,
    Surface,
    Underlayer,
)
from catalog import parts as models
from catalog.compat import AttributeRef as AttributeRefModel
from catalog.compat import CompatibilityRule
from catalog.styles import AttributeFilter as AttributeFilterModel
from catalog.styles import Style as StyleModel


@strawberry.type(description="An amount in integer minor units (cents) of an ISO 4217 currency.")
class Money:
    amount_cents: int
    currency: str

    @staticmethod
    def of(amount_cents: int, currency: str) -> Money:
        return Money(amount_cents=amount_cents, currency=currency)

    @staticmethod
    def from_model(money: models.Money) -> Money:
        return Money(amount_cents=money.amount_cents, currency=money.currency)


# --- parts --------------------------------------------------------------------------------------


@strawberry.interface(name="Part", description="Anything a piece is made of, or a plating applied to it.")
class PartNode(relay.Node):
    sku: str
    name: str
    kind: PartKind
    price: Money
    lead_time_days: int
    status: Status
    attributes: JSON = strawberry.field(
        description="Every field of the part as the catalog file stores it (snake_case keys)."
    )

    @classmethod
    def resolve_id(cls, root: PartNode, *, info: Info[Any, Any]) -> str:
        return root.sku

    @classmethod
    def resolve_nodes(  # type: ignore[override]
        cls, *, info: Info[Any, Any], node_ids: Iterable[str], required: bool = False
    ) -> list[PartNode | None]:
        parts = ctx(info).snapshot.parts
        found: list[PartNode | None] = []
        for sku in node_ids:
            part = parts.get(sku)
            node = part_node(part) if part is not None else None
            found.append(node if isinstance(node, cls) else None)
        return found


@strawberry.interface(name="PhysicalPart", description="A part with a body: metal, weight and stock.")
class PhysicalPartNode(PartNode):
    base_metal: BaseMetal
    colour: Colour
    surface: Surface
    weight_g: float
    stock: int
    production: Production
    moq: int
    tooling: Money | None
    enamel: bool
    platable: bool


@strawberry.type(name="Chain")
class ChainNode(PhysicalPartNode):
    chain_style: ChainStyle
    length_mm: float
    width_mm: float
    wire_mm: float
    end_link_inner_mm: float
    link_inner_mm: float
    max_load_g: float
    bail_slide: bool
    charm_capacity: int
    thread_mm: float | None


@strawberry.type(name="Clasp")
class ClaspNode(PhysicalPartNode):
    clasp_type: ClaspType
    loop_inner_mm: float
    loop_wire_mm: float
    gate_opening_mm: float
    max_load_g: float
    length_mm: float
    magnetic: bool


@strawberry.type(name="Extender")
class ExtenderNode(PhysicalPartNode):
    length_mm: float
    link_wire_mm: float
    link_inner_mm: float
    end_link_inner_mm: float


@strawberry.type(name="JumpRing")
class JumpRingNode(PhysicalPartNode):
    gauge_system: GaugeSystem
    wire_gauge: int | None
    wire_mm: float
    inner_diameter_mm: float
    soldered: bool
    max_load_g: float


@strawberry.type(name="Charm")
class CharmNode(PhysicalPartNode):
    connector: Connector
    loop_inner_mm: float | None
    loop_wire_mm: float | None
    bail_inner_mm: float | None
    clip_min_width_mm: float | None
    clip_max_width_mm: float | None
    thread_mm: float | None
    nameplate: bool
    max_characters: int
    price_per_character: Money | None
    fonts: list[str]


@strawberry.type(name="Plating", description="Electroplating applied to the whole assembled piece.")
class PlatingNode(PartNode):
    material: PlatingMaterial
    karat: int | None
    thickness_um: float
    underlayer: Underlayer
    allowed_base_metals: list[BaseMetal]
    vermeil: bool
    colour: Colour
    ftc_class: FtcClass = strawberry.field(description="The FTC 16 CFR 23 name for this gold layer.")


# --- styles -------------------------------------------------------------------------------------


@strawberry.type
class AttributeFilter:
    attribute: str
    values: list[JSON]
    min: float | None
    max: float | None

    @staticmethod
    def from_model(flt: AttributeFilterModel) -> AttributeFilter:
        return AttributeFilter(
            attribute=flt.attribute, values=[JSON(v) for v in flt.values], min=flt.min, max=flt.max
        )


@strawberry.type(description="A choice of an option slot (engraving font, gift box).")
class OptionValue:
    code: str
    label: str
    price: Money


@strawberry.type
class Slot:
    name: str
    kind: SlotKind
    min_count: int
    max_count: int
    optional: bool
    multi: bool
    filters: list[AttributeFilter]
    values: list[OptionValue]


@strawberry.type(description="Two slots joined, through a jump-ring slot or directly.")
class Join:
    a: str
    b: str
    ring: str | None


@strawberry.type(name="Style", description="An assembly template: slots, the joins between them, limits.")
class StyleNode(relay.Node):
    handle: str = strawberry.field(description="The style's own id, as the catalog names it.")
    name: str
    description: str
    slots: list[Slot]
    joins: list[Join]
    min_length_mm: float
    max_length_mm: float
    plate_after_assembly: bool
    labour_per_joint: Money
    inspection: list[str]

    @classmethod
    def resolve_id(cls, root: StyleNode, *, info: Info[Any, Any]) -> str:
        return root.handle

    @classmethod
    def resolve_nodes(  # type: ignore[override]
        cls, *, info: Info[Any, Any], node_ids: Iterable[str], required: bool = False
    ) -> list[StyleNode | None]:
        styles = ctx(info).snapshot.styles
        return [style_node(styles[key]) if key in styles else None for key in node_ids]


# --- rules, versions, owned pieces -------------------------------------------------------------


@strawberry.type(description="An attribute of the parts of one kind, or of an option slot.")
class AttributeRef:
    kind: SlotKind
    attribute: str
    option_slot: str | None

    @staticmethod
    def from_model(ref: AttributeRefModel) -> AttributeRef:
        return AttributeRef(kind=ref.kind, attribute=ref.attribute, option_slot=ref.option_slot)


@strawberry.type
class RulePair:
    left: JSON
    right: JSON


@strawberry.type(name="Rule", description="A merchandiser's compatibility table over the attributes of any slots, "
                 "or a counting rule over the charms of a piece (mode AT_MOST / AT_LEAST).")
class RuleType:
    id: str
    description: str
    columns: list[AttributeRef] = strawberry.field(description="What each column reads (two or more for a table; "
                                                               "charm attributes, one or more, for a counting rule).")
    rows: list[list[JSON]] = strawberry.field(description="The table: one value per column in each row.")
    left: AttributeRef = strawberry.field(description="The first column.")
    right: AttributeRef | None = strawberry.field(description="The second column; null for a one-column counting rule.")
    mode: RuleMode
    count: int | None = strawberry.field(description="AT_MOST / AT_LEAST: how many charms whose values are a row "
                                                     "the piece may hold; null for a table.")
    pairs: list[RulePair] | None = strawberry.field(description="The rows of a two-column rule; null for wider ones.")
    styles: list[str] = strawberry.field(description="Style handles it applies to; empty means all.")
    effective_from: date | None
    effective_until: date | None


@strawberry.type
class CatalogVersion:
    version: int
    created_at: datetime
    message: str
    part_count: int


@strawberry.type(description="A piece sold under an order reference: its SKUs, nothing personal.")
class OwnedPiece:
    order_reference: str
    skus: list[str]
    catalog_version: int = strawberry.field(description="The catalog version when it was registered.")

    @strawberry.field
    async def parts(self, info: Info[Any, Any]) -> list[PartNode]:
        return await ctx(info).loaders.parts_of(self.skus)


# --- conversions --------------------------------------------------------------------------------


def _physical(part: models.PartBase) -> dict[str, Any]:
    return dict(
        sku=part.sku,
        name=part.name,
        price=Money.from_model(part.price),
        lead_time_days=part.lead_time_days,
        status=part.status,
        attributes=JSON(part.model_dump(mode="json")),
        base_metal=part.base_metal,
        colour=part.colour,
        surface=part.surface,
        weight_g=float(part.weight_g),
        stock=part.stock,
        production=part.production,
        moq=part.moq,
        tooling=Money.from_model(part.tooling) if part.tooling else None,
        enamel=part.enamel,
        platable=part.platable,
    )


def part_node(
    part: models.Chain | models.Clasp | models.Extender | models.JumpRing | models.Charm | models.Plating,
) -> PartNode:
    """The GraphQL object for a catalog part of any kind."""
    if isinstance(part, models.Plating):
        return PlatingNode(
            sku=part.sku,
            name=part.name,
            kind=PartKind.PLATING,
            price=Money.from_model(part.price),
            lead_time_days=part.lead_time_days,
            status=part.status,
            attributes=JSON(part.model_dump(mode="json")),
            material=part.material,
            karat=part.karat,
            thickness_um=part.thickness_um,
            underlayer=part.underlayer,
            allowed_base_metals=list(part.allowed_base_metals),
            vermeil=part.vermeil,
            colour=part.colour,
            ftc_class=part.ftc_class(),
        )
    common = _physical(part)
    if isinstance(part, models.Chain):
        return ChainNode(
            **common,
            kind=PartKind.CHAIN,
            chain_style=part.chain_style,
            length_mm=part.length_mm,
            width_mm=part.width_mm,
            wire_mm=part.wire_mm,
            end_link_inner_mm=part.end_link_inner_mm,
            link_inner_mm=part.link_inner_mm,
            max_load_g=float(part.max_load_g),
            bail_slide=part.bail_slide,
            charm_capacity=part.charm_capacity,
            thread_mm=part.thread_mm,
        )
    if isinstance(part, models.Clasp):
        return ClaspNode(
            **common,
            kind=PartKind.CLASP,
            clasp_type=part.clasp_type,
            loop_inner_mm=part.loop_inner_mm,
            loop_wire_mm=part.loop_wire_mm,
            gate_opening_mm=part.gate_opening_mm,
            max_load_g=float(part.max_load_g),
            length_mm=part.length_mm,
            magnetic=part.magnetic,
        )
    if isinstance(part, models.Extender):
        return ExtenderNode(
            **common,
            kind=PartKind.EXTENDER,
            length_mm=part.length_mm,
            link_wire_mm=part.link_wire_mm,
            link_inner_mm=part.link_inner_mm,
            end_link_inner_mm=part.end_link_inner_mm,
        )
    if isinstance(part, models.JumpRing):
        return JumpRingNode(
            **common,
            kind=PartKind.JUMP_RING,
            gauge_system=part.gauge_system,
            wire_gauge=part.wire_gauge,
            wire_mm=part.wire_mm,
            inner_diameter_mm=part.inner_diameter_mm,
            soldered=part.soldered,
            max_load_g=float(part.max_load_g),
        )
    return CharmNode(
        **common,
        kind=PartKind.CHARM,
        connector=part.connector,
        loop_inner_mm=part.loop_inner_mm,
        loop_wire_mm=part.loop_wire_mm,
        bail_inner_mm=part.bail_inner_mm,
        clip_min_width_mm=part.clip_min_width_mm,
        clip_max_width_mm=part.clip_max_width_mm,
        thread_mm=part.thread_mm,
        nameplate=part.nameplate,
        max_characters=part.max_characters,
        price_per_character=Money.from_model(part.price_per_character) if part.price_per_character else None,
        fonts=list(part.fonts),
    )


def style_node(style: StyleModel) -> StyleNode:
    return StyleNode(
        handle=style.id,
        name=style.name,
        description=style.description,
        slots=[
            Slot(
                name=slot.name,
                kind=slot.kind,
                min_count=slot.min_count,
                max_count=slot.max_count,
                optional=slot.optional,
                multi=slot.multi,
                filters=[AttributeFilter.from_model(flt) for flt in slot.filters],
                values=[
                    OptionValue(code=v.code, label=v.label, price=Money.from_model(v.price))
                    for v in slot.values
                ],
            )
            for slot in style.slots
        ],
        joins=[Join(a=join.a, b=join.b, ring=join.ring) for join in style.joins],
        min_length_mm=style.min_length_mm,
        max_length_mm=style.max_length_mm,
        plate_after_assembly=style.plate_after_assembly,
        labour_per_joint=Money.from_model(style.labour_per_joint),
        inspection=list(style.inspection),
    )


def rule_type(rule: CompatibilityRule) -> RuleType:
    return RuleType(
        id=rule.id,
        description=rule.description,
        columns=[AttributeRef.from_model(column) for column in rule.columns],
        rows=[[JSON(value) for value in row] for row in rule.rows],
        left=AttributeRef.from_model(rule.left),
        right=AttributeRef.from_model(rule.right) if len(rule.columns) > 1 else None,
        mode=RuleMode(rule.mode),
        count=rule.count,
        pairs=([RulePair(left=JSON(row[0]), right=JSON(row[1])) for row in rule.rows]
               if len(rule.columns) == 2 else None),
        styles=list(rule.styles),
        effective_from=rule.effective_from,
        effective_until=rule.effective_until,
    )
