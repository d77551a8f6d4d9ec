"""Security events: one JSON line each, with the request's id, and nothing that identifies anyone."""

from __future__ import annotations

import json
import logging
import re

import pytest

from .conftest import GOOD_PASSWORD, post_form


@pytest.fixture
def events(caplog):
    caplog.set_level(logging.INFO, logger="course.security")

    def read() -> list[dict]:
        return [json.loads(r.getMessage()) for r in caplog.records if r.name == "course.security"]

    return read


def test_a_failed_login_is_an_event_without_the_name_or_password_tried(client, auth, events):
    auth.create("robin")
    response = post_form(client, "/login", {"username": "robin", "password": "not-the-password"})
    [event] = events()
    assert event["event"] == "login_failed" and event["route"] == "/login"
    assert event["request_id"] == response.headers["X-Request-ID"] and len(event["request_id"]) == 16
    assert "robin" not in json.dumps(event) and "not-the-password" not in json.dumps(event)


def test_sign_ups_refused_forms_and_rate_limits_are_events(client, events):
    post_form(client, "/signup", {"username": "samira", "password": GOOD_PASSWORD})
    client.post("/logout", data={"csrf_token": "forged"})
    join_page = client.get("/join").get_data(as_text=True)  # signed in: the menu's log-out form has a token too
    token = re.search(r'action="/join">\s*<input type="hidden" name="csrf_token" value="([^"]+)"', join_page)[1]
    for n in range(11):
        client.post("/join", data={"code": f"ZZZZZ{n}", "csrf_token": token})
    kinds = [event["event"] for event in events()]
    assert kinds[:2] == ["account_created", "csrf_failed"] and kinds[-1] == "rate_limited"
    assert "samira" not in json.dumps(events())


def test_every_reply_names_its_request(client):
    first, second = client.get("/"), client.get("/")
    assert first.headers["X-Request-ID"] != second.headers["X-Request-ID"]


def test_a_purge_is_an_event_with_its_counts(runner, app, events):
    assert runner.invoke(args=["privacy", "purge", "--dry-run"]).exit_code == 0
    [event] = [e for e in events() if e["event"] == "purge"]
    assert (event["dry_run"] is True and "guest_records" in json.dumps(event)) or len(event) > 3
