"""The Query root: the catalog (styles, parts, rules, versions) and the solver's answers.

Shopper and owner queries need no token; `catalogReport` and `impact` are merchandiser tools.
Every solver call runs in a worker thread on the request's catalog snapshot.
"""

from __future__ import annotations

from typing import Any

import strawberry
from strawberry import relay
from strawberry.permission import BasePermission
from strawberry.types import Info

from api.graphql import fields
from api.graphql import option_types as ot
from api.graphql import result_types as rt
from api.graphql.auth import IsMerchandiser
from api.graphql.catalog_types import (
    CatalogVersion,
    OwnedPiece,
    PartNode,
    RuleType,
    StyleNode,
    part_node,
    rule_type,
    style_node,
)
from api.graphql.connections import (
    PartConnection,
    PartEdge,
    StyleConnection,
    StyleEdge,
    assembly_cursor,
    key_window,
    page_info,
    read_assembly_cursor,
)
from api.graphql.context import ctx
from api.graphql.enums import BaseMetal, Colour, PartKind, Status
from api.graphql.errors import ApiError, relocated
from api.graphql.inputs import (
    AttributeFilterInput,
    PieceInput,
    SelectionInput,
    SlotValuesInput,
    piece_skus,
    request_of,
    style_handle,
    validated,
)
from api.graphql.limits import bounded, page_size
from api.graphql.offload import blocking, solve
from api.graphql.scalars import BigInt
from catalog.attributes import filter_admits
from catalog.exceptions import LinkwiseError
from catalog.parts import Part
from catalog.styles import AttributeFilter
from solver.request import Request
from solver.service import MAX_PAGE as SOLVER_MAX_PAGE


@strawberry.input(description="Narrows `parts`: every given condition must hold.")
class PartFilter:
    status: Status | None = None
    base_metals: list[BaseMetal] | None = None
    colours: list[Colour] | None = None
    search: str | None = strawberry.field(default=None, description="Case-insensitive, in SKU or name.")
    skus: list[str] | None = None
    attributes: list[AttributeFilterInput] | None = None


def _matches(part: Part, flt: PartFilter, attribute_filters: list[AttributeFilter]) -> bool:
    if flt.status is not None and part.status is not flt.status:
        return False
    if flt.base_metals is not None and getattr(part, "base_metal", None) not in flt.base_metals:
        return False
    if flt.colours is not None and getattr(part, "colour", None) not in flt.colours:
        return False
    if flt.search and flt.search.lower() not in f"{part.sku} {part.name}".lower():
        return False
    if flt.skus is not None and part.sku not in flt.skus:
        return False
    return all(filter_admits(f, part) for f in attribute_filters)


def _attribute_filters(flt: PartFilter) -> list[AttributeFilter]:
    return [
        validated(
            AttributeFilter,
            {"attribute": f.attribute, "values": list(f.values or []), "min": f.min, "max": f.max},
            f"filter.attributes[{i}]",
        )
        for i, f in enumerate(bounded(flt.attributes or [], "filter.attributes"))
    ]


MERCHANDISER: list[type[BasePermission]] = [IsMerchandiser]


@strawberry.type
class Query:
    node: relay.Node | None = relay.node(description="Any part or style by its global ID.")

    @fields.field(description="The catalog version this request reads.")
    def catalog_version(self, info: Info[Any, Any]) -> int:
        return ctx(info).snapshot.version

    @fields.field(description="Stored catalog versions, newest first.")
    async def catalog_versions(self, info: Info[Any, Any], first: int | None = None) -> list[CatalogVersion]:
        context = ctx(info)
        count = page_size(first, context.settings.max_page_size)
        versions = await blocking(context.state.store.versions)
        return [
            CatalogVersion(
                version=v.version, created_at=v.created_at, message=v.message, part_count=v.part_count
            )
            for v in reversed(versions[-count:] if count else [])
        ]

    @strawberry.field
    def styles(
        self, info: Info[Any, Any], first: int | None = None, after: str | None = None
    ) -> StyleConnection:
        context = ctx(info)
        window = key_window(
            list(context.snapshot.styles.values()),
            lambda s: s.id,
            "style",
            page_size(first, context.settings.max_page_size),
            after,
        )
        return StyleConnection(
            edges=[StyleEdge(cursor=cursor, node=style_node(style)) for cursor, style in window.edges],
            page_info=window.page_info,
            total_count=window.total,
        )

    @fields.field(description="A style by its global ID or its handle.")
    def style(self, info: Info[Any, Any], id: strawberry.ID) -> StyleNode | None:
        styles = ctx(info).snapshot.styles
        try:
            return style_node(styles[style_handle(id, styles, "id")])
        except LinkwiseError:
            return None

    @fields.field(description="Parts (platings included), ordered by SKU.")
    def parts(
        self,
        info: Info[Any, Any],
        kind: PartKind | None = None,
        filter: PartFilter | None = None,
        first: int | None = None,
        after: str | None = None,
    ) -> PartConnection:
        context = ctx(info)
        size = page_size(first, context.settings.max_page_size)
        candidates: list[Part] = list(context.snapshot.catalog.parts)
        if kind is not None:
            candidates = [p for p in candidates if p.kind == kind.value]
        if filter is not None:
            bounded(filter.skus or [], "filter.skus")
            attribute_filters = _attribute_filters(filter)
            candidates = [p for p in candidates if _matches(p, filter, attribute_filters)]
        window = key_window(candidates, lambda p: p.sku, "part", size, after)
        return PartConnection(
            edges=[PartEdge(cursor=cursor, node=part_node(part)) for cursor, part in window.edges],
            page_info=window.page_info,
            total_count=window.total,
        )

    @strawberry.field
    async def part(self, info: Info[Any, Any], sku: str) -> PartNode | None:
        return await ctx(info).loaders.parts.load(sku)

    @fields.field(description="The merchandisers' compatibility tables.")
    def rules(self, info: Info[Any, Any]) -> list[RuleType]:
        return [rule_type(rule) for rule in ctx(info).snapshot.catalog.rules]

    # --- solver ----------------------------------------------------------------------------------

    @fields.field(
        description="For every slot, each candidate with its status, reasons and cheapest "
        "complete price; and one complete assembly consistent with the selection."
    )
    async def options(
        self, info: Info[Any, Any], style: strawberry.ID, selection: SelectionInput | None = None
    ) -> ot.Options:
        context = ctx(info)
        snapshot = context.snapshot
        handle = style_handle(style, snapshot.styles)
        result = await solve(context, snapshot.solver.options, handle, request_of(selection))
        return ot.options(result, snapshot)

    @fields.field(description="Valid assemblies, cheapest first, with an exact total count.")
    async def assemblies(
        self,
        info: Info[Any, Any],
        style: strawberry.ID,
        selection: SelectionInput | None = None,
        first: int | None = None,
        after: str | None = None,
    ) -> rt.AssemblyConnection:
        context = ctx(info)
        snapshot = context.snapshot
        handle = style_handle(style, snapshot.styles)
        size = page_size(first, min(context.settings.max_page_size, SOLVER_MAX_PAGE))
        request = request_of(selection)
        anchor, skip = read_assembly_cursor(after)
        if skip + size <= SOLVER_MAX_PAGE:  # one solve: the skipped items and the page
            page = await solve(
                context, snapshot.solver.enumerate, handle, request, first=skip + size, after=anchor
            )
            items = list(page.items[skip:])
        else:  # step over the skipped items first, then read the page after them
            page = await solve(context, snapshot.solver.enumerate, handle, request, first=skip, after=anchor)
            anchor, skip, items = page.end_cursor, 0, []
            if page.has_next_page:
                page = await solve(
                    context, snapshot.solver.enumerate, handle, request, first=size, after=anchor
                )
                items = list(page.items)
        cursors = [assembly_cursor(anchor, skip + i + 1) for i in range(len(items))]
        if items and page.end_cursor is not None:
            cursors[-1] = assembly_cursor(page.end_cursor, 0)  # resume from the solver's own cursor
        has_next = page.has_next_page
        return rt.AssemblyConnection(
            edges=[
                rt.AssemblyEdge(cursor=cursor, node=rt.assembly(item, snapshot))
                for cursor, item in zip(cursors, items, strict=True)
            ],
            page_info=page_info(cursors, has_next, after is not None),
            total_count=BigInt(page.total_count) if page.total_count is not None else None,
            complete=rt.complete(page.status),
        )

    @fields.field(description="The exact number of valid assemblies (BigInt: it can be astronomical).")
    async def count(
        self, info: Info[Any, Any], style: strawberry.ID, selection: SelectionInput | None = None
    ) -> rt.AssemblyCount:
        context = ctx(info)
        snapshot = context.snapshot
        handle = style_handle(style, snapshot.styles)
        return rt.count(await solve(context, snapshot.solver.count, handle, request_of(selection)))

    @fields.field(description="The `count` best distinct assemblies within budget, each priced.")
    async def recommend(
        self,
        info: Info[Any, Any],
        style: strawberry.ID,
        selection: SelectionInput | None = None,
        budget_cents: int | None = None,
        count: int = 5,
    ) -> rt.Recommendations:
        context = ctx(info)
        snapshot = context.snapshot
        handle = style_handle(style, snapshot.styles)
        k = page_size(count, min(context.settings.max_page_size, SOLVER_MAX_PAGE), "count")
        if k < 1:
            raise ApiError("count must be at least 1", code="PAGE_SIZE", field="count")
        request = request_of(selection, budget_cents=budget_cents)
        return rt.recommendations(
            await solve(context, snapshot.solver.recommend, handle, request, k=k), snapshot
        )

    @fields.field(
        description="When nothing fits: a minimal conflicting set of requirements, and the "
        "smallest relaxations that restore a solution."
    )
    async def explain(
        self, info: Info[Any, Any], style: strawberry.ID, selection: SelectionInput | None = None
    ) -> rt.Explanation:
        context = ctx(info)
        snapshot = context.snapshot
        handle = style_handle(style, snapshot.styles)
        return rt.explanation(await solve(context, snapshot.solver.explain, handle, request_of(selection)))

    @fields.field(description="Check one complete assembly: violations, price, lead time, build steps.")
    async def check(
        self,
        info: Info[Any, Any],
        style: strawberry.ID,
        assembly: list[SlotValuesInput],
        selection: SelectionInput | None = None,
    ) -> rt.Assembly:
        context = ctx(info)
        snapshot = context.snapshot
        handle = style_handle(style, snapshot.styles)
        choice: dict[str, list[str]] = {}
        for i, slot in enumerate(bounded(assembly, "assembly")):
            if slot.slot in choice:  # never silently keep the last of two contents
                raise ApiError(
                    f"slot {slot.slot} is given twice", code="VALIDATION_FAILED", field=f"assembly[{i}].slot"
                )
            choice[slot.slot] = list(bounded(slot.values, f"assembly[{i}].values"))
        evaluation = await solve(context, snapshot.solver.check, handle, request_of(selection), choice)
        return rt.assembly(evaluation, snapshot)

    @fields.field(
        description="Modules that attach to an owned piece as it is, cheapest first: bare, so the "
        "add-on must match the piece's finish; with `replate: true` the whole piece is plated again "
        "(platability, plating price and lead time apply). Only the new joints' labour is charged."
    )
    async def add_ons(
        self,
        info: Info[Any, Any],
        piece: PieceInput,
        budget_cents: int | None = None,
        first: int | None = None,
        replate: bool = False,
    ) -> rt.AddOns:
        context = ctx(info)
        snapshot = context.snapshot
        size = page_size(first, min(context.settings.max_page_size, SOLVER_MAX_PAGE))
        skus, reference = piece_skus(piece)
        if reference is not None:
            try:
                owned = await blocking(context.state.store.claimed_piece, reference, piece.claim_token)
            except LinkwiseError as exc:
                raise relocated(exc, "piece") from None
            skus = list(owned.skus)
        request = request_of(None, budget_cents=budget_cents) if budget_cents is not None else Request()
        result = await solve(context, snapshot.solver.add_ons, list(skus or []), request, first=size,
                             replate=replate)
        return rt.add_ons(result, snapshot)

    @fields.field(
        description="A piece registered under an order reference, for the holder of its claim token "
        "(null for a missing or wrong token, exactly as for an unknown reference)."
    )
    async def owned_piece(
        self, info: Info[Any, Any], order_reference: str, claim_token: str | None = None
    ) -> OwnedPiece | None:
        store = ctx(info).state.store
        try:
            piece = await blocking(store.claimed_piece, order_reference, claim_token)
        except LinkwiseError as exc:
            if exc.code == "NOT_FOUND":
                return None
            raise relocated(exc, "") from None
        return OwnedPiece(
            order_reference=piece.order_reference,
            skus=list(piece.skus),
            catalog_version=piece.catalog_version,
        )

    # --- merchandiser ----------------------------------------------------------------------------

    @fields.field(
        permissions=MERCHANDISER, description="Lint: assemblies per style, dead parts and unreachable styles."
    )
    async def catalog_report(self, info: Info[Any, Any]) -> rt.CatalogReport:
        context = ctx(info)
        snapshot = context.snapshot
        return rt.catalog_report(await solve(context, snapshot.solver.lint), snapshot.version)

    @fields.field(
        permissions=MERCHANDISER,
        description="What a part takes part in: assemblies per style, or why it is dead.",
    )
    async def impact(self, info: Info[Any, Any], sku: str) -> rt.ImpactReport:
        context = ctx(info)
        snapshot = context.snapshot
        return rt.impact(await solve(context, snapshot.solver.impact, sku))
