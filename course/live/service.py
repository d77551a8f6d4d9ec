"""Live sessions and seats: join codes, the facilitator's controls, phones joining. No request objects here."""

from __future__ import annotations

import time
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from ..config import MIN_TALLY_THRESHOLD
from ..extensions import db
from ..models import LiveSession, LiveStatus, Participant, User
from ..tokens import hash_token, human_code
from . import answered
from .decks import Deck, LiveItem
from .seats import SEAT_COOKIE_PREFIX, read_seat

CODE_LENGTH = 6
NICKNAME_MAX = 24
MAX_TALLY_THRESHOLD = 100


class LiveError(Exception):
    pass


class NotOpen(LiveError):
    """The item is not (or no longer) taking answers."""


class InvalidLiveAnswer(LiveError):
    pass


class NoSession(LiveError):
    pass


class NoSeat(LiveError):
    """The phone has not joined this session."""


@dataclass(frozen=True)
class SessionSnapshot:
    """What a poll needs to know about a session; cached for a moment, since phones poll every 2 s."""

    id: int
    code: str
    plan_id: str
    status: str
    position: int
    version: int


_snapshots: dict[str, tuple[float, SessionSnapshot]] = {}


def state_etag(session: SessionSnapshot | LiveSession) -> str:
    """The state of a session changes only when its version does, for every phone alike."""
    return f"v{session.version}"


def snapshot(code: str, max_age: float) -> SessionSnapshot | None:
    """A session's state, at most `max_age` seconds old. Answers and controls always read the database."""
    code = normalise_code(code)
    now = time.monotonic()
    cached = _snapshots.get(code)
    if cached and now - cached[0] < max_age:
        return cached[1]
    session = find_session(code)
    if session is None:
        return None
    fresh = SessionSnapshot(
        session.id, session.code, session.plan_id, session.status, session.position, session.version
    )
    _snapshots[code] = (now, fresh)
    return fresh


def forget_snapshot(code: str) -> None:
    """Drop this worker's cached state of a session, once a change to it is committed."""
    _snapshots.pop(normalise_code(code), None)


def normalise_code(code: str) -> str:
    return "".join(ch for ch in (code or "").upper() if ch.isalnum())[: CODE_LENGTH + 2]


def parse_threshold(raw: str | None, default: int) -> int:
    """The privacy threshold a facilitator typed: empty means the default; fewer than 3 is refused."""
    if raw is None or not raw.strip():
        return default
    text = raw.strip()
    if not text.isascii() or not text.isdigit() or not MIN_TALLY_THRESHOLD <= int(text) <= MAX_TALLY_THRESHOLD:
        raise LiveError(
            f"Choose a number from {MIN_TALLY_THRESHOLD} to {MAX_TALLY_THRESHOLD}: with fewer answers, "
            "the room could work out how one person answered."
        )
    return int(text)


def create_session(deck: Deck, owner: User | None, threshold: int) -> LiveSession:
    """A new session on `deck`; its tallies stay hidden until `threshold` people have answered."""
    if threshold < MIN_TALLY_THRESHOLD:
        raise LiveError(f"the privacy threshold is at least {MIN_TALLY_THRESHOLD}")
    for _ in range(10):
        try:
            with db.session.begin_nested():
                code = human_code(CODE_LENGTH)
                owner_id = owner.id if owner else None
                session = LiveSession(code=code, plan_id=deck.slug, owner_id=owner_id, tally_threshold=threshold)
                db.session.add(session)
            return session
        except IntegrityError:
            continue  # the code was taken: draw another
    raise LiveError("could not find a free join code")


def find_session(code: str) -> LiveSession | None:
    return db.session.scalar(select(LiveSession).where(LiveSession.code == normalise_code(code)))


def current_item(deck: Deck, session: LiveSession | SessionSnapshot) -> LiveItem | None:
    if session.status == LiveStatus.ENDED or not 0 <= session.position < len(deck.items):
        return None
    return deck.items[session.position]


def control(session: LiveSession, deck: Deck, action: str) -> None:
    """Apply a facilitator's action to the row as it is under the lock, not as this request first read it.

    Two screens (a laptop and a clicker) may press at once: each change then builds on the
    other, and every state gets a version of its own. Call `forget_snapshot` after the commit.
    """
    locked = db.session.scalar(
        select(LiveSession)
        .where(LiveSession.id == session.id)
        .with_for_update()
        .execution_options(populate_existing=True)
    )
    try:
        locked.apply(action, len(deck.items))
    except ValueError as error:
        raise LiveError(str(error)) from error


def clean_nickname(raw: str | None) -> str | None:
    """Letters, digits, spaces and simple punctuation only; no markup, no control characters."""
    text = unicodedata.normalize("NFKC", raw or "")
    kept = "".join(ch for ch in text if ch.isalnum() or ch in " .-_'")
    return " ".join(kept.split())[:NICKNAME_MAX] or None


def seat(session: LiveSession, participant_id: int | None, token: str | None) -> Participant | None:
    if not token or participant_id is None:
        return None
    participant = db.session.get(Participant, participant_id)
    if participant is None or participant.session_id != session.id or participant.token_hash != hash_token(token):
        return None
    return participant


def participant_count(session: LiveSession) -> int:
    return db.session.scalar(select(func.count()).select_from(Participant).where(Participant.session_id == session.id))


def end_sessions_of(owner: User) -> list[str]:
    """End every session a person owns (before their account goes); returns the codes, to forget their snapshots."""
    owned = db.session.scalars(
        select(LiveSession).where(LiveSession.owner_id == owner.id, LiveSession.status != LiveStatus.ENDED.value)
    ).all()
    for session in owned:
        session.apply("end", 0)
    return [session.code for session in owned]


def leave_seats(cookies: Mapping[str, str]) -> list[str]:
    """Erase the seats this browser holds in any room (nickname and answers); returns the cookies to expire."""
    names = [name for name in cookies if name.startswith(SEAT_COOKIE_PREFIX)]
    for name in names:
        session = find_session(name.removeprefix(SEAT_COOKIE_PREFIX))
        participant = seat(session, *read_seat(cookies[name])) if session else None
        if participant is not None:
            db.session.delete(participant)
    return names + [name for name in cookies if name.startswith(answered.PREFIX)]  # what the phone answered
