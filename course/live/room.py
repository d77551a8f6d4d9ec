"""Participants: join with a code or QR (no account), follow the presenter, answer with big buttons."""

from __future__ import annotations

import secrets

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    make_response,
    redirect,
    render_template,
    request,
    url_for,
)
from flask import session as browser_session
from sqlalchemy.exc import SQLAlchemyError

from ..extensions import csrf, db, limiter
from ..i18n import page_language
from ..models import LiveSession, LiveStatus, Participant
from ..security import personal
from ..web import browser_limit_key, catalog
from . import answer_post, answered, answers, poll
from . import service as live
from .decks import Deck
from .seats import answer_token, read_seat, seat_cookie_name, seat_serializer

bp = Blueprint("live_views", __name__)


def session_and_deck_or_404(code: str) -> tuple[LiveSession, Deck]:
    """The session a code names and its deck, or a 404 page."""
    session = live.find_session(code)
    deck = catalog().decks.get(session.plan_id) if session else None
    if session is None or deck is None:
        abort(404)
    return session, deck


def _participant(session: LiveSession) -> Participant | None:
    return live.seat(session, *read_seat(request.cookies.get(seat_cookie_name(session.code))))


def _failed_join(response: Response) -> bool:
    return response.status_code == 404


@bp.get("/join")
@bp.get("/join/<code>")
def join_form(code: str = ""):
    return render_template("live/join.html", code=live.normalise_code(code))


def _browser_key() -> str:
    """A phone's browser, by the CSRF secret its join page put in its session."""
    return browser_limit_key(browser_session.get(current_app.config.get("WTF_CSRF_FIELD_NAME", "csrf_token")))


@bp.post("/join")
@limiter.limit("10 per minute", key_func=_browser_key, deduct_when=_failed_join)  # typos: one phone's own
@limiter.limit("60 per minute", deduct_when=_failed_join)  # guessing codes from one network
@personal
def join():
    """Take a seat and show the room in the same reply: a phone on slow Wi-Fi waits for one round trip, not two.

    The page puts the room's own address in the address bar, so a reload shows the room rather than posting
    again; a phone already seated is simply shown the room.
    """
    session = live.find_session(request.form.get("code", ""))
    if session is None or session.plan_id not in catalog().decks:
        return render_template("live/join.html", code="", failed=True), 404
    if session.status == LiveStatus.ENDED:
        return render_template("live/join.html", code="", ended=True), 404
    deck = catalog().decks[session.plan_id]
    cookie_name = seat_cookie_name(session.code)
    participant = _participant(session)
    if participant is not None:
        return _room_page(session, deck, participant, request.cookies[cookie_name])
    if live.participant_count(session) >= current_app.config["LIVE_MAX_SEATS"]:
        return render_template("live/join.html", code=session.code, full=True), 409
    participant, token = live.join(session, request.form.get("nickname"))
    seat = seat_serializer().dumps({"p": participant.id, "t": token})
    _commit_keeping_loaded()  # the write lock is held only for the insert, not for drawing the page
    response = make_response(_room_page(session, deck, participant, seat))
    response.set_cookie(
        cookie_name,
        seat,
        max_age=12 * 3600,
        httponly=True,
        samesite="Lax",
        secure=current_app.config["SESSION_COOKIE_SECURE"],
    )
    return response


def _commit_keeping_loaded() -> None:
    """Commit without expiring the rows just read and written: the page drawn next needs them as they are."""
    current = db.session()
    current.expire_on_commit = False
    try:
        db.session.commit()
    finally:
        current.expire_on_commit = True


@bp.get("/live/<code>")
@personal
def room(code: str):
    session, deck = session_and_deck_or_404(code)
    participant = _participant(session)
    if participant is None:
        return redirect(url_for("live_views.join_form", code=session.code))
    return _room_page(session, deck, participant, request.cookies[seat_cookie_name(session.code)])


def _room_page(session: LiveSession, deck: Deck, participant: Participant, seat: str) -> str:
    item = live.current_item(deck, session)
    return render_template(
        "live/room.html",
        session=session,
        deck=deck,
        item=item,
        participant=participant,
        room_url=url_for("live_views.room", code=session.code),
        submission_id=secrets.token_hex(8),
        answer_token=answer_token(seat),
        chosen=answers.chosen_by(session.id, participant.id, item.id if item else None),
    )


@bp.get("/live/<code>/state")
@limiter.exempt
def state(code: str):
    """Normally answered by the fast path in front of Flask (course/live/fastpath.py); the same reply here."""
    code = live.normalise_code(code)
    seat, tag = request.cookies.get(seat_cookie_name(code)), request.headers.get("If-None-Match")
    mine = request.cookies.get(answered.cookie_name(code))
    reply = poll.respond(code, seat, tag, page_language(), mine)
    return Response(reply.body, status=reply.status, headers=reply.headers)


@bp.post("/live/<code>/answer")
@csrf.exempt  # the answer carries its own token, bound to the seat: answer_post checks it
def answer(code: str):
    """Normally answered by the fast path in front of Flask (course/live/fastpath.py); the same reply here."""
    code = live.normalise_code(code)
    if (request.content_length or 0) > answer_post.MAX_BODY_BYTES:
        reply = answer_post.refused(413, "the answer is too large")
    else:
        post = answer_post.AnswerPost(
            code=code,
            seat_raw=request.cookies.get(seat_cookie_name(code)),
            token=request.headers.get("X-CSRFToken"),
            content_type=request.content_type or "",
            body=request.get_data(cache=False),
            secure=request.is_secure,
        )
        try:
            reply = answer_post.respond(post)
        except SQLAlchemyError:
            current_app.logger.exception("live answer failed")
            reply = answer_post.BUSY
    return Response(reply.body, status=reply.status, headers=reply.headers)


@bp.post("/live/<code>/answer-form")
def answer_form(code: str):
    """The same answer as a plain form post, for phones without JavaScript."""
    code = live.normalise_code(code)
    seat = read_seat(request.cookies.get(seat_cookie_name(code)))
    fields = [request.form.get("item_id", ""), request.form.getlist("choice"), request.form.get("submission_id", "")]
    max_age = current_app.config["LIVE_STATE_CACHE_SECONDS"]
    response = redirect(url_for("live_views.room", code=code), code=303)
    try:
        stored = answers.answer(code, catalog().decks.get, seat, *fields, max_age)
        db.session.commit()
    except live.NoSession:
        abort(404)
    except live.NoSeat:
        abort(403)
    except live.NotOpen:
        db.session.rollback()
    except live.InvalidLiveAnswer:
        db.session.rollback()
        abort(400)
    else:
        if recorded := answered.set_cookie_header(code, fields[0], fields[1] if stored else None, request.is_secure):
            response.headers.add(*recorded)
    return response
