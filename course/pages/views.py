"""The course home, sources, privacy notice and health check."""

from flask import Blueprint, abort, current_app, jsonify, render_template
from sqlalchemy import text

from ..database import schema_head
from ..extensions import db, limiter
from ..identity import current_learner
from ..lessons import progress
from ..me import self_checks
from ..qr import qr_svg
from ..quizzes import attempts as quiz_attempts
from ..scenarios.responses import responses_by_scenario
from ..web import catalog, or_404, public_url

bp = Blueprint("pages", __name__)


@bp.get("/")
def home():
    learner = current_learner()
    completed = progress.completed_lessons(learner)
    passed = quiz_attempts.passed_final(learner) is not None
    results = quiz_attempts.results(learner)
    return render_template(
        "pages/home.html",
        course=catalog(),
        completed=completed,
        next_step=progress.next_step(catalog(), completed, results),
        practiced=len(responses_by_scenario(learner)),
        check_in=self_checks.phase_to_offer(learner, bool(completed), passed) if catalog().self_check else None,
    )


@bp.get("/sources")
def sources():
    return render_template("pages/sources.html", groups=catalog().cited_source_groups())


@bp.get("/handout")
def handout():
    page = catalog().handout
    if page is None:
        abort(404)
    course_url = public_url("pages.home")
    photo_url = public_url("photo_check.page")
    html = render_template(
        "pages/handout.html",
        photo_url=photo_url,
        photo_qr=qr_svg(photo_url, f"QR code to check a photo: {photo_url}"),
        handout=page,
        sources=catalog().sources,
        course_url=course_url,
        qr_svg=qr_svg(course_url, f"QR code: {course_url}"),
        help_region=catalog().help.regions_for(current_app.config["REGION"])[0] if catalog().help else None,
        help_url=public_url("help.something_went_wrong"),
    )
    # Its QR code names the address it was asked under (without PUBLIC_URL): no shared cache may keep it.
    return html, {"Cache-Control": "no-cache", "Vary": "Host"}


@bp.get("/facilitator-guide")
def facilitator_guide():
    """The facilitator guide, printable; public, so a counsellor can read it before having an account."""
    page = or_404(catalog().facilitator_guide)
    return render_template("pages/guide.html", page=page, sources=catalog().sources)


@bp.get("/certificates/<code>")
def verify_certificate(code: str):
    attempt = quiz_attempts.attempt_by_code(code)
    return render_template("me/verify.html", attempt=attempt, code=code), 200 if attempt else 404


@bp.get("/privacy")
def privacy():
    return render_template("pages/privacy.html")


@bp.get("/healthz")
@limiter.exempt
def healthz():
    """Ready only when the database answers and its schema is the one this code expects."""
    try:
        version = db.session.execute(text("SELECT version_num FROM alembic_version")).scalar()
    except Exception:  # any database failure, a missing table included, means "not ready"
        db.session.rollback()
        return jsonify(status="unavailable"), 503
    if version != schema_head():
        return jsonify(status="migrations pending", hint="run: flask --app app db upgrade"), 503
    return jsonify(status="ok")
