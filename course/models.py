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
