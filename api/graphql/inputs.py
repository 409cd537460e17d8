"""GraphQL inputs and their 1:1 conversion to the solver's Request and the catalog's models.

Validation is the models' own: a refused input raises ValidationFailed whose field paths are
rewritten to the GraphQL names the client wrote (`selection.picks[0].budgetCents`).
"""

from __future__ import annotations

import base64
from collections.abc import Mapping
from datetime import date
from typing import Any, TypeVar

import strawberry
from pydantic import BaseModel, ValidationError
from strawberry.scalars import JSON

from api.graphql.enums import (
    BaseMetal,
    ChainStyle,
    Colour,
    PartKind,
    PlatingMaterial,
    RuleMode,
    SlotKind,
    Status,
    Underlayer,
)
from api.graphql.errors import ApiError, relocated
from api.graphql.limits import bounded
from catalog.compat import CompatibilityRule
from catalog.exceptions import FieldError, NotFound, ValidationFailed
from catalog.model import field_errors, parse_part
from catalog.parts import Part
from catalog.styles import Style
from solver.request import Request

M = TypeVar("M", bound=BaseModel)


# --- shopper ------------------------------------------------------------------------------------


@strawberry.input(description="Parts must have `attribute` among `values` and/or within [min, max].")
class AttributeFilterInput:
    attribute: str
    values: list[JSON] | None = None
    min: float | None = None
    max: float | None = None


@strawberry.input(description="What the shopper fixed in one slot.")
class SlotPickInput:
    slot: str
    skus: list[str] | None = strawberry.field(
        default=None, description="SKUs the slot must hold (for a multi-charm slot: charms it must contain)."
    )
    option: str | None = strawberry.field(default=None, description="The value code of an option slot.")
    filters: list[AttributeFilterInput] | None = None
    exact: bool = strawberry.field(
        default=False, description="The slot holds exactly `skus` (no skus: the slot stays empty)."
    )


@strawberry.input(description="Soft wishes for recommend: assemblies that meet more rank first.")
class PreferencesInput:
    colour: Colour | None = None
    base_metal: BaseMetal | None = None
    chain_style: ChainStyle | None = None


@strawberry.input(description="A partial selection and the shopper's requirements; maps 1:1 onto Request.")
class SelectionInput:
    picks: list[SlotPickInput] | None = None
    budget_cents: int | None = None
    quantity: int = 1
    deadline_days: int | None = None
    nickel_free: bool = False
    text: str | None = strawberry.field(default=None, description="Nameplate text.")
    on_date: date | None = strawberry.field(default=None, description="Rules in force on this date.")
    preferences: PreferencesInput | None = None


@strawberry.input(description="An owned piece: its SKUs, or the order reference it was registered under.")
class PieceInput:
    skus: list[str] | None = None
    order_reference: str | None = None
    claim_token: str | None = strawberry.field(
        default=None, description="Issued by registerPiece; needed with orderReference."
    )


@strawberry.input(description="The complete content of one slot, for check.")
class SlotValuesInput:
    slot: str
    values: list[str]


def _value(enum_value: Any) -> Any:
    return None if enum_value is None else enum_value.value


def request_of(
    selection: SelectionInput | None, *, prefix: str = "selection", budget_cents: int | None = None
) -> Request:
    """The solver Request for a selection. A `budget_cents` argument beside the selection's is
    the same budget said twice: refused when the two differ, never one silently overriding."""
    selection = selection or SelectionInput()
    picks = bounded(selection.picks or [], f"{prefix}.picks")
    data: dict[str, Any] = {
        "picks": [
            {
                "slot": pick.slot,
                "skus": list(bounded(pick.skus or [], f"{prefix}.picks[{i}].skus")),
                "option": pick.option,
                "filters": [
                    {"attribute": f.attribute, "values": list(f.values or []), "min": f.min, "max": f.max}
                    for f in bounded(pick.filters or [], f"{prefix}.picks[{i}].filters")
                ],
                "exact": pick.exact,
            }
            for i, pick in enumerate(picks)
        ],
        "budget_cents": selection.budget_cents,
        "quantity": selection.quantity,
        "deadline_days": selection.deadline_days,
        "nickel_free": selection.nickel_free,
        "text": selection.text,
        "on_date": selection.on_date,
    }
    if selection.preferences is not None:
        prefs = selection.preferences
        data["preferences"] = {
            "colour": _value(prefs.colour),
            "base_metal": _value(prefs.base_metal),
            "chain_style": _value(prefs.chain_style),
        }
    if budget_cents is not None:
        if budget_cents < 0:
            raise ApiError("budgetCents cannot be negative", code="VALIDATION_FAILED", field="budgetCents")
        if selection.budget_cents is not None and selection.budget_cents != budget_cents:
            raise ApiError(
                f"two budgets: budgetCents {budget_cents} and {prefix}.budgetCents {selection.budget_cents}; "
                "give one",
                code="VALIDATION_FAILED",
                field="budgetCents",
            )
        data["budget_cents"] = budget_cents
    return validated(Request, data, prefix)


def validated(
    model: type[M], data: Mapping[str, Any], prefix: str, *, renames: Mapping[str, str] | None = None
) -> M:
    """`model` validated from `data`; refusals relocated under `prefix`, in the client's names.

    `renames` maps a model field to the input field the client wrote (`id` → `handle`).
    """
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        errors = field_errors(exc)
    for old, new in (renames or {}).items():
        errors = [
            FieldError(new + err.field[len(old) :], err.code, err.message)
            if err.field == old or err.field.startswith((old + ".", old + "["))
            else err
            for err in errors
        ]
    failed = ValidationFailed(f"{prefix or model.__name__.lower()} refused", errors=errors)
    raise relocated(failed, prefix) from None


def style_handle(style: str, known: Mapping[str, object], field: str = "style") -> str:
    """A style named by its global ID or by its handle; NotFound names the argument."""
    handle = style
    try:
        padded = style + "=" * (-len(style) % 4)
        type_name, sep, node_id = base64.b64decode(padded, validate=True).decode("utf-8").partition(":")
        if sep and type_name == "Style":
            handle = node_id
    except (ValueError, UnicodeDecodeError):
        pass
    if handle not in known:
        raise NotFound(
            f"no style {handle!r}",
            errors=[FieldError(field, "unknown_style", f"the catalog has no style {handle!r}")],
        )
    return handle


def piece_skus(piece: PieceInput) -> tuple[list[str] | None, str | None]:
    """Exactly one of SKUs or an order reference."""
    if (piece.skus is None) == (piece.order_reference is None):
        raise ApiError(
            "give the piece's skus or its orderReference, not both", code="VALIDATION_FAILED", field="piece"
        )
    if piece.skus is not None:
        return list(bounded(piece.skus, "piece.skus")), None
    return None, piece.order_reference


# --- merchandiser -------------------------------------------------------------------------------


@strawberry.input(description="An amount in cents; the currency defaults to the catalog's.")
class MoneyInput:
    amount_cents: int
    currency: str | None = None


@strawberry.input(
    description="A part of any physical kind. `attributes` holds the part's fields exactly as the catalog "
    "file format writes them (snake_case keys, money as {amount_cents, currency}); `kind` picks the model "
    "that validates them, and errors name each refused attribute (`attributes.wire_mm`)."
)
class PartInput:
    kind: PartKind
    attributes: JSON


@strawberry.input(description="An electroplating service applied to the whole assembled piece.")
class PlatingInput:
    sku: str
    name: str
    material: PlatingMaterial
    thickness_um: float
    allowed_base_metals: list[BaseMetal]
    price: MoneyInput
    karat: int | None = None
    underlayer: Underlayer = Underlayer.NONE
    vermeil: bool = False
    lead_time_days: int = 0
    status: Status = Status.ACTIVE


@strawberry.input
class OptionValueInput:
    code: str
    label: str
    price: MoneyInput | None = None


@strawberry.input
class SlotInput:
    name: str
    kind: SlotKind
    min_count: int = 1
    max_count: int = 1
    filters: list[AttributeFilterInput] | None = None
    values: list[OptionValueInput] | None = None


@strawberry.input
class JoinInput:
    a: str
    b: str
    ring: str | None = None


@strawberry.input(description="An assembly template. `handle` is the style's id (lowercase, hyphens).")
class StyleInput:
    handle: str
    name: str
    slots: list[SlotInput]
    min_length_mm: float
    max_length_mm: float
    joins: list[JoinInput] | None = None
    description: str = ""
    plate_after_assembly: bool = False
    labour_per_joint: MoneyInput | None = None
    inspection: list[str] | None = None


@strawberry.input
class AttributeRefInput:
    kind: SlotKind
    attribute: str
    option_slot: str | None = None


@strawberry.input
class RulePairInput:
    left: JSON
    right: JSON


MAX_TABLE_ROWS = 5_000  # a merchandiser's table may list thousands of combinations


@strawberry.input(description="A compatibility table over the attributes of any slots: `columns` and `rows`, "
                   "or for two columns `left`, `right` and `pairs`. With mode AT_MOST or AT_LEAST and a `count`, "
                   "a counting rule: the piece holds at most (at least) `count` charms whose values are a row.")
class RuleInput:
    id: str
    mode: RuleMode
    count: int | None = None
    columns: list[AttributeRefInput] | None = None
    rows: list[list[JSON]] | None = None
    left: AttributeRefInput | None = None
    right: AttributeRefInput | None = None
    pairs: list[RulePairInput] | None = None
    description: str = ""
    styles: list[str] | None = None
    effective_from: date | None = None
    effective_until: date | None = None


def _money(money: MoneyInput | None, currency: str) -> dict[str, Any] | None:
    if money is None:
        return None
    return {"amount_cents": money.amount_cents, "currency": money.currency or currency}


def part_of(part: PartInput) -> Part:
    """The part an input describes; errors name `attributes.<field>` in the file format's names."""
    if not isinstance(part.attributes, Mapping):
        raise ApiError(
            "attributes is a JSON object of the part's fields", code="VALIDATION_FAILED", field="attributes"
        )
    if part.kind is PartKind.PLATING:
        raise ApiError("platings are defined with definePlating", code="VALIDATION_FAILED", field="kind")
    try:
        return parse_part({**part.attributes, "kind": part.kind.value})
    except ValidationFailed as exc:
        raise relocated(exc, "attributes", camel_case=False) from None


def plating_of(plating: PlatingInput, currency: str) -> Part:
    data = {
        "kind": "plating",
        "sku": plating.sku,
        "name": plating.name,
        "material": plating.material.value,
        "karat": plating.karat,
        "thickness_um": plating.thickness_um,
        "underlayer": plating.underlayer.value,
        "allowed_base_metals": [m.value for m in bounded(plating.allowed_base_metals, "allowedBaseMetals")],
        "vermeil": plating.vermeil,
        "price": _money(plating.price, currency),
        "lead_time_days": plating.lead_time_days,
        "status": plating.status.value,
    }
    try:
        return parse_part(data)
    except ValidationFailed as exc:
        raise relocated(exc, "") from None


def style_of(style: StyleInput, currency: str) -> Style:
    data: dict[str, Any] = {
        "id": style.handle,
        "name": style.name,
        "description": style.description,
        "slots": [
            {
                "name": slot.name,
                "kind": slot.kind.value,
                "min_count": slot.min_count,
                "max_count": slot.max_count,
                "filters": [
                    {"attribute": f.attribute, "values": list(f.values or []), "min": f.min, "max": f.max}
                    for f in bounded(slot.filters or [], f"slots[{i}].filters")
                ],
                "values": [
                    {
                        "code": v.code,
                        "label": v.label,
                        **({"price": _money(v.price, currency)} if v.price else {}),
                    }
                    for v in bounded(slot.values or [], f"slots[{i}].values")
                ],
            }
            for i, slot in enumerate(bounded(style.slots, "slots"))
        ],
        "joins": [{"a": j.a, "b": j.b, "ring": j.ring} for j in bounded(style.joins or [], "joins")],
        "min_length_mm": style.min_length_mm,
        "max_length_mm": style.max_length_mm,
        "plate_after_assembly": style.plate_after_assembly,
    }
    if style.labour_per_joint is not None:
        data["labour_per_joint"] = _money(style.labour_per_joint, currency)
    if style.inspection is not None:
        data["inspection"] = list(bounded(style.inspection, "inspection"))
    return validated(Style, data, "", renames={"id": "handle"})


def rule_of(rule: RuleInput) -> CompatibilityRule:
    def ref(value: AttributeRefInput) -> dict[str, Any]:
        return {"kind": value.kind.value, "attribute": value.attribute, "option_slot": value.option_slot}

    data: dict[str, Any] = {
        "id": rule.id,
        "description": rule.description,
        "mode": rule.mode.value,
        "count": rule.count,
        "styles": list(bounded(rule.styles or [], "styles")),
        "effective_from": rule.effective_from,
        "effective_until": rule.effective_until,
    }
    if rule.columns is not None or rule.rows is not None:
        data["columns"] = [ref(column) for column in bounded(rule.columns or [], "columns")]
        rows = bounded(rule.rows or [], "rows", limit=MAX_TABLE_ROWS)
        data["rows"] = [list(bounded(row, f"rows[{i}]")) for i, row in enumerate(rows)]
    if rule.left is not None or rule.right is not None or rule.pairs is not None:
        data["left"] = ref(rule.left) if rule.left is not None else None
        data["right"] = ref(rule.right) if rule.right is not None else None
        data["pairs"] = [(p.left, p.right) for p in bounded(rule.pairs or [], "pairs")]
    if not ({"columns", "left"} & data.keys()):
        raise ApiError("a rule has columns and rows (or left, right and pairs)", code="VALIDATION_FAILED",
                       field="columns")
    return validated(CompatibilityRule, data, "")
