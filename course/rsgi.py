"""The WSGI app served through granian's RSGI interface, each request read in full before a thread takes it.

A WSGI server hands a request to a worker thread once its headers are in, and the thread then waits for the
body: twenty phones on a bad connection (or one person on the school Wi-Fi sending slow bodies on purpose)
hold every thread, and the whole room stops. Here granian reads the headers and the body on its Rust event
loop; only a complete request reaches a thread of the pool, and a body over the limit is refused with 413
before it is read. Measured with `bench/slow_clients.py` and `bench/live_load.py` (see bench/README.md).
"""

from __future__ import annotations

import asyncio
import io
import logging
import os
import sys
import time
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from .access_log import redact

MAX_BODY_BYTES = 2 * 1024 * 1024  # the largest form the course has is a few kilobytes
access_log = logging.getLogger("course.access")

WSGIApp = Callable[[dict, Callable], Iterable[bytes]]


class BufferedWSGI:
    """An RSGI app (granian `--interface rsgi`) that runs a WSGI app on a thread pool per worker process."""

    def __init__(self, wsgi_app: WSGIApp, threads: int = 8, max_body: int = MAX_BODY_BYTES):
        self.wsgi_app, self.threads, self.max_body = wsgi_app, threads, max_body
        self.pool: ThreadPoolExecutor | None = None

    def __rsgi_init__(self, loop: asyncio.AbstractEventLoop) -> None:
        self.pool = ThreadPoolExecutor(max_workers=self.threads, thread_name_prefix="wsgi")

    def __rsgi_del__(self, loop: asyncio.AbstractEventLoop) -> None:
        if self.pool is not None:
            self.pool.shutdown(wait=True)

    async def __rsgi__(self, scope: Any, protocol: Any) -> None:
        if scope.proto != "http":
            return
        started = time.perf_counter()
        declared = scope.headers.get("content-length")
        if declared and (not declared.isascii() or not declared.isdigit() or int(declared) > self.max_body):
            protocol.response_bytes(413, [("content-type", "text/plain; charset=utf-8")], b"Request too large.\n")
            return self._log(scope, 413, 0, started)
        body = await protocol()
        if len(body) > self.max_body:
            protocol.response_bytes(413, [("content-type", "text/plain; charset=utf-8")], b"Request too large.\n")
            return self._log(scope, 413, 0, started)
        loop = asyncio.get_running_loop()
        status, headers, data = await loop.run_in_executor(self.pool, self._call, environ_for(scope, body))
        protocol.response_bytes(status, headers, data)
        self._log(scope, status, len(data), started)

    def _call(self, environ: dict) -> tuple[int, list[tuple[str, str]], bytes]:
        started: dict[str, Any] = {}

        def start_response(status: str, headers: list[tuple[str, str]], exc_info: Any = None) -> Callable:
            started["status"], started["headers"] = int(status[:3]), headers
            return lambda chunk: None  # the legacy write() callable: nothing here uses it

        try:
            chunks = self.wsgi_app(environ, start_response)
            try:
                data = b"".join(chunks)
            finally:
                if hasattr(chunks, "close"):
                    chunks.close()
        except Exception:  # Flask answers its own errors; this is only what escapes it
            logging.getLogger(__name__).exception("request failed: %s", redact(environ["PATH_INFO"]))
            return 500, [("content-type", "text/plain; charset=utf-8")], b"Something went wrong.\n"
        return started["status"], started["headers"], data

    @staticmethod
    def _log(scope: Any, status: int, size: int, started: float) -> None:
        took = round((time.perf_counter() - started) * 1000)
        access_log.info('"%s %s HTTP/%s" %s %s %sms', scope.method, redact(scope.path), scope.http_version,
                        status, size, took)  # fmt: skip


def environ_for(scope: Any, body: bytes) -> dict:
    """The WSGI environ of an RSGI request whose body has been read."""
    host, _, port = scope.server.rpartition(":")
    environ = {
        "REQUEST_METHOD": scope.method,
        "SCRIPT_NAME": "",
        "PATH_INFO": scope.path,
        "QUERY_STRING": scope.query_string,
        "SERVER_NAME": host,
        "SERVER_PORT": port,
        "SERVER_PROTOCOL": f"HTTP/{scope.http_version}",
        "REMOTE_ADDR": scope.client.rpartition(":")[0].strip("[]"),
        "CONTENT_LENGTH": str(len(body)) if body else "",
        "wsgi.version": (1, 0),
        "wsgi.url_scheme": scope.scheme,
        "wsgi.input": io.BytesIO(body),
        "wsgi.errors": sys.stderr,
        "wsgi.multithread": True,
        "wsgi.multiprocess": True,
        "wsgi.run_once": False,
    }
    for name, value in scope.headers.items():
        key = name.upper().replace("-", "_")
        if key == "CONTENT_LENGTH":
            continue
        if key != "CONTENT_TYPE":
            key = f"HTTP_{key}"
        joiner = "; " if key == "HTTP_COOKIE" else ","
        environ[key] = f"{environ[key]}{joiner}{value}" if key in environ else value
    return environ


def served(wsgi_app: WSGIApp) -> BufferedWSGI:
    """The app as `make run` serves it, with the access log (no addresses, no codes) on standard output."""
    if not access_log.handlers:
        handler = logging.StreamHandler(sys.stdout)
        handler.setFormatter(logging.Formatter("[%(asctime)s] %(message)s", "%d/%b/%Y:%H:%M:%S %z"))
        access_log.addHandler(handler)
        access_log.setLevel(logging.INFO)
        access_log.propagate = False
    return BufferedWSGI(wsgi_app, threads=server_threads())


def server_threads() -> int:
    """The WSGI threads of each worker (`make run`'s THREADS, passed on by course/serve.py)."""
    return int(os.environ.get("SERVER_THREADS", "8"))
