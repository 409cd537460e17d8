"""The per-request context: the app state, one catalog snapshot, the caller's role, the loaders."""

from __future__ import annotations

import hmac
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, cast

from starlette.requests import Request
from strawberry.types import Info

from api.state import AppState, Snapshot
from catalog.settings import Settings

if TYPE_CHECKING:
    from api.graphql.loaders import Loaders


@dataclass
class Context:
    """What every resolver reads. `snapshot` is the catalog version this request answers from."""

    request: Request
    state: AppState
    snapshot: Snapshot
    loaders: Loaders
    bearer_token: str | None = field(default=None, repr=False)
    solves: int = 0

    @property
    def settings(self) -> Settings:
        return self.state.settings

    @property
    def is_merchandiser(self) -> bool:
        return is_merchandiser_token(self.settings, self.bearer_token)

    def use(self, snapshot: Snapshot) -> None:
        """Answer the rest of this request from `snapshot` (a mutation wrote a newer version)."""
        from api.graphql.loaders import Loaders

        self.snapshot = snapshot
        self.loaders = Loaders(snapshot)


def is_merchandiser_token(settings: Settings, token: str | None) -> bool:
    expected = settings.merchandiser_token
    if not expected or not token:
        return False
    return hmac.compare_digest(expected.encode(), token.encode())


def bearer_token(request: Request) -> str | None:
    header = request.headers.get("authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        return None
    return token.strip()


def ctx(info: Info[Any, Any]) -> Context:
    return cast(Context, info.context)
