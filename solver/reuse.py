"""A new catalog version reuses the previous version's compiled work for what the edit cannot
have changed (issue 8: an edit live within a second).

Exact by construction: a base space is a function of the style, the physics, the request, the
rules in force and the parts of each kind its slots hold. A style whose inputs are all equal
keeps its whole base (classes, geometry, unit and charm tables). Otherwise each slot whose own
inputs are equal keeps its classes (same objects, same indices), and memoised work is carried
only when every slot it reads kept its classes (and the rules are equal, for work that reads
them); work keyed by another entry's identity is carried only with that entry. Anything else —
and anything not listed here — is rebuilt.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from catalog.model import Catalog
from catalog.styles import Style
from catalog.types import SlotKind
from solver.deadline import Deadline
from solver.ends import heaviest_of
from solver.request import Request
from solver.space import BaseSpace, compile_base, ruled_attributes, rules_in_force

# Work read from the classes of the named slots only (pure geometry, class tables).
_GEOMETRY = frozenset({"end-geometry", "unit-geometry", "weights", "ring-loads", "class-table", "heaviest-hung"})
# Work that also reads the rules in force (finish admission, units, end options, the network).
_RULED = frozenset({"admit-mask", "classes", "units", "ends", "rule-index", "rule-network"})


def same_parts(old: Catalog, new: Catalog, kind: SlotKind) -> bool:
    """The parts of a kind are equal, in the same order (an edit keeps the other parts' objects,
    so this is mostly an identity check)."""
    before, after = old.parts_of(kind), new.parts_of(kind)
    return len(before) == len(after) and all(a is b or a == b for a, b in zip(before, after, strict=True))


def successor_base(base: BaseSpace, old: Catalog, new: Catalog, style_id: str, plain: str,
                   deadline: Deadline | None = None) -> tuple[BaseSpace, bool] | None:
    """The base of `style_id` under request `plain` on version `new`, from `base` (the same on
    version `old`): (base, whole) where `whole` says nothing changed, or None when nothing can be
    kept (another style definition, physics or currency)."""
    try:
        style = new.style(style_id)
    except KeyError:
        return None
    if style != old.style(style_id) or new.physics != old.physics or new.currency != old.currency:
        return None
    request = Request.model_validate_json(plain)
    rules = rules_in_force(new, style, request.on_date)
    same_rules = rules == base.rules
    kinds = {slot.kind for slot in style.slots if slot.kind is not SlotKind.OPTION}
    equal = {kind: same_parts(old, new, kind) for kind in kinds}
    if same_rules and all(equal.values()):
        return base, True
    if ruled_attributes(rules) != base.ruled:
        return None  # class keys read other attributes: every class may differ
    kept = {slot.name for slot in style.slots if slot.kind is not SlotKind.OPTION and equal[slot.kind]}
    fresh = compile_base(new, style, request, deadline,
                         keep={name: (base.classes[name], base.rejected[name]) for name in kept})
    # End options read the charms only through the heaviest possible load: a charm edit that
    # leaves it as it was (a price, a retired charm that was not the heaviest) keeps them.
    load_same = base.geometry.get(("heaviest-hung",)) == heaviest_of(style, fresh.classes)
    fresh.geometry.update(carried(base.geometry, style, kept, same_rules, load_same))
    return fresh, False


def carried(geometry: dict[tuple[Any, ...], Any], style: Style, kept: set[str],
            same_rules: bool, load_same: bool = False) -> dict[tuple[Any, ...], Any]:
    """The memoised entries that read only slots in `kept` (and, for some, the rules).
    `load_same`: the heaviest hung load is unchanged, so end options do not read the charms."""
    reads = _reads(style, load_same)
    # A copy, made in one step (dict.copy runs no Python code, so no other thread runs meanwhile):
    # the previous version keeps adding to its memo while this runs (its warm-up and requests on
    # it, in other threads), and walking the live dict raised "dictionary changed size during
    # iteration" on a busy server (an edit's impact failed, and the new version's warm-up died).
    entries = geometry.copy().items()
    index = next((v for k, v in entries if k[0] == "rule-index"), None)
    if getattr(index, "lifted", None) or getattr(index, "lifted_slots", None):
        # Lifted tables key admission by other slots' lifted classes: work that reads the rules
        # may read any slot, so only pure geometry is carried.
        same_rules = False
    out: dict[tuple[Any, ...], Any] = {}
    for key, value in entries:
        name = key[0]
        if name in _GEOMETRY or (same_rules and name in _RULED):
            if reads(key) <= kept:
                out[key] = value
    # Entries keyed by the identity of others: only with those others (then the ids still name them).
    for name, ids in _BY_IDENTITY:
        alive = {id(v) for v in out.values()}
        for key, value in entries:
            if key[0] == name and same_rules and all(i in alive for i in ids(key)):
                out[key] = value
    return out


def _reads(style: Style, load_same: bool) -> Callable[[tuple[Any, ...]], set[str]]:
    ring_of = {(j.b if j.a == style.carrier.name else j.a): j.ring for j in style.joins}
    plating = {s.name for s in style.slots_of(SlotKind.PLATING)}
    charms = {n for s in style.slots_of(SlotKind.CHARM) for n in (s.name, ring_of.get(s.name)) if n}

    def with_ring(slot: str) -> set[str]:
        ring = ring_of.get(slot)
        return {slot, ring} if ring else {slot}

    def reads(key: tuple[Any, ...]) -> set[str]:
        name = key[0]
        if name in ("end-geometry", "unit-geometry"):
            return with_ring(key[1])
        if name in ("weights", "class-table", "ring-loads"):
            return {key[1]}
        if name == "heaviest-hung":
            return set() if load_same else charms
        if name in ("admit-mask", "classes"):
            return {key[1]} | plating
        if name == "units":
            return with_ring(key[1]) | plating
        if name == "ends":  # the end, its ring, the finish, and the heaviest charms (load limits)
            ends = {n for s in style.slots_of(key[1]) for n in with_ring(s.name)}
            return ends | plating | (set() if load_same else charms)
        return set()  # rule-index, rule-network: the rules and the style only

    return reads


def _ids(*positions: int) -> Callable[[tuple[Any, ...]], list[int]]:
    def ids(key: tuple[Any, ...]) -> list[int]:
        out: list[int] = []
        for p in positions:
            out.extend(key[p] if isinstance(key[p], tuple) else (key[p],))
        return out
    return ids


# In dependency order: (name, the key positions holding ids of other entries). state: ("state",
# slot, id(units)); plan and charm-ways: (name, ids of states, capacity); pairs: ("pairs",
# id(clasps), id(extenders), ...); end-ways: (name, id(clasps), id(extenders), id(pairs), ids of states, ...).
_BY_IDENTITY: tuple[tuple[str, Callable[[tuple[Any, ...]], list[int]]], ...] = (
    ("state", _ids(2)), ("plan", _ids(1)), ("charm-ways", _ids(1)), ("pairs", _ids(1, 2)),
    ("end-ways", _ids(1, 2, 3, 4)),
)
