"""Continue on another device with a one-time code (and QR): no account needed."""

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user

from .. import resume
from ..extensions import db, limiter
from ..identity import adopt_guest, current_learner
from ..qr import qr_svg
from ..security import personal

bp = Blueprint("resume", __name__)


@bp.post("/me/resume")
@limiter.limit("10 per hour")
@personal
def create():
    learner = current_learner()
    if current_user.is_authenticated or learner is None:
        flash(
            "Nothing to move yet: finish a lesson or a scenario first."
            if learner is None
            else "You have an account: just log in on the other device."
        )
        return redirect(url_for("me.dashboard"), code=303)
    hours = current_app.config["RESUME_CODE_HOURS"]
    code = resume.create_code(learner, hours)
    db.session.commit()
    link = url_for("resume.confirm", code=code, _external=True)
    return render_template(
        "resume/code.html", code=code, link=link, hours=hours, qr=qr_svg(link, "QR code to continue on your phone")
    )


@bp.get("/resume")
@bp.get("/resume/<code>")
@personal
def confirm(code: str = ""):
    return render_template("resume/enter.html", code=code)


@bp.post("/resume")
@limiter.limit("10 per minute;50 per hour")
@personal
def redeem():
    learner = resume.redeem(request.form.get("code", "").strip())
    if learner is None:
        db.session.rollback()
        return render_template("resume/enter.html", code="", failed=True), 404
    adopt_guest(learner)
    db.session.commit()
    flash("Welcome back! Your progress is now on this device.")
    return redirect(url_for("me.dashboard"), code=303)
