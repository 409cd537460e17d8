"""The GraphQL API: schema, types, inputs, errors, limits, auth and per-request loaders."""

from api.graphql.schema import build_schema

__all__ = ["build_schema"]
