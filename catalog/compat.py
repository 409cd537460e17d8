"""Merchandiser rules beyond physics: compatibility tables over any number of attributes, and
counting rules over the charms of a piece, with effective dates."""

from __future__ import annotations

import numbers
from datetime import date
from decimal import Decimal
from enum import Enum
from functools import cached_property
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, SerializerFunctionWrapHandler, model_serializer, model_validator
from pydantic_core import PydanticCustomError

from catalog.types import COUNTING_MODES, RuleMode, SlotKind

Scalar = str | int | float | bool
MAX_COLUMNS = 12
MAX_ROWS = 100_000
PERMITS_KEPT = 65_536  # answered combinations kept per table
# Types whose equal values are equal text and equal numbers too (1 == 1.0 == True are not).
_EXACT_KEYS = frozenset({str, int, bool})

# Slots that hold one part per piece, or one value: the engine fixes them per hub. Clasps,
# extenders and jump rings a table reads beside another part are fixed per hub too (lifted), so a
# table over any slots is decided exactly; charms, many to a piece, are read one at a time, or
# (two charm columns or more) on the multiset of the piece's charms.
ANCHOR_KINDS = frozenset({SlotKind.CHAIN, SlotKind.PLATING, SlotKind.OPTION})


class AttributeRef(BaseModel):
    """An attribute of the parts of one kind (or of an option slot, by slot name)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    kind: SlotKind
    attribute: str = Field(min_length=1, max_length=40)
    option_slot: str | None = Field(None, description="for kind=option: which option slot")

    def same_slot(self, other: AttributeRef) -> bool:
        """Both read one slot: the piece's one chain or plating, or the same option slot."""
        if self.kind is not other.kind:
            return False
        return self.kind is not SlotKind.OPTION or self.option_slot == other.option_slot


class CompatibilityRule(BaseModel):
    """A table over the attributes in `columns` (2 to 12 of them, of any slots), or a counting rule.

    A piece is checked on every combination of one item per column, no item used twice. An item
    is a part in one slot (a charm in a charm slot, the ring in one ring slot) or an option
    slot's value: the same SKU in two slots (one ring type joining the clasp and the extender)
    is two physical parts and is combined with itself, while a column read twice of one slot
    that holds one part never combines that part with itself.

    `allowed`: when the table mentions the combination's first value, the whole combination
    must be a row; values of the first column the table never mentions are
    unconstrained, so a table about rope chains says nothing about cable chains. `forbidden`: the
    combination must not be a row. A column whose slot is empty in the piece (no plating, an
    option left out) makes the rule not apply. Two-column rules may be written with `left`,
    `right` and `pairs`, and are written back that way.

    A counting rule (`at_most`, `at_least`) reads charm attributes only (1 to 12 columns): the
    number of charms in the piece (one per slot it sits in) whose values are a row is at most, or
    at least, `count`.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: str = Field(pattern=r"^[a-z][a-z0-9-]{1,59}$")
    description: str = ""
    columns: tuple[AttributeRef, ...] = Field(min_length=1, max_length=MAX_COLUMNS)
    mode: RuleMode
    count: int | None = Field(None, ge=0, description="at_most / at_least: how many matching charms")
    rows: tuple[tuple[Scalar, ...], ...] = Field(min_length=1, max_length=MAX_ROWS)
    styles: tuple[str, ...] = Field((), description="style ids it applies to; empty means all")
    effective_from: date | None = None
    effective_until: date | None = None

    @model_validator(mode="before")
    @classmethod
    def _two_column_shorthand(cls, data: Any) -> Any:
        if isinstance(data, dict) and {"left", "right", "pairs"} & data.keys():
            if {"columns", "rows"} & data.keys():
                raise PydanticCustomError("rule_form_mixed", "write a rule with left/right/pairs or with "
                                          "columns/rows, not both")
            data = dict(data)
            data["columns"] = (data.pop("left", None), data.pop("right", None))
            data["rows"] = data.pop("pairs", ())
        return data

    @model_serializer(mode="wrap")
    def _write_two_columns_as_pairs(self, handler: SerializerFunctionWrapHandler) -> Any:
        out = handler(self)
        if isinstance(out, dict) and len(self.columns) == 2 and "columns" in out and "rows" in out:
            left, right = out.pop("columns")
            rows = out.pop("rows")
            out = {"id": out.pop("id"), "description": out.pop("description"), "left": left, "right": right,
                   "mode": out.pop("mode"), "pairs": rows, **out}
        if isinstance(out, dict) and out.get("count") is None:
            out.pop("count", None)  # tables have no count: their stored form is unchanged
        return out

    @model_validator(mode="after")
    def _shape(self) -> CompatibilityRule:
        if self.effective_from and self.effective_until and self.effective_from > self.effective_until:
            raise PydanticCustomError("date_range_inverted", "effective_from is after effective_until")
        for column in self.columns:
            if column.kind is SlotKind.OPTION and not column.option_slot:
                raise PydanticCustomError("option_slot_required", "an option reference names its slot")
        self._check_count()
        for i, row in enumerate(self.rows):
            if len(row) != len(self.columns):
                raise PydanticCustomError("row_width", "row {row} has {got} values for {want} columns",
                                          {"row": i, "got": len(row), "want": len(self.columns)})
        return self

    def _check_count(self) -> None:
        if not self.counts:
            if self.count is not None:
                raise PydanticCustomError("count_not_counting", "only at_most and at_least rules have a count",
                                          {"field": "count"})
            if len(self.columns) < 2:
                raise PydanticCustomError("columns_too_few", "a table has two columns or more",
                                          {"field": "columns"})
            return
        if self.count is None:
            raise PydanticCustomError("count_required", "an {mode} rule needs a count",
                                      {"mode": self.mode, "field": "count"})
        if any(c.kind is not SlotKind.CHARM for c in self.columns):
            raise PydanticCustomError("count_rule_kind", "a counting rule reads charm attributes only",
                                      {"field": "columns"})

    @property
    def counts(self) -> bool:
        """A counting rule (at_most / at_least), not a table."""
        return self.mode in COUNTING_MODES

    def matches(self, *values: object) -> bool:
        """Whether one charm's values (one per column) are a row: what a counting rule counts."""
        index = self._row_index
        found = index[0].rows_with(values[0])
        for c in range(1, len(values)):
            if not found:
                return False
            found = found & index[c].rows_with(values[c])
        return bool(found)

    def matches_by_scan(self, *values: object) -> bool:
        return any(all(_same(a, v) for a, v in zip(row, values, strict=True)) for row in self.rows)

    @property
    def left(self) -> AttributeRef:
        return self.columns[0]

    @property
    def right(self) -> AttributeRef:
        return self.columns[1]

    @property
    def pairs(self) -> tuple[tuple[Scalar, ...], ...]:
        return self.rows

    def in_force(self, on: date) -> bool:
        if self.effective_from and on < self.effective_from:
            return False
        if self.effective_until and on > self.effective_until:
            return False
        return True

    def applies_to(self, style_id: str) -> bool:
        return not self.styles or style_id in self.styles

    def permits(self, *values: object) -> bool:
        """Whether one combination (a value per column) passes the table. Answers are kept per
        combination of values whose equality means an equal match (text, whole numbers, enum
        members): checks of one piece and its neighbours ask the same combinations again and
        again (95 % of them in a replay of 300 ruled option slots)."""
        if all(type(v) in _EXACT_KEYS or isinstance(v, Enum) for v in values):
            key = tuple((type(v), v) for v in values)
            memo = self._permits_memo
            found = memo.get(key)
            if found is None:
                found = self._permits(values)
                if len(memo) >= PERMITS_KEPT:
                    memo.clear()  # bounded: a long-running server meets ever new pieces
                memo[key] = found
            return found
        return self._permits(values)

    @cached_property
    def _permits_memo(self) -> dict[tuple[tuple[type, object], ...], bool]:
        return {}

    def _permits(self, values: tuple[object, ...]) -> bool:
        index = self._row_index
        first = index[0].rows_with(values[0])
        listed = bool(first) and bool(first.intersection(*(index[c].rows_with(v) for c, v in enumerate(values)
                                                           if c > 0)))
        if self.mode == "forbidden":
            return not listed
        return listed or not first

    def permits_by_scan(self, *values: object) -> bool:
        """`permits` by reading every row: the reference the index is tested against."""
        listed = any(all(_same(a, v) for a, v in zip(row, values, strict=True)) for row in self.rows)
        if self.mode == "forbidden":
            return not listed
        mentioned = any(_same(row[0], values[0]) for row in self.rows)
        return listed or not mentioned

    def rows_matching(self, column: int, value: object) -> frozenset[int]:
        """The rows whose `column` holds `value` (as `permits` matches it): values with the same
        rows in every column they are read in are alike for the table."""
        return self._row_index[column].rows_with(value)

    # Checked for every combination of parts of every piece: rows found by value, not by a scan.
    # Not a field: equality and dumps ignore it.
    @cached_property
    def _row_index(self) -> tuple[_ColumnIndex, ...]:
        return tuple(_ColumnIndex.of([row[c] for row in self.rows]) for c in range(len(self.columns)))

    @property
    def on_charms(self) -> bool:
        """A constraint on the multiset of a piece's charms: a counting rule, or a table over two
        charm columns or more (plus anchors, and clasps, extenders and rings the hub lifts)."""
        return self.counts or sum(1 for c in self.columns if c.kind is SlotKind.CHARM) >= 2

    def part_kinds(self) -> list[SlotKind]:
        """The columns' kinds that are not anchors (each may hold several parts of a piece)."""
        return [c.kind for c in self.columns if c.kind not in ANCHOR_KINDS]


class _ColumnIndex:
    """One column's rows by value, so that a lookup finds exactly the rows `_same` would match:
    equal text, or equal numbers (18 and 18.0, True and 1)."""

    def __init__(self, by_text: dict[str, frozenset[int]], by_number: dict[float, frozenset[int]]) -> None:
        self.by_text, self.by_number = by_text, by_number

    @classmethod
    def of(cls, column: list[Scalar]) -> _ColumnIndex:
        by_text: dict[str, set[int]] = {}
        by_number: dict[float, set[int]] = {}
        for i, value in enumerate(column):
            by_text.setdefault(str(value), set()).add(i)
            number = _number(value)
            if number is not None:
                by_number.setdefault(number, set()).add(i)
        return cls({k: frozenset(v) for k, v in by_text.items()}, {k: frozenset(v) for k, v in by_number.items()})

    def rows_with(self, part_value: object) -> frozenset[int]:
        value = getattr(part_value, "value", part_value)
        found = self.by_text.get(str(value), frozenset())
        number = _number(value)
        if number is not None and number in self.by_number:
            found = found | self.by_number[number]
        return found


def _number(value: object) -> float | None:
    """The number `==` compares (bools are ints in Python), or None for anything else."""
    if isinstance(value, (numbers.Real, Decimal)):
        return float(value)
    return None


def _same(table_value: object, part_value: object) -> bool:
    value = getattr(part_value, "value", part_value)
    return table_value == value or str(table_value) == str(value)
