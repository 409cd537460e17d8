"""Exact big counts from machine integers: count modulo several primes below 2^31 (products fit
in int64), then rebuild the integer by the Chinese remainder theorem — exact whenever the primes'
product exceeds a known ceiling on the count."""

from __future__ import annotations

from functools import cache

BITS = 31


def _is_prime(n: int) -> bool:
    """Deterministic Miller-Rabin below 3,215,031,751 (bases 2, 3, 5, 7)."""
    if n < 2:
        return False
    for p in (2, 3, 5, 7):
        if n % p == 0:
            return n == p
    d, s = n - 1, 0
    while d % 2 == 0:
        d, s = d // 2, s + 1
    for a in (2, 3, 5, 7):
        x = pow(a, d, n)
        if x in (1, n - 1):
            continue
        for _ in range(s - 1):
            x = x * x % n
            if x == n - 1:
                break
        else:
            return False
    return True


@cache
def primes(count: int) -> tuple[int, ...]:
    """The `count` largest primes below 2^31."""
    found: list[int] = []
    n = (1 << BITS) - 1
    while len(found) < count:
        if _is_prime(n):
            found.append(n)
        n -= 2
    return tuple(found)


def moduli_for(ceiling: int) -> tuple[int, ...]:
    """Primes whose product exceeds `ceiling` (so residues determine any count up to it)."""
    need = ceiling.bit_length() // (BITS - 1) + 1
    return primes(need)


def rebuild(residues: list[int], moduli: tuple[int, ...]) -> int:
    """The integer in [0, product of moduli) with these residues."""
    value, product = 0, 1
    for r, m in zip(residues, moduli, strict=True):
        # value + product * t ≡ r (mod m)
        t = (r - value) * pow(product, -1, m) % m
        value += product * t
        product *= m
    return value
