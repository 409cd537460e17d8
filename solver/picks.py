"""Requests refused before any work: unknown slots, picks that name parts the catalog does not
have or parts of another kind than the slot's, too many parts for a slot, text without a
nameplate slot.

A shopper's pick of `CH-NOPE`, or of a clasp in the chain slot, is refused with a field error
naming the SKU and the slot, instead of quietly making every answer empty.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from catalog.exceptions import FieldError, ValidationFailed
from catalog.model import Catalog
from catalog.styles import Slot, Style
from catalog.types import SlotKind
from solver.request import Request, SlotPick


def pick_errors(catalog: Catalog, style: Style, picks: Iterable[SlotPick]) -> Iterator[FieldError]:
    names = {slot.name for slot in style.slots}
    by_sku = catalog.by_sku()
    for i, pick in enumerate(picks):
        if pick.slot not in names:
            continue  # reported as an unknown slot
        slot = style.slot(pick.slot)
        if slot.kind is SlotKind.OPTION:
            continue
        for j, sku in enumerate(pick.skus):
            part = by_sku.get(sku)
            where = f"picks[{i}].skus[{j}]"
            if part is None:
                yield FieldError(where, "unknown_sku",
                                 f"no part {sku} in catalog version {catalog.version} (slot {slot.name})")
            elif part.kind != slot.kind.value:
                yield FieldError(where, "wrong_kind",
                                 f"{sku} is a {part.kind.replace('_', ' ')}; slot {slot.name} takes a "
                                 f"{slot.kind.value.replace('_', ' ')}")


def validate_request(style: Style, request: Request, catalog: Catalog | None = None) -> None:
    """Refuse requests that name unknown slots, unknown SKUs or SKUs of another kind (with the
    catalog), or ask for text without a nameplate slot."""
    errors: list[FieldError] = list(pick_errors(catalog, style, request.picks)) if catalog else []
    names = {slot.name for slot in style.slots}
    seen: set[str] = set()
    for i, pick in enumerate(request.picks):
        if pick.slot not in names:
            errors.append(FieldError(f"picks[{i}].slot", "unknown_slot",
                                     f"style {style.id} has no slot {pick.slot}"))
            continue
        if pick.slot in seen:
            errors.append(FieldError(f"picks[{i}].slot", "duplicate_pick", f"slot {pick.slot} picked twice"))
        seen.add(pick.slot)
        slot = style.slot(pick.slot)
        if slot.kind is SlotKind.OPTION:
            if pick.option is not None and pick.option not in {v.code for v in slot.values}:
                errors.append(FieldError(f"picks[{i}].option", "unknown_option",
                                         f"{pick.option} is not a value of {slot.name}"))
        elif len(pick.skus) > slot.max_count:
            errors.append(FieldError(f"picks[{i}].skus", "too_many",
                                     f"{slot.name} holds at most {slot.max_count}"))
        elif not slot.multi and len(pick.skus) > 1:
            errors.append(FieldError(f"picks[{i}].skus", "too_many", f"{slot.name} holds one part"))
    if request.text and not any(_nameplate_slot(slot) for slot in style.slots):
        errors.append(FieldError("text", "no_nameplate_slot",
                                 f"style {style.id} has no required nameplate slot to engrave"))
    if errors:
        raise ValidationFailed("request refused", errors=errors)


def _nameplate_slot(slot: Slot) -> bool:
    return slot.kind is SlotKind.CHARM and slot.min_count >= 1 and any(
        f.attribute == "nameplate" and f.values and all(v is True or str(v).lower() == "true" for v in f.values)
        for f in slot.filters
    )
