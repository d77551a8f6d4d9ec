"""A server killed with `kill -9` while phones answer loses no acknowledged answer (SQLite, WAL)."""

from __future__ import annotations

import http.cookiejar
import json
import os
import re
import signal
import socket
import subprocess
import time
import urllib.request
from pathlib import Path

import pytest
from flask_migrate import upgrade
from sqlalchemy import func, select

from course.accounts import service as accounts
from course.extensions import db
from course.live import service as live
from course.models import LiveResponse, Role
from course.serve import server_command

from .conftest import GOOD_PASSWORD, ROOT, TEST_SECRET_KEY, make_app


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_server(env: dict, port: int) -> subprocess.Popen:
    """The app served exactly as `make run` serves it (course/serve.py), on a port of its own."""
    server = subprocess.Popen(
        server_command("127.0.0.1", port, workers=2, threads=4),
        cwd=ROOT,
        env={**env, "SERVER_THREADS": "4"},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    for _ in range(100):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=1)
            return server
        except OSError:
            time.sleep(0.1)
    server.kill()
    raise RuntimeError("the server did not start")


class Phone:
    def __init__(self, base: str):
        self.base = base
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))

    def get(self, path: str) -> str:
        return self.opener.open(self.base + path, timeout=10).read().decode()

    def join(self, code: str) -> str:
        page = self.get(f"/join/{code}")
        token = re.search(r'name="csrf_token" value="([^"]+)"', page)[1]
        data = urllib.parse.urlencode({"code": code, "csrf_token": token}).encode()
        room = self.opener.open(self.base + "/join", data=data, timeout=10).read().decode()
        return re.search(r'<meta name="csrf-token" content="([^"]+)"', room)[1]

    def answer(self, code: str, token: str, item_id: str, choice: str) -> bool:
        body = json.dumps({"item_id": item_id, "choice_ids": [choice], "submission_id": "s"}).encode()
        request = urllib.request.Request(
            self.base + f"/live/{code}/answer",
            data=body,
            method="POST",
            headers={"Content-Type": "application/json", "X-CSRFToken": token},
        )
        try:
            return json.loads(self.opener.open(request, timeout=10).read())["accepted"] is True
        except OSError:
            return False


@pytest.mark.skipif(os.name != "posix", reason="kill -9 is a POSIX signal")
def test_acknowledged_answers_survive_kill_9(tmp_path: Path):
    database = tmp_path / "durable.sqlite3"
    url = f"sqlite:///{database}"
    app = make_app(tmp_path, SQLALCHEMY_DATABASE_URI=url)
    with app.app_context():
        upgrade()
        owner = accounts.create_user("kim", GOOD_PASSWORD, Role.FACILITATOR)
        plan = app.extensions["course_catalog"].decks["school-workshop-30"]
        session = live.create_session(plan, owner, 5)
        for _ in range(2):  # the welcome slide, then the first question
            live.control(session, plan, "next")
        db.session.commit()
        code, item = session.code, live.current_item(plan, session)
    env = {**os.environ, "DATABASE_URL": url, "SECRET_KEY": TEST_SECRET_KEY, "LIVE_STATE_CACHE_SECONDS": "0"}
    port = free_port()
    server = start_server(env, port)
    base = f"http://127.0.0.1:{port}"
    acknowledged = 0
    try:
        phones = [(phone, phone.join(code)) for phone in (Phone(base) for _ in range(12))]
        for phone, token in phones:
            acknowledged += phone.answer(code, token, item.id, item.choices[0].id)
    finally:
        os.killpg(server.pid, signal.SIGKILL)
        server.wait()
    assert acknowledged == 12
    restarted = start_server(env, port)
    try:
        with app.app_context():
            stored = db.session.scalar(select(func.count()).select_from(LiveResponse))
        assert stored == acknowledged
        assert json.loads(urllib.request.urlopen(f"{base}/healthz", timeout=5).read()) == {"status": "ok"}
    finally:
        os.killpg(restarted.pid, signal.SIGKILL)
        restarted.wait()


def test_two_hundred_slow_connections_do_not_stop_the_served_app(tmp_path: Path):
    """Half send headers and stop, half send headers and a few bytes of a long body; others still get answers."""
    url = f"sqlite:///{tmp_path / 'slow.sqlite3'}"
    with make_app(tmp_path, SQLALCHEMY_DATABASE_URI=url).app_context():
        upgrade()
    port = free_port()
    server = start_server({**os.environ, "DATABASE_URL": url, "SECRET_KEY": TEST_SECRET_KEY}, port)
    slow = []
    try:
        for n in range(200):
            sock = socket.create_connection(("127.0.0.1", port))
            if n % 2:
                sock.sendall(b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n")
            else:
                sock.sendall(
                    b"POST /join HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/x-www-form-urlencoded\r\n"
                    b"Content-Length: 5000\r\n\r\ncode="
                )
            slow.append(sock)
        time.sleep(0.5)
        for path in ("/healthz", "/", "/join"):
            reply = urllib.request.urlopen(
                f"http://127.0.0.1:{port}{path}", timeout=1
            )  # a blocked server: TimeoutError
            assert reply.status == 200, path
    finally:
        for sock in slow:
            sock.close()
        os.killpg(server.pid, signal.SIGKILL)
        server.wait()
