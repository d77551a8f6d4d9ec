"""The "Would you post this?" deck: decide, spot the risks, fix it before posting."""

from flask import Blueprint, Response, abort, jsonify, redirect, render_template, request, url_for

from ..extensions import db
from ..identity import current_learner
from ..web import catalog, or_404
from . import editing as scenarios
from . import page as scenario_page
from .responses import response_for, responses_by_scenario
from .risk import Verdict
from .scene import hotspot_classes, scene_file, scene_markup

bp = Blueprint("scenarios", __name__, url_prefix="/scenarios")


@bp.app_template_filter("verdict_icon")
def verdict_icon(verdict: Verdict) -> str:
    return scenario_page.VERDICT_ICONS[verdict]


@bp.get("/")
def deck():
    return render_template(
        "scenarios/deck.html",
        sets=scenario_page.theme_sets(catalog()),
        responses=responses_by_scenario(current_learner()),
        total=len(catalog().scenarios),
    )


@bp.get("/<slug>/picture.svg")
def picture(slug: str):
    """The scene on its own, for the deck's cards: compressed once, cached by browsers for an hour."""
    scenario = or_404(catalog().scenarios.get(slug))
    gzipped = "gzip" in request.headers.get("Accept-Encoding", "")
    response = Response(scene_file(scenario, gzipped), mimetype="image/svg+xml")
    if gzipped:
        response.headers["Content-Encoding"] = "gzip"
    response.headers["Vary"] = "Accept-Encoding"
    response.cache_control.public = True
    response.cache_control.max_age = 3600
    response.set_etag(f"{scenario.content_hash}{'-gz' if gzipped else ''}")
    return response.make_conditional(request)


@bp.get("/<slug>")
def show(slug: str):
    scenario = or_404(catalog().scenarios.get(slug))
    page = scenario_page.build_page(catalog(), scenario, response_for(current_learner(), scenario))
    return render_template(
        "scenarios/scenario.html",
        page=page,
        risk=catalog().risk,
        course=catalog(),
        scene=scene_markup(scenario, page.edits_by_detail),
        hotspot_classes=hotspot_classes,
        audiences=scenario_page.AUDIENCE_TEXT,
        where_text=scenario_page.WHERE_TEXT,
    )


@bp.post("/<slug>")
def answer(slug: str):
    scenario = or_404(catalog().scenarios.get(slug))
    try:
        anchor = scenario_page.record_step(scenario, request.form, current_learner)
    except scenarios.UnknownChoice:
        abort(400)
    db.session.commit()
    return redirect(url_for("scenarios.show", slug=slug, _anchor=anchor), code=303)


@bp.get("/<slug>/assess")
def assess(slug: str):
    """The verdict for an edited post, so scripts can update it as the parent edits. Saves nothing."""
    scenario = or_404(catalog().scenarios.get(slug))
    try:
        state = scenarios.edited_state(scenario, request.args.getlist("fix"), request.args.get("audience"))
    except scenarios.UnknownChoice:
        abort(400)
    result = scenarios.assessment(scenario, state)
    post = scenarios.visible_post(scenario, state)
    risk = catalog().risk
    verdict = risk.verdicts[result.verdict.key]
    return jsonify(
        verdict=result.verdict.key,
        icon=scenario_page.VERDICT_ICONS[result.verdict],
        label=verdict.label,
        advice=verdict.advice,
        reasons=[
            {
                "factor": reason.factor.value,
                "name": risk.factors[reason.factor].name,
                "explain": risk.factors[reason.factor].explain,
                "lesson_url": url_for("lessons.show", slug=risk.factors[reason.factor].lesson),
            }
            for reason in result.reasons
        ],
        post={
            "caption": post.caption,
            "hashtags": list(post.hashtags),
            "location": post.location,
            "audience": post.audience.value,
            "hidden": [detail.id for detail in post.hidden_details],
            "edits": scenarios.edit_kinds(scenario, state),
        },
    )
