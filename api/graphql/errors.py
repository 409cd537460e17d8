"""How errors leave the API.

Queries: a domain error (`LinkwiseError`) becomes one GraphQL error per refused field, with
`extensions {code, field, reason}` (`code` the error class such as VALIDATION_FAILED, `field` the
dotted path in the GraphQL input, `reason` the field-level rule code). Anything unexpected is
masked to "Unexpected error." and logged with its traceback.

Mutations: refusals are data, not errors — `errors: [UserError!]!` on the payload (Saleor style).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import strawberry
from graphql import GraphQLError
from strawberry.extensions import MaskErrors, SchemaExtension
from strawberry.relay.types import GlobalIDValueError

from catalog.exceptions import FieldError, LinkwiseError


@strawberry.type(description="A refused input: where (a dotted path), which rule (code), and why.")
class UserError:
    field: str | None
    code: str
    message: str


class ApiError(LinkwiseError):
    """A request the API refuses before the domain sees it (bad cursor, page too large…)."""

    code = "BAD_REQUEST"

    def __init__(self, message: str, *, code: str, field: str | None = None) -> None:
        errors = [FieldError(field, code.lower(), message)] if field else []
        super().__init__(message, errors=errors)
        self.code = code


class Unauthenticated(LinkwiseError):
    code = "UNAUTHENTICATED"


class Forbidden(LinkwiseError):
    code = "FORBIDDEN"


# --- field paths --------------------------------------------------------------------------------

_SEGMENT = re.compile(r"([^.\[\]]+)((?:\[\d+\])*)")


def camel(name: str) -> str:
    head, *rest = name.split("_")
    return head + "".join(word[:1].upper() + word[1:] for word in rest)


def graphql_path(path: str, prefix: str = "", *, camel_case: bool = True) -> str:
    """A domain path (`picks[0].budget_cents`) as the client wrote it (`selection.picks[0].budgetCents`)."""
    if camel_case:
        path = ".".join(camel(m.group(1)) + m.group(2) for m in _SEGMENT.finditer(path)) if path else ""
    if prefix and path:
        return f"{prefix}.{path}" if not path.startswith("[") else f"{prefix}{path}"
    return prefix or path


def relocated(exc: LinkwiseError, prefix: str, *, camel_case: bool = True) -> LinkwiseError:
    """The same error with every field path moved under the GraphQL argument it came from."""
    exc.errors = [
        FieldError(graphql_path(err.field, prefix, camel_case=camel_case), err.code, err.message)
        for err in exc.errors
    ]
    return exc


# --- query errors -------------------------------------------------------------------------------


def _expand(error: GraphQLError) -> list[GraphQLError]:
    original = error.original_error
    if not isinstance(original, LinkwiseError):
        return [error]
    base = {"code": original.code}
    if not original.errors:
        return [
            GraphQLError(
                original.message,
                error.nodes,
                error.source,
                error.positions,
                error.path,
                original,
                extensions=base,
            )
        ]
    return [
        GraphQLError(
            f"{err.field}: {err.message}" if err.field else err.message,
            error.nodes,
            error.source,
            error.positions,
            error.path,
            original,
            extensions={**base, "field": err.field, "reason": err.code},
        )
        for err in original.errors
    ]


class DomainErrors(SchemaExtension):
    """Give every domain error its machine-readable code and the field it is about."""

    def on_operation(self) -> Iterator[None]:
        yield
        result = self.execution_context.result
        errors = getattr(result, "errors", None)
        if errors:
            result.errors = [expanded for error in errors for expanded in _expand(error)]  # type: ignore[union-attr]


PASS_THROUGH = (LinkwiseError, GraphQLError, GlobalIDValueError)


def unexpected(error: GraphQLError) -> bool:
    """An error raised while resolving that is not ours on purpose: a bug, masked and logged.

    Errors without a path (syntax, validation, variable coercion, limits) describe the request
    and are kept; so are domain errors and strawberry's own.
    """
    original = error.original_error
    return error.path is not None and original is not None and not isinstance(original, PASS_THROUGH)


class MaskUnexpected(MaskErrors):
    """strawberry's MaskErrors, keeping a machine-readable code on the masked error."""

    def __init__(self) -> None:
        super().__init__(should_mask_error=unexpected, error_message="Unexpected error.")

    def anonymise_error(self, error: GraphQLError) -> GraphQLError:
        masked = super().anonymise_error(error)
        masked.extensions = {"code": "INTERNAL_SERVER_ERROR"}
        return masked
