"""A static cost for every operation, checked before any resolver runs (Shopify's model).

Each object costs 1, a scalar 0; a connection multiplies what it selects by `first` (its default
page size when not given); solver fields add their weight on top, because one of them can cost
more CPU than a thousand catalog objects. An operation over MAX_COST is refused as a whole with
QUERY_TOO_COSTLY; every answer carries `extensions.cost {requestedQueryCost, maximumAvailable}`.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from graphql import (
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLError,
    GraphQLInterfaceType,
    GraphQLNamedType,
    GraphQLObjectType,
    InlineFragmentNode,
    IntValueNode,
    SelectionSetNode,
    VariableNode,
    get_named_type,
    is_composite_type,
)
from graphql.execution import ExecutionResult as GraphQLExecutionResult
from graphql.utilities import get_operation_ast
from strawberry.extensions import SchemaExtension

from api.graphql.limits import DEFAULT_PAGE_SIZE

MAX_COST = 1_000

# Solver work, by the field a client selects (parent type, field).
SOLVER_WEIGHTS: Mapping[tuple[str, str], int] = {
    ("Query", "options"): 100,
    ("Query", "assemblies"): 100,
    ("Query", "count"): 100,
    ("Query", "recommend"): 100,
    ("Query", "explain"): 200,
    ("Query", "check"): 20,
    ("Query", "addOns"): 100,
    ("Query", "impact"): 200,
    ("Query", "catalogReport"): 300,
    ("PartPayload", "impact"): 200,
    ("PlatingPayload", "impact"): 200,
    ("StylePayload", "count"): 100,
    ("ImportCatalogPayload", "report"): 300,
}
MAX_FRAGMENT_DEPTH = 20  # validation refuses cycles; this only bounds the walk itself


class QueryCost(SchemaExtension):
    """Computes the cost once the document is valid, and refuses it before execution when too high."""

    cost: int | None = None

    def on_execute(self) -> Iterator[None]:
        context = self.execution_context
        document = context.graphql_document
        operation = get_operation_ast(document, context.operation_name) if document else None
        if document is not None and operation is not None:
            fragments = {
                d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)
            }
            root = context.schema._schema.get_root_type(operation.operation)
            if root is not None:
                walker = _Walker(context.schema._schema, fragments, context.variables or {})
                self.cost = walker.selections(operation.selection_set, root, 0)
            if self.cost is not None and self.cost > MAX_COST:
                context.result = GraphQLExecutionResult(
                    data=None,
                    errors=[GraphQLError(
                        f"the query costs {self.cost}, over the limit of {MAX_COST}: ask for fewer solver "
                        "operations or smaller pages",
                        extensions={"code": "QUERY_TOO_COSTLY", "cost": self.cost, "limit": MAX_COST},
                    )],
                )
        yield

    def get_results(self) -> dict[str, Any]:
        if self.cost is None:
            return {}
        return {"cost": {"requestedQueryCost": self.cost, "maximumAvailable": MAX_COST}}


class _Walker:
    def __init__(self, schema: Any, fragments: Mapping[str, FragmentDefinitionNode],
                 variables: Mapping[str, Any]) -> None:
        self.schema = schema
        self.fragments = fragments
        self.variables = variables

    def selections(self, selection_set: SelectionSetNode, parent: GraphQLNamedType, depth: int) -> int:
        if depth > MAX_FRAGMENT_DEPTH:
            return 0
        total = 0
        for node in selection_set.selections:
            if isinstance(node, FieldNode):
                total += self.field(node, parent, depth)
            elif isinstance(node, InlineFragmentNode):
                condition = self.schema.get_type(node.type_condition.name.value) if node.type_condition else parent
                total += self.selections(node.selection_set, condition or parent, depth + 1)
            elif isinstance(node, FragmentSpreadNode):
                fragment = self.fragments.get(node.name.value)
                if fragment is not None:
                    condition = self.schema.get_type(fragment.type_condition.name.value) or parent
                    total += self.selections(fragment.selection_set, condition, depth + 1)
        return total

    def field(self, node: FieldNode, parent: GraphQLNamedType, depth: int) -> int:
        if not isinstance(parent, GraphQLObjectType | GraphQLInterfaceType):
            return 0
        definition = parent.fields.get(node.name.value)
        if definition is None:  # __typename and introspection: free
            return 0
        named = get_named_type(definition.type)
        own = SOLVER_WEIGHTS.get((parent.name, node.name.value), 0) + (1 if is_composite_type(named) else 0)
        if node.selection_set is None:
            return own
        children = self.selections(node.selection_set, named, depth + 1)
        return own + self.page(node, "first" in definition.args) * children

    def page(self, node: FieldNode, paged: bool) -> int:
        """How many times a connection's selection is paid for: its `first`, or the default page."""
        if not paged:
            return 1
        for argument in node.arguments or ():
            if argument.name.value != "first":
                continue
            value = argument.value
            if isinstance(value, IntValueNode):
                return max(1, int(value.value))
            if isinstance(value, VariableNode):
                given = self.variables.get(value.name.value)
                if isinstance(given, int) and not isinstance(given, bool):
                    return max(1, given)
        return DEFAULT_PAGE_SIZE
