"""Walk every hub of a space: finish modes × chain classes × option values that rules read ×
what tables read of the lifted slots (solver.lifting)."""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from typing import Any

from catalog.types import SlotKind
from solver.charm_rules import charm_rules_fit
from solver.deadline import Deadline
from solver.hub import Hub
from solver.hubnet import network, rule_index
from solver.lifting import Lifted, lift_choices, lift_count
from solver.results import CompiledSize
from solver.space import Mode, Space

__all__ = ["Choice", "Deadline", "compiled_size", "hubs", "listed_choices", "option_choices", "option_combo_count",
           "ruled_options"]


LISTED_CHOICES = 4096


def ruled_options(space: Space) -> list[str]:
    """The hub options: option slots a rule ties to a clasp, extender, ring or charm. Every other
    option slot is decided by the compiled rule network (solver.rulenet)."""
    return sorted(rule_index(space).hub_options)


def option_choices(space: Space) -> Iterator[dict[str, str]]:
    """Every combination of values of the hub options (a slot left out when it may be: its rules
    then do not apply). Lazy: the product can be astronomically large, and
    a caller's deadline stops the walk (an incomplete answer, never a MemoryError)."""
    ruled = ruled_options(space)
    choices: list[list[str | None]] = []
    for name in ruled:
        codes: list[str | None] = [code for code, _ in space.option_values[name]]
        if not space.option_required(name):
            codes.append(None)  # left out: its rules do not apply
        choices.append(codes)
    for values in itertools.product(*choices):
        yield {name: v for name, v in zip(ruled, values, strict=True) if v is not None}


def option_combo_count(space: Space) -> int:
    """How many combinations `option_choices` walks."""
    total = 1
    for name in ruled_options(space):
        total *= len(space.option_values[name]) + (0 if space.option_required(name) else 1)
    return total


def hub_choices(space: Space) -> Iterator[tuple[dict[str, str], dict[str, Lifted | None]]]:
    """Every (hub options, lifted values) a hub may fix; lazy, like `option_choices`."""
    for options in option_choices(space):
        for lifted in lift_choices(space):
            yield options, lifted


def choice_count(space: Space) -> int:
    """How many combinations `hub_choices` walks."""
    return option_combo_count(space) * lift_count(space)


def compiled_size(space: Space) -> CompiledSize:
    net = network(space)
    chains = len(space.base_classes.get(space.style.carrier.name, ()))
    return CompiledSize(sum(len(c) for c in space.base_classes.values()),
                        len(space.modes()) * chains * choice_count(space),
                        len(net.variables), net.width, net.table_entries)


def hubs(space: Space, deadline: Deadline, modes: list[Mode] | None = None) -> Iterator[Hub]:
    """`modes`: the finishes to walk, in that order (the space's, by default)."""
    ruled = frozenset(ruled_options(space))
    if not network(space).fits or not charm_rules_fit(space):
        deadline.expired = True  # bags or charm signatures too many to answer: incomplete, never out of memory
        return
    # The choices are the same for every (finish, chain): listed once when there are few (they
    # were regenerated per chain), walked lazily when the product is too large to hold.
    few = listed_choices(space) if choice_count(space) <= LISTED_CHOICES else None
    for mode in space.modes() if modes is None else modes:
        if few is not None:
            yield from _valid_hubs(space, deadline, mode, *few, ruled)
            if deadline.expired:
                return
            continue
        for chain in space.classes[space.style.carrier.name]:
            for chosen, lifted in hub_choices(space):
                if deadline.check():
                    return
                yield Hub(space, chain, mode, chosen, ruled, lifted)


Choice = tuple[dict[str, str], dict[str, Lifted | None]]


def listed_choices(space: Space) -> tuple[list[Choice], tuple[Any, ...]]:
    """Every (hub options, lifted values) a hub may fix, and their key; once per space (the
    caller has checked there are at most LISTED_CHOICES)."""
    found: tuple[list[Choice], tuple[Any, ...]] | None = space.memo.get(("listed-choices",))
    if found is None:
        choices = list(hub_choices(space))
        found = space.memo.setdefault(("listed-choices",), (choices, _listed_key(choices)))
    return found


def _listed_key(choices: list[Choice]) -> tuple[Any, ...]:
    """What hub validity reads of the walk's choices (option values, lifted classes' keys)."""
    return tuple((tuple(sorted(chosen.items())),
                  tuple((slot, None if value is None else value.key) for slot, value in sorted(lifted.items())))
                 for chosen, lifted in choices)


def _valid_hubs(space: Space, deadline: Deadline, mode: Mode, choices: list[Choice], listed_key: tuple[Any, ...],
                ruled: frozenset[str]) -> Iterator[Hub]:
    """The finish's valid hubs. Which they are reads only the chain and plating classes the
    request leaves and the choices (Hub.valid), so the list is kept where hub validity is, under
    the choices' key, and later walks make no hub object for the ~40 % that are invalid (10^4
    charm necklace: 4,347 of 7,334 valid)."""
    memo = space.memo_for(space.style.carrier.name, *(s.name for s in space.slots_of(SlotKind.PLATING)),
                          picks_matter=False)
    chains = space.classes[space.style.carrier.name]
    key = ("valid-hubs", mode.plating.index if mode.plating else ("bare", mode.colour), listed_key)
    listed: list[tuple[int, int]] | None = memo.get(key)  # (position in chains, choice)
    if listed is not None:
        for at, choice in listed:
            if deadline.check():
                return
            chosen, lifted = choices[choice]
            yield Hub(space, chains[at], mode, chosen, ruled, lifted)
        return
    found: list[tuple[int, int]] = []
    for at, chain in enumerate(chains):
        for choice, (chosen, lifted) in enumerate(choices):
            if deadline.check():
                return  # cut short: nothing kept
            hub = Hub(space, chain, mode, chosen, ruled, lifted)
            if hub.valid():
                found.append((at, choice))
                yield hub
    memo.setdefault(key, found)
