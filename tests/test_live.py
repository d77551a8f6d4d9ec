"""Live workshops: the contract routes, privacy in the room, and answers under concurrency."""

from __future__ import annotations

import re
import threading
from datetime import timedelta

import pytest
from sqlalchemy import func, select, update

from course.extensions import db
from course.live import answers as live_answers
from course.live import service as live
from course.live.answers import ALL
from course.live.report import safe_cell, to_csv
from course.models import LiveResponse, LiveSession, Participant, Role, utcnow

from .conftest import GOOD_PASSWORD, POSTGRES_URL, csrf_from, post_form

PLAN = "school-workshop-30"


def start(facilitator, plan=PLAN) -> str:
    response = post_form(facilitator, "/facilitate/", {"plan": plan})
    assert response.status_code == 303
    return response.headers["Location"].rsplit("/", 1)[1]


def control(facilitator, code, action):
    confirmed = {"confirm": "yes"} if action == "end" else {}
    return post_form(
        facilitator, f"/facilitate/{code}", {"action": action, **confirmed}, action=f"/facilitate/{code}/control"
    )


def phone(app, code):
    device = app.test_client()
    response = post_form(device, f"/join/{code}", {"code": code}, action="/join")
    assert response.status_code == 200 and f'data-room-url="/live/{code}"' in response.get_data(as_text=True)
    return device


def token_of(device, code) -> str:
    page = device.get(f"/live/{code}").get_data(as_text=True)
    return re.search(r'<meta name="csrf-token" content="([^"]+)"', page)[1]


def send(device, code, item_id, choice_ids, submission="s1", token=None):
    return device.post(
        f"/live/{code}/answer",
        json={"item_id": item_id, "choice_ids": choice_ids, "submission_id": submission},
        headers={"X-CSRFToken": token or token_of(device, code)},
    )


def open_first_question(facilitator, app, code):
    plan = app.extensions["course_catalog"].decks[PLAN]
    for item in plan.items:
        control(facilitator, code, "next")
        if item.answerable and not item.checkin:
            return item
    raise AssertionError("plan has no question")


def count(app, model) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(model))


def test_shipped_plans_cover_a_workshop_a_session_and_a_waiting_room(app):
    plans = app.extensions["course_catalog"].decks
    assert len(plans) >= 3 and any(plan.spec.kiosk for plan in plans.values())


def test_facilitator_pages_need_the_role(client, auth):
    assert client.get("/facilitate/").status_code == 302
    auth.create()
    auth.login()
    assert client.get("/facilitate/").status_code == 403


def test_join_codes_are_six_unambiguous_characters(facilitator):
    code = start(facilitator)
    assert re.fullmatch(r"[A-HJ-NP-Z2-9]{6}", code)
    page = facilitator.get(f"/facilitate/{code}").get_data(as_text=True)
    assert code in page and '<svg role="img" aria-label="QR code to join: http://localhost/join/' in page


def test_the_state_follows_the_presenter_with_etags(facilitator, app):
    code = start(facilitator)
    device = phone(app, code)
    first = device.get(f"/live/{code}/state")
    assert first.get_json()["status"] == "waiting" and first.get_json()["item"] is None
    # Its body says whether this phone has answered: no browser cache may replay an old one.
    assert first.headers["Cache-Control"] == "no-store"
    again = device.get(f"/live/{code}/state", headers={"If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304 and "Content-Length" not in again.headers and again.data == b""
    assert device.get(f"/live/{code}/state%0a").status_code == 404  # no trailing newline sneaks past the path
    control(facilitator, code, "next")
    moved = device.get(f"/live/{code}/state", headers={"If-None-Match": first.headers["ETag"]})
    data = moved.get_json()
    assert moved.status_code == 200 and data["status"] == "open" and data["version"] > first.get_json()["version"]
    assert set(data["item"]) >= {"id", "kind", "prompt", "choices"} and data["answered"] is False


def test_an_answer_counts_once_and_closed_items_refuse(facilitator, app):
    code = start(facilitator)
    item = open_first_question(facilitator, app, code)
    device = phone(app, code)
    token = token_of(device, code)
    choice = item.choices[0].id
    assert send(device, code, item.id, [choice], token=token).get_json() == {"accepted": True}
    resent = send(device, code, item.id, [choice], token=token)  # the same submission, after a lost reply
    assert resent.get_json() == {"accepted": True}
    other_choice = item.choices[1].id
    again = send(device, code, item.id, [other_choice], submission="s2", token=token)
    assert again.get_json() == {"accepted": True, "first_answer_kept": True}
    assert count(app, LiveResponse) == 1
    assert device.get(f"/live/{code}/state").get_json()["answered"] is True
    control(facilitator, code, "close")
    late = phone(app, code)
    response = send(late, code, item.id, [choice])
    assert response.status_code == 409 and count(app, LiveResponse) == 1


def test_the_same_answer_sent_ten_times_at_once_is_counted_once(facilitator, app):
    code = start(facilitator)
    item = open_first_question(facilitator, app, code)
    device = phone(app, code)
    token = token_of(device, code)
    cookies = {cookie.key: cookie.value for cookie in device._cookies.values()}
    results: list[int] = []

    def fire():
        twin = app.test_client()
        for name, value in cookies.items():
            twin.set_cookie(name, value)
        results.append(send(twin, code, item.id, [item.choices[0].id], submission="same", token=token).status_code)

    threads = [threading.Thread(target=fire) for _ in range(10)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert results == [200] * 10
    assert count(app, LiveResponse) == 1


def test_answers_racing_close_are_either_counted_or_refused(facilitator, app):
    code = start(facilitator)
    item = open_first_question(facilitator, app, code)
    devices = [phone(app, code) for _ in range(8)]
    tokens = [token_of(device, code) for device in devices]
    acknowledged: list[bool] = []

    def answer(device, token):
        acknowledged.append(send(device, code, item.id, [item.choices[0].id], token=token).status_code == 200)

    threads = [threading.Thread(target=answer, args=pair) for pair in zip(devices, tokens, strict=True)]
    for thread in threads[:4]:
        thread.start()
    control(facilitator, code, "close")
    for thread in threads[4:]:
        thread.start()
    for thread in threads:
        thread.join()
    assert sum(acknowledged) == count(app, LiveResponse)


def test_wrong_answers_and_missing_tokens_are_refused(facilitator, app):
    code = start(facilitator)
    item = open_first_question(facilitator, app, code)
    device = phone(app, code)
    assert send(device, code, item.id, ["no-such-choice"]).status_code == 400
    assert send(device, code, "another-item", [item.choices[0].id]).status_code == 409
    no_token = device.post(
        f"/live/{code}/answer", json={"item_id": item.id, "choice_ids": [item.choices[0].id], "submission_id": "x"}
    )
    assert no_token.status_code == 403 and count(app, LiveResponse) == 0
    stranger = app.test_client()
    assert send(stranger, code, item.id, [item.choices[0].id], token=token_of(device, code)).status_code in (400, 403)


def test_the_tally_stays_hidden_below_the_threshold(facilitator, app):
    code = start(facilitator)
    item = open_first_question(facilitator, app, code)
    for n in range(5):
        data = facilitator.get(f"/facilitate/{code}/tally").get_json()
        assert data["counts"] is None and data["responses"] == n
        send(phone(app, code), code, item.id, [item.choices[0].id], submission=f"s{n}")
    data = facilitator.get(f"/facilitate/{code}/tally").get_json()
    assert data["responses"] == 5 and data["counts"][item.choices[0].id] == 5


def test_someone_elses_session_is_a_404(facilitator, app, auth):
    code = start(facilitator)
    other = app.test_client()
    auth.create("lee", role=Role.FACILITATOR)
    type(auth)(other, app).login("lee")
    for path in (
        f"/facilitate/{code}",
        f"/facilitate/{code}/tally",
        f"/facilitate/{code}/report",
        f"/facilitate/{code}/report.csv",
    ):
        assert other.get(path).status_code == 404
    token = csrf_from(other.get("/facilitate/").get_data(as_text=True))
    assert other.post(f"/facilitate/{code}/control", data={"action": "next", "csrf_token": token}).status_code == 404


def test_wrong_codes_get_a_clear_message_and_guessing_is_limited(client):
    first = post_form(client, "/join", {"code": "NOPE22"})
    assert first.status_code == 404 and "find a workshop with that code" in first.get_data(as_text=True)
    statuses = [post_form(client, "/join", {"code": f"ZZZZZ{n}"}).status_code for n in range(10)]
    assert statuses[:9] == [404] * 9 and statuses[9] == 429


def test_the_facilitators_tally_and_debrief_are_never_cached(facilitator, app):
    code = start(facilitator)
    for path in (f"/facilitate/{code}/tally", f"/facilitate/{code}/debrief"):
        assert facilitator.get(path).headers["Cache-Control"] == "no-store", path


def test_joining_shows_the_room_in_the_same_reply_ready_to_answer(facilitator, app):
    code = start(facilitator)
    item = open_first_question(facilitator, app, code)
    device = app.test_client()
    reply = post_form(device, f"/join/{code}", {"code": code}, action="/join")
    page = reply.get_data(as_text=True)
    assert reply.status_code == 200 and reply.headers["Cache-Control"] == "no-store"
    assert f'data-room-url="/live/{code}"' in page and f'content="6; url=/live/{code}"' in page
    token = re.search(r'<meta name="csrf-token" content="([^"]+)"', page)[1]
    assert send(device, code, item.id, [item.choices[0].id], token=token).status_code == 200
    assert count(app, Participant) == 1


def test_a_refresh_keeps_the_seat(facilitator, app):
    code = start(facilitator)
    device = phone(app, code)
    post_form(device, f"/join/{code}", {"code": code}, action="/join")
    assert device.get(f"/live/{code}").status_code == 200
    assert count(app, Participant) == 1


def test_nicknames_are_cleaned_and_off_by_default(facilitator, app):
    """A phone has a nickname only when one is typed (there is no box to forget to tick)."""
    code = start(facilitator)
    plain = app.test_client()
    post_form(plain, f"/join/{code}", {"code": code, "nickname": ""}, action="/join")
    named = app.test_client()
    post_form(
        named,
        f"/join/{code}",
        {"code": code, "nickname": "<script>alert(1)</script>\x07Jo" + "x" * 50},
        action="/join",
    )
    with app.app_context():
        names = sorted(str(p.nickname) for p in db.session.scalars(select(Participant)))
    assert names[0] == "None"
    assert "<" not in names[1] and "\x07" not in names[1] and len(names[1]) <= 24
    greeting = named.get(f"/live/{code}").get_data(as_text=True)
    assert f"Hello, {names[1]}" in greeting and "<script>alert" not in greeting
    assert "Hello," not in plain.get(f"/live/{code}").get_data(as_text=True)
    presenter = facilitator.get(f"/facilitate/{code}").get_data(as_text=True)
    assert names[1] not in presenter  # the room never sees it


def test_the_report_and_csv_are_aggregate_and_escaped(facilitator, app):
    code = start(facilitator)
    item = open_first_question(facilitator, app, code)
    for n in range(6):
        send(phone(app, code), code, item.id, [item.choices[n % 2].id], submission=f"s{n}")
    control(facilitator, code, "end")
    page = facilitator.get(f"/facilitate/{code}/report").get_data(as_text=True)
    assert item.title in page and "6 joined" in page
    csv_text = facilitator.get(f"/facilitate/{code}/report.csv").get_data(as_text=True)
    assert csv_text.startswith("item,title,choice,label,correct,count,responses")
    assert safe_cell("=HYPERLINK(1)") == "'=HYPERLINK(1)" and safe_cell("+1") == "'+1" and safe_cell("ok") == "ok"


def test_csv_cells_from_content_are_escaped(app):
    plan = app.extensions["course_catalog"].decks[PLAN]
    from course.live.decks import LiveChoiceView, LiveItem
    from course.live.report import ItemResult

    evil = LiveItem(
        id="x",
        kind="question",
        title="=cmd|' /C calc'!A0",
        prompt="?",
        choices=(LiveChoiceView("a", "@SUM(1)", True),),
        multiple=False,
        notes="",
    )
    text = to_csv([ItemResult(evil, 5, {"a": 5})])
    assert "'=cmd" in text and "'@SUM" in text and plan


def test_the_cli_prints_the_join_code_alone_on_its_last_line(runner, app, auth):
    auth.create("nurse.kim", role=Role.FACILITATOR)
    result = runner.invoke(args=["live", "create", "--plan", PLAN, "--owner", "nurse.kim"])
    assert result.exit_code == 0, result.output
    code = result.output.strip().splitlines()[-1]
    assert re.fullmatch(r"[A-HJ-NP-Z2-9]{6}", code)
    with app.app_context():
        assert db.session.scalar(select(LiveSession.plan_id).where(LiveSession.code == code)) == PLAN
    assert runner.invoke(args=["live", "create", "--plan", "nope", "--owner", "nurse.kim"]).exit_code != 0


def test_purge_keeps_aggregates_and_drops_answers(facilitator, app, runner):
    code = start(facilitator)
    item = open_first_question(facilitator, app, code)
    for n in range(5):
        send(phone(app, code), code, item.id, [item.choices[0].id], submission=f"s{n}")
    with app.app_context():
        db.session.execute(update(LiveResponse).values(created_at=utcnow() - timedelta(days=31)))
        db.session.commit()
    result = runner.invoke(args=["privacy", "purge"])
    assert "5 workshop answers" in result.output
    assert count(app, LiveResponse) == 0 and count(app, Participant) == 0
    data = facilitator.get(f"/facilitate/{code}/tally").get_json()
    assert data["responses"] == 5 and data["counts"][item.choices[0].id] == 5


def test_purge_keeps_the_totals_of_a_deck_renamed_since_the_workshop(facilitator, app, runner):
    code = start(facilitator)
    item = open_first_question(facilitator, app, code)
    for n in range(5):
        send(phone(app, code), code, item.id, [item.choices[0].id], submission=f"s{n}")
    with app.app_context():
        db.session.execute(update(LiveResponse).values(created_at=utcnow() - timedelta(days=31)))
        db.session.execute(update(LiveSession).values(plan_id="renamed-since"))
        db.session.commit()
    assert "5 workshop answers" in runner.invoke(args=["privacy", "purge"]).output
    with app.app_context():
        session = db.session.scalar(select(LiveSession).where(LiveSession.code == code))
        counts = live_answers.counts_for(session, item.id)
    assert counts[ALL] == 5 and counts[item.choices[0].id] == 5


def test_a_closed_session_says_so_kindly(facilitator, app):
    code = start(facilitator)
    device = phone(app, code)
    control(facilitator, code, "end")
    assert "The workshop has ended" in device.get(f"/live/{code}").get_data(as_text=True)
    late = post_form(app.test_client(), "/join", {"code": code})
    assert late.status_code == 404 and "has ended" in late.get_data(as_text=True)


def test_live_state_machine_refuses_nonsense(facilitator, app):
    code = start(facilitator)
    assert control(facilitator, code, "close").status_code == 409
    assert control(facilitator, code, "previous").status_code == 409
    assert control(facilitator, code, "fly").status_code == 409
    control(facilitator, code, "end")
    assert control(facilitator, code, "next").status_code == 409


def test_kiosk_runs_a_deck_and_resets_without_keeping_anything(client, app):
    page = client.get("/kiosk").get_data(as_text=True)
    plan = next(p for p in app.extensions["course_catalog"].decks.values() if p.spec.kiosk)
    assert f"/kiosk/{plan.slug}/1" in page and "Continue on your phone" in page
    question = next(i for i, item in enumerate(plan.items, 1) if item.answerable)
    item = plan.items[question - 1]
    response = post_form(client, f"/kiosk/{plan.slug}/{question}", {"choice": item.correct_ids[0]})
    assert "That's what a careful parent would do." in response.get_data(as_text=True)
    wrong = next(choice.id for choice in item.choices if not (choice.correct or choice.also_fine))
    missed = post_form(client, f"/kiosk/{plan.slug}/{question}", {"choice": wrong}).get_data(as_text=True)
    assert "This one needs a little more care." in missed and "The careful answer:" in missed
    assert "You chose:" in missed
    assert response.headers["Cache-Control"] == "no-store"
    assert client.get_cookie("session") is not None  # the CSRF token of the answer forms
    reset = client.get("/kiosk/reset", headers={"Sec-Fetch-Site": "same-origin"})
    assert reset.status_code == 303 and '"cookies"' in reset.headers["Clear-Site-Data"]
    assert client.get_cookie("session") is None  # expired too, for kiosks served over plain HTTP
    assert count(app, LiveResponse) == 0 and count(app, Participant) == 0
    assert 'data-seconds="90"' in page


def test_the_kiosk_calls_a_safe_answer_more_careful_than_needed_never_wrong(client, app):
    plan = next(p for p in app.extensions["course_catalog"].decks.values() if p.spec.kiosk)
    number, item = next(
        (i, item) for i, item in enumerate(plan.items, 1) if any(choice.also_fine for choice in item.choices)
    )
    safer = next(choice.id for choice in item.choices if choice.also_fine)
    page = post_form(client, f"/kiosk/{plan.slug}/{number}", {"choice": safer}).get_data(as_text=True)
    assert "That's safe, and more careful than this one needs." in page
    assert "needs a little more care" not in page


def test_participants_can_answer_without_javascript(facilitator, app):
    code = start(facilitator)
    item = open_first_question(facilitator, app, code)
    device = phone(app, code)
    page = device.get(f"/live/{code}").get_data(as_text=True)
    submission = re.search(r'name="submission_id" value="([^"]+)"', page)[1]
    response = device.post(
        f"/live/{code}/answer-form",
        data={
            "csrf_token": csrf_from(page),
            "item_id": item.id,
            "choice": item.choices[0].id,
            "submission_id": submission,
        },
    )
    assert response.status_code == 303
    assert "your answer is in" in device.get(f"/live/{code}").get_data(as_text=True)
    assert count(app, LiveResponse) == 1
    assert GOOD_PASSWORD


def test_only_admins_create_facilitator_accounts(client, auth, app):
    auth.create("boss", role=Role.ADMIN)
    auth.create("kim", role=Role.FACILITATOR)
    auth.login("kim")
    assert client.get("/admin/people").status_code == 403
    auth.logout()
    auth.login("boss")
    response = post_form(
        client, "/admin/people", {"username": "Nurse.Lee", "password": "violet heron compass 7", "role": "facilitator"}
    )
    assert response.status_code == 303
    assert "nurse.lee" in client.get("/admin/people").get_data(as_text=True)
    weak = post_form(client, "/admin/people", {"username": "x2y", "password": "password", "role": "facilitator"})
    assert "too easy to guess" in weak.get_data(as_text=True)
    other = app.test_client()
    login = post_form(other, "/login", {"username": "nurse.lee", "password": "violet heron compass 7"})
    assert login.status_code == 303
    assert other.get("/facilitate/").status_code == 200


@pytest.mark.skipif(not POSTGRES_URL, reason="SQLite lets one writer in at a time, so this read cannot go stale there")
def test_a_control_builds_on_the_row_as_locked_not_on_an_earlier_read(facilitator, app):
    """A laptop and a clicker pressing at once: the second press sees what the first one did."""
    code = start(facilitator)
    plan = app.extensions["course_catalog"].decks[PLAN]
    with app.app_context():
        earlier = live.find_session(code)
        with db.engine.begin() as other_screen:
            other_screen.execute(
                update(LiveSession)
                .where(LiveSession.code == code)
                .values(position=0, status="open", version=LiveSession.version + 1)
            )
        live.control(earlier, plan, "close")
        db.session.commit()
    state = facilitator.get(f"/live/{code}/state").get_json()
    assert (state["status"], state["version"]) == ("closed", 3)


def test_malformed_answer_bodies_get_a_400_not_an_error(facilitator, app):
    code = start(facilitator)
    item = open_first_question(facilitator, app, code)
    device = phone(app, code)
    token = token_of(device, code)
    choice = item.choices[0].id
    for body in ([choice], {"item_id": item.id, "choice_ids": [choice], "submission_id": None}, "text"):
        response = device.post(f"/live/{code}/answer", json=body, headers={"X-CSRFToken": token})
        assert response.status_code == 400 and response.get_json()["accepted"] is False
    assert count(app, LiveResponse) == 0


def test_purge_also_forgets_phones_that_never_answered(facilitator, app, runner):
    old_code, recent_code = start(facilitator), start(facilitator)
    for code in (old_code, recent_code):
        device = app.test_client()
        form = {"code": code, "nickname": "Sam"}
        assert post_form(device, f"/join/{code}", form, action="/join").status_code == 200
    with app.app_context():
        old_session = live.find_session(old_code)
        db.session.execute(
            update(Participant)
            .where(Participant.session_id == old_session.id)
            .values(joined_at=utcnow() - timedelta(days=31))
        )
        db.session.commit()
    runner.invoke(args=["privacy", "purge"])
    with app.app_context():
        left = db.session.scalars(select(Participant.session_id)).all()
        assert left == [live.find_session(recent_code).id]


def test_a_link_from_another_site_cannot_reset_a_browser(facilitator, app):
    """/kiosk/reset clears a browser only when the kiosk itself asks, never from someone else's link."""
    for headers in ({"Sec-Fetch-Site": "cross-site"}, {"Referer": "https://elsewhere.example/"}):
        reset = facilitator.get("/kiosk/reset", headers=headers)
        assert reset.status_code == 303 and "Clear-Site-Data" not in reset.headers
        assert "Set-Cookie" not in reset.headers
    assert facilitator.get("/facilitate/").status_code == 200  # still logged in
    kiosk_page = facilitator.get("/kiosk").get_data(as_text=True)
    assert 'href="/me"' not in kiosk_page and 'href="/scenarios/"' not in kiosk_page  # no way out of the kiosk


def test_a_room_behind_one_address_is_not_locked_out_by_each_others_typos(facilitator, app):
    code = start(facilitator)
    for _ in range(12):  # twelve parents on the school Wi-Fi, each mistyping once, then getting it right
        device = app.test_client()
        assert post_form(device, "/join", {"code": "WRONG2"}).status_code == 404
        assert post_form(device, "/join", {"code": code}).status_code == 200


def test_a_full_room_says_so_and_seats_no_more(facilitator, app):
    app.config["LIVE_MAX_SEATS"] = 3
    code = start(facilitator)
    for _ in range(3):
        phone(app, code)
    late = post_form(app.test_client(), f"/join/{code}", {"code": code}, action="/join")
    assert late.status_code == 409 and "This workshop is full" in late.get_data(as_text=True)
    assert count(app, Participant) == 3
