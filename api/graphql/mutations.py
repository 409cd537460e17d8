"""The Mutation root: merchandisers define the catalog, the shop registers sold pieces.

Every mutation needs the merchandiser bearer token. A refusal is data: the payload's `errors`
name each field, rule code and reason, and nothing was written (the store validates the whole
resulting catalog and writes it in one transaction). On success the payload carries the new
catalog version; reports on the new version (impact, counts) are computed only when asked for.
`expectedVersion`, when given, refuses the write if the catalog moved on (code stale_version).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import strawberry
from strawberry.permission import BasePermission
from strawberry.scalars import JSON
from strawberry.types import Info

from api.graphql import fields
from api.graphql import result_types as rt
from api.graphql.auth import IsMerchandiser
from api.graphql.catalog_types import (
    OwnedPiece,
    PartNode,
    PlatingNode,
    RuleType,
    StyleNode,
    part_node,
    rule_type,
    style_node,
)
from api.graphql.context import Context, ctx
from api.graphql.errors import UserError, graphql_path
from api.graphql.inputs import (
    PartInput,
    PlatingInput,
    RuleInput,
    StyleInput,
    part_of,
    plating_of,
    rule_of,
    style_of,
)
from api.graphql.limits import bounded
from api.graphql.offload import blocking, solve
from api.state import Snapshot
from catalog.exceptions import FieldError, LinkwiseError, NotFound
from catalog.io import catalog_from_dict
from solver.request import Request


def refused(exc: LinkwiseError, renames: Mapping[str, str] | None = None) -> list[UserError]:
    """A refusal as payload errors. Store paths are renamed to the inputs the client wrote."""
    names = {"expected_version": "expectedVersion", **(renames or {})}
    errors = exc.errors or [FieldError("", exc.code.lower(), exc.message)]
    out = []
    for err in errors:
        field = err.field
        head = field.split(".")[0].split("[")[0]
        if head in names:
            field = names[head] + field[len(head) :]
        out.append(UserError(field=field or None, code=err.code, message=err.message))
    return out


async def _written(context: Context, version: int) -> Snapshot:
    """Move the rest of this request onto the version just written."""
    snapshot = await blocking(context.state.at, version)
    context.use(snapshot)
    return snapshot


# --- payloads -----------------------------------------------------------------------------------


async def _impact(info: Info[Any, Any], snapshot: Snapshot | None, sku: str | None) -> rt.ImpactReport | None:
    if snapshot is None or sku is None:
        return None
    return rt.impact(await solve(ctx(info), snapshot.solver.impact, sku))


@strawberry.type
class PartPayload:
    part: PartNode | None
    catalog_version: int | None = strawberry.field(description="The version written; null when refused.")
    errors: list[UserError]
    snapshot: strawberry.Private[Snapshot | None] = None

    @fields.field(
        description="Assemblies per style the part takes part in on the new version, "
        "or why it is dead. Computed only when selected."
    )
    async def impact(self, info: Info[Any, Any]) -> rt.ImpactReport | None:
        return await _impact(info, self.snapshot, self.part.sku if self.part else None)


@strawberry.type
class PlatingPayload:
    plating: PlatingNode | None
    catalog_version: int | None
    errors: list[UserError]
    snapshot: strawberry.Private[Snapshot | None] = None

    @fields.field(description="Assemblies per style the plating takes part in on the new version.")
    async def impact(self, info: Info[Any, Any]) -> rt.ImpactReport | None:
        return await _impact(info, self.snapshot, self.plating.sku if self.plating else None)


@strawberry.type
class StylePayload:
    style: StyleNode | None
    catalog_version: int | None
    errors: list[UserError]
    snapshot: strawberry.Private[Snapshot | None] = None

    @fields.field(description="Valid assemblies of the style on the new version.")
    async def count(self, info: Info[Any, Any]) -> rt.AssemblyCount | None:
        if self.snapshot is None or self.style is None:
            return None
        return rt.count(await solve(ctx(info), self.snapshot.solver.count, self.style.handle, Request()))


@strawberry.type
class RulePayload:
    rule: RuleType | None
    catalog_version: int | None
    errors: list[UserError]


@strawberry.type
class ImportCatalogPayload:
    catalog_version: int | None
    part_count: int
    style_count: int
    rule_count: int
    errors: list[UserError]
    snapshot: strawberry.Private[Snapshot | None] = None

    @fields.field(description="Lint of the imported version. Computed only when selected.")
    async def report(self, info: Info[Any, Any]) -> rt.CatalogReport | None:
        if self.snapshot is None:
            return None
        return rt.catalog_report(await solve(ctx(info), self.snapshot.solver.lint), self.snapshot.version)


@strawberry.type
class RegisterPiecePayload:
    piece: OwnedPiece | None
    claim_token: str | None = strawberry.field(
        description="Give it to the owner: ownedPiece and addOns by order reference need it. Shown once "
        "(only its hash is kept); registering the piece again issues a new one."
    )
    errors: list[UserError]


# --- mutations ----------------------------------------------------------------------------------

MERCHANDISER: list[type[BasePermission]] = [IsMerchandiser]


@strawberry.type
class Mutation:
    @fields.mutation(
        permissions=MERCHANDISER,
        description="Add a new chain, clasp, extender, jump ring or charm. Errors name `attributes.<field>`.",
    )
    async def define_part(
        self, info: Info[Any, Any], input: PartInput, expected_version: int | None = None
    ) -> PartPayload:
        context = ctx(info)
        try:
            part = part_of(input)
            version = await blocking(context.state.store.add_part, part, expected_version=expected_version)
        except LinkwiseError as exc:
            errors = refused(exc, {"sku": "attributes.sku"})
            return PartPayload(part=None, catalog_version=None, errors=errors)
        return await _part_payload(context, version, part.sku)

    @fields.mutation(
        permissions=MERCHANDISER,
        description="Change fields of a part (or plating): "
        "`attributes` holds only the fields to change, in the catalog file's names.",
    )
    async def update_part(
        self, info: Info[Any, Any], sku: str, attributes: JSON, expected_version: int | None = None
    ) -> PartPayload:
        context = ctx(info)
        try:
            # Merged into the part as it is at the head version, inside the write's transaction:
            # the request's snapshot may already be stale (a concurrent edit or retirement).
            version = await blocking(
                context.state.store.update_part, sku, attributes, expected_version=expected_version
            )
        except LinkwiseError as exc:
            return PartPayload(part=None, catalog_version=None, errors=refused(exc))
        return await _part_payload(context, version, sku)

    @fields.mutation(
        permissions=MERCHANDISER,
        description="Stop selling a part. It stays in the "
        "catalog for the pieces that own it (add-ons still fit them).",
    )
    async def retire_part(
        self, info: Info[Any, Any], sku: str, expected_version: int | None = None
    ) -> PartPayload:
        context = ctx(info)
        try:
            version = await blocking(context.state.store.retire_part, sku, expected_version=expected_version)
        except LinkwiseError as exc:
            if isinstance(exc, NotFound) and not exc.errors:
                exc.errors = [FieldError("sku", "unknown_sku", exc.message)]
            return PartPayload(part=None, catalog_version=None, errors=refused(exc))
        return await _part_payload(context, version, sku)

    @fields.mutation(permissions=MERCHANDISER, description="Add a plating service.")
    async def define_plating(
        self, info: Info[Any, Any], input: PlatingInput, expected_version: int | None = None
    ) -> PlatingPayload:
        context = ctx(info)
        try:
            plating = plating_of(input, context.snapshot.currency)
            version = await blocking(context.state.store.add_part, plating, expected_version=expected_version)
        except LinkwiseError as exc:
            return PlatingPayload(plating=None, catalog_version=None, errors=refused(exc))
        snapshot = await _written(context, version)
        node = part_node(snapshot.parts[plating.sku])
        plated = node if isinstance(node, PlatingNode) else None
        return PlatingPayload(plating=plated, catalog_version=version, errors=[], snapshot=snapshot)

    @fields.mutation(
        permissions=MERCHANDISER, description="Add a style, or replace the style with the same handle."
    )
    async def define_style(
        self, info: Info[Any, Any], input: StyleInput, expected_version: int | None = None
    ) -> StylePayload:
        context = ctx(info)
        try:
            style = style_of(input, context.snapshot.currency)
            version = await blocking(context.state.store.put_style, style, expected_version=expected_version)
        except LinkwiseError as exc:
            return StylePayload(style=None, catalog_version=None, errors=refused(exc, {"id": "handle"}))
        snapshot = await _written(context, version)
        return StylePayload(
            style=style_node(snapshot.styles[style.id]), catalog_version=version, errors=[], snapshot=snapshot
        )

    @fields.mutation(
        permissions=MERCHANDISER,
        description="Add a compatibility rule, or replace the rule with the same id.",
    )
    async def define_rule(
        self, info: Info[Any, Any], input: RuleInput, expected_version: int | None = None
    ) -> RulePayload:
        context = ctx(info)
        try:
            rule = rule_of(input)
            version = await blocking(context.state.store.put_rule, rule, expected_version=expected_version)
        except LinkwiseError as exc:
            return RulePayload(rule=None, catalog_version=None, errors=refused(exc))
        snapshot = await _written(context, version)
        stored = next(r for r in snapshot.catalog.rules if r.id == rule.id)
        return RulePayload(rule=rule_type(stored), catalog_version=version, errors=[])

    @fields.mutation(
        permissions=MERCHANDISER,
        description="Replace the catalog's content with a "
        "catalog document (the file format of `linkwise catalog export`). Parts it omits "
        "are kept, retired. Pass the document as a variable.",
    )
    async def import_catalog(
        self,
        info: Info[Any, Any],
        document: JSON,
        message: str = "import",
        expected_version: int | None = None,
    ) -> ImportCatalogPayload:
        context = ctx(info)
        try:
            catalog = catalog_from_dict(document, source="document")
            version = await blocking(
                context.state.store.import_catalog, catalog, message, expected_version=expected_version
            )
        except LinkwiseError as exc:
            errors = [
                UserError(
                    field=graphql_path(e.field, "document", camel_case=False)
                    if e.field != "message"
                    else "message",
                    code=e.code,
                    message=e.message,
                )
                for e in exc.errors
            ] or refused(exc)
            return ImportCatalogPayload(
                catalog_version=None, part_count=0, style_count=0, rule_count=0, errors=errors
            )
        snapshot = await _written(context, version)
        return ImportCatalogPayload(
            catalog_version=version,
            part_count=len(snapshot.catalog.parts),
            style_count=len(snapshot.catalog.styles),
            rule_count=len(snapshot.catalog.rules),
            errors=[],
            snapshot=snapshot,
        )

    @fields.mutation(
        permissions=MERCHANDISER,
        description="Record the SKUs of a sold piece under "
        "its order reference (called by the shop's order system), for add-ons later.",
    )
    async def register_piece(
        self, info: Info[Any, Any], order_reference: str, skus: list[str]
    ) -> RegisterPiecePayload:
        store = ctx(info).state.store
        try:
            bounded(skus, "skus")
            token = await blocking(store.register_piece, order_reference, skus)
            piece = await blocking(store.owned_piece_info, order_reference)
        except LinkwiseError as exc:
            errors = refused(exc, {"order_reference": "orderReference"})
            return RegisterPiecePayload(piece=None, claim_token=None, errors=errors)
        return RegisterPiecePayload(
            claim_token=token,
            piece=OwnedPiece(
                order_reference=piece.order_reference,
                skus=list(piece.skus),
                catalog_version=piece.catalog_version,
            ),
            errors=[],
        )


async def _part_payload(context: Context, version: int, sku: str) -> PartPayload:
    snapshot = await _written(context, version)
    return PartPayload(
        part=part_node(snapshot.parts[sku]), catalog_version=version, errors=[], snapshot=snapshot
    )
