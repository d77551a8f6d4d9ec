"""Backing up and restoring a SQLite database while the course is running (SQLite's online backup API).

The copy is consistent even while phones are answering: SQLite copies page by page and starts over if a
write lands mid-copy. PostgreSQL has its own tools (`pg_dump`, `pg_restore`); these refuse it and say so.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from sqlalchemy.engine import make_url


class BackupError(ValueError):
    pass


def sqlite_path(database_url: str) -> Path:
    url = make_url(database_url)
    if url.get_backend_name() != "sqlite" or not url.database or url.database == ":memory:":
        raise BackupError(
            "flask backup copies a SQLite file; for PostgreSQL use pg_dump (see the README's Operations section)"
        )
    return Path(url.database)


def copy_database(source: Path, target: Path) -> None:
    """Copy `source` into `target` with the online backup API; `target` is created or replaced."""
    if not source.is_file():
        raise BackupError(f"no database at {source}")
    target.parent.mkdir(parents=True, exist_ok=True)
    with sqlite3.connect(source) as reading, sqlite3.connect(target) as writing:
        reading.backup(writing)
    with sqlite3.connect(target) as check:
        if check.execute("PRAGMA integrity_check").fetchone()[0] != "ok":
            raise BackupError(f"the copy at {target} failed SQLite's integrity check")
