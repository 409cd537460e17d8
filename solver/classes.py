"""Interchangeable parts: a slot's members grouped into classes that every rule treats alike."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Member:
    sku: str
    cost: int  # unit price at the requested quantity, engraving included
    part: Any


@dataclass(frozen=True)
class PartClass:
    """Parts alike for every rule; members sorted by (cost, sku)."""

    index: int
    rep: Any
    lead: int
    members: tuple[Member, ...]

    @property
    def min_cost(self) -> int:
        return self.members[0].cost

    @property
    def size(self) -> int:
        return len(self.members)
