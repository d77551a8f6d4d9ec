"""`/check-photo`: one page, whose script does all the work in the parent's browser. The server only sends it."""

from __future__ import annotations

from flask import Blueprint, current_app, render_template
from flask_babel import get_locale, gettext

from ..content.regional import BRITISH_REGIONS
from ..web import catalog
from .caption_rules import EVERY_CHECK, rules_for_page

bp = Blueprint("photo_check", __name__)


@bp.get("/check-photo")
def page():
    lessons = catalog().lessons
    titles = {check.lesson: lessons.get(check.lesson).title for check in EVERY_CHECK}
    british = current_app.config["REGION"] in BRITISH_REGIONS
    return render_template(
        "photo_check/page.html",
        rules=rules_for_page(titles, gettext),
        metres=gettext("metres") if british else gettext("meters"),
        locale=str(get_locale()).replace("_", "-"),  # the page's locale writes the photo's date: en-US, en-GB, es
        course=catalog(),
    )
