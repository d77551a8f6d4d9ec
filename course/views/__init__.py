"""Blueprints, one per feature. Views stay thin: parse, call a service, render."""

from flask import Flask, current_app

from ..content import Catalog
from ..video import VideoBlock


def catalog() -> Catalog:
    return current_app.extensions["course_catalog"]


def video_blocks() -> dict[str, VideoBlock]:
    return current_app.extensions["course_videos"]


DEFAULT_TITLE = "Pause Before You Post"


def register_blueprints(app: Flask) -> None:
    from . import admin, auth, facilitate, kiosk, lessons, live_views, me, pages, quizzes, resume, scenarios

    for module in (pages, lessons, scenarios, quizzes, me, resume, live_views, facilitate, kiosk, admin, auth):
        app.register_blueprint(module.bp)

    @app.context_processor
    def course_title() -> dict[str, str]:
        loaded = app.extensions.get("course_catalog")
        return {"course_title": loaded.title if loaded else DEFAULT_TITLE}
