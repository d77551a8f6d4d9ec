"""Waiting-room kiosk: a short self-running deck for one parent at a time. Nothing personal is kept."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import Blueprint, abort, current_app, redirect, render_template, request, url_for

from ..qr import qr_svg
from ..quizzes.grading import grade_choices
from ..security import personal
from ..web import catalog, or_404, public_url
from .decks import Deck, LiveItem

bp = Blueprint("kiosk", __name__, url_prefix="/kiosk")


def kiosk_decks() -> dict[str, Deck]:
    return {slug: deck for slug, deck in catalog().decks.items() if deck.spec.kiosk}


def _item_or_404(slug: str, number: int) -> tuple[Deck, LiveItem]:
    deck = or_404(kiosk_decks().get(slug))
    if not 1 <= number <= len(deck.items):
        abort(404)
    return deck, deck.items[number - 1]


def _page(template: str, **context):
    course_url = public_url("pages.home")
    photo_url = public_url("photo_check.page")
    return render_template(
        template,
        idle_seconds=current_app.config["KIOSK_IDLE_SECONDS"],
        course_url=course_url,
        phone_qr=qr_svg(course_url, f"QR code to the course: {course_url}"),
        photo_qr=qr_svg(photo_url, f"QR code to check a photo: {photo_url}"),
        **context,
    )


@bp.get("")
@personal
def attract():
    decks = kiosk_decks()
    pictures = [item.image for deck in decks.values() for item in deck.items if item.image]
    return _page("kiosk/attract.html", decks=decks, pictures=list(dict.fromkeys(pictures))[:4])


@bp.get("/sources")
@personal
def sources():
    """The sources, inside the kiosk: citations as text, no link that leaves the tablet's deck."""
    came_from = urlsplit(request.referrer or "")
    back = came_from.path if came_from.netloc == request.host and came_from.path.startswith("/kiosk/") else None
    return _page("kiosk/sources.html", groups=catalog().cited_source_groups(), back=back or url_for("kiosk.attract"))


@bp.get("/<slug>/<int:number>")
@personal
def item(slug: str, number: int):
    deck, shown = _item_or_404(slug, number)
    return _page("kiosk/item.html", deck=deck, number=number, item=shown, outcome=None, chosen=[])


@bp.post("/<slug>/<int:number>")
@personal
def check(slug: str, number: int):
    """Show the answer to this person only: nothing is stored."""
    deck, shown = _item_or_404(slug, number)
    chosen = request.form.getlist("choice")
    if not chosen or not set(chosen) <= {choice.id for choice in shown.choices}:
        abort(400)
    if len(chosen) > 1 and not shown.multiple:
        abort(400)
    return _page("kiosk/item.html", deck=deck, number=number, item=shown, outcome=outcome(shown, chosen), chosen=chosen)


def outcome(item: LiveItem, chosen: list[str]) -> str:
    """'opinion' for questions without a right answer (check-ins), else 'right', 'safer' or 'missed'.

    A scenario's decision can have more than one careful answer, and a safe one more careful
    than needed ('safer'); a question with several answers is right only when all are chosen.
    """
    if not item.correct_ids:
        return "opinion"
    if not item.multiple:
        picked = next(choice for choice in item.choices if choice.id == chosen[0])
        return "right" if picked.correct else "safer" if picked.also_fine else "missed"
    return "right" if grade_choices(item, chosen, multiple=True).correct else "missed"


@bp.get("/reset")
def reset():
    """Start over for the next person: the browser forgets everything of the last one.

    Only when the tablet itself asks (its idle timer, its buttons, or a typed address): a
    link on another site must not log a facilitator out or take a phone's seat away.
    """
    response = redirect(url_for("kiosk.attract"), code=303)
    response.headers["Cache-Control"] = "no-store"
    if _asked_by_this_site():
        response.headers["Clear-Site-Data"] = '"cache", "cookies", "storage"'
        for name in request.cookies:  # Clear-Site-Data needs HTTPS (or localhost); this works on plain HTTP too
            response.delete_cookie(name)
    return response


def _asked_by_this_site() -> bool:
    fetched_from = request.headers.get("Sec-Fetch-Site")
    if fetched_from is not None:
        return fetched_from in ("same-origin", "none")
    referrer = urlsplit(request.referrer or "")
    return (referrer.scheme, referrer.netloc) == (request.scheme, request.host)
