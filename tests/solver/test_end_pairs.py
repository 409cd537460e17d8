"""The end pairs' per-limit summary (solver.end_pairs.end_pair_table) is built from part-class fits
without the dense pair matrix; it must equal what the dense matrices give, field by field."""

from __future__ import annotations

from dataclasses import dataclass
from types import SimpleNamespace
from typing import Any

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from solver.end_pairs import EndPairs, end_pair_table, grouped_min
from solver.ends import INF, UNLIMITED, EndOption, EndTable
from tests.solver.test_options import EXAMPLES


@dataclass(frozen=True)
class _Class:
    size: int
    min_cost: int = 0


def _dense(fits: np.ndarray, rows: np.ndarray, cols: np.ndarray, clasps: list[EndOption],
           extenders: list[EndOption], chain_load: int) -> Any:
    """The summary from the dense |clasps| x |extenders| matrices (how it was first computed)."""
    cc = np.array([e.cost for e in clasps], dtype=float)
    ec = np.array([e.cost for e in extenders], dtype=float)
    cost = np.where(fits[rows[:, None], cols[None, :]], cc[:, None] + ec[None, :], INF)
    clasp_limit = np.array([e.load_limit for e in clasps], dtype=np.int64)
    extender_limit = np.array([e.load_limit for e in extenders], dtype=np.int64)
    hooked = (np.array([e.part is not None for e in clasps])[:, None]
              & np.array([e.part is not None for e in extenders])[None, :])
    clasp = np.minimum(clasp_limit, chain_load)
    limits = np.where(hooked, np.minimum(clasp[:, None], extender_limit[None, :]), clasp[:, None])
    values = np.unique(np.concatenate(([chain_load], clasp_limit, extender_limit)))
    inverse = np.searchsorted(values, limits)
    n, m, k = len(clasps), len(extenders), len(values)
    best_at = np.full(k, INF)
    np.minimum.at(best_at, inverse.ravel(), cost.ravel())
    row_at = np.full((n, k), INF)
    col_at = np.full((m, k), INF)
    first_at = np.full(k, -1, dtype=np.int64)
    ways = [0] * k
    for i in range(n):
        for j in range(m):
            v = int(inverse[i, j])
            row_at[i, v] = min(row_at[i, v], cost[i, j])
            col_at[j, v] = min(col_at[j, v], cost[i, j])
            if np.isfinite(cost[i, j]):
                ways[v] += clasps[i].ways * extenders[j].ways
                if first_at[v] < 0 and cost[i, j] == best_at[v]:
                    first_at[v] = i * m + j
    return SimpleNamespace(values=values, top=int(limits.max(initial=0)), width=m, best_at=best_at,
                           first_at=first_at, row_at=row_at, col_at=col_at, ways_at=tuple(ways),
                           cost=cost, inverse=inverse)


@st.composite
def _pairs(draw: st.DrawFn) -> tuple[np.ndarray, np.ndarray, np.ndarray, list[EndOption], list[EndOption], int]:
    limits = st.sampled_from([300, 500, 800, 1200, UNLIMITED])
    n_clasp, n_extender = draw(st.integers(1, 4)), draw(st.integers(1, 4))
    fits = np.array(draw(st.lists(st.lists(st.booleans(), min_size=n_extender, max_size=n_extender),
                                  min_size=n_clasp, max_size=n_clasp)), dtype=bool)

    def options(classes: int, may_be_empty: bool) -> tuple[list[EndOption], np.ndarray]:
        out, at = [], []
        absent = draw(st.booleans()) if may_be_empty else False
        for c in range(classes):
            if c == 0 and absent:
                out.append(EndOption(None, np.zeros(0, dtype=np.int64), 0))  # as NO_END
                at.append(0)
                continue
            for _ in range(draw(st.integers(1, 3))):  # one option per ring load limit
                huge = draw(st.integers(0, 10)) == 0  # ways past 2^62 now and then
                out.append(EndOption(_Class(draw(st.integers(1, 3))), np.zeros(0, dtype=np.int64),
                                     draw(st.integers(0, 40)), None,
                                     2**61 if huge else draw(st.integers(1, 5)), draw(limits)))
                at.append(c)
        return out, np.array(at, dtype=np.int64)

    clasps, rows = options(n_clasp, True)
    extenders, cols = options(n_extender, True)
    return fits, rows, cols, clasps, extenders, draw(st.sampled_from([400, 700, 1000, 5000]))


def _same(a: EndPairs, b: Any) -> None:
    assert a.values.tolist() == b.values.tolist()
    assert (a.top, a.width, a.ways_at) == (b.top, b.width, b.ways_at)
    for name in ("best_at", "first_at", "row_at", "col_at"):
        assert np.array_equal(getattr(a, name), getattr(b, name)), name


@EXAMPLES
@given(_pairs(), st.data())
def test_the_summary_equals_the_dense_pairs(drawn: tuple[np.ndarray, np.ndarray, np.ndarray, list[EndOption],
                                                         list[EndOption], int], data: st.DataObject) -> None:
    fits, rows, cols, clasps, extenders, chain_load = drawn
    summary = end_pair_table(fits, rows, cols, EndTable.of(clasps), EndTable.of(extenders), chain_load)
    dense = _dense(fits, rows, cols, clasps, extenders, chain_load)
    _same(summary, dense)
    # The cheapest pair with charms priced per limit: the dense argmin (row-major first), exactly.
    charms = np.array(data.draw(st.lists(st.sampled_from([0.0, 5.0, 10.0, INF]), min_size=len(dense.values),
                                         max_size=len(dense.values))))
    with_charms = dense.cost + charms[dense.inverse]
    i, j = divmod(int(np.argmin(with_charms)), dense.width)
    best = float(with_charms[i, j])
    if np.isfinite(best):
        assert summary.cheapest(charms) == (best, i, j, int(dense.inverse[i, j]))
    else:
        assert summary.cheapest(charms)[0] == INF
    assert np.array_equal(summary.rows(charms), with_charms.min(axis=1))
    assert np.array_equal(summary.cols(charms), with_charms.min(axis=0))


@EXAMPLES
@given(st.integers(0, 3), st.lists(st.tuples(st.integers(0, 3), st.sampled_from([0.0, 1.5, 7.0, INF])), max_size=8),
       st.data())
def test_grouped_min_is_the_least_fitting_cost_per_group(rows: int, columns: list[tuple[int, float]],
                                                        data: st.DataObject) -> None:
    fits = np.array([[data.draw(st.booleans()) for _ in columns] for _ in range(rows)], dtype=bool).reshape(
        rows, len(columns))
    group = np.array([g for g, _ in columns], dtype=np.int64)
    cost = np.array([c for _, c in columns], dtype=float)
    expected = np.full((rows, 4), INF)
    for r in range(rows):
        for j, (g, c) in enumerate(columns):
            if fits[r, j]:
                expected[r, g] = min(expected[r, g], c)
    assert np.array_equal(grouped_min(fits, cost, group, 4), expected)
