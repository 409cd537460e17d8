"""The pages: storefront, merchandiser and owner, as server-rendered shells whose ES modules ask the
public GraphQL API at /graphql (no private shortcuts)."""

from __future__ import annotations

from web.routes import web_routes

__all__ = ["web_routes"]
