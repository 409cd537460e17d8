"""Compile (catalog, style, request) into a configuration space of interchangeable part classes.

Unary rules (stock, MOQ, lead time, nickel, retired, filters, picks, text) are applied once here;
parts that agree on every attribute a rule reads form one class, decided for once and ranked
inside by price (DESIGN §6).
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import numpy as np

from catalog import rules
from catalog.attributes import attribute_value
from catalog.compat import CompatibilityRule
from catalog.model import Catalog
from catalog.rules import RuleCode, Violation
from catalog.styles import Slot, Style
from catalog.types import Colour, SlotKind
from solver.classes import Member as Member  # re-exported: the space speaks of its classes
from solver.classes import PartClass as PartClass
from solver.deadline import STRIDE, Deadline, tick, unbounded
from solver.picks import validate_request
from solver.request import Preferences, Request
from solver.restrict import members, restrict
from solver.unary import unary_member

# The attributes each physical or production rule reads, per kind. Parts that agree on these
# (and on whatever a merchandiser rule reads, and on lead time) are interchangeable.
_FINISH = ("base_metal", "colour", "enamel")
FIT_FIELDS: dict[str, tuple[str, ...]] = {
    # chain_style and a plating's material are read by recommend's preferences.
    "chain": (*_FINISH, "chain_style", "length_mm", "width_mm", "wire_mm", "end_link_inner_mm", "link_inner_mm",
              "max_load_g", "bail_slide", "charm_capacity", "thread_mm"),
    "clasp": (*_FINISH, "magnetic", "loop_inner_mm", "loop_wire_mm", "gate_opening_mm", "max_load_g",
              "length_mm"),
    "extender": (*_FINISH, "length_mm", "link_wire_mm", "end_link_inner_mm"),
    "jump_ring": (*_FINISH, "wire_mm", "inner_diameter_mm", "max_load_g"),
    "charm": (*_FINISH, "connector", "loop_inner_mm", "loop_wire_mm", "bail_inner_mm", "clip_min_width_mm",
              "clip_max_width_mm", "thread_mm", "weight_g", "nameplate", "max_characters"),
    "plating": ("allowed_base_metals", "underlayer", "material"),
}


@dataclass(frozen=True)
class Mode:
    """How the piece is finished: plated with one plating class, or unplated in one colour."""

    plating: PartClass | None
    colour: Colour | None


@dataclass
class Space:
    catalog: Catalog
    style: Style
    request: Request
    rules: tuple[CompatibilityRule, ...]
    classes: dict[str, list[PartClass]]  # per part slot, after unary rules and picks
    rejected: dict[str, Mapping[str, tuple[Violation, ...]]]  # slot -> sku -> why it was dropped
    forced: dict[str, tuple[Member, ...]]  # multi-charm slot -> members the pick requires
    option_values: dict[str, list[tuple[str, int]]]  # option slot -> (code, price)
    ring_of: dict[str, str | None] = field(default_factory=dict)  # joined slot -> its ring slot
    infeasible: list[Violation] = field(default_factory=list)  # picks that cannot hold at all
    memo: dict[tuple[Any, ...], Any] = field(default_factory=dict)  # shared hub work, see Hub._memo
    geometry: dict[tuple[Any, ...], Any] = field(default_factory=dict)  # shared by every pick of a base
    narrowed: Family = field(default_factory=lambda: Family())  # BaseSpace.family
    sizes: dict[str, int] = field(default_factory=dict)  # classes per slot before picks: index bound
    base_classes: dict[str, list[PartClass]] = field(default_factory=dict)  # before picks, for geometry
    as_base: frozenset[str] = frozenset()  # slots nothing of the request reads: their classes are the base's

    def slot(self, name: str) -> Slot:
        return self.style.slot(name)

    def slots_of(self, kind: SlotKind) -> list[Slot]:
        return self.style.slots_of(kind)

    def member_index(self, slot: str) -> dict[str, tuple[PartClass, Member]]:
        """SKU → (its class, itself) for one slot, built once."""
        key = ("members", slot)
        # A slot the request leaves as the base has it shares the base's: a page of assemblies
        # made ~800 narrowed spaces, each building the charm slot's index again (~0.3 ms).
        memo = self.geometry if self.unnarrowed(slot) else self.memo
        index: dict[str, tuple[PartClass, Member]] | None = memo.get(key)
        if index is None:
            found: dict[str, tuple[PartClass, Member]] = {}
            for cls in self.classes.get(slot, []):
                tick(len(cls.members))  # 10^5 members take seconds: a cut leaves nothing half-built
                found.update((m.sku, (cls, m)) for m in cls.members)
            index = memo.setdefault(key, found)
        return index

    def class_members(self, slot: str) -> tuple[list[str], np.ndarray, np.ndarray]:
        """The slot's members class by class: SKUs, their class's index, and their price above
        their class's cheapest member. Built once."""
        key = ("class-members", slot)
        # A slot the request leaves as the base has it shares the base's (a walk of assemblies
        # made ~140 narrowed spaces a page, ~1 ms each for a charm slot at 10^4 parts).
        memo = self.geometry if self.unnarrowed(slot) else self.memo
        found: tuple[list[str], np.ndarray, np.ndarray] | None = memo.get(key)
        if found is None:
            classes = self.classes.get(slot, [])
            skus = [m.sku for cls in classes for m in cls.members]
            at = np.array([cls.index for cls in classes for _ in cls.members], dtype=np.int64)
            above = np.array([m.cost - cls.min_cost for cls in classes for m in cls.members], dtype=float)
            found = memo.setdefault(key, (skus, at, above))
        return found

    def class_member_position(self, slot: str) -> dict[str, int]:
        """SKU -> its place in `class_members`, kept where they are."""
        found: dict[str, int] = self._beside_members(slot, "class-member-position",
                                                     lambda skus: {sku: i for i, sku in enumerate(skus)})
        return found

    def class_member_skus(self, slot: str) -> np.ndarray:
        """`class_members`' SKUs as a numpy string array (compared and sorted as Python compares
        str), kept where they are: enumeration orders a charm slot's thousands by them."""
        found: np.ndarray = self._beside_members(slot, "class-member-skus", lambda skus: np.asarray(skus, dtype=str))
        return found

    def _beside_members(self, slot: str, name: str, build: Callable[[list[str]], Any]) -> Any:
        memo = self.geometry if self.unnarrowed(slot) else self.memo
        found = memo.get((name, slot))
        if found is None:
            found = memo.setdefault((name, slot), build(self.class_members(slot)[0]))
        return found

    def unnarrowed(self, slot: str | None) -> bool:
        """No pick or exclusion narrows this slot: its classes are the base's own objects."""
        if slot is None:
            return True
        if slot in self.as_base:
            return True  # (comparing thousands of charm classes one by one was ~3 % of a page)
        key = ("unnarrowed", slot)
        if key not in self.memo:
            base, mine = self.base_classes.get(slot), self.classes.get(slot)
            self.memo[key] = (base is not None and mine is not None and len(base) == len(mine)
                              and all(a is b for a, b in zip(base, mine, strict=True)))
        return bool(self.memo[key])

    def memo_for(self, *slots: str | None, picks_matter: bool = True) -> dict[tuple[Any, ...], Any]:
        """Where work about these slots is kept: with the base (shared by every request on it)
        when the request leaves them as the base has them, else with every request on the base
        that narrows them alike (`BaseSpace.family`): a click re-reads what the previous click
        built for the slots it did not touch, and options' walks with one pick set aside share
        the work of the others. `picks_matter`: the work also reads the slots' picks (forced
        charms, a required end)."""
        key = ("memo-for", slots, picks_matter)
        found: dict[tuple[Any, ...], Any] | None = self.memo.get(key)
        if found is None:
            if all(self.unnarrowed(s) and (not picks_matter or s is None or self.request.pick(s) is None)
                   for s in slots):
                found = self.geometry
            else:
                narrowing = ("narrowed", picks_matter, *(self._narrowing(s, picks_matter) for s in slots))
                found = self.narrowed.memo(narrowing)
            self.memo[key] = found
        return found

    def _narrowing(self, slot: str | None, picks_matter: bool) -> tuple[Any, ...]:
        """What work on a slot can read of the request: its classes (as picks and exclusions left
        them) and, when it matters, its pick."""
        if slot is None:
            return ()
        key = ("narrowing", slot, picks_matter)  # read for every tuple of slots memo_for is asked
        found: tuple[Any, ...] | None = self.memo.get(key)
        if found is None:
            found = self.memo.setdefault(key, self._narrowing_of(slot, picks_matter))
        return found

    def _narrowing_of(self, slot: str, picks_matter: bool) -> tuple[Any, ...]:
        pick = self.request.pick(slot) if picks_matter else None
        # "base" is not a tuple, so a slot narrowed to nothing (an exact empty pick) never reads
        # as one left as the base has it.
        classes: Any = "base" if self.unnarrowed(slot) else tuple(
            (c.index, tuple(m.sku for m in c.members)) for c in self.classes.get(slot, ()))
        return (slot, pick.model_dump_json() if pick else None, classes)

    def forced_present(self, slot: str) -> bool:
        """A pick puts something in this slot (so it cannot stay empty)."""
        pick = self.request.pick(slot)
        return bool(pick and pick.skus)

    def option_required(self, slot: str) -> bool:
        """An option slot must hold a value: the style requires it or the shopper picked one."""
        pick = self.request.pick(slot)
        return bool(self.style.slot(slot).min_count or (pick and pick.option))

    def modes(self) -> list[Mode]:
        out: list[Mode] = []
        plating_slots = self.slots_of(SlotKind.PLATING)
        if plating_slots:
            out.extend(Mode(cls, None) for cls in self.classes[plating_slots[0].name])
        if not plating_slots or (plating_slots[0].min_count == 0
                                 and not self.forced_present(plating_slots[0].name)):
            out.extend(Mode(None, colour) for colour in Colour)
        return out


def rules_in_force(catalog: Catalog, style: Style, on: date | None) -> tuple[CompatibilityRule, ...]:
    day = on or date.today()
    built_in = rules.built_in_rules(lambda: catalog.parts_of(SlotKind.CHARM), style)  # the nameplate's fonts
    return tuple(r for r in catalog.rules if r.in_force(day) and r.applies_to(style.id)) + built_in


def class_key(part: Any, extra: frozenset[str]) -> tuple[Any, ...]:
    names = sorted({*FIT_FIELDS[part.kind], *(a for a in extra if hasattr(part, a))})
    return tuple(repr(getattr(part, name)) for name in names)


FAMILY_SIZE = 24  # narrowings kept per base: ~150 MB each for an end pick of a 10^4 necklace


class Family:
    """Work on narrowed slots, one memo per narrowing (Space.memo_for), shared by the spaces made
    on one base. Past FAMILY_SIZE narrowings the least recently used is dropped: a page of
    assemblies makes hundreds of narrowings (one per prefix), and starting afresh each time
    the family filled dropped the request's own, which every prefix reads again (at 10^4, half
    of a page's charm unit tables were rebuilt so).

    A dropped memo lives on in the spaces that read it. Memo keys that hold id() of an object
    kept in another memo stay sound because every such entry keeps that object alive too (an
    id is never reused while its object lives)."""

    def __init__(self, size: int | None = None) -> None:
        self._size = FAMILY_SIZE if size is None else size  # read when made: tests shrink it
        self._memos: OrderedDict[tuple[Any, ...], dict[tuple[Any, ...], Any]] = OrderedDict()
        self._lock = threading.Lock()  # requests run in threads: the order and the size change together

    def memo(self, narrowing: tuple[Any, ...]) -> dict[tuple[Any, ...], Any]:
        with self._lock:
            found = self._memos.get(narrowing)
            if found is None:
                found = self._memos[narrowing] = {}
                while len(self._memos) > self._size:
                    self._memos.popitem(last=False)
            else:
                self._memos.move_to_end(narrowing)
            return found

    def __len__(self) -> int:
        return len(self._memos)


@dataclass
class BaseSpace:
    """The part of a compiled space that no pick changes: classes after the request-wide unary
    rules, with stable indices, and the pure-geometry work hubs memoise on them."""

    classes: dict[str, list[PartClass]]
    rejected: dict[str, dict[str, tuple[Violation, ...]]]
    geometry: dict[tuple[Any, ...], Any] = field(default_factory=dict)
    rules: tuple[CompatibilityRule, ...] = ()  # in force when compiled (what a successor compares)
    ruled: frozenset[str] = frozenset()  # attributes those rules read: part of every class key
    family: Family = field(default_factory=Family)  # work on narrowed slots, by narrowing


def base_request(request: Request) -> Request:
    """The request without what only restricts classes (picks, exclusions) or ranks (budget)."""
    return request.model_copy(update={"picks": (), "exclude": (), "budget_cents": None,
                                      "preferences": Preferences()})


def ruled_attributes(in_force: tuple[CompatibilityRule, ...]) -> frozenset[str]:
    return frozenset(ref.attribute for r in in_force for ref in r.columns)  # every column of a wide table


def compile_base(catalog: Catalog, style: Style, request: Request, deadline: Deadline | None = None,
                 keep: dict[str, tuple[list[PartClass], dict[str, tuple[Violation, ...]]]] | None = None) -> BaseSpace:
    """`deadline`: one step per part; raises `Cut` when spent (nothing half-built is returned).
    `keep`: slots whose classes and verdicts are taken as they are (solver.reuse proved them
    unchanged), so their objects and indices stay those of an earlier version's base."""
    deadline = deadline or unbounded()
    physics = catalog.physics
    in_force = rules_in_force(catalog, style, request.on_date)
    ruled = ruled_attributes(in_force)  # every column, counting rules too
    classes: dict[str, list[PartClass]] = {}
    rejected: dict[str, dict[str, tuple[Violation, ...]]] = {}
    for slot in style.slots:
        if slot.kind is SlotKind.OPTION:
            continue
        if keep and slot.name in keep:
            classes[slot.name], rejected[slot.name] = keep[slot.name]
            continue
        kept: list[tuple[Member, int]] = []
        dropped: dict[str, tuple[Violation, ...]] = {}
        parts = catalog.parts_of(slot.kind)
        for i, part in enumerate(parts):
            if i % STRIDE == 0:
                deadline.spend(min(STRIDE, len(parts) - i))
            got = unary_member(part, slot, request, physics)
            if isinstance(got[0], Member):
                kept.append((got[0], int(got[1])))
            else:
                dropped[part.sku] = got
        groups: dict[tuple[Any, ...], list[tuple[Member, int]]] = {}
        for member, lead in kept:
            # Lead time separates parts only when a deadline can tell them apart.
            timed = lead if request.deadline_days is not None else 0
            groups.setdefault((timed, *class_key(member.part, ruled)), []).append((member, lead))
        built = []
        for i, group in enumerate(sorted(groups.values(), key=lambda g: min((m.cost, m.sku) for m, _ in g))):
            members = tuple(sorted((m for m, _ in group), key=lambda m: (m.cost, m.sku)))
            built.append(PartClass(i, members[0].part, max(lead for _, lead in group), members))
        classes[slot.name] = built
        rejected[slot.name] = dropped
    return BaseSpace(classes, rejected, rules=in_force, ruled=ruled)


def compile_space(catalog: Catalog, style: Style, request: Request, base: BaseSpace | None = None,
                  deadline: Deadline | None = None) -> Space:
    """Apply every unary rule and group the survivors into classes, slot by slot; picks then
    keep only the members they allow (class indices stay those of the base). `deadline`: one
    step per class; raises `Cut` when spent."""
    deadline = deadline or unbounded()
    validate_request(style, request, catalog)
    if base is None:
        base = compile_base(catalog, style, base_request(request), deadline)
    in_force = rules_in_force(catalog, style, request.on_date)
    classes: dict[str, list[PartClass]] = {}
    rejected: dict[str, Mapping[str, tuple[Violation, ...]]] = {}
    forced: dict[str, tuple[Member, ...]] = {}
    options: dict[str, list[tuple[str, int]]] = {}
    infeasible: list[Violation] = []
    as_base: set[str] = set()
    for slot in style.slots:
        pick = request.pick(slot.name)
        if slot.kind is SlotKind.OPTION:
            values = [(v.code, v.price.amount_cents) for v in slot.values]
            if pick and pick.option:
                values = [v for v in values if v[0] == pick.option]
            options[slot.name] = values
            continue
        deadline.spend(len(base.classes[slot.name]))
        index = members(base.geometry, slot.name, base.classes[slot.name])
        restricted, dropped = restrict(base.classes[slot.name], base.rejected[slot.name], slot, pick, request, index)
        # The picked SKUs the request keeps, through the index (a multi slot keeps thousands).
        kept = {s: index[s][1] for s in pick.skus if s in index and s not in dropped} if pick else {}
        if pick and pick.skus:
            for sku in pick.skus:
                if sku not in kept:
                    infeasible.extend(dropped.get(sku) or (
                        Violation(RuleCode.SELECTION, f"{sku} is not a {slot.kind.value}", (sku,)),))
        if pick and pick.skus and slot.kind is SlotKind.CHARM:
            # Picked charms must be in the piece; a multi slot may still take more.
            forced[slot.name] = tuple(kept[s] for s in pick.skus if s in kept)
        classes[slot.name] = restricted
        rejected[slot.name] = dropped
        if dropped is base.rejected[slot.name]:  # restrict() read nothing of the request here
            as_base.add(slot.name)
    ring_of: dict[str, str | None] = {}
    for join in style.joins:
        other = join.b if join.a == style.carrier.name else join.a
        ring_of[other] = join.ring
    space = Space(catalog, style, request, in_force, classes, rejected, forced, options, ring_of, infeasible)
    space.geometry = base.geometry
    space.narrowed = base.family
    space.base_classes = base.classes
    space.sizes = {name: len(found) for name, found in base.classes.items()}
    space.as_base = frozenset(as_base)
    return space


def attr(part: Any, attribute: str) -> Any:
    return attribute_value(part, attribute)
