"""The peers on the same spaces, small catalogs only (the full comparison is benchmarks.compare)."""

from __future__ import annotations

from typing import Any

import pytest

from benchmarks.peers import asp, naive_cpsat, pyconstraint
from benchmarks.selections import catalog_of, selections

BOUND_S = 60.0


@pytest.mark.parametrize("peer", ["clingo", "cpsat-naive", "python-constraint"])
def test_options_peer(benchmark: Any, peer: str) -> None:
    size = 100 if peer == "python-constraint" else 1_000
    catalog = catalog_of(size)
    sel = selections(catalog, 1)[0]
    style = catalog.style(sel.style_id)
    run = {"clingo": asp.options, "cpsat-naive": naive_cpsat.options, "python-constraint": pyconstraint.options}[peer]
    answer = benchmark.pedantic(run, args=(catalog, style, sel.request, BOUND_S), rounds=1, iterations=1)
    benchmark.extra_info.update(selection=sel.label(), parts=size, complete=answer.complete, note=answer.note)
