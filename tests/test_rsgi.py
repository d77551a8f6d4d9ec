"""The RSGI front: the request reaches Flask as WSGI would give it, whole, and an oversized body never does."""

from __future__ import annotations

import asyncio
import threading
from dataclasses import dataclass, field

from course.rsgi import BufferedWSGI, environ_for


@dataclass
class Scope:
    """What granian passes for an HTTP request (the fields the front reads)."""

    path: str = "/"
    method: str = "GET"
    query_string: str = ""
    headers: dict = field(default_factory=dict)
    client: str = "127.0.0.1:40000"
    server: str = "127.0.0.1:5000"
    scheme: str = "http"
    http_version: str = "1.1"
    proto: str = "http"


class Protocol:
    def __init__(self, body: bytes = b""):
        self.body, self.read = body, False
        self.reply: tuple | None = None

    async def __call__(self) -> bytes:
        self.read = True
        return self.body

    def response_bytes(self, status, headers, data):
        self.reply = (status, headers, data)


def in_own_loop(coroutine_function) -> None:
    """Run it on a fresh event loop in a thread of its own, as granian's worker does (the browser tests
    leave Playwright's loop running in this one)."""
    failures: list[BaseException] = []

    def run() -> None:
        try:
            asyncio.run(coroutine_function())
        except BaseException as error:  # reported in the test's own thread
            failures.append(error)

    thread = threading.Thread(target=run)
    thread.start()
    thread.join()
    if failures:
        raise failures[0]


def served(app, scope: Scope, body: bytes = b"", max_body: int = 1024) -> Protocol:
    front, protocol = BufferedWSGI(app, threads=2, max_body=max_body), Protocol(body)

    async def run():
        front.__rsgi_init__(asyncio.get_running_loop())
        await front.__rsgi__(scope, protocol)
        front.__rsgi_del__(asyncio.get_running_loop())

    in_own_loop(run)
    return protocol


def test_a_form_post_reaches_flask_with_its_body_cookies_and_query(app):
    seen = {}

    def wsgi(environ, start_response):
        seen.update(environ, body=environ["wsgi.input"].read())
        start_response("201 Created", [("X-Test", "yes")])
        return [b"made"]

    headers = {"content-type": "application/x-www-form-urlencoded", "content-length": "7", "cookie": "a=1"}
    scope = Scope(path="/join", method="POST", query_string="x=1", headers=headers, client="[::1]:41000")
    reply = served(wsgi, scope, b"code=AB").reply
    assert reply == (201, [("X-Test", "yes")], b"made")
    assert seen["body"] == b"code=AB" and seen["CONTENT_LENGTH"] == "7" and seen["QUERY_STRING"] == "x=1"
    assert seen["CONTENT_TYPE"] == "application/x-www-form-urlencoded" and seen["HTTP_COOKIE"] == "a=1"
    assert seen["REMOTE_ADDR"] == "::1" and seen["SERVER_PORT"] == "5000" and seen["wsgi.url_scheme"] == "http"


def test_the_real_app_answers_through_the_front(app):
    status, headers, data = served(app, Scope(path="/healthz")).reply
    assert status == 200 and b'"ok"' in data and ("X-Frame-Options", "DENY") in headers


def test_a_body_declared_too_large_is_refused_before_it_is_read(app):
    protocol = Protocol(b"x" * 10)
    front = BufferedWSGI(app, threads=1, max_body=1024)
    in_own_loop(lambda: front.__rsgi__(Scope(method="POST", headers={"content-length": "5000"}), protocol))
    assert protocol.reply[0] == 413 and not protocol.read


def test_a_body_larger_than_it_said_is_refused_too(app):
    reply = served(app, Scope(method="POST", path="/join", headers={}), b"x" * 2000, max_body=1024).reply
    assert reply[0] == 413


def test_an_error_that_escapes_the_app_is_a_plain_500():
    def broken(environ, start_response):
        raise RuntimeError("boom")

    status, _, data = served(broken, Scope()).reply
    assert status == 500 and b"boom" not in data


def test_repeated_headers_are_joined_as_wsgi_expects():
    environ = environ_for(Scope(headers={"x-forwarded-for": "a"}), b"")
    assert environ["HTTP_X_FORWARDED_FOR"] == "a" and environ["CONTENT_LENGTH"] == ""
