"""The hot path of a live workshop, served before Flask builds a request.

A thousand phones polling every two seconds ask for `GET /live/<code>/state`, and
nearly every answer is `304 Not Modified` or the same item for everyone. This WSGI
layer answers those requests with `poll.respond` inside a bare app context:
no request object, session, CSRF or template machinery. Everything else goes to Flask.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from http import HTTPStatus
from http.cookies import SimpleCookie

from flask import Flask

from ..database import reading_only
from ..extensions import db
from . import poll

STATE_PATH = re.compile(r"^/live/([A-Za-z0-9]{4,8})/state$")


class LiveStateFastPath:
    def __init__(self, app: Flask, wsgi_app: Callable):
        self.flask_app = app
        self.wsgi_app = wsgi_app

    def __call__(self, environ: dict, start_response: Callable) -> Iterable[bytes]:
        match = STATE_PATH.match(environ.get("PATH_INFO", ""))
        if not match or environ.get("REQUEST_METHOD") not in ("GET", "HEAD"):
            return self.wsgi_app(environ, start_response)
        code = match[1].upper()
        cookies = SimpleCookie(environ.get("HTTP_COOKIE", ""))
        seat = cookies.get(poll.seat_cookie_name(code))
        with self.flask_app.app_context(), reading_only():
            try:
                reply = poll.respond(code, seat.value if seat else None, environ.get("HTTP_IF_NONE_MATCH"))
            finally:
                db.session.remove()
        status = HTTPStatus(reply.status)
        start_response(f"{status.value} {status.phrase}", [*reply.headers, ("Content-Length", str(len(reply.body)))])
        return [b""] if environ["REQUEST_METHOD"] == "HEAD" else [reply.body]
