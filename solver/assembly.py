"""An assembly: the SKUs (or option codes) chosen for each slot of a style, and what it costs."""

from __future__ import annotations

from dataclasses import dataclass, field

from catalog.rules import Violation

Choice = tuple[tuple[str, tuple[str, ...]], ...]


@dataclass(frozen=True)
class Assembly:
    """Slot → chosen values, in the style's slot order. A multi-charm slot holds a sorted set."""

    style_id: str
    choice: Choice

    def get(self, slot: str) -> tuple[str, ...]:
        for name, values in self.choice:
            if name == slot:
                return values
        return ()

    def as_dict(self) -> dict[str, tuple[str, ...]]:
        return dict(self.choice)

    def skus(self) -> tuple[str, ...]:
        return tuple(value for _, values in self.choice for value in values)

    @staticmethod
    def build(style_id: str, slot_order: list[str], values: dict[str, tuple[str, ...]]) -> Assembly:
        return Assembly(style_id, tuple((slot, tuple(sorted(values.get(slot, ())))) for slot in slot_order))


@dataclass(frozen=True)
class PriceBreakdown:
    parts_cents: int = 0
    plating_cents: int = 0
    labour_cents: int = 0
    engraving_cents: int = 0
    options_cents: int = 0

    @property
    def total_cents(self) -> int:
        return self.parts_cents + self.plating_cents + self.labour_cents + self.engraving_cents + self.options_cents


@dataclass(frozen=True)
class BuildStep:
    action: str  # join, solder, plate, inspect
    detail: str


@dataclass(frozen=True)
class Evaluation:
    """The verdict on one complete assembly: rule violations, price, lead time and build steps."""

    assembly: Assembly
    violations: tuple[Violation, ...]
    price: PriceBreakdown
    lead_time_days: int
    steps: tuple[BuildStep, ...] = ()
    warnings: tuple[str, ...] = field(default=())

    @property
    def valid(self) -> bool:
        return not self.violations

    def sort_key(self) -> tuple[int, Choice]:
        """Enumeration order: price, then SKUs slot by slot."""
        return (self.price.total_cents, self.assembly.choice)
