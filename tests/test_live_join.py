"""Joining a room: the join form's own CSRF check, the join limits, and the join served before Flask.

A phone that has just scanned the QR code (no Flask session) is served the join page and the join by the
fast path; any other phone by Flask. Both must give the same pages and keep the same guarantees.
"""

from __future__ import annotations

import re

from sqlalchemy import func, select

from course.extensions import db
from course.models import Participant

from .conftest import csrf_from, make_app, post_form
from .test_live import control, open_first_question, send, start

ODD_SESSION_COOKIE = "not-a-signed-session"  # Flask reads an empty session from it: the same anonymous pages
TOKENS = re.compile(r'(name="csrf_token" value=|name="csrf-token" content=|name="submission_id" value=)"[^"]+"')


def seats(app) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(Participant))


def served_by_flask(reply) -> bool:
    return "X-Request-ID" in reply.headers  # Flask tags every reply it draws; the fast path answers before it


def without_tokens(page: str) -> str:
    return TOKENS.sub(r"\1…", page)


def flask_browser(app):
    browser = app.test_client()
    browser.set_cookie("session", ODD_SESSION_COOKIE)
    return browser


def test_a_phone_that_scans_the_code_gets_the_same_join_page_as_from_flask(facilitator, app):
    code = start(facilitator)
    fast, slow = app.test_client().get(f"/join/{code}"), flask_browser(app).get(f"/join/{code}")
    assert not served_by_flask(fast) and served_by_flask(slow)
    assert fast.status_code == slow.status_code == 200
    assert without_tokens(fast.get_data(as_text=True)) == without_tokens(slow.get_data(as_text=True))
    assert f'value="{code}"' in fast.get_data(as_text=True)
    for name in ("Content-Type", "Cache-Control", "Vary", "Content-Security-Policy", "X-Frame-Options"):
        assert fast.headers[name] == slow.headers[name], name
    assert "join_key=" in fast.headers["Set-Cookie"] and "HttpOnly" in fast.headers["Set-Cookie"]


def test_a_phone_that_joins_gets_the_same_room_as_from_flask(facilitator, app):
    code = start(facilitator)
    open_first_question(facilitator, app, code)
    fast = post_form(app.test_client(), f"/join/{code}", {"code": code, "nickname": "Ana O'Neil"}, action="/join")
    slow = post_form(flask_browser(app), f"/join/{code}", {"code": code, "nickname": "Ana O'Neil"}, action="/join")
    assert not served_by_flask(fast) and served_by_flask(slow)
    assert fast.status_code == slow.status_code == 200
    page = fast.get_data(as_text=True)
    assert without_tokens(page) == without_tokens(slow.get_data(as_text=True))
    assert "Hello, Ana O&#39;Neil" in page and 'name="choice"' in page
    assert fast.headers["Cache-Control"] == "no-store" and f"seat_{code}=" in fast.headers["Set-Cookie"]
    assert seats(app) == 2


def test_the_room_a_phone_joins_can_answer_with_its_own_token(facilitator, app):
    code = start(facilitator)
    item = open_first_question(facilitator, app, code)
    device = app.test_client()
    page = post_form(device, f"/join/{code}", {"code": code}, action="/join").get_data(as_text=True)
    token = re.search(r'<meta name="csrf-token" content="([^"]+)"', page)[1]
    submission = re.search(r'name="submission_id" value="([^"]+)"', page)[1]
    assert send(device, code, item.id, [item.choices[0].id], submission=submission, token=token).status_code == 200
    other = app.test_client()
    post_form(other, f"/join/{code}", {"code": code}, action="/join")
    assert send(other, code, item.id, [item.choices[0].id], token=token).status_code == 403  # not its seat's


def test_the_room_in_another_language_stays_on_the_room(facilitator, app):
    code = start(facilitator)
    page = post_form(app.test_client(), f"/join/{code}", {"code": code}, action="/join").get_data(as_text=True)
    assert f'href="/live/{code}?lang=es"' in page and 'href="/join?lang=es"' not in page


def test_a_phone_in_spanish_gets_the_join_page_and_the_room_in_spanish(facilitator, app):
    code = start(facilitator)
    device, spanish = app.test_client(), {"Accept-Language": "es-MX,es;q=0.9"}
    form = device.get(f"/join/{code}", headers=spanish)
    assert not served_by_flask(form) and '<html lang="es"' in form.get_data(as_text=True)
    token = csrf_from(form.get_data(as_text=True))
    room = device.post("/join", data={"code": code, "csrf_token": token}, headers=spanish)
    assert not served_by_flask(room) and '<html lang="es"' in room.get_data(as_text=True)


def test_a_join_from_another_site_is_refused(facilitator, app):
    """Another site can make a browser post the form, but cannot know the token for that browser's key."""
    code = start(facilitator)
    victim = app.test_client()
    victim.get(f"/join/{code}")  # the victim holds a join key
    attacker = app.test_client()
    stolen = csrf_from(attacker.get(f"/join/{code}").get_data(as_text=True))  # a token for the attacker's own key
    for token in (stolen, "", "forged"):
        assert victim.post("/join", data={"code": code, "csrf_token": token}).status_code == 400
    assert app.test_client().post("/join", data={"code": code, "csrf_token": stolen}).status_code == 400  # no key
    assert seats(app) == 0


def test_a_browser_out_of_guesses_cannot_join_even_with_the_right_code(facilitator, app):
    code = start(facilitator)
    device = app.test_client()
    token = csrf_from(device.get("/join").get_data(as_text=True))
    wrong = [device.post("/join", data={"code": f"ZZZZZ{n}", "csrf_token": token}).status_code for n in range(10)]
    assert wrong == [404] * 10
    assert device.post("/join", data={"code": code, "csrf_token": token}).status_code == 429
    assert seats(app) == 0
    other_phone = app.test_client()
    assert post_form(other_phone, f"/join/{code}", {"code": code}, action="/join").status_code == 200


def test_an_ended_or_full_room_says_so_from_the_fast_path_too(facilitator, app):
    code = start(facilitator)
    app.config["LIVE_MAX_SEATS"] = 1
    assert post_form(app.test_client(), f"/join/{code}", {"code": code}, action="/join").status_code == 200
    full = post_form(app.test_client(), f"/join/{code}", {"code": code}, action="/join")
    assert full.status_code == 409 and "This workshop is full" in full.get_data(as_text=True)
    control(facilitator, code, "end")
    ended = post_form(app.test_client(), f"/join/{code}", {"code": code}, action="/join")
    assert ended.status_code == 404 and "That workshop has ended" in ended.get_data(as_text=True)
    assert seats(app) == 1


def test_a_phone_joining_twice_keeps_one_seat(facilitator, app):
    code = start(facilitator)
    device = app.test_client()
    post_form(device, f"/join/{code}", {"code": code}, action="/join")
    again = post_form(device, f"/join/{code}", {"code": code}, action="/join")
    assert again.status_code == 200 and f'data-room-url="/live/{code}"' in again.get_data(as_text=True)
    assert seats(app) == 1


def test_odd_join_posts_reach_flask_whole(facilitator, app):
    """The fast path reads a post's body before it decides; a post it hands on must reach Flask unread."""
    code = start(facilitator)
    device = app.test_client()
    token = csrf_from(device.get(f"/join/{code}").get_data(as_text=True))
    wrong = device.post("/join", data={"code": "NOPE22", "csrf_token": token})
    assert wrong.status_code == 404 and "find a workshop with that code" in wrong.get_data(as_text=True)
    lower = device.post("/join?x=1", data={"code": code.lower(), "csrf_token": token})
    assert lower.status_code == 200 and served_by_flask(lower)
    assert seats(app) == 1


def test_with_trusted_hosts_set_a_join_page_for_another_host_is_refused(tmp_path):
    app = make_app(tmp_path, TRUSTED_HOSTS=["course.school.example"], TESTING=False)
    phone = app.test_client()
    trusted = phone.get("/join/ABC234", base_url="http://course.school.example")
    assert trusted.status_code == 200 and not served_by_flask(trusted)
    assert phone.get("/join/ABC234", base_url="http://evil.example").status_code == 400
    token = csrf_from(trusted.get_data(as_text=True))
    assert (
        phone.post("/join", data={"code": "ABC234", "csrf_token": token}, base_url="http://evil.example").status_code
        == 400
    )
