"""The versioned catalog store on SQLite or PostgreSQL (one SQLAlchemy URL picks the backend).

Every change writes a new immutable catalog version 1, 2, 3…; reading a version gives the same
catalog forever. Each write validates the whole resulting catalog before it touches the database
and runs in one transaction, so a refused change writes nothing. Parts are never deleted: retiring
marks them retired and they stay in every later version, because owned pieces refer to them.
Writers are serialised by the database (a locked head row), so two never get the same number.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from pydantic import BaseModel
from sqlalchemy import Connection, Engine, select
from sqlalchemy.engine import URL
from sqlalchemy.exc import IntegrityError, OperationalError

from catalog import store_changes as changes
from catalog import store_owned
from catalog.compat import CompatibilityRule
from catalog.exceptions import Conflict, ErrorList, FieldError, NotFound, ValidationFailed
from catalog.io import catalog_from_dict
from catalog.model import Catalog, parse_part
from catalog.parts import Part
from catalog.settings import Settings, get_settings
from catalog.store_content import apply_change, head_version, read_catalog
from catalog.store_owned import OwnedPiece
from catalog.store_schema import (
    KIND_RULE,
    KIND_STYLE,
    WRITE_OPTION,
    catalog_version,
    create_all,
    make_engine,
)
from catalog.styles import Style

__all__ = ["OwnedPiece", "Store", "VersionInfo", "open_store"]

MAX_MESSAGE_LENGTH = 1000


@dataclass(frozen=True)
class VersionInfo:
    version: int
    created_at: datetime
    message: str
    part_count: int


class Store:
    """A catalog store. Thread-safe (share one per process), except on an in-memory SQLite URL,
    which is one connection for quick single-threaded use."""

    def __init__(self, engine: Engine, *, cache_size: int = 8) -> None:
        self.engine = engine
        self._cache: OrderedDict[int, Catalog] = OrderedDict()
        self._cache_size = cache_size
        self._cache_lock = threading.Lock()

    @classmethod
    def from_url(cls, url: str | URL, *, echo: bool = False, cache_size: int = 8) -> Store:
        """A store on `url` (postgresql:// is driven by psycopg 3). Does not create tables."""
        return cls(make_engine(url, echo=echo), cache_size=cache_size)

    def create_schema(self) -> None:
        """Create missing tables; harmless on a store that has them."""
        create_all(self.engine)

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    # ----------------------------------------------------------------------------------- reads

    def latest_version(self) -> int:
        """The newest version, 0 when nothing was ever written."""
        with self.engine.connect() as conn:
            return head_version(conn)

    def load(self, version: int | None = None) -> Catalog:
        """The catalog at `version` (default: the latest), with `version` set."""
        if version is None:
            version = self.latest_version()
            if version == 0:
                raise NotFound("the catalog store is empty: import a catalog first")
        cached = self._cached(version)
        if cached is not None:
            return cached
        with self.engine.connect() as conn:
            catalog = read_catalog(conn, version)
        self._remember(catalog)
        return catalog

    def versions(self) -> list[VersionInfo]:
        """Every version, oldest first."""
        with self.engine.connect() as conn:
            rows = conn.execute(select(catalog_version).order_by(catalog_version.c.version)).all()
        return [_version_info(row) for row in rows]

    def version_info(self, version: int) -> VersionInfo:
        with self.engine.connect() as conn:
            row = conn.execute(
                select(catalog_version).where(catalog_version.c.version == version)
            ).first()
        if row is None:
            raise NotFound(f"catalog version {version} does not exist")
        return _version_info(row)

    # ---------------------------------------------------------------------------------- writes

    def import_catalog(
        self, catalog: Catalog | Mapping[str, Any], message: str = "import", *,
        expected_version: int | None = None,
    ) -> int:
        """Replace the whole content; returns the new version (the latest one if nothing changed).

        A dict is read as a catalog document (catalog.io); its `version`, if any, is ignored.
        Parts the new content omits are kept, retired, after the imported ones: a part once sold
        is never deleted.
        """
        incoming = catalog if isinstance(catalog, Catalog) else catalog_from_dict(catalog)
        return self._write(changes.replace_all(incoming), message, expected_version)

    def seed_if_empty(self, catalog: Catalog | Mapping[str, Any], message: str = "seed") -> int:
        """Import `catalog` if the store has no version yet (first start); the latest version."""
        if self.latest_version() > 0:
            return self.latest_version()
        try:
            return self.import_catalog(catalog, message, expected_version=0)
        except Conflict:  # another replica seeded first
            return self.latest_version()

    def put_part(
        self, part: Part | Mapping[str, Any], message: str | None = None, *,
        expected_version: int | None = None,
    ) -> int:
        """Add a part, or replace the part with its SKU (platings too). A SKU's kind is fixed."""
        model: Part = part if isinstance(part, BaseModel) else parse_part(part)
        return self._write(
            changes.put_part(model, create=False), message or f"put part {model.sku}", expected_version
        )

    def add_part(
        self, part: Part | Mapping[str, Any], message: str | None = None, *,
        expected_version: int | None = None,
    ) -> int:
        """Add a new part; a SKU the catalog already has is refused with Conflict (duplicate_sku)."""
        model: Part = part if isinstance(part, BaseModel) else parse_part(part)
        return self._write(
            changes.put_part(model, create=True), message or f"add part {model.sku}", expected_version
        )

    def update_part(
        self, sku: str, attributes: object, message: str | None = None, *,
        expected_version: int | None = None,
    ) -> int:
        """Change some fields of a part, merged into the part as it is at the head version, under
        the head's lock (errors name `attributes.<field>`)."""
        return self._write(
            changes.update_part(sku, attributes), message or f"update part {sku}", expected_version
        )

    def retire_part(
        self, sku: str, message: str | None = None, *, expected_version: int | None = None
    ) -> int:
        """Mark a part retired: still in every later version, no longer offered for sale."""
        return self._write(changes.retire_part(sku), message or f"retire part {sku}", expected_version)

    def put_style(
        self, style: Style | Mapping[str, Any], message: str | None = None, *,
        expected_version: int | None = None,
    ) -> int:
        model = changes.as_model(Style, style)
        return self._write(
            changes.upsert("styles", KIND_STYLE, model, model.id), message or f"put style {model.id}",
            expected_version,
        )

    def remove_style(
        self, style_id: str, message: str | None = None, *, expected_version: int | None = None
    ) -> int:
        """Remove a style from the next version (refused while a rule names it)."""
        return self._write(
            changes.remove("styles", KIND_STYLE, style_id), message or f"remove style {style_id}",
            expected_version,
        )

    def put_rule(
        self, rule: CompatibilityRule | Mapping[str, Any], message: str | None = None, *,
        expected_version: int | None = None,
    ) -> int:
        model = changes.as_model(CompatibilityRule, rule)
        return self._write(
            changes.upsert("rules", KIND_RULE, model, model.id), message or f"put rule {model.id}",
            expected_version,
        )

    def remove_rule(
        self, rule_id: str, message: str | None = None, *, expected_version: int | None = None
    ) -> int:
        return self._write(
            changes.remove("rules", KIND_RULE, rule_id), message or f"remove rule {rule_id}",
            expected_version,
        )

    # ---------------------------------------------------------------------------- owned pieces

    def register_piece(self, order_reference: str, skus: Sequence[str]) -> str:
        """Record the SKUs of a sold piece; returns its claim token (give it to the owner: reading the
        piece by reference needs it). Registering the same piece again issues a new token, so an order
        system that lost the first answer can retry; the previous token stops working."""
        errors = ErrorList()
        store_owned.check_order_reference(order_reference, errors)
        errors.raise_if_any("owned piece refused")
        token = store_owned.new_claim_token()
        try:
            with self._write_connection() as conn, conn.begin():
                store_owned.check_skus(conn, skus, errors)
                errors.raise_if_any("owned piece refused")
                store_owned.insert_piece(conn, order_reference, list(skus), head_version(conn), token)
            return token
        except IntegrityError as exc:
            # Not the reference itself in messages: it identifies a customer's order.
            try:
                existing = self.owned_piece_info(order_reference)
            except NotFound:
                raise Conflict("the order reference could not be registered; retry") from exc
            if list(existing.skus) != list(skus):
                raise Conflict(
                    "the order reference is already registered with other SKUs",
                    errors=[
                        FieldError("order_reference", "duplicate_order_reference",
                                   "this order reference is already registered with other SKUs")
                    ],
                ) from None
        with self._write_connection() as conn, conn.begin():
            store_owned.replace_claim(conn, order_reference, token)
        return token

    def claimed_piece(self, order_reference: str, claim_token: str | None) -> OwnedPiece:
        """The piece registered under `order_reference`, for the holder of its claim token.

        NotFound, with the same message, for an unknown reference and for a missing or wrong token."""
        errors = ErrorList()
        store_owned.check_order_reference(order_reference, errors)
        errors.raise_if_any("order reference refused")
        with self.engine.connect() as conn:
            if not store_owned.claimed(conn, order_reference, claim_token):
                raise NotFound(
                    store_owned.NOT_CLAIMED,
                    errors=[FieldError("claim_token", "not_claimed", store_owned.NOT_CLAIMED)],
                )
            return store_owned.read_piece(conn, order_reference)

    def owned_piece(self, order_reference: str) -> list[str]:
        """The SKUs of the piece sold under `order_reference`, in the order registered."""
        return list(self.owned_piece_info(order_reference).skus)

    def owned_piece_info(self, order_reference: str) -> OwnedPiece:
        errors = ErrorList()
        store_owned.check_order_reference(order_reference, errors)
        errors.raise_if_any("order reference refused")
        with self.engine.connect() as conn:
            return store_owned.read_piece(conn, order_reference)

    def owned_pieces_with(self, sku: str) -> list[str]:
        """Order references of the pieces that contain `sku`."""
        with self.engine.connect() as conn:
            return store_owned.references_holding(conn, sku)

    # ------------------------------------------------------------------------------- internals

    def _write(self, change: changes.ChangeFn, message: str, expected_version: int | None) -> int:
        """Apply `change` to the latest version in one transaction; the new (or unchanged) version."""
        _check_message(message)
        try:
            with self._write_connection() as conn, conn.begin():
                head = head_version(conn, lock=True)
                if expected_version is not None and head != expected_version:
                    raise Conflict(
                        f"the catalog is at version {head}, not {expected_version}: reload and retry",
                        errors=[FieldError("expected_version", "stale_version",
                                           f"expected version {expected_version}, latest version is {head}")],
                    )
                current = self._current(conn, head)
                result = change(current)
                written = apply_change(conn, head, result, message)
        except IntegrityError as exc:
            raise Conflict("another writer created the same catalog version first; retry") from exc
        except OperationalError as exc:
            if "locked" in str(exc).lower():
                raise Conflict("the catalog database stayed locked by another writer; retry") from exc
            raise
        if written is None:
            return head
        self._remember(result.catalog.model_copy(update={"version": written}))
        return written

    def _write_connection(self) -> Connection:
        conn = self.engine.connect()
        conn.execution_options(**{WRITE_OPTION: True})
        return conn

    def _current(self, conn: Connection, head: int) -> Catalog:
        if head == 0:
            return Catalog()
        cached = self._cached(head)
        if cached is not None:
            return cached
        catalog = read_catalog(conn, head)
        self._remember(catalog)
        return catalog

    def _cached(self, version: int) -> Catalog | None:
        with self._cache_lock:
            catalog = self._cache.get(version)
            if catalog is not None:
                self._cache.move_to_end(version)
            return catalog

    def _remember(self, catalog: Catalog) -> None:
        # Versions never change once written, so a cached version is never stale.
        with self._cache_lock:
            self._cache[catalog.version] = catalog
            self._cache.move_to_end(catalog.version)
            while len(self._cache) > self._cache_size:
                self._cache.popitem(last=False)


def open_store(settings: Settings | None = None) -> Store:
    """The store the settings name (LINKWISE_DATABASE_URL), with its tables created."""
    store = Store.from_url((settings or get_settings()).database_url)
    store.create_schema()
    return store


def _check_message(message: str) -> None:
    if not isinstance(message, str) or len(message) > MAX_MESSAGE_LENGTH:
        raise ValidationFailed(
            "message refused",
            errors=[FieldError(
                "message", "invalid_message", f"a text of at most {MAX_MESSAGE_LENGTH} characters"
            )],
        )


def _version_info(row: Any) -> VersionInfo:
    created_at: datetime = row.created_at
    if created_at.tzinfo is None:  # SQLite keeps no zone; the store writes UTC
        created_at = created_at.replace(tzinfo=UTC)
    return VersionInfo(int(row.version), created_at, str(row.message), int(row.part_count))

