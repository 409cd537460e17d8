"""The rules one part meets or breaks on its own, in a slot under a request: the style's filters,
retirement, nickel, supply at the quantity, lead time, a nameplate's text. Decided once per part
when a base space is compiled (solver.space.compile_base)."""

from __future__ import annotations

from typing import Any

from catalog import rules
from catalog.attributes import filter_admits
from catalog.parts import Charm, Plating
from catalog.rules import RuleCode, Violation
from catalog.styles import Slot
from solver.classes import Member
from solver.request import Request


def unary_member(part: Any, slot: Slot, request: Request, physics: Any) -> tuple[Member, int] | tuple[Violation, ...]:
    """The part as a member with its lead time, or every unary rule it breaks."""
    found: list[Violation] = []
    sku = part.sku
    for flt in slot.filters:
        if not filter_admits(flt, part):
            found.append(Violation(RuleCode.SELECTION, f"{sku} is outside the style's {flt.attribute}", (sku,)))
    if part.status.value != "active":
        found.append(Violation(RuleCode.RETIRED, f"{sku} is retired from sale", (sku,)))
    if isinstance(part, Plating):
        if request.nickel_free:
            v = rules.nickel_free_plating(part)
            if v:
                found.append(v)
        if request.deadline_days is not None and part.lead_time_days > request.deadline_days:
            found.append(Violation(RuleCode.LEAD_TIME, f"{sku} alone takes {part.lead_time_days} days", (sku,)))
        if found:
            return tuple(found)
        return Member(sku, part.price.amount_cents, part), part.lead_time_days
    if request.nickel_free:
        v = rules.nickel_free_part(part, physics)
        if v:
            found.append(v)
    got = rules.supply(part, request.quantity)
    if isinstance(got, Violation):
        found.append(got)
        return tuple(found)
    if request.deadline_days is not None and got.lead_time_days > request.deadline_days:
        found.append(Violation(RuleCode.LEAD_TIME, f"{sku} takes {got.lead_time_days} days to make", (sku,)))
    cost = got.unit_price_cents
    if isinstance(part, Charm) and part.nameplate and request.text:
        v = rules.text_fits(part, request.text)
        if v:
            found.append(v)
        elif part.price_per_character:
            cost += len(request.text) * part.price_per_character.amount_cents
    if found:
        return tuple(found)
    return Member(sku, cost, part), got.lead_time_days
