"""What a request's picks and exclusions keep of a slot's base classes, and why they drop the rest.

Enumeration compiles a narrowed space per node, and a catalog slot holds thousands of members:
the kept members are found through an index rather than by judging every member, and the
reasons for the dropped ones are written only when an answer asks for them.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from catalog.attributes import filter_admits
from catalog.rules import RuleCode, Violation
from catalog.styles import Slot
from solver.classes import Member, PartClass
from solver.request import Request, SlotPick

Verdicts = Mapping[str, tuple[Violation, ...]]  # sku -> why it is not in the slot's classes
MemberIndex = dict[str, tuple[PartClass, Member]]


def members(geometry: dict[tuple[Any, ...], Any], slot: str, classes: list[PartClass]) -> MemberIndex:
    """sku -> (base class, member), kept with the base."""
    key = ("base-members", slot)
    found = geometry.get(key)
    if found is None:
        found = geometry.setdefault(key, {m.sku: (c, m) for c in classes for m in c.members})
    return found  # type: ignore[no-any-return]


def pick_reasons(part: Any, slot: Slot, pick: SlotPick | None, request: Request) -> tuple[Violation, ...]:
    """What the shopper's own picks and exclusions say against a part."""
    sku = part.sku
    found = []
    if sku in request.exclude:
        found.append(Violation(RuleCode.SELECTION, f"{sku} is excluded", (sku,)))
    if pick:
        for flt in pick.filters:
            if not filter_admits(flt, part):
                found.append(Violation(RuleCode.SELECTION, f"{sku} fails your filter on {flt.attribute}", (sku,)))
        if (_narrows(slot, pick) and sku not in pick.skus) or (pick.exact and not pick.skus):
            shown = pick.skus[0] if pick.skus else "nothing"
            found.append(Violation(RuleCode.SELECTION, f"{shown} is picked for {slot.name}", (sku,)))
    return tuple(found)


def _narrows(slot: Slot, pick: SlotPick) -> bool:
    return bool(pick.skus) and (pick.exact or not slot.multi)


class PickVerdicts(Mapping[str, tuple[Violation, ...]]):
    """The base's verdicts, and for each member the request drops, its pick reasons (made on read)."""

    def __init__(self, base: Verdicts, index: MemberIndex, kept: set[str], slot: Slot, pick: SlotPick | None,
                 request: Request) -> None:
        self._base, self._index, self._kept = base, index, kept
        self._slot, self._pick, self._request = slot, pick, request

    def __getitem__(self, sku: str) -> tuple[Violation, ...]:
        found = self._base.get(sku)
        if found is not None:
            return found
        if sku not in self._index or sku in self._kept:
            raise KeyError(sku)
        return pick_reasons(self._index[sku][1].part, self._slot, self._pick, self._request)

    def __iter__(self) -> Iterator[str]:
        yield from self._base
        yield from (sku for sku in self._index if sku not in self._kept)

    def __len__(self) -> int:
        return len(self._base) + len(self._index) - len(self._kept)


def restrict(classes: list[PartClass], base: Verdicts, slot: Slot, pick: SlotPick | None, request: Request,
             index: MemberIndex) -> tuple[list[PartClass], Verdicts]:
    """The slot's classes under the request (class indices stay the base's) and its verdicts."""
    excluded = {sku for sku in request.exclude if sku in index}
    if pick is None and not excluded:
        return list(classes), base  # nothing of the request reads this slot: shared as it is
    if pick is not None and pick.filters:
        keep = {sku for sku, (_, m) in index.items() if not pick_reasons(m.part, slot, pick, request)}
    elif pick is not None and pick.exact and not pick.skus:
        keep = set()
    elif pick is not None and _narrows(slot, pick):
        keep = {sku for sku in pick.skus if sku in index} - excluded
    elif not excluded:
        return list(classes), base  # a multi slot's pick adds charms and drops none
    else:
        keep = set(index) - excluded  # a multi slot's pick adds charms; only exclusions drop any
    changed: set[int] | None = None  # with few dropped: the classes that lose a member
    if len(keep) * 2 <= len(index):
        # Few kept (a pick): their classes from the index, in base order.
        hit = {index[sku][0].index: index[sku][0] for sku in keep}
        chosen = [hit[i] for i in sorted(hit)]
    else:
        changed = {index[sku][0].index for sku in set(index) - keep}
        chosen = classes
    restricted = []
    for cls in chosen:
        if changed is not None and cls.index not in changed:
            restricted.append(cls)  # every member kept: the same object
            continue
        kept = tuple(m for m in cls.members if m.sku in keep)
        if kept:
            restricted.append(cls if len(kept) == cls.size else PartClass(cls.index, cls.rep, cls.lead, kept))
    return restricted, PickVerdicts(base, index, keep, slot, pick, request)
