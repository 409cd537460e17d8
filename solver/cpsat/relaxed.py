"""Explanations with CP-SAT: each user requirement enforced only under its own assumption literal.

The space is compiled without the user's requirements (no picks, budget, deadline, nickel or
text; candidates valid at quantity 1 or at the asked quantity), and each requirement is put back
as constraints enforced by one literal. A literal left free may take either value, which only
widens the space, so a set of assumptions CP-SAT reports as sufficient for infeasibility is a
set of requirements that conflict on their own.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from ortools.sat.python import cp_model

from catalog import rules
from catalog.attributes import filter_admits
from catalog.model import Catalog
from catalog.parts import Charm, Plating
from catalog.rules import Violation
from catalog.styles import Style
from solver.cpsat.ir import SlotIR, build_ir
from solver.cpsat.model import Builder, CoreResult, CpSatSpace
from solver.cpsat.outcome import Limit
from solver.picks import validate_request
from solver.request import Request, SlotPick
from solver.space import PartClass, Space, compile_space


class RelaxedSpace(CpSatSpace):
    """The space without the user's requirements, with the literals that put them back:
    `quantity` (unit prices, leads and supply at the asked quantity instead of one) and `text`
    (nameplates that take the text, engraving priced in)."""

    def __init__(self, space: Space, request: Request) -> None:
        self.request = request
        self._supply: dict[str, tuple[rules.Supply | Violation, rules.Supply | Violation]] = {}
        super().__init__(space, ir=build_ir(space))

    def _build(self) -> None:
        m = self.model
        self.qlit = m.new_bool_var("quantity")
        self.tlit = m.new_bool_var("text")
        if self.request.quantity == 1:
            m.add(self.qlit == 0)
        if not self.request.text:
            m.add(self.tlit == 0)
        for slot in self.ir.slots.values():
            for cand in slot.cands:
                if not isinstance(cand.part, Plating):
                    quantity = self.request.quantity
                    self._supply[cand.sku] = (rules.supply(cand.part, 1), rules.supply(cand.part, quantity))
        self.engraving = m.new_int_var(0, 10**9, "engraving")
        super()._build()
        for slot in self.ir.slots.values():
            for cand, x in zip(slot.cands, self.x[slot.name], strict=True):
                one, many = self._supply.get(cand.sku, (None, None))
                if isinstance(one, Violation):
                    m.add(x == 0).only_enforce_if(~self.qlit)
                if isinstance(many, Violation):
                    m.add(x == 0).only_enforce_if(self.qlit)
        self._text()
        self.total_q = self._total(lambda s: self._costs(s, 1))
        self.lead_1 = self.lead_expr(lambda c: self._lead(c, 0))
        self.lead_q = self.lead_expr(lambda c: self._lead(c, 1))

    def _costs(self, slot: SlotIR, which: int) -> list[int]:
        out = []
        for cand in slot.cands:
            got = self._supply.get(cand.sku)
            if got is None:
                out.append(cand.cost)  # a plating: priced per piece
                continue
            first, other = got[which], got[1 - which]
            chosen = first if isinstance(first, rules.Supply) else other
            out.append(chosen.unit_price_cents if isinstance(chosen, rules.Supply) else 0)
        return out

    def _unit_costs(self, slot: SlotIR) -> list[int]:
        return self._costs(slot, 0)

    def _lead(self, cand: Any, which: int) -> int:
        got = self._supply.get(cand.sku)
        if got is None:
            return int(cand.lead)
        first, other = got[which], got[1 - which]
        chosen = first if isinstance(first, rules.Supply) else other
        return chosen.lead_time_days if isinstance(chosen, rules.Supply) else 0

    def _extra_cost_terms(self) -> list[cp_model.LinearExprT]:
        return [self.engraving]

    def _extra_cost_upper(self) -> int:
        return 10**9

    def _text(self) -> None:
        m, text = self.model, self.request.text
        terms: list[cp_model.LinearExprT] = []
        for slot in self.ir.slots.values():
            for cand, x in zip(slot.cands, self.x[slot.name], strict=True):
                part = cand.part
                if not (text and isinstance(part, Charm) and part.nameplate):
                    continue
                if rules.text_fits(part, text) is not None:
                    m.add(x == 0).only_enforce_if(self.tlit)
                elif part.price_per_character:
                    terms.append(len(text) * part.price_per_character.amount_cents * x)
        m.add(self.engraving == sum(terms)).only_enforce_if(self.tlit)
        m.add(self.engraving == 0).only_enforce_if(~self.tlit)


def relaxed_space(catalog: Catalog, style: Style, request: Request) -> RelaxedSpace:
    base = Request(on_date=request.on_date, preferences=request.preferences)
    space = compile_space(catalog, style, base)
    if request.quantity != 1:
        space = _merge(space, compile_space(catalog, style, base.model_copy(update={"quantity": request.quantity})))
    return RelaxedSpace(space, request)


def _merge(one: Space, many: Space) -> Space:
    """Candidates valid at quantity 1 or at the asked quantity (MOQ makes neither set contain the other)."""
    classes: dict[str, list[PartClass]] = {}
    for slot, found in one.classes.items():
        known = {m.sku for cls in found for m in cls.members}
        extra = [PartClass(len(found) + i, cls.rep, cls.lead, tuple(m for m in cls.members if m.sku not in known))
                 for i, cls in enumerate(many.classes.get(slot, []))]
        classes[slot] = [*found, *(cls for cls in extra if cls.members)]
    return dataclasses.replace(one, classes=classes)


# --- the requirements as assumption groups ---------------------------------------------------------


def requirement_groups(request: Request) -> dict[str, list[Builder]]:
    """One group per requirement a user set, named as `Request.requirements()` names them."""
    groups: dict[str, list[Builder]] = {}
    for pick in request.picks:
        groups[f"pick:{pick.slot}"] = [_pick(pick)]
    if request.budget_cents is not None:
        groups["budget"] = [_budget(request.budget_cents)]
    if request.deadline_days is not None:
        groups["deadline"] = [_deadline(request.deadline_days)]
    if request.exclude:
        groups["exclude"] = [_exclude(frozenset(request.exclude))]
    if request.nickel_free:
        groups["nickel_free"] = [_nickel_free]
    if request.quantity != 1:
        groups["quantity"] = [_quantity]
    if request.text:
        groups["text"] = [_text]
    return groups


def _quantity(cp: CpSatSpace, lit: cp_model.IntVar) -> None:
    """Prices, leads and supply at the asked quantity exactly when the literal holds."""
    r = _relaxed(cp)
    r.model.add(r.qlit == lit)


def _text(cp: CpSatSpace, lit: cp_model.IntVar) -> None:
    r = _relaxed(cp)
    r.model.add(r.tlit == lit)


def _relaxed(cp: CpSatSpace) -> RelaxedSpace:
    if not isinstance(cp, RelaxedSpace):
        raise TypeError("requirement groups need the relaxed space (relaxed_space())")
    return cp


def _never(cp: CpSatSpace, lit: cp_model.IntVar) -> None:
    cp.model.add_bool_or([~lit])


def _pick(pick: SlotPick) -> Builder:
    def build(cp: CpSatSpace, lit: cp_model.IntVar) -> None:
        m = cp.model
        if pick.slot in cp.opt:
            if pick.option is not None:
                var = cp.opt[pick.slot].get(pick.option)
                if var is None:
                    _never(cp, lit)
                else:
                    m.add(var == 1).only_enforce_if(lit)
            return
        slot = cp.ir.slots[pick.slot]
        wanted = set(pick.skus)
        present = {c.sku for c in slot.cands}
        if wanted - present:
            _never(cp, lit)  # a picked part that is retired or outside the style
        only = pick.exact or (not slot.multi and bool(pick.skus))
        for cand, x in zip(slot.cands, cp.x[pick.slot], strict=True):
            if cand.sku in wanted:
                m.add(x == 1).only_enforce_if(lit)
            elif only or not all(filter_admits(f, cand.part) for f in pick.filters):
                m.add(x == 0).only_enforce_if(lit)
    return build


def _exclude(skus: frozenset[str]) -> Builder:
    def build(cp: CpSatSpace, lit: cp_model.IntVar) -> None:
        for slot in cp.ir.slots.values():
            for cand, x in zip(slot.cands, cp.x[slot.name], strict=True):
                if cand.sku in skus:
                    cp.model.add(x == 0).only_enforce_if(lit)
    return build


def _budget(cents: int) -> Builder:
    def build(cp: CpSatSpace, lit: cp_model.IntVar) -> None:
        r = _relaxed(cp)
        r.model.add(r.total <= cents).only_enforce_if([lit, ~r.qlit])
        r.model.add(r.total_q <= cents).only_enforce_if([lit, r.qlit])
    return build


def _deadline(days: int) -> Builder:
    def build(cp: CpSatSpace, lit: cp_model.IntVar) -> None:
        r = _relaxed(cp)
        plating = r.plating_lead()
        r.model.add(r.lead_1 + plating <= days).only_enforce_if([lit, ~r.qlit])
        r.model.add(r.lead_q + plating <= days).only_enforce_if([lit, r.qlit])
    return build


def _nickel_free(cp: CpSatSpace, lit: cp_model.IntVar) -> None:
    physics = cp.space.catalog.physics if cp.space is not None else None
    for slot in cp.ir.slots.values():
        for cand, x in zip(slot.cands, cp.x[slot.name], strict=True):
            part = cand.part
            if isinstance(part, Plating):
                bad = rules.nickel_free_plating(part) is not None
            else:
                bad = physics is not None and rules.nickel_free_part(part, physics) is not None
            if bad:
                cp.model.add(x == 0).only_enforce_if(lit)


def explain_core(catalog: Catalog, style: Style, request: Request, limit: Limit = 10.0) -> CoreResult:
    """A set of the user's requirements that admit no piece together (CP-SAT's sufficient
    assumptions, one worker); empty names when the request is satisfiable."""
    validate_request(style, request)
    return relaxed_space(catalog, style, request).core(requirement_groups(request), limit)
