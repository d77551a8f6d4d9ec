"""Learning records: a guest's, reached by a random token, or an account's. Only the token's hash is kept."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from .extensions import db
from .models import Learner, User, utcnow
from .tokens import hash_token, new_token


def find_guest(token: str | None) -> Learner | None:
    if not token:
        return None
    return db.session.scalar(select(Learner).where(Learner.token_hash == hash_token(token), Learner.user_id.is_(None)))


def create_guest() -> tuple[Learner, str]:
    token = new_token()
    learner = Learner(token_hash=hash_token(token))
    db.session.add(learner)
    db.session.flush()
    return learner, token


def learner_of(user: User, create: bool = False) -> Learner | None:
    if user.learner is None and create:
        try:
            with db.session.begin_nested():
                db.session.add(Learner(user_id=user.id))
        except IntegrityError:
            pass  # two first steps at once: the other request made the record, and it is the one to use
        db.session.expire(user, ["learner"])
    return user.learner


def touch(learner: Learner) -> None:
    learner.last_active_at = utcnow()


def move_rows_it_lacks(rows: list, target: Learner, key: Callable[[Any], object], kept: list) -> None:
    """Move to `target` each row whose key it has no row for yet; the others stay, and go with their record."""
    have = {key(row) for row in kept}
    for row in list(rows):
        if key(row) not in have:
            row.learner = target
    db.session.flush()


def give_new_token(learner: Learner) -> str:
    """A fresh guest token: the old one (and any copy of it) stops working."""
    token = new_token()
    learner.token_hash = hash_token(token)
    return token
