"""Compare the server candidates for `make run` on the same machine, in the same run.

Each candidate serves the calibration route (bench/calibration_app.py) on a port of its own. For each it
measures the server's CPU per request on kept-alive connections and on a new connection per request (as
phones arriving in a room), and whether ordinary requests still get answers within a second while slow
clients are connected: N that send headers and stop, then N that send headers and a few bytes of a body.

    .venv/bin/python bench/compare_servers.py [--requests 4000] [--slow 200]

Candidates: gunicorn gthread (2 workers, 8 threads each, the old `make run`), granian's WSGI interface
(2 workers, 8 blocking threads each), and granian's RSGI interface with the course's buffering front
(course/rsgi.py, what `make run` serves now). gunicorn is not a dependency of the course any more:
`pip install gunicorn` first to include it.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import aiohttp
from server_cpu import cpu_seconds, process_tree

ROOT = Path(__file__).resolve().parent.parent
BIN = ROOT / ".venv" / "bin"
sys.path.insert(0, str(ROOT))
from course.serve import server_command  # noqa: E402


@dataclass(frozen=True)
class Candidate:
    name: str
    command: list[str]


def granian_wsgi(port: int) -> list[str]:
    return [
        str(BIN / "granian"), "--interface", "wsgi", "--workers", "2", "--blocking-threads", "8",
        "--host", "127.0.0.1", "--port", str(port), "calibration_app:app",
    ]  # fmt: skip


def gunicorn(port: int) -> list[str]:
    return [
        str(BIN / "gunicorn"), "--worker-class", "gthread", "--workers", "2", "--threads", "8",
        "--keep-alive", "5", "--bind", f"127.0.0.1:{port}", "calibration_app:app",
    ]  # fmt: skip


def candidates(port: int) -> list[Candidate]:
    found = [
        Candidate(
            "granian RSGI + buffering front (make run)",
            server_command("127.0.0.1", port, 2, 8, target="calibration_app:rsgi"),
        ),
        Candidate("granian WSGI", granian_wsgi(port + 1)),
    ]
    if shutil.which("gunicorn", path=str(BIN)):
        found.append(Candidate("gunicorn gthread", gunicorn(port + 2)))
    return found


def port_of(candidate: Candidate) -> int:
    for flag in ("--port", "--bind"):
        if flag in candidate.command:
            return int(candidate.command[candidate.command.index(flag) + 1].rsplit(":", 1)[-1])
    raise ValueError(candidate.name)


async def cpu_per_request(server: subprocess.Popen, url: str, requests: int, fresh: bool) -> float:
    """Server CPU milliseconds per request, 50 in flight, after a warm-up."""
    connector = aiohttp.TCPConnector(limit=50, force_close=fresh)
    gate = asyncio.Semaphore(50)
    async with aiohttp.ClientSession(connector=connector) as http:

        async def one() -> None:
            async with gate, http.get(url) as reply:
                await reply.read()

        await asyncio.gather(*(one() for _ in range(300)))
        before = cpu_seconds(process_tree(server.pid))
        await asyncio.gather(*(one() for _ in range(requests)))
        return 1000 * (cpu_seconds(process_tree(server.pid)) - before) / requests


def answered_beside_slow_clients(port: int, slow: int, kind: str) -> bool:
    sockets = []
    try:
        for _ in range(slow):
            sock = socket.create_connection(("127.0.0.1", port))
            if kind == "headers":
                sock.sendall(b"GET /ping HTTP/1.1\r\nHost: 127.0.0.1\r\n")
            else:
                sock.sendall(b"POST /form HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 5000\r\n\r\nx")
            sockets.append(sock)
        time.sleep(0.5)
        for _ in range(3):
            urllib.request.urlopen(f"http://127.0.0.1:{port}/ping", timeout=1).read()
        return True
    except OSError:
        return False
    finally:
        for sock in sockets:
            sock.close()


def start(candidate: Candidate) -> subprocess.Popen:
    environment = {**os.environ, "SERVER_THREADS": "8", "PYTHONPATH": str(ROOT)}
    server = subprocess.Popen(  # noqa: S603
        candidate.command,
        cwd=ROOT / "bench",
        env=environment,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,  # its workers go with it
    )
    for _ in range(100):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port_of(candidate)}/ping", timeout=1).read()
            time.sleep(0.5)
            return server
        except OSError:
            time.sleep(0.1)
    os.killpg(server.pid, signal.SIGKILL)
    raise RuntimeError(f"{candidate.name} did not start")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=4000)
    parser.add_argument("--slow", type=int, default=200, help="slow clients of each kind (200)")
    parser.add_argument("--port", type=int, default=5090)
    args = parser.parse_args()
    print(f"{'server':44} {'kept-alive ms':>13} {'new-conn ms':>11}  slow headers  slow bodies")
    for candidate in candidates(args.port):
        server = start(candidate)
        try:
            url = f"http://127.0.0.1:{port_of(candidate)}/ping"
            kept = asyncio.run(cpu_per_request(server, url, args.requests, fresh=False))
            fresh = asyncio.run(cpu_per_request(server, url, args.requests, fresh=True))
            headers = answered_beside_slow_clients(port_of(candidate), args.slow, "headers")
            bodies = answered_beside_slow_clients(port_of(candidate), args.slow, "bodies")
        finally:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()
        verdict = {True: "answered", False: "BLOCKED"}
        print(f"{candidate.name:44} {kept:13.3f} {fresh:11.3f}  {verdict[headers]:12}  {verdict[bodies]}")


if __name__ == "__main__":
    main()
