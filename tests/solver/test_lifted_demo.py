"""Tables across two kinds of parts on the demo catalog, with real parts and prices: a clasp with
every jump ring of the piece, a nameplate with the clasp, the two end rings with each other.
Counts on trimmed catalogs are checked against brute force (check() on every assembly); the hubs
lift the slots these tables read."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from catalog.demo import load_demo_catalog
from catalog.model import Catalog
from solver.cpsat import CpSatSpace
from solver.hubs import compiled_size
from solver.request import Request, SlotPick
from solver.results import ExitStatus
from solver.space import compile_space
from tests.solver.bounded import bounded_solver
from tests.solver.oracle import valid_assemblies
from tests.solver.test_cpsat import LIMIT

LOBSTER_RINGS = {"id": "lobster-rings", "description": "Lobster clasps are not sold with fine rings.",
                 "columns": [{"kind": "clasp", "attribute": "clasp_type"},
                             {"kind": "jump_ring", "attribute": "wire_gauge"}],
                 "mode": "forbidden", "rows": [["lobster", 22], ["lobster", 24], ["spring_ring", 24]]}
NAMEPLATE_LOBSTER = {"id": "nameplate-lobster", "description": "A nameplate hangs on a piece a lobster closes.",
                     "columns": [{"kind": "charm", "attribute": "nameplate"},
                                 {"kind": "clasp", "attribute": "clasp_type"}],
                     "mode": "allowed", "rows": [[True, "lobster"]]}
MATCHING_END_RINGS = {"id": "matching-end-rings", "description": "Both ends are joined with one gauge.",
                      "columns": [{"kind": "jump_ring", "attribute": "wire_gauge"},
                                  {"kind": "jump_ring", "attribute": "wire_gauge"}],
                      "mode": "allowed", "rows": [[g, g] for g in (16, 18, 19, 20, 22, 24)]}

ANKLET_PARTS = {"CH-CABLE-BR-10IN-1.8", "CH-CABLE-SS-10IN-1.2", "CL-LOB-BR-10", "CL-LOB-BR-12", "CL-SPR-SS-5",
                "CL-LOB-ST-10", "JR-BR-22G-3.0", "JR-BR-20G-4.0", "JR-BR-18G-4.0", "JR-SS-24G-2.5",
                "JR-SS-22G-2.5", "JR-SS-20G-4.0", "EX-BR-2IN", "EX-SS-1IN", "EX-SS-2IN"}
NECKLACE_PARTS = {"CH-CABLE-BR-18IN-1.8", "CH-CABLE-BR-20IN-1.8", "CL-LOB-BR-10", "CL-TOG-BR-12", "CL-MAG-BR-6",
                  "JR-BR-22G-3.0", "JR-BR-20G-4.0", "JR-BR-18G-4.0", "EX-BR-2IN", "NP-BLOCK-BR", "CM-STAR-BR",
                  "CM-HEART-BR"}


@cache
def _demo() -> Catalog:
    return load_demo_catalog()


def _catalog(rules: list[dict[str, Any]], keep: set[str] | None = None) -> Catalog:
    data = _demo().model_dump(mode="json")
    if keep is not None:
        data["parts"] = [p for p in data["parts"] if p["sku"] in keep]
    data["rules"] = [*data["rules"], *rules]
    return Catalog.model_validate(data)


# (style, parts kept, tables, pieces brute force finds with them); 36 anklets and 3 510 charm
# necklaces without them.
CASES = [
    ("anklet", ANKLET_PARTS, [LOBSTER_RINGS], 16),
    ("anklet", ANKLET_PARTS, [MATCHING_END_RINGS], 12),
    ("anklet", ANKLET_PARTS, [LOBSTER_RINGS, MATCHING_END_RINGS], 8),
    ("charm-necklace", NECKLACE_PARTS, [LOBSTER_RINGS], 2466),
    ("charm-necklace", NECKLACE_PARTS, [NAMEPLATE_LOBSTER], 2484),
    ("charm-necklace", NECKLACE_PARTS, [LOBSTER_RINGS, NAMEPLATE_LOBSTER], 1440),
]
PLAIN = {"anklet": 36, "charm-necklace": 3510}


@pytest.mark.parametrize(("style", "keep", "rules", "pieces"), CASES,
                         ids=lambda v: v if isinstance(v, str) else None)
def test_trimmed_demo_counts_match_brute_force(style: str, keep: set[str], rules: list[dict[str, Any]],
                                               pieces: int) -> None:
    catalog = _catalog(rules, keep)
    expected = len(valid_assemblies(catalog, catalog.style(style), Request()))
    result = bounded_solver(catalog).count(style, Request())
    assert result.status is ExitStatus.COMPLETE
    assert result.count == expected == pieces
    # The tables bite: without them the same parts make more pieces.
    assert bounded_solver(_catalog([], keep)).count(style, Request()).count == PLAIN[style] > pieces


def test_one_ring_sku_at_both_ends_is_two_parts() -> None:
    """A forbidden 20 gauge with 20 gauge pair refuses the same 20 gauge ring SKU at the clasp and
    at the extender: two slots, two physical rings (before, check() skipped one SKU with itself)."""
    rule = {"id": "no-two-20g", "columns": [{"kind": "jump_ring", "attribute": "wire_gauge"},
                                            {"kind": "jump_ring", "attribute": "wire_gauge"}],
            "mode": "forbidden", "rows": [[20, 20]]}
    catalog = _catalog([rule], ANKLET_PARTS)
    valid = valid_assemblies(catalog, catalog.style("anklet"), Request())
    gauges = {sku: p.wire_gauge for sku, p in catalog.by_sku().items() if p.kind == "jump_ring"}
    assert valid and not any(gauges[e.assembly.get("clasp_ring")[0]] == gauges[e.assembly.get("extender_ring")[0]] == 20
                             for e in valid)
    assert bounded_solver(catalog).count("anklet", Request()).count == len(valid)
    # CP-SAT (explain's cores) means the same: its whole solution set.
    status, found = CpSatSpace(compile_space(catalog, catalog.style("anklet"), Request())).solutions(1000, LIMIT)
    assert status.status is ExitStatus.COMPLETE and found == {e.assembly for e in valid}


@pytest.mark.parametrize(("rules", "count"), [([LOBSTER_RINGS], 36077), ([LOBSTER_RINGS, MATCHING_END_RINGS], 9800)])
def test_full_demo_anklet_counts(rules: list[dict[str, Any]], count: int) -> None:
    """On the whole demo catalog the tables cut the anklet's 49 216 pieces (what the lifted hubs
    count; the trimmed cases above prove the method against brute force)."""
    assert bounded_solver(_demo()).count("anklet", Request()).count == 49216
    result = bounded_solver(_catalog(rules)).count("anklet", Request())
    assert result.status is ExitStatus.COMPLETE and result.count == count


def _docs_example() -> dict[str, Any]:
    """The three-column example of docs/catalog-format.md, read from the page itself."""
    text = (Path(__file__).parents[2] / "docs" / "catalog-format.md").read_text()
    block = text.split("**A three-column example over a clasp", 1)[1].split("```json", 1)[1].split("```", 1)[0]
    found: dict[str, Any] = json.loads(block)
    return found


def test_the_docs_three_column_example_means_what_the_docs_say() -> None:
    catalog = _catalog([_docs_example()])
    solver = bounded_solver(catalog)
    gold = SlotPick(slot="plating", skus=("PL-YG14-0.5",))
    lobster = SlotPick(slot="clasp", skus=("CL-LOB-BR-10",))

    def count(*picks: SlotPick) -> int:
        result = solver.count("charm-necklace", Request(picks=(gold, lobster, *picks)))
        assert result.status is ExitStatus.COMPLETE
        return result.count

    # A 22 gauge ring anywhere beside a gold-plated lobster: nothing; a 20 gauge one: pieces.
    assert count(SlotPick(slot="charm_ring", skus=("JR-BR-22G-3.0",))) == 0
    assert count(SlotPick(slot="clasp_ring", skus=("JR-BR-22G-3.0",))) == 0
    assert count(SlotPick(slot="charm_ring", skus=("JR-BR-20G-4.0",))) > 0
    # Without charms there is no charm ring to refuse.
    no_charms = SlotPick(slot="charms", skus=(), exact=True)
    assert count(no_charms) > 0
    # Not plated in gold, the 22 gauge charm ring is fine.
    plain = solver.count("charm-necklace", Request(picks=(lobster, SlotPick(slot="charm_ring",
                                                                              skus=("JR-BR-22G-3.0",)))))
    assert plain.count > 0


def test_a_clasp_ring_table_lifts_the_clasp_and_filters_the_rings() -> None:
    """The demo charm necklace under "lobster-rings": the clasp is lifted (lobster, spring ring,
    any other type: 3 values) and its three ring slots are filtered, not lifted — 832 x 3 hubs
    (lifting every ring slot too made 119 808 and ran past the serving limit)."""
    catalog = _catalog([LOBSTER_RINGS])
    style = catalog.style("charm-necklace")
    assert compiled_size(compile_space(_demo(), style, Request())).hubs == 832
    assert compiled_size(compile_space(catalog, style, Request())).hubs == 832 * 3
    result = bounded_solver(catalog).count("charm-necklace", Request())
    assert result.status is ExitStatus.COMPLETE
    # 18 199 580 853 667 776 without the table; lifting the rings as well counts the same
    assert result.count == 11_099_670_315_442_686


def test_a_third_column_keeps_apart_the_parts_it_tells_apart() -> None:
    """Parts are grouped into classes by every attribute a table reads — the third column's too:
    a spring-ring twin of a lobster clasp (same fit, another type) is not merged with it."""
    data = _catalog([], ANKLET_PARTS).model_dump(mode="json")
    lobster = next(p for p in data["parts"] if p["sku"] == "CL-LOB-BR-10")
    data["parts"].append({**lobster, "sku": "CL-SPR-BR-10", "name": "spring ring twin", "clasp_type": "spring_ring"})
    data["rules"].append({"id": "cable-fine-lobster", "mode": "forbidden",
                          "columns": [{"kind": "chain", "attribute": "chain_style"},
                                      {"kind": "jump_ring", "attribute": "wire_gauge"},
                                      {"kind": "clasp", "attribute": "clasp_type"}],
                          "rows": [["cable", 22, "lobster"], ["cable", 20, "lobster"]]})
    catalog = Catalog.model_validate(data)
    expected = len(valid_assemblies(catalog, catalog.style("anklet"), Request()))
    assert bounded_solver(catalog).count("anklet", Request()).count == expected
