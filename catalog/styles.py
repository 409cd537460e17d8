"""Styles: assembly templates made of slots, the joins between them, and option slots."""

from __future__ import annotations

from functools import cached_property

from pydantic import BaseModel, ConfigDict, Field, model_validator
from pydantic_core import PydanticCustomError

from catalog.parts import Money
from catalog.settings import get_settings
from catalog.types import SlotKind

NAME_PATTERN = r"^[a-z][a-z0-9_]{0,39}$"
DEFAULT_INSPECTION = ("name", "font", "colour", "chain type and length", "clasp")


class AttributeFilter(BaseModel):
    """Restricts a slot to parts whose attribute is one of `values` or within [min, max]."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    attribute: str = Field(min_length=1, max_length=40)
    values: tuple[str | int | float | bool, ...] = ()
    min: float | None = None
    max: float | None = None

    @model_validator(mode="after")
    def _says_something(self) -> AttributeFilter:
        if not self.values and self.min is None and self.max is None:
            raise PydanticCustomError("empty_filter", "a filter needs values, min or max")
        if self.min is not None and self.max is not None and self.min > self.max:
            raise PydanticCustomError("range_inverted", "min exceeds max")
        return self


class OptionValue(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    code: str = Field(pattern=NAME_PATTERN)
    label: str = Field(min_length=1, max_length=80)
    price: Money = Money(amount_cents=0)


class Slot(BaseModel):
    """A place in the piece: which kind goes there and how many (0..1 is optional)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    name: str = Field(pattern=NAME_PATTERN)
    kind: SlotKind
    min_count: int = Field(1, ge=0, le=100)
    max_count: int = Field(1, ge=1, le=100)
    filters: tuple[AttributeFilter, ...] = ()
    values: tuple[OptionValue, ...] = Field((), description="choices of an option slot")
    default: str | None = Field(None, description="the option value a checked piece that leaves the slot out takes")

    @model_validator(mode="after")
    def _counts_and_values(self) -> Slot:
        if self.min_count > self.max_count:
            raise PydanticCustomError("count_range_inverted", "min_count exceeds max_count")
        if self.max_count > 1 and self.kind is not SlotKind.CHARM:
            raise PydanticCustomError("multi_slot_kind", "only charm slots hold more than one part")
        if self.max_count > 1 and self.min_count > 1:
            raise PydanticCustomError(
                "multi_slot_min", "a multi-charm slot may require at most one charm (min_count ≤ 1)"
            )
        if self.kind is SlotKind.OPTION and not self.values:
            raise PydanticCustomError("option_values_missing", "an option slot lists its values")
        if self.kind is not SlotKind.OPTION and self.values:
            raise PydanticCustomError("values_on_part_slot", "only option slots list values")
        if self.default is not None and self.default not in {v.code for v in self.values}:
            raise PydanticCustomError("default_not_a_value", "default {default} is not one of the slot's values",
                                      {"default": self.default})
        return self

    @property
    def optional(self) -> bool:
        return self.min_count == 0

    @property
    def multi(self) -> bool:
        return self.max_count > 1


class Join(BaseModel):
    """Two slots joined, through a jump-ring slot (`ring`) or directly (clip, bail, screw)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    a: str
    b: str
    ring: str | None = None


class Style(BaseModel):
    """An assembly template. The chain slot is the carrier every other part hangs from."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: str = Field(pattern=r"^[a-z][a-z0-9-]{1,39}$")
    name: str = Field(min_length=1, max_length=120)
    description: str = ""
    slots: tuple[Slot, ...] = Field(min_length=1)
    joins: tuple[Join, ...] = ()
    min_length_mm: float = Field(gt=0, le=2000)
    max_length_mm: float = Field(gt=0, le=2000)
    plate_after_assembly: bool = False
    labour_per_joint: Money = Money(amount_cents=0)
    inspection: tuple[str, ...] = DEFAULT_INSPECTION

    def slot(self, name: str) -> Slot:
        return self._by_name[name]

    def slots_of(self, kind: SlotKind) -> list[Slot]:
        return list(self._by_kind.get(kind, ()))

    # Looked up on every hub of every request; a style with hundreds of option slots made the
    # linear scans show. Not fields: equality and dumps ignore them.
    @cached_property
    def _by_name(self) -> dict[str, Slot]:
        return {slot.name: slot for slot in self.slots}

    @cached_property
    def _by_kind(self) -> dict[SlotKind, tuple[Slot, ...]]:
        found: dict[SlotKind, list[Slot]] = {}
        for slot in self.slots:
            found.setdefault(slot.kind, []).append(slot)
        return {kind: tuple(slots) for kind, slots in found.items()}

    @property
    def carrier(self) -> Slot:
        return self.slots_of(SlotKind.CHAIN)[0]

    @cached_property
    def ring_slots(self) -> frozenset[str]:
        """The slots holding the jump ring of some join (read for every checked piece)."""
        return frozenset(join.ring for join in self.joins if join.ring)

    def join_of(self, slot_name: str) -> Join | None:
        """The join that attaches a clasp, extender or charm slot to the carrier."""
        for join in self.joins:
            if slot_name in (join.a, join.b) and self.carrier.name in (join.a, join.b):
                return join
        return None

    @model_validator(mode="after")
    def _shape_is_buildable(self) -> Style:
        names = [slot.name for slot in self.slots]
        most = get_settings().max_style_slots
        if len(names) > most:
            raise PydanticCustomError("too_many_slots", "a style holds at most {most} slots "
                                      "(LINKWISE_MAX_STYLE_SLOTS), not {count}", {"most": most, "count": len(names)})
        if len(set(names)) != len(names):
            raise PydanticCustomError("duplicate_slot", "slot names must be unique")
        if self.min_length_mm > self.max_length_mm:
            raise PydanticCustomError("length_range_inverted", "min_length_mm exceeds max_length_mm")
        chains = self.slots_of(SlotKind.CHAIN)
        if len(chains) != 1 or chains[0].min_count != 1:
            raise PydanticCustomError("carrier_required", "a style has exactly one required chain slot")
        for kind in (SlotKind.CLASP, SlotKind.EXTENDER, SlotKind.PLATING):
            if len(self.slots_of(kind)) > 1:
                raise PydanticCustomError(
                    "slot_kind_repeated", "a style has at most one {kind} slot", {"kind": kind.value}
                )
        by_name = {slot.name: slot for slot in self.slots}
        carrier = chains[0].name
        rings_used: set[str] = set()
        attached: set[str] = set()
        for join in self.joins:
            for end in (join.a, join.b, join.ring):
                if end is not None and end not in by_name:
                    raise PydanticCustomError(
                        "unknown_slot", "join names slot {slot}, which the style does not have",
                        {"slot": end},
                    )
            if carrier not in (join.a, join.b):
                raise PydanticCustomError(
                    "join_not_to_carrier", "every join attaches a slot to the chain slot {carrier}",
                    {"carrier": carrier},
                )
            other = join.b if join.a == carrier else join.a
            if by_name[other].kind not in (SlotKind.CLASP, SlotKind.EXTENDER, SlotKind.CHARM):
                raise PydanticCustomError(
                    "join_kind", "only clasps, extenders and charms join the chain, not {kind}",
                    {"kind": by_name[other].kind.value},
                )
            if join.ring is None and by_name[other].kind is not SlotKind.CHARM:
                raise PydanticCustomError(
                    "ring_required", "a {kind} joins the chain through a jump ring slot",
                    {"kind": by_name[other].kind.value},
                )
            if other in attached:
                raise PydanticCustomError("joined_twice", "slot {slot} is joined twice", {"slot": other})
            attached.add(other)
            if join.ring is not None:
                ring = by_name[join.ring]
                if ring.kind is not SlotKind.JUMP_RING:
                    raise PydanticCustomError(
                        "ring_slot_kind", "join ring {slot} must be a jump_ring slot", {"slot": join.ring}
                    )
                if join.ring in rings_used:
                    raise PydanticCustomError(
                        "ring_reused", "jump ring slot {slot} serves one join only", {"slot": join.ring}
                    )
                rings_used.add(join.ring)
        for slot in self.slots:
            if slot.kind in (SlotKind.CLASP, SlotKind.EXTENDER, SlotKind.CHARM) and slot.name not in attached:
                raise PydanticCustomError(
                    "slot_not_joined", "slot {slot} is not joined to the chain", {"slot": slot.name}
                )
            if slot.kind is SlotKind.JUMP_RING and slot.name not in rings_used:
                raise PydanticCustomError(
                    "ring_slot_unused", "jump ring slot {slot} serves no join", {"slot": slot.name}
                )
        plating = self.slots_of(SlotKind.PLATING)
        if self.plate_after_assembly and (not plating or plating[0].min_count < 1):
            raise PydanticCustomError(
                "plating_slot_required", "a style plated after assembly needs a required plating slot"
            )
        return self
