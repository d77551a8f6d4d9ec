"""Pause Before You Post: a course for parents about their children's privacy online."""

from __future__ import annotations

import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from flask import Flask
from flask_babel import lazy_gettext
from werkzeug.middleware.proxy_fix import ProxyFix

from . import config
from .cli import register_commands
from .content import Catalog, ContentError, ContentPaths
from .content.regional import reading_for
from .content.translation import TranslationReport, reading_language
from .database import in_memory_sqlite, sqlite_engine_options, tune_sqlite
from .errors import register_error_handlers
from .events import install_request_ids
from .extensions import csrf, db, limiter, login_manager, migrate
from .features import BLUEPRINTS, load_course
from .i18n import DEFAULT_LANGUAGE, LANGUAGES, install_languages, page_language
from .lessons.video import build_video_blocks, frame_origins
from .live.fastpath import LiveFastPath
from .live.join_pages import JoinPages
from .models import User
from .page_strings import page_strings
from .rsgi import server_threads
from .security import install_security_headers
from .web import translation_state

PROJECT_ROOT = config.PROJECT_ROOT
DEFAULT_TITLE = "Pause Before You Post"
ILLUSTRATION_MAX_AGE = 3600  # a room of phones fetches each picture once, not again on every item change


class CourseFlask(Flask):
    def get_send_file_max_age(self, filename: str | None) -> int | None:
        if filename and filename.startswith("illustrations/"):
            return ILLUSTRATION_MAX_AGE
        return super().get_send_file_max_age(filename)


def create_app(
    test_config: dict[str, Any] | None = None,
    catalog: Catalog | None = None,
    translations: Mapping[str, Catalog] | None = None,
) -> Flask:
    """The app. `catalog` (and `translations`, by language) is content already loaded from the same paths:
    tests build it once. Given a catalog but no translations, every language shows the English."""
    app = CourseFlask(
        __name__,
        instance_path=str(PROJECT_ROOT / "instance"),
        template_folder=str(PROJECT_ROOT / "templates"),
        static_folder=str(PROJECT_ROOT / "static"),
    )
    app.config.update(config.FIXED_SETTINGS)
    app.config.update(config.from_environment(Path(app.instance_path)))
    app.config.update(test_config or {})
    config.check_settings(app.config)
    if not app.config["SECRET_KEY"]:
        app.config["SECRET_KEY"] = config.load_secret_key(Path(app.instance_path))
    app.config.setdefault(
        "CONTENT_PATHS",
        ContentPaths(
            lessons=Path(app.config["LESSONS_DIR"]),
            quizzes=Path(app.config["QUIZZES_DIR"]),
            static=Path(app.static_folder),
        ),
    )
    _merge_engine_options(app)

    _load_content(app, catalog, translations)
    _init_extensions(app)
    _register_features(app)
    app.extensions["live_join_pages"] = JoinPages(app)
    app.wsgi_app = LiveFastPath(app, app.wsgi_app)
    if app.config["TRUSTED_PROXIES"]:
        hops = app.config["TRUSTED_PROXIES"]
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops)
    return app


def _merge_engine_options(app: Flask) -> None:
    options = dict(app.config["SQLALCHEMY_ENGINE_OPTIONS"])
    if not in_memory_sqlite(app.config["SQLALCHEMY_DATABASE_URI"]):  # that one has a single, static connection
        # One pooled connection per server thread: with fewer, the pool closes the extra ones as they come
        # back, and a burst of answers then opens a new database connection for many of them.
        options.setdefault("pool_size", server_threads())
    options.update(sqlite_engine_options(app.config["SQLALCHEMY_DATABASE_URI"]))
    app.config["SQLALCHEMY_ENGINE_OPTIONS"] = options


def _load_content(app: Flask, catalog: Catalog | None, translations: Mapping[str, Catalog] | None) -> None:
    """Parse, validate and render all content once, in every language; refuse to start on any problem."""
    reports: dict[str, TranslationReport] = {}
    try:
        if catalog is None:
            with reading_for(app.config["REGION"]):
                catalog = load_course(app.config["CONTENT_PATHS"])
            translations = {}
            for language in LANGUAGES:
                if language != DEFAULT_LANGUAGE:
                    with reading_language(language) as reports[language]:
                        translations[language] = load_course(app.config["CONTENT_PATHS"])
    except ContentError:
        if not _checking_content_from_cli():
            raise
        catalog = None  # `course check` reports the problems itself
    catalogs = {language: (translations or {}).get(language, catalog) for language in LANGUAGES}
    app.extensions["course_catalog"] = catalog
    app.extensions["course_catalogs"] = catalogs
    app.extensions["course_translations"] = reports
    overrides = {"campaign": app.config["CAMPAIGN_VIDEO_URL"]}
    app.extensions["course_videos"] = build_video_blocks(dict(catalog.videos) if catalog else {}, overrides)


def _checking_content_from_cli() -> bool:
    args = sys.argv[1:]
    return any(args[i : i + 2] == ["course", "check"] for i in range(len(args)))


def _init_extensions(app: Flask) -> None:
    db.init_app(app)
    with app.app_context():
        tune_sqlite(db.engine)
    migrate.init_app(app, db, directory=str(PROJECT_ROOT / "migrations"))
    csrf.init_app(app)
    limiter.init_app(app)
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.login_message = lazy_gettext("Please log in to see that page.")
    login_manager.session_protection = "basic"

    @login_manager.user_loader
    def load_user(alternative_id: str) -> User | None:
        return db.session.scalar(db.select(User).where(User.alternative_id == alternative_id))


def _register_features(app: Flask) -> None:
    install_security_headers(app, frame_origins(app.extensions["course_videos"]))
    install_languages(app)
    app.jinja_env.globals.update(page_strings=page_strings, translation_state=translation_state)
    install_request_ids(app)
    for blueprint in BLUEPRINTS:
        app.register_blueprint(blueprint)
    register_error_handlers(app)
    register_commands(app)

    @app.context_processor
    def course_title() -> dict[str, str]:
        loaded = app.extensions["course_catalogs"].get(page_language()) or app.extensions.get("course_catalog")
        return {"course_title": loaded.title if loaded else DEFAULT_TITLE}
