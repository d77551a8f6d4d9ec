"""Taking a seat in a room: the decision behind `POST /join`, whichever path serves it. No request objects."""

from __future__ import annotations

import enum
from collections.abc import Container
from dataclasses import dataclass

from sqlalchemy import Insert, bindparam, func, insert, select

from ..extensions import db
from ..models import LiveSession, LiveStatus, Participant, utcnow
from ..tokens import hash_token, new_token
from . import service as live
from .seats import read_seat, seat_serializer
from .service import SessionSnapshot, clean_nickname


class Refusal(enum.Enum):
    UNKNOWN = "unknown"  # no such code: a typo, or a guess
    ENDED = "ended"
    FULL = "full"

    @property
    def counts_as_miss(self) -> bool:
        """Refusals that could be someone guessing codes: they count against the join limits."""
        return self is not Refusal.FULL


@dataclass(frozen=True)
class Seated:
    session: LiveSession | SessionSnapshot
    participant_id: int
    nickname: str | None
    seat: str  # the signed seat cookie's value
    new: bool  # False: this phone already had the seat, and nothing was written


def take_seat(
    code: str, plans: Container[str], seat_raw: str | None, nickname: str | None, max_seats: int
) -> Seated | Refusal:
    """Seat a phone in the session `code` names (or find its seat): `Seated`, or the `Refusal` to show."""
    session = live.find_session(code)
    if session is None or session.plan_id not in plans:
        return Refusal.UNKNOWN
    if session.status == LiveStatus.ENDED:
        return Refusal.ENDED
    held = live.seat(session, *read_seat(seat_raw)) if seat_raw else None
    if held is not None:
        return Seated(session, held.id, held.nickname, seat_raw, new=False)
    seated = seat_new_phone(session, nickname, max_seats)
    if seated is None:  # full, or ended since it was read
        return Refusal.FULL if live.participant_count(session) >= max_seats else Refusal.ENDED
    return seated


def seat_new_phone(session: LiveSession | SessionSnapshot, nickname: str | None, max_seats: int) -> Seated | None:
    """A new seat, committed, or None when the session has ended or is full (nothing is written then).

    One statement makes the checks and the insert, so a seat costs one round trip to the database.
    """
    token, cleaned = new_token(16), clean_nickname(nickname)  # 128 bits
    params = {"session_id": session.id, "max_seats": max_seats, "token_hash": hash_token(token)}
    params |= {"nickname": cleaned, "joined_at": utcnow()}
    participant_id = db.session.execute(_insert_if_seats_left(), params).scalar()
    if participant_id is None:
        db.session.rollback()
        return None
    db.session.commit()
    seat = seat_serializer().dumps({"p": participant_id, "t": token})
    return Seated(session, participant_id, cleaned, seat, new=True)


_seat_insert: list[Insert] = []


def _insert_if_seats_left() -> Insert:
    if not _seat_insert:
        participants = Participant.__table__
        seated = select(func.count()).select_from(participants).where(participants.c.session_id == LiveSession.id)
        row = select(
            LiveSession.id,
            bindparam("token_hash", type_=participants.c.token_hash.type),
            bindparam("nickname", type_=participants.c.nickname.type),
            bindparam("joined_at", type_=participants.c.joined_at.type),
        ).where(
            LiveSession.id == bindparam("session_id"),
            LiveSession.status != LiveStatus.ENDED.value,
            seated.scalar_subquery() < bindparam("max_seats"),
        )
        columns = ["session_id", "token_hash", "nickname", "joined_at"]
        _seat_insert.append(insert(participants).from_select(columns, row).returning(participants.c.id))
    return _seat_insert[0]
