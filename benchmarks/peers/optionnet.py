"""Peers on the rule-stress option network: python-sat incremental valid domains, pyganak counts.

Both read one CNF: a variable per option value (and per "left out" of an optional slot), one
per chain style and per plating material (and "no plating"), exactly one of each group, a clause
against every option combination a table refuses under a chain style or material, and a clause
against every (chain style, material) pair no physical anklet of the catalog has (found once, at
setup, by counting the style without its options). Counts multiply by the physical count of the
(chain style, material) they are made under.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

import pyganak
from pysat.solvers import Solver as SatSolver

from catalog.compat import CompatibilityRule
from catalog.generator_rules import STYLE_ID, stress_style
from catalog.model import Catalog
from catalog.styles import AttributeFilter, Slot
from catalog.types import ChainStyle, PlatingMaterial, SlotKind
from solver.request import Request, SlotPick
from solver.results import ExitStatus
from solver.service import Solver

NO_PLATING = "none"
Context = tuple[str, str]  # chain style, plating material or NO_PLATING


@dataclass
class OptionCnf:
    literal: dict[tuple[str, str | None], int]  # (slot, value or None) and ("chain"/"plating", value) -> var
    clauses: list[list[int]]
    physical: dict[Context, int]  # buildable anklets per context, nonzero only

    def context_units(self, context: Context) -> list[list[int]]:
        return [[self.literal[("chain", context[0])]], [self.literal[("plating", context[1])]]]


def _physical(catalog: Catalog) -> dict[Context, int]:
    bare = Solver(Catalog(currency=catalog.currency, parts=catalog.parts, styles=(stress_style(()),)),
                  time_limit_s=None)

    def count(picks: tuple[SlotPick, ...]) -> int:
        result = bare.count(STYLE_ID, Request(picks=picks))
        assert result.status is ExitStatus.COMPLETE
        return result.count

    out: dict[Context, int] = {}
    for style in ChainStyle:
        chain = SlotPick(slot="chain", filters=(AttributeFilter(attribute="chain_style", values=(style.value,)),))
        empty = count((chain, SlotPick(slot="plating", exact=True)))
        out[(style.value, NO_PLATING)] = empty
        for material in PlatingMaterial:
            only = AttributeFilter(attribute="material", values=(material.value,))
            plated = SlotPick(slot="plating", filters=(only,))
            out[(style.value, material.value)] = count((chain, plated)) - empty  # the filter admits no plating too
    return {c: n for c, n in out.items() if n}


def _refusals(rule: CompatibilityRule, options: dict[str, Slot]) -> list[tuple[tuple[str, ...], str | None]]:
    """(option combination, context value or None) pairs the table refuses; None: any context."""
    names = [c.option_slot or "" for c in rule.columns if c.kind is SlotKind.OPTION]
    context = next((c for c in rule.columns if c.kind is not SlotKind.OPTION), None)
    values = ([s.value for s in ChainStyle] if context is not None and context.kind is SlotKind.CHAIN
              else [m.value for m in PlatingMaterial] if context is not None else [None])
    rows = {tuple(str(v) for v in row) for row in rule.rows}
    mentioned = {str(row[0]) for row in rule.rows}
    out = []
    for combination in itertools.product(*([v.code for v in options[n].values] for n in names)):
        if combination[0] not in mentioned:
            continue
        for value in values:
            if (*combination, *([value] if value is not None else [])) not in rows:
                out.append((combination, value))
    return out


def build(catalog: Catalog) -> OptionCnf:
    style = catalog.style(STYLE_ID)
    options = {s.name: s for s in style.slots_of(SlotKind.OPTION)}
    literal: dict[tuple[str, str | None], int] = {}
    clauses: list[list[int]] = []

    def one_of(group: list[int]) -> None:
        clauses.append(group)
        clauses.extend([-a, -b] for a, b in itertools.combinations(group, 2))

    for slot in options.values():
        values = [*(v.code for v in slot.values), *([None] if slot.optional else [])]
        one_of([literal.setdefault((slot.name, v), len(literal) + 1) for v in values])
    one_of([literal.setdefault(("chain", s.value), len(literal) + 1) for s in ChainStyle])
    one_of([literal.setdefault(("plating", m), len(literal) + 1)
            for m in (NO_PLATING, *(p.value for p in PlatingMaterial))])
    physical = _physical(catalog)
    for chain_style in ChainStyle:
        for material in (NO_PLATING, *(p.value for p in PlatingMaterial)):
            if (chain_style.value, material) not in physical:
                clauses.append([-literal[("chain", chain_style.value)], -literal[("plating", material)]])
    for rule in catalog.rules:
        names = [c.option_slot or "" for c in rule.columns if c.kind is SlotKind.OPTION]
        context = next((c.kind for c in rule.columns if c.kind is not SlotKind.OPTION), None)
        for combination, value in _refusals(rule, options):
            clause = [-literal[(n, v)] for n, v in zip(names, combination, strict=True)]
            if value is not None:
                clause.append(-literal[("chain" if context is SlotKind.CHAIN else "plating", value)])
            clauses.append(clause)
    return OptionCnf(literal, clauses, physical)


class IncrementalDomains:
    """python-sat (CaDiCaL) kept across a shopper's clicks: picks are assumptions; each model
    found marks every value it uses, and one solve per still-unseen value decides the rest."""

    def __init__(self, cnf: OptionCnf) -> None:
        self.cnf = cnf
        self.sat = SatSolver(name="cadical153", bootstrap_with=cnf.clauses)
        self.solves = 0

    def valid(self, picks: dict[str, str]) -> dict[str, frozenset[str]]:
        everything = [self.cnf.literal[(slot, value)] for slot, value in picks.items()]
        slots = [(key, var) for key, var in self.cnf.literal.items()
                 if key[0] not in ("chain", "plating") and key[1] is not None]
        seen = self._decide([var for key, var in slots if key[0] not in picks], everything)
        for slot in picks:
            # A picked slot shows what switching would give: decided without its own pick, and
            # the models found so only speak for that slot.
            others = [a for a in everything if a != self.cnf.literal[(slot, picks[slot])]]
            seen |= self._decide([var for key, var in slots if key[0] == slot], others)
        out: dict[str, set[str]] = {}
        for (slot, value), var in slots:
            if var in seen:
                out.setdefault(slot, set()).add(value or "")
        return {slot: frozenset(values) for slot, values in out.items()}

    def _decide(self, candidates: list[int], assumptions: list[int]) -> set[int]:
        wanted, seen = set(candidates), set[int]()
        for var in candidates:
            if var in seen:
                continue
            self.solves += 1
            if self.sat.solve(assumptions=[*assumptions, var]):
                seen.update(v for v in self.sat.get_model() or [] if v in wanted)
        return seen

    def close(self) -> None:
        self.sat.delete()


def exact_count(cnf: OptionCnf, picks: dict[str, str]) -> int:
    """Σ over contexts of physical anklets × option assignments (pyganak, one call per context)."""
    units = [[cnf.literal[(slot, value)]] for slot, value in picks.items()]
    total = 0
    for context, physical in cnf.physical.items():
        counter = pyganak.Counter()
        counter.new_vars(len(cnf.literal))
        counter.add_clauses([*cnf.clauses, *units, *cnf.context_units(context)])
        total += physical * int(counter.count())
    return total
