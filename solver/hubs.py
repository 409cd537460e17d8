"""Walk every hub of a space: finish modes × chain classes × option values that rules read."""

from __future__ import annotations

import itertools
import time
from collections.abc import Iterator

from catalog.types import SlotKind
from solver.hub import Hub
from solver.space import Space


class Deadline:
    """A wall-clock budget for one operation; `expired` turns an answer incomplete."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.start = time.monotonic()
        self.expired = False

    def check(self) -> bool:
        if time.monotonic() - self.start > self.seconds:
            self.expired = True
        return self.expired

    def remaining(self) -> float:
        return max(0.0, self.seconds - (time.monotonic() - self.start))


def ruled_options(space: Space) -> list[str]:
    slots = {s.name for s in space.slots_of(SlotKind.OPTION)}
    out = []
    for rule in space.rules:
        for ref in (rule.left, rule.right):
            if ref.kind is SlotKind.OPTION and ref.option_slot in slots and ref.option_slot not in out:
                out.append(ref.option_slot)
    return out


def option_choices(space: Space) -> list[dict[str, str]]:
    """Every combination of values of the option slots that rules read (a slot left out when
    it may be: its rules then do not apply)."""
    ruled = ruled_options(space)
    choices: list[list[str | None]] = []
    for name in ruled:
        codes: list[str | None] = [code for code, _ in space.option_values[name]]
        if not space.option_required(name):
            codes.append(None)  # left out: its rules do not apply
        choices.append(codes)
    return [{name: v for name, v in zip(ruled, values, strict=True) if v is not None}
            for values in itertools.product(*choices)]


def hubs(space: Space, deadline: Deadline | None = None) -> Iterator[Hub]:
    ruled = frozenset(ruled_options(space))
    combos = option_choices(space)
    for mode in space.modes():
        for chain in space.classes[space.style.carrier.name]:
            for chosen in combos:
                if deadline is not None and deadline.check():
                    return
                yield Hub(space, chain, mode, chosen, ruled)
