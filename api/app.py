"""The starlette app: GraphQL at /graphql (GraphiQL in development), GET /health, and the pages (web/)."""

from __future__ import annotations

import contextlib
import logging
from collections.abc import AsyncIterator

from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route
from starlette.websockets import WebSocket
from strawberry.asgi import GraphQL

from api.graphql.context import Context, bearer_token
from api.graphql.loaders import Loaders
from api.graphql.schema import build_schema
from api.state import AppState, open_seeded_store
from catalog.settings import Settings, get_settings
from catalog.store import Store
from web import web_routes

logger = logging.getLogger("linkwise.api")


class LinkwiseGraphQL(GraphQL[Context, None]):
    """strawberry's ASGI view, giving each request a Context on the newest catalog version."""

    def __init__(self, state: AppState) -> None:
        development = state.settings.env == "development"
        super().__init__(build_schema(), graphql_ide="graphiql" if development else None)
        self.state = state

    async def get_context(self, request: Request | WebSocket, response: Response | WebSocket) -> Context:
        assert isinstance(request, Request)
        snapshot = await run_in_threadpool(self.state.latest)
        return Context(
            request=request,
            state=self.state,
            snapshot=snapshot,
            loaders=Loaders(snapshot),
            bearer_token=bearer_token(request),
        )


def create_app(settings: Settings | None = None, store: Store | None = None) -> Starlette:
    """The app. Without `store`, opens the one the settings name and seeds the demo catalog if empty."""
    settings = settings or get_settings()
    owned = store is None
    state = AppState(settings, store if store is not None else open_seeded_store(settings))

    async def health(request: Request) -> JSONResponse:
        try:
            version = await run_in_threadpool(state.store.latest_version)
        except Exception:
            logger.exception("health check failed")
            return JSONResponse({"status": "error"}, status_code=503)
        return JSONResponse({"status": "ok", "catalogVersion": version})

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        yield
        if owned:
            state.store.close()

    graphql = LinkwiseGraphQL(state)
    app = Starlette(
        routes=[
            Route("/health", health, methods=["GET"]),
            Route("/graphql", graphql, methods=["GET", "POST"]),
            *web_routes(settings),
        ],
        lifespan=lifespan,
    )
    app.state.linkwise = state
    return app
