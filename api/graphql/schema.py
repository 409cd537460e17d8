"""The strawberry schema: Query, Mutation, scalars and the extensions that bound and shape answers."""

from __future__ import annotations

import functools
from collections.abc import Callable

import strawberry
from graphql import GraphQLError
from strawberry.extensions import SchemaExtension
from strawberry.schema.config import StrawberryConfig
from strawberry.types import ExecutionContext

from api.graphql.catalog_types import ChainNode, CharmNode, ClaspNode, ExtenderNode, JumpRingNode, PlatingNode
from api.graphql.cost import QueryCost
from api.graphql.errors import DomainErrors, MaskUnexpected, unexpected
from api.graphql.limits import limit_extensions
from api.graphql.mutations import Mutation
from api.graphql.public_errors import PublicErrors
from api.graphql.queries import Query
from api.graphql.scalars import SCALARS


class LinkwiseSchema(strawberry.Schema):
    def process_errors(
        self, errors: list[GraphQLError], execution_context: ExecutionContext | None = None
    ) -> None:
        """Log only unexpected errors (with their traceback); refusals are answers, not incidents."""
        super().process_errors([error for error in errors if unexpected(error)], execution_context)


@functools.cache
def build_schema() -> strawberry.Schema:
    """The schema, built once per process (strawberry types cannot be converted twice).

    It holds no settings: limits are constants, and everything per app (store, token, page size,
    solver time) comes through the request context.
    """
    # Entered in order and left in reverse: domain errors get their codes before masking runs, and
    # PublicErrors (clipping, production's hidden hints) sees every error last.
    extensions: list[type[SchemaExtension] | Callable[[], SchemaExtension]] = [PublicErrors, *limit_extensions()]
    extensions.extend([QueryCost, MaskUnexpected, DomainErrors])
    return LinkwiseSchema(
        query=Query,
        mutation=Mutation,
        types=[ChainNode, ClaspNode, ExtenderNode, JumpRingNode, CharmNode, PlatingNode],
        extensions=extensions,
        config=StrawberryConfig(scalar_map=SCALARS),
    )
