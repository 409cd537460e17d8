"""The ways to hang charms on one ring type: ∏ over weights w of (1 + z·y^w)^n_w, truncated.

A charm slot's exact-count table sums, over the ring classes it may use, the ways to choose its
charms from those that ring carries (by count z and hung weight y). Many hubs, finish modes and
ring classes see the same histogram of charms by weight, so the product is kept per histogram —
content-keyed, so sharing it across hubs, spaces and catalog versions is always right — and a
narrower weight range is a slice of a wider one (truncating a product of polynomials in y with
non-negative powers commutes with the product).
"""

from __future__ import annotations

import threading
from math import comb

import numpy as np

from solver.deadline import tick

MAX_KEPT_BYTES = 64 << 20  # the kept products, oldest dropped first


def times_choose(table: np.ndarray, n: int, weight: int) -> np.ndarray:
    """Multiply by (1 + z·y^weight)^n, truncated to the table's shape."""
    out = table.copy()
    kmax, wmax = table.shape[0] - 1, table.shape[1] - 1
    for j in range(1, min(n, kmax) + 1):
        shift = j * weight
        if shift > wmax:
            break
        out[j:, shift:] += comb(n, j) * table[: kmax + 1 - j, : wmax + 1 - shift]
    return out


class _Kept:
    """Products by histogram, each at the largest size asked so far (a smaller one is a slice)."""

    def __init__(self) -> None:
        self.tables: dict[tuple[bytes, bytes], np.ndarray] = {}
        self.bytes = 0
        self.lock = threading.Lock()

    def get(self, key: tuple[bytes, bytes]) -> np.ndarray | None:
        return self.tables.get(key)

    def put(self, key: tuple[bytes, bytes], table: np.ndarray) -> None:
        with self.lock:
            old = self.tables.pop(key, None)
            self.bytes -= old.nbytes if old is not None else 0
            self.tables[key] = table
            self.bytes += table.nbytes
            while self.bytes > MAX_KEPT_BYTES and len(self.tables) > 1:
                dropped = self.tables.pop(next(iter(self.tables)))
                self.bytes -= dropped.nbytes


_KEPT = _Kept()


def ring_ways(steps: np.ndarray, counts: np.ndarray, kmax: int, width: int, k0: int, w0: int,
              less: np.ndarray | None = None) -> np.ndarray:
    """sub[k, w]: ways to add charms to `k0` forced ones weighing `w0` (in weight steps), from
    `counts[i]` charms of weight `steps[i]` but one charm of each weight in `less` (the forced
    ones, taken from the histogram), reaching k charms of weight w. Exact integers (int64 while
    every entry provably fits, Python ints beyond); a new array.

    Forced charms only move where the product starts, and truncating commutes with the move:
    this is the product from no charm, shifted by (k0, w0). And a forced charm leaves the
    histogram by one division by (1 + z·y^weight), exact in integers. So a pick of one more charm
    reads the product its slot's histogram already has, instead of making another."""
    out = np.zeros((kmax + 1, width), dtype=np.int64)
    rows, cols = kmax - k0 + 1, width - w0  # the product's size this call reads
    if rows < 1 or cols < 1:
        return out
    product = _product(steps, counts, rows, cols)[:rows, :cols]
    if less is not None and len(less):
        product = _without(product, less)
    if product.dtype == object:
        out = out.astype(object)
    out[k0:, w0:] = product
    return out


def _without(product: np.ndarray, less: np.ndarray) -> np.ndarray:
    """The product divided by (1 + z·y^w) for each w in `less`: P = Q·(1 + z·y^w) gives
    Q[k, v] = P[k, v] - Q[k-1, v-w], row by row (truncation commutes with it)."""
    tick(len(less))
    found = product.copy()
    cols = found.shape[1]
    for weight in less.tolist():
        if weight >= cols:
            continue  # it weighs past the table: no entry held it
        for k in range(1, found.shape[0]):
            found[k, weight:] -= found[k - 1, : cols - weight]
    return found


def _product(steps: np.ndarray, counts: np.ndarray, rows: int, cols: int) -> np.ndarray:
    """∏ (1 + z·y^steps[i])^counts[i] truncated to `rows` × `cols` (maybe larger: slice it),
    kept per histogram; int64 when every entry the caller reads provably fits it."""
    if rows == 2:
        # Room for one charm only: each weight adds its count, no products (and nothing kept).
        sub = np.zeros((2, cols), dtype=np.int64)
        sub[0, 0] = 1
        inside = steps < cols
        np.add.at(sub[1], steps[inside], counts[inside])
        return sub
    if rows == 1:  # no room for a charm: the product is 1
        one = np.zeros((1, cols), dtype=np.int64)
        one[0, 0] = 1
        return one
    key = (steps.tobytes(), counts.tobytes())
    found = _KEPT.get(key)
    fits = _bound(counts, rows - 1) < 2**62
    if found is not None and found.shape[0] >= rows and found.shape[1] >= cols:
        tick(len(steps))  # the steps the product costs, kept or not: a work bound's outcome never
        # depends on what an earlier request left behind
        return _as_asked(found, rows, cols, fits)
    size = (rows, cols)
    if found is not None:  # keep one table per histogram, as large as any asked
        size = (max(rows, found.shape[0]), max(cols, found.shape[1]))
    bound = _bound(counts, size[0] - 1)
    sub = np.zeros(size, dtype=np.int64 if bound < 2**62 else object)
    sub[0, 0] = 1
    if sub.dtype == object:
        sub = _by_residues(steps, counts, size[0] - 1, size[1], 0, 0, bound)
    else:
        for weight, n in zip(steps.tolist(), counts.tolist(), strict=True):
            tick()  # a table can take seconds at 10^5 parts: honour the operation's limit
            sub = times_choose(sub, n, weight)
    sub.setflags(write=False)
    _KEPT.put(key, sub)
    return _as_asked(sub, rows, cols, fits)


def _as_asked(kept: np.ndarray, rows: int, cols: int, fits: bool) -> np.ndarray:
    """The kept product cut to the size asked; in int64 when that part provably fits (a kept
    product's further rows may not)."""
    sliced = kept[:rows, :cols]
    return sliced.astype(np.int64) if fits and sliced.dtype == object else sliced


def _bound(counts: np.ndarray, kmax: int) -> int:
    """No entry of the product up to kmax charms is larger: the ways to choose at most kmax."""
    total = int(counts.sum())
    return sum(comb(total, k) for k in range(kmax + 1))


def _by_residues(steps: np.ndarray, counts: np.ndarray, kmax: int, width: int, k0: int, w0: int,
                 bound: int) -> np.ndarray:
    """The product when an entry may pass int64: in int64 modulo primes below 2^31 whose product
    exceeds `bound` (every entry is at most it), then rebuilt exactly by the Chinese remainder
    theorem. Python ints per entry and step made it ~85 µs a step (~9 s of a 10^4 warm-up)."""
    primes: list[int] = []
    product = 1
    for prime in _primes():
        if product > bound:
            break
        primes.append(prime)
        product *= prime
    modulus = np.array(primes, dtype=np.int64).reshape(-1, 1, 1)
    sub = np.zeros((len(primes), kmax + 1, width), dtype=np.int64)
    sub[:, k0, w0] = 1
    for weight, n in zip(steps.tolist(), counts.tolist(), strict=True):
        tick()  # a table can take seconds at 10^5 parts: honour the operation's limit
        out = sub.copy()
        for j in range(1, min(n, kmax) + 1):
            shift = j * weight
            if shift > width - 1:
                break
            # residues < 2^31, so a product < 2^62 and the sum < 2^63: exact in int64
            ways = np.array([comb(n, j) % p for p in primes], dtype=np.int64).reshape(-1, 1, 1)
            out[:, j:, shift:] = (out[:, j:, shift:] + ways * sub[:, : kmax + 1 - j, : width - shift]) % modulus
        sub = out
    exact = np.zeros((kmax + 1, width), dtype=object)
    for residues, prime in zip(sub, primes, strict=True):
        rest = product // prime
        exact += residues.astype(object) * (rest * pow(rest, -1, prime))
    found: np.ndarray = exact % product
    return found


def _primes() -> list[int]:
    """The primes below 2^31, largest first, as many as a product may need (found once)."""
    if not _PRIMES:
        found: list[int] = []
        candidate = (1 << 31) - 1
        while len(found) < 64:
            if _is_prime(candidate):
                found.append(candidate)
            candidate -= 2
        _PRIMES.extend(found)
    return _PRIMES


_PRIMES: list[int] = []


def _is_prime(n: int) -> bool:
    """Miller-Rabin with bases 2, 3, 5, 7: exact below 3,215,031,751."""
    d, r = n - 1, 0
    while d % 2 == 0:
        d, r = d // 2, r + 1
    for a in (2, 3, 5, 7):
        x = pow(a, d, n)
        if x in (1, n - 1):
            continue
        for _ in range(r - 1):
            x = x * x % n
            if x == n - 1:
                break
        else:
            return False
    return True
