"""Quizzes: graded by kind, shuffled per attempt, stored as asked, safe against forged answers."""

from __future__ import annotations

import re
import shutil

import pytest
from sqlalchemy import func, select

from course.content import ContentPaths
from course.extensions import db
from course.models import Learner, QuizAnswer, QuizAttempt
from course.quizzes.grading import GRADERS, InvalidAnswer, grade
from course.quizzes.schema import QuestionSpec

from .conftest import FIXTURES, csrf_from, make_app

QUIZ = "/quizzes/first-steps-check"
RIGHT = {"q-pick-one": "right", "q-pick-many": ["a", "b"], "q-yes-no": "true"}
WRONG = {"q-pick-one": "wrong", "q-pick-many": ["c"], "q-yes-no": "false"}


def content_copy(tmp_path):
    target = tmp_path / "content"
    shutil.copytree(FIXTURES / "content" / "valid", target)
    return target


def app_on(tmp_path, root):
    return make_app(tmp_path, CONTENT_PATHS=ContentPaths(root / "lessons", root / "quizzes", root / "static"))


@pytest.fixture
def quiz_app(tmp_path, app):
    """The fixture course (one three-question quiz), on the test database that `app` manages."""
    return app_on(tmp_path, FIXTURES / "content" / "valid")


def form_of(client, path=QUIZ) -> tuple[str, str, str]:
    page = client.get(path).get_data(as_text=True)
    key = re.search(r'name="attempt_key" value="([^"]+)"', page)[1]
    return page, csrf_from(page), key


def submit(client, answers, path=QUIZ, key=None):
    _, token, fresh_key = form_of(client, path)
    return client.post(path, data={**answers, "csrf_token": token, "attempt_key": key or fresh_key})


def count(app, model) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(model))


def question(kind, correct_ids, ids=("a", "b", "c"), **extra) -> QuestionSpec:
    return QuestionSpec.model_validate(
        {
            "id": "q",
            "kind": kind,
            "prompt": "?",
            "source": "S1",
            "lesson": "l",
            "theme": "t",
            **extra,
            "choices": [
                {"id": i, "label": i, "feedback": "f", "correct": i in correct_ids, **extra.pop("choice", {})}
                for i in ids
            ],
        }
    )


def test_each_kind_checks_its_own_questions():
    assert GRADERS["single"].problems(question("single", {"a", "b"}))
    assert not GRADERS["single"].problems(question("single", {"a"}))
    assert not GRADERS["multiple"].problems(question("multiple", {"a", "b"}))
    assert GRADERS["multiple"].problems(question("multiple", set()))
    assert GRADERS["true_false"].problems(question("true_false", {"a"}))
    assert not GRADERS["true_false"].problems(question("true_false", {"true"}, ids=("true", "false")))
    assert GRADERS["detail"].problems(question("detail", {"a"}))


def test_grading_multiple_needs_exactly_the_right_set():
    spec = question("multiple", {"a", "b"})
    assert grade(spec, ["a", "b"]).correct
    assert not grade(spec, ["a"]).correct and not grade(spec, ["a", "b", "c"]).correct
    with pytest.raises(InvalidAnswer):
        grade(question("single", {"a"}), ["a", "b"])
    with pytest.raises(InvalidAnswer):
        grade(spec, ["z"])


def test_a_passing_attempt_shows_the_score_and_feedback(quiz_app):
    client = quiz_app.test_client()
    response = submit(client, RIGHT)
    assert response.status_code == 303 and "/attempts/" in response.headers["Location"]
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "3 of 3 right" in page and "You passed." in page
    assert "Yes, A." in page and 'href="/sources#S2"' in page


def test_a_failed_attempt_reviews_what_was_missed_with_the_lesson_to_revisit(quiz_app):
    client = quiz_app.test_client()
    page = client.get(submit(client, WRONG).headers["Location"]).get_data(as_text=True)
    assert "0 of 3 right" in page and "Not quite there yet" in page
    assert "The right answer:</strong> The right one" in page
    assert 'Revisit: <a href="/lessons/second-look">Second look</a>' in page


def test_the_same_attempt_submitted_twice_counts_once(quiz_app):
    client = quiz_app.test_client()
    _, token, key = form_of(client)
    first = client.post(QUIZ, data={**RIGHT, "csrf_token": token, "attempt_key": key})
    second = client.post(QUIZ, data={**WRONG, "csrf_token": token, "attempt_key": key})
    assert first.headers["Location"] == second.headers["Location"]
    assert count(quiz_app, QuizAttempt) == 1


def test_retakes_are_new_attempts(quiz_app):
    client = quiz_app.test_client()
    submit(client, WRONG)
    submit(client, RIGHT)
    assert count(quiz_app, QuizAttempt) == 2
    assert "best 3 of 3 (2 attempts), passed" in client.get("/me").get_data(as_text=True)


@pytest.mark.parametrize(
    "forged",
    [
        {"q-no-such-question": "right"},
        {"q-pick-one": "no-such-choice"},
        {"q-pick-one": ["right", "wrong"]},
        {"q-pick-one": "a"},  # a choice from another question
    ],
)
def test_forged_answers_are_refused_and_nothing_is_saved(quiz_app, forged):
    client = quiz_app.test_client()
    assert submit(client, {**RIGHT, **forged}).status_code == 400
    assert count(quiz_app, QuizAttempt) == 0 and count(quiz_app, Learner) == 0


def test_a_missing_attempt_key_is_refused(quiz_app):
    client = quiz_app.test_client()
    _, token, _ = form_of(client)
    assert client.post(QUIZ, data={**RIGHT, "csrf_token": token}).status_code == 400


def test_a_choice_from_another_quiz_is_refused(client, app):
    page = client.get("/quizzes/final").get_data(as_text=True)
    key = re.search(r'name="attempt_key" value="([^"]+)"', page)[1]
    other = app.extensions["course_catalog"].quizzes["why-this-campaign-check"].spec.questions[0]
    data = {"csrf_token": csrf_from(page), "attempt_key": key, f"q-{other.id}": other.choices[0].id}
    assert client.post("/quizzes/final", data=data).status_code == 400


def test_someone_elses_attempt_is_a_404(quiz_app):
    owner, stranger = quiz_app.test_client(), quiz_app.test_client()
    location = submit(owner, RIGHT).headers["Location"]
    assert owner.get(location).status_code == 200
    assert stranger.get(location).status_code == 404
    submit(stranger, RIGHT)
    assert stranger.get(location).status_code == 404


def test_order_is_shuffled_per_attempt_and_stable_for_one(client, app):
    orders = set()
    for _ in range(3):
        page = client.get("/quizzes/final").get_data(as_text=True)
        orders.add(tuple(re.findall(r'<fieldset class="question" id="question-([\w-]+)"', page)))
    assert len(orders) > 1
    from course.quizzes.attempts import shown_questions

    quiz = app.extensions["course_catalog"].quizzes["final"]
    first = [q.spec.id for q in shown_questions(quiz, "a" * 20)]
    assert first == [q.spec.id for q in shown_questions(quiz, "a" * 20)]


def test_an_edited_quiz_leaves_old_attempts_as_they_were(tmp_path, app):
    root = content_copy(tmp_path)
    client = app_on(tmp_path, root).test_client()
    location = submit(client, WRONG).headers["Location"]
    quiz_file = root / "quizzes" / "first-steps-check.yaml"
    quiz_file.write_text(quiz_file.read_text().replace("Which one is right?", "A reworded question?"))
    page = app_on(tmp_path, root).test_client()
    page.set_cookie("learner", client.get_cookie("learner").value)
    text = page.get(location).get_data(as_text=True)
    assert "Which one is right?" in text and "A reworded question?" not in text
    assert "This quiz has been updated since you took it." in text


def test_answers_are_stored_with_the_question_as_asked(quiz_app):
    submit(quiz_app.test_client(), RIGHT)
    with quiz_app.app_context():
        answers = db.session.scalars(select(QuizAnswer)).all()
        assert {a.question_id for a in answers} == {"pick-one", "pick-many", "yes-no"}
        assert all(a.question["prompt"] and a.question["choices"] for a in answers)


def test_shipped_quizzes_cover_every_lesson_and_a_final(app, client):
    catalog = app.extensions["course_catalog"]
    assert len(catalog.quizzes) >= 6
    assert catalog.quizzes.final is not None and len(catalog.quizzes.final.spec.questions) >= 12
    for lesson in catalog.lessons:
        assert lesson.quiz in catalog.quizzes
        assert catalog.quizzes[lesson.quiz].spec.lesson == lesson.slug
        assert 3 <= len(catalog.quizzes[lesson.quiz].spec.questions) <= 5
        assert f'href="/quizzes/{lesson.quiz}"' in client.get(f"/lessons/{lesson.slug}").get_data(as_text=True)
    kinds = {q.kind for quiz in catalog.quizzes.values() for q in quiz.spec.questions}
    assert kinds == set(GRADERS)


def test_detail_questions_show_the_picture_and_a_text_list(client, app):
    quiz = app.extensions["course_catalog"].quizzes.final
    detail = next(q for q in quiz.spec.questions if q.kind == "detail")
    page = client.get("/quizzes/final").get_data(as_text=True)
    assert f'alt="{detail.scene_alt}"' in page.replace("&#39;", "'")
    for choice in detail.choices:
        assert f'data-hotspot-input="{detail.id}-{choice.id}"' in page
        assert f'id="{detail.id}-{choice.id}"' in page


def test_every_page_of_the_course_links_to_the_quizzes(client):
    for page in ("/", "/lessons/why-this-campaign", "/scenarios/", "/me"):
        assert 'href="/quizzes/"' in client.get(page).get_data(as_text=True), page


def test_a_review_says_a_true_false_answer_once(client):
    path = "/quizzes/details-that-identify-check"
    done = submit(client, {"q-photo-data-address": "true"}, path=path)
    review = client.get(done.headers["Location"]).get_data(as_text=True)
    assert "Your answer, and the right one:" in review
    assert not re.search(r"True\.\s+True\.", review)
