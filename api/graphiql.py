"""GraphiQL (development only) from assets shipped in api/static/graphiql: no CDN, so it works
offline and behind a strict Content-Security-Policy.

The page is strawberry's own, with each CDN address replaced by the local copy of the same file
(the same bytes: npm packages of the exact versions strawberry names, so its integrity hashes hold).
"""

from __future__ import annotations

import re
from pathlib import Path

from starlette.staticfiles import StaticFiles

ASSETS = Path(__file__).resolve().parent / "static" / "graphiql"
PREFIX = "/graphiql-assets"

# CDN address in strawberry's page -> file shipped here.
LOCAL = {
    "https://unpkg.com/react@18.2.0/umd/react.production.min.js": "react.production.min.js",
    "https://unpkg.com/react-dom@18.2.0/umd/react-dom.production.min.js": "react-dom.production.min.js",
    "https://unpkg.com/js-cookie@3.0.5/dist/js.cookie.min.js": "js.cookie.min.js",
    "https://unpkg.com/graphiql@3.8.3/graphiql.min.css": "graphiql.min.css",
    "https://unpkg.com/@graphiql/plugin-explorer@1.0.2/dist/style.css": "plugin-explorer.css",
    "https://unpkg.com/graphiql@3.8.3/graphiql.min.js": "graphiql.min.js",
    "https://unpkg.com/@graphiql/plugin-explorer@1.0.2/dist/index.umd.js": "plugin-explorer.umd.js",
}


# A script, stylesheet or image fetched from the network (an SVG namespace in a data: URI is not).
_NETWORK = re.compile(r"""(?:src|href)\s*=\s*["']?(?:https?:)?//""", re.IGNORECASE)


class CdnAddressLeft(RuntimeError):
    """strawberry's page changed (an upgrade): ship the new asset versions before serving it."""


def local_page(page: str) -> str:
    """strawberry's GraphiQL page with every asset loaded from PREFIX."""
    for url, name in LOCAL.items():
        page = page.replace(url, f"{PREFIX}/{name}")
    if _NETWORK.search(page):
        raise CdnAddressLeft("the GraphiQL page still loads something from the network")
    return page


def assets() -> StaticFiles:
    return StaticFiles(directory=ASSETS)
