"""What /graphql checks before GraphQL sees a request: size, encoding, JSON shape, and how big.

Every refusal is a 4xx with a GraphQL-shaped body (`{"errors": [{"message", "extensions": {code}}]}`)
so a client never meets a 500 or a plain-text page for a bad request. The body is capped before it is
read in full, a large body is parsed in a worker thread (never on the event loop), and lists and
strings in the variables are bounded before strawberry coerces them: a request that would take
seconds of coercion is refused in microseconds.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import anyio.to_thread
from starlette.requests import ClientDisconnect, Request
from starlette.responses import JSONResponse

from api.graphql.limits import (
    MAX_JSON_DEPTH,
    MAX_QUERY_CHARS,
    MAX_VARIABLE_DEPTH,
    MAX_VARIABLE_LIST,
    MAX_VARIABLE_STRING,
    OFFLOAD_PARSE_BYTES,
)


@dataclass
class Refusal(Exception):
    """A request refused before GraphQL: the HTTP status, a machine-readable code and a reason."""

    status: int
    code: str
    message: str
    headers: dict[str, str] = field(default_factory=dict)

    def response(self) -> JSONResponse:
        body = {"data": None, "errors": [{"message": self.message, "extensions": {"code": self.code}}]}
        return JSONResponse(body, status_code=self.status, headers=self.headers)


@dataclass(frozen=True)
class Payload:
    """A GraphQL request as checked here: strawberry takes it as is instead of parsing again."""

    query: str | None
    variables: dict[str, Any] | None
    operation_name: str | None
    extensions: dict[str, Any] | None


async def read_payload(request: Request, *, max_body_bytes: int, trusted: bool) -> Payload | None:
    """The checked payload of a GraphQL request; None for a GET without a query (GraphiQL's page).

    `trusted` (a valid merchandiser token) lifts the limits on variables, not the body cap.
    """
    if request.method == "GET":
        params = request.query_params
        if "query" not in params:
            return None
        data: dict[str, Any] = {"query": params.get("query"), "operationName": params.get("operationName")}
        for key in ("variables", "extensions"):
            text = params.get(key)
            if text:
                data[key] = _parse(text.encode("utf-8", "surrogatepass"), key)
        return _checked(data, trusted=trusted)
    content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if content_type != "application/json":
        raise Refusal(415, "UNSUPPORTED_MEDIA_TYPE",
                      "a GraphQL request is POSTed as application/json (or sent by GET with ?query=)")
    body = await _body(request, max_body_bytes)
    if len(body) > OFFLOAD_PARSE_BYTES:
        data = await anyio.to_thread.run_sync(_parse, body, "body")
    else:
        data = _parse(body, "body")
    if isinstance(data, list):
        raise Refusal(400, "BATCH_NOT_SUPPORTED", "send one GraphQL request per HTTP request, not a list")
    return _checked(data, trusted=trusted)


async def _body(request: Request, limit: int) -> bytes:
    declared = request.headers.get("content-length")
    if declared is not None:
        if not declared.isdigit():
            raise Refusal(400, "BAD_CONTENT_LENGTH", "Content-Length is not a number")
        if int(declared) > limit:
            raise _too_large(limit)
    chunks: list[bytes] = []
    size = 0
    try:
        async for chunk in request.stream():
            size += len(chunk)
            if size > limit:  # a chunked body, or one longer than it said
                raise _too_large(limit)
            chunks.append(chunk)
    except ClientDisconnect:
        raise Refusal(400, "CLIENT_DISCONNECTED", "the client went away before the body ended") from None
    return b"".join(chunks)


def _too_large(limit: int) -> Refusal:
    return Refusal(413, "BODY_TOO_LARGE", f"the request body is larger than {limit} bytes")


def _parse(raw: bytes, what: str) -> Any:
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise Refusal(400, "INVALID_UTF8", f"the {what} is not valid UTF-8") from None
    try:
        data = json.loads(text)
    except RecursionError:
        raise Refusal(400, "JSON_TOO_DEEP", f"the {what} nests deeper than {MAX_JSON_DEPTH} levels") from None
    except ValueError as exc:  # JSONDecodeError, and numbers too long to convert
        raise Refusal(400, "INVALID_JSON", f"the {what} is not valid JSON ({_short(str(exc))})") from None
    if _depth(data, MAX_JSON_DEPTH) > MAX_JSON_DEPTH:
        raise Refusal(400, "JSON_TOO_DEEP", f"the {what} nests deeper than {MAX_JSON_DEPTH} levels")
    return data


def _checked(data: Any, *, trusted: bool) -> Payload:
    if not isinstance(data, dict):
        raise Refusal(400, "BAD_REQUEST", 'the body is a JSON object: {"query": "...", "variables": {...}}')
    query, variables = data.get("query"), data.get("variables")
    operation_name, extensions = data.get("operationName"), data.get("extensions")
    if not isinstance(query, str) or not query.strip():
        raise Refusal(400, "QUERY_REQUIRED", "`query` is required: a GraphQL document as a string")
    if len(query) > MAX_QUERY_CHARS:
        raise Refusal(400, "QUERY_TOO_LARGE", f"`query` is longer than {MAX_QUERY_CHARS} characters; "
                      "send large inputs as variables")
    if variables is not None and not isinstance(variables, dict):
        raise Refusal(400, "BAD_REQUEST", "`variables` is a JSON object (or null)")
    if operation_name is not None and not isinstance(operation_name, str):
        raise Refusal(400, "BAD_REQUEST", "`operationName` is a string (or null)")
    if extensions is not None and not isinstance(extensions, dict):
        raise Refusal(400, "BAD_REQUEST", "`extensions` is a JSON object (or null)")
    if variables and not trusted:
        problem = _oversized(variables, "variables", 0)
        if problem:
            raise Refusal(400, "INPUT_TOO_LARGE", problem)
    return Payload(query, variables, operation_name, extensions)


def _oversized(value: Any, path: str, depth: int) -> str | None:
    """Where the variables exceed a limit, or None; walks at most the limits, never the whole input."""
    if depth > MAX_VARIABLE_DEPTH:
        return f"{path}: nested deeper than {MAX_VARIABLE_DEPTH} levels"
    if isinstance(value, str):
        if len(value) > MAX_VARIABLE_STRING:
            return f"{path}: a string of at most {MAX_VARIABLE_STRING} characters, got {len(value)}"
        return None
    if isinstance(value, list):
        if len(value) > MAX_VARIABLE_LIST:
            return f"{path}: a list of at most {MAX_VARIABLE_LIST} items, got {len(value)}"
        items: Any = enumerate(value)
    elif isinstance(value, Mapping):
        if len(value) > MAX_VARIABLE_LIST:
            return f"{path}: an object of at most {MAX_VARIABLE_LIST} keys, got {len(value)}"
        items = value.items()
    else:
        return None
    for key, item in items:
        label = f"{path}[{key}]" if isinstance(key, int) else f"{path}.{_short(str(key), 40)}"
        problem = _oversized(item, label, depth + 1)
        if problem:
            return problem
    return None


def _depth(value: Any, limit: int) -> int:
    """Nesting depth of parsed JSON, iteratively (so a deep body cannot overflow the stack here),
    stopping once past `limit`."""
    deepest = 0
    stack: list[tuple[Any, int]] = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, dict | list):
            deepest = max(deepest, depth)
            if deepest > limit:
                return deepest
            children = item.values() if isinstance(item, dict) else item
            stack.extend((child, depth + 1) for child in children if isinstance(child, dict | list))
    return deepest


def _short(text: str, limit: int = 80) -> str:
    return text if len(text) <= limit else text[:limit] + "…"
