"""The catalog file format: one JSON document, versioned by `format_version` (docs/catalog-format.md).

The document is `Catalog.model_dump(mode="json")`: decimals are written as strings and floats with
Python's shortest round-tripping repr, so export → import gives back an equal Catalog exactly.
`version` is kept as information (which stored version was exported); the store assigns its own.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from catalog.exceptions import FieldError, ValidationFailed
from catalog.model import FORMAT_VERSION, Catalog, parse_catalog

SUPPORTED_FORMAT_VERSIONS = (FORMAT_VERSION,)

# For each list in the document: the field that identifies an entry and the model's error code.
_IDENTIFIERS = (("parts", "sku", "duplicate_sku"), ("styles", "id", "duplicate_style"),
                ("rules", "id", "duplicate_rule"))


class CatalogFileError(ValidationFailed):
    """A catalog document that could not be read at all (not JSON, unsupported format_version).

    `line` and `column` (1-based) point into the text when the JSON itself is malformed.
    """

    def __init__(
        self, message: str, *, errors: list[FieldError], source: str | None = None,
        line: int | None = None, column: int | None = None,
    ) -> None:
        super().__init__(message, errors=errors)
        self.source = source
        self.line = line
        self.column = column


def dump_catalog(catalog: Catalog) -> dict[str, Any]:
    """The catalog as a JSON-ready document in the current format."""
    return catalog.model_dump(mode="json")


def dumps_catalog(catalog: Catalog) -> str:
    """The document as text: two-space indent, UTF-8 characters kept, a final newline."""
    return json.dumps(dump_catalog(catalog), indent=2, ensure_ascii=False) + "\n"


def catalog_from_dict(data: Any, *, source: str = "catalog") -> Catalog:
    """Validate a parsed document; refuse formats this code does not know, name every bad field."""
    if not isinstance(data, Mapping):
        raise CatalogFileError(
            f"{source}: a catalog document is a JSON object",
            errors=[FieldError("", "not_an_object", f"expected a JSON object, got {type(data).__name__}")],
            source=source,
        )
    _check_format_version(data, source)
    duplicates = _duplicate_identifiers(data)
    try:
        catalog = parse_catalog(data)
    except ValidationFailed as exc:
        # Ours name the index of both entries; the model's say only that some id repeats.
        dup_codes = {error.code for error in duplicates}
        errors = [error for error in exc.errors if error.code not in dup_codes] + duplicates
        raise ValidationFailed(f"{source}: catalog refused: {len(errors)} error(s)", errors=errors) from None
    if duplicates:  # the model compares identifiers too; this only guards against it changing
        raise ValidationFailed(f"{source}: catalog refused: {len(duplicates)} error(s)", errors=duplicates)
    return catalog


def loads_catalog(text: str | bytes, *, source: str = "<string>") -> Catalog:
    """Parse and validate a catalog document from text."""
    if isinstance(text, bytes):
        try:
            text = text.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise CatalogFileError(
                f"{source}: not UTF-8 text",
                errors=[FieldError("", "not_utf8", f"byte {exc.start} is not UTF-8")], source=source,
            ) from None
    try:
        data = json.loads(text, parse_constant=_refuse_constant, object_pairs_hook=_unique_keys)
    except json.JSONDecodeError as exc:
        message = f"{source}: invalid JSON at line {exc.lineno} column {exc.colno}: {exc.msg}"
        raise CatalogFileError(
            message, errors=[FieldError("", "json_invalid", message)], source=source,
            line=exc.lineno, column=exc.colno,
        ) from None
    except _DocumentError as exc:
        message = f"{source}: {exc.message}"
        raise CatalogFileError(
            message, errors=[FieldError("", exc.code, message)], source=source
        ) from None
    return catalog_from_dict(data, source=source)


def load_catalog_file(path: str | os.PathLike[str]) -> Catalog:
    """Read, parse and validate a catalog file."""
    source = os.fspath(path)
    return loads_catalog(Path(path).read_bytes(), source=source)


def write_catalog_file(catalog: Catalog, path: str | os.PathLike[str]) -> None:
    """Write the catalog to `path` atomically: readers see the old file or the whole new one."""
    target = Path(path)
    handle = tempfile.NamedTemporaryFile(
        "w", encoding="utf-8", dir=target.parent, prefix=f".{target.name}.", suffix=".tmp", delete=False
    )
    try:
        with handle:
            handle.write(dumps_catalog(catalog))
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(handle.name, target)
    except BaseException:
        Path(handle.name).unlink(missing_ok=True)
        raise


def _check_format_version(data: Mapping[str, Any], source: str) -> None:
    supported = ", ".join(str(v) for v in SUPPORTED_FORMAT_VERSIONS)
    if "format_version" not in data:
        code, message = "format_version_missing", f"the document must state its format_version ({supported})"
    else:
        found = data["format_version"]
        if isinstance(found, int) and not isinstance(found, bool) and found in SUPPORTED_FORMAT_VERSIONS:
            return
        code = "unsupported_format_version"
        if isinstance(found, int) and not isinstance(found, bool) and found > max(SUPPORTED_FORMAT_VERSIONS):
            message = (f"format_version {found} is newer than this Linkwise reads ({supported}); "
                       "upgrade Linkwise to import it")
        else:
            message = f"format_version {found!r} is not supported; this Linkwise reads {supported}"
    raise CatalogFileError(
        f"{source}: {message}", errors=[FieldError("format_version", code, message)], source=source
    )


def _duplicate_identifiers(data: Mapping[str, Any]) -> list[FieldError]:
    errors: list[FieldError] = []
    for list_name, id_field, code in _IDENTIFIERS:
        entries = data.get(list_name)
        if not isinstance(entries, Sequence) or isinstance(entries, str):
            continue
        first_seen: dict[Any, int] = {}
        for index, entry in enumerate(entries):
            if not isinstance(entry, Mapping) or not isinstance(entry.get(id_field), str):
                continue
            ident = entry[id_field]
            if ident in first_seen:
                errors.append(FieldError(
                    f"{list_name}[{index}].{id_field}", code,
                    f"{id_field} {ident} appears twice: {list_name}[{first_seen[ident]}] and "
                    f"{list_name}[{index}]",
                ))
            else:
                first_seen[ident] = index
    return errors


class _DocumentError(Exception):
    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


def _refuse_constant(name: str) -> Any:
    raise _DocumentError("json_invalid", f"{name} is not a number JSON allows")


def _unique_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    """A repeated key would otherwise silently keep only its last value."""
    out: dict[str, Any] = {}
    for key, value in pairs:
        if key in out:
            raise _DocumentError("duplicate_key", f"key {key!r} appears twice in one object")
        out[key] = value
    return out
