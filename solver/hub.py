"""One hub of the configuration space: a chain class, a finish mode and the ruled option values.

Given the hub, the rest of the piece splits into independent components — the ends (clasp,
extender and their rings) and each charm slot with its ring — that meet only through sums:
the hung weight against the chain's and the clasp's load, and the charm count against the
chain's capacity. Everything here is exact; classes stand for their interchangeable members.
"""

from __future__ import annotations

import itertools
from functools import cached_property
from typing import Any

import numpy as np

from catalog import rules
from catalog.types import SlotKind
from solver.canonical import canonical, fingerprint
from solver.ends import NO_ENDS, UNLIMITED, EndOption, EndTable, end_geometry, end_options
from solver.hubnet import Unfixed, hub_answer, rule_index
from solver.lifting import Lifted, class_keys
from solver.rulenet import LIFTABLE, RuleIndex
from solver.rulenet_eval import NetAnswer
from solver.space import Mode, PartClass, Space, attr
from solver.units import Unit, UnitSet, centigrams, hub_units, unit_geometry

__all__ = ["INF", "UNLIMITED", "EndOption", "EndTable", "Hub", "Unit", "UnitSet", "centigrams"]

INF = float("inf")

GEOMETRY_KEYS = frozenset({"end-geometry", "end-geometry-fits", "unit-geometry", "admit-mask"})


class Hub:
    def __init__(self, space: Space, chain: PartClass, mode: Mode, options: dict[str, str],
                 ruled: frozenset[str] = frozenset(), lifted: dict[str, Lifted | None] | None = None) -> None:
        self.space = space
        self.ruled = ruled  # option slots whose value this hub fixes (absent if not in `options`)
        self.chain = chain
        self.mode = mode
        self.options = options
        # Lifted slots (solver.lifting): what the tables see of each one's part, or None (empty).
        self.lifted = lifted or {}
        # Keys of work this hub shares with others: they read only the hub's chain class, finish,
        # options and lifted values (never a pick), so every walk of every request on the base
        # reuses them (a walk at 10^4 made ~250,000 of them).
        mode_id = self.mode.plating.index if self.mode.plating else ("bare", self.mode.colour)
        lifted_id = tuple((s, None if v is None else v.key) for s, v in sorted(self.lifted.items()))
        self.options_key = tuple(sorted(options.items()))
        self._slot_keys: dict[Any, Any] = space.geometry.setdefault(
            ("hub-keys", chain.index, mode_id, self.options_key, lifted_id), {})
        self.physics = space.catalog.physics
        self.labour = space.style.labour_per_joint.amount_cents
        self.deadline = space.request.deadline_days

    # --- what the hub admits ------------------------------------------------------------------

    def admits(self, cls: PartClass, kind: SlotKind) -> bool:
        """Mode (plating or colour and metal), lead time with plating, and hub rules."""
        part = cls.rep
        plating = self.mode.plating
        if plating is not None:
            if rules.plating_allowed(plating.rep, part, self.physics) or rules.platable(part):
                return False
            if self.deadline is not None and cls.lead + plating.lead > self.deadline:
                return False
        else:
            chain = self.chain.rep
            if part.colour is not self.mode.colour or part.base_metal is not chain.base_metal:
                return False
        return self._rules_admit(part, kind)

    def _rules_admit(self, part: Any, kind: SlotKind) -> bool:
        """Rules over parts of this one kind and what the hub fixes (chain, plating, hub options,
        lifted slots)."""
        for rule in self.rules.by_part_kind.get(kind, ()):
            values = [attr(part, c.attribute) if c.kind is kind else self._hub_value(c) for c in rule.columns]
            if all(v is not _NONE for v in values) and not rule.permits(*values):
                return False
        for rule in self.rules.lifted_filters.get(kind, ()):
            # The part is its own item (the table reads its kind once): combined with every item
            # the other columns read of what the hub fixes.
            sides = [[(("part", ""), attr(part, c.attribute))] if c.kind is kind else self._sides(c)
                     for c in rule.columns]
            if not _all_permit(rule, sides):
                return False
        return True

    def _sides(self, ref: Any) -> list[tuple[tuple[str, str], Any]]:
        """(item, value) for every item a column reads of what the hub fixes, as check() pairs
        them: an item is a slot (one part each) or an option slot's value."""
        if ref.kind in LIFTABLE:
            out: list[tuple[tuple[str, str], Any]] = []
            for slot in self.space.slots_of(ref.kind):
                fixed = self.lifted.get(slot.name)
                if fixed is not None:
                    out.append((("slot", slot.name), fixed.value(ref.attribute)))
            return out
        value = self._hub_value(ref)
        if value is _NONE:
            return []
        item = ("option", ref.option_slot or "") if ref.kind is SlotKind.OPTION else (ref.kind.value, "")
        return [(item, value)]

    def holds(self, slot: str | None) -> bool:
        """The hub fixes a part in this lifted slot: it must not stay empty."""
        return slot is not None and self.lifted.get(slot) is not None

    def _hub_value(self, ref: Any) -> Any:
        if ref.kind is SlotKind.CHAIN:
            return attr(self.chain.rep, ref.attribute)
        if ref.kind is SlotKind.PLATING:
            return attr(self.mode.plating.rep, ref.attribute) if self.mode.plating else _NONE
        if ref.kind is SlotKind.OPTION:
            return self.options.get(ref.option_slot or "", _NONE)
        return _NONE

    def valid(self) -> bool:
        """The hub's chain, finish, hub options and lifted values pass every rule among them.
        Asked by the walk's pruning and again by the solve: found once per hub."""
        found = self.__dict__.get("_valid")
        if found is None:
            found = self.__dict__["_valid"] = self._valid_in_memo()
        return found

    def keyed(self, name: tuple[Any, ...], build: Any) -> Any:
        """A key this hub builds from its slot keys (which no pick changes), made once per hub of
        the base: a walk asks a dozen per hub, and building them again was a tenth of a walk
        whose tables were all made already."""
        found = self._slot_keys.get(name)  # beside the slot keys (slot names are strings)
        if found is None:
            found = self._slot_keys[name] = build()
        return found

    def _valid_in_memo(self) -> bool:
        # Hubs that differ only in lifted values share the rest; lifted tables read only what
        # `admit_key` holds (mode, chain attributes the rules read, hub options) and lifted values.
        # Kept with every request that narrows the chain and the plating alike (Space.memo_for):
        # no other pick changes a hub's validity, and remaking it cost each walk ~0.2 s at 10^4.
        memo = self.space.memo.get(("hub-valid-memo",))
        if memo is None:  # the same for every hub of the space: found once
            memo = self.space.memo.setdefault(("hub-valid-memo",), self.space.memo_for(
                self.space.style.carrier.name, *(s.name for s in self.space.slots_of(SlotKind.PLATING)),
                picks_matter=False))
        mode = self.mode.plating.index if self.mode.plating else self.mode.colour
        key = ("hub-valid", self.chain.index, mode, self.options_key)
        found = memo.get(key)
        if found is None:
            found = memo.setdefault(key, self._valid())
        if not found or not self.rules.lifted:
            return bool(found)
        lifted = ("lifted-valid", self.admit_key, tuple(self._lifted_of(s) for s in self.rules.lifted_slots))
        decided = memo.get(lifted)
        if decided is None:
            decided = memo.setdefault(lifted, all(
                _all_permit(rule, [self._sides(c) for c in rule.columns]) for rule in self.rules.lifted))
        return bool(decided)

    def _valid(self) -> bool:
        chain = self.chain.rep
        if self.mode.plating is None and chain.colour is not self.mode.colour:
            return False
        if self.mode.plating is not None and not self.admits(self.chain, SlotKind.CHAIN):
            return False
        # Rules among the chain, the plating and the hub options; the network decides the rest
        # of the option slots. A rule that reads one slot twice never fires (check() pairs no
        # part with itself).
        for rule in self.rules.hub:
            values = [self._hub_value(c) for c in rule.columns]
            if all(v is not _NONE for v in values) and not rule.permits(*values):
                return False
        return True  # lifted tables: valid(); the rule network's feasibility: the walk (Hub.net)

    @cached_property
    def rules(self) -> RuleIndex:
        return rule_index(self.space)

    @cached_property
    def net(self) -> NetAnswer:
        """The option slots' rule network under this hub's chain, plating and hub options."""
        return hub_answer(self.space, self._hub_value)

    @property
    def admit_key(self) -> tuple[Any, ...]:
        """What `admits` reads of the hub: hubs with equal keys admit the same classes."""
        known = self._slot_keys.get(None)  # kept beside the slot keys (None is no slot's name)
        if known is None:
            mode = ("plated", self.mode.plating.index) if self.mode.plating else ("bare", self.mode.colour)
            chain = self.chain.rep
            bare_metal = (chain.base_metal, chain.colour) if self.mode.plating is None else None
            ruled = tuple(repr(attr(chain, name)) for name in self.rules.chain_attributes)
            known = self._slot_keys[None] = (mode, bare_metal, ruled, tuple(sorted(self.options.items())))
        return known

    def _lifted_of(self, slot: str) -> Any:
        fixed = self.lifted.get(slot)
        return None if fixed is None else fixed.key

    def slot_key(self, slot: str | None) -> tuple[Any, ...]:
        """What the hub's admitted classes of one slot depend on: `admit_key`, the slot's lifted
        value, and the lifted values that tables filtering the slot's kind read."""
        if slot is None:
            return ()
        known = self._slot_keys.get(slot)
        if known is None:
            kind = self.space.slot(slot).kind
            own = ("lifted", self._lifted_of(slot)) if slot in self.lifted else ()
            known = self._slot_keys[slot] = (self.admit_key, own, self._filter_key(kind))
        return known

    def mask_key(self, slot: str | None) -> bytes:
        """The slot's admitted classes, as the key of tables built from them alone (end options,
        charm units, floors). Hubs of other finishes and chains admit the same classes far more
        often than their slot keys agree (10^4 charm necklace: 318 slot keys, 13 masks per slot),
        so those tables are built once for all of them."""
        if slot is None:
            return b""
        found: bytes = self.keyed(("mask", slot), lambda: np.packbits(self.admit_mask(slot)).tobytes())
        return found

    def _filter_key(self, kind: SlotKind) -> tuple[Any, ...]:
        """The lifted values the tables filtering this kind read (only those kinds' slots)."""
        read = self.rules.filter_reads.get(kind)
        if not read:
            return ()
        return tuple(self._lifted_of(s) for s in self.rules.lifted_slots if self.space.slot(s).kind in read)

    def _memo(self, key: tuple[Any, ...], build: Any, slots: tuple[str | None, ...] | None = None,
              picks_matter: bool = True) -> Any:
        # Chains that share geometry, metal and mode share these answers: compute them once.
        # Pure geometry (keyed by class index, read from class representatives) outlives picks,
        # and so does work on slots no pick narrows (`slots`).
        if key[0] in GEOMETRY_KEYS:
            memo = self.space.geometry
        else:
            memo = self.space.memo if slots is None else self.space.memo_for(*slots, picks_matter=picks_matter)
        found = memo.get(key)
        if found is None:
            # setdefault: threads that built the same entry at once all use the first one, so
            # entries keyed by id() of another never point at an object that was dropped.
            found = memo.setdefault(key, build())
        return found

    def classes(self, slot: str) -> list[PartClass]:
        def build() -> list[PartClass]:
            mask = self.admit_mask(slot)
            return [c for c in self.space.classes[slot] if mask[c.index]]

        found: list[PartClass] = self._memo(("classes", slot, self.mask_key(slot)), build, (slot,),
                                            picks_matter=False)
        return found

    @cached_property
    def chain_load(self) -> int:
        return centigrams(self.chain.rep.max_load_g)

    @cached_property
    def capacity(self) -> int:
        return int(self.chain.rep.charm_capacity)

    # --- the ends: clasp and extender with their rings -----------------------------------------

    def end_options(self, kind: SlotKind) -> EndTable:
        return self._memo(self.ends_key(kind), lambda: self._end_options(kind), self.end_slots(kind))  # type: ignore[no-any-return]

    def ends_key(self, kind: SlotKind) -> tuple[Any, ...]:
        """What _end_options reads: the admitted classes of the end and its ring, whether a lifted
        part must be there, and the chain's end link."""
        found: tuple[Any, ...] = self.keyed(("ends", kind), lambda: (
            "ends", kind, tuple(self.mask_key(s) for s in self.end_slots(kind)),
            tuple(self.holds(s) for s in self.end_slots(kind)), self._end_geometry_key(kind)))
        return found

    def _end_geometry_key(self, kind: SlotKind) -> tuple[Any, ...]:
        """The end geometry's canonical key (`canonical`): chains whose end links admit the same
        (end, ring) pairs share end tables."""
        slots = self.space.slots_of(kind)
        if not slots:
            return ()
        chain = self.chain.rep
        key = ("end-geometry", slots[0].name, chain.end_link_inner_mm, chain.wire_mm)
        return canonical(self.space.geometry, key, lambda: fingerprint(self._end_geometry(slots[0].name, kind)))

    def end_slots(self, kind: SlotKind) -> tuple[str | None, ...]:
        """The end slot of this kind and its ring slot (empty when the style has none)."""
        found: tuple[str | None, ...] | None = self.space.memo.get(("end-slots", kind))
        if found is None:  # read a dozen times per hub: made once per space
            found = self.space.memo.setdefault(("end-slots", kind), tuple(
                n for s in self.space.slots_of(kind) for n in (s.name, self.space.ring_of.get(s.name))))
        return found

    def charm_slots_with_rings(self) -> tuple[str | None, ...]:
        found: tuple[str | None, ...] | None = self.space.memo.get(("charm-slots-with-rings",))
        if found is None:
            found = self.space.memo.setdefault(("charm-slots-with-rings",), tuple(
                n for s in self.charm_slots() for n in (s, self.space.ring_of.get(s))))
        return found

    def _end_options(self, kind: SlotKind) -> EndTable:
        slots = self.space.slots_of(kind)
        if not slots:
            return NO_ENDS
        slot = slots[0]
        ring_slot = self.space.ring_of.get(slot.name)
        may_be_empty = slot.min_count == 0 and not self.space.forced_present(slot.name) and not (
            ring_slot and self.space.forced_present(ring_slot)) and not (
            self.holds(slot.name) or self.holds(ring_slot))  # a lifted part must be there
        return end_options(self.space, slot.name, self.classes(slot.name), self._end_geometry(slot.name, kind),
                           self.admit_mask(ring_slot) if ring_slot else None, may_be_empty, self.labour)

    def _end_geometry(self, slot: str, kind: SlotKind) -> np.ndarray:
        """fits[end class, ring class] at this chain's end link. Pure geometry, so it is shared
        by every finish mode and every pick of the base space."""
        chain = self.chain.rep
        return self._memo(("end-geometry", slot, chain.end_link_inner_mm, chain.wire_mm),  # type: ignore[no-any-return]
                          lambda: end_geometry(self.space, slot, kind, chain))

    def end_rules_admit(self, clasp: Any, extender: Any) -> bool:
        """Rules over a clasp and an extender (and what the hub fixes)."""
        for rule in self.rules.ends:
            values = [attr(clasp, c.attribute) if c.kind is SlotKind.CLASP else
                      attr(extender, c.attribute) if c.kind is SlotKind.EXTENDER else self._hub_value(c)
                      for c in rule.columns]
            if all(v is not _NONE for v in values) and not rule.permits(*values):
                return False
        return True

    # --- charms --------------------------------------------------------------------------------

    def charm_slots(self) -> list[str]:
        return [s.name for s in self.space.slots_of(SlotKind.CHARM)]

    def units(self, slot: str) -> UnitSet:
        """Every (charm class, ring class) that mounts on this chain in this hub."""
        return self._memo(self.units_key(slot), lambda: self._units(slot), (slot, self.space.ring_of.get(slot)),  # type: ignore[no-any-return]
                          picks_matter=False)

    def units_key(self, slot: str) -> tuple[Any, ...]:
        """What _units reads: the admitted classes of the slot and its ring, and the geometry."""
        found: tuple[Any, ...] = self.keyed(("units", slot), lambda: (
            "units", slot, self.mask_key(slot), self.mask_key(self.space.ring_of.get(slot)),
            canonical(self.space.geometry, self._unit_geometry_key(slot),
                      lambda: fingerprint(*vars(self._unit_geometry(slot)).values()))))
        return found

    def _units(self, slot: str) -> UnitSet:
        ring_slot = self.space.ring_of.get(slot)
        return hub_units(self.space, slot, self._unit_geometry(slot), self.admit_mask(slot),
                         self.admit_mask(ring_slot) if ring_slot else None, self.labour)

    def admit_mask(self, slot: str) -> np.ndarray:
        """`admits` over the slot's base classes: what this hub's finish and rules allow, before
        picks (so it is shared by every request on the base)."""
        kind = self.space.slot(slot).kind

        def build() -> np.ndarray:
            mask = np.array([self.admits(c, kind) for c in self.space.base_classes[slot]], dtype=bool)
            if slot in self.lifted:
                # A lifted slot holds a class the tables see as the hub's value, or nothing.
                fixed = self.lifted[slot]
                keys = class_keys(self.space, slot)
                mask &= np.array([fixed is not None and k == fixed.key for k in keys], dtype=bool)
            return mask

        return self._memo(("admit-mask", slot, self.slot_key(slot)), build)  # type: ignore[no-any-return]

    def _unit_geometry(self, slot: str) -> Any:
        """(charm class, ring class or -1, weight) that mount on this chain, finish aside."""
        return self._memo(self._unit_geometry_key(slot),
                          lambda: unit_geometry(self.space, slot, self.chain.rep, self.chain_load))

    def _unit_geometry_key(self, slot: str) -> tuple[Any, ...]:
        c = self.chain.rep
        return ("unit-geometry", slot, c.link_inner_mm, c.wire_mm, c.max_load_g, c.width_mm, c.bail_slide,
                c.charm_capacity > 0, c.thread_mm)


_NONE: Any = Unfixed


def _all_permit(rule: Any, sides: list[list[tuple[tuple[str, str], Any]]]) -> bool:
    """`check`'s meaning: every combination of one item per column, no item twice, passes."""
    for combination in itertools.product(*sides):
        items = [item for item, _ in combination]
        if len(set(items)) == len(items) and not rule.permits(*(value for _, value in combination)):
            return False
    return True
