"""Typed spellings of `strawberry.field(...)` and `strawberry.mutation(...)` with arguments.

strawberry's overloads type a decorator called with arguments as `Any`, which strict mypy refuses
("untyped decorator"). These return the same decorators, typed to keep the resolver's signature.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, TypeVar, cast

import strawberry
from strawberry.permission import BasePermission

F = TypeVar("F", bound=Callable[..., Any])


def field(
    *, description: str | None = None, permissions: Sequence[type[BasePermission]] = ()
) -> Callable[[F], F]:
    return cast(
        Callable[[F], F], strawberry.field(description=description, permission_classes=list(permissions))
    )


def mutation(
    *, description: str | None = None, permissions: Sequence[type[BasePermission]] = ()
) -> Callable[[F], F]:
    return cast(
        Callable[[F], F], strawberry.mutation(description=description, permission_classes=list(permissions))
    )
