"""Picks that name parts the catalog does not have, or parts of another kind than the slot's.

A shopper's pick of `CH-NOPE`, or of a clasp in the chain slot, is refused with a field error
naming the SKU and the slot, instead of quietly making every answer empty.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from catalog.exceptions import FieldError
from catalog.model import Catalog
from catalog.styles import Style
from catalog.types import SlotKind
from solver.request import SlotPick


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
