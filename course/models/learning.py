"""What a parent did: lessons finished, scenarios worked, quizzes taken, check-ins and plan steps."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import JSON, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from .base import utcnow

if TYPE_CHECKING:  # relationships across modules, resolved by name at mapping time
    from .people import Learner


class LessonProgress(db.Model):
    __tablename__ = "lesson_progress"
    __table_args__ = (UniqueConstraint("learner_id", "lesson_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    learner_id: Mapped[int] = mapped_column(ForeignKey("learners.id", ondelete="CASCADE"))
    lesson_id: Mapped[str] = mapped_column(String(80))
    content_hash: Mapped[str] = mapped_column(String(64))
    completed_at: Mapped[datetime] = mapped_column(default=utcnow)

    learner: Mapped[Learner] = relationship(back_populates="lesson_progress")


class ScenarioResponse(db.Model):
    """A learner's latest work on one scenario: answering again updates this row."""

    __tablename__ = "scenario_responses"
    __table_args__ = (UniqueConstraint("learner_id", "scenario_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    learner_id: Mapped[int] = mapped_column(ForeignKey("learners.id", ondelete="CASCADE"))
    scenario_id: Mapped[str] = mapped_column(String(80))
    content_hash: Mapped[str] = mapped_column(String(64))
    decision: Mapped[str | None] = mapped_column(String(16), default=None)
    decision_outcome: Mapped[str | None] = mapped_column(String(16), default=None)
    spotted: Mapped[list[str] | None] = mapped_column(JSON, default=None)
    spot_found: Mapped[int | None] = mapped_column(default=None)
    spot_total: Mapped[int | None] = mapped_column(default=None)
    fixes: Mapped[list[str] | None] = mapped_column(JSON, default=None)
    fixed_audience: Mapped[str | None] = mapped_column(String(24), default=None)
    fixed_verdict: Mapped[str | None] = mapped_column(String(16), default=None)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    learner: Mapped[Learner] = relationship(back_populates="scenario_responses")

    @property
    def steps_done(self) -> int:
        return sum(value is not None for value in (self.decision, self.spotted, self.fixes))


class QuizAttempt(db.Model):
    """One submitted attempt. `attempt_key` comes from the form, so a double submit is one attempt."""

    __tablename__ = "quiz_attempts"
    __table_args__ = (UniqueConstraint("learner_id", "attempt_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    learner_id: Mapped[int] = mapped_column(ForeignKey("learners.id", ondelete="CASCADE"), index=True)
    quiz_id: Mapped[str] = mapped_column(String(80))
    content_hash: Mapped[str] = mapped_column(String(64))
    attempt_key: Mapped[str] = mapped_column(String(64))
    score: Mapped[int]
    total: Mapped[int]
    passed: Mapped[bool]
    final: Mapped[bool] = mapped_column(default=False)
    verification_code: Mapped[str | None] = mapped_column(String(24), unique=True, default=None)
    submitted_at: Mapped[datetime] = mapped_column(default=utcnow)

    learner: Mapped[Learner] = relationship(back_populates="quiz_attempts")
    answers: Mapped[list[QuizAnswer]] = relationship(
        back_populates="attempt", cascade="all, delete-orphan", passive_deletes=True, order_by="QuizAnswer.position"
    )


class QuizAnswer(db.Model):
    """An answer, with the question as it was asked, so later edits to the quiz never change it."""

    __tablename__ = "quiz_answers"

    id: Mapped[int] = mapped_column(primary_key=True)
    attempt_id: Mapped[int] = mapped_column(ForeignKey("quiz_attempts.id", ondelete="CASCADE"), index=True)
    position: Mapped[int]
    question_id: Mapped[str] = mapped_column(String(80))
    theme: Mapped[str] = mapped_column(String(80))
    question: Mapped[dict] = mapped_column(JSON)
    chosen: Mapped[list[str]] = mapped_column(JSON)
    correct: Mapped[bool]

    attempt: Mapped[QuizAttempt] = relationship(back_populates="answers")


class SelfCheck(db.Model):
    """The before/after check-in: a number for each question, once per phase (updated if redone)."""

    __tablename__ = "self_checks"
    __table_args__ = (UniqueConstraint("learner_id", "phase"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    learner_id: Mapped[int] = mapped_column(ForeignKey("learners.id", ondelete="CASCADE"))
    phase: Mapped[str] = mapped_column(String(8))
    answers: Mapped[dict] = mapped_column(JSON)
    commitment: Mapped[str | None] = mapped_column(String(80), default=None)  # a plan step id, after the course
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    learner: Mapped[Learner] = relationship(back_populates="self_checks")


class PlanCheck(db.Model):
    """A step of the safe-sharing plan that the parent has ticked as done."""

    __tablename__ = "plan_checks"
    __table_args__ = (UniqueConstraint("learner_id", "item_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    learner_id: Mapped[int] = mapped_column(ForeignKey("learners.id", ondelete="CASCADE"))
    item_id: Mapped[str] = mapped_column(String(80))
    checked_at: Mapped[datetime] = mapped_column(default=utcnow)

    learner: Mapped[Learner] = relationship(back_populates="plan_checks")
