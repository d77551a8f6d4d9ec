"""Quizzes: take one (no JavaScript needed), see the score, review what was missed, retake."""

from flask import Blueprint, abort, redirect, render_template, request, url_for

from ..extensions import db
from ..identity import current_learner
from ..lessons import progress
from ..scenarios.scene import hotspot_classes
from ..security import personal
from ..web import catalog, or_404
from . import attempts as quiz_attempts
from .grading import InvalidAnswer

bp = Blueprint("quizzes", __name__, url_prefix="/quizzes")


@bp.get("/")
def index():
    return render_template("quizzes/index.html", course=catalog(), results=quiz_attempts.results(current_learner()))


@bp.get("/<slug>")
def take(slug: str):
    quiz = or_404(catalog().quizzes.get(slug))
    key = quiz_attempts.new_attempt_key()
    return render_template(
        "quizzes/take.html",
        quiz=quiz,
        attempt_key=key,
        questions=quiz_attempts.shown_questions(quiz, key),
        hotspot_classes=hotspot_classes,
        course=catalog(),
    )


@bp.post("/<slug>")
def submit(slug: str):
    quiz = or_404(catalog().quizzes.get(slug))
    key = request.form.get("attempt_key", "")
    try:
        answers = quiz_attempts.parse_answers(quiz, key, request.form.to_dict(flat=False))
    except InvalidAnswer:
        abort(400)
    attempt = quiz_attempts.submit(current_learner(create=True), quiz, key, answers)
    db.session.commit()
    return redirect(url_for("quizzes.result", slug=slug, attempt_id=attempt.id), code=303)


@bp.get("/<slug>/attempts/<int:attempt_id>")
@personal
def result(slug: str, attempt_id: int):
    quiz = or_404(catalog().quizzes.get(slug))
    attempt = quiz_attempts.attempt_of(current_learner(), attempt_id)
    if attempt is None or attempt.quiz_id != quiz.slug:
        abort(404)
    learner = current_learner()
    step = progress.next_step(catalog(), progress.completed_lessons(learner), quiz_attempts.results(learner))
    return render_template("quizzes/result.html", quiz=quiz, attempt=attempt, course=catalog(), next_step=step)
