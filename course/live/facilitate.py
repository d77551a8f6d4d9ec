"""Facilitators: start a session from a deck, run it from the console, put the screen on the projector,
and read the aggregate report."""

from __future__ import annotations

from flask import Blueprint, Response, abort, current_app, jsonify, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from sqlalchemy import select

from ..config import MIN_TALLY_THRESHOLD
from ..extensions import db
from ..models import LiveSession, Role
from ..qr import qr_svg
from ..security import personal
from ..web import catalog, phones_cannot_reach_this, public_url
from . import report as live_report
from . import service as live
from .answers import tally as tally_of
from .decks import Deck
from .room import session_and_deck_or_404

bp = Blueprint("facilitate", __name__, url_prefix="/facilitate")


@bp.before_request
@login_required
def facilitators_only():
    if not current_user.has_role(Role.FACILITATOR, Role.ADMIN):
        abort(403)


def _own_session_or_404(code: str) -> tuple[LiveSession, Deck]:
    """A facilitator sees only their own sessions (admins see all): anything else is a 404."""
    session, deck = session_and_deck_or_404(code)
    if session.owner_id != current_user.id and not current_user.has_role(Role.ADMIN):
        abort(404)
    return session, deck


def _home(error: str | None = None, status: int = 200):
    sessions = db.session.scalars(
        select(LiveSession).where(LiveSession.owner_id == current_user.id).order_by(LiveSession.created_at.desc())
    ).all()
    return render_template(
        "facilitate/home.html",
        sessions=sessions,
        decks=catalog().decks,
        default_threshold=current_app.config["TALLY_THRESHOLD"],
        min_threshold=MIN_TALLY_THRESHOLD,
        error=error,
    ), status


@bp.get("/")
@personal
def home():
    return _home()


@bp.post("/")
@personal
def create():
    deck = catalog().decks.get(request.form.get("plan", ""))
    if deck is None:
        abort(400)
    try:
        threshold = live.parse_threshold(request.form.get("threshold"), current_app.config["TALLY_THRESHOLD"])
    except live.LiveError as error:
        return _home(str(error), 400)
    session = live.create_session(deck, current_user._get_current_object(), threshold)
    db.session.commit()
    return redirect(url_for("facilitate.present", code=session.code), code=303)


def _stage(session: LiveSession, deck: Deck) -> dict:
    """What the projector shows, for the screen and for the console's preview of it."""
    item = live.current_item(deck, session)
    join_url = public_url("live_views.join_form", code=session.code)
    return {
        "session": session,
        "deck": deck,
        "item": item,
        "join_url": join_url,
        "join_address": join_url.rsplit("/", 1)[0],
        "qr": qr_svg(join_url, f"QR code to join: {join_url}"),
        "joined": live.participant_count(session),
        "tally": tally_of(session, item, session.tally_threshold),
        "threshold": session.tally_threshold,
        "unreachable": phones_cannot_reach_this(),
    }


@bp.get("/<code>")
@personal
def present(code: str):
    """The console, on the facilitator's laptop: controls, notes, counts and a preview of the screen."""
    return render_template("facilitate/present.html", **_stage(*_own_session_or_404(code)))


@bp.get("/<code>/screen")
@personal
def screen(code: str):
    """The audience screen, for the projector: the item and what the room may see, nothing else."""
    return render_template("facilitate/screen.html", **_stage(*_own_session_or_404(code)))


@bp.post("/<code>/control")
def control(code: str):
    session, deck = _own_session_or_404(code)
    action = request.form.get("action", "")
    if action == "end" and request.form.get("confirm") != "yes":
        return render_template("facilitate/confirm_end.html", session=session, deck=deck)
    try:
        live.control(session, deck, action)
    except live.LiveError:
        db.session.rollback()
        abort(409)
    db.session.commit()
    live.forget_snapshot(session.code)
    return redirect(url_for("facilitate.present", code=session.code), code=303)


@bp.get("/<code>/tally")
@personal
def tally(code: str):
    session, deck = _own_session_or_404(code)
    result = tally_of(session, live.current_item(deck, session), session.tally_threshold)
    return jsonify(
        item_id=result.item_id,
        responses=result.responses,
        counts=result.counts,
        needed=result.needed,
        joined=live.participant_count(session),
        version=session.version,
    )


@bp.get("/<code>/report")
@personal
def report(code: str):
    session, deck = _own_session_or_404(code)
    rows = live_report.results(session, deck, session.tally_threshold)
    return render_template(
        "facilitate/report.html",
        session=session,
        deck=deck,
        rows=rows,
        misconceptions=live_report.misconceptions(rows),
        hidden=live_report.any_hidden(rows),
        joined=live.participant_count(session),
        before=live_report.checkin_average(rows, "before"),
        after=live_report.checkin_average(rows, "after"),
        threshold=session.tally_threshold,
    )


@bp.get("/<code>/report.csv")
def report_csv(code: str):
    session, deck = _own_session_or_404(code)
    rows = live_report.results(session, deck, session.tally_threshold)
    return Response(
        live_report.to_csv(rows),
        mimetype="text/csv",
        headers={
            "Content-Disposition": f'attachment; filename="workshop-{session.code}.csv"',
            "Cache-Control": "no-store",
        },
    )


@bp.get("/<code>/debrief")
@personal
def debrief(code: str):
    session, deck = _own_session_or_404(code)
    course_url = public_url("pages.home")
    return render_template(
        "facilitate/debrief.html",
        session=session,
        deck=deck,
        discussed=live_report.discussed(session, deck),
        course_url=course_url,
        qr=qr_svg(course_url, f"QR code: {course_url}"),
        handout=catalog().handout,
    )
