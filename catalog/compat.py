"""Merchandiser rules beyond physics: compatibility tables across slots, with effective dates."""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel, ConfigDict, Field, model_validator
from pydantic_core import PydanticCustomError

from catalog.types import RuleMode, SlotKind


class AttributeRef(BaseModel):
    """An attribute of the parts of one kind (or of an option slot, by slot name)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    kind: SlotKind
    attribute: str = Field(min_length=1, max_length=40)
    option_slot: str | None = Field(None, description="for kind=option: which option slot")


class CompatibilityRule(BaseModel):
    """Every pair of parts (left kind, right kind) in one piece must have an allowed attribute pair.

    `allowed`: the pair of values must be listed. `forbidden`: it must not be. Values of the left
    attribute that the table never mentions are unconstrained in `allowed` mode, so a table about
    rope chains says nothing about cable chains.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: str = Field(pattern=r"^[a-z][a-z0-9-]{1,59}$")
    description: str = ""
    left: AttributeRef
    right: AttributeRef
    mode: RuleMode
    pairs: tuple[tuple[str | int | float | bool, str | int | float | bool], ...] = Field(min_length=1)
    styles: tuple[str, ...] = Field((), description="style ids it applies to; empty means all")
    effective_from: date | None = None
    effective_until: date | None = None

    @model_validator(mode="after")
    def _dates_ordered(self) -> CompatibilityRule:
        if self.effective_from and self.effective_until and self.effective_from > self.effective_until:
            raise PydanticCustomError("date_range_inverted", "effective_from is after effective_until")
        if self.left.kind is SlotKind.OPTION and not self.left.option_slot:
            raise PydanticCustomError("option_slot_required", "an option reference names its slot")
        if self.right.kind is SlotKind.OPTION and not self.right.option_slot:
            raise PydanticCustomError("option_slot_required", "an option reference names its slot")
        kinds = {self.left.kind, self.right.kind}
        anchored = kinds & {SlotKind.CHAIN, SlotKind.PLATING, SlotKind.OPTION}
        if not anchored and kinds != {SlotKind.CLASP, SlotKind.EXTENDER}:
            # The solver decides rules exactly by conditioning on the chain, the finish and the
            # options; a rule between two other parts would couple its components.
            raise PydanticCustomError(
                "rule_shape_unsupported",
                "a rule must involve the chain, the plating or an option slot, or pair a clasp with an "
                "extender; {left} with {right} is not supported",
                {"left": self.left.kind.value, "right": self.right.kind.value},
            )
        return self

    def in_force(self, on: date) -> bool:
        if self.effective_from and on < self.effective_from:
            return False
        if self.effective_until and on > self.effective_until:
            return False
        return True

    def applies_to(self, style_id: str) -> bool:
        return not self.styles or style_id in self.styles

    def permits(self, left_value: object, right_value: object) -> bool:
        listed = any(_same(a, left_value) and _same(b, right_value) for a, b in self.pairs)
        if self.mode == "forbidden":
            return not listed
        mentioned = any(_same(a, left_value) for a, _ in self.pairs)
        return listed or not mentioned


def _same(table_value: object, part_value: object) -> bool:
    value = getattr(part_value, "value", part_value)
    return table_value == value or str(table_value) == str(value)
