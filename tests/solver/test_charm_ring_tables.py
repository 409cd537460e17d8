"""Tables over two charm columns and a clasp, extender or jump ring, on the demo charm necklace
(trimmed so brute force walks every piece): the charms must pass beside every ring of the piece
— the clasp's, the extender's and the charms' own — each ring slot one item, and two ring
columns pair two distinct ring slots, never one with itself."""

from __future__ import annotations

from typing import Any

import pytest

from solver.cpsat import CpSatSpace
from solver.request import Request, SlotPick
from solver.results import ExitStatus
from solver.space import compile_space
from tests.solver.bounded import bounded_solver
from tests.solver.oracle import valid_assemblies
from tests.solver.test_cpsat import LIMIT
from tests.solver.test_lifted_demo import NECKLACE_PARTS, _catalog

STYLE = "charm-necklace"


def _columns(*refs: tuple[str, str]) -> list[dict[str, str]]:
    return [{"kind": kind, "attribute": attribute} for kind, attribute in refs]


# A nameplate hung beside another charm is joined with 18 gauge rings only: at the clasp, at the
# extender and on the charms.
NAMEPLATE_RINGS = {"id": "nameplate-rings", "mode": "forbidden",
                   "columns": _columns(("charm", "nameplate"), ("charm", "nameplate"), ("jump_ring", "wire_gauge")),
                   "rows": [[True, False, 22], [True, False, 20]]}
# ... and no two of its rings share a gauge (two ring columns: two distinct ring slots).
ODD_RINGS = {"id": "odd-rings", "mode": "forbidden",
             "columns": _columns(("charm", "nameplate"), ("charm", "nameplate"), ("jump_ring", "wire_gauge"),
                                 ("jump_ring", "wire_gauge")),
             "rows": [[True, False, g, g] for g in (18, 20, 22)]}
# Two charms ask for a lobster clasp on a piece with an extender of 2 in.
LOBSTER_PAIR = {"id": "lobster-pair", "mode": "allowed",
                "columns": _columns(("charm", "nameplate"), ("clasp", "clasp_type"), ("charm", "nameplate"),
                                    ("extender", "length_mm")),
                "rows": [[False, "lobster", False, 50.8], [True, "lobster", False, 50.8]]}
TWO_CHARMS = SlotPick(slot="charms", skus=("NP-BLOCK-BR", "CM-STAR-BR"), exact=True)

# (tables, request, pieces brute force finds): 3 510 pieces without the tables, 486 with the
# nameplate and the star.
CASES = [
    ([NAMEPLATE_RINGS], Request(), 2190),
    ([NAMEPLATE_RINGS], Request(picks=(TWO_CHARMS,)), 30),
    ([ODD_RINGS], Request(), 2610),
    ([ODD_RINGS], Request(picks=(TWO_CHARMS,)), 180),
    ([NAMEPLATE_RINGS, ODD_RINGS], Request(), 2106),
    ([LOBSTER_PAIR], Request(), 2376),
    ([LOBSTER_PAIR, NAMEPLATE_RINGS], Request(picks=(TWO_CHARMS,)), 18),
]


@pytest.mark.parametrize(("rules", "request_", "pieces"), CASES)
def test_charm_ring_tables_count_as_brute_force(rules: list[dict[str, Any]], request_: Request,
                                                pieces: int) -> None:
    catalog = _catalog(rules, NECKLACE_PARTS)
    expected = len(valid_assemblies(catalog, catalog.style(STYLE), request_))
    result = bounded_solver(catalog).count(STYLE, request_)
    assert result.status is ExitStatus.COMPLETE
    assert result.count == expected
    assert expected == pieces


def test_a_thin_ring_at_the_clasp_refuses_the_charms() -> None:
    """The charms' own ring is 18 gauge, the clasp's 20: the table refuses the piece. An engine
    that read only the ring the charms hang on would find pieces here."""
    catalog = _catalog([NAMEPLATE_RINGS], NECKLACE_PARTS)
    picks = (TWO_CHARMS, SlotPick(slot="charm_ring", skus=("JR-BR-18G-4.0",)),
             SlotPick(slot="clasp_ring", skus=("JR-BR-20G-4.0",)))
    request = Request(picks=picks)
    assert bounded_solver(catalog).count(STYLE, request).count == 0 == len(
        valid_assemblies(catalog, catalog.style(STYLE), request))
    thick = Request(picks=(*picks[:2], SlotPick(slot="clasp_ring", skus=("JR-BR-18G-4.0",))))
    found = bounded_solver(catalog).count(STYLE, thick).count
    assert found == len(valid_assemblies(catalog, catalog.style(STYLE), thick)) > 0

def test_cpsat_solutions_under_charm_ring_tables_are_the_valid_assemblies() -> None:
    catalog = _catalog([NAMEPLATE_RINGS, ODD_RINGS, LOBSTER_PAIR], NECKLACE_PARTS)
    request = Request(picks=(TWO_CHARMS,))
    valid = {e.assembly for e in valid_assemblies(catalog, catalog.style(STYLE), request)}
    status, found = CpSatSpace(compile_space(catalog, catalog.style(STYLE), request)).solutions(len(valid) + 1, LIMIT)
    assert status.status is ExitStatus.COMPLETE
    assert found == valid

