"""Learning records: a guest's, reached by a random token, or an account's; merged on sign-in."""

from __future__ import annotations

import hashlib
import secrets

from sqlalchemy import select

from . import plan, progress, quiz_attempts, scenario_responses, self_checks
from .extensions import db
from .models import Learner, User, utcnow


def hash_token(token: str) -> str:
    """Only a hash is stored, so a copy of the database cannot impersonate a guest."""
    return hashlib.sha256(token.encode()).hexdigest()


def find_guest(token: str | None) -> Learner | None:
    if not token:
        return None
    return db.session.scalar(select(Learner).where(Learner.token_hash == hash_token(token), Learner.user_id.is_(None)))


def create_guest() -> tuple[Learner, str]:
    token = secrets.token_urlsafe(32)
    learner = Learner(token_hash=hash_token(token))
    db.session.add(learner)
    db.session.flush()
    return learner, token


def learner_of(user: User, create: bool = False) -> Learner | None:
    if user.learner is None and create:
        user.learner = Learner()
        db.session.flush()
    return user.learner


def touch(learner: Learner) -> None:
    learner.last_active_at = utcnow()


def claim_guest(guest: Learner | None, user: User) -> None:
    """Give a guest's learning to the account that just signed up or in."""
    if guest is None or guest.user_id is not None:
        return
    if user.learner is None:
        guest.user_id = user.id
        guest.token_hash = None
        touch(guest)
        db.session.flush()
        db.session.refresh(user)
        return
    merge_into(guest, user.learner)


def merge_into(source: Learner, target: Learner) -> None:
    """Move everything of one learning record into another, then delete the first."""
    for merge in (
        progress.merge_lessons,
        scenario_responses.merge_responses,
        quiz_attempts.merge_attempts,
        self_checks.merge_checks,
        plan.merge_plan_checks,
    ):
        merge(source, target)
    touch(target)
    db.session.delete(source)
    db.session.flush()


def give_new_token(learner: Learner) -> str:
    """A fresh guest token: the old one (and any copy of it) stops working."""
    token = secrets.token_urlsafe(32)
    learner.token_hash = hash_token(token)
    return token
