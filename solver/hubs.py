"""The hubs of a space: finish modes × chain classes × option values that rules read × what
tables read of the lifted slots (solver.lifting). solver.roster lists the valid ones as arrays,
solver.walk prices them all at once."""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from typing import Any

from solver.deadline import Deadline
from solver.hubnet import network, rule_index
from solver.lifting import Lifted, lift_choices, lift_count
from solver.results import CompiledSize
from solver.space import Space

__all__ = ["Choice", "Deadline", "compiled_size", "listed_choices", "option_choices", "option_combo_count",
           "ruled_options"]


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


Choice = tuple[dict[str, str], dict[str, Lifted | None]]


def listed_choices(space: Space) -> tuple[list[Choice], tuple[Any, ...]]:
    """Every (hub options, lifted values) a hub may fix, and their key; once per space (the
    caller has checked they are few enough: solver.walk.listable)."""
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
