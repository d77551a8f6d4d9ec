"""Who is learning in this request: the signed-in account, or a guest known by a signed cookie."""

from __future__ import annotations

from datetime import timedelta

from flask import Response, after_this_request, current_app, g, request
from flask_login import current_user
from itsdangerous import BadSignature, URLSafeSerializer

from . import learners
from .models import Learner, utcnow

COOKIE_SALT = "learner-token"
RENEW_GUEST_COOKIE_AFTER = timedelta(days=1)  # the cookie's lifetime starts again, at most once a day


def _serializer() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt=COOKIE_SALT)


def guest_token() -> str | None:
    raw = request.cookies.get(current_app.config["LEARNER_COOKIE_NAME"])
    if not raw:
        return None
    try:
        token = _serializer().loads(raw)
    except BadSignature:
        return None
    return token if isinstance(token, str) else None


def current_learner(create: bool = False) -> Learner | None:
    """The learning record for this request; with create=True one is made if needed."""
    learner: Learner | None = g.get("learner")
    if learner is not None or (not create and "learner" in g):
        return learner
    if current_user.is_authenticated:
        learner = learners.learner_of(current_user, create=create)
    else:
        token = guest_token()
        learner = learners.find_guest(token)
        if learner is None and create:
            learner, token = learners.create_guest()
            set_guest_cookie(token)
        elif learner is not None and create and utcnow() - learner.last_active_at > RENEW_GUEST_COOKIE_AFTER:
            set_guest_cookie(token)  # an active guest keeps their record as long as they keep learning
    if learner is not None and create:  # a step is being saved: the record is active
        learners.touch(learner)
    g.learner = learner
    return learner


def guest_record() -> Learner | None:
    """This browser's guest record, if it has one."""
    return learners.find_guest(guest_token())


def forget_learner() -> None:
    """The learning record of this request changed hands: look it up again when next asked."""
    g.pop("learner", None)


def use_learner(learner: Learner) -> None:
    """From now on in this request, `learner` is the one learning."""
    g.learner = learner


def forget_guest() -> None:
    name = current_app.config["LEARNER_COOKIE_NAME"]
    if name not in request.cookies:
        return

    @after_this_request
    def _clear(response: Response) -> Response:
        response.delete_cookie(name, samesite="Lax", httponly=True, secure=current_app.config["SESSION_COOKIE_SECURE"])
        return response


def set_guest_cookie(token: str) -> None:
    g.learner_cookie_changed = True
    config = current_app.config

    @after_this_request
    def _store(response: Response) -> Response:
        response.set_cookie(
            config["LEARNER_COOKIE_NAME"],
            _serializer().dumps(token),
            max_age=int(timedelta(days=config["GUEST_RETENTION_DAYS"]).total_seconds()),
            httponly=True,
            samesite="Lax",
            secure=config["SESSION_COOKIE_SECURE"],
        )
        return response
