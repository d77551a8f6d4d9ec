"""What this phone answered to the current item, in a cookie of its own: a poll then needs no query.

Every answer a phone's seat makes comes back through a reply that sets this cookie (the fast path's JSON
answer and the plain form), so its absence, or another item in it, means "not answered yet". When an
answer was already stored under another submission, the reply cannot tell the stored choices: it says
"answered, choices unknown" (`?`) and the poll asks the database for that item only.
"""

from __future__ import annotations

import re

from .replies import cookie_header

PREFIX = "answered_"
ID = r"[a-z0-9][a-z0-9_-]*"
VALUE = re.compile(rf"^({ID})=((?:{ID})(?:\.(?:{ID}))*|\?)$")
MAX_AGE = 12 * 3600  # as long as the seat


def cookie_name(code: str) -> str:
    return PREFIX + code


def read(raw: str | None) -> tuple[str, list[str] | None] | None:
    """(item id, its choices, or None when only "answered" is known), or None when nothing is recorded."""
    match = VALUE.match(raw or "")
    if match is None:
        return None
    return match[1], None if match[2] == "?" else match[2].split(".")


def set_cookie_header(code: str, item_id: str, choices: list[str] | None, secure: bool) -> tuple[str, str] | None:
    """The Set-Cookie header recording an answer (choices it cannot write are recorded as unknown)."""
    value = f"{item_id}={'?' if choices is None else '.'.join(choices)}"
    if VALUE.match(value) is None:
        value = f"{item_id}=?"
    if VALUE.match(value) is None:
        return None  # not an item id of this course: nothing to record
    return cookie_header(cookie_name(code), value, MAX_AGE, secure)
