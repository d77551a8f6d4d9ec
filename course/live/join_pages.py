"""The join page and a new seat's room page, drawn by Flask once and then filled in for each phone.

When a room scans the QR code together, a few hundred phones ask for the same two pages within seconds.
Flask draws each page once per language (the room page once per state of the room too), with marks where
a phone's own values go; a phone's reply is that page with the marks replaced. The page is therefore the
one Flask serves, headers included, and costs a few string joins instead of a template render.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from flask import Flask, Response
from markupsafe import escape

from ..i18n import LANGUAGE_COOKIE
from ..models import LiveSession
from ..security import mark_personal
from .join_key import JOIN_KEY_COOKIE, join_token
from .replies import Reply

CODE_MARK = "QZXJVKWQ"  # as a join code looks (normalise_code keeps it), and nowhere in the course's words
KEY_MARK = "JoinKeyMarkJoinKeyMark"  # shaped like a join key, so the view takes it as one
TOKEN_MARK, ANSWER_MARK, SUBMISSION_MARK, NICKNAME_MARK = "zqJoinTokenqz", "zqAnswerqz", "zqSubmissionqz", "zqNickqz"
LEFT_OUT_HEADERS = {"set-cookie", "content-length", "x-request-id"}  # per reply: the fast path adds its own


@dataclass(frozen=True)
class FilledPage:
    """A drawn page cut at its marks: the odd parts name the value to put there."""

    status: int
    headers: list[tuple[str, str]]
    parts: tuple[str, ...]

    def fill(self, values: dict[str, str], extra_headers: list[tuple[str, str]]) -> Reply:
        body = "".join(values[part] if n % 2 else part for n, part in enumerate(self.parts))
        return Reply(self.status, [*self.headers, *extra_headers], body.encode())


def cut(response: Response, marks: tuple[str, ...], required: tuple[str, ...]) -> FilledPage:
    page = response.get_data(as_text=True)
    missing = [mark for mark in required if mark not in page]
    if missing:
        raise LookupError(f"the page drawn has no place for {missing}")
    parts = tuple(re.split("(" + "|".join(map(re.escape, marks)) + ")", page))
    headers = [(name, value) for name, value in response.headers.items() if name.lower() not in LEFT_OUT_HEADERS]
    return FilledPage(response.status_code, headers, parts)


class JoinPages:
    """Each worker's drawn pages, per language (and per room state, for the room page)."""

    def __init__(self, app: Flask):
        self.app = app
        self._pages: dict[tuple, FilledPage] = {}

    def _cached(self, key: tuple, draw: Callable[[], FilledPage]) -> FilledPage:
        page = self._pages.get(key)
        if page is None:
            if len(self._pages) > 1_000:  # a room's state changes a few dozen times a session
                self._pages.clear()
            page = self._pages[key] = draw()
        return page

    def join_form(self, language: str, base_url: str) -> FilledPage:
        return self._cached(("join", language, base_url), lambda: self._draw_join_form(language, base_url))

    def room(self, session: LiveSession, language: str, named: bool, base_url: str) -> FilledPage:
        key = ("room", session.code, session.version, language, named, base_url)
        return self._cached(key, lambda: self._draw_room(session, language, named, base_url))

    def _draw_join_form(self, language: str, base_url: str) -> FilledPage:
        """The join form exactly as Flask's view serves it, to a browser holding the mark key."""
        cookies = f"{LANGUAGE_COOKIE}={language}; {JOIN_KEY_COOKIE}={KEY_MARK}"
        with self.app.test_request_context(f"/join/{CODE_MARK}", base_url, headers={"Cookie": cookies}):
            response = self.app.full_dispatch_request()
            token = join_token(KEY_MARK)
            response.set_data(response.get_data(as_text=True).replace(token, TOKEN_MARK))
            return cut(response, (CODE_MARK, TOKEN_MARK), required=(CODE_MARK, TOKEN_MARK))

    def _draw_room(self, session: LiveSession, language: str, named: bool, base_url: str) -> FilledPage:
        """The room as Flask's join view draws it for a new seat (nothing chosen yet)."""
        from .room import room_page  # the view module imports this one

        cookies = {"Cookie": f"{LANGUAGE_COOKIE}={language}"}
        with self.app.test_request_context("/join", base_url, method="POST", headers=cookies):
            self.app.preprocess_request()
            mark_personal()  # as the join view is
            nickname = NICKNAME_MARK if named else None
            page = room_page(session, None, nickname, ANSWER_MARK, SUBMISSION_MARK)
            response = self.app.process_response(self.app.make_response(page))
            required = (ANSWER_MARK, NICKNAME_MARK) if named else (ANSWER_MARK,)
            return cut(response, (ANSWER_MARK, SUBMISSION_MARK, NICKNAME_MARK), required)


def nickname_value(nickname: str | None) -> str:
    return str(escape(nickname or ""))
