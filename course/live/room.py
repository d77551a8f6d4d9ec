"""Participants: join with a code or QR (no account), follow the presenter, answer with big buttons."""

from __future__ import annotations

import secrets

from flask import Blueprint, Response, abort, current_app, make_response, redirect, render_template, request, url_for
from flask_limiter.util import get_remote_address
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import SQLAlchemyError

from ..extensions import csrf, limiter
from ..i18n import page_language, show_links_for
from ..models import LiveSession
from ..security import personal
from ..web import catalog
from . import answer_post, answered, answers, join_limits, joining, poll
from . import service as live
from .decks import Deck
from .join_key import join_key_header, join_key_of, join_token, join_token_matches, new_join_key
from .seats import answer_token, answer_token_matches, read_seat, seat_cookie_header, seat_cookie_name
from .service import SessionSnapshot

bp = Blueprint("live_views", __name__)


def session_and_deck_or_404(code: str) -> tuple[LiveSession, Deck]:
    """The session a code names and its deck, or a 404 page."""
    session = live.find_session(code)
    deck = catalog().decks.get(session.plan_id) if session else None
    if session is None or deck is None:
        abort(404)
    return session, deck


@bp.get("/join")
@bp.get("/join/<code>")
@personal  # the form carries this browser's own token
def join_form(code: str = ""):
    return _join_page(live.normalise_code(code))


def _join_page(code: str, status: int = 200, **notice: bool) -> Response:
    """The join form, with the token for this browser's join key (a new key if it has none yet)."""
    held = join_key_of(request.cookies)
    key = held or new_join_key()
    response = make_response(render_template("live/join.html", code=code, join_token=join_token(key), **notice), status)
    if held is None:
        response.headers.add(*join_key_header(key))
    return response


@bp.post("/join")
@csrf.exempt  # the form carries its own token, bound to the browser's join key: checked here
@personal
def join():
    """Take a seat and show the room in the same reply: a phone on slow Wi-Fi waits for one round trip, not two.

    Normally served by the fast path (course/live/fast_join.py), which hands Flask the unusual cases: a phone
    signed in to the course, a refusal, a spent limit. The page puts the room's own address in the address
    bar, so a reload shows the room rather than posting again; a phone already seated is shown the room.
    """
    key = join_key_of(request.cookies)
    if not join_token_matches(key, request.form.get("csrf_token")):
        raise CSRFError("The join form is out of date.")
    address = get_remote_address()
    if join_limits.spent(address, key):
        abort(429)
    code = live.normalise_code(request.form.get("code", ""))
    max_seats = current_app.config["LIVE_MAX_SEATS"]
    seat_raw, nickname = request.cookies.get(seat_cookie_name(code)), request.form.get("nickname")
    outcome = joining.take_seat(code, catalog().decks, seat_raw, nickname, max_seats)
    if isinstance(outcome, joining.Refusal):
        if outcome.counts_as_miss:
            join_limits.missed(address, key)
        return _refused(outcome)
    seated = outcome.participant_id if not outcome.new else None  # a new seat has chosen nothing yet
    page = room_page(outcome.session, seated, outcome.nickname, answer_token(outcome.seat), secrets.token_hex(8))
    response = make_response(page)
    if outcome.new:
        response.headers.add(*seat_cookie_header(outcome.session.code, outcome.seat))
    return response


def _refused(refusal: joining.Refusal) -> Response:
    if refusal is joining.Refusal.FULL:
        return _join_page(live.normalise_code(request.form.get("code", "")), 409, full=True)
    return _join_page("", 404, **{"ended" if refusal is joining.Refusal.ENDED else "failed": True})


@bp.get("/live/<code>")
@personal
def room(code: str):
    session, _deck = session_and_deck_or_404(code)
    seat_raw = request.cookies.get(seat_cookie_name(session.code))
    participant = live.seat(session, *read_seat(seat_raw))
    if participant is None:
        return redirect(url_for("live_views.join_form", code=session.code))
    return room_page(session, participant.id, participant.nickname, answer_token(seat_raw), secrets.token_hex(8))


def room_page(
    session: LiveSession | SessionSnapshot,
    participant_id: int | None,
    nickname: str | None,
    token: str,
    submission_id: str,
) -> str:
    """The room as a phone sees it, in the page's language; its language links stay on the room.

    `participant_id` None: a seat just taken, which has chosen nothing yet."""
    deck = catalog().decks[session.plan_id]
    item = live.current_item(deck, session)
    chosen = answers.chosen_by(session.id, participant_id, item.id if item else None) if participant_id else None
    show_links_for("live_views.room", code=session.code)
    return render_template(
        "live/room.html",
        session=session,
        deck=deck,
        item=item,
        nickname=nickname,
        room_url=url_for("live_views.room", code=session.code),
        submission_id=submission_id,
        answer_token=token,
        chosen=chosen,
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
@csrf.exempt  # like the JSON answer, the form carries the seat's answer token: checked here
def answer_form(code: str):
    """The same answer as a plain form post, for phones without JavaScript."""
    code = live.normalise_code(code)
    seat_raw = request.cookies.get(seat_cookie_name(code))
    if not answer_token_matches(seat_raw, request.form.get("csrf_token")):
        raise CSRFError("This page is out of date.")
    seat = read_seat(seat_raw)
    fields = [request.form.get("item_id", ""), request.form.getlist("choice"), request.form.get("submission_id", "")]
    max_age = current_app.config["LIVE_STATE_CACHE_SECONDS"]
    response = redirect(url_for("live_views.room", code=code), code=303)
    try:
        stored = answers.answer(code, catalog().decks.get, seat, *fields, max_age)  # commits the answer itself
    except live.NoSession:
        abort(404)
    except live.NoSeat:
        abort(403)
    except live.NotOpen:
        pass  # the room page says the question is closed
    except live.InvalidLiveAnswer:
        abort(400)
    else:
        if recorded := answered.set_cookie_header(code, fields[0], fields[1] if stored else None, request.is_secure):
            response.headers.add(*recorded)
    return response
