"""Answers and tallies: each phone's answer stored once, counts kept private below a threshold, purged in time."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import bindparam, delete, func, select
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.engine import Dialect

from ..database import reading_only
from ..direct_sql import DriverStatement, execute_alone
from ..extensions import db
from ..models import LiveResponse, LiveSession, LiveStatus, LiveTally, Participant, utcnow
from ..tokens import hash_token
from .decks import Deck, LiveItem
from .service import InvalidLiveAnswer, NoSeat, NoSession, NotOpen, SessionSnapshot, seat, snapshot

ALL = "*"  # the tally row that counts responses to an item


@dataclass(frozen=True)
class Tally:
    item_id: str | None
    responses: int
    counts: dict[str, int] | None  # None while fewer than the privacy threshold answered
    needed: int = 0  # answers still to come before the counts may be shown


def answer(
    code: str,
    deck_lookup: Callable[[str], Deck | None],
    participant_seat: tuple[int | None, str | None],
    item_id: str,
    choice_ids: list[str],
    submission_id: str,
    snapshot_max_age: float = 0.0,
) -> bool:
    """Store an answer once: True when stored (or resent with the same submission id), False when this
    phone's first, different answer was already in.

    Raises NotOpen unless the item is open at the moment it is stored.

    One `INSERT … SELECT` carries every check: the session is open on this very item and the
    seat's token matches. It reads the session row with a shared lock (FOR SHARE on PostgreSQL,
    where "close" takes FOR UPDATE; SQLite runs one writer at a time), so an answer racing
    "close" is either stored and counted, or refused, never acknowledged and lost. The statement is
    its own transaction (`direct_sql`): committed when it returns, before the phone is told.

    The ORM session's transaction is ended first (committed: these callers have only read), so that
    this thread holds one pooled connection and one write turn at a time.
    """
    with reading_only():
        known = snapshot(code, snapshot_max_age)  # its id and plan never change, so a cached one will do
    if db.session.registry.has() and db.session().in_transaction():
        db.session.commit()
    deck = deck_lookup(known.plan_id) if known else None
    if known is None or deck is None:
        raise NoSession(code)
    position, item = _find_item(deck, item_id)
    chosen = _checked_choices(item, choice_ids, submission_id) if item else []
    participant_id, token = participant_seat
    if item is not None and participant_id is not None and token:
        params = {"session_id": known.id, "position": position, "participant_id": participant_id}
        params |= {"token_hash": hash_token(token), "item_id": item_id, "choice_ids": chosen}
        params |= {"submission_id": submission_id, "created_at": utcnow()}
        if execute_alone(db.engine, _insert_if_open(db.engine.dialect), params) == 1:
            return True
    with reading_only():
        return _explain_refusal(known, participant_seat, item_id) == submission_id


def _find_item(deck: Deck, item_id: str) -> tuple[int, LiveItem | None]:
    for position, item in enumerate(deck.items):
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


_answer_inserts: dict[str, DriverStatement] = {}  # compiled once per dialect: answers are the busiest write


def _insert_if_open(dialect: Dialect) -> DriverStatement:
    """The answer as a row, written only if the session is open on this item and the seat is genuine."""
    if dialect.name not in _answer_inserts:
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
        build = postgresql_insert if dialect.name == "postgresql" else sqlite_insert
        names = ["session_id", "item_id", "participant_id", "choice_ids", "submission_id", "created_at"]
        # The first answer stands; the same answer again is acknowledged, not counted.
        statement = (
            build(table)
            .from_select(names, row)
            .on_conflict_do_nothing(index_elements=["session_id", "item_id", "participant_id"])
        )
        _answer_inserts[dialect.name] = DriverStatement.compile(statement, dialect)
    return _answer_inserts[dialect.name]


def _explain_refusal(known: SessionSnapshot, participant_seat: tuple[int | None, str | None], item_id: str) -> str:
    """Nothing was stored: a stranger, an item not open, or an answer already in (whose submission id is returned).

    The same submission again is a phone resending after a lost reply: it is acknowledged as stored.
    """
    session = db.session.get(LiveSession, known.id)
    if session is None:
        raise NoSession(known.code)
    if seat(session, *participant_seat) is None:
        raise NoSeat(known.code)
    first = _stored_submission(session.id, participant_seat[0], item_id)
    if first is None:
        raise NotOpen(item_id)
    return first


def _stored_submission(session_id: int, participant_id: int | None, item_id: str) -> str | None:
    return db.session.scalar(
        select(LiveResponse.submission_id).where(
            LiveResponse.session_id == session_id,
            LiveResponse.item_id == item_id,
            LiveResponse.participant_id == participant_id,
        )
    )


def chosen_by(session_id: int, participant_id: int | None, item_id: str | None) -> list[str] | None:
    """What this phone answered to the item, or None when it has not answered."""
    if participant_id is None or item_id is None:
        return None
    return db.session.scalar(
        select(LiveResponse.choice_ids).where(
            LiveResponse.session_id == session_id,
            LiveResponse.item_id == item_id,
            LiveResponse.participant_id == participant_id,
        )
    )


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
    return Tally(item.id, responses, shown, max(threshold - responses, 0))


def save_tallies(session: LiveSession) -> None:
    """Keep the aggregates of a session, so per-participant answers can be purged. The items come from the
    answers themselves, not the deck file: a deck renamed or removed since the workshop keeps its totals."""
    answered = db.session.scalars(
        select(LiveResponse.item_id).where(LiveResponse.session_id == session.id).distinct()
    ).all()
    for item_id in answered:
        counts = counts_for(session, item_id)
        db.session.execute(delete(LiveTally).where(LiveTally.session_id == session.id, LiveTally.item_id == item_id))
        for choice_id, count in counts.items():
            db.session.add(LiveTally(session_id=session.id, item_id=item_id, choice_id=choice_id, count=count))


def purge_answers(retention_days: int, dry_run: bool = False) -> int:
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
        save_tallies(session)
    db.session.execute(delete(LiveResponse).where(LiveResponse.session_id.in_([s.id for s in sessions])))
    db.session.execute(delete(Participant).where(Participant.session_id.in_([s.id for s in sessions])))
    return count
