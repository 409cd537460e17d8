"""The starlette app: GraphQL at /graphql (GraphiQL in development), GET /health, and the pages (web/)."""

from __future__ import annotations

import contextlib
import logging
from collections.abc import AsyncIterator
from contextvars import ContextVar

from cross_web import AsyncHTTPRequestAdapter, HTTPException
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response
from starlette.routing import Mount, Route
from starlette.types import Receive, Scope, Send
from starlette.websockets import WebSocket
from strawberry.asgi import GraphQL
from strawberry.http import GraphQLRequestData

from api.graphiql import PREFIX, assets, local_page
from api.graphql.context import Context, bearer_token, is_merchandiser_token
from api.graphql.loaders import Loaders
from api.graphql.schema import build_schema
from api.http_guard import Payload, Refusal, read_payload
from api.state import AppState, open_seeded_store
from catalog.settings import Settings, get_settings
from catalog.store import Store
from web import web_routes

logger = logging.getLogger("linkwise.api")


# The payload the guard checked, handed to strawberry's parse_http_body in the same task.
_checked_payload: ContextVar[Payload | None] = ContextVar("linkwise_payload", default=None)


class LinkwiseGraphQL(GraphQL[Context, None]):
    """strawberry's ASGI view, giving each request a Context on the newest catalog version.

    In front of strawberry: admission control (at most `max_pending_requests` at once in this
    process, then 429 with Retry-After) and the HTTP guard (api/http_guard.py). Every refusal,
    strawberry's own included, leaves as a GraphQL-shaped JSON body with a 4xx status.
    """

    def __init__(self, state: AppState) -> None:
        development = state.settings.env == "development"
        super().__init__(build_schema(), graphql_ide="graphiql" if development else None)
        self.state = state
        self.pending = 0  # requests in this process, running or waiting (one event loop: no lock)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await super().__call__(scope, receive, send)
            return
        settings = self.state.settings
        if self.pending >= settings.max_pending_requests:
            retry = str(settings.retry_after_s)
            # Connection: close, so the retry opens a new connection, which the kernel may hand to
            # a less busy worker process (a kept-alive connection stays with this one).
            headers = {"Retry-After": retry, "Connection": "close"}
            refusal = Refusal(429, "OVERLOADED", f"the server is busy: retry in {retry} s", headers)
            await _drain(receive, settings.max_body_bytes)
            await refusal.response()(scope, receive, send)
            return
        self.pending += 1
        try:
            response = await self._answer(Request(scope, receive))
        finally:
            self.pending -= 1
        await response(scope, receive, send)

    async def _answer(self, request: Request) -> Response:
        settings = self.state.settings
        trusted = is_merchandiser_token(settings, bearer_token(request))
        cap = settings.max_merchandiser_body_bytes if trusted else settings.max_body_bytes
        try:
            payload = await read_payload(request, max_body_bytes=cap, trusted=trusted)
            token = _checked_payload.set(payload)
            try:
                return await self.run(request)
            finally:
                _checked_payload.reset(token)
        except Refusal as refusal:
            return refusal.response()
        except HTTPException as exc:
            code = "NOT_FOUND" if exc.status_code == 404 else "BAD_REQUEST"
            return Refusal(exc.status_code, code, exc.reason).response()

    async def render_graphql_ide(self, request: Request) -> Response:
        return HTMLResponse(local_page(self.graphql_ide_html))

    async def parse_http_body(self, request: AsyncHTTPRequestAdapter) -> GraphQLRequestData | list[GraphQLRequestData]:
        payload = _checked_payload.get()
        if payload is None:
            return await super().parse_http_body(request)
        return GraphQLRequestData(
            query=payload.query, variables=payload.variables, operation_name=payload.operation_name,
            extensions=payload.extensions,
        )

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
    routes: list[Route | Mount] = [
        Route("/health", health, methods=["GET"]),
        Route("/graphql", graphql, methods=["GET", "POST"]),
    ]
    if settings.env == "development":  # GraphiQL and its assets: development only
        routes.append(Mount(PREFIX, app=assets(), name="graphiql-assets"))
    app = Starlette(
        routes=[*routes, *web_routes(settings)],
        lifespan=lifespan,
    )
    app.state.linkwise = state
    app.state.graphql = graphql
    return app


async def _drain(receive: Receive, most: int) -> None:
    """Read the request body (up to `most` bytes) before refusing it: closing a connection with
    unread bytes makes the kernel reset it, and the reset can reach the client before the 429
    does (httpx then reports a ReadError, a browser a failed fetch, instead of Retry-After)."""
    read = 0
    while read <= most:
        message = await receive()
        if message["type"] != "http.request":
            return  # the client went away
        read += len(message.get("body", b""))
        if not message.get("more_body", False):
            return
