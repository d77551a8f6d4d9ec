"""Accounts, learning records and resume codes."""

from __future__ import annotations

import enum
from datetime import datetime
from typing import TYPE_CHECKING

from flask_login import UserMixin
from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from ..tokens import new_token
from .base import USERNAME_MAX_LENGTH, utcnow

if TYPE_CHECKING:  # relationships across modules, resolved by name at mapping time
    from .learning import LessonProgress, PlanCheck, QuizAttempt, ScenarioResponse, SelfCheck


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
    language: Mapped[str | None] = mapped_column(String(8), default=None)  # the course's language they chose
    alternative_id: Mapped[str] = mapped_column(String(64), unique=True, default=lambda: new_token(24))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    learner: Mapped[Learner | None] = relationship(
        back_populates="user", cascade="all, delete-orphan", passive_deletes=True
    )

    def get_id(self) -> str:
        """Flask-Login keeps this in the session; rotating it signs out every copy."""
        return self.alternative_id

    def rotate_sessions(self) -> None:
        self.alternative_id = new_token(24)

    def has_role(self, *roles: Role) -> bool:
        return self.role in {role.value for role in roles}

    @property
    def is_admin(self) -> bool:
        return self.has_role(Role.ADMIN)

    @property
    def can_facilitate(self) -> bool:
        return self.has_role(Role.FACILITATOR, Role.ADMIN)


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
