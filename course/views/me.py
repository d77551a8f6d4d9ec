"""The parent's own space: progress, plan, check-ins, certificate, and their data rights."""

from __future__ import annotations

from flask import Blueprint, abort, flash, jsonify, redirect, render_template, request, url_for
from flask_login import current_user, logout_user

from .. import mastery, plan, privacy, progress, quiz_attempts, self_checks
from ..extensions import db
from ..identity import current_learner, forget_guest
from ..qr import qr_svg
from ..scenario_responses import responses_by_scenario
from ..security import personal
from . import catalog

bp = Blueprint("me", __name__, url_prefix="/me")


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
        up_next=progress.next_lesson(catalog(), completed),
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
    if request.method == "POST":
        try:
            answers = self_checks.parse(check, phase, request.form)
        except self_checks.InvalidCheckIn:
            abort(400)
        self_checks.record(current_learner(create=True), phase, answers)
        db.session.commit()
        flash("Thank you. Your answers are saved, just for you.")
        return redirect(url_for("me.dashboard" if phase == "after" else "pages.home"), code=303)
    saved = self_checks.checks_of(current_learner()).get(phase)
    return render_template("me/check_in.html", check=check, phase=phase, saved=saved.answers if saved else {})


@bp.route("/plan", methods=["GET", "POST"])
@personal
def safe_sharing_plan():
    if request.method == "POST":
        try:
            plan.set_checked(
                catalog(),
                current_learner(create=True),
                request.form.get("item", ""),
                request.form.get("checked") == "1",
            )
        except plan.UnknownPlanItem:
            abort(400)
        db.session.commit()
        return redirect(url_for("me.safe_sharing_plan", _anchor=f"item-{request.form['item']}"), code=303)
    return render_template("me/plan.html", plan=catalog().plan, entries=plan.build_plan(catalog(), current_learner()))


@bp.route("/certificate", methods=["GET", "POST"])
@personal
def certificate():
    attempt = quiz_attempts.passed_final(current_learner())
    if attempt is None:
        return render_template("me/certificate_locked.html", final=catalog().final_quiz), 403
    name = (request.form.get("name", "") if request.method == "POST" else "").strip()[:80]
    verify_url = url_for("pages.verify_certificate", code=attempt.verification_code, _external=True)
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
    privacy.erase(_user(), current_learner())
    db.session.commit()
    logout_user()
    forget_guest()
    flash("Everything we kept about you has been deleted.")
    response = redirect(url_for("pages.home"), code=303)
    response.headers["Clear-Site-Data"] = '"cookies", "storage"'
    return response
