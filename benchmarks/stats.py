"""Percentiles, checks of peer answers against ours, and the verdicts on DESIGN §6's targets."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from benchmarks.runner import Call, Cell

INF = math.inf


def percentile(values: list[float], q: float) -> float:
    """Nearest rank (a cut call counts as +inf, so a p95 over it reads 'more than the bound')."""
    if not values:
        return math.nan
    ordered = sorted(values)
    return ordered[max(0, math.ceil(q * len(ordered)) - 1)]


def ran(cell: Cell) -> list[Call]:
    return [c for c in cell.calls if c.error != "not run"]


def times(cell: Cell, only: set[int] | None = None) -> list[float]:
    return [INF if c.seconds is None else c.seconds for c in ran(cell) if only is None or c.index in only]


def agree(op: str, ours: Any, peer: Any) -> bool | None:
    """True: equal answers; False: a mismatch; None: nothing to compare."""
    if ours is None or peer is None:
        return None
    if op == "options":
        available = ours["available"]
        return all(available[slot] == peer.get(slot, frozenset()) for slot in available)
    if op == "count":
        return bool(ours == peer)
    if op == "recommend":
        return (not ours and peer is None) or (bool(ours) and ours[0] == peer)
    if op == "explain":
        ours_sat, ours_conflict = ours
        peer_sat, peer_core = peer
        if ours_sat != peer_sat:
            return False
        # Feasibility only grows as requirements are dropped: a superset of our (minimal, exact)
        # conflict is a conflict too. Another minimal conflict would be left unverified.
        return True if ours_sat else (set(ours_conflict) <= set(peer_core) or None)
    return None


@dataclass
class Verified:
    checked: int = 0
    equal: int = 0
    mismatches: list[int] | None = None
    unverified: int = 0

    @property
    def ok(self) -> bool:
        return self.checked > 0 and not self.mismatches


def verify(op: str, ours: Cell | None, peer: Cell) -> Verified:
    out = Verified(mismatches=[])
    by_index = {c.index: c for c in ours.calls} if ours else {}
    for call in peer.calls:
        if call.seconds is None or call.error is not None or not call.complete:
            continue
        mine = by_index.get(call.index)
        if mine is None or mine.seconds is None or mine.error is not None or not mine.complete:
            out.unverified += 1
            continue
        verdict = agree(op, mine.value, call.value)
        if verdict is None:
            out.unverified += 1
        elif verdict:
            out.checked += 1
            out.equal += 1
        else:
            out.checked += 1
            assert out.mismatches is not None
            out.mismatches.append(call.index)
    return out


def verified_indices(op: str, ours: Cell | None, peer: Cell) -> set[int]:
    by_index = {c.index: c for c in ours.calls} if ours else {}
    good = set()
    for call in peer.calls:
        mine = by_index.get(call.index)
        if (call.seconds is not None and call.error is None and call.complete and mine is not None
                and mine.seconds is not None and mine.complete and agree(op, mine.value, call.value)):
            good.add(call.index)
    return good


def fmt_s(value: float, bound: float | None = None) -> str:
    if math.isnan(value):
        return "—"
    if math.isinf(value):
        return f"> {bound:.0f} s" if bound else "cut"
    if value < 1:
        return f"{value * 1000:.0f} ms" if value >= 0.01 else f"{value * 1000:.1f} ms"
    return f"{value:.2f} s"


def loglog_slope(points: list[tuple[float, float]]) -> float | None:
    """Least-squares exponent of y ~ x^k (memory against catalog size)."""
    pts = [(math.log(x), math.log(y)) for x, y in points if x > 0 and y > 0]
    if len(pts) < 2:
        return None
    mx = sum(p[0] for p in pts) / len(pts)
    my = sum(p[1] for p in pts) / len(pts)
    den = sum((p[0] - mx) ** 2 for p in pts)
    return sum((p[0] - mx) * (p[1] - my) for p in pts) / den if den else None
