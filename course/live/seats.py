"""A phone's seat in a session: a signed cookie, and the answer token the room page carries for it."""

from __future__ import annotations

import hashlib
import hmac

from flask import current_app
from itsdangerous import BadSignature, URLSafeSerializer

from .replies import cookie_header

SEAT_SALT = "live-seat"
ANSWER_TOKEN_SALT = b"live-answer-token|"


def seat_serializer() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt=SEAT_SALT)


SEAT_COOKIE_PREFIX = "seat_"


def seat_cookie_name(code: str) -> str:
    return f"{SEAT_COOKIE_PREFIX}{code}"


def read_seat(raw: str | None) -> tuple[int | None, str | None]:
    """The participant id and token in a signed seat cookie (the signature proves we issued it)."""
    try:
        data = seat_serializer().loads(raw) if raw else None
    except BadSignature:
        data = None
    if not isinstance(data, dict) or not isinstance(data.get("p"), int) or not isinstance(data.get("t"), str):
        return None, None
    return data["p"], data["t"]


def answer_token(seat_raw: str) -> str:
    """The CSRF token for a seat's answers: only a page this site served to that seat knows it.

    Bound to the seat rather than to a Flask session, so an answer is checked without one.
    """
    key = str(current_app.config["SECRET_KEY"]).encode()
    return hmac.new(key, ANSWER_TOKEN_SALT + seat_raw.encode(), hashlib.sha256).hexdigest()


def answer_token_matches(seat_raw: str | None, offered: str | None) -> bool:
    if not seat_raw or not offered:
        return False
    return hmac.compare_digest(answer_token(seat_raw).encode(), offered.encode("utf-8", "surrogateescape"))


SEAT_LIFETIME_SECONDS = 12 * 3600


def seat_cookie_header(code: str, seat_raw: str) -> tuple[str, str]:
    """The Set-Cookie header that gives a phone its seat (Secure as the site's other cookies are)."""
    return cookie_header(
        seat_cookie_name(code), seat_raw, SEAT_LIFETIME_SECONDS, current_app.config["SESSION_COOKIE_SECURE"]
    )
