"""The demo catalog: shipped JSON equals the script, real sizes, and every style buildable and refusable.

Assemblies are judged by solver.check.evaluate, the reference meaning of a valid piece. Each
targeted refusal starts from a valid piece and changes one thing, so exactly one rule fires.
"""

from __future__ import annotations

import random
from collections import Counter
from datetime import date
from importlib import resources
from typing import Any

import pytest

from catalog.demo import build_demo_catalog, demo_catalog_json, load_demo_catalog
from catalog.demo_styles import STYLE_IDS
from catalog.generator import AssemblySampler
from catalog.model import Catalog
from catalog.parts import Chain, Charm, Clasp, Extender, JumpRing, Plating
from catalog.physics import AWG_WIRE_MM
from catalog.rules import RuleCode
from catalog.types import ClaspType, PartKind, Production, Status
from solver.assembly import Assembly, Evaluation
from solver.check import evaluate
from solver.request import Request

CATALOG = load_demo_catalog()
ON = date(2026, 6, 1)  # the rose-gold paperclip pause is in force until 2026-12-31

BASE: dict[str, dict[str, tuple[str, ...]]] = {
    "charm-necklace": {
        "chain": ("CH-CABLE-SS-18IN-1.2",), "clasp": ("CL-LOB-SS-10",), "clasp_ring": ("JR-SS-20G-4.0",),
        "charms": ("CM-HEART-SS", "CM-STAR-SS"), "charm_ring": ("JR-SS-22G-3.0",), "gift_box": ("box",),
    },
    "name-necklace": {
        "chain": ("CH-CABLE-SS-18IN-1.2",), "clasp": ("CL-LOB-SS-10",), "clasp_ring": ("JR-SS-20G-4.0",),
        "nameplate": ("NP-SCRIPT-SS",), "nameplate_ring": ("JR-SS-22G-3.0",), "plating": ("PL-RH-0.75",),
        "font": ("script",),
    },
    "clip-bracelet": {
        # 6.8 g of clips: the clasp ring carries them all, so an 18 AWG ring (a 20 AWG 4 mm ring
        # holds 6.56 g).
        "chain": ("CH-CLIP-SS-7IN-3.0",), "clasp": ("CL-LOB-SS-10",), "clasp_ring": ("JR-SS-18G-4.0",),
        "clips": ("CM-CLIP-HEART-SS", "CM-CLIP-STAR-SS", "CM-SLIDE-HEART-SS"),
    },
    "anklet": {
        "chain": ("CH-CABLE-SS-10IN-1.2",), "clasp": ("CL-LOB-SS-10",), "clasp_ring": ("JR-SS-20G-4.0",),
        "extender": ("EX-SS-2IN",), "extender_ring": ("JR-SS-20G-4.0",),
    },
}


def judge(style_id: str, changes: dict[str, tuple[str, ...]] | None = None, **request: Any) -> Evaluation:
    style = CATALOG.style(style_id)
    values = {**BASE[style_id], **(changes or {})}
    assembly = Assembly.build(style_id, [slot.name for slot in style.slots], values)
    return evaluate(CATALOG, style, Request(**({"on_date": ON} | request)), assembly)


def codes(evaluation: Evaluation) -> set[RuleCode]:
    return {v.code for v in evaluation.violations}


# --- the shipped file -------------------------------------------------------------------------


def test_shipped_json_is_the_script_output() -> None:
    assert build_demo_catalog() == load_demo_catalog()
    shipped = resources.files("catalog.data").joinpath("demo_catalog.json").read_text(encoding="utf-8")
    assert shipped == demo_catalog_json(), "regenerate with: .venv/bin/python -m catalog.demo"


def test_sizes_and_mix() -> None:
    kinds = Counter(part.kind for part in CATALOG.parts)
    assert len(CATALOG.parts) >= 250
    assert all(kinds[kind.value] >= 10 for kind in PartKind)
    assert [style.id for style in CATALOG.styles] == list(STYLE_IDS)
    assert len(CATALOG.rules) == 3


def test_readable_skus() -> None:
    skus = CATALOG.by_sku()
    for sku in ("CH-CABLE-SS-18IN-1.2", "JR-SS-18G-4.0", "CL-LOB-SS-10", "EX-SS-2IN", "CM-HEART-SS",
                "NP-SCRIPT-SS", "PL-RH-0.75", "PL-YG14-2.5-VERMEIL", "CH-CLIP-SS-7IN-3.0"):
        assert sku in skus


def test_real_dimensions() -> None:
    chains = [p for p in CATALOG.parts if isinstance(p, Chain)]
    lengths = {round(c.length_mm / 25.4, 1) for c in chains}
    assert {7.0, 16.0, 18.0, 20.0, 24.0} <= lengths  # 7 in bracelets; 16/18/20/24 in necklaces
    assert all(0.8 <= c.width_mm <= 3.5 and c.end_link_inner_mm > c.link_inner_mm for c in chains)
    weak = {c.chain_style.value: c.max_load_g for c in chains if c.sku.endswith("18IN-1.5")}
    assert weak["rope"] < 5 < next(c.max_load_g for c in chains if c.sku == "CH-CABLE-SS-18IN-1.2")
    for ring in (p for p in CATALOG.parts if isinstance(p, JumpRing)):
        assert ring.wire_gauge is not None and AWG_WIRE_MM[ring.wire_gauge] == ring.wire_mm
        assert 2.0 <= ring.inner_diameter_mm <= 8.0
    extenders = {round(p.length_mm / 25.4) for p in CATALOG.parts if isinstance(p, Extender)}
    assert extenders == {1, 2, 3}
    assert all(p.price.amount_cents > 0 and p.price.currency == "EUR" for p in CATALOG.parts)


def test_things_to_refuse_are_there() -> None:
    parts = CATALOG.parts
    assert any(isinstance(p, Clasp) and p.clasp_type is ClaspType.MAGNETIC for p in parts)
    assert any(isinstance(p, Charm) and p.enamel for p in parts)
    assert any(not isinstance(p, Plating) and p.base_metal.value == "nickel_silver" for p in parts)
    assert sum(p.status is Status.RETIRED for p in parts) >= 5
    assert any(not isinstance(p, Plating) and p.stock == 0 and p.production is Production.STOCKED
               for p in parts)
    assert any(isinstance(p, Charm) and p.production is Production.CAST and p.moq == 100 for p in parts)
    assert any(isinstance(p, Plating) and p.vermeil for p in parts)


# --- each style builds ------------------------------------------------------------------------


@pytest.mark.parametrize("style_id", STYLE_IDS)
def test_base_piece_is_valid(style_id: str) -> None:
    evaluation = judge(style_id, text="AMELIE" if style_id == "name-necklace" else None)
    assert evaluation.valid, evaluation.violations
    assert evaluation.price.total_cents > 0
    assert evaluation.steps[-1].action == "inspect"


def test_name_necklace_price_and_route() -> None:
    evaluation = judge("name-necklace", text="AMELIE")
    assert evaluation.price.engraving_cents == 6 * 150
    assert evaluation.price.labour_cents == 2 * 250
    assert evaluation.lead_time_days == 3 + 2  # laser-cut nameplate, then the rhodium bath
    assert [step.action for step in evaluation.steps][-2:] == ["plate", "inspect"]
    assert "font" in evaluation.steps[-1].detail


# --- each refusal, one change at a time -------------------------------------------------------

REFUSALS: list[tuple[str, str, dict[str, tuple[str, ...]], dict[str, Any], RuleCode]] = [
    ("18 AWG ring through a 0.9 mm spring-ring loop", "charm-necklace",
     {"clasp": ("CL-SPR-SS-5",), "clasp_ring": ("JR-SS-18G-4.0",)}, {}, RuleCode.RING_PASSES_OPENING),
    ("2.5 mm ring for a 0.9 mm curb and a 1.6 mm toggle loop", "charm-necklace",
     {"chain": ("CH-CURB-SS-18IN-3.0",), "clasp": ("CL-TOG-SS-20H",), "clasp_ring": ("JR-SS-24G-2.5",),
      "charms": (), "charm_ring": ()}, {}, RuleCode.RING_HOLDS_PARTS),
    ("10 mm lobster (1.2 mm gate) on a heavy 1.3 mm extender", "anklet",
     {"extender": ("EX-SS-2IN-HEAVY",)}, {}, RuleCode.CLASP_HOOKS_LINK),
    ("vermeil over a brass chain", "name-necklace",
     {"chain": ("CH-CABLE-BR-18IN-1.8",), "plating": ("PL-YG14-2.5-VERMEIL",)}, {},
     RuleCode.PLATING_ON_METAL),
    ("enamel nameplate through the plating bath", "name-necklace",
     {"nameplate": ("NP-ENAMEL-SS",)}, {}, RuleCode.PLATABLE_TOGETHER),
    ("magnetic clasp through the plating bath", "charm-necklace",
     {"clasp": ("CL-MAG-SS-6",), "plating": ("PL-RH-0.75",)}, {}, RuleCode.PLATABLE_TOGETHER),
    ("rose gold-filled clasp on a yellow gold-filled chain", "charm-necklace",
     {"chain": ("CH-CABLE-GF-18IN-1.2",), "clasp": ("CL-LOB-RGF-10",), "clasp_ring": ("JR-GF-20G-4.0",),
      "charms": ("CM-HEART-GF",), "charm_ring": ("JR-GF-22G-3.0",)}, {}, RuleCode.FINISH_MATCH),
    ("steel clasp touching sterling, unplated", "charm-necklace",
     {"clasp": ("CL-LOB-ST-10",)}, {}, RuleCode.GALVANIC),
    ("nickel barrier under rhodium, nickel-free asked", "name-necklace",
     {"plating": ("PL-RH-0.75-NI",)}, {"nickel_free": True}, RuleCode.NICKEL_FREE),
    ("nickel silver chain, nickel-free asked", "name-necklace",
     {"chain": ("CH-CABLE-NS-18IN-1.2",), "clasp": ("CL-LOB-NS-12",), "plating": ("PL-RH-0.75-NI",)},
     {"nickel_free": True}, RuleCode.NICKEL_FREE),
    ("6.5 g medallion on a 3 g magnetic clasp", "charm-necklace",
     {"clasp": ("CL-MAG-SS-6",), "charms": ("CM-MEDAL-SS",), "charm_ring": ("JR-SS-22G-2.5",)}, {},
     RuleCode.LOAD_WITHIN_LIMITS),
    ("15.6 g of charms on a 14.4 g cable chain", "charm-necklace",
     {"charms": ("CM-MEDAL-SS", "CM-BAR-SS", "CM-ANCHOR-SS", "CM-CROSS-SS", "CM-MOON-SS"),
      "charm_ring": ("JR-SS-22G-2.5",)}, {}, RuleCode.LOAD_WITHIN_LIMITS),
    ("two charms on a herringbone (capacity 1)", "charm-necklace",
     {"chain": ("CH-HBONE-SS-18IN-3.0",), "charm_ring": ("JR-SS-24G-2.0",)}, {}, RuleCode.CHARM_CAPACITY),
    ("24 in chain + 3 in extender is too long", "charm-necklace",
     {"chain": ("CH-CABLE-SS-24IN-1.2",), "extender": ("EX-SS-3IN",), "extender_ring": ("JR-SS-20G-4.0",)},
     {}, RuleCode.LENGTH_IN_RANGE),
    ("nameplate on a paperclip chain", "name-necklace",
     {"chain": ("CH-PCLIP-SS-18IN-2.5",)}, {}, RuleCode.COMPATIBILITY_TABLE),
    ("Old English under rose gold", "name-necklace",
     {"font": ("old_english",), "nameplate": ("NP-OLDENG-SS",), "plating": ("PL-RG14-0.5",)}, {},
     RuleCode.COMPATIBILITY_TABLE),
    ("script nameplate asked in block", "name-necklace", {"font": ("block",)}, {}, RuleCode.NAMEPLATE_FONT),
    ("6.5 g medallion on a 24 AWG clasp ring", "charm-necklace",
     {"charms": ("CM-MEDAL-SS",), "charm_ring": ("JR-SS-22G-2.5",), "clasp_ring": ("JR-SS-24G-2.5",)}, {},
     RuleCode.LOAD_WITHIN_LIMITS),
    ("magnetic clasp on an extender", "anklet", {"clasp": ("CL-MAG-SS-6",)}, {}, RuleCode.CLASP_HOOKS_LINK),
    ("rose-gold paperclip, paused in 2026", "charm-necklace",
     {"chain": ("CH-PCLIP-SS-18IN-2.5",), "plating": ("PL-RG14-0.5",)}, {}, RuleCode.COMPATIBILITY_TABLE),
    ("wide clip on a 3 mm carrier", "clip-bracelet",
     {"clips": ("CM-CLIP-WIDE-SS",)}, {}, RuleCode.CHARM_FITS_CARRIER),
    ("retired daisy charm", "charm-necklace", {"charms": ("CM-DAISY-SS",)}, {}, RuleCode.RETIRED),
    ("sold-out curb chain", "charm-necklace", {"chain": ("CH-CURB-SS-24IN-3.0",)}, {},
     RuleCode.QUANTITY_AVAILABLE),
    ("cast lion head, MOQ 100, one piece", "charm-necklace",
     {"chain": ("CH-CABLE-SS-18IN-1.8",), "charms": ("CM-LION-BR",), "charm_ring": ("JR-SS-18G-3.0",),
      "clasp_ring": ("JR-SS-18G-3.0",), "plating": ("PL-RH-0.75",)}, {}, RuleCode.MOQ),
    ("15 letters on a 10-letter nameplate", "name-necklace", {}, {"text": "ALEXANDRA-MARIE"},
     RuleCode.TEXT_FITS),
    ("over budget", "anklet", {}, {"budget_cents": 2000}, RuleCode.BUDGET),
    ("made to order is too slow", "name-necklace", {}, {"deadline_days": 3}, RuleCode.LEAD_TIME),
]


@pytest.mark.parametrize(("story", "style_id", "changes", "request_fields", "code"), REFUSALS,
                         ids=[r[0] for r in REFUSALS])
def test_one_change_one_refusal(story: str, style_id: str, changes: dict[str, tuple[str, ...]],
                                request_fields: dict[str, Any], code: RuleCode) -> None:
    evaluation = judge(style_id, changes, **request_fields)
    assert codes(evaluation) == {code}, (story, evaluation.violations)


def test_rose_paperclip_allowed_after_the_pause() -> None:
    changes = {"chain": ("CH-PCLIP-SS-18IN-2.5",), "plating": ("PL-RG14-0.5",)}
    assert judge("charm-necklace", changes, on_date=date(2027, 1, 2)).valid


def test_nickel_barrier_is_fine_without_the_request() -> None:
    assert judge("name-necklace", {"plating": ("PL-RH-0.75-NI",)}).valid


def test_magnetic_clasp_warns() -> None:
    evaluation = judge("charm-necklace", {"clasp": ("CL-MAG-SS-6",)})
    assert evaluation.valid
    assert any("pacemaker" in w for w in evaluation.warnings)


# --- random pieces: many valid, and every rule fires somewhere ---------------------------------

REQUIRED = {
    RuleCode.RING_PASSES_OPENING, RuleCode.RING_HOLDS_PARTS, RuleCode.CLASP_HOOKS_LINK,
    RuleCode.PLATING_ON_METAL, RuleCode.PLATABLE_TOGETHER, RuleCode.FINISH_MATCH, RuleCode.GALVANIC,
    RuleCode.NICKEL_FREE, RuleCode.LOAD_WITHIN_LIMITS,
}


def sample(catalog: Catalog, style_id: str, n: int, seed: int,
           **request: Any) -> tuple[int, Counter[RuleCode]]:
    style = catalog.style(style_id)
    sampler, rng = AssemblySampler(catalog, style), random.Random(seed)
    order = [slot.name for slot in style.slots]
    valid, seen = 0, Counter[RuleCode]()
    for _ in range(n):
        result = evaluate(catalog, style, Request(on_date=ON, **request),
                          Assembly.build(style_id, order, sampler.sample(rng)))
        valid += result.valid
        seen.update({v.code for v in result.violations})
    return valid, seen


def test_random_pieces_are_often_valid_and_refused_for_every_reason() -> None:
    seen: Counter[RuleCode] = Counter()
    for style_id in STYLE_IDS:
        valid, codes_seen = sample(CATALOG, style_id, 600, seed=7, nickel_free=style_id == "name-necklace")
        assert valid >= 2, style_id
        seen.update(codes_seen)
    missing = REQUIRED - set(seen)
    assert not missing, missing
