"""People's data. Content lives on disk; rows here refer to it by id and content hash."""

from __future__ import annotations

import enum
import secrets
from datetime import UTC, datetime

from flask_login import UserMixin
from sqlalchemy import JSON, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .extensions import db

USERNAME_MAX_LENGTH = 32


def utcnow() -> datetime:
    """Naive UTC, stored the same way by SQLite and PostgreSQL."""
    return datetime.now(UTC).replace(tzinfo=None)


def new_token() -> str:
    return secrets.token_urlsafe(24)


class Role(enum.StrEnum):
    LEARNER = "learner"
    FACILITATOR = "facilitator"
    ADMIN = "admin"


class User(UserMixin, db.Model):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(USERNAME_MAX_LENGTH), unique=True)
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[str] = mapped_column(String(16), default=Role.LEARNER.value)
    email: Mapped[str | None] = mapped_column(String(254), default=None)
    alternative_id: Mapped[str] = mapped_column(String(64), unique=True, default=new_token)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    learner: Mapped[Learner | None] = relationship(
        back_populates="user", cascade="all, delete-orphan", passive_deletes=True
    )

    def get_id(self) -> str:
        """Flask-Login keeps this in the session; rotating it signs out every copy."""
        return self.alternative_id

    def rotate_sessions(self) -> None:
        self.alternative_id = new_token()

    def has_role(self, *roles: Role) -> bool:
        return self.role in {role.value for role in roles}


class Learner(db.Model):
    """A learning record: a guest's (reached by a token cookie) or an account's."""

    __tablename__ = "learners"

    id: Mapped[int] = mapped_column(primary_key=True)
    token_hash: Mapped[str | None] = mapped_column(String(64), unique=True, default=None)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), unique=True, default=None)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_active_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)

    user: Mapped[User | None] = relationship(back_populates="learner")
    lesson_progress: Mapped[list[LessonProgress]] = relationship(
        back_populates="learner", cascade="all, delete-orphan", passive_deletes=True
    )
    scenario_responses: Mapped[list[ScenarioResponse]] = relationship(
        back_populates="learner", cascade="all, delete-orphan", passive_deletes=True
    )
    quiz_attempts: Mapped[list[QuizAttempt]] = relationship(
        back_populates="learner", cascade="all, delete-orphan", passive_deletes=True
    )
    self_checks: Mapped[list[SelfCheck]] = relationship(
        back_populates="learner", cascade="all, delete-orphan", passive_deletes=True
    )
    plan_checks: Mapped[list[PlanCheck]] = relationship(
        back_populates="learner", cascade="all, delete-orphan", passive_deletes=True
    )
    resume_codes: Mapped[list[ResumeCode]] = relationship(
        back_populates="learner", cascade="all, delete-orphan", passive_deletes=True
    )


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
    """The before/after check-in: 1 to 5 for each question, once per phase (updated if redone)."""

    __tablename__ = "self_checks"
    __table_args__ = (UniqueConstraint("learner_id", "phase"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    learner_id: Mapped[int] = mapped_column(ForeignKey("learners.id", ondelete="CASCADE"))
    phase: Mapped[str] = mapped_column(String(8))
    answers: Mapped[dict] = mapped_column(JSON)
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


class ResumeCode(db.Model):
    """A single-use code that moves a guest's record to another browser. Only its hash is kept."""

    __tablename__ = "resume_codes"

    id: Mapped[int] = mapped_column(primary_key=True)
    learner_id: Mapped[int] = mapped_column(ForeignKey("learners.id", ondelete="CASCADE"), index=True)
    code_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(index=True)
    used_at: Mapped[datetime | None] = mapped_column(default=None)

    learner: Mapped[Learner] = relationship(back_populates="resume_codes")


class LiveStatus(enum.StrEnum):
    WAITING = "waiting"  # joined, nothing shown yet
    OPEN = "open"  # answers accepted
    CLOSED = "closed"
    REVEALED = "revealed"
    ENDED = "ended"


class LiveSession(db.Model):
    """A live workshop. State lives here, so any number of workers serve it and a restart loses nothing."""

    __tablename__ = "live_sessions"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(8), unique=True)
    plan_id: Mapped[str] = mapped_column(String(80))
    owner_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), index=True)
    status: Mapped[str] = mapped_column(String(12), default=LiveStatus.WAITING.value)
    position: Mapped[int] = mapped_column(default=-1)  # index of the current plan item
    version: Mapped[int] = mapped_column(default=1)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    ended_at: Mapped[datetime | None] = mapped_column(default=None)

    ACTIONS = ("next", "close", "reveal", "previous", "end")

    def apply(self, action: str, item_count: int) -> None:
        """Move the session along; refuses moves that make no sense. Every change bumps the version."""
        status = LiveStatus(self.status)
        if action not in self.ACTIONS or status == LiveStatus.ENDED:
            raise ValueError(f"cannot {action} a session that is {status.value}")
        if action == "next":
            if self.position + 1 >= item_count:
                self._end()
            else:
                self.position, self.status = self.position + 1, LiveStatus.OPEN.value
        elif action == "previous":
            if self.position <= 0:
                raise ValueError("already at the first item")
            self.position, self.status = self.position - 1, LiveStatus.CLOSED.value
        elif action == "close":
            if status != LiveStatus.OPEN:
                raise ValueError("only an open item can be closed")
            self.status = LiveStatus.CLOSED.value
        elif action == "reveal":
            if status not in (LiveStatus.OPEN, LiveStatus.CLOSED):
                raise ValueError("nothing to reveal yet")
            self.status = LiveStatus.REVEALED.value
        else:
            self._end()
        self.version += 1

    def _end(self) -> None:
        self.status, self.ended_at = LiveStatus.ENDED.value, utcnow()


class Participant(db.Model):
    """A phone in the room: a random token, no account, an optional nickname."""

    __tablename__ = "live_participants"

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("live_sessions.id", ondelete="CASCADE"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    nickname: Mapped[str | None] = mapped_column(String(24), default=None)
    joined_at: Mapped[datetime] = mapped_column(default=utcnow)


class LiveResponse(db.Model):
    """One participant's answer to one item; purged after the retention period."""

    __tablename__ = "live_responses"
    __table_args__ = (UniqueConstraint("session_id", "item_id", "participant_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("live_sessions.id", ondelete="CASCADE"))
    item_id: Mapped[str] = mapped_column(String(80))
    participant_id: Mapped[int] = mapped_column(ForeignKey("live_participants.id", ondelete="CASCADE"), index=True)
    choice_ids: Mapped[list[str]] = mapped_column(JSON)
    submission_id: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)


class LiveTally(db.Model):
    """Aggregate counts per item and choice, kept after per-participant answers are purged."""

    __tablename__ = "live_tallies"
    __table_args__ = (UniqueConstraint("session_id", "item_id", "choice_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("live_sessions.id", ondelete="CASCADE"))
    item_id: Mapped[str] = mapped_column(String(80))
    choice_id: Mapped[str] = mapped_column(String(80))  # "*" counts responses to the item
    count: Mapped[int] = mapped_column(default=0)
