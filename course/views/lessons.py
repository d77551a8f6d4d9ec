"""Reading lessons and marking them done."""

from flask import Blueprint, abort, redirect, render_template, request, url_for

from .. import progress
from ..extensions import db
from ..forms import ConfirmForm
from ..identity import current_learner
from . import catalog, video_blocks

bp = Blueprint("lessons", __name__, url_prefix="/lessons")


def _lesson_or_404(slug: str):
    lesson = catalog().lesson(slug)
    if lesson is None:
        abort(404)
    return lesson


@bp.get("/<slug>")
def show(slug: str):
    lesson = _lesson_or_404(slug)
    completed = progress.completed_lessons(current_learner())
    previous, following = catalog().neighbours(lesson)
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
    lesson = _lesson_or_404(slug)
    progress.mark_lesson_done(current_learner(create=True), lesson)
    db.session.commit()
    _, following = catalog().neighbours(lesson)
    if following is not None:
        return redirect(url_for("lessons.show", slug=following.slug), code=303)
    return redirect(url_for("pages.home"), code=303)
