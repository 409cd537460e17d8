"""Catalog content as copy-on-write revision rows: read one version, write the difference.

Each item (the catalog's meta settings, a part, a style, a rule) is stored as the canonical JSON of
its model. A write compares the new canonical text with the current revision and touches only the
items that changed, so a one-part change costs two rows whatever the catalog's size.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from pydantic import BaseModel, ValidationError
from sqlalchemy import Connection, and_, bindparam, func, or_, select, tuple_, update

from catalog.exceptions import LinkwiseError, NotFound, ValidationFailed
from catalog.model import Catalog, field_errors
from catalog.store_schema import (
    KIND_META,
    KIND_PART,
    KIND_RULE,
    KIND_STYLE,
    META_KEY,
    catalog_head,
    catalog_item,
    catalog_version,
)

ItemKey = tuple[str, str]  # (kind, key): ("part", sku), ("style", id), ("rule", id), ("meta", "catalog")

# Order in which a version's rows are read back; matches the Catalog's fields.
_LIST_KINDS = (KIND_PART, KIND_STYLE, KIND_RULE)


@dataclass(frozen=True)
class Change:
    """A validated resulting catalog, and which items the change may have altered.

    `touched` None means any item may have changed (a whole import): every item is compared and
    items that are no longer present are closed. Otherwise only the named items are compared and
    written; an item named but absent from `catalog` is removed from the new version.
    """

    catalog: Catalog
    touched: frozenset[ItemKey] | None = None


def canonical_meta(catalog: Catalog) -> str:
    body = {
        "format_version": catalog.format_version,
        "currency": catalog.currency,
        "physics": catalog.physics.model_dump(mode="json"),
    }
    # Sorted keys: physics.metals is a dict whose insertion order must not count as a change.
    return json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def catalog_items(catalog: Catalog) -> dict[ItemKey, tuple[int, str]]:
    """Every item of `catalog` with its position within its kind and its canonical body."""
    items: dict[ItemKey, tuple[int, str]] = {(KIND_META, META_KEY): (0, canonical_meta(catalog))}
    for kind, models in _models_by_kind(catalog):
        for position, (key, model) in enumerate(models):
            items[(kind, key)] = (position, model.model_dump_json())
    return items


def _models_by_kind(catalog: Catalog) -> Iterable[tuple[str, list[tuple[str, BaseModel]]]]:
    yield KIND_PART, [(part.sku, part) for part in catalog.parts]
    yield KIND_STYLE, [(style.id, style) for style in catalog.styles]
    yield KIND_RULE, [(rule.id, rule) for rule in catalog.rules]


def find_item(catalog: Catalog, item: ItemKey) -> str | None:
    """The canonical body of one item of `catalog`, or None when it has no such item."""
    kind, key = item
    if kind == KIND_META:
        return canonical_meta(catalog)
    for model_kind, models in _models_by_kind(catalog):
        if model_kind == kind:
            for model_key, model in models:
                if model_key == key:
                    return model.model_dump_json()
    return None


def head_version(conn: Connection, *, lock: bool = False) -> int:
    query = select(catalog_head.c.version).where(catalog_head.c.id == 1)
    if lock:
        query = query.with_for_update()  # PostgreSQL row lock; SQLite is already BEGIN IMMEDIATE
    version = conn.execute(query).scalar_one_or_none()
    if version is None:
        raise LinkwiseError("the catalog store has no schema yet: call Store.create_schema() first")
    return int(version)


def read_catalog(conn: Connection, version: int) -> Catalog:
    """The catalog exactly as it was at `version`."""
    exists = conn.execute(
        select(catalog_version.c.version).where(catalog_version.c.version == version)
    ).first()
    if exists is None:
        raise NotFound(f"catalog version {version} does not exist")
    rows = conn.execute(
        select(catalog_item.c.kind, catalog_item.c.body)
        .where(
            catalog_item.c.from_version <= version,
            or_(catalog_item.c.to_version.is_(None), catalog_item.c.to_version > version),
        )
        .order_by(catalog_item.c.kind, catalog_item.c.position)
    ).all()
    bodies: dict[str, list[str]] = {kind: [] for kind in (KIND_META, *_LIST_KINDS)}
    for kind, body in rows:
        bodies[kind].append(body)
    if len(bodies[KIND_META]) != 1:
        raise LinkwiseError(f"catalog version {version} is damaged: it has no settings row")
    # Splice the stored JSON into one document so pydantic parses it in one pass (fast at 10k parts).
    lists = ",".join(f'"{kind}s":[{",".join(bodies[kind])}]' for kind in _LIST_KINDS)
    document = f'{{"version":{version},{lists},{bodies[KIND_META][0][1:]}'
    try:
        return Catalog.model_validate_json(document)
    except ValidationError as exc:
        # Only possible if the models grew stricter than the data stored under older code.
        raise ValidationFailed(
            f"stored catalog version {version} no longer validates", errors=field_errors(exc)
        ) from None


def apply_change(conn: Connection, head: int, change: Change, message: str) -> int | None:
    """Write `change` on top of version `head` as version head + 1; None when nothing changed."""
    if change.touched is None or head == 0:
        wanted = catalog_items(change.catalog)
        current = _open_rows(conn, None)
        # A whole import also closes what the new catalog no longer has.
        keys = set(wanted) | set(current)
    else:
        keys = set(change.touched)
        current = _open_rows(conn, keys)
        wanted = _touched_items(conn, change.catalog, keys, current)

    closes: list[ItemKey] = []
    inserts: list[tuple[str, str, int, str]] = []
    for key in sorted(keys):
        old = current.get(key)
        new = wanted.get(key)
        if old == new:
            continue
        if old is not None:
            closes.append(key)
        if new is not None:
            inserts.append((key[0], key[1], new[0], new[1]))
    if not closes and not inserts:
        return None

    version = head + 1
    # The version row goes first: a writer racing past the head lock fails here on the primary key.
    conn.execute(
        catalog_version.insert().values(
            version=version, parent=head or None, created_at=datetime.now(UTC), message=message,
            part_count=len(change.catalog.parts),
        )
    )
    moved = conn.execute(
        update(catalog_head)
        .where(catalog_head.c.id == 1, catalog_head.c.version == head)
        .values(version=version)
    )
    if moved.rowcount != 1:
        raise LinkwiseError(f"catalog head moved while version {version} was being written")
    if closes:
        conn.execute(
            update(catalog_item)
            .where(
                catalog_item.c.kind == bindparam("b_kind"),
                catalog_item.c.key == bindparam("b_key"),
                catalog_item.c.to_version.is_(None),
            )
            .values(to_version=version),
            [{"b_kind": kind, "b_key": key} for kind, key in closes],
        )
    if inserts:
        conn.execute(
            catalog_item.insert(),
            [
                {"kind": kind, "key": key, "from_version": version, "to_version": None,
                 "position": position, "body": body}
                for kind, key, position, body in inserts
            ],
        )
    return version


def _open_rows(conn: Connection, keys: Iterable[ItemKey] | None) -> dict[ItemKey, tuple[int, str]]:
    """Current revisions (position, body), of all items or of the given ones."""
    query = select(
        catalog_item.c.kind, catalog_item.c.key, catalog_item.c.position, catalog_item.c.body
    ).where(catalog_item.c.to_version.is_(None))
    if keys is not None:
        wanted = sorted(keys)
        if not wanted:
            return {}
        query = query.where(tuple_(catalog_item.c.kind, catalog_item.c.key).in_(wanted))
    return {(kind, key): (position, body) for kind, key, position, body in conn.execute(query)}


def _touched_items(
    conn: Connection, catalog: Catalog, keys: Iterable[ItemKey], current: dict[ItemKey, tuple[int, str]]
) -> dict[ItemKey, tuple[int, str]]:
    """New bodies of the touched items; an item keeps its position, a new one goes last."""
    wanted: dict[ItemKey, tuple[int, str]] = {}
    next_position: dict[str, int] = {}
    for key in _in_catalog_order(catalog, keys):
        body = find_item(catalog, key)
        if body is None:
            continue
        if key in current:
            position = current[key][0]
        else:
            kind = key[0]
            if kind not in next_position:
                next_position[kind] = _max_open_position(conn, kind) + 1
            position = next_position[kind]
            next_position[kind] += 1
        wanted[key] = (position, body)
    return wanted


def _in_catalog_order(catalog: Catalog, keys: Iterable[ItemKey]) -> Sequence[ItemKey]:
    """Several new items of one kind are positioned in the order the catalog lists them."""
    order: dict[ItemKey, int] = {(KIND_META, META_KEY): -1}
    for _kind, models in _models_by_kind(catalog):
        for index, (key, _model) in enumerate(models):
            order[(_kind, key)] = index
    return sorted(keys, key=lambda item: (item[0], order.get(item, 1 << 30), item[1]))


def _max_open_position(conn: Connection, kind: str) -> int:
    found: Any = conn.execute(
        select(func.max(catalog_item.c.position)).where(
            and_(catalog_item.c.kind == kind, catalog_item.c.to_version.is_(None))
        )
    ).scalar_one_or_none()
    return -1 if found is None else int(found)
