"""Where the rule network meets the physical space: compiled once per base space, masked once
per request, evaluated once per request for every hub context its walk can meet (the chain,
plating and hub-option values its context rules read), in one batch."""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable
from typing import Any

import numpy as np

from catalog.compat import AttributeRef
from catalog.types import SlotKind
from solver.rulenet import RuleIndex, RuleNetwork, compile_network, factor_table, index_rules
from solver.rulenet_eval import NetAnswer, evaluate_batch
from solver.rulenet_passes import select
from solver.space import Space, attr

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


def context_key(space: Space, value_of: HubValue) -> tuple[str, ...]:
    """What `hub_answer` reads of a hub: hubs with equal keys get the same answer."""
    return _key(tuple(value_of(ref) for ref in network(space).context))


def _key(values: tuple[Any, ...]) -> tuple[str, ...]:
    return tuple(repr(v) for v in values)


# Past this many contexts foreseen, a request answers each context its walk meets alone: a batch
# of contexts no hub is valid under would cost more than it shares.
MAX_FORESEEN = 64


def _answer_batch(space: Space, net: RuleNetwork, values: tuple[Any, ...]) -> None:
    """Answer, in one batch, every context the request's hub walk can meet (one numpy pass then
    serves them all, and a subtree that reads no context is computed once); a context not
    foreseen is answered alone."""
    foreseen = _foreseen(space, net)
    if _key(values) in foreseen:
        contexts = [c for k, c in foreseen.items() if ("rule-network-answer", k) not in space.memo]
    else:
        contexts = [values]
    keys = tuple(_key(c) for c in contexts)
    tables = space.geometry.get(("rule-network-batch-tables", id(net), keys))
    if tables is None:  # looked up once per batch of contexts: a table per factor and context
        tables = space.geometry.setdefault(("rule-network-batch-tables", id(net), keys), [
            [_table(space, net, i, tuple(context[net.context.index(ref)] for ref in f.context))
             for i, f in enumerate(net.factors)] for context in contexts])
    # The base keeps the passes of its first batch (most often the empty selection's, over every
    # context): a later request over some of those contexts takes their rows and recombines only
    # the bags its picks reach on the way up. One batch per network, so the base holds one
    # network-sized set of tables however many different batches its requests ask for.
    first_key = ("rule-network-first-pass", id(net))
    reuse = None
    first = space.geometry.get(first_key)
    if first is not None and set(keys) <= set(first[0]):
        rows = [first[0].index(k) for k in keys]
        reuse = first[1] if rows == list(range(len(first[0]))) else [select(p, rows) for p in first[1]]
    answers = evaluate_batch(net, request_masks(space), tables, reuse)
    space.geometry.setdefault(first_key, (keys, answers[0].passes))
    for context, answer in zip(contexts, answers, strict=True):
        space.memo.setdefault(("rule-network-answer", _key(context)), answer)


def _foreseen(space: Space, net: RuleNetwork) -> dict[tuple[str, ...], tuple[Any, ...]]:
    """The contexts hubs of this space can hold, by key: per reference the values `Hub` reads
    there (its chain classes' attribute, its modes' plating's, a hub option's codes), Unfixed
    where a hub may hold nothing. A superset of what the walk meets (not every hub is valid);
    empty past MAX_FORESEEN or for a reference of another kind."""
    per_ref: list[list[Any]] = []
    for ref in net.context:
        if ref.kind is SlotKind.CHAIN:
            values = [attr(c.rep, ref.attribute) for c in space.classes.get(space.style.carrier.name, ())]
        elif ref.kind is SlotKind.PLATING:
            values = [attr(m.plating.rep, ref.attribute) if m.plating else Unfixed for m in space.modes()]
        elif ref.kind is SlotKind.OPTION and ref.option_slot in space.option_values:
            name = ref.option_slot
            values = [code for code, _ in space.option_values[name]]
            values += [] if space.option_required(name) else [Unfixed]
        else:
            return {}
        per_ref.append(list({repr(v): v for v in values}.values()))
    if math.prod(len(v) for v in per_ref) > MAX_FORESEEN:
        return {}
    return {_key(c): c for c in itertools.product(*per_ref)}


def _table(space: Space, net: RuleNetwork, index: int, context: tuple[Any, ...]) -> np.ndarray:
    """A factor's table under one context: shared by every request and hub with that context."""
    key = ("rule-network-table", id(net), index, tuple(repr(v) for v in context))
    found = space.geometry.get(key)
    if found is None:
        found = space.geometry.setdefault(key, factor_table(net, net.factors[index], context, Unfixed))
    return found  # type: ignore[no-any-return]
