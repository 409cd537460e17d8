"""A catalog's charms, extenders and jump rings as arrays, for add_ons' screens.

add_ons screens thousands of modules and rings against one owned piece per request; reading
pydantic fields part by part costs more than the whole answer may take. The fields the rules read
are copied once per parts tuple into numpy arrays (kept for the last few catalogs), and a
merchandiser rule's column is read as codes into the attribute's distinct values, so that a
table is decided once per value, not once per part.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from catalog.attributes import attribute_value, filter_admits
from catalog.model import Catalog
from catalog.parts import Part
from catalog.styles import AttributeFilter
from catalog.types import BaseMetal, Colour, Connector, Production, SlotKind, Status

METALS = list(BaseMetal)
COLOURS = list(Colour)
CONNECTORS = list(Connector)
KEPT_CATALOGS = 4


def value_key(value: Any) -> tuple[type, str]:
    """Values that every rule reads alike: a table matches by text and by number (`permits`,
    `_same`), so 1 and 1.0 and True, or Decimal 1 and 1.00, are kept apart unless type and text agree."""
    return type(value), str(value)


@dataclass
class PartArrays:
    """One kind's parts (catalog order) and the fields the rules read, one array each."""

    kind: SlotKind
    parts: list[Any]
    index: dict[str, int]
    metal: np.ndarray  # position in METALS
    colour: np.ndarray  # position in COLOURS
    active: np.ndarray
    stock: np.ndarray
    stocked: np.ndarray  # production is STOCKED: never made to order
    moq: np.ndarray
    lead_days: np.ndarray
    price: np.ndarray
    tooling: np.ndarray
    platable: np.ndarray
    weight_g: np.ndarray
    extra: dict[str, np.ndarray]  # kind-specific fields
    memo: dict[Any, Any] = field(default_factory=dict)  # what callers derive once per catalog (ring order)
    _factors: dict[str, tuple[np.ndarray, list[Any]]] = field(default_factory=dict)
    _filters: dict[tuple[AttributeFilter, ...], np.ndarray] = field(default_factory=dict)

    @classmethod
    def of(cls, kind: SlotKind, parts: Sequence[Any]) -> PartArrays:
        def column(read: Any, dtype: Any) -> np.ndarray:
            return _frozen(np.fromiter((read(p) for p in parts), dtype=dtype, count=len(parts)))

        metal = {m: i for i, m in enumerate(METALS)}
        colour = {c: i for i, c in enumerate(COLOURS)}
        extra: dict[str, np.ndarray] = {}
        if kind is SlotKind.CHARM:
            connector = {c: i for i, c in enumerate(CONNECTORS)}
            extra["connector"] = column(lambda p: connector[p.connector], np.int64)
            extra["nameplate"] = column(lambda p: p.nameplate, bool)
            extra["max_characters"] = column(lambda p: p.max_characters, np.int64)
            extra["loop_inner_mm"] = column(lambda p: p.loop_inner_mm or np.nan, float)
            extra["loop_wire_mm"] = column(lambda p: p.loop_wire_mm or np.nan, float)
            extra["per_character"] = column(
                lambda p: p.price_per_character.amount_cents if p.price_per_character else 0, np.int64)
        elif kind is SlotKind.EXTENDER:
            extra["length_mm"] = column(lambda p: p.length_mm, float)
            extra["link_wire_mm"] = column(lambda p: p.link_wire_mm, float)
        elif kind is SlotKind.JUMP_RING:
            extra["wire_mm"] = column(lambda p: p.wire_mm, float)
            extra["inner_diameter_mm"] = column(lambda p: p.inner_diameter_mm, float)
            extra["max_load_g"] = column(lambda p: float(p.max_load_g), float)
        return cls(
            kind=kind, parts=list(parts), index={p.sku: i for i, p in enumerate(parts)},
            metal=column(lambda p: metal[p.base_metal], np.int64),
            colour=column(lambda p: colour[p.colour], np.int64),
            active=column(lambda p: p.status is Status.ACTIVE, bool),
            stock=column(lambda p: p.stock, np.int64),
            stocked=column(lambda p: p.production is Production.STOCKED, bool),
            moq=column(lambda p: p.moq, np.int64),
            lead_days=column(lambda p: p.lead_time_days, np.int64),
            price=column(lambda p: p.price.amount_cents, np.int64),
            tooling=column(lambda p: p.tooling.amount_cents if p.tooling else 0, np.int64),
            platable=column(lambda p: p.platable, bool),
            weight_g=column(lambda p: float(p.weight_g), float),
            extra=extra,
        )

    # --- supply, as rules.quote and rules.supply compute it -------------------------------------

    def from_stock(self, quantity: int) -> np.ndarray:
        """`quote`'s first case: the stock covers it, or a stocked part is priced as listed."""
        found: np.ndarray = (self.stock >= quantity) | self.stocked
        return found

    def unit_cents(self, quantity: int) -> np.ndarray:
        """`quote(part, quantity).unit_price_cents`: tooling spread over the quantity when made."""
        return np.where(self.from_stock(quantity), self.price, self.price + -(-self.tooling // quantity))

    def lead(self, quantity: int) -> np.ndarray:
        """`quote(part, quantity).lead_time_days`."""
        return np.where(self.from_stock(quantity), 0, self.lead_days)

    def supplied(self, quantity: int) -> np.ndarray:
        """`supply(part, quantity)` is no violation: stock, or made to order from the MOQ."""
        return (self.stock >= quantity) | (~self.stocked & (quantity >= self.moq))

    # --- what filters and merchandiser rules read ------------------------------------------------

    def admitted(self, filters: tuple[AttributeFilter, ...]) -> np.ndarray:
        """The parts every filter admits (`filter_admits`, part by part, kept per filter set)."""
        found = self._filters.get(filters)
        if found is None:
            found = _frozen(np.fromiter((all(filter_admits(f, p) for f in filters) for p in self.parts),
                                        dtype=bool, count=len(self.parts)))
            self._filters[filters] = found
        return found

    def factor(self, attribute: str) -> tuple[np.ndarray, list[Any]]:
        """Each part's code into the attribute's distinct values (as `value_key` tells them apart)."""
        found = self._factors.get(attribute)
        if found is None:
            seen: dict[tuple[type, str], int] = {}
            values: list[Any] = []
            codes = np.empty(len(self.parts), dtype=np.int64)
            for i, part in enumerate(self.parts):
                value = attribute_value(part, attribute)
                key = value_key(value)
                code = seen.get(key)
                if code is None:
                    code = seen[key] = len(values)
                    values.append(value)
                codes[i] = code
            found = self._factors[attribute] = (_frozen(codes), values)
        return found


def _frozen(values: np.ndarray) -> np.ndarray:
    """Kept arrays are shared by every request: read-only, so that no screen narrows one in place."""
    values.flags.writeable = False
    return values


_kept: dict[int, tuple[tuple[Part, ...], dict[str, PartArrays]]] = {}
_lock = threading.Lock()


def arrays(catalog: Catalog, kind: SlotKind) -> PartArrays:
    """The kind's arrays for this catalog's parts tuple (built on first use, kept for a few catalogs)."""
    parts = catalog.parts
    with _lock:
        entry = _kept.get(id(parts))
        if entry is None or entry[0] is not parts:
            while len(_kept) >= KEPT_CATALOGS:
                _kept.pop(next(iter(_kept)))
            entry = _kept[id(parts)] = (parts, {})
        by_kind = entry[1]
    found = by_kind.get(kind.value)
    if found is None:
        found = by_kind[kind.value] = PartArrays.of(kind, catalog.parts_of(kind))
    return found
