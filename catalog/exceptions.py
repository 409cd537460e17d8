"""One exception tree for the whole of Linkwise, each error with a machine-readable code."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class FieldError:
    """One refused field: where (`field`, a dotted path), which rule (`code`), and why."""

    field: str
    code: str
    message: str


class LinkwiseError(Exception):
    """Base of every error Linkwise raises on purpose."""

    code = "LINKWISE_ERROR"

    def __init__(self, message: str, *, errors: list[FieldError] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.errors: list[FieldError] = errors or []


class ValidationFailed(LinkwiseError):
    """Input refused; `errors` names each field, rule code and reason. Nothing was written."""

    code = "VALIDATION_FAILED"


class NotFound(LinkwiseError):
    code = "NOT_FOUND"


class Conflict(LinkwiseError):
    """The change contradicts what is stored (duplicate SKU, stale version)."""

    code = "CONFLICT"


class SolverError(LinkwiseError):
    code = "SOLVER_ERROR"


@dataclass
class ErrorList:
    """Collects field errors before raising them together."""

    errors: list[FieldError] = field(default_factory=list)

    def add(self, field_path: str, code: str, message: str) -> None:
        self.errors.append(FieldError(field_path, code, message))

    def raise_if_any(self, message: str = "invalid input") -> None:
        if self.errors:
            raise ValidationFailed(message, errors=list(self.errors))
