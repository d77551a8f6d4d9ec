"""Admins create facilitator accounts (the same rules as `flask users create`)."""

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required
from sqlalchemy import select

from ..events import security_event
from ..extensions import db
from ..models import Role, User
from ..security import personal
from . import service as accounts
from .forms import FacilitatorForm

ROLE_NAMES = {"facilitator": _l("facilitator"), "admin": _l("admin")}  # as the message names the role
bp = Blueprint("admin", __name__, url_prefix="/admin")


@bp.before_request
@login_required
def admins_only():
    if not current_user.has_role(Role.ADMIN):
        abort(403)


@bp.route("/people", methods=["GET", "POST"])
@personal
def people():
    form = FacilitatorForm()
    if form.validate_on_submit():
        try:
            user = accounts.create_user(form.username.data, form.password.data, Role(form.role.data))
        except accounts.AccountError as error:
            getattr(form, error.field).errors.append(str(error))
        else:
            db.session.commit()
            security_event("account_created", role=user.role, by="admin")
            flash(
                _(
                    "Created %(role)s account '%(name)s'. Share the password with them in person.",
                    role=ROLE_NAMES.get(user.role, user.role),
                    name=user.username,
                )
            )
            return redirect(url_for("admin.people"), code=303)
    staff = db.session.scalars(
        select(User).where(User.role.in_([Role.FACILITATOR.value, Role.ADMIN.value])).order_by(User.username)
    ).all()
    return render_template("admin/people.html", form=form, staff=staff)
