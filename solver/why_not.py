"""Why a candidate is unavailable: put it into the cheapest valid piece and report what it breaks.

One `WhyNot` serves every unavailable candidate of one options answer: what it reads of the
example piece (its parts, the option tables' other columns) is read once, not per candidate.
"""

from __future__ import annotations

import threading
from datetime import date
from functools import cached_property
from typing import Any

from catalog.model import Catalog
from catalog.rules import FONT_SLOT, RuleCode, Violation
from catalog.styles import Slot, Style
from catalog.types import SlotKind
from solver.assembly import Assembly, Evaluation
from solver.check import evaluate, option_pick_violations, tables_by_option_slot, tables_touching
from solver.option_switches import OptionSwitches
from solver.request import Request
from solver.results import Reason
from solver.space import Space

MAX_REASONS = 5


class WhyNot:
    """Reasons are found when a candidate's are first read (`solver.results.Deferred`), maybe
    after the answer left the solver: it keeps what they read (the catalog, the request, the
    example, a small memo of its base), not the space, whose hub memos may then go."""

    def __init__(self, space: Space, request: Request, example: Evaluation | None) -> None:
        # Read maybe later, maybe past midnight: checked under the rules of the answer's day.
        self.request = request if request.on_date else request.model_copy(update={"on_date": date.today()})
        self.catalog, self.example = space.catalog, example
        self._memo: dict[tuple[Any, ...], Any] = space.geometry.setdefault(("why-not",), {})
        self._lock = threading.Lock()  # OptionSwitches re-reads columns in place

    @cached_property
    def _switches(self) -> OptionSwitches:
        assert self.example is not None
        style = self.catalog.style(self.example.assembly.style_id)
        key = ("tables-by-option-slot", self.request.on_date)  # rules take effect by date
        by_slot = self._memo.get(key)
        if by_slot is None:
            by_slot = self._memo.setdefault(key, tables_by_option_slot(self._in_force(style)))
        return OptionSwitches(self.catalog, style, self.request, self.example.assembly, by_slot)

    @cached_property
    def _no_budget(self) -> Request:
        """The request a try is checked under: a reason names the rule, a budget is said apart."""
        return self.request.model_copy(update={"budget_cents": None})

    def likely_rings(self) -> list[str]:
        """The rings an unavailable part is hung on when its ring slot is empty."""
        return likely_rings(self.catalog, self._memo)

    def reasons(self, slot: Slot, value: str) -> tuple[Reason, ...]:
        """What the example piece breaks with `value` in `slot` (for a multi slot, beside what it
        holds); where it needs a ring, hung on the rings most likely to fit it."""
        with self._lock:
            return self._reasons(slot, value)

    def reasons_like(self, slot: Slot, first: str, first_reasons: tuple[Reason, ...], sku: str) -> tuple[Reason, ...]:
        """The reasons of `sku`, a part interchangeable with `first` (one class: every rule treats
        them alike): `first`'s, naming `sku` instead. Found whole when the renaming could name the
        wrong part: either SKU is in the example piece too (a ring in two slots), or another SKU
        the reasons name contains `first`; or when a message names `first` by its name (a
        plating's reasons say "Rose gold 14k 0.5 µm", and its class holds other thicknesses)."""
        held = self._held
        part = self.catalog.by_sku().get(first)
        named = part is not None and part.name != first and any(part.name in r.message for r in first_reasons)
        if (named or first in held or sku in held
                or any(first in s for r in first_reasons for s in r.skus if s != first)):
            return self.reasons(slot, sku)
        return tuple(Reason(r.code, r.message.replace(first, sku), tuple(sku if s == first else s for s in r.skus))
                     for r in first_reasons)

    @cached_property
    def _held(self) -> frozenset[str]:
        return frozenset(self.example.assembly.skus()) if self.example is not None else frozenset()

    def _reasons(self, slot: Slot, value: str) -> tuple[Reason, ...]:
        example, request, catalog = self.example, self.request, self.catalog
        if example is None:
            return (Reason(RuleCode.SELECTION, "nothing can be built with the current selection; ask explain"),)
        style = catalog.style(example.assembly.style_id)
        chosen = dict(example.assembly.choice)
        chosen[slot.name] = tuple(sorted({*chosen.get(slot.name, ()), value})) if slot.multi else (value,)
        if slot.kind is SlotKind.OPTION and slot.name != FONT_SLOT:
            # Only tables read an option's value: check those, not the whole piece again. The
            # tables reading the slot are listed once per base: scanning every rule of the
            # catalog for each unavailable value cost ~0.5 s per answer with 1,583 rules.
            found = self._switches.violations(slot.name, value)
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
            for ring in self.likely_rings():
                tries.append({**chosen, ring_slot: (ring,)})
        no_budget = self._no_budget
        tables = self._tables_changing(slot)
        best: list[Violation] | None = None
        for values in tries:
            assembly = Assembly(example.assembly.style_id,
                                tuple((s, values.get(s, ())) for s, _ in example.assembly.choice))
            broken = list(evaluate(catalog, style, no_budget, assembly, tables=tables).violations)
            named = [v for v in broken if value in v.skus]
            mine = named or broken
            if best is None or len(mine) < len(best):
                best = mine
            if named and values is chosen:
                # Hanging the value on a ring keeps every break that names it (a lead time only
                # grows), so no ring try can name fewer: the bare try stands.
                break
        if not best:
            best = [_fits_nothing(value)]
        return tuple(Reason.of(v) for v in best[:MAX_REASONS])

    def _tables_changing(self, slot: Slot) -> list[Any]:
        """The tables a try can break, in catalog order: those reading a part (a try changes the
        slot's part and maybe a ring) or the slot itself. The example piece is valid, so a table
        reading only option values it kept holds: with 300 ruled option slots, checking those
        was ~35 ms of every whole check."""
        request = self.request
        key = ("tables-changing", slot.name, request.on_date)  # rules take effect by date
        found: list[Any] | None = self._memo.get(key)
        if found is None:
            assert self.example is not None
            style = self.catalog.style(self.example.assembly.style_id)
            found = self._memo.setdefault(key, [
                rule for rule in self._in_force(style)
                if any(c.kind is not SlotKind.OPTION or c.option_slot == slot.name for c in rule.columns)])
        return found

    def _in_force(self, style: Style) -> list[Any]:
        """`tables_touching` the style on the request's date: read once per base."""
        key = ("tables-in-force", self.request.on_date)
        found: list[Any] | None = self._memo.get(key)
        if found is None:
            found = self._memo.setdefault(key, tables_touching(self.catalog, style, self.request))
        return found


def _fits_nothing(value: str) -> Violation:
    """Nothing the example piece breaks names the value: it is ruled out further off."""
    return Violation(RuleCode.SELECTION, f"{value} fits no complete piece with the other picks", (value,))


def likely_rings(catalog: Catalog, memo: dict[tuple[Any, ...], Any]) -> list[str]:
    """The thinnest, the widest and the strongest active ring: found once per base (`memo`; a
    scan of every ring in the catalog, which each unavailable class's reason used to repeat)."""
    found: list[str] | None = memo.get(("likely-rings",))
    if found is None:
        rings = [p for p in catalog.parts_of(SlotKind.JUMP_RING) if p.status.value == "active"]
        picks = {min(rings, key=lambda r: (r.wire_mm, -r.inner_diameter_mm)).sku,  # type: ignore[union-attr]
                 max(rings, key=lambda r: (r.inner_diameter_mm, -r.wire_mm)).sku,  # type: ignore[union-attr]
                 max(rings, key=lambda r: (r.max_load_g, r.inner_diameter_mm)).sku} if rings else set()  # type: ignore[union-attr]
        found = memo.setdefault(("likely-rings",), sorted(picks))
    return found
