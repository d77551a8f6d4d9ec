"""Who is learning in this request: the signed-in account, or a guest known by a signed cookie."""

from __future__ import annotations

from datetime import timedelta

from flask import Response, after_this_request, current_app, g, request
from flask_login import current_user
from itsdangerous import BadSignature, URLSafeSerializer

from . import learners
from .models import Learner

COOKIE_SALT = "learner-token"


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
        learner = learners.find_guest(guest_token())
        if learner is None and create:
            learner, token = learners.create_guest()
            _set_guest_cookie(token)
    if learner is not None and create:  # a step is being saved: the record is active
        learners.touch(learner)
    g.learner = learner
    return learner


def claim_guest_for(user) -> None:
    """Merge this browser's guest record into `user` and forget the guest cookie."""
    learners.claim_guest(learners.find_guest(guest_token()), user)
    g.pop("learner", None)
    forget_guest()


def forget_guest() -> None:
    name = current_app.config["LEARNER_COOKIE_NAME"]
    if name not in request.cookies:
        return

    @after_this_request
    def _clear(response: Response) -> Response:
        response.delete_cookie(name, samesite="Lax", httponly=True, secure=current_app.config["SESSION_COOKIE_SECURE"])
        return response


def _set_guest_cookie(token: str) -> None:
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


def adopt_guest(learner: Learner) -> None:
    """Make `learner` (a guest record brought over with a resume code) this browser's record."""
    if current_user.is_authenticated:
        learners.claim_guest(learner, current_user._get_current_object())
        g.pop("learner", None)
        return
    here = learners.find_guest(guest_token())
    if here is not None and here.id != learner.id:
        learners.merge_into(here, learner)
    _set_guest_cookie(learners.give_new_token(learner))
    g.learner = learner
