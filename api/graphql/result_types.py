"""GraphQL types for what the solver answers, converted 1:1 from solver.results.

Every answer carries `complete: Boolean!`: false when a time limit cut the work short, so a partial
answer is never presented as a whole one. Counts are BigInt (sent as strings).
"""

from __future__ import annotations

from typing import Any

import strawberry
from strawberry import relay
from strawberry.types import Info

from api.graphql import fields
from api.graphql.catalog_types import Money, PartNode, StyleNode
from api.graphql.context import ctx
from api.graphql.enums import PartKind, RuleCode, SlotKind
from api.graphql.scalars import BigInt
from api.state import Snapshot
from solver import results as res
from solver.assembly import Evaluation
from solver.results import ExitStatus


def complete(status: ExitStatus) -> bool:
    return status is ExitStatus.COMPLETE


@strawberry.type(description="Why a candidate is unavailable or an assembly invalid: a stable rule code.")
class Reason:
    code: RuleCode
    message: str
    skus: list[str]
    amount_cents: int | None = strawberry.field(
        default=None, description="A money reason's amount (BUDGET: the cheapest piece), in the catalog's cents."
    )
    limit_cents: int | None = strawberry.field(
        default=None, description="A money reason's limit (BUDGET: the budget), in the catalog's cents."
    )

    @fields.field(description="The parts the reason names.")
    async def parts(self, info: Info[Any, Any]) -> list[PartNode]:
        return await ctx(info).loaders.parts_of(self.skus)

    @staticmethod
    def of(reason: res.Reason) -> Reason:
        return Reason(code=reason.code, message=reason.message, skus=list(reason.skus),
                      amount_cents=reason.amount_cents, limit_cents=reason.limit_cents)


@strawberry.type
class PriceBreakdown:
    parts: Money
    plating: Money
    labour: Money
    engraving: Money
    options: Money
    total: Money


@strawberry.type
class BuildStep:
    action: str = strawberry.field(description="join, solder, plate or inspect")
    detail: str


@strawberry.type(description="What one slot of an assembly holds: SKUs, or an option code.")
class AssemblySlot:
    slot: str
    values: list[str]

    @strawberry.field
    async def parts(self, info: Info[Any, Any]) -> list[PartNode]:
        return await ctx(info).loaders.parts_of(self.values)


@strawberry.type(description="A complete piece: each slot's content, its price, lead time and build steps.")
class Assembly:
    style_handle: str
    slots: list[AssemblySlot]
    skus: list[str]
    price: PriceBreakdown
    lead_time_days: int
    valid: bool
    violations: list[Reason]
    steps: list[BuildStep]
    warnings: list[str]

    @strawberry.field
    async def style(self, info: Info[Any, Any]) -> StyleNode | None:
        return await ctx(info).loaders.styles.load(self.style_handle)


def assembly(evaluation: Evaluation, snapshot: Snapshot) -> Assembly:
    """The GraphQL assembly; `skus` lists parts only (option slots hold value codes, not SKUs)."""

    def money(cents: int) -> Money:
        return Money.of(cents, snapshot.currency)

    style = snapshot.styles.get(evaluation.assembly.style_id)
    option_slots = {slot.name for slot in style.slots if slot.kind is SlotKind.OPTION} if style else set()

    price = evaluation.price
    return Assembly(
        style_handle=evaluation.assembly.style_id,
        slots=[AssemblySlot(slot=name, values=list(values)) for name, values in evaluation.assembly.choice],
        skus=[v for name, values in evaluation.assembly.choice if name not in option_slots for v in values],
        price=PriceBreakdown(
            parts=money(price.parts_cents),
            plating=money(price.plating_cents),
            labour=money(price.labour_cents),
            engraving=money(price.engraving_cents),
            options=money(price.options_cents),
            total=money(price.total_cents),
        ),
        lead_time_days=evaluation.lead_time_days,
        valid=evaluation.valid,
        violations=[Reason.of(res.Reason.of(v)) for v in evaluation.violations],
        steps=[BuildStep(action=step.action, detail=step.detail) for step in evaluation.steps],
        warnings=list(evaluation.warnings),
    )


# --- assemblies, count, recommend, explain -----------------------------------------------------


@strawberry.type
class AssemblyEdge:
    cursor: str
    node: Assembly


@strawberry.type(description="Valid assemblies in a stable order (price, then SKUs slot by slot).")
class AssemblyConnection:
    edges: list[AssemblyEdge]
    page_info: relay.PageInfo
    total_count: BigInt | None = strawberry.field(
        description="The exact number of valid assemblies for the selection (null if not known)."
    )
    complete: bool

    @strawberry.field
    def nodes(self) -> list[Assembly]:
        return [edge.node for edge in self.edges]


@strawberry.type
class AssemblyCount:
    count: BigInt = strawberry.field(description="Exact when complete; a lower bound otherwise.")
    complete: bool


def count(result: res.CountResult) -> AssemblyCount:
    return AssemblyCount(count=BigInt(result.count), complete=complete(result.status))


@strawberry.type(description="The best distinct assemblies within budget, diverse, cheapest first.")
class Recommendations:
    items: list[Assembly]
    complete: bool


def recommendations(result: res.Recommendations, snapshot: Snapshot) -> Recommendations:
    return Recommendations(
        items=[assembly(e, snapshot) for e in result.items], complete=complete(result.status)
    )


@strawberry.type(description="A requirement the shopper set: pick:<slot>, budget, deadline, nickel_free…")
class Requirement:
    name: str
    description: str


@strawberry.type(
    description="Dropping `drop` restores a solution; `to` says how far to move a budget or deadline."
)
class Relaxation:
    drop: list[str]
    description: str
    to: BigInt | None


@strawberry.type(description="When nothing fits: a minimal conflicting set of requirements and the fixes.")
class Explanation:
    satisfiable: bool
    conflict: list[Requirement]
    relaxations: list[Relaxation]
    complete: bool


def explanation(result: res.Explanation) -> Explanation:
    return Explanation(
        satisfiable=result.satisfiable,
        conflict=[Requirement(name=r.name, description=r.description) for r in result.conflict],
        relaxations=[
            Relaxation(
                drop=list(r.drop), description=r.description, to=BigInt(r.to) if r.to is not None else None
            )
            for r in result.relaxations
        ],
        complete=complete(result.status),
    )


# --- add-ons, impact, lint ---------------------------------------------------------------------


@strawberry.type(description="A module that attaches to the owned piece as it is, with the ring it needs.")
class AddOn:
    slot: str
    skus: list[str]
    price: Money
    assembly: Assembly = strawberry.field(description="The extended piece, checked whole.")

    @strawberry.field
    async def parts(self, info: Info[Any, Any]) -> list[PartNode]:
        return await ctx(info).loaders.parts_of(self.skus)


@strawberry.type(description="What fits an owned piece, cheapest first (each module with its cheapest ring).")
class AddOns:
    style_handle: str | None = strawberry.field(description="The style the piece was recognised as.")
    items: list[AddOn]
    reasons: list[Reason] = strawberry.field(description="Why nothing fits, when nothing does.")
    complete: bool

    @strawberry.field
    async def style(self, info: Info[Any, Any]) -> StyleNode | None:
        if self.style_handle is None:
            return None
        return await ctx(info).loaders.styles.load(self.style_handle)


def add_ons(result: res.AddOns, snapshot: Snapshot) -> AddOns:
    return AddOns(
        style_handle=result.style_id,
        items=[
            AddOn(
                slot=item.slot,
                skus=list(item.skus),
                price=Money.of(item.price_cents, snapshot.currency),
                assembly=assembly(item.evaluation, snapshot),
            )
            for item in result.items
        ],
        reasons=[Reason.of(r) for r in result.reasons],
        complete=complete(result.status),
    )


@strawberry.type
class StyleCount:
    style_handle: str
    count: BigInt
    complete: bool
    compiled_size: CompiledSize | None = strawberry.field(
        default=None, description="The style's compiled space (catalogReport only).")

    @strawberry.field
    async def style(self, info: Info[Any, Any]) -> StyleNode | None:
        return await ctx(info).loaders.styles.load(self.style_handle)


@strawberry.type(description="How big a style's compiled space is: what one request walks and evaluates.")
class CompiledSize:
    part_classes: int = strawberry.field(description="Classes of interchangeable parts over every part slot.")
    hubs: int = strawberry.field(description="Finish modes x chain classes x combinations of hub options and of "
                                 "the values tables can tell apart in lifted clasp, extender and ring slots.")
    network_slots: int = strawberry.field(description="Option slots compiled into the rule network.")
    network_width: int = strawberry.field(description="The rule network's largest bag, in option slots.")
    network_entries: int = strawberry.field(description="Table entries over every bag of the rule network.")


def style_count(result: res.StyleCount) -> StyleCount:
    size = result.compiled
    return StyleCount(
        style_handle=result.style_id, count=BigInt(result.count), complete=complete(result.status),
        compiled_size=None if size is None else CompiledSize(
            part_classes=size.part_classes, hubs=size.hubs, network_slots=size.network_slots,
            network_width=size.network_width, network_entries=size.network_entries),
    )


@strawberry.type(description="What a module changes: buildable assemblies it is part of, per style.")
class ImpactReport:
    sku: str
    counts: list[StyleCount]
    dead: bool = strawberry.field(description="True when it is in no valid assembly of any style.")
    reasons: list[str] = strawberry.field(description="Why it is dead, when it is.")
    complete: bool

    @fields.field(description="Assemblies containing it, over all styles.")
    def total(self) -> BigInt:
        return BigInt(sum(int(c.count) for c in self.counts))


def impact(result: res.ImpactReport) -> ImpactReport:
    return ImpactReport(
        sku=result.sku,
        counts=[style_count(c) for c in result.counts],
        dead=result.dead,
        reasons=list(result.reasons),
        complete=complete(result.status),
    )


@strawberry.type
class DeadPart:
    sku: str
    kind: PartKind
    reason: str

    @strawberry.field
    async def part(self, info: Info[Any, Any]) -> PartNode | None:
        return await ctx(info).loaders.parts.load(self.sku)


@strawberry.type(description="The catalog's health: counts per style, dead parts, unreachable styles.")
class CatalogReport:
    catalog_version: int
    style_counts: list[StyleCount]
    dead_parts: list[DeadPart]
    unreachable_styles: list[str] = strawberry.field(description="Handles of styles with no valid assembly.")
    complete: bool


def catalog_report(result: res.LintReport, version: int) -> CatalogReport:
    return CatalogReport(
        catalog_version=version,
        style_counts=[style_count(c) for c in result.style_counts],
        dead_parts=[DeadPart(sku=d.sku, kind=PartKind(d.kind), reason=d.reason) for d in result.dead_parts],
        unreachable_styles=list(result.unreachable_styles),
        complete=complete(result.status),
    )
