"""What a valid piece breaks once one option slot's value changes (why_not's reasons for an
unavailable option value), for many slots and values at once."""

from __future__ import annotations

from typing import Any

from catalog.model import Catalog
from catalog.rules import Violation
from catalog.styles import Style
from catalog.types import SlotKind
from solver.assembly import Assembly
from solver.check import OPTION_ITEM, Sides, broken_combinations, rule_side, tables_by_option_slot, tables_touching
from solver.request import Request


class OptionSwitches:
    """What a valid piece breaks once one option slot's value changes, for many slots and values:
    only tables read an option slot's value (the font slot aside, which `evaluate` also checks
    against the nameplate). The piece's parts, and every column not reading the changed slot, are
    read once: reading them again for each unavailable value was most of an options answer on a
    style with hundreds of ruled option slots."""

    def __init__(self, catalog: Catalog, style: Style, request: Request, assembly: Assembly,
                 tables: dict[str, list[Any]] | None = None) -> None:
        """`tables`: `tables_by_option_slot` of the style's tables on the request's date, when
        the caller keeps it."""
        by_sku = catalog.by_sku()
        chosen = assembly.as_dict()
        self.catalog, self.style, self.request = catalog, style, request
        self.parts = {s.name: [by_sku[sku] for sku in chosen.get(s.name, ()) if sku in by_sku]
                      for s in style.slots if s.kind is not SlotKind.OPTION}
        self.codes = {s.name: chosen[s.name][0] for s in style.slots_of(SlotKind.OPTION) if chosen.get(s.name)}
        self.listed = frozenset(chosen)  # a slot the piece does not list stays out of it when changed
        self.tables = tables if tables is not None else tables_by_option_slot(
            tables_touching(catalog, style, request))
        self._sides: Sides = {}
        self._by_slot: dict[str, list[tuple[Any, list[Any]]]] = {}

    def violations(self, slot: str, code: str) -> list[Violation]:
        """The tables the piece breaks with `code` in option `slot`."""
        # The changed slot's own columns are read with `code` (one item, or none when the piece
        # leaves the slot out); every other column is read once for all calls.
        if slot not in self.listed:
            return []  # the slot stays out of the piece: a table reading it has nothing to combine
        own = [((OPTION_ITEM, slot), code)]
        out: list[Violation] = []
        for rule, sides in self._templates(slot):
            broken_combinations(rule, [own if side is None else side for side in sides], out)
        # One ring in two ring slots breaks a table twice alike: said once, as `evaluate` does.
        return list(dict.fromkeys(out))

    def _templates(self, slot: str) -> list[tuple[Any, list[Any]]]:
        """Per table: every column's side, None for the slot's own; a table with a column that
        reads nothing in the piece breaks under no value and is left out. Kept per slot: a slot's
        unavailable values all read them."""
        found = self._by_slot.get(slot)
        if found is None:
            found = []
            for rule in self.tables.get(slot, ()):
                sides: list[Any] = []
                for column in rule.columns:
                    if column.kind is SlotKind.OPTION and column.option_slot == slot:
                        sides.append(None)
                        continue
                    key = (column.kind.value, column.attribute, column.option_slot)
                    side = self._sides.get(key)
                    if side is None:
                        side = self._sides[key] = rule_side(column, self.parts, self.codes, self.style)
                    sides.append(side)
                if all(side is None or side for side in sides):
                    found.append((rule, sides))
            self._by_slot[slot] = found
        return found
