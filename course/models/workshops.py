"""Live workshops: sessions, seats, answers and the totals kept after answers are purged."""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import JSON, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import db
from .base import utcnow


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
    position: Mapped[int] = mapped_column(default=-1)  # index of the current deck item
    furthest: Mapped[int] = mapped_column(default=-1, server_default="-1")  # the furthest item reached
    tally_threshold: Mapped[int] = mapped_column(default=5, server_default="5")  # answers before counts show
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
                self.furthest = max(self.furthest, self.position)
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
