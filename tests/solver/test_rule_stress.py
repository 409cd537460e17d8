"""The rule-stress family's counts, proven independently of the engine (issue 8, item 3).

The option slots and tables of a rule-stress style read nothing physical but the chain's style
and the plating's material. So its count is the sum, over those two (the *context*), of the
physical count of the style without its option slots, times the number of option assignments
the tables allow under that context. Small styles get that number by brute force; the large one
(300 option slots, a k-tree of tables) from `pyganak`, an exact model counter, on a CNF: one
variable per slot value (and per "left out"), exactly one per slot, and a clause against every
combination a table refuses.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator

import pyganak
import pytest

from catalog.compat import CompatibilityRule
from catalog.generator import generate_rule_stress
from catalog.generator_rules import STYLE_ID, stress_style
from catalog.model import Catalog
from catalog.styles import AttributeFilter, Slot
from catalog.types import ChainStyle, PlatingMaterial, SlotKind
from solver.request import Request, SlotPick
from solver.results import CandidateStatus, ExitStatus
from tests.solver.bounded import bounded_solver

Context = tuple[str, str | None]  # chain style, plating material (None: no plating)
CONTEXTS: list[Context] = [(s.value, m) for s in ChainStyle for m in (None, *(p.value for p in PlatingMaterial))]


def _context_picks(context: Context) -> tuple[SlotPick, ...]:
    chain_style, material = context
    chain = SlotPick(slot="chain", filters=(AttributeFilter(attribute="chain_style", values=(chain_style,)),))
    if material is None:
        return chain, SlotPick(slot="plating", exact=True)
    return chain, SlotPick(slot="plating", filters=(AttributeFilter(attribute="material", values=(material,)),))


def _physical(catalog: Catalog, context: Context) -> int:
    """The style's count without option slots or rules, under one chain style and material."""
    bare = bounded_solver(Catalog(currency=catalog.currency, parts=catalog.parts, styles=(stress_style(()),)))

    def count(picks: tuple[SlotPick, ...]) -> int:
        result = bare.count(STYLE_ID, Request(picks=picks))
        assert result.status is ExitStatus.COMPLETE
        return result.count

    found = count(_context_picks(context))
    if context[1] is not None:  # a filter holds for an empty slot too: take the bare pieces away
        found -= count(_context_picks((context[0], None)))
    return found


def _context_value(rule: CompatibilityRule, index: int, context: Context) -> str | None:
    kind = rule.columns[index].kind
    return context[0] if kind is SlotKind.CHAIN else context[1]


def _refused(rule: CompatibilityRule, options: tuple[Slot, ...], context: Context) -> Iterator[tuple[str, ...]]:
    """The option combinations (one value per option column) the table refuses under `context`,
    read from the documented meaning of an allowed table: when the table mentions the first
    column's value, the whole combination must be one of its rows; a column whose slot is empty
    (here: no plating) makes the rule not apply."""
    by_name = {s.name: s for s in options}
    option_columns = [i for i, c in enumerate(rule.columns) if c.kind is SlotKind.OPTION]
    assert option_columns[0] == 0  # the family puts option columns first
    fixed = {i: _context_value(rule, i, context) for i in range(len(rule.columns)) if i not in option_columns}
    if any(v is None for v in fixed.values()):
        return
    rows = {tuple(str(v) for v in row) for row in rule.rows}
    mentioned = {str(row[0]) for row in rule.rows}
    domains = [[v.code for v in by_name[rule.columns[i].option_slot or ""].values] for i in option_columns]
    for combination in itertools.product(*domains):
        values = dict(zip(option_columns, combination, strict=True)) | fixed
        full = tuple(str(values[i]) for i in range(len(rule.columns)))
        if combination[0] in mentioned and full not in rows:
            yield combination


def _brute_ways(catalog: Catalog, context: Context) -> tuple[int, dict[str, set[str]]]:
    """Allowed option assignments under `context`, and the values each slot takes in them."""
    options = tuple(catalog.styles[0].slots_of(SlotKind.OPTION))
    position = {s.name: i for i, s in enumerate(options)}
    refusals = [([position[c.option_slot or ""] for c in r.columns if c.option_slot],
                 set(_refused(r, options, context))) for r in catalog.rules]
    domains = [[*(v.code for v in s.values), *([None] if s.optional else [])] for s in options]
    ways, seen = 0, {s.name: set[str]() for s in options}
    for assignment in itertools.product(*domains):
        if any(all(assignment[i] is not None for i in at) and tuple(assignment[i] for i in at) in refused
               for at, refused in refusals):
            continue
        ways += 1
        for slot, value in zip(options, assignment, strict=True):
            if value is not None:
                seen[slot.name].add(value)
    return ways, seen


@pytest.mark.parametrize(("slots", "width", "seed"), [(4, 1, 0), (5, 2, 1), (6, 3, 2), (7, 2, 3), (8, 3, 4),
                                                      (8, 5, 5), (8, 7, 6)])
def test_small_counts_and_options_match_brute_force(slots: int, width: int, seed: int) -> None:
    catalog = generate_rule_stress(slots, width, seed, base_parts=100)
    expected, available = 0, {s.name: set[str]() for s in catalog.styles[0].slots_of(SlotKind.OPTION)}
    for context in CONTEXTS:
        physical = _physical(catalog, context)
        if physical:
            ways, seen = _brute_ways(catalog, context)
            expected += physical * ways
            for name, values in seen.items():
                available[name] |= values
    assert expected > 0  # the witness keeps the style buildable
    solver = bounded_solver(catalog)
    result = solver.count(STYLE_ID, Request())
    assert result.status is ExitStatus.COMPLETE
    assert result.count == expected
    options = solver.options(STYLE_ID, Request())
    assert options.status is ExitStatus.COMPLETE
    for slot in options.slots:
        if slot.slot in available:
            shown = {c.value for c in slot.candidates if c.status is CandidateStatus.AVAILABLE}
            assert shown == available[slot.slot], slot.slot


def _ganak_ways(catalog: Catalog, context: Context) -> int:
    options = tuple(catalog.styles[0].slots_of(SlotKind.OPTION))
    counter = pyganak.Counter()
    literal: dict[tuple[str, str | None], int] = {}
    for slot in options:
        values = [*(v.code for v in slot.values), *([None] if slot.optional else [])]
        own = [literal.setdefault((slot.name, v), len(literal) + 1) for v in values]
        counter.add_clause(own)
        counter.add_clauses([[-a, -b] for a, b in itertools.combinations(own, 2)])
    for rule in catalog.rules:
        names = [c.option_slot or "" for c in rule.columns if c.option_slot]
        for refused in _refused(rule, options, context):
            counter.add_clause([-literal[(n, v)] for n, v in zip(names, refused, strict=True)])
    ways: int = counter.count()
    return ways


@pytest.fixture(scope="module")
def large() -> Catalog:
    # The tree width 10 (3.3 M table entries): the batched network counts it in well
    # under a second, and the test costs about what width 5 did.
    return generate_rule_stress(300, 10, seed=11)


@pytest.mark.parametrize("context", [("cable", "rhodium"), ("cable", None)])
def test_large_count_matches_an_exact_model_counter(large: Catalog, context: Context) -> None:
    physical = _physical(large, context)
    assert physical > 0
    ways = _ganak_ways(large, context)
    assert ways > 2 ** 64  # past int64: the engine must count in integers of any size
    solver = bounded_solver(large)
    result = solver.count(STYLE_ID, Request(picks=_context_picks(context)))
    assert result.status is ExitStatus.COMPLETE
    if context[1] is None:
        assert result.count == physical * ways
    else:  # the pick's filter admits the bare pieces too; they are the other case of this test
        bare = solver.count(STYLE_ID, Request(picks=_context_picks((context[0], None))))
        assert result.count - bare.count == physical * ways
