"""solver.canonical: keys of equal geometry name one table; keys of different geometry never do."""

from __future__ import annotations

from typing import Any

import numpy as np

from solver.canonical import canonical, fingerprint


def test_equal_geometry_takes_the_first_key_and_different_geometry_its_own() -> None:
    geometry: dict[tuple[Any, ...], Any] = {}
    fits = {1.0: np.array([[True, False]]), 2.0: np.array([[True, False]]), 3.0: np.array([[False, True]]),
            4.0: np.array([True, False])}  # 4.0: the same values in another shape

    def key_of(size: float) -> tuple[Any, ...]:
        return canonical(geometry, ("end-geometry", "clasp", size), lambda: fingerprint(fits[size]))

    assert key_of(1.0) == ("end-geometry", "clasp", 1.0)
    assert key_of(2.0) == ("end-geometry", "clasp", 1.0)
    assert key_of(3.0) == ("end-geometry", "clasp", 3.0)
    assert key_of(4.0) == ("end-geometry", "clasp", 4.0)
    # Another slot's geometry is never taken for this one's, whatever its content.
    assert canonical(geometry, ("end-geometry", "extender", 2.0), lambda: fingerprint(fits[2.0])) == (
        "end-geometry", "extender", 2.0)


def test_a_fingerprint_tells_types_apart() -> None:
    assert fingerprint(np.array([1, 0], dtype=np.int32)) != fingerprint(np.array([1, 0], dtype=np.int64))
    assert fingerprint(np.array([1, 0]), np.array([2])) != fingerprint(np.array([1]), np.array([0, 2]))
