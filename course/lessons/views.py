"""Reading lessons and marking them done."""

from flask import Blueprint, current_app, redirect, render_template, request, url_for

from ..extensions import db
from ..forms import ConfirmForm
from ..identity import current_learner
from ..web import catalog, or_404
from . import progress
from .video import VideoBlock

bp = Blueprint("lessons", __name__, url_prefix="/lessons")


def video_blocks() -> dict[str, VideoBlock]:
    return current_app.extensions["course_videos"]


@bp.get("/<slug>")
def show(slug: str):
    lesson = or_404(catalog().lessons.get(slug))
    completed = progress.completed_lessons(current_learner())
    previous, following = catalog().lessons.neighbours(lesson)
    return render_template(
        "lessons/lesson.html",
        lesson=lesson,
        course=catalog(),
        completed=completed,
        previous=previous,
        following=following,
        form=ConfirmForm(),
        video=video_blocks().get(lesson.video) if lesson.video else None,
        play_video=request.args.get("video") == "play",
    )


@bp.post("/<slug>/done")
def mark_done(slug: str):
    lesson = or_404(catalog().lessons.get(slug))
    progress.mark_lesson_done(current_learner(create=True), lesson)
    db.session.commit()
    if lesson.quiz:  # the road: a lesson, then its check, then the next lesson
        return redirect(url_for("quizzes.take", slug=lesson.quiz), code=303)
    _, following = catalog().lessons.neighbours(lesson)
    if following is not None:
        return redirect(url_for("lessons.show", slug=following.slug), code=303)
    return redirect(url_for("pages.home"), code=303)
