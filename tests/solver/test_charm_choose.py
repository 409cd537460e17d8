"""The kept ring products (solver.charm_choose) equal a fresh product, at any width, and charge a
work bound the same whether kept or not."""

from __future__ import annotations

import itertools
from math import comb

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from solver.charm_choose import ring_ways, times_choose
from solver.deadline import Deadline, running
from tests.solver.test_options import EXAMPLES


def _brute(steps: list[int], counts: list[int], kmax: int, width: int, k0: int, w0: int) -> np.ndarray:
    charms = [w for w, n in zip(steps, counts, strict=True) for _ in range(n)]  # each charm an item
    out = np.zeros((kmax + 1, width), dtype=object)
    for k in range(kmax + 1 - k0):
        for chosen in itertools.combinations(range(len(charms)), k):
            weight = w0 + sum(charms[i] for i in chosen)
            if weight < width:
                out[k0 + k, weight] += 1
    return out


@EXAMPLES
@given(st.lists(st.tuples(st.integers(0, 6), st.integers(1, 3)), max_size=4, unique_by=lambda t: t[0]),
       st.integers(0, 1), st.integers(0, 3),
       st.lists(st.tuples(st.integers(1, 4), st.integers(1, 16)), min_size=1, max_size=4))
def test_kept_products_are_the_ways_at_every_size(hist: list[tuple[int, int]], k0: int, w0: int,
                                                  sizes: list[tuple[int, int]]) -> None:
    """One product is kept per histogram, at the largest size asked; a call of any size, and
    from any forced start, reads it shifted and sliced."""
    hist.sort()
    steps = np.array([w for w, _ in hist], dtype=np.int64)
    counts = np.array([n for _, n in hist], dtype=np.int64)
    for kmax, width in sizes:  # smaller after larger and larger after smaller, in both axes
        start = min(k0, kmax)
        got = ring_ways(steps, counts, kmax, width, start, w0)
        assert np.array_equal(got.astype(object), _brute(steps.tolist(), counts.tolist(), kmax, width, start, w0))


@EXAMPLES
@given(st.lists(st.tuples(st.integers(0, 6), st.integers(1, 3)), min_size=1, max_size=4, unique_by=lambda t: t[0]),
       st.data(), st.integers(1, 4), st.integers(0, 1), st.integers(0, 3), st.integers(1, 16))
def test_forced_charms_leave_the_kept_product_by_division(hist: list[tuple[int, int]], data: st.DataObject,
                                                          kmax: int, k0: int, w0: int, width: int) -> None:
    """The ways without some charms (`less`, the forced ones) are the kept product of the whole
    histogram divided by them: equal to the product of what is left."""
    hist.sort()
    charms = [w for w, n in hist for _ in range(n)]
    less = data.draw(st.lists(st.sampled_from(range(len(charms))), unique=True))
    left = [w for i, w in enumerate(charms) if i not in less]
    steps = np.array([w for w, _ in hist], dtype=np.int64)
    counts = np.array([n for _, n in hist], dtype=np.int64)
    k0 = min(k0, kmax)
    got = ring_ways(steps, counts, kmax, width, k0, w0, np.array([charms[i] for i in less], dtype=np.int64))
    assert np.array_equal(got.astype(object), _brute(left, [1] * len(left), kmax, width, k0, w0))


def test_a_kept_product_spends_the_steps_a_fresh_one_does() -> None:
    steps, counts = np.array([3, 5, 7, 11], dtype=np.int64), np.array([2, 1, 3, 1], dtype=np.int64)
    spent = []
    for _ in range(2):  # the second call finds the product kept
        deadline = Deadline(None, 10**6)
        with running(deadline):
            ring_ways(steps, counts, 3, 40, 0, 0)
        spent.append(deadline.used)
    assert spent[0] == spent[1] == len(steps)


@EXAMPLES
@given(st.lists(st.tuples(st.integers(0, 40), st.integers(1, 400)), min_size=1, max_size=8, unique_by=lambda t: t[0]),
       st.integers(6, 12), st.integers(0, 1), st.integers(0, 3), st.integers(1, 200))
def test_products_past_int64_are_exact(hist: list[tuple[int, int]], kmax: int, k0: int, w0: int, width: int) -> None:
    """Where an entry may pass int64 the product is taken modulo primes and rebuilt (CRT): it
    equals the product in Python ints, step by step."""
    hist.sort()
    steps = np.array([w for w, _ in hist], dtype=np.int64)
    counts = np.array([n for _, n in hist], dtype=np.int64)
    k0, w0 = min(k0, kmax - 2), min(w0, width - 1)
    if sum(comb(int(counts.sum()), k) for k in range(kmax + 1)) < 2**62:
        counts = counts * 5000  # past int64 for sure (C(5000, 6) > 2^64): the residue path
    expected = np.zeros((kmax + 1, width), dtype=object)
    expected[k0, w0] = 1
    for weight, n in zip(steps.tolist(), counts.tolist(), strict=True):
        expected = times_choose(expected, n, weight)
    assert np.array_equal(ring_ways(steps, counts, kmax, width, k0, w0), expected)
    # And with one charm of the first weight forced: the kept product divided, in Python ints.
    fewer = np.zeros((kmax + 1, width), dtype=object)
    fewer[k0, w0] = 1
    for weight, n in zip(steps.tolist(), (counts - (steps == steps[0])).tolist(), strict=True):
        fewer = times_choose(fewer, n, weight)
    assert np.array_equal(ring_ways(steps, counts, kmax, width, k0, w0, steps[:1]), fewer)


def test_a_narrower_product_read_from_one_past_int64_is_exact() -> None:
    """A product kept past int64 (Python ints) and then asked for fewer charms but more weight
    is made again at the kept size; the part asked fits int64 and is read as such (the whole
    table's further rows do not fit: converting them crashed)."""
    steps, counts = np.array([1, 2, 3], dtype=np.int64), np.array([3000, 3000, 3000], dtype=np.int64)
    for kmax, width in ((8, 10), (3, 40), (8, 40), (2, 50)):
        expected = np.zeros((kmax + 1, width), dtype=object)
        expected[0, 0] = 1
        for weight, n in zip(steps.tolist(), counts.tolist(), strict=True):
            expected = times_choose(expected, n, weight)
        got = ring_ways(steps, counts, kmax, width, 0, 0)
        assert np.array_equal(got.astype(object), expected), (kmax, width)
