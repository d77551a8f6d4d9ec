"""Continue on another device: single-use, expiring codes that move a guest's record to a new browser."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import delete, or_, select

from ..extensions import db
from ..models import Learner, ResumeCode, utcnow
from ..tokens import hash_token, new_token

CODE_BYTES = 16  # 128 bits


def create_code(learner: Learner, valid_hours: int) -> str:
    code = new_token(CODE_BYTES)
    expires_at = utcnow() + timedelta(hours=valid_hours)
    db.session.add(ResumeCode(learner_id=learner.id, code_hash=hash_token(code), expires_at=expires_at))
    return code


def redeem(code: str) -> Learner | None:
    """The guest record behind a valid code, which is used up; None for a wrong, used or expired code."""
    if not code or len(code) > 64:
        return None
    row = db.session.scalar(select(ResumeCode).where(ResumeCode.code_hash == hash_token(code.strip())))
    if row is None or row.used_at is not None or row.expires_at <= utcnow():
        return None
    row.used_at = utcnow()
    learner = row.learner
    return learner if learner.user_id is None else None


def purge_codes(dry_run: bool = False) -> int:
    """Remove used and expired codes."""
    condition = or_(ResumeCode.used_at.is_not(None), ResumeCode.expires_at <= utcnow())
    count = len(db.session.scalars(select(ResumeCode.id).where(condition)).all())
    if not dry_run:
        db.session.execute(delete(ResumeCode).where(condition))
    return count
