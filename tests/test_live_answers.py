"""The answer path phones use (served in front of Flask): every check Flask made, made explicitly."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import delete, text
from sqlalchemy.exc import OperationalError
from werkzeug.test import EnvironBuilder

from course.direct_sql import DriverStatement
from course.extensions import db
from course.live import answers
from course.live.guessing import MISSES_ALLOWED, MissCounter
from course.live.seats import read_seat
from course.models import LiveResponse

from .test_live import count, open_first_question, phone, send, start, token_of


def post_answer(device, code, body: bytes | str, content_type="application/json", token=None):
    headers = {"Content-Type": content_type, **({"X-CSRFToken": token} if token else {})}
    return device.post(f"/live/{code}/answer", data=body, headers=headers)


def read_seat_of(app, device, code) -> tuple[int | None, str | None]:
    with app.app_context():
        return read_seat(device.get_cookie(f"seat_{code}").value)


def body_for(item, submission="s1") -> str:
    return json.dumps({"item_id": item.id, "choice_ids": [item.choices[0].id], "submission_id": submission})


def test_an_answer_needs_the_token_its_own_room_page_carried(facilitator, app):
    code = start(facilitator)
    item = open_first_question(facilitator, app, code)
    mine, theirs = phone(app, code), phone(app, code)
    their_token = token_of(theirs, code)
    assert post_answer(mine, code, body_for(item)).status_code == 403
    assert post_answer(mine, code, body_for(item), token=their_token).status_code == 403
    assert post_answer(mine, code, body_for(item), token="0" * 64).status_code == 403
    assert count(app, LiveResponse) == 0
    my_token = token_of(mine, code)
    mine.delete_cookie("session")  # the seat is enough: an answer needs no Flask session
    reply = post_answer(mine, code, body_for(item), token=my_token)
    assert reply.status_code == 200 and reply.get_json() == {"accepted": True}
    assert count(app, LiveResponse) == 1


def test_a_forged_seat_cookie_is_refused(facilitator, app):
    code = start(facilitator)
    item = open_first_question(facilitator, app, code)
    device = phone(app, code)
    token = token_of(device, code)
    seat = device.get_cookie(f"seat_{code}")
    device.set_cookie(f"seat_{code}", seat.value[:-2] + ("AA" if not seat.value.endswith("AA") else "BB"))
    assert post_answer(device, code, body_for(item), token=token).status_code == 403
    assert count(app, LiveResponse) == 0


def test_only_json_is_accepted_so_a_form_on_another_site_cannot_answer(facilitator, app):
    code = start(facilitator)
    item = open_first_question(facilitator, app, code)
    device = phone(app, code)
    token = token_of(device, code)
    for content_type in ("text/plain", "application/x-www-form-urlencoded", "multipart/form-data"):
        reply = post_answer(device, code, body_for(item), content_type=content_type, token=token)
        assert reply.status_code == 400 and reply.get_json()["accepted"] is False
    assert count(app, LiveResponse) == 0


@pytest.mark.parametrize(
    ("body", "status"),
    [("[" * 100_000, 413), ("[" * 4000, 400), ("\xff\xfe", 400), ("", 400), ('{"item_id": 1}', 400)],
)
def test_hostile_bodies_get_a_clear_refusal_not_an_error(facilitator, app, body, status):
    code = start(facilitator)
    open_first_question(facilitator, app, code)
    device = phone(app, code)
    reply = post_answer(device, code, body.encode("latin-1"), token=token_of(device, code))
    assert reply.status_code == status and reply.get_json()["accepted"] is False
    assert count(app, LiveResponse) == 0


def test_fast_path_replies_carry_the_security_headers(facilitator, app):
    code = start(facilitator)
    item = open_first_question(facilitator, app, code)
    device = phone(app, code)
    replies = [device.get(f"/live/{code}/state"), send(device, code, item.id, [item.choices[0].id])]
    replies.append(device.get(f"/live/{code}/state", base_url="https://course.example"))
    for reply in replies:
        assert "frame-ancestors 'none'" in reply.headers["Content-Security-Policy"]
        assert reply.headers["X-Frame-Options"] == "DENY"
        assert reply.headers["X-Content-Type-Options"] == "nosniff"
        assert reply.headers["Cache-Control"] == "no-store"
    assert "Strict-Transport-Security" not in replies[0].headers
    assert replies[2].headers["Strict-Transport-Security"].startswith("max-age=")


def test_a_database_failure_is_a_503_the_phone_retries_and_nothing_is_acknowledged(facilitator, app, monkeypatch):
    code = start(facilitator)
    item = open_first_question(facilitator, app, code)
    device = phone(app, code)
    token = token_of(device, code)

    def locked(*args, **kwargs):
        raise OperationalError("INSERT", {}, Exception("database is locked"))

    monkeypatch.setattr(answers, "answer", locked)
    reply = send(device, code, item.id, [item.choices[0].id], token=token)
    assert reply.status_code == 503 and reply.get_json()["accepted"] is False
    monkeypatch.undo()
    assert send(device, code, item.id, [item.choices[0].id], token=token).get_json() == {"accepted": True}
    assert count(app, LiveResponse) == 1


def test_an_unexpected_error_on_the_fast_path_is_logged_and_answered_with_the_sites_headers(
    facilitator, app, monkeypatch, caplog
):
    code = start(facilitator)
    item = open_first_question(facilitator, app, code)
    device = phone(app, code)
    token = token_of(device, code)
    monkeypatch.setattr(answers, "answer", lambda *args, **kwargs: 1 / 0)
    reply = send(device, code, item.id, [item.choices[0].id], token=token)
    assert reply.status_code == 500 and reply.headers["X-Frame-Options"] == "DENY"
    assert "ZeroDivisionError" in caplog.text


def test_flask_serves_the_same_answer_when_the_fast_path_is_not_in_front(facilitator, app):
    code = start(facilitator)
    item = open_first_question(facilitator, app, code)
    device = phone(app, code)
    token = token_of(device, code)
    app.wsgi_app = app.wsgi_app.wsgi_app  # take the fast path out
    assert post_answer(device, code, body_for(item)).status_code == 403
    reply = post_answer(device, code, body_for(item), token=token)
    assert reply.status_code == 200 and reply.get_json() == {"accepted": True}
    assert "frame-ancestors 'none'" in reply.headers["Content-Security-Policy"]
    assert post_answer(device, code, body_for(item, "other"), token=token).get_json()["first_answer_kept"] is True
    assert count(app, LiveResponse) == 1


def test_an_odd_cookie_beside_the_seat_does_not_hide_it(facilitator, app):
    """A browser sends other cookies too, some that Python's strict cookie parser gives up on."""
    code = start(facilitator)
    item = open_first_question(facilitator, app, code)
    device = phone(app, code)
    token = token_of(device, code)
    seat = device.get_cookie(f"seat_{code}").value
    environ = EnvironBuilder(
        path=f"/live/{code}/answer", method="POST", data=body_for(item),
        headers={"Content-Type": "application/json", "X-CSRFToken": token},
    ).get_environ()  # fmt: skip
    environ["HTTP_COOKIE"] = f'consent={{"a":1}}; seat_{code}={seat}'
    replies: list[str] = []
    body = b"".join(app.wsgi_app(environ, lambda status, headers: replies.append(status)))
    assert replies == ["200 OK"] and json.loads(body) == {"accepted": True}


def test_a_token_with_odd_characters_is_refused_not_an_error(facilitator, app):
    code = start(facilitator)
    item = open_first_question(facilitator, app, code)
    device = phone(app, code)
    for token in ("é" * 64, "\\u0000", "x"):
        assert post_answer(device, code, body_for(item), token=token).status_code == 403
    assert count(app, LiveResponse) == 0


def test_the_flask_fallback_refuses_a_large_body_as_too_large(facilitator, app):
    code = start(facilitator)
    open_first_question(facilitator, app, code)
    device = phone(app, code)
    token = token_of(device, code)
    app.wsgi_app = app.wsgi_app.wsgi_app
    assert post_answer(device, code, "[" * 100_000, token=token).status_code == 413


def test_guessing_codes_through_the_poll_is_stopped_after_a_few_misses(facilitator, app):
    code = start(facilitator)
    device = phone(app, code)
    guesser = app.test_client()
    statuses = [guesser.get(f"/live/ZZZZ{n:02d}/state").status_code for n in range(MISSES_ALLOWED + 1)]
    assert statuses[:MISSES_ALLOWED] == [404] * MISSES_ALLOWED and statuses[-1] == 429
    assert guesser.get(f"/live/{code}/state").status_code == 429  # from this address, for a while
    assert device.get(f"/live/{code}/state", environ_base={"REMOTE_ADDR": "10.0.0.7"}).status_code == 200


def test_a_miss_window_ends(monkeypatch):
    now = [0.0]
    counter = MissCounter(allowed=2, window=60, clock=lambda: now[0])
    counter.missed("a")
    counter.missed("a")
    assert counter.blocked("a") and not counter.blocked("b")
    now[0] = 61
    assert not counter.blocked("a")


def test_a_poll_after_an_answer_reads_it_from_the_phones_cookie_not_the_database(facilitator, app, monkeypatch):
    code = start(facilitator)
    item = open_first_question(facilitator, app, code)
    device = phone(app, code)
    reply = send(device, code, item.id, [item.choices[0].id], token=token_of(device, code))
    cookie = next(h for h in reply.headers.getlist("Set-Cookie") if h.startswith(f"answered_{code}="))
    assert f"answered_{code}={item.id}={item.choices[0].id}" in cookie and "HttpOnly" in cookie
    asked = []
    monkeypatch.setattr("course.live.poll.chosen_by", lambda *args: asked.append(args))
    state = device.get(f"/live/{code}/state").get_json()
    assert state["answered"] is True and state["chosen"] == [item.choices[0].id] and asked == []
    other = phone(app, code)
    assert other.get(f"/live/{code}/state").get_json()["answered"] is False and asked == []


def test_a_second_different_answer_records_only_that_the_phone_answered(facilitator, app):
    code = start(facilitator)
    item = open_first_question(facilitator, app, code)
    device = phone(app, code)
    token = token_of(device, code)
    send(device, code, item.id, [item.choices[0].id], submission="first", token=token)
    again = send(device, code, item.id, [item.choices[1].id], submission="second", token=token)
    assert again.get_json()["first_answer_kept"] is True
    assert any(h.startswith(f"answered_{code}={item.id}=?;") for h in again.headers.getlist("Set-Cookie"))
    state = device.get(f"/live/{code}/state").get_json()
    assert state["answered"] is True and state["chosen"] == [item.choices[0].id], "the stored answer, from the db"


def test_an_answer_given_while_the_session_holds_a_write_turn_is_stored_not_stuck(facilitator, app):
    """The answer is its own transaction on its own connection: the session's open write is ended first,
    or the thread would wait on its own turn (the no-JavaScript form runs inside a request that may have written)."""
    code = start(facilitator)
    item = open_first_question(facilitator, app, code)
    device = phone(app, code)
    seat = read_seat_of(app, device, code)
    with app.app_context():
        db.session.execute(text("SELECT 1"))  # outside a request: a transaction that may write, holding the turn
        decks = app.extensions["course_catalog"].decks
        assert answers.answer(code, decks.get, seat, item.id, [item.choices[0].id], "s1") is True
        db.session.remove()
    assert count(app, LiveResponse) == 1


def test_a_statement_the_database_refuses_is_a_503_and_the_next_answer_is_stored(facilitator, app, monkeypatch):
    code = start(facilitator)
    item = open_first_question(facilitator, app, code)
    device = phone(app, code)
    token = token_of(device, code)
    with app.app_context():
        broken = DriverStatement.compile(text("INSERT INTO no_such_table VALUES (1)"), db.engine.dialect)
    monkeypatch.setattr(answers, "_insert_if_open", lambda dialect: broken)
    reply = send(device, code, item.id, [item.choices[0].id], token=token)
    assert reply.status_code == 503 and reply.get_json()["accepted"] is False
    monkeypatch.undo()
    assert send(device, code, item.id, [item.choices[0].id], token=token).get_json() == {"accepted": True}
    assert count(app, LiveResponse) == 1


def test_after_answers_the_pooled_connections_still_roll_back_what_a_request_wrote(facilitator, app):
    """Answers run in autocommit on pooled connections; the next user of such a connection needs its transaction."""
    code = start(facilitator)
    item = open_first_question(facilitator, app, code)
    for n, device in enumerate([phone(app, code) for _ in range(3)]):
        send(device, code, item.id, [item.choices[0].id], submission=f"s{n}")
    with app.app_context():
        for _ in range(app.config["SQLALCHEMY_ENGINE_OPTIONS"]["pool_size"]):
            db.session.execute(delete(LiveResponse))
            db.session.rollback()
            db.session.remove()
    assert count(app, LiveResponse) == 3
