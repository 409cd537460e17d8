"""The last pass over every error a client sees: clip echoed client text; in production, no
introspection and no "Did you mean …?" hints (they map the schema for a stranger)."""

from __future__ import annotations

import re
from collections.abc import Iterator

from graphql.validation import NoSchemaIntrospectionCustomRule
from strawberry.extensions import SchemaExtension

from api.graphql.limits import MAX_ERROR_TEXT

_SUGGESTION = re.compile(r"\s*Did you mean [^?]*\?")
_LONG_WORD = re.compile(rf"\S{{{MAX_ERROR_TEXT // 3},}}")


def clipped(message: str) -> str:
    """`message` with any long run of client text (an unknown 1 MB id…) cut to a readable head."""
    keep = MAX_ERROR_TEXT // 6
    message = _LONG_WORD.sub(lambda m: f"{m.group(0)[:keep]}… ({len(m.group(0))} characters)", message)
    return message if len(message) <= MAX_ERROR_TEXT * 3 else message[: MAX_ERROR_TEXT * 3] + "…"


def without_suggestions(message: str) -> str:
    return _SUGGESTION.sub("", message)


class PublicErrors(SchemaExtension):
    def on_operation(self) -> Iterator[None]:
        production = self._production()
        if production:
            rules = self.execution_context.validation_rules
            self.execution_context.validation_rules = (*rules, NoSchemaIntrospectionCustomRule)
        yield
        errors = getattr(self.execution_context.result, "errors", None)
        for error in errors or ():
            message = clipped(error.message)
            error.message = without_suggestions(message) if production else message

    def _production(self) -> bool:
        settings = getattr(self.execution_context.context, "settings", None)
        return getattr(settings, "env", None) == "production"
