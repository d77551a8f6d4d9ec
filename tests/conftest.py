"""Shared fixtures: an app on a fresh database (SQLite, or PostgreSQL via TEST_DATABASE_URL)."""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import text

from course import config, create_app
from course.accounts.service import create_user
from course.content import Catalog, ContentPaths
from course.content.translation import reading_language
from course.database import schema_head
from course.extensions import db
from course.features import load_course
from course.i18n import DEFAULT_LANGUAGE, LANGUAGES
from course.models import Role

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
POSTGRES_URL = os.environ.get("TEST_DATABASE_URL", "")
GOOD_PASSWORD = "maple otter lantern 42"
TEST_SECRET_KEY = "test-only-secret-key-not-for-any-server"  # as long as a real one must be
CSRF_INPUT = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"|content="([^"]+)"\s+name="csrf-token"')


# Hermetic: the operator's settings in this shell never reach a test (each test sets what it needs).
for _setting in config.ENVIRONMENT_SETTINGS:
    os.environ.pop(_setting, None)

_catalog: list[Catalog] = []
_translations: dict[str, Catalog] = {}


def course_catalog() -> Catalog:
    """The real course content, parsed once per test run: every app of the run shares it (it is immutable)."""
    if not _catalog:
        _catalog.append(load_course(ContentPaths(ROOT / "lessons", ROOT / "quizzes", ROOT / "static")))
    return _catalog[0]


def course_translations() -> dict[str, Catalog]:
    """The course in every other language, parsed once per test run like the English."""
    if not _translations:
        for language in LANGUAGES:
            if language != DEFAULT_LANGUAGE:
                with reading_language(language):
                    _translations[language] = load_course(
                        ContentPaths(ROOT / "lessons", ROOT / "quizzes", ROOT / "static")
                    )
    return _translations


def pytest_report_header() -> str:
    return f"database: {'PostgreSQL' if POSTGRES_URL else 'SQLite'}"


@pytest.fixture(scope="session")
def postgres_schema() -> Iterator[None]:
    """On PostgreSQL, build the schema once per run; each test then empties the tables."""
    if not POSTGRES_URL:
        yield
        return
    app = create_app({"SECRET_KEY": TEST_SECRET_KEY, "SQLALCHEMY_DATABASE_URI": POSTGRES_URL})
    with app.app_context():
        db.drop_all()
        with db.engine.begin() as connection:
            connection.execute(text("DROP TABLE IF EXISTS alembic_version"))
        create_schema()
        db.engine.dispose()
    yield


def create_schema() -> None:
    """The tables as the models declare them, marked as being at the newest migration (a test checks they match)."""
    db.create_all()
    with db.engine.begin() as connection:
        connection.execute(text("CREATE TABLE IF NOT EXISTS alembic_version (version_num VARCHAR(32) NOT NULL)"))
        connection.execute(text("DELETE FROM alembic_version"))
        connection.execute(text("INSERT INTO alembic_version (version_num) VALUES (:head)"), {"head": schema_head()})


_apps_made: list[Flask] = []


@pytest.fixture(autouse=True)
def _dispose_engines() -> Iterator[None]:
    """Close the database connections of every app a test made, so none is left open."""
    yield
    while _apps_made:
        made = _apps_made.pop()
        with made.app_context():
            db.session.remove()
            db.engine.dispose()


def make_app(tmp_path: Path, **overrides: object) -> Flask:
    database_url = POSTGRES_URL or f"sqlite:///{tmp_path / 'test.sqlite3'}"
    settings = {
        "TESTING": True,
        "SECRET_KEY": TEST_SECRET_KEY,
        "SQLALCHEMY_DATABASE_URI": database_url,
        "RATELIMIT_STORAGE_URI": "memory://",
        "LIVE_STATE_CACHE_SECONDS": 0,
        "PASSWORD_HASH_METHOD": "scrypt:1024:8:1",  # the same algorithm at a cost a test run can afford
        **overrides,
    }
    own_content = any(key in overrides for key in ("CONTENT_PATHS", "LESSONS_DIR", "QUIZZES_DIR", "REGION"))
    shared = not own_content
    made = create_app(settings, course_catalog() if shared else None, course_translations() if shared else None)
    _apps_made.append(made)
    return made


@pytest.fixture(autouse=True)
def _push_request_context():
    """Replace pytest-flask's test-wide request context.

    That context makes every request of a test share one app context, and so one
    database session that is never closed between requests, which no real browser
    sees. Here each request gets its own context, exactly as in production.
    """
    yield


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    """A browser-like client. pytest-flask's own keeps the last request's context
    pushed (`with app.test_client()`), so a second client would share its `g`."""
    return app.test_client()


@pytest.fixture
def runner(app: Flask):
    return app.test_cli_runner()


@pytest.fixture
def app(tmp_path: Path, postgres_schema: None) -> Iterator[Flask]:
    app = make_app(tmp_path)
    with app.app_context():
        if not POSTGRES_URL:
            create_schema()
    yield app
    with app.app_context():
        db.session.remove()
        if POSTGRES_URL:
            names = ", ".join(table.name for table in db.metadata.sorted_tables)
            with db.engine.begin() as connection:
                connection.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
        db.engine.dispose()


def csrf_from(html: str) -> str:
    match = CSRF_INPUT.search(html)
    assert match, "page has no CSRF token"
    return match[1] or match[2]


def post_form(client: FlaskClient, page: str, data: dict, action: str | None = None, **kwargs):
    """Submit a form the way a browser does: fetch the page, take its CSRF token, post."""
    token = csrf_from(client.get(page).get_data(as_text=True))
    return client.post(action or page, data={**data, "csrf_token": token}, **kwargs)


class AuthActions:
    def __init__(self, client: FlaskClient, app: Flask):
        self.client = client
        self.app = app

    def create(self, username: str = "parent1", password: str = GOOD_PASSWORD, role: Role = Role.LEARNER) -> str:
        with self.app.app_context():
            create_user(username, password, role)
            db.session.commit()
        return username

    def login(self, username: str = "parent1", password: str = GOOD_PASSWORD, next_: str = ""):
        page = "/login" + (f"?next={next_}" if next_ else "")
        return post_form(
            self.client, page, {"username": username, "password": password, "next": next_}, action="/login"
        )

    def logout(self):
        return post_form(self.client, "/", {}, action="/logout")


@pytest.fixture
def auth(client: FlaskClient, app: Flask) -> AuthActions:
    return AuthActions(client, app)


@pytest.fixture
def facilitator(client: FlaskClient, auth: AuthActions) -> FlaskClient:
    """A browser logged in as the facilitator "kim"."""
    auth.create("kim", role=Role.FACILITATOR)
    auth.login("kim")
    return client


@pytest.fixture
def fixture_content() -> Path:
    return FIXTURES / "content"
