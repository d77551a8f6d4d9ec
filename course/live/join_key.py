"""The join form's CSRF defence, without a Flask session: a key cookie, and a token the form carries for it.

The join page gives a phone's browser a random key (an HttpOnly cookie) and puts the key's HMAC in the
form. Another site can make a browser post the form, but cannot read the cookie or the page, so it cannot
send a token that matches. Being stateless, the same check runs in Flask and on the fast path.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from collections.abc import Mapping

from flask import current_app

from .replies import cookie_header

JOIN_KEY_COOKIE = "join_key"
JOIN_TOKEN_SALT = b"live-join-token|"
KEY_SHAPE = re.compile(r"\A[A-Za-z0-9_-]{22}\Z")  # what new_join_key makes: 16 random bytes, base64url
KEY_LIFETIME_SECONDS = 12 * 3600


def new_join_key() -> str:
    return secrets.token_urlsafe(16)


def join_key_of(cookies: Mapping[str, str]) -> str | None:
    """The key this browser already holds, if it is one we could have issued."""
    key = cookies.get(JOIN_KEY_COOKIE)
    return key if key and KEY_SHAPE.match(key) else None


def join_token(key: str) -> str:
    secret = str(current_app.config["SECRET_KEY"]).encode()
    return hmac.new(secret, JOIN_TOKEN_SALT + key.encode(), hashlib.sha256).hexdigest()


def join_token_matches(key: str | None, offered: str | None) -> bool:
    if not key or not offered:
        return False
    return hmac.compare_digest(join_token(key).encode(), offered.encode("utf-8", "surrogateescape"))


def join_key_header(key: str) -> tuple[str, str]:
    """The Set-Cookie header that gives a browser its key (Secure as the site's other cookies are)."""
    return cookie_header(JOIN_KEY_COOKIE, key, KEY_LIFETIME_SECONDS, current_app.config["SESSION_COOKIE_SECURE"])
