"""Custom scalars: BigInt (exact integers past 2^31, sent as decimal strings)."""

from __future__ import annotations

from typing import NewType

import strawberry
from strawberry.types.scalar import ScalarDefinition

BigInt = NewType("BigInt", int)


def _serialize_big_int(value: int) -> str:
    return str(int(value))


def _parse_big_int(value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, (int, str)):
        raise ValueError("BigInt is an integer written as a string of decimal digits")
    text = str(value).strip()
    if not text.lstrip("-").isdigit() or len(text) > 200:
        raise ValueError(f"{value!r} is not an integer")
    return int(text)


SCALARS: dict[object, ScalarDefinition] = {
    BigInt: strawberry.scalar(
        name="BigInt",
        description="An exact integer of any size, serialised as a string of decimal digits "
        "(counts of assemblies exceed 32 bits).",
        serialize=_serialize_big_int,
        parse_value=_parse_big_int,
    ),
}
