"""solver.arrays against the numpy calls it replaces."""

from __future__ import annotations

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from solver.arrays import distinct, distinct_sorted_inverse, first_appearance, run_starts, starts_of

ints = st.lists(st.integers(-5, 5), max_size=40).map(lambda v: np.array(v, dtype=np.int64))


@given(ints)
def test_distinct_is_numpy_unique(values: np.ndarray) -> None:
    assert np.array_equal(distinct(values), np.unique(values))


@given(ints)
def test_distinct_sorted_inverse_is_numpy_unique(values: np.ndarray) -> None:
    ordered = np.sort(values)
    found, inverse = distinct_sorted_inverse(ordered)
    expected, expected_inverse = np.unique(ordered, return_inverse=True)
    assert np.array_equal(found, expected) and np.array_equal(inverse, expected_inverse)


@given(ints)
def test_run_starts(values: np.ndarray) -> None:
    ordered = np.sort(values)
    expected = np.flatnonzero(np.r_[True, ordered[1:] != ordered[:-1]]) if len(ordered) else np.zeros(0)
    assert np.array_equal(run_starts(ordered), expected)


@given(st.lists(st.integers(0, 6), max_size=20))
def test_starts_of(lengths: list[int]) -> None:
    assert np.array_equal(starts_of(np.array(lengths, dtype=np.int64)), np.r_[0, np.cumsum(lengths, dtype=np.int64)])


@given(st.lists(st.integers(-1, 12), max_size=40))
def test_first_appearance(values: list[int]) -> None:
    indices = np.array(values, dtype=np.int32)
    unique, first = np.unique(indices, return_index=True)
    expected = unique[np.argsort(first, kind="stable")]
    found = first_appearance(indices)
    assert np.array_equal(found, expected) and found.dtype == indices.dtype
