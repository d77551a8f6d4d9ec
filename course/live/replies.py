"""The JSON replies of the live fast path: a status, headers and a body, with the site's security headers."""

from __future__ import annotations

import json
from dataclasses import dataclass

from werkzeug.http import dump_cookie

from ..security import build_csp, fixed_headers

JSON_HEADERS = [
    ("Content-Type", "application/json"),
    ("Cache-Control", "no-store"),  # a reply holds this phone's own answer: no cache may replay it
    ("Vary", "Cookie"),
    *fixed_headers(build_csp()),
]


@dataclass(frozen=True)
class Reply:
    status: int
    headers: list[tuple[str, str]]
    body: bytes


def json_reply(status: int, data: dict) -> Reply:
    return Reply(status, JSON_HEADERS, json.dumps(data).encode())


def cookie_header(name: str, value: str, max_age: int, secure: bool) -> tuple[str, str]:
    """A Set-Cookie header for the room's own cookies: HttpOnly and SameSite=Lax, like every cookie of the site."""
    return ("Set-Cookie", dump_cookie(name, value, max_age=max_age, httponly=True, samesite="Lax", secure=secure))
