"""The central server's database: SQLAlchemy Core over SQLite (embedded default) or PostgreSQL.

Nothing that matters lives in the server process: every instance works only through these
tables, so several can run behind a load balancer on one PostgreSQL. Pushes from one origin
serialize on that origin's ``origin_epochs`` row (``SELECT ... FOR UPDATE`` on PostgreSQL,
``BEGIN IMMEDIATE`` on SQLite, plus a conditional update of the high-water mark on both).
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from sqlalchemy import (
    BigInteger,
    Column,
    Connection,
    Engine,
    Float,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    create_engine,
    event,
)

metadata = MetaData()

events = Table(
    "events", metadata,
    Column("origin", String(40), primary_key=True),
    Column("epoch", BigInteger, primary_key=True, autoincrement=False),
    Column("seq", BigInteger, primary_key=True, autoincrement=False),
    Column("uuid", String(64), nullable=False),
    Column("ts", String(40), nullable=False),
    Column("type", String(60), nullable=False),
    Column("payload", Text, nullable=False),
    Column("prev_hash", String(64), nullable=False),
    Column("hash", String(64), nullable=False),
    Column("received_at", Float, nullable=False),
)

origin_epochs = Table(
    "origin_epochs", metadata,
    Column("origin", String(40), primary_key=True),
    Column("epoch", BigInteger, primary_key=True, autoincrement=False),
    Column("acked_seq", BigInteger, nullable=False),
    Column("last_hash", String(64), nullable=False),
    Column("updated_at", Float, nullable=False),
)

quarantine = Table(
    "quarantine", metadata,
    Column("origin", String(40), primary_key=True),
    Column("epoch", BigInteger, primary_key=True, autoincrement=False),
    Column("seq", BigInteger, primary_key=True, autoincrement=False),
    Column("hash", String(80), primary_key=True),   # "" when the event had no readable hash
    Column("code", String(40), nullable=False),
    Column("reason", Text, nullable=False),
    Column("event", Text, nullable=False),
    Column("first_seen", Float, nullable=False),
    Column("last_seen", Float, nullable=False),
    Column("times", Integer, nullable=False),
)

nonces = Table(
    "nonces", metadata,
    Column("origin", String(40), primary_key=True),
    Column("nonce", String(64), primary_key=True),
    Column("ts", Float, nullable=False),
    Index("nonces_ts", "ts"),
)

catalogues = Table(
    "catalogues", metadata,
    Column("hall", String(40), primary_key=True),
    Column("version", Integer, primary_key=True, autoincrement=False),
    Column("doc", Text, nullable=False),      # canonical JSON of the catalogue tables
    Column("source", Text, nullable=False),   # the TOML as published, for people
    Column("created_at", Float, nullable=False),
    Column("created_by", String(80), nullable=False),
)

# Projections, updated in the same transaction as the events they come from.
ticket_facts = Table(
    "ticket_facts", metadata,
    Column("hall", String(40), primary_key=True),
    Column("ticket", String(64), primary_key=True),
    Column("day", String(10), nullable=False),
    Column("number", String(16)),
    Column("service", String(40)),
    Column("window", Integer),
    Column("state", String(20)),
    Column("priority", String(20)),
    Column("wait_s", Float),      # called - issued
    Column("service_s", Float),   # finished - started
    Column("rating_level", Integer),
    Column("rated", Integer),     # 1 rated, 0 declined/timeout, NULL no rating event yet
    Column("rating_window", Integer),
    Index("ticket_facts_day", "hall", "day"),
)

day_counters = Table(
    "day_counters", metadata,
    Column("hall", String(40), primary_key=True),
    Column("day", String(10), primary_key=True),
    Column("key", String(80), primary_key=True),
    Column("n", BigInteger, nullable=False),
)


def database_url(db: str) -> str:
    """``--db`` value to a SQLAlchemy URL: a file path means embedded SQLite."""
    if db.startswith("postgresql://") or db.startswith("postgres://"):
        return "postgresql+psycopg://" + db.split("://", 1)[1]
    if "://" in db:
        return db
    return "sqlite:///" + str(Path(db).resolve())


def make_engine(db: str, *, create: bool = True) -> Engine:
    url = database_url(db)
    if url.startswith("sqlite"):
        path = url.split("///", 1)[1] if "///" in url else ""
        if path and path != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, connect_args={"timeout": 60, "check_same_thread": False})

        @event.listens_for(engine, "connect")
        def _connect(dbapi_conn: Any, record: Any) -> None:
            dbapi_conn.isolation_level = None  # we issue BEGIN ourselves
            cur = dbapi_conn.cursor()
            cur.execute("PRAGMA journal_mode=WAL")
            cur.execute("PRAGMA synchronous=FULL")  # an ack is only sent after a durable commit
            cur.execute("PRAGMA busy_timeout=60000")
            cur.close()

        @event.listens_for(engine, "begin")
        def _begin(conn: Connection) -> None:
            # One writer at a time across processes too: the whole push is one serialized tx.
            # Readers (see reading()) take no write lock.
            if conn.get_execution_options().get("reading"):
                conn.exec_driver_sql("BEGIN")
            else:
                conn.exec_driver_sql("BEGIN IMMEDIATE")
    else:
        engine = create_engine(url, pool_pre_ping=True, pool_size=int(os.environ.get("KIOSK_DB_POOL", "8")))
    if create:
        metadata.create_all(engine)
    return engine


def reading(engine: Engine) -> Connection:
    """A connection for reads only (no write lock on SQLite)."""
    return engine.connect().execution_options(reading=True)


def _insert(conn: Connection, table: Table) -> Any:
    """The dialect's INSERT that knows ON CONFLICT (both spell it the same way)."""
    if conn.dialect.name == "postgresql":
        from sqlalchemy.dialects import postgresql
        return postgresql.insert(table)
    from sqlalchemy.dialects import sqlite
    return sqlite.insert(table)


def upsert(conn: Connection, table: Table, rows: Sequence[dict[str, Any]], keys: Iterable[str],
           set_cols: Iterable[str] = (), add_cols: Iterable[str] = ()) -> None:
    """INSERT ... ON CONFLICT (keys) DO UPDATE: ``set_cols`` take the new value, ``add_cols``
    are summed. Written once for both dialects."""
    if not rows:
        return
    stmt = _insert(conn, table)
    set_: dict[str, Any] = {c: stmt.excluded[c] for c in set_cols}
    set_.update({c: table.c[c] + stmt.excluded[c] for c in add_cols})
    if set_:
        stmt = stmt.on_conflict_do_update(index_elements=list(keys), set_=set_)
    else:
        stmt = stmt.on_conflict_do_nothing(index_elements=list(keys))
    conn.execute(stmt, list(rows))


def insert_ignore(conn: Connection, table: Table, row: dict[str, Any], keys: Iterable[str]) -> int:
    """Insert one row unless its key exists; returns 1 when inserted."""
    keys = list(keys)
    stmt = _insert(conn, table).values(**row).on_conflict_do_nothing(index_elements=keys)
    # rowcount is not reliable here across drivers (psycopg reports -1): count RETURNING rows.
    return len(conn.execute(stmt.returning(table.c[keys[0]])).all())
