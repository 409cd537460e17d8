"""Hypothesis strategies for small random catalogs, styles and requests, sized for brute force.

Each world draws a noise level: at 0 every attribute takes a value that fits, so most pieces
are valid; higher levels swap in misfits (thin loops, thick wires, other metals, no stock...)
so that every rule gets to refuse something.
"""

from __future__ import annotations

import itertools
from typing import Any

from hypothesis import reject
from hypothesis import strategies as st

from catalog.model import Catalog
from catalog.styles import Style
from solver.request import Request, SlotPick
from tests.solver.oracle import count_assemblies

AWG = {18: 1.02, 20: 0.81, 22: 0.64}

# Brute force asks check() about every assembly (about half a millisecond each). A world past this
# many assemblies is drawn again: Hypothesis drew a few of 10,000-27,000 per 200 examples, which
# took most of a property's time and made it vary tenfold from run to run. Every style, part kind,
# noise level and rule shape still comes, in worlds of fewer parts.
MAX_ASSEMBLIES = 4_000


def sized_for_brute_force(catalog: Catalog, style: Style) -> None:
    """Rejects (draws again) a world whose brute force would list more than MAX_ASSEMBLIES."""
    if count_assemblies(catalog, style) > MAX_ASSEMBLIES:
        reject()


def with_twins(draw: st.DrawFn, data: dict[str, Any], doubled: str) -> tuple[Catalog, Style]:
    """The catalog `data` with some parts of kind `doubled` twice (another SKU, 7 cents dearer,
    the same class), sized for brute force: a count that forgets a class size shows."""
    twins = []
    for part in data["parts"]:
        if part["kind"] == doubled and draw(st.booleans()):
            twin = dict(part, sku=part["sku"] + "-B")
            twin["price"] = dict(part["price"], amount_cents=part["price"]["amount_cents"] + 7)
            twins.append(twin)
    data["parts"] += twins
    twinned = Catalog.model_validate(data)
    sized_for_brute_force(twinned, twinned.styles[0])
    return twinned, twinned.styles[0]


def _money(cents: int) -> dict[str, Any]:
    return {"amount_cents": cents, "currency": "EUR"}


def _v(draw: st.DrawFn, noise: int, good: Any, *bad: Any) -> Any:
    """`good`, or with probability noise% one of the misfits."""
    if bad and draw(st.integers(0, 99)) < noise:
        return draw(st.sampled_from(bad))
    return good


def _common(draw: st.DrawFn, noise: int, prefix: str, i: int) -> dict[str, Any]:
    return {
        "sku": f"{prefix}{i}",
        "name": f"{prefix} {i}",
        "base_metal": _v(draw, noise, "sterling_silver", "brass", "nickel_silver"),
        "colour": _v(draw, noise, "silver", "yellow"),
        "price": _money(draw(st.sampled_from([100, 0, 250, 400, 900]))),
        "weight_g": draw(st.sampled_from(["1", "0.5", "2", "4"])),
        "stock": _v(draw, noise, 5, 1, 0),
        "production": _v(draw, noise, "stocked", "made_to_order"),
        "lead_time_days": draw(st.sampled_from([3, 0, 12])),
        "moq": _v(draw, noise, 1, 2),
        "status": _v(draw, noise // 2, "active", "retired"),
        "enamel": _v(draw, noise, False, True) if prefix == "CM" else False,
    }


def chain(draw: st.DrawFn, noise: int, i: int, bracelet: bool) -> dict[str, Any]:
    part = _common(draw, noise, "CH", i)
    part.update(kind="chain",
                chain_style=_v(draw, noise, "clip_carrier" if bracelet else "cable", "snake", "cable"),
                length_mm=draw(st.sampled_from([406.0, 380.0, 457.0])), width_mm=_v(draw, noise, 1.5, 1.0, 2.5),
                wire_mm=_v(draw, noise, 0.5, 0.8, 1.0), end_link_inner_mm=_v(draw, noise, 2.0, 1.2, 0.8),
                link_inner_mm=_v(draw, noise, 2.0, 1.2, 0.8), max_load_g=_v(draw, noise, "10", "5", "2"),
                bail_slide=draw(st.booleans()), charm_capacity=_v(draw, noise, 3, 2, 1, 0))
    return part


def clasp(draw: st.DrawFn, noise: int, i: int) -> dict[str, Any]:
    part = _common(draw, noise, "CL", i)
    part.update(kind="clasp", clasp_type=_v(draw, noise, "lobster", "magnetic"),
                loop_inner_mm=_v(draw, noise, 1.2, 0.8), loop_wire_mm=_v(draw, noise, 0.5, 0.8),
                gate_opening_mm=_v(draw, noise, 1.2, 1.0, 0.6), max_load_g=_v(draw, noise, "10", "3"),
                length_mm=draw(st.sampled_from([10.0, 12.0])))
    return part


def extender(draw: st.DrawFn, noise: int, i: int) -> dict[str, Any]:
    part = _common(draw, noise, "EX", i)
    part.update(kind="extender", length_mm=draw(st.sampled_from([25.4, 50.8])),
                link_wire_mm=_v(draw, noise, 0.6, 1.1), link_inner_mm=2.0,
                end_link_inner_mm=_v(draw, noise, 2.0, 1.0))
    return part


def ring(draw: st.DrawFn, noise: int, i: int) -> dict[str, Any]:
    part = _common(draw, noise, "JR", i)
    gauge = _v(draw, noise, 22, 20, 18)
    # A look no physical rule reads: rings of one piece differ in it at every noise level, so that
    # a table over the rings tells its ring slots apart.
    surface = draw(st.sampled_from(["polished", "matte"]))
    part.update(kind="jump_ring", wire_gauge=gauge, wire_mm=AWG[gauge], surface=surface,
                inner_diameter_mm=_v(draw, noise, 3.0, 2.0, 1.5), max_load_g=_v(draw, noise, "10", "3"),
                soldered=draw(st.booleans()))
    return part


def charm(draw: st.DrawFn, noise: int, i: int, connector: str, nameplates: bool) -> dict[str, Any]:
    part = _common(draw, noise, "CM", i)
    others = [c for c in ("dangle", "slide_bail", "clip") if c != connector]
    connector = _v(draw, noise, connector, *others)
    # A look no physical rule reads, for charm rules to tell charms apart by.
    part.update(kind="charm", connector=connector, surface=draw(st.sampled_from(["polished", "matte"])))
    if connector == "dangle":
        part.update(loop_inner_mm=_v(draw, noise, 1.2, 0.7), loop_wire_mm=_v(draw, noise, 0.5, 0.8))
    elif connector == "slide_bail":
        part.update(bail_inner_mm=_v(draw, noise, 3.0, 1.5))
    else:
        part.update(clip_min_width_mm=1.0, clip_max_width_mm=_v(draw, noise, 3.0, 1.2))
    if nameplates and draw(st.booleans()):
        part.update(nameplate=True, max_characters=_v(draw, noise, 6, 3), price_per_character=_money(50),
                    fonts=_v(draw, noise, ["script", "block"], ["script"], ["block"], []))
    return part


def plating(draw: st.DrawFn, noise: int, i: int) -> dict[str, Any]:
    material = draw(st.sampled_from(["rhodium", "yellow_gold"]))
    metals = ["sterling_silver", "brass"] if not draw(st.integers(0, 99)) < noise else ["brass"]
    out = {"kind": "plating", "sku": f"PL{i}", "name": f"plating {i}", "material": material,
           "thickness_um": 1.0, "allowed_base_metals": metals, "price": _money(draw(st.sampled_from([300, 0]))),
           "lead_time_days": draw(st.sampled_from([0, 5])),
           "underlayer": _v(draw, noise, "palladium", "nickel"), "status": "active"}
    if material == "yellow_gold":
        out["karat"] = 14
    return out


def _gift_box(draw: st.DrawFn) -> dict[str, Any]:
    return {"name": "gift_box", "kind": "option", "min_count": draw(st.sampled_from([0, 1])),
            "values": [{"code": "pouch", "label": "Pouch"}, {"code": "box", "label": "Box", "price": _money(500)}]}


def _card(draw: st.DrawFn) -> dict[str, Any]:
    return {"name": "card", "kind": "option", "min_count": draw(st.sampled_from([0, 1])),
            "values": [{"code": "plain", "label": "Plain card"}, {"code": "printed", "label": "Printed card",
                                                                  "price": _money(150)}]}


@st.composite
def styles(draw: st.DrawFn) -> dict[str, Any]:
    shape = draw(st.sampled_from(["necklace", "bracelet", "name"]))
    slots: list[dict[str, Any]] = [{"name": "chain", "kind": "chain"},
                                   {"name": "clasp", "kind": "clasp", "min_count": draw(st.sampled_from([1, 0]))},
                                   {"name": "clasp_ring", "kind": "jump_ring", "min_count": 0}]
    joins: list[dict[str, Any]] = [{"a": "chain", "b": "clasp", "ring": "clasp_ring"}]
    plate_after = False
    if shape == "necklace":
        slots += [{"name": "extender", "kind": "extender", "min_count": 0},
                  {"name": "extender_ring", "kind": "jump_ring", "min_count": 0},
                  {"name": "charms", "kind": "charm", "min_count": draw(st.sampled_from([0, 1])), "max_count": 2},
                  {"name": "charm_ring", "kind": "jump_ring", "min_count": 0},
                  {"name": "plating", "kind": "plating", "min_count": 0}]
        joins += [{"a": "chain", "b": "extender", "ring": "extender_ring"},
                  {"a": "chain", "b": "charms", "ring": "charm_ring"}]
        slots.append(_gift_box(draw))
    elif shape == "bracelet":
        slots += [{"name": "clips", "kind": "charm", "min_count": 0, "max_count": 3}, _gift_box(draw)]
        joins.append({"a": "chain", "b": "clips"})
    else:
        plate_after = draw(st.booleans())
        slots += [{"name": "nameplate", "kind": "charm", "min_count": 1, "max_count": 1,
                   "filters": [{"attribute": "nameplate", "values": [True]}]},
                  {"name": "nameplate_ring", "kind": "jump_ring", "min_count": 0},
                  {"name": "plating", "kind": "plating", "min_count": 1 if plate_after else 0},
                  {"name": "font", "kind": "option", "min_count": 1,
                   "values": [{"code": "script", "label": "Script"},
                              {"code": "block", "label": "Block", "price": _money(200)}]}]
        if draw(st.booleans()):
            slots.append(_gift_box(draw))
        joins.append({"a": "chain", "b": "nameplate", "ring": "nameplate_ring"})
    if shape != "name" or draw(st.booleans()):
        slots.append(_card(draw))
    low = draw(st.sampled_from([380.0, 400.0, 350.0]))
    return {"id": f"style-{shape}", "name": shape, "slots": slots, "joins": joins,
            "min_length_mm": low, "max_length_mm": low + draw(st.sampled_from([120.0, 60.0, 20.0])),
            "plate_after_assembly": plate_after, "labour_per_joint": _money(draw(st.sampled_from([0, 50])))}


# Values each kind's attributes take in these worlds (misfits included), for rules to name.
RULE_ATTRIBUTES: dict[str, dict[str, list[Any]]] = {
    "chain": {"chain_style": ["cable", "snake", "clip_carrier"], "base_metal": ["sterling_silver", "brass"],
              "width_mm": [1.5, 2.5]},
    "clasp": {"clasp_type": ["lobster", "magnetic"], "colour": ["silver", "yellow"]},
    "extender": {"link_wire_mm": [0.6, 1.1], "length_mm": [25.4, 50.8]},
    "jump_ring": {"wire_gauge": [22, 20, 18], "base_metal": ["sterling_silver", "nickel_silver"],
                  "surface": ["polished", "matte"]},
    "charm": {"connector": ["dangle", "slide_bail", "clip"], "enamel": [True, False],
              "base_metal": ["sterling_silver", "brass"]},
    "plating": {"material": ["rhodium", "yellow_gold"], "underlayer": ["palladium", "nickel"]},
}
ANCHORS = {"chain", "plating", "option"}


@st.composite
def rules(draw: st.DrawFn, style: dict[str, Any], index: int,
          shapes: tuple[str, ...] = ("pair", "anchored", "parts", "twin")) -> dict[str, Any]:
    """A merchandiser table of any shape: two columns or more, between any slots — two option
    slots, an option slot with itself, a chain with a charm, a clasp with a ring, two rings, two
    charms, a charm with a clasp, a clasp with a ring and the plating, two charms with a ring...
    (`shapes`: "pair" two columns, "anchored" anchors and one kind of part or a clasp with an
    extender, "parts" two or three lifted parts, maybe one or two charms, and anchors; "twin" two
    columns of one lifted kind, mostly two rings: one ring SKU in two ring slots is two items)."""
    option_slots = {s["name"]: [v["code"] for v in s["values"]] for s in style["slots"] if s["kind"] == "option"}
    kinds = sorted({s["kind"] for s in style["slots"]})
    parts = [k for k in kinds if k not in ANCHORS]
    shape = draw(st.sampled_from(shapes))
    if shape == "twin":
        twin = draw(st.sampled_from(["jump_ring", "jump_ring", "jump_ring", "clasp"]))
        column_kinds = [twin, twin]
    elif shape == "pair":
        pairs_of_kinds = [(a, b) for a in kinds for b in kinds]
        # Rules between two option slots couple slots no part joins; between two parts, slots
        # the hub lifts: each drawn about as often as all the rest.
        part_pairs = [(a, b) for a, b in pairs_of_kinds if a in parts and b in parts]
        column_kinds = list(draw(st.one_of(st.sampled_from(pairs_of_kinds), st.just(("option", "option")),
                                           st.sampled_from(part_pairs))))
    else:
        # One chain and one plating per piece; an option column per option slot at most, mostly.
        anchors = [k for k in kinds if k in ANCHORS and k != "option"] + ["option"] * len(option_slots)
        if shape == "anchored":
            extra = draw(st.sampled_from([[], *([p] for p in parts),
                                          *([["clasp", "extender"]] if {"clasp", "extender"} <= set(parts) else [])]))
        else:
            # Two or three parts of the lifted kinds (a kind may repeat), and maybe one charm or two.
            lifted = [p for p in parts if p != "charm"]
            extra = draw(st.lists(st.sampled_from(lifted), min_size=1, max_size=3))
            if "charm" in parts and draw(st.booleans()):
                extra += ["charm"] * draw(st.integers(1, 2))
            elif len(extra) == 1:
                extra.append(draw(st.sampled_from(lifted)))
        picked = draw(st.lists(st.integers(0, len(anchors) - 1), min_size=max(0 if shape == "parts" else 1,
                                                                              3 - len(extra)),
                               max_size=min(max(0, 4 - len(extra)), len(anchors)), unique=True))
        column_kinds = extra + [anchors[i] for i in picked]
        column_kinds = draw(st.permutations(column_kinds))
    taken: list[str] = []

    def column(kind: str) -> tuple[dict[str, Any], list[Any]]:
        if kind == "option":
            others = sorted(set(option_slots) - set(taken))
            # Mostly another slot than the other columns'; sometimes the same one (never fires).
            name = draw(st.sampled_from(others)) if others and draw(st.integers(0, 4)) else draw(
                st.sampled_from(sorted(option_slots)))
            taken.append(name)
            return {"kind": "option", "attribute": "code", "option_slot": name}, option_slots[name]
        attribute = draw(st.sampled_from(sorted(RULE_ATTRIBUTES[kind])))
        return {"kind": kind, "attribute": attribute}, RULE_ATTRIBUTES[kind][attribute]

    drawn = [column(kind) for kind in column_kinds]
    every = [list(row) for row in itertools.product(*(values for _, values in drawn))]
    rows = draw(st.lists(st.sampled_from(every), min_size=1, max_size=min(len(every), 8), unique_by=repr))
    typical = [values[0] for _, values in drawn]  # what most parts of a low-noise world have
    if typical not in rows and draw(st.booleans()):
        rows = [typical, *rows[:7]]  # so that the table bites the pieces brute force finds
    return {"id": f"rule-{index}", "columns": [c for c, _ in drawn],
            "mode": draw(st.sampled_from(["allowed", "forbidden"])), "rows": rows}


CHARM_RULE_ATTRIBUTES: dict[str, list[Any]] = {**RULE_ATTRIBUTES["charm"], "nameplate": [True, False],
                                                "surface": ["polished", "matte"], "weight_g": [1, 0.5, 2]}


@st.composite
def charm_rules(draw: st.DrawFn, style: dict[str, Any], index: int, beside: bool = False) -> dict[str, Any]:
    """A rule on the multiset of a piece's charms: a counting rule (1–2 charm columns; at_most 0–2,
    at_least mostly 1–2) or a table over two charm columns, with an anchor (chain, plating or
    option) now and then, and now and then one or two clasp, extender or ring columns (the hub
    lifts those slots; a ring column reads every ring slot of the piece: the clasp's, the
    extender's, the charms')."""
    def charm_column() -> tuple[dict[str, Any], list[Any]]:
        attribute = draw(st.sampled_from(sorted(CHARM_RULE_ATTRIBUTES)))
        return {"kind": "charm", "attribute": attribute}, CHARM_RULE_ATTRIBUTES[attribute]

    def charm_column_varied() -> tuple[dict[str, Any], list[Any]]:
        # Mostly an attribute that differs between charms at every noise level.
        if draw(st.booleans()):
            attribute = draw(st.sampled_from(["surface", "weight_g"]))
            return {"kind": "charm", "attribute": attribute}, CHARM_RULE_ATTRIBUTES[attribute]
        return charm_column()

    counting = not beside and draw(st.booleans())
    typical = False
    if counting:
        drawn = [charm_column_varied() for _ in range(draw(st.integers(1, 2)))]
    else:
        drawn = [charm_column_varied(), charm_column_varied()]
        anchors = [k for k in ("chain", "plating") if any(s["kind"] == k for s in style["slots"])]
        options = [s for s in style["slots"] if s["kind"] == "option"]
        anchor = draw(st.sampled_from(["none", "none", *anchors, *(["option"] if options else [])]))
        if anchor == "option":
            slot = draw(st.sampled_from(options))
            drawn.append(({"kind": "option", "attribute": "code", "option_slot": slot["name"]},
                          [v["code"] for v in slot["values"]]))
        elif anchor != "none":
            attribute = draw(st.sampled_from(sorted(RULE_ATTRIBUTES[anchor])))
            drawn.append(({"kind": anchor, "attribute": attribute}, RULE_ATTRIBUTES[anchor][attribute]))
        # Now and then clasps, extenders or (mostly) rings: several slots each, the table must hold
        # beside every one of them. Rings are told apart mostly by their surface.
        liftable = sorted({s["kind"] for s in style["slots"]} & {"clasp", "extender", "jump_ring"})
        weighted = [*liftable, *(["jump_ring"] * 2 if "jump_ring" in liftable else [])]
        if weighted and (beside or draw(st.booleans())):
            typical = True
            width = draw(st.sampled_from([1, 1, 2]))
            for kind in draw(st.lists(st.sampled_from(weighted), min_size=1, max_size=width)):
                attribute = "surface" if kind == "jump_ring" and draw(st.booleans()) else draw(
                    st.sampled_from(sorted(RULE_ATTRIBUTES[kind])))
                drawn.append(({"kind": kind, "attribute": attribute}, RULE_ATTRIBUTES[kind][attribute]))
        drawn = draw(st.permutations(drawn))
    every = [list(row) for row in itertools.product(*(values for _, values in drawn))]
    rows = draw(st.lists(st.sampled_from(every), min_size=1, max_size=min(len(every), 6), unique_by=repr))
    if typical and [values[0] for _, values in drawn] not in rows and draw(st.booleans()):
        # What most parts of a low-noise world have: so that a wide table bites the pieces found.
        rows = [[values[0] for _, values in drawn], *rows[:5]]
    out: dict[str, Any] = {"id": f"charm-rule-{index}", "columns": [c for c, _ in drawn], "rows": rows}
    if counting:
        # at_least about as often as at_most, mostly with a count that makes the cheapest piece
        # add charms (now and then 0, which always holds).
        if draw(st.booleans()):
            out.update(mode="at_most", count=draw(st.integers(0, 2)))
        else:
            out.update(mode="at_least", count=draw(st.sampled_from([1, 1, 2, 2, 0])))
    else:
        out.update(mode=draw(st.sampled_from(["allowed", "forbidden"])))
    return out


@st.composite
def worlds(draw: st.DrawFn, max_charms: int = 3, charm_rules_always: bool = False,
           min_charms: int = 0, charm_tables_beside: bool = False) -> tuple[Catalog, Style, Request]:
    """A catalog, its one style and a request (`charm_tables_beside`: charm rules are all tables
    over two charms and a clasp, extender or ring, on the necklace, whose three ring slots —
    clasp, extender, charms — each hold a ring the table reads)."""
    style_data = draw(styles())
    shape = style_data["name"]
    if charm_tables_beside and shape != "necklace":
        style_data = draw(styles().filter(lambda s: s["name"] == "necklace"))
        shape = style_data["name"]
    if charm_rules_always and shape == "name":
        style_data = draw(styles().filter(lambda s: s["name"] != "name"))
        shape = style_data["name"]
    # Worlds about charm rules are mostly buildable, so that the rules have pieces to refuse.
    noise = draw(st.sampled_from([0, 0, 10] if charm_rules_always else [0, 10, 30]))
    connector = "clip" if shape == "bracelet" else "dangle"
    parts: list[dict[str, Any]] = []
    parts += [chain(draw, noise, i, shape == "bracelet") for i in range(draw(st.integers(1, 3)))]
    parts += [clasp(draw, noise, i) for i in range(draw(st.integers(0, 2)))]
    parts += [extender(draw, noise, i) for i in range(draw(st.integers(0, 1)))]
    parts += [ring(draw, noise, i) for i in range(draw(st.integers(1, 3)))]
    charm_count = draw(st.integers(min_charms, max_charms))
    parts += [charm(draw, noise, i, connector, shape == "name") for i in range(charm_count)]
    parts += [plating(draw, noise, i) for i in range(draw(st.integers(0, 2)))]
    drawn = [draw(rules(style_data, i)) for i in range(draw(st.integers(0, 1 if charm_rules_always else 3)))]
    if shape != "name" and (charm_rules_always or draw(st.booleans())):  # a style with a multi-charm slot
        drawn += [draw(charm_rules(style_data, i, charm_tables_beside)) for i in range(draw(st.integers(1, 2)))]
    catalog = Catalog.model_validate({"version": 1, "parts": parts, "styles": [style_data], "rules": drawn})
    style = catalog.styles[0]
    sized_for_brute_force(catalog, style)
    return catalog, style, draw(requests(catalog, style))


@st.composite
def requests(draw: st.DrawFn, catalog: Catalog, style: Style) -> Request:
    picks = []
    for slot in style.slots:
        if draw(st.integers(0, 4)) != 0:
            continue
        if slot.kind.value == "option":
            picks.append(SlotPick(slot=slot.name, option=draw(st.sampled_from([v.code for v in slot.values]))))
            continue
        skus = [p.sku for p in catalog.parts_of(slot.kind)]
        if not skus:
            continue
        if slot.multi:
            chosen = draw(st.lists(st.sampled_from(skus), max_size=min(2, slot.max_count), unique=True))
            picks.append(SlotPick(slot=slot.name, skus=tuple(chosen), exact=draw(st.booleans()) and bool(chosen)))
        else:
            picks.append(SlotPick(slot=slot.name, skus=(draw(st.sampled_from(skus)),)))
    has_nameplate_slot = any(s.name == "nameplate" for s in style.slots)
    return Request(
        picks=tuple(picks),
        budget_cents=draw(st.one_of(st.none(), st.sampled_from([1500, 500, 3000]))),
        quantity=draw(st.sampled_from([1, 1, 2])),
        deadline_days=draw(st.one_of(st.none(), st.sampled_from([5, 15]))),
        nickel_free=draw(st.sampled_from([False, False, True])),
        text=draw(st.sampled_from([None, "ANA", "ISABEL"])) if has_nameplate_slot else None,
    )
