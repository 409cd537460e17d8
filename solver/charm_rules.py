"""Counting rules and charm × charm tables as *signatures* of a piece's charm multiset.

Both read only which charms a piece holds (one item per charm per slot it sits in). A charm's
*type* is what they read of it: which counting rules' rows it matches, and its values in each
table's charm columns; charms no such rule reads are untracked. A piece's *signature* is its
count of charms per tracked type, truncated at the largest multiplicity a rule needs of that
type (count + 1 for at_most, count for at_least, the number of charm columns for a table).
Truncation loses nothing: a sum of truncated counts passes a threshold exactly when the true sum
does, and a table combines at most as many charms of one type as it has charm columns. So a
piece's validity under these rules is a function of its signature, and the charm slots' dynamic
programmes (solver.charms, solver.charm_signatures) carry the signature as one more axis.

A table's other columns read what the hub fixes: the chain, the plating, option values, and the
clasp, extender and ring slots it lifts for the table (solver.lifting). check() combines the
charms with every item of those columns, so a signature passes when it breaks the table beside
no combination of distinct items: beside every ring slot present, not only the charms' own.

The signatures are the vectors of truncated counts whose sum stays within the style's charm
slots; past `MAX_SIGNATURES` the space answers incomplete (never out of memory).
"""

from __future__ import annotations

import itertools
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from catalog.attributes import attribute_value
from catalog.compat import CompatibilityRule
from catalog.types import SlotKind
from solver.hubnet import _per_base, rule_index
from solver.space import Space

MAX_SIGNATURES = 4096
MAX_TABLE_ENTRIES = 1 << 23  # signatures × charm counts × weights in one exact-count table
NEUTRAL = -1  # an untracked charm: adding it leaves the signature as it is
Sides = list[tuple[tuple[str, str], Any]]  # (item, value) for each item a column reads of the hub


class TooManySignatures(Exception):
    """An exact-count table with signatures would not fit: the count says incomplete."""


@dataclass
class CharmRules:
    """The style's charm rules compiled over the base's charm classes (once per base and rules)."""

    rules: tuple[CompatibilityRule, ...]
    values: list[tuple[tuple[Any, ...] | None, ...]]  # per tracked type: its values in each table's charm
    # columns (None: the table cannot refuse a combination with it)
    matches: np.ndarray  # [counting rule, type]: the type's values are a row
    caps: np.ndarray  # [type]
    digits: np.ndarray  # [signature, type]: truncated counts
    type_of: dict[str, np.ndarray]  # charm slot -> type per base class index (NEUTRAL: untracked)
    fits: bool
    most: int = 0  # charms a piece can hold at most, over every charm slot
    _index: dict[tuple[int, ...], int] = field(default_factory=dict)
    _plus: dict[tuple[int, int], np.ndarray] = field(default_factory=dict)
    _join: dict[int, np.ndarray] = field(default_factory=dict)
    _valid: dict[tuple[Any, ...], np.ndarray] = field(default_factory=dict)

    @property
    def size(self) -> int:
        return len(self.digits)

    @property
    def types(self) -> int:
        return len(self.caps)

    @property
    def empty(self) -> int:
        return 0  # the all-zero signature is enumerated first

    def at(self, digits: tuple[int, ...]) -> int:
        return self._index[digits]

    def start(self, types: list[int]) -> int:
        """The signature of a set of charms given by their types."""
        counts = Counter(t for t in types if t != NEUTRAL)
        digits = tuple(min(counts.get(t, 0), int(self.caps[t])) for t in range(self.types))
        return self._index.get(digits, self.empty if sum(digits) == 0 else -1)

    def plus(self, t: int, j: int = 1) -> np.ndarray:
        """Per signature, the signature after `j` more charms of type `t` (-1 where that leaves the
        enumerated signatures: only signatures no piece reaches, which hold no ways and no front)."""
        key = (t, j)
        found = self._plus.get(key)
        if found is None:
            if t == NEUTRAL or j == 0:
                found = np.arange(self.size, dtype=np.int64)
            else:
                moved = self.digits.copy()
                moved[:, t] = np.minimum(moved[:, t] + j, self.caps[t])
                found = np.array([self._index.get(tuple(row), -1) for row in moved.tolist()], dtype=np.int64)
            found = self._plus.setdefault(key, found)
        return found

    def join(self, other: int) -> np.ndarray:
        """Per signature, its union with signature `other` (two slots' charms together)."""
        found = self._join.get(other)
        if found is None:
            moved = np.minimum(self.digits + self.digits[other], self.caps)
            found = self._join.setdefault(other, np.array([self._index.get(tuple(row), -1) for row in moved.tolist()],
                                                          dtype=np.int64))
        return found

    def valid(self, context: tuple[Any, ...], sides: list[Sides]) -> np.ndarray:
        """Which signatures pass every rule, the tables' other columns reading `sides` (per column
        in `anchors()` order, the hub's items there: its chain, plating, option values and lifted
        clasp, extender and ring slots); `context` is their hashable key."""
        found = self._valid.get(context)
        if found is None:
            found = self._valid.setdefault(context, self._validity(sides))
        return found

    def anchors(self) -> list[Any]:
        """The tables' columns other than charms (chain, plating, option, lifted kinds), in order."""
        return [c for r in self.rules if not r.counts for c in r.columns if c.kind is not SlotKind.CHARM]

    def _validity(self, anchor_sides: list[Sides]) -> np.ndarray:
        ok = np.ones(self.size, dtype=bool)
        counting = [r for r in self.rules if r.counts]
        for i, rule in enumerate(counting):
            total = self.digits[:, self.matches[i]].sum(axis=1)
            count = int(rule.count or 0)
            ok &= total <= count if rule.mode == "at_most" else total >= count
        given = iter(anchor_sides)
        for table_at, rule in enumerate(r for r in self.rules if not r.counts):
            sides = [next(given) for c in rule.columns if c.kind is not SlotKind.CHARM]
            for anchors in _combinations(sides):
                for need in _violating(rule, table_at, anchors, self.values):
                    ok &= ~(self.digits >= need).all(axis=1)
        return ok


def _combinations(sides: list[Sides]) -> list[list[Any]]:
    """The value combinations the table's other columns take, as check() forms them: one item per
    column, no item twice (two ring columns pair two ring slots, never one with itself). A column
    with no item (an empty slot, an option left out) leaves none: the table does not apply. The
    charm columns are combined with each, so the charms must pass beside every ring present."""
    found: dict[str, list[Any]] = {}
    for combination in itertools.product(*sides):
        items = [item for item, _ in combination]
        if len(set(items)) == len(items):
            values = [value for _, value in combination]
            found.setdefault(repr(values), values)
    return list(found.values())


def _read(rule: CompatibilityRule, charm: Any) -> tuple[Any, ...] | None:
    """A charm's values in a table's charm columns; None when no combination with it can be
    refused: in a forbidden table, none of its values is in a row at its column."""
    at = [i for i, c in enumerate(rule.columns) if c.kind is SlotKind.CHARM]
    values = tuple(attribute_value(charm, rule.columns[i].attribute) for i in at)
    if rule.mode == "forbidden" and not any(rule._row_index[i].rows_with(v) for i, v in zip(at, values, strict=True)):
        return None
    return values


def _violating(rule: CompatibilityRule, table_at: int, anchors: list[Any],
               values: list[tuple[tuple[Any, ...] | None, ...]]) -> list[np.ndarray]:
    """The type multisets (as count vectors) that fill the table's charm columns with a refused
    combination. Distinct items, so a type used twice needs two charms of it."""
    width = sum(1 for c in rule.columns if c.kind is SlotKind.CHARM)
    found: dict[tuple[int, ...], np.ndarray] = {}
    read = [t for t in range(len(values)) if values[t][table_at] is not None]
    for chosen in itertools.product(read, repeat=width):
        charms = iter(values[t][table_at][j] for j, t in enumerate(chosen))  # type: ignore[index]
        given = iter(anchors)
        combined = [next(charms) if c.kind is SlotKind.CHARM else next(given) for c in rule.columns]
        if not rule.permits(*combined):
            need = np.zeros(len(values), dtype=np.int64)
            for t in chosen:
                need[t] += 1
            found.setdefault(tuple(need.tolist()), need)
    return list(found.values())


def charm_rules(space: Space) -> CharmRules | None:
    """The space's charm rules, compiled once per base; None when it has none."""
    if not rule_index(space).charms:
        return None
    found: CharmRules = _per_base(space, "charm-rules", lambda: compile_charm_rules(space))
    return found


def charm_rules_fit(space: Space) -> bool:
    found = charm_rules(space)
    return found is None or found.fits


def compile_charm_rules(space: Space) -> CharmRules:
    rules = rule_index(space).charms
    counting = [r for r in rules if r.counts and not (r.mode == "at_least" and not r.count)]  # ≥ 0: always
    tables = [r for r in rules if not r.counts]
    rules = tuple(counting) + tuple(tables)
    slots = [s for s in space.style.slots_of(SlotKind.CHARM)]
    keys: dict[str, int] = {}
    values: list[tuple[tuple[Any, ...] | None, ...]] = []
    matched: list[tuple[bool, ...]] = []
    type_of: dict[str, np.ndarray] = {}
    for slot in slots:
        classes = space.base_classes.get(slot.name, [])
        types = np.full(len(classes), NEUTRAL, dtype=np.int64)
        for cls in classes:
            hits = tuple(r.matches(*(attribute_value(cls.rep, c.attribute) for c in r.columns)) for r in counting)
            read = tuple(_read(r, cls.rep) for r in tables)
            if not any(hits) and all(found is None for found in read):
                continue  # no rule reads it: untracked
            key = repr((hits, read))
            if key not in keys:
                keys[key] = len(values)
                values.append(read)
                matched.append(hits)
            types[cls.index] = keys[key]
        type_of[slot.name] = types
    caps = np.zeros(len(values), dtype=np.int64)
    for t, hits in enumerate(matched):
        needs = [int(r.count or 0) + (r.mode == "at_most") for r, hit in zip(counting, hits, strict=True) if hit]
        pairs = zip(tables, values[t], strict=True)
        needs += [sum(1 for c in r.columns if c.kind is SlotKind.CHARM) for r, found in pairs if found is not None]
        caps[t] = max(needs, default=0)
    matches = np.array([[hits[i] for hits in matched] for i in range(len(counting))], dtype=bool).reshape(
        len(counting), len(values))
    most = sum(s.max_count for s in slots)
    fits = _signature_count(caps.tolist(), most) <= MAX_SIGNATURES
    rows = _signatures(caps.tolist(), most) if fits else [(0,) * len(values)]
    digits = np.array(rows, dtype=np.int64).reshape(len(rows), len(values))
    made = CharmRules(rules, values, matches, caps, digits, type_of, fits, most)
    made._index.update({tuple(row): i for i, row in enumerate(digits.tolist())})
    return made


def _signature_count(caps: list[int], most: int) -> int:
    """How many count vectors (each entry ≤ its cap) sum to at most `most`."""
    ways = [1] + [0] * most
    for cap in caps:
        ways = [sum(ways[s - j] for j in range(0, min(cap, s) + 1)) for s in range(most + 1)]
        if sum(ways) > MAX_SIGNATURES:
            return sum(ways)
    return sum(ways)


def _signatures(caps: list[int], most: int) -> list[tuple[int, ...]]:
    out: list[tuple[int, ...]] = [()]
    for cap in caps:
        out = [(*row, j) for row in out for j in range(cap + 1) if sum(row) + j <= most]
    out.sort(key=lambda row: (sum(row), row))  # the empty signature first
    return out


def hub_context(rules: CharmRules, sides_of: Callable[[Any], Sides]) -> tuple[tuple[Any, ...], list[Sides]]:
    """The items a hub gives the tables' other columns (lifted slots included, so hubs that differ
    only in a lifted ring share nothing wrongly), and their hashable key."""
    sides = [sides_of(c) for c in rules.anchors()]
    return tuple(repr(side) for side in sides), sides
