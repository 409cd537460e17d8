"""The naive CP-SAT model against brute force: feasibility, cheapest total, valid domains, cores."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import HealthCheck, given, reject, settings
from hypothesis import strategies as st

from catalog.generator import generate_catalog
from catalog.model import Catalog
from catalog.styles import Style
from solver.assembly import Evaluation
from solver.check import evaluate
from solver.cpsat import CpSatSpace, explain_core
from solver.cpsat.outcome import Bound
from solver.request import Request
from solver.results import ExitStatus
from solver.space import compile_space
from tests.solver.describe import describe
from tests.solver.oracle import any_valid, assemblies, valid_assemblies
from tests.solver.worlds import (
    chain,
    charm,
    clasp,
    extender,
    plating,
    requests,
    ring,
    rules,
    sized_for_brute_force,
    styles,
    worlds,
)

EXAMPLES = settings(max_examples=200, deadline=None, suppress_health_check=list(HealthCheck))
MAX_SOLUTIONS = 5000
# Each solve's bound: CP-SAT's deterministic work with one worker, never the wall clock, so a busy
# machine cannot change an outcome. These models are tiny (the largest uses ~0.005): a hit bound is a failure.
LIMIT = Bound(work=5.0)


# Misfit values per kind and field (the ones tests/solver/worlds.py draws as noise), applied one
# to three at a time to an otherwise fitting world, so each rule gets to be the only one broken.
METALS = ["brass", "nickel_silver"]
MISFITS: dict[str, dict[str, list[Any]]] = {
    "chain": {"base_metal": METALS, "colour": ["yellow"], "stock": [0, 1], "status": ["retired"],
              "chain_style": ["snake"], "width_mm": [1.0, 2.5], "wire_mm": [0.8, 1.0],
              "end_link_inner_mm": [1.2, 0.8], "link_inner_mm": [1.2, 0.8], "max_load_g": ["5", "2"],
              "charm_capacity": [2, 1, 0], "bail_slide": [True, False], "lead_time_days": [12]},
    "clasp": {"gate_opening_mm": [1.0, 0.6], "max_load_g": ["3"], "clasp_type": ["magnetic"],
              "loop_inner_mm": [0.8], "loop_wire_mm": [0.8], "base_metal": METALS, "colour": ["yellow"]},
    "extender": {"link_wire_mm": [1.1], "end_link_inner_mm": [1.0], "base_metal": METALS, "colour": ["yellow"]},
    "jump_ring": {"gauge": [(20, 0.81), (18, 1.02)], "inner_diameter_mm": [2.0, 1.5], "max_load_g": ["3"],
                  "base_metal": METALS, "colour": ["yellow"], "production": ["made_to_order"]},
    "charm": {"loop_inner_mm": [0.7], "loop_wire_mm": [0.8], "bail_inner_mm": [1.5], "clip_max_width_mm": [1.2],
              "enamel": [True], "weight_g": ["4", "2"], "max_characters": [3], "base_metal": METALS,
              "colour": ["yellow"], "moq": [2], "production": ["made_to_order"], "stock": [0]},
    "plating": {"allowed_base_metals": [["brass"]], "underlayer": ["nickel"], "lead_time_days": [5]},
}


def _misfit(draw: st.DrawFn, parts: list[dict[str, Any]]) -> None:
    kind = draw(st.sampled_from(sorted({p["kind"] for p in parts})))
    part = draw(st.sampled_from([p for p in parts if p["kind"] == kind]))
    fields = [f for f in MISFITS[part["kind"]] if f in part or f == "gauge"]
    field = draw(st.sampled_from(fields))
    value = draw(st.sampled_from(MISFITS[part["kind"]][field]))
    if field == "gauge":
        part["wire_gauge"], part["wire_mm"] = value
    else:
        part[field] = value


@st.composite
def lively_worlds(draw: st.DrawFn) -> tuple[Catalog, Style, Request]:
    """Worlds where everything fits but for one to three misfits, with a roomier length range and
    gentler requests more often, so that each rule is often the only one deciding."""
    style_data: dict[str, Any] = draw(styles())
    if draw(st.integers(0, 2)):
        style_data["min_length_mm"] = 350.0
        style_data["max_length_mm"] = draw(st.sampled_from([480.0, 520.0]))
    shape = style_data["name"]
    connector = "clip" if shape == "bracelet" else "dangle"
    parts: list[dict[str, Any]] = []
    parts += [chain(draw, 0, i, shape == "bracelet") for i in range(draw(st.integers(1, 3)))]
    parts += [clasp(draw, 0, i) for i in range(draw(st.integers(1, 2)))]
    parts += [extender(draw, 0, i) for i in range(draw(st.integers(0, 2)))]
    parts += [ring(draw, 0, i) for i in range(draw(st.integers(1, 3)))]
    charms = [charm(draw, 0, i, connector, shape == "name") for i in range(draw(st.integers(1, 3)))]
    if shape == "name":
        charms[0].update(nameplate=True, max_characters=6, price_per_character={"amount_cents": 50, "currency": "EUR"})
    parts += charms
    parts += [plating(draw, 0, i) for i in range(draw(st.integers(0, 2)))]
    for _ in range(draw(st.integers(1, 3))):
        _misfit(draw, parts)
    drawn = [draw(rules(style_data, i)) for i in range(draw(st.integers(0, 2)))]
    try:
        catalog = Catalog.model_validate({"version": 1, "parts": parts, "styles": [style_data], "rules": drawn})
    except ValueError:
        reject()  # a misfit the part model itself refuses
    style = catalog.styles[0]
    sized_for_brute_force(catalog, style)
    request = draw(requests(catalog, style))
    if draw(st.booleans()):
        request = Request(text=request.text) if draw(st.booleans()) else request.model_copy(update={"picks": ()})
    if draw(st.integers(0, 3)) == 0:
        request = request.model_copy(update={"exclude": (draw(st.sampled_from([p.sku for p in catalog.parts])),)})
    return catalog, style, request


WORLDS = st.one_of(worlds(), lively_worlds())


def _projection(valid: list[Evaluation], slot: str) -> set[str]:
    return {value for evaluation in valid for value in evaluation.assembly.get(slot)}


@EXAMPLES
@given(WORLDS)
def test_solutions_are_the_valid_assemblies(world: tuple[Catalog, Style, Request]) -> None:
    """The whole solution set, enumerated by CP-SAT, against brute force (the strongest check:
    every rule, sum and price term must hold exactly)."""
    catalog, style, request = world
    valid = {e.assembly for e in valid_assemblies(catalog, style, request)}
    status, found = CpSatSpace(compile_space(catalog, style, request)).solutions(MAX_SOLUTIONS, LIMIT)
    if len(valid) > MAX_SOLUTIONS:
        assert status.status is ExitStatus.INCOMPLETE
        assert found <= valid, (sorted(found - valid, key=str)[:3], describe(*world))
        return
    assert status.status is ExitStatus.COMPLETE
    assert found == valid, (sorted(found ^ valid, key=str)[:3], describe(*world))


@EXAMPLES
@given(WORLDS, st.randoms(use_true_random=False))
def test_model_admits_exactly_the_valid_assemblies(world: tuple[Catalog, Style, Request], rnd: Any) -> None:
    """Assembly by assembly: the nearly valid ones (one broken rule) and a random sample."""
    catalog, style, request = world
    model = CpSatSpace(compile_space(catalog, style, request))
    graded = [(evaluate(catalog, style, request, a), a) for a in assemblies(catalog, style)]
    near = [pair for pair in graded if len({v.code for v in pair[0].violations}) <= 1]
    sample = rnd.sample(near, min(len(near), 30)) + rnd.sample(graded, min(len(graded), 10))
    for evaluation, assembly in sample:
        admitted = model.admits(assembly, LIMIT)
        assert admitted.status is ExitStatus.COMPLETE
        assert admitted.feasible == evaluation.valid, (assembly, evaluation.violations, describe(*world))


@EXAMPLES
@given(WORLDS)
def test_feasibility_and_cheapest_match_brute_force(world: tuple[Catalog, Style, Request]) -> None:
    catalog, style, request = world
    valid = valid_assemblies(catalog, style, request)
    model = CpSatSpace(compile_space(catalog, style, request))
    feasible = model.feasible(LIMIT)
    assert feasible.status is ExitStatus.COMPLETE
    assert feasible.feasible == bool(valid), describe(*world)
    assert feasible.infeasible == (not valid)
    status, total, assembly = model.cheapest(LIMIT)
    assert status.status is ExitStatus.COMPLETE
    if not valid:
        assert total is None and assembly is None
        return
    assert total == valid[0].price.total_cents, describe(*world)
    assert assembly is not None
    evaluation = evaluate(catalog, style, request, assembly)
    assert evaluation.valid, evaluation.violations
    assert evaluation.price.total_cents == total


@EXAMPLES
@given(WORLDS)
def test_naive_options_match_projection(world: tuple[Catalog, Style, Request]) -> None:
    catalog, style, request = world
    valid = valid_assemblies(catalog, style, request)
    domains = CpSatSpace(compile_space(catalog, style, request)).naive_options(LIMIT)
    assert domains.status is ExitStatus.COMPLETE and not domains.undecided
    for slot in style.slots:
        expected = _projection(valid, slot.name)
        available = {value for value, ok in domains[slot.name].items() if ok}
        assert available == expected, (slot.name, describe(*world))
        listed = set(domains[slot.name])
        assert expected <= listed


@EXAMPLES
@given(WORLDS)
def test_core_is_a_conflict(world: tuple[Catalog, Style, Request]) -> None:
    check_core(world)


def check_core(world: tuple[Catalog, Style, Request]) -> None:
    """CP-SAT's core is empty when a piece exists, else a set of requirements brute force finds
    no piece under."""
    catalog, style, request = world
    result = explain_core(catalog, style, request, LIMIT)
    assert result.outcome.status is ExitStatus.COMPLETE
    feasible = any_valid(catalog, style, request)  # whether a piece exists: no need to list them all
    assert result.outcome.feasible == feasible, describe(*world)
    if feasible:
        assert result.names == ()
        return
    kept = request
    for name in request.requirements():
        if name not in result.names:
            kept = kept.without(name)
    assert not any_valid(catalog, style, kept), (result.names, describe(*world))


# Work bounds from nothing to enough for most of these worlds: a hit bound must read INCOMPLETE
# and claim nothing it has not proven.
SMALL_WORK = st.sampled_from([0.0, 1e-5, 1e-4, 1e-3, 1e-2])


@EXAMPLES
@given(WORLDS, SMALL_WORK)
def test_a_hit_work_bound_reads_incomplete_never_wrong(world: tuple[Catalog, Style, Request], work: float) -> None:
    """Every question under a work bound too small to finish: either a complete answer that
    agrees with brute force, or INCOMPLETE with only what was proven (a piece found is valid; a
    cheapest total not proven least is a valid piece's; no value shown available that is not)."""
    catalog, style, request = world
    bound = Bound(work=work)
    valid = valid_assemblies(catalog, style, request)
    model = CpSatSpace(compile_space(catalog, style, request))
    feasible = model.feasible(bound)
    assert not (feasible.feasible and feasible.infeasible)
    if feasible.complete:
        assert feasible.feasible == bool(valid) and feasible.infeasible == (not valid), describe(*world)
    else:
        assert not feasible.feasible and not feasible.infeasible
    status, total, assembly = model.cheapest(bound)
    if status.complete:
        assert total == (valid[0].price.total_cents if valid else None), describe(*world)
    elif total is not None:
        assert assembly is not None and evaluate(catalog, style, request, assembly).valid
        assert total >= valid[0].price.total_cents
    assert not (status.infeasible and valid)
    listed, found = CpSatSpace(compile_space(catalog, style, request)).solutions(MAX_SOLUTIONS, bound)
    every = {e.assembly for e in valid}
    assert found <= every, describe(*world)
    assert found == every or not listed.complete
    domains = CpSatSpace(compile_space(catalog, style, request)).naive_options(bound)
    for slot in style.slots:
        available = {value for value, ok in domains[slot.name].items() if ok}
        assert available <= _projection(valid, slot.name), (slot.name, describe(*world))
        assert available == _projection(valid, slot.name) or domains.status is ExitStatus.INCOMPLETE
    core = explain_core(catalog, style, request, bound)
    if core.outcome.infeasible:
        kept = request
        for name in request.requirements():
            if name not in core.names:
                kept = kept.without(name)
        assert not valid and not any_valid(catalog, style, kept), describe(*world)
    else:
        assert core.names == ()
        assert core.outcome.feasible <= bool(valid)


def test_a_work_bound_is_deterministic_and_zero_work_decides_nothing() -> None:
    """The same model under the same work bound always stops at the same point (one worker):
    what lets tests bound CP-SAT without the clock. With no work at all nothing is claimed."""
    catalog = generate_catalog(200, seed=1)
    style = catalog.style("charm-necklace")
    model = CpSatSpace(compile_space(catalog, style, Request()))
    runs = [model.feasible(Bound(work=1e-3)) for _ in range(3)]
    assert len({(r.status, r.feasible, r.infeasible, round(r.work, 9)) for r in runs}) == 1
    nothing = model.feasible(Bound(work=0.0))
    assert nothing.status is ExitStatus.INCOMPLETE and not nothing.feasible and not nothing.infeasible
    status, total, assembly = model.cheapest(Bound(work=0.0))
    assert status.status is ExitStatus.INCOMPLETE and total is None and assembly is None
    domains = model.naive_options(Bound(work=0.0))
    assert domains.status is ExitStatus.INCOMPLETE
    assert not any(ok for values in domains.values() for ok in values.values())
    core = explain_core(catalog, style, Request(budget_cents=1), Bound(work=0.0))
    assert core.outcome.status is ExitStatus.INCOMPLETE and core.names == ()


def test_a_solve_always_has_a_bound() -> None:
    with pytest.raises(ValueError, match="needs a bound"):
        Bound()
