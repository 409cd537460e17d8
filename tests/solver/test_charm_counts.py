"""solver.charm_counts: the per-(ring, weight) sums of free charms, dense or sorted, against a dict."""

from __future__ import annotations

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from solver.charm_counts import _sum_by_key


@given(st.lists(st.tuples(st.integers(0, 50), st.integers(0, 3)), max_size=30), st.booleans())
def test_sums_by_key(rows: list[tuple[int, int]], sparse: bool) -> None:
    # `sparse` spreads the keys far apart, so that the sorted path runs too.
    key = np.array([k * (10**6 if sparse else 1) for k, _ in rows], dtype=np.int64)
    amounts = np.array([a for _, a in rows], dtype=np.int64)
    expected: dict[int, int] = {}
    for k, a in zip(key.tolist(), amounts.tolist(), strict=True):
        expected[k] = expected.get(k, 0) + a
    sums, keys = _sum_by_key(key, amounts)
    assert dict(zip(keys.tolist(), sums.tolist(), strict=True)) == {k: v for k, v in expected.items() if v > 0}
    assert keys.tolist() == sorted(keys.tolist())
