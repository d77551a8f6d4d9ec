"""Live workshops: sessions, seats, answers and tallies. Services only: no request objects in here."""

from __future__ import annotations

import hashlib
import secrets
import time
import unicodedata
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import Insert, bindparam, delete, func, select
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.exc import IntegrityError

from .content.plans import LiveItem, SessionPlan
from .extensions import db
from .models import LiveResponse, LiveSession, LiveStatus, LiveTally, Participant, User, utcnow

CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O or 1/I
CODE_LENGTH = 6
NICKNAME_MAX = 24
ALL = "*"  # the tally row that counts responses to an item


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


@dataclass(frozen=True)
class Tally:
    item_id: str | None
    responses: int
    counts: dict[str, int] | None  # None while fewer than the privacy threshold answered


def normalise_code(code: str) -> str:
    return "".join(ch for ch in (code or "").upper() if ch.isalnum())[: CODE_LENGTH + 2]


def new_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def create_session(plan: SessionPlan, owner: User | None) -> LiveSession:
    for _ in range(10):
        try:
            with db.session.begin_nested():
                session = LiveSession(code=new_code(), plan_id=plan.slug, owner_id=owner.id if owner else None)
                db.session.add(session)
            return session
        except IntegrityError:
            continue  # the code was taken: draw another
    raise LiveError("could not find a free join code")


def find_session(code: str) -> LiveSession | None:
    return db.session.scalar(select(LiveSession).where(LiveSession.code == normalise_code(code)))


def current_item(plan: SessionPlan, session: LiveSession | SessionSnapshot) -> LiveItem | None:
    if session.status == LiveStatus.ENDED or not 0 <= session.position < len(plan.items):
        return None
    return plan.items[session.position]


def control(session: LiveSession, plan: SessionPlan, action: str) -> None:
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
        locked.apply(action, len(plan.items))
    except ValueError as error:
        raise LiveError(str(error)) from error


def forget_snapshot(code: str) -> None:
    """Drop this worker's cached state of a session, once a change to it is committed."""
    _snapshots.pop(normalise_code(code), None)


def clean_nickname(raw: str) -> str | None:
    """Letters, digits, spaces and simple punctuation only; no markup, no control characters."""
    text = unicodedata.normalize("NFKC", raw or "")
    kept = "".join(ch for ch in text if ch.isalnum() or ch in " .-_'")
    return " ".join(kept.split())[:NICKNAME_MAX] or None


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def join(session: LiveSession, nickname: str | None = None) -> tuple[Participant, str]:
    token = secrets.token_urlsafe(16)  # 128 bits
    participant = Participant(session_id=session.id, token_hash=_hash(token), nickname=clean_nickname(nickname))
    db.session.add(participant)
    db.session.flush()
    return participant, token


def seat(session: LiveSession, participant_id: int | None, token: str | None) -> Participant | None:
    if not token or participant_id is None:
        return None
    participant = db.session.get(Participant, participant_id)
    if participant is None or participant.session_id != session.id or participant.token_hash != _hash(token):
        return None
    return participant


def answer(
    code: str,
    plan_lookup: Callable[[str], SessionPlan | None],
    participant_seat: tuple[int | None, str | None],
    item_id: str,
    choice_ids: list[str],
    submission_id: str,
    snapshot_max_age: float = 0.0,
) -> bool:
    """Store an answer once: True when stored, False when this phone's first answer was already in.

    Raises NotOpen unless the item is open at the moment it is stored.

    One `INSERT … SELECT` carries every check: the session is open on this very item and the
    seat's token matches. It reads the session row with a shared lock (FOR SHARE on PostgreSQL,
    where "close" takes FOR UPDATE; SQLite runs one writer at a time), so an answer racing
    "close" is either stored and counted, or refused, never acknowledged and lost. The write
    lock is held for that one statement, not for the whole request.
    """
    known = snapshot(code, snapshot_max_age)  # its id and plan never change, so a cached one will do
    plan = plan_lookup(known.plan_id) if known else None
    if known is None or plan is None:
        raise NoSession(code)
    position, item = _find_item(plan, item_id)
    chosen = _checked_choices(item, choice_ids, submission_id) if item else []
    participant_id, token = participant_seat
    if item is not None and participant_id is not None and token:
        params = {"session_id": known.id, "position": position, "participant_id": participant_id}
        params |= {"token_hash": _hash(token), "item_id": item_id, "choice_ids": chosen}
        params |= {"submission_id": submission_id, "created_at": utcnow()}
        statement = _insert_if_open(db.session.get_bind().dialect.name)
        stored = db.session.execute(statement, params, execution_options={"preserve_rowcount": True})
        if stored.rowcount == 1:
            return True
    _explain_refusal(known, participant_seat, item_id)
    return False


def _find_item(plan: SessionPlan, item_id: str) -> tuple[int, LiveItem | None]:
    for position, item in enumerate(plan.items):
        if item.id == item_id:
            return position, item
    return -1, None


def _checked_choices(item: LiveItem, choice_ids: list[str], submission_id: str) -> list[str]:
    known = {choice.id for choice in item.choices}
    chosen = sorted(set(choice_ids))
    if not chosen or not set(chosen) <= known or (len(chosen) > 1 and not item.multiple):
        raise InvalidLiveAnswer("unknown or too many choices")
    if not submission_id or len(submission_id) > 64:
        raise InvalidLiveAnswer("a submission id is needed")
    return chosen


_answer_inserts: dict[str, Insert] = {}  # one statement per dialect, built once: answers are the busiest write


def _insert_if_open(dialect: str) -> Insert:
    """The answer as a row, written only if the session is open on this item and the seat is genuine."""
    if dialect not in _answer_inserts:
        table = LiveResponse.__table__
        columns = table.c
        row = (
            select(
                LiveSession.id,
                bindparam("item_id", type_=columns.item_id.type),
                Participant.id,
                bindparam("choice_ids", type_=columns.choice_ids.type),
                bindparam("submission_id", type_=columns.submission_id.type),
                bindparam("created_at", type_=columns.created_at.type),
            )
            .join(Participant, Participant.session_id == LiveSession.id)
            .where(
                LiveSession.id == bindparam("session_id"),
                LiveSession.status == LiveStatus.OPEN.value,
                LiveSession.position == bindparam("position"),
                Participant.id == bindparam("participant_id"),
                Participant.token_hash == bindparam("token_hash"),
            )
            .with_for_update(read=True, of=LiveSession)
        )
        build = postgresql_insert if dialect == "postgresql" else sqlite_insert
        names = ["session_id", "item_id", "participant_id", "choice_ids", "submission_id", "created_at"]
        # The first answer stands; the same answer again is acknowledged, not counted.
        _answer_inserts[dialect] = (
            build(table)
            .from_select(names, row)
            .on_conflict_do_nothing(index_elements=["session_id", "item_id", "participant_id"])
        )
    return _answer_inserts[dialect]


def _explain_refusal(known: SessionSnapshot, participant_seat: tuple[int | None, str | None], item_id: str) -> None:
    """Nothing was stored: a stranger, an answer already in (acknowledged again), or an item not open."""
    session = db.session.get(LiveSession, known.id)
    if session is None:
        raise NoSession(known.code)
    if seat(session, *participant_seat) is None:
        raise NoSeat(known.code)
    if not answered(session.id, participant_seat[0], item_id):
        raise NotOpen(item_id)


def answered(session_id: int, participant_id: int | None, item_id: str | None) -> bool:
    if participant_id is None or item_id is None:
        return False
    found = db.session.scalar(
        select(LiveResponse.id)
        .where(
            LiveResponse.session_id == session_id,
            LiveResponse.item_id == item_id,
            LiveResponse.participant_id == participant_id,
        )
        .limit(1)
    )
    return found is not None


def counts_for(session: LiveSession, item_id: str) -> Counter:
    """Per-choice counts and the number of responses (under ALL), from answers or, once purged, tallies."""
    rows = db.session.scalars(
        select(LiveResponse.choice_ids).where(LiveResponse.session_id == session.id, LiveResponse.item_id == item_id)
    ).all()
    if rows:
        counts = Counter(choice for choices in rows for choice in choices)
        counts[ALL] = len(rows)
        return counts
    saved = db.session.execute(
        select(LiveTally.choice_id, LiveTally.count).where(
            LiveTally.session_id == session.id, LiveTally.item_id == item_id
        )
    ).all()
    return Counter(dict(saved))


def tally(session: LiveSession, item: LiveItem | None, threshold: int) -> Tally:
    if item is None:
        return Tally(None, 0, None)
    counts = counts_for(session, item.id)
    responses = counts.pop(ALL, 0)
    shown = {choice.id: counts.get(choice.id, 0) for choice in item.choices} if responses >= threshold else None
    return Tally(item.id, responses, shown)


def participant_count(session: LiveSession) -> int:
    return db.session.scalar(select(func.count()).select_from(Participant).where(Participant.session_id == session.id))


def save_tallies(session: LiveSession, plan: SessionPlan) -> None:
    """Keep the aggregates of a session, so per-participant answers can be purged."""
    for item in plan.items:
        counts = counts_for(session, item.id)
        if not counts:
            continue
        db.session.execute(delete(LiveTally).where(LiveTally.session_id == session.id, LiveTally.item_id == item.id))
        for choice_id, count in counts.items():
            db.session.add(LiveTally(session_id=session.id, item_id=item.id, choice_id=choice_id, count=count))


def purge_answers(plans: dict[str, SessionPlan], retention_days: int, dry_run: bool = False) -> int:
    """Delete per-participant answers older than the retention period, keeping the aggregates."""
    cutoff = utcnow() - timedelta(days=retention_days)
    answered_long_ago = select(LiveResponse.session_id).where(LiveResponse.created_at < cutoff)
    joined_long_ago = select(Participant.session_id).where(Participant.joined_at < cutoff)  # answers or not
    old = answered_long_ago.union(joined_long_ago)
    sessions = db.session.scalars(select(LiveSession).where(LiveSession.id.in_(old))).all()
    count = db.session.scalar(select(func.count()).select_from(LiveResponse).where(LiveResponse.created_at < cutoff))
    if dry_run:
        return count
    for session in sessions:
        if session.plan_id in plans:
            save_tallies(session, plans[session.plan_id])
    db.session.execute(delete(LiveResponse).where(LiveResponse.session_id.in_([s.id for s in sessions])))
    db.session.execute(delete(Participant).where(Participant.session_id.in_([s.id for s in sessions])))
    return count
