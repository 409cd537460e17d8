"""The changes a store write can make, each a function of the current catalog.

A change returns the whole resulting catalog, validated as a whole, plus the items it touched so
the store writes only those. Raising here (ValidationFailed, NotFound, Conflict) aborts the write
before anything reaches the database.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from catalog.exceptions import Conflict, ErrorList, FieldError, NotFound, ValidationFailed
from catalog.model import Catalog, field_errors, parse_catalog, parse_part
from catalog.parts import Part
from catalog.store_content import Change
from catalog.store_schema import KIND_PART
from catalog.types import Status

ChangeFn = Callable[[Catalog], Change]
_M = TypeVar("_M", bound=BaseModel)


def replace_all(incoming: Catalog) -> ChangeFn:
    """The whole content becomes `incoming`; parts it omits are kept, retired, after its own."""

    def change(current: Catalog) -> Change:
        refuse_kind_changes(current, incoming.parts, prefix="parts")
        new_skus = {part.sku for part in incoming.parts}
        kept = [retired(part) for part in current.parts if part.sku not in new_skus]
        return Change(validated(incoming, parts=(*incoming.parts, *kept)))

    return change


def put_part(model: Part, *, create: bool) -> ChangeFn:
    def change(current: Catalog) -> Change:
        parts = list(current.parts)
        existing = {part.sku: index for index, part in enumerate(parts)}
        if model.sku in existing:
            if create:
                raise Conflict(
                    f"SKU {model.sku} already exists",
                    errors=[FieldError("sku", "duplicate_sku", f"SKU {model.sku} already exists")],
                )
            refuse_kind_changes(current, [model], prefix=None)
            parts[existing[model.sku]] = model
        else:
            parts.append(model)
        return Change(validated(current, parts=tuple(parts)), frozenset({(KIND_PART, model.sku)}))

    return change


def update_part(sku: str, attributes: object) -> ChangeFn:
    """Lay `attributes` over the part as it is at the head version, not as the caller last saw it:
    two editors changing different fields both keep their change, and an update never puts a part
    retired meanwhile back on sale (unless it sets `status` itself)."""

    def change(current: Catalog) -> Change:
        model = merged_part(current, sku, attributes)
        return put_part(model, create=False)(current)

    return change


def merged_part(current: Catalog, sku: str, attributes: object) -> Part:
    """The part `sku` of `current` with `attributes` laid over it; its SKU and kind cannot change."""
    existing = next((part for part in current.parts if part.sku == sku), None)
    if existing is None:
        raise NotFound(
            f"no part {sku!r}", errors=[FieldError("sku", "unknown_sku", f"the catalog has no part {sku!r}")]
        )
    if not isinstance(attributes, Mapping):
        raise ValidationFailed(
            "attributes refused",
            errors=[FieldError("attributes", "not_an_object", "attributes is a JSON object of the fields to change")],
        )
    for key in ("sku", "kind"):
        if key in attributes and attributes[key] != getattr(existing, key):
            raise ValidationFailed(
                "attributes refused",
                errors=[FieldError(f"attributes.{key}", f"{key}_immutable", f"a part's {key} cannot change")],
            )
    try:
        return parse_part({**existing.model_dump(mode="json"), **attributes})
    except ValidationFailed as exc:
        exc.errors = [
            FieldError(f"attributes.{e.field}" if e.field else "attributes", e.code, e.message)
            for e in exc.errors
        ]
        raise


def retire_part(sku: str) -> ChangeFn:
    def change(current: Catalog) -> Change:
        parts = list(current.parts)
        for index, part in enumerate(parts):
            if part.sku == sku:
                parts[index] = retired(part)
                return Change(validated(current, parts=tuple(parts)), frozenset({(KIND_PART, sku)}))
        raise NotFound(f"the catalog has no part {sku!r}")

    return change


def upsert(field: str, kind: str, model: BaseModel, key: str) -> ChangeFn:
    """Replace the style or rule with id `key` in place, or append it."""

    def change(current: Catalog) -> Change:
        items = list(getattr(current, field))
        ids = [item.id for item in items]
        if key in ids:
            items[ids.index(key)] = model
        else:
            items.append(model)
        return Change(validated(current, **{field: tuple(items)}), frozenset({(kind, key)}))

    return change


def remove(field: str, kind: str, key: str) -> ChangeFn:
    def change(current: Catalog) -> Change:
        items = [item for item in getattr(current, field) if item.id != key]
        if len(items) == len(getattr(current, field)):
            raise NotFound(f"the catalog has no {kind} {key!r}")
        return Change(validated(current, **{field: tuple(items)}), frozenset({(kind, key)}))

    return change


def retired(part: Part) -> Part:
    if part.status is Status.RETIRED:
        return part
    return part.model_copy(update={"status": Status.RETIRED})


def validated(base: Catalog, **fields: Any) -> Catalog:
    """`base` with `fields` replaced, checked as a whole catalog (references, duplicates, currency)."""
    data = {
        name: getattr(base, name)
        for name in ("format_version", "currency", "physics", "parts", "styles", "rules")
    }
    data.update(fields)
    # Part, style and rule instances are not validated again (pydantic keeps model instances as
    # they are), so only the catalog-wide checks run: cheap even at 10,000 parts.
    return parse_catalog(data)


def refuse_kind_changes(current: Catalog, parts: Sequence[Part], *, prefix: str | None) -> None:
    """A SKU keeps its kind forever: owned pieces and old versions mean that kind by it."""
    known = {part.sku: part.kind for part in current.parts}
    errors = ErrorList()
    for index, part in enumerate(parts):
        was = known.get(part.sku)
        if was is not None and was != part.kind:
            errors.add(
                f"{prefix}[{index}].kind" if prefix else "kind", "sku_kind_changed",
                f"SKU {part.sku} is a {was}, it cannot become a {part.kind}",
            )
    errors.raise_if_any("catalog refused: a SKU cannot change kind")


def as_model(cls: type[_M], value: _M | Mapping[str, Any]) -> _M:
    """A model from a model or a mapping, refusing a bad mapping with field errors."""
    if isinstance(value, cls):
        return value
    try:
        return cls.model_validate(value)
    except ValidationError as exc:
        raise ValidationFailed(f"{cls.__name__.lower()} refused", errors=field_errors(exc)) from None
