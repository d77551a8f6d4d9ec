"""Continue on another device: single-use, expiring codes that move a guest's record to a new browser."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import delete, or_, select, update

from ..extensions import db
from ..models import Learner, ResumeCode, utcnow
from ..tokens import HUMAN_ALPHABET, hash_token, human_code

# 17 characters from 31 (no 0/O, 1/I/L): 84 bits, typed as ABCD-EFGH-JKMN-PQRST (20 with the dashes).
CODE_GROUPS = (4, 4, 4, 5)


def create_code(learner: Learner, valid_hours: int) -> str:
    """A new code for this record, to read off one screen and type on another; only its hash is kept."""
    raw = human_code(sum(CODE_GROUPS))
    expires_at = utcnow() + timedelta(hours=valid_hours)
    db.session.add(ResumeCode(learner_id=learner.id, code_hash=hash_token(raw), expires_at=expires_at))
    return "-".join(raw[start - size : start] for start, size in _group_ends())


def _group_ends() -> list[tuple[int, int]]:
    ends, total = [], 0
    for size in CODE_GROUPS:
        total += size
        ends.append((total, size))
    return ends


def normalise_code(typed: str) -> str:
    """What was typed, as stored: case, spaces and dashes do not matter."""
    return "".join(ch for ch in typed.upper() if ch in HUMAN_ALPHABET)


def redeem(code: str) -> Learner | None:
    """The guest record behind a valid code, which is used up; None for a wrong, used or expired code."""
    if not code or len(code) > 64:
        return None
    now = utcnow()
    row = db.session.scalar(select(ResumeCode).where(ResumeCode.code_hash == hash_token(normalise_code(code))))
    if row is None or row.used_at is not None or row.expires_at <= now:
        return None
    # Used up in one statement, so two browsers redeeming the same code at once cannot both win.
    claimed = db.session.execute(
        update(ResumeCode)
        .where(ResumeCode.id == row.id, ResumeCode.used_at.is_(None), ResumeCode.expires_at > now)
        .values(used_at=now)
        .execution_options(synchronize_session=False)
    )
    if claimed.rowcount != 1:
        return None
    learner = row.learner
    return learner if learner.user_id is None else None


def purge_codes(dry_run: bool = False) -> int:
    """Remove used and expired codes."""
    condition = or_(ResumeCode.used_at.is_not(None), ResumeCode.expires_at <= utcnow())
    count = len(db.session.scalars(select(ResumeCode.id).where(condition)).all())
    if not dry_run:
        db.session.execute(delete(ResumeCode).where(condition))
    return count
