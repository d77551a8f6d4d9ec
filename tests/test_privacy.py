"""Data rights: export holds everything linked to a person; erasure and purge leave nothing behind."""

from __future__ import annotations

import subprocess
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, inspect, select, update

from course.accounts.service import create_user
from course.extensions import db
from course.me import privacy
from course.models import Learner, LiveResponse, Participant, Role, User, utcnow
from course.serve import server_command

from .conftest import GOOD_PASSWORD, make_app, post_form
from .test_live import open_first_question, phone, send, start, token_of
from .test_me import decide, make_code, take

ROOT = Path(__file__).resolve().parent.parent


def personal_tables() -> set[str]:
    """Every table whose rows belong to a person: deleted with them, directly or through another such table."""
    tables = {"users", "learners"}
    grew = True
    while grew:
        grew = False
        for table in db.metadata.sorted_tables:
            if table.name not in tables and any(
                fk.column.table.name in tables and fk.ondelete == "CASCADE" for fk in table.foreign_keys
            ):
                tables.add(table.name)
                grew = True
    return tables


def owned_tables() -> set[str]:
    """Tables that name a person as owner but outlive them (the link is cleared): a facilitator's rooms."""
    return {
        table.name
        for table in db.metadata.sorted_tables
        if any(fk.column.table.name == "users" and fk.ondelete == "SET NULL" for fk in table.foreign_keys)
    }


def counts(app) -> dict[str, int]:
    with app.app_context():
        return {t.name: db.session.scalar(select(func.count()).select_from(t)) for t in db.metadata.sorted_tables}


def do_everything(client, app) -> None:
    """Leave data in every personal table."""
    post_form(client, "/lessons/why-this-campaign", {}, action="/lessons/why-this-campaign/done")
    decide(client, app, "bath-time-bubbles")
    take(client, app, "final")
    answers = {question.id: "2" for question in app.extensions["course_catalog"].self_check.questions}
    assert post_form(client, "/me/check/before", answers).status_code == 303
    assert post_form(client, "/me/check/after", {**answers, "commitment": "four-questions"}).status_code == 303
    post_form(client, "/me/plan", {"shown": ["four-questions"], "done": ["four-questions"]})


def test_every_personal_table_is_filled_by_the_walkthrough(client, app):
    do_everything(client, app)
    make_code(client)
    filled = {name for name, n in counts(app).items() if n}
    assert personal_tables() - {"users"} <= filled


def test_export_holds_every_table_linked_to_a_person(client, auth, app):
    auth.create()
    auth.login()
    do_everything(client, app)
    response = client.get("/me/export.json")
    assert response.headers["Cache-Control"] == "no-store"
    assert "attachment" in response.headers["Content-Disposition"]
    data = response.get_json()
    assert data["account"]["username"] == "parent1" and "password_hash" not in data["account"]
    with app.app_context():
        for relation in inspect(Learner).relationships:
            if relation.key != "user":
                assert relation.key in data, relation.key
    exported_tables = (
        {"users", "learners"}
        | {inspect(Learner).relationships[key].mapper.persist_selectable.name for key in privacy.learner_tables()}
        | {"quiz_answers"}
    )
    assert exported_tables == personal_tables()
    assert data["quiz_attempts"][0]["answers"] and data["scenario_responses"][0]["decision"]
    assert owned_tables() <= set(data)
    assert "token_hash" not in data["learning_record"]


def test_a_guest_can_export_too(client, app):
    do_everything(client, app)
    data = client.get("/me/export.json").get_json()
    assert data["account"] is None and len(data["lesson_progress"]) == 1


def test_erasure_leaves_nothing_of_an_account_with_a_merged_guest_record(client, auth, app):
    auth.create()
    do_everything(client, app)  # as a guest
    auth.login()  # the guest record merges into the account
    do_everything(client, app)
    assert client.get("/me/delete").status_code == 200
    response = post_form(client, "/me/delete", {})
    assert response.status_code == 303 and response.headers["Clear-Site-Data"] == '"cookies", "storage"'
    assert all(counts(app)[name] == 0 for name in personal_tables()), counts(app)
    assert "Log in" in client.get("/").get_data(as_text=True)
    assert response.headers["Location"] == "/me/deleted"
    said = client.get("/me/deleted").get_data(as_text=True)
    assert "Everything is deleted" in said and "cookies for this site are gone" in said


def test_erasure_of_a_guest(client, app):
    do_everything(client, app)
    make_code(client)
    post_form(client, "/me/delete", {})
    assert all(counts(app)[name] == 0 for name in personal_tables()), counts(app)


def test_erasure_ends_every_session_of_the_account(client, auth, app):
    auth.create()
    other = app.test_client()
    type(auth)(other, app).login()
    auth.login()
    post_form(client, "/me/delete", {})
    assert other.get("/account/password").status_code == 302
    assert counts(app)["users"] == 0


def age(app, days: int) -> None:
    with app.app_context():
        db.session.execute(update(Learner).values(last_active_at=utcnow() - timedelta(days=days)))
        db.session.commit()


@pytest.mark.parametrize("dry_run", [True, False])
def test_purge_removes_idle_guests_and_spent_codes(client, auth, app, runner, dry_run):
    do_everything(client, app)
    auth.create()
    auth.login()  # the guest record becomes the account's and must survive
    stranger = app.test_client()
    do_everything(stranger, app)
    age(app, 181)
    result = runner.invoke(args=["privacy", "purge", *(["--dry-run"] if dry_run else [])])
    assert result.exit_code == 0, result.output
    assert "1 idle guest records" in result.output
    with app.app_context():
        learners = db.session.scalars(select(Learner)).all()
        assert len(learners) == (2 if dry_run else 1)
        assert all(learner.user_id for learner in learners) or dry_run
        assert db.session.scalar(select(func.count()).select_from(User)) == 1


def test_purge_keeps_recent_guests(client, app, runner):
    do_everything(client, app)
    age(app, 10)
    assert "0 idle guest records" in runner.invoke(args=["privacy", "purge"]).output
    assert counts(app)["learners"] == 1


def test_a_facilitator_erased_leaves_anonymous_room_totals_but_no_link_to_them(client, auth, app):
    auth.create("kim", role=Role.FACILITATOR)
    auth.login("kim")
    post_form(client, "/facilitate/", {"plan": "school-workshop-30"})
    data = client.get("/me/export.json").get_json()
    assert len(data["live_sessions"]) == 1 and data["live_sessions"][0]["plan_id"] == "school-workshop-30"
    post_form(client, "/me/delete", {})
    with app.app_context():
        from course.models import LiveSession

        assert db.session.scalars(select(LiveSession.owner_id)).all() == [None]
    assert counts(app)["users"] == 0


def test_make_run_logs_requests_without_client_addresses_referrers_or_browsers():
    """The access log of `make run` is a store too: it keeps no IP address (DESIGN §7).

    The server's own access log stays off; the only one is course/rsgi.py's (see test_access_log.py).
    """
    planned = subprocess.run(["make", "-n", "run"], cwd=ROOT, capture_output=True, text=True, check=True).stdout
    assert "-m course.serve" in planned
    command = server_command("127.0.0.1", 5000, 2, 8)
    assert "--access-log" not in command and command[-1] == "app:rsgi"


def test_erasure_takes_the_browsers_seats_in_live_rooms_with_it(facilitator, app):
    code = start(facilitator)
    item = open_first_question(facilitator, app, code)
    device = phone(app, code)
    post_form(device, f"/join/{code}", {"code": code, "nickname": "Samira"}, action="/join")
    assert send(device, code, item.id, [item.choices[0].id], token=token_of(device, code)).status_code == 200
    response = post_form(device, "/me/delete", {})
    assert response.status_code == 303
    expired = [header for header in response.headers.getlist("Set-Cookie") if header.startswith(f"seat_{code}=;")]
    assert expired and "Expires=Thu, 01 Jan 1970" in expired[0]
    answer = [header for header in response.headers.getlist("Set-Cookie") if header.startswith(f"answered_{code}=;")]
    assert answer and "Expires=Thu, 01 Jan 1970" in answer[0], "what the phone answered goes too"
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Participant)) == 0
        assert db.session.scalar(select(func.count()).select_from(LiveResponse)) == 0


def test_erasing_a_facilitator_ends_their_rooms(facilitator, app):
    code = start(facilitator)
    assert post_form(facilitator, "/me/delete", {}).status_code == 303
    late = post_form(app.test_client(), "/join", {"code": code})
    assert late.status_code == 404 and "has ended" in late.get_data(as_text=True)


def test_an_erased_email_is_gone_from_the_sqlite_files_too(tmp_path):
    """Deleting a row is not enough: its bytes stay in free pages and in the write-ahead log."""
    database = tmp_path / "erase.sqlite3"
    app = make_app(tmp_path, SQLALCHEMY_DATABASE_URI=f"sqlite:///{database}")
    with app.app_context():
        db.create_all()
        create_user("robin", GOOD_PASSWORD, email="erase-me@example.org")
        db.session.commit()
    client = app.test_client()
    post_form(client, "/login", {"username": "robin", "password": GOOD_PASSWORD})
    assert post_form(client, "/me/delete", {}).status_code == 303
    for path in (database, database.with_name(database.name + "-wal")):
        if path.exists():
            assert b"erase-me@example.org" not in path.read_bytes(), path.name
    with app.app_context():
        db.engine.dispose()
