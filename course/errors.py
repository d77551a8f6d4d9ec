"""Friendly error pages that tell people what happened and what to do next."""

from flask import Flask, render_template
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException, SecurityError

from .events import security_event
from .extensions import db


def register_error_handlers(app: Flask) -> None:
    @app.errorhandler(CSRFError)
    def csrf_error(error: CSRFError):
        security_event("csrf_failed", reason=error.description)
        return render_template("errors/csrf.html", reason=error.description), 400

    @app.errorhandler(404)
    def not_found(_error: HTTPException):
        return render_template("errors/404.html", course=app.extensions["course_catalog"]), 404

    @app.errorhandler(429)
    def too_many(_error: HTTPException):
        return render_template("errors/429.html"), 429

    @app.errorhandler(500)
    def server_error(_error: Exception):
        db.session.rollback()
        return render_template("errors/500.html"), 500

    @app.errorhandler(SecurityError)
    def untrusted_host(_error: SecurityError):
        """A Host outside TRUSTED_HOSTS: no page can be drawn, since no address can be built for it."""
        return "This address is not served here.\n", 400, {"Content-Type": "text/plain; charset=utf-8"}

    @app.errorhandler(HTTPException)
    def other_http_error(error: HTTPException):
        return render_template("errors/generic.html", error=error), error.code or 500
