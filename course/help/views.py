"""The "If something goes wrong" page, linked from every page's footer."""

from flask import Blueprint, abort, current_app, render_template

from ..web import catalog

bp = Blueprint("help", __name__)


@bp.get("/help")
def something_went_wrong():
    page = catalog().help
    if page is None:
        abort(404)
    return render_template(
        "help/help.html", page=page, regions=page.regions_for(current_app.config["REGION"]), course=catalog()
    )
