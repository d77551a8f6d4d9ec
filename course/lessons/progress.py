"""Lesson progress: what a learner has finished, and where to pick up."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from ..content import Catalog
from ..extensions import db
from ..models import Learner, LessonProgress
from .loader import Lesson


def completed_lessons(learner: Learner | None) -> set[str]:
    if learner is None:
        return set()
    return set(db.session.scalars(select(LessonProgress.lesson_id).where(LessonProgress.learner_id == learner.id)))


def mark_lesson_done(learner: Learner, lesson: Lesson) -> None:
    """Record a finished lesson once; finishing it again changes nothing."""
    if lesson.slug in completed_lessons(learner):
        return
    try:
        with db.session.begin_nested():
            db.session.add(
                LessonProgress(learner_id=learner.id, lesson_id=lesson.slug, content_hash=lesson.content_hash)
            )
    except IntegrityError:
        pass  # a parallel request recorded it first: the outcome is the same


def merge_lessons(source: Learner, target: Learner) -> None:
    """Move a guest's finished lessons to the account's record, keeping the earlier date.

    Rows the account already has stay with the guest record, which is deleted next.
    """
    existing = {row.lesson_id: row for row in target.lesson_progress}
    for row in list(source.lesson_progress):
        kept = existing.get(row.lesson_id)
        if kept is None:
            row.learner = target
        else:
            kept.completed_at = min(kept.completed_at, row.completed_at)
    db.session.flush()


@dataclass(frozen=True)
class NextStep:
    """Where the road through the course goes next: a lesson, a quiz (its check or the final), or the end."""

    kind: str  # "lesson", "quiz" or "finished"
    slug: str | None = None
    title: str = ""


def next_step(catalog: Catalog, completed: set[str], quiz_results: dict) -> NextStep:
    """Each lesson and its check in course order, then any quiz left, the final quiz last; then the end."""
    for lesson in catalog.lessons:
        if lesson.slug not in completed:
            return NextStep("lesson", lesson.slug, lesson.title)
        quiz = catalog.quizzes.get(lesson.quiz) if lesson.quiz else None
        if quiz is not None and not _passed(quiz_results, quiz.slug):
            return NextStep("quiz", quiz.slug, quiz.title)
    for quiz in catalog.quizzes.in_order:
        if not _passed(quiz_results, quiz.slug):
            return NextStep("quiz", quiz.slug, quiz.title)
    return NextStep("finished")


def _passed(quiz_results: dict, slug: str) -> bool:
    return slug in quiz_results and quiz_results[slug].passed


def course_progress(catalog: Catalog, completed: set[str], quiz_results: dict) -> int:
    """Percent of the course done: every lesson read and every quiz passed count alike."""
    steps = len(catalog.lessons) + len(catalog.quizzes)
    done = len(completed & {lesson.slug for lesson in catalog.lessons})
    done += sum(1 for slug in catalog.quizzes if _passed(quiz_results, slug))
    return round(100 * done / steps) if steps else 0
