"""The hot path of a live workshop, served before Flask builds a request.

A thousand phones poll `GET /live/<code>/state` every two seconds, and when a question opens they
all `POST /live/<code>/answer` within a few seconds. This WSGI layer serves those two inside a bare
app context: no request object, session or template machinery. `poll.respond` and
`answer_post.respond` make every check themselves. When the room scans the QR code together, it also
serves the join page and the join (`fast_join`), handing Flask every case out of the ordinary.
Everything else goes to Flask.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from http import HTTPStatus

from flask import Flask
from sqlalchemy.exc import SQLAlchemyError
from werkzeug.http import parse_cookie

from ..database import reading_only
from ..extensions import db
from ..i18n import language_of
from ..security import HSTS
from . import answer_post, answered, fast_join, poll
from .guessing import MissCounter
from .replies import Reply, json_reply
from .seats import seat_cookie_name
from .service import normalise_code

SERVER_ERROR = json_reply(500, {"error": "something went wrong on our side"})
TOO_MANY_GUESSES = json_reply(429, {"error": "too many unknown codes: wait a minute and check the code"})
LIVE_PATH = re.compile(r"\A/live/([A-Za-z0-9]{4,8})/(state|answer)\Z")  # \Z: "$" would allow a trailing newline


class LiveFastPath:
    def __init__(self, app: Flask, wsgi_app: Callable):
        self.flask_app = app
        self.wsgi_app = wsgi_app
        self.misses = MissCounter()

    def __call__(self, environ: dict, start_response: Callable) -> Iterable[bytes]:
        path, method = environ.get("PATH_INFO", ""), environ.get("REQUEST_METHOD")
        if match := LIVE_PATH.match(path):
            if match[2] == "state" and method in ("GET", "HEAD"):
                return self._send(self._guarded(self._poll, environ, match[1]), environ, start_response)
            if match[2] == "answer" and method == "POST":
                return self._send(self._guarded(self._answer, environ, match[1]), environ, start_response)
        elif method in ("GET", "HEAD") and (match := fast_join.JOIN_PAGE_PATH.match(path)):
            reply = self._joining(fast_join.join_page, environ, match[1])
            if reply is not None:
                return self._send(reply, environ, start_response)
        elif method == "POST" and path == "/join":
            reply = self._joining(fast_join.join_post, environ)
            if reply is not None:
                return self._send(reply, environ, start_response)
        return self.wsgi_app(environ, start_response)

    def _guarded(self, handler: Callable[[dict, str], Reply], environ: dict, code: str) -> Reply:
        """A poll or an answer, unless this address has been guessing codes."""
        address = environ.get("REMOTE_ADDR", "")
        if self.misses.blocked(address):
            return TOO_MANY_GUESSES
        reply = self._serve(handler, environ, normalise_code(code))
        if reply.status == HTTPStatus.NOT_FOUND:
            self.misses.missed(address)
        return reply

    def _joining(self, handler: Callable[..., Reply | None], environ: dict, *args: str) -> Reply | None:
        """The join page or the join, or None to let Flask answer (also when anything fails: Flask then
        draws its own error page)."""
        with self.flask_app.app_context():
            try:
                return handler(environ, *args)
            except Exception:
                self.flask_app.logger.exception("live %s failed on the fast path", environ.get("PATH_INFO"))
                db.session.rollback()
                return None
            finally:
                db.session.remove()

    @staticmethod
    def _send(reply: Reply, environ: dict, start_response: Callable) -> Iterable[bytes]:
        method = environ.get("REQUEST_METHOD")
        headers = list(reply.headers)
        if reply.status != HTTPStatus.NOT_MODIFIED:  # a 304 has no body, and no length of its own
            headers.append(("Content-Length", str(len(reply.body))))
        if environ.get("wsgi.url_scheme") == "https":
            headers.append(HSTS)
        status = HTTPStatus(reply.status)
        start_response(f"{status.value} {status.phrase}", headers)
        return [b""] if method == "HEAD" else [reply.body]

    def _serve(self, handler: Callable[[dict, str], Reply], environ: dict, code: str) -> Reply:
        with self.flask_app.app_context():
            try:
                return handler(environ, code)
            except SQLAlchemyError:
                self.flask_app.logger.exception("live %s failed", environ.get("PATH_INFO"))
                return answer_post.BUSY
            except Exception:  # logged like Flask's own errors, and answered with the site's headers
                self.flask_app.logger.exception("live %s failed", environ.get("PATH_INFO"))
                return SERVER_ERROR
            finally:
                db.session.remove()

    @staticmethod
    def _poll(environ: dict, code: str) -> Reply:
        cookies = parse_cookie(environ)
        seat, mine = cookies.get(seat_cookie_name(code)), cookies.get(answered.cookie_name(code))
        with reading_only():
            language = language_of(cookies, environ.get("HTTP_ACCEPT_LANGUAGE"))
            return poll.respond(code, seat, environ.get("HTTP_IF_NONE_MATCH"), language, mine)

    @staticmethod
    def _answer(environ: dict, code: str) -> Reply:
        body = read_body(environ)
        if body is None:
            return answer_post.refused(413, "the answer is too large")
        post = answer_post.AnswerPost(
            code=code,
            seat_raw=seat_of(environ, code),
            token=environ.get("HTTP_X_CSRFTOKEN"),
            content_type=environ.get("CONTENT_TYPE", ""),
            body=body,
            secure=environ.get("wsgi.url_scheme") == "https",
        )
        return answer_post.respond(post)


def seat_of(environ: dict, code: str) -> str | None:
    """The seat cookie, read as Flask reads cookies: one odd cookie beside it must not hide it."""
    return parse_cookie(environ).get(seat_cookie_name(code))


def read_body(environ: dict) -> bytes | None:
    """The request body, or None when it is larger than any answer."""
    try:
        length = int(environ.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return None
    if length < 0 or length > answer_post.MAX_BODY_BYTES:
        return None
    return environ["wsgi.input"].read(length) if length else b""
