"""The parent's dashboard, mastery, check-ins, plan, certificate and moving to another device."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select, text, update

from course.extensions import db
from course.models import ResumeCode, utcnow
from course.scenarios import editing as engine
from course.scenarios.risk import Grade

from .conftest import csrf_from, post_form


def take(client, app, slug, right=True):
    """Answer every question of a shipped quiz, all right or all wrong."""
    quiz = app.extensions["course_catalog"].quizzes[slug]
    page = client.get(f"/quizzes/{slug}").get_data(as_text=True)
    import re

    data = {"csrf_token": csrf_from(page), "attempt_key": re.search(r'name="attempt_key" value="([^"]+)"', page)[1]}
    for q in quiz.spec.questions:
        chosen = [c.id for c in q.choices if c.correct == right]
        data[f"q-{q.id}"] = chosen if q.kind == "multiple" else chosen[:1]
    return client.post(f"/quizzes/{slug}", data=data)


def decide(client, app, slug, right=True):
    scenario = app.extensions["course_catalog"].scenarios[slug]
    grades = engine.decision_grades(scenario)
    careful = [verdict.key for verdict, grade in grades.items() if grade == Grade.CAREFUL]
    not_careful = [verdict.key for verdict, grade in grades.items() if grade != Grade.CAREFUL]
    choice = careful[0] if right else not_careful[0]
    return post_form(client, f"/scenarios/{slug}", {"step": "decide", "decision": choice})


def test_dashboard_shows_progress_quizzes_and_continue(client, app):
    post_form(client, "/lessons/why-this-campaign", {}, action="/lessons/why-this-campaign/done")
    take(client, app, "why-this-campaign-check")
    page = client.get("/me").get_data(as_text=True)
    assert "1 of 6 done." in page
    assert "Continue where you left off: Who can see what you post" in page
    assert "best 5 of 5 (1 attempt), passed" in page
    assert "15% of the course done" in page  # 1 lesson + 1 quiz of 13 steps
    assert client.get("/me").headers["Cache-Control"] == "no-store"


def test_mastery_needs_two_different_items_right(client, app):
    page = client.get("/me").get_data(as_text=True)
    assert page.count("Not started") == 6
    decide(client, app, "bath-time-bubbles")
    assert 'level--practiced">Practiced' in client.get("/me").get_data(as_text=True)
    decide(client, app, "nappy-change")
    assert 'level--mastered">Mastered' in client.get("/me").get_data(as_text=True)


def test_wrong_answers_count_as_practice_not_mastery(client, app):
    decide(client, app, "bath-time-bubbles", right=False)
    decide(client, app, "nappy-change", right=False)
    page = client.get("/me").get_data(as_text=True)
    assert 'level--practiced">Practiced' in page and "Mastered" not in page.split("What you've practiced")[1]


BEFORE = {
    "know-what-posts-reveal": "2",
    "pause-before-posting": "1",
    "ask-your-child": "3",
    "camera-location-checked": "1",
    "audience-known": "2",
    "relatives-asked": "2",
}


def test_before_and_after_check_ins_show_the_change_in_feelings_and_actions(client, app):
    assert post_form(client, "/me/check/before", BEFORE).status_code == 303
    page = client.get("/me").get_data(as_text=True)
    assert "I don&#39;t know how" in page and 'href="/lessons/details-that-identify">Learn how' in page
    later = {**BEFORE, "know-what-posts-reveal": "5", "pause-before-posting": "4", "camera-location-checked": "3"}
    post_form(client, "/me/check/after", later)
    page = client.get("/me").get_data(as_text=True)
    assert page.count("(+3)") == 2 and "(+0)" not in page
    camera = page.split("I have checked whether my phone")[1].split("</tr>")[0]
    assert "I don&#39;t know how</td><td>Yes</td>" in camera.replace("&#39;", "&#39;")
    assert 'href="/lessons/details-that-identify">Learn how' not in page  # they have done it now


@pytest.mark.parametrize(
    "answers",
    [
        {**BEFORE, "know-what-posts-reveal": "9"},
        {**BEFORE, "know-what-posts-reveal": "x"},
        {**BEFORE, "know-what-posts-reveal": "²"},
        {**BEFORE, "camera-location-checked": "4"},
        {"know-what-posts-reveal": "2"},
        {},
    ],
)
def test_check_in_answers_must_be_one_of_the_offered_choices(client, answers):
    assert post_form(client, "/me/check/before", answers).status_code == 400
    assert client.get("/me/check/during").status_code == 404


def test_the_after_check_in_asks_for_one_change_that_tops_the_plan(client, app):
    post_form(client, "/me/check/before", BEFORE)
    post_form(client, "/lessons/who-can-see", {}, action="/lessons/who-can-see/done")
    form = client.get("/me/check/after").get_data(as_text=True)
    assert 'name="commitment" value="audience-friends"' in form and 'name="commitment" value="none"' in form
    assert 'name="commitment" value="camera-location"' not in form  # only steps already on their plan
    response = post_form(client, "/me/check/after", {**BEFORE, "commitment": "audience-friends"})
    assert response.headers["Location"].endswith("/me/plan#one-change")
    plan = client.get("/me/plan").get_data(as_text=True)
    top = plan.split('id="one-change"')[1].split("</section>")[0]
    assert "My one change" in top and "Set my posts to family and friends" in top
    assert post_form(client, "/me/check/after", {**BEFORE, "commitment": "camera-location"}).status_code == 400
    post_form(client, "/me/check/after", {**BEFORE, "commitment": "none"})
    assert 'id="one-change"' not in client.get("/me/plan").get_data(as_text=True)


def test_the_before_check_in_asks_for_no_commitment(client):
    assert 'name="commitment"' not in client.get("/me/check/before").get_data(as_text=True)
    post_form(client, "/me/check/before", {**BEFORE, "commitment": "four-questions"})
    assert 'id="one-change"' not in client.get("/me/plan").get_data(as_text=True)


def test_the_plan_grows_from_what_the_parent_did(client, app):
    page = client.get("/me/plan").get_data(as_text=True)
    assert "Pause and ask the four questions" in page and "Turn off location" not in page
    scenario = app.extensions["course_catalog"].scenarios["park-live-checkin"]
    fix = next(fix for fix in scenario.spec.fixes if fix.kind == "remove-location")
    post_form(client, "/scenarios/park-live-checkin", {"step": "decide", "decision": "edit"})
    post_form(client, "/scenarios/park-live-checkin", {"step": "spot"})
    post_form(client, "/scenarios/park-live-checkin", {"step": "fix", "fix": [fix.id]})
    page = client.get("/me/plan").get_data(as_text=True)
    assert "Turn off location for my phone&#39;s camera" in page.replace("'", "&#39;")
    assert "Keep bath and diaper" not in page


def test_plan_steps_are_checkboxes_in_one_form(client):
    ticked = 'name="done" value="four-questions" checked'
    page = client.get("/me/plan").get_data(as_text=True)
    assert 'type="checkbox" name="done" value="four-questions"' in page and ticked not in page
    assert "☐" not in page and "☑" not in page
    response = post_form(client, "/me/plan", {"shown": ["four-questions"], "done": ["four-questions"]})
    assert response.status_code == 303
    page = client.get("/me/plan").get_data(as_text=True)
    assert ticked in page and "Your plan is saved." in page
    post_form(client, "/me/plan", {"shown": ["camera-location"]})  # a form opened before: leaves the step alone
    assert ticked in client.get("/me/plan").get_data(as_text=True)
    post_form(client, "/me/plan", {"shown": ["four-questions"]})
    assert ticked not in client.get("/me/plan").get_data(as_text=True)
    assert post_form(client, "/me/plan", {"shown": ["not-a-step"], "done": ["not-a-step"]}).status_code == 400
    assert post_form(client, "/me/plan", {"shown": [], "done": ["four-questions"]}).status_code == 400


def test_the_certificate_waits_for_the_final_quiz(client, app):
    assert client.get("/me/certificate").status_code == 403
    take(client, app, "final", right=False)
    assert client.get("/me/certificate").status_code == 403
    take(client, app, "final")
    page = client.get("/me/certificate").get_data(as_text=True)
    assert "Certificate of completion" in page and "We don&#39;t save this name" in page.replace("'", "&#39;")


def test_the_printed_name_is_never_stored(client, app):
    take(client, app, "final")
    name = "Robin Quillfeather"
    page = post_form(client, "/me/certificate", {"name": name}).get_data(as_text=True)
    assert name in page
    with app.app_context():
        for table in db.metadata.sorted_tables:
            dump = str(db.session.execute(select(table)).all())
            assert name not in dump, table.name


def test_a_certificate_code_can_be_checked_by_anyone(client, app):
    take(client, app, "final")
    code = client.get("/me/certificate").get_data(as_text=True).split("Code: <strong>")[1].split("<")[0]
    stranger = app.test_client()
    assert "is real" in stranger.get(f"/certificates/{code}").get_data(as_text=True)
    assert stranger.get("/certificates/NOTAREALCODE").status_code == 404


def make_code(client) -> str:
    post_form(client, "/me/check/before", {}, action="/lessons/why-this-campaign/done")
    page = post_form(client, "/me/check/before", {}, action="/me/resume").get_data(as_text=True)
    return page.split('class="resume-code__value">')[1].split("<")[0]


def test_a_resume_code_moves_a_guest_to_another_browser_once(client, app):
    code = make_code(client)
    phone = app.test_client()
    response = post_form(phone, f"/resume/{code}", {"code": code}, action="/resume")
    assert response.status_code == 303
    assert "1 of 6 done." in phone.get("/me").get_data(as_text=True)
    assert "1 of 6 done." not in client.get("/me").get_data(as_text=True)  # moved, not copied
    again = post_form(app.test_client(), "/resume", {"code": code})
    assert again.status_code == 404 and "didn&#39;t work" in again.get_data(as_text=True).replace("'", "&#39;")


def test_an_expired_resume_code_does_not_work(client, app):
    code = make_code(client)
    with app.app_context():
        db.session.execute(update(ResumeCode).values(expires_at=utcnow() - timedelta(minutes=1)))
        db.session.commit()
    assert post_form(app.test_client(), "/resume", {"code": code}).status_code == 404


def test_guessing_resume_codes_is_rate_limited(client):
    statuses = [post_form(client, "/resume", {"code": f"guess-{n}"}).status_code for n in range(11)]
    assert statuses[:10] == [404] * 10 and statuses[10] == 429


def test_resume_codes_are_short_to_type_random_and_stored_only_as_hashes(client, app):
    import math
    import re

    from course.tokens import HUMAN_ALPHABET

    code = make_code(client)
    assert len(code) <= 20 and re.fullmatch(r"[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{5}", code)
    assert not set(code) & set("0O1IL")  # nothing to misread
    assert len(code.replace("-", "")) * math.log2(len(HUMAN_ALPHABET)) >= 80
    with app.app_context():
        stored = str(db.session.execute(text("SELECT * FROM resume_codes")).all())
        assert code not in stored and code.replace("-", "") not in stored


def test_a_resume_code_may_be_typed_in_lower_case_with_spaces(client, app):
    code = make_code(client)
    typed = " ".join(code.lower().split("-"))
    response = post_form(app.test_client(), "/resume", {"code": typed})
    assert response.status_code == 303


def test_the_home_page_offers_each_check_in_only_while_it_is_due(client, app):
    before, after = "/me/check/before", "/me/check/after"
    assert before in client.get("/").get_data(as_text=True)
    answered = BEFORE
    assert post_form(client, before, answered).status_code == 303
    home = client.get("/").get_data(as_text=True)
    assert before not in home and after not in home  # done: it goes away
    with app.app_context():
        from course.extensions import db
        from course.models import Learner, QuizAttempt

        learner = db.session.scalars(db.select(Learner)).one()
        db.session.add(QuizAttempt(learner_id=learner.id, quiz_id="final", content_hash="x", attempt_key="k" * 20,
                                   score=14, total=14, passed=True, final=True, answers=[]))  # fmt: skip
        db.session.commit()
    assert after in client.get("/").get_data(as_text=True)  # back as the "after" check, once the final is passed


def pass_quizzes(app, slugs) -> None:
    with app.app_context():
        from course.extensions import db
        from course.models import Learner, QuizAttempt

        learner = db.session.scalars(db.select(Learner)).one()
        for n, slug in enumerate(slugs):
            final = slug == "final"
            attempt = QuizAttempt(learner_id=learner.id, quiz_id=slug, content_hash="x", attempt_key=f"{slug}-{n:016d}")
            attempt.score, attempt.total, attempt.passed, attempt.final, attempt.answers = 3, 3, True, final, []
            attempt.verification_code = "ABCDEFGHJKMN" if final else None
            db.session.add(attempt)
        db.session.commit()


def test_the_road_leads_from_the_last_lesson_through_the_checks_to_the_certificate(client, app):
    course = app.extensions["course_catalog"]
    for lesson in course.lessons:
        post_form(client, f"/lessons/{lesson.slug}", {}, action=f"/lessons/{lesson.slug}/done")
    home = client.get("/").get_data(as_text=True)
    first_check = next(q for q in course.quizzes.in_order)
    assert "You have finished" not in home and f'href="/quizzes/{first_check.slug}"' in home
    pass_quizzes(app, [q.slug for q in course.quizzes.in_order if not q.spec.final])
    assert 'href="/quizzes/final"' in client.get("/").get_data(as_text=True)
    pass_quizzes(app, ["final"])
    home = client.get("/").get_data(as_text=True)
    assert "You have finished the course" in home and 'href="/me/certificate"' in home
    assert "100% of the course done" in client.get("/me").get_data(as_text=True)  # one definition of done
    certificate = client.get("/me/certificate").get_data(as_text=True)
    assert "<h1>Well done: you finished the course</h1>" in certificate


def test_passing_the_final_quiz_early_does_not_claim_the_course_is_finished(client, app):
    post_form(client, "/lessons/why-this-campaign", {}, action="/lessons/why-this-campaign/done")
    pass_quizzes(app, ["final"])
    with app.app_context():
        from course.extensions import db
        from course.models import QuizAttempt

        attempt_id = db.session.scalar(db.select(QuizAttempt.id))
    page = client.get(f"/quizzes/final/attempts/{attempt_id}").get_data(as_text=True)
    assert "Congratulations!" in page and "You have finished the course" not in page
    assert "One more step finishes the course" in page
    assert page.index("Get your certificate") < page.index("Try this quiz again")  # retake comes last


def test_the_plan_offers_a_kind_message_for_family_and_the_habits_of_the_lessons(client):
    page = client.get("/me/plan").get_data(as_text=True)
    assert '<textarea id="family-message-text"' in page and "Could you check with us before you post one" in page
    assert "Search my child&#39;s name online" not in page
    post_form(client, "/lessons/sharing-safely", {}, action="/lessons/sharing-safely/done")
    post_form(client, "/lessons/their-story-their-say", {}, action="/lessons/their-story-their-say/done")
    page = client.get("/me/plan").get_data(as_text=True)
    assert "Search my child&#39;s name online now and then" in page
    assert "Ask grandparents, relatives and friends to check with me" in page
    assert "If something goes wrong" in page


def test_resume_codes_are_limited_per_browser_not_per_school_network(client, app):
    for _ in range(11):  # eleven parents in one room, each moving to their phone
        device = app.test_client()
        post_form(device, "/lessons/why-this-campaign", {}, action="/lessons/why-this-campaign/done")
        assert post_form(device, "/me", {}, action="/me/resume").status_code == 200
