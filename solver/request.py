"""What a shopper, merchandiser or owner asks: picks per slot, filters, budget, quantity, deadline."""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel, ConfigDict, Field

from catalog.styles import AttributeFilter

MAX_LIST = 100


class SlotPick(BaseModel):
    """Requirements on one slot: exact SKUs (for a multi-charm slot, charms it must contain),
    an option code, attribute filters every part in the slot must meet, or that it stay empty."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    slot: str = Field(min_length=1, max_length=40)
    skus: tuple[str, ...] = Field((), max_length=MAX_LIST)
    option: str | None = None
    filters: tuple[AttributeFilter, ...] = Field((), max_length=20)
    exact: bool = Field(False, description="the slot holds exactly `skus` (no skus: stays empty)")


class Preferences(BaseModel):
    """Soft wishes for recommend: assemblies meeting more of them rank first, then by price."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    colour: str | None = None
    base_metal: str | None = None
    chain_style: str | None = None


class Request(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    picks: tuple[SlotPick, ...] = Field((), max_length=MAX_LIST)
    exclude: tuple[str, ...] = Field((), max_length=MAX_LIST, description="SKUs the piece must not contain")
    budget_cents: int | None = Field(None, ge=0)
    quantity: int = Field(1, ge=1, le=100_000)
    deadline_days: int | None = Field(None, ge=0, le=3650)
    nickel_free: bool = False
    text: str | None = Field(None, max_length=40, description="nameplate text")
    on_date: date | None = Field(None, description="rules in force on this date (default today)")
    preferences: Preferences = Preferences()

    def pick(self, slot: str) -> SlotPick | None:
        for pick in self.picks:
            if pick.slot == slot:
                return pick
        return None

    def without(self, requirement: str) -> Request:
        """This request with one named requirement dropped (used by explanations)."""
        kind, _, key = requirement.partition(":")
        if kind == "budget":
            return self.model_copy(update={"budget_cents": None})
        if kind == "deadline":
            return self.model_copy(update={"deadline_days": None})
        if kind == "nickel_free":
            return self.model_copy(update={"nickel_free": False})
        if kind == "quantity":
            return self.model_copy(update={"quantity": 1})
        if kind == "text":
            return self.model_copy(update={"text": None})
        if kind == "exclude":
            return self.model_copy(update={"exclude": ()})
        if kind == "pick":
            return self.model_copy(update={"picks": tuple(p for p in self.picks if p.slot != key)})
        raise KeyError(requirement)

    def requirements(self) -> list[str]:
        """Names of the requirements a user set, each droppable on its own."""
        out = [f"pick:{p.slot}" for p in self.picks]
        if self.budget_cents is not None:
            out.append("budget")
        if self.deadline_days is not None:
            out.append("deadline")
        if self.nickel_free:
            out.append("nickel_free")
        if self.quantity != 1:
            out.append("quantity")
        if self.text:
            out.append("text")
        if self.exclude:
            out.append("exclude")
        return out
