"""Why a candidate is unavailable: put it into the cheapest valid piece and report what it breaks.

One `WhyNot` serves every unavailable candidate of one options answer: what it reads of the
example piece (its parts, the option tables' other columns) is read once, not per candidate.
"""

from __future__ import annotations

from datetime import date
from functools import cached_property
from typing import Any

from catalog.rules import FONT_SLOT, RuleCode, Violation
from catalog.styles import Slot
from catalog.types import SlotKind
from solver.assembly import Assembly, Evaluation
from solver.check import OptionSwitches, evaluate, option_pick_violations, tables_touching
from solver.request import Request
from solver.results import Reason
from solver.space import Space

MAX_REASONS = 5


class WhyNot:
    def __init__(self, space: Space, request: Request, example: Evaluation | None) -> None:
        self.space, self.request, self.example = space, request, example

    @cached_property
    def _switches(self) -> OptionSwitches:
        assert self.example is not None
        return OptionSwitches(self.space.catalog, self.space.style, self.request, self.example.assembly)

    @cached_property
    def _no_budget(self) -> Request:
        """The request a try is checked under: a reason names the rule, a budget is said apart."""
        return self.request.model_copy(update={"budget_cents": None})

    def reasons(self, slot: Slot, value: str) -> tuple[Reason, ...]:
        """What the example piece breaks with `value` in `slot` (for a multi slot, beside what it
        holds); where it needs a ring, hung on the rings most likely to fit it."""
        example, space, request = self.example, self.space, self.request
        catalog = space.catalog
        if example is None:
            return (Reason(RuleCode.SELECTION, "nothing can be built with the current selection; ask explain"),)
        style = catalog.style(example.assembly.style_id)
        chosen = dict(example.assembly.choice)
        chosen[slot.name] = tuple(sorted({*chosen.get(slot.name, ()), value})) if slot.multi else (value,)
        if slot.kind is SlotKind.OPTION and slot.name != FONT_SLOT:
            # Only tables read an option's value: check those, not the whole piece again. The
            # tables reading the slot are listed once per base: scanning every rule of the
            # catalog for each unavailable value cost ~0.5 s per answer with 1,583 rules.
            key = ("tables-touching", slot.name, request.on_date or date.today())
            tables = space.geometry.get(key)
            if tables is None:
                tables = space.geometry.setdefault(key, tables_touching(catalog, style, request, slot.name))
            found = self._switches.violations(slot.name, value, tables)
            if found:
                return tuple(Reason.of(v) for v in found[:MAX_REASONS])
            # The piece is valid, and besides tables only its price and the slot's pick read an
            # option's value: checked whole it would break the pick at most. Skipping that check
            # (~30 ms with 300 ruled slots) is tested against it.
            broken = option_pick_violations(slot.name, (value,), request.pick(slot.name))
            return tuple(Reason.of(v) for v in broken or [_fits_nothing(value)])
        tries = [chosen]
        ring_slot = next((j.ring for j in style.joins if j.ring and slot.name in (j.a, j.b)), None)
        if ring_slot and not chosen.get(ring_slot):
            # The slot was empty: hang the value on the rings most likely to fit it.
            for ring in likely_rings(space):
                tries.append({**chosen, ring_slot: (ring,)})
        no_budget = self._no_budget
        tables = self._tables_changing(slot)
        best: list[Violation] | None = None
        for values in tries:
            assembly = Assembly(example.assembly.style_id,
                                tuple((s, values.get(s, ())) for s, _ in example.assembly.choice))
            broken = list(evaluate(catalog, style, no_budget, assembly, tables=tables).violations)
            mine = [v for v in broken if value in v.skus] or broken
            if best is None or len(mine) < len(best):
                best = mine
        if not best:
            best = [_fits_nothing(value)]
        return tuple(Reason.of(v) for v in best[:MAX_REASONS])


    def _tables_changing(self, slot: Slot) -> list[Any]:
        """The tables a try can break, in catalog order: those reading a part (a try changes the
        slot's part and maybe a ring) or the slot itself. The example piece is valid, so a table
        reading only option values it kept holds: with 300 ruled option slots, checking those
        was ~35 ms of every whole check."""
        request = self.request
        key = ("tables-changing", slot.name, request.on_date or date.today())  # rules take effect by date
        found: list[Any] | None = self.space.geometry.get(key)
        if found is None:
            found = self.space.geometry.setdefault(key, [
                rule for rule in tables_touching(self.space.catalog, self.space.style, request)
                if any(c.kind is not SlotKind.OPTION or c.option_slot == slot.name for c in rule.columns)])
        return found


def _fits_nothing(value: str) -> Violation:
    """Nothing the example piece breaks names the value: it is ruled out further off."""
    return Violation(RuleCode.SELECTION, f"{value} fits no complete piece with the other picks", (value,))


def likely_rings(space: Space) -> list[str]:
    """The thinnest, the widest and the strongest active ring: found once per base (a scan of
    every ring in the catalog, which each unavailable class's reason used to repeat)."""
    found: list[str] | None = space.geometry.get(("likely-rings",))
    if found is None:
        rings = [p for p in space.catalog.parts_of(SlotKind.JUMP_RING) if p.status.value == "active"]
        picks = {min(rings, key=lambda r: (r.wire_mm, -r.inner_diameter_mm)).sku,  # type: ignore[union-attr]
                 max(rings, key=lambda r: (r.inner_diameter_mm, -r.wire_mm)).sku,  # type: ignore[union-attr]
                 max(rings, key=lambda r: (r.max_load_g, r.inner_diameter_mm)).sku} if rings else set()  # type: ignore[union-attr]
        found = space.geometry.setdefault(("likely-rings",), sorted(picks))
    return found
