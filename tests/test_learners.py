"""Guest-first learning: nothing saved until a step is worth saving, merged on sign-in."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func, select, update

from course.extensions import db
from course.models import Learner, LessonProgress, utcnow

from .conftest import csrf_from, post_form

FIRST, SECOND, THIRD = "why-this-campaign", "who-can-see", "private-moments"


def finish(client, slug):
    return post_form(client, f"/lessons/{slug}", {}, action=f"/lessons/{slug}/done")


def count(app, model) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(model))


def done_lessons(app) -> list[tuple[int, str]]:
    with app.app_context():
        return sorted(db.session.execute(select(LessonProgress.learner_id, LessonProgress.lesson_id)).all())


def test_reading_saves_nothing_and_sets_no_cookie(client, app):
    client.get("/")
    client.get(f"/lessons/{FIRST}")
    assert count(app, Learner) == 0
    assert client.get_cookie("learner") is None


def test_finishing_a_lesson_creates_a_guest_record_and_moves_on(client, app):
    response = finish(client, FIRST)
    assert (
        response.status_code == 303 and response.headers["Location"] == "/quizzes/why-this-campaign-check"
    )  # its check comes next
    cookie = client.get_cookie("learner")
    assert cookie is not None and cookie.http_only
    assert count(app, Learner) == 1
    with app.app_context():
        guest = db.session.scalar(select(Learner))
        assert guest.user_id is None and cookie.value not in (guest.token_hash or "")


def test_finishing_twice_keeps_one_record(client, app):
    token = csrf_from(client.get(f"/lessons/{FIRST}").get_data(as_text=True))
    for _ in range(2):
        response = client.post(f"/lessons/{FIRST}/done", data={"csrf_token": token})
        assert response.status_code == 303
    assert count(app, LessonProgress) == 1


def test_home_shows_progress_and_continue_where_you_left_off(client):
    finish(client, FIRST)
    page = client.get("/").get_data(as_text=True)
    assert "1 of 6 lessons done" in page
    # the road goes lesson -> its check -> the next lesson
    assert "Next: check what you learned." in page and 'href="/quizzes/why-this-campaign-check"' in page


def test_lesson_page_shows_it_is_done(client):
    assert "You finished this lesson" not in client.get(f"/lessons/{FIRST}").get_data(as_text=True)
    finish(client, FIRST)
    page = client.get(f"/lessons/{FIRST}").get_data(as_text=True)
    assert "You finished this lesson" in page and "Mark as done" not in page


def test_a_forged_learner_cookie_is_ignored(client, app):
    finish(client, FIRST)
    client.set_cookie("learner", "forged.value")
    assert "lessons done" not in client.get("/").get_data(as_text=True)


def test_guest_progress_moves_into_a_new_account(client, app):
    finish(client, FIRST)
    finish(client, SECOND)
    response = post_form(client, "/signup", {"username": "newparent", "password": "maple otter lantern 42"})
    assert response.status_code == 303
    assert client.get_cookie("learner") is None
    assert "2 of 6 lessons done" in client.get("/").get_data(as_text=True)
    with app.app_context():
        [learner] = db.session.scalars(select(Learner))
        assert learner.user_id is not None and learner.token_hash is None


def test_guest_progress_merges_into_an_existing_account_without_duplicates(client, auth, app):
    auth.create()
    auth.login()
    finish(client, FIRST)
    auth.logout()
    finish(client, FIRST)
    finish(client, THIRD)
    assert count(app, Learner) == 2
    auth.login()
    assert count(app, Learner) == 1
    assert [lesson for _, lesson in done_lessons(app)] == sorted([FIRST, THIRD])
    assert "2 of 6 lessons done" in client.get("/").get_data(as_text=True)


def test_after_logout_the_account_progress_is_not_shown(client, auth):
    auth.create()
    auth.login()
    finish(client, FIRST)
    auth.logout()
    assert "lessons done" not in client.get("/").get_data(as_text=True)


def test_an_active_guest_gets_their_cookie_renewed_so_the_record_outlives_180_days(client, app):
    post_form(client, "/lessons/why-this-campaign", {}, action="/lessons/why-this-campaign/done")
    with app.app_context():
        db.session.execute(update(Learner).values(last_active_at=utcnow() - timedelta(days=2)))
        db.session.commit()
    response = post_form(client, "/lessons/who-can-see", {}, action="/lessons/who-can-see/done")
    renewed = [h for h in response.headers.getlist("Set-Cookie") if h.startswith("learner=")]
    assert renewed and "Max-Age=15552000" in renewed[0]
    again = post_form(client, "/lessons/private-moments", {}, action="/lessons/private-moments/done")
    assert not [h for h in again.headers.getlist("Set-Cookie") if h.startswith("learner=")]  # once a day at most
