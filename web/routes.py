"""Starlette routes for the pages. The server renders only the shell of each page (layout, headings,
empty regions); everything about the catalog comes from /graphql, asked by the browser."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from pathlib import Path

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.templating import Jinja2Templates

from catalog.settings import Settings

HERE = Path(__file__).resolve().parent

# Scripts and styles come only from this server: no CDN at run time, no inline script.
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; font-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'"
)


def web_routes(settings: Settings) -> list[BaseRoute]:
    """The pages and their static files, to mount beside /graphql in the same app."""
    templates = Jinja2Templates(directory=str(HERE / "templates"))
    templates.env.globals["development"] = settings.env == "development"

    def page(template: str) -> Callable[[Request], Awaitable[Response]]:
        async def render(request: Request) -> Response:
            # Path parameters (the style handle) reach the shell as data attributes, autoescaped.
            response = templates.TemplateResponse(request, template, dict(request.path_params))
            response.headers["Content-Security-Policy"] = CONTENT_SECURITY_POLICY
            return response

        return render

    return [
        Route("/", page("index.html"), methods=["GET"], name="storefront"),
        Route("/styles/{handle}", page("style.html"), methods=["GET"], name="style"),
        Route("/admin", page("admin.html"), methods=["GET"], name="admin"),
        Route("/my-piece", page("owner.html"), methods=["GET"], name="owner"),
        Mount("/static", app=StaticFiles(directory=str(HERE / "static")), name="static"),
    ]
