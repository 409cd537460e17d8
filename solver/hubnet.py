"""Where the rule network meets the physical space: compiled once per base space, masked once
per request, evaluated once per hub context (the chain, plating and hub-option values its
context rules read)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from catalog.compat import AttributeRef
from solver.rulenet import RuleIndex, RuleNetwork, compile_network, factor_table, index_rules
from solver.rulenet_eval import NetAnswer, evaluate_batch
from solver.rulenet_passes import Pass, bag_allowed, stack_passes
from solver.space import Space

# What a hub answers for a reference it does not fix (a plating in a bare piece, a left-out option).
Unfixed = object()
HubValue = Callable[[AttributeRef], Any]


def network(space: Space) -> RuleNetwork:
    """The style's compiled network under the rules in force; shared by every request on the base."""
    found: RuleNetwork = _per_base(space, "rule-network", lambda: compile_network(space.style, space.rules))
    return found


def rule_index(space: Space) -> RuleIndex:
    """The rules in force, sorted by who decides them; shared by every request on the base."""
    found: RuleIndex = _per_base(space, "rule-index", lambda: index_rules(space.style, space.rules))
    return found


def _per_base(space: Space, name: str, build: Callable[[], Any]) -> Any:
    # Kept with the base under the rules in force (a request on another date may have others),
    # and remembered on the request's own space so the hot path skips building that key.
    found = space.memo.get((name,))
    if found is None:
        key = (name, tuple(r.id for r in space.rules))
        found = space.geometry.get(key)
        if found is None:
            found = space.geometry.setdefault(key, build())
        space.memo[(name,)] = found
    return found


def request_masks(space: Space) -> list[np.ndarray]:
    """Which values each network slot may take under the request: its picks, and whether it may
    be left out (the style requires it, the shopper picked a value, or picked it left out)."""
    key = ("rule-network-masks",)
    found = space.memo.get(key)
    if found is None:
        masks = []
        for var in network(space).variables:
            offered = {code for code, _ in space.option_values[var.slot]}
            left_out = [not space.option_required(var.slot)] if var.optional else []
            mask = np.array([*left_out, *(c in offered for c in var.codes)], dtype=bool)
            pick = space.request.pick(var.slot)
            if pick is not None and pick.exact and not pick.option:
                mask[var.offset:] = False  # picked as left out (enumeration's prefixes do this)
            masks.append(mask)
        found = space.memo.setdefault(key, masks)
    return found  # type: ignore[no-any-return]


def hub_answer(space: Space, value_of: HubValue | None) -> NetAnswer:
    """The network's answer under one hub's context; `value_of=None` drops the context (every rule
    with a context column then does not apply: a lower bound on every hub's option cost)."""
    net = network(space)
    values = tuple(Unfixed if value_of is None else value_of(ref) for ref in net.context)
    key = ("rule-network-answer", _key(values))
    found = space.memo.get(key)
    if found is None:
        _answer_batch(space, net, values)
        found = space.memo[key]
    return found  # type: ignore[no-any-return]


def _key(values: tuple[Any, ...]) -> tuple[str, ...]:
    return tuple(repr(v) for v in values)


def _answer_batch(space: Space, net: RuleNetwork, values: tuple[Any, ...]) -> None:
    """Answer, in one batch, every context an earlier request on the base met (a hub walk meets
    the same ones request after request: one numpy pass then serves them all, and a subtree that
    reads no context is computed once). A context not met before is answered alone."""
    met: dict[tuple[str, ...], tuple[Any, ...]] = _per_base(space, "rule-network-contexts", dict)
    if _key(values) in met:
        contexts = [c for c in met.values() if ("rule-network-answer", _key(c)) not in space.memo]
    else:
        contexts = [met.setdefault(_key(values), values)]
    tables = [[_table(space, net, i, tuple(context[net.context.index(ref)] for ref in f.context))
               for i, f in enumerate(net.factors)] for context in contexts]
    # The first answer under these contexts (most often the empty selection's) is kept with the
    # base: a later request recombines only the bags its picks reach on the way up.
    first_key = ("rule-network-first-pass", id(net), tuple(_key(c) for c in contexts))
    reuse = space.geometry.get(first_key)
    if reuse is None and len(contexts) > 1:
        reuse = _stacked(space, net, contexts, tables)
        if reuse is not None:
            space.geometry.setdefault(first_key, reuse)
    answers = evaluate_batch(net, request_masks(space), tables, reuse)
    space.geometry.setdefault(first_key, answers[0].passes)
    for context, answer in zip(contexts, answers, strict=True):
        space.memo.setdefault(("rule-network-answer", _key(context)), answer)


def _stacked(space: Space, net: RuleNetwork, contexts: list[tuple[Any, ...]],
             tables: list[list[np.ndarray]]) -> list[Pass] | None:
    """The first passes of the contexts answered alone (by the base's first request), joined
    into the batch's; they are dropped from the base, the batch's pass standing for them."""
    singles = [space.geometry.get(("rule-network-first-pass", id(net), (_key(c),))) for c in contexts]
    if any(s is None for s in singles):
        return None
    found: list[Pass] = []
    for at, component in enumerate(net.components):
        stacked = stack_passes(component, [s[at] for s in singles if s is not None],
                               bag_allowed(net, component, tables))
        if stacked is None:
            return None
        found.append(stacked)
    for context in contexts:
        space.geometry.pop(("rule-network-first-pass", id(net), (_key(context),)), None)
    return found


def _table(space: Space, net: RuleNetwork, index: int, context: tuple[Any, ...]) -> np.ndarray:
    """A factor's table under one context: shared by every request and hub with that context."""
    key = ("rule-network-table", id(net), index, tuple(repr(v) for v in context))
    found = space.geometry.get(key)
    if found is None:
        found = space.geometry.setdefault(key, factor_table(net, net.factors[index], context, Unfixed))
    return found  # type: ignore[no-any-return]
