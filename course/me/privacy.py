"""Data rights: everything linked to a person, exported or erased; retention limits enforced."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import inspect, select

from ..extensions import db
from ..live import service as live
from ..models import Learner, LiveSession, User, utcnow
from . import resume

SECRET_COLUMNS = {"password_hash", "token_hash", "code_hash", "alternative_id", "attempt_key"}


def _row(instance: db.Model) -> dict:
    values = {}
    for column in inspect(instance).mapper.column_attrs:
        if column.key in SECRET_COLUMNS:
            continue
        value = getattr(instance, column.key)
        values[column.key] = value.isoformat() + "Z" if isinstance(value, datetime) else value
    return values


def learner_tables() -> list[str]:
    """Every relationship of a learning record: each one is exported and erased with it."""
    return [relation.key for relation in inspect(Learner).relationships if relation.key != "user"]


def export(user: User | None, learner: Learner | None) -> dict:
    data: dict = {"exported_at": utcnow().isoformat() + "Z", "account": _row(user) if user else None}
    data["learning_record"] = _row(learner) if learner else None
    for key in learner_tables():
        rows = getattr(learner, key) if learner else []
        data[key] = [_with_children(row) for row in rows]
    owned = db.session.scalars(select(LiveSession).where(LiveSession.owner_id == user.id)).all() if user else []
    data["live_sessions"] = [_row(session) for session in owned]  # the rooms' answers are anonymous, not theirs
    return data


def _with_children(instance: db.Model) -> dict:
    values = _row(instance)
    for relation in inspect(instance).mapper.relationships:
        if relation.direction.name == "ONETOMANY":
            values[relation.key] = [_row(child) for child in getattr(instance, relation.key)]
    return values


@dataclass(frozen=True)
class Erased:
    ended_sessions: list[str]  # the codes of the rooms the person ran, now ended
    seat_cookies: list[str]  # the browser's seat cookies, to expire


def erase(user: User | None, learner: Learner | None, cookies: Mapping[str, str] | None = None) -> Erased:
    """Delete the account, the learning record and the browser's seats in live rooms.

    Cascades remove everything that hangs off them. The rooms the person ran are ended first, so
    nobody can join a room whose facilitator has gone.
    """
    ended = live.end_sessions_of(user) if user is not None else []
    seats = live.leave_seats(cookies or {})
    if learner is not None:
        db.session.delete(learner)
    if user is not None:
        db.session.delete(user)
    db.session.flush()
    return Erased(ended, seats)


def purge(guest_retention_days: int, dry_run: bool = False) -> dict[str, int]:
    """Delete guest records idle longer than the retention period, and spent resume codes."""
    cutoff = utcnow() - timedelta(days=guest_retention_days)
    idle = select(Learner.id).where(Learner.user_id.is_(None), Learner.last_active_at < cutoff)
    counts = {"idle guest records": len(db.session.scalars(idle).all())}
    if not dry_run:
        for learner in db.session.scalars(select(Learner).where(Learner.id.in_(idle))):
            db.session.delete(learner)
    counts["used or expired resume codes"] = resume.purge_codes(dry_run)
    return counts
