"""Counts rebuilt from residues are exact, and the moduli are primes below 2^31."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from solver.residues import moduli_for, primes, rebuild


def test_moduli_are_distinct_primes_below_two_to_the_thirty_one() -> None:
    found = primes(12)
    assert len(set(found)) == 12 and all(p < 2**31 for p in found)
    assert all(all(p % d for d in range(2, 50_000)) for p in found[:3])  # trial division, independent


@given(st.integers(0, 2**700))
def test_rebuild_returns_the_number_from_its_residues(n: int) -> None:
    moduli = moduli_for(2**700)
    assert rebuild([n % m for m in moduli], moduli) == n
