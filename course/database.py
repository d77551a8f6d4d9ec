"""Engine tuning: SQLite made safe for many threads, PostgreSQL left as it is."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from functools import cache
from pathlib import Path

from alembic.script import ScriptDirectory
from flask import has_request_context, request
from sqlalchemy import event, make_url
from sqlalchemy.engine import Engine

from .extensions import db

MIGRATIONS = Path(__file__).resolve().parent.parent / "migrations"
READ_ONLY_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
SQLITE_BUSY_TIMEOUT_SECONDS = 15
HOLDS_WRITE_TURN = "course.holds_write_turn"
_reading_only: ContextVar[bool] = ContextVar("reading_only", default=False)


def in_memory_sqlite(uri: str) -> bool:
    url = make_url(uri)
    return url.get_backend_name() == "sqlite" and url.database in (None, "", ":memory:")


def sqlite_engine_options(uri: str) -> dict[str, object]:
    if not uri.startswith("sqlite"):
        return {}
    # A file on this machine never drops a connection: no "SELECT 1" before each use, as a server needs.
    return {
        "connect_args": {"timeout": SQLITE_BUSY_TIMEOUT_SECONDS, "check_same_thread": False},
        "pool_pre_ping": False,
    }


def tune_sqlite(engine: Engine) -> None:
    """WAL, a busy timeout, foreign keys, and write transactions that lock up front.

    A deferred SQLite transaction that reads and then writes fails at once with
    "database is locked" when another writer got in between, whatever the busy
    timeout. Requests that may write (anything but GET/HEAD/OPTIONS, and CLI
    commands) therefore begin with BEGIN IMMEDIATE and wait their turn; reads stay
    deferred so that they never queue behind writers.
    """
    if engine.dialect.name != "sqlite":
        return

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record) -> None:
        dbapi_connection.isolation_level = None  # we emit BEGIN ourselves
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA secure_delete=ON")  # erased rows are overwritten in the file, not just unlinked
        cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_SECONDS * 1000}")
        cursor.close()

    writers = threading.Lock()  # this process's writers queue here, not inside SQLite

    @event.listens_for(engine, "begin")
    def _on_begin(connection) -> None:
        if not _may_write():
            connection.exec_driver_sql("BEGIN")
            return
        # SQLite's own wait for the write lock keeps retrying on the CPU: with a dozen threads waiting at once
        # (a room's answers), it cost more than the answers. Threads of one process wait their turn here instead.
        if writers.acquire(timeout=SQLITE_BUSY_TIMEOUT_SECONDS):
            connection.info[HOLDS_WRITE_TURN] = True
        try:
            connection.exec_driver_sql("BEGIN IMMEDIATE")
        except Exception:
            _end_write_turn(connection.info)
            raise

    def _end_write_turn(info: dict) -> None:
        if info.pop(HOLDS_WRITE_TURN, False):
            writers.release()

    for name in ("commit", "rollback"):
        event.listen(engine, name, lambda connection: _end_write_turn(connection.info))
    # A connection dropped (invalidated) or given back to the pool mid-transaction ends it without those events.
    for name in ("invalidate", "checkin"):
        event.listen(engine, name, lambda _dbapi, record, *_: _end_write_turn(record.info))


@contextmanager
def reading_only() -> Iterator[None]:
    """Work that only reads, outside a request (the live fast path): its transactions stay deferred."""
    token = _reading_only.set(True)
    try:
        yield
    finally:
        _reading_only.reset(token)


def _may_write() -> bool:
    if _reading_only.get():
        return False
    if has_request_context():
        return request.method not in READ_ONLY_METHODS
    return True


@cache
def schema_head() -> str:
    """The migration the code expects the database to be at (the newest file in migrations/versions)."""
    return ScriptDirectory(str(MIGRATIONS)).get_current_head() or ""


def flush_erased_pages() -> None:
    """After an erasure on SQLite, copy the write-ahead log into the database and empty it, so the erased
    rows' old pages do not linger in the -wal file until some later checkpoint."""
    if db.engine.dialect.name != "sqlite":
        return
    connection = db.engine.raw_connection()  # outside any transaction: a checkpoint cannot run inside one
    try:
        connection.driver_connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        connection.close()
