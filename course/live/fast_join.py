"""Joining a room before Flask builds a request: the join page and the join itself, for a phone that has
just scanned the QR code (no Flask session, so nothing on its pages depends on who it is).

Each handler returns None for anything unusual (a phone signed in to the course, a bad token, a spent limit,
a wrong or ended code, a full room, a phone already seated), and Flask's views in room.py answer it instead.
Nothing is written before a handler knows it will answer, so Flask sees such a request untouched.
"""

from __future__ import annotations

import io
import re
import secrets
from urllib.parse import parse_qsl

from flask import current_app
from flask_login import COOKIE_NAME as REMEMBER_COOKIE
from werkzeug.exceptions import SecurityError
from werkzeug.http import parse_cookie
from werkzeug.wsgi import get_host

from ..i18n import language_of
from ..models import LiveStatus
from . import join_limits, joining
from .join_key import join_key_header, join_key_of, join_token, join_token_matches, new_join_key
from .join_pages import ANSWER_MARK, CODE_MARK, NICKNAME_MARK, SUBMISSION_MARK, TOKEN_MARK, JoinPages, nickname_value
from .replies import Reply
from .seats import answer_token, seat_cookie_header, seat_cookie_name
from .service import normalise_code, snapshot

JOIN_PAGE_PATH = re.compile(r"\A/join/([A-Za-z0-9]{4,8})\Z")
MAX_FORM_BYTES = 2048  # a code, a token and a nickname
FORM_TYPE = "application/x-www-form-urlencoded"


def _plain_phone(cookies) -> bool:
    """No Flask session and no remembered sign-in: its pages are the same for every phone."""
    config = current_app.config
    remembered = config.get("REMEMBER_COOKIE_NAME", REMEMBER_COOKIE)
    return config["SESSION_COOKIE_NAME"] not in cookies and remembered not in cookies


def _base_url(environ: dict) -> str | None:
    """This request's own address, or None for a host outside TRUSTED_HOSTS (Flask then refuses it)."""
    try:
        host = get_host(environ, current_app.config.get("TRUSTED_HOSTS") or None)
    except SecurityError:
        return None
    return f"{environ.get('wsgi.url_scheme', 'http')}://{host}"


def join_page(environ: dict, code: str) -> Reply | None:
    cookies, base_url = parse_cookie(environ), _base_url(environ)
    if environ.get("QUERY_STRING") or not _plain_phone(cookies) or base_url is None:
        return None
    language = language_of(cookies, environ.get("HTTP_ACCEPT_LANGUAGE"))
    pages: JoinPages = current_app.extensions["live_join_pages"]
    held = join_key_of(cookies)
    key = held or new_join_key()
    extra = [] if held else [join_key_header(key)]
    return pages.join_form(language, base_url).fill(
        {CODE_MARK: normalise_code(code), TOKEN_MARK: join_token(key)}, extra
    )


def join_post(environ: dict) -> Reply | None:
    cookies, base_url = parse_cookie(environ), _base_url(environ)
    if environ.get("QUERY_STRING") or not _plain_phone(cookies) or base_url is None:
        return None
    if not environ.get("CONTENT_TYPE", "").startswith(FORM_TYPE):
        return None
    form = _read_form(environ)
    key = join_key_of(cookies)
    if form is None or not join_token_matches(key, form.get("csrf_token")):
        return None
    if join_limits.spent(environ.get("REMOTE_ADDR", ""), key):
        return None
    code = normalise_code(form.get("code", ""))
    known = snapshot(code, current_app.config["LIVE_STATE_CACHE_SECONDS"])
    if known is None or known.status == LiveStatus.ENDED or cookies.get(seat_cookie_name(code)):
        return None  # Flask says what is wrong, or shows the phone the seat it already has
    if known.plan_id not in current_app.extensions["course_catalog"].decks:
        return None
    outcome = joining.seat_new_phone(known, form.get("nickname"), current_app.config["LIVE_MAX_SEATS"])
    if outcome is None:
        return None  # full, or ended: nothing was written, and Flask says which
    language = language_of(cookies, environ.get("HTTP_ACCEPT_LANGUAGE"))
    nickname = outcome.nickname
    pages: JoinPages = current_app.extensions["live_join_pages"]
    values = {
        ANSWER_MARK: answer_token(outcome.seat),
        SUBMISSION_MARK: secrets.token_hex(8),
        NICKNAME_MARK: nickname_value(nickname),
    }
    page = pages.room(outcome.session, language, bool(nickname), base_url)
    return page.fill(values, [seat_cookie_header(outcome.session.code, outcome.seat)])


def _read_form(environ: dict) -> dict[str, str] | None:
    """The form's fields (the first of each name, as Flask reads them); None for anything odd. The body is put
    back, so that Flask can read it when it answers instead."""
    try:
        length = int(environ.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return None
    if not 0 < length <= MAX_FORM_BYTES:
        return None
    body = environ["wsgi.input"].read(length)
    environ["wsgi.input"] = io.BytesIO(body)
    try:
        pairs = parse_qsl(body.decode("ascii"), keep_blank_values=True, errors="strict", max_num_fields=10)
    except (UnicodeDecodeError, ValueError):
        return None
    fields: dict[str, str] = {}
    for name, value in pairs:
        fields.setdefault(name, value)
    return fields
