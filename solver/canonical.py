"""Canonical keys for geometry: the first key of a base whose geometry has the same content."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np


def canonical(geometry: dict[tuple[Any, ...], Any], key: tuple[Any, ...],
              fingerprint: Callable[[], tuple[Any, ...]]) -> tuple[Any, ...]:
    """The first key of the base whose geometry equals this key's (`fingerprint()`: its content):
    tables built from a geometry alone are keyed by it, so chains that differ in sizes the
    geometry does not see share them (10^4 charm necklace: 66 unit geometry keys, 9 contents).
    Made per base and never carried to another version, whose classes may tell them apart."""
    found: tuple[Any, ...] | None = geometry.get(("canonical", key))
    if found is None:
        first = geometry.setdefault(("canonical-of", key[:2], fingerprint()), key)
        found = geometry.setdefault(("canonical", key), first)
    return found


def fingerprint(*arrays: np.ndarray) -> tuple[Any, ...]:
    """The arrays' content: equal exactly when every array has equal type, shape and values."""
    return tuple(x for a in arrays for x in (a.dtype.str, a.shape, a.tobytes()))
