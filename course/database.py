"""Engine tuning: SQLite made safe for many threads, PostgreSQL left as it is."""

from __future__ import annotations

import fcntl
import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from functools import cache
from pathlib import Path
from weakref import WeakKeyDictionary

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

    turns = WriterTurns(None if in_memory_sqlite(str(engine.url)) else engine.url.database)
    _writer_turns[engine] = turns

    @event.listens_for(engine, "begin")
    def _on_begin(connection) -> None:
        if not _may_write():
            connection.exec_driver_sql("BEGIN")
            return
        if turns.take():
            connection.info[HOLDS_WRITE_TURN] = True
        try:
            connection.exec_driver_sql("BEGIN IMMEDIATE")
        except Exception:
            _end_write_turn(connection.info)
            raise

    def _end_write_turn(info: dict) -> None:
        if info.pop(HOLDS_WRITE_TURN, False):
            turns.give_back()

    for name in ("commit", "rollback"):
        event.listen(engine, name, lambda connection: _end_write_turn(connection.info))
    # A connection dropped (invalidated) or given back to the pool mid-transaction ends it without those events.
    for name in ("invalidate", "checkin"):
        event.listen(engine, name, lambda _dbapi, record, *_: _end_write_turn(record.info))


class WriterTurns:
    """SQLite's writers, one at a time, waiting their turn asleep: the threads of a process on a lock, and the
    processes (the server's workers, a CLI command) on a lock file beside the database.

    SQLite's own wait for its write lock sleeps and retries, 1 ms, then 2, 5, 10, up to 100: two workers
    answering a room at once kept missing each other's turns, and an answer cost up to twice the CPU.
    Here a writer is woken as soon as the one before it is done. The lock file is held only while one of
    this app's write transactions is open (a statement, or a request that writes), and a process that
    dies lets it go.
    """

    def __init__(self, database: str | None):
        self.threads = threading.Lock()
        self.lock_path = f"{database}-writers" if database else None
        self.lock_file: int | None = None  # opened on the first write, beside the database SQLite has created

    def take(self) -> bool:
        """Wait for the turn; False when it did not come in time (SQLite's own busy timeout applies then)."""
        if not self.threads.acquire(timeout=SQLITE_BUSY_TIMEOUT_SECONDS):
            return False
        try:
            if self.lock_file is None and self.lock_path:
                self.lock_file = os.open(self.lock_path, os.O_RDWR | os.O_CREAT, 0o600)
            if self.lock_file is not None:
                fcntl.flock(self.lock_file, fcntl.LOCK_EX)
        except OSError:
            self.threads.release()
            raise
        return True

    def give_back(self) -> None:
        if self.lock_file is not None:
            fcntl.flock(self.lock_file, fcntl.LOCK_UN)
        self.threads.release()


_writer_turns: WeakKeyDictionary[Engine, WriterTurns] = WeakKeyDictionary()


@contextmanager
def write_turn(engine: Engine) -> Iterator[None]:
    """Hold this SQLite database's write turn (nothing to wait for on PostgreSQL) for one statement that writes
    outside a transaction of the ORM session."""
    turns = _writer_turns.get(engine)
    took = turns.take() if turns else False
    try:
        yield
    finally:
        if took:
            turns.give_back()


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
