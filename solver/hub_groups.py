"""Hubs that share their ends and charms: within one space, hubs whose tables are built from the
same admitted classes and geometry get the same end options, pair table and charm plan.

`structure_id` names that group once per hub of the base (it reads nothing a pick changes), so
a walk finds a hub's tables with one lookup and does the work they need once per group, kept
with the narrowing of the group's slots (`group_at`): the 10^4 charm necklace's empty selection
has 4,347 valid hubs in 1,325 groups.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from weakref import WeakValueDictionary

import numpy as np

from catalog.types import SlotKind
from solver.charms import CharmPlan, charm_context, charm_plan, charms_impossible, slot_states
from solver.end_pairs import EndPairs, end_pair_table
from solver.hub import INF, EndTable, Hub, Unit
from solver.space import Space

MISSING: Any = object()
# What one walk keeps: the offers already made (solver.hubsolve.group_offers), the network's
# lowest base per context;
# id(charm plan) -> load limit -> best (base + ends) so far, and ("ends", pairs, plan, load) ->
# the lowest base whose end offers were made.
Envelopes = dict[Any, Any]


def structure_id(hub: Hub) -> int:
    """Equal for hubs whose end options, pair table and charm plan are the same objects in any
    space of the base (they are memoised under keys made of these parts)."""
    found: int = hub.keyed(("structure",), lambda: _interned(hub, _structure(hub)))
    return found


def _structure(hub: Hub) -> tuple[Any, ...]:
    chain = hub.chain.rep
    context = charm_context(hub)
    ruled = hub.admit_key if hub.rules.ends else None  # clasp × extender rules read the hub (end_pairs)
    charms = tuple((hub.units_key(name), hub.holds(hub.space.ring_of.get(name))) for name in hub.charm_slots())
    return (hub.ends_key(SlotKind.CLASP), hub.ends_key(SlotKind.EXTENDER), chain.wire_mm, chain.length_mm,
            hub.chain_load, ruled, charms, hub.capacity, context and context[0])


def _interned(hub: Hub, structure: tuple[Any, ...]) -> int:
    ids, counter = hub.space.geometry.setdefault(("structure-ids",), ({}, itertools.count()))
    found: int = ids.setdefault(structure, next(counter))  # atomic steps: threads may race here
    return found


def group_slots(space: Space) -> tuple[str | None, ...]:
    """The slots a group's ends and charms read: the ends, the charms, and their rings (the
    ends' as Hub.end_slots has them, then Hub.charm_slots_with_rings)."""
    found: tuple[str | None, ...] | None = space.memo.get(("group-slots",))
    if found is None:
        kinds = (SlotKind.CLASP, SlotKind.EXTENDER, SlotKind.CHARM)
        found = space.memo.setdefault(("group-slots",), tuple(
            n for kind in kinds for s in space.slots_of(kind) for n in (s.name, space.ring_of.get(s.name))))
    return found


def group_of(hub: Hub) -> EndsAndCharms | None:
    """The hub's group's ends and charms (`ends_and_charms`)."""
    return group_at(hub.space, structure_id(hub), lambda: hub)


def group_at(space: Space, structure: int, hub: Callable[[], Hub]) -> EndsAndCharms | None:
    """The ends and charms of the group `structure` names (`hub()`: one of its hubs, made only
    when they are not known), kept with every request that narrows and picks the ends, the
    charms and their rings alike: a click on the chain, the plating or an option re-reads every
    group the previous click found."""
    memo = space.memo_for(*group_slots(space))
    key = ("ends-and-charms", structure)
    found = memo.get(key, MISSING)
    if found is MISSING:
        found = memo.setdefault(key, ends_and_charms(hub()))
    return found  # type: ignore[no-any-return]


def options_open(space: Space) -> bool:
    """No required option slot is left without a value (else no hub holds a piece)."""
    found: bool | None = space.memo.get(("options-open",))
    if found is None:
        found = space.memo.setdefault(("options-open",), not any(
            not values and space.option_required(name) for name, values in space.option_values.items()))
    return found


@dataclass(frozen=True)
class EndsAndCharms:
    """What every hub of one group (solver.hub_groups) finds alike: its end options, their pair
    table, its charm plan, the charms' best under each of the pairs' load limits, and the
    cheapest ends and charms together."""

    clasps: EndTable
    extenders: EndTable
    pairs: EndPairs
    plan: CharmPlan
    charm_best: list[tuple[float, tuple[Unit, ...]]]
    charm_cost: np.ndarray
    best: float


def end_tables(hub: Hub) -> tuple[EndTable, EndTable, EndPairs] | None:
    """The hub's clasp and extender options and their pairs; None when either has no option."""
    clasps = hub.end_options(SlotKind.CLASP)
    extenders = hub.end_options(SlotKind.EXTENDER)
    if not clasps or not extenders:
        return None
    return clasps, extenders, end_pairs(hub, clasps, extenders)


def ends_and_charms(hub: Hub) -> EndsAndCharms | None:
    """None: the hub holds no piece (no end options, or no ends and charms that fit together)."""
    if charms_impossible(slot_states(hub), hub.capacity):
        return None
    tables = end_tables(hub)
    if tables is None:
        return None
    clasps, extenders, pairs = tables
    plan = charm_plan(hub)
    # The load path differs per (clasp, extender): the charms' best under each limit a pair has,
    # kept by the plan per distinct limits.
    charm_best, charm_cost = plan.best_under(pairs.values)
    best = float((pairs.best_at + charm_cost).min(initial=INF))
    if not np.isfinite(best):
        return None
    return EndsAndCharms(clasps, extenders, pairs, plan, charm_best, charm_cost, best)


def end_pairs(hub: Hub, clasps: EndTable, extenders: EndTable) -> EndPairs:
    """Clasp option i with extender option j, summarised per load limit (solver.end_pairs.EndPairs)."""
    chain = hub.chain.rep
    # End tables are shared by every hub admitting the same classes; rules over a clasp and an
    # extender also read what the hub fixes (chain, plating, options), so then that joins the key.
    ruled = hub.admit_key if hub.rules.ends else None
    key = ("pairs", id(clasps), id(extenders), chain.wire_mm, chain.length_mm, hub.chain_load, ruled)

    def build() -> EndPairs:
        # The fit is the parts' (gate, wires, lengths, rules), not their rings': decide it once
        # per pair of part classes, then spread it over the options (one per ring load limit).
        if hub.rules.ends:
            fits = _part_fits(hub, clasps.parts, extenders.parts)
        else:  # geometry alone: shared by every hub, finish and narrowing with these classes
            fits = hub._memo(("end-geometry-fits", clasps.parts_key, extenders.parts_key, chain.wire_mm,
                              chain.length_mm), lambda: _part_fits(hub, clasps.parts, extenders.parts))
        # Chains of other lengths often fit the same pairs: the table is a function of the fits,
        # the two tables and the chain's load, so they share one (a narrowed walk at 10^4 made
        # ~3,000 tables, half of them equal to another).
        same = ("pairs-of-fits", id(clasps), id(extenders), hub.chain_load, fits.shape, fits.tobytes())
        return hub._memo(same, lambda: _shared_pairs(hub, fits, clasps, extenders), slots)  # type: ignore[no-any-return]

    # Kept where the options are kept, so that keys holding id(pairs) never outlive them.
    slots = hub.end_slots(SlotKind.CLASP) + hub.end_slots(SlotKind.EXTENDER)
    return hub._memo(key, build, slots)  # type: ignore[no-any-return]


def _shared_pairs(hub: Hub, fits: np.ndarray, clasps: EndTable, extenders: EndTable) -> EndPairs:
    """The pair table of these fits and tables, shared by every narrowing whose tables hold the
    same options while one of them keeps it (weakly held here: nothing outlives its narrowings)."""
    shared: WeakValueDictionary[tuple[Any, ...], EndPairs] | None = hub.space.geometry.get(("pairs-by-content",))
    if shared is None:
        shared = hub.space.geometry.setdefault(("pairs-by-content",), WeakValueDictionary())
    key = (clasps.pairs_key, extenders.pairs_key, hub.chain_load, fits.shape, fits.tobytes())
    found = shared.get(key)
    if found is None:
        found = shared.setdefault(key, end_pair_table(fits, clasps.at, extenders.at, clasps, extenders, hub.chain_load))
    return found


def _part_fits(hub: Hub, clasps: list[Any], extenders: list[Any]) -> np.ndarray:
    """fits[i, j]: clasp class i (or none) closes on extender class j (or the chain) within the
    style's length and the clasp-extender rules."""
    chain = hub.chain.rep
    style = hub.space.style
    gate = np.array([c.rep.gate_opening_mm if c else np.inf for c in clasps])
    clasp_length = np.array([c.rep.length_mm if c else 0.0 for c in clasps])
    wire = np.array([e.rep.link_wire_mm if e else chain.wire_mm for e in extenders])
    extender_length = np.array([e.rep.length_mm if e else 0.0 for e in extenders])
    hooks = wire[None, :] + hub.physics.gate_clearance_mm <= gate[:, None] + 1e-9
    # A magnetic clasp has no gate: it closes on its mating half, never on an extender.
    magnetic = np.array([c is not None and c.rep.magnetic for c in clasps], dtype=bool)
    hooks = np.where(magnetic[:, None], np.array([e is None for e in extenders])[None, :], hooks)
    length = chain.length_mm + clasp_length[:, None] + extender_length[None, :]
    fits: np.ndarray = hooks & (length >= style.min_length_mm - 1e-9) & (length <= style.max_length_mm + 1e-9)
    if hub.rules.ends:
        for i, clasp in enumerate(clasps):
            for j, extender in enumerate(extenders):
                if fits[i, j] and clasp and extender:
                    fits[i, j] = hub.end_rules_admit(clasp.rep, extender.rep)
    return fits
