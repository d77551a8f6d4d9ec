"""Waiting-room kiosk: a short self-running deck for one parent at a time. Nothing personal is kept."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import Blueprint, abort, current_app, redirect, render_template, request, url_for

from ..qr import qr_svg
from ..security import personal
from . import catalog

bp = Blueprint("kiosk", __name__, url_prefix="/kiosk")


def kiosk_plans():
    return {slug: plan for slug, plan in catalog().session_plans.items() if plan.spec.kiosk}


def _plan_or_404(slug: str):
    plan = kiosk_plans().get(slug)
    if plan is None:
        abort(404)
    return plan


def _page(template: str, **context):
    course_url = url_for("pages.home", _external=True)
    return render_template(
        template,
        idle_seconds=current_app.config["KIOSK_IDLE_SECONDS"],
        course_url=course_url,
        phone_qr=qr_svg(course_url, f"QR code to the course: {course_url}"),
        **context,
    )


@bp.get("")
@personal
def attract():
    return _page("kiosk/attract.html", plans=kiosk_plans())


@bp.get("/<slug>/<int:number>")
@personal
def item(slug: str, number: int):
    plan = _plan_or_404(slug)
    if not 1 <= number <= len(plan.items):
        abort(404)
    return _page("kiosk/item.html", plan=plan, number=number, item=plan.items[number - 1], outcome=None)


@bp.post("/<slug>/<int:number>")
@personal
def check(slug: str, number: int):
    """Show the answer to this person only: nothing is stored."""
    plan = _plan_or_404(slug)
    if not 1 <= number <= len(plan.items):
        abort(404)
    item = plan.items[number - 1]
    chosen = request.form.getlist("choice")
    if not chosen or not set(chosen) <= {choice.id for choice in item.choices}:
        abort(400)
    return _page("kiosk/item.html", plan=plan, number=number, item=item, outcome=outcome(item, chosen))


def outcome(item, chosen: list[str]) -> str:
    """'opinion' for questions without a right answer (check-ins), else 'right' or 'missed'."""
    if not item.correct_ids:
        return "opinion"
    return "right" if sorted(set(chosen)) == sorted(item.correct_ids) else "missed"


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
