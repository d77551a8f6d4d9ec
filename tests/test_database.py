"""Migrations match the models; SQLite is tuned for many threads; a locked database waits."""

from __future__ import annotations

import fcntl
import os
import sqlite3
import threading
import time

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import upgrade
from sqlalchemy import create_engine, select, text

from course.accounts.service import create_user
from course.database import reading_only
from course.extensions import db
from course.live import service as live
from course.models import User

from .conftest import GOOD_PASSWORD, POSTGRES_URL, make_app, post_form


@pytest.fixture
def sqlite_app(tmp_path):
    """SQLite's own tuning is checked on SQLite in every run, PostgreSQL runs included."""
    app = make_app(tmp_path, SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path / 'tuned.sqlite3'}")
    with app.app_context():
        db.create_all()
    yield app
    with app.app_context():
        db.engine.dispose()


def test_migrations_build_exactly_the_models_schema(tmp_path):
    if POSTGRES_URL:
        url = f"{POSTGRES_URL}?options=-csearch_path%3Dmigration_check"
        engine = create_engine(POSTGRES_URL)
        with engine.begin() as connection:
            connection.execute(text("DROP SCHEMA IF EXISTS migration_check CASCADE"))
            connection.execute(text("CREATE SCHEMA migration_check"))
        engine.dispose()
    else:
        url = f"sqlite:///{tmp_path / 'migrated.sqlite3'}"
    app = make_app(tmp_path, SQLALCHEMY_DATABASE_URI=url)
    with app.app_context():
        upgrade()
        with db.engine.connect() as connection:
            differences = compare_metadata(MigrationContext.configure(connection), db.metadata)
        db.engine.dispose()
    assert differences == []


def test_sqlite_runs_in_wal_mode_with_foreign_keys(sqlite_app):
    with sqlite_app.app_context():
        assert db.session.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert db.session.execute(text("PRAGMA foreign_keys")).scalar() == 1
        assert db.session.execute(text("PRAGMA busy_timeout")).scalar() >= 5000


def test_a_briefly_locked_database_makes_a_write_wait_then_succeed(sqlite_app):
    client = sqlite_app.test_client()
    database = sqlite_app.config["SQLALCHEMY_DATABASE_URI"].removeprefix("sqlite:///")
    token_page = client.get("/lessons/why-this-campaign")
    assert token_page.status_code == 200
    holder = sqlite3.connect(database, isolation_level=None, check_same_thread=False)
    holder.execute("BEGIN IMMEDIATE")
    release = threading.Timer(0.5, holder.execute, args=("COMMIT",))
    release.start()
    started = time.monotonic()
    response = post_form(client, "/lessons/why-this-campaign", {}, action="/lessons/why-this-campaign/done")
    waited = time.monotonic() - started
    release.join()
    holder.close()
    assert response.status_code == 303
    assert waited >= 0.4
    assert "1 of 6 lessons done" in client.get("/").get_data(as_text=True)


def test_reads_are_not_blocked_by_a_writer(sqlite_app):
    client = sqlite_app.test_client()
    database = sqlite_app.config["SQLALCHEMY_DATABASE_URI"].removeprefix("sqlite:///")
    holder = sqlite3.connect(database, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        started = time.monotonic()
        assert client.get("/").status_code == 200
        assert time.monotonic() - started < 2
    finally:
        holder.execute("ROLLBACK")
        holder.close()


def test_live_polls_are_not_blocked_by_a_writer(sqlite_app):
    """A thousand phones polling must never queue behind the answers being written."""
    with sqlite_app.app_context():
        plan = sqlite_app.extensions["course_catalog"].decks["school-workshop-30"]
        code = live.create_session(plan, None, 5).code
        db.session.commit()
    client = sqlite_app.test_client()
    database = sqlite_app.config["SQLALCHEMY_DATABASE_URI"].removeprefix("sqlite:///")
    holder = sqlite3.connect(database, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        started = time.monotonic()
        polled = client.get(f"/live/{code}/state")
        assert polled.status_code == 200 and polled.get_json()["status"] == "waiting"
        assert time.monotonic() - started < 2
    finally:
        holder.execute("ROLLBACK")
        holder.close()


def test_a_backup_taken_while_running_restores_what_was_there(tmp_path):
    database = tmp_path / "live.sqlite3"
    app = make_app(tmp_path, SQLALCHEMY_DATABASE_URI=f"sqlite:///{database}")
    with app.app_context():
        db.create_all()
        create_user("before", GOOD_PASSWORD)
        db.session.commit()
    runner = app.test_cli_runner()
    backup = tmp_path / "backups" / "course.sqlite3"
    result = runner.invoke(args=["backup", str(backup)])
    assert result.exit_code == 0 and "instance/secret_key" in result.output
    with app.app_context():
        create_user("after", GOOD_PASSWORD)
        db.session.commit()
        db.engine.dispose()
    assert runner.invoke(args=["restore", str(backup), "--yes"]).exit_code == 0
    with app.app_context():
        names = set(db.session.scalars(select(User.username)))
    assert names == {"before"}


def test_backup_refuses_postgresql_and_points_to_pg_dump(tmp_path):
    from course.backup import BackupError, sqlite_path

    with pytest.raises(BackupError, match="pg_dump"):
        sqlite_path("postgresql+psycopg://postgres@127.0.0.1/test")


def test_each_server_thread_keeps_a_pooled_connection(sqlite_app):
    """With a smaller pool, connections beyond it are closed as they come back and reopened for the next burst."""
    from course.rsgi import server_threads

    with sqlite_app.app_context():
        assert db.engine.pool.size() == server_threads() >= 8


def test_writers_of_one_process_take_turns_and_an_abandoned_write_frees_its_turn(sqlite_app):
    with sqlite_app.app_context():
        engine = db.engine
        abandoned = engine.connect()
        abandoned.begin()  # a write transaction (no request: it may write), then given back without commit
        abandoned.close()
        finished = []

        def write() -> None:
            with engine.begin() as connection:
                connection.execute(text("SELECT 1"))
            finished.append(time.monotonic())

        started = time.monotonic()
        writers = [threading.Thread(target=write) for _ in range(8)]
        for writer in writers:
            writer.start()
        for writer in writers:
            writer.join(timeout=30)
        assert len(finished) == 8 and max(finished) - started < 5  # no one waited out the 15 s turn


def lock_file_is_free(app) -> bool:
    """Whether another process could take the writers' lock file now (flock conflicts across open files)."""
    other = os.open(app.config["SQLALCHEMY_DATABASE_URI"].removeprefix("sqlite:///") + "-writers", os.O_RDWR)
    try:
        fcntl.flock(other, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    finally:
        os.close(other)  # closing it lets go of the lock, if it was taken
    return True


@pytest.mark.parametrize("ending", ["commit", "rollback", "abandon"])
def test_a_write_holds_the_lock_other_processes_wait_on_until_it_ends(sqlite_app, ending):
    """The server's workers take turns on a lock file: one never let go would stop every other worker."""
    with sqlite_app.app_context():
        connection = db.engine.connect()
        transaction = connection.begin()  # outside a request: a transaction that may write
        connection.execute(text("SELECT 1"))
        assert not lock_file_is_free(sqlite_app)
        if ending == "abandon":
            connection.close()  # given back to the pool mid-transaction
        else:
            getattr(transaction, ending)()
        assert lock_file_is_free(sqlite_app)
        connection.close()
        with db.engine.connect() as reader, reading_only():
            reader.execute(text("SELECT 1"))  # a read takes no turn
            assert lock_file_is_free(sqlite_app)
