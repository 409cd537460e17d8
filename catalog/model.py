"""The catalog as one validated value: parts, platings, styles, rules and physics, at a version."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, ValidationError, model_validator
from pydantic_core import PydanticCustomError

from catalog.compat import CompatibilityRule
from catalog.exceptions import FieldError, ValidationFailed
from catalog.parts import Chain, Charm, Clasp, Extender, JumpRing, Part, Plating
from catalog.physics import Physics
from catalog.styles import Style
from catalog.types import PartKind, SlotKind

FORMAT_VERSION = 1

PART_CLASSES: dict[PartKind, type[BaseModel]] = {
    PartKind.CHAIN: Chain,
    PartKind.CLASP: Clasp,
    PartKind.EXTENDER: Extender,
    PartKind.JUMP_RING: JumpRing,
    PartKind.CHARM: Charm,
    PartKind.PLATING: Plating,
}


@dataclass(frozen=True)
class _Lookups:
    parts: tuple[Part, ...]
    by_sku: dict[str, Part]
    by_kind: dict[str, tuple[Part, ...]]


class Catalog(BaseModel):
    """A whole catalog. `version` is assigned by the store; 0 means not yet stored."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    format_version: int = Field(FORMAT_VERSION, ge=1, le=FORMAT_VERSION)
    version: int = Field(0, ge=0)
    currency: str = Field("EUR", pattern=r"^[A-Z]{3}$")
    physics: Physics = Physics()
    parts: tuple[Part, ...] = ()
    _lookups_cache: Any = PrivateAttr(default=None)  # see _lookups
    styles: tuple[Style, ...] = ()
    rules: tuple[CompatibilityRule, ...] = ()

    @model_validator(mode="after")
    def _references_hold(self) -> Catalog:
        seen: set[str] = set()
        for i, part in enumerate(self.parts):
            if part.sku in seen:
                raise PydanticCustomError("duplicate_sku", "SKU {sku} appears twice",
                                          {"sku": part.sku, "field": f"parts[{i}].sku"})
            seen.add(part.sku)
            if part.price.currency != self.currency:
                # `field`: a model-level check names the exact place (field_errors reads it).
                raise PydanticCustomError(
                    "currency_mismatch", "part {sku} is priced in {got}, the catalog in {want}",
                    {"sku": part.sku, "got": part.price.currency, "want": self.currency,
                     "field": f"parts[{i}].price.currency"},
                )
        style_ids = [style.id for style in self.styles]
        if len(set(style_ids)) != len(style_ids):
            raise PydanticCustomError("duplicate_style", "style ids must be unique")
        rule_ids = [rule.id for rule in self.rules]
        if len(set(rule_ids)) != len(rule_ids):
            raise PydanticCustomError("duplicate_rule", "rule ids must be unique")
        for rule in self.rules:
            for style_id in rule.styles:
                if style_id not in style_ids:
                    raise PydanticCustomError(
                        "unknown_style", "rule {rule} names style {style}, which does not exist",
                        {"rule": rule.id, "style": style_id},
                    )
        return self

    def __eq__(self, other: object) -> bool:
        # The fields alone: pydantic would also compare private state, and the lookup cache
        # (present on one side only) must not make two equal catalogs differ.
        if not isinstance(other, Catalog):
            return NotImplemented
        return type(self) is type(other) and self.__dict__ == other.__dict__

    def by_sku(self) -> dict[str, Part]:
        """SKU → part, built once per parts tuple (callers must not mutate it)."""
        return self._lookups().by_sku

    def parts_of(self, kind: PartKind | SlotKind) -> list[Part]:
        return list(self._lookups().by_kind.get(kind.value, ()))

    def _lookups(self) -> _Lookups:
        # Keyed on the parts tuple itself: model_copy(update={"parts": ...}) carries private
        # state over, and a cache that outlived its parts would answer for the old ones.
        found = self._lookups_cache
        if isinstance(found, _Lookups) and found.parts is self.parts:
            return found
        by_kind: dict[str, list[Part]] = {}
        for part in self.parts:
            by_kind.setdefault(part.kind, []).append(part)
        made = _Lookups(self.parts, {part.sku: part for part in self.parts},
                        {kind: tuple(parts) for kind, parts in by_kind.items()})
        self._lookups_cache = made
        return made

    def style(self, style_id: str) -> Style:
        for style in self.styles:
            if style.id == style_id:
                return style
        raise KeyError(style_id)


def field_errors(exc: ValidationError, prefix: str = "", data: Any = None) -> list[FieldError]:
    """Pydantic's errors as (field, code, message), naming the SKU of a refused part."""
    errors = []
    for err in exc.errors():
        loc = list(err["loc"])
        path = prefix + _dotted(loc)
        code = str(err["type"])
        at = (err.get("ctx") or {}).get("field")
        if at:
            path = f"{path}.{at}" if path else str(at)
        elif code in CODE_FIELD:
            path = f"{path}.{CODE_FIELD[code]}" if path else CODE_FIELD[code]
        sku = _sku_at(data, loc)
        message = err["msg"]
        if sku:
            message = f"{message} (part {sku})"
        errors.append(FieldError(field=path, code=code, message=message))
    return errors


def parse_catalog(data: Mapping[str, Any]) -> Catalog:
    """Validate raw catalog data; raise ValidationFailed naming every refused field."""
    try:
        return Catalog.model_validate(data)
    except ValidationError as exc:
        errors = field_errors(exc, data=data)
        raise ValidationFailed(f"catalog refused: {len(errors)} error(s)", errors=errors) from None


def parse_part(data: Mapping[str, Any]) -> Part:
    """Validate one part of any kind (dispatch on `kind`)."""
    kind = data.get("kind")
    try:
        cls = PART_CLASSES[PartKind(kind)]
    except (ValueError, KeyError):
        raise ValidationFailed(
            "part refused",
            errors=[FieldError("kind", "unknown_kind", f"kind must be one of {[k.value for k in PartKind]}")],
        ) from None
    try:
        return cls.model_validate(data)  # type: ignore[return-value]
    except ValidationError as exc:
        raise ValidationFailed("part refused", errors=field_errors(exc, data={"": data})) from None


def _dotted(loc: Iterable[Any]) -> str:
    out = ""
    for item in loc:
        if isinstance(item, int):
            out += f"[{item}]"
        elif item in PART_CLASSES_TAGS:
            continue  # pydantic's discriminator tag adds noise to the path
        else:
            out += ("." if out else "") + str(item)
    return out


# Model-level checks raise without a location; this names the field each one is about.
CODE_FIELD = {
    "vermeil_base_metal": "allowed_base_metals",
    "vermeil_layer": "thickness_um",
    "vermeil_karat": "karat",
    "vermeil_not_gold": "material",
    "default_not_a_value": "default",
    "rhodium_needs_underlayer": "underlayer",
    "karat_required": "karat",
    "karat_not_gold": "karat",
    "gauge_mismatch": "wire_mm",
    "unknown_gauge": "wire_gauge",
    "tooling_required": "tooling",
    "currency_mismatch": "price.currency",
    "connector_dimension_missing": "connector",
    "clip_range_inverted": "clip_min_width_mm",
    "nameplate_text_missing": "max_characters",
    "wire_wider_than_chain": "wire_mm",
    "count_range_inverted": "min_count",
    "multi_slot_kind": "max_count",
    "multi_slot_min": "min_count",
    "option_values_missing": "values",
    "values_on_part_slot": "values",
    "unknown_slot": "joins",
    "join_not_to_carrier": "joins",
    "join_kind": "joins",
    "joined_twice": "joins",
    "ring_slot_kind": "joins",
    "ring_reused": "joins",
    "ring_required": "joins",
    "slot_not_joined": "joins",
    "ring_slot_unused": "slots",
    "duplicate_slot": "slots",
    "too_many_slots": "slots",
    "carrier_required": "slots",
    "slot_kind_repeated": "slots",
    "plating_slot_required": "plate_after_assembly",
    "length_range_inverted": "min_length_mm",
    "duplicate_sku": "parts",
    "duplicate_style": "styles",
    "duplicate_rule": "rules",
    "unknown_style": "rules",
    "date_range_inverted": "effective_from",
    "row_width": "rows",
    "rule_form_mixed": "columns",
    "empty_filter": "values",
    "range_inverted": "min",
}

PART_CLASSES_TAGS = {kind.value for kind in PartKind}


def _sku_at(data: Any, loc: list[Any]) -> str | None:
    if not isinstance(data, Mapping):
        return None
    if len(loc) >= 2 and loc[0] == "parts" and isinstance(loc[1], int):
        parts = data.get("parts") or []
        if loc[1] < len(parts) and isinstance(parts[loc[1]], Mapping):
            sku = parts[loc[1]].get("sku")
            return str(sku) if sku else None
    inner = data.get("")
    if isinstance(inner, Mapping) and inner.get("sku"):
        return str(inner["sku"])
    return None
