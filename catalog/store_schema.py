"""Tables of the versioned catalog store, and engines that behave alike on SQLite and PostgreSQL.

Content is kept copy-on-write: one `catalog_item` row per revision of a part, style, rule or the
catalog's settings ("meta"), alive from `from_version` until just before `to_version` (NULL while
it is current). Version v is every row with from_version <= v < to_version, so changing one part
writes two rows (close the old revision, insert the new one), never a copy of the catalog.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import (
    CheckConstraint,
    Column,
    Connection,
    DateTime,
    Engine,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    PrimaryKeyConstraint,
    String,
    Table,
    Text,
    create_engine,
    event,
    inspect,
    text,
)
from sqlalchemy.engine import URL, make_url
from sqlalchemy.pool import StaticPool

SCHEMA_VERSION = 1

# Item kinds as stored; "meta" holds format_version, currency and physics under key "catalog".
KIND_META = "meta"
KIND_PART = "part"
KIND_STYLE = "style"
KIND_RULE = "rule"
META_KEY = "catalog"

# Execution option that asks SQLite for BEGIN IMMEDIATE: writers then queue on the database lock
# up front instead of failing when a read lock cannot be upgraded halfway through.
WRITE_OPTION = "linkwise_write"

# Arbitrary constant for pg_advisory_xact_lock, so replicas starting together create tables once.
_SCHEMA_LOCK_KEY = 0x4C494E4B  # "LINK"

metadata = MetaData()

# One row (id = 1): the latest version. Writers lock it (SELECT ... FOR UPDATE on PostgreSQL,
# BEGIN IMMEDIATE on SQLite) so version numbers are handed out one at a time.
catalog_head = Table(
    "catalog_head",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=False),
    Column("version", Integer, nullable=False),
    Column("schema_version", Integer, nullable=False),
    CheckConstraint("id = 1", name="ck_catalog_head_single_row"),
)

catalog_version = Table(
    "catalog_version",
    metadata,
    # The primary key is the last line of defence: two writers can never commit the same number.
    Column("version", Integer, primary_key=True, autoincrement=False),
    Column("parent", Integer, nullable=True),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("message", Text, nullable=False),
    Column("part_count", Integer, nullable=False),
)

catalog_item = Table(
    "catalog_item",
    metadata,
    Column("kind", String(8), nullable=False),
    Column("key", String(64), nullable=False),
    Column("from_version", Integer, ForeignKey("catalog_version.version"), nullable=False),
    Column("to_version", Integer, ForeignKey("catalog_version.version"), nullable=True),
    Column("position", Integer, nullable=False),
    Column("body", Text, nullable=False),
    PrimaryKeyConstraint("kind", "key", "from_version", name="pk_catalog_item"),
    CheckConstraint("to_version IS NULL OR to_version > from_version", name="ck_catalog_item_range"),
)
# At most one current revision per item, enforced by the database itself.
Index(
    "ux_catalog_item_open",
    catalog_item.c.kind,
    catalog_item.c.key,
    unique=True,
    sqlite_where=catalog_item.c.to_version.is_(None),
    postgresql_where=catalog_item.c.to_version.is_(None),
)
Index("ix_catalog_item_from", catalog_item.c.from_version)
Index("ix_catalog_item_to", catalog_item.c.to_version)

owned_piece = Table(
    "owned_piece",
    metadata,
    Column("order_reference", String(40), primary_key=True),
    # The catalog as it was when the piece was sold: its parts' dimensions at that version.
    Column("catalog_version", Integer, ForeignKey("catalog_version.version"), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    # SHA-256 (hex) of the claim token handed out at registration; the token itself is never kept.
    # NULL on pieces registered before claim tokens existed: those cannot be read by reference.
    Column("claim_hash", String(64), nullable=True),
)

owned_piece_part = Table(
    "owned_piece_part",
    metadata,
    Column("order_reference", String(40), ForeignKey("owned_piece.order_reference"), nullable=False),
    Column("position", Integer, nullable=False),
    Column("sku", String(64), nullable=False, index=True),
    PrimaryKeyConstraint("order_reference", "position", name="pk_owned_piece_part"),
)


def normalise_url(url: str | URL) -> URL:
    """`postgresql://` and `postgres://` mean psycopg 3 here; every other URL is kept as given."""
    parsed = make_url(url)
    if parsed.drivername in ("postgresql", "postgres"):
        parsed = parsed.set(drivername="postgresql+psycopg")
    return parsed


def is_memory_sqlite(url: URL) -> bool:
    return url.get_backend_name() == "sqlite" and url.database in (None, "", ":memory:")


def make_engine(url: str | URL, *, echo: bool = False) -> Engine:
    """An engine for `url` with the transaction behaviour the store relies on."""
    parsed = normalise_url(url)
    if parsed.get_backend_name() == "sqlite":
        return _sqlite_engine(parsed, echo=echo)
    return create_engine(parsed, echo=echo, pool_pre_ping=True)


def _sqlite_engine(url: URL, *, echo: bool) -> Engine:
    connect_args: dict[str, Any] = {"timeout": 30.0}
    if is_memory_sqlite(url):
        # One shared connection, or every checkout would see its own empty database.
        connect_args["check_same_thread"] = False
        engine = create_engine(url, echo=echo, connect_args=connect_args, poolclass=StaticPool)
    else:
        engine = create_engine(url, echo=echo, connect_args=connect_args)

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # Take BEGIN away from the sqlite3 module (it skips BEGIN before SELECT, so reads in a
        # write transaction would not be isolated) and emit it ourselves in _on_begin.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.execute("PRAGMA busy_timeout = 30000")
        if not is_memory_sqlite(url):
            # Readers never block the writer nor each other; writers still go one at a time.
            cursor.execute("PRAGMA journal_mode = WAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Any) -> None:
        write = conn.get_execution_options().get(WRITE_OPTION, False)
        conn.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")

    return engine


def create_all(engine: Engine) -> None:
    """Create the tables and the head row if missing. Safe to run again and from many replicas."""
    with engine.connect() as conn:
        conn.execution_options(**{WRITE_OPTION: True})
        with conn.begin():
            if conn.dialect.name == "postgresql":
                conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _SCHEMA_LOCK_KEY})
            metadata.create_all(conn, checkfirst=True)
            _add_missing_columns(conn)
            head = conn.execute(catalog_head.select().where(catalog_head.c.id == 1)).first()
            if head is None:
                conn.execute(catalog_head.insert().values(id=1, version=0, schema_version=SCHEMA_VERSION))


def _add_missing_columns(conn: Connection) -> None:
    """Columns added after a store was first created (create_all only creates missing tables)."""
    present = {column["name"] for column in inspect(conn).get_columns(owned_piece.name)}
    if "claim_hash" not in present:
        conn.execute(text("ALTER TABLE owned_piece ADD COLUMN claim_hash VARCHAR(64)"))
