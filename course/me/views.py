"""The parent's own space: progress, sharing plan, check-ins, certificate, moving to another device,
and their data rights."""

from __future__ import annotations

from flask import Blueprint, abort, current_app, flash, jsonify, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, logout_user

from .. import identity, learners
from ..database import flush_erased_pages
from ..extensions import db, limiter
from ..identity import current_learner, forget_guest
from ..lessons import progress
from ..live.service import forget_snapshot
from ..models import Learner
from ..qr import qr_svg
from ..quizzes import attempts as quiz_attempts
from ..scenarios.responses import responses_by_scenario
from ..security import personal
from ..web import browser_limit_key, catalog, public_url
from . import mastery, privacy, records, resume, self_checks, sharing_plan

bp = Blueprint("me", __name__, url_prefix="/me")
resume_bp = Blueprint("resume", __name__)


def _user():
    return current_user._get_current_object() if current_user.is_authenticated else None


@bp.get("")
@personal
def dashboard():
    learner = current_learner()
    completed = progress.completed_lessons(learner)
    results = quiz_attempts.results(learner)
    return render_template(
        "me/dashboard.html",
        course=catalog(),
        completed=completed,
        next_step=progress.next_step(catalog(), completed, results),
        responses=responses_by_scenario(learner),
        results=results,
        mastery=mastery.mastery_by_theme(catalog(), learner),
        overall=progress.course_progress(catalog(), completed, results),
        changes=self_checks.changes(catalog().self_check, learner) if catalog().self_check else [],
        checks=self_checks.checks_of(learner),
        final=quiz_attempts.passed_final(learner),
        learner=learner,
    )


@bp.route("/check/<phase>", methods=["GET", "POST"])
@personal
def check_in(phase: str):
    check = catalog().self_check
    if check is None or phase not in self_checks.PHASES:
        abort(404)
    plan_steps = [entry.item for entry in sharing_plan.plan_entries(catalog(), current_learner())]
    if request.method == "POST":
        try:
            answers = self_checks.parse(check, phase, request.form)
            commitment = self_checks.parse_commitment(phase, request.form, {step.id for step in plan_steps})
        except self_checks.InvalidCheckIn:
            abort(400)
        self_checks.record(current_learner(create=True), phase, answers, commitment)
        db.session.commit()
        flash(_("Thank you. Your answers are saved, just for you."))
        if commitment:
            return redirect(url_for("me.safe_sharing_plan", _anchor="one-change"), code=303)
        return redirect(url_for("me.dashboard" if phase == "after" else "pages.home"), code=303)
    saved = self_checks.checks_of(current_learner()).get(phase)
    return render_template(
        "me/check_in.html",
        check=check,
        phase=phase,
        saved=saved.answers if saved else {},
        committed=saved.commitment if saved else None,
        plan_steps=plan_steps,
        choices_for=self_checks.choices_for,
        action_answers=self_checks.ACTION_ANSWERS,
    )


@bp.route("/plan", methods=["GET", "POST"])
@personal
def safe_sharing_plan():
    if request.method == "POST":
        shown, ticked = set(request.form.getlist("shown")), set(request.form.getlist("done"))
        try:
            if ticked or current_learner() is not None:  # unticking nothing needs no guest record
                sharing_plan.save_checks(catalog(), current_learner(create=True), shown, ticked)
        except sharing_plan.UnknownStep:
            abort(400)
        db.session.commit()
        flash(_("Your plan is saved."), "success")
        return redirect(url_for("me.safe_sharing_plan"), code=303)
    entries = sharing_plan.plan_entries(catalog(), current_learner())
    committed = self_checks.commitment_of(current_learner())
    one_change = next((entry.item for entry in entries if entry.item.id == committed), None)
    return render_template("me/plan.html", plan=catalog().sharing_plan, entries=entries, one_change=one_change)


@bp.route("/certificate", methods=["GET", "POST"])
@personal
def certificate():
    attempt = quiz_attempts.passed_final(current_learner())
    if attempt is None:
        return render_template("me/certificate_locked.html", final=catalog().quizzes.final), 403
    name = (request.form.get("name", "") if request.method == "POST" else "").strip()[:80]
    verify_url = public_url("pages.verify_certificate", code=attempt.verification_code)
    return render_template(
        "me/certificate.html",
        attempt=attempt,
        name=name,
        course=catalog(),
        verify_url=verify_url,
        qr=qr_svg(verify_url, f"QR code to check this certificate: {verify_url}"),
    )


@bp.get("/export.json")
@personal
def export():
    data = privacy.export(_user(), current_learner())
    response = jsonify(data)
    response.headers["Content-Disposition"] = 'attachment; filename="my-course-data.json"'
    return response


@bp.route("/delete", methods=["GET", "POST"])
@personal
def delete():
    if request.method == "GET":
        return render_template("me/delete.html", learner=current_learner())
    erased = privacy.erase(_user(), current_learner(), request.cookies)
    db.session.commit()
    flush_erased_pages()
    for code in erased.ended_sessions:
        forget_snapshot(code)
    logout_user()
    forget_guest()
    response = redirect(url_for("me.deleted"), code=303)  # a page of its own: a flash would go with the cookies
    response.headers["Clear-Site-Data"] = '"cookies", "storage"'  # honoured over HTTPS only, so also:
    for name in erased.seat_cookies:
        response.delete_cookie(name)
    return response


@bp.get("/deleted")
def deleted():
    """Said after erasure, to whoever asks: it shows nothing of anyone."""
    return render_template("me/deleted.html")


def _browser_key() -> str:
    return browser_limit_key(request.cookies.get(current_app.config["LEARNER_COOKIE_NAME"]))


@resume_bp.post("/me/resume")
@limiter.limit("10 per hour", key_func=_browser_key)
@personal
def create():
    learner = current_learner()
    if current_user.is_authenticated or learner is None:
        flash(
            _("Nothing to move yet: finish a lesson or a scenario first.")
            if learner is None
            else _("You have an account: just log in on the other device.")
        )
        return redirect(url_for("me.dashboard"), code=303)
    hours = current_app.config["RESUME_CODE_HOURS"]
    code = resume.create_code(learner, hours)
    db.session.commit()
    link = public_url("resume.confirm", code=code)
    return render_template(
        "resume/code.html",
        code=code,
        link=link,
        enter_url=public_url("resume.confirm"),
        hours=hours,
        qr=qr_svg(link, "QR code to continue on your phone"),
    )


@resume_bp.get("/resume")
@resume_bp.get("/resume/<code>")
@personal
def confirm(code: str = ""):
    return render_template("resume/enter.html", code=code)


@resume_bp.post("/resume")
@limiter.limit("10 per minute;50 per hour", deduct_when=lambda response: response.status_code == 404)
@personal
def redeem():
    learner = resume.redeem(request.form.get("code", "").strip())
    if learner is None:
        db.session.rollback()
        return render_template("resume/enter.html", code="", failed=True), 404
    _adopt_guest(learner)
    db.session.commit()
    flash(_("Welcome back! Your progress is now on this device."))
    return redirect(url_for("me.dashboard"), code=303)


def _adopt_guest(learner: Learner) -> None:
    """Make `learner` (a guest record brought over with a resume code) this browser's record."""
    if current_user.is_authenticated:
        records.claim_guest(learner, current_user._get_current_object())
        identity.forget_learner()
        return
    here = identity.guest_record()
    if here is not None and here.id != learner.id:
        records.merge_into(here, learner)
    identity.set_guest_cookie(learners.give_new_token(learner))
    identity.use_learner(learner)
