"""Sign up, log in, log out and change password. Nobody has to sign up to learn."""

from flask import Blueprint, current_app, flash, g, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_limiter.util import get_remote_address
from flask_login import current_user, login_required, login_user, logout_user

from .. import identity
from ..events import security_event
from ..extensions import db, limiter
from ..me import records
from ..security import personal, safe_redirect_target
from . import service as accounts
from .forms import LoginForm, PasswordChangeForm, SignupForm

bp = Blueprint("auth", __name__)

LOGIN_FAILED = _l("That username and password don't match. Check them and try again.")
# Only failed attempts count, so a room full of parents signing in works fine.
PER_ACCOUNT_LIMIT = "5 per minute;20 per hour"  # per account and address
PER_ACCOUNT_ANYWHERE_LIMIT = "100 per hour"  # per account, from every address together: slow, never locked
PER_CLIENT_LIMIT = "60 per minute;300 per hour"


def _failed(response) -> bool:
    return response.status_code != 303


def _account_key() -> str:
    """Failures on one account from one address: guessing from elsewhere cannot lock its owner out."""
    username = accounts.normalise_username(request.form.get("username", ""))
    return f"account:{username}@{get_remote_address()}"


def _account_anywhere_key() -> str:
    return "account:" + accounts.normalise_username(request.form.get("username", ""))


def _start_session(user, remembered_next: str | None):
    records.claim_guest(identity.guest_record(), user)
    identity.forget_learner()
    identity.forget_guest()
    db.session.commit()
    session.pop(current_app.config.get("WTF_CSRF_FIELD_NAME", "csrf_token"), None)  # a new token once signed in
    login_user(user)
    return redirect(safe_redirect_target(remembered_next, url_for("pages.home")), code=303)


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(PER_CLIENT_LIMIT, methods=["POST"], deduct_when=_failed)
@limiter.limit(PER_ACCOUNT_LIMIT, methods=["POST"], key_func=_account_key, deduct_when=_failed)
@limiter.limit(PER_ACCOUNT_ANYWHERE_LIMIT, methods=["POST"], key_func=_account_anywhere_key, deduct_when=_failed)
def login():
    form = LoginForm(next=request.args.get("next", ""))
    if form.validate_on_submit():
        user = accounts.authenticate(form.username.data, form.password.data)
        if user is not None:
            return _start_session(user, form.next.data)
        form.form_errors.append(str(LOGIN_FAILED))
        security_event("login_failed")
    return render_template("auth/login.html", form=form)


SIGNUP_FAILURE_LIMIT = "30 per 10 minutes"  # refused sign-ups per address: a room of parents fits well within it
# "That username is taken" tells whoever asks that an account exists; answered at most this often per address,
# so listing names is slow. Two parents of a room picking the same name now and then stay well within it.
NAME_TAKEN_LIMIT = "10 per hour"


def _told_name_is_taken(response) -> bool:
    return bool(g.get("username_taken"))


@bp.route("/signup", methods=["GET", "POST"])
@limiter.limit("50 per hour", methods=["POST"], deduct_when=lambda response: response.status_code == 303)
@limiter.limit(SIGNUP_FAILURE_LIMIT, methods=["POST"], deduct_when=lambda response: response.status_code != 303)
@limiter.limit(NAME_TAKEN_LIMIT, methods=["POST"], key_func=lambda: "taken@" + get_remote_address(),
               deduct_when=_told_name_is_taken)  # fmt: skip
def signup():
    form = SignupForm(next=request.args.get("next", ""))
    if form.validate_on_submit():
        try:
            user = accounts.create_user(form.username.data, form.password.data)
        except accounts.AccountError as error:
            db.session.rollback()  # let other writers in before the form is drawn again
            getattr(form, error.field).errors.append(str(error))
            g.username_taken = error.taken
        else:
            security_event("account_created", role=user.role)
            flash(_("Welcome! Your account is ready, and anything you did as a guest is saved to it."))
            return _start_session(user, form.next.data)
    return render_template("auth/signup.html", form=form)


@bp.post("/logout")
def logout():
    if current_user.is_authenticated:
        current_user._get_current_object().rotate_sessions()
        db.session.commit()
    logout_user()
    flash(_("You are logged out."))
    return redirect(url_for("pages.home"), code=303)


@bp.route("/account/password", methods=["GET", "POST"])
@login_required
@personal
def change_password():
    form = PasswordChangeForm()
    if form.validate_on_submit():
        try:
            user = current_user._get_current_object()
            accounts.change_password(user, form.current_password.data, form.new_password.data)
        except accounts.AccountError as error:
            getattr(form, error.field).errors.append(str(error))
        else:
            db.session.commit()
            login_user(user)  # keep this browser signed in under the new session id
            flash(_("Your password is changed. Every other device has been signed out."))
            return redirect(url_for("pages.home"), code=303)
    return render_template("auth/password.html", form=form)
