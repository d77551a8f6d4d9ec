"""One learning record per parent: a guest's work joins their account, or their record on another device."""

from __future__ import annotations

from ..extensions import db
from ..learners import touch
from ..lessons import progress
from ..models import Learner, User
from ..quizzes import attempts
from ..scenarios import responses
from . import self_checks, sharing_plan


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
        responses.merge_responses,
        attempts.merge_attempts,
        self_checks.merge_checks,
        sharing_plan.merge_plan_checks,
    ):
        merge(source, target)
    touch(target)
    db.session.delete(source)
    db.session.flush()
